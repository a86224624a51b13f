import { ApiKeyRole } from '@stress/contracts';

/** A person who signed in with single sign-on (a `users` row). */
export interface UserRecord {
  id: string;
  issuer: string;
  subject: string;
  email: string | null;
  name: string;
  role: ApiKeyRole;
  createdAt: Date;
  lastSignInAt: Date;
}

export interface UserWithSessions extends UserRecord {
  activeSessions: number;
}

/** A live session with its person, as the guard needs it. */
export interface ActiveSession {
  user: UserRecord;
  csrfToken: string;
  idToken: string | null;
  expiresAt: Date;
}

export interface UserUpsert {
  issuer: string;
  subject: string;
  email: string;
  name: string;
  role: ApiKeyRole;
}
