import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rosters after publication: at most one published roster per group and date (an exclusion
 * constraint, so two concurrent publishes can never both win), cover requests (one open request
 * per doctor and window; "first to accept wins" is a conditional UPDATE on status), calendar event
 * sequence numbers (stable UIDs, SEQUENCE goes up on every change) and private calendar feed tokens
 * (only a hash is kept; deleting the row revokes the feed).
 */
export class RosterCover1764100001500 implements MigrationInterface {
  name = 'RosterCover1764100001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`
      ALTER TABLE rosters ADD CONSTRAINT rosters_one_published_per_day
        EXCLUDE USING gist ("group" WITH =, daterange(from_date, to_date, '[]') WITH &&) WHERE (status = 'published')`);
    await q.query(`
      CREATE TABLE cover_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        roster_id uuid NOT NULL REFERENCES rosters(id) ON DELETE CASCADE,
        "group" text NOT NULL CHECK ("group" IN ('consult', 'active_care')),
        window_key text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        requested_by uuid NOT NULL REFERENCES doctors(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'covered', 'cancelled')),
        covered_by uuid REFERENCES doctors(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL,
        covered_at timestamptz,
        unfilled_alerted_at timestamptz,
        CONSTRAINT cover_covered_has_doctor CHECK ((status = 'covered') = (covered_by IS NOT NULL AND covered_at IS NOT NULL)),
        CONSTRAINT cover_not_by_requester CHECK (covered_by IS NULL OR covered_by <> requested_by)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX cover_requests_one_open ON cover_requests (requested_by, window_key) WHERE status = 'open'`,
    );
    await q.query(
      `CREATE INDEX cover_requests_open_start ON cover_requests (starts_at) WHERE status = 'open'`,
    );
    await q.query(`
      CREATE TABLE calendar_events (
        doctor_id uuid NOT NULL REFERENCES doctors(id) ON DELETE CASCADE,
        window_key text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        sequence int NOT NULL DEFAULT 0 CHECK (sequence >= 0),
        cancelled boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (doctor_id, window_key)
      )`);
    await q.query(`CREATE INDEX calendar_events_doctor_time ON calendar_events (doctor_id, starts_at)`);
    await q.query(`
      CREATE TABLE calendar_tokens (
        doctor_id uuid PRIMARY KEY REFERENCES doctors(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_tokens`);
    await q.query(`DROP TABLE calendar_events`);
    await q.query(`DROP TABLE cover_requests`);
    await q.query(`ALTER TABLE rosters DROP CONSTRAINT rosters_one_published_per_day`);
  }
}
