use serde::{Deserialize, Serialize};

/// What a reader (text, JSONL, CSV, HTML, WARC, feed) recovered from one
/// input record, before it becomes a [`crate::Document`]. Readers fill the
/// pieces they find; [`crate::Document::from_article`] lays them out as one
/// text with zones, so all readers share one layout.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Identity and provenance of the record.
    pub meta: Metadata,
    /// Headline.
    pub title: Option<String>,
    /// Line above the headline ("Fragen und Antworten", "Analyse").
    pub kicker: Option<String>,
    /// Lead paragraph shown under the headline.
    pub teaser: Option<String>,
    /// Body in reading order; a section without heading holds the text
    /// before the first sub-heading.
    pub sections: Vec<Section>,
    /// Photo and video captions.
    pub captions: Vec<String>,
    /// Lines set aside as not part of the article, each with its reason, so
    /// nothing the input held is silently lost.
    pub boilerplate: Vec<Boilerplate>,
}

/// Identity and provenance of an article; carried through unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// Caller's id (JSONL `id`), else one derived from the input location.
    pub id: String,
    /// Canonical or target URL, when known.
    pub url: Option<String>,
    /// Language given by the input (`lang` field, `--lang`); detection fills
    /// it otherwise.
    pub language: Option<String>,
    /// Publication date, ISO 8601 at the precision known (`2023-09`).
    pub published: Option<String>,
    /// Bylines.
    pub authors: Vec<String>,
    /// Where the article came from: site name, feed title or input file.
    pub source: Option<String>,
    /// Input fields lagebild does not interpret, kept for the caller.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A sub-heading with the paragraphs under it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// The sub-heading; `None` for the text before the first heading.
    pub heading: Option<String>,
    /// Paragraph texts.
    pub paragraphs: Vec<String>,
}

/// Text set aside from the article with the rule that set it aside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Boilerplate {
    /// The text exactly as found.
    pub text: String,
    /// Why it was set aside (`gallery`, `cross-promotion`, `newsletter`, ...).
    pub reason: String,
}
