import { assess } from '../../src/triage';
import { startTestApp, TestApp } from '../support/test-app';
import { careDoctor, createPatient, hours, patientBody, publishCareShift } from './helpers';

const GREEN_OBS = { spo2: 98, respiratoryRate: 16, heartRate: 72, temperature: 36.8 };

/** Rule set vn-moh-2021.2 as the default (issue 9): validation, stored rule sets, the "red at once" cadence. */
describe('triage rule set vn-moh-2021.2 through the API', () => {
  let app: TestApp;
  let careTeam: string;
  const now = new Date('2026-11-26T03:00:00Z'); // 10:00 on 26 Nov in Hanoi

  beforeAll(async () => {
    app = await startTestApp({ BACKGROUND_JOBS: '0' });
    app.clock.freeze(now);
    careTeam = await app.tokenFor('care_team');
    const doctor = await careDoctor(app);
    await publishCareShift(
      app,
      [doctor.id],
      new Date(now.getTime() - hours(2)),
      new Date(now.getTime() + hours(8)),
    );
  });
  afterAll(() => app.close());

  /** Rows a patient has in every table a request could write. */
  async function written(patientId: string) {
    const [counts] = await app.db.query<Record<string, number>[]>(
      `SELECT (SELECT count(*)::int FROM observations WHERE patient_id = $1) AS observations,
              (SELECT count(*)::int FROM assessments WHERE patient_id = $1) AS assessments,
              (SELECT count(*)::int FROM tier_changes WHERE patient_id = $1) AS history,
              (SELECT count(*)::int FROM escalations WHERE patient_id = $1) AS escalations,
              (SELECT count(*)::int FROM follow_ups WHERE patient_id = $1) AS follow_ups,
              (SELECT count(*)::int FROM patient_audit WHERE patient_id = $1 AND action <> 'read') AS audit`,
      [patientId],
    );
    const [row] = await app.db.query(
      `SELECT sex, pregnant, date_of_birth::text AS dob, risk_tier, updated_at FROM patients WHERE id = $1`,
      [patientId],
    );
    return { ...counts, row };
  }

  it('a child gets the age-band rules: a healthy 3-month-old is yellow (risk:age<1), NEWS2 null', async () => {
    const baby = await createPatient(app, careTeam, { dateOfBirth: '2026-08-26' });
    expect(baby.riskTier).toBe('yellow');
    const res = await app.http
      .post(`/api/patients/${baby.id}/observations`)
      .auth(careTeam, { type: 'bearer' })
      .send({
        spo2: 98,
        respiratoryRate: 40,
        heartRate: 140,
        systolicBp: 80,
        diastolicBp: 50,
        temperature: 37.0,
      })
      .expect(201);
    expect(res.body.assessment).toMatchObject({
      tier: 'yellow',
      reasons: ['risk:age<1'],
      ruleSet: 'vn-moh-2021.2',
      news2: null,
    });
    const fast = await app.http
      .post(`/api/patients/${baby.id}/observations`)
      .auth(careTeam, { type: 'bearer' })
      .send({ spo2: 98, respiratoryRate: 40, heartRate: 172 })
      .expect(201);
    expect(fast.body.assessment).toMatchObject({ tier: 'orange', reasons: ['peds:pulse>=170'] });
  });

  it('an adult gets NEWS2 as { total, complete } and a pregnant one the obstetric rules', async () => {
    const mother = await createPatient(app, careTeam, {
      dateOfBirth: '1996-05-01',
      sex: 'female',
      pregnant: true,
    });
    expect(mother.riskTier).toBe('yellow');
    const res = await app.http
      .post(`/api/patients/${mother.id}/observations`)
      .auth(careTeam, { type: 'bearer' })
      .send({ ...GREEN_OBS, systolicBp: 162, diastolicBp: 95, consciousness: 'alert', onOxygen: false })
      .expect(201);
    expect(res.body.assessment).toMatchObject({
      tier: 'red',
      reasons: ['obstetric:sbp>=160'],
      news2: { total: 0, complete: true },
    });
  });

  describe('refused with 400 naming the field, nothing written', () => {
    const decimals: [string, number][] = [
      ['spo2', 95.4],
      ['respiratoryRate', 20.5],
      ['heartRate', 120.5],
      ['systolicBp', 89.6],
      ['diastolicBp', 59.5],
      ['temperature', 37.25],
    ];

    it.each(decimals)('an observation with %s %p', async (field, value) => {
      const patient = await createPatient(app, careTeam);
      const before = await written(patient.id);
      const res = await app.http
        .post(`/api/patients/${patient.id}/observations`)
        .auth(careTeam, { type: 'bearer' })
        .send({ ...GREEN_OBS, [field]: value })
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
      expect(await written(patient.id)).toEqual(before);
    });

    it('a temperature with one decimal is accepted', async () => {
      const patient = await createPatient(app, careTeam);
      await app.http
        .post(`/api/patients/${patient.id}/observations`)
        .auth(careTeam, { type: 'bearer' })
        .send({ ...GREEN_OBS, temperature: 37.5 })
        .expect(201);
    });

    it.each(decimals)('a follow-up completed with %s %p (the follow-up stays open)', async (field, value) => {
      const patient = await createPatient(app, careTeam);
      const [open] = await app.db.query<{ id: string }[]>(
        `SELECT id FROM follow_ups WHERE patient_id = $1 AND status = 'open'`,
        [patient.id],
      );
      const before = await written(patient.id);
      const res = await app.http
        .post(`/api/follow-ups/${open.id}/complete`)
        .auth(careTeam, { type: 'bearer' })
        .send({ reached: true, observation: { ...GREEN_OBS, [field]: value } })
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain(`observation.${field}`);
      expect(await written(patient.id)).toEqual(before);
      const [still] = await app.db.query(`SELECT status FROM follow_ups WHERE id = $1`, [open.id]);
      expect(still.status).toBe('open');
    });

    it.each<[string, Record<string, unknown>]>([
      ['a pregnant male', { sex: 'male', pregnant: true }],
      ['a pregnant girl of 9 (10 tomorrow)', { sex: 'female', pregnant: true, dateOfBirth: '2016-11-27' }],
    ])('creating %s', async (_label, overrides) => {
      const body = patientBody(overrides);
      const res = await app.http
        .post('/api/patients')
        .auth(careTeam, { type: 'bearer' })
        .send(body)
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain('pregnant');
      const rows = await app.db.query(`SELECT 1 FROM patients WHERE full_name = $1`, [body.fullName]);
      expect(rows).toHaveLength(0);
    });

    it('a pregnant girl of 10 today is accepted (orange or lower by the rules, at least yellow)', async () => {
      const p = await createPatient(app, careTeam, {
        sex: 'female',
        pregnant: true,
        dateOfBirth: '2016-11-26',
      });
      expect(p.riskTier).toBe('yellow');
    });

    it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
      ['pregnant: true on a male patient', { sex: 'male' }, { pregnant: true }],
      ['sex: male on a pregnant patient', { sex: 'female', pregnant: true }, { sex: 'male' }],
      [
        'a date of birth making a pregnant patient 8',
        { sex: 'female', pregnant: true },
        { dateOfBirth: '2018-01-01' },
      ],
      ['pregnant: true on a girl of 9', { sex: 'female', dateOfBirth: '2017-01-01' }, { pregnant: true }],
    ])('updating with %s', async (_label, created, change) => {
      const patient = await createPatient(app, careTeam, created);
      const before = await written(patient.id);
      app.clock.advance(60_000);
      const res = await app.http
        .patch(`/api/patients/${patient.id}`)
        .auth(careTeam, { type: 'bearer' })
        .send(change)
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain('pregnant');
      expect(await written(patient.id)).toEqual(before);
    });

    it('an update that keeps a pregnancy possible is accepted and re-assessed', async () => {
      const patient = await createPatient(app, careTeam, { sex: 'female', dateOfBirth: '1995-01-01' });
      const res = await app.http
        .patch(`/api/patients/${patient.id}`)
        .auth(careTeam, { type: 'bearer' })
        .send({ pregnant: true })
        .expect(200);
      expect(res.body).toMatchObject({ pregnant: true, riskTier: 'yellow' });
    });
  });

  it('an assessment stored under vn-moh-2021 reads back with its rule set; re-run, it gives the same answer; nothing is rewritten', async () => {
    const baby = await createPatient(app, careTeam, { dateOfBirth: '2026-08-26' });
    // Stored data from before the switch: an observation assessed red by vn-moh-2021 (adult pulse limit).
    const takenAt = new Date(app.clock.now().getTime() + 30 * 60_000);
    app.clock.advance(hours(1));
    const stored = {
      spo2: 98,
      respiratoryRate: 40,
      heartRate: 140,
      systolicBp: 80,
      diastolicBp: 50,
      temperature: 37,
    };
    const old = assess(
      { dateOfBirth: '2026-08-26', comorbidities: [], pregnant: false, vaccineDoses: 2 },
      { ...stored, takenAt },
      { at: takenAt, zone: app.config.operationsTz },
      'vn-moh-2021',
    );
    expect(old).toMatchObject({ tier: 'red', ruleSet: 'vn-moh-2021' });
    const [obs] = await app.db.query<{ id: string }[]>(
      `INSERT INTO observations (patient_id, taken_at, spo2, respiratory_rate, heart_rate, temperature, systolic_bp, diastolic_bp, created_at)
       VALUES ($1, $2, 98, 40, 140, 37, 80, 50, $2) RETURNING id`,
      [baby.id, takenAt],
    );
    const [a] = await app.db.query<{ id: string }[]>(
      `INSERT INTO assessments (patient_id, observation_id, tier, reasons, rule_set, news2, source, applied, at)
       VALUES ($1, $2, $3, $4, 'vn-moh-2021', $5, 'rules', true, $6) RETURNING id`,
      [baby.id, obs.id, old.tier, old.reasons, JSON.stringify(old.news2), takenAt],
    );
    await app.db.query(
      `INSERT INTO tier_changes (patient_id, from_tier, to_tier, source, reasons, assessment_id, at)
       VALUES ($1, 'yellow', 'red', 'rules', $2, $3, $4)`,
      [baby.id, old.reasons, a.id, takenAt],
    );
    await app.db.query(`UPDATE patients SET risk_tier = 'red', tier_changed_at = $2 WHERE id = $1`, [
      baby.id,
      takenAt,
    ]);

    // Reading does not re-assess: the stored tier and assessment stay as they were.
    const read = await app.http
      .get(`/api/patients/${baby.id}`)
      .auth(careTeam, { type: 'bearer' })
      .expect(200);
    expect(read.body.riskTier).toBe('red');
    const history = await app.http
      .get(`/api/patients/${baby.id}/history`)
      .auth(careTeam, { type: 'bearer' })
      .expect(200);
    expect(history.body.items.map((h: { ruleSet: string; to: string }) => [h.to, h.ruleSet])).toEqual([
      ['yellow', 'vn-moh-2021.2'],
      ['red', 'vn-moh-2021'],
    ]);
    // Re-running the stored assessment under its rule set gives the same answer.
    const [row] = await app.db.query(`SELECT tier, reasons, rule_set, news2 FROM assessments WHERE id = $1`, [
      a.id,
    ]);
    const again = assess(
      { dateOfBirth: '2026-08-26', comorbidities: [], pregnant: false, vaccineDoses: 2 },
      { ...stored, takenAt },
      { at: takenAt, zone: app.config.operationsTz },
      row.rule_set,
    );
    expect({ tier: again.tier, reasons: again.reasons, news2: again.news2 }).toEqual({
      tier: row.tier,
      reasons: row.reasons,
      news2: row.news2,
    });

    // The next observation is assessed by the default; the old row is untouched.
    await app.http
      .post(`/api/patients/${baby.id}/observations`)
      .auth(careTeam, { type: 'bearer' })
      .send(stored)
      .expect(201);
    const after = await app.http
      .get(`/api/patients/${baby.id}/history`)
      .auth(careTeam, { type: 'bearer' })
      .expect(200);
    expect(after.body.items.map((h: { ruleSet: string; to: string }) => [h.to, h.ruleSet])).toEqual([
      ['yellow', 'vn-moh-2021.2'],
      ['red', 'vn-moh-2021'],
      ['yellow', 'vn-moh-2021.2'],
    ]);
    const [unchanged] = await app.db.query(`SELECT tier, reasons, rule_set FROM assessments WHERE id = $1`, [
      a.id,
    ]);
    expect(unchanged).toEqual({ tier: 'red', reasons: old.reasons, rule_set: 'vn-moh-2021' });
  });

  it('a follow-up completed red: the next is due 1 h later, the escalation is open at once', async () => {
    app.clock.freeze(now);
    const patient = await createPatient(app, careTeam);
    const [open] = await app.db.query<{ id: string; due_at: Date }[]>(
      `SELECT id, due_at FROM follow_ups WHERE patient_id = $1 AND status = 'open'`,
      [patient.id],
    );
    app.clock.advance(10 * 60_000);
    const done = await app.http
      .post(`/api/follow-ups/${open.id}/complete`)
      .auth(careTeam, { type: 'bearer' })
      .send({ reached: true, observation: { spo2: 93, respiratoryRate: 24, heartRate: 110 } })
      .expect(200);
    expect(done.body.assessment).toMatchObject({ tier: 'red', ruleSet: 'vn-moh-2021.2' });
    expect(done.body.next.dueAt).toBe(new Date(app.clock.now().getTime() + hours(1)).toISOString());
    const escalations = await app.db.query(
      `SELECT cause, status, opened_at FROM escalations WHERE patient_id = $1`,
      [patient.id],
    );
    expect(escalations).toEqual([{ cause: 'red', status: 'open', opened_at: app.clock.now() }]);

    // A red that arises outside a follow-up still makes a follow-up due at once.
    const other = await createPatient(app, careTeam);
    const [first] = await app.db.query<{ id: string }[]>(
      `SELECT id FROM follow_ups WHERE patient_id = $1 AND status = 'open'`,
      [other.id],
    );
    await app.http
      .post(`/api/follow-ups/${first.id}/complete`)
      .auth(careTeam, { type: 'bearer' })
      .send({ reached: true, observation: GREEN_OBS })
      .expect(200);
    app.clock.advance(hours(2));
    await app.http
      .post(`/api/patients/${other.id}/observations`)
      .auth(careTeam, { type: 'bearer' })
      .send({ spo2: 94, respiratoryRate: 18 })
      .expect(201);
    const [due] = await app.db.query<{ due_at: Date }[]>(
      `SELECT due_at FROM follow_ups WHERE patient_id = $1 AND status = 'open'`,
      [other.id],
    );
    expect(due.due_at.toISOString()).toBe(app.clock.now().toISOString());
  });
});

describe('triage counts age in OPERATIONS_TZ', () => {
  let app: TestApp;
  let careTeam: string;

  beforeAll(async () => {
    // 03:00 UTC on 26 Nov is 10:00 on 26 Nov in Hanoi but 22:00 on 25 Nov in New York.
    app = await startTestApp({ BACKGROUND_JOBS: '0', OPERATIONS_TZ: 'America/New_York' });
    app.clock.freeze('2026-11-26T03:00:00Z');
    careTeam = await app.tokenFor('care_team');
    await careDoctor(app);
  });
  afterAll(() => app.close());

  it('a baby 2 months old on the Hanoi date but 1 month on the New York date is assessed at 1 month', async () => {
    const baby = await createPatient(app, careTeam, { dateOfBirth: '2026-09-26' });
    const res = await app.http
      .post(`/api/patients/${baby.id}/observations`)
      .auth(careTeam, { type: 'bearer' })
      .send({ spo2: 98, respiratoryRate: 50 })
      .expect(201);
    // Under 2 months the limit is 60: yellow (in Hanoi it would be red, danger:rr>=50).
    expect(res.body.assessment).toMatchObject({ tier: 'yellow', reasons: ['risk:age<1'] });
    // The date of birth of a child born "today" in Hanoi is still in the future in New York.
    const future = await app.http
      .post('/api/patients')
      .auth(careTeam, { type: 'bearer' })
      .send(patientBody({ dateOfBirth: '2026-11-26' }))
      .expect(400);
    expect(JSON.stringify(future.body.message)).toContain('dateOfBirth');
  });
});
