import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiKeyRole, type MeDto, roleAllows } from '@stress/contracts';
import { RuntimeConfig } from '../config/runtime-config';

const STORAGE_KEY = 'sam.apiKey';

/**
 * The signed-in API key and who it is. The key lives in sessionStorage: it
 * survives reloads of the tab, not the browser session.
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
  readonly signedIn = computed(() => this.keySignal() !== null);

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

  /** Loads who the stored key is (after a reload). Signs out when the key no longer works. */
  async restore(): Promise<boolean> {
    const key = this.keySignal();
    if (key === null) return false;
    if (this.meSignal() !== null) return true;
    try {
      await this.signIn(key);
      return true;
    } catch {
      this.signOut();
      return false;
    }
  }

  signOut(): void {
    sessionStorage.removeItem(STORAGE_KEY);
    this.keySignal.set(null);
    this.meSignal.set(null);
  }
}

function readStoredKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
