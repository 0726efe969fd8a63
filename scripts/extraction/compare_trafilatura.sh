#!/usr/bin/env bash
# Side-by-side: Python trafilatura 2.3.1 and lagebild on the same pages in
# the same run, both scored by the same scorers:
#   - body: ../shared/tools/score_extraction.py (snippet F1 on
#     trafilatura-eval, shingle F1 and word F1 on AEB and WCXB; per language);
#   - title/author/date accuracy and coverage on trafilatura-eval and on the
#     fundus publisher pages: scripts/extraction/metadata_report.py;
#   - speed: pages/s of each (trafilatura: one process, wall and CPU time;
#     lagebild: per core, thread CPU time, from `lagebild eval extraction`).
# Not part of CI (it installs trafilatura from PyPI into a virtualenv).
#
# Usage: scripts/extraction/compare_trafilatura.sh [SET ...]
#   SET: trafilatura-eval scrapinghub-aeb wcxb-articles (default: all three;
#   the fundus pages are always compared)
# Environment: SHARED (default ../shared), VENV (default target/trafilatura-venv),
#   OUT (default target/extraction-compare), BUILD (default 1; 0 uses the
#   lagebild binary already in target/release).
set -euo pipefail
cd "$(dirname "$0")/../.."
export SHARED=${SHARED:-../shared}
VENV=${VENV:-target/trafilatura-venv}
OUT=${OUT:-target/extraction-compare}
SETS=("$@")
[ ${#SETS[@]} -eq 0 ] && SETS=(trafilatura-eval scrapinghub-aeb wcxb-articles)
SCORER="$SHARED/tools/score_extraction.py"
META=scripts/extraction/metadata_report.py
SIDE=scripts/extraction/trafilatura_side.py
FUNDUS="$SHARED/data/corpus/html_de/fundus"

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q trafilatura==2.3.1 lxml_html_clean
fi
mkdir -p "$OUT/trafilatura" "$OUT/lagebild"
if [ "${BUILD:-1}" != 0 ]; then cargo build --release -q -p lagebild; fi

eval_args=()
for set in "${SETS[@]}"; do
  case $set in
    trafilatura-eval) eval_args+=(--set trafilatura-eval) ;;
    scrapinghub-aeb) eval_args+=(--set aeb) ;;
    wcxb-articles) eval_args+=(--set wcxb) ;;
    *) echo "unknown set $set" >&2; exit 2 ;;
  esac
done

echo "################ lagebild (its own figures; pages/s per core)"
target/release/lagebild eval extraction "${eval_args[@]}" --set fundus \
  --data "$SHARED/data/extraction/dev" --fundus "$FUNDUS" --write-predictions "$OUT/lagebild"

for set in "${SETS[@]}"; do
  dir="$SHARED/data/extraction/dev/$set"
  echo "################ $set"
  "$VENV/bin/python" "$SIDE" set "$dir" --out "$OUT/trafilatura/$set.jsonl"
  for system in trafilatura lagebild; do
    echo "---- $system"
    python3 "$SCORER" score "$dir" "$OUT/$system/$set.jsonl" | tail -n +2
    if [ "$set" = trafilatura-eval ]; then
      python3 "$META" set "$dir" "$OUT/$system/$set.jsonl"
    fi
  done
done

echo "################ fundus publisher pages (a missing field counts as wrong)"
"$VENV/bin/python" "$SIDE" fundus "$FUNDUS" --out "$OUT/trafilatura/fundus.jsonl"
for system in trafilatura lagebild; do
  echo "---- $system"
  python3 "$META" fundus "$FUNDUS" "$OUT/$system/fundus.jsonl"
done
