#!/usr/bin/env bash
# Scale benchmark of the archive (store, not pipeline): analyses the shared
# corpora once, exports them as the base of N variants, then runs
# crates/store/examples/bench_store.rs (ingest rate, store size, peak
# memory, query p50/p99 sequential and from 16 threads).
# Usage: scripts/store/bench.sh [ARTICLES=100000]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-100000}
S=${LAGEBILD_SHARED:-../shared}
W=$(mktemp -d)
cargo build --release -p lagebild -p lagebild-store --example bench_store
B=target/release/lagebild
$B ingest --store "$W/base" "$S/examples/stern-2023-09-kim-putin.txt" "$S/data/corpus/10kgnad/articles_dev.csv" || true
$B ingest --store "$W/base" --map text=originalText,id=documentName "$S"/data/corpus/wikinews_quotes_de/*.jsonl.gz || true
$B export --store "$W/base" --format jsonl "$W/base.jsonl"
nice -n 10 target/release/examples/bench_store "$W/base.jsonl" "$W/bench" "$N"
rm -rf "$W"
