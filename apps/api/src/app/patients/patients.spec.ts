import { JwtService } from '@nestjs/jwt';
import { type Patient, type PatientListItem } from '@rehabit/contracts';
import { addDays, localDateOf } from '@rehabit/domain';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  addTherapist,
  createTestClinic,
  uniqueEmail,
  type Actor,
  type TestClinic,
} from '../testing/factories';
import { insertPain, insertPlan, insertSession } from '../progress/history.testing';
import type { Principal } from '../auth/principal';
import { SessionsService } from '../auth/sessions.service';
import type { AccessTokenClaims } from '../auth/tokens';
import { PatientAccess } from './patient-access';
import { Patient as PatientEntity } from './patient.entity';
import { etagOf } from '../testing/entity-tags';
import { countQueries } from '../testing/query-counter';
import { getTestApp, type TestApp } from '../testing/test-app';
import { requestsAs } from '../testing/requests';

const cursorOf = (keyset: object) => Buffer.from(JSON.stringify(keyset)).toString('base64url');

describe('patients', () => {
  let app: TestApp;
  let clinic: TestClinic;
  let foreign: TestClinic;

  const as = (actor: Actor) => requestsAs(app, actor);

  function expectInvalid(response: request.Response, field: string, status = 400): void {
    expect(response.status).withContext(field).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors).withContext(field).toContain(jasmine.objectContaining({ field }));
    expect(response.text).not.toMatch(/QueryFailedError|at .*\.ts:\d+|SELECT |INSERT /);
  }

  const newPatient = (extra: object = {}) => ({
    email: uniqueEmail('patient'),
    displayName: 'Paula Patient',
    ...extra,
  });

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app);
    foreign = await createTestClinic(app);
  });

  describe('POST /patients', () => {
    it('creates a patient with an invitation, assigned to the therapist creating it', async () => {
      const body = newPatient({ dateOfBirth: '1958-04-12', condition: ' Low back pain ' });
      const response = await as(clinic.therapist).post('/patients', body).expect(201);
      expect(response.body).toEqual(
        jasmine.objectContaining({
          email: body.email,
          displayName: 'Paula Patient',
          clinicId: clinic.clinicId,
          therapistId: clinic.therapist.userId,
          timezone: 'Europe/Berlin',
          dateOfBirth: '1958-04-12',
          condition: 'Low back pain',
          active: true,
          activated: false,
          invitation: jasmine.objectContaining({ token: jasmine.stringMatching(/^.{43}$/) }),
        }),
      );
      expect(response.text).not.toMatch(/argon2|passwordHash|password_hash/);
    });

    it('lets an admin create an unassigned patient or assign one of the clinic therapists', async () => {
      const unassigned = await as(clinic.admin).post('/patients', newPatient()).expect(201);
      expect(unassigned.body.therapistId).toBeNull();
      const assigned = await as(clinic.admin)
        .post(
          '/patients',
          newPatient({ therapistId: clinic.therapist.userId, timezone: 'Asia/Tokyo' }),
        )
        .expect(201);
      expect(assigned.body.therapistId).toBe(clinic.therapist.userId);
      expect(assigned.body.timezone).toBe('Asia/Tokyo');
    });

    it('refuses a therapist of another clinic, or a patient, as therapistId (422)', async () => {
      for (const therapistId of [foreign.therapist.userId, clinic.patient.userId]) {
        expectInvalid(
          await as(clinic.admin).post('/patients', newPatient({ therapistId })),
          'therapistId',
          422,
        );
      }
    });

    it('refuses fields beyond the DTO: clinicId, role, active, userId', async () => {
      for (const field of ['clinicId', 'role', 'active', 'userId']) {
        const response = await as(clinic.therapist).post(
          '/patients',
          newPatient({ [field]: field === 'active' ? false : foreign.clinicId }),
        );
        expectInvalid(response, field);
        expect(response.body.errors).toContain({ field, message: 'is not an accepted field' });
      }
    });

    it('refuses bad input with 400 naming each field', async () => {
      const cases: Array<[object, string]> = [
        [{ email: 'not-an-email' }, 'email'],
        [{ email: `${'a'.repeat(250)}@x.de` }, 'email'],
        [{ displayName: 'x'.repeat(121) }, 'displayName'],
        [{ displayName: '' }, 'displayName'],
        [{ displayName: 42 }, 'displayName'],
        [{ condition: 'x'.repeat(501) }, 'condition'],
        [{ timezone: 'Mars/Olympus_Mons' }, 'timezone'],
        [{ dateOfBirth: '2026-02-30' }, 'dateOfBirth'],
        [{ dateOfBirth: '12.04.1958' }, 'dateOfBirth'],
        [{ therapistId: 'not-a-uuid' }, 'therapistId'],
      ];
      for (const [override, field] of cases) {
        expectInvalid(await as(clinic.therapist).post('/patients', newPatient(override)), field);
      }
    });

    it('refuses a date of birth after the patient’s today with 422, and creates no account', async () => {
      // The patient's own today decides: a day ahead of most of the world in Kiritimati.
      const tomorrowThere = addDays(localDateOf(new Date(), 'Pacific/Kiritimati'), 1);
      const body = newPatient({ dateOfBirth: tomorrowThere, timezone: 'Pacific/Kiritimati' });
      const response = await as(clinic.therapist).post('/patients', body);
      expectInvalid(response, 'dateOfBirth', 422);
      const [{ n }] = await app.dataSource.query(
        `SELECT count(*)::int AS n FROM app_user WHERE lower(email) = lower($1)`,
        [body.email],
      );
      expect(n).toBe(0);
      await as(clinic.therapist)
        .post(
          '/patients',
          newPatient({ dateOfBirth: addDays(tomorrowThere, -1), timezone: 'Pacific/Kiritimati' }),
        )
        .expect(201);
    });

    it('answers a taken email with 422, whatever its case', async () => {
      expectInvalid(
        await as(clinic.therapist).post('/patients', newPatient({ email: clinic.patient.email })),
        'email',
        422,
      );
      // Also when the address belongs to another clinic: the message gives nothing more away.
      const response = await as(clinic.therapist).post(
        '/patients',
        newPatient({ email: foreign.patient.email.toUpperCase() }),
      );
      expectInvalid(response, 'email', 422);
      expect(response.text).not.toContain(foreign.clinicId);
    });
  });

  describe('GET /patients/:id', () => {
    it("gives a patient their own record by id or as 'me'", async () => {
      const byId = await as(clinic.patient)
        .get(`/patients/${clinic.patient.patientId}`)
        .expect(200);
      const byMe = await as(clinic.patient).get('/patients/me').expect(200);
      expect(byMe.body).toEqual(byId.body);
      expect(byMe.body.id).toBe(clinic.patient.patientId);
      expect(byMe.body.activated).toBeTrue();
    });

    it("answers 404, with nothing of the record, for another patient's id", async () => {
      const response = await as(clinic.otherPatient)
        .get(`/patients/${clinic.patient.patientId}`)
        .expect(404);
      expect(response.body).toEqual({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: 'No patient with this id.',
      });
    });

    it('answers 404 to staff of another clinic, and to staff asking for me', async () => {
      for (const actor of [foreign.therapist, foreign.admin]) {
        const response = await as(actor).get(`/patients/${clinic.patient.patientId}`).expect(404);
        expect(response.text).not.toContain(clinic.patient.email);
      }
      await as(clinic.therapist).get('/patients/me').expect(404);
      await as(clinic.therapist).get('/patients/not-a-uuid').expect(404);
    });

    it('gives staff of the clinic any of its patients', async () => {
      for (const actor of [clinic.therapist, clinic.admin]) {
        const response = await as(actor).get(`/patients/${clinic.patient.patientId}`).expect(200);
        expect(response.body.email).toBe(clinic.patient.email);
      }
    });
  });

  describe('PatientAccess.find', () => {
    it('gives the entity findOne gave: dateOfBirth a YYYY-MM-DD string, createdAt a Date', async () => {
      const created = await as(clinic.therapist)
        .post('/patients', newPatient({ dateOfBirth: '1958-04-12', condition: 'Knee' }))
        .expect(201);
      const staff: Principal = {
        userId: clinic.therapist.userId,
        clinicId: clinic.clinicId,
        role: 'therapist',
        sessionId: randomUUID(),
        displayName: 'Theo Therapist',
        email: clinic.therapist.email,
        patientId: null,
      };
      const meta = { ip: null, requestId: null };
      const access = app.app.get(PatientAccess);
      const found = await access.find(staff, created.body.id, meta);
      expect(found).toBeInstanceOf(PatientEntity);
      expect(found.dateOfBirth).toBe('1958-04-12');
      expect(found.createdAt).toBeInstanceOf(Date);
      expect(found.updatedAt).toBeInstanceOf(Date);
      expect(found.createdAt.toISOString()).toBe(created.body.createdAt);
      // Field for field and type for type what TypeORM loads, with and without a date of birth.
      for (const id of [created.body.id, clinic.patient.patientId]) {
        const loaded = await app.dataSource.manager.findOneByOrFail(PatientEntity, { id });
        expect(await access.find(staff, id, meta)).toEqual(loaded);
      }
    });

    it("gives a patient their own record as read with the caller's principal, in no statement of its own", async () => {
      const claims = new JwtService().decode<AccessTokenClaims>(clinic.patient.token);
      const principal = await app.app.get(SessionsService).principal(claims.sub, claims.sid);
      expect(principal?.ownRecord).withContext('read with the principal').toBeDefined();
      const access = app.app.get(PatientAccess);
      const meta = { ip: null, requestId: null };
      const { result: found, count } = await countQueries(app.dataSource, () =>
        access.find(principal as Principal, 'me', meta),
      );
      expect(count).toBe(0);
      const loaded = await app.dataSource.manager.findOneByOrFail(PatientEntity, {
        id: clinic.patient.patientId,
      });
      expect(found).toEqual(loaded);
      // Another patient's id is still refused, from the database's answer, not the own record.
      await expectAsync(
        access.find(principal as Principal, clinic.otherPatient.patientId, meta),
      ).toBeRejected();
    });
  });

  describe('PATCH /patients/:id', () => {
    it('updates the allowed fields and keeps the account name in step', async () => {
      const created = await as(clinic.therapist).post('/patients', newPatient()).expect(201);
      const second = await addTherapist(app, clinic.admin, 'Second Therapist');
      const response = await as(clinic.therapist)
        .patch(
          `/patients/${created.body.id}`,
          {
            displayName: 'Paula P.',
            therapistId: second.userId,
            timezone: 'America/New_York',
            condition: null,
          },
          created.body.etag,
        )
        .expect(200);
      expect(response.body).toEqual(
        jasmine.objectContaining({
          displayName: 'Paula P.',
          therapistId: second.userId,
          timezone: 'America/New_York',
          condition: null,
        }),
      );
      const unassigned = await as(clinic.admin)
        .patch(`/patients/${created.body.id}`, { therapistId: null }, response.body.etag)
        .expect(200);
      expect(unassigned.body.therapistId).toBeNull();
    });

    it('refuses role-restricted and unknown fields, naming them', async () => {
      for (const field of ['clinicId', 'role', 'email', 'userId', 'version', 'etag']) {
        const response = await as(clinic.therapist).patch(`/patients/${clinic.patient.patientId}`, {
          [field]: foreign.clinicId,
        });
        expectInvalid(response, field);
      }
    });

    it('is for staff: a patient cannot change even their own record', async () => {
      const etag = await etagOf(app, clinic.patient, '/patients/me');
      await as(clinic.patient).patch('/patients/me', { displayName: 'Me' }, etag).expect(403);
      await as(clinic.patient)
        .patch(`/patients/${clinic.patient.patientId}`, { active: true }, etag)
        .expect(403);
    });

    it("answers 404 to another clinic's staff, even with the right ETag, and changes nothing", async () => {
      const path = `/patients/${clinic.patient.patientId}`;
      const etag = await etagOf(app, clinic.admin, path);
      await as(foreign.admin).patch(path, { displayName: 'Taken over' }, etag).expect(404);
      // Nor does a missing If-Match tell them the record exists.
      await as(foreign.admin).patch(path, { displayName: 'Taken over' }).expect(404);
      const after = await as(clinic.admin).get(path).expect(200);
      expect(after.body.displayName).not.toBe('Taken over');
      expect(after.headers['etag']).toBe(etag);
    });

    it('refuses bad values naming the field', async () => {
      const path = `/patients/${clinic.patient.patientId}`;
      const etag = await etagOf(app, clinic.therapist, path);
      expectInvalid(
        await as(clinic.therapist).patch(path, { displayName: 'x'.repeat(121) }, etag),
        'displayName',
      );
      expectInvalid(
        await as(clinic.therapist).patch(path, { timezone: 'Nowhere' }, etag),
        'timezone',
      );
      expectInvalid(await as(clinic.therapist).patch(path, { active: 'no' }, etag), 'active');
      // Clearable fields take null; these cannot be empty, and null once reached the database.
      for (const field of ['displayName', 'timezone', 'active'])
        expectInvalid(await as(clinic.therapist).patch(path, { [field]: null }, etag), field);
      expectInvalid(
        await as(clinic.therapist).patch(path, { therapistId: foreign.therapist.userId }, etag),
        'therapistId',
        422,
      );
      expect(await etagOf(app, clinic.therapist, path)).toBe(etag);
    });
  });

  describe('ETag and If-Match on /patients/:id', () => {
    let patientId: string;
    let path: string;

    beforeEach(async () => {
      const created = await as(clinic.therapist).post('/patients', newPatient()).expect(201);
      patientId = created.body.id;
      path = `/patients/${patientId}`;
    });

    const conditionOf = async () => (await as(clinic.admin).get(path).expect(200)).body.condition;

    it('sends a strong ETag with the record, the same in the header and the body', async () => {
      const read = await as(clinic.therapist).get(path).expect(200);
      expect(read.headers['etag']).toMatch(/^"\d+"$/);
      expect(read.body.etag).toBe(read.headers['etag']);
      expect(read.headers['cache-control']).toBe('no-store');
      const listed = await as(clinic.therapist).get('/patients?limit=200').expect(200);
      const item = (listed.body.items as PatientListItem[]).find((p) => p.id === patientId);
      expect(item?.etag).toBe(read.headers['etag']);
    });

    it('applies a change sent with the current ETag and answers the new one', async () => {
      const before = await etagOf(app, clinic.therapist, path);
      const changed = await as(clinic.therapist)
        .patch(path, { condition: 'Sciatica' }, before)
        .expect(200);
      expect(changed.headers['etag']).toMatch(/^"\d+"$/);
      expect(changed.headers['etag']).not.toBe(before);
      expect(changed.body.etag).toBe(changed.headers['etag']);
      expect(await etagOf(app, clinic.therapist, path)).toBe(changed.headers['etag']);
      // A list of tags matches when one of them is current.
      await as(clinic.admin)
        .patch(path, { condition: 'Hamstrings' }, `"999999", ${changed.headers['etag']}`)
        .expect(200);
      expect(await conditionOf()).toBe('Hamstrings');
    });

    it('answers 428 without If-Match, or with *, and changes nothing', async () => {
      const etag = await etagOf(app, clinic.therapist, path);
      for (const ifMatch of [undefined, '*', ' ']) {
        const response = await as(clinic.therapist)
          .patch(path, { condition: 'Blind overwrite' }, ifMatch)
          .expect(428);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.body).toEqual(
          jasmine.objectContaining({ status: 428, detail: jasmine.stringContaining('If-Match') }),
        );
      }
      expect(await etagOf(app, clinic.therapist, path)).toBe(etag);
      expect(await conditionOf()).toBeNull();
    });

    it('answers 412 to a stale, weak or malformed If-Match and changes nothing', async () => {
      const stale = await etagOf(app, clinic.therapist, path);
      const current = (
        await as(clinic.admin).patch(path, { condition: 'First' }, stale).expect(200)
      ).headers['etag'];
      const audited = async () =>
        (
          await app.dataSource.query(
            `SELECT count(*)::int AS n FROM audit_event WHERE action = 'patient.updated' AND patient_id = $1`,
            [patientId],
          )
        )[0].n;
      const auditsBefore = await audited();
      for (const ifMatch of [
        stale,
        `W/${current}`,
        current.replace(/"/g, ''),
        '"99999999999999999999"',
        '"-1"',
        '"0"',
        'garbage',
      ]) {
        const response = await as(clinic.therapist)
          .patch(path, { condition: 'Second' }, ifMatch)
          .expect(412);
        expect(response.headers['content-type'])
          .withContext(ifMatch)
          .toContain('application/problem+json');
        expect(response.body.detail).withContext(ifMatch).toContain('If-Match');
      }
      expect(await conditionOf()).toBe('First');
      expect(await etagOf(app, clinic.therapist, path)).toBe(current);
      expect(await audited()).toBe(auditsBefore);
    });

    it('lets exactly one of many concurrent changes from the same version win', async () => {
      const etag = await etagOf(app, clinic.therapist, path);
      const attempts = 6;
      const responses = await Promise.all(
        Array.from({ length: attempts }, (_, index) =>
          as(index % 2 ? clinic.admin : clinic.therapist).patch(
            path,
            { condition: `Writer ${index}` },
            etag,
          ),
        ),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, ...Array(attempts - 1).fill(412)]);
      const winner = responses.find((response) => response.status === 200);
      expect(await conditionOf()).toBe(winner?.body.condition);
      const [{ version }] = await app.dataSource.query(
        `SELECT version FROM patient WHERE id = $1`,
        [patientId],
      );
      expect(winner?.headers['etag']).toBe(`"${version}"`);
      expect(etag).toBe(`"${version - 1}"`);
    });
  });

  describe('GET /patients', () => {
    it('lists only the clinic patients, filtered by q and therapistId, page by page', async () => {
      const local = await createTestClinic(app);
      const second = await addTherapist(app, local.admin, 'Second Therapist');
      const marker = `Zed${Date.now()}`;
      const assigned = await as(local.admin)
        .post(
          '/patients',
          newPatient({ displayName: `${marker} 100%_`, therapistId: second.userId }),
        )
        .expect(201);

      const all = await as(local.therapist).get('/patients').expect(200);
      const ids = (body: { items: Patient[] }) => body.items.map((patient) => patient.id);
      expect(ids(all.body).sort()).toEqual(
        [local.patient.patientId, local.otherPatient.patientId, assigned.body.id].sort(),
      );
      expect(all.body.nextCursor).toBeNull();

      const byName = await as(local.admin).get(`/patients?q=${marker.toLowerCase()}`).expect(200);
      expect(ids(byName.body)).toEqual([assigned.body.id]);
      const byEmail = await as(local.admin)
        .get(`/patients?q=${encodeURIComponent(local.patient.email)}`)
        .expect(200);
      expect(ids(byEmail.body)).toEqual([local.patient.patientId]);
      // % and _ are matched literally, not as wildcards.
      const literal = await as(local.admin)
        .get(`/patients?q=${encodeURIComponent('0%_')}`)
        .expect(200);
      expect(ids(literal.body)).toEqual([assigned.body.id]);
      const wildcard = await as(local.admin)
        .get(`/patients?q=${encodeURIComponent('%')}`)
        .expect(200);
      expect(ids(wildcard.body)).toEqual([assigned.body.id]);

      const bySecond = await as(local.admin)
        .get(`/patients?therapistId=${second.userId}`)
        .expect(200);
      expect(ids(bySecond.body)).toEqual([assigned.body.id]);

      const first = await as(local.admin).get('/patients?limit=2').expect(200);
      expect(first.body.items.length).toBe(2);
      const rest = await as(local.admin)
        .get(`/patients?limit=2&cursor=${first.body.nextCursor}`)
        .expect(200);
      expect(rest.body.nextCursor).toBeNull();
      expect([...ids(first.body), ...ids(rest.body)]).toEqual(ids(all.body));
    });

    it('carries lastPain, adherence7d and openAlerts on every row; alerts=open keeps only those with open alerts', async () => {
      const local = await createTestClinic(app);
      const owner = {
        clinicId: local.clinicId,
        patientId: local.patient.patientId,
        staffId: local.therapist.userId,
      };
      const db = app.dataSource;
      const today = localDateOf(new Date(), 'Europe/Berlin');
      await insertPain(db, owner, `${addDays(today, -3)}T08:00:00+01:00`, 6);
      await insertPain(db, owner, `${addDays(today, -2)}T08:00:00+01:00`, 4);
      // Every day once: 7 prescribed over the last 7 days; 3 completed (twice on one day counts once), 1 skipped.
      const plan = await insertPlan(db, owner, {
        startDate: addDays(today, -20),
        revisions: [
          { effectiveFrom: addDays(today, -20), items: [{ daysOfWeek: [1, 2, 3, 4, 5, 6, 7] }] },
        ],
      });
      const ref = { planId: plan.planId, revisionId: plan.revisions[0].id };
      const item = plan.revisions[0].itemIds[0];
      for (const [offset, completed] of [
        [0, true],
        [-1, true],
        [-1, true],
        [-4, true],
        [-5, false],
        [-7, true], // outside the window
      ] as const)
        await insertSession(db, owner, ref, addDays(today, offset), [
          { planItemId: item, completed },
        ]);
      await db.query(
        `INSERT INTO alert (clinic_id, patient_id, kind, urgency, detail, acknowledged_at, acknowledged_by)
         VALUES ($1, $2, 'pain_spike', 'routine', '{"summary":"s","date":"2026-01-01","count":1}', NULL, NULL),
                ($1, $2, 'red_flag', 'urgent', '{"summary":"s","date":"2026-01-01","count":1}', NULL, NULL),
                ($1, $2, 'missed_sessions', 'routine', '{"summary":"s","date":"2026-01-01","count":1}', now(), $3)`,
        [local.clinicId, local.patient.patientId, local.therapist.userId],
      );

      const all = await as(local.therapist).get('/patients').expect(200);
      const byId = new Map(
        (all.body.items as PatientListItem[]).map((patient) => [patient.id, patient]),
      );
      expect(byId.get(local.patient.patientId)).toEqual(
        jasmine.objectContaining({
          lastPain: {
            score: 4,
            recordedAt: new Date(`${addDays(today, -2)}T08:00:00+01:00`).toISOString(),
          },
          adherence7d: 0.4286,
          openAlerts: 2,
          openAlertKinds: ['pain_spike', 'red_flag'],
        }),
      );
      expect(byId.get(local.otherPatient.patientId)).toEqual(
        jasmine.objectContaining({
          lastPain: null,
          adherence7d: null,
          openAlerts: 0,
          openAlertKinds: [],
        }),
      );

      const open = await as(local.admin).get('/patients?alerts=open').expect(200);
      expect((open.body.items as PatientListItem[]).map((patient) => patient.id)).toEqual([
        local.patient.patientId,
      ]);
    });

    it('sends the same statements for a page of 1 as for a page of 50, the window planned as 7 days', async () => {
      const local = await createTestClinic(app);
      const db = app.dataSource;
      const today = localDateOf(new Date(), 'Europe/Berlin');
      for (let index = 0; index < 50; index++) {
        const [{ id: userId }]: { id: string }[] = await db.query(
          `INSERT INTO app_user (clinic_id, email, display_name, role) VALUES ($1, $2, 'Bulk', 'patient') RETURNING id`,
          [local.clinicId, uniqueEmail('bulk')],
        );
        const [{ id: patientId }]: { id: string }[] = await db.query(
          `INSERT INTO patient (clinic_id, user_id, therapist_id, display_name, timezone)
           VALUES ($1, $2, $3, 'Bulk', $4) RETURNING id`,
          [
            local.clinicId,
            userId,
            local.therapist.userId,
            index % 2 ? 'America/New_York' : 'Asia/Tokyo',
          ],
        );
        const owner = { clinicId: local.clinicId, patientId, staffId: local.therapist.userId };
        await insertPain(
          db,
          owner,
          new Date(Date.now() - index * 3_600_000).toISOString(),
          index % 11,
        );
        const plan = await insertPlan(db, owner, {
          startDate: addDays(today, -10),
          revisions: [
            {
              effectiveFrom: addDays(today, -10),
              items: [{ timesPerWeek: 3 }, { daysOfWeek: [1, 3, 5] }],
            },
          ],
        });
        await insertSession(
          db,
          owner,
          { planId: plan.planId, revisionId: plan.revisions[0].id },
          addDays(today, -1),
          [{ planItemId: plan.revisions[0].itemIds[0], completed: true }],
        );
      }
      const one = await countQueries(db, () =>
        as(local.admin).get('/patients?limit=1').expect(200),
      );
      const fifty = await countQueries(db, () =>
        as(local.admin).get('/patients?limit=50').expect(200),
      );
      expect(fifty.result.body.items.length).toBe(50);
      expect(fifty.count).toBe(one.count);
      const reads = fifty.statements.filter((sql) => /FROM page/.test(sql));
      expect(reads.length).toBe(1);
      // The 7-day window must be planned as 7 rows. A generate_series over timestamps was taken
      // for the planner's default of 1,000, which on a clinic of 300 demo patients chose a scan of
      // every plan item per day and plan: 72 ms for a 15 ms page (and ~1 s on a connection with
      // JIT on, which the API's are not).
      const page = fifty.statements.indexOf(reads[0]);
      const [{ 'QUERY PLAN': explained }] = await db.query(
        `EXPLAIN (FORMAT JSON) ${reads[0]}`,
        fifty.parameters[page],
      );
      type PlanNode = { 'Node Type': string; 'Plan Rows': number; Plans?: PlanNode[] };
      const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];
      const plan = (typeof explained === 'string' ? JSON.parse(explained) : explained)[0]
        .Plan as PlanNode;
      const functionScans = nodes(plan).filter((node) => node['Node Type'] === 'Function Scan');
      expect(functionScans.length).toBeGreaterThan(0);
      for (const scan of functionScans) expect(scan['Plan Rows']).toBeLessThanOrEqual(7);
    });

    it('refuses bad query parameters naming them', async () => {
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=201', 'limit'],
        [`q=${'x'.repeat(101)}`, 'q'],
        ['therapistId=nope', 'therapistId'],
        ['alerts=closed', 'alerts'],
        ['clinicId=x', 'clinicId'],
        [`cursor=${cursorOf({ at: '2020-01-01T00:00:00.000Z', id: '1' })}`, 'cursor'],
        [`cursor=${cursorOf({ at: 'yesterday', id: clinic.patient.patientId })}`, 'cursor'],
      ]) {
        expectInvalid(await as(clinic.admin).get(`/patients?${query}`), field);
      }
    });

    it('is for staff only', async () => {
      await as(clinic.patient).get('/patients').expect(403);
    });
  });
});
