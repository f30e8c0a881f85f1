#!/usr/bin/env bash
# Makes sure a Chromium for the e2e tests exists: $CHROMIUM_PATH, else Debian's /usr/bin/chromium.
# Playwright's own browser download is not used (it cannot download here).
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then exit 0; fi
bash "$(dirname "$0")/apt-install.sh" "the e2e tests" "set CHROMIUM_PATH" chromium
echo "Installed $(/usr/bin/chromium --version)"
