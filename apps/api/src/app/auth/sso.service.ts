import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AppConfigService } from '../../config/app-config.service';
import { AuditService } from '../audit/audit.service';
import type { OidcProtocol, PendingLogin } from './oidc-protocol';
import { OIDC_PROTOCOL } from './oidc-protocol';
import { SessionsService } from './sessions.service';
import { identityFromClaims, roleFromClaims, safeNextPath } from './sso-claims';

/** Binds state, nonce and PKCE verifier to the browser that started the sign-in (10 minutes, HttpOnly). */
export const LOGIN_COOKIE = '__Host-sso-login';
export const LOGIN_COOKIE_MAX_AGE_S = 600;

interface LoginCookie extends PendingLogin {
  next: string;
}

/** The actor of a failed sign-in: nobody was identified (an unverified token names nobody). */
export const UNKNOWN_ACTOR = '(unknown)';

export type CallbackOutcome =
  | { kind: 'signed-in'; sessionId: string; expiresAt: Date; next: string }
  | { kind: 'refused'; email: string }
  | { kind: 'failed'; reason: string };

/** The OpenID Connect authorization-code flow with PKCE; the API is the client, the browser gets only a session cookie. */
@Injectable()
export class SsoService {
  private readonly logger = new Logger(SsoService.name);

  constructor(
    private readonly config: AppConfigService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    @Optional() @Inject(OIDC_PROTOCOL) private readonly protocol: OidcProtocol | null,
  ) {}

  get enabled(): boolean {
    return this.protocol !== null && this.config.get('OIDC_ISSUER_URL') !== undefined;
  }

  get publicUrl(): string {
    return (this.config.get('PUBLIC_URL') ?? '').replace(/\/+$/, '');
  }

  async startLogin(next: unknown): Promise<{ redirectUrl: string; loginCookie: string }> {
    const { url, pending } = await this.requireProtocol().startLogin();
    const cookie: LoginCookie = { ...pending, next: safeNextPath(next) };
    return { redirectUrl: url, loginCookie: Buffer.from(JSON.stringify(cookie)).toString('base64url') };
  }

  async finishLogin(query: string, loginCookie: string | undefined, requestId: string): Promise<CallbackOutcome> {
    const pending = this.parseLoginCookie(loginCookie);
    if (!pending) return this.failed('The sign-in expired or was started in another browser.', 'no-login-cookie', requestId);
    let completed;
    try {
      completed = await this.requireProtocol().finishLogin(new URL(`${this.publicUrl}/auth/callback${query}`), pending);
    } catch (error) {
      this.logger.warn(`Sign-in failed (request ${requestId}): ${(error as Error).message}`);
      return this.failed('The identity provider’s answer could not be verified.', 'not-verified', requestId);
    }
    const identity = identityFromClaims(completed.claims, {
      email: this.config.get('OIDC_EMAIL_CLAIM'),
      name: this.config.get('OIDC_NAME_CLAIM'),
    });
    if (!identity) return this.failed('The identity provider sent no subject.', 'no-subject', requestId);
    const role = roleFromClaims(completed.claims, {
      expression: this.config.get('OIDC_ROLE_ATTRIBUTE_PATH'),
      strict: this.config.get('OIDC_ROLE_STRICT'),
    });
    const base = { actor: identity.email, via: 'sso' as const, method: 'GET', route: '/auth/callback', requestId };
    if (role === null) {
      await this.audit.record({ ...base, action: 'sign-in-refused', resourceId: identity.subject, status: 403 });
      return { kind: 'refused', email: identity.email };
    }
    const issuer = String(completed.claims['iss'] ?? this.config.get('OIDC_ISSUER_URL'));
    const user = await this.sessions.upsertUser({ issuer, subject: identity.subject, email: identity.email, name: identity.name, role });
    const session = await this.sessions.create(user, completed.idToken);
    await this.audit.record({ ...base, action: 'sign-in', resourceId: user.id, status: 302 });
    return { kind: 'signed-in', sessionId: session.sessionId, expiresAt: session.expiresAt, next: pending.next };
  }

  /** Ends the session; returns where to send the browser (the provider's end-session endpoint when it has one). */
  async logout(sessionId: string | undefined, requestId: string): Promise<string> {
    const ended = sessionId ? await this.sessions.end(sessionId) : null;
    const signedOut = `${this.publicUrl}/signin?signedOut=1`;
    if (!ended) return signedOut;
    const user = await this.sessions.findUser(ended.userId);
    await this.audit.record({
      actor: user?.email ?? user?.name ?? ended.userId,
      via: 'sso',
      action: 'sign-out',
      method: 'POST',
      route: '/auth/logout',
      resourceId: ended.userId,
      status: 303,
      requestId,
    });
    try {
      return (await this.requireProtocol().endSessionUrl(ended.idToken, signedOut)) ?? signedOut;
    } catch (error) {
      this.logger.warn(`Could not reach the identity provider for its logout: ${(error as Error).message}`);
      return signedOut;
    }
  }

  /** A callback that signs nobody in is recorded as a refused sign-in (`resourceId` says why), then shown as a page. */
  private async failed(reason: string, cause: string, requestId: string): Promise<CallbackOutcome> {
    await this.audit.record({
      actor: UNKNOWN_ACTOR,
      via: 'sso',
      action: 'sign-in-failed',
      method: 'GET',
      route: '/auth/callback',
      resourceId: cause,
      status: 400,
      requestId,
    });
    return { kind: 'failed', reason };
  }

  private requireProtocol(): OidcProtocol {
    if (!this.protocol) throw new Error('Single sign-on is not configured (OIDC_ISSUER_URL)');
    return this.protocol;
  }

  private parseLoginCookie(value: string | undefined): LoginCookie | null {
    if (!value || value.length > 4000) return null;
    try {
      const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<Record<keyof LoginCookie, unknown>>;
      const { state, nonce, verifier, next } = parsed;
      const present = (field: unknown): field is string => typeof field === 'string' && field.length > 0;
      if (!present(state) || !present(nonce) || !present(verifier) || !present(next)) return null;
      return { state, nonce, verifier, next: safeNextPath(next) };
    } catch {
      return null;
    }
  }
}
