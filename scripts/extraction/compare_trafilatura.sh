#!/usr/bin/env bash
# Side-by-side: Python trafilatura 2.3.1 and lagebild on the same extraction
# dev pages, each scored by ../shared/tools/score_extraction.py, with pages/s.
# Not part of CI (it installs trafilatura from PyPI into a virtualenv).
#
# Usage: scripts/extraction/compare_trafilatura.sh [SET ...]
#   SET: trafilatura-eval scrapinghub-aeb wcxb-articles (default: all three)
# Environment: SHARED (default ../shared), VENV (default target/trafilatura-venv),
#   OUT (default target/extraction-compare).
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-../shared}
VENV=${VENV:-target/trafilatura-venv}
OUT=${OUT:-target/extraction-compare}
SETS=("$@")
[ ${#SETS[@]} -eq 0 ] && SETS=(trafilatura-eval scrapinghub-aeb wcxb-articles)
SCORER="$SHARED/tools/score_extraction.py"

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q trafilatura==2.3.1 lxml_html_clean
fi
mkdir -p "$OUT"
cargo build --release -q -p lagebild

for set in "${SETS[@]}"; do
  dir="$SHARED/data/extraction/dev/$set"
  echo "################ $set"
  "$VENV/bin/python" "$SCORER" run "$dir" --extractor trafilatura --out "$OUT/$set.trafilatura.jsonl"
  # lagebild prints its own figures and pages/s per core; the Python scorer
  # then scores the same predictions, so both systems go through one scorer.
  target/release/lagebild eval extraction --set "$(case $set in
      trafilatura-eval) echo trafilatura-eval;; scrapinghub-aeb) echo aeb;; wcxb-articles) echo wcxb;; esac)" \
    --data "$SHARED/data/extraction/dev" --write-predictions "$OUT/lagebild" | grep -E '^==' || true
  python3 "$SCORER" score "$dir" "$OUT/lagebild/$set.jsonl"
done
