import { io, type Socket } from 'socket.io-client';
import { createDoctor } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/** Opens a socket as a browser page of `origin` would (undefined: no Origin header, as a native client). */
function openSocket(url: string, token: string, origin?: string): Promise<Socket> {
  const socket = io(url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: origin ? { Origin: origin } : {},
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('web hardening: CSP, socket origins and rate, proxy scheme', () => {
  let app: TestApp;
  let proxied: TestApp;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    app = await startTestApp({ CORS_ORIGINS: 'https://console.example.org' });
    proxied = await startTestApp({ TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await Promise.all([app.close(), proxied.close()]);
  });

  const cspOf = async (path: string) => String((await app.http.get(path)).headers['content-security-policy']);

  it('sends a strict Content-Security-Policy, relaxed only under /api/docs', async () => {
    for (const path of ['/api/health', '/console-config.json', '/api/auth/me', '/api/doctors']) {
      const csp = await cspOf(path);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("style-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe');
    }
    const docs = await cspOf('/api/docs');
    expect(docs).toContain("script-src 'self' 'unsafe-inline'");
    expect(docs).toContain("frame-ancestors 'none'");
    const page = await app.http.get('/api/docs/').expect(200);
    expect(page.text).toContain('swagger');
  });

  it('lets sockets in from the app itself, the configured origins and native clients only', async () => {
    const token = await app.tokenFor('coordinator');
    const own = new URL(app.url).host;
    sockets.push(await openSocket(app.url, token, `http://${own}`));
    sockets.push(await openSocket(app.url, token, 'https://console.example.org'));
    sockets.push(await openSocket(app.url, token));
    await expect(openSocket(app.url, token, 'https://evil.example.org')).rejects.toThrow();
    await expect(openSocket(app.url, token, 'null')).rejects.toThrow();
    // polling: no CORS grant to a foreign page
    const res = await app.http
      .get('/socket.io/?EIO=4&transport=polling')
      .set('Origin', 'https://evil.example.org');
    expect(res.status).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('disconnects a socket that sends more than 20 events a second, and not one that sends fewer', async () => {
    const token = await app.tokenFor('coordinator');
    const calm = await openSocket(app.url, token);
    const noisy = await openSocket(app.url, token);
    sockets.push(calm, noisy);
    const gone = new Promise<string>((resolve) => noisy.once('disconnect', resolve));
    for (let i = 0; i < 30; i++) noisy.emit('presence:set', { status: 'away' });
    await expect(gone).resolves.toBe('io server disconnect');
    for (let i = 0; i < 15; i++) {
      calm.emit('presence:set', { status: 'away' });
      await sleep(100); // 10 a second for 1.5 s
    }
    const ack = (await calm.timeout(2000).emitWithAck('presence:set', { status: 'away' })) as { ok: boolean };
    expect(ack.ok).toBe(false); // a coordinator is no doctor: answered, still connected
    expect(calm.connected).toBe(true);
  });

  it("builds the calendar feed URL from the proxy's scheme and host only when TRUST_PROXY trusts it", async () => {
    const direct = await createDoctor(app);
    const plain = await app.http
      .post(`/api/doctors/${direct.id}/calendar-token`)
      .auth(direct.token, { type: 'bearer' })
      .set('X-Forwarded-Proto', 'https')
      .set('X-Forwarded-Host', 'spoofed.example.org')
      .expect(201);
    expect(plain.body.url).toMatch(new RegExp(`^http://${new URL(app.url).host}/api/calendar/`));

    const behind = await createDoctor(proxied);
    const res = await proxied.http
      .post(`/api/doctors/${behind.id}/calendar-token`)
      .auth(behind.token, { type: 'bearer' })
      .set('X-Forwarded-Proto', 'https')
      .set('X-Forwarded-Host', 'lich.donghanh.example')
      .expect(201);
    expect(res.body.url).toMatch(/^https:\/\/lich\.donghanh\.example\/api\/calendar\/[A-Za-z0-9_-]+\.ics$/);
  });
});
