#!/usr/bin/env bash
# End-to-end check of `lagebild serve`: builds an archive from the stern
# example, the shared corpora and a hostile article, serves it on loopback,
# runs the browser tests (headless Chromium via playwright-core) and a load
# test with wrk at 16 connections over a realistic mix of searches
# (scripts/serve/queries.txt).
#
#   scripts/serve/e2e.sh [LOAD_SECONDS]     # default 10; 60 when measuring
#
# Needs: target/release/lagebild, ../shared, /usr/bin/chromium, wrk, node.
# Screenshots land in ./screenshots (not committed). Exit 1 when a browser
# check fails or the load test sees errors or p99 over P99_MAX_MS (100).
# Besides latency it prints machine load, wrk's own CPU, the server's CPU
# per request and the store's part of it (crates/server/README.md says how
# to read them).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-${CARGO_TARGET_DIR:-$PWD/target}/release/lagebild}
SHARED=${SHARED:-../shared}
LOAD_SECONDS=${1:-10}
P99_MAX_MS=${P99_MAX_MS:-100}

work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

store=$work/store
# Exit 1 from ingest means some records failed and the rest went in; that
# is ingest's own test matter, so only a setup failure (2) stops this run.
ingest() { "$BIN" ingest --store "$store" "$@" || [ $? -eq 1 ]; }
echo "== building the archive"
ingest "$SHARED/examples/stern-2023-09-kim-putin.txt" crates/server/e2e/hostile.jsonl "$SHARED/data/corpus/10kgnad/articles_dev.csv"
ingest --map text=originalText,id=documentName "$SHARED/data/corpus/wikinews_quotes_de"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$BIN" serve --store "$store" --addr "127.0.0.1:$port" 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do
  curl -fsS "$base/api/sources" >/dev/null 2>&1 && break
  sleep 0.1
done

echo "== browser tests"
if [ ! -d crates/server/e2e/node_modules/playwright-core ]; then
  (cd crates/server/e2e && npm ci --no-audit --no-fund)
fi
node crates/server/e2e/browser.mjs "$base" screenshots

echo "== load test: search at 16 connections for ${LOAD_SECONDS}s, queries from scripts/serve/queries.txt"
# The server's CPU time over the run (utime + stime, in clock ticks) gives
# CPU per request, a figure that other load on the machine does not move.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
# wrk's connections (their client ports) at a quarter and at three
# quarters of the run: the same 16 both times means they were kept alive,
# not reopened per request.
client_ports() { ss -Htn state established "( dport = :$port )" | awk '{print $3}' | sort; }
(sleep "$(awk "BEGIN { print $LOAD_SECONDS / 4 }")"; client_ports >"$work/ports1"
 sleep "$(awk "BEGIN { print $LOAD_SECONDS / 2 }")"; client_ports >"$work/ports2") &
sampler=$!
echo "machine load before: $(uptime)"
ticks_before=$(cpu_ticks)
# wrk shares the cores with the server: its own CPU time says how much.
TIMEFORMAT="wrk client CPU: user %U s + system %S s over %R s"
time wrk -t2 -c16 -d"${LOAD_SECONDS}s" --latency -s scripts/serve/search_load.lua "$base" | tee "$work/wrk.txt"
ticks_after=$(cpu_ticks)
wait "$sampler"
echo "connections kept alive from 1/4 to 3/4 of the run: $(comm -12 "$work/ports1" "$work/ports2" | wc -l) of $(wc -l <"$work/ports1") open"
echo "machine load after: $(uptime)"
load_verdict=0
python3 - "$work/wrk.txt" "$P99_MAX_MS" "$((ticks_after - ticks_before))" "$(getconf CLK_TCK)" "$(nproc)" <<'PY' || load_verdict=$?
import re, sys
text = open(sys.argv[1]).read()
limit = float(sys.argv[2])
cpu_ms = int(sys.argv[3]) * 1000 / int(sys.argv[4])
cores = int(sys.argv[5])
def ms(label):
    m = re.search(r"^\s*%s%%\s+([\d.]+)(us|ms|s)\s*$" % label, text, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
p50, p99 = ms("50"), ms("99")
requests = int(re.search(r"(\d+) requests in", text).group(1))
errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors += int(non2xx.group(1)) if non2xx else 0
print(f"load: {requests} requests, p50 {p50:.1f} ms, p99 {p99:.1f} ms, errors {errors}")
per_request = cpu_ms / max(requests, 1)
print(f"server CPU: {per_request:.1f} ms per request; {cores} idle cores would serve about "
      f"{1000 * cores / per_request:.0f} requests/s, mean latency at 16 connections about {16 * per_request / cores:.0f} ms")
sys.exit(0 if errors == 0 and p99 <= limit else 1)
PY
echo "== where a search request's CPU goes (sequential, Server-Timing)"
python3 scripts/serve/search_cost.py "$base" --pid "$server" --rounds 3
exit $load_verdict
