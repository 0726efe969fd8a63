//! Quotations for lagebild (work in progress: the layer types first, so that
//! the store and events can build against them).
#![deny(missing_docs)]

mod layer;

pub use layer::{Cue, Quote, QuoteKind, Quotes, Speaker};
