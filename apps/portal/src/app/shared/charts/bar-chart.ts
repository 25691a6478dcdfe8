import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';
import { ChartTable } from './chart-table';
import { CHART_COLORS, ChartSeries } from './chart-types';

// Only what a bar chart draws; this file is reached through lazy routes and @defer only.
Chart.register(BarController, BarElement, LinearScale, CategoryScale, Tooltip, Legend);

/** A thin bar-chart wrapper with its table alternative. */
@Component({
  selector: 'rh-bar-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BaseChartDirective, ChartTable],
  template: `
    <figure class="chart" [attr.aria-labelledby]="id + '-caption'">
      <figcaption [id]="id + '-caption'">{{ caption() }}</figcaption>
      <div class="canvas" aria-hidden="true">
        <canvas baseChart type="bar" [data]="data()" [options]="options()"></canvas>
      </div>
      <rh-chart-table
        [caption]="caption()"
        [labelHeader]="labelHeader()"
        [labels]="labels()"
        [series]="series()"
        [unit]="unit()"
      />
    </figure>
  `,
  styleUrl: './chart.scss',
})
export class BarChart {
  private static count = 0;
  protected readonly id = `rh-bar-${BarChart.count++}`;
  readonly caption = input.required<string>();
  readonly labels = input.required<readonly string[]>();
  readonly series = input.required<readonly ChartSeries[]>();
  readonly labelHeader = input('Week');
  readonly unit = input('');
  readonly yTitle = input('');
  readonly yMax = input<number | undefined>(undefined);
  /** Counts (patients) tick in whole numbers. */
  readonly wholeNumbers = input(false);

  protected readonly data = computed<ChartConfiguration<'bar'>['data']>(() => ({
    labels: [...this.labels()],
    datasets: this.series().map((s, i) => {
      const color = s.color ?? CHART_COLORS[i % CHART_COLORS.length];
      return { label: s.label, data: [...s.data], backgroundColor: color, borderColor: color };
    }),
  }));

  protected readonly options = computed<ChartConfiguration<'bar'>['options']>(() => ({
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: {
      legend: { display: this.series().length > 1, position: 'bottom' },
    },
    scales: {
      y: {
        beginAtZero: true,
        max: this.yMax(),
        ticks: { precision: this.wholeNumbers() ? 0 : undefined },
        title: { display: !!this.yTitle(), text: this.yTitle() },
      },
    },
  }));
}
