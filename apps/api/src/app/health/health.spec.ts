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
