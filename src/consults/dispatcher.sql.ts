/**
 * A doctor who may take a consult call right now, whatever the consult: presence available, of the
 * consult group and active, on the published consult roster for the window containing `$1` (now),
 * connected (a socket row held by a live app process), no pending offer, no assigned consult.
 * `p` is doctor_presence.
 *
 * Each condition is an index probe per candidate. `OFFSET 0` keeps PostgreSQL from turning the EXISTS
 * into joins: the dispatcher walks doctors in idle order and stops at the first free one, so per-row
 * probes beat hashing every doctor, and the plan is cheap to make and stable when cached.
 */
export const FREE_DOCTOR_SQL = `
  p.status = 'available'
  AND EXISTS (SELECT 1 FROM doctors d WHERE d.id = p.doctor_id AND d."group" = 'consult' AND d.active OFFSET 0)
  AND EXISTS (
    SELECT 1 FROM roster_assignments ra JOIN rosters r ON r.id = ra.roster_id
    WHERE ra.doctor_id = p.doctor_id AND r.status = 'published' AND r."group" = 'consult'
      AND ra.starts_at <= $1 AND $1 < ra.ends_at
    OFFSET 0)
  AND EXISTS (SELECT 1 FROM doctor_sockets s WHERE s.doctor_id = p.doctor_id OFFSET 0)
  AND NOT EXISTS (SELECT 1 FROM consult_offers o WHERE o.doctor_id = p.doctor_id AND o.status = 'pending' OFFSET 0)
  AND NOT EXISTS (SELECT 1 FROM consults a WHERE a.assigned_doctor_id = p.doctor_id AND a.status = 'assigned' OFFSET 0)`;
