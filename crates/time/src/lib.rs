//! When and how much: time expressions normalised to TIMEX3 against the
//! publication date, and amounts with their units, for German and English
//! news.
//!
//! The crate is a rule engine whose rules are data, in the manner of
//! HeidelTime: `resources/<lang>/patterns.txt` holds named pattern groups
//! with their normalisation values (month names, number words, units),
//! `resources/<lang>/rules.txt` the rules that combine them with a TIMEX3
//! value template, and `resources/<lang>/amounts.txt` the units, currencies
//! and scale words of amounts. Adding a phrase is a data change.
//!
//! Key decision: rules compile once per language into ordinary regexes
//! plus one [`regex::RegexSet`] that tells, in a single pass over the text,
//! which rules can match at all; only those run for positions. The date
//! arithmetic (relative dates, weeks, tense-dependent years, the reference
//! time tracked through the article) is code in `normalize.rs`, called by
//! name from the rule values, so rules never contain arithmetic.
//!
//! Quality is measured by `lagebild eval timex` (KRAUTS, TimeBank +
//! AQUAINT, WikiWarsDE in `../shared`, metric of `score_timex.py`) and
//! `lagebild eval amounts` (gold in `testdata/`); throughput by
//! `cargo bench -p lagebild-time`.
//!
//! Not here: event anchoring or temporal relations between expressions.
#![deny(missing_docs)]

mod amounts;
mod calendar;
pub mod eval;
mod layer;
mod normalize;
mod resources;
mod timex;

pub use amounts::AmountRules;
pub use layer::{Amount, Amounts, TimeExpression, TimeType, Times};
pub use resources::ResourceError;

use lagebild_core::{Document, Stage, StageError, TextIndex};
use std::sync::OnceLock;

/// The languages the rules cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// German (KRAUTS conventions).
    German,
    /// English (TimeML / TempEval-3 conventions).
    English,
}

impl Language {
    /// The language of an ISO code (`de`, `en-GB`); `None` for others.
    pub fn from_code(code: &str) -> Option<Language> {
        match code.get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("de") => Some(Language::German),
            Some("en") => Some(Language::English),
            _ => None,
        }
    }

    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::German => "de",
            Language::English => "en",
        }
    }

    /// A cheap guess for documents without a language: whichever
    /// language's most frequent function words occur more often.
    pub fn guess(text: &str) -> Language {
        const GERMAN: &[&str] = &[
            "der", "die", "und", "das", "nicht", "ist", "mit", "ein", "sich", "auf",
        ];
        const ENGLISH: &[&str] = &[
            "the", "and", "of", "to", "is", "that", "with", "was", "for", "on",
        ];
        let (mut german, mut english) = (0usize, 0usize);
        for word in text.split(|c: char| !c.is_alphabetic()).take(2000) {
            german += usize::from(GERMAN.contains(&word));
            english += usize::from(ENGLISH.contains(&word));
        }
        if english > german {
            Language::English
        } else {
            Language::German
        }
    }
}

/// Tags time expressions of one language; compiled once, shared freely.
pub struct TimeTagger {
    rules: timex::TimeRules,
}

impl TimeTagger {
    /// The tagger for a language, compiled on first use and cached for the
    /// life of the process.
    pub fn for_language(language: Language) -> Result<&'static TimeTagger, &'static ResourceError> {
        static GERMAN: OnceLock<Result<TimeTagger, ResourceError>> = OnceLock::new();
        static ENGLISH: OnceLock<Result<TimeTagger, ResourceError>> = OnceLock::new();
        let cell = match language {
            Language::German => &GERMAN,
            Language::English => &ENGLISH,
        };
        cell.get_or_init(|| timex::TimeRules::load(language).map(|rules| TimeTagger { rules }))
            .as_ref()
    }

    /// The time expressions of `text` (offsets in code points), normalised
    /// against `published` (ISO date at any precision, e.g. `2023-09`).
    pub fn tag(&self, text: &str, published: Option<&str>) -> Vec<TimeExpression> {
        self.rules.tag(text, &TextIndex::new(text), published)
    }
}

/// The pipeline stage adding the `times` and `amounts` layers over the
/// whole text (title and captions included).
#[derive(Debug, Default, Clone, Copy)]
pub struct TimeStage;

impl TimeStage {
    /// The stage; checks that both languages' resources compile, so a bad
    /// resource fails at start-up rather than on the first article.
    pub fn new() -> Result<Self, StageError> {
        for language in [Language::German, Language::English] {
            TimeTagger::for_language(language).map_err(|e| StageError::new(e.to_string()))?;
            AmountRules::for_language(language).map_err(|e| StageError::new(e.to_string()))?;
        }
        Ok(TimeStage)
    }
}

impl Stage for TimeStage {
    fn name(&self) -> &'static str {
        "time"
    }

    fn annotate(&self, doc: &mut Document) -> Result<(), StageError> {
        let language = doc
            .language
            .as_deref()
            .and_then(Language::from_code)
            .unwrap_or_else(|| Language::guess(doc.text()));
        let tagger =
            TimeTagger::for_language(language).map_err(|e| StageError::new(e.to_string()))?;
        let amount_rules =
            AmountRules::for_language(language).map_err(|e| StageError::new(e.to_string()))?;
        let times = tagger
            .rules
            .tag(doc.text(), doc.index(), doc.published.as_deref());
        let amounts = amount_rules.find(doc.text(), doc.index(), &times);
        doc.set_layer(Times(times));
        doc.set_layer(Amounts(amounts));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lagebild_core::Metadata;

    #[test]
    fn stage_adds_both_layers_and_guesses_english() {
        let meta = Metadata {
            published: Some("1989-10-27".into()),
            ..Metadata::default()
        };
        let mut doc = Document::verbatim(
            meta,
            "The company said yesterday that it earned $2.5bn in the third quarter.".into(),
        );
        TimeStage::new().unwrap().annotate(&mut doc).unwrap();
        let times = doc.layer::<Times>().unwrap();
        let values: Vec<(&str, &str)> = times
            .0
            .iter()
            .map(|t| (t.text.as_str(), t.value.as_str()))
            .collect();
        assert_eq!(
            values,
            vec![
                ("yesterday", "1989-10-26"),
                ("the third quarter", "1989-Q3")
            ]
        );
        assert_eq!(doc.layer::<Amounts>().unwrap().0[0].value, 2.5e9);
    }

    #[test]
    fn many_matches_stay_fast_and_complete() {
        // A match every five bytes: conflict resolution must not be
        // quadratic (this would take minutes if it were).
        let text = "2023 ".repeat(40_000);
        let tagger = TimeTagger::for_language(Language::German).unwrap();
        assert_eq!(tagger.tag(&text, Some("2023-09")).len(), 40_000);
    }

    #[test]
    fn english_tense_and_compounds_follow_timeml() {
        // Published Friday 2000-01-07.
        let tagger = TimeTagger::for_language(Language::English).unwrap();
        let text = "Police seized a bomb under construction Sunday. \
                    Castro attended a rally Thursday. \
                    The ruling will be announced Monday. \
                    He was kidnapped at 10 p.m. Wednesday. \
                    They met over the weekend and again last Friday. \
                    In June last year and in nineteen ninety-six he left.";
        let found: Vec<(String, String)> = tagger
            .tag(text, Some("2000-01-07"))
            .into_iter()
            .map(|t| (t.text, t.value))
            .collect();
        let expected = [
            ("Sunday", "2000-01-02"),
            ("Thursday", "2000-01-06"),
            ("Monday", "2000-01-10"),
            ("10 p.m. Wednesday", "2000-01-05T22:00"),
            ("the weekend", "1999-W52-WE"),
            ("last Friday", "1999-12-31"),
            ("June last year", "1999-06"),
            ("nineteen ninety-six", "1996"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(t, v)| (t.to_string(), v.to_string()))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn matches_glued_to_a_long_word_are_retried_in_linear_time() {
        // Every digit of the run starts a number glued to the one before;
        // retrying each (quadratic) would take minutes.
        let text = format!("x{}.5 and then Sunday", "1".repeat(200_000));
        let tagger = TimeTagger::for_language(Language::English).unwrap();
        let found = tagger.tag(&text, Some("2000-01-07"));
        let texts: Vec<&str> = found.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, vec!["Sunday"]);
    }

    #[test]
    fn without_publication_date_relative_values_stay_open() {
        let tagger = TimeTagger::for_language(Language::German).unwrap();
        let found = tagger.tag("Gestern kam er, im Jahr 2000 ging er.", None);
        let values: Vec<&str> = found.iter().map(|t| t.value.as_str()).collect();
        assert_eq!(values, vec!["XXXX-XX-XX", "2000"]);
    }
}
