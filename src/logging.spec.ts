import type { IncomingMessage } from 'node:http';
import { loggableUrl, logOptions } from './logging';

describe('request URLs in logs', () => {
  it.each([
    ['/api/calendar/Zq3-abc_DEF.ics', '/api/calendar/[redacted].ics'],
    ['/api/calendar/Zq3-abc_DEF.ics?from=2026-01-01', '/api/calendar/[redacted].ics'],
    ['/api/patients?q=Nguyen%20Van%20A', '/api/patients'],
    ['/api/doctors/1/shifts.ics', '/api/doctors/1/shifts.ics'],
    [undefined, ''],
  ])('%s is logged as %s', (url, logged) => {
    expect(loggableUrl(url)).toBe(logged);
  });

  it('the request serializer uses it', () => {
    const pinoHttp = logOptions('info').pinoHttp as {
      serializers: { req: (req: IncomingMessage) => { url: string } };
    };
    const req = { id: 1, method: 'GET', url: '/api/calendar/secret-token.ics' } as unknown as IncomingMessage;
    expect(JSON.stringify(pinoHttp.serializers.req(req))).not.toContain('secret-token');
  });
});

describe('the request logger', () => {
  it('is on no route at silent, where it could log nothing', () => {
    expect(logOptions('silent').forRoutes).toEqual([]);
  });

  it.each(['info', 'warn', 'debug'])('is on every route (the default) at %s', (level) => {
    expect(logOptions(level).forRoutes).toBeUndefined();
  });
});
