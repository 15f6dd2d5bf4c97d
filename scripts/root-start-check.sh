#!/usr/bin/env bash
# The root start (issue 10): clone this repository into a private folder (mode 0700) as root, run the
# README's `npm start` there without DATABASE_URL, and wait for /api/health to answer 200. Then check
# that a start that cannot work fails with one clear line and a non-zero exit (no stack).
# Bounded: 300 s for the start; node_modules is hard-linked from this checkout (no download).
set -euo pipefail
SRC="$(cd "$(dirname "$0")/.." && pwd)"
if [ "$(id -u)" != "0" ]; then
  echo "root-start check: skipped (needs root)"
  exit 0
fi

BASE="$(mktemp -d /root/dong-hanh-root-start.XXXXXX)"
chmod 700 "$BASE"
CLONE="$BASE/dong-hanh"
LOG="$BASE/start.log"
PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$PID" 2>/dev/null || break; sleep 1; done
    kill -KILL "$PID" 2>/dev/null || true
  fi
  # the cluster this clone made under /var/lib/dong-hanh (its folder is named after DATA_DIR's path)
  if [ -f "$LOG" ]; then
    DATA=$(sed -n 's/.*embedded PostgreSQL, data in \(\/var\/lib\/dong-hanh\/clusters\/[^ ]*\).*/\1/p' "$LOG" | head -1)
    [ -n "$DATA" ] && rm -rf "$DATA"
  fi
  rm -rf "$BASE"
}
trap cleanup EXIT

git clone -q "$SRC" "$CLONE"
cp -al "$SRC/node_modules" "$CLONE/node_modules" 2>/dev/null || cp -a "$SRC/node_modules" "$CLONE/node_modules"
cd "$CLONE"
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')

# As a newcomer would: no DATABASE_URL, the default data folder inside the private clone.
env -u DATABASE_URL PORT="$PORT" LOG_LEVEL=warn setsid npm start >"$LOG" 2>&1 &
PID=$!
for i in $(seq 1 300); do
  if curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1; then
    echo "root-start check: npm start as root in a mode-0700 clone answered /api/health 200 after ${i} s"
    break
  fi
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "root-start check: npm start exited before /api/health answered:" >&2
    tail -20 "$LOG" >&2
    exit 1
  fi
  if [ "$i" = 300 ]; then
    echo "root-start check: /api/health did not answer within 300 s" >&2
    tail -20 "$LOG" >&2
    exit 1
  fi
  sleep 1
done
if grep -q "EACCES" "$LOG"; then
  echo "root-start check: the start log mentions EACCES:" >&2
  grep EACCES "$LOG" >&2
  exit 1
fi
grep -E "^ +database: +embedded PostgreSQL" "$LOG" || true
[ "$(stat -c %a "$CLONE/.data/pg.password")" = "600" ] || { echo "root-start check: pg.password is not mode 0600" >&2; exit 1; }
kill -TERM -- "-$PID" 2>/dev/null || kill -TERM "$PID"
wait "$PID" 2>/dev/null || true
PID=""

# A start that cannot work: one line naming the cause, a non-zero exit, no stack.
set +e
touch "$BASE/not-a-folder"
OUT=$(env -u DATABASE_URL PORT=0 DATA_DIR="$BASE/not-a-folder/data" node dist/main.js 2>&1)
CODE=$?
set -e
if [ "$CODE" = 0 ] || [ "$(printf '%s\n' "$OUT" | grep -c .)" != 1 ] || ! printf '%s' "$OUT" | grep -q '^Embedded PostgreSQL: cannot create the data folder'; then
  echo "root-start check: a failed start should be one line and a non-zero exit; got exit $CODE:" >&2
  printf '%s\n' "$OUT" >&2
  exit 1
fi
echo "root-start check: a failed start is one line, exit $CODE: $OUT"
