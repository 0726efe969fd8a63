//! The lagebild document model.
//!
//! Every stage of lagebild (segmentation, entities, time, quotes, events)
//! annotates the *same* article text and never changes it. This crate owns
//! that contract:
//!
//! * [`Document`] holds one immutable text plus the structural fields of the
//!   JSON contract (`zones`, `sections`, `boilerplate`, `sentences`, ...).
//! * [`Span`] is a stand-off range in **Unicode code points**, end exclusive,
//!   because that is what outside tools (Python, JavaScript, scorers) count in.
//! * [`Layer`] lets a stage crate attach its own typed layer (`entities`,
//!   `quotes`, ...) without this crate knowing the type: layers are keyed by
//!   name, stored type-erased, serialised under their name, and decoded
//!   lazily when a document is read back from JSON.
//! * [`Stage`] and [`Pipeline`] run the stages in order over a document.
//!
//! Key design decision: offsets are code points in the contract, but Rust
//! slices by bytes, so the document keeps a lazily built [`TextIndex`] that
//! converts between the two in O(log n) (O(1) for ASCII text).
#![deny(missing_docs)]

mod article;
mod document;
mod layer;
pub mod metrics;
mod offsets;
mod pipeline;
mod span;

pub use article::{Article, Boilerplate, Metadata, Section};
pub use document::{Document, Zone, ZoneKind, SCHEMA_VERSION};
pub use layer::Layer;
pub use offsets::TextIndex;
pub use pipeline::{Pipeline, Stage, StageError};
pub use span::Span;
