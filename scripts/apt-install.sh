#!/usr/bin/env bash
# Installs Debian packages a test needs, or says how to when this shell cannot (not root, no apt-get).
# Usage: apt-install.sh "<what they are for>" "<what to do instead>" <package>...
set -euo pipefail
purpose="$1" instead="$2"
shift 2
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "$* not found. Install Debian's $* (apt-get install $*), or $instead." >&2
  exit 1
fi
echo "Installing Debian's $* for $purpose…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
