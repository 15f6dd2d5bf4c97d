import { DICTIONARY, LANGS, translate } from '../../web/src/lib/i18n';
import { ackMessage, errorMessage, httpMessage, msg } from '../../web/src/lib/messages';

/** Messages as keys (web/src/lib/messages.ts): what the browser and the server say, put into the console's words. */
describe('console messages', () => {
  const words = (m: { key: string; params?: Record<string, string | number> }, lang: 'vi' | 'en' = 'vi') =>
    translate(lang, m.key, m.params);

  it('names network failures by kind, whatever the browser wrote', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toEqual(msg('err.network'));
    expect(errorMessage(new TypeError('NetworkError when attempting to fetch resource.'))).toEqual(
      msg('err.network'),
    );
    expect(errorMessage(new TypeError('Load failed'))).toEqual(msg('err.network'));
    const timeout = Object.assign(new Error('The operation has timed out.'), { name: 'TimeoutError' });
    expect(errorMessage(timeout)).toEqual(msg('err.timeout'));
    expect(errorMessage(new Error('signal timed out'))).toEqual(msg('err.timeout'));
    const aborted = Object.assign(new Error('The user aborted a request.'), { name: 'AbortError' });
    expect(errorMessage(aborted)).toEqual(msg('err.aborted'));
    expect(words(errorMessage(new TypeError('Failed to fetch')))).toBe(
      'Không kết nối được máy chủ — kiểm tra mạng và thử lại',
    );
    expect(words(errorMessage(new TypeError('Failed to fetch')), 'en')).toBe(
      'Cannot reach the server — check the connection and try again',
    );
  });

  it('puts 5xx, 429 and the other status-only answers in words, never the body', () => {
    const html = { message: '<html><body>502 Bad Gateway</body></html>' };
    expect(httpMessage(502, html)).toEqual(msg('err.unavailable'));
    expect(httpMessage(503, { message: 'database unavailable' })).toEqual(msg('err.unavailable'));
    expect(httpMessage(500, { message: 'Internal server error' })).toEqual(
      msg('err.server', { status: 500 }),
    );
    expect(httpMessage(504, {})).toEqual(msg('err.timeout'));
    expect(httpMessage(429, { message: 'ThrottlerException: Too Many Requests' })).toEqual(
      msg('err.tooMany'),
    );
    expect(httpMessage(401, {})).toEqual(msg('err.unauthorized'));
    expect(httpMessage(403, { message: 'Forbidden resource' })).toEqual(msg('err.forbidden'));
    expect(httpMessage(404, { message: 'Cannot GET /api/x' })).toEqual(msg('err.notFound'));
    expect(httpMessage(400, html)).toEqual(msg('err.rejected', { status: 400 }));
  });

  it("keeps a 4xx's own words, which name the field, inside the console's sentence", () => {
    const m = httpMessage(400, { message: ['phone must be a Vietnamese number', 'email must be an email'] });
    expect(m).toEqual(
      msg('err.rejectedWith', { message: 'phone must be a Vietnamese number; email must be an email' }),
    );
    expect(words(m)).toBe('Máy chủ không nhận: phone must be a Vietnamese number; email must be an email');
    expect(words(m, 'en')).toBe('Not accepted: phone must be a Vietnamese number; email must be an email');
    expect(httpMessage(409, { message: 'email already used' })).toEqual(
      msg('err.conflictWith', { message: 'email already used' }),
    );
    expect(httpMessage(409, {})).toEqual(msg('err.conflict'));
    // an ApiError-like object (status + body) is read the same way
    expect(errorMessage({ status: 400, body: { message: 'from must be a date' } })).toEqual(
      msg('err.rejectedWith', { message: 'from must be a date' }),
    );
  });

  it("reads a socket ack's refusal as the status it stands for", () => {
    expect(ackMessage({ error: 'timeout', message: 'operation has timed out' })).toEqual(msg('err.timeout'));
    expect(ackMessage({ error: 'unavailable', message: 'the database is unavailable; retry later' })).toEqual(
      msg('err.unavailable'),
    );
    expect(ackMessage({ error: 'internal', message: 'internal error' })).toEqual(
      msg('err.server', { status: 500 }),
    );
    expect(ackMessage({ error: 'forbidden', message: 'only doctors may do this' })).toEqual(
      msg('err.forbidden'),
    );
    expect(ackMessage({ error: 'validation_failed', message: 'status must be available or away' })).toEqual(
      msg('err.rejectedWith', { message: 'status must be available or away' }),
    );
  });

  it('has both languages for every message it can produce', () => {
    const keys = Object.keys(DICTIONARY).filter((k) => k.startsWith('err.'));
    for (const key of [
      'err.network',
      'err.timeout',
      'err.aborted',
      'err.unavailable',
      'err.server',
      'err.tooMany',
      'err.tooLarge',
      'err.unauthorized',
      'err.forbidden',
      'err.notFound',
      'err.conflict',
      'err.conflictWith',
      'err.rejected',
      'err.rejectedWith',
      'err.unexpected',
      'err.config',
    ]) {
      expect(keys).toContain(key);
      for (const lang of LANGS) expect(DICTIONARY[key][lang]).toBeTruthy();
    }
  });
});
