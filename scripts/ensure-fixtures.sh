#!/usr/bin/env bash
# Installs the packages of the fixtures that use real libraries from the registry (their own
# package.json and lock, as a user's app has): test/fixtures/ecosystem (docs/ecosystem.md) and
# test/fixtures/vue-pinned (an older Vue, test/internals.test.ts).
# Skips an install whose lock has not changed since the last one.
set -euo pipefail
cd "$(dirname "$0")/.."
for app in test/fixtures/ecosystem test/fixtures/vue-pinned; do
  stamp="$app/node_modules/.swerve-installed"
  if [ -f "$stamp" ] && cmp -s "$app/package-lock.json" "$stamp"; then continue; fi
  echo "Installing $app's packages…"
  npm ci --prefix "$app" --no-audit --no-fund --loglevel=error
  cp "$app/package-lock.json" "$stamp"
done
