#!/usr/bin/env bash
# Crash test: kill -9 `lagebild ingest` at random moments (TRIALS, default
# 20), then check that the archive opens, holds only whole articles
# identical to the input (exported JSONL lines ⊆ input lines, ids unique),
# and that a re-run completes it (export == input).
# Usage: scripts/store/crash_test.sh INPUT.jsonl [TRIALS]
#   INPUT.jsonl: analysed documents (lagebild export --format jsonl).
set -euo pipefail
cd "$(dirname "$0")/../.."
IN=$1; TRIALS=${2:-20}
B=target/release/lagebild
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
sort "$IN" > "$W/input.sorted"
TOTAL=$(wc -l < "$IN")
for t in $(seq 1 "$TRIALS"); do
  rm -rf "$W/store"
  batch=$(( (RANDOM % 3 == 0) ? 8 : (RANDOM % 2 == 0 ? 32 : 128) ))
  $B ingest --analysed --batch $batch --store "$W/store" "$IN" 2>/dev/null &
  pid=$!
  sleep "0.$(( RANDOM % 10 ))$(( RANDOM % 10 ))"
  kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  if [ -f "$W/store/meta.json" ]; then
    $B export --store "$W/store" --format jsonl "$W/partial.jsonl" 2>/dev/null
  else
    : > "$W/partial.jsonl"   # killed before the first commit: empty archive
  fi
  kept=$(wc -l < "$W/partial.jsonl")
  dup=$(python3 -c 'import sys,json; ids=[json.loads(l)["id"] for l in open(sys.argv[1])]; print(len(ids)-len(set(ids)))' "$W/partial.jsonl")
  extra=$(sort "$W/partial.jsonl" | comm -23 - "$W/input.sorted" | wc -l)
  [ "$dup" = 0 ] && [ "$extra" = 0 ] || { echo "trial $t: FAIL after kill: $dup duplicate ids, $extra lines not in input"; exit 1; }
  $B ingest --analysed --batch $batch --store "$W/store" "$IN" 2>/dev/null
  $B export --store "$W/store" --format jsonl "$W/full.jsonl" 2>/dev/null
  sort "$W/full.jsonl" | cmp -s - "$W/input.sorted" || { echo "trial $t: FAIL re-run did not complete the archive"; exit 1; }
  echo "trial $t: batch $batch, $kept/$TOTAL articles committed before kill -9; consistent; re-run complete"
done
echo "crash test: $TRIALS passed, 0 failed"
