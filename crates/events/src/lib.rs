//! Who did what to whom: events between actors in German and English news,
//! typed with the PLOVER ontology (AGREE, CONSULT, … ASSAULT) and its modes.
//!
//! The [`EventsStage`] adds the `events` layer ([`Events`]): for every
//! trigger word (a verb or noun in the lexicon of `resources/<lang>/`), the
//! acting source, the target, date, location and status (asserted,
//! expected, alleged, denied, negated). It builds on the `entities`,
//! `times` and `quotes` layers when they are present and falls back on its
//! own gazetteer and month list when they are not.
//!
//! This crate does not parse: it is not a dependency parser, and it codes
//! one event per trigger.
//!
//! Key decision: rules over clauses, with the lexicons as data. There is
//! no German event training data to learn from; a lexicon of lemmas (with
//! every inflected form generated from an MIT lemma table) and a handful of
//! word-order rules (verb-second, verb-final subordinate clauses, separable
//! verbs, passives, reported speech) code German natively and can be
//! extended by editing a TSV file. [`gold`] holds the hand-annotated dev
//! set's scorer that measures each rule change.
#![deny(missing_docs)]

mod actors;
mod extract;
pub mod gold;
mod layer;
mod lexicon;
mod sentence;
mod stage;

pub use layer::{Actor, Event, EventType, Events, Status, Trigger};
pub use lexicon::LexiconError;
pub use stage::EventsStage;
