import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764100000000 implements MigrationInterface {
  name = 'Foundation1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE doctors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        full_name text NOT NULL,
        phone text NOT NULL,
        email text NOT NULL UNIQUE,
        specialty text NOT NULL,
        years_of_experience int NOT NULL CHECK (years_of_experience >= 0),
        "group" text NOT NULL CHECK ("group" IN ('consult', 'active_care')),
        languages text[] NOT NULL DEFAULT '{vi}',
        max_windows_per_week int NOT NULL DEFAULT 7 CHECK (max_windows_per_week >= 0),
        max_windows_per_day int NOT NULL DEFAULT 2 CHECK (max_windows_per_day >= 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- the consult group's 5-years rule, kept by the database too
        CONSTRAINT consult_needs_five_years CHECK ("group" <> 'consult' OR years_of_experience >= 5)
      )`);
    await q.query(`CREATE INDEX doctors_group_active ON doctors ("group", active)`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        full_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'coordinator', 'care_team', 'doctor')),
        doctor_id uuid UNIQUE REFERENCES doctors(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT doctor_login_names_doctor CHECK ((role = 'doctor') = (doctor_id IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE doctor_availability (
        doctor_id uuid NOT NULL REFERENCES doctors(id) ON DELETE CASCADE,
        window_key text NOT NULL,
        date date NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        PRIMARY KEY (doctor_id, window_key)
      )`);
    await q.query(`CREATE INDEX doctor_availability_window ON doctor_availability (window_key)`);
    await q.query(`CREATE INDEX doctor_availability_date ON doctor_availability (doctor_id, date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE doctor_availability`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE doctors`);
  }
}
