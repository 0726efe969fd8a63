//! Language identification and sentence and token segmentation for German
//! and English news.
//!
//! Every later layer (entities, quotes, time) works on sentences and
//! tokens, so this crate gives them two ways in:
//!
//! * plain functions over `&str` returning **byte** ranges, for crates that
//!   work on strings: [`sentences`], [`tokens`] (an allocation-free
//!   iterator of [`Token`]s with a [`TokenKind`]), [`is_word`],
//!   [`is_capitalised`], [`detect_language`];
//! * pipeline stages that put the same results on a
//!   [`lagebild_core::Document`] as **code-point** spans: [`LanguageStage`]
//!   then [`SegmentStage`], which segments each zone on its own.
//!
//! It is not a linguistic parser: no lemmas, no part-of-speech tags.
//!
//! Key decision: rules, not a trained model. News prose is regular enough
//! that a period is ambiguous in a few well-known ways (abbreviations,
//! initials, ordinals, dates, numbers, quotes), each handled by an explicit
//! rule whose word lists live in `resources/<lang>/` as data. The rules are
//! measured against a hand-checked boundary gold (`testdata/`) with
//! `lagebild eval sentences`.
#![deny(missing_docs)]

pub mod gold;
mod lang;
mod rules;
mod sentences;
mod stages;
mod tokens;

pub use lang::{detect_language, Lang};
pub use sentences::sentences;
pub use stages::{LanguageStage, SegmentStage};
pub use tokens::{is_capitalised, is_word, tokens, Token, TokenKind, Tokens};
