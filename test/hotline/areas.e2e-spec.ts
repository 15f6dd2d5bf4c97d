import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { patientBody } from '../patients/helpers';
import { startTestApp, type TestApp } from '../support/test-app';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const messageOf = (body: { message?: string | string[] }) =>
  ([] as string[]).concat(body.message ?? []).join('; ');

/** Patients' district and ward are checked against the areas list, as contacts' are. */
describe('areas: patients are validated against the official list', () => {
  let app: TestApp;
  let careTeam: string;
  const patients = async () => Number((await app.db.query(`SELECT count(*)::int AS n FROM patients`))[0].n);

  beforeAll(async () => {
    app = await startTestApp({ BACKGROUND_JOBS: '0' });
    careTeam = await app.tokenFor('care_team');
  });
  afterAll(() => app.close());

  it.each([
    ['a district outside the list', { district: 'Quận 8' }, /district "Quận 8"/],
    [
      'a ward of another district',
      { district: 'Hoàng Mai', ward: 'Dịch Vọng' },
      /ward "Dịch Vọng" is not a ward of Hoàng Mai/,
    ],
  ])('POST /api/patients refuses %s: 400 naming it, nothing written', async (_, over, message) => {
    const before = await patients();
    const res = await app.http
      .post('/api/patients')
      .set(bearer(careTeam))
      .send(patientBody(over))
      .expect(400);
    expect(messageOf(res.body)).toMatch(message);
    expect(await patients()).toBe(before);
  });

  it('takes a name whatever the tone placement, and stores it as the list writes it', async () => {
    const res = await app.http
      .post('/api/patients')
      .set(bearer(careTeam))
      .send(patientBody({ district: 'Cầu Giấy', ward: 'Yên Hòa' })) // the list: "Yên Hoà"
      .expect(201);
    expect(res.body).toMatchObject({ district: 'Cầu Giấy', ward: 'Yên Hoà' });
    const id = (res.body as { id: string }).id;
    // a new district whose wards do not include the old one: refused, naming the ward
    const moved = await app.http
      .patch(`/api/patients/${id}`)
      .set(bearer(careTeam))
      .send({ district: 'Ba Đình' })
      .expect(400);
    expect(messageOf(moved.body)).toMatch(/ward "Yên Hoà" is not a ward of Ba Đình/);
    const ok = await app.http
      .patch(`/api/patients/${id}`)
      .set(bearer(careTeam))
      .send({ district: 'Ba Đình', ward: 'Kim Mã' })
      .expect(200);
    expect(ok.body).toMatchObject({ district: 'Ba Đình', ward: 'Kim Mã' });
  });
});

describe('areas: AREAS_FILE replaces the list', () => {
  let app: TestApp;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dh-areas-'));
    const file = join(dir, 'areas.json');
    writeFileSync(
      file,
      JSON.stringify({
        source: 'a test list',
        province: { code: '99', name: 'Tỉnh Thử' },
        districts: [
          {
            code: '990',
            name: 'Huyện Một',
            type: 'huyện',
            wards: [{ code: '99001', name: 'Xã Một', type: 'xã' }],
          },
        ],
      }),
    );
    app = await startTestApp({ BACKGROUND_JOBS: '0', AREAS_FILE: file });
  });
  afterAll(() => app.close());

  it('serves that list and checks against it', async () => {
    const res = await app.http.get('/api/areas').set(bearer(app.adminToken)).expect(200);
    expect(res.body).toEqual({
      province: 'Tỉnh Thử',
      source: 'a test list',
      districts: [
        {
          code: '990',
          name: 'Huyện Một',
          type: 'huyện',
          wards: [{ code: '99001', name: 'Xã Một', type: 'xã' }],
        },
      ],
    });
    await app.http
      .post('/api/users')
      .set(bearer(app.adminToken))
      .send({
        email: 'o@test.local',
        password: 'staff-password-1',
        fullName: 'Cán bộ',
        role: 'district_officer',
        district: 'Cầu Giấy',
      })
      .expect(400);
    await app.http
      .post('/api/users')
      .set(bearer(app.adminToken))
      .send({
        email: 'o@test.local',
        password: 'staff-password-1',
        fullName: 'Cán bộ',
        role: 'district_officer',
        district: 'Huyện Một',
      })
      .expect(201);
  });
});
