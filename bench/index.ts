/**
 * `npm run bench`: every benchmark, one after the other (each prints its own table with its
 * baselines measured in the same run). `npm run bench -- roster consults` runs a subset.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ALL = ['roster', 'consults', 'followups', 'contacts', 'faults'];
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
const unknown = chosen.filter((name) => !ALL.includes(name));
if (unknown.length) {
  console.error(`unknown benchmark: ${unknown.join(', ')} (choose from ${ALL.join(', ')})`);
  process.exit(2);
}
let failed = 0;
for (const name of chosen) {
  console.log(`\n=== bench:${name} ===`);
  const run = spawnSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, `${name}.bench.ts`)], {
    stdio: 'inherit',
    env: process.env,
  });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
