import request from 'supertest';
import { getTestApp } from '../testing/test-app';

describe('GET /api/v1/health', () => {
  it('answers ok with the database up, on the kind of database the run uses', async () => {
    const { server } = await getTestApp();
    const response = await request(server).get('/api/v1/health').expect(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.database).toBe('up');
    expect(response.body.databaseKind).toBe(
      process.env['TEST_DATABASE_URL'] ? 'postgres' : 'embedded',
    );
  });
});

// Shutting down (503 `shutting_down`) is proven on the built server in apps/api-resilience and
// on the drain itself in graceful-shutdown.spec.ts; this app must keep serving the other specs.
describe('GET /api/v1/health/ready', () => {
  it('answers 200 ready while the app runs and its database answers', async () => {
    const { server } = await getTestApp();
    const response = await request(server).get('/api/v1/health/ready').expect(200);
    expect(response.body).toEqual({ status: 'ready' });
  });
});
