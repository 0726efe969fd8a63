#!/usr/bin/env python3
"""Error lists for the quotes layer, judged exactly as ../shared/tools/score_quotes.py judges.

Tune on train, report dev:
  lagebild eval quotes --set wikinews-de --split train --write-system /tmp/q_train.jsonl
  python3 crates/quotes/scripts/quote_errors.py \
      ../shared/data/corpus/wikinews_quotes_de/train.jsonl.gz /tmp/q_train.jsonl SPEAKER --type Direct

Kinds: SPEAKER (matched at 0.3, wrong speaker: gold mention vs system name/mention, with the
sentence), MISSED (gold quote without a match), SPURIOUS (system quote without a match),
BOUNDS (matched at 0.3 but not at 0.8). Each error shows the quote in [[…]] with its context.
BREAKDOWN (one quote type, default Direct) counts where attributed F1 is lost, class by class:
(a) gold quotes not detected (no overlapping system quote, or overlap below 0.3), split by
fragment length and by whether their sentence holds a cue form; (b) detected with a wrong
speaker, split by system (no speaker) and gold mention shape (pronoun, role noun, named in
another sentence, organisation-like); (c) system quotes of that kind matching no gold quote
(capitalised names/titles, lower-case fragments, longer speech).
"""
import argparse
import collections
import os
import random
import re
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


PRONOUNS = {"er", "sie", "ihm", "ihr", "ihn", "ihnen", "man", "wir", "ich", "seiner", "ihrer", "dieser", "diese"}
ORG_HINTS = re.compile(r"(?i)(partei|regierung|ministerium|zeitung|agentur|verband|bund\b|gericht|polizei|"
                       r"kommission|institut|stiftung|bericht|erklärung|studie|mitteilung|online|rat\b|fraktion|"
                       r"unternehmen|organisation|behörde|amt\b|spd|cdu|csu|fdp|grüne|afp|dpa|reuters)")


def sentence_of(text, start, end):
    """The sentence (approximately: between sentence punctuation or line breaks) around a span."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("! ", 0, start),
               text.rfind("? ", 0, start))
    stops = [k for k in (text.find(". ", end), text.find("\n", end)) if k >= 0]
    return left + 1, (min(stops) + 1 if stops else len(text))


def cue_forms():
    path = os.path.join(os.path.dirname(__file__), "../resources/de/cue_forms.tsv")
    with open(path, encoding="utf-8") as fh:
        return {line.split("\t")[0] for line in fh if line.strip() and not line.startswith("#")}


def breakdown(gold, system, quote_type, sample):
    """Counts and examples of the classes (a) missed, (b) wrong speaker, (c) spurious."""
    cues = cue_forms()
    classes = collections.defaultdict(list)
    for did, (text, _, gqs) in sorted(gold.items()):
        sqs = system.get(did, [])
        pairs = S.match(gqs, sqs, 0.3)
        by_gold = dict(pairs)
        matched_system = {si for _, si in pairs}
        for gi, g in enumerate(gqs):
            if g.type != quote_type:
                continue
            s0, e0 = g.parts[0][0], g.parts[-1][1]
            line = f"{did} spk={g.spk_text!r}\n   {context(text, s0, e0, 90)}"
            if gi not in by_gold:
                coverage = max((S.inter(g.parts, s.parts) / S.length(g.parts) for s in sqs), default=0)
                a, b = sentence_of(text, s0, e0)
                outside = text[a:s0] + " " + text[e0:b]
                has_cue = any(w in cues for w in re.findall(r"\w+", outside))
                size = "fragment<=4w" if len(g.text.split()) <= 4 else "longer"
                # A system quote covering it but matched to another (enclosing) gold quote: nesting.
                where = ("covered, taken by another gold quote" if coverage >= 0.3
                         else "overlap<0.3" if coverage else "undetected")
                classes[f"(a) {where} {size} {'cue in sentence' if has_cue else 'no cue in sentence'}"].append(line)
                continue
            s = sqs[by_gold[gi]]
            if not g.spk or S.speaker_ok(g, s):
                classes["hit"].append(line)
                continue
            a, b = sentence_of(text, s0, e0)
            gold_mention = g.spk_text.strip()
            same_sentence = any(a <= ps and pe <= b for ps, pe in g.spk)
            if not s.has_speaker:
                kind = "system none"
            elif gold_mention.lower() in PRONOUNS:
                kind = "gold pronoun"
            elif ORG_HINTS.search(gold_mention):
                kind = "gold organisation/document"
            elif re.match(r"(?i)(der|die|den|dem|des|ein|eine|einer|einem)\s+\S+$", gold_mention):
                kind = "gold role noun"
            else:
                kind = "gold name/phrase"
            where = "same sentence" if same_sentence else "other sentence"
            mention = text[s.spk[0][0]:s.spk[0][1]] if s.spk else ""
            classes[f"(b) {kind}, {where}"].append(line + f"\n   system={s.spk_name!r} (mention {mention!r})")
        for si, s in enumerate(sqs):
            sys_type = "Direct" if s.kind == "direct" else "Indirect"
            if si in matched_system or sys_type != quote_type:
                continue
            quoted = text[s.parts[0][0]:s.parts[0][1]]
            inner = quoted.strip("„“”\"»«‚‘ ")
            words = inner.split()
            if words and all(w[:1].isupper() or not w[:1].isalpha() for w in words) and len(words) <= 5:
                kind = "capitalised name/title"
            elif len(words) <= 4:
                kind = "short fragment"
            else:
                kind = "longer"
            classes[f"(c) spurious {kind}"].append(
                f"{did} speaker={s.spk_name!r}\n   {context(text, s.parts[0][0], s.parts[0][1], 80)}")
    for name in sorted(classes):
        print(f"{len(classes[name]):5d}  {name}")
    for name in sorted(classes):
        if name == "hit":
            continue
        print(f"\n== {name}: {len(classes[name])}")
        examples = classes[name][:]
        random.Random(1).shuffle(examples)
        for line in examples[:sample]:
            print(line)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold")
    ap.add_argument("system")
    ap.add_argument("kind", choices=["SPEAKER", "MISSED", "SPURIOUS", "BOUNDS", "BREAKDOWN"])
    ap.add_argument("--type", help="gold type (Direct, Indirect, …; SPURIOUS: system kind direct/indirect/mixed)")
    ap.add_argument("--sample", type=int, default=40, help="how many errors to print, drawn at random (seed 1)")
    a = ap.parse_args()
    gold = S.load_gold(a.gold)
    system, *_ = S.load_system(a.system, gold)
    if a.kind == "BREAKDOWN":
        breakdown(gold, system, a.type or "Direct", a.sample)
        return
    found = list(errors(gold, system, a.kind, a.type))
    print(f"{len(found)} {a.kind} errors")
    random.Random(1).shuffle(found)
    for line in found[:a.sample]:
        print(line)


if __name__ == "__main__":
    main()
