//! Who said what: quotations in German and English news, each with its
//! kind (direct, indirect, mixed), cue and speaker.
//!
//! The crate adds the `quotes` layer ([`Quotes`]) through [`QuotesStage`]
//! and scores it against gold data ([`eval`]) exactly as
//! `shared/tools/score_quotes.py` does.
//!
//! Key design decision: hand-written rules over data-file lexicons, not a
//! trained model. The only German news quotation corpus is licensed
//! non-commercially, so no model trained on it may ship; rules informed by
//! it may, and every word list (cue verbs, role nouns, source phrases) lives
//! in `resources/<lang>/` where a linguist can extend it without code.
//! Speakers are linked to the `entities` layer when a stage produced it,
//! and found from capitalised name phrases when not.
#![deny(missing_docs)]

pub mod eval;
mod extract;
mod layer;
mod lexicon;
mod marks;
mod segment;
mod speaker;

pub use layer::{Cue, Quote, QuoteKind, Quotes, Speaker};

use lagebild_core::{Document, Stage, StageError};
use lexicon::Language;

/// The pipeline stage that adds the `quotes` layer. Runs after entities
/// (to link speakers) but works without them.
#[derive(Debug, Default, Clone, Copy)]
pub struct QuotesStage;

impl Stage for QuotesStage {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn annotate(&self, doc: &mut Document) -> Result<(), StageError> {
        let quotes = find_quotes(doc);
        doc.set_layer(quotes);
        Ok(())
    }
}

/// The quotations of a document, in text order. The document's language
/// decides the rules (`en` English, anything else German, the primary
/// language); an unknown language is guessed from function words.
pub fn find_quotes(doc: &Document) -> Quotes {
    let language = match doc.language.as_deref() {
        Some(l) if l.starts_with("en") => Language::English,
        Some(l) if l.starts_with("de") => Language::German,
        _ => guess_language(doc.text()),
    };
    let index = doc.index();
    let mut quotes: Vec<Quote> = extract::extract(doc, language)
        .into_iter()
        .map(|found| {
            let span = index.span(found.content.clone());
            Quote {
                text: doc.text()[found.content].to_string(),
                start: span.start,
                end: span.end,
                kind: found.kind,
                cue: found.cue.map(|(bytes, text)| {
                    let span = index.span(bytes);
                    Cue {
                        text,
                        start: span.start,
                        end: span.end,
                    }
                }),
                speaker: found.speaker.map(|s| {
                    let span = index.span(s.mention);
                    Speaker {
                        name: s.name,
                        entity: s.entity,
                        role: s.role,
                        start: span.start,
                        end: span.end,
                    }
                }),
            }
        })
        .collect();
    quotes.sort_by_key(|q| (q.start, q.end));
    Quotes(quotes)
}

/// English when English function words outnumber German ones.
fn guess_language(text: &str) -> Language {
    let (mut english, mut german) = (0usize, 0usize);
    for word in text.split_whitespace().take(400) {
        match word {
            "the" | "and" | "of" | "said" | "is" | "was" | "that" => english += 1,
            "der" | "die" | "und" | "das" | "sagte" | "ist" | "nicht" => german += 1,
            _ => {}
        }
    }
    if english > german {
        Language::English
    } else {
        Language::German
    }
}
