import { Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { AppConfigService } from '../../config/app-config.service';
import { AuditService } from '../audit/audit.service';
import { JobQueue } from '../jobs/job-queue.service';
import { SessionsStore } from './sessions.store';
import { ActiveSession, UserRecord, UserUpsert, UserWithSessions } from './sessions.types';

/** The session cookie. `__Host-`: Secure, Path=/, no Domain, so no sibling subdomain can set or read it. */
export const SESSION_COOKIE = '__Host-session';

/** Deletes expired sessions: once per SESSION_TTL (at most hourly) across every worker process, and soon after start-up. */
export const SESSION_CLEANUP_QUEUE = 'sso-session-cleanup';
const CLEANUP_INTERVAL_MAX_MS = 60 * 60 * 1000;

function hashOf(sessionId: string): Buffer {
  return createHash('sha256').update(sessionId, 'utf8').digest();
}

/** Server-side sessions of people signed in with single sign-on. */
@Injectable()
export class SessionsService implements OnModuleInit {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    private readonly store: SessionsStore,
    private readonly config: AppConfigService,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
  ) {}

  /** An expired session no longer signs anyone in (findActive checks the time); this job removes its row. */
  onModuleInit(): void {
    this.jobs.work(SESSION_CLEANUP_QUEUE, async () => {
      const deleted = await this.deleteExpired();
      if (deleted > 0) this.logger.log(`Deleted ${deleted} expired sessions.`);
    });
    this.jobs.every(SESSION_CLEANUP_QUEUE, Math.min(this.config.get('SESSION_TTL'), CLEANUP_INTERVAL_MAX_MS));
  }

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
    return this.audit.transaction((manager) => this.store.deleteUserSessions(userId, manager));
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
