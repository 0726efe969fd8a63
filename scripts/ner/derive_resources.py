#!/usr/bin/env python3
"""Derives the committed feature and normalisation files of lagebild-entities.

Reproducible from package registries only (no other network):

  pip download --no-deps spacy-lookups-data==1.0.5 babel==2.19.0 -d /tmp/ner_dl
  python3 scripts/ner/derive_resources.py /tmp/ner_dl [../shared/data/ner]

Writes
  crates/entities/resources/{de,en}/lexicon.tsv.gz
      word<TAB>brown cluster id<TAB>log-probability rounded down, for the
      most frequent forms of spacy-lookups-data 1.0.5 (MIT licence). The
      cluster id is spaCy's integer, the Brown path reversed, so path prefixes
      are its low bits.
  crates/entities/resources/{de,en}/names.tsv.gz
      type<TAB>name: person, organisation and place names linked in
      Wikipedia, from WikiANN (Pan et al. 2017; Wikipedia text, CC BY-SA) in
      ../shared/data/ner/wikiann: German from its train and dev splits, English
      from its dev split only (English trains on WikiANN train, and a
      gazetteer built from the training data would teach the tagger to trust
      it blindly). Names whose type varies (< 80 % one type) are left out.
  crates/entities/resources/places.tsv
      key<TAB>ISO 3166-1 alpha-2<TAB>kind<TAB>name|name|... from CLDR (via
      babel, Unicode licence): country names in German and English, and the
      time-zone exemplar cities (Pjöngjang, Moskau, Kiew ...) in both.
  crates/entities/resources/de/nouns.tsv.gz
      form<TAB>class bits<TAB>0 (the lexicon's three-column layout, so
      build.rs turns it into the same kind of table): what a capitalised
      German form is as a noun. From the Wiktionary noun table of PyPI
      german-nouns 1.2.5 (CC BY-SA 4.0; copy in
      ../shared/data/syntax/lexicon/german_nouns.csv.gz) and the lemma table
      of spacy-lookups-data 1.0.5 (MIT). Capitalised common nouns ("Gruppe",
      "Bank") are the tagger's most frequent false names; this tells them
      apart from toponyms, first names and surnames.
"""
import csv
import gzip
import io
import math
import json
import os
import sys
import zipfile

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RESOURCES = os.path.join(REPO, "crates", "entities", "resources")
# Forms kept per language: all of them (about a million). On GermEval dev,
# entity tokens with a cluster rise from 76 % (250,000 forms) to 84 %;
# build.rs turns the file into a hash table compiled into the binary, so
# the size costs no load time.
LEXICON_SIZE = 1_000_000


def wheel(folder, prefix):
    for name in sorted(os.listdir(folder)):
        if name.startswith(prefix) and name.endswith(".whl"):
            return zipfile.ZipFile(os.path.join(folder, name))
    sys.exit(f"no {prefix}*.whl in {folder}: run the pip download line in this script's doc")


def derive_lexicon(folder):
    z = wheel(folder, "spacy_lookups_data-1.0.5")
    for lang in ("de", "en"):
        base = f"spacy_lookups_data/data/{lang}_lexeme_"
        clusters = json.loads(gzip.decompress(z.read(base + "cluster.json.gz")))
        probs = json.loads(gzip.decompress(z.read(base + "prob.json.gz")))
        words = sorted(probs, key=lambda w: (-probs[w], w))
        kept = 0
        out = io.StringIO()
        for w in words:
            if kept >= LEXICON_SIZE:
                break
            if not w or any(c in w for c in "\t\n\r"):
                continue
            out.write(f"{w}\t{clusters.get(w, 0)}\t{math.floor(probs[w])}\n")
            kept += 1
        path = os.path.join(RESOURCES, lang, "lexicon.tsv.gz")
        with open(path, "wb") as fh:
            # mtime=0 keeps the file byte-identical across runs.
            with gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, compresslevel=9) as gz:
                gz.write(out.getvalue().encode("utf-8"))
        print(f"{path}: {kept} forms")


def derive_places(folder):
    sys.path.insert(0, os.path.join(folder, "babel_x"))
    z = wheel(folder, "babel-2.19.0")
    target = os.path.join(folder, "babel_x")
    if not os.path.isdir(os.path.join(target, "babel")):
        z.extractall(target)
    from babel import Locale
    from babel.core import get_global
    from babel.dates import get_timezone_location

    de, en = Locale("de"), Locale("en")
    rows = []
    for code in sorted(en.territories):
        if len(code) != 2 or not code.isalpha() or code in ("ZZ", "EU", "EZ", "UN", "QO"):
            continue
        names = [en.territories[code]]
        if code in de.territories and de.territories[code] not in names:
            names.insert(0, de.territories[code])
        rows.append((code.lower(), code, "country", names))
    seen = set()
    for zone, territory in sorted(get_global("zone_territories").items()):
        if len(territory) != 2 or zone.startswith("Etc/") or zone.count("/") > 1:
            continue
        city_en = get_timezone_location(zone, locale="en", return_city=True)
        city_de = get_timezone_location(zone, locale="de", return_city=True)
        key = f"{territory.lower()}:{city_en.lower()}"
        # Sub-zones ("Knox, Indiana") are townships, not places news names.
        if key in seen or "," in city_en:
            continue
        seen.add(key)
        names = [city_de] if city_de == city_en else [city_de, city_en]
        rows.append((key, territory, "city", names))
    path = os.path.join(RESOURCES, "places.tsv")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# Generated by scripts/ner/derive_resources.py from CLDR (babel 2.19.0,\n")
        fh.write("# Unicode licence): key, ISO 3166-1 alpha-2, kind, German|English names.\n")
        for key, code, kind, names in rows:
            fh.write(f"{key}\t{code}\t{kind}\t{'|'.join(names)}\n")
    print(f"{path}: {len(rows)} places")


def read_wikiann(path):
    """Yield (type, name) for every span of a WikiANN IOB2 file."""
    tokens, tag_type = [], None
    with open(path, encoding="utf-8") as fh:
        for line in list(fh) + [""]:
            parts = line.rstrip("\n").split("\t")
            tag = parts[1] if len(parts) == 2 else "O"
            token = parts[0].split(":", 1)[-1] if len(parts) == 2 else ""
            if tokens and not tag.startswith("I-"):
                yield tag_type, " ".join(tokens)
                tokens, tag_type = [], None
            if tag.startswith("B-") or (tag.startswith("I-") and not tokens):
                tokens, tag_type = [token], tag[2:]
            elif tag.startswith("I-"):
                tokens.append(token)


def derive_names(data_dir):
    sources = {"de": ["de/train", "de/dev"], "en": ["en/dev"]}
    for lang, files in sources.items():
        counts = {}
        for f in files:
            for tag_type, name in read_wikiann(os.path.join(data_dir, "wikiann", f)):
                if any(c.isalpha() for c in name):
                    counts.setdefault(name, {}).setdefault(tag_type, 0)
                    counts[name][tag_type] += 1
        rows = []
        for name, by_type in sorted(counts.items()):
            tag_type, n = max(by_type.items(), key=lambda kv: (kv[1], kv[0]))
            if n / sum(by_type.values()) >= 0.8:
                rows.append(f"{tag_type}\t{name}\n")
        path = os.path.join(RESOURCES, lang, "names.tsv.gz")
        with open(path, "wb") as fh:
            with gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, compresslevel=9) as gz:
                gz.write("".join(rows).encode("utf-8"))
        print(f"{path}: {len(rows)} names")


# Class bits of nouns.tsv.gz; must match `noun_class` in
# crates/entities/src/lexicon.rs.
NOUN_COMMON, NOUN_TOPONYM, NOUN_FIRST_NAME, NOUN_SURNAME = 1, 2, 4, 8
NOUN_PROPER, NOUN_ABBREVIATION, LEMMA_INFLECTED, LEMMA_BASE = 16, 32, 64, 128


def noun_bits(pos):
    """Class bits of a Wiktionary part-of-speech list ("Substantiv,Toponym")."""
    tags = set(pos.split(","))
    bits = 0
    if "Toponym" in tags:
        bits |= NOUN_TOPONYM
    if "Vorname" in tags:
        bits |= NOUN_FIRST_NAME
    if "Nachname" in tags:
        bits |= NOUN_SURNAME
    if tags & {"Eigenname", "Straßenname"}:
        bits |= NOUN_PROPER
    if "Abkürzung" in tags:
        bits |= NOUN_ABBREVIATION
    return bits or NOUN_COMMON


def derive_nouns(folder, data_dir):
    bits = {}
    nouns = os.path.join(data_dir, "..", "syntax", "lexicon", "german_nouns.csv.gz")
    with gzip.open(nouns, "rt", encoding="utf-8") as fh:
        rows = csv.reader(fh)
        header = next(rows)
        for row in rows:
            kind = noun_bits(row[1])
            for column, form in zip(header, row):
                # Every case and number form, and the lemma itself.
                if column in ("lemma",) or "singular" in column or "plural" in column:
                    if form and " " not in form and form[:1].isupper():
                        bits[form] = bits.get(form, 0) | kind
    z = wheel(folder, "spacy_lookups_data-1.0.5")
    lemmas = json.loads(gzip.decompress(z.read("spacy_lookups_data/data/de_lemma_lookup.json.gz")))
    for form, lemma in lemmas.items():
        for word, bit in ((form, LEMMA_INFLECTED if lemma != form else LEMMA_BASE), (lemma, LEMMA_BASE)):
            if word[:1].isupper() and " " not in word and not any(c in word for c in "\t\n\r"):
                bits[word] = bits.get(word, 0) | bit
    path = os.path.join(RESOURCES, "de", "nouns.tsv.gz")
    with open(path, "wb") as fh:
        with gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, compresslevel=9) as gz:
            gz.write("".join(f"{w}\t{b}\t0\n" for w, b in sorted(bits.items())).encode("utf-8"))
    print(f"{path}: {len(bits)} forms")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    derive_lexicon(sys.argv[1])
    derive_places(sys.argv[1])
    data_dir = sys.argv[2] if len(sys.argv) == 3 else os.path.join(REPO, "..", "shared", "data", "ner")
    derive_names(data_dir)
    derive_nouns(sys.argv[1], data_dir)
