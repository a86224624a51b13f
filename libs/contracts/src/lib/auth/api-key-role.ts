/** What a key may do. Each role includes the ones before it. */
export enum ApiKeyRole {
  /** Read everything. */
  Viewer = 'viewer',
  /** Read, and write data: models, metrics, datasets, reports. */
  Editor = 'editor',
  /** Everything, including API keys and deletions. */
  Admin = 'admin',
}

export const API_KEY_ROLES: readonly ApiKeyRole[] = [ApiKeyRole.Viewer, ApiKeyRole.Editor, ApiKeyRole.Admin];

/** True when `held` is at least `required`. */
export function roleAllows(held: ApiKeyRole, required: ApiKeyRole): boolean {
  return API_KEY_ROLES.indexOf(held) >= API_KEY_ROLES.indexOf(required);
}
