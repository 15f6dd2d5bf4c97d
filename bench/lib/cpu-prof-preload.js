// Preloaded into the app by `CPU_PROF=<dir>` (bench/contacts.bench.ts): `--cpu-prof` is not allowed
// in NODE_OPTIONS, so the profiler is started over the in-process inspector and written at exit.
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const session = new Session();
session.connect();
session.post('Profiler.setSamplingInterval', { interval: 1000 });
session.post('Profiler.enable');
session.post('Profiler.start');
process.on('exit', () => {
  // the in-process session answers synchronously, so this completes before the process ends
  session.post('Profiler.stop', (err, result) => {
    if (!err)
      writeFileSync(
        join(process.env.CPU_PROF_DIR, `app-${process.pid}.cpuprofile`),
        JSON.stringify(result.profile),
      );
  });
});
