import { Injectable, NotFoundException } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { AppConfigService } from '../../config/app-config.service';
import { SessionsStore } from './sessions.store';
import { ActiveSession, UserRecord, UserUpsert, UserWithSessions } from './sessions.types';

/** The session cookie. `__Host-`: Secure, Path=/, no Domain, so no sibling subdomain can set or read it. */
export const SESSION_COOKIE = '__Host-session';

function hashOf(sessionId: string): Buffer {
  return createHash('sha256').update(sessionId, 'utf8').digest();
}

/** Server-side sessions of people signed in with single sign-on. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly store: SessionsStore,
    private readonly config: AppConfigService,
  ) {}

  upsertUser(user: UserUpsert): Promise<UserRecord> {
    return this.store.upsertUser(user);
  }

  /** A new session: the cookie value (32 random bytes) and its CSRF token; only the value's hash is stored. */
  async create(user: UserRecord, idToken: string | null): Promise<{ sessionId: string; expiresAt: Date }> {
    const sessionId = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.get('SESSION_TTL'));
    await this.store.insertSession(hashOf(sessionId), user.id, csrfToken, idToken, expiresAt);
    return { sessionId, expiresAt };
  }

  /** The live session behind a cookie value, or null (unknown, ended or expired). */
  resolve(sessionId: string): Promise<ActiveSession | null> {
    if (sessionId.length < 16 || sessionId.length > 100) return Promise.resolve(null);
    return this.store.findActive(hashOf(sessionId));
  }

  end(sessionId: string): Promise<{ idToken: string | null; userId: string } | null> {
    return this.store.deleteSession(hashOf(sessionId));
  }

  async endUserSessions(userId: string): Promise<number> {
    if (!(await this.store.findUser(userId))) {
      throw new NotFoundException(`User ${userId} not found. List people who signed in with GET /api/v1/users.`);
    }
    return this.store.deleteUserSessions(userId);
  }

  findUser(id: string): Promise<UserRecord | null> {
    return this.store.findUser(id);
  }

  listUsers(limit: number, offset: number): Promise<{ items: UserWithSessions[]; total: number }> {
    return this.store.listUsers(limit, offset);
  }

  deleteExpired(): Promise<number> {
    return this.store.deleteExpired();
  }
}
