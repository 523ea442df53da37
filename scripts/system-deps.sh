#!/usr/bin/env bash
# Debian packages the system needs: at run time (PDF rendering: Pango and fonts with full
# Vietnamese coverage) and, with the argument "test", for the browser tests (Chromium).
# Installed when we may (root or password-less sudo), reported otherwise.
set -euo pipefail
needed=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation2)
if [ "${1:-}" = "test" ]; then
  needed+=(chromium)
fi
missing=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "Please install the equivalents of these Debian packages: ${missing[*]}" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo)
  else
    echo "Please install these Debian packages: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
echo "Installing from Debian: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
