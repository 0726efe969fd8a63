//! The pipeline stages that put language, sentences and tokens on a
//! [`Document`].

use crate::{detect_language, sentences, tokens, Lang};
use lagebild_core::{Document, Span, Stage, StageError};
use std::ops::Range;

/// Sets `doc.language` to `de`, `en` or `other` from the text, unless the
/// input already gave a language (a `lang` field or `--lang` wins: the
/// caller knows their corpus better than trigram statistics do).
#[derive(Debug, Default, Clone, Copy)]
pub struct LanguageStage;

impl Stage for LanguageStage {
    fn name(&self) -> &'static str {
        "language"
    }

    fn annotate(&self, doc: &mut Document) -> Result<(), StageError> {
        let given = doc.language.as_deref().map(str::trim).filter(|code| !code.is_empty());
        let lang = match given {
            Some(code) => Lang::from_code(code),
            None => detect_language(body_sample(doc)),
        };
        doc.language = Some(lang.code().to_string());
        Ok(())
    }
}

/// The text detection looks at: from the first body zone on when there is
/// one (titles are short and often full of names), else the whole text.
fn body_sample(doc: &Document) -> &str {
    let text = doc.text();
    match doc.body_zones().next() {
        Some(zone) => &text[doc.index().bytes(Span::new(zone.span.start, doc.index().char_len()))],
        None => text,
    }
}

/// Fills `doc.sentences` and `doc.tokens` (code-point spans). Each zone is
/// segmented on its own, so no sentence crosses from a title into the
/// teaser or from one paragraph into the next; a document without zones is
/// segmented as one block. Uses the rules of `doc.language` (run
/// [`LanguageStage`] first), and the combined rules when it is unknown.
#[derive(Debug, Default, Clone, Copy)]
pub struct SegmentStage;

impl Stage for SegmentStage {
    fn name(&self) -> &'static str {
        "segment"
    }

    fn annotate(&self, doc: &mut Document) -> Result<(), StageError> {
        let lang = doc.language.as_deref().map_or(Lang::Other, Lang::from_code);
        let text = doc.text();
        let index = doc.index();
        let blocks: Vec<Range<usize>> = if doc.zones.is_empty() {
            vec![0..text.len()]
        } else {
            doc.zones.iter().map(|zone| index.bytes(zone.span)).collect()
        };
        let mut sentence_spans = Vec::new();
        let mut token_spans = Vec::new();
        for block in blocks {
            let block_text = &text[block.clone()];
            let shift = |r: Range<usize>| index.span(block.start + r.start..block.start + r.end);
            sentence_spans.extend(sentences(block_text, lang).into_iter().map(shift));
            token_spans.extend(tokens(block_text).map(|t| shift(t.range)));
        }
        doc.sentences = sentence_spans;
        doc.tokens = token_spans;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lagebild_core::{Article, Metadata, Section};

    fn article(language: Option<&str>) -> Document {
        Document::from_article(Article {
            meta: Metadata { language: language.map(String::from), ..Default::default() },
            title: Some("Kim trifft Putin in Wladiwostok".into()),
            teaser: Some("Der nordkoreanische Machthaber reist nach Russland. Was will er dort?".into()),
            sections: vec![Section {
                heading: Some("Was hat Nordkorea Russland zu bieten".into()),
                paragraphs: vec!["Am 12. September kam er an. Über die Gespräche ist wenig bekannt.".into()],
            }],
            ..Default::default()
        })
    }

    #[test]
    fn language_is_detected_unless_given() {
        let mut doc = article(None);
        LanguageStage.annotate(&mut doc).unwrap();
        assert_eq!(doc.language.as_deref(), Some("de"));
        let mut doc = article(Some("en-GB"));
        LanguageStage.annotate(&mut doc).unwrap();
        assert_eq!(doc.language.as_deref(), Some("en"));
        let mut doc = article(Some("fr"));
        LanguageStage.annotate(&mut doc).unwrap();
        assert_eq!(doc.language.as_deref(), Some("other"));
    }

    #[test]
    fn sentences_stay_inside_zones_and_use_code_points() {
        let mut doc = article(Some("de"));
        SegmentStage.annotate(&mut doc).unwrap();
        let found: Vec<&str> = doc.sentences.iter().map(|s| doc.slice(*s)).collect();
        assert_eq!(
            found,
            [
                "Kim trifft Putin in Wladiwostok",
                "Der nordkoreanische Machthaber reist nach Russland.",
                "Was will er dort?",
                "Was hat Nordkorea Russland zu bieten",
                "Am 12. September kam er an.",
                "Über die Gespräche ist wenig bekannt.",
            ]
        );
        for sentence in &doc.sentences {
            let zone = doc.zone_at(sentence.start).unwrap();
            assert!(zone.span.contains(sentence));
        }
        let last_token = doc.tokens.last().unwrap();
        assert_eq!(doc.slice(*last_token), ".");
        assert_eq!(last_token.end, doc.text().chars().count());
        assert!(doc.tokens.iter().any(|t| doc.slice(*t) == "Über"));
    }

    #[test]
    fn document_without_zones_is_one_block() {
        let mut doc = Document::from_article(Article::default());
        SegmentStage.annotate(&mut doc).unwrap();
        assert!(doc.sentences.is_empty() && doc.tokens.is_empty());
        let mut doc: Document = serde_json::from_str(r#"{"text":"Größer. Kleiner."}"#).unwrap();
        SegmentStage.annotate(&mut doc).unwrap();
        assert_eq!(doc.sentences, [Span::new(0, 7), Span::new(8, 16)]);
    }
}
