#!/bin/bash
# Scores `lagebild ner` on GermEval 2014 dev with the reference scorer
# (../shared/tools/score_ner.py, base scheme), to check that
# `lagebild eval ner --lang de` reports the same figures.
#
#   bash scripts/ner/score_with_reference.sh [MODEL]
#
# The predicted tags are written beside the gold columns (idx, token, tag),
# because a bare `token<TAB>tag` line whose token is "#" would be read as a
# comment by the scorer and shift the sentences.
set -euo pipefail
shared=${SHARED:-../shared}
gold=$shared/data/ner/germeval2014/NER-de-dev.tsv
bin=${LAGEBILD:-target/release/lagebild}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
model_args=()
if [ $# -ge 1 ]; then model_args=(--model "$1"); fi
"$bin" ner --lang de --token-column 2 "${model_args[@]}" "$gold" > "$work/tags.tsv"
# Gold token lines (not the "#<TAB>source" lines) in order, then the tags.
grep -v -P '^#\t' "$gold" | cut -f1,2 > "$work/gold_tokens.tsv"
paste "$work/gold_tokens.tsv" <(cut -f2 "$work/tags.tsv") \
    | sed -e 's/^\t*$//' > "$work/predicted.tsv"
python3 "$shared/tools/score_ner.py" "$gold" "$work/predicted.tsv" --scheme base
