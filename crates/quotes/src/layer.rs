use lagebild_core::Layer;
use serde::{Deserialize, Serialize};

/// The `quotes` layer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Quotes(pub Vec<Quote>);

impl Layer for Quotes {
    const NAME: &'static str = "quotes";
}

/// How the words are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Verbatim, in quotation marks.
    Direct,
    /// Reported speech without quotation marks.
    Indirect,
    /// Reported speech containing quoted fragments.
    Mixed,
}

/// One quotation with its attribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted or reported content.
    pub text: String,
    /// First code point of the content.
    pub start: usize,
    /// One past the last code point of the content.
    pub end: usize,
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// The word(s) that introduce the speech ("sagt", "zufolge").
    pub cue: Option<Cue>,
    /// Who said it, when lagebild can tell.
    pub speaker: Option<Speaker>,
}

/// The cue word(s) of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    /// The cue as written ("geht davon aus").
    pub text: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

/// The speaker of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// Canonical name (of the entity, when resolved).
    pub name: String,
    /// Id of the entity in the `entities` layer, or null.
    pub entity: Option<String>,
    /// Stated role or affiliation ("Forscher am Korea-Institut ...").
    pub role: Option<String>,
    /// First code point of the mention the quote is attributed to (may be a
    /// pronoun or role noun such as "der Experte").
    pub start: usize,
    /// One past the last code point of that mention.
    pub end: usize,
}
