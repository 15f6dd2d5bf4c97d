import { DomainEvents } from '../common/events';

/** One Socket.IO emit: to a room, an event name, a payload. */
export interface RoomEmit {
  room: string;
  event: string;
  data: unknown;
}

export const doctorRoom = (doctorId: string): string => `doctor:${doctorId}`;
export const COORDINATORS_ROOM = 'coordinators';
/** A district's officers (district officers join it at handshake): the district's name as in the areas list. */
export const districtRoom = (district: string): string => `district:${district}`;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null;

/** `DoctorEvent<P>` ({ doctorId, payload }) → the doctor's room. A missing doctorId (e.g. an unassigned patient) emits nothing. */
const toDoctor =
  (event: string) =>
  (e: unknown): RoomEmit[] =>
    isObject(e) && typeof e.doctorId === 'string' && e.doctorId
      ? [{ room: doctorRoom(e.doctorId), event, data: e.payload }]
      : [];

/** `CoordinatorEvent<P>` ({ payload }) → coordinators (and admins, who join the same room). */
const toCoordinators =
  (event: string) =>
  (e: unknown): RoomEmit[] =>
    isObject(e) && 'payload' in e ? [{ room: COORDINATORS_ROOM, event, data: e.payload }] : [];

/**
 * Every domain event → the Socket.IO emits it causes. `Record<keyof typeof DomainEvents, …>` makes
 * the compiler refuse a new DomainEvents entry until it is routed here. Event names: CONTRACT.md
 * "Socket.IO" and the notes in src/common/events.ts.
 */
export const EVENT_ROUTES: Record<keyof typeof DomainEvents, (event: unknown) => RoomEmit[]> = {
  /** RosterPublishedEvent: each doctor in `doctorWindows` gets their own windows */
  RosterPublished: (e) => {
    if (!isObject(e) || !Array.isArray(e.doctorWindows)) return [];
    return (e.doctorWindows as unknown[]).filter(isObject).flatMap((dw) =>
      typeof dw.doctorId === 'string'
        ? [
            {
              room: doctorRoom(dw.doctorId),
              event: 'roster:published',
              data: { rosterId: e.rosterId, group: e.group, windows: dw.windows },
            },
          ]
        : [],
    );
  },
  /**
   * CoverRequestedEvent (src/shifts/shift-events.ts, flat): coordinators get `roster:cover-needed` with
   * the whole event; each of `eligibleDoctorIds` gets `roster:cover-offered` with it minus that list.
   */
  CoverRequested: (e) => {
    if (!isObject(e)) return [];
    const { eligibleDoctorIds, ...forDoctors } = e;
    const ids = Array.isArray(eligibleDoctorIds)
      ? eligibleDoctorIds.filter((id): id is string => typeof id === 'string')
      : [];
    return [
      { room: COORDINATORS_ROOM, event: 'roster:cover-needed', data: e },
      ...ids.map((id) => ({ room: doctorRoom(id), event: 'roster:cover-offered', data: forDoctors })),
    ];
  },
  CoverUnfilled: toCoordinators('roster:cover-unfilled'),
  ConsultOffered: toDoctor('consult:offered'),
  OfferRevoked: toDoctor('consult:offer-revoked'),
  PresenceChanged: toDoctor('presence:changed'),
  QueueChanged: toCoordinators('queue:updated'),
  FollowUpAssigned: toDoctor('followup:assigned'),
  FollowUpOverdue: toCoordinators('followup:overdue'),
  PatientTierChanged: toDoctor('patient:tier-changed'),
  PatientEscalated: toCoordinators('patient:escalated'),
  /** DistrictEvent ({ district, payload }) → that district's officers */
  ReportForwarded: (e) =>
    isObject(e) && typeof e.district === 'string' && e.district
      ? [{ room: districtRoom(e.district), event: 'report:forwarded', data: e.payload }]
      : [],
  ReportOverdue: toCoordinators('report:overdue'),
};

/** The emits for one published event (by its DomainEvents value, e.g. `consult.offered`). */
export function emitsFor(eventName: string, event: unknown): RoomEmit[] {
  const key = (Object.keys(DomainEvents) as (keyof typeof DomainEvents)[]).find(
    (k) => DomainEvents[k] === eventName,
  );
  return key ? EVENT_ROUTES[key](event) : [];
}
