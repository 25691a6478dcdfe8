import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { DEFAULT_THRESHOLDS } from '@rehabit/domain';
import { ProgressCharts } from '../../shared/charts/progress-charts';
import { PatientRecordsStore } from '../patient-records.store';

@Component({
  selector: 'rh-progress-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ProgressCharts, MatButtonModule],
  template: `
    <h2 class="visually-hidden">Progress</h2>
    @if (store.progress(); as p) {
      <p class="meta">{{ p.from }} to {{ p.to }} · adherence is self-reported.</p>
      <rh-progress-charts [progress]="p" [thresholds]="store.painThresholds() ?? defaultPain" />
    } @else if (store.progressError()) {
      <p class="alert" role="alert">
        {{ store.progressError() }}
        <button mat-button type="button" (click)="store.loadProgress()">Try again</button>
      </p>
    } @else {
      <p role="status">Loading progress…</p>
    }
  `,
  styleUrl: '../../shared/page.scss',
})
export class ProgressTab {
  protected readonly store = inject(PatientRecordsStore);
  protected readonly defaultPain = DEFAULT_THRESHOLDS.pain;
}
