#!/usr/bin/env bash
# Tests the Spark job in local mode on the corpora in ../shared: its Parquet
# must equal `lagebild export` of the same input (schema and rows), also
# after a re-run with another sharding. Needs the release build; installs
# Java and a virtualenv with pyspark (cached in the target directory).
#   scripts/spark/test_job.sh            # from the repository root
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=${LAGEBILD_SHARED:-../shared}
corpus=$shared/data/corpus
if [ ! -d "$corpus" ]; then
  echo "skipped: $corpus not found (the Spark test reads the corpora from ../shared)"
  exit 0
fi
corpus=$(cd "$corpus" && pwd)
target=${CARGO_TARGET_DIR:-target}
bin=$(cd "$target/release" && pwd)/lagebild
[ -x "$bin" ] || { echo "error: $bin missing; run cargo build --release first" >&2; exit 2; }

if ! command -v java >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq openjdk-17-jre-headless >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }
fi
venv=$target/spark-venv
if ! "$venv/bin/python" -c 'import pyspark, pyarrow' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r scripts/spark/requirements.txt
fi
py=$venv/bin/python
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "--- task logic (fake worker: crashes, restarts, sharding, stale files)"
"$py" -m unittest discover -s scripts/spark -p 'test_*.py'

job() { nice -n 10 "$py" scripts/spark/lagebild_job.py --binary "$bin" "$@" 2>"$work/job.log" \
  || { cat "$work/job.log" >&2; return 1; }; }
reference() { # reference DIR ANALYZE-ARGS...: lagebild's own analysis and export
  local out=$1; shift
  "$bin" analyze --json "$@" | "$bin" export --from-analysed - --format parquet "$out" 2>/dev/null
}

echo "--- Wikinews dev (JSONL.gz, field map) as URLs: fetched by Spark, written by pyarrow, local[2]"
wikinews=$corpus/wikinews_quotes_de/dev.jsonl.gz
job --master 'local[2]' --input "file://$wikinews" --map text=originalText,id=documentName --output "file://$work/wikinews"
# Spark names the input file:/… and the job keeps that name in ids and
# sources; the reference reads the same file under the same name.
mkdir -p "$work/names/file:$(dirname "$wikinews")"
ln -s "$wikinews" "$work/names/file:$wikinews"
(cd "$work/names" && reference "$work/wikinews-ref" --map text=originalText,id=documentName "file:$wikinews")
"$py" scripts/spark/compare_parquet.py "$work/wikinews-ref" "$work/wikinews"

echo "--- fundus WARC (76 German news pages, HTML extraction), local[1]"
warc=$corpus/warc/fundus_de_dev.warc.gz
job --master 'local[1]' --input "$warc" --output "$work/warc"
reference "$work/warc-ref" "$warc"
"$py" scripts/spark/compare_parquet.py "$work/warc-ref" "$work/warc"

echo "--- 10kGNAD dev (CSV, sharded), local[2], against ingest + export of the archive"
gnad=$corpus/10kgnad/articles_dev.csv
job --master 'local[2]' --shard-mb 0.5 --input "$gnad" --output "$work/gnad"
"$bin" ingest --store "$work/store" "$gnad" >/dev/null 2>&1
"$bin" export --store "$work/store" --format parquet "$work/gnad-ref" 2>/dev/null
"$py" scripts/spark/compare_parquet.py "$work/gnad-ref" "$work/gnad"
first=$(ls "$work/gnad/articles" | wc -l)

echo "--- 10kGNAD re-run into the same output with other shards (stale files must go)"
job --master 'local[2]' --shard-mb 1 --keep-analysed --input "$gnad" --output "$work/gnad"
second=$(ls "$work/gnad/articles" | wc -l)
echo "shard files: $first, after re-run $second"
[ "$first" != "$second" ] || { echo "error: the re-run should have changed the sharding" >&2; exit 1; }
"$py" scripts/spark/compare_parquet.py "$work/gnad-ref" "$work/gnad"

echo "--- the backfill's analysed documents loaded into a store export the same tables"
"$bin" ingest --analysed --store "$work/backfill" "$work/gnad/analysed" >/dev/null 2>&1
"$bin" export --store "$work/backfill" --format parquet "$work/backfill-export" 2>/dev/null
mkdir -p "$work/backfill-tables"
for file in "$work/backfill-export"/*.parquet; do  # every table the exporter writes
  table=$(basename "$file" .parquet)
  mkdir "$work/backfill-tables/$table" && mv "$file" "$work/backfill-tables/$table/"
done
"$py" scripts/spark/compare_parquet.py "$work/gnad-ref" "$work/backfill-tables"
echo "Spark job: output equals lagebild export"
