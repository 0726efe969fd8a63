//! The acceptance example: the stern article of September 2023
//! (read from `../shared`, never copied into the repository), through the
//! time stage both as verbatim text and as the article `lagebild_ingest`
//! recovers from it.

use lagebild_core::{Article, Document, Metadata, Stage};
use lagebild_time::{Amounts, TimeStage, Times};
use std::path::PathBuf;

fn stern_text() -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/examples/stern-2023-09-kim-putin.txt");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            eprintln!(
                "skipped: {} not found (../shared is not beside the checkout)",
                path.display()
            );
            None
        }
    }
}

fn meta() -> Metadata {
    Metadata {
        language: Some("de".into()),
        published: Some("2023-09".into()),
        ..Metadata::default()
    }
}

/// The value of the time expression whose text contains `phrase`.
fn value_of<'a>(times: &'a Times, phrase: &str) -> &'a str {
    let found = times.0.iter().find(|t| t.text.contains(phrase));
    match found {
        Some(t) => &t.value,
        None => panic!(
            "no time expression contains {phrase:?}; found {:?}",
            times.0.iter().map(|t| &t.text).collect::<Vec<_>>()
        ),
    }
}

fn check(doc: &mut Document) {
    TimeStage::new().unwrap().annotate(doc).unwrap();
    let times = doc.layer::<Times>().expect("times layer");
    assert_eq!(value_of(times, "April 2019"), "2019-04");
    assert_eq!(value_of(times, "vergangenen Jahr"), "2022");
    assert_eq!(value_of(times, "75 Jahren"), "1948");
    assert_eq!(value_of(times, "80er Jahren"), "198");
    assert_eq!(value_of(times, "1991"), "1991");
    assert_eq!(value_of(times, "Jahr 2000"), "2000");
    assert_eq!(value_of(times, "Juli"), "2023-07");
    assert!(value_of(times, "vergangene Woche").starts_with("2023-W"));
    // Every span points at its text.
    for t in &times.0 {
        assert_eq!(doc.slice(lagebild_core::Span::new(t.start, t.end)), t.text);
    }
    let amounts = doc.layer::<Amounts>().expect("amounts layer");
    let steel = amounts
        .0
        .iter()
        .find(|a| a.text == "3000 Kilogramm")
        .expect("3000 Kilogramm");
    assert_eq!(
        (steel.value, steel.unit.as_deref(), steel.object.as_deref()),
        (3000.0, Some("kg"), Some("Stahl"))
    );
}

#[test]
fn stern_verbatim() {
    let Some(text) = stern_text() else { return };
    check(&mut Document::verbatim(meta(), text));
}

#[test]
fn stern_through_structure_recovery() {
    let Some(text) = stern_text() else { return };
    let article = lagebild_ingest::recover_structure(
        &text,
        Article {
            meta: meta(),
            ..Article::default()
        },
    );
    let mut doc = Document::from_article(article);
    assert!(
        doc.captions.iter().any(|c| c.contains("April 2019")) || doc.text().contains("April 2019")
    );
    check(&mut doc);
}
