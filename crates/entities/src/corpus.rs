//! Reading annotated NER data (GermEval TSV, CoNLL/IOB files, GUM, WikiANN,
//! UNER) into sentences of tokens with typed spans, and turning tag columns
//! into spans exactly as `../shared/tools/score_ner.py` does, so training,
//! evaluation and the reference scorer agree on what a gold entity is.

use crate::{EntityType, Language};
use std::io::BufRead;
use std::path::Path;

/// A named-entity span over the tokens of one sentence, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TokenSpan {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Entity class.
    pub entity_type: EntityType,
    /// True for GermEval `*part` spans: a name inside a compound
    /// ("Wagner-Söldnertruppe"), scored as O but used by the entities layer.
    pub part: bool,
}

/// One annotated sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sentence {
    /// Token strings.
    pub tokens: Vec<String>,
    /// Gold spans (no `*deriv` spans: they are not names).
    pub spans: Vec<TokenSpan>,
}

/// Why an annotated file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The file could not be opened or read.
    #[error("cannot read {path}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A line lacks the requested column.
    #[error("{path}:{line}: no column {column} (0-based) in this line; check --token-column / the file format")]
    MissingColumn {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// The missing column.
        column: usize,
    },
    /// A JSON data set (SmartData) is not what its reader expects.
    #[error("{path}: {reason}")]
    Malformed {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

/// Which column of a line holds the token and which the tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    /// 0-based token column.
    pub token: usize,
    /// 0-based tag column; `None` means the last column.
    pub tag: Option<usize>,
}

/// Layouts of the data sets lagebild trains and evaluates on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `idx<TAB>token<TAB>outer<TAB>inner` with `#` source lines (GermEval dev).
    GermEvalTsv,
    /// `token<TAB>outer<TAB>inner` (GermEval train as shipped).
    GermEvalIob2,
    /// `token<TAB>tag`, last column the tag, `#` comment lines (GUM named.bio).
    TokenTag,
    /// `lang:token<TAB>tag` (WikiANN).
    WikiAnn,
    /// `idx<TAB>token<TAB>tag<TAB>-<TAB>-` with `#` comments (UNER).
    Uner,
    /// HIPE-2022 TSV: a `TOKEN …` header, `#` metadata, tag in column 2,
    /// sentence ends flagged `EndOfSentence` in the last column.
    Hipe,
    /// `token tag` without sentence breaks (Europeana newspapers): a
    /// sentence ends after `.`, `!` or `?`.
    Europeana,
    /// `token tag` with LER's fine legal classes (court decisions).
    Ler,
    /// `token<TAB>POS<TAB>chunk<TAB>tag` with MobIE's fine types (traffic).
    MobIe,
    /// SmartData v1: gzipped, concatenated JSON documents with untokenised
    /// text and typed character spans (`conceptMentions`); tokenised and
    /// split into sentences here the way the pipeline does it.
    SmartData,
}

impl Format {
    fn columns(self) -> Columns {
        match self {
            Format::GermEvalTsv => Columns {
                token: 1,
                tag: Some(2),
            },
            Format::GermEvalIob2 => Columns {
                token: 0,
                tag: Some(1),
            },
            Format::TokenTag
            | Format::WikiAnn
            | Format::Europeana
            | Format::Ler
            | Format::MobIe
            | Format::SmartData => Columns {
                token: 0,
                tag: None,
            },
            Format::Hipe => Columns {
                token: 0,
                tag: Some(1),
            },
            Format::Uner => Columns {
                token: 1,
                tag: Some(2),
            },
        }
    }

    /// The type name lagebild reads for a data set's own type name: LER's
    /// and MobIE's fine classes fold into PER/ORG/LOC; classes that are not
    /// names in GermEval's sense (legal norms, routes, dates) come back as
    /// `None` and count as O.
    fn canonical_type(self, raw: &str) -> Option<&str> {
        match self {
            Format::Ler => match raw {
                // persons, judges, lawyers
                "PER" | "RR" | "AN" => Some("PER"),
                // organisations, companies, institutions, courts, brands
                "ORG" | "UN" | "INN" | "GRT" | "MRK" => Some("ORG"),
                // countries, cities, streets, landscapes
                "LD" | "ST" | "STR" | "LDS" => Some("LOC"),
                _ => None,
            },
            Format::MobIe | Format::SmartData => match raw {
                "person" => Some("PER"),
                "organization" | "organization-company" => Some("ORG"),
                "location" | "location-city" | "location-stop" | "location-street" => Some("LOC"),
                _ => None,
            },
            _ => Some(raw),
        }
    }

    /// Does the line just read end a sentence that has no blank line after
    /// it? `length` counts the tokens read so far, this one included.
    fn ends_sentence(self, token: &str, fields: &[&str], length: usize) -> bool {
        match self {
            Format::Hipe => fields
                .last()
                .is_some_and(|misc| misc.contains("EndOfSentence")),
            // OCR text loses many full stops: cut run-on "sentences" at a
            // comma or semicolon once they are long.
            Format::Europeana => {
                matches!(token, "." | "!" | "?")
                    || (length >= EUROPEANA_CUT && matches!(token, "," | ";"))
            }
            _ => false,
        }
    }
}

/// Length after which a Europeana sentence ends at the next comma.
const EUROPEANA_CUT: usize = 40;

/// One annotated data set under `../shared/data/ner`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataSet {
    /// Short name used on the command line (`germeval`, `gum`, `uner`).
    pub name: &'static str,
    /// Path below the NER data folder.
    pub path: &'static str,
    /// Layout of the file.
    pub format: Format,
}

const GERMEVAL_TRAIN: DataSet = DataSet {
    name: "germeval-train",
    path: "germeval2014/germ.train.iob2",
    format: Format::GermEvalIob2,
};
const GERMEVAL_DEV: DataSet = DataSet {
    name: "germeval",
    path: "germeval2014/NER-de-dev.tsv",
    format: Format::GermEvalTsv,
};
const GUM_TRAIN: DataSet = DataSet {
    name: "gum-train",
    path: "gum/train.named.bio",
    format: Format::TokenTag,
};
const WIKIANN_EN_TRAIN: DataSet = DataSet {
    name: "wikiann-en-train",
    path: "wikiann/en/train",
    format: Format::WikiAnn,
};
const WIKIANN_DE_TRAIN: DataSet = DataSet {
    name: "wikiann-de-train",
    path: "wikiann/de/train",
    format: Format::WikiAnn,
};
const GUM_DEV: DataSet = DataSet {
    name: "gum",
    path: "gum/dev.named.bio",
    format: Format::TokenTag,
};
const UNER_DEV: DataSet = DataSet {
    name: "uner",
    path: "uner_en_ewt/en_ewt-ud-dev.iob2",
    format: Format::Uner,
};

/// The in-domain data a shipped model is trained on: only sets whose
/// licence allows a shipped model (GermEval CC BY; GUM CC BY/BY-SA;
/// WikiANN from Wikipedia, CC BY-SA), never a dev set.
pub fn training_sets(language: Language) -> &'static [DataSet] {
    match language {
        Language::De => &[GERMEVAL_TRAIN],
        Language::En => &[GUM_TRAIN, WIKIANN_EN_TRAIN],
    }
}

/// Out-of-domain data that helps only with domain-marked features (see
/// [`crate::train()`]): WikiANN's Wikipedia fragments know many names but
/// no MISC and little news context (licence: CC BY-SA, as above). German
/// only: pooled with GUM, WikiANN en serves UNER's web text better (3-run
/// models: pooled GUM dev 0.364, UNER 0.437; adapted 0.422, 0.360).
pub fn auxiliary_training_sets(language: Language) -> &'static [DataSet] {
    match language {
        Language::De => &[WIKIANN_DE_TRAIN],
        Language::En => &[],
    }
}

/// German data sets that may serve as further auxiliary domains, each its
/// own domain (`lagebild train ner --auxiliary …`); all CC BY 4.0 or CC0
/// (see `models/README.md`), none of them annotates MISC.
pub const GERMAN_AUXILIARY_SETS: &[DataSet] = &[
    WIKIANN_DE_TRAIN,
    DataSet {
        name: "hipe-newseye-dev",
        path: "hipe2022_de/HIPE-2022-v2.1-newseye-dev-de.tsv",
        format: Format::Hipe,
    },
    DataSet {
        name: "hipe-newseye-dev2",
        path: "hipe2022_de/HIPE-2022-v2.1-newseye-dev2-de.tsv",
        format: Format::Hipe,
    },
    DataSet {
        name: "hipe-sonar-dev",
        path: "hipe2022_de/HIPE-2022-v2.1-sonar-dev-de.tsv",
        format: Format::Hipe,
    },
    DataSet {
        name: "europeana-lft",
        path: "europeana_de/enp_DE.lft.bio",
        format: Format::Europeana,
    },
    DataSet {
        name: "europeana-onb",
        path: "europeana_de/enp_DE.onb.bio",
        format: Format::Europeana,
    },
    DataSet {
        name: "europeana-sbb",
        path: "europeana_de/enp_DE.sbb.bio",
        format: Format::Europeana,
    },
    DataSet {
        name: "ler-dev",
        path: "legal_ler/ler_dev.conll",
        format: Format::Ler,
    },
    DataSet {
        name: "mobie-train",
        path: "mobie/train.conll2003",
        format: Format::MobIe,
    },
    DataSet {
        name: "smartdata-train",
        path: "smartdata/train.json.gz",
        format: Format::SmartData,
    },
];

/// The development sets the harness scores a language on.
pub fn dev_sets(language: Language) -> &'static [DataSet] {
    match language {
        Language::De => &[GERMEVAL_DEV],
        Language::En => &[GUM_DEV, UNER_DEV],
    }
}

/// Reads an annotated file; sentences are separated by blank lines, lines
/// starting with `#` followed by a tab or space (or `#` alone) are comments.
pub fn read_annotated(path: &Path, format: Format) -> Result<Vec<Sentence>, CorpusError> {
    if format == Format::SmartData {
        return read_smartdata(path);
    }
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| CorpusError::Io {
        path: shown.clone(),
        source,
    })?;
    let columns = format.columns();
    let mut sentences = Vec::new();
    let mut tokens: Vec<String> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    for (number, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| CorpusError::Io {
            path: shown.clone(),
            source,
        })?;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut tokens, &mut tags, &mut sentences);
            continue;
        }
        if is_comment(line)
            || line.starts_with("-DOCSTART-")
            || (format == Format::Hipe && line.starts_with("TOKEN\t"))
        {
            continue;
        }
        let fields: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        let tag_column = columns.tag.unwrap_or(fields.len().saturating_sub(1));
        let missing = |column| CorpusError::MissingColumn {
            path: shown.clone(),
            line: number + 1,
            column,
        };
        let token = fields
            .get(columns.token)
            .ok_or_else(|| missing(columns.token))?;
        let tag = fields.get(tag_column).ok_or_else(|| missing(tag_column))?;
        let token = match format {
            Format::WikiAnn => token.split_once(':').map_or(*token, |(_, t)| t),
            _ => token,
        };
        tokens.push(token.to_string());
        tags.push(canonical_tag(format, tag.trim()));
        if format.ends_sentence(token, &fields, tokens.len()) {
            flush(&mut tokens, &mut tags, &mut sentences);
        }
    }
    flush(&mut tokens, &mut tags, &mut sentences);
    Ok(sentences)
}

/// Reads SmartData v1 documents: each line of a document's text is split
/// into sentences and tokens by `lagebild-text`, and a mention becomes a
/// span when it starts and ends on token boundaries. A sentence with a
/// mention that does not would teach "O" for part of a name, so it is
/// left out; of nested mentions the first and longest is kept.
fn read_smartdata(path: &Path) -> Result<Vec<Sentence>, CorpusError> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| CorpusError::Io {
        path: shown.clone(),
        source,
    })?;
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(file));
    let mut sentences = Vec::new();
    for document in serde_json::Deserializer::from_reader(reader).into_iter::<serde_json::Value>() {
        let document = document.map_err(|e| CorpusError::Malformed {
            path: shown.clone(),
            reason: format!("not a JSON document stream: {e}"),
        })?;
        let text = document
            .pointer("/text/string")
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| CorpusError::Malformed {
                path: shown.clone(),
                reason: "a document without text.string".into(),
            })?;
        let mentions = smartdata_mentions(&document, text);
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            for range in lagebild_text::sentences(line, lagebild_text::Lang::De) {
                let offset = line_start + range.start;
                let tokens: Vec<std::ops::Range<usize>> = lagebild_text::tokens(&line[range])
                    .map(|t| offset + t.range.start..offset + t.range.end)
                    .collect();
                if let Some(sentence) = aligned_sentence(text, &tokens, &mentions) {
                    sentences.push(sentence);
                }
            }
            line_start += line.len();
        }
    }
    Ok(sentences)
}

/// The PER/ORG/LOC mentions of a SmartData document as byte ranges, sorted
/// by start, longest first; other types and out-of-range spans are dropped.
fn smartdata_mentions(
    document: &serde_json::Value,
    text: &str,
) -> Vec<(std::ops::Range<usize>, EntityType)> {
    let char_to_byte: Vec<usize> = text
        .char_indices()
        .map(|(byte, _)| byte)
        .chain(std::iter::once(text.len()))
        .collect();
    let byte_at = |value: Option<&serde_json::Value>| {
        value
            .and_then(serde_json::Value::as_u64)
            .and_then(|c| char_to_byte.get(usize::try_from(c).ok()?).copied())
    };
    let mut mentions: Vec<(std::ops::Range<usize>, EntityType)> = document
        .pointer("/conceptMentions/array")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|mention| {
            let raw = mention.get("type")?.as_str()?;
            let (entity_type, _) = resolve_type(Format::SmartData.canonical_type(raw)?)?;
            let start = byte_at(mention.pointer("/span/start"))?;
            let end = byte_at(mention.pointer("/span/end"))?;
            (start < end).then_some((start..end, entity_type))
        })
        .collect();
    mentions.sort_by_key(|(range, _)| (range.start, std::cmp::Reverse(range.end)));
    mentions
}

/// The sentence made of `tokens` (byte ranges into `text`) with the
/// mentions inside it as spans; `None` when a mention overlapping the
/// sentence does not fit its token boundaries.
fn aligned_sentence(
    text: &str,
    tokens: &[std::ops::Range<usize>],
    mentions: &[(std::ops::Range<usize>, EntityType)],
) -> Option<Sentence> {
    let (first, last) = (tokens.first()?, tokens.last()?);
    let mut spans: Vec<TokenSpan> = Vec::new();
    for (range, entity_type) in mentions {
        if range.end <= first.start || range.start >= last.end {
            continue;
        }
        let start = tokens.iter().position(|t| t.start == range.start)?;
        let end = tokens.iter().position(|t| t.end == range.end)? + 1;
        if spans.last().is_some_and(|previous| previous.end > start) {
            continue;
        }
        spans.push(TokenSpan {
            start,
            end,
            entity_type: *entity_type,
            part: false,
        });
    }
    Some(Sentence {
        tokens: tokens.iter().map(|t| text[t.clone()].to_string()).collect(),
        spans,
    })
}

/// A tag with its type renamed by [`Format::canonical_type`]; `O` when the
/// type is not a name.
fn canonical_tag(format: Format, tag: &str) -> String {
    match tag.split_once('-') {
        Some((prefix, raw)) => match format.canonical_type(raw) {
            Some(kind) => format!("{prefix}-{kind}"),
            None => "O".to_string(),
        },
        None => tag.to_string(),
    }
}

/// A comment line as the reference scorer defines it.
pub(crate) fn is_comment(line: &str) -> bool {
    line == "#" || line.starts_with("#\t") || line.starts_with("# ")
}

fn flush(tokens: &mut Vec<String>, tags: &mut Vec<String>, out: &mut Vec<Sentence>) {
    if tokens.is_empty() {
        return;
    }
    let spans = spans_from_tags(tags.iter().map(String::as_str));
    out.push(Sentence {
        tokens: std::mem::take(tokens),
        spans,
    });
    tags.clear();
}

/// A tag type resolved to a class: `None` for types that are not names
/// (`*deriv`, GUM's time/quantity) or unknown.
fn resolve_type(raw: &str) -> Option<(EntityType, bool)> {
    let (base, part) = if let Some(b) = raw.strip_suffix("part") {
        (b, true)
    } else if raw.ends_with("deriv") {
        return None;
    } else {
        (raw, false)
    };
    let entity_type = match base.to_ascii_lowercase().as_str() {
        "per" | "pers" | "person" => EntityType::Per,
        "org" | "organization" | "organisation" => EntityType::Org,
        "loc" | "place" | "location" | "gpe" => EntityType::Loc,
        // GUM names of every other type (events, works, abstracts, objects,
        // substances, animals, plants, times, quantities) count as MISC.
        "oth" | "misc" | "event" | "abstract" | "object" | "substance" | "animal" | "plant"
        | "time" | "quantity" | "prod" | "humanprod" => EntityType::Misc,
        _ => return None,
    };
    Some((entity_type, part))
}

/// Spans of an IOB1/IOB2/BIOES tag sequence, chunked like `score_ner.py`: a
/// chunk starts at B-/S-, or at I-/E- after a different type; E-/S- close it.
pub fn spans_from_tags<'a>(tags: impl IntoIterator<Item = &'a str>) -> Vec<TokenSpan> {
    let mut out = Vec::new();
    let mut open: Option<(usize, (EntityType, bool))> = None;
    let mut count = 0;
    for (i, tag) in tags.into_iter().enumerate() {
        count = i + 1;
        let parsed = tag.split_once('-').and_then(|(prefix, t)| {
            let prefix = prefix.to_ascii_uppercase();
            resolve_type(t.trim()).map(|kind| (prefix, kind))
        });
        let Some((prefix, kind)) = parsed else {
            close(&mut open, i, &mut out);
            continue;
        };
        let continues =
            matches!(prefix.as_str(), "I" | "E") && open.is_some_and(|(_, k)| k == kind);
        if !continues {
            close(&mut open, i, &mut out);
            open = Some((i, kind));
        }
        if matches!(prefix.as_str(), "E" | "S") {
            close(&mut open, i + 1, &mut out);
        }
    }
    close(&mut open, count, &mut out);
    out
}

fn close(open: &mut Option<(usize, (EntityType, bool))>, end: usize, out: &mut Vec<TokenSpan>) {
    if let Some((start, (entity_type, part))) = open.take() {
        out.push(TokenSpan {
            start,
            end,
            entity_type,
            part,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, entity_type: EntityType) -> TokenSpan {
        TokenSpan {
            start,
            end,
            entity_type,
            part: false,
        }
    }

    #[test]
    fn chunks_like_the_reference_scorer() {
        let tags = [
            "B-PER",
            "I-PER",
            "O",
            "I-LOC",
            "I-LOC",
            "B-LOC",
            "I-ORG",
            "B-LOCderiv",
            "B-ORGpart",
        ];
        let spans = spans_from_tags(tags);
        assert_eq!(
            spans,
            vec![
                span(0, 2, EntityType::Per),
                span(3, 5, EntityType::Loc),
                span(5, 6, EntityType::Loc),
                span(6, 7, EntityType::Org),
                TokenSpan {
                    start: 8,
                    end: 9,
                    entity_type: EntityType::Org,
                    part: true
                },
            ]
        );
    }

    #[test]
    fn bioes_and_misc_alias() {
        let spans = spans_from_tags(["S-MISC", "B-OTH", "E-OTH", "E-OTH"]);
        assert_eq!(
            spans,
            vec![
                span(0, 1, EntityType::Misc),
                span(1, 3, EntityType::Misc),
                span(3, 4, EntityType::Misc)
            ]
        );
    }

    #[test]
    fn reads_germeval_tsv_and_reports_missing_columns() {
        let dir = std::env::temp_dir().join(format!("lagebild-corpus-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.tsv");
        std::fs::write(
            &good,
            "#\tsource\n1\tKim\tB-PER\tO\n2\tJong\tI-PER\tO\n\n1\tin\tO\tO\n",
        )
        .unwrap();
        let sentences = read_annotated(&good, Format::GermEvalTsv).unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[0].tokens, vec!["Kim", "Jong"]);
        assert_eq!(sentences[0].spans, vec![span(0, 2, EntityType::Per)]);
        let bad = dir.join("bad.tsv");
        std::fs::write(&bad, "1\tKim\n").unwrap();
        let err = read_annotated(&bad, Format::GermEvalTsv).unwrap_err();
        assert!(err.to_string().contains("no column 2"), "{err}");
    }

    #[test]
    fn reads_auxiliary_formats_with_their_sentence_ends_and_types() {
        let dir = std::env::temp_dir().join(format!("lagebild-aux-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let hipe = dir.join("hipe.tsv");
        std::fs::write(
            &hipe,
            "TOKEN\tNE-COARSE-LIT\tMISC\n# hipe2022:date = 1886\nin\tO\t_\nBerlin\tB-LOC\tEndOfSentence\nKlee\tB-PER\t_\n",
        )
        .unwrap();
        let sentences = read_annotated(&hipe, Format::Hipe).unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[0].spans, vec![span(1, 2, EntityType::Loc)]);
        let ler = dir.join("ler.conll");
        std::fs::write(
            &ler,
            "Das O\r\nBVerfG B-GRT\r\nzu O\r\n§ B-GS\r\n5 I-GS\r\n\r\n",
        )
        .unwrap();
        let sentences = read_annotated(&ler, Format::Ler).unwrap();
        assert_eq!(sentences.len(), 1);
        assert_eq!(sentences[0].spans, vec![span(1, 2, EntityType::Org)]);
        let europeana = dir.join("enp.bio");
        let long: String = (0..EUROPEANA_CUT).map(|_| "und O\n").collect();
        std::fs::write(&europeana, format!("Wien B-LOC\n. O\n{long}, O\nda O\n")).unwrap();
        let sentences = read_annotated(&europeana, Format::Europeana).unwrap();
        let lengths: Vec<usize> = sentences.iter().map(|s| s.tokens.len()).collect();
        assert_eq!(lengths, vec![2, EUROPEANA_CUT + 1, 1]);
    }

    #[test]
    fn reads_smartdata_documents_and_drops_misaligned_sentences() {
        use std::io::Write;
        let dir = std::env::temp_dir().join(format!("lagebild-smart-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("smart.json.gz");
        // Two pretty-printed documents back to back; offsets in characters
        // ("Köln" has a two-byte ö). "ichael" is cut out of a token.
        let documents = r#"{
  "text" : { "string" : "Michael Peters von Euronews sprach in Köln.\nDie Bahn fährt." },
  "conceptMentions" : { "array" : [
    { "span" : { "start" : 0, "end" : 14 }, "type" : "person" },
    { "span" : { "start" : 19, "end" : 27 }, "type" : "organization-company" },
    { "span" : { "start" : 38, "end" : 42 }, "type" : "location-city" },
    { "span" : { "start" : 44, "end" : 52 }, "type" : "trigger" } ] }
}
{ "text" : { "string" : "Michael kommt." },
  "conceptMentions" : { "array" : [ { "span" : { "start" : 1, "end" : 7 }, "type" : "person" } ] } }"#;
        let mut gz = flate2::write::GzEncoder::new(
            std::fs::File::create(&path).unwrap(),
            flate2::Compression::fast(),
        );
        gz.write_all(documents.as_bytes()).unwrap();
        gz.finish().unwrap();
        let sentences = read_annotated(&path, Format::SmartData).unwrap();
        assert_eq!(sentences.len(), 2, "{sentences:?}");
        assert_eq!(sentences[0].tokens[6], "Köln");
        assert_eq!(
            sentences[0].spans,
            vec![
                span(0, 2, EntityType::Per),
                span(3, 4, EntityType::Org),
                span(6, 7, EntityType::Loc)
            ]
        );
        assert_eq!(sentences[1].tokens, vec!["Die", "Bahn", "fährt", "."]);
        assert!(sentences[1].spans.is_empty());
        let broken = dir.join("broken.json.gz");
        let mut gz = flate2::write::GzEncoder::new(
            std::fs::File::create(&broken).unwrap(),
            flate2::Compression::fast(),
        );
        gz.write_all(b"{ \"text\" : ").unwrap();
        gz.finish().unwrap();
        let err = read_annotated(&broken, Format::SmartData).unwrap_err();
        assert!(err.to_string().contains("JSON"), "{err}");
    }
}
