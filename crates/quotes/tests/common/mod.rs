//! Helpers shared by the construction tests: run the quotes stage over an
//! invented text and read back a quote's speaker, mention and cue.
// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use lagebild_core::{Document, Metadata};
use lagebild_entities::Entities;
use lagebild_quotes::{find_quotes, Quote};

/// Quotes of a text in `language` (no entities layer: names come from
/// capitalised phrases).
pub fn quotes(language: &str, text: &str) -> Vec<Quote> {
    let meta = Metadata {
        language: Some(language.into()),
        ..Default::default()
    };
    find_quotes(&Document::verbatim(meta, text.to_string())).0
}

/// Quotes of a German text.
pub fn german(text: &str) -> Vec<Quote> {
    quotes("de", text)
}

/// The quote whose text starts with `start`, failing with the full list.
pub fn quote<'a>(all: &'a [Quote], start: &str) -> &'a Quote {
    all.iter()
        .find(|q| q.text.starts_with(start))
        .unwrap_or_else(|| panic!("no quote starting {start:?} in {all:#?}"))
}

/// The speaker's canonical name, or "" without a speaker.
pub fn speaker_name(q: &Quote) -> &str {
    q.speaker.as_ref().map_or("", |s| s.name.as_str())
}

/// The cue's text, or "" without a cue.
pub fn cue_text(q: &Quote) -> &str {
    q.cue.as_ref().map_or("", |c| c.text.as_str())
}

/// Quotes of a German text whose entities layer names `persons`.
pub fn german_with_persons(text: &str, persons: &[&str]) -> Vec<Quote> {
    let mut doc = Document::verbatim(
        Metadata {
            language: Some("de".into()),
            ..Default::default()
        },
        text.into(),
    );
    let entities: Vec<serde_json::Value> = persons
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let byte_start = text
                .find(name)
                .unwrap_or_else(|| panic!("{name} not in text"));
            let start = text[..byte_start].chars().count();
            serde_json::json!({
                "id": format!("e{i}"), "name": name, "type": "PER",
                "mentions": [{"start": start, "end": start + name.chars().count(), "text": name}]
            })
        })
        .collect();
    let layer: Entities =
        serde_json::from_value(serde_json::Value::Array(entities)).expect("entities layer JSON");
    doc.set_layer(layer);
    find_quotes(&doc).0
}

/// The text a quote's speaker span covers.
pub fn speaker_mention(text: &str, q: &Quote) -> String {
    let Some(s) = q.speaker.as_ref() else {
        panic!("no speaker: {q:#?}");
    };
    text.chars().skip(s.start).take(s.end - s.start).collect()
}
