import { DomainEvents } from '../common/events';
import { COORDINATORS_ROOM, emitsFor, EVENT_ROUTES, NO_SOCKET, SOCKET_EVENTS } from './event-routes';

const DOCTOR = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';

describe('event routes: every domain event reaches the right room under the contract name', () => {
  it('every event that reaches a socket has a DomainEvents name; every other event is routed to NO_SOCKET', () => {
    expect([...SOCKET_EVENTS].sort()).toEqual(Object.values(DomainEvents).sort());
    const inProcess = Object.keys(EVENT_ROUTES).filter((name) => !SOCKET_EVENTS.includes(name as never));
    expect(inProcess.length).toBeGreaterThan(0);
    for (const name of inProcess) {
      expect(EVENT_ROUTES[name as keyof typeof EVENT_ROUTES]).toBe(NO_SOCKET);
      expect(emitsFor(name, { doctorId: DOCTOR, payload: {} })).toEqual([]);
    }
  });

  const doctorEvents: [string, string][] = [
    [DomainEvents.ConsultOffered, 'consult:offered'],
    [DomainEvents.OfferRevoked, 'consult:offer-revoked'],
    [DomainEvents.PresenceChanged, 'presence:changed'],
    [DomainEvents.FollowUpAssigned, 'followup:assigned'],
    [DomainEvents.PatientTierChanged, 'patient:tier-changed'],
  ];
  it.each(doctorEvents)('%s → doctor:<id> %s', (name, event) => {
    const payload = { any: 'thing' };
    expect(emitsFor(name, { doctorId: DOCTOR, payload })).toEqual([
      { room: `doctor:${DOCTOR}`, event, data: payload },
    ]);
    // no doctor (e.g. an unassigned patient): nothing to send
    expect(emitsFor(name, { doctorId: null, payload })).toEqual([]);
  });

  const coordinatorEvents: [string, string][] = [
    [DomainEvents.QueueChanged, 'queue:updated'],
    [DomainEvents.PatientEscalated, 'patient:escalated'],
    [DomainEvents.FollowUpOverdue, 'followup:overdue'],
    [DomainEvents.CoverUnfilled, 'roster:cover-unfilled'],
    [DomainEvents.DoctorBoardChanged, 'board:doctor-changed'],
  ];
  it.each(coordinatorEvents)('%s → coordinators %s', (name, event) => {
    const payload = { queued: 1 };
    expect(emitsFor(name, { payload })).toEqual([{ room: COORDINATORS_ROOM, event, data: payload }]);
  });

  it('roster.published → each listed doctor, with their own windows', () => {
    const emits = emitsFor(DomainEvents.RosterPublished, {
      rosterId: 'r1',
      group: 'consult',
      doctorWindows: [
        { doctorId: DOCTOR, windows: ['2021-08-23/09-11'] },
        { doctorId: OTHER, windows: ['2021-08-24/15-17', '2021-08-25/15-17'] },
      ],
    });
    expect(emits).toEqual([
      {
        room: `doctor:${DOCTOR}`,
        event: 'roster:published',
        data: { rosterId: 'r1', group: 'consult', windows: ['2021-08-23/09-11'] },
      },
      {
        room: `doctor:${OTHER}`,
        event: 'roster:published',
        data: { rosterId: 'r1', group: 'consult', windows: ['2021-08-24/15-17', '2021-08-25/15-17'] },
      },
    ]);
  });

  it('roster.cover-requested → coordinators (cover-needed, whole event) and each eligible doctor (cover-offered)', () => {
    const event = { coverRequestId: 'c1', windowKey: '2021-08-23/09-11', eligibleDoctorIds: [DOCTOR, OTHER] };
    const forDoctors = { coverRequestId: 'c1', windowKey: '2021-08-23/09-11' };
    expect(emitsFor(DomainEvents.CoverRequested, event)).toEqual([
      { room: COORDINATORS_ROOM, event: 'roster:cover-needed', data: event },
      { room: `doctor:${DOCTOR}`, event: 'roster:cover-offered', data: forDoctors },
      { room: `doctor:${OTHER}`, event: 'roster:cover-offered', data: forDoctors },
    ]);
  });

  it('ignores unknown events and malformed payloads', () => {
    expect(emitsFor('nobody.listens', { payload: {} })).toEqual([]);
    for (const name of Object.values(DomainEvents)) {
      expect(emitsFor(name, undefined)).toEqual([]);
      expect(emitsFor(name, null)).toEqual([]);
      expect(emitsFor(name, 'text')).toEqual([]);
    }
    expect(emitsFor(DomainEvents.ConsultOffered, { doctorId: 42, payload: {} })).toEqual([]);
  });
});
