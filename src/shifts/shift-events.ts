import type { DoctorGroup } from '../common/groups';

/**
 * Payloads of the roster domain events other than RosterPublished (whose payload lives in
 * src/common/events.ts). The realtime module fans them out to Socket.IO rooms.
 */

/** DomainEvents.CoverRequested → coordinators `roster:cover-needed`, each of `eligibleDoctorIds` `roster:cover-offered`. */
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

/** DomainEvents.CoverUnfilled → coordinators `roster:cover-unfilled`. */
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
