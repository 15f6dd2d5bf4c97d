/**
 * The top entries of a V8 `.cpuprofile` (`node --cpu-prof`): self time by function and by package
 * (`node_modules/<name>`, `src/<dir>`, `node:` internals), as shares of the sampled time.
 * Run: `node -r @swc-node/register bench/lib/cpu-profile-top.ts <file.cpuprofile> [rows] [from s] [to s]`;
 * without a window it prints the busy samples per second, to pick one (startup, compiling the
 * TypeScript, is most of a short run: leave it out).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package, a source directory, node's internals or the VM. */
function owner(url: string): string {
  if (!url) return '(vm)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const src = /\/(src|bench|test)\/([^/]+)/.exec(url);
  return src ? `${src[1]}/${src[2]}` : url;
}

function top(map: Map<string, number>, total: number, rows: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, rows)
    .map(([k, n]) => `${((100 * n) / total).toFixed(1).padStart(5)}%  ${k}`);
}

function main(): void {
  const [file, rowsArg, fromArg, toArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpu-profile-top.ts <file.cpuprofile> [rows] [from s] [to s]');
  const rows = Number(rowsArg ?? 25);
  const from = Number(fromArg ?? 0) * 1e6;
  const to = toArg === undefined ? Infinity : Number(toArg) * 1e6;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, number>();
  const perSecond: number[] = [];
  let at = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i];
    const name = (byId.get(id) as ProfileNode).callFrame.functionName;
    const busy = name !== '(idle)' && name !== '(program)';
    if (busy) perSecond[Math.floor(at / 1e6)] = (perSecond[Math.floor(at / 1e6)] ?? 0) + 1;
    if (at >= from && at < to) hits.set(id, (hits.get(id) ?? 0) + 1);
  });
  if (fromArg === undefined)
    console.log(`busy samples per second: ${Array.from(perSecond, (n, s) => `${s}:${n ?? 0}`).join(' ')}`);
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, n] of hits) {
    const { functionName, url, lineNumber } = (byId.get(id) as ProfileNode).callFrame;
    if (functionName === '(idle)' || functionName === '(program)') {
      idle += n;
      continue;
    }
    total += n;
    const where = url ? `${url.replace(/^.*?(node_modules|src)\//, '$1/')}:${lineNumber + 1}` : '';
    const fn = `${functionName || '(anonymous)'} ${where}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + n);
    byOwner.set(owner(url), (byOwner.get(owner(url)) ?? 0) + n);
  }
  console.log(`${total} busy samples (${idle} idle/program left out)`);
  console.log('\nself time by package / directory');
  console.log(top(byOwner, total, rows).join('\n'));
  console.log('\nself time by function');
  console.log(top(byFunction, total, rows).join('\n'));
}

main();
