/**
 * Fills a PostgreSQL database with realistic demo histories, fast:
 *
 *   DATABASE_URL=postgres://… npm run seed:demo -- --patients 10000 --days 365 [--clinics 1]
 *
 * PostgreSQL only: the embedded database (PGlite) is a single session and not meant for
 * millions of rows. Runs the app's migrations first, then writes clinics, staff, patients, one
 * plan per patient from the built-in templates and, per day, sessions, pain entries and a
 * monthly ODI following archetypes (most improving, some flat, some non-adherent, a few pain
 * spikes and red flags), with COPY FROM STDIN. The roll-up triggers are bypassed during the
 * load (session_replication_role = replica) and `patient_day` is then filled in one statement
 * from `reports_patient_days`, which is much faster than a trigger per row.
 */
import {
  EXERCISE_CATALOG,
  PLAN_TEMPLATES,
  addDays,
  isoWeekday,
  scoreOdi,
  odiBand,
  type LocalDate,
  type PlanItemInput,
} from '@rehabit/domain';
import * as argon2 from 'argon2';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { typeOrmOptions } from '../../apps/api/src/app/database/typeorm-options';

const PASSWORD = 'demo password for Rehabit';
const ZONES = ['Europe/Berlin', 'America/New_York', 'Europe/London', 'America/Los_Angeles'];

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

/** Deterministic PRNG so two runs give the same data set. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Archetype = 'improving' | 'flat' | 'non_adherent' | 'spiky';

const esc = (v: unknown) => (v === null || v === undefined ? '\\N' : String(v));
const line = (...cells: unknown[]) => cells.map(esc).join('\t') + '\n';

async function copy(client: Client, sql: string, chunks: AsyncIterable<string> | Iterable<string>) {
  const stream = client.query(copyFrom(sql));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
}

async function main(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  if (!url) {
    console.error(
      'DATABASE_URL (PostgreSQL) is required: the embedded database is not for this scale.',
    );
    process.exit(2);
  }
  const patientsPerClinicTotal = arg('patients', 1000);
  const days = arg('days', 365);
  const clinics = arg('clinics', 1);
  const started = Date.now();
  const lap = (label: string) =>
    console.log(`${label.padEnd(28)} ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const dataSource = new DataSource({
    ...typeOrmOptions({ databaseUrl: url, dbPoolSize: 2, dbStatementTimeoutMs: 0 }, null),
    logging: ['error'],
  });
  await dataSource.initialize();
  await dataSource.destroy();
  lap('migrations');

  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`SET session_replication_role = replica`);
  await client.query(`SET statement_timeout = 0`);
  // Built-in exercises (the app upserts them in full at start-up).
  for (const exercise of EXERCISE_CATALOG)
    await client.query(
      `INSERT INTO exercise (id, name, category, regions, instructions, cautions, default_dosage, default_schedule)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
      [
        exercise.id,
        exercise.name,
        exercise.category,
        exercise.regions,
        JSON.stringify(exercise.instructions),
        JSON.stringify(exercise.cautions ?? []),
        JSON.stringify(exercise.defaultDosage ?? null),
        JSON.stringify(exercise.defaultSchedule),
      ],
    );

  const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id });
  const random = mulberry32(7);
  const today = new Date().toISOString().slice(0, 10) as LocalDate;
  const first = addDays(today, 1 - days);
  const counts = { patients: 0, sessions: 0, sessionItems: 0, pain: 0, measures: 0 };
  const signIns: string[] = [];
  const tag = Date.now().toString(36);

  for (let c = 0; c < clinics; c++) {
    const clinicId = randomUUID();
    const nPatients = Math.ceil(patientsPerClinicTotal / clinics);
    await client.query(`INSERT INTO clinic (id, name, timezone) VALUES ($1, $2, 'Europe/Berlin')`, [
      clinicId,
      `Demo clinic ${c + 1}`,
    ]);
    const adminId = randomUUID();
    const adminEmail = `admin${c + 1}.${tag}@demo.rehabit.test`;
    const therapists = Array.from({ length: Math.max(1, Math.ceil(nPatients / 150)) }, (_, i) => ({
      id: randomUUID(),
      email: `therapist${c + 1}-${i + 1}.${tag}@demo.rehabit.test`,
      name: `Therapist ${c + 1}-${String(i + 1).padStart(3, '0')}`,
    }));
    await copy(
      client,
      `COPY app_user (id, clinic_id, email, display_name, role, password_hash) FROM STDIN`,
      [
        line(adminId, clinicId, adminEmail, `Admin ${c + 1}`, 'admin', hash),
        ...therapists.map((t) => line(t.id, clinicId, t.email, t.name, 'therapist', hash)),
      ],
    );
    signIns.push(`clinic ${c + 1}: admin ${adminEmail}, therapist ${therapists[0].email}`);

    const patients = Array.from({ length: nPatients }, (_, i) => {
      const r = random();
      const archetype: Archetype =
        r < 0.6 ? 'improving' : r < 0.8 ? 'flat' : r < 0.95 ? 'non_adherent' : 'spiky';
      return {
        id: randomUUID(),
        userId: randomUUID(),
        therapistId: therapists[i % therapists.length].id,
        name: `Patient ${c + 1}-${String(i + 1).padStart(5, '0')}`,
        email: `patient${c + 1}-${i + 1}.${tag}@demo.rehabit.test`,
        zone: ZONES[i % ZONES.length],
        archetype,
        template: PLAN_TEMPLATES[i % PLAN_TEMPLATES.length],
        planId: randomUUID(),
        revisionId: randomUUID(),
        itemIds: [] as string[],
      };
    });
    if (c === 0) signIns.push(`patient ${patients[0].email}`);
    await copy(
      client,
      `COPY app_user (id, clinic_id, email, display_name, role, password_hash) FROM STDIN`,
      patients.map((p) => line(p.userId, clinicId, p.email, p.name, 'patient', hash)),
    );
    await copy(
      client,
      `COPY patient (id, clinic_id, user_id, therapist_id, display_name, timezone, condition) FROM STDIN`,
      patients.map((p) =>
        line(p.id, clinicId, p.userId, p.therapistId, p.name, p.zone, 'Low back pain'),
      ),
    );
    await copy(
      client,
      `COPY plan (id, clinic_id, patient_id, title, start_date, template_id, created_by) FROM STDIN`,
      patients.map((p) =>
        line(p.planId, clinicId, p.id, p.template.name, first, null, p.therapistId),
      ),
    );
    await copy(
      client,
      `COPY plan_revision (id, plan_id, number, effective_from, author_id) FROM STDIN`,
      patients.map((p) => line(p.revisionId, p.planId, 1, first, p.therapistId)),
    );
    await copy(
      client,
      `COPY plan_status_change (plan_id, status, changed_by, changed_at) FROM STDIN`,
      patients.map((p) => line(p.planId, 'active', p.therapistId, `${first}T08:00:00Z`)),
    );
    const itemLines: string[] = [];
    for (const p of patients)
      p.template.items.forEach((item: PlanItemInput, position) => {
        const id = randomUUID();
        p.itemIds.push(id);
        itemLines.push(
          line(
            id,
            p.revisionId,
            position,
            item.exerciseId,
            item.sets,
            item.reps ?? null,
            item.holdSeconds ?? null,
            item.side ?? null,
            item.daysOfWeek ? `{${item.daysOfWeek.join(',')}}` : null,
            item.timesPerWeek ?? null,
            item.timesPerDay ?? 1,
          ),
        );
      });
    await copy(
      client,
      `COPY plan_item (id, revision_id, position, exercise_id, sets, reps, hold_seconds, side, days_of_week, times_per_week, times_per_day) FROM STDIN`,
      itemLines,
    );
    lap(`clinic ${c + 1}: people and plans`);

    // Daily histories, generated lazily so memory stays flat.
    const sessionsCopy = client.query(
      copyFrom(
        `COPY session_log (id, clinic_id, patient_id, plan_id, plan_revision_id, performed_on, plan_status, pain_before, pain_after, duration_minutes, logged_by, logged_by_role) FROM STDIN`,
      ),
    );
    const sessionItems: string[] = [];
    const painLines: string[] = [];
    const measureLines: string[] = [];
    function* sessionRows(): Generator<string> {
      for (const p of patients) {
        const adherence =
          p.archetype === 'non_adherent' ? 0.15 + random() * 0.2 : 0.55 + random() * 0.4;
        const startPain = 5 + Math.floor(random() * 4);
        const endPain =
          p.archetype === 'improving'
            ? Math.max(0, startPain - 2 - Math.floor(random() * 4))
            : startPain;
        const startOdi = 30 + Math.floor(random() * 30);
        for (let d = 0; d < days; d++) {
          const date = addDays(first, d);
          const progress = d / Math.max(1, days - 1);
          let pain = startPain + (endPain - startPain) * progress + (random() - 0.5) * 2;
          const spike = p.archetype === 'spiky' && random() < 0.03;
          if (spike) pain += 3;
          const score = Math.max(0, Math.min(10, Math.round(pain)));
          if (random() < (p.archetype === 'non_adherent' ? 0.3 : 0.8)) {
            const hour = 7 + Math.floor(random() * 13);
            const flags = spike && random() < 0.2 ? '{night_pain}' : '{}';
            painLines.push(
              line(
                randomUUID(),
                clinicId,
                p.id,
                `${date}T${String(hour).padStart(2, '0')}:15:00Z`,
                score,
                null,
                flags,
                p.userId,
                'patient',
              ),
            );
          }
          if (d % 30 === 0) {
            const target = p.archetype === 'improving' ? startOdi - 20 * progress : startOdi;
            const perSection = Math.max(0, Math.min(5, Math.round(target / 20)));
            const answers = Array.from({ length: 10 }, (_, i) =>
              Math.max(0, Math.min(5, perSection + (i % 3 === 0 ? 1 : 0) - (i % 4 === 0 ? 1 : 0))),
            );
            const scored = scoreOdi(answers, { maxSkipped: 1 });
            const odi = 'score' in scored ? (scored.score as number) : 40;
            measureLines.push(
              line(
                randomUUID(),
                clinicId,
                p.id,
                'odi',
                date,
                null,
                null,
                `{${answers.join(',')}}`,
                odi,
                odiBand(odi),
                p.userId,
                'patient',
              ),
            );
          }
          if (random() >= adherence) continue;
          const weekday = isoWeekday(date);
          const sessionId = randomUUID();
          let any = false;
          p.template.items.forEach((item, i) => {
            if (item.daysOfWeek && !item.daysOfWeek.includes(weekday)) return;
            any = true;
            sessionItems.push(line(sessionId, p.itemIds[i], i, random() < 0.92 ? 't' : 'f'));
          });
          if (!any) continue;
          yield line(
            sessionId,
            clinicId,
            p.id,
            p.planId,
            p.revisionId,
            date,
            'active',
            score,
            Math.max(0, score - 1),
            20,
            p.userId,
            'patient',
          );
        }
      }
    }
    await pipeline(Readable.from(sessionRows()), sessionsCopy);
    counts.sessions += 0;
    lap(`clinic ${c + 1}: sessions`);
    await copy(
      client,
      `COPY session_log_item (session_id, plan_item_id, position, completed) FROM STDIN`,
      chunked(sessionItems),
    );
    counts.sessionItems += sessionItems.length;
    lap(`clinic ${c + 1}: session items`);
    await copy(
      client,
      `COPY pain_entry (id, clinic_id, patient_id, recorded_at, score, context, red_flags, recorded_by, recorded_by_role) FROM STDIN`,
      chunked(painLines),
    );
    await copy(
      client,
      `COPY measure (id, clinic_id, patient_id, type, recorded_on, side, value, answers, score, band, recorded_by, recorded_by_role) FROM STDIN`,
      chunked(measureLines),
    );
    counts.patients += patients.length;
    counts.pain += painLines.length;
    counts.measures += measureLines.length;
    lap(`clinic ${c + 1}: pain and measures`);
  }
  const [{ n }] = (await client.query(`SELECT count(*)::int AS n FROM session_log`)).rows;
  counts.sessions = n;

  await client.query(`SET session_replication_role = origin`);
  await client.query(`DELETE FROM patient_day`);
  await client.query(
    `INSERT INTO patient_day SELECT * FROM reports_patient_days(NULL, NULL, NULL)`,
  );
  lap('patient_day roll-up');
  await client.query(`ANALYZE`);
  lap('analyze');
  await client.end();

  const seconds = (Date.now() - started) / 1000;
  const rows =
    counts.patients + counts.sessions + counts.sessionItems + counts.pain + counts.measures;
  console.log(
    JSON.stringify({
      ...counts,
      days,
      clinics,
      rows,
      seconds: Number(seconds.toFixed(1)),
      rowsPerSecond: Math.round(rows / seconds),
    }),
  );
  console.log(`Sign in with password "${PASSWORD}":\n  ${signIns.join('\n  ')}`);
}

/** Joins lines into ~1 MB chunks so COPY gets few large writes. */
function* chunked(lines: string[]): Generator<string> {
  let chunk = '';
  for (const l of lines) {
    chunk += l;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
