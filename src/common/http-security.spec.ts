import type { Request, Response } from 'express';
import helmet from 'helmet';
import { CONSOLE_CSP, DOCS_CSP, securityHeaders } from './http-security';

/** A response that keeps its headers, as node's does (names case-insensitive). */
function response(): Response & { headers: Map<string, string> } {
  const headers = new Map<string, string>([['x-powered-by', 'Express']]);
  return {
    headers,
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
  } as unknown as Response & { headers: Map<string, string> };
}

function headersOf(
  middleware: (req: Request, res: Response, next: () => void) => void,
  path: string,
): Map<string, string> {
  const res = response();
  let wentOn = false;
  middleware({ path, headers: {} } as Request, res, () => (wentOn = true));
  expect(wentOn).toBe(true);
  return res.headers;
}

describe('security headers, computed once', () => {
  it.each([
    ['/api/contacts', CONSOLE_CSP],
    ['/', CONSOLE_CSP],
    ['/api/docs', DOCS_CSP],
    ['/api/docs-json', DOCS_CSP],
  ])('%s gets exactly what helmet itself sets', (path, directives) => {
    const expected = headersOf(helmet({ contentSecurityPolicy: { useDefaults: false, directives } }), path);
    const headers = headersOf(securityHeaders(), path);
    expect([...headers]).toEqual([...expected]);
    expect(headers.has('x-powered-by')).toBe(false);
  });
});
