import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  OnInit,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import type { ChangeFigures, ClinicDashboard, RtmReport } from '@rehabit/contracts';
import { isRecordMonth, RECORD_MONTHS } from '@rehabit/domain';
import { describeFailure } from '../core/http/problem';
import { BarChart } from '../shared/charts/bar-chart';
import { ChartSeries, formatCell } from '../shared/charts/chart-types';
import { formatDate } from '../shared/format-date';
import { filenameFrom, saveFile } from '../shared/save-file';
import { ClinicApi } from './clinic-api';

const pct = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? '—' : `${Math.round(rate * 100)} %`;

@Component({
  selector: 'rh-dashboard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BarChart,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    RouterLink,
  ],
  template: `
    <div class="title-row">
      <h1>Clinic dashboard</h1>
      <button
        mat-flat-button
        type="button"
        (click)="downloadCsv()"
        [disabled]="downloading()"
        data-testid="download-csv"
      >
        {{ downloading() ? 'Preparing…' : 'Download progress CSV' }}
      </button>
    </div>
    <p class="count" role="status">{{ notice() }}</p>
    @if (error()) {
      <p class="alert" role="alert">{{ error() }}</p>
    }
    @if (dashboard(); as d) {
      <p>{{ range() }}. Adherence is self-reported by patients.</p>
      <dl class="facts tiles" data-testid="dashboard-figures">
        <dt>Active patients</dt>
        <dd>{{ d.patients.active }} of {{ d.patients.total }}</dd>
        <dt>Mean adherence</dt>
        <dd>{{ pct(d.adherence.mean) }} ({{ d.adherence.patients }} patients)</dd>
        <dt>Pain change (mean)</dt>
        <dd>{{ change(d.pain, ' points') }}</dd>
        <dt>Reaching important pain improvement</dt>
        <dd>{{ pct(d.pain.clinicallyImportantRate) }} of {{ d.pain.patients }}</dd>
        <dt>ODI change (mean)</dt>
        <dd>{{ change(d.odi, ' points') }}</dd>
        <dt>Reaching important ODI improvement</dt>
        <dd>{{ pct(d.odi.clinicallyImportantRate) }} of {{ d.odi.patients }}</dd>
      </dl>
      <div class="charts">
        <rh-bar-chart
          caption="Patients by self-reported adherence"
          labelHeader="Adherence"
          [labels]="decileLabels()"
          [series]="decileSeries()"
          [wholeNumbers]="true"
          yTitle="Patients"
        />
        <rh-bar-chart
          caption="Share of patients reaching a clinically important improvement"
          labelHeader="Outcome"
          [labels]="['Pain', 'ODI']"
          [series]="importantSeries()"
          unit="%"
          yTitle="Patients (%)"
          [yMax]="100"
        />
        <rh-bar-chart
          caption="Mean change from baseline (negative = fell, better)"
          labelHeader="Outcome"
          [labels]="['Pain (0–10)', 'ODI (%)']"
          [series]="changeSeries()"
          yTitle="Points"
        />
        <rh-bar-chart
          caption="Mean self-reported adherence per therapist"
          labelHeader="Therapist"
          [labels]="therapistLabels()"
          [series]="therapistSeries()"
          unit="%"
          yTitle="Adherence (%)"
          [yMax]="100"
        />
      </div>
      <h2 id="therapists-heading">Per therapist</h2>
      <div class="table-wrap">
        <table class="rh-table" aria-labelledby="therapists-heading" data-testid="therapist-table">
          <thead>
            <tr>
              <th scope="col">Therapist</th>
              <th scope="col">Patients</th>
              <th scope="col">Mean adherence</th>
            </tr>
          </thead>
          <tbody>
            @for (t of d.therapists; track t.id) {
              <tr>
                <th scope="row">{{ t.displayName }}</th>
                <td>{{ t.patients }}</td>
                <td>{{ pct(t.meanAdherence) }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="3">No therapists yet.</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    } @else if (!error()) {
      <p role="status">Loading…</p>
    }

    <h2 id="rtm-heading">Remote monitoring days (RTM)</h2>
    <form class="filters" [formGroup]="rtmForm" (ngSubmit)="loadRtm()" aria-label="RTM month">
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Month</mat-label>
        <input
          matInput
          type="month"
          [formControl]="month"
          [min]="months.earliest"
          [max]="months.latest"
        />
      </mat-form-field>
      <button mat-stroked-button type="submit">Show month</button>
    </form>
    @if (rtmError()) {
      <p class="alert" role="alert" data-testid="rtm-error">{{ rtmError() }}</p>
    }
    @if (rtm(); as r) {
      <div class="table-wrap">
        <table class="rh-table" aria-labelledby="rtm-heading" data-testid="rtm-table">
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Days with data</th>
              <th scope="col">Window</th>
              <th scope="col">Code</th>
            </tr>
          </thead>
          <tbody>
            @for (row of r.items; track row.patientId) {
              <tr>
                <th scope="row">
                  <a [routerLink]="['/therapist/patients', row.patientId]">{{ row.displayName }}</a>
                </th>
                <td>{{ row.daysWithData }}</td>
                <td>{{ date(row.windowStart) }} – {{ date(row.windowEnd) }}</td>
                <td>{{ row.code ?? 'below 2 days' }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="4">No patients in this month.</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
  styleUrl: '../shared/page.scss',
  styles: `
    .charts {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 26rem), 1fr));
      gap: 1rem;
    }
    .tiles {
      margin-bottom: 1.5rem;
    }
  `,
})
export class DashboardPage implements OnInit {
  private readonly api = inject(ClinicApi);
  protected readonly pct = pct;
  protected readonly dashboard = signal<ClinicDashboard | null>(null);
  protected readonly rtm = signal<RtmReport | null>(null);
  protected readonly rtmError = signal('');
  protected readonly months = RECORD_MONTHS;
  protected readonly error = signal('');
  protected readonly notice = signal('');
  protected readonly downloading = signal(false);
  protected readonly month = new FormControl(new Date().toISOString().slice(0, 7), {
    nonNullable: true,
  });

  protected readonly rtmForm = new FormGroup({ month: this.month });

  protected readonly range = computed(() => {
    const d = this.dashboard();
    return d ? `${formatDate(d.from)} to ${formatDate(d.to)}` : '';
  });
  protected readonly decileLabels = computed(() =>
    (this.dashboard()?.adherence.distribution ?? []).map(
      (b) => `${Math.round(b.min * 100)}–${Math.round(b.max * 100)} %`,
    ),
  );
  protected readonly decileSeries = computed<ChartSeries[]>(() => [
    {
      label: 'Patients',
      data: (this.dashboard()?.adherence.distribution ?? []).map((b) => b.patients),
    },
  ]);
  protected readonly importantSeries = computed<ChartSeries[]>(() => {
    const d = this.dashboard();
    const share = (f: ChangeFigures | undefined) =>
      f?.clinicallyImportantRate == null ? null : f.clinicallyImportantRate * 100;
    return [{ label: 'Reaching important improvement', data: [share(d?.pain), share(d?.odi)] }];
  });
  protected readonly changeSeries = computed<ChartSeries[]>(() => {
    const d = this.dashboard();
    return [
      { label: 'Mean change', data: [d?.pain.meanChange ?? null, d?.odi.meanChange ?? null] },
    ];
  });
  protected readonly therapistLabels = computed(() =>
    (this.dashboard()?.therapists ?? []).map((t) => t.displayName),
  );
  protected readonly therapistSeries = computed<ChartSeries[]>(() => [
    {
      label: 'Mean adherence',
      data: (this.dashboard()?.therapists ?? []).map((t) =>
        t.meanAdherence === null ? null : t.meanAdherence * 100,
      ),
    },
  ]);

  ngOnInit(): void {
    this.api.dashboard().subscribe({
      next: (d) => this.dashboard.set(d),
      error: (e: unknown) =>
        this.error.set(describeFailure(e, 'The dashboard could not be loaded.')),
    });
    this.loadRtm();
  }

  protected change(f: ChangeFigures, unit: string): string {
    if (f.meanChange === null) return '—';
    return `${f.meanChange > 0 ? '+' : ''}${formatCell(f.meanChange, unit)}`;
  }

  protected date(value: string): string {
    return formatDate(value);
  }

  protected loadRtm(): void {
    const month = this.month.value;
    if (!isRecordMonth(month)) {
      this.rtmError.set(`Choose a month from ${this.months.earliest} to ${this.months.latest}.`);
      return;
    }
    this.rtmError.set('');
    this.api.rtm(month).subscribe({
      next: (r) => this.rtm.set(r),
      error: (e: unknown) =>
        this.rtmError.set(describeFailure(e, 'The month could not be loaded.')),
    });
  }

  protected downloadCsv(): void {
    this.downloading.set(true);
    this.notice.set('');
    this.api.progressCsv().subscribe({
      next: (response) => {
        this.downloading.set(false);
        const name = filenameFrom(response.headers.get('Content-Disposition'), 'progress.csv');
        if (response.body) saveFile(response.body, name);
        this.notice.set(`Downloaded ${name}.`);
      },
      error: () => {
        this.downloading.set(false);
        this.notice.set('The CSV could not be downloaded. Please try again.');
      },
    });
  }
}
