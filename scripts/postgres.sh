#!/usr/bin/env bash
# A throwaway PostgreSQL for the test suite and `make bench`: `start` prints its URL, `url`
# prints it again, `stop` stops it and deletes its data. The cluster lives in $ONRECORD_PG_DIR
# (default .pg/ in the repository), listens on 127.0.0.1 only, on a free port, and trusts
# loopback connections: it holds nothing but test data. Debian's `postgresql` package is
# installed when its binaries are missing. As root, the server runs as the `postgres` user.
set -euo pipefail
cd "$(dirname "$0")/.."
PGDIR=${ONRECORD_PG_DIR:-$PWD/.pg}
DATA=$PGDIR/data

bindir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$found" ] && command -v pg_ctl >/dev/null; then
    found=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
  fi
  echo "$found"
}

install_postgres() {
  echo "installing PostgreSQL from Debian packages…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
}

as_owner() {  # run a command as the user that owns the cluster
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url() {
  echo "postgresql://$(cat "$PGDIR/user")@127.0.0.1:$(cat "$PGDIR/port")/postgres"
}

running() {
  [ -f "$DATA/postmaster.pid" ] && [ -f "$PGDIR/port" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  if running; then url; return; fi
  rm -rf "$PGDIR"
  mkdir -p "$PGDIR"
  local user
  user=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    user=postgres
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$PGDIR" postgres
    chown postgres "$PGDIR"
  fi
  echo "$user" > "$PGDIR/user"
  free_port > "$PGDIR/port"
  as_owner "$BIN/initdb" -D "$DATA" -U "$user" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$PGDIR/initdb.log" 2>&1
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$PGDIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $(cat "$PGDIR/port") -k $PGDIR -c fsync=off" start >/dev/null
  url
}

stop() {
  if running; then as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; fi
  rm -rf "$PGDIR"
}

BIN=$(bindir)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  install_postgres
  BIN=$(bindir)
fi

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) running && url || { echo "PostgreSQL is not running (scripts/postgres.sh start)" >&2; exit 1; } ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
