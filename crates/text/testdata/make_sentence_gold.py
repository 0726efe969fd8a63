#!/usr/bin/env python3
"""Builds the sentence-boundary gold (sentences_gold.jsonl) from ../shared.

How the gold is made (see README.md): a fixed sample of documents is
pre-split by a deliberately naive baseline (independent of lagebild's
segmenter), every candidate boundary is printed with its context and read
by hand, and the baseline's wrong decisions are listed in corrections.tsv.
The gold is the baseline plus those corrections. Only stand-off offsets are
written: the texts are third-party and stay in ../shared.

Usage (from the repository root):
  python3 crates/text/testdata/make_sentence_gold.py review [SOURCE|PART]  # print candidates
  python3 crates/text/testdata/make_sentence_gold.py write            # write the gold
"""
import csv
import gzip
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "shared"))

GNAD = "data/corpus/10kgnad/articles_dev.csv"
WIKINEWS = "data/corpus/wikinews_quotes_de/dev.jsonl.gz"
POLNEAR = "data/quotes/en_polnear/dev.jsonl.gz"

# The fixed sample: every 40th 10kGNAD row from row 3, every 12th Wikinews
# dev document from the 6th, every 9th PolNeAR dev article from the 5th
# (in file order).
GNAD_ROWS = range(3, 823, 40)
# A second sample, drawn after the rules were last changed and measured
# once, as a blind check ("fresh" part): every 100th 10kGNAD row from row
# 13, every 40th Wikinews document from the 12th, every 27th PolNeAR
# article from the 9th (none of them in the first sample).
FRESH_GNAD_ROWS = range(13, 823, 100)
FRESH_WIKINEWS_DOCS = range(11, 150, 40)
FRESH_POLNEAR_DOCS = range(8, 84, 27)
# Sampled rows left out because they are not prose, with the reason.
GNAD_EXCLUDED = {363: "TV programme listing: titles, times and channels run together"}
WIKINEWS_DOCS = range(5, 150, 12)
POLNEAR_DOCS = range(4, 84, 9)

TERMINALS = ".!?…"
CLOSERS = "\"'“”»«‘’)]›‹"
OPENERS = "\"'„“‚‘»«›‹(["


def documents():
    """Yields (source, file, doc id, lang, text, part) for the sample, in
    order: the first sample alternating tune/check, then the fresh one."""
    with open(os.path.join(SHARED, GNAD), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter=";", quotechar="'"))
    with gzip.open(os.path.join(SHARED, WIKINEWS), "rt", encoding="utf-8") as f:
        wikinews = [json.loads(line) for line in f]
    with gzip.open(os.path.join(SHARED, POLNEAR), "rt", encoding="utf-8") as f:
        polnear = [json.loads(line) for line in f]

    def sample(gnad_rows, wikinews_docs, polnear_docs):
        for i in gnad_rows:
            if i not in GNAD_EXCLUDED:
                yield "10kgnad", GNAD, f"row {i}", "de", rows[i][1]
        for i in wikinews_docs:
            yield "wikinews", WIKINEWS, wikinews[i]["documentName"], "de", wikinews[i]["originalText"]
        for i in polnear_docs:
            yield "polnear", POLNEAR, polnear[i]["filename"], "en", polnear[i]["text"]

    for n, doc in enumerate(sample(GNAD_ROWS, WIKINEWS_DOCS, POLNEAR_DOCS)):
        yield doc + ("tune" if n % 2 == 0 else "check",)
    for doc in sample(FRESH_GNAD_ROWS, FRESH_WIKINEWS_DOCS, FRESH_POLNEAR_DOCS):
        yield doc + ("fresh",)


def candidates(text):
    """Candidate boundaries as (end offset, kind, baseline decision).

    kind "punct": terminal punctuation (plus attached closers) followed by
    whitespace; the baseline says boundary when the next non-space character
    is an upper-case letter, a digit or an opening quote/bracket.
    kind "blank": a blank line; always a boundary.
    kind "newline": a single line break; the baseline says no boundary.
    """
    out = []
    for m in re.finditer(r"[" + re.escape(TERMINALS) + r"]+[" + re.escape(CLOSERS) + r"]*(?=\s|$)", text):
        end = m.end()
        rest = text[end:].lstrip()
        if not rest:
            continue
        nxt = rest[0]
        gap = text[end:len(text) - len(rest)]
        if gap.count("\n") >= 2:
            continue  # decided by the blank line rule below
        out.append((end, "punct", nxt.isupper() or nxt.isdigit() or nxt in OPENERS))
    punct_ends = {end for end, _, _ in out}
    for m in re.finditer(r"\s*\n\s*", text):
        if m.start() == 0 or m.end() == len(text) or m.start() in punct_ends:
            continue
        blank = m.group().count("\n") >= 2
        out.append((m.start(), "blank" if blank else "newline", blank))
    out.sort()
    return out


def load_corrections():
    """(source, doc, offset) -> decision from corrections.tsv."""
    fixes = {}
    with open(os.path.join(HERE, "corrections.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            source, doc, offset, decision, _note = line.rstrip("\n").split("\t")
            fixes[(source, doc, int(offset))] = decision == "boundary"
    return fixes


def sentence_spans(text, ends):
    """Sentences as [start, end] code-point pairs, whitespace trimmed."""
    spans, start = [], 0
    for end in sorted(set(ends)) + [len(text)]:
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        if piece.strip():
            spans.append([start + lead, end - trail])
        start = end
    return spans


def review(only_source):
    for source, _file, doc, _lang, text, part in documents():
        if only_source and only_source not in (source, part):
            continue
        print(f"=== {source} | {doc}")
        for end, kind, decision in candidates(text):
            if kind == "blank":
                continue
            left = text[max(0, end - 70):end].replace("\n", "⏎")
            right = text[end:end + 30].replace("\n", "⏎")
            print(f"{end:>6} {'B' if decision else '-'} {kind[0]} {left:>70}|{right}")


def write():
    fixes = load_corrections()
    used = set()
    out_path = os.path.join(HERE, "sentences_gold.jsonl")
    counts = {}
    with open(out_path, "w", encoding="utf-8") as out:
        for source, file, doc, lang, text, part in documents():
            ends = []
            for end, _kind, decision in candidates(text):
                key = (source, doc, end)
                if key in fixes:
                    decision = fixes[key]
                    used.add(key)
                if decision:
                    ends.append(end)
            for (fix_source, fix_doc, offset), decision in fixes.items():
                if (fix_source, fix_doc) == (source, doc) and (fix_source, fix_doc, offset) not in used:
                    # A boundary without punctuation: it must fall between
                    # a word and whitespace.
                    if decision and text[offset - 1:offset].strip() and text[offset:offset + 1].isspace():
                        ends.append(offset)
                        used.add((fix_source, fix_doc, offset))
            spans = sentence_spans(text, ends)
            counts[lang] = counts.get(lang, 0) + len(spans)
            record = {
                "source": source,
                "file": file,
                "doc": doc,
                "lang": lang,
                "part": part,
                "chars": len(text),
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
                "sentences": spans,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    unused = set(fixes) - used
    if unused:
        sys.exit(f"corrections that match no candidate: {sorted(unused)}")
    print(f"wrote {out_path}: sentences per language {counts}")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "review":
        review(sys.argv[2] if len(sys.argv) > 2 else None)
    elif len(sys.argv) == 2 and sys.argv[1] == "write":
        write()
    else:
        sys.exit(__doc__)
