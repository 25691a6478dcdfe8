import { RECORD_DATES } from '@rehabit/domain';
import request from 'supertest';
import { createTestClinic, type TestClinic } from '../testing/factories';
import { getTestApp, type TestApp } from '../testing/test-app';

/**
 * Dates near the ends of the calendar. The API derives dates from the ones it is given (a
 * default range before `to`, the day after it, five years after `from`); near year 1 and year
 * 9999 those fell off what PostgreSQL and the calendar arithmetic can hold and the request
 * failed as a 500. Every date parameter now keeps to the domain's RECORD_DATES.
 */
describe('date parameters at the ends of the calendar', () => {
  let app: TestApp;
  let clinic: TestClinic;

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app);
  }, 30_000);

  const reads = () => {
    const patient = `/patients/${clinic.patient.patientId}`;
    return [
      { actor: clinic.admin, path: '/clinic/dashboard', params: ['from', 'to'] },
      { actor: clinic.admin, path: '/clinic/reports/progress.csv', params: ['from', 'to'] },
      { actor: clinic.therapist, path: `${patient}/progress`, params: ['from', 'to'] },
      { actor: clinic.therapist, path: `${patient}/today`, params: ['date'] },
    ];
  };

  it('refuses dates outside the record calendar with a 400 naming the parameter', async () => {
    for (const date of ['0000-01-01', '0001-01-05', '1899-12-31', '3000-01-01', '9999-12-31'])
      for (const { actor, path, params } of reads())
        for (const param of params) {
          const response = await request(app.server)
            .get(`/api/v1${path}?${param}=${date}`)
            .set('Authorization', `Bearer ${actor.token}`);
          expect(response.status).withContext(`${path}?${param}=${date}`).toBe(400);
          expect(response.body.errors?.[0]?.field)
            .withContext(`${path}?${param}=${date}`)
            .toBe(param);
        }
    const plan = await request(app.server)
      .post(`/api/v1/patients/${clinic.patient.patientId}/plans`)
      .set('Authorization', `Bearer ${clinic.therapist.token}`)
      .send({ title: 'Plan', startDate: '0001-01-01' })
      .expect(400);
    expect(plan.body.errors[0].field).toBe('startDate');
    for (const month of ['0000-01', '0099-05', '1899-12', '3000-01', '9999-12']) {
      const rtm = await request(app.server)
        .get(`/api/v1/clinic/reports/rtm?month=${month}`)
        .set('Authorization', `Bearer ${clinic.admin.token}`);
      expect(rtm.status).withContext(month).toBe(400);
      expect(rtm.body.errors?.[0]?.field).withContext(month).toBe('month');
    }
  });

  it('answers for the first and last days of the record calendar', async () => {
    const { earliest, latest } = RECORD_DATES;
    for (const date of [earliest, '1900-01-05', latest])
      for (const { actor, path } of reads()) {
        const param = path.endsWith('/today') ? 'date' : 'to';
        await request(app.server)
          .get(`/api/v1${path}?${param}=${date}`)
          .set('Authorization', `Bearer ${actor.token}`)
          .expect(200);
      }
    const range = await request(app.server)
      .get(`/api/v1/clinic/dashboard?from=${latest}`)
      .set('Authorization', `Bearer ${clinic.admin.token}`)
      .expect(200);
    expect([range.body.from, range.body.to]).toEqual([latest, latest]);
    for (const month of [earliest.slice(0, 7), latest.slice(0, 7)]) {
      const rtm = await request(app.server)
        .get(`/api/v1/clinic/reports/rtm?month=${month}`)
        .set('Authorization', `Bearer ${clinic.admin.token}`)
        .expect(200);
      expect(rtm.body.month).toBe(month);
    }
  });
});
