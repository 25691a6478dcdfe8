import { weekDoneWithin, weekInForceDaysWithin } from '../database/weekly-item-week';

/**
 * The per-patient figures behind the dashboard and the CSV export, in one statement.
 *
 * Parameters: $1 clinic, $2 from, $3 to (local dates, both included), $4/$5 pain points and
 * percent, $6/$7 ODI points and percent; with `batch`, $8 the last patient id of the previous
 * batch ('' for the first) and $9 the batch size (keyset on patient.id).
 *
 * - Prescribed: the `plan_item_span` roll-up holds each plan item's in-force spans (what
 *   `reports_item_spans` computes, kept on every plan change); a span's intersection with
 *   [from, min(to, the patient's local today)] is counted arithmetically: due weekdays ×
 *   times_per_day for weekday items, times_per_week × days ÷ 7 for weekly items.
 * - Completed: weekday completions from the `patient_day` roll-up as stored; weekly items' from
 *   `weekly_item_week` (one row per item and ISO week), the days of the week inside the range
 *   summed and capped at that item's pro-rated prescription for the week — times_per_week × its
 *   in-force days inside the range ÷ 7, from the row's `in_force` bits — as the domain's
 *   `computeAdherence` does.
 * - Pain: baseline = mean of the daily means of the first 3 days with entries in the range,
 *   latest = of the last 3 (from `patient_day`). ODI: first and last score in the range.
 * - Clinically important: an improvement (a fall) of at least `points`, or of `percent` of a
 *   baseline above 0, with the domain's 1e-9 tolerance.
 * - Reads: the roll-ups by clinic and date from their covering indexes (migrations
 *   1764000000009 and 0018), each patient's first and last pain days by the roll-up's key, the
 *   clinic's ODI scores in the range from their partial index (migration 1764000000021). The
 *   API's connections run without JIT, which compiled this statement for seconds
 *   (typeorm-options.ts).
 */
/** A weekly item's week counts its days inside [from, upto]. */
const WEEK_DONE_IN_RANGE = weekDoneWithin('$2::date', 'pts.upto');
const WEEK_IN_FORCE_DAYS_IN_RANGE = weekInForceDaysWithin('$2::date', 'pts.upto');

export function patientFiguresSql(batch: boolean): string {
  // The last day that counts: `to`, or the patient's local today when that is earlier.
  const upto = `least($3::date, (now() AT TIME ZONE p.timezone)::date)`;
  const patients = batch
    ? `SELECT p.id, p.display_name, p.therapist_id, p.active, ${upto} AS upto
         FROM patient p
        WHERE p.clinic_id = $1 AND p.id::text > $8
        ORDER BY p.id::text LIMIT $9`
    : `SELECT p.id, p.display_name, p.therapist_id, p.active, ${upto} AS upto
         FROM patient p WHERE p.clinic_id = $1`;
  // Spans ending before the range or starting after it are dropped; each span takes its
  // patient's last counted day from `pts` (which also keeps a batch to its patients).
  return `
  WITH pts AS (${patients}),
  spans AS (
    SELECT sp.patient_id, sp.plan_item_id, sp.days_of_week, sp.times_per_day, sp.times_per_week,
           greatest(sp.span_from, $2::date) AS a,
           least(coalesce(sp.span_to, pts.upto), pts.upto) AS b
      FROM plan_item_span sp JOIN pts ON pts.id = sp.patient_id
     WHERE sp.clinic_id = $1 AND coalesce(sp.span_to, 'infinity'::date) >= $2::date
       AND sp.span_from <= $3::date
  ),
  live AS (SELECT * FROM spans WHERE b >= a),
  presc AS (
    SELECT s.patient_id, sum(
      CASE WHEN s.days_of_week IS NOT NULL THEN s.times_per_day * (
        SELECT coalesce(sum(CASE WHEN o.off <= s.b - s.a THEN (s.b - s.a - o.off) / 7 + 1 ELSE 0 END), 0)
          FROM (SELECT (dow - extract(isodow FROM s.a)::int + 7) % 7 AS off
                  FROM unnest(s.days_of_week) AS dow) o)::float8
      ELSE (s.times_per_week * (s.b - s.a + 1))::float8 / 7 END) AS prescribed
      FROM live s GROUP BY 1
  ),
  days AS (
    SELECT d.patient_id,
           sum(d.wd_done) FILTER (WHERE d.local_date <= pts.upto)::float8 AS wd_done,
           count(*) AS days_with_data
      FROM patient_day d JOIN pts ON pts.id = d.patient_id
     WHERE d.clinic_id = $1 AND d.local_date BETWEEN $2::date AND $3::date
     GROUP BY 1
  ),
  -- Each weekly item's completions per ISO week inside [from, upto], capped at the week's
  -- prescription inside it. Weeks no span covers (no in-force days) were prescribed nothing and
  -- add nothing. Weeks wholly inside the range, most of a long one, take all seven days at once
  -- rather than day by day: a fifth of the statement's time went on those expressions.
  wkc AS (
    SELECT w.patient_id,
           sum(CASE WHEN w.monday >= $2::date AND w.monday + 6 <= pts.upto
                    THEN least((w.d1 + w.d2 + w.d3 + w.d4 + w.d5 + w.d6 + w.d7)::float8,
                               (w.times_per_week * bit_count(w.in_force::int::bit(7)))::float8 / 7)
                    ELSE least((${WEEK_DONE_IN_RANGE})::float8,
                               (w.times_per_week * (${WEEK_IN_FORCE_DAYS_IN_RANGE}))::float8 / 7)
                    END) AS completed
      FROM weekly_item_week w JOIN pts ON pts.id = w.patient_id
     WHERE w.clinic_id = $1 AND w.monday BETWEEN $2::date - 6 AND $3::date AND w.in_force <> 0
     GROUP BY 1
  ),
  pain AS (
    SELECT pts.id AS patient_id, first3.m AS baseline, last3.m AS latest
      FROM pts
      CROSS JOIN LATERAL (
        SELECT avg(x.m) AS m FROM (
          SELECT d.pain_sum::float8 / d.pain_count AS m FROM patient_day d
           WHERE d.patient_id = pts.id AND d.local_date BETWEEN $2::date AND $3::date
             AND d.pain_count > 0
           ORDER BY d.local_date LIMIT 3) x) first3
      CROSS JOIN LATERAL (
        SELECT avg(x.m) AS m FROM (
          SELECT d.pain_sum::float8 / d.pain_count AS m FROM patient_day d
           WHERE d.patient_id = pts.id AND d.local_date BETWEEN $2::date AND $3::date
             AND d.pain_count > 0
           ORDER BY d.local_date DESC LIMIT 3) x) last3
     WHERE first3.m IS NOT NULL
  ),
  -- First and last score of each patient's ODIs in the range, in one pass over the page's ODIs.
  -- It replaced two LATERAL lookups per patient, which on a clinic with few measures the planner
  -- ran as a scan of the measure table each: half the dashboard's time on the embedded database.
  odi AS (
    SELECT m.patient_id,
           (array_agg(m.score::float8 ORDER BY m.recorded_on, m.created_at, m.id))[1] AS baseline,
           (array_agg(m.score::float8 ORDER BY m.recorded_on DESC, m.created_at DESC, m.id DESC))[1] AS latest
      FROM measure m JOIN pts ON pts.id = m.patient_id
     WHERE m.clinic_id = $1 AND m.type = 'odi' AND m.deleted_at IS NULL
       AND m.recorded_on BETWEEN $2::date AND $3::date
     GROUP BY 1
  ),
  fig AS (
    SELECT pts.id AS patient_id, pts.display_name, pts.therapist_id, pts.active,
           coalesce(pr.prescribed, 0) AS prescribed,
           coalesce(dy.wd_done, 0) + coalesce(wkc.completed, 0) AS completed,
           CASE WHEN pr.prescribed > 0 THEN round(((coalesce(dy.wd_done, 0) + coalesce(wkc.completed, 0))
             / pr.prescribed)::numeric, 4)::float8 END AS rate,
           pn.baseline AS pain_baseline, pn.latest AS pain_latest,
           pn.latest - pn.baseline AS pain_change,
           CASE WHEN pn.baseline IS NOT NULL THEN pn.baseline - pn.latest > 0 AND (
             pn.baseline - pn.latest >= $4::float8 - 1e-9
             OR (pn.baseline > 0 AND (pn.baseline - pn.latest) / pn.baseline * 100 >= $5::float8 - 1e-9)) END AS pain_ci,
           o.baseline AS odi_baseline, o.latest AS odi_latest, o.latest - o.baseline AS odi_change,
           CASE WHEN o.baseline IS NOT NULL THEN o.baseline - o.latest > 0 AND (
             o.baseline - o.latest >= $6::float8 - 1e-9
             OR (o.baseline > 0 AND (o.baseline - o.latest) / o.baseline * 100 >= $7::float8 - 1e-9)) END AS odi_ci,
           coalesce(dy.days_with_data, 0)::int AS days_with_data
      FROM pts
      LEFT JOIN presc pr ON pr.patient_id = pts.id
      LEFT JOIN days dy ON dy.patient_id = pts.id
      LEFT JOIN wkc ON wkc.patient_id = pts.id
      LEFT JOIN pain pn ON pn.patient_id = pts.id
      LEFT JOIN odi o ON o.patient_id = pts.id
  )`;
}

/** The dashboard: the clinic's figures and per-therapist rows in one statement. */
export const DASHBOARD_SQL = `${patientFiguresSql(false)}
  SELECT
    (SELECT count(*) FROM fig)::int AS total,
    (SELECT count(*) FROM fig WHERE days_with_data > 0)::int AS active,
    (SELECT count(*) FROM fig WHERE rate IS NOT NULL)::int AS adherence_patients,
    (SELECT avg(rate) FROM fig) AS adherence_mean,
    (SELECT array_agg(coalesce(n, 0) ORDER BY b) FROM generate_series(0, 9) AS b
       LEFT JOIN (SELECT least(floor(rate * 10), 9)::int AS bucket, count(*)::int AS n
                    FROM fig WHERE rate IS NOT NULL GROUP BY 1) h ON h.bucket = b) AS deciles,
    (SELECT count(*) FROM fig WHERE pain_baseline IS NOT NULL)::int AS pain_patients,
    (SELECT avg(pain_change) FROM fig) AS pain_mean_change,
    (SELECT avg(CASE WHEN pain_ci THEN 1 ELSE 0 END) FROM fig WHERE pain_ci IS NOT NULL) AS pain_ci_rate,
    (SELECT count(*) FROM fig WHERE odi_baseline IS NOT NULL)::int AS odi_patients,
    (SELECT avg(odi_change) FROM fig) AS odi_mean_change,
    (SELECT avg(CASE WHEN odi_ci THEN 1 ELSE 0 END) FROM fig WHERE odi_ci IS NOT NULL) AS odi_ci_rate,
    (SELECT coalesce(json_agg(json_build_object('id', t.id, 'displayName', t.display_name,
              'patients', t.patients, 'meanAdherence', t.mean_adherence) ORDER BY t.display_name, t.id), '[]'::json)
       FROM (SELECT u.id, u.display_name, count(f.patient_id)::int AS patients, avg(f.rate) AS mean_adherence
               FROM app_user u LEFT JOIN fig f ON f.therapist_id = u.id
              WHERE u.clinic_id = $1 AND u.role = 'therapist'
              GROUP BY u.id, u.display_name) t) AS therapists`;

/** One CSV batch: the per-patient figures of the next $9 patients after $8, with the therapist's name. */
export const PROGRESS_BATCH_SQL = `${patientFiguresSql(true)}
  SELECT f.*, u.display_name AS therapist_name
    FROM fig f LEFT JOIN app_user u ON u.id = f.therapist_id
   ORDER BY f.patient_id::text`;

/**
 * RTM device supply: distinct local dates with any data in the 30 days ending on $2, per
 * patient of clinic $1; codes from the domain's RTM_DEVICE_CODES ($3 / $4 minimum days).
 */
export const RTM_SQL = `
  SELECT p.id AS patient_id, p.display_name, count(d.local_date)::int AS days_with_data
    FROM patient p
    LEFT JOIN patient_day d ON d.patient_id = p.id AND d.local_date BETWEEN $3::date AND $2::date
   WHERE p.clinic_id = $1
   GROUP BY p.id, p.display_name
   ORDER BY p.display_name, p.id`;
