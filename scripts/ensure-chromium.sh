#!/usr/bin/env bash
# The browser tests drive Debian's Chromium with playwright-core (npm downloads no browser).
# Install it when missing and we can (root with apt-get); otherwise say what is needed.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests (apt-get install chromium)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The browser tests need Chromium at $CHROMIUM (set CHROMIUM_PATH, or install Debian's chromium package)." >&2
exit 1
