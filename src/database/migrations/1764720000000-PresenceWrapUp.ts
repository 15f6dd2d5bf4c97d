import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wrap-up (issue 14): after completing a consult a doctor is `wrap_up` until `wrap_up_until`
 * (WRAP_UP_SECONDS), offered nothing meanwhile; the presence sweep turns them available again.
 * `wrap_up_until` means something only while the status is `wrap_up` (a statement that sets another
 * status need not know of it).
 */
export class PresenceWrapUp1764720000000 implements MigrationInterface {
  name = 'PresenceWrapUp1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE doctor_presence DROP CONSTRAINT doctor_presence_status_check`);
    await q.query(`
      ALTER TABLE doctor_presence
        ADD COLUMN wrap_up_until timestamptz,
        ADD CONSTRAINT doctor_presence_status_check CHECK (status IN ('available', 'away', 'wrap_up')),
        ADD CONSTRAINT doctor_presence_wrap_up_ends CHECK (status <> 'wrap_up' OR wrap_up_until IS NOT NULL)`);
    await q.query(
      `CREATE INDEX doctor_presence_wrap_up ON doctor_presence (wrap_up_until) WHERE status = 'wrap_up'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX doctor_presence_wrap_up`);
    await q.query(`UPDATE doctor_presence SET status = 'available' WHERE status = 'wrap_up'`);
    await q.query(`
      ALTER TABLE doctor_presence
        DROP CONSTRAINT doctor_presence_wrap_up_ends,
        DROP CONSTRAINT doctor_presence_status_check,
        DROP COLUMN wrap_up_until,
        ADD CONSTRAINT doctor_presence_status_check CHECK (status IN ('available', 'away'))`);
  }
}
