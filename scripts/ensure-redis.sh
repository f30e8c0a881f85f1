#!/usr/bin/env bash
# Makes sure Debian's redis-server exists for the sync and storage tests ($REDIS_SERVER, else redis-server on PATH).
# Each test run starts its own on a free port and stops it after (test/redis.ts).
set -euo pipefail
server="${REDIS_SERVER:-redis-server}"
if command -v "$server" >/dev/null; then exit 0; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "redis-server not found. Install Debian's redis-server (apt-get install redis-server) or set REDIS_SERVER." >&2
  exit 1
fi
echo "Installing Debian's redis-server for the sync tests…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
echo "Installed $(redis-server --version)"
