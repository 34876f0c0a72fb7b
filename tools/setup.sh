#!/usr/bin/env bash
# Set up everything on a fresh Debian machine with Python 3.11: system tools, a virtual environment in
# .venv with the project installed. `--test` adds what the test suite needs (poppler, qpdf, Ghostscript,
# Chromium, libical, Node.js packages). Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=false
[ "${1:-}" = "--test" ] && with_tests=true

apt_packages=()
if ! python3 -c "import ensurepip, venv" 2>/dev/null; then apt_packages+=(python3-venv); fi
if $with_tests; then
  apt_packages+=(poppler-utils qpdf ghostscript)
fi

missing=()
for package in "${apt_packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if $with_tests; then
  .venv/bin/python -m pip install -q -e '.[test]'
else
  .venv/bin/python -m pip install -q -e .
fi
