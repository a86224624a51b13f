/** How an answer was produced. */
export enum ChatMode {
  /** A language model called the monitoring tools and wrote the answer from their results. */
  Llm = 'llm',
  /** Intent and entity rules called the same tools; used without OPENAI_API_KEY or when the LLM failed. */
  Rules = 'rules',
}

/** Who wrote a stored message. */
export enum ChatRole {
  User = 'user',
  Assistant = 'assistant',
}

/** Limits of a chat message, shared so the dashboard can check before sending. */
export const CHAT_MESSAGE_MIN_LENGTH = 1;
export const CHAT_MESSAGE_MAX_LENGTH = 2000;

/** Routes of the assistant under `/api/v1`. */
export const CHAT_ROUTES = {
  chat: '/api/v1/chat',
  stream: '/api/v1/chat/stream',
  conversations: '/api/v1/chat/conversations',
  conversation: (id: string) => `/api/v1/chat/conversations/${encodeURIComponent(id)}`,
} as const;
