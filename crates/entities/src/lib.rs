//! Named entities for lagebild: who and where, the backbone of quotes
//! (speakers), events (actors) and search facets.
//!
//! * A sequence tagger trained in the project ([`Tagger`], [`train()`]):
//!   an averaged structured perceptron over hashed features (word forms,
//!   affixes, shapes, a ±2 window, gazetteers, Brown clusters and word
//!   frequencies from spaCy's MIT-licensed lookups data), decoded with
//!   Viterbi under BILOU constraints. German is trained on GermEval 2014
//!   with WikiANN de as an auxiliary domain, English on GUM and WikiANN;
//!   several runs are averaged into one model; the models are compiled into
//!   the binary (what each step adds: `models/README.md`).
//! * [`EntitiesStage`] tags every sentence of an article and builds the
//!   `entities` layer ([`Entities`]): mentions merged per article and places
//!   normalised across languages with ISO 3166 codes ([`PlaceTable`]).
//!
//! # The `entities` layer (a contract with quotes, events and the store)
//!
//! Each [`Entity`] has an `id` (`e1`, `e2` … in order of first mention,
//! article-local), a canonical `name`, a `type` (PER, ORG, LOC, MISC) and
//! its `mentions` ({`start`, `end`, `text`} in code points). Normalisation
//! fields: `country` (ISO 3166-1 alpha-2, for known places), `key` (a
//! cross-language key: `kp` for a country, `kp:pyongyang` for a city,
//! `per:wladimir putin` otherwise — lowercase type, colon, lowercase name),
//! `aliases` (other forms in the article, exonyms, acronym expansions) and
//! `place_kind` (country, capital, city). These names are stable; new
//! fields may be added, never renamed.
//!
//! Not here: coreference of pronouns and common nouns ("der Machthaber"),
//! and linking to outside knowledge bases.
//!
//! Key design decision: features are 64-bit hashes of (template, value)
//! computed from per-token hashes prepared once per sentence, so tagging
//! allocates nothing per token and a model needs no feature dictionary
//! beyond its sparse weight table.
#![deny(missing_docs)]

pub mod corpus;
mod crf;
mod evaluate;
mod features;
mod labels;
mod layer;
mod lexicon;
mod lexicon_table;
mod merge;
mod places;
mod stage;
mod tagger;
mod train;
mod weights;

pub use evaluate::{evaluate, Evaluation};
pub use features::FeatureGroups;
pub use layer::{Entities, Entity, EntityType, Mention};
pub use places::{Place, PlaceKind, PlaceTable};
pub use stage::EntitiesStage;
pub use tagger::{ModelError, TagScratch, Tagger};
pub use train::{train, Algorithm, EpochReport, TrainOptions};

/// The languages lagebild has NER models for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// German.
    De,
    /// English.
    En,
}

impl Language {
    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::De => "de",
            Language::En => "en",
        }
    }
}

impl std::str::FromStr for Language {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "de" | "deu" | "german" => Ok(Language::De),
            "en" | "eng" | "english" => Ok(Language::En),
            other => Err(format!("no NER model for language {other:?}; use de or en")),
        }
    }
}
