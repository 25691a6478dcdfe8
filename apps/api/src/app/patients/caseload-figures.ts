import type { PatientListItem } from '@rehabit/contracts';
import type { AlertKind } from '@rehabit/domain';
import { weekDoneWithin } from '../database/weekly-item-week';

/**
 * The per-row figures of GET /patients, as SQL over a CTE `page` holding the page's patients
 * (`id`, `clinic_id`, `timezone` and `today`, the patient's local date). The whole page is one
 * statement: `CASELOAD_FIGURES_CTES` follow `page` in its WITH list, and `CASELOAD_FIGURES_JOINS`
 * follow `FROM page`.
 *
 * - `lastPain`: the newest live pain entry (pain_entry_patient_idx, read backwards).
 * - `openAlerts`: unacknowledged alerts (the partial unique index alert_open_key).
 * - `adherence7d`: self-reported completed ÷ prescribed over the patient's last 7 local days,
 *   today included — @rehabit/domain's `computeAdherence` written as set operations (a property
 *   test holds the two equal):
 *   · each day of the window × the items in force that day: those of the revision in force
 *     (highest number already effective) of each plan running that day in `active` status (the
 *     latest status change whose local date is on or before it; none means active). That is
 *     what the `plan_item_span` roll-up holds, kept on every plan write (migration 0014), so
 *     the list reads the spans rather than working them out from plans, revisions and status
 *     changes again;
 *   · weekday items prescribe `timesPerDay` on their due days and count that day's completions
 *     up to it;
 *   · weekly items prescribe `timesPerWeek × activeDays ÷ 7` per ISO week of the window, count
 *     completions per day up to max(timesPerDay, ceil(timesPerWeek / 7)) and per week up to the
 *     pro-rated prescription;
 *   · completions are items marked completed in live (not deleted) sessions, matched by
 *     plan_item id; `null` when nothing was prescribed. They are read, already capped per item
 *     and day, from the roll-ups the session triggers keep and the clinic reports read:
 *     `patient_day.wd_done` for weekday items, `weekly_item_week` for weekly ones. Counting them
 *     from `session_log` made the list's cost grow with every session logged in the week: 29.5
 *     ms of SQL on PGlite in the bench, whose session-log operation piles sessions onto the
 *     page's patients, against 9.5 ms on its fresh data.
 *
 * Adherence is computed for the whole page at once, not in a LATERAL per row: per row, every
 * step was re-run 50 times over (hash tables rebuilt, small tables rescanned for each plan and
 * day), which was 95 % of the list's time on the embedded database. With the spans as well, the
 * statement takes half the time on PGlite (the bench's data) and 11–14 % less on PostgreSQL
 * (the seeded 10,000-patient network), with the same figures for every patient of both.
 */
export const CASELOAD_FIGURES_COLUMNS = `lp.score AS last_pain_score, lp.recorded_at AS last_pain_at,
  al.open_alerts, al.open_alert_kinds, ad.adherence_7d`;

/** A weekly item's week counts its days inside the patient's 7-day window. */
const WEEK_DONE_IN_WINDOW = weekDoneWithin('wk.today - 6', 'wk.today');

export const CASELOAD_FIGURES_CTES = `
  per_day AS MATERIALIZED (
    SELECT sp.patient_id, page.today, d.day, date_trunc('week', d.day)::date AS monday,
           sp.plan_item_id AS item_id, sp.days_of_week, sp.times_per_week, sp.times_per_day
      FROM page
      JOIN plan_item_span sp ON sp.patient_id = page.id AND sp.span_from <= page.today
       AND (sp.span_to IS NULL OR sp.span_to >= page.today - 6)
      CROSS JOIN LATERAL (SELECT page.today - back AS day FROM generate_series(0, 6) AS back) d
     WHERE d.day >= sp.span_from AND (sp.span_to IS NULL OR d.day <= sp.span_to)),
  weekday_done AS (
    SELECT pd.patient_id, 7 * sum(pd.wd_done) AS completed7
      FROM page
      JOIN patient_day pd ON pd.patient_id = page.id
       AND pd.local_date BETWEEN page.today - 6 AND page.today
     GROUP BY 1),
  -- Counted in sevenths of a session, so every term is a whole number and the one division is
  -- exact where the domain's rounding meets a tie: 2 completed of 64 ÷ 7 prescribed is 0.21875
  -- and rounds to 0.2188, but with 64 ÷ 7 as a numeric (9.142…, cut at 16 digits) it came out
  -- as 0.2187.
  tally AS (
    SELECT patient_id, 7 * times_per_day AS prescribed7, 0 AS completed7
      FROM per_day
     WHERE days_of_week IS NOT NULL AND extract(isodow FROM day)::smallint = ANY(days_of_week)
    UNION ALL
    SELECT patient_id, 0, completed7 FROM weekday_done
    UNION ALL
    SELECT wk.patient_id, wk.prescribed7,
           least(7 * (${WEEK_DONE_IN_WINDOW}), wk.prescribed7)
      FROM (SELECT patient_id, item_id, monday, today, times_per_week * count(*) AS prescribed7
              FROM per_day WHERE times_per_week IS NOT NULL
             GROUP BY patient_id, item_id, monday, today, times_per_week) wk
      LEFT JOIN weekly_item_week w
        ON w.patient_id = wk.patient_id AND w.monday = wk.monday AND w.plan_item_id = wk.item_id),
  adherence AS (
    SELECT patient_id,
           CASE WHEN sum(prescribed7) > 0
                THEN round(sum(completed7)::numeric / sum(prescribed7), 4) END AS adherence_7d
      FROM tally GROUP BY patient_id)`;

export const CASELOAD_FIGURES_JOINS = `
  LEFT JOIN LATERAL (
    SELECT e.score, e.recorded_at FROM pain_entry e
     WHERE e.patient_id = page.id AND e.deleted_at IS NULL
     ORDER BY e.recorded_at DESC, e.id DESC LIMIT 1) lp ON true
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS open_alerts,
           COALESCE(array_agg(a.kind::text ORDER BY a.kind), '{}'::text[]) AS open_alert_kinds
      FROM alert a WHERE a.patient_id = page.id AND a.acknowledged_at IS NULL) al
  LEFT JOIN adherence ad ON ad.patient_id = page.id`;

export interface FiguresRow {
  last_pain_score: number | null;
  last_pain_at: Date | null;
  open_alerts: number;
  open_alert_kinds: AlertKind[] | string;
  adherence_7d: string | number | null;
}

export function toFigures(
  row: FiguresRow,
): Pick<PatientListItem, 'lastPain' | 'adherence7d' | 'openAlerts' | 'openAlertKinds'> {
  return {
    lastPain:
      row.last_pain_at === null || row.last_pain_score === null
        ? null
        : { score: row.last_pain_score, recordedAt: new Date(row.last_pain_at).toISOString() },
    adherence7d: row.adherence_7d === null ? null : Number(row.adherence_7d),
    openAlerts: row.open_alerts,
    openAlertKinds: parseTextArray(row.open_alert_kinds) as AlertKind[],
  };
}

/** Drivers hand text[] back as an array, or as its '{a,b}' literal; the kinds need no quoting. */
function parseTextArray(value: readonly string[] | string): string[] {
  if (Array.isArray(value)) return [...value];
  const inner = (value as string).replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',');
}
