import { ApiKeyRole } from './api-key-role';

/** A person who signed in with single sign-on. */
export class UserDto {
  id!: string;
  /** The email claim (or preferred_username, or the subject when the provider sends neither). */
  email!: string | null;
  name!: string;
  /** The role computed at the last sign-in. */
  role!: ApiKeyRole;
  createdAt!: string;
  lastSignInAt!: string;
  /** Sessions that have not expired. */
  activeSessions!: number;
}

export class UserListDto {
  items!: UserDto[];
  total!: number;
}

export class EndedSessionsDto {
  /** How many sessions were ended. */
  ended!: number;
}
