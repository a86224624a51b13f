import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatTableModule } from '@angular/material/table';
import { ModelStage } from '@stress/contracts';
import type { ModelVersionDto } from '@stress/contracts';
import { firstValueFrom } from 'rxjs';
import { ModelsApi } from '../../api/models-api';
import { DisplayedError, toDisplayedError } from '../../core/http/api-error';
import { formatDateTime } from '../shared/format';
import { LocalState } from '../shared/local-state';
import { StageChangeDialog, StageChangeRequest } from './stage-change-dialog';

/**
 * A model's versions with their stage, the stage actions an editor may take (each confirmed
 * first) and the audit trail of the version picked.
 */
@Component({
  selector: 'sam-versions-panel',
  imports: [MatTableModule, MatButtonModule, LocalState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './versions-panel.html',
  styleUrl: './versions-panel.scss',
})
export class VersionsPanel {
  private readonly models = inject(ModelsApi);
  private readonly dialog = inject(MatDialog);

  readonly model = input.required<string>();
  readonly versions = input.required<readonly ModelVersionDto[]>();
  /** Editors and admins see the stage actions; viewers only read. */
  readonly canEdit = input(false);
  /** After a stage change was stored: the page reloads what depends on stages. */
  readonly changed = output<void>();

  protected readonly stages = ModelStage;
  protected readonly formatDateTime = formatDateTime;
  protected readonly columns = computed(() => ['version', 'stage', 'framework', 'createdAt', 'actions']);
  protected readonly busyVersion = signal<string | null>(null);
  protected readonly actionError = signal<DisplayedError | null>(null);
  protected readonly notice = signal('');
  readonly historyVersion = signal<string | null>(null);
  private readonly production = computed(() => this.versions().find((version) => version.stage === ModelStage.Production)?.version ?? null);

  protected readonly history = rxResource({
    params: () => {
      const version = this.historyVersion();
      return version === null ? undefined : { model: this.model(), version };
    },
    stream: ({ params }) => this.models.stageHistory(params.model, params.version),
  });
  protected readonly historyError = computed(() => (this.history.error() ? toDisplayedError(this.history.error()) : null));

  /** Stage moves offered for a version: promote, stage, archive; never to the stage it has. */
  protected actionsFor(version: ModelVersionDto): { to: ModelStage; label: string }[] {
    const actions: { to: ModelStage; label: string }[] = [];
    if (version.stage !== ModelStage.Production) actions.push({ to: ModelStage.Production, label: 'Promote' });
    if (version.stage === ModelStage.None) actions.push({ to: ModelStage.Staging, label: 'Stage' });
    if (version.stage !== ModelStage.Archived) actions.push({ to: ModelStage.Archived, label: 'Archive' });
    return actions;
  }

  async changeStage(version: ModelVersionDto, to: ModelStage): Promise<void> {
    const request: StageChangeRequest = {
      model: this.model(),
      version: version.version,
      from: version.stage,
      to,
      currentProduction: this.production() === version.version ? null : this.production(),
    };
    const confirmed = await firstValueFrom(
      this.dialog.open<StageChangeDialog, StageChangeRequest, boolean>(StageChangeDialog, { data: request, width: '460px' }).afterClosed(),
    );
    if (confirmed !== true) return;
    this.busyVersion.set(version.version);
    this.actionError.set(null);
    this.notice.set('');
    try {
      const updated = await firstValueFrom(this.models.setStage(request.model, request.version, to));
      this.notice.set(`${updated.version} is now ${updated.stage}.`);
      if (this.historyVersion() === updated.version) this.history.reload();
      this.changed.emit();
    } catch (error) {
      this.actionError.set(toDisplayedError(error));
    } finally {
      this.busyVersion.set(null);
    }
  }

  protected toggleHistory(version: string): void {
    this.historyVersion.update((current) => (current === version ? null : version));
  }
}
