#!/usr/bin/env bash
# Makes sure Playwright can record videos (npm run demo:video). Playwright encodes them
# with an ffmpeg of its own that it downloads; where it cannot download (this machine),
# Debian's ffmpeg stands in, linked where Playwright looks for its own.
set -euo pipefail
cd "$(dirname "$0")/.."
revision=$(node -p "JSON.parse(require('fs').readFileSync('node_modules/playwright-core/browsers.json', 'utf8')).browsers.find(b => b.name === 'ffmpeg').revision")
dir="${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}/ffmpeg-$revision"
if [ -x "$dir/ffmpeg-linux" ]; then exit 0; fi
if ! command -v ffmpeg >/dev/null; then
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
    echo "No ffmpeg for Playwright's videos: run 'npx playwright install ffmpeg', or install ffmpeg (apt-get install ffmpeg)." >&2
    exit 1
  fi
  echo "Installing Debian's ffmpeg for Playwright's videos…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null
fi
mkdir -p "$dir"
ln -sf "$(command -v ffmpeg)" "$dir/ffmpeg-linux"
echo "Playwright records videos with $(command -v ffmpeg)"
