#!/usr/bin/env bash
# The browser the web tests drive: Debian's `chromium` (and `chromium-driver`), installed from
# Debian packages when missing, as scripts/postgres.sh installs PostgreSQL. Prints the
# browser's path; exits non-zero when it cannot be had. Nothing is downloaded but Debian
# packages: Playwright's own browser download (`playwright install`) is never used.
set -euo pipefail
BROWSER=/usr/bin/chromium

if [ ! -x "$BROWSER" ]; then
  echo "installing Chromium from Debian packages…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >&2
fi
# the wrapper script of Debian's package may complain on stderr while the browser runs fine
version=$("$BROWSER" --version 2>/dev/null)
echo "$version" >&2
echo "$BROWSER"
