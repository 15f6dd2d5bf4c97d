import { careDoctor, hours, publishCareShift } from '../patients/helpers';
import type { CreatedDoctor } from './factories';
import type { StaffRole } from './route-roles';
import { startTestApp, type TestApp } from './test-app';

/**
 * An app (background jobs off, clock frozen) with a token for every role and `doctorCount` care
 * doctors on shift now; the doctor role's token is the first doctor's, the district officer's is of Cầu Giấy. For the matrix and fuzz tests.
 */
export async function appWithEveryRole(
  doctorCount: number,
): Promise<{ app: TestApp; tokens: Record<StaffRole, string>; doctors: CreatedDoctor[] }> {
  const app = await startTestApp({ BACKGROUND_JOBS: '0' });
  app.clock.freeze('2026-11-30T03:00:00Z');
  const doctors: CreatedDoctor[] = [];
  for (let i = 0; i < doctorCount; i++) doctors.push(await careDoctor(app));
  const tokens: Record<StaffRole, string> = {
    admin: app.adminToken,
    coordinator: await app.tokenFor('coordinator'),
    care_team: await app.tokenFor('care_team'),
    doctor: doctors[0].token,
    operator: await app.tokenFor('operator'),
    district_officer: await app.tokenFor('district_officer'),
  };
  const now = app.clock.now().getTime();
  await publishCareShift(
    app,
    doctors.map((d) => d.id),
    new Date(now - hours(2)),
    new Date(now + hours(8)),
  );
  return { app, tokens, doctors };
}
