#!/usr/bin/env bash
# Install a pinned uv into .tools/ using only the system Python (venv + pip from PyPI).
set -euo pipefail
python=${1:-python3}
version=${2:?uv version}
if ! command -v "$python" >/dev/null; then
  echo "error: $python not found; install Python >= 3.11 first" >&2; exit 1
fi
"$python" - <<'PY' || { echo "error: Python >= 3.11 is required" >&2; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY
if ! "$python" -m venv --help >/dev/null 2>&1 || ! "$python" -c "import ensurepip" 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing python3-venv from Debian…"
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
  else
    echo "error: Python's venv module is missing: sudo apt-get install python3-venv" >&2; exit 1
  fi
fi
rm -rf .tools
"$python" -m venv .tools
.tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==$version"
echo "uv $version installed in .tools/"
