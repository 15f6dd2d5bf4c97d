import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VITAL_RANGES } from '../../web/src/lib/validation';
import { CONSULT_OUTCOMES, ESCALATION_OUTCOMES, SYMPTOMS } from '../../web/src/lib/vocabularies';
import { OBSERVATION_RANGES, SYMPTOMS as SERVER_SYMPTOMS } from '../triage';

// The checked-in document (npm run api:check keeps it equal to what the app serves at /api/docs-json).
interface Schema {
  type?: string;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  $ref?: string;
  properties?: Record<string, Schema>;
  required?: string[];
}
interface Operation {
  parameters?: { name: string; in: string; schema: Schema }[];
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  security?: unknown[];
}
const doc = JSON.parse(readFileSync(join(__dirname, '../../web/src/api/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
);

describe('OpenAPI document', () => {
  it.each(operations)('$route: every error answer has the one error schema', ({ op }) => {
    const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
    expect(errors.length).toBeGreaterThan(0);
    for (const [status, response] of errors) {
      if (status === '503' && !response.content?.['application/json']?.schema.$ref) continue; // health check
      expect(response.content?.['application/json']?.schema).toEqual({
        $ref: '#/components/schemas/ErrorResponseDto',
      });
    }
    if (op.security) expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
  });

  it('page and limit are integers wherever a list takes them', () => {
    const paging = operations.flatMap(({ op }) =>
      (op.parameters ?? []).filter((p) => p.name === 'page' || p.name === 'limit'),
    );
    expect(paging.length).toBeGreaterThan(0);
    for (const p of paging) expect(p.schema.type).toBe('integer');
  });

  it('.ics routes answer text/calendar', () => {
    const ics = operations.filter(({ route }) => route.endsWith('.ics'));
    expect(ics).toHaveLength(2);
    for (const { op } of ics)
      expect(Object.keys(op.responses['200'].content ?? {})).toEqual(['text/calendar']);
  });
});

describe("the console's vocabularies agree with the server", () => {
  const observation = doc.components.schemas.ObservationInputDto;

  it.each(Object.entries(VITAL_RANGES))('vital range %s', (field, range) => {
    const prop = observation.properties?.[field];
    expect({ min: prop?.minimum, max: prop?.maximum }).toEqual({ min: range.min, max: range.max });
    expect(observation.required?.includes(field) ?? false).toBe(range.required);
    // and the document says what the triage rules check
    const server = OBSERVATION_RANGES[field as keyof typeof OBSERVATION_RANGES];
    expect({ min: server.min, max: server.max }).toEqual({ min: range.min, max: range.max });
  });

  // The compiler checks the lists against the generated types; these check the values at run time too.
  it('enums', () => {
    expect(SYMPTOMS).toEqual(SERVER_SYMPTOMS);
    expect(CONSULT_OUTCOMES).toEqual(doc.components.schemas.CompleteConsultDto.properties?.outcome.enum);
    expect(ESCALATION_OUTCOMES).toEqual(doc.components.schemas.ResolveEscalationDto.properties?.outcome.enum);
  });
});
