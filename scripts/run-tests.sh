#!/usr/bin/env bash
# Runs the whole suite with the services it needs: a throwaway PostgreSQL on loopback is
# started first (installed from Debian packages if missing) and stopped afterwards, and
# Debian's Chromium is installed for the browser tests if missing. In CI a server that will not
# start or a browser that cannot be installed fails the run; elsewhere their tests skip and say
# why.
set -euo pipefail
cd "$(dirname "$0")/.."
if ONRECORD_TEST_PG_URL=$(bash scripts/postgres.sh start); then
  export ONRECORD_TEST_PG_URL
  trap 'bash scripts/postgres.sh stop >/dev/null 2>&1 || true' EXIT
elif [ "${CI:-}" = true ]; then
  echo "PostgreSQL could not be started; CI needs it for the corpus tests" >&2
  exit 1
else
  echo "PostgreSQL could not be started: its tests will skip" >&2
fi
if ! bash scripts/chromium.sh >/dev/null; then
  if [ "${CI:-}" = true ]; then
    echo "Chromium could not be installed; CI needs it for the browser tests" >&2
    exit 1
  fi
  echo "Chromium could not be installed: the browser tests will skip" >&2
fi
.venv/bin/pytest "$@"
