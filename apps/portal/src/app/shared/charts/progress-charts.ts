import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { MeasureProgress, ProgressResponse } from '@rehabit/contracts';
import { DEFAULT_THRESHOLDS, MEASURES, type ChangeThresholds } from '@rehabit/domain';
import { formatDate } from '../format-date';
import { BarChart } from './bar-chart';
import { ChartSeries, formatCell } from './chart-types';
import { LineChart } from './line-chart';

/** The pain level that counts as a clinically important improvement on `baseline`. */
export function clinicallyImportantLevel(
  baseline: number | null,
  thresholds: ChangeThresholds,
): number | null {
  if (baseline === null) return null;
  const drop = Math.min(thresholds.points, (baseline * thresholds.percent) / 100);
  return Math.max(0, Math.round((baseline - drop) * 10) / 10);
}

interface SideChart {
  type: 'slr' | 'ake';
  caption: string;
  labels: string[];
  series: ChartSeries[];
}

/** Pain, adherence, ODI and flexibility charts of one patient's progress, each with a table. */
@Component({
  selector: 'rh-progress-charts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [LineChart, BarChart],
  template: `
    @let p = progress();
    <section aria-labelledby="pain-chart-heading" data-testid="pain-progress">
      <h3 id="pain-chart-heading">Pain</h3>
      <p class="summary">{{ painSummary() }}</p>
      @if (p.pain.series.length) {
        <rh-line-chart
          caption="Daily pain (0–10) with the 7-day mean"
          [labels]="painLabels()"
          [series]="painSeries()"
          yTitle="Pain (0–10)"
          [yMin]="0"
          [yMax]="10"
        />
      } @else {
        <p>No pain entries yet.</p>
      }
    </section>
    <section aria-labelledby="adherence-chart-heading">
      <h3 id="adherence-chart-heading">Exercise sessions (self-reported)</h3>
      <p class="summary">{{ adherenceSummary() }}</p>
      @if (p.adherence.weekly.length) {
        <rh-bar-chart
          caption="Share of prescribed exercises done, per week"
          labelHeader="Week of"
          [labels]="weekLabels()"
          [series]="weekSeries()"
          unit="%"
          yTitle="Done (%)"
          [yMax]="100"
        />
      }
    </section>
    @if (p.measures.odi; as odi) {
      <section aria-labelledby="odi-chart-heading">
        <h3 id="odi-chart-heading">Oswestry Disability Index</h3>
        <p class="summary">{{ changeText(odi, '%') }}</p>
        <rh-line-chart
          caption="ODI score (%) — lower is better"
          [labels]="dates(odi)"
          [series]="[{ label: 'ODI %', data: values(odi) }]"
          unit="%"
          yTitle="ODI (%)"
          [yMin]="0"
          [yMax]="100"
        />
      </section>
    }
    @for (chart of sideCharts(); track chart.type) {
      <section [attr.aria-label]="chart.caption">
        <rh-line-chart
          [caption]="chart.caption"
          [labels]="chart.labels"
          [series]="chart.series"
          unit="°"
          yTitle="Degrees"
        />
      </section>
    }
  `,
  styles: `
    h3 {
      font: var(--mat-sys-title-large);
      margin: 1rem 0 0.25rem;
    }
    .summary {
      margin: 0 0 0.75rem;
    }
  `,
})
export class ProgressCharts {
  readonly progress = input.required<ProgressResponse>();
  readonly thresholds = input<ChangeThresholds>(DEFAULT_THRESHOLDS.pain);

  protected readonly painLabels = computed(() =>
    this.progress().pain.series.map((point) => formatDate(point.date)),
  );
  protected readonly painSeries = computed<ChartSeries[]>(() => {
    const pain = this.progress().pain;
    const n = pain.series.length;
    const series: ChartSeries[] = [
      { label: 'Daily pain', data: pain.series.map((p) => p.mean) },
      { label: '7-day mean', data: pain.series.map((p) => p.rolling7) },
    ];
    if (pain.baseline !== null)
      series.push({ label: 'Baseline', data: Array(n).fill(pain.baseline), dashed: true });
    const level = clinicallyImportantLevel(pain.baseline, this.thresholds());
    if (level !== null)
      series.push({
        label: 'Clinically important improvement',
        data: Array(n).fill(level),
        dashed: true,
      });
    return series;
  });
  protected readonly painSummary = computed(() => {
    const pain = this.progress().pain;
    if (pain.baseline === null) return 'No pain entries in this period.';
    return this.changeText(pain, '');
  });

  protected readonly weekLabels = computed(() =>
    this.progress().adherence.weekly.map((w) => formatDate(w.weekStart)),
  );
  protected readonly weekSeries = computed<ChartSeries[]>(() => [
    {
      label: 'Done',
      data: this.progress().adherence.weekly.map((w) => (w.rate === null ? null : w.rate * 100)),
    },
  ]);
  protected readonly adherenceSummary = computed(() => {
    const a = this.progress().adherence;
    if (a.rate === null) return 'Nothing was prescribed in this period.';
    return `${formatCell(a.completed)} of ${formatCell(a.prescribed)} prescribed exercises done (${Math.round(a.rate * 100)} %), as logged by the patient.`;
  });

  protected readonly sideCharts = computed<SideChart[]>(() => {
    const charts: SideChart[] = [];
    for (const type of ['slr', 'ake'] as const) {
      const m = this.progress().measures[type];
      if (!m || m.series.length === 0) continue;
      const dates = [...new Set(m.series.map((p) => p.date))].sort();
      const side = (s: 'left' | 'right') =>
        dates.map((d) => m.series.find((p) => p.date === d && p.side === s)?.value ?? null);
      const better = MEASURES[type].betterIs === 'higher' ? 'higher' : 'lower';
      charts.push({
        type,
        caption: `${MEASURES[type].label} per side (degrees, ${better} is better)`,
        labels: dates.map((d) => formatDate(d)),
        series: [
          { label: 'Left', data: side('left') },
          { label: 'Right', data: side('right') },
        ],
      });
    }
    return charts;
  });

  protected dates(m: MeasureProgress): string[] {
    return m.series.map((p) => formatDate(p.date));
  }

  protected values(m: MeasureProgress): number[] {
    return m.series.map((p) => p.value);
  }

  protected changeText(
    m: Pick<MeasureProgress, 'baseline' | 'latest' | 'change' | 'clinicallyImportant'>,
    unit: string,
  ): string {
    if (m.baseline === null || m.latest === null) return '';
    const change = m.change ?? 0;
    const sign = change > 0 ? '+' : '';
    const important =
      m.clinicallyImportant === true
        ? ' — a clinically important improvement.'
        : m.clinicallyImportant === false
          ? ' — not yet a clinically important improvement.'
          : '.';
    return `Baseline ${formatCell(m.baseline, unit)}, latest ${formatCell(m.latest, unit)} (change ${sign}${formatCell(change, unit)})${important}`;
  }
}
