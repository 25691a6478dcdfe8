import { RED_FLAGS, scoreOdi, type OdiBand, type RedFlag } from '@rehabit/domain';
import { mix, mulberry32 } from './ids';
import {
  at,
  type Network,
  type SeedItem,
  type SeedPatient,
  type SeedPlan,
  type SeedRevision,
  type SeedUser,
} from './network';

/**
 * The patients' days, generated day by day across all patients — the order real writes arrive
 * in, so tables and indexes end up laid out as a live database's would. Every figure comes from
 * a generator seeded by (patient, day), so each pass over the history (one per table the load
 * streams) sees the same events and numbers the rows identically.
 */

export interface LoggedItem {
  item: SeedItem;
  completed: boolean;
  setsDone: number | null;
  repsDone: number | null;
  holdSecondsDone: number | null;
}

/** A later correction of a session by whoever logged it: an update, or a soft delete. */
export interface Correction {
  change: 'updated' | 'deleted';
  at: number;
  fields: string[];
  painAfter: number | null;
  durationMinutes: number | null;
  reason: string | null;
}

export interface SessionEvent {
  n: number;
  day: number;
  plan: SeedPlan;
  revision: SeedRevision;
  painBefore: number | null;
  painAfter: number | null;
  durationMinutes: number | null;
  notes: string | null;
  loggedBy: SeedUser;
  createdAt: number;
  items: LoggedItem[];
  correction: Correction | null;
}

export interface PainEvent {
  n: number;
  day: number;
  recordedAt: number;
  createdAt: number;
  score: number;
  context: string | null;
  redFlags: RedFlag[];
  recordedBy: SeedUser;
}

export interface MeasureEvent {
  n: number;
  day: number;
  type: 'odi' | 'slr';
  side: 'left' | 'right' | null;
  value: number | null;
  answers: (number | null)[] | null;
  score: number | null;
  band: OdiBand | null;
  recordedBy: SeedUser;
  createdAt: number;
}

/** What a pass wants to hear about; events of a patient's day arrive in time order. */
export interface Visitor {
  /** Before any event of the day (the hourly missed-sessions sweep runs at the day's start). */
  dayStart?(day: number): void;
  session?(patient: SeedPatient, session: SessionEvent): void;
  pain?(patient: SeedPatient, entry: PainEvent): void;
  measure?(patient: SeedPatient, measure: MeasureEvent): void;
  /** After every patient's day. */
  dayEnd?(day: number): void;
}

const NOTES = [
  'Felt easier than last week',
  'Hamstrings tight in the morning',
  'Did it after work',
  'Short on time today',
  'Back a bit stiff afterwards',
  'Good session',
];
const PAIN_CONTEXTS = [
  'After gardening',
  'Long drive today',
  'Slept badly',
  'Sat at the desk all day',
  'After a long walk',
  'Lifted boxes',
];
const DELETE_REASONS = ['Logged twice by mistake', 'Wrong day', 'Logged for the wrong exercise'];
const RED_FLAG_CONTEXTS: Readonly<Record<RedFlag, string>> = {
  bladder_bowel_change: 'Trouble passing urine since yesterday',
  saddle_numbness: 'Numb around the groin this morning',
  leg_weakness: 'Left foot keeps catching on the stairs',
  fever_weight_loss: 'Fever for three days and lost weight',
  night_pain: 'Woke up twice with pain in the night',
};
/** Flare-ups of patients prone to them: how often one starts, and what it adds to pain. */
const FLARE_CHANCE = 0.025;
const FLARE_POINTS = 3.5;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** A uniform number for (patient, day, slot) without a generator: flare-ups look back a day. */
function uniform(patient: number, day: number, slot: number): number {
  return mix(mix(patient * 4096 + day) + slot * 0x9e3779b9) / 4294967296;
}

function flaring(patient: SeedPatient, day: number): boolean {
  if (patient.course.archetype !== 'spiky') return false;
  return (
    uniform(patient.index, day, 1) < FLARE_CHANCE ||
    (day > 0 && uniform(patient.index, day - 1, 1) < FLARE_CHANCE)
  );
}

/** The pain trend: from startPain towards endPain, most of the change in the first weeks. */
function painTrend(patient: SeedPatient, day: number): number {
  const { startPain, endPain, tau } = patient.course;
  return endPain + (startPain - endPain) * Math.exp(-day / tau);
}

/**
 * Walks the history day by day, each day over every patient, telling `visitor` what happened.
 * Yields after each day so a caller can flush what it has gathered.
 */
export function* history(network: Network, visitor: Visitor): Generator<number> {
  const counters = { session: 0, pain: 0, measure: 0 };
  for (let day = 0; day < network.days; day++) {
    visitor.dayStart?.(day);
    for (const patient of network.patients) patientDay(network, patient, day, visitor, counters);
    visitor.dayEnd?.(day);
    yield day;
  }
}

function patientDay(
  network: Network,
  patient: SeedPatient,
  day: number,
  visitor: Visitor,
  counters: { session: number; pain: number; measure: number },
): void {
  const random = mulberry32(mix(patient.index * 4096 + day));
  const { course, zone, user, therapist } = patient;
  const weekday = zone.weekdays[day];
  const workday = weekday <= 5;
  const discharged = course.dischargeDay >= 0 && day >= course.dischargeDay;
  const pain = painTrend(patient, day) + (flaring(patient, day) ? FLARE_POINTS : 0);
  const painToday = () => clamp(Math.round(pain + (random() - 0.5) * 2), 0, 10);
  const done = (time: number) => time <= network.now;

  // Pain: most evenings, some mornings, now and then both; after discharge rarely, then never.
  const painRate = discharged ? (day - course.dischargeDay < 14 ? 0.1 : 0) : course.painRate;
  const times: number[] = [];
  if (random() < painRate) {
    const evening = random() < 0.8;
    times.push(at(zone, day, evening ? 18 + random() * 5 : 7 + random() * 3));
    if (random() < 0.05) times.push(at(zone, day, evening ? 7 + random() * 3 : 19 + random() * 3));
    times.sort((a, b) => a - b);
  }
  const redFlag = day === course.redFlagDay;
  if (redFlag && times.length === 0) times.push(at(zone, day, 8 + random() * 3));
  for (const [k, recordedAt] of times.entries()) {
    const byTherapist = workday && random() < 0.04;
    const flag: RedFlag | null =
      redFlag && k === 0
        ? random() < 0.5
          ? 'night_pain'
          : RED_FLAGS[Math.floor(random() * 4)]
        : null;
    const entry: PainEvent = {
      n: 0,
      day,
      recordedAt: byTherapist ? at(zone, day, 9 + random() * 8) : recordedAt,
      createdAt: 0,
      score: flag ? Math.max(7, painToday()) : painToday(),
      context: flag
        ? RED_FLAG_CONTEXTS[flag]
        : random() < 0.04
          ? pick(PAIN_CONTEXTS, random)
          : null,
      redFlags: flag ? [flag] : [],
      recordedBy: byTherapist ? therapist : user,
    };
    entry.createdAt = entry.recordedAt + Math.floor(random() * 60_000);
    if (!done(entry.createdAt)) continue;
    entry.n = counters.pain++;
    visitor.pain?.(patient, entry);
  }

  const current = patient.prescribed[day];
  if (current) {
    const { plan, revision } = current;
    const adherence =
      (day >= course.dropOffDay ? course.lateAdherence : course.adherence) *
      (1 - (0.15 * day) / network.days);
    const everyDay = current.weekdayItems || current.mostWeekly >= 5;
    // A few times a week means fixed days for most: Monday, Wednesday, Friday or the day after.
    const usualDay =
      (weekday - 1 - (patient.index % 2)) % 2 === 0 && weekday - (patient.index % 2) <= 5;
    const chance = adherence * (everyDay ? (workday ? 0.95 : 0.3) : usualDay ? 1 : 0.08);
    if (random() < chance) {
      const items = revision.items.filter((item) =>
        item.daysOfWeek !== null
          ? item.daysOfWeek.includes(weekday as never)
          : random() < ((item.timesPerWeek ?? 0) >= 5 ? 0.95 : everyDay ? 0.6 : 0.9),
      );
      const twice = items.filter((item) => item.timesPerDay >= 2);
      logSession(items, false);
      if (twice.length > 0 && random() < 0.35 * adherence) logSession(twice, true);
    }

    function logSession(items: SeedItem[], second: boolean): void {
      if (items.length === 0) return;
      const byTherapist = !second && workday && random() < 0.06;
      const createdAt = byTherapist
        ? at(zone, day, 9 + random() * 8)
        : second
          ? at(zone, day, 20 + random() * 3)
          : random() < 0.85
            ? at(zone, day, 17 + random() * 3)
            : at(zone, day + 1, 7 + random() * 3);
      const withPain = random() < 0.7;
      const painBefore = withPain ? painToday() : null;
      const session: SessionEvent = {
        n: 0,
        day,
        plan,
        revision,
        painBefore,
        painAfter: painBefore === null ? null : Math.max(0, painBefore - (random() < 0.5 ? 1 : 0)),
        durationMinutes: clamp(Math.round(4 + 3.5 * items.length + random() * 10), 1, 600),
        notes: random() < 0.03 ? pick(NOTES, random) : null,
        loggedBy: byTherapist ? therapist : user,
        createdAt,
        items: items.map((item) => {
          const completed = random() < course.doneRate;
          return {
            item,
            completed,
            setsDone: completed
              ? item.sets
              : random() < 0.5
                ? Math.floor(random() * item.sets)
                : null,
            repsDone:
              completed && item.reps !== null
                ? random() < 0.85
                  ? item.reps
                  : Math.max(1, item.reps - 2)
                : null,
            holdSecondsDone: completed ? item.holdSeconds : null,
          };
        }),
        correction: null,
      };
      const r = random();
      if (r < 0.004) {
        session.correction = {
          change: 'deleted',
          at: createdAt + Math.round((0.5 + random() * 23) * 3_600_000),
          fields: [],
          painAfter: session.painAfter,
          durationMinutes: session.durationMinutes,
          reason: pick(DELETE_REASONS, random),
        };
      } else if (r < 0.024) {
        const painAfter =
          session.painAfter === null ? painToday() : clamp(session.painAfter + 1, 0, 10);
        const longer = random() < 0.5;
        session.correction = {
          change: 'updated',
          at: createdAt + Math.round((1 + random() * 29) * 3_600_000),
          fields: [longer ? 'durationMinutes' : 'painAfter'],
          painAfter: longer ? session.painAfter : painAfter,
          durationMinutes: longer
            ? clamp((session.durationMinutes ?? 0) + 5, 1, 600)
            : session.durationMinutes,
          reason: null,
        };
      }
      if (!done(createdAt)) return;
      if (session.correction && !done(session.correction.at)) session.correction = null;
      session.n = counters.session++;
      visitor.session?.(patient, session);
    }
  }

  // Measures while in care: ODI every four weeks (answered by the patient), the straight-leg
  // raise on both sides every six weeks (by the therapist).
  if (discharged) return;
  if (day % 28 === 0 && random() < (course.archetype === 'non_adherent' ? 0.5 : 0.9)) {
    const total = clamp(Math.round(pain * 5 + (random() - 0.5) * 6), 0, 50);
    const answers: (number | null)[] = Array.from({ length: 10 }, (_, section) =>
      Math.min(5, Math.floor(total / 10) + (section < total % 10 ? 1 : 0)),
    );
    if (random() < 0.1) answers[7] = null;
    const scored = scoreOdi(answers, { maxSkipped: 1 });
    const createdAt = at(zone, day, 19 + random() * 2);
    if (scored.ok && done(createdAt))
      visitor.measure?.(patient, {
        n: counters.measure++,
        day,
        type: 'odi',
        side: null,
        value: null,
        answers,
        score: scored.score,
        band: scored.band,
        recordedBy: user,
        createdAt,
      });
  }
  if (day % 42 === 0) {
    const createdAt = at(zone, day, 9 + random() * 8);
    const left =
      course.slrBase +
      course.slrGain * (1 - Math.exp(-day / 90)) +
      Math.round((random() - 0.5) * 4);
    for (const [side, value] of [
      ['left', left],
      ['right', left + 2 + Math.round(random() * 4)],
    ] as const)
      if (done(createdAt))
        visitor.measure?.(patient, {
          n: counters.measure++,
          day,
          type: 'slr',
          side,
          value: Math.round(value),
          answers: null,
          score: null,
          band: null,
          recordedBy: therapist,
          createdAt: createdAt + (side === 'right' ? 90_000 : 0),
        });
  }
}

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)];
}
