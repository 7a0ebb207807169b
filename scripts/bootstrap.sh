#!/usr/bin/env bash
# Set up everything `make demo` and `make test` need on a fresh Debian machine:
# the Debian packages (installed when missing and running as root; otherwise one line naming them),
# a .venv in the checkout, and the package with its test extra installed into it.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(chromium fonts-noto-cjk tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng antiword libreoffice-writer-nogui python3-venv)
PYTHON=${PYTHON:-python3}

missing_debs() {
  local p
  for p in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

install_debs() {
  local missing
  missing=$(missing_debs | tr '\n' ' ')
  [ -z "${missing// }" ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "bootstrap: not a Debian system: install these packages yourself: $missing" >&2; return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "bootstrap: missing Debian packages; run: sudo apt-get install -y $missing" >&2; exit 1
  fi
  echo "bootstrap: installing Debian packages: $missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

check_python() {
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || {
    echo "bootstrap: Python >= 3.11 is needed (found: $("$PYTHON" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
    exit 1
  }
}

install_venv() {
  local stamp=.venv/.installed
  if [ ! -x .venv/bin/python ]; then
    echo "bootstrap: creating .venv"
    "$PYTHON" -m venv .venv
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ "$0" -nt "$stamp" ]; then
    echo "bootstrap: installing nianbao and its dependencies into .venv"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e '.[test]'
    touch "$stamp"
  fi
}

install_debs
check_python
install_venv
