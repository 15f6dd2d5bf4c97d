import type { AuditAction, AuditResource } from './audit.types';

/**
 * An INSERT of one audit entry, for another domain to run inside its own statement (the consult
 * accept audits its read in the same round trip as its presence reset). Values are SQL expressions
 * (`$n` parameters or subqueries); the resource and action are checked words, so they go in as literals.
 */
export function auditEntrySql(entry: {
  resource: AuditResource;
  action: AuditAction;
  resourceId: string;
  patientId: string;
  userId: string;
  at: string;
  /** a constant JSON object */
  detail: Record<string, string>;
}): string {
  const literal = (v: string) => `'${v.replace(/'/g, "''")}'`;
  return `INSERT INTO patient_audit (resource, resource_id, patient_id, user_id, action, at, detail)
         SELECT ${literal(entry.resource)}, ${entry.resourceId}, ${entry.patientId}, ${entry.userId}, ${literal(entry.action)}, ${entry.at}, ${literal(JSON.stringify(entry.detail))}`;
}
