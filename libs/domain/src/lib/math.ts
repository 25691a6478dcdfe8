/**
 * Rounds half away from zero to `decimals` places. Going through 12 significant digits
 * first absorbs binary noise, so 1.005 rounds to 1.01 and 0.1 + 0.2 to 0.3.
 */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  // A whole number this small is already exact at any number of places (counts, most scores).
  if (Number.isInteger(value) && factor >= 1 && Math.abs(value) * factor < 1e12) return value || 0;
  const scaled = Number((Math.abs(value) * factor).toPrecision(12));
  return (Math.sign(value) * Math.round(scaled)) / factor || 0;
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Tolerance for comparing computed changes with thresholds, so 6.3̅ − 4.3̅ counts as exactly 2. */
export const COMPARISON_EPSILON = 1e-9;
