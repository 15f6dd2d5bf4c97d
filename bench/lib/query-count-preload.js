// Preloaded into the app by `npm run bench:consults` (NODE_OPTIONS): counts every query node-postgres
// sends (one per round trip, BEGIN and COMMIT included) by its text, and on SIGWINCH (ignored by
// default, and not one of the signals signal-exit turns into an exit) writes the counts
// so far to QUERY_COUNT_FILE, so the benchmark can report database round trips per consult.
const pg = require('pg');
const { writeFileSync } = require('node:fs');

// Counted by the text as sent and folded into one line only when written out: the counting itself
// must cost the app next to nothing (a regular expression per query was 3 % of its CPU at 200/s).
const counts = new Map();
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(config, ...rest) {
  const text = typeof config === 'string' ? config : (config && config.text) || '?';
  counts.set(text, (counts.get(text) || 0) + 1);
  return original.call(this, config, ...rest);
};
process.on('SIGWINCH', () => {
  const folded = {};
  for (const [text, n] of counts) {
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 160);
    folded[key] = (folded[key] || 0) + n;
  }
  writeFileSync(process.env.QUERY_COUNT_FILE, JSON.stringify(folded));
});
