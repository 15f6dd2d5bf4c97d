import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { createConsult } from '../consults/helpers';
import { careDoctor, createPatient, hours, publishCareShift } from '../patients/helpers';
import { type Operation, operationsOf, ROUTE_ROLES, type StaffRole } from '../support/route-roles';
import { startTestApp, TestApp } from '../support/test-app';

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
    fc.constantFrom(...NASTY),
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 2 }),
  );

describe('fuzz: every operation of the OpenAPI document through the real HTTP stack never answers 5xx', () => {
  let app: TestApp;
  let doc: { components?: { schemas?: Record<string, Schema> } };
  let ops: Operation[];
  const tokens = {} as Record<StaffRole, string>;
  let realIds: string[];

  beforeAll(async () => {
    app = await startTestApp({ BACKGROUND_JOBS: '0' });
    app.clock.freeze('2026-11-30T03:00:00Z');
    tokens.admin = app.adminToken;
    tokens.coordinator = await app.tokenFor('coordinator');
    tokens.care_team = await app.tokenFor('care_team');
    const doctor = await careDoctor(app);
    tokens.doctor = doctor.token;
    const now = app.clock.now().getTime();
    await publishCareShift(app, [doctor.id], new Date(now - hours(2)), new Date(now + hours(8)));
    const patient = await createPatient(app, tokens.care_team);
    const consult = await createConsult(app, tokens.coordinator, { patientId: patient.id });
    realIds = [doctor.id, patient.id, consult.id];
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
    switch (schema.type) {
      case 'integer':
      case 'number':
        shaped.push(fc.integer({ min: -10, max: 10_000 }), fc.constantFrom(0, 1, 1e20, -1, 2 ** 31, 0.5));
        break;
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

  const requestFor = (op: Operation) =>
    fc.record({
      path: fc.dictionary(
        fc.constantFrom(...op.parameters.filter((p) => p.in === 'path').map((p) => p.name), '_'),
        fc.oneof(
          fc.constantFrom(...realIds),
          fc.constant(randomUUID()),
          fc.constantFrom(...NASTY.slice(0, 20)),
          fc.string(),
        ),
      ),
      query: fc.record(
        Object.fromEntries(
          op.parameters
            .filter((p) => p.in === 'query')
            .map((p) => [
              p.name,
              fc.oneof(
                valueFor(p.schema).map((v) =>
                  typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v),
                ),
                fc.array(fc.constantFrom(...NASTY.slice(0, 8)), { minLength: 2, maxLength: 2 }), // ?a=1&a=2
              ),
            ]),
        ),
        { requiredKeys: [] },
      ),
      body: op.body
        ? fc.oneof(
            { weight: 3, arbitrary: valueFor(op.body.schema) },
            { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
          )
        : fc.constant(undefined),
    });

  /** The role a call is made with: one the route allows (admin first), so the input reaches the handler. */
  const roleFor = (op: Operation): StaffRole | undefined => {
    const roles = ROUTE_ROLES[op.key]?.roles;
    if (!roles || roles === 'public') return undefined;
    return roles.includes('admin') ? 'admin' : roles[0];
  };

  it(`sends ${RUNS} arbitrary requests to each operation (seed ${SEED}) and gets no 5xx`, async () => {
    const failures: string[] = [];
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
    expect(failures).toEqual([]);
  }, 200_000);
});
