import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatTableModule } from '@angular/material/table';
import { ModelStage } from '@stress/contracts';
import type { ModelVersionDto } from '@stress/contracts';
import { firstValueFrom } from 'rxjs';
import { ModelsApi } from '../../api/models-api';
import { DisplayedError, displayedErrorOf, toDisplayedError } from '../../core/http/api-error';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';
import { confirmAction } from '../../shared/ui/confirm-dialog';
import { FORMAT_PIPES } from '../../shared/format.pipes';

/**
 * A model's versions with their stage, the stage actions an editor may take (each confirmed
 * first) and the audit trail of the version picked.
 */

@Component({
  selector: 'sam-versions-panel',
  imports: [...FORMAT_PIPES, MatTableModule, MatButtonModule, EmptyState, ErrorState, LoadingState],
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
  protected readonly historyError = computed(() => displayedErrorOf(this.history));

  /** Stage moves offered for a version: promote, stage, archive; never to the stage it has. */
  protected actionsFor(version: ModelVersionDto): { to: ModelStage; label: string }[] {
    const actions: { to: ModelStage; label: string }[] = [];
    if (version.stage !== ModelStage.Production) actions.push({ to: ModelStage.Production, label: 'Promote' });
    if (version.stage === ModelStage.None) actions.push({ to: ModelStage.Staging, label: 'Stage' });
    if (version.stage !== ModelStage.Archived) actions.push({ to: ModelStage.Archived, label: 'Archive' });
    return actions;
  }

  async changeStage(version: ModelVersionDto, to: ModelStage): Promise<void> {
    const model = this.model();
    const production = this.production();
    const archivesProduction = to === ModelStage.Production && production !== null && production !== version.version;
    const confirmed = await confirmAction(this.dialog, {
      title: stageQuestion(version.version, to),
      message:
        `${model} ${version.version} moves from ${version.stage} to ${to}.` +
        (archivesProduction ? ` ${production}, in production now, will be archived.` : '') +
        " The change is recorded in the stage history with your key's name.",
      confirmLabel: stageActionLabel(to),
      destructive: to === ModelStage.Archived,
    });
    if (!confirmed) return;
    this.busyVersion.set(version.version);
    this.actionError.set(null);
    this.notice.set('');
    try {
      const updated = await firstValueFrom(this.models.setStage(model, version.version, to));
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

export function stageActionLabel(to: ModelStage): string {
  switch (to) {
    case ModelStage.Production:
      return 'Promote to production';
    case ModelStage.Staging:
      return 'Move to staging';
    case ModelStage.Archived:
      return 'Archive';
    default:
      return 'Reset stage';
  }
}

function stageQuestion(version: string, to: ModelStage): string {
  switch (to) {
    case ModelStage.Production:
      return `Promote ${version} to production?`;
    case ModelStage.Staging:
      return `Move ${version} to staging?`;
    case ModelStage.Archived:
      return `Archive ${version}?`;
    default:
      return `Reset the stage of ${version}?`;
  }
}
