#!/usr/bin/env python3
"""Independent reference scorer for sentence boundaries.

../shared/tools has no sentence scorer, so this one defines the metric in
plain Python, separately from the Rust harness, to cross-check
`lagebild eval sentences`:

  lagebild eval sentences --write-system /tmp/system.jsonl
  python3 crates/text/testdata/score_sentences.py crates/text/testdata/sentences_gold.jsonl /tmp/system.jsonl

A boundary is the end offset (code points) of a sentence; the end of a
document's last sentence is not counted. A system boundary is correct only
at exactly a gold boundary's offset. Counts are summed over documents
(micro average) per language, for the tune part, the check part and all.
"""
import json
import sys


def boundaries(spans):
    ends = {end for _start, end in spans}
    if ends:
        ends.discard(max(ends))
    return ends


def main(gold_path, system_path):
    with open(system_path, encoding="utf-8") as f:
        system = {}
        for line in f:
            record = json.loads(line)
            system[(record["source"], record["doc"])] = record["sentences"]
    totals = {}
    with open(gold_path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            gold = json.loads(line)
            key = (gold["source"], gold["doc"])
            if key not in system:
                sys.exit(f"system output lacks {key}")
            g, s = boundaries(gold["sentences"]), boundaries(system[key])
            for part in (gold["part"], "all"):
                t = totals.setdefault((gold["lang"], part), [0, 0, 0])
                t[0] += len(g & s)
                t[1] += len(s - g)
                t[2] += len(g - s)
    for (lang, part), (tp, fp, fn) in sorted(totals.items()):
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"  {lang}  {part:<5}  P {p:.4f}  R {r:.4f}  F1 {f1:.4f}  (tp {tp} fp {fp} fn {fn})")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
