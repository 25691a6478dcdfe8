import {
  DOSAGE_LIMITS,
  PLAN_TEMPLATES,
  addDays,
  isoWeekday,
  localDateOf,
  planFromTemplate,
  startOfLocalDay,
  type AdherencePlan,
  type IsoWeekday,
  type LocalDate,
  type PlanItemInput,
  type PlanStatus,
  type PlanTemplate,
} from '@rehabit/domain';
import { IdSpace, mix, mulberry32 } from './ids';

/**
 * The clinic network the seed writes: clinics of different sizes, their staff, and patients
 * with their plans (revisions, pauses, discharges) laid out over the history's days. Days are
 * numbered 0 … days − 1 in each patient's own time zone, the last one being their local today.
 */

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Therapists carry about this many patients with a home programme at once. */
const CASELOAD = 60;
/** A clinic network is about this many patients per clinic (the largest about 1.5 times it). */
export const PATIENTS_PER_CLINIC = 1000;
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Europe/London',
  'America/Los_Angeles',
  'Australia/Sydney',
];

export type Role = 'admin' | 'therapist' | 'patient';
export type Archetype = 'improving' | 'flat' | 'non_adherent' | 'spiky';

/** A time zone's calendar over the history: local date, ISO weekday and first instant of each day. */
export interface Zone {
  name: string;
  dates: LocalDate[];
  weekdays: number[];
  /** One more than `dates`: the day after today, for things logged the next morning. */
  midnights: number[];
}

export interface SeedUser {
  id: string;
  clinicId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: number;
  invitedBy: SeedUser | null;
  activatedAt: number;
}

export interface SeedClinic {
  index: number;
  id: string;
  name: string;
  zone: Zone;
  createdAt: number;
  ip: string;
  admins: SeedUser[];
  therapists: SeedUser[];
  patients: SeedPatient[];
}

/** A plan item's prescription, as stored (nulls where the API stores NULL). */
export interface ItemSpec {
  exerciseId: string;
  sets: number;
  reps: number | null;
  holdSeconds: number | null;
  side: string | null;
  daysOfWeek: readonly IsoWeekday[] | null;
  timesPerWeek: number | null;
  timesPerDay: number;
}

export interface SeedItem extends ItemSpec {
  id: string;
  position: number;
}

export interface SeedRevision {
  id: string;
  number: number;
  effectiveDay: number;
  note: string | null;
  createdAt: number;
  items: SeedItem[];
}

export interface SeedStatusChange {
  status: PlanStatus;
  day: number;
  at: number;
}

export interface SeedPlan {
  id: string;
  template: PlanTemplate;
  title: string;
  goal: string | null;
  startDay: number;
  /** Last day included, or null for an open-ended plan. */
  endDay: number | null;
  createdAt: number;
  revisions: SeedRevision[];
  statusChanges: SeedStatusChange[];
}

/** How a patient's year goes; fixed at the start so every pass of the generator agrees. */
export interface Course {
  archetype: Archetype;
  startPain: number;
  endPain: number;
  /** Days for the pain trend to close about two thirds of the gap. */
  tau: number;
  adherence: number;
  /** Non-adherent patients drop off: adherence falls to `lateAdherence` from this day. */
  dropOffDay: number;
  lateAdherence: number;
  doneRate: number;
  painRate: number;
  /** The day a red flag is reported, or −1. */
  redFlagDay: number;
  /** Discharge: the plan is completed on this day and logging stops soon after, or −1. */
  dischargeDay: number;
  slrBase: number;
  slrGain: number;
}

/** What a patient's day falls under: the plan, its revision in force, and schedule facts. */
export interface Prescription {
  plan: SeedPlan;
  revision: SeedRevision;
  /** Some item is due on fixed weekdays. */
  weekdayItems: boolean;
  /** Bit n set: a weekday item is due on ISO weekday n. */
  dueWeekdays: number;
  /** The highest `timesPerWeek` of the weekly items, 0 without any. */
  mostWeekly: number;
}

export interface SeedPatient {
  index: number;
  id: string;
  userId: string;
  user: SeedUser;
  clinic: SeedClinic;
  therapist: SeedUser;
  zone: Zone;
  name: string;
  dateOfBirth: LocalDate;
  condition: string;
  createdAt: number;
  ip: string;
  course: Course;
  plans: SeedPlan[];
  /** Per day of the history: null when nothing is prescribed (paused, completed, between plans). */
  prescribed: (Prescription | null)[];
}

export interface Network {
  now: number;
  days: number;
  clinics: SeedClinic[];
  patients: SeedPatient[];
  users: SeedUser[];
  /** Ids by table; the history's generator numbers its own rows in the same spaces. */
  ids: Record<
    | 'clinic'
    | 'user'
    | 'patient'
    | 'plan'
    | 'revision'
    | 'item'
    | 'session'
    | 'pain'
    | 'measure'
    | 'alert'
    | 'invitation',
    IdSpace
  >;
}

const FIRST_NAMES =
  'Anna Ben Chloe David Elena Felix Grace Hugo Ines Jonas Karin Leo Maria Noah Olivia Paul Rosa Samir Tara Umar Vera William Yara Zoe Aisha Bruno Carmen Daniel Emma Farid Greta Hannah Ivan Julia Kenji Lena Mateo Nora Oscar Priya'.split(
    ' ',
  );
const LAST_NAMES =
  'Adler Brown Costa Dubois Evans Fischer Garcia Hansen Ito Jones Kowalski Lopez Meyer Nguyen Okafor Petrov Quinn Rossi Schmidt Taylor Usman Varga Weber Xu Young Zimmermann Ahmed Becker Chen Novak'.split(
    ' ',
  );

/** Starting plans, by how often therapists pick them, with the condition they are for. */
const STARTS: readonly { templateId: string; weight: number; condition: string }[] = [
  {
    templateId: 'lbp-tight-hamstrings-starter',
    weight: 4,
    condition: 'Low back pain with tight hamstrings',
  },
  { templateId: 'hamstring-flexibility-6-weeks', weight: 2, condition: 'Tight hamstrings' },
  { templateId: 'core-stability', weight: 2, condition: 'Non-specific low back pain' },
  {
    templateId: 'desk-posture-reset',
    weight: 2,
    condition: 'Neck and upper back pain from desk work',
  },
];
/** After a plan with a set length, care continues with an open-ended one. */
const FOLLOW_UP = 'core-stability';

function template(id: string): PlanTemplate {
  const found = PLAN_TEMPLATES.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`Unknown plan template ${id}`);
  return found;
}

function zoneCalendar(name: string, now: number, days: number): Zone {
  const today = localDateOf(new Date(now), name);
  const first = addDays(today, 1 - days);
  const dates = Array.from({ length: days }, (_, d) => addDays(first, d));
  return {
    name,
    dates,
    weekdays: dates.map((date) => isoWeekday(date)),
    midnights: [...dates, addDays(today, 1)].map((date) => startOfLocalDay(date, name).getTime()),
  };
}

/** A local time on day `day` of a zone; days before the history count back from its first day. */
export function at(zone: Zone, day: number, hours: number): number {
  const midnight =
    day < 0 ? zone.midnights[0] + day * DAY_MS : zone.midnights[Math.min(day, zone.dates.length)];
  return Math.round(midnight + hours * HOUR_MS);
}

/** Patients per clinic: from 1.5 times the mean down to half of it, so sizes differ as in a real network. */
function clinicSizes(patients: number, clinics: number): number[] {
  const weights = Array.from({ length: clinics }, (_, c) =>
    clinics === 1 ? 1 : 1.5 - c / (clinics - 1),
  );
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const sizes = weights.map((weight) => Math.floor((patients * weight) / total));
  sizes[0] += patients - sizes.reduce((sum, size) => sum + size, 0);
  return sizes;
}

export function buildNetwork(options: {
  patients: number;
  days: number;
  clinics: number;
  now: number;
}): Network {
  const { days, now } = options;
  const zones = ZONES.map((name) => zoneCalendar(name, now, days));
  // Ids grow from the history's first day, like version 7 ids of rows written since then.
  const base = zones[0].midnights[0];
  const space = (kind: number) => new IdSpace(base, kind);
  const ids: Network['ids'] = {
    clinic: space(1),
    user: space(2),
    patient: space(3),
    plan: space(4),
    revision: space(5),
    item: space(6),
    session: space(7),
    pain: space(8),
    measure: space(9),
    alert: space(10),
    invitation: space(11),
  };
  const counters = { user: 0, plan: 0, revision: 0, item: 0 };
  const users: SeedUser[] = [];
  const random = mulberry32(20_260_101);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];

  const newUser = (
    clinicId: string,
    role: Role,
    name: string,
    email: string,
    createdAt: number,
    invitedBy: SeedUser | null,
  ): SeedUser => {
    const user: SeedUser = {
      id: ids.user.uuid(counters.user++),
      clinicId,
      email,
      name,
      role,
      createdAt,
      invitedBy,
      activatedAt: invitedBy
        ? Math.min(createdAt + Math.round((2 + random() * 40) * HOUR_MS), now)
        : createdAt,
    };
    users.push(user);
    return user;
  };

  const clinics: SeedClinic[] = [];
  const patients: SeedPatient[] = [];
  for (const [c, size] of clinicSizes(options.patients, options.clinics).entries()) {
    const zone = zones[c % zones.length];
    const id = ids.clinic.uuid(c);
    const createdAt = at(zone, -60, 9.5);
    const clinic: SeedClinic = {
      index: c,
      id,
      name: `${LAST_NAMES[(c * 7) % LAST_NAMES.length]} Physiotherapy ${c + 1}`,
      zone,
      createdAt,
      ip: `198.51.100.${(c % 254) + 1}`,
      admins: [],
      therapists: [],
      patients: [],
    };
    clinics.push(clinic);
    const admin = newUser(
      id,
      'admin',
      `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
      `admin${c + 1}@demo.rehabit.test`,
      createdAt,
      null,
    );
    clinic.admins.push(admin);
    for (let a = 1; a < Math.ceil(size / 1000); a++)
      clinic.admins.push(
        newUser(
          id,
          'admin',
          `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
          `admin${c + 1}-${a + 1}@demo.rehabit.test`,
          at(zone, -59 + a, 10),
          admin,
        ),
      );
    const therapistCount = Math.max(1, Math.round(size / CASELOAD));
    for (let t = 0; t < therapistCount; t++)
      clinic.therapists.push(
        newUser(
          id,
          'therapist',
          `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
          `therapist${c + 1}-${String(t + 1).padStart(2, '0')}@demo.rehabit.test`,
          at(zone, -58 + (t % 28), 10 + (t % 6)),
          admin,
        ),
      );
    // Caseloads differ: part-timers carry fewer patients than full-timers.
    const shares = clinic.therapists.map(() => 0.6 + random() * 0.8);
    const shareTotal = shares.reduce((sum, share) => sum + share, 0);

    for (let k = 0; k < size; k++) {
      const index = patients.length;
      let draw = random() * shareTotal;
      let therapist = clinic.therapists[0];
      for (const [t, share] of shares.entries()) {
        draw -= share;
        if (draw <= 0) {
          therapist = clinic.therapists[t];
          break;
        }
      }
      // Most patients live in their clinic's zone; a few moved or travel.
      const patientZone = random() < 0.05 ? pick(zones) : zone;
      const first = pick(FIRST_NAMES);
      const last = pick(LAST_NAMES);
      // Enrolled the day before the history starts; the first plan starts the next day.
      const createdAt = at(zone, -1, 8 + random() * 9);
      const user = newUser(
        id,
        'patient',
        `${first} ${last}`,
        `${first}.${last}.${index + 1}@patients.demo.rehabit.test`.toLowerCase(),
        createdAt,
        therapist,
      );
      const patient: SeedPatient = {
        index,
        id: ids.patient.uuid(index),
        userId: user.id,
        user,
        clinic,
        therapist,
        zone: patientZone,
        name: user.name,
        dateOfBirth: addDays('1950-01-01', Math.floor(random() * 50 * 365)),
        condition: '',
        createdAt,
        ip: `203.0.113.${(index % 254) + 1}`,
        course: course(index, days),
        plans: [],
        prescribed: [],
      };
      patient.plans = plansFor(patient, days, now, ids, counters);
      patient.prescribed = prescriptions(patient.plans, days);
      patients.push(patient);
      clinic.patients.push(patient);
    }
  }
  return { now, days, clinics, patients, users, ids };
}

/**
 * Discharge day, or −1: well after any follow-up plan has started (day 42 at the latest). Half
 * of those who drop off are discharged one to three months later, and one in twelve of the rest
 * in the second half of the year.
 */
function discharge(dropOffDay: number, days: number, random: () => number): number {
  if (dropOffDay < days && random() < 0.5) {
    const day = Math.max(56, dropOffDay + 30 + Math.floor(random() * 60));
    return day < days - 5 ? day : -1;
  }
  return random() < 0.08 && days >= 180 ? 120 + Math.floor(random() * (days - 130)) : -1;
}

function course(index: number, days: number): Course {
  const random = mulberry32(mix(index * 7 + 1));
  const r = random();
  const archetype: Archetype =
    r < 0.55 ? 'improving' : r < 0.75 ? 'flat' : r < 0.9 ? 'non_adherent' : 'spiky';
  const startPain = 4 + random() * 4;
  const fall = {
    improving: 2 + random() * 3,
    flat: random() - 0.5,
    non_adherent: random() * 1.5,
    spiky: 1 + random() * 2,
  }[archetype];
  const adherence = {
    improving: 0.8 + random() * 0.17,
    flat: 0.55 + random() * 0.25,
    non_adherent: 0.35 + random() * 0.25,
    spiky: 0.6 + random() * 0.25,
  }[archetype];
  const dropOffDay = archetype === 'non_adherent' ? 14 + Math.floor(random() * 46) : days;
  return {
    archetype,
    startPain,
    endPain: Math.max(0.3, startPain - fall),
    tau: 30 + random() * 90,
    adherence,
    dropOffDay,
    lateAdherence: 0.05 + random() * 0.15,
    doneRate: { improving: 0.93, flat: 0.85, non_adherent: 0.7, spiky: 0.88 }[archetype],
    painRate: { improving: 0.8, flat: 0.7, non_adherent: 0.3, spiky: 0.8 }[archetype],
    redFlagDay: random() < 0.02 && days > 20 ? 14 + Math.floor(random() * (days - 14)) : -1,
    dischargeDay: discharge(dropOffDay, days, random),
    slrBase: 45 + Math.round(random() * 20),
    slrGain: {
      improving: 15 + random() * 10,
      flat: random() * 4,
      non_adherent: random() * 3,
      spiky: 5 + random() * 7,
    }[archetype],
  };
}

function specOf(item: PlanItemInput): ItemSpec {
  return {
    exerciseId: item.exerciseId,
    sets: item.sets,
    reps: item.reps ?? null,
    holdSeconds: item.holdSeconds ?? null,
    side: item.side ?? null,
    daysOfWeek: item.daysOfWeek ?? null,
    timesPerWeek: item.timesPerWeek ?? null,
    timesPerDay: item.timesPerDay ?? 1,
  };
}

/** A progression: two more repetitions and five seconds longer holds, within the API's limits. */
function progressed(item: ItemSpec): ItemSpec {
  return {
    ...item,
    reps: item.reps === null ? null : Math.min(DOSAGE_LIMITS.reps.max, item.reps + 2),
    holdSeconds:
      item.holdSeconds === null
        ? null
        : Math.min(DOSAGE_LIMITS.holdSeconds.max, item.holdSeconds + 5),
  };
}

/**
 * A starting plan from a template; after one with a set length (six weeks) an open-ended
 * follow-up. The open-ended plan is progressed every 8 to 12 weeks, one patient in ten pauses it
 * for one to three weeks, and discharged patients have it completed.
 */
function plansFor(
  patient: SeedPatient,
  days: number,
  now: number,
  ids: Network['ids'],
  counters: { plan: number; revision: number; item: number },
): SeedPlan[] {
  const random = mulberry32(mix(patient.index * 7 + 2));
  const zone = patient.zone;
  let draw = random() * STARTS.reduce((sum, start) => sum + start.weight, 0);
  const start = STARTS.find((candidate) => (draw -= candidate.weight) <= 0) ?? STARTS[0];
  patient.condition = start.condition;

  const newRevision = (
    number: number,
    effectiveDay: number,
    items: readonly ItemSpec[],
    note: string | null,
    createdAt: number,
  ): SeedRevision => ({
    id: ids.revision.uuid(counters.revision++),
    number,
    effectiveDay,
    note,
    createdAt,
    items: items.map((item, position) => ({
      ...item,
      id: ids.item.uuid(counters.item++),
      position,
    })),
  });

  const newPlan = (chosen: PlanTemplate, startDay: number, createdAt: number): SeedPlan => {
    const input = planFromTemplate(chosen, zone.dates[startDay]);
    return {
      id: ids.plan.uuid(counters.plan++),
      template: chosen,
      title: input.title,
      goal: input.goal ?? null,
      startDay,
      endDay: chosen.durationWeeks === null ? null : startDay + 7 * chosen.durationWeeks - 1,
      createdAt,
      revisions: [newRevision(1, startDay, chosen.items.map(specOf), null, createdAt)],
      statusChanges: [{ status: 'active', day: startDay, at: createdAt }],
    };
  };

  const plans = [newPlan(template(start.templateId), 0, patient.createdAt + 20 * 60_000)];
  let current = plans[0];
  if (current.endDay !== null && current.endDay + 1 < days) {
    const day = current.endDay + 1;
    current = newPlan(template(FOLLOW_UP), day, at(zone, day - 1, 10 + random() * 6));
    plans.push(current);
  }
  const discharge = patient.course.dischargeDay;
  const lastDay = discharge >= 0 ? discharge : days;

  for (
    let day = current.startDay + 56 + Math.floor(random() * 28);
    day < lastDay && current.revisions.length < 5;
    day += 56 + Math.floor(random() * 28)
  ) {
    const latest = current.revisions[current.revisions.length - 1];
    current.revisions.push(
      newRevision(
        latest.number + 1,
        day,
        latest.items.map(progressed),
        'Progressed: two more repetitions and five seconds longer holds',
        // Prescribed the day before it applies (a revision may not take effect in the past).
        at(zone, day - 1, 9 + random() * 8),
      ),
    );
  }
  if (random() < 0.1 && lastDay - current.startDay > 70) {
    const from = current.startDay + 14 + Math.floor(random() * (lastDay - current.startDay - 60));
    const to = from + 7 + Math.floor(random() * 15);
    current.statusChanges.push({ status: 'paused', day: from, at: at(zone, from, 8 + random()) });
    // Resumed in the morning, or by now when that is today.
    if (to < days)
      current.statusChanges.push({
        status: 'active',
        day: to,
        at: Math.min(at(zone, to, 8 + random()), now - 60_000),
      });
  }
  if (discharge >= 0)
    current.statusChanges.push({
      status: 'completed',
      day: discharge,
      at: at(zone, discharge, 11 + random() * 5),
    });
  return plans;
}

/** Each day's plan, revision and status: a plan applies from its start to its end date, in active status. */
function prescriptions(plans: readonly SeedPlan[], days: number): (Prescription | null)[] {
  const shared = new Map<SeedRevision, Prescription>();
  return Array.from({ length: days }, (_, day) => {
    const plan = plans.find(
      (candidate) =>
        day >= candidate.startDay && (candidate.endDay === null || day <= candidate.endDay),
    );
    if (!plan) return null;
    let status: PlanStatus = 'active';
    for (const change of plan.statusChanges) if (change.day <= day) status = change.status;
    if (status !== 'active') return null;
    let revision = plan.revisions[0];
    for (const candidate of plan.revisions) if (candidate.effectiveDay <= day) revision = candidate;
    let prescription = shared.get(revision);
    if (!prescription) {
      prescription = {
        plan,
        revision,
        weekdayItems: revision.items.some((item) => item.daysOfWeek !== null),
        dueWeekdays: revision.items.reduce(
          (bits, item) => (item.daysOfWeek ?? []).reduce((all, day) => all | (1 << day), bits),
          0,
        ),
        mostWeekly: Math.max(0, ...revision.items.map((item) => item.timesPerWeek ?? 0)),
      };
      shared.set(revision, prescription);
    }
    return prescription;
  });
}

/** The plans as @rehabit/domain's adherence rules read them (what the API loads from the database). */
export function adherencePlans(patient: SeedPatient): AdherencePlan[] {
  return patient.plans.map((plan) => ({
    startDate: patient.zone.dates[plan.startDay],
    ...(plan.endDay !== null && { endDate: addDays(patient.zone.dates[0], plan.endDay) }),
    revisions: plan.revisions.map((revision) => ({
      number: revision.number,
      effectiveFrom: patient.zone.dates[revision.effectiveDay],
      items: revision.items.map((item) => ({
        id: item.id,
        exerciseId: item.exerciseId,
        sets: item.sets,
        timesPerDay: item.timesPerDay,
        ...(item.daysOfWeek !== null
          ? { daysOfWeek: item.daysOfWeek }
          : { timesPerWeek: item.timesPerWeek ?? 1 }),
      })),
    })),
    statusChanges: plan.statusChanges.map((change) => ({
      status: change.status,
      at: new Date(change.at).toISOString(),
    })),
  }));
}
