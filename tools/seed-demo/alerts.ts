import {
  ALERT_URGENCY,
  DEFAULT_THRESHOLDS,
  missedSessionsAlert,
  painSpikeAlert,
  redFlagAlert,
  type AdherencePlan,
  type AlertCandidate,
  type AlertKind,
  type LocalDate,
  type LoggedSession,
  type RedFlag,
} from '@rehabit/domain';
import { mix, mulberry32 } from './ids';
import type { PainEvent, SessionEvent, Visitor } from './history';
import { adherencePlans, at, type SeedPatient, type SeedUser } from './network';

/**
 * The alerts the API would have raised over the history, by @rehabit/domain's own rules: a
 * red flag or a pain spike when a pain entry is written (PainService), missed sessions from the
 * hourly sweep (AlertsSweepService). One open alert per patient and kind takes further
 * occurrences (count + 1, as AlertsService.raise does); therapists acknowledge alerts after a
 * while, and the next occurrence opens a new one.
 */

export interface SeedAlert {
  n: number;
  patient: SeedPatient;
  kind: AlertKind;
  urgency: 'urgent' | 'routine';
  detail: {
    summary: string;
    date: LocalDate;
    redFlags?: RedFlag[];
    painEntryIds?: string[];
    count: number;
  };
  createdAt: number;
  updatedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: SeedUser | null;
}

export interface AlertEvent {
  at: number;
  action: 'alert.opened' | 'alert.updated' | 'alert.acknowledged';
  /** null for the sweep, which runs without a user. */
  actor: SeedUser | null;
  alert: SeedAlert;
  painEntryId: string | null;
}

/** How long therapists take to acknowledge, in hours (min, max); some missed-sessions alerts wait. */
const ACKNOWLEDGE_HOURS: Readonly<Record<AlertKind, [number, number]>> = {
  red_flag: [0.5, 8],
  pain_spike: [2, 72],
  missed_sessions: [24, 144],
};
/** Once a patient has dropped off, therapists acknowledge this many missed-sessions alerts, then leave one open. */
const LAPSED_ACKNOWLEDGED = 2;
/** The sweep's lookback for acknowledged alerts of the same finding (alerts-sweep.service.ts). */
const ACKNOWLEDGED_LOOKBACK_MS = 3 * 24 * 3_600_000;
const RULE = DEFAULT_THRESHOLDS.missedSessions;
const SPIKE = DEFAULT_THRESHOLDS.painSpike;
/** The spike rule's window and the day itself. */
const PAIN_SLOTS = SPIKE.windowDays + 1;
const SESSION_WINDOW_DAYS = 7 * RULE.consecutiveDueDays + 8;

interface PatientState {
  open: Partial<Record<AlertKind, SeedAlert>>;
  /** Pain sum and count of the spike rule's window, one slot per day (day modulo the slots). */
  painDay: Int32Array;
  painSum: Float64Array;
  painCount: Int32Array;
  /** Completed (live) sessions of the last weeks, as the sweep reads them. */
  recent: (LoggedSession & { day: number })[];
  completedDay: number;
  /** The rule's count of rest days this week, and the last due days in a row without a completed session. */
  restDays: number;
  missedDue: number[];
  /** Missed-sessions alerts since the patient dropped off. */
  lapsedAlerts: number;
  acknowledgedMissed: { date: LocalDate; at: number }[];
  plans?: AdherencePlan[];
}

export class AlertSimulation implements Visitor {
  readonly alerts: SeedAlert[] = [];
  readonly events: AlertEvent[] = [];
  /** Sweep decisions seen, findings among them, and how many were checked against the domain. */
  readonly checks = { seen: 0, found: 0, verified: 0 };
  private readonly state: PatientState[];

  constructor(
    private readonly patients: readonly SeedPatient[],
    private readonly now: number,
    private readonly painEntryId: (n: number) => string,
  ) {
    this.state = patients.map(() => ({
      open: {},
      painDay: new Int32Array(PAIN_SLOTS).fill(-1),
      painSum: new Float64Array(PAIN_SLOTS),
      painCount: new Int32Array(PAIN_SLOTS),
      recent: [],
      completedDay: -1,
      restDays: 0,
      missedDue: [],
      lapsedAlerts: 0,
      acknowledgedMissed: [],
    }));
  }

  pain(patient: SeedPatient, entry: PainEvent): void {
    const state = this.state[patient.index];
    const date = patient.zone.dates[entry.day];
    if (entry.redFlags.length > 0) {
      const recordedAt = new Date(entry.recordedAt).toISOString();
      const candidate = redFlagAlert(
        { recordedAt, score: entry.score, redFlags: entry.redFlags },
        patient.zone.name,
      );
      if (candidate)
        this.raise(patient, entry.day, candidate, entry.createdAt, entry, entry.redFlags);
    }
    const { painDay, painSum, painCount } = state;
    const slot = entry.day % PAIN_SLOTS;
    if (painDay[slot] !== entry.day) {
      painDay[slot] = entry.day;
      painSum[slot] = 0;
      painCount[slot] = 0;
    }
    painSum[slot] += entry.score;
    painCount[slot] += 1;
    // A spike needs today's mean `points` above the mean of earlier days, so above their lowest.
    let lowest = Infinity;
    for (let k = 0; k < PAIN_SLOTS; k++)
      if (k !== slot && painDay[k] >= entry.day - SPIKE.windowDays)
        lowest = Math.min(lowest, painSum[k] / painCount[k]);
    if (painSum[slot] / painCount[slot] - lowest < SPIKE.points - 1e-9) return;
    const daily = [];
    for (let k = 0; k < PAIN_SLOTS; k++)
      if (painDay[k] >= entry.day - SPIKE.windowDays)
        daily.push({ date: patient.zone.dates[painDay[k]], mean: painSum[k] / painCount[k] });
    const candidate = painSpikeAlert(daily, date, SPIKE);
    if (candidate) this.raise(patient, entry.day, candidate, entry.createdAt, entry);
  }

  session(patient: SeedPatient, session: SessionEvent): void {
    if (session.correction?.change === 'deleted') return;
    const items = session.items
      .filter((item) => item.completed)
      .map((item) => ({ planItemId: item.item.id, completed: true }));
    if (items.length === 0) return;
    const state = this.state[patient.index];
    state.recent.push({ day: session.day, performedOn: patient.zone.dates[session.day], items });
    if (state.recent.length > 2 * SESSION_WINDOW_DAYS)
      state.recent = state.recent.filter((kept) => kept.day >= session.day - SESSION_WINDOW_DAYS);
    state.completedDay = session.day;
  }

  /**
   * The hourly sweep, at the start of each patient's day. The rule's arithmetic is mirrored
   * here — due days are weekday items' days and, for weekly items, days once the week's rest
   * allowance is used up; it fires on N due days in a row without a completed session, inside
   * the rule's look-back — because calling missedSessionsAlert for millions of patient-days
   * would take minutes. A sample of the mirror's answers, both ways, is checked against
   * missedSessionsAlert itself, and any disagreement stops the seed.
   */
  dayStart(day: number): void {
    if (day === 0) return;
    const needed = RULE.consecutiveDueDays;
    for (const patient of this.patients) {
      const state = this.state[patient.index];
      const { dates, weekdays } = patient.zone;
      const yesterday = day - 1;
      const weekday = weekdays[yesterday];
      const completed = state.completedDay === yesterday;
      const prescription = patient.prescribed[yesterday];
      if (weekday === 1) state.restDays = 0;
      if (!completed && prescription && prescription.mostWeekly > 0) state.restDays += 1;
      const due =
        prescription !== null &&
        ((prescription.dueWeekdays & (1 << weekday)) !== 0 ||
          (prescription.mostWeekly > 0 &&
            state.restDays > 7 - Math.min(prescription.mostWeekly, 7)));
      const missed = state.missedDue;
      if (due && completed) missed.length = 0;
      else if (due) {
        missed.push(yesterday);
        if (missed.length > needed) missed.shift();
      }
      // The rule looks back to the Monday of N weeks before yesterday (or the first plan's start).
      const back = yesterday - 7 * needed;
      const lookBack = Math.max(0, back - ((((weekdays[0] - 1 + back) % 7) + 7) % 7));
      const candidate: AlertCandidate | null =
        missed.length === needed && missed[0] >= lookBack
          ? {
              kind: 'missed_sessions',
              urgency: ALERT_URGENCY.missed_sessions,
              date: dates[yesterday],
              detail: `No completed session on ${needed} due days in a row (${missed.map((d) => dates[d]).join(', ')})`,
            }
          : null;
      this.check(patient, state, day, candidate);
      if (!candidate) continue;
      const sweptAt = at(patient.zone, day, 0.1 + mulberry32(mix(patient.index + day))() * 0.9);
      if (
        sweptAt > this.now ||
        this.isOpen(state, 'missed_sessions', sweptAt) ||
        state.acknowledgedMissed.some(
          (ack) => ack.date === candidate.date && ack.at >= sweptAt - ACKNOWLEDGED_LOOKBACK_MS,
        )
      )
        continue;
      this.raise(patient, day, candidate, sweptAt, null);
    }
  }

  /** Every 64th finding of the mirror, and one patient-day in 4,000 without one, against the domain. */
  private check(
    patient: SeedPatient,
    state: PatientState,
    day: number,
    candidate: AlertCandidate | null,
  ): void {
    this.checks.seen += 1;
    if (candidate) this.checks.found += 1;
    if (candidate ? this.checks.found % 64 !== 1 : this.checks.seen % 4000 !== 0) return;
    state.plans ??= adherencePlans(patient);
    const expected = missedSessionsAlert({
      plans: state.plans,
      sessions: state.recent.filter((kept) => kept.day >= day - SESSION_WINDOW_DAYS),
      today: patient.zone.dates[day],
      timeZone: patient.zone.name,
      rule: RULE,
    });
    if (JSON.stringify(expected) !== JSON.stringify(candidate))
      throw new Error(
        `The seed's missed-sessions rule disagrees with @rehabit/domain for patient ${patient.index} on ${patient.zone.dates[day]}: ${JSON.stringify(candidate)} vs ${JSON.stringify(expected)}`,
      );
    this.checks.verified += 1;
  }

  private isOpen(state: PatientState, kind: AlertKind, time: number): boolean {
    const alert = state.open[kind];
    return alert !== undefined && (alert.acknowledgedAt === null || alert.acknowledgedAt > time);
  }

  private raise(
    patient: SeedPatient,
    day: number,
    candidate: AlertCandidate,
    time: number,
    entry: PainEvent | null,
    redFlags?: readonly RedFlag[],
  ): void {
    const state = this.state[patient.index];
    const painEntryId = entry ? this.painEntryId(entry.n) : null;
    const open = state.open[candidate.kind];
    if (open && this.isOpen(state, candidate.kind, time)) {
      const detail = open.detail;
      detail.summary = candidate.detail;
      detail.date = candidate.date;
      detail.count += 1;
      if (redFlags)
        detail.redFlags = [...new Set([...(detail.redFlags ?? []), ...redFlags])].sort();
      if (painEntryId) detail.painEntryIds = [...(detail.painEntryIds ?? []), painEntryId];
      open.updatedAt = Math.max(open.updatedAt, time);
      this.events.push({
        at: time,
        action: 'alert.updated',
        actor: entry?.recordedBy ?? null,
        alert: open,
        painEntryId,
      });
      return;
    }
    const random = mulberry32(mix(this.alerts.length * 31 + 7));
    const [min, max] = ACKNOWLEDGE_HOURS[candidate.kind];
    const missed = candidate.kind === 'missed_sessions';
    if (missed && day >= patient.course.dropOffDay) state.lapsedAlerts += 1;
    const acknowledgeAt =
      missed && state.lapsedAlerts > LAPSED_ACKNOWLEDGED
        ? null
        : time + Math.round((min + random() * (max - min)) * 3_600_000);
    const acknowledged = acknowledgeAt !== null && acknowledgeAt <= this.now;
    const alert: SeedAlert = {
      n: this.alerts.length,
      patient,
      kind: candidate.kind,
      urgency: candidate.urgency,
      detail: {
        summary: candidate.detail,
        date: candidate.date,
        ...(redFlags && { redFlags: [...redFlags] }),
        ...(painEntryId && { painEntryIds: [painEntryId] }),
        count: 1,
      },
      createdAt: time,
      updatedAt: acknowledged ? acknowledgeAt : time,
      acknowledgedAt: acknowledged ? acknowledgeAt : null,
      acknowledgedBy: acknowledged ? patient.therapist : null,
    };
    this.alerts.push(alert);
    state.open[candidate.kind] = alert;
    this.events.push({
      at: time,
      action: 'alert.opened',
      actor: entry?.recordedBy ?? null,
      alert,
      painEntryId,
    });
    if (acknowledged) {
      this.events.push({
        at: acknowledgeAt,
        action: 'alert.acknowledged',
        actor: patient.therapist,
        alert,
        painEntryId: null,
      });
      if (candidate.kind === 'missed_sessions')
        state.acknowledgedMissed = [
          ...state.acknowledgedMissed.slice(-2),
          { date: candidate.date, at: acknowledgeAt },
        ];
    }
  }
}
