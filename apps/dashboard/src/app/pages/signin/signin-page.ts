import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, Router } from '@angular/router';
import { AuthStore } from '../../core/auth/auth-store';
import { DisplayedError, toDisplayedError } from '../../core/http/api-error';

/** Only same-app paths: `next` must never send a signed-in user to another site. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/signin')) return '/';
  return next;
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

  protected readonly form = new FormGroup({
    key: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<DisplayedError | null>(null);

  ngOnInit(): void {
    // `/signin#key=<key>&next=<path>`: the key rides in the fragment, which browsers never
    // send to a server; remove it from the address bar and history at once.
    const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    const linkKey = fragment.get('key');
    if (linkKey) {
      history.replaceState(history.state, '', window.location.pathname + window.location.search);
      void this.submit(linkKey, fragment.get('next'));
    }
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
