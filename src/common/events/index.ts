import type { DomainEventName } from './event-map';

export * from './event-map';
export { EventBuffer, EventBus, OnDomainEvent } from './transact';
export type { DomainEventHandler, TransactionWork, TransactOptions } from './transact';

/**
 * Names of the events routed to sockets, by a constant (`DomainEvents.ConsultOffered` is
 * `'consult.offered'`). The names and their payloads are the keys of DomainEventMap (./event-map.ts).
 */
export const DomainEvents = {
  RosterPublished: 'roster.published',
  CoverRequested: 'roster.cover-requested',
  CoverUnfilled: 'roster.cover-unfilled',
  ConsultOffered: 'consult.offered',
  OfferRevoked: 'consult.offer-revoked',
  PresenceChanged: 'doctor.presence-changed',
  QueueChanged: 'consult.queue-changed',
  FollowUpAssigned: 'followup.assigned',
  FollowUpOverdue: 'followup.overdue',
  PatientTierChanged: 'patient.tier-changed',
  PatientEscalated: 'patient.escalated',
  ReportForwarded: 'report.forwarded',
  ReportOverdue: 'report.overdue',
  DoctorBoardChanged: 'doctor.board-changed',
} as const satisfies Record<string, DomainEventName>;

/** Events of the auth domain, heard inside one process (not routed to sockets). */
export const AuthEvents = {
  AccessChanged: 'auth.access-changed',
  AccessRevoked: 'auth.access-revoked',
} as const satisfies Record<string, DomainEventName>;
