import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import {
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';
import { ChartTable } from './chart-table';
import { CHART_COLORS, ChartSeries } from './chart-types';

// Only what a line chart draws; this file is reached through lazy routes and @defer only.
Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  CategoryScale,
  Tooltip,
  Legend,
  Filler,
);

/** A thin line-chart wrapper with its table alternative. */
@Component({
  selector: 'rh-line-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BaseChartDirective, ChartTable],
  template: `
    <figure class="chart" [attr.aria-labelledby]="id + '-caption'">
      <figcaption [id]="id + '-caption'">{{ caption() }}</figcaption>
      <div class="canvas" aria-hidden="true">
        <canvas baseChart type="line" [data]="data()" [options]="options()"></canvas>
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
export class LineChart {
  private static count = 0;
  protected readonly id = `rh-line-${LineChart.count++}`;
  readonly caption = input.required<string>();
  readonly labels = input.required<readonly string[]>();
  readonly series = input.required<readonly ChartSeries[]>();
  readonly labelHeader = input('Date');
  readonly unit = input('');
  readonly yTitle = input('');
  readonly yMin = input<number | undefined>(undefined);
  readonly yMax = input<number | undefined>(undefined);

  protected readonly data = computed<ChartConfiguration<'line'>['data']>(() => ({
    labels: [...this.labels()],
    datasets: this.series().map((s, i) => {
      const color = s.color ?? CHART_COLORS[i % CHART_COLORS.length];
      return {
        label: s.label,
        data: [...s.data],
        borderColor: color,
        backgroundColor: color,
        borderDash: s.dashed ? [6, 4] : undefined,
        pointRadius: s.dashed ? 0 : 3,
        borderWidth: 2,
        spanGaps: true,
        tension: 0.2,
      };
    }),
  }));

  protected readonly options = computed<ChartConfiguration<'line'>['options']>(() => ({
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    plugins: { legend: { position: 'bottom', labels: { boxWidth: 16 } } },
    scales: {
      y: {
        min: this.yMin(),
        max: this.yMax(),
        title: { display: !!this.yTitle(), text: this.yTitle() },
      },
      x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
    },
  }));
}
