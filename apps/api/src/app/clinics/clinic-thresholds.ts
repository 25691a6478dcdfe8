import { DEFAULT_THRESHOLDS, validateThresholds, type Thresholds } from '@rehabit/domain';
import type { EntityManager } from 'typeorm';
import type { Clinic } from './clinic.entity';

/**
 * The clinic's thresholds with the defaults of clinical REFERENCE.md for anything not set.
 * Stored settings were validated on the way in (PATCH /clinic); should one no longer pass,
 * the defaults apply rather than stopping a patient from logging.
 */
export function thresholdsOf(settings: Clinic['settings']): Thresholds {
  const result = validateThresholds(settings['thresholds'] ?? {});
  return result.ok ? result.value : DEFAULT_THRESHOLDS;
}

/** The same, read for one clinic; pass the transaction's manager when inside one. */
export async function clinicThresholds(
  manager: EntityManager,
  clinicId: string,
): Promise<Thresholds> {
  const [row]: { settings: Clinic['settings'] }[] = await manager.query(
    `SELECT settings FROM clinic WHERE id = $1`,
    [clinicId],
  );
  return thresholdsOf(row?.settings ?? {});
}
