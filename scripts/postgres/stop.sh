#!/usr/bin/env bash
# Stops a cluster started by start.sh and deletes its directory.
#   scripts/postgres/stop.sh DIR
set -euo pipefail
DIR=${1:?usage: scripts/postgres/stop.sh DIR (the directory start.sh used)}
[ -f "$DIR/data/PG_VERSION" ] || { echo "error: $DIR holds no cluster started by start.sh" >&2; exit 2; }
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$BIN" ] || BIN=$(pg_config --bindir)
OWNER=$(stat -c %U "$DIR/data")
if [ "$(id -u)" = 0 ] && [ "$OWNER" != root ]; then
  runuser -u "$OWNER" -- "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2
else
  "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2
fi
rm -rf "$DIR"
