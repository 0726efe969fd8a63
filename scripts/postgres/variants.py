#!/usr/bin/env python3
"""Writes N variants of analysed base documents as JSONL, by the rule of the
store's scale benchmark (crates/store/examples/bench_store.rs), so both
backends can be measured on the same data through `ingest --analysed`:
article i is base i % bases with id "<id>#v<i>", published on
2015-01-01 + (i * 7919 mod 3650) days, and "\\n\\nArchivfassung <i>." appended
to its text (new text hash; offsets stay valid since the text only grows at
its end).

Usage: variants.py BASE.jsonl N > variants.jsonl
"""
import datetime
import json
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        bases = [json.loads(line) for line in f if line.strip()]
    if not bases:
        sys.exit(f"error: no documents in {sys.argv[1]}")
    start = datetime.date(2015, 1, 1)
    out = sys.stdout
    for i in range(int(sys.argv[2])):
        doc = dict(bases[i % len(bases)])
        doc["id"] = f"{doc.get('id') or 'doc'}#v{i}"
        doc["published"] = (start + datetime.timedelta(days=(i * 7919) % 3650)).isoformat()
        doc["text"] = f"{doc.get('text', '')}\n\nArchivfassung {i}."
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
