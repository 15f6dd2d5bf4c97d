import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hotline roles (issue 13): `operator` and `district_officer`; a district officer's login names the
 * district whose reports they work (a name of the areas list, checked by the service), no other role has one.
 */
export class HotlineRoles1764500000000 implements MigrationInterface {
  name = 'HotlineRoles1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_role_check`);
    await q.query(`
      ALTER TABLE users
        ADD COLUMN district text,
        ADD CONSTRAINT users_role_check
          CHECK (role IN ('admin', 'coordinator', 'care_team', 'doctor', 'operator', 'district_officer')),
        ADD CONSTRAINT district_officer_names_district CHECK ((role = 'district_officer') = (district IS NOT NULL))`);
    await q.query(`CREATE INDEX users_district ON users (district) WHERE district IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM users WHERE role IN ('operator', 'district_officer')`);
    await q.query(`DROP INDEX users_district`);
    await q.query(`
      ALTER TABLE users
        DROP CONSTRAINT district_officer_names_district,
        DROP CONSTRAINT users_role_check,
        DROP COLUMN district,
        ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'coordinator', 'care_team', 'doctor'))`);
  }
}
