#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for tests and measurements and
# prints its postgres:// URL on stdout (everything else goes to stderr).
#   URL=$(scripts/postgres/start.sh [DIR])   ...   scripts/postgres/stop.sh DIR
# DIR (default: a new temporary directory) holds the data, the log, the
# socket and a file `url`. The cluster listens on 127.0.0.1 at a free port
# (LAGEBILD_PG_PORT to choose one) with trust authentication: for tests
# only. initdb refuses to run as root, so as root the cluster runs as the
# `postgres` user (created by the Debian package; else a `lagebild-pg`
# user is created).
set -euo pipefail
DIR=${1:-$(mktemp -d /tmp/lagebild-pg.XXXXXX)}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$BIN" ] && command -v pg_config >/dev/null; then BIN=$(pg_config --bindir); fi
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "error: no PostgreSQL server found; install it with: apt-get install -y postgresql" >&2
  exit 2
fi
mkdir -p "$DIR"
as_owner() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  OWNER=postgres
  if ! id "$OWNER" >/dev/null 2>&1; then
    OWNER=lagebild-pg
    id "$OWNER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$OWNER"
  fi
  chown "$OWNER" "$DIR"
  chmod 755 "$DIR"
  as_owner() { runuser -u "$OWNER" -- "$@"; }
fi
PORT=${LAGEBILD_PG_PORT:-}
if [ -z "$PORT" ]; then
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then PORT=$candidate; break; fi
  done
fi
[ -n "$PORT" ] || { echo "error: no free port found; set LAGEBILD_PG_PORT" >&2; exit 2; }
as_owner "$BIN/initdb" -D "$DIR/data" -U lagebild --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 2; }
as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-k $DIR -p $PORT -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB" start >&2 \
  || { cat "$DIR/server.log" >&2; exit 2; }
as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U lagebild lagebild
URL="postgres://lagebild@127.0.0.1:$PORT/lagebild"
echo "$URL" >"$DIR/url"
echo "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') in $DIR; stop with scripts/postgres/stop.sh $DIR" >&2
echo "$URL"
