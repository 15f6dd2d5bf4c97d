/** What the audit trail records (the CHECK constraints of migration AuditTrail1764310000000). */
export const AUDIT_ACTIONS = [
  'read',
  'list',
  'create',
  'update',
  'observation',
  'override',
  'history',
  'follow_up',
  'escalation',
  'reassign',
  /** a 403 on patient data */
  'denied',
  /** a read of the audit trail itself */
  'audit',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_RESOURCES = ['patient', 'follow_up', 'escalation', 'consult', 'audit', 'contact'] as const;
export type AuditResource = (typeof AUDIT_RESOURCES)[number];

/** One record an entry is about; `patientId` is null when none is concerned (a consult without a patient). */
export interface AuditSubject {
  resource: AuditResource;
  id: string | null;
  patientId: string | null;
}
