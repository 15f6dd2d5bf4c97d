import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hotline operators on the roster (issue 13): operators and their availability, the `operators`
 * group in requirements and rosters, and roster assignments that name either a doctor or an
 * operator (exactly one). Doctors' assignments are untouched; every existing query that joins
 * `doctor_id` simply never meets an operator's row. Cover requests stay doctors-only.
 */
export class Operators1764510000000 implements MigrationInterface {
  name = 'Operators1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE operators (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid UNIQUE REFERENCES users(id) ON DELETE SET NULL,
        full_name text NOT NULL,
        phone text NOT NULL CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
        email text NOT NULL UNIQUE,
        max_windows_per_week int NOT NULL DEFAULT 7 CHECK (max_windows_per_week >= 0),
        max_windows_per_day int NOT NULL DEFAULT 1 CHECK (max_windows_per_day >= 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX operators_active ON operators (active)`);
    await q.query(`
      CREATE TABLE operator_availability (
        operator_id uuid NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
        window_key text NOT NULL,
        date date NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        PRIMARY KEY (operator_id, window_key)
      )`);
    await q.query(`CREATE INDEX operator_availability_date ON operator_availability (operator_id, date)`);

    for (const table of ['shift_requirements', 'shift_requirement_overrides', 'rosters']) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_group_check`);
      await q.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_group_check CHECK ("group" IN ('consult', 'active_care', 'operators'))`,
      );
    }

    await q.query(`ALTER TABLE roster_assignments DROP CONSTRAINT roster_assignments_pkey`);
    await q.query(`ALTER TABLE roster_assignments ALTER COLUMN doctor_id DROP NOT NULL`);
    await q.query(
      `ALTER TABLE roster_assignments ADD COLUMN operator_id uuid REFERENCES operators(id) ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE roster_assignments ADD CONSTRAINT roster_assignment_names_one_person CHECK (num_nonnulls(doctor_id, operator_id) = 1)`,
    );
    await q.query(
      // not partial, so `ON CONFLICT (roster_id, doctor_id, window_key)` still finds it (NULLs never clash)
      `CREATE UNIQUE INDEX roster_assignments_doctor_once ON roster_assignments (roster_id, doctor_id, window_key)`,
    );
    await q.query(
      `CREATE UNIQUE INDEX roster_assignments_operator_once ON roster_assignments (roster_id, operator_id, window_key)`,
    );
    await q.query(
      `CREATE INDEX roster_assignments_operator ON roster_assignments (operator_id, starts_at) WHERE operator_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM roster_assignments WHERE operator_id IS NOT NULL`);
    await q.query(`DELETE FROM rosters WHERE "group" = 'operators'`);
    await q.query(`DELETE FROM shift_requirement_overrides WHERE "group" = 'operators'`);
    await q.query(`DELETE FROM shift_requirements WHERE "group" = 'operators'`);
    await q.query(`DROP INDEX roster_assignments_operator`);
    await q.query(`DROP INDEX roster_assignments_operator_once`);
    await q.query(`DROP INDEX roster_assignments_doctor_once`);
    await q.query(`ALTER TABLE roster_assignments DROP CONSTRAINT roster_assignment_names_one_person`);
    await q.query(`ALTER TABLE roster_assignments DROP COLUMN operator_id`);
    await q.query(`ALTER TABLE roster_assignments ALTER COLUMN doctor_id SET NOT NULL`);
    await q.query(`ALTER TABLE roster_assignments ADD PRIMARY KEY (roster_id, doctor_id, window_key)`);
    for (const table of ['shift_requirements', 'shift_requirement_overrides', 'rosters']) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_group_check`);
      await q.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_group_check CHECK ("group" IN ('consult', 'active_care'))`,
      );
    }
    await q.query(`DROP TABLE operator_availability`);
    await q.query(`DROP TABLE operators`);
  }
}
