#!/usr/bin/env bash
# Makes sure Debian's redis-server exists for the sync and storage tests ($REDIS_SERVER, else redis-server on PATH).
# Each test run starts its own on a free port and stops it after (test/redis.ts).
set -euo pipefail
if command -v "${REDIS_SERVER:-redis-server}" >/dev/null; then exit 0; fi
bash "$(dirname "$0")/apt-install.sh" "the sync tests" "set REDIS_SERVER" redis-server
echo "Installed $(redis-server --version)"
