import type { MigrationInterface, QueryRunner } from 'typeorm';

const ACTIONS = `('read', 'list', 'create', 'update', 'observation', 'override', 'history', 'follow_up',
  'escalation', 'reassign', 'denied', 'audit')`;

/**
 * The audit trail covers more than patient records (follow-ups, escalations, consults, denied
 * attempts, reads of the trail itself) and is append-only for the app: a trigger refuses UPDATE,
 * DELETE and TRUNCATE whatever the role. Its foreign keys go: a cascade from a deleted patient or
 * user would be a DELETE or UPDATE of the trail, and a denied attempt may name an id that does not
 * exist; the trail must outlive what it describes.
 */
export class AuditTrail1764310000000 implements MigrationInterface {
  name = 'AuditTrail1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE patient_audit DROP CONSTRAINT IF EXISTS patient_audit_patient_id_fkey`);
    await q.query(`ALTER TABLE patient_audit DROP CONSTRAINT IF EXISTS patient_audit_user_id_fkey`);
    await q.query(`ALTER TABLE patient_audit DROP CONSTRAINT IF EXISTS patient_audit_action_check`);
    await q.query(`ALTER TABLE patient_audit ALTER COLUMN patient_id DROP NOT NULL`);
    await q.query(`
      ALTER TABLE patient_audit
        ADD COLUMN resource text NOT NULL DEFAULT 'patient'
          CHECK (resource IN ('patient', 'follow_up', 'escalation', 'consult', 'audit')),
        ADD COLUMN resource_id uuid,
        ADD CONSTRAINT patient_audit_action_check CHECK (action IN ${ACTIONS})`);
    await q.query(`UPDATE patient_audit SET resource_id = patient_id`);
    await q.query(`CREATE INDEX patient_audit_at ON patient_audit (at DESC, id DESC)`);
    await q.query(`CREATE INDEX patient_audit_user ON patient_audit (user_id, at DESC, id DESC)`);
    await q.query(`
      CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER patient_audit_append_only BEFORE UPDATE OR DELETE ON patient_audit
      FOR EACH ROW EXECUTE FUNCTION audit_append_only()`);
    await q.query(`
      CREATE TRIGGER patient_audit_no_truncate BEFORE TRUNCATE ON patient_audit
      FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER patient_audit_no_truncate ON patient_audit`);
    await q.query(`DROP TRIGGER patient_audit_append_only ON patient_audit`);
    await q.query(`DROP FUNCTION audit_append_only()`);
    await q.query(`DELETE FROM patient_audit WHERE resource <> 'patient' OR patient_id IS NULL
      OR patient_id NOT IN (SELECT id FROM patients) OR action IN ('denied', 'audit')`);
    await q.query(`UPDATE patient_audit SET user_id = NULL WHERE user_id NOT IN (SELECT id FROM users)`);
    await q.query(`DROP INDEX patient_audit_user`);
    await q.query(`DROP INDEX patient_audit_at`);
    await q.query(`ALTER TABLE patient_audit DROP CONSTRAINT patient_audit_action_check`);
    await q.query(`ALTER TABLE patient_audit DROP COLUMN resource_id, DROP COLUMN resource`);
    await q.query(`
      ALTER TABLE patient_audit ALTER COLUMN patient_id SET NOT NULL,
        ADD CONSTRAINT patient_audit_action_check CHECK (action IN ('read', 'list', 'create', 'update',
          'observation', 'override', 'history', 'follow_up', 'escalation', 'reassign')),
        ADD CONSTRAINT patient_audit_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES patients(id) ON DELETE CASCADE,
        ADD CONSTRAINT patient_audit_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE SET NULL`);
  }
}
