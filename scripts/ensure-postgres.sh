#!/usr/bin/env bash
# Makes sure Debian's PostgreSQL exists for the SQL sync tests and bench ($PG_BIN, else
# /usr/lib/postgresql/<version>/bin). Each run makes its own cluster with initdb in a temp
# folder, on a free port, and stops it after (test/postgres.ts).
set -euo pipefail
if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; then exit 0; fi
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then exit 0; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "PostgreSQL not found. Install Debian's postgresql (apt-get install postgresql) or set PG_BIN." >&2
  exit 1
fi
echo "Installing Debian's postgresql for the SQL sync tests…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
echo "Installed $(ls /usr/lib/postgresql/*/bin/postgres)"
