import 'reflect-metadata';
import { EmbeddedPostgresError } from './database/embedded-postgres';
import { isKnownBrokerError, briefError } from './common/faults/unavailable';
import { startServer } from './server';

/**
 * A rejection nobody handled. A broker being away (Redis, PostgreSQL) is not a reason to stop: the
 * clients reconnect by themselves and the database is the truth, so it is logged and the process
 * serves on. Anything else is a bug whose state we cannot trust: log it and exit non-zero, and let
 * the supervisor (systemd, see the README) start a clean process.
 */
process.on('unhandledRejection', (reason: unknown) => {
  if (isKnownBrokerError(reason)) {
    console.warn(
      JSON.stringify({
        level: 'warn',
        msg: 'unhandled broker error, still serving',
        err: briefError(reason),
      }),
    );
    return;
  }
  console.error('unhandled rejection, exiting:', reason);
  process.exit(1);
});

async function main(): Promise<void> {
  const started = Date.now();
  const server = await startServer(process.env);
  const lines = [
    '',
    `Dong Hanh is up on ${server.url} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  console:   ${server.url}/`,
    `  API docs:  ${server.url}/api/docs`,
    `  health:    ${server.url}/api/health`,
  ];
  if (server.embeddedDataDir)
    lines.push(`  database:  embedded PostgreSQL, data in ${server.embeddedDataDir}`);
  if (server.logins.length) {
    lines.push('  logins (shown this once):');
    for (const l of server.logins)
      lines.push(
        `    ${l.role.padEnd(16)} ${l.email.padEnd(30)} ${l.password}${l.note ? `   (${l.note})` : ''}`,
      );
  }
  if (server.demoPasswordFile)
    lines.push(
      `  demo logins (coordinator@, careteam@, bs001…bs300@, dtv01…dtv18@, canbo.<district>@donghanh.local) share the password in ${server.demoPasswordFile}`,
    );
  console.log(lines.join('\n') + '\n');
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: shutting down`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  // Configuration and embedded-database failures are one clear line; anything else keeps its stack.
  const known =
    err instanceof EmbeddedPostgresError ||
    (err instanceof Error && err.message.startsWith('Invalid configuration'));
  console.error(known ? (err as Error).message : err);
  process.exit(1);
});
