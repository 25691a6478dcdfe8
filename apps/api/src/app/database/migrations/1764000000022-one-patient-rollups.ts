import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The roll-up functions in two scopes, from one text:
 * - `every`: the functions bulk loads and the tests call, where a NULL patient means every
 *   patient (`reports_patient_days(NULL, NULL, NULL)`); their results are unchanged;
 * - `one`: `reports_one_…`, for one patient, which the refreshes now call on every write
 *   (`reports_refresh_patient_days` for sessions, pain and measures, and
 *   `reports_refresh_plan_item_spans` for plans).
 *
 * Why: the refreshes are PL/pgSQL, whose statements keep their plans. After five calls
 * PostgreSQL may keep a generic plan, one made without the parameters' values. A generic plan
 * cannot read `p_patient IS NULL OR s.patient_id = p_patient` through the patient index, so it
 * scanned whole tables; a plan made for each call instead cost 4 ms of planning. On the embedded
 * database (bench data, one patient's day) the day rows took 5.8 ms a call, 4.0 of it planning,
 * or 7–8 ms with a generic plan. With `patient_id = p_patient`, and open dates as ±infinity so
 * that a range stays an index condition, the generic plan reads the indexes: 0.9 ms. The rows
 * are the same (reports.spec.ts checks the refreshed tables against the `every` functions).
 */
type Scope = 'every' | 'one';

const name = (scope: Scope, fn: string) =>
  scope === 'one' ? fn.replace(/^reports_/, 'reports_one_') : fn;

function ofPatient(scope: Scope, column: string): string {
  return scope === 'one' ? `${column} = p_patient` : `(p_patient IS NULL OR ${column} = p_patient)`;
}

function inRange(scope: Scope, column: string): string {
  return scope === 'one'
    ? `${column} >= coalesce(p_from, '-infinity'::date) AND ${column} <= coalesce(p_to, 'infinity'::date)`
    : `(p_from IS NULL OR ${column} >= p_from) AND (p_to IS NULL OR ${column} <= p_to)`;
}

/** The plans' own rows, by clinic and patient (`every`) or by patient (`one`). */
function planFilter(scope: Scope): string {
  return scope === 'one'
    ? ofPatient(scope, 'p.patient_id')
    : `(p_clinic IS NULL OR p.clinic_id = p_clinic) AND ${ofPatient(scope, 'p.patient_id')}`;
}

const spansParams = (scope: Scope) =>
  scope === 'one' ? 'p_patient uuid' : 'p_clinic uuid, p_patient uuid';
/** What a spans function passes on to the one it reads. */
const spansForwarded = (scope: Scope) => (scope === 'one' ? 'p_patient' : 'p_clinic, p_patient');
/** What a day or week function passes to the spans: its patient, in every clinic. */
const spansArgs = (scope: Scope) => (scope === 'one' ? 'p_patient' : 'NULL, p_patient');

// Migration 1764000000007's bodies, with the filters above.
const activeSpans = (scope: Scope) => `
  CREATE OR REPLACE FUNCTION ${name(scope, 'reports_active_spans')}(${spansParams(scope)})
  RETURNS TABLE (plan_id uuid, patient_id uuid, span_from date, span_to date)
  LANGUAGE sql STABLE AS $$
    SELECT x.plan_id, x.patient_id, greatest(x.d_from, x.start_date), least(x.d_to, x.end_date)
      FROM (
        SELECT c.plan_id, c.patient_id, c.start_date, c.end_date, c.status, c.d_from,
               lead(c.d_from) OVER (PARTITION BY c.plan_id ORDER BY c.at) - 1 AS d_to
          FROM (
            SELECT p.id AS plan_id, p.patient_id, p.start_date, p.end_date,
                   'active'::varchar AS status, p.start_date AS d_from, '-infinity'::timestamptz AS at
              FROM plan p WHERE ${planFilter(scope)}
            UNION ALL
            SELECT p.id, p.patient_id, p.start_date, p.end_date, sc.status,
                   (sc.changed_at AT TIME ZONE pt.timezone)::date, sc.changed_at
              FROM plan p
              JOIN patient pt ON pt.id = p.patient_id
              JOIN plan_status_change sc ON sc.plan_id = p.id
             WHERE ${planFilter(scope)}
          ) c
      ) x
     WHERE x.status = 'active'
       AND (x.d_to IS NULL OR x.d_to >= x.d_from)
       AND (least(x.d_to, x.end_date) IS NULL
            OR least(x.d_to, x.end_date) >= greatest(x.d_from, x.start_date))
  $$`;

const itemSpans = (scope: Scope) => `
  CREATE OR REPLACE FUNCTION ${name(scope, 'reports_item_spans')}(${spansParams(scope)})
  RETURNS TABLE (patient_id uuid, plan_item_id uuid, days_of_week smallint[],
                 times_per_day smallint, times_per_week smallint, span_from date, span_to date)
  LANGUAGE sql STABLE AS $$
    SELECT a.patient_id, pi.id, pi.days_of_week, pi.times_per_day, pi.times_per_week,
           greatest(a.span_from, r.r_from), least(a.span_to, r.r_to)
      FROM (
        SELECT rv.id, rv.plan_id, rv.effective_from AS r_from,
               min(rv.effective_from) OVER (PARTITION BY rv.plan_id ORDER BY rv.number DESC
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) - 1 AS r_to
          FROM plan_revision rv
          JOIN plan p ON p.id = rv.plan_id
         WHERE ${planFilter(scope)}
      ) r
      JOIN ${name(scope, 'reports_active_spans')}(${spansForwarded(scope)}) a
        ON a.plan_id = r.plan_id
      JOIN plan_item pi ON pi.revision_id = r.id
     WHERE (r.r_to IS NULL OR r.r_to >= r.r_from)
       AND (a.span_to IS NULL OR a.span_to >= r.r_from)
       AND (r.r_to IS NULL OR r.r_to >= a.span_from)
  $$`;

/**
 * How the pain CTE finds a patient's entries on the days asked for: `grouped` reads them all and
 * keeps the days in range (this migration's text); `instants` reads only the entries recorded
 * within those days, through the (patient_id, recorded_at) index (migration 1764000000023).
 */
export type PainRange = 'grouped' | 'instants';

/**
 * The instants of the local days p_from to p_to in the patient's zone, with a day to spare on
 * either side: where a clock change makes midnight ambiguous, PostgreSQL may take the later of
 * the two, and the exact test on the local date (`x.d`) still decides. The zone comes from a
 * subquery, evaluated once, so that the bounds are constants of the index scan; taken from the
 * joined row they were a filter applied after reading every entry.
 */
const zoneOfPatient = `(SELECT z.timezone FROM patient z WHERE z.id = p_patient)`;
const recordedWithin = `
           AND e.recorded_at >= (coalesce(p_from, '-infinity'::date) - 1)::timestamp AT TIME ZONE ${zoneOfPatient}
           AND e.recorded_at < (coalesce(p_to, 'infinity'::date) + 2)::timestamp AT TIME ZONE ${zoneOfPatient}`;

export const patientDays = (scope: Scope, painRange: PainRange = 'grouped') => `
  CREATE OR REPLACE FUNCTION ${name(scope, 'reports_patient_days')}(p_patient uuid, p_from date, p_to date)
  RETURNS TABLE (patient_id uuid, local_date date, clinic_id uuid, pain_sum integer,
                 pain_count integer, sessions integer, measures integer, wd_done integer,
                 wd_skipped integer, wk_done integer, wk_skipped integer)
  LANGUAGE sql STABLE AS $$
    WITH logged AS (
      SELECT s.patient_id, s.performed_on AS d, li.plan_item_id,
             count(*) FILTER (WHERE li.completed)::int AS done,
             count(*) FILTER (WHERE NOT li.completed)::int AS not_done
        FROM session_log s
        JOIN session_log_item li ON li.session_id = s.id
       WHERE s.deleted_at IS NULL
         AND ${ofPatient(scope, 's.patient_id')} AND ${inRange(scope, 's.performed_on')}
       GROUP BY 1, 2, 3
    ), counted AS (
      SELECT l.patient_id, l.d, sp.days_of_week IS NOT NULL AS weekday, l.done, l.not_done,
             CASE WHEN sp.days_of_week IS NOT NULL THEN sp.times_per_day::int
                  ELSE greatest(sp.times_per_day::int, ceil(sp.times_per_week / 7.0)::int) END AS cap
        FROM logged l
        JOIN ${name(scope, 'reports_item_spans')}(${spansArgs(scope)}) sp
          ON sp.plan_item_id = l.plan_item_id AND l.d >= sp.span_from
         AND (sp.span_to IS NULL OR l.d <= sp.span_to)
       WHERE sp.days_of_week IS NULL
          OR extract(isodow FROM l.d)::smallint = ANY (sp.days_of_week)
    ), adherence AS (
      SELECT c.patient_id, c.d,
             sum(CASE WHEN c.weekday THEN least(c.done, c.cap) ELSE 0 END)::int AS wd_done,
             sum(CASE WHEN c.weekday THEN least(c.not_done, c.cap - least(c.done, c.cap)) ELSE 0 END)::int AS wd_skipped,
             sum(CASE WHEN c.weekday THEN 0 ELSE least(c.done, c.cap) END)::int AS wk_done,
             sum(CASE WHEN c.weekday THEN 0 ELSE least(c.not_done, c.cap - least(c.done, c.cap)) END)::int AS wk_skipped
        FROM counted c GROUP BY 1, 2
    ), sessions AS (
      SELECT s.patient_id, s.performed_on AS d, count(*)::int AS n
        FROM session_log s
       WHERE s.deleted_at IS NULL
         AND ${ofPatient(scope, 's.patient_id')} AND ${inRange(scope, 's.performed_on')}
       GROUP BY 1, 2
    ), pain AS (
      SELECT * FROM (
        SELECT e.patient_id, (e.recorded_at AT TIME ZONE pt.timezone)::date AS d,
               sum(e.score)::int AS total, count(*)::int AS n
          FROM pain_entry e
          JOIN patient pt ON pt.id = e.patient_id
         WHERE e.deleted_at IS NULL AND ${ofPatient(scope, 'e.patient_id')}${
           painRange === 'instants' ? recordedWithin : ''
         }
         GROUP BY 1, 2
      ) x WHERE ${inRange(scope, 'x.d')}
    ), measures AS (
      SELECT m.patient_id, m.recorded_on AS d, count(*)::int AS n
        FROM measure m
       WHERE m.deleted_at IS NULL
         AND ${ofPatient(scope, 'm.patient_id')} AND ${inRange(scope, 'm.recorded_on')}
       GROUP BY 1, 2
    ), days AS (
      SELECT patient_id, d FROM sessions
      UNION SELECT patient_id, d FROM pain
      UNION SELECT patient_id, d FROM measures
    )
    SELECT k.patient_id, k.d, pt.clinic_id,
           coalesce(p.total, 0), coalesce(p.n, 0), coalesce(s.n, 0), coalesce(m.n, 0),
           coalesce(a.wd_done, 0), coalesce(a.wd_skipped, 0),
           coalesce(a.wk_done, 0), coalesce(a.wk_skipped, 0)
      FROM days k
      JOIN patient pt ON pt.id = k.patient_id
      LEFT JOIN pain p ON p.patient_id = k.patient_id AND p.d = k.d
      LEFT JOIN sessions s ON s.patient_id = k.patient_id AND s.d = k.d
      LEFT JOIN measures m ON m.patient_id = k.patient_id AND m.d = k.d
      LEFT JOIN adherence a ON a.patient_id = k.patient_id AND a.d = k.d
  $$`;

// Migration 1764000000008's body.
const weeklyItemDays = (scope: Scope) => `
  CREATE OR REPLACE FUNCTION ${name(scope, 'reports_weekly_item_days')}(p_patient uuid, p_from date, p_to date)
  RETURNS TABLE (patient_id uuid, local_date date, plan_item_id uuid, clinic_id uuid, done integer)
  LANGUAGE sql STABLE AS $$
    SELECT l.patient_id, l.d, l.plan_item_id, pt.clinic_id,
           least(l.done, greatest(sp.times_per_day::int, ceil(sp.times_per_week / 7.0)::int))
      FROM (
        SELECT s.patient_id, s.performed_on AS d, li.plan_item_id, count(*)::int AS done
          FROM session_log s
          JOIN session_log_item li ON li.session_id = s.id
         WHERE s.deleted_at IS NULL AND li.completed
           AND ${ofPatient(scope, 's.patient_id')} AND ${inRange(scope, 's.performed_on')}
         GROUP BY 1, 2, 3
      ) l
      JOIN ${name(scope, 'reports_item_spans')}(${spansArgs(scope)}) sp
        ON sp.plan_item_id = l.plan_item_id AND l.d >= sp.span_from
       AND (sp.span_to IS NULL OR l.d <= sp.span_to)
      JOIN patient pt ON pt.id = l.patient_id
     WHERE sp.days_of_week IS NULL
  $$`;

const DAY_COLUMNS = [1, 2, 3, 4, 5, 6, 7].map((isodow) => `d${isodow}`);

// Migration 1764000000018's body.
const weeklyItemWeeks = (scope: Scope) => `
  CREATE OR REPLACE FUNCTION ${name(scope, 'reports_weekly_item_weeks')}(p_patient uuid, p_from date, p_to date)
  RETURNS TABLE (patient_id uuid, plan_item_id uuid, monday date, clinic_id uuid,
                 ${DAY_COLUMNS.map((day) => `${day} integer`).join(', ')},
                 in_force smallint, times_per_week smallint)
  LANGUAGE sql STABLE AS $$
    WITH weeks AS MATERIALIZED (
      WITH days AS MATERIALIZED (
        SELECT * FROM ${name(scope, 'reports_weekly_item_days')}(
          p_patient,
          p_from - (extract(isodow FROM p_from)::int - 1),
          p_to + (7 - extract(isodow FROM p_to)::int)))
      SELECT d.patient_id, d.plan_item_id,
             d.local_date - (extract(isodow FROM d.local_date)::int - 1) AS monday, d.clinic_id,
             ${DAY_COLUMNS.map(
               (_, i) =>
                 `coalesce(sum(d.done) FILTER (WHERE extract(isodow FROM d.local_date) = ${i + 1}), 0)::int`,
             ).join(',\n             ')}
        FROM days d
       GROUP BY d.patient_id, d.plan_item_id, 3, d.clinic_id)
    SELECT w.*, f.in_force, f.times_per_week
      FROM weeks w CROSS JOIN LATERAL reports_week_in_force(w.patient_id, w.plan_item_id, w.monday) f
  $$`;

// Migration 1764000000014's body.
const planItemSpans = (scope: Scope) => `
  CREATE OR REPLACE FUNCTION ${name(scope, 'reports_plan_item_spans')}(p_patient uuid)
  RETURNS TABLE (patient_id uuid, plan_item_id uuid, span_from date, clinic_id uuid,
                 span_to date, days_of_week smallint[], times_per_day smallint,
                 times_per_week smallint)
  LANGUAGE sql STABLE AS $$
    SELECT sp.patient_id, sp.plan_item_id, sp.span_from, pt.clinic_id, sp.span_to,
           sp.days_of_week, sp.times_per_day, sp.times_per_week
      FROM ${name(scope, 'reports_item_spans')}(${spansArgs(scope)}) sp
      JOIN patient pt ON pt.id = sp.patient_id
  $$`;

const FUNCTIONS = [
  activeSpans,
  itemSpans,
  patientDays,
  weeklyItemDays,
  weeklyItemWeeks,
  planItemSpans,
];

// Migration 1764000000013's body.
const refreshPatientDays = (scope: Scope) => `
  CREATE OR REPLACE FUNCTION reports_refresh_patient_days(p_patient uuid, p_from date, p_to date)
  RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    IF p_patient IS NULL THEN RETURN; END IF;
    -- Concurrent writes for one patient would both delete and then both insert the same
    -- day: one at a time per patient, until the writing transaction commits.
    PERFORM pg_advisory_xact_lock(hashtext('patient_day'), hashtext(p_patient::text));
    DELETE FROM patient_day
     WHERE patient_id = p_patient AND ${inRange(scope, 'local_date')};
    INSERT INTO patient_day SELECT * FROM ${name(scope, 'reports_patient_days')}(p_patient, p_from, p_to);
    -- Whole weeks: a week's row holds its seven days.
    DELETE FROM weekly_item_week
     WHERE patient_id = p_patient
       AND ${
         scope === 'one'
           ? `monday >= coalesce(p_from - (extract(isodow FROM p_from)::int - 1), '-infinity'::date)
       AND monday <= coalesce(p_to, 'infinity'::date)`
           : `(p_from IS NULL OR monday >= p_from - (extract(isodow FROM p_from)::int - 1))
       AND (p_to IS NULL OR monday <= p_to)`
       };
    INSERT INTO weekly_item_week SELECT * FROM ${name(scope, 'reports_weekly_item_weeks')}(p_patient, p_from, p_to);
  END
  $$`;

// Migration 1764000000018's body.
const refreshPlanItemSpans = (scope: Scope) => `
  CREATE OR REPLACE FUNCTION reports_refresh_plan_item_spans(p_patient uuid)
  RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    IF p_patient IS NULL THEN RETURN; END IF;
    PERFORM pg_advisory_xact_lock(hashtext('patient_day'), hashtext(p_patient::text));
    PERFORM pg_advisory_xact_lock(hashtext('plan_item_span'), hashtext(p_patient::text));
    DELETE FROM plan_item_span WHERE patient_id = p_patient;
    INSERT INTO plan_item_span SELECT * FROM ${name(scope, 'reports_plan_item_spans')}(p_patient);
    UPDATE weekly_item_week w SET in_force = f.in_force, times_per_week = f.times_per_week
      FROM weekly_item_week cur
      CROSS JOIN LATERAL reports_week_in_force(cur.patient_id, cur.plan_item_id, cur.monday) f
     WHERE cur.patient_id = p_patient AND w.patient_id = p_patient
       AND w.plan_item_id = cur.plan_item_id AND w.monday = cur.monday
       AND (w.in_force, w.times_per_week) IS DISTINCT FROM (f.in_force, f.times_per_week);
  END
  $$`;

/** Dependents first. */
const ONE_PATIENT_SIGNATURES = [
  'reports_one_plan_item_spans(uuid)',
  'reports_one_weekly_item_weeks(uuid, date, date)',
  'reports_one_weekly_item_days(uuid, date, date)',
  'reports_one_patient_days(uuid, date, date)',
  'reports_one_item_spans(uuid)',
  'reports_one_active_spans(uuid)',
];

export class OnePatientRollups1764000000022 implements MigrationInterface {
  name = 'OnePatientRollups1764000000022';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const scope of ['every', 'one'] as const)
      for (const create of FUNCTIONS) await queryRunner.query(create(scope));
    await queryRunner.query(refreshPatientDays('one'));
    await queryRunner.query(refreshPlanItemSpans('one'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(refreshPatientDays('every'));
    await queryRunner.query(refreshPlanItemSpans('every'));
    for (const signature of ONE_PATIENT_SIGNATURES)
      await queryRunner.query(`DROP FUNCTION ${signature}`);
  }
}
