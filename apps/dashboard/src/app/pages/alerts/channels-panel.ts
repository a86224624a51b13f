import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import {
  ApiKeyRole,
  NOTIFICATION_CHANNEL_TYPES,
  NotificationChannelType,
  type CreateNotificationChannelDto,
  type NotificationChannelDto,
  type NotificationTestResultDto,
} from '@stress/contracts';
import { firstValueFrom } from 'rxjs';
import { AlertingApi } from '../../api/alerting-api';
import { DisplayedError, displayedErrorOf, toDisplayedError } from '../../core/http/api-error';
import { roleGate } from '../../shared/auth/role-gate';
import { confirmAction } from '../../shared/ui/confirm-dialog';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';

/** A test message's outcome in words. */
export function testOutcomeText(result: NotificationTestResultDto): string {
  const status = result.status === null ? '' : ` (HTTP ${result.status})`;
  return result.ok ? `Test sent${status}.` : `Test failed${status}: ${result.error ?? 'no reason given'}`;
}

/** Email recipients typed as "a@x.org, b@y.org". */
export function splitRecipients(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Notification channels: everyone reads the list (secrets masked by the API); admins create, test and delete. */
@Component({
  selector: 'sam-channels-panel',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, EmptyState, ErrorState, LoadingState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './channels-panel.html',
  styleUrl: './panels.scss',
})
export class ChannelsPanel {
  private readonly api = inject(AlertingApi);
  private readonly dialog = inject(MatDialog);
  protected readonly adminGate = roleGate(ApiKeyRole.Admin);
  protected readonly types = NOTIFICATION_CHANNEL_TYPES;

  protected readonly channels = rxResource({ stream: () => this.api.channels() });
  protected readonly listError = computed(() => displayedErrorOf(this.channels));

  readonly name = signal('');
  readonly type = signal<NotificationChannelType>(NotificationChannelType.Webhook);
  readonly url = signal('');
  readonly secret = signal('');
  readonly to = signal('');
  protected readonly creating = signal(false);
  protected readonly createError = signal<DisplayedError | null>(null);
  protected readonly deleteError = signal<DisplayedError | null>(null);
  protected readonly busy = signal<string | null>(null);
  /** The last test's outcome per channel id. */
  protected readonly outcomes = signal<Record<string, { ok: boolean; text: string }>>({});

  readonly formProblem = computed(() => {
    if (this.name().trim() === '') return 'Name the channel.';
    if (this.type() === NotificationChannelType.Email)
      return splitRecipients(this.to()).length === 0 ? 'Enter at least one recipient.' : null;
    if (!/^https?:\/\/\S+$/.test(this.url().trim())) return 'Enter an http(s) URL.';
    const secret = this.secret();
    if (this.type() === NotificationChannelType.Webhook && secret !== '' && secret.length < 16)
      return 'A secret needs at least 16 characters.';
    return null;
  });

  protected target(channel: NotificationChannelDto): string {
    return channel.type === NotificationChannelType.Email ? channel.to.join(', ') : (channel.url ?? '');
  }

  async create(): Promise<void> {
    if (this.formProblem() !== null || this.creating()) return;
    const type = this.type();
    const body: CreateNotificationChannelDto =
      type === NotificationChannelType.Email
        ? { name: this.name().trim(), type, to: splitRecipients(this.to()) }
        : {
            name: this.name().trim(),
            type,
            url: this.url().trim(),
            ...(type === NotificationChannelType.Webhook && this.secret() ? { secret: this.secret() } : {}),
          };
    this.creating.set(true);
    this.createError.set(null);
    try {
      await firstValueFrom(this.api.createChannel(body));
      this.name.set('');
      this.url.set('');
      this.secret.set('');
      this.to.set('');
      this.channels.reload();
    } catch (error) {
      this.createError.set(toDisplayedError(error));
    } finally {
      this.creating.set(false);
    }
  }

  async test(channel: NotificationChannelDto): Promise<void> {
    this.busy.set(channel.id);
    try {
      const result = await firstValueFrom(this.api.testChannel(channel.id));
      this.outcomes.update((outcomes) => ({ ...outcomes, [channel.id]: { ok: result.ok, text: testOutcomeText(result) } }));
    } catch (error) {
      const problem = toDisplayedError(error);
      this.outcomes.update((outcomes) => ({ ...outcomes, [channel.id]: { ok: false, text: `The test was not sent: ${problem.message}` } }));
    } finally {
      this.busy.set(null);
    }
  }

  async remove(channel: NotificationChannelDto): Promise<void> {
    const confirmed = await confirmAction(this.dialog, {
      title: `Delete the channel "${channel.name}"?`,
      message: 'Rules that notify it stop doing so (the channel is taken out of every rule). Past deliveries stay on record.',
      confirmLabel: 'Delete',
      destructive: true,
    });
    if (!confirmed) return;
    this.busy.set(channel.id);
    this.deleteError.set(null);
    try {
      await firstValueFrom(this.api.deleteChannel(channel.id));
      this.channels.reload();
    } catch (error) {
      this.deleteError.set(toDisplayedError(error));
    } finally {
      this.busy.set(null);
    }
  }
}
