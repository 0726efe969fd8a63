//! Named entities for lagebild (work in progress: the layer types first, so
//! that quotes and events can build against them).
#![deny(missing_docs)]

mod layer;

pub use layer::{Entities, Entity, EntityType, Mention};
