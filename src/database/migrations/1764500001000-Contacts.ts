import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hotline 1022 contacts (issue 13, CONTRACT.md "Hotline 1022"): every call or message, its branch and
 * category, the consult a branch-3 call became, and the current forwarding to a district with who did
 * each step when; `contact_steps` keeps every step (a report may be forwarded, returned and forwarded
 * again). The CHECKs tie each status to the timestamps it implies, so no code path can skip a step.
 */
export class Contacts1764500001000 implements MigrationInterface {
  name = 'Contacts1764500001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        channel text NOT NULL CHECK (channel IN ('phone', 'zalo', 'web', 'sms')),
        branch smallint NOT NULL CHECK (branch BETWEEN 1 AND 4),
        category text NOT NULL,
        caller_phone text CHECK (caller_phone ~ '^\\+[1-9][0-9]{6,14}$'),
        caller_name text,
        summary text NOT NULL,
        district text NOT NULL,
        ward text,
        address text,
        received_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('received', 'resolved', 'forwarded', 'in_progress', 'handled', 'transferred')),
        operator_id uuid NOT NULL REFERENCES users (id),
        consult_id uuid REFERENCES consults (id),
        transferred_at timestamptz,
        answer text,
        resolved_at timestamptz,
        resolved_by uuid REFERENCES users (id),
        forward_district text,
        forward_ward text,
        forward_note text,
        forwarded_at timestamptz,
        forwarded_by uuid REFERENCES users (id),
        acknowledged_at timestamptz,
        officer_id uuid REFERENCES users (id),
        handled_at timestamptz,
        handled_by uuid REFERENCES users (id),
        result text,
        returned_at timestamptz,
        returned_by uuid REFERENCES users (id),
        return_reason text,
        ack_overdue_reported_at timestamptz,
        done_overdue_reported_at timestamptz,
        CONSTRAINT contact_category_of_branch CHECK (
          (branch = 1 AND category = 'emergency') OR (branch = 2 AND category = 'epidemiology')
          OR (branch = 3 AND category = 'medical')
          OR (branch = 4 AND category IN ('gathering', 'no_mask', 'outdoor_exercise', 'other_violation',
            'essential_goods_permit', 'travel_procedures', 'health_declaration', 'vaccination_registration',
            'support_policy', 'other_question'))),
        CONSTRAINT contact_transferred_branches CHECK ((status = 'transferred') = (transferred_at IS NOT NULL)
          AND (status <> 'transferred' OR branch IN (1, 2))),
        CONSTRAINT contact_resolved_has_answer CHECK ((status = 'resolved') = (resolved_at IS NOT NULL AND answer IS NOT NULL)),
        CONSTRAINT contact_forward_complete CHECK (
          (status IN ('forwarded', 'in_progress', 'handled')) = (forward_district IS NOT NULL AND forwarded_at IS NOT NULL)),
        CONSTRAINT contact_acknowledged CHECK (
          (status IN ('in_progress', 'handled')) = (acknowledged_at IS NOT NULL AND officer_id IS NOT NULL)),
        CONSTRAINT contact_handled CHECK ((status = 'handled') = (handled_at IS NOT NULL AND result IS NOT NULL)),
        CONSTRAINT contact_branch3_consult CHECK (branch = 3 OR consult_id IS NULL)
      )`);
    await q.query(`CREATE INDEX contacts_received_at ON contacts (received_at DESC, id)`);
    await q.query(`CREATE INDEX contacts_forward_district ON contacts (forward_district, received_at DESC)
      WHERE forward_district IS NOT NULL`);
    // the overdue job's scan: only open forwardings
    await q.query(`CREATE INDEX contacts_open_forwardings ON contacts (forwarded_at)
      WHERE status IN ('forwarded', 'in_progress')`);
    await q.query(`
      CREATE TABLE contact_steps (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        step text NOT NULL CHECK (step IN ('received', 'transferred', 'resolved', 'forwarded', 'acknowledged', 'handled', 'returned')),
        at timestamptz NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id),
        detail jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX contact_steps_contact ON contact_steps (contact_id, id)`);
    // contacts hold a caller's phone and name: reads and changes are audited like patients'
    await q.query(`ALTER TABLE patient_audit DROP CONSTRAINT patient_audit_resource_check`);
    await q.query(`ALTER TABLE patient_audit ADD CONSTRAINT patient_audit_resource_check
      CHECK (resource IN ('patient', 'follow_up', 'escalation', 'consult', 'audit', 'contact'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM patient_audit WHERE resource = 'contact'`);
    await q.query(`ALTER TABLE patient_audit DROP CONSTRAINT patient_audit_resource_check`);
    await q.query(`ALTER TABLE patient_audit ADD CONSTRAINT patient_audit_resource_check
      CHECK (resource IN ('patient', 'follow_up', 'escalation', 'consult', 'audit'))`);
    await q.query(`DROP TABLE contact_steps`);
    await q.query(`DROP TABLE contacts`);
  }
}
