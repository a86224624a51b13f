import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiKeyRole, type MeDto, roleAllows } from '@stress/contracts';
import { RuntimeConfig } from '../config/runtime-config';

const STORAGE_KEY = 'sam.apiKey';

/**
 * Who is signed in: a pasted API key, or a person signed in with single sign-on. The key lives in
 * sessionStorage (it survives reloads of the tab, not the browser session); a single-sign-on session lives
 * in an HttpOnly cookie the dashboard never sees: only its CSRF token (from GET /api/v1/auth/me) is kept, in memory.
 */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly http = inject(HttpClient);
  private readonly config = inject(RuntimeConfig);
  private readonly keySignal = signal<string | null>(readStoredKey());
  private readonly meSignal = signal<MeDto | null>(null);

  readonly key = this.keySignal.asReadonly();
  readonly me = this.meSignal.asReadonly();
  readonly role = computed(() => this.meSignal()?.role ?? null);
  /** True for a single-sign-on session (cookie), false for a pasted key. */
  readonly viaSession = computed(() => this.keySignal() === null && this.meSignal()?.via === 'sso');
  readonly signedIn = computed(() => this.keySignal() !== null || this.viaSession());
  /** What cookie-authenticated writes send as X-CSRF-Token. */
  readonly csrfToken = computed(() => (this.viaSession() ? (this.meSignal()?.csrfToken ?? null) : null));

  /** True when the signed-in key may do what `role` allows. */
  can(role: ApiKeyRole): boolean {
    const held = this.role();
    return held !== null && roleAllows(held, role);
  }

  /** Checks the key against the API; stores it only when it works. */
  async signIn(key: string): Promise<MeDto> {
    const trimmed = key.trim();
    const me = await this.identify(trimmed);
    this.adopt(trimmed, me);
    return me;
  }

  /** Who `key` is, asked of the API with that key; stores nothing. */
  identify(key: string): Promise<MeDto> {
    return firstValueFrom(
      this.http.get<MeDto>(this.config.apiUrl('/api/v1/auth/me'), {
        headers: { Authorization: `Bearer ${key.trim()}` },
      }),
    );
  }

  /** Makes an already checked key (see `identify`) the signed-in one. */
  adopt(key: string, me: MeDto): void {
    const trimmed = key.trim();
    sessionStorage.setItem(STORAGE_KEY, trimmed);
    this.keySignal.set(trimmed);
    this.meSignal.set(me);
  }

  /**
   * Loads who the stored key is (after a reload). Signs out when the key no longer works. Without a key,
   * and with single sign-on configured, asks the API whether the session cookie is signed in.
   */
  async restore(): Promise<boolean> {
    const key = this.keySignal();
    if (key === null) return this.restoreSession();
    if (this.meSignal() !== null) return true;
    try {
      await this.signIn(key);
      return true;
    } catch {
      this.signOut();
      return false;
    }
  }

  private async restoreSession(): Promise<boolean> {
    if (this.meSignal()?.via === 'sso') return true;
    if (this.config.ssoProviderName() === null) return false;
    try {
      const me = await firstValueFrom(this.http.get<MeDto>(this.config.apiUrl('/api/v1/auth/me'), { withCredentials: true }));
      if (me.via !== 'sso') return false;
      this.meSignal.set(me);
      return true;
    } catch {
      return false;
    }
  }

  /** Forgets who is signed in here (the session, if any, was ended or expired on the server). */
  forget(): void {
    sessionStorage.removeItem(STORAGE_KEY);
    this.keySignal.set(null);
    this.meSignal.set(null);
  }

  /**
   * Signs out. A single-sign-on session is ended on the server: the browser posts /auth/logout, which
   * clears the cookie and continues to the identity provider's sign-out (a full page navigation).
   */
  signOut(): void {
    const session = this.viaSession();
    this.forget();
    if (session) submitLogout(this.config.apiUrl('/auth/logout'));
  }
}

function readStoredKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** A plain form POST, so the browser follows the API's redirect to the provider's sign-out page. */
function submitLogout(action: string): void {
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = action;
  form.style.display = 'none';
  document.body.appendChild(form);
  form.submit();
}
