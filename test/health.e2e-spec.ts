import { allowConnections, refuseConnections } from './faults/helpers';
import { startTestApp, TestApp } from './support/test-app';

describe('health and docs', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('answers 200 while the database is up', async () => {
    const res = await app.http.get('/api/health').expect(200);
    expect(res.body.details.database.status).toBe('up');
  });

  it('serves the OpenAPI document with every doctors route and its schemas', async () => {
    const res = await app.http.get('/api/docs-json').expect(200);
    const paths = res.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/doctors'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(paths['/api/doctors/{id}'])).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(Object.keys(paths['/api/doctors/{id}/availability'])).toEqual(
      expect.arrayContaining(['get', 'put']),
    );
    expect(paths['/api/doctors/import'].post).toBeDefined();
    const schemas = res.body.components.schemas as Record<string, { properties: Record<string, unknown> }>;
    expect(Object.keys(schemas.CreateDoctorDto.properties)).toEqual(
      expect.arrayContaining([
        'fullName',
        'phone',
        'email',
        'specialty',
        'yearsOfExperience',
        'group',
        'password',
      ]),
    );
    expect(schemas.DoctorDto.properties).not.toHaveProperty('password');
  });

  it('answers 503 when the database does not', async () => {
    // The check has its own connection: the database itself must refuse, not just the app's pool.
    await refuseConnections(app.databaseUrl);
    try {
      const res = await app.http.get('/api/health').expect(503);
      // Up or down only: the driver's error text (hosts, users, versions) stays out of a public answer.
      expect(res.body).toEqual({
        statusCode: 503,
        status: 'error',
        info: {},
        error: { database: { status: 'down' } },
        details: { database: { status: 'down' } },
      });
    } finally {
      await allowConnections(app.databaseUrl);
    }
  });
});
