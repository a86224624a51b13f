import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, Router } from '@angular/router';
import type { MeDto } from '@stress/contracts';
import { AuthStore } from '../../core/auth/auth-store';
import { RuntimeConfig } from '../../core/config/runtime-config';
import { DisplayedError, toDisplayedError } from '../../core/http/api-error';

/** Only same-app paths: `next` must never send a signed-in user to another site. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/signin')) return '/';
  return next;
}

/** A sign-in link that would replace the current sign-in: it waits for an explicit choice. */
interface PendingSwitch {
  key: string;
  linked: MeDto;
  current: MeDto;
  next: string | null;
}

@Component({
  selector: 'sam-signin-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatInputModule, MatProgressBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './signin-page.html',
  styleUrl: './signin-page.scss',
})
export class SigninPage implements OnInit {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly config = inject(RuntimeConfig);

  /** "Sign in with <provider>" when the API does single sign-on. */
  protected readonly ssoProviderName = this.config.ssoProviderName;
  /** The pasted-key form, unless AUTH_API_KEY_SIGNIN is off. */
  protected readonly apiKeySignIn = this.config.apiKeySignIn;
  /** Back from the provider's sign-out page. */
  protected readonly signedOut = signal(false);

  /** The API's /auth/login, which returns to `next` (a same-app path) after the provider signs the person in. */
  protected ssoLoginUrl(): string {
    const next = safeNextPath(this.route.snapshot.queryParamMap.get('next'));
    return this.config.apiUrl(`/auth/login?next=${encodeURIComponent(next)}`);
  }

  protected readonly form = new FormGroup({
    key: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<DisplayedError | null>(null);
  protected readonly pendingSwitch = signal<PendingSwitch | null>(null);

  ngOnInit(): void {
    this.signedOut.set(this.route.snapshot.queryParamMap.get('signedOut') === '1');
    // `/signin#key=<key>&next=<path>`: the key rides in the fragment, which browsers never
    // send to a server; remove it from the address bar and history at once.
    const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    const linkKey = fragment.get('key');
    if (linkKey) {
      history.replaceState(history.state, '', window.location.pathname + window.location.search);
      void this.followLink(linkKey.trim(), fragment.get('next'));
    }
  }

  /**
   * A link never signs in silently over another identity (login CSRF: a crafted link would
   * otherwise put the visitor's work under an attacker's key). With someone signed in, it asks.
   */
  private async followLink(key: string, next: string | null): Promise<void> {
    const currentKey = this.auth.key();
    if (currentKey === key) {
      await this.router.navigateByUrl(safeNextPath(next));
      return;
    }
    // restore() signs out when the stored key stopped working: then nobody is signed in.
    if (currentKey === null || !(await this.auth.restore())) {
      await this.submit(key, next);
      return;
    }
    const current = this.auth.me();
    if (current === null) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const linked = await this.auth.identify(key);
      this.pendingSwitch.set({ key, linked, current, next });
    } catch (error) {
      const shown = toDisplayedError(error);
      const stillSignedIn = `You are still signed in as ${current.name}.`;
      this.error.set(
        shown.status === 401
          ? { ...shown, message: `The sign-in link's key is not valid (unknown or revoked). ${stillSignedIn}` }
          : { ...shown, message: `${shown.message} ${stillSignedIn}` },
      );
    } finally {
      this.busy.set(false);
    }
  }

  protected async confirmSwitch(): Promise<void> {
    const pending = this.pendingSwitch();
    if (pending === null) return;
    this.auth.adopt(pending.key, pending.linked);
    this.pendingSwitch.set(null);
    await this.router.navigateByUrl(safeNextPath(pending.next));
  }

  protected async staySignedIn(): Promise<void> {
    const pending = this.pendingSwitch();
    if (pending === null) return;
    this.pendingSwitch.set(null);
    await this.router.navigateByUrl(safeNextPath(pending.next));
  }

  protected onSubmit(): void {
    if (this.form.invalid) return;
    void this.submit(this.form.controls.key.value, this.route.snapshot.queryParamMap.get('next'));
  }

  private async submit(key: string, next: string | null): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.auth.signIn(key);
      await this.router.navigateByUrl(safeNextPath(next));
    } catch (error) {
      const shown = toDisplayedError(error);
      this.error.set(shown.status === 401 ? { ...shown, message: 'This key is not valid (unknown or revoked).' } : shown);
    } finally {
      this.busy.set(false);
    }
  }
}
