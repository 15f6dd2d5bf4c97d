import type { ResourceName } from '../../src/common/access';

/**
 * Who may call each route: the table the route × role matrix test (test/auth/route-matrix.e2e-spec.ts)
 * and the fuzz test check the OpenAPI document against. A route in the OpenAPI document without a row
 * here fails the matrix test by name: add its row when you add a route.
 */
export const STAFF_ROLES = [
  'admin',
  'coordinator',
  'care_team',
  'doctor',
  'operator',
  'district_officer',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * The resource a route's path parameter names: the route asks `requireAccess(caller, owner, id)`
 * (src/common/access), answered by that resource's policy. The matrix test checks each has a policy,
 * that the route really asks it, and that a doctor on another doctor's record gets 403 or 404.
 */
export type Owner = ResourceName;

export interface RouteRow {
  /** 'public': no token needed */
  roles: readonly StaffRole[] | 'public';
  /** what a route with a path parameter (`{id}`, `{offerId}`, …) names; see Owner */
  owner?: Owner;
  /**
   * A route with a path parameter whose record every allowed role may act on (the roles decide, no
   * per-record policy): declared here, so a route with neither `owner` nor `roleOnly` fails the test.
   */
  roleOnly?: true;
  /**
   * Called with a role's token, it voids every token of that user (logout): the shared-token tests
   * call it without a token only; test/auth covers it for each case.
   */
  endsSession?: true;
}

const ALL = STAFF_ROLES;
const STAFF = ['admin', 'coordinator', 'care_team'] as const;
const MANAGERS = ['admin', 'coordinator'] as const;
const WITH_DOCTOR = ['admin', 'coordinator', 'doctor'] as const;
/** an operator on their own record (another operator's: 403, test/operators) */
const WITH_OPERATOR = ['admin', 'coordinator', 'operator'] as const;
/** the roles that existed before the hotline: the routes of doctors and patients */
const CARE = ['admin', 'coordinator', 'care_team', 'doctor'] as const;
/** who records hotline contacts and routes them */
const INTAKE = ['admin', 'coordinator', 'operator'] as const;
/** who reads hotline contacts (a district officer: those forwarded to their district) */
const HOTLINE = ['admin', 'coordinator', 'operator', 'district_officer'] as const;

export const ROUTE_ROLES: Record<string, RouteRow> = {
  'GET /api/health': { roles: 'public' },
  'POST /api/auth/login': { roles: 'public' },
  'GET /api/auth/me': { roles: ALL },
  'POST /api/auth/logout': { roles: ALL, endsSession: true },
  'POST /api/auth/password': { roles: ALL },
  'POST /api/auth/otp/setup': { roles: ALL },
  'POST /api/auth/otp/enable': { roles: ALL },
  'POST /api/users': { roles: ['admin'] },
  'GET /api/users': { roles: ['admin'] },
  'PATCH /api/users/{id}': { roles: ['admin'], roleOnly: true },
  'POST /api/users/{id}/reset-password': { roles: ['admin'], roleOnly: true },
  'GET /api/audit': { roles: ['admin'] },
  'GET /api/areas': { roles: ALL },

  'POST /api/doctors': { roles: MANAGERS },
  'GET /api/doctors': { roles: MANAGERS },
  'POST /api/doctors/import': { roles: MANAGERS },
  'GET /api/doctors/{id}': { roles: WITH_DOCTOR, owner: 'doctor' },
  'PATCH /api/doctors/{id}': { roles: MANAGERS, roleOnly: true },
  'PUT /api/doctors/{id}/availability': { roles: WITH_DOCTOR, owner: 'doctor' },
  'GET /api/doctors/{id}/availability': { roles: WITH_DOCTOR, owner: 'doctor' },
  'GET /api/doctors/{id}/shifts': { roles: WITH_DOCTOR, owner: 'doctor' },
  'GET /api/doctors/{id}/shifts.ics': { roles: WITH_DOCTOR, owner: 'doctor' },
  'POST /api/doctors/{id}/calendar-token': { roles: WITH_DOCTOR, owner: 'doctor' },
  'DELETE /api/doctors/{id}/calendar-token': { roles: WITH_DOCTOR, owner: 'doctor' },
  'GET /api/calendar/{token}.ics': { roles: 'public' },

  'POST /api/operators': { roles: MANAGERS },
  'GET /api/operators': { roles: MANAGERS },
  'GET /api/operators/{id}': { roles: WITH_OPERATOR, owner: 'operator' },
  'PATCH /api/operators/{id}': { roles: MANAGERS, roleOnly: true },
  'PUT /api/operators/{id}/availability': { roles: WITH_OPERATOR, owner: 'operator' },
  'GET /api/operators/{id}/availability': { roles: WITH_OPERATOR, owner: 'operator' },
  'GET /api/operators/{id}/shifts': { roles: WITH_OPERATOR, owner: 'operator' },

  'GET /api/shifts/requirements': { roles: MANAGERS },
  'PUT /api/shifts/requirements': { roles: MANAGERS },
  'GET /api/shifts/requirements/suggested': { roles: MANAGERS },
  'GET /api/shifts/windows': { roles: MANAGERS },
  'GET /api/shifts/understaffed': { roles: MANAGERS },
  'GET /api/shifts/availability': { roles: MANAGERS },
  'GET /api/rosters': { roles: MANAGERS },
  'DELETE /api/rosters/{id}': { roles: MANAGERS, roleOnly: true },
  'POST /api/rosters': { roles: MANAGERS },
  'GET /api/rosters/{id}': { roles: MANAGERS, roleOnly: true },
  'PATCH /api/rosters/{id}/assignments': { roles: MANAGERS, roleOnly: true },
  'POST /api/rosters/{id}/publish': { roles: MANAGERS, roleOnly: true },
  'POST /api/rosters/cover-requests': { roles: ['doctor'] },
  'GET /api/rosters/cover-requests': { roles: WITH_DOCTOR },
  'GET /api/rosters/cover-requests/{id}': { roles: WITH_DOCTOR, owner: 'cover_request' },
  // any doctor may try to take any open request: who may is the accept's rule (409), not access
  'POST /api/rosters/cover-requests/{id}/accept': { roles: ['doctor'], roleOnly: true },
  'POST /api/rosters/cover-requests/{id}/cancel': { roles: WITH_DOCTOR, owner: 'cover_request' },
  'GET /api/rosters/cover-requests/{id}/candidates': { roles: MANAGERS, roleOnly: true },
  'POST /api/rosters/cover-requests/{id}/assign': { roles: MANAGERS, roleOnly: true },

  'POST /api/consults': { roles: STAFF },
  'GET /api/consults': { roles: CARE },
  'GET /api/consults/queue': { roles: STAFF },
  'GET /api/consults/board': { roles: MANAGERS },
  'GET /api/consults/presence/me': { roles: ['doctor'] },
  'GET /api/consults/{id}': { roles: CARE, owner: 'consult' },
  'POST /api/consults/{id}/cancel': { roles: STAFF, roleOnly: true },
  'POST /api/consults/{id}/complete': { roles: ['doctor'], owner: 'consult' },
  'POST /api/consults/offers/{offerId}/accept': { roles: ['doctor'], owner: 'offer' },
  'POST /api/consults/offers/{offerId}/decline': { roles: ['doctor'], owner: 'offer' },

  'POST /api/patients': { roles: STAFF },
  'GET /api/patients': { roles: CARE },
  'POST /api/patients/reassign': { roles: MANAGERS },
  'GET /api/patients/{id}': { roles: CARE, owner: 'patient' },
  'PATCH /api/patients/{id}': { roles: CARE, owner: 'patient' },
  'POST /api/patients/{id}/observations': { roles: CARE, owner: 'patient' },
  'PUT /api/patients/{id}/risk-tier': { roles: ['care_team', 'doctor'], owner: 'patient_tier' },
  'GET /api/patients/{id}/history': { roles: CARE, owner: 'patient' },
  'GET /api/patients/{id}/observations': { roles: CARE, owner: 'patient' },
  'GET /api/patients/{id}/audit': { roles: MANAGERS, roleOnly: true },
  'GET /api/follow-ups': { roles: CARE },
  'POST /api/follow-ups/{id}/complete': { roles: CARE, owner: 'follow_up' },
  'GET /api/escalations': { roles: STAFF },
  'POST /api/escalations/{id}/resolve': { roles: STAFF, roleOnly: true },

  'GET /api/stats/daily': { roles: MANAGERS },
  'GET /api/stats/hourly': { roles: MANAGERS },

  'POST /api/contacts': { roles: INTAKE },
  'GET /api/contacts': { roles: HOTLINE },
  // a district officer reaches only the contacts forwarded to their district (the `contact` policy)
  'GET /api/contacts/{id}': { roles: HOTLINE, owner: 'contact' },
  'POST /api/contacts/{id}/resolve': { roles: INTAKE, roleOnly: true },
  'POST /api/contacts/{id}/forward': { roles: INTAKE, roleOnly: true },
  'POST /api/contacts/{id}/acknowledge': { roles: ['district_officer'], owner: 'contact' },
  'POST /api/contacts/{id}/handled': { roles: ['district_officer'], owner: 'contact' },
  'POST /api/contacts/{id}/return': { roles: ['district_officer'], owner: 'contact' },
};

export interface Operation {
  key: string;
  method: string;
  path: string;
  parameters: { name: string; in: string; required?: boolean; schema?: Record<string, unknown> }[];
  body?: { contentType: string; schema?: Record<string, unknown> };
}

/** Every operation of the OpenAPI document, as `METHOD /path` with its parameters and body. */
export function operationsOf(doc: {
  paths: Record<string, Record<string, Record<string, unknown>>>;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = (op.requestBody as { content?: Record<string, { schema?: Record<string, unknown> }> })
        ?.content;
      const [contentType, media] = Object.entries(content ?? {})[0] ?? [];
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method,
        path,
        parameters: (op.parameters as Operation['parameters']) ?? [],
        body: contentType ? { contentType, schema: media?.schema } : undefined,
      });
    }
  }
  return ops;
}
