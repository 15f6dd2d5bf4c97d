import { MigrationInterface, QueryRunner } from 'typeorm';

const TIERS = `('green', 'yellow', 'orange', 'red')`;

/**
 * Patients under home care, their observations and assessments, tier history, audit trail,
 * follow-ups and escalations. The invariants live in the database: one open follow-up per patient,
 * one open escalation per patient (partial unique indexes), vital signs inside the accepted ranges.
 */
export class Patients1764100003000 implements MigrationInterface {
  name = 'Patients1764100003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE patients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        full_name text NOT NULL,
        phone text NOT NULL CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
        date_of_birth date NOT NULL,
        sex text NOT NULL CHECK (sex IN ('female', 'male', 'other')),
        district text NOT NULL,
        ward text,
        address text,
        care_setting text NOT NULL CHECK (care_setting IN ('home', 'quarantine_center', 'hospital')),
        confirmed_at timestamptz,
        comorbidities text[] NOT NULL DEFAULT '{}',
        pregnant boolean NOT NULL DEFAULT false,
        vaccine_doses int NOT NULL DEFAULT 0 CHECK (vaccine_doses >= 0),
        last_dose_date date,
        status text NOT NULL DEFAULT 'under_care'
          CHECK (status IN ('under_care', 'recovered', 'hospitalised', 'deceased', 'lost_to_follow_up')),
        status_changed_at timestamptz NOT NULL,
        risk_tier text NOT NULL CHECK (risk_tier IN ${TIERS}),
        tier_source text NOT NULL CHECK (tier_source IN ('rules', 'override')),
        tier_changed_at timestamptz NOT NULL,
        assigned_doctor_id uuid REFERENCES doctors(id) ON DELETE SET NULL,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX patients_doctor_under_care ON patients (assigned_doctor_id) WHERE status = 'under_care'`,
    );
    await q.query(`CREATE INDEX patients_doctor ON patients (assigned_doctor_id, created_at)`);
    await q.query(`CREATE INDEX patients_district ON patients (district, created_at)`);
    await q.query(`CREATE INDEX patients_tier ON patients (risk_tier, created_at)`);
    await q.query(`CREATE INDEX patients_created ON patients (created_at, id)`);

    await q.query(`
      CREATE TABLE observations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
        taken_at timestamptz NOT NULL,
        spo2 double precision NOT NULL CHECK (spo2 BETWEEN 50 AND 100),
        respiratory_rate double precision NOT NULL CHECK (respiratory_rate BETWEEN 0 AND 80),
        heart_rate double precision CHECK (heart_rate BETWEEN 20 AND 250),
        temperature double precision CHECK (temperature BETWEEN 30 AND 45),
        systolic_bp double precision CHECK (systolic_bp BETWEEN 40 AND 300),
        diastolic_bp double precision CHECK (diastolic_bp BETWEEN 20 AND 200),
        consciousness text CHECK (consciousness IN ('alert', 'confusion', 'voice', 'pain', 'unresponsive')),
        on_oxygen boolean NOT NULL DEFAULT false,
        symptoms text[] NOT NULL DEFAULT '{}',
        recorded_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX observations_patient ON observations (patient_id, taken_at DESC)`);

    // Every assessment, by the rules or by hand; "applied" says whether it set the patient's tier.
    await q.query(`
      CREATE TABLE assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
        observation_id uuid REFERENCES observations(id) ON DELETE SET NULL,
        tier text NOT NULL CHECK (tier IN ${TIERS}),
        reasons text[] NOT NULL DEFAULT '{}',
        rule_set text,
        news2 jsonb,
        source text NOT NULL CHECK (source IN ('rules', 'override')),
        applied boolean NOT NULL,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        at timestamptz NOT NULL,
        CONSTRAINT rules_name_their_rule_set CHECK (source <> 'rules' OR rule_set IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX assessments_patient ON assessments (patient_id, at DESC)`);

    // The tier history: one row per change of the patient's tier or of its source.
    await q.query(`
      CREATE TABLE tier_changes (
        id bigserial PRIMARY KEY,
        patient_id uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
        from_tier text CHECK (from_tier IN ${TIERS}),
        to_tier text NOT NULL CHECK (to_tier IN ${TIERS}),
        source text NOT NULL CHECK (source IN ('rules', 'override')),
        reasons text[] NOT NULL DEFAULT '{}',
        assessment_id uuid REFERENCES assessments(id) ON DELETE SET NULL,
        changed_by uuid REFERENCES users(id) ON DELETE SET NULL,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX tier_changes_patient ON tier_changes (patient_id, at, id)`);
    await q.query(`CREATE INDEX tier_changes_at ON tier_changes (at)`);

    // Who read or changed a patient record. No personal data in detail: field names, tiers, ids.
    await q.query(`
      CREATE TABLE patient_audit (
        id bigserial PRIMARY KEY,
        patient_id uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        action text NOT NULL CHECK (action IN ('read', 'list', 'create', 'update', 'observation', 'override',
          'history', 'follow_up', 'escalation', 'reassign')),
        at timestamptz NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX patient_audit_patient ON patient_audit (patient_id, at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE follow_ups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
        doctor_id uuid REFERENCES doctors(id) ON DELETE SET NULL,
        tier text NOT NULL CHECK (tier IN ${TIERS}),
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'missed', 'cancelled')),
        consecutive_misses int NOT NULL DEFAULT 0 CHECK (consecutive_misses >= 0),
        overdue_reported_at timestamptz,
        reassigned_from uuid REFERENCES doctors(id) ON DELETE SET NULL,
        reached boolean,
        notes text,
        observation_id uuid REFERENCES observations(id) ON DELETE SET NULL,
        completed_at timestamptz,
        completed_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT closed_follow_ups_have_an_end CHECK ((status = 'open') = (completed_at IS NULL)),
        CONSTRAINT done_means_reached CHECK (status NOT IN ('done', 'missed') OR reached = (status = 'done'))
      )`);
    // Room on each page for HOT updates (an update that changes no indexed column, e.g. the overdue report).
    await q.query(`ALTER TABLE follow_ups SET (fillfactor = 70)`);
    // Each patient has at most one open follow-up.
    await q.query(
      `CREATE UNIQUE INDEX follow_ups_one_open_per_patient ON follow_ups (patient_id) WHERE status = 'open'`,
    );
    // Overdue claims and the overdue list (filtered on overdue_reported_at, kept out of every index).
    await q.query(`CREATE INDEX follow_ups_open_due ON follow_ups (due_at) WHERE status = 'open'`);
    await q.query(
      `CREATE INDEX follow_ups_doctor_open ON follow_ups (doctor_id, due_at) WHERE status = 'open'`,
    );
    await q.query(
      `CREATE INDEX follow_ups_doctor_closed ON follow_ups (doctor_id, completed_at DESC) WHERE status <> 'open'`,
    );
    await q.query(
      `CREATE INDEX follow_ups_patient_closed ON follow_ups (patient_id, completed_at) WHERE status <> 'open'`,
    );
    await q.query(`CREATE INDEX follow_ups_completed ON follow_ups (completed_at) WHERE status <> 'open'`);
    await q.query(`CREATE INDEX follow_ups_due ON follow_ups (due_at)`);
    // Follow-ups scheduled ahead wait here until due; the scheduler claims rows with SKIP LOCKED and
    // deletes them as it hands the follow-ups out. The row carries what the hand-out needs (a copy of
    // the open follow-up's patient, doctor and tier, kept in step by the planner), so a burst of due
    // work costs one DELETE … RETURNING here, and writes to follow_ups only where the doctor changes.
    await q.query(`
      CREATE TABLE follow_up_dispatch_queue (
        follow_up_id uuid PRIMARY KEY REFERENCES follow_ups(id) ON DELETE CASCADE,
        patient_id uuid NOT NULL,
        doctor_id uuid,
        tier text NOT NULL,
        due_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX follow_up_dispatch_queue_due ON follow_up_dispatch_queue (due_at)`);

    await q.query(`
      CREATE TABLE escalations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
        tier text NOT NULL CHECK (tier IN ${TIERS}),
        reasons text[] NOT NULL DEFAULT '{}',
        cause text NOT NULL CHECK (cause IN ('red', 'missed_follow_ups')),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        opened_at timestamptz NOT NULL,
        outcome text CHECK (outcome IN ('ambulance_dispatched', 'hospitalised', 'stabilised_at_home', 'other')),
        notes text,
        resolved_by uuid REFERENCES users(id) ON DELETE SET NULL,
        resolved_at timestamptz,
        CONSTRAINT resolved_escalations_have_an_outcome
          CHECK ((status = 'open') = (resolved_at IS NULL) AND (status = 'open') = (outcome IS NULL))
      )`);
    // Never two open escalations for one patient.
    await q.query(
      `CREATE UNIQUE INDEX escalations_one_open_per_patient ON escalations (patient_id) WHERE status = 'open'`,
    );
    await q.query(`CREATE INDEX escalations_status ON escalations (status, opened_at)`);

    // Consults (another migration) may name a patient; link them when that table is there.
    await q.query(`
      DO $$ BEGIN
        IF to_regclass('consults') IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM pg_constraint WHERE conname = 'consults_patient_fk'
        ) THEN
          ALTER TABLE consults ADD CONSTRAINT consults_patient_fk
            FOREIGN KEY (patient_id) REFERENCES patients(id) ON DELETE SET NULL;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF to_regclass('consults') IS NOT NULL THEN
          ALTER TABLE consults DROP CONSTRAINT IF EXISTS consults_patient_fk;
        END IF;
      END $$`);
    await q.query(`DROP TABLE escalations`);
    await q.query(`DROP TABLE follow_up_dispatch_queue`);
    await q.query(`DROP TABLE follow_ups`);
    await q.query(`DROP TABLE patient_audit`);
    await q.query(`DROP TABLE tier_changes`);
    await q.query(`DROP TABLE assessments`);
    await q.query(`DROP TABLE observations`);
    await q.query(`DROP TABLE patients`);
  }
}
