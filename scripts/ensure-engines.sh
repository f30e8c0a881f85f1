#!/usr/bin/env bash
# Installs what the cross-engine suite (engines/, docs/browsers.md) needs when it is missing:
# Debian's Firefox ESR, WebKitGTK's WebDriver (it brings MiniBrowser) and Xvfb for its display.
set -euo pipefail
missing=()
[ -x "${FIREFOX_PATH:-/usr/bin/firefox-esr}" ] || missing+=(firefox-esr)
command -v WebKitWebDriver >/dev/null || missing+=(webkit2gtk-driver)
command -v Xvfb >/dev/null || missing+=(xvfb)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} for the cross-engine suite…"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
