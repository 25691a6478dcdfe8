export { mulberry32 } from '../../apps/api/src/app/seed/seeded-random';
/**
 * Seeded ids: UUIDs in the version 7 layout (a 48-bit time-like prefix first), numbered from a
 * counter instead of the clock. Rows then reach each primary key in key order, so the load
 * appends at the index's right edge instead of splitting pages all over a large index, and every
 * pass of the generator can recompute the same id from the same number.
 */
export class IdSpace {
  /** @param kind tells apart ids of different tables that share a number (0…0xfff). */
  constructor(
    private readonly base: number,
    private readonly kind: number,
  ) {}

  uuid(n: number): string {
    const time = (this.base + n).toString(16).padStart(12, '0');
    const a = mix(n * 0x1000 + this.kind);
    const b = mix(a ^ n);
    return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(this.kind, 3)}-${(8 | (a & 3)).toString(16)}${hex(a >>> 8, 3)}-${hex(b, 8)}${hex(a >>> 20, 4)}`;
  }
}

function hex(value: number, digits: number): string {
  return (value >>> 0)
    .toString(16)
    .padStart(8, '0')
    .slice(8 - digits);
}

/** A 32-bit integer hash (the finaliser of MurmurHash3): spreads neighbouring numbers apart. */
export function mix(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
