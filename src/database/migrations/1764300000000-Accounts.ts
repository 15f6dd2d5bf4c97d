import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access that can be taken away (issue 10): a user can be disabled, every token carries the user's
 * token version (bumped by logout, a password change or reset, a role change, a doctor's deactivation),
 * a reset forces a new password, TOTP secrets. A trigger NOTIFYs `user_access` with the user's id
 * whenever one of these changes, so every process drops its cached copy within a second, whoever
 * wrote the row. Failed logins are rows, so every process counts the same attempts.
 */
export class Accounts1764300000000 implements MigrationInterface {
  name = 'Accounts1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN disabled boolean NOT NULL DEFAULT false,
        ADD COLUMN token_version int NOT NULL DEFAULT 0,
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD COLUMN otp_secret text,
        ADD COLUMN otp_enabled boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT otp_enabled_has_secret CHECK (NOT otp_enabled OR otp_secret IS NOT NULL)`);
    await q.query(`
      CREATE FUNCTION users_notify_access() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('user_access', COALESCE(NEW.id, OLD.id)::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER users_access_changed AFTER UPDATE ON users FOR EACH ROW
      WHEN (OLD.disabled IS DISTINCT FROM NEW.disabled
         OR OLD.token_version IS DISTINCT FROM NEW.token_version
         OR OLD.must_change_password IS DISTINCT FROM NEW.must_change_password
         OR OLD.otp_enabled IS DISTINCT FROM NEW.otp_enabled
         OR OLD.role IS DISTINCT FROM NEW.role)
      EXECUTE FUNCTION users_notify_access()`);
    await q.query(`
      CREATE TRIGGER users_access_deleted AFTER DELETE ON users FOR EACH ROW
      EXECUTE FUNCTION users_notify_access()`);
    // One row per failed login and per key (an email, a client address); old rows are pruned.
    await q.query(`
      CREATE TABLE login_failures (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX login_failures_key_at ON login_failures (key, at)`);
    await q.query(`CREATE INDEX login_failures_at ON login_failures (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_failures`);
    await q.query(`DROP TRIGGER users_access_deleted ON users`);
    await q.query(`DROP TRIGGER users_access_changed ON users`);
    await q.query(`DROP FUNCTION users_notify_access()`);
    await q.query(`
      ALTER TABLE users DROP CONSTRAINT otp_enabled_has_secret,
        DROP COLUMN otp_enabled, DROP COLUMN otp_secret, DROP COLUMN must_change_password,
        DROP COLUMN token_version, DROP COLUMN disabled`);
  }
}
