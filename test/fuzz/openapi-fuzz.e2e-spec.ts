import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { createConsult } from '../consults/helpers';
import { createPatient } from '../patients/helpers';
import { appWithEveryRole } from '../support/every-role';
import type { CreatedDoctor } from '../support/factories';
import { type Operation, operationsOf, ROUTE_ROLES, type StaffRole } from '../support/route-roles';
import type { TestApp } from '../support/test-app';

type Schema = Record<string, unknown>;

/** Runs per operation and the seed (FUZZ_RUNS, FUZZ_SEED to replay a failure). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

/** Strings that have broken parsers before: huge, exponent, negative, not-a-number, odd dates, odd ids. */
const NASTY = [
  '1e20',
  '-1',
  '0',
  '1.5',
  'NaN',
  'Infinity',
  '9999999999999999999999',
  '0x10',
  '',
  ' ',
  'null',
  'true',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '99999-01-01',
  '2026-11-30/25-26',
  '2026-11-30/09-11',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  "'; DROP TABLE users; --",
  '\u0000',
  'Đồng Hành',
  'a'.repeat(5000),
];

const wild = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 2 }),
  );

const TODAY = '2026-11-30';
const WEEK = { from: TODAY, to: '2026-12-06' };

/** Requests known to pass validation, the starting points of the mutations. */
const VALID: Record<string, { query?: Record<string, string>; body?: Record<string, unknown> }> = {
  'POST /api/auth/login': { body: { email: 'nobody@test.local', password: 'not-the-password' } },
  'POST /api/users': {
    body: { email: 'fuzz@test.local', password: 'fuzz-password-123', fullName: 'Fuzz', role: 'coordinator' },
  },
  'POST /api/doctors': {
    body: {
      fullName: 'Bác sĩ Fuzz',
      phone: '0987000111',
      email: 'fuzz-doctor@test.local',
      specialty: 'Internal medicine',
      yearsOfExperience: 10,
      group: 'consult',
      password: 'doctor-password-1',
    },
  },
  'PATCH /api/doctors/{id}': { body: {} },
  'PUT /api/doctors/{id}/availability': { body: { ...WEEK, windows: [] } },
  'GET /api/doctors/{id}/availability': { query: WEEK },
  'GET /api/doctors/{id}/shifts': { query: WEEK },
  'POST /api/operators': {
    body: {
      fullName: 'Tổng đài viên Fuzz',
      phone: '0987000222',
      email: 'fuzz-operator@test.local',
      password: 'operator-password-1',
      maxWindowsPerWeek: 5,
    },
  },
  'PATCH /api/operators/{id}': { body: {} },
  'PUT /api/operators/{id}/availability': { body: { ...WEEK, windows: ['2026-11-30/22-06'] } },
  'GET /api/operators/{id}/availability': { query: WEEK },
  'GET /api/operators/{id}/shifts': { query: WEEK },
  'PUT /api/shifts/requirements': { body: { group: 'consult', default: 2, overrides: {} } },
  'GET /api/shifts/requirements': { query: { group: 'consult' } },
  'GET /api/shifts/requirements/suggested': { query: { group: 'consult', ...WEEK } },
  'GET /api/shifts/windows': { query: { group: 'consult', ...WEEK } },
  'GET /api/shifts/understaffed': { query: { group: 'consult', ...WEEK } },
  'POST /api/rosters': { body: { group: 'consult', ...WEEK } },
  'PATCH /api/rosters/{id}/assignments': { body: { add: [], remove: [] } },
  'POST /api/consults': { body: { callerPhone: '0889556655', reason: 'Fever for three days' } },
  'POST /api/consults/{id}/complete': { body: { outcome: 'advised' } },
  'POST /api/consults/offers/{offerId}/decline': { body: {} },
  'POST /api/patients': {
    body: {
      fullName: 'Bệnh nhân Fuzz',
      phone: '0912000111',
      dateOfBirth: '1990-05-01',
      sex: 'female',
      district: 'Hoàng Mai',
      careSetting: 'home',
    },
  },
  'PATCH /api/patients/{id}': { body: {} },
  'POST /api/patients/{id}/observations': { body: { spo2: 98, respiratoryRate: 16 } },
  'PUT /api/patients/{id}/risk-tier': { body: { tier: 'orange', reason: 'fuzz' } },
  'POST /api/follow-ups/{id}/complete': { body: { reached: false } },
  'POST /api/escalations/{id}/resolve': { body: { outcome: 'other' } },
  'GET /api/stats/daily': { query: WEEK },
  'POST /api/contacts': {
    body: {
      channel: 'phone',
      branch: 4,
      category: 'gathering',
      summary: 'Tụ tập đông người',
      district: 'Cầu Giấy',
      ward: 'Dịch Vọng',
    },
  },
  'GET /api/contacts': {
    query: { status: 'forwarded', overdue: 'true', from: '2026-11-01', to: '2026-11-30' },
  },
  'POST /api/contacts/{id}/resolve': { body: { answer: 'Đã trả lời' } },
  'POST /api/contacts/{id}/forward': { body: { district: 'Cầu Giấy', ward: 'Dịch Vọng' } },
  'POST /api/contacts/{id}/handled': { body: { result: 'Đã xử lý' } },
  'POST /api/contacts/{id}/return': { body: { reason: 'Không thuộc địa bàn' } },
};

describe('fuzz: every operation of the OpenAPI document through the real HTTP stack never answers 5xx', () => {
  let app: TestApp;
  let doc: { components?: { schemas?: Record<string, Schema> } };
  let ops: Operation[];
  let tokens: Record<StaffRole, string>;
  let realIds: string[];

  beforeAll(async () => {
    let doctor: CreatedDoctor;
    ({
      app,
      tokens,
      doctors: [doctor],
    } = await appWithEveryRole(1));
    const patient = await createPatient(app, tokens.care_team);
    const consult = await createConsult(app, tokens.coordinator, { patientId: patient.id });
    const followUps = await app.http
      .get('/api/follow-ups?status=open')
      .auth(tokens.admin, { type: 'bearer' });
    const operator = await app.http
      .post('/api/operators')
      .auth(tokens.coordinator, { type: 'bearer' })
      .send({
        fullName: 'Tổng đài viên',
        phone: '0987000333',
        email: 'op@test.local',
        password: 'operator-password-2',
      })
      .expect(201);
    // a hotline report forwarded to the district officer's district (Cầu Giấy), so their routes reach it
    const contact = await app.http
      .post('/api/contacts')
      .auth(tokens.operator, { type: 'bearer' })
      .send(VALID['POST /api/contacts'].body)
      .expect(201);
    await app.http
      .post(`/api/contacts/${contact.body.id as string}/forward`)
      .auth(tokens.operator, { type: 'bearer' })
      .send({ district: 'Cầu Giấy' })
      .expect(200);
    realIds = [
      doctor.id,
      patient.id,
      consult.id,
      operator.body.id,
      contact.body.id as string,
      ...followUps.body.items.map((f: { id: string }) => f.id),
    ];
    const res = await app.http.get('/api/docs-json').expect(200);
    doc = res.body;
    ops = operationsOf(res.body);
  });
  afterAll(() => app.close());

  const resolveRef = (schema: Schema | undefined): Schema | undefined => {
    const ref = schema?.$ref as string | undefined;
    return ref ? doc.components?.schemas?.[ref.split('/').pop() as string] : schema;
  };

  /** A value shaped by the schema most of the time, anything at all otherwise. */
  const valueFor = (raw: Schema | undefined, depth = 0): fc.Arbitrary<unknown> => {
    const schema = resolveRef(raw) ?? {};
    const shaped: fc.Arbitrary<unknown>[] = [];
    if (Array.isArray(schema.enum)) shaped.push(fc.constantFrom(...(schema.enum as unknown[])));
    // Nest's OpenAPI leaves `type` out of some numeric query parameters; their bounds say what they are
    const numeric =
      ['integer', 'number'].includes(schema.type as string) || 'minimum' in schema || 'maximum' in schema;
    if (numeric) {
      const edges = [0, -1, 0.5, 1e20, Number(schema.maximum ?? 2 ** 31) + 1];
      shaped.push(
        fc.integer({ min: -10, max: 10_000 }),
        fc.constantFrom(...edges),
        fc.constantFrom(...edges),
      );
    }
    switch (schema.type) {
      case 'boolean':
        shaped.push(fc.boolean());
        break;
      case 'string':
        shaped.push(fc.string({ maxLength: 40 }), fc.constant(randomUUID()), fc.constantFrom(...realIds));
        break;
      case 'array':
        if (depth < 2) shaped.push(fc.array(valueFor(schema.items as Schema, depth + 1), { maxLength: 4 }));
        break;
      case 'object':
      default:
        if (depth < 2 && schema.properties) shaped.push(objectFor(schema, depth + 1));
    }
    return shaped.length
      ? fc.oneof({ weight: 3, arbitrary: fc.oneof(...shaped) }, { weight: 1, arbitrary: wild() })
      : wild();
  };

  const objectFor = (schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> => {
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    const entries = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, valueFor(s, depth)]));
    return fc.record(entries, { requiredKeys: [] });
  };

  /**
   * A request that passes validation, where one is known (`VALID`): the fuzzer mutates one or two
   * of its fields (or adds others), so a bad value reaches the handler alone instead of being
   * refused beside ten others. Without one, the whole input is arbitrary.
   */
  const requestFor = (op: Operation) => {
    const valid = VALID[op.key] ?? {};
    const queryParams = op.parameters.filter((p) => p.in === 'query');
    const queryValue = (schema: Schema | undefined) =>
      fc.oneof(
        {
          weight: 4,
          arbitrary: valueFor(schema).map((v) =>
            typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v),
          ),
        },
        {
          weight: 1,
          arbitrary: fc.array(fc.constantFrom(...NASTY.slice(0, 8)), { minLength: 2, maxLength: 2 }),
        }, // ?a=1&a=2
      );
    const query = queryParams.length
      ? fc
          .subarray(queryParams, { minLength: 0, maxLength: Math.min(2, queryParams.length) })
          .chain((picked) =>
            fc.tuple(...picked.map((p) => queryValue(p.schema).map((v) => [p.name, v] as const))),
          )
          .map((pairs) => ({ ...(valid.query ?? {}), ...Object.fromEntries(pairs) }))
      : fc.constant(valid.query ?? {});
    const bodySchema = resolveRef(op.body?.schema);
    const props = Object.keys(bodySchema?.properties ?? {});
    const mutated = (base: Record<string, unknown>) =>
      props.length
        ? fc
            .subarray(props, { minLength: 1, maxLength: Math.min(2, props.length) })
            .chain((keys) =>
              fc.tuple(
                ...keys.map((k) =>
                  valueFor(((bodySchema?.properties ?? {}) as Record<string, Schema>)[k]).map(
                    (v) => [k, v] as const,
                  ),
                ),
              ),
            )
            .map((pairs) => ({ ...base, ...Object.fromEntries(pairs) }))
        : fc.constant(base);
    const body = !op.body
      ? fc.constant(undefined)
      : valid.body
        ? fc.oneof(
            { weight: 4, arbitrary: mutated(valid.body) },
            { weight: 1, arbitrary: valueFor(op.body.schema) },
            { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
          )
        : fc.oneof(
            { weight: 3, arbitrary: valueFor(op.body.schema) },
            { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
          );
    const pathNames = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
    const path = fc.record(
      Object.fromEntries(
        pathNames.map((n) => [
          n,
          fc.oneof(
            { weight: 3, arbitrary: fc.constantFrom(...realIds) },
            { weight: 1, arbitrary: fc.constant(randomUUID()) },
            { weight: 1, arbitrary: fc.constantFrom(...NASTY.slice(0, 20)) },
            { weight: 1, arbitrary: fc.string() },
          ),
        ]),
      ),
    );
    return fc.record({ path, query, body });
  };

  /** The role a call is made with: one the route allows (admin first), so the input reaches the handler. */
  const roleFor = (op: Operation): StaffRole | undefined => {
    const roles = ROUTE_ROLES[op.key]?.roles;
    if (!roles || roles === 'public' || ROUTE_ROLES[op.key]?.endsSession) return undefined;
    return roles.includes('admin') ? 'admin' : roles[0];
  };

  it(`sends ${RUNS} arbitrary requests to each operation (seed ${SEED}) and gets no 5xx`, async () => {
    const failures: string[] = [];
    const statuses: Record<string, Record<number, number>> = {};
    const deadline = Date.now() + 150_000;
    for (const op of ops) {
      if (Date.now() > deadline) break;
      const role = roleFor(op);
      try {
        await fc.assert(
          fc.asyncProperty(requestFor(op), async ({ path, query, body }) => {
            const url = op.path.replace(/\{(\w+)\}/g, (_, n: string) =>
              encodeURIComponent(typeof path[n] === 'string' ? path[n] : randomUUID()),
            );
            let req = app.http[op.method as 'get' | 'post' | 'put' | 'patch' | 'delete'](url).query(
              query as Record<string, string>,
            );
            if (role) req = req.auth(tokens[role], { type: 'bearer' });
            if (op.body?.contentType === 'text/csv')
              req = req
                .set('Content-Type', 'text/csv')
                .send(typeof body === 'string' ? body : JSON.stringify(body));
            else if (op.body && body !== undefined)
              req = req.set('Content-Type', 'application/json').send(JSON.stringify(body));
            const res = await req;
            const tally = (statuses[op.key] ??= {});
            tally[res.status] = (tally[res.status] ?? 0) + 1;
            if (res.status >= 500)
              throw new Error(
                `${res.status} ${JSON.stringify(res.body)} for ${url} ${JSON.stringify(query)} ${JSON.stringify(body)}`,
              );
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      } catch (err) {
        failures.push(`${op.key}: ${(err as Error).message.split('\n').slice(0, 6).join(' | ')}`);
      }
    }
    if (process.env.FUZZ_DEBUG) console.log(JSON.stringify(statuses, null, 1));
    expect(failures).toEqual([]);
  }, 200_000);
});
