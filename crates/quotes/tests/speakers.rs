//! Speaker resolution, one invented article per construction: who said
//! it, and which mention in the text the speaker span points to.

use lagebild_core::{Document, Metadata};
use lagebild_quotes::{find_quotes, Quote};

fn german(text: &str) -> Vec<Quote> {
    let meta = Metadata {
        language: Some("de".into()),
        ..Default::default()
    };
    find_quotes(&Document::verbatim(meta, text.to_string())).0
}

/// The quote whose text starts with `start`, failing with the full list.
fn quote<'a>(all: &'a [Quote], start: &str) -> &'a Quote {
    all.iter()
        .find(|q| q.text.starts_with(start))
        .unwrap_or_else(|| panic!("no quote starting {start:?} in {all:#?}"))
}

fn speaker_name(q: &Quote) -> &str {
    q.speaker.as_ref().map_or("", |s| s.name.as_str())
}

/// The text a quote's speaker span covers.
fn speaker_mention(text: &str, q: &Quote) -> String {
    let Some(s) = q.speaker.as_ref() else {
        panic!("no speaker: {q:#?}");
    };
    text.chars().skip(s.start).take(s.end - s.start).collect()
}

#[test]
fn standalone_demonstrative_is_a_pronoun_subject() {
    let text = "Spector werde durch seinen Fahrer Adriano De Souza belastet. \
                Dieser behauptete, Spector sei ihm mit einer Pistole entgegengekommen.";
    let all = german(text);
    let q = quote(&all, "Spector sei");
    assert_eq!(speaker_mention(text, q), "Dieser");
}

#[test]
fn demonstrative_before_a_noun_is_no_pronoun() {
    let text = "Diese Behörde teilte am Montag mit, die Werte seien gestiegen.";
    let all = german(text);
    let q = quote(&all, "die Werte");
    assert_eq!(speaker_mention(text, q), "Diese Behörde");
}

#[test]
fn relative_pronoun_subject_stands_for_the_phrase_before_the_comma() {
    let text = "Die Firmen prüfen die Angaben eines Hackers, der behauptet, \
                den Code der neuen Geräte geknackt zu haben.";
    let all = german(text);
    let q = quote(&all, "den Code");
    assert_eq!(speaker_mention(text, q), "der");
    assert_eq!(speaker_name(q), "Hackers");
}

#[test]
fn relative_clause_before_the_main_verb_keeps_the_subject() {
    let text = "Der Forscher Paul Roth, der die Lücke fand, sagte, die Geräte seien unsicher.";
    let all = german(text);
    let q = quote(&all, "die Geräte");
    assert_eq!(speaker_name(q), "Paul Roth");
}

#[test]
fn wonach_takes_the_phrase_before_its_comma() {
    let text = "Anna Weber sprach am Montag in Berlin. \
                Für das Jahr 2002 gibt es eine Schätzung, wonach 53.000 Kinder betroffen seien.";
    let all = german(text);
    let q = quote(&all, "53.000");
    assert_eq!(speaker_mention(text, q), "eine Schätzung");
}
