import { createDoctor } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const HEADER = 'fullName,phone,email,specialty,yearsOfExperience,group,languages';

describe('CSV import and availability', () => {
  let app: TestApp;
  let coordinator: string;
  beforeAll(async () => {
    app = await startTestApp();
    coordinator = await app.tokenFor('coordinator');
  });
  afterAll(() => app.close());

  const importCsv = (csv: string) =>
    app.http
      .post('/api/doctors/import')
      .auth(coordinator, { type: 'bearer' })
      .set('Content-Type', 'text/csv')
      .send(csv);
  const count = async () => (await app.db.query(`SELECT count(*)::int AS n FROM doctors`))[0].n as number;

  describe('import', () => {
    const file = [
      HEADER,
      'Nguyễn Văn An,0889556655,an.import@example.vn,Respiratory medicine,12,consult,vi|en',
      'Trần Thị Bình,12345,binh.import@example.vn,Paediatrics,8,consult,vi',
      '"Lê Hoài, Châu",+84912345678,chau.import@example.vn,Family medicine,3,active_care,vi',
      'Phạm Minh Dũng,0912345679,dung.import@example.vn,Family medicine,3,consult,vi',
    ].join('\n');

    it('imports good rows, reports bad rows by line, and writes nothing of a bad row', async () => {
      const before = await count();
      const res = await importCsv(file).expect(200);
      expect(res.body).toEqual({
        created: 2,
        updated: 0,
        errors: [
          { line: 3, message: expect.stringContaining('phone') },
          { line: 5, message: expect.stringContaining('yearsOfExperience must be at least 5') },
        ],
      });
      expect(await count()).toBe(before + 2);
      const [an] = await app.db.query(
        `SELECT phone, languages, max_windows_per_week FROM doctors WHERE email = 'an.import@example.vn'`,
      );
      expect(an).toEqual({ phone: '+84889556655', languages: ['vi', 'en'], max_windows_per_week: 7 });
      const [binh] = await app.db.query(
        `SELECT count(*)::int AS n FROM doctors WHERE email = 'binh.import@example.vn'`,
      );
      expect(binh.n).toBe(0);
    });

    it('changes nothing when the same file comes again', async () => {
      const snapshot = await app.db.query(`SELECT * FROM doctors ORDER BY id`);
      const res = await importCsv(file).expect(200);
      expect(res.body).toMatchObject({ created: 0, updated: 0 });
      expect(await app.db.query(`SELECT * FROM doctors ORDER BY id`)).toEqual(snapshot);
    });

    it('updates a known email where a field differs', async () => {
      const res = await importCsv(
        `${HEADER}\nNguyễn Văn An,0889556655,AN.IMPORT@example.vn,Cardiology,13,consult,vi|en`,
      ).expect(200);
      expect(res.body).toEqual({ created: 0, updated: 1, errors: [] });
      const [an] = await app.db.query(
        `SELECT specialty, years_of_experience FROM doctors WHERE email = 'an.import@example.vn'`,
      );
      expect(an).toEqual({ specialty: 'Cardiology', years_of_experience: 13 });
    });

    it('imports the file Excel saves on Vietnamese Windows: semicolons, a byte order mark, CRLF', async () => {
      const excel =
        '\uFEFF' +
        [
          HEADER.replaceAll(',', ';'),
          'Võ Thị Lan;0912345001;lan.excel@example.vn;Hô hấp;9;consult;vi|en',
          '"Đặng Văn; Minh";0912345002;minh.excel@example.vn;Nhi khoa;6;consult;vi',
          'Bùi Hữu Nam;012;nam.excel@example.vn;Nội khoa;7;consult;vi',
          ';;;;;;',
        ].join('\r\n') +
        '\r\n';
      const res = await importCsv(excel).expect(200);
      expect(res.body).toEqual({
        created: 2,
        updated: 0,
        errors: [{ line: 4, message: expect.stringContaining('phone') }],
      });
      const found = await app.db.query(
        `SELECT full_name, specialty, languages FROM doctors WHERE email LIKE '%.excel@example.vn' ORDER BY email`,
      );
      expect(found).toEqual([
        { full_name: 'Võ Thị Lan', specialty: 'Hô hấp', languages: ['vi', 'en'] },
        { full_name: 'Đặng Văn; Minh', specialty: 'Nhi khoa', languages: ['vi'] },
      ]);
    });

    it.each([
      [
        'a file in the Windows code page, not UTF-8',
        Buffer.concat([
          Buffer.from(`${HEADER}\r\nNguy`),
          Buffer.from([0xea, 0xf1]),
          Buffer.from('n,0912345003'),
        ]),
        /not UTF-8 text.*CSV UTF-8/,
      ],
      [
        'a first line that is not the header',
        'Họ tên;Điện thoại\r\nAn;0912345004',
        /first line must be the header/,
      ],
      ['an unclosed quote', `${HEADER}\r\n"Nguyễn,0889556655\r\n`, /double quote .* never closed/],
    ])('refuses %s with a 400 that says what is wrong in words', async (_, csv, words) => {
      const before = await count();
      const res = await importCsv(csv as string).expect(400);
      const message = JSON.stringify(res.body.message);
      expect(message).toMatch(words);
      expect(message).not.toMatch(/Invalid|CSV_|Quote Not Closed/);
      expect(await count()).toBe(before);
    });

    it.each([
      ['an empty body', ''],
      ['a file without the header', 'a,b,c\n1,2,3'],
      ['a broken quote', `${HEADER}\n"Nguyễn,0889556655`],
    ])('refuses %s with a 400', async (_, csv) => {
      const res = await importCsv(csv).expect(400);
      expect(JSON.stringify(res.body.message)).toContain('body');
    });
  });

  describe('availability', () => {
    it("round-trips the windows of the doctor's group between two dates", async () => {
      const doctor = await createDoctor(app);
      const windows = ['2021-08-23/09-11', '2021-08-23/19-21', '2021-08-24/15-17'];
      const put = await app.http
        .put(`/api/doctors/${doctor.id}/availability`)
        .auth(doctor.token, { type: 'bearer' })
        .send({ from: '2021-08-23', to: '2021-08-29', windows })
        .expect(200);
      expect(put.body.windows).toEqual(windows);
      const get = await app.http
        .get(`/api/doctors/${doctor.id}/availability`)
        .query({ from: '2021-08-23', to: '2021-08-29' })
        .auth(coordinator, { type: 'bearer' })
        .expect(200);
      expect(get.body).toEqual({ windows });
      const [row] = await app.db.query(
        `SELECT starts_at, ends_at FROM doctor_availability WHERE doctor_id = $1 AND window_key = '2021-08-23/09-11'`,
        [doctor.id],
      );
      expect([row.starts_at.toISOString(), row.ends_at.toISOString()]).toEqual([
        '2021-08-23T02:00:00.000Z',
        '2021-08-23T04:00:00.000Z',
      ]);
      // replacing a sub-range leaves the rest alone
      await app.http
        .put(`/api/doctors/${doctor.id}/availability`)
        .auth(doctor.token, { type: 'bearer' })
        .send({ from: '2021-08-24', to: '2021-08-24', windows: [] })
        .expect(200);
      const after = await app.http
        .get(`/api/doctors/${doctor.id}/availability`)
        .query({ from: '2021-08-01', to: '2021-08-31' })
        .auth(doctor.token, { type: 'bearer' })
        .expect(200);
      expect(after.body.windows).toEqual(['2021-08-23/09-11', '2021-08-23/19-21']);
    });

    it.each([
      ['a window that is not configured', ['2021-08-23/10-12']],
      ['an active-care shift for a consult doctor', ['2021-08-23/08-20']],
      ['a key outside from..to', ['2021-08-30/09-11']],
      ['a malformed key', ['2021-08-23 09-11']],
      ['an impossible date', ['2021-02-30/09-11']],
    ])('refuses %s with a 400 and changes nothing', async (_, bad) => {
      const doctor = await createDoctor(app);
      await app.http
        .put(`/api/doctors/${doctor.id}/availability`)
        .auth(doctor.token, { type: 'bearer' })
        .send({ from: '2021-08-23', to: '2021-08-29', windows: ['2021-08-23/09-11'] })
        .expect(200);
      const res = await app.http
        .put(`/api/doctors/${doctor.id}/availability`)
        .auth(doctor.token, { type: 'bearer' })
        .send({ from: '2021-08-23', to: '2021-08-29', windows: ['2021-08-24/09-11', ...bad] })
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain('windows');
      const rows = await app.db.query(`SELECT window_key FROM doctor_availability WHERE doctor_id = $1`, [
        doctor.id,
      ]);
      expect(rows).toEqual([{ window_key: '2021-08-23/09-11' }]);
    });

    it('uses CARE_SHIFTS for the active care group', async () => {
      const doctor = await createDoctor(app, { group: 'active_care', yearsOfExperience: 2 });
      await app.http
        .put(`/api/doctors/${doctor.id}/availability`)
        .auth(doctor.token, { type: 'bearer' })
        .send({ from: '2021-08-23', to: '2021-08-23', windows: ['2021-08-23/08-20'] })
        .expect(200);
      await app.http
        .put(`/api/doctors/${doctor.id}/availability`)
        .auth(doctor.token, { type: 'bearer' })
        .send({ from: '2021-08-23', to: '2021-08-23', windows: ['2021-08-23/09-11'] })
        .expect(400);
    });

    it.each([
      ['from after to', { from: '2021-08-29', to: '2021-08-23', windows: [] }, 'to'],
      ['a bad date', { from: '2021-13-01', to: '2021-08-23', windows: [] }, 'from'],
      ['a range too long', { from: '2021-01-01', to: '2021-12-31', windows: [] }, 'from'],
      ['windows not a list', { from: '2021-08-23', to: '2021-08-23', windows: 'x' }, 'windows'],
    ])('refuses %s, naming the field', async (_, body, field) => {
      const doctor = await createDoctor(app);
      const res = await app.http
        .put(`/api/doctors/${doctor.id}/availability`)
        .auth(doctor.token, { type: 'bearer' })
        .send(body)
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });
  });
});
