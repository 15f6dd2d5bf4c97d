import type { DoctorGroup } from '../groups';

/**
 * Every domain event, by name, with its payload: THE list. Services publish them after their
 * transaction commits (`EventBus.transact`, ./transact.ts); src/realtime/event-routes.ts routes each
 * one to Socket.IO rooms (or, for in-process events, explicitly to none) and other modules listen
 * (`EventBus.on`, `@OnDomainEvent`). Names are `domain.what-happened`.
 *
 * The floor imports no domain, so payloads are written here as the socket (or listener) receives
 * them; a domain's own types (RiskTier, ConsultDto…) must fit them, which the compiler checks where
 * the domain publishes.
 */
export interface DomainEventMap {
  // roster (shifts)
  /** → each doctor in `doctorWindows`: `roster:published { rosterId, group, windows }` */
  'roster.published': RosterPublishedEvent;
  /** → coordinators: `roster:cover-needed { … }`; → each eligible doctor: `roster:cover-offered { … }` */
  'roster.cover-requested': CoverRequestedEvent;
  /** → coordinators: `roster:cover-unfilled { … }` (not covered a set time before the window) */
  'roster.cover-unfilled': CoordinatorEvent<CoverUnfilledEvent>;

  // consults
  /** → doctor: `consult:offered { offerId, expiresAt, consult }`; the queue statistics listen */
  'consult.offered': DoctorEvent<ConsultOfferedPayload>;
  /** → doctor: `consult:offer-revoked { offerId, reason }`; the dispatcher and queue statistics listen */
  'consult.offer-revoked': DoctorEvent<OfferRevokedPayload>;
  /** → coordinators: `queue:updated { queued, offered, longestWaitSeconds, doctorsAvailable }` */
  'consult.queue-changed': CoordinatorEvent<QueueStatsPayload>;
  /** in process: a consult was queued */
  'consult.created': ConsultChangedEvent;
  /** in process: a queued or offered consult was cancelled (its pending offer, if any, was revoked) */
  'consult.cancelled': ConsultChangedEvent;
  /** in process: the assigned doctor closed the consult; they are free again */
  'consult.completed': ConsultChangedEvent;
  /** in process: a doctor accepted an offer (the consult is assigned) */
  'offer.accepted': OfferAnsweredEvent;
  /** in process: a doctor declined an offer (the consult is back in the queue) */
  'offer.declined': OfferAnsweredEvent;

  // presence (consults)
  /** → doctor: `presence:changed { status, reason }` (e.g. set away after missed offers) */
  'doctor.presence-changed': DoctorEvent<PresenceChangedPayload>;
  /** in process: a doctor's socket connected (to this process); `status` is their presence then */
  'doctor.connected': { doctorId: string; status: PresenceStatusName };
  /** in process: a doctor's socket disconnected from this process */
  'doctor.disconnected': { doctorId: string };
  /** in process: the sockets held by dead (or stopping) app processes were purged */
  'doctor.sockets-purged': { instanceIds: string[] };
  /** → coordinators: `board:doctor-changed { doctorId, change, presence }` (the supervisor board re-reads) */
  'doctor.board-changed': CoordinatorEvent<DoctorBoardChangedPayload>;

  // patients
  /** → doctor: `followup:assigned { followUpId, patientId, dueAt, tier }` */
  'followup.assigned': DoctorEvent<FollowUpAssignedPayload>;
  /** → coordinators: `followup:overdue { followUpId, patientId, dueAt, fromDoctorId, toDoctorId }` */
  'followup.overdue': CoordinatorEvent<FollowUpOverduePayload>;
  /** → doctor: `patient:tier-changed { patientId, from, to, reasons }` */
  'patient.tier-changed': DoctorEvent<PatientTierChangedPayload>;
  /** → coordinators: `patient:escalated { escalationId, patientId, tier, reasons }` */
  'patient.escalated': CoordinatorEvent<PatientEscalatedPayload>;

  // hotline
  /** → the district's officers (room `district:<name>`): `report:forwarded { contactId, district, … }` */
  'report.forwarded': DistrictEvent<ReportForwardedPayload>;
  /** → coordinators: `report:overdue { contactId, district, kind, forwardedAt, dueAt }`, once per forwarding and kind */
  'report.overdue': CoordinatorEvent<ReportOverduePayload>;

  // auth (in process: the realtime gateway closes sockets, the consults domain takes back an offer)
  /** a user's access row changed (here or, via NOTIFY, on another process) */
  'auth.access-changed': AccessChangedEvent;
  /** published by the process that disabled a user or deactivated a doctor */
  'auth.access-revoked': AccessRevokedEvent;
}

/** A domain event's name. */
export type DomainEventName = keyof DomainEventMap;

/** An event for one doctor's room. */
export interface DoctorEvent<P> {
  doctorId: string;
  payload: P;
}

/** An event for the coordinators' room (admins join it too). */
export interface CoordinatorEvent<P> {
  payload: P;
}

// ---- roster ----

export interface RosterPublishedEvent {
  rosterId: string;
  group: DoctorGroup;
  /** only the doctors to notify (on a re-publish: those whose windows changed), each with their windows */
  doctorWindows: { doctorId: string; windows: string[] }[];
}

/** → coordinators `roster:cover-needed`, each of `eligibleDoctorIds` `roster:cover-offered`. */
export interface CoverRequestedEvent {
  coverRequestId: string;
  rosterId: string;
  group: DoctorGroup;
  windowKey: string;
  startsAt: string;
  endsAt: string;
  requestedBy: string;
  /** active doctors of the group, available for the window, under their caps and not already on it */
  eligibleDoctorIds: string[];
}

/** → coordinators `roster:cover-unfilled`. */
export interface CoverUnfilledEvent {
  coverRequestId: string;
  group: DoctorGroup;
  windowKey: string;
  startsAt: string;
  endsAt: string;
  requestedBy: string;
  /** minutes left before the window starts when the alert went out (negative once it started) */
  minutesToStart: number;
}

// ---- consults ----

/** A consult as `consult:offered` shows it before the doctor accepts (the consults domain's ConsultDto without phone and notes). */
export interface OfferedConsultPayload {
  id: string;
  status: string;
  callerName: string | null;
  reason: string;
  language: string | null;
  patientId: string | null;
  createdAt: string;
  assignedDoctorId: string | null;
  assignedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  outcome: string | null;
}

/** Payload of `consult:offered`. */
export interface ConsultOfferedPayload {
  offerId: string;
  expiresAt: string;
  consult: OfferedConsultPayload;
}

/** `disconnected`: the app process holding the doctor's sockets died (found by its missing heartbeat). */
export type RevokeReason = 'expired' | 'cancelled' | 'away' | 'disconnected';

/** Payload of `consult:offer-revoked`. */
export interface OfferRevokedPayload {
  offerId: string;
  reason: RevokeReason;
}

/** `wrap_up` is set by the server only (after a completed consult, WRAP_UP_SECONDS); clients set the other two. */
export type PresenceStatusName = 'available' | 'away' | 'wrap_up';

/** Payload of `presence:changed`. */
export interface PresenceChangedPayload {
  status: PresenceStatusName;
  /** `completed`: a consult was completed (wrap-up starts); `wrap_up_ended`: its time ran out */
  reason: 'set' | 'missed_offers' | 'disconnected' | 'completed' | 'wrap_up_ended';
  /** with `wrap_up`: when it ends (ISO instant) */
  wrapUpUntil?: string;
}

/** Payload of `board:doctor-changed`: what changed for one doctor; `presence` as stored, null on a disconnect. */
export interface DoctorBoardChangedPayload {
  doctorId: string;
  change: 'presence' | 'connected' | 'disconnected';
  presence: PresenceStatusName | null;
}

/** Payload of `queue:updated` (the consults domain's QueueStatsDto). */
export interface QueueStatsPayload {
  queued: number;
  offered: number;
  longestWaitSeconds: number;
  doctorsAvailable: number;
}

export interface ConsultChangedEvent {
  consultId: string;
}

export interface OfferAnsweredEvent {
  offerId: string;
  consultId: string;
  doctorId: string;
}

// ---- patients ----

/** The triage domain's RiskTier, least to most urgent. */
export type EventRiskTier = 'green' | 'yellow' | 'orange' | 'red';

export interface FollowUpAssignedPayload {
  followUpId: string;
  patientId: string;
  dueAt: string;
  tier: EventRiskTier;
}

export interface PatientTierChangedPayload {
  patientId: string;
  from: EventRiskTier;
  to: EventRiskTier;
  reasons: string[];
}

export interface PatientEscalatedPayload {
  escalationId: string;
  patientId: string;
  tier: EventRiskTier;
  reasons: string[];
}

export interface FollowUpOverduePayload {
  followUpId: string;
  patientId: string;
  dueAt: string;
  fromDoctorId: string | null;
  toDoctorId: string | null;
}

// ---- hotline ----

/** An event for the officers of one district (room `district:<name>`). */
export interface DistrictEvent<P> {
  district: string;
  payload: P;
}

/** Payload of `report:forwarded`: enough for the officer's list; the caller's phone is read with GET /api/contacts/{id}. */
export interface ReportForwardedPayload {
  contactId: string;
  district: string;
  ward: string | null;
  category: string;
  summary: string;
  address: string | null;
  receivedAt: string;
  forwardedAt: string;
  note: string | null;
}

/** Payload of `report:overdue`: `ack` not acknowledged in FORWARD_ACK_HOURS, `done` not handled in FORWARD_DONE_HOURS. */
export interface ReportOverduePayload {
  contactId: string;
  district: string;
  kind: 'ack' | 'done';
  status: string;
  forwardedAt: string;
  dueAt: string;
}

// ---- auth ----

export interface AccessChangedEvent {
  /** null: anything may have changed (the listener was down); check every socket */
  userId: string | null;
}

export interface AccessRevokedEvent {
  userId: string;
  doctorId: string | null;
}
