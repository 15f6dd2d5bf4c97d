import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ErrorResponseDto } from './error-response.dto';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Responses = Operation['responses'];
type ResponseObject = Extract<Responses[string], { description: string }>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const WRITES = new Set(['put', 'post', 'delete', 'patch']);
const ERROR_REF = { $ref: '#/components/schemas/ErrorResponseDto' };

/** What each error status means in this API (the filter's `error` text plus when it happens). */
const ERROR_TEXT: Record<string, string> = {
  '400':
    'Bad Request: a parameter or a body field is invalid (one `message` line per field); nothing was written',
  '401': 'Unauthorized: no token, or an expired or revoked one',
  '403': "Forbidden: the caller's role may not do this, or may not see this record",
  '404': 'Not Found: no record with this id',
  '409': 'Conflict: the record is not in a state that allows this, or it would duplicate another one',
  '429': 'Too Many Requests',
  '503':
    'Service Unavailable: the database did not answer within its bounds; nothing was written, retry after `Retry-After` seconds',
};

/**
 * The OpenAPI document, complete enough to generate a client from (web/src/api/schema.d.ts):
 * every operation lists its error responses with the one error schema, whatever the route declared.
 * Rules, so a new route gets them by default: parameters or a body → 400; a path parameter → 404;
 * an authenticated write → 409 (a state conflict, or a unique index refusing a duplicate); every
 * route → 503 with `Retry-After` (the database unreachable or a bounded wait passed); 401/403 come from
 * `@Roles` (auth.decorators), 429 from the routes that can answer it.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Dong Hanh')
    .setDescription(
      'Volunteer telemedicine network: doctors, rosters, live consults and risk-tiered home follow-up. Socket.IO events are described in the README.',
    )
    .setVersion('0.1.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'this server')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponseDto] });
  document.info.contact = { name: 'Dong Hanh maintainers', url: 'https://github.com/dong-hanh/dong-hanh' };
  return completeDocument(document);
}

const TAG_TEXT: Record<string, string> = {
  health: 'liveness and database check',
  auth: 'sign-in and accounts',
  doctors: 'the roster of volunteer doctors, their availability and calendars',
  shifts: 'shift windows and staffing requirements',
  rosters: 'rosters built by the solver, edits, publishing and cover requests',
  consults: 'the live consult queue, offers and outcomes',
  patients: 'patients under home care, observations and risk tiers',
  'follow-ups': 'scheduled follow-up calls',
  escalations: 'patients who need more than a call',
  stats: 'daily statistics',
  audit: 'who read or changed patient records, and refusals',
  areas: 'the districts and wards of the operations area (reference data)',
  contacts: 'hotline 1022: calls and messages, forwarded reports and their handling',
};

/** Error responses, a description saying who may call, and every tag defined (Spectral `spectral:oas`). */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  const tags = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      for (const tag of op.tags ?? []) tags.add(tag);
      op.description ||= describe(op);
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])] as { in?: string }[];
      const statuses = new Set(Object.keys(op.responses).filter((s) => Number(s) >= 400));
      if (params.length > 0 || op.requestBody) statuses.add('400');
      if (params.some((p) => p.in === 'path')) statuses.add('404');
      if (WRITES.has(method) && op.security?.length) statuses.add('409');
      statuses.add('503'); // every route reads the database (src/common/faults)
      op.responses = withErrors(op.responses, [...statuses].sort());
    }
  }
  document.tags = [...tags].sort().map((name) => ({ name, description: TAG_TEXT[name] ?? name }));
  return document;
}

/** The success response's description, then who may call (from `@Roles`, or none: public). */
function describe(op: Operation): string {
  const success = Object.entries(op.responses).find(([status]) => status.startsWith('2'))?.[1] as
    { description?: string } | undefined;
  const roles = (op as { 'x-roles'?: string[] })['x-roles'];
  const who = roles ? `Roles: ${roles.join(', ')}.` : 'Public: no token needed.';
  return success?.description ? `${success.description}. ${who}` : who;
}

function withErrors(responses: Responses, statuses: string[]): Responses {
  const out: Responses = { ...responses };
  for (const status of statuses) {
    const declared = (out[status] ?? {}) as Partial<ResponseObject>;
    out[status] = {
      ...declared,
      description: declared.description || ERROR_TEXT[status] || 'Error',
      // a route that declared its own body shape (e.g. the health check's 503) keeps it
      content: declared.content ?? { 'application/json': { schema: ERROR_REF } },
    };
  }
  return out;
}
