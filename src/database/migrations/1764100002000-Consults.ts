import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live consults (branch 3): consults, the offers made to doctors, and doctor presence.
 * The invariants of CONTRACT.md "Consults" are kept by the database itself (partial unique
 * indexes, CHECKs), so a race or a bug elsewhere cannot break them:
 *  - a consult has at most one pending offer; a doctor at most one pending offer;
 *  - a doctor has at most one assigned consult; a consult is accepted at most once.
 * `patient_id` has no foreign key yet: the patients table lands in a later migration that adds it.
 */
export class Consults1764100002000 implements MigrationInterface {
  name = 'Consults1764100002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consults (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        status text NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'offered', 'assigned', 'completed', 'cancelled')),
        caller_name text,
        caller_phone text NOT NULL CHECK (caller_phone ~ '^\\+[1-9][0-9]{6,14}$'),
        reason text NOT NULL,
        language text,
        patient_id uuid,
        created_at timestamptz NOT NULL,
        queued_at timestamptz NOT NULL,
        assigned_doctor_id uuid REFERENCES doctors(id) ON DELETE RESTRICT,
        assigned_at timestamptz,
        completed_at timestamptz,
        cancelled_at timestamptz,
        outcome text CHECK (outcome IN ('advised', 'referred_115', 'referred_cdc', 'enrolled_followup', 'forwarded_district', 'no_answer')),
        notes text,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        CONSTRAINT consult_assignment_matches_status
          CHECK ((status IN ('assigned', 'completed')) = (assigned_doctor_id IS NOT NULL AND assigned_at IS NOT NULL)),
        CONSTRAINT consult_completion_matches_status
          CHECK ((status = 'completed') = (completed_at IS NOT NULL AND outcome IS NOT NULL)),
        CONSTRAINT consult_cancel_matches_status CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
      )`);
    // capacity 1: a doctor holds at most one assigned consult
    await q.query(
      `CREATE UNIQUE INDEX consults_one_assigned_per_doctor ON consults (assigned_doctor_id) WHERE status = 'assigned'`,
    );
    // the queue, first come first served
    await q.query(`CREATE INDEX consults_queue ON consults (created_at, id) WHERE status = 'queued'`);
    await q.query(`CREATE INDEX consults_status_created ON consults (status, created_at)`);
    await q.query(`CREATE INDEX consults_created ON consults (created_at)`);
    await q.query(`CREATE INDEX consults_assigned_doctor ON consults (assigned_doctor_id, assigned_at)`);

    await q.query(`
      CREATE TABLE consult_offers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        consult_id uuid NOT NULL REFERENCES consults(id) ON DELETE CASCADE,
        doctor_id uuid NOT NULL REFERENCES doctors(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'revoked')),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        answered_at timestamptz,
        reason text,
        CONSTRAINT offer_expires_after_creation CHECK (expires_at > created_at),
        CONSTRAINT offer_answered_unless_pending CHECK ((status = 'pending') = (answered_at IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX consult_offers_one_pending_per_consult ON consult_offers (consult_id) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX consult_offers_one_pending_per_doctor ON consult_offers (doctor_id) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX consult_offers_one_accepted_per_consult ON consult_offers (consult_id) WHERE status = 'accepted'`,
    );
    await q.query(
      `CREATE INDEX consult_offers_expiry ON consult_offers (expires_at) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX consult_offers_consult_doctor ON consult_offers (consult_id, doctor_id)`);

    // Presence belongs to the doctor; sockets are tracked per app process so a crashed process's
    // sockets can be purged by any other process (DB timestamps, no in-memory timers).
    await q.query(`
      CREATE TABLE doctor_presence (
        doctor_id uuid PRIMARY KEY REFERENCES doctors(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'away' CHECK (status IN ('available', 'away')),
        since timestamptz NOT NULL,
        idle_since timestamptz NOT NULL,
        consecutive_misses int NOT NULL DEFAULT 0 CHECK (consecutive_misses >= 0),
        last_socket_seen_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX doctor_presence_available ON doctor_presence (idle_since, doctor_id) WHERE status = 'available'`,
    );
    await q.query(`
      CREATE TABLE realtime_instances (
        id uuid PRIMARY KEY,
        started_at timestamptz NOT NULL DEFAULT now(),
        seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE doctor_sockets (
        socket_id text PRIMARY KEY,
        doctor_id uuid NOT NULL REFERENCES doctors(id) ON DELETE CASCADE,
        instance_id uuid NOT NULL REFERENCES realtime_instances(id) ON DELETE CASCADE,
        connected_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX doctor_sockets_doctor ON doctor_sockets (doctor_id)`);
    await q.query(`CREATE INDEX doctor_sockets_instance ON doctor_sockets (instance_id)`);
    // used by @socket.io/postgres-adapter (SOCKET_ADAPTER=postgres) for payloads over NOTIFY's 8000-byte limit
    await q.query(`
      CREATE TABLE socket_io_attachments (
        id bigserial UNIQUE,
        created_at timestamptz DEFAULT now(),
        payload bytea
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE socket_io_attachments`);
    await q.query(`DROP TABLE doctor_sockets`);
    await q.query(`DROP TABLE realtime_instances`);
    await q.query(`DROP TABLE doctor_presence`);
    await q.query(`DROP TABLE consult_offers`);
    await q.query(`DROP TABLE consults`);
  }
}
