/**
 * Domain events: services publish them (EventEmitter2, after their transaction commits); the realtime
 * module turns them into Socket.IO emits to rooms. A lost emit costs nothing: clients re-read state.
 * Names are `domain.what-happened`; each payload says who should hear it.
 */
export const DomainEvents = {
  /** → each doctor in `doctorWindows`: `roster:published { rosterId, group, windows }` */
  RosterPublished: 'roster.published',
  /** → coordinators: `roster:cover-needed { … }`; → each eligible doctor: `roster:cover-offered { … }` */
  CoverRequested: 'roster.cover-requested',
  /** → coordinators: `roster:cover-unfilled { … }` (not covered a set time before the window) */
  CoverUnfilled: 'roster.cover-unfilled',
  /** → doctor: `consult:offered { offerId, expiresAt, consult }` */
  ConsultOffered: 'consult.offered',
  /** → doctor: `consult:offer-revoked { offerId, reason }` */
  OfferRevoked: 'consult.offer-revoked',
  /** → doctor: `presence:changed { status, reason }` (e.g. set away after missed offers) */
  PresenceChanged: 'doctor.presence-changed',
  /** → coordinators: `queue:updated { queued, offered, longestWaitSeconds, doctorsAvailable }` */
  QueueChanged: 'consult.queue-changed',
  /** → doctor: `followup:assigned { followUpId, patientId, dueAt, tier }` */
  FollowUpAssigned: 'followup.assigned',
  /** → coordinators: `followup:overdue { followUpId, patientId, dueAt, fromDoctorId, toDoctorId }` */
  FollowUpOverdue: 'followup.overdue',
  /** → doctor: `patient:tier-changed { patientId, from, to, reasons }` */
  PatientTierChanged: 'patient.tier-changed',
  /** → coordinators: `patient:escalated { escalationId, patientId, tier, reasons }` */
  PatientEscalated: 'patient.escalated',
  /** → the district's officers (room `district:<name>`): `report:forwarded { contactId, district, … }` */
  ReportForwarded: 'report.forwarded',
  /** → coordinators: `report:overdue { contactId, district, kind, forwardedAt, dueAt }` */
  ReportOverdue: 'report.overdue',
} as const;

export interface RosterPublishedEvent {
  rosterId: string;
  group: 'consult' | 'active_care';
  /** only the doctors to notify (on a re-publish: those whose windows changed), each with their windows */
  doctorWindows: { doctorId: string; windows: string[] }[];
}

export interface DoctorEvent<P> {
  doctorId: string;
  payload: P;
}

export interface CoordinatorEvent<P> {
  payload: P;
}

/**
 * Events of the auth domain, heard inside one process (not routed to sockets): the realtime gateway
 * closes sockets whose token no longer holds; the consults domain takes back an offer a doctor holds.
 */
export const AuthEvents = {
  /** `AccessChangedEvent`: a user's access row changed (here or, via NOTIFY, on another process) */
  AccessChanged: 'auth.access-changed',
  /** `AccessRevokedEvent`: published by the process that disabled a user or deactivated a doctor */
  AccessRevoked: 'auth.access-revoked',
} as const;

export interface AccessChangedEvent {
  /** null: anything may have changed (the listener was down); check every socket */
  userId: string | null;
}

export interface AccessRevokedEvent {
  userId: string;
  doctorId: string | null;
}
