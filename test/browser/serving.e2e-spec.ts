import { startTestApp, type TestApp } from '../support/test-app';
import { ensureWebBuilt } from './helpers';

/** WebModule: the console at `/`, client routes answered with index.html, the API and Socket.IO untouched. */
describe('serving the web console', () => {
  let app: TestApp;

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startTestApp({
      CONSULT_WINDOWS: '09-11,15-17',
      CARE_SHIFTS: '08-20',
      OFFER_TIMEOUT_SECONDS: '45',
    });
  });
  afterAll(() => app?.close());

  it('serves index.html at / and for client routes, with hashed assets cached for long', async () => {
    const index = await app.http.get('/').expect(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.text).toContain('<div id="app">');
    expect(index.headers['cache-control']).toBe('no-cache');
    // the console's strict policy (src/common/http-security.ts): nothing inline, nothing from elsewhere
    expect(index.headers['content-security-policy']).toContain("default-src 'self';script-src 'self';");
    expect(index.headers['content-security-policy']).not.toContain('unsafe');
    const deep = await app.http.get('/doctor/today').expect(200);
    expect(deep.text).toBe(index.text);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)?.[1];
    expect(asset).toBeDefined();
    const js = await app.http.get(asset!).expect(200);
    expect(js.headers['cache-control']).toContain('immutable');
  });

  it('leaves the API and Socket.IO alone: unknown API routes are JSON 404s, not the page', async () => {
    const res = await app.http.get('/api/no-such-route').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404 });
    await app.http.get('/api/health').expect(200);
    const sio = await app.http.get('/socket.io/').query({ EIO: '4', transport: 'polling' }).expect(200);
    expect(sio.text).toContain('"sid"');
  });

  it("publishes the page's configuration: zone, each group's windows and the offer timeout", async () => {
    const res = await app.http.get('/console-config.json').expect(200);
    expect(res.body).toEqual({
      operationsTz: 'Asia/Ho_Chi_Minh',
      offerTimeoutSeconds: 45,
      windows: { consult: ['09-11', '15-17'], active_care: ['08-20'] },
    });
  });
});
