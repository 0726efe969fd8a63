#!/usr/bin/env bash
# Scale benchmark of the archive (store, not pipeline): analyses the shared
# corpora once (stern example, 10kGNAD dev, Wikinews de), exports them as
# the base of N variants (id, date and one sentence varied so dedupe keeps
# each; see crates/store/examples/bench_store.rs), then measures ingest
# rate, store size, peak memory (VmHWM and /usr/bin/time -v), and query
# p50/p99 sequentially and from 16 threads.
# Usage: scripts/store/bench.sh [ARTICLES=100000] [WORKDIR]
# With WORKDIR given, the base and the store are kept there: a second run
# with the same WORKDIR re-uses both and measures only the queries.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-100000}
S=${LAGEBILD_SHARED:-../shared}
W=${2:-}
KEEP=1
if [ -z "$W" ]; then W=$(mktemp -d); KEEP=0; fi
mkdir -p "$W"
cargo build --release -p lagebild -p lagebild-store --example bench_store
B=target/release/lagebild
if [ ! -s "$W/base.jsonl" ]; then
  $B ingest --store "$W/base" "$S/examples/stern-2023-09-kim-putin.txt" "$S/data/corpus/10kgnad/articles_dev.csv" || true
  $B ingest --store "$W/base" --map text=originalText,id=documentName "$S"/data/corpus/wikinews_quotes_de/*.jsonl.gz || true
  $B export --store "$W/base" --format jsonl "$W/base.jsonl"
fi
echo "load before: $(uptime)"
/usr/bin/time -v nice -n 10 target/release/examples/bench_store "$W/base.jsonl" "$W/bench-$N" "$N" 2> "$W/time.txt"
grep -E "Maximum resident|Elapsed" "$W/time.txt"
echo "load after: $(uptime)"
if [ "$KEEP" = 0 ]; then rm -rf "$W"; fi
