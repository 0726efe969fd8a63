#!/usr/bin/env python3
"""Metadata accuracy (title, author, date) of an extraction predictions file,
with the misses listed (expected vs got), for tuning and for the side-by-side
comparison with trafilatura (compare_trafilatura.sh).

Predictions: JSONL records {"id", "title", "author", "date"} as
`lagebild eval extraction --write-predictions DIR` writes them (and
trafilatura_side.py for trafilatura); "author" joins names with "; ".

Usage:
    metadata_report.py set DATASET_DIR PRED.jsonl [--misses title|author|date]
        Accuracy where both gold and prediction carry the field (the
        definition of ../shared/tools/score_extraction.py, which it imports),
        plus coverage: the share of gold fields the system answered at all.
        --misses lists wrong answers (MISS) and unanswered fields (NONE).
    metadata_report.py fundus FUNDUS_DIR PRED.jsonl [--misses title|authors|date]
        The fundus publisher pages (html_de/fundus/<country>/): each
        <Publisher>.json gives the expected values of its pages
        <Publisher>_<date>.html.gz (versions V1, V1_1, V2... sorted, in the
        order of the sorted page files); prediction ids are
        <country>/<page file>. A missing field counts as wrong; authors are
        compared as sets of names. Same definition as
        lagebild_web::evaluation::evaluate_fundus.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("SHARED", os.path.join(HERE, "..", "..", "..", "shared"))
sys.path.insert(0, os.path.join(SHARED, "tools"))
from score_extraction import load_gt, load_pred, norm_meta  # noqa: E402


def report_set(dataset, preds, misses):
    fields = (("title", ("title",)), ("author", ("author",)), ("date", ("date", "publish_date")))
    for field, gold_keys in fields:
        correct = compared = gold_total = 0
        for rec in dataset:
            pred = preds.get(rec["id"], {})
            for key in gold_keys:
                if not rec.get(key):
                    continue
                gold_total += 1
                if pred.get(field) is None:
                    if misses == field:
                        print(f"NONE {field} {rec['id']} [{rec.get('lang')}] {rec.get('url', '')}\n"
                              f"   gold: {rec[key]!r}")
                    continue
                compared += 1
                ok = norm_meta(pred[field]) == norm_meta(rec[key])
                correct += ok
                if not ok and misses == field:
                    print(f"MISS {field} {rec['id']} [{rec.get('lang')}] {rec.get('url', '')}\n"
                          f"   gold: {rec[key]!r}\n   got : {pred[field]!r}")
        acc = correct / compared if compared else 0.0
        cov = compared / gold_total if gold_total else 0.0
        print(f"   {field:<6} acc {acc:.3f} ({correct}/{compared})  coverage {cov:.3f} ({compared}/{gold_total})")


def fundus_pages(fundus_dir):
    """(id, expected) pairs in the order lagebild's evaluation reads them."""
    for country in sorted(os.listdir(fundus_dir)):
        cdir = os.path.join(fundus_dir, country)
        if not os.path.isdir(cdir):
            continue
        files = sorted(os.listdir(cdir))
        for expected_file in (f for f in files if f.endswith(".json")):
            publisher = expected_file[: -len(".json")]
            with open(os.path.join(cdir, expected_file), encoding="utf-8") as f:
                expected = json.load(f)
            pages = [f for f in files if f.startswith(publisher + "_") and f.endswith(".html.gz")]
            versions = sorted(expected)
            if len(pages) != len(versions):
                continue
            for page, version in zip(pages, versions):
                yield f"{country}/{page}", expected[version]


def report_fundus(fundus_dir, preds, misses):
    counts = {"title": [0, 0], "authors": [0, 0], "date": [0, 0]}
    pages = 0
    for page_id, expected in fundus_pages(fundus_dir):
        pages += 1
        pred = preds.get(page_id, {})
        checks = []
        if expected.get("title"):
            checks.append(("title", norm_meta(expected["title"]),
                           norm_meta(pred["title"]) if pred.get("title") else None))
        gold_authors = sorted(norm_meta(a) for a in expected.get("authors") or [] if a)
        if gold_authors:
            system = sorted(norm_meta(a) for a in pred["author"].split("; ")) if pred.get("author") else []
            checks.append(("authors", gold_authors, system))
        if expected.get("publishing_date"):
            checks.append(("date", norm_meta(expected["publishing_date"])[:10], pred.get("date")))
        for field, gold, got in checks:
            ok = gold == got
            counts[field][0] += ok
            counts[field][1] += 1
            if not ok and misses == field:
                print(f"MISS {field} {page_id}\n   gold: {gold!r}\n   got : {got!r}")
    print(f"   fundus {pages} pages: " + "  ".join(
        f"{k} {c / n if n else 0.0:.3f} ({c}/{n})" for k, (c, n) in counts.items()))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["set", "fundus"])
    ap.add_argument("data")
    ap.add_argument("pred")
    ap.add_argument("--misses", help="list the misses of this field")
    args = ap.parse_args()
    preds = load_pred(args.pred)
    if args.kind == "set":
        report_set(load_gt(args.data), preds, args.misses)
    else:
        report_fundus(args.data, preds, args.misses)


if __name__ == "__main__":
    sys.exit(main())
