//! The stern article of September 2023 (Kim and Putin), read from
//! `../shared/examples` (copyrighted: never copied into the repository).
//! Structure recovery and sentence splitting run first, as in `analyze`.

use lagebild_core::{Article, Document, Metadata, Stage};
use lagebild_quotes::{Quote, QuoteKind, Quotes, QuotesStage};

fn stern() -> Option<Document> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/examples/stern-2023-09-kim-putin.txt"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipping: {path} is missing (../shared not beside the repository)");
        return None;
    };
    let meta = Metadata {
        id: "stern".into(),
        language: Some("de".into()),
        ..Default::default()
    };
    let article = lagebild_ingest::recover_structure(
        &text,
        Article {
            meta,
            ..Default::default()
        },
    );
    let mut doc = Document::from_article(article);
    lagebild_text::SegmentStage
        .annotate(&mut doc)
        .expect("segmentation");
    QuotesStage.annotate(&mut doc).expect("quotes");
    Some(doc)
}

/// The quote of `kind` containing `words`, failing with all quotes.
fn find<'a>(quotes: &'a [Quote], kind: QuoteKind, words: &str) -> &'a Quote {
    quotes
        .iter()
        .find(|q| q.kind == kind && q.text.contains(words))
        .unwrap_or_else(|| panic!("no {kind:?} quote with {words:?} in {quotes:#?}"))
}

fn speaker(q: &Quote) -> (&str, Option<&str>) {
    let s = q
        .speaker
        .as_ref()
        .unwrap_or_else(|| panic!("no speaker for {q:#?}"));
    (s.name.as_str(), s.role.as_deref())
}

#[test]
fn who_said_what_in_the_stern_article() {
    let Some(doc) = stern() else { return };
    let quotes = &doc.layer::<Quotes>().expect("quotes layer").0;

    let direct = find(quotes, QuoteKind::Direct, "Nordkorea verfügt");
    let (name, role) = speaker(direct);
    assert_eq!(name, "Joseph Dempsey");
    assert!(
        role.is_some_and(|r| r.contains("International Institute for Strategic Studies")),
        "{role:?}"
    );

    let indirect = find(quotes, QuoteKind::Indirect, "Die moderneren");
    assert!(indirect.text.contains("seien"));
    assert_eq!(speaker(indirect).0, "Joseph Dempsey");
    let mention = indirect
        .speaker
        .as_ref()
        .map(|s| doc.slice(lagebild_core::Span::new(s.start, s.end)));
    assert_eq!(mention, Some("der Experte"));

    let mixed = find(quotes, QuoteKind::Mixed, "Schlüsseltechnologien");
    assert_eq!(speaker(mixed).0, "Joseph Dempsey");

    let cho = find(quotes, QuoteKind::Direct, "Russland exportiert");
    let (name, role) = speaker(cho);
    assert_eq!(name, "Cho Han Bum");
    assert!(
        role.is_some_and(|r| r.starts_with("Forscher am Korea-Institut")),
        "{role:?}"
    );

    for words in [
        "hinter verschlossenen Türen",
        "Verantwortung der internationalen Gemeinschaft",
    ] {
        let cheong = find(quotes, QuoteKind::Mixed, words);
        let (name, role) = speaker(cheong);
        assert_eq!(name, "Cheong Seong Chang");
        assert_eq!(
            role,
            Some("Nordkorea-Experte am südkoreanischen Sejong-Institut")
        );
    }

    let putin = find(quotes, QuoteKind::Mixed, "entschlossene Unterstützung");
    assert_eq!(speaker(putin).0, "Putin");
    assert_eq!(putin.cue.as_ref().map(|c| c.text.as_str()), Some("lobte"));

    let us = quotes
        .iter()
        .find(|q| q.text.starts_with("Der US-Regierung zufolge"))
        .unwrap_or_else(|| panic!("no US government claim in {quotes:#?}"));
    assert!(speaker(us).0.contains("US-Regierung"));
    assert_eq!(us.cue.as_ref().map(|c| c.text.as_str()), Some("zufolge"));
}
