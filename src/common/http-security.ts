import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

type Directives = Record<string, string[] | null>;

/**
 * The console's Content-Security-Policy: everything from this origin, nothing inline, nothing
 * framed. Preact sets `style` through the CSSOM, which style-src does not govern; the socket is
 * same-origin (`'self'` covers ws: and wss: to it).
 */
export const CONSOLE_CSP: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  // plain http on a LAN address must keep working (the demo); TLS is the proxy's business
  'upgrade-insecure-requests': null,
};

/** Swagger UI writes inline scripts and styles and loads its images as data: URLs: relaxed there only. */
export const DOCS_CSP: Directives = {
  ...CONSOLE_CSP,
  'script-src': ["'self'", "'unsafe-inline'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'https:'],
};

const DOCS_PATH = /^\/api\/docs(\/|$|-json)/;

type Middleware = (req: Request, res: Response, next: NextFunction) => void;

/**
 * What `middleware` does to a response, recorded once: helmet's headers here depend on nothing of
 * the request (no CSP nonces), and building them again for every request (the CSP string above all)
 * was a noticeable share of a small request's CPU (issue 13). Replayed, they are the same headers in
 * the same order. A middleware that did anything else (did not go on at once) is used as it is.
 */
function replayed(middleware: Middleware): Middleware {
  const steps: ([name: string, value: string] | [name: string])[] = [];
  let wentOn = false;
  const recorder = {
    setHeader: (name: string, value: string) => steps.push([name, String(value)]),
    removeHeader: (name: string) => steps.push([name]),
    getHeader: () => undefined,
  };
  middleware({ headers: {} } as Request, recorder as unknown as Response, (err?: unknown) => {
    wentOn = err === undefined;
  });
  if (!wentOn) return middleware;
  return (_req, res, next) => {
    for (const [name, value] of steps)
      if (value === undefined) res.removeHeader(name);
      else res.setHeader(name, value);
    next();
  };
}

/** helmet's headers everywhere, with the console's strict CSP except under /api/docs. */
export function securityHeaders(): Middleware {
  const strict = replayed(helmet({ contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_CSP } }));
  const docs = replayed(helmet({ contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP } }));
  return (req, res, next) => (DOCS_PATH.test(req.path) ? docs : strict)(req, res, next);
}

/**
 * May a browser page of `origin` open a socket here? Its own origin (the host it asked for) and
 * the configured `CORS_ORIGINS` may; a client without an Origin header is no browser page (the
 * token alone decides).
 */
export function socketOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (allowed.includes(url.origin)) return true;
  return host !== undefined && url.host === host.toLowerCase();
}
