//! Time expressions and amounts for lagebild (work in progress: the layer
//! types first, so that events and the store can build against them).
#![deny(missing_docs)]

mod layer;

pub use layer::{Amount, Amounts, TimeExpression, TimeType, Times};
