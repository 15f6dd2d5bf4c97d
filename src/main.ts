import 'reflect-metadata';
import { EmbeddedPostgresError } from './database/embedded-postgres';
import { startServer } from './server';

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
    lines.push('  logins:');
    for (const l of server.logins)
      lines.push(
        `    ${l.role.padEnd(12)} ${l.email.padEnd(30)} ${l.password}${l.note ? `   (${l.note})` : ''}`,
      );
  }
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
