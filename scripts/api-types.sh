#!/usr/bin/env bash
# The console's API types, generated from the OpenAPI document (GET /api/docs-json), without a database:
#   scripts/api-types.sh            writes web/src/api/openapi.json and web/src/api/schema.d.ts
#   scripts/api-types.sh --check    regenerates into a temporary folder, lints the document with
#                                   Spectral (.spectral.yaml) and fails when the checked-in files are stale
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=web/src/api
OUT="$TARGET"
if [ "${1:-}" = "--check" ]; then
  OUT="$(mktemp -d)"
  trap 'rm -rf "$OUT"' EXIT
fi
mkdir -p "$OUT"
node -r @swc-node/register src/openapi/print-document.ts "$OUT/openapi.json" >/dev/null
npx openapi-typescript "$OUT/openapi.json" -o "$OUT/schema.d.ts" --root-types --root-types-no-schema-prefix --silent
npx prettier --config .prettierrc --log-level warn --write "$OUT/schema.d.ts"
if [ "$OUT" != "$TARGET" ]; then
  npx spectral lint --fail-severity=warn --quiet "$OUT/openapi.json"
  stale=0
  for f in openapi.json schema.d.ts; do
    if ! diff -q "$TARGET/$f" "$OUT/$f" >/dev/null 2>&1; then
      echo "$TARGET/$f is stale: run \`npm run api:types\` and commit the result" >&2
      stale=1
    fi
  done
  exit $stale
fi
