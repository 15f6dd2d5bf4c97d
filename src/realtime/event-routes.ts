import type { DomainEventName } from '../common/events';

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

/** How one event becomes Socket.IO emits (payloads are checked at run time: a bad one emits nothing). */
export type EventRoute = (event: unknown) => RoomEmit[];

/** An event heard only inside the process (by the dispatcher, the queue statistics, the gateway…). */
export const NO_SOCKET: EventRoute = () => [];

/**
 * Every domain event → the Socket.IO emits it causes. `Record<DomainEventName, …>` makes the
 * compiler refuse a new entry of the event map (src/common/events/event-map.ts) until it is routed
 * here, if only to NO_SOCKET. Event names: CONTRACT.md "Socket.IO".
 */
export const EVENT_ROUTES: Record<DomainEventName, EventRoute> = {
  /** RosterPublishedEvent: each doctor in `doctorWindows` gets their own windows */
  'roster.published': (e) => {
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
   * CoverRequestedEvent (flat): coordinators get `roster:cover-needed` with
   * the whole event; each of `eligibleDoctorIds` gets `roster:cover-offered` with it minus that list.
   */
  'roster.cover-requested': (e) => {
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
  'roster.cover-unfilled': toCoordinators('roster:cover-unfilled'),
  'consult.offered': toDoctor('consult:offered'),
  'consult.offer-revoked': toDoctor('consult:offer-revoked'),
  'consult.queue-changed': toCoordinators('queue:updated'),
  'consult.created': NO_SOCKET,
  'consult.cancelled': NO_SOCKET,
  'consult.completed': NO_SOCKET,
  'offer.accepted': NO_SOCKET,
  'offer.declined': NO_SOCKET,
  'doctor.presence-changed': toDoctor('presence:changed'),
  'doctor.connected': NO_SOCKET,
  'doctor.disconnected': NO_SOCKET,
  'doctor.sockets-purged': NO_SOCKET,
  'doctor.board-changed': toCoordinators('board:doctor-changed'),
  'followup.assigned': toDoctor('followup:assigned'),
  'followup.overdue': toCoordinators('followup:overdue'),
  'patient.tier-changed': toDoctor('patient:tier-changed'),
  'patient.escalated': toCoordinators('patient:escalated'),
  'auth.access-changed': NO_SOCKET,
  'auth.access-revoked': NO_SOCKET,
  /** DistrictEvent ({ district, payload }) → that district's officers */
  'report.forwarded': (e) =>
    isObject(e) && typeof e.district === 'string' && e.district
      ? [{ room: districtRoom(e.district), event: 'report:forwarded', data: e.payload }]
      : [],
  'report.overdue': toCoordinators('report:overdue'),
};

/** The events that reach sockets (every other one is NO_SOCKET). */
export const SOCKET_EVENTS = (Object.keys(EVENT_ROUTES) as DomainEventName[]).filter(
  (name) => EVENT_ROUTES[name] !== NO_SOCKET,
);

/** The emits for one published event (by its name, e.g. `consult.offered`). */
export function emitsFor(eventName: string, event: unknown): RoomEmit[] {
  return Object.hasOwn(EVENT_ROUTES, eventName) ? EVENT_ROUTES[eventName as DomainEventName](event) : [];
}
