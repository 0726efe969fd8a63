use crate::layer::Layers;
use crate::{Article, Boilerplate, Layer, Metadata, Section, Span, TextIndex};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// Version of the JSON contract written in every document's `schema` field;
/// documented in `docs/schema.md`. Bump the number when a field changes
/// meaning; adding a layer or an optional field does not bump it.
pub const SCHEMA_VERSION: &str = "lagebild/1";

/// Separator between blocks (title, kicker, teaser, heading, paragraph,
/// caption) in [`Document::text`]: a blank line, so the text reads naturally
/// and sentence splitting never joins two blocks.
const BLOCK_SEPARATOR: &str = "\n\n";

/// What a block of the text is; lets layers tell the body from the title
/// and captions while annotating all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ZoneKind {
    /// The headline.
    Title,
    /// The line above the headline.
    Kicker,
    /// The lead paragraph.
    Teaser,
    /// A sub-heading.
    Heading,
    /// A body paragraph.
    Paragraph,
    /// A photo or video caption.
    Caption,
}

impl ZoneKind {
    /// True for the zones extraction is scored on (teaser, headings,
    /// paragraphs).
    pub fn is_body(self) -> bool {
        matches!(self, ZoneKind::Teaser | ZoneKind::Heading | ZoneKind::Paragraph)
    }
}

/// A block of the text and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Zone {
    /// What the block is.
    pub kind: ZoneKind,
    /// Where it is in the text.
    #[serde(flatten)]
    pub span: Span,
}

/// One article: an immutable text and the annotation layers over it.
///
/// The text is private and has no setter: every [`Span`] any stage wrote
/// stays valid for the life of the document.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Caller's id, carried through unchanged.
    pub id: String,
    /// Canonical or target URL.
    pub url: Option<String>,
    /// `de`, `en` or `other`.
    pub language: Option<String>,
    /// Publication date, ISO 8601 at the precision known.
    pub published: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Line above the headline.
    pub kicker: Option<String>,
    /// Lead paragraph.
    pub teaser: Option<String>,
    /// Bylines.
    pub authors: Vec<String>,
    /// Photo and video captions.
    pub captions: Vec<String>,
    /// Site, feed or file the article came from.
    pub source: Option<String>,
    text: String,
    /// Blocks of the text with their kinds, in text order.
    pub zones: Vec<Zone>,
    /// Sub-headings with their paragraphs (copies of the paragraph zones'
    /// text, for consumers that want the structure without offsets).
    pub sections: Vec<Section>,
    /// What was set aside, with reasons; not part of `text`.
    pub boilerplate: Vec<Boilerplate>,
    /// Sentence spans.
    pub sentences: Vec<Span>,
    /// Token spans; internal to the pipeline (not in the JSON output) since
    /// they are cheap to recompute and would dominate its size.
    pub tokens: Vec<Span>,
    /// Input fields lagebild does not interpret.
    pub extra: Map<String, Value>,
    layers: Layers,
    index: OnceLock<TextIndex>,
}

impl Document {
    /// Lays out an article as one text: title, kicker, teaser, then each
    /// section's heading and paragraphs, then captions, separated by blank
    /// lines, with a zone per block. Empty blocks are skipped.
    pub fn from_article(article: Article) -> Self {
        let Article { meta, title, kicker, teaser, sections, captions, boilerplate } = article;
        let mut builder = TextBuilder::default();
        let title = clean_opt(title);
        let kicker = clean_opt(kicker);
        let teaser = clean_opt(teaser);
        if let Some(t) = &title {
            builder.push(ZoneKind::Title, t);
        }
        if let Some(k) = &kicker {
            builder.push(ZoneKind::Kicker, k);
        }
        if let Some(t) = &teaser {
            builder.push(ZoneKind::Teaser, t);
        }
        let mut kept_sections = Vec::with_capacity(sections.len());
        for section in sections {
            let heading = clean_opt(section.heading);
            if let Some(h) = &heading {
                builder.push(ZoneKind::Heading, h);
            }
            let mut paragraphs = Vec::with_capacity(section.paragraphs.len());
            for p in section.paragraphs {
                let p = clean_block(&p);
                if !p.is_empty() {
                    builder.push(ZoneKind::Paragraph, &p);
                    paragraphs.push(p);
                }
            }
            if heading.is_some() || !paragraphs.is_empty() {
                kept_sections.push(Section { heading, paragraphs });
            }
        }
        let captions: Vec<String> =
            captions.iter().map(|c| clean_block(c)).filter(|c| !c.is_empty()).collect();
        for c in &captions {
            builder.push(ZoneKind::Caption, c);
        }
        let mut doc = Document::with_meta(meta, builder.text);
        doc.title = title;
        doc.kicker = kicker;
        doc.teaser = teaser;
        doc.captions = captions;
        doc.zones = builder.zones;
        doc.sections = kept_sections;
        doc.boilerplate = boilerplate;
        doc
    }

    /// Takes `text` exactly as given (for pre-cleaned research corpora):
    /// no structure recovery, every offset refers to the input. Paragraph
    /// zones are the runs of text between blank lines.
    pub fn verbatim(meta: Metadata, text: String) -> Self {
        let mut doc = Document::with_meta(meta, text);
        let mut zones = Vec::new();
        let mut paragraphs = Vec::new();
        {
            let idx = doc.index();
            for range in paragraph_ranges(&doc.text) {
                paragraphs.push(doc.text[range.clone()].to_string());
                zones.push(Zone { kind: ZoneKind::Paragraph, span: idx.span(range) });
            }
        }
        doc.zones = zones;
        if !paragraphs.is_empty() {
            doc.sections = vec![Section { heading: None, paragraphs }];
        }
        doc
    }

    fn with_meta(meta: Metadata, text: String) -> Self {
        let Metadata { id, url, language, published, authors, source, extra } = meta;
        Document { id, url, language, published, authors, source, extra, text, ..Default::default() }
    }

    /// The article text all spans refer to.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Byte/code-point offset converter for this text, built on first use.
    pub fn index(&self) -> &TextIndex {
        self.index.get_or_init(|| TextIndex::new(&self.text))
    }

    /// The text a span covers (clamped to the text).
    pub fn slice(&self, span: Span) -> &str {
        let range = self.index().bytes(span);
        &self.text[range]
    }

    /// The code-point span of a byte range of [`Document::text`].
    pub fn span_of_bytes(&self, bytes: std::ops::Range<usize>) -> Span {
        self.index().span(bytes)
    }

    /// Attaches (or replaces) a stage's layer.
    pub fn set_layer<T: Layer>(&mut self, layer: T) {
        self.layers.insert(layer);
    }

    /// A layer by type, decoding it on first access if the document was
    /// read from JSON. `None` when absent or undecodable.
    pub fn layer<T: Layer>(&self) -> Option<&T> {
        self.layers.get::<T>()
    }

    /// Drops a layer by name (e.g. to re-run one stage).
    pub fn remove_layer(&mut self, name: &str) {
        self.layers.remove(name);
    }

    /// Names of the layers present, in the order they were added.
    pub fn layer_names(&self) -> impl Iterator<Item = &str> {
        self.layers.names()
    }

    /// The zones the body is made of (teaser, headings, paragraphs).
    pub fn body_zones(&self) -> impl Iterator<Item = &Zone> {
        self.zones.iter().filter(|z| z.kind.is_body())
    }

    /// The zone containing a code-point position, if any.
    pub fn zone_at(&self, pos: usize) -> Option<&Zone> {
        let i = self.zones.partition_point(|z| z.span.end <= pos);
        self.zones.get(i).filter(|z| z.span.start <= pos)
    }
}

fn clean_opt(s: Option<String>) -> Option<String> {
    s.map(|s| clean_block(&s)).filter(|s| !s.is_empty())
}

/// Trims a block and folds blank lines inside it, so a block can never be
/// mistaken for two by a reader of `text`.
fn clean_block(s: &str) -> String {
    let trimmed = s.trim();
    if !trimmed.contains("\n") {
        return trimmed.to_string();
    }
    let lines: Vec<&str> = trimmed.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    lines.join("\n")
}

/// Byte ranges of the non-blank runs between blank lines, trimmed.
fn paragraph_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_content_end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(s..last_content_end);
            }
        } else {
            let lead = content.len() - content.trim_start().len();
            if start.is_none() {
                start = Some(pos + lead);
            }
            last_content_end = pos + content.trim_end().len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(s..last_content_end);
    }
    out
}

#[derive(Default)]
struct TextBuilder {
    text: String,
    chars: usize,
    zones: Vec<Zone>,
}

impl TextBuilder {
    fn push(&mut self, kind: ZoneKind, block: &str) {
        if !self.text.is_empty() {
            self.text.push_str(BLOCK_SEPARATOR);
            self.chars += BLOCK_SEPARATOR.len();
        }
        let start = self.chars;
        self.text.push_str(block);
        self.chars += block.chars().count();
        self.zones.push(Zone { kind, span: Span::new(start, self.chars) });
    }
}

impl Serialize for Document {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("schema", SCHEMA_VERSION)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("url", &self.url)?;
        map.serialize_entry("language", &self.language)?;
        map.serialize_entry("published", &self.published)?;
        map.serialize_entry("title", &self.title)?;
        map.serialize_entry("kicker", &self.kicker)?;
        map.serialize_entry("teaser", &self.teaser)?;
        map.serialize_entry("authors", &self.authors)?;
        map.serialize_entry("captions", &self.captions)?;
        map.serialize_entry("source", &self.source)?;
        map.serialize_entry("text", &self.text)?;
        map.serialize_entry("zones", &self.zones)?;
        map.serialize_entry("sections", &self.sections)?;
        map.serialize_entry("boilerplate", &self.boilerplate)?;
        map.serialize_entry("sentences", &self.sentences)?;
        for (name, value) in self.layers.entries() {
            let value = value.map_err(serde::ser::Error::custom)?;
            map.serialize_entry(name, &value)?;
        }
        if !self.extra.is_empty() {
            map.serialize_entry("extra", &self.extra)?;
        }
        map.end()
    }
}

/// The fixed fields of the contract; everything else in the object is a
/// layer.
#[derive(Deserialize)]
struct DocumentRepr {
    schema: Option<String>,
    #[serde(default)]
    id: String,
    url: Option<String>,
    language: Option<String>,
    published: Option<String>,
    title: Option<String>,
    kicker: Option<String>,
    teaser: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    captions: Vec<String>,
    source: Option<String>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    zones: Vec<Zone>,
    #[serde(default)]
    sections: Vec<Section>,
    #[serde(default)]
    boilerplate: Vec<Boilerplate>,
    #[serde(default)]
    sentences: Vec<Span>,
    #[serde(default)]
    extra: Map<String, Value>,
    #[serde(flatten)]
    layers: Map<String, Value>,
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let repr = DocumentRepr::deserialize(deserializer)?;
        if let Some(schema) = &repr.schema {
            if schema != SCHEMA_VERSION {
                return Err(serde::de::Error::custom(format!(
                    "document schema {schema:?} is not {SCHEMA_VERSION:?}; re-run `lagebild analyze` with this version"
                )));
            }
        }
        let mut layers = Layers::default();
        for (name, value) in repr.layers {
            layers.insert_raw(name, value);
        }
        Ok(Document {
            id: repr.id,
            url: repr.url,
            language: repr.language,
            published: repr.published,
            title: repr.title,
            kicker: repr.kicker,
            teaser: repr.teaser,
            authors: repr.authors,
            captions: repr.captions,
            source: repr.source,
            text: repr.text,
            zones: repr.zones,
            sections: repr.sections,
            boilerplate: repr.boilerplate,
            sentences: repr.sentences,
            tokens: Vec::new(),
            extra: repr.extra,
            layers,
            index: OnceLock::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Colours(Vec<String>);
    impl Layer for Colours {
        const NAME: &'static str = "colours";
    }

    fn sample() -> Document {
        Document::from_article(Article {
            meta: Metadata { id: "a1".into(), ..Default::default() },
            title: Some(" Über Pjöngjang ".into()),
            kicker: Some("Analyse".into()),
            teaser: None,
            sections: vec![
                Section { heading: None, paragraphs: vec!["Erster Absatz.".into(), "  ".into()] },
                Section { heading: Some("Frage?".into()), paragraphs: vec!["Antwort „hier“.".into()] },
            ],
            captions: vec!["Ein Foto.".into()],
            boilerplate: vec![Boilerplate { text: "Mehr".into(), reason: "gallery".into() }],
        })
    }

    #[test]
    fn layout_zones_match_text() {
        let doc = sample();
        assert_eq!(
            doc.text(),
            "Über Pjöngjang\n\nAnalyse\n\nErster Absatz.\n\nFrage?\n\nAntwort „hier“.\n\nEin Foto."
        );
        let kinds: Vec<ZoneKind> = doc.zones.iter().map(|z| z.kind).collect();
        use ZoneKind::*;
        assert_eq!(kinds, vec![Title, Kicker, Paragraph, Heading, Paragraph, Caption]);
        assert_eq!(doc.slice(doc.zones[0].span), "Über Pjöngjang");
        assert_eq!(doc.slice(doc.zones[4].span), "Antwort „hier“.");
        assert_eq!(doc.sections.len(), 2);
        assert_eq!(doc.sections[0].paragraphs, vec!["Erster Absatz.".to_string()]);
        assert_eq!(doc.zone_at(doc.zones[3].span.start).map(|z| z.kind), Some(Heading));
        assert_eq!(doc.zone_at(doc.zones[0].span.end + 1), None);
    }

    #[test]
    fn verbatim_keeps_text_and_offsets() {
        let text = "  Eins.\r\n\r\nZwei\nDrei.\n\n\n".to_string();
        let doc = Document::verbatim(Metadata::default(), text.clone());
        assert_eq!(doc.text(), text);
        let paras: Vec<&str> = doc.zones.iter().map(|z| doc.slice(z.span)).collect();
        assert_eq!(paras, vec!["Eins.", "Zwei\nDrei."]);
    }

    #[test]
    fn layers_round_trip_through_json() {
        let mut doc = sample();
        doc.set_layer(Colours(vec!["rot".into()]));
        let json = serde_json::to_value(&doc).unwrap();
        assert_eq!(json["schema"], SCHEMA_VERSION);
        assert_eq!(json["colours"][0], "rot");
        assert_eq!(json["zones"][0]["kind"], "title");
        assert_eq!(json["zones"][0]["start"], 0);
        let back: Document = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back.layer::<Colours>(), Some(&Colours(vec!["rot".into()])));
        assert_eq!(serde_json::to_value(&back).unwrap(), json);
        let cloned = doc.clone();
        assert_eq!(cloned.layer::<Colours>(), doc.layer::<Colours>());
    }

    #[test]
    fn wrong_schema_is_refused() {
        let err = serde_json::from_str::<Document>(r#"{"schema":"other/9","text":""}"#).unwrap_err();
        assert!(err.to_string().contains("schema"));
    }
}
