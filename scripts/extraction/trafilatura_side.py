#!/usr/bin/env python3
"""Runs Python trafilatura over extraction pages and writes predictions in
the form `lagebild eval extraction --write-predictions` writes them
({"id", "text", "title", "author", "date"}), so that both systems go
through the same scorers (score_extraction.py, metadata_report.py).

Body text comes from the very call score_extraction.py's `run` makes
(`trafilatura.extract`, no URL, tables kept, no comments); metadata from
`trafilatura.extract_metadata` with the page's URL, as trafilatura's own
pipeline calls it. Missing metadata fields are left out, as lagebild does.
Prints pages/s for the body alone and for body + metadata, in wall time
and in process CPU time (CPU time is what lagebild's per-core figure
counts).

Usage (inside a virtualenv with trafilatura and lxml_html_clean):
    trafilatura_side.py set DATASET_DIR --out PRED.jsonl
    trafilatura_side.py fundus FUNDUS_DIR --out PRED.jsonl
"""
import argparse
import gzip
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from metadata_report import SHARED, fundus_pages  # noqa: E402

sys.path.insert(0, os.path.join(SHARED, "tools"))
from score_extraction import get_runner, load_gt  # noqa: E402
import trafilatura  # noqa: E402


def set_pages(dataset):
    for rec in load_gt(dataset):
        with gzip.open(os.path.join(dataset, "html", rec["id"] + ".html.gz"), "rb") as f:
            yield rec["id"], rec.get("url"), f.read()


def fundus_raw_pages(fundus_dir):
    for page_id, _ in fundus_pages(fundus_dir):
        country, page = page_id.split("/", 1)
        with open(os.path.join(fundus_dir, country, "meta.info"), encoding="utf-8") as f:
            url = json.load(f).get(page, {}).get("url")
        with gzip.open(os.path.join(fundus_dir, page_id), "rb") as f:
            yield page_id, url, f.read()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["set", "fundus"])
    ap.add_argument("data")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    pages = list(set_pages(args.data) if args.kind == "set" else fundus_raw_pages(args.data))
    extract_body, label = get_runner("trafilatura")
    wall = {"body": 0.0, "meta": 0.0}
    cpu = {"body": 0.0, "meta": 0.0}
    errors = 0

    def timed(part, call):
        w, c = time.perf_counter(), time.process_time()
        try:
            return call()
        finally:
            wall[part] += time.perf_counter() - w
            cpu[part] += time.process_time() - c

    with open(args.out, "w", encoding="utf-8") as out:
        for page_id, url, raw in pages:
            record = {"id": page_id}
            try:
                record["text"] = timed("body", lambda: extract_body(raw)) or ""
            except Exception:  # a crash counts as empty output, as in score_extraction.py
                record["text"], errors = "", errors + 1
            try:
                meta = timed("meta", lambda: trafilatura.extract_metadata(raw, default_url=url))
                for field, value in (("title", meta.title), ("author", meta.author), ("date", meta.date)):
                    if value:
                        record[field] = value
            except Exception:
                errors += 1
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    n = len(pages)
    rate = lambda seconds: n / seconds if seconds else 0.0  # noqa: E731
    print(f"== {os.path.basename(os.path.normpath(args.data))} :: {label}: {n} pages, errors {errors}; "
          f"pages/s body {rate(wall['body']):.1f} wall / {rate(cpu['body']):.1f} CPU, "
          f"body+metadata {rate(wall['body'] + wall['meta']):.1f} wall / "
          f"{rate(cpu['body'] + cpu['meta']):.1f} CPU (single process)")


if __name__ == "__main__":
    sys.exit(main())
