/** class-transformer: a blank query value (`?model=`) means the filter is absent; other text is trimmed. */
export const emptyToUndefined = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};
