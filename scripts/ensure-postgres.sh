#!/usr/bin/env bash
# Makes sure Debian's PostgreSQL exists for the SQL sync tests and bench ($PG_BIN, else
# /usr/lib/postgresql/<version>/bin). Each run makes its own cluster with initdb in a temp
# folder, on a free port, and stops it after (test/postgres.ts).
set -euo pipefail
if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; then exit 0; fi
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then exit 0; fi
bash "$(dirname "$0")/apt-install.sh" "the SQL sync tests" "set PG_BIN" postgresql
echo "Installed $(ls /usr/lib/postgresql/*/bin/postgres)"
