import request from 'supertest';
import { createTestClinic } from '../testing/factories';
import { getTestApp } from '../testing/test-app';

describe('concurrent requests', () => {
  // PGlite is one session behind a socket: several connections at once once mixed up each
  // other's extended-protocol messages (wrong parameters, answers for the wrong request).
  it('each get their own correct answer while writes run beside them', async () => {
    const app = await getTestApp();
    const clinic = await createTestClinic(app);
    const { patient, otherPatient, therapist } = clinic;
    const auth = { Authorization: `Bearer ${therapist.token}` };
    // Every version the records can reach here, so each write applies after whatever ran before
    // it: this test is about answers reaching the right request, not about conflicts.
    const anyVersion = Array.from({ length: 31 }, (_, index) => `"${index + 1}"`).join(', ');
    const calls = Array.from({ length: 30 }, (_, index) => {
      const target = index % 2 === 0 ? patient : otherPatient;
      if (index % 3 === 0) {
        return request(app.server)
          .patch(`/api/v1/patients/${target.patientId}`)
          .set(auth)
          .set('If-Match', anyVersion)
          .send({ condition: `Update ${index}` })
          .then((response) => ({ response, expectedId: target.patientId }));
      }
      return request(app.server)
        .get(`/api/v1/patients/${target.patientId}`)
        .set(auth)
        .then((response) => ({ response, expectedId: target.patientId }));
    });
    const results = await Promise.all(calls);
    expect(results.map(({ response }) => response.status)).toEqual(results.map(() => 200));
    expect(results.map(({ response }) => response.body.id)).toEqual(
      results.map(({ expectedId }) => expectedId),
    );
  });
});
