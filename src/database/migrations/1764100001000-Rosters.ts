import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staffing requirements and rosters. Consults and follow-ups read "who is on shift now" from the
 * published roster: roster_assignments joined to rosters with status 'published'.
 */
export class Rosters1764100001000 implements MigrationInterface {
  name = 'Rosters1764100001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE shift_requirements (
        "group" text PRIMARY KEY CHECK ("group" IN ('consult', 'active_care')),
        default_required int NOT NULL CHECK (default_required >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE shift_requirement_overrides (
        "group" text NOT NULL CHECK ("group" IN ('consult', 'active_care')),
        window_key text NOT NULL,
        required int NOT NULL CHECK (required >= 0),
        PRIMARY KEY ("group", window_key)
      )`);
    await q.query(`
      CREATE TABLE rosters (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "group" text NOT NULL CHECK ("group" IN ('consult', 'active_care')),
        from_date date NOT NULL,
        to_date date NOT NULL CHECK (to_date >= from_date),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'superseded')),
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        superseded_at timestamptz
      )`);
    await q.query(`CREATE INDEX rosters_group_status ON rosters ("group", status, from_date, to_date)`);
    await q.query(`
      CREATE TABLE roster_assignments (
        roster_id uuid NOT NULL REFERENCES rosters(id) ON DELETE CASCADE,
        doctor_id uuid NOT NULL REFERENCES doctors(id) ON DELETE CASCADE,
        window_key text NOT NULL,
        date date NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        PRIMARY KEY (roster_id, doctor_id, window_key)
      )`);
    await q.query(`CREATE INDEX roster_assignments_window ON roster_assignments (window_key)`);
    await q.query(`CREATE INDEX roster_assignments_time ON roster_assignments (starts_at, ends_at)`);
    await q.query(`CREATE INDEX roster_assignments_doctor ON roster_assignments (doctor_id, starts_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE roster_assignments`);
    await q.query(`DROP TABLE rosters`);
    await q.query(`DROP TABLE shift_requirement_overrides`);
    await q.query(`DROP TABLE shift_requirements`);
  }
}
