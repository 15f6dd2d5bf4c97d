import { randomUUID } from 'node:crypto';
import { AccessControl } from '../../src/common/access';
import { createConsult } from '../consults/helpers';
import { createPatient } from '../patients/helpers';
import { appWithEveryRole } from '../support/every-role';
import type { CreatedDoctor } from '../support/factories';
import {
  type Operation,
  type Owner,
  operationsOf,
  ROUTE_ROLES,
  STAFF_ROLES,
  type StaffRole,
} from '../support/route-roles';
import type { TestApp } from '../support/test-app';

/** Bodies that pass validation, so a doctor on someone else's record reaches the access check. */
const VALID_BODY: Record<string, unknown> = {
  'PATCH /api/patients/{id}': { ward: 'Định Công' },
  'POST /api/patients/{id}/observations': { spo2: 98, respiratoryRate: 16 },
  'PUT /api/patients/{id}/risk-tier': { tier: 'orange', reason: 'matrix test' },
  'POST /api/follow-ups/{id}/complete': { reached: false },
  'POST /api/consults/{id}/complete': { outcome: 'advised' },
  'PUT /api/doctors/{id}/availability': { from: '2026-11-30', to: '2026-11-30', windows: [] },
  'POST /api/contacts/{id}/handled': { result: 'matrix test' },
  'POST /api/contacts/{id}/return': { reason: 'matrix test' },
};

/**
 * The route × role matrix, generated from the OpenAPI document and the table in
 * test/support/route-roles.ts: every route, without a token and with every role; and a doctor on
 * another doctor's records. A route the document has and the table does not fails here by name.
 */
describe('route × role matrix', () => {
  let app: TestApp;
  let ops: Operation[];
  let tokens: Record<StaffRole, string>;
  let me: CreatedDoctor;
  let other: CreatedDoctor;
  /** another doctor's record of each kind the fixtures make; other kinds get an unknown id (404) */
  const othersRecord: Partial<Record<Owner, string>> = {};

  beforeAll(async () => {
    ({
      app,
      tokens,
      doctors: [me, other],
    } = await appWithEveryRole(2));
    // a patient of the other doctor (new patients go to the least loaded care doctor)
    let patient = await createPatient(app, tokens.care_team);
    for (let i = 0; i < 5 && patient.assignedDoctorId !== other.id; i++)
      patient = await createPatient(app, tokens.care_team);
    expect(patient.assignedDoctorId).toBe(other.id);
    const followUps = await app.http
      .get('/api/follow-ups?status=open&limit=200')
      .auth(app.adminToken, { type: 'bearer' })
      .expect(200);
    const followUp = (followUps.body.items as { id: string; patientId: string }[]).find(
      (f) => f.patientId === patient.id,
    );
    othersRecord.doctor = other.id;
    othersRecord.patient = patient.id;
    othersRecord.patient_tier = patient.id;
    othersRecord.follow_up = followUp!.id;
    othersRecord.consult = (await createConsult(app, tokens.coordinator)).id; // assigned to no doctor
    // a report forwarded to another district than the district officer's (Cầu Giấy)
    const contact = await app.http
      .post('/api/contacts')
      .auth(tokens.operator, { type: 'bearer' })
      .send({ channel: 'phone', branch: 4, category: 'no_mask', summary: 'matrix test', district: 'Ba Đình' })
      .expect(201);
    await app.http
      .post(`/api/contacts/${contact.body.id as string}/forward`)
      .auth(tokens.operator, { type: 'bearer' })
      .send({ district: 'Ba Đình' })
      .expect(200);
    othersRecord.contact = contact.body.id as string;
    const doc = await app.http.get('/api/docs-json').expect(200);
    ops = operationsOf(doc.body);
  });
  afterAll(() => app.close());

  const send = (op: Operation, token: string | undefined, ids: Record<string, string>, body?: unknown) => {
    const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? randomUUID());
    let req = app.http[op.method as 'get' | 'post' | 'put' | 'patch' | 'delete'](url);
    if (token) req = req.auth(token, { type: 'bearer' });
    if (op.body?.contentType === 'text/csv') return req.set('Content-Type', 'text/csv').send('');
    return op.body ? req.send(body ?? {}) : req;
  };

  it('has a row for every route of the OpenAPI document, and no row for a route that is gone', () => {
    expect(ops.length).toBeGreaterThan(40);
    const missing = ops.map((o) => o.key).filter((k) => !ROUTE_ROLES[k]);
    const gone = Object.keys(ROUTE_ROLES).filter((k) => !ops.some((o) => o.key === k));
    if (missing.length)
      throw new Error(
        `routes without a row in test/support/route-roles.ts ROUTE_ROLES: ${missing.join(', ')}`,
      );
    if (gone.length)
      throw new Error(`rows in ROUTE_ROLES for routes no longer in OpenAPI: ${gone.join(', ')}`);
  });

  it('every route: 401 without a token, 403 for a role not in its row, neither for a role in it', async () => {
    const problems: string[] = [];
    for (const op of ops) {
      const row = ROUTE_ROLES[op.key];
      if (!row) continue; // reported by the test above
      const anonymous = await send(op, undefined, { id: randomUUID(), token: 'no-such-token' });
      if (row.roles === 'public') {
        if ([401, 403].includes(anonymous.status)) problems.push(`${op.key} public: got ${anonymous.status}`);
        continue;
      }
      if (anonymous.status !== 401)
        problems.push(`${op.key} without a token: ${anonymous.status}, expected 401`);
      if (row.endsSession) continue;
      for (const role of STAFF_ROLES) {
        // a doctor's own id on doctor-owned routes: the allowed case, not the other-doctor case
        const ids = { id: row.owner === 'doctor' ? me.id : randomUUID() };
        const res = await send(op, tokens[role], ids);
        const allowed = row.roles.includes(role);
        if (allowed && [401, 403].includes(res.status))
          problems.push(`${op.key} as ${role} (allowed): ${res.status} ${JSON.stringify(res.body)}`);
        if (!allowed && res.status !== 403)
          problems.push(`${op.key} as ${role} (not allowed): ${res.status}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every route with a path parameter names the resource its access check asks, or is declared role-only', () => {
    const access = app.server.app.get(AccessControl);
    const problems: string[] = [];
    for (const op of ops) {
      const row = ROUTE_ROLES[op.key];
      if (!row || row.roles === 'public') continue;
      const named = /\{\w+\}/.test(op.path);
      if (named && !row.owner && !row.roleOnly)
        problems.push(`${op.key}: a path parameter, but neither owner (its resource) nor roleOnly`);
      if (row.owner && row.roleOnly) problems.push(`${op.key}: both owner and roleOnly`);
      if (row.owner && !access.has(row.owner))
        problems.push(`${op.key}: no access policy registered for '${row.owner}'`);
    }
    expect(problems).toEqual([]);
  });

  it("a doctor on another doctor's records: requireAccess asks the route's resource, and answers 403 or 404", async () => {
    const owned = ops.filter((op) => ROUTE_ROLES[op.key]?.owner);
    expect(owned.length).toBeGreaterThanOrEqual(10);
    const requireAccess = jest.spyOn(app.server.app.get(AccessControl), 'requireAccess');
    const problems: string[] = [];
    try {
      for (const op of owned) {
        const owner = ROUTE_ROLES[op.key].owner!;
        const id = othersRecord[owner] ?? randomUUID();
        const param = /\{(\w+)\}/.exec(op.path)![1];
        requireAccess.mockClear();
        // the record's outsider: a doctor (another doctor's record), an operator (another operator's)
        // or a district officer (another district's)
        const roles = ROUTE_ROLES[op.key].roles as readonly string[];
        const outsider = roles.includes('doctor')
          ? tokens.doctor
          : roles.includes('operator') && owner === 'operator'
            ? tokens.operator
            : tokens.district_officer;
        const res = await send(op, outsider, { [param]: id }, VALID_BODY[op.key]);
        if (![403, 404].includes(res.status))
          problems.push(
            `${op.key} on the other doctor's ${owner}: ${res.status} ${JSON.stringify(res.body)}`,
          );
        const asked = requireAccess.mock.calls.some(
          ([, resource, ids]) => resource === owner && [ids].flat().includes(id),
        );
        if (!asked) problems.push(`${op.key}: never asked requireAccess(caller, '${owner}', id)`);
      }
    } finally {
      requireAccess.mockRestore();
    }
    expect(problems).toEqual([]);
  });
});
