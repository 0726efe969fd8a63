#!/usr/bin/env bash
# Documented check that reading is streamed: peak memory must not grow with
# input size. Generates JSONL inputs of ~20 MB and ~200 MB (gzip-compressed
# too), reads them with the reader alone (examples/read_inputs.rs), and runs
# `lagebild analyze` (all stages) on ~2 MB and ~8 MB, printing peak RSS from
# /usr/bin/time -v. Fails if the big input needs more than 1.5x the peak of
# the small one. Not part of `cargo test` (it takes minutes); run it by hand:
#
#   bash crates/ingest/scripts/check_bounded_memory.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release -p lagebild-ingest --example read_inputs -q
cargo build --release -p lagebild -q
reader=target/release/examples/read_inputs
lagebild=target/release/lagebild

generate() { # generate MEGABYTES FILE: invented German news records
  python3 - "$1" "$2" <<'PY'
import json, sys
target, path = int(sys.argv[1]) * 1_000_000, sys.argv[2]
paragraph = ("Die Regierung in Nordstadt hat am Montag ein Paket über 1,5 Milliarden Euro beschlossen. "
             "\u201eWir handeln jetzt\u201c, sagte Ministerin Ilse Brandauer vor Journalisten. ") * 4
written, n = 0, 0
with open(path, "w", encoding="utf-8") as out:
    while written < target:
        line = json.dumps({"id": f"gen-{n}", "title": f"Meldung {n}", "text": paragraph + "\n\n" + paragraph}, ensure_ascii=False) + "\n"
        out.write(line); written += len(line.encode()); n += 1
PY
}

peak_kb() { # peak_kb COMMAND...: runs it, prints its peak RSS in kB
  /usr/bin/time -v "$@" > /dev/null 2> "$work/time.txt" || { cat "$work/time.txt" >&2; exit 1; }
  awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time.txt"
}

check() { # check LABEL SMALL_KB BIG_KB
  echo "$1: peak RSS small input ${2} kB, big input ${3} kB"
  if (( $3 * 2 > $2 * 3 )); then echo "FAIL: $1 memory grows with input size" >&2; exit 1; fi
}

generate 20 "$work/small.jsonl"
generate 200 "$work/big.jsonl"
gzip -k "$work/big.jsonl"
small=$(peak_kb "$reader" "$work/small.jsonl")
big=$(peak_kb "$reader" "$work/big.jsonl")
big_gz=$(peak_kb "$reader" "$work/big.jsonl.gz")
check "reader, 20 MB vs 200 MB JSONL" "$small" "$big"
check "reader, 20 MB vs 200 MB JSONL (gzip)" "$small" "$big_gz"

generate 2 "$work/analyze-small.jsonl"
generate 8 "$work/analyze-big.jsonl"
small=$(peak_kb "$lagebild" analyze --json "$work/analyze-small.jsonl")
big=$(peak_kb "$lagebild" analyze --json "$work/analyze-big.jsonl")
check "lagebild analyze, 2 MB vs 8 MB JSONL" "$small" "$big"
echo "OK: memory bounded"
