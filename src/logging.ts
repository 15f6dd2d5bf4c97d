import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';

/** A calendar feed URL's path holds its private token: logs see `/api/calendar/[redacted].ics`. */
const CALENDAR_FEED = /^(\/api\/calendar\/)[^/]+(\.ics)$/;

/** The URL as logs may show it: no query string (a calendar token, a search for a name), no feed token. */
export function loggableUrl(url: string | undefined): string {
  return (url ?? '').split('?')[0].replace(CALENDAR_FEED, '$1[redacted]$2');
}

/**
 * Structured JSON logs. No personal data: request bodies are never logged, the query string is
 * dropped from URLs (it can hold a calendar token or a search for a name), and credentials are redacted.
 * At `silent` no request is logged, so no route gets the request logger: its per-request child logger
 * and the AsyncLocalStorage it runs the request in (which slows every promise) cost CPU for nothing
 * (issue 13).
 */
export function logOptions(level: string): Params {
  return {
    ...(level === 'silent' ? { forRoutes: [] } : {}),
    pinoHttp: {
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          '*.password',
          '*.phone',
          '*.callerPhone',
          '*.email',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: IncomingMessage & { id?: unknown }) => ({
          id: req.id,
          method: req.method,
          url: loggableUrl(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/api/health') },
    },
  };
}
