/** One line or bar series of a chart, and the column it becomes in the chart's table. */
export interface ChartSeries {
  label: string;
  data: readonly (number | null)[];
  /** Reference lines (baseline, clinically important level) are drawn dashed, without points. */
  dashed?: boolean;
  color?: string;
}

/** Colour-blind-safe palette (Okabe–Ito), dark enough on white for lines and bars. */
export const CHART_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00'];

export function formatCell(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const rounded = Math.round(value * 10) / 10;
  return `${rounded}${unit}`;
}
