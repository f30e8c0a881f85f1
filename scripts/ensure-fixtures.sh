#!/usr/bin/env bash
# Installs the packages of the fixtures that use real libraries from the registry (their own
# package.json and lock, as a user's app has): test/fixtures/ecosystem and test/fixtures/assets
# (docs/ecosystem.md), test/fixtures/modules-registry, test/fixtures/modules-fonts and test/fixtures/nuxt-ui (docs/modules.md), test/fixtures/vue-pinned
# (an older Vue, test/internals.test.ts) and test/fixtures/internals-lowest and -highest (the ends
# of the ranges in runtime/internals/versions.ts, test/internals-range.test.ts).
# Skips an install whose lock has not changed since the last one.
set -euo pipefail
cd "$(dirname "$0")/.."
for app in test/fixtures/ecosystem test/fixtures/assets test/fixtures/modules-registry test/fixtures/modules-fonts test/fixtures/nuxt-ui test/fixtures/vue-pinned test/fixtures/internals-lowest test/fixtures/internals-highest; do
  stamp="$app/node_modules/.swerve-installed"
  if [ -f "$stamp" ] && cmp -s "$app/package-lock.json" "$stamp"; then continue; fi
  echo "Installing $app's packages…"
  # npm install, not npm ci: ci refuses a lock that names no entry for a platform package the
  # registry lists (sass-embedded's), as the README says of the root lock.
  npm install --prefix "$app" --no-save --no-audit --no-fund --loglevel=error
  cp "$app/package-lock.json" "$stamp"
done
