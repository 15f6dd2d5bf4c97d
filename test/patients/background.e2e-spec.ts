import { DomainEvents } from '../../src/common/events';
import { startTestApp, TestApp } from '../support/test-app';
import {
  careDoctor,
  createPatient,
  hours,
  minutes,
  publishCareShift,
  recordEvents,
  waitFor,
} from './helpers';

describe('follow-up scheduler in the background', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ BACKGROUND_JOBS: '1' });
  });
  afterAll(() => app.close());

  it('runs by itself when BACKGROUND_JOBS is on: an overdue follow-up is reassigned and reported', async () => {
    const t0 = new Date('2026-11-26T02:00:00Z');
    app.clock.freeze(t0);
    const own = await careDoctor(app);
    const patient = await createPatient(app, await app.tokenFor('care_team'));
    expect(patient.assignedDoctorId).toBe(own.id);
    const cover = await careDoctor(app);
    await publishCareShift(
      app,
      [own.id, cover.id],
      new Date(t0.getTime() - hours(1)),
      new Date(t0.getTime() + hours(10)),
    );
    const events = recordEvents(app, [DomainEvents.FollowUpOverdue]);
    app.clock.freeze(new Date(t0.getTime() + minutes(31)));
    const report = await waitFor(
      () =>
        events.find((e) => (e.event as { payload: { patientId: string } }).payload.patientId === patient.id),
      12_000,
    );
    expect(report.event).toMatchObject({ payload: { fromDoctorId: own.id, toDoctorId: cover.id } });
  });
});
