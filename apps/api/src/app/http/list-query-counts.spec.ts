import { API_PREFIX, type PlanWithWarnings } from '@rehabit/contracts';
import { addDays, localDateOf } from '@rehabit/domain';
import request from 'supertest';
import { createTestClinic, type Actor, type TestClinic } from '../testing/factories';
import { countQueries } from '../testing/query-counter';
import { getTestApp, type TestApp } from '../testing/test-app';

/** More rows than the big page asks for, so that page is full. */
const ROWS = 51;
const BIG_PAGE = 50;
const TIMEZONE = 'Europe/Berlin';

/** A few at a time: enough to overlap the app's own work with the database's, in order. */
async function inBatches<T>(items: number[], work: (item: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < items.length; start += 6)
    results.push(...(await Promise.all(items.slice(start, start + 6).map(work))));
  return results;
}

/**
 * N+1 guard for every main list: the same request over a page of 1 and over a full page of 50
 * sends the same number of SQL statements. Each list gets more than 50 rows first, through the
 * API, so both pages are real.
 */
describe('list endpoints: statements per request do not grow with the page', () => {
  let app: TestApp;
  let clinic: TestClinic;

  const post = (actor: Actor, path: string, body: object) =>
    request(app.server)
      .post(`${API_PREFIX}${path}`)
      .set('Authorization', `Bearer ${actor.token}`)
      .send(body)
      .expect(201);

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app, 'Query counts');
    const { therapist, admin, patient } = clinic;
    const today = localDateOf(new Date(), TIMEZONE);
    const rows = Array.from({ length: ROWS }, (_, index) => index);
    const tag = clinic.clinicId.slice(0, 8);
    const plans = await inBatches(rows, async (index) => {
      const created = await post(therapist, '/patients', {
        email: `listed-${index}-${tag}@rehabit.test`,
        displayName: `Listed patient ${index}`,
        timezone: TIMEZONE,
      });
      // A red flag opens an alert at once: one open alert per listed patient.
      await post(therapist, `/patients/${created.body.id}/pain`, {
        recordedAt: new Date(Date.now() - 3_600_000).toISOString(),
        score: 5,
        redFlags: ['night_pain'],
      });
      await post(admin, '/staff', {
        email: `staff-${index}-${tag}@rehabit.test`,
        displayName: `Staff member ${index}`,
        role: 'therapist',
      });
      await post(therapist, '/exercises', {
        name: `Clinic exercise ${index}`,
        category: 'static_stretch',
        regions: ['hamstrings'],
        instructions: ['Hold the stretch.'],
      });
      const plan = await post(therapist, `/patients/${patient.patientId}/plans`, {
        templateId: 'lbp-tight-hamstrings-starter',
        startDate: addDays(today, -ROWS - 1),
        endDate: null,
      });
      return plan.body as PlanWithWarnings;
    });
    const revision = plans[0].currentRevision;
    await inBatches(rows, async (index) => {
      const day = addDays(today, -index - 1);
      await post(therapist, `/patients/${patient.patientId}/sessions`, {
        performedOn: day,
        planRevisionId: revision.id,
        items: revision.items.map((item) => ({ planItemId: item.id, completed: false })),
      });
      await post(therapist, `/patients/${patient.patientId}/pain`, {
        recordedAt: new Date(Date.now() - (index + 1) * 86_400_000).toISOString(),
        score: 4,
      });
      await post(therapist, `/patients/${patient.patientId}/measures`, {
        type: 'slr',
        recordedOn: day,
        side: 'left',
        value: 60,
      });
    });
  }, 600_000);

  const lists: Array<{ path: string; as: (clinic: TestClinic) => Actor }> = [
    { path: '/patients', as: (c) => c.therapist },
    { path: '/patients/:patient/sessions', as: (c) => c.therapist },
    { path: '/patients/:patient/pain', as: (c) => c.therapist },
    { path: '/patients/:patient/measures', as: (c) => c.therapist },
    { path: '/patients/:patient/plans', as: (c) => c.therapist },
    { path: '/alerts', as: (c) => c.therapist },
    { path: '/clinic/audit', as: (c) => c.admin },
    { path: '/staff', as: (c) => c.admin },
    { path: '/exercises', as: (c) => c.therapist },
  ];

  for (const list of lists) {
    it(`GET ${list.path}`, async () => {
      const path = `${API_PREFIX}${list.path.replace(':patient', clinic.patient.patientId)}`;
      const page = (limit: number) =>
        countQueries(app.dataSource, () =>
          request(app.server)
            .get(`${path}?limit=${limit}`)
            .set('Authorization', `Bearer ${list.as(clinic).token}`)
            .expect(200),
        );
      const one = await page(1);
      const full = await page(BIG_PAGE);
      expect(one.result.body.items.length).toBe(1);
      expect(full.result.body.items.length).toBe(BIG_PAGE);
      expect(full.result.body.nextCursor).not.toBeNull();
      expect(full.count)
        .withContext(`statements for 1 row: ${one.count}, for ${BIG_PAGE}: ${full.count}`)
        .toBe(one.count);
    });
  }
});
