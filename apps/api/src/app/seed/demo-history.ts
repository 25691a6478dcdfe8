import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PlanItem } from '@rehabit/contracts';
import { addDays, localDateOf, startOfLocalDay, type LocalDate } from '@rehabit/domain';
import { randomUUID } from 'node:crypto';
import type { Principal, RequestMeta } from '../auth/principal';
import { MeasuresService } from '../measures/measures.service';
import { PainService } from '../pain/pain.service';
import { PlansService } from '../plans/plans.service';
import { SessionsService } from '../sessions/sessions.service';
import { mulberry32 } from './seeded-random';

export const DEMO_HISTORY_DAYS = 84;

/** How a demo patient's twelve weeks go: most improve, some stay flat, some barely exercise. */
type Course = 'improving' | 'flat' | 'non_adherent';
const COURSES: Course[] = ['improving', 'improving', 'improving', 'flat', 'non_adherent'];
const TEMPLATES = [
  'lbp-tight-hamstrings-starter',
  'hamstring-flexibility-6-weeks',
  'core-stability',
  'desk-posture-reset',
];

export interface DemoPerson {
  principal: Principal;
  patientId: string;
  timezone: string;
  therapist: Principal;
}

const META: RequestMeta = { ip: null, requestId: 'demo-seed' };

/**
 * Twelve weeks of history for each demo patient, written through the same services the API
 * uses, so every row obeys the same rules (plan revisions, caps, alerts, audit) as real data.
 * Deterministic: the same patients get the same history on every fresh database.
 */
@Injectable()
export class DemoHistory {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly plans: PlansService,
    private readonly sessions: SessionsService,
    private readonly pain: PainService,
    private readonly measures: MeasuresService,
  ) {}

  async write(people: DemoPerson[], now: Date): Promise<void> {
    for (const [index, person] of people.entries()) await this.writeOne(person, index, now);
  }

  private async writeOne(person: DemoPerson, index: number, now: Date): Promise<void> {
    const random = mulberry32(index + 1);
    const course = COURSES[index % COURSES.length];
    const today = localDateOf(now, person.timezone);
    const start = addDays(today, -DEMO_HISTORY_DAYS);
    const plan = await this.plans.create(
      person.therapist,
      person.patientId,
      { templateId: TEMPLATES[index % TEMPLATES.length], startDate: start, endDate: null },
      META,
    );
    // Plans start "now" in the API; the demo's began twelve weeks ago, so its activation is
    // moved back to its start date, as if the therapist had prescribed it then.
    await this.dataSource.query(
      `UPDATE plan_status_change SET changed_at = $2 WHERE plan_id = $1`,
      [plan.id, startOfLocalDay(start, person.timezone)],
    );
    const revision = plan.currentRevision;
    const sessionChance = course === 'improving' ? 0.75 : course === 'flat' ? 0.55 : 0.2;
    const startPain = 6 + Math.floor(random() * 2);
    const endPain =
      course === 'improving'
        ? 2 + Math.floor(random() * 2)
        : startPain - (course === 'flat' ? 0 : 1);

    for (let day = 0; day < DEMO_HISTORY_DAYS; day++) {
      const date = addDays(start, day);
      const trend = startPain + ((endPain - startPain) * day) / DEMO_HISTORY_DAYS;
      const score = clamp(Math.round(trend + (random() - 0.5) * 2), 0, 10);
      if (random() < 0.85) {
        const spike = index === 6 && day === DEMO_HISTORY_DAYS - 2 ? 3 : 0;
        const redFlag = index === 11 && day === DEMO_HISTORY_DAYS - 3;
        await this.pain.create(
          person.principal,
          person.patientId,
          {
            recordedAt: atLocalTime(date, person.timezone, 19).toISOString(),
            score: clamp(score + spike, 0, 10),
            ...(redFlag && {
              redFlags: ['night_pain'],
              context: 'Woke up twice with pain in the night',
            }),
          },
          META,
        );
      }
      if (random() < sessionChance) {
        await this.sessions.create(
          person.therapist,
          person.patientId,
          {
            performedOn: date,
            planRevisionId: revision.id,
            painBefore: score,
            painAfter: clamp(score - (random() < 0.6 ? 1 : 0), 0, 10),
            durationMinutes: 15 + Math.floor(random() * 20),
            items: revision.items.map((item) => sessionItem(item, random() < 0.9)),
          },
          META,
        );
      }
      // Measured at the first visit, then every four (ODI) or six (SLR) weeks, and at the end.
      if (day % 28 === 1 || day === DEMO_HISTORY_DAYS - 1) await this.odi(person, date, trend);
      if (day === 1 || day === 43 || day === DEMO_HISTORY_DAYS - 1)
        await this.straightLegRaise(person, date, course, day);
    }
  }

  private async odi(person: DemoPerson, date: LocalDate, pain: number): Promise<void> {
    // ODI follows pain loosely: about 5 points of disability per point of pain.
    const total = clamp(Math.round((pain * 5 * 50) / 100), 0, 50);
    const answers = Array.from({ length: 10 }, (_, section) =>
      Math.min(5, Math.floor(total / 10) + (section < total % 10 ? 1 : 0)),
    );
    await this.measures.create(
      person.principal,
      person.patientId,
      { type: 'odi', recordedOn: date, answers },
      META,
    );
  }

  private async straightLegRaise(
    person: DemoPerson,
    date: LocalDate,
    course: Course,
    day: number,
  ): Promise<void> {
    const gain = course === 'improving' ? 18 : course === 'flat' ? 4 : 2;
    for (const [side, offset] of [
      ['left', 0],
      ['right', 4],
    ] as const) {
      const value = 58 + offset + Math.round((gain * day) / DEMO_HISTORY_DAYS);
      await this.measures.create(
        person.therapist,
        person.patientId,
        { type: 'slr', recordedOn: date, side, value },
        META,
      );
    }
  }
}

function sessionItem(item: PlanItem, completed: boolean) {
  return {
    planItemId: item.id,
    completed,
    ...(completed && {
      setsDone: item.sets,
      ...(item.reps !== null && { repsDone: item.reps }),
      ...(item.holdSeconds !== null && { holdSecondsDone: item.holdSeconds }),
    }),
  };
}

function atLocalTime(date: LocalDate, timeZone: string, hour: number): Date {
  return new Date(startOfLocalDay(date, timeZone).getTime() + hour * 3600_000);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function demoPrincipal(fields: Omit<Principal, 'sessionId'>): Principal {
  return { ...fields, sessionId: randomUUID() };
}
