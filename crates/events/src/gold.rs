//! The hand-annotated event gold (`testdata/<lang>_dev.jsonl`, guidelines
//! in `docs/events.md`) and the scorer `lagebild eval events` runs.
//!
//! Corpus sentences are stand-off: the gold names the corpus file under
//! `../shared/data/corpus/`, the document and the sentence's code-point
//! offsets, never the third-party text; invented examples carry their
//! text. Two figures are scored per sentence:
//!
//! * **event type**: the set of PLOVER types the system finds in the
//!   sentence against the gold set (a type found twice counts once);
//! * **full event**: type, source and target all right. An actor matches
//!   when the system's canonical name or its mention text matches one of
//!   the gold's alternative names (case-insensitive, ignoring a genitive
//!   -s, one containing the other word by word); no target matches no
//!   target.

use crate::layer::{Actor, Event, EventType, Events, Status};
use lagebild_core::metrics::Counts;
use lagebild_core::{Document, Metadata, Span};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// Why the gold could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    /// A file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A line is not valid gold or corpus JSON.
    #[error("{path} line {line}: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A gold line refers to a corpus document that is not there.
    #[error("document {doc:?} is not in {corpus}; is ../shared the version the gold was made on?")]
    MissingDocument {
        /// Corpus file.
        corpus: String,
        /// Document name.
        doc: String,
    },
}

/// Which part of the gold to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// The part the rules were tuned on.
    Tune,
    /// The part kept back from tuning, for an honest figure.
    Heldout,
}

/// One annotated sentence.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSentence {
    /// Corpus file under `data/corpus/` (stand-off sentences).
    #[serde(default)]
    pub corpus: Option<String>,
    /// Document name in that corpus file.
    #[serde(default)]
    pub doc: Option<String>,
    /// Sentence offsets in the document's text (stand-off sentences).
    #[serde(default)]
    pub sentence: Option<Span>,
    /// The sentence itself (invented examples).
    #[serde(default)]
    pub text: Option<String>,
    /// Tune or held-out part.
    pub split: Split,
    /// The events of the sentence.
    pub events: Vec<GoldEvent>,
}

/// One gold event; actors are lists of acceptable names.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GoldEvent {
    /// PLOVER type.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// Acceptable names of the source, or null.
    pub source: Option<Vec<String>>,
    /// Acceptable names of the target, or null.
    pub target: Option<Vec<String>>,
    /// Status.
    pub status: Status,
}

/// Reads a gold file.
pub fn load(path: &Path) -> Result<Vec<GoldSentence>, GoldError> {
    let file = std::fs::File::open(path).map_err(|source| GoldError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| GoldError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let sentence: GoldSentence =
            serde_json::from_str(&line).map_err(|e| GoldError::Format {
                path: path.to_path_buf(),
                line: i + 1,
                message: e.to_string(),
            })?;
        let stand_off =
            sentence.corpus.is_some() && sentence.doc.is_some() && sentence.sentence.is_some();
        if !stand_off && sentence.text.is_none() {
            return Err(GoldError::Format {
                path: path.to_path_buf(),
                line: i + 1,
                message: "needs either corpus+doc+sentence or text".into(),
            });
        }
        out.push(sentence);
    }
    Ok(out)
}

/// A document to annotate and the gold sentences in it.
pub struct EvalDocument {
    /// The document, built from the corpus text or the invented sentence.
    pub document: Document,
    /// Gold sentences: span in the document and events.
    pub gold: Vec<(Span, Vec<GoldEvent>)>,
}

#[derive(Deserialize)]
struct CorpusDocument {
    #[serde(rename = "documentName")]
    name: String,
    #[serde(rename = "originalText")]
    text: String,
}

/// Builds the documents the gold refers to: one per corpus document
/// (read from `corpus_dir`), one per invented sentence. `split` keeps only
/// that part of the gold when given.
pub fn documents(
    gold: &[GoldSentence],
    corpus_dir: &Path,
    language: &str,
    split: Option<Split>,
) -> Result<Vec<EvalDocument>, GoldError> {
    let mut by_doc: BTreeMap<(String, String), Vec<&GoldSentence>> = BTreeMap::new();
    let mut out = Vec::new();
    for (n, sentence) in gold
        .iter()
        .enumerate()
        .filter(|(_, s)| split.is_none_or(|wanted| s.split == wanted))
    {
        match (&sentence.corpus, &sentence.doc, &sentence.text) {
            (Some(corpus), Some(doc), _) => by_doc
                .entry((corpus.clone(), doc.clone()))
                .or_default()
                .push(sentence),
            (_, _, Some(text)) => {
                let meta = Metadata {
                    id: format!("example-{}", n + 1),
                    language: Some(language.to_string()),
                    ..Default::default()
                };
                let document = Document::verbatim(meta, text.clone());
                let span = Span::new(0, document.index().char_len());
                out.push(EvalDocument {
                    document,
                    gold: vec![(span, sentence.events.clone())],
                });
            }
            _ => {}
        }
    }
    let mut corpora: HashMap<String, HashMap<String, String>> = HashMap::new();
    for ((corpus, name), sentences) in by_doc {
        if !corpora.contains_key(&corpus) {
            corpora.insert(corpus.clone(), read_corpus(&corpus_dir.join(&corpus))?);
        }
        let text = corpora
            .get(&corpus)
            .and_then(|docs| docs.get(&name))
            .ok_or_else(|| GoldError::MissingDocument {
                corpus: corpus.clone(),
                doc: name.clone(),
            })?;
        let meta = Metadata {
            id: name.clone(),
            language: Some(language.to_string()),
            published: published_in_name(&name),
            ..Default::default()
        };
        let document = Document::verbatim(meta, text.clone());
        let length = document.index().char_len();
        let mut gold_sentences = Vec::new();
        for s in sentences {
            let Some(span) = s.sentence else { continue };
            if span.end > length {
                return Err(GoldError::MissingDocument {
                    corpus: corpus.clone(),
                    doc: format!(
                        "{name} (sentence {}..{} beyond its end)",
                        span.start, span.end
                    ),
                });
            }
            gold_sentences.push((span, s.events.clone()));
        }
        out.push(EvalDocument {
            document,
            gold: gold_sentences,
        });
    }
    Ok(out)
}

/// Wikinews document names end in the publication date: "… (2005-12-09)".
fn published_in_name(name: &str) -> Option<String> {
    let open = name.rfind('(')?;
    let date = name[open + 1..].strip_suffix(')')?;
    (date.len() == 10 && date.as_bytes()[4] == b'-').then(|| date.to_string())
}

fn read_corpus(path: &Path) -> Result<HashMap<String, String>, GoldError> {
    let file = std::fs::File::open(path).map_err(|source| GoldError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let reader = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(file));
    let mut out = HashMap::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|source| GoldError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let doc: CorpusDocument = serde_json::from_str(&line).map_err(|e| GoldError::Format {
            path: path.to_path_buf(),
            line: i + 1,
            message: e.to_string(),
        })?;
        out.insert(doc.name, doc.text);
    }
    Ok(out)
}

/// The figures of one evaluation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    /// Sentences scored.
    pub sentences: usize,
    /// Gold events in them.
    pub gold_events: usize,
    /// Event types per sentence.
    pub event_type: Counts,
    /// Type + source + target.
    pub full_event: Counts,
    /// Event types per sentence, by type.
    pub per_type: BTreeMap<EventType, Counts>,
}

/// Scores annotated documents (their `events` layer) against their gold.
pub fn score(documents: &[EvalDocument]) -> Scores {
    let mut scores = Scores::default();
    for doc in documents {
        let system: &[Event] = doc
            .document
            .layer::<Events>()
            .map(|e| e.0.as_slice())
            .unwrap_or_default();
        for (span, gold) in &doc.gold {
            let found: Vec<&Event> = system
                .iter()
                .filter(|e| span.start <= e.trigger.start && e.trigger.start < span.end)
                .collect();
            score_sentence(&mut scores, gold, &found);
        }
    }
    scores
}

fn score_sentence(scores: &mut Scores, gold: &[GoldEvent], found: &[&Event]) {
    scores.sentences += 1;
    scores.gold_events += gold.len();
    let gold_types: BTreeSet<EventType> = gold.iter().map(|e| e.event_type).collect();
    let found_types: BTreeSet<EventType> = found.iter().map(|e| e.event_type).collect();
    for t in gold_types.union(&found_types) {
        let counts = Counts {
            tp: usize::from(gold_types.contains(t) && found_types.contains(t)),
            fp: usize::from(!gold_types.contains(t)),
            fn_: usize::from(!found_types.contains(t)),
        };
        scores.event_type.add(counts);
        scores.per_type.entry(*t).or_default().add(counts);
    }
    let mut unmatched: Vec<&GoldEvent> = gold.iter().collect();
    let mut tp = 0;
    for event in found {
        if let Some(i) = unmatched.iter().position(|g| {
            g.event_type == event.event_type
                && actor_matches(g.source.as_deref(), event.source.as_ref())
                && actor_matches(g.target.as_deref(), event.target.as_ref())
        }) {
            unmatched.remove(i);
            tp += 1;
        }
    }
    scores.full_event.add(Counts {
        tp,
        fp: found.len() - tp,
        fn_: gold.len() - tp,
    });
}

/// Whether a system actor matches a gold actor (see the module docs).
pub fn actor_matches(gold: Option<&[String]>, system: Option<&Actor>) -> bool {
    match (gold, system) {
        (None, None) => true,
        (Some(names), Some(actor)) => names.iter().any(|name| {
            [&actor.name, &actor.text]
                .iter()
                .any(|candidate| names_match(name, candidate))
        }),
        _ => false,
    }
}

fn names_match(gold: &str, system: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .map(|w| {
                let w = w.to_lowercase();
                let w = w.trim_end_matches("'s").trim_end_matches('’').to_string();
                w
            })
            .collect()
    };
    let (g, s) = (words(gold), words(system));
    if g.is_empty() || s.is_empty() {
        return false;
    }
    contains_words(&s, &g) || contains_words(&g, &s)
}

/// True when `needle` occurs as consecutive words of `haystack`, a word
/// matching with or without a genitive -s.
fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    let same = |a: &String, b: &String| a == b || format!("{a}s") == *b || format!("{b}s") == *a;
    needle.len() <= haystack.len()
        && haystack
            .windows(needle.len())
            .any(|w| w.iter().zip(needle).all(|(a, b)| same(a, b)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::Trigger;

    fn actor(name: &str, text: &str) -> Actor {
        Actor {
            entity: None,
            name: name.into(),
            text: text.into(),
            start: 0,
            end: 0,
        }
    }

    fn event(event_type: EventType, source: Option<Actor>, target: Option<Actor>) -> Event {
        Event {
            event_type,
            mode: None,
            source,
            target,
            date: None,
            location: None,
            status: Status::Asserted,
            claimed_by: None,
            trigger: Trigger {
                text: String::new(),
                start: 0,
                end: 0,
            },
            sentence: Span::new(0, 1),
        }
    }

    #[test]
    fn actors_match_by_any_name_and_word_containment() {
        let gold = vec!["Kim Jong Un".to_string(), "Nordkorea".to_string()];
        assert!(actor_matches(
            Some(&gold),
            Some(&actor("Nordkorea", "Nordkoreas Machthaber Kim Jong Un"))
        ));
        assert!(actor_matches(Some(&gold), Some(&actor("X", "Nordkoreas"))));
        assert!(!actor_matches(
            Some(&gold),
            Some(&actor("Südkorea", "Südkorea"))
        ));
        assert!(!actor_matches(Some(&gold), None));
        assert!(actor_matches(None, None));
        assert!(!actor_matches(None, Some(&actor("USA", "USA"))));
    }

    #[test]
    fn a_sentence_scores_types_once_and_events_with_actors() {
        let gold = vec![GoldEvent {
            event_type: EventType::Aid,
            source: Some(vec!["Russland".into()]),
            target: Some(vec!["Syrien".into()]),
            status: Status::Asserted,
        }];
        let right = event(
            EventType::Aid,
            Some(actor("Russland", "Russland")),
            Some(actor("Syrien", "Syrien")),
        );
        let wrong_target = event(EventType::Aid, Some(actor("Russland", "Russland")), None);
        let other = event(EventType::Consult, None, None);
        let mut scores = Scores::default();
        score_sentence(&mut scores, &gold, &[&wrong_target, &right, &other]);
        assert_eq!(
            scores.event_type,
            Counts {
                tp: 1,
                fp: 1,
                fn_: 0
            }
        );
        assert_eq!(
            scores.full_event,
            Counts {
                tp: 1,
                fp: 2,
                fn_: 0
            }
        );
    }

    #[test]
    fn the_gold_files_load() {
        for lang in ["de", "en"] {
            let path =
                Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("testdata/{lang}_dev.jsonl"));
            let gold = load(&path).unwrap();
            assert!(gold.len() >= if lang == "de" { 300 } else { 30 });
            assert!(gold.iter().any(|s| s.split == Split::Heldout));
        }
    }

    #[test]
    fn published_date_comes_from_the_wikinews_name() {
        assert_eq!(
            published_in_name("17060 - Rice-Erklärung (2005-12-09)").as_deref(),
            Some("2005-12-09")
        );
        assert_eq!(published_in_name("no date"), None);
    }
}
