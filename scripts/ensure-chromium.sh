#!/usr/bin/env bash
# Makes sure a Chromium for the e2e tests exists: $CHROMIUM_PATH, else Debian's /usr/bin/chromium.
# Playwright's own browser download is not used (it cannot download here).
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then exit 0; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "Chromium not found at $browser. Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH." >&2
  exit 1
fi
echo "Installing Debian's chromium for the e2e tests…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
echo "Installed $(/usr/bin/chromium --version)"
