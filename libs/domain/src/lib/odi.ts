import { DEFAULT_THRESHOLDS } from './thresholds';
import {
  isIntegerIn,
  type FieldError,
  type ValidationResult,
  invalid,
  valid,
  fieldPath,
} from './validation';

/** The ten sections of ODI version 2.1a, in questionnaire order. */
export const ODI_SECTIONS = [
  'pain_intensity',
  'personal_care',
  'lifting',
  'walking',
  'sitting',
  'standing',
  'sleeping',
  'sex_life',
  'social_life',
  'travelling',
] as const;
export type OdiSection = (typeof ODI_SECTIONS)[number];

export const ODI_ANSWER_RANGE = { min: 0, max: 5 } as const;

/** LOINC for the questionnaire as seen in FHIR sample data; still to be confirmed (REFERENCE.md). */
export const ODI_LOINC = '97908-8';

/** One answer per section, in `ODI_SECTIONS` order; `null` marks a skipped section. */
export type OdiAnswers = readonly (number | null)[];

export const ODI_BANDS = ['minimal', 'moderate', 'severe', 'crippled', 'bed_bound'] as const;
export type OdiBand = (typeof ODI_BANDS)[number];

/**
 * Upper bounds, included, of each band. The published bands (0–20, 21–40, …) are written
 * for whole numbers and leave gaps for one-decimal scores; treating each upper bound as
 * inclusive and the next band as starting just above it closes the gaps: 20.0 is
 * minimal, 20.5 moderate, 40.0 moderate, 40.1 severe.
 */
export const ODI_BAND_UPPER_BOUNDS: Readonly<Record<OdiBand, number>> = {
  minimal: 20,
  moderate: 40,
  severe: 60,
  crippled: 80,
  bed_bound: 100,
};

export function odiBand(score: number): OdiBand {
  return ODI_BANDS.find((band) => score <= ODI_BAND_UPPER_BOUNDS[band]) ?? 'bed_bound';
}

/** Validates the `answers` of an ODI measure, reporting errors under `path` (e.g. `answers[3]`). */
export function validateOdiAnswers(input: unknown, path = 'answers'): ValidationResult<OdiAnswers> {
  if (!Array.isArray(input) || input.length !== ODI_SECTIONS.length)
    return invalid([
      {
        field: path,
        message: `Answers must be a list of ${ODI_SECTIONS.length} sections, each 0 to 5 or empty when skipped`,
      },
    ]);
  const errors: FieldError[] = input.flatMap((answer, index) =>
    answer === null || isIntegerIn(answer, ODI_ANSWER_RANGE)
      ? []
      : [
          {
            field: fieldPath(path, index),
            message: 'Each answer must be a whole number from 0 to 5, or empty when skipped',
          },
        ],
  );
  return errors.length > 0 ? invalid(errors) : valid(input as OdiAnswers);
}

export type OdiResult =
  | {
      readonly ok: true;
      /** Percent, one decimal. */
      readonly score: number;
      readonly band: OdiBand;
      readonly answered: number;
      readonly skipped: number;
    }
  | {
      readonly ok: false;
      readonly reason: 'invalid_answers' | 'too_many_skipped';
      readonly message: string;
      readonly errors: readonly FieldError[];
    };

/**
 * ODI % = sum ÷ (5 × answered sections) × 100, one decimal, rounded half up. Too many
 * skipped sections is an expected outcome, not a bug, so it comes back as a refusal with a
 * reason (the API's 422) rather than a throw.
 */
export function scoreOdi(
  answers: unknown,
  options: { readonly maxSkipped?: number } = {},
): OdiResult {
  const checked = validateOdiAnswers(answers);
  if (!checked.ok)
    return {
      ok: false,
      reason: 'invalid_answers',
      message: 'The answers are not a valid ODI questionnaire',
      errors: checked.errors,
    };
  const maxSkipped = options.maxSkipped ?? DEFAULT_THRESHOLDS.odi.maxSkipped;
  const given = checked.value.filter((answer): answer is number => answer !== null);
  const skipped = ODI_SECTIONS.length - given.length;
  if (skipped > maxSkipped || given.length === 0) {
    const message = `${skipped} sections were skipped; at most ${maxSkipped} may be skipped for a valid score`;
    return {
      ok: false,
      reason: 'too_many_skipped',
      message,
      errors: [{ field: 'answers', message }],
    };
  }
  const sum = given.reduce((total, answer) => total + answer, 0);
  // sum / (5n) × 100 × 10 = 200 × sum / n: one division keeps the rounding exact.
  const score = Math.round((200 * sum) / given.length) / 10;
  return { ok: true, score, band: odiBand(score), answered: given.length, skipped };
}
