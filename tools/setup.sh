#!/usr/bin/env bash
# Set up everything on a fresh Debian machine with Python 3.11: system tools, a virtual environment in
# .venv with the project installed. `--test` adds what the test suite needs: poppler, qpdf and Ghostscript
# (print PDF checks), DejaVu Sans (preflight fixtures), Chromium (subscribe page), libical for the system
# python3 (python3-gi + gir1.2-ical-3.0; the .venv has no PyGObject, the tests call /usr/bin/python3),
# GNU gettext (the portal's catalogues are checked with makemessages and msgfmt), PostgreSQL (the portal's
# tests run once more against a private server, see tools/with_postgres.sh), and
# Node.js + npm with ical.js from tests/js/package-lock.json. Safe to run again: it only installs what is
# missing (tools are looked for by command, so a Node.js or Chromium from elsewhere is used as it is).
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=false
[ "${1:-}" = "--test" ] && with_tests=true

apt_packages=()
if ! python3 -c "import ensurepip, venv" 2>/dev/null; then apt_packages+=(python3-venv); fi
if $with_tests; then
  apt_packages+=(poppler-utils qpdf ghostscript fonts-dejavu-core postgresql gettext)
  command -v chromium >/dev/null || command -v chromium-browser >/dev/null || apt_packages+=(chromium)
  command -v node >/dev/null || apt_packages+=(nodejs)
  command -v npm >/dev/null || apt_packages+=(npm)
  if ! /usr/bin/python3 -c "import gi; gi.require_version('ICalGLib', '3.0')" 2>/dev/null; then
    apt_packages+=(python3-gi gir1.2-ical-3.0)
  fi
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
if $with_tests && [ -f tests/js/package-lock.json ] && [ ! -d tests/js/node_modules/ical.js ]; then
  npm ci --prefix tests/js --no-audit --no-fund --silent
fi
