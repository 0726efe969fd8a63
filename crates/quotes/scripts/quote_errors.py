#!/usr/bin/env python3
"""Error lists for the quotes layer, judged exactly as ../shared/tools/score_quotes.py judges.

Tune on train, report dev:
  lagebild eval quotes --set wikinews-de --split train --write-system /tmp/q_train.jsonl
  python3 crates/quotes/scripts/quote_errors.py \
      ../shared/data/corpus/wikinews_quotes_de/train.jsonl.gz /tmp/q_train.jsonl SPEAKER --type Direct

Kinds: SPEAKER (matched at 0.3, wrong speaker: gold mention vs system name/mention, with the
sentence), MISSED (gold quote without a match), SPURIOUS (system quote without a match),
BOUNDS (matched at 0.3 but not at 0.8). Each error shows the quote in [[…]] with its context.
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../../../shared/tools"))
import score_quotes as S  # noqa: E402  (the reference scorer defines matching and speaker rules)


def context(text, start, end, width):
    flat = lambda s: s.replace("\n", "⏎")
    return flat(text[max(0, start - width):start]) + "[[" + flat(text[start:end]) + "]]" + flat(text[end:end + width])


def errors(gold, system, kind, quote_type):
    for did, (text, _, gqs) in sorted(gold.items()):
        sqs = system.get(did, [])
        pairs = S.match(gqs, sqs, 0.3)
        matched_gold = {gi for gi, _ in pairs}
        matched_system = {si for _, si in pairs}
        if kind == "SPEAKER":
            for gi, si in pairs:
                g, s = gqs[gi], sqs[si]
                if g.spk and not S.speaker_ok(g, s) and quote_type in (None, g.type):
                    mention = text[s.spk[0][0]:s.spk[0][1]] if s.spk else ""
                    yield (f"{did} {g.type} gold={g.spk_text!r} system={s.spk_name!r} (mention {mention!r})\n"
                           f"   {context(text, g.parts[0][0], g.parts[-1][1], 120)}")
        elif kind == "MISSED":
            for gi, g in enumerate(gqs):
                if gi not in matched_gold and quote_type in (None, g.type):
                    yield (f"{did} {g.type} speaker={g.spk_text!r} cue={g.cue_text!r}\n"
                           f"   {context(text, g.parts[0][0], g.parts[-1][1], 100)}")
        elif kind == "SPURIOUS":
            for si, s in enumerate(sqs):
                if si not in matched_system and quote_type in (None, s.kind):
                    yield (f"{did} {s.kind} cue={s.cue_text!r} speaker={s.spk_name!r}\n"
                           f"   {context(text, s.parts[0][0], s.parts[0][1], 80)}")
        elif kind == "BOUNDS":
            for gi, si in pairs:
                g, s = gqs[gi], sqs[si]
                coverage = S.inter(g.parts, s.parts) / S.length(g.parts)
                if coverage < 0.8 and quote_type in (None, g.type):
                    yield (f"{did} {g.type} coverage={coverage:.2f}\n   gold:   {g.text[:300]!r}\n"
                           f"   system: {text[s.parts[0][0]:s.parts[0][1]][:300]!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold")
    ap.add_argument("system")
    ap.add_argument("kind", choices=["SPEAKER", "MISSED", "SPURIOUS", "BOUNDS"])
    ap.add_argument("--type", help="gold type (Direct, Indirect, …; SPURIOUS: system kind direct/indirect/mixed)")
    ap.add_argument("--sample", type=int, default=40, help="how many errors to print, drawn at random (seed 1)")
    a = ap.parse_args()
    gold = S.load_gold(a.gold)
    system, *_ = S.load_system(a.system, gold)
    found = list(errors(gold, system, a.kind, a.type))
    print(f"{len(found)} {a.kind} errors")
    random.Random(1).shuffle(found)
    for line in found[:a.sample]:
        print(line)


if __name__ == "__main__":
    main()
