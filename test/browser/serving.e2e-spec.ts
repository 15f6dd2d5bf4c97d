import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../support/test-app';
import { ensureWebBuilt } from './helpers';

/** A GET that keeps the body as sent (supertest and fetch would decompress it and hide the encoding). */
function rawGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

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

  describe('compression', () => {
    let index: string;
    const assetOf = (re: RegExp) => {
      const path = re.exec(index)?.[1];
      expect(path).toBeDefined();
      return `${app.url}${path}`;
    };
    beforeAll(async () => {
      index = (await app.http.get('/')).text;
    });

    it('serves the JS and CSS compressed at build, brotli over gzip over identity, cached for a year', async () => {
      for (const url of [assetOf(/src="(\/assets\/[^"]+\.js)"/), assetOf(/href="(\/assets\/[^"]+\.css)"/)]) {
        const plain = await rawGet(url, { 'Accept-Encoding': 'identity' });
        expect(plain.status).toBe(200);
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(plain.headers['vary']).toMatch(/Accept-Encoding/i);
        expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(plain.headers['content-type']).toMatch(/^text\/(javascript|css)/);

        const br = await rawGet(url, { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
        expect(br.headers['content-encoding']).toBe('br');
        expect(br.headers['vary']).toMatch(/Accept-Encoding/i);
        expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(Number(br.headers['content-length'])).toBe(br.body.length);
        expect(br.body.length).toBeLessThan(plain.body.length / 2);
        expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);

        const gz = await rawGet(url, { 'Accept-Encoding': 'br;q=0, gzip' });
        expect(gz.headers['content-encoding']).toBe('gzip');
        expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);

        const none = await rawGet(url);
        expect(none.headers['content-encoding']).toBeUndefined();
        expect(none.body.equals(plain.body)).toBe(true);
      }
    });

    it('keeps index.html uncached, so a new build is picked up at the next load', async () => {
      const res = await rawGet(`${app.url}/`, { 'Accept-Encoding': 'br, gzip' });
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-type']).toMatch(/text\/html/);
    });

    it("compresses the API's JSON above 1 kB and leaves small answers and Socket.IO alone", async () => {
      const big = await rawGet(`${app.url}/api/docs-json`, { 'Accept-Encoding': 'gzip, br' });
      expect(big.status).toBe(200);
      expect(big.headers['content-encoding']).toBe('br');
      expect(big.headers['vary']).toMatch(/Accept-Encoding/i);
      const doc = JSON.parse(brotliDecompressSync(big.body).toString('utf8')) as { openapi: string };
      expect(doc.openapi).toMatch(/^3\./);

      const gz = await rawGet(`${app.url}/api/docs-json`, { 'Accept-Encoding': 'gzip' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(JSON.parse(gunzipSync(gz.body).toString('utf8'))).toEqual(doc);

      const plain = await rawGet(`${app.url}/api/docs-json`);
      expect(plain.headers['content-encoding']).toBeUndefined();

      const small = await rawGet(`${app.url}/api/health`, { 'Accept-Encoding': 'gzip, br' });
      expect(small.status).toBe(200);
      expect(small.body.length).toBeLessThan(1024);
      expect(small.headers['content-encoding']).toBeUndefined();

      const sio = await rawGet(`${app.url}/socket.io/?EIO=4&transport=polling`, {
        'Accept-Encoding': 'gzip, br',
      });
      expect(sio.status).toBe(200);
      expect(sio.headers['content-encoding']).toBeUndefined();
      expect(sio.body.toString('utf8')).toContain('"sid"');
    });
  });
});
