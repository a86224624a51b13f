import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { ModelStage } from '@stress/contracts';

export interface StageChangeRequest {
  model: string;
  version: string;
  from: ModelStage;
  to: ModelStage;
  /** The version in production now, when there is one and it is not `version`. */
  currentProduction: string | null;
}

/** Asks before a stage change: promotion also archives the version in production. Closes with `true` to go ahead. */
@Component({
  selector: 'sam-stage-change-dialog',
  imports: [MatDialogModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ title }}</h2>
    <mat-dialog-content>
      <p>
        <strong>{{ data.model }} {{ data.version }}</strong> moves from <strong>{{ data.from }}</strong> to <strong>{{ data.to }}</strong>.
      </p>
      @if (data.to === stages.Production && data.currentProduction) {
        <p data-testid="archives-current">{{ data.currentProduction }}, in production now, will be archived.</p>
      }
      <p>The change is recorded in the stage history with your key's name.</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false">Cancel</button>
      <button mat-flat-button type="button" [mat-dialog-close]="true">{{ action }}</button>
    </mat-dialog-actions>
  `,
})
export class StageChangeDialog {
  protected readonly data = inject<StageChangeRequest>(MAT_DIALOG_DATA);
  protected readonly stages = ModelStage;
  protected readonly action = stageActionLabel(this.data.to);
  protected readonly title = stageQuestion(this.data.version, this.data.to);
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
