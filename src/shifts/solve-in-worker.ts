import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RosterInput, RosterSolution } from './solver/solver.types';

/**
 * Runs the roster solver in a worker thread, so a large solve never stalls the HTTP server or the
 * sockets. One short-lived worker per solve: it loads the solver, answers once, and exits, so a
 * big solve's memory goes with it.
 *
 * The worker body is a small CommonJS script passed with `eval`. In the built app it requires the
 * compiled `solver/rest-mip.js` beside this file (flows, or HiGHS MIPs under a rest rule); when this file is TypeScript (jest, swc-node)
 * it first registers @swc-node/register and then requires the `.ts` solver.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
if (workerData.typescript) require('@swc-node/register');
const { solveRosterExact } = require(workerData.solverModule);
Promise.resolve()
  .then(() => solveRosterExact(workerData.input))
  .then(
    (solution) => parentPort.postMessage({ ok: true, solution }),
    (err) => parentPort.postMessage({ ok: false, message: err && err.message ? err.message : String(err) }),
  );
`;

type WorkerAnswer = { ok: true; solution: RosterSolution } | { ok: false; message: string };

export function solverModulePath(): { solverModule: string; typescript: boolean } {
  const ext = extname(__filename);
  return { solverModule: join(__dirname, 'solver', `rest-mip${ext}`), typescript: ext === '.ts' };
}

/** At most this many solves at once in this process; more wait their turn (each holds a core). */
const MAX_CONCURRENT_SOLVES = Math.max(1, availableParallelism() - 1);
let running = 0;
const waiting: (() => void)[] = [];

async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_SOLVES) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export function solveInWorker(input: RosterInput, timeoutMs = 120_000): Promise<RosterSolution> {
  return withSlot(() => runWorker(input, timeoutMs));
}

function runWorker(input: RosterInput, timeoutMs: number): Promise<RosterSolution> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ...solverModulePath(), input } });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`roster solve took longer than ${timeoutMs} ms`))),
      timeoutMs,
    );
    timer.unref();
    worker.once('message', (answer: WorkerAnswer) =>
      finish(() =>
        answer.ok ? resolve(answer.solution) : reject(new Error(`roster solver failed: ${answer.message}`)),
      ),
    );
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) =>
      finish(() => reject(new Error(`roster solver worker exited with code ${code}`))),
    );
  });
}
