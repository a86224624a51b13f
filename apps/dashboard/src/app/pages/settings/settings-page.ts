import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked, viewChild } from '@angular/core';
import { FormControl, FormGroup, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { API_KEY_ROLES, ApiKeyRole, type ApiKeyDto, type CreatedApiKeyDto } from '@stress/contracts';
import { firstValueFrom } from 'rxjs';
import { ApiKeysApi } from '../../api/api-keys-api';
import { AuthStore } from '../../core/auth/auth-store';
import { RuntimeConfig } from '../../core/config/runtime-config';
import { DisplayedError, toDisplayedError } from '../../core/http/api-error';
import { roleGate } from '../../shared/auth/role-gate';
import { confirmAction } from '../../shared/ui/confirm-dialog';
import { CopyButton } from '../../shared/ui/copy-button';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';

/** What each role may do, as the role picker explains it. */
export const ROLE_DESCRIPTIONS: Record<ApiKeyRole, string> = {
  [ApiKeyRole.Viewer]: 'reads everything',
  [ApiKeyRole.Editor]: 'also writes models, metrics, datasets and reports',
  [ApiKeyRole.Admin]: 'also manages keys and deletes',
};

/** The base URL other teams call: the configured API origin, or this page's origin. */
export function apiBaseUrl(configured: string, origin: string): string {
  return configured === '' ? origin : configured;
}

export function curlExample(baseUrl: string): string {
  return `curl -H "Authorization: Bearer $SAM_API_KEY" ${baseUrl}/api/v1/models`;
}

@Component({
  selector: 'sam-settings-page',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatTableModule,
    CopyButton,
    EmptyState,
    ErrorState,
    LoadingState,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './settings-page.html',
  styleUrl: './settings-page.scss',
})
export class SettingsPage {
  private readonly api = inject(ApiKeysApi);
  private readonly dialog = inject(MatDialog);
  protected readonly auth = inject(AuthStore);
  protected readonly adminGate = roleGate(ApiKeyRole.Admin);

  protected readonly roles = API_KEY_ROLES;
  protected readonly roleDescriptions = ROLE_DESCRIPTIONS;
  protected readonly columns = ['name', 'role', 'prefix', 'createdAt', 'lastUsedAt', 'actions'];

  protected readonly keys = signal<ApiKeyDto[] | null>(null);
  protected readonly listError = signal<DisplayedError | null>(null);
  protected readonly created = signal<CreatedApiKeyDto | null>(null);
  protected readonly createError = signal<DisplayedError | null>(null);
  protected readonly revokeError = signal<DisplayedError | null>(null);
  protected readonly creating = signal(false);
  protected readonly revoking = signal<string | null>(null);

  protected readonly form = new FormGroup({
    name: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(100), Validators.pattern(/\S/)],
    }),
    role: new FormControl<ApiKeyRole>(ApiKeyRole.Viewer, { nonNullable: true, validators: [Validators.required] }),
  });

  /** Resetting through the directive also clears "submitted", so the empty name is not shown as an error. */
  private readonly formDirective = viewChild(FormGroupDirective);

  protected readonly baseUrl = apiBaseUrl(inject(RuntimeConfig).apiUrl(''), location.origin);
  protected readonly docsUrl = `${this.baseUrl}/api/docs`;
  protected readonly openApiUrl = `${this.baseUrl}/api/docs-json`;
  protected readonly curl = curlExample(this.baseUrl);
  protected readonly signInLink = computed(() => {
    const key = this.created()?.key;
    return key ? `${location.origin}/signin#key=${encodeURIComponent(key)}` : '';
  });

  constructor() {
    // Keys are listed for admins only; the role is known once /auth/me answered.
    effect(() => {
      if (this.adminGate.allowed()) untracked(() => void this.load());
    });
  }

  protected async load(): Promise<void> {
    this.listError.set(null);
    try {
      const list = await firstValueFrom(this.api.list());
      this.keys.set(list.items);
    } catch (error) {
      this.listError.set(toDisplayedError(error));
    }
  }

  protected async create(): Promise<void> {
    if (this.form.invalid || this.creating()) return;
    this.creating.set(true);
    this.createError.set(null);
    this.created.set(null);
    try {
      const { name, role } = this.form.getRawValue();
      const created = await firstValueFrom(this.api.create({ name: name.trim(), role }));
      this.created.set(created);
      const reset = { name: '', role: ApiKeyRole.Viewer };
      const directive = this.formDirective();
      if (directive) directive.resetForm(reset);
      else this.form.reset(reset);
      const listed: ApiKeyDto = {
        id: created.id,
        name: created.name,
        role: created.role,
        prefix: created.prefix,
        createdAt: created.createdAt,
        lastUsedAt: null,
      };
      this.keys.update((keys) => [...(keys ?? []), listed]);
    } catch (error) {
      this.createError.set(toDisplayedError(error));
    } finally {
      this.creating.set(false);
    }
  }

  protected async revoke(key: ApiKeyDto): Promise<void> {
    const confirmed = await confirmAction(this.dialog, {
      title: `Revoke "${key.name}"?`,
      message: `The key ${key.prefix}… (${key.role}) stops working at once. Services using it get 401 until they have a new key. This cannot be undone.`,
      confirmLabel: 'Revoke',
      destructive: true,
    });
    if (!confirmed) return;
    this.revoking.set(key.id);
    this.revokeError.set(null);
    try {
      await firstValueFrom(this.api.revoke(key.id));
      this.keys.update((keys) => keys?.filter((item) => item.id !== key.id) ?? null);
      if (this.created()?.id === key.id) this.created.set(null);
    } catch (error) {
      this.revokeError.set(toDisplayedError(error));
    } finally {
      this.revoking.set(null);
    }
  }
}
