use lagebild_core::Layer;
use serde::{Deserialize, Serialize};

/// The `times` layer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Times(pub Vec<TimeExpression>);

impl Layer for Times {
    const NAME: &'static str = "times";
}

/// TIMEX3 type of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimeType {
    /// A calendar date or period ("12. September 2023", "im Juli").
    Date,
    /// A time of day ("20.30 Uhr").
    Time,
    /// A length of time ("drei Jahre").
    Duration,
    /// A recurrence ("jeden Montag").
    Set,
}

/// A time expression with its TIMEX3 value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpression {
    /// The covered text.
    pub text: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// TIMEX3 type.
    #[serde(rename = "type")]
    pub time_type: TimeType,
    /// TIMEX3 value (`2023-09`, `P3Y`, `PRESENT_REF`, `198`).
    pub value: String,
}

/// The `amounts` layer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Amounts(pub Vec<Amount>);

impl Layer for Amounts {
    const NAME: &'static str = "amounts";
}

/// A number with its unit and what is counted ("3000 Kilogramm Stahl").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    /// The covered text.
    pub text: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Numeric value with scale words applied ("1,5 Milliarden" → 1.5e9).
    pub value: f64,
    /// Unit or currency (`kg`, `EUR`, `%`), or null for bare counts.
    pub unit: Option<String>,
    /// What is counted or measured ("Stahl", "Soldaten"), when stated.
    pub object: Option<String>,
}
