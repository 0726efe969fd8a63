//! The `entities` stage: tags every sentence of an article (title, teaser,
//! body and captions alike), turns the tagged spans into mentions — names
//! inside compounds included — and merges them into the `entities` layer.

use crate::lexicon::{flag, Gazetteer, Lexicon};
use crate::merge::{merge, RawMention};
use crate::places::PlaceTable;
use crate::tagger::{TagScratch, Tagger};
use crate::{EntityType, Language};
use lagebild_core::{Document, Span, Stage, StageError};
use std::collections::HashMap;

/// Lowercase forms at least this frequent (natural log-probability) are
/// common words, not names ("Raketen-Truppe" names no organisation).
const COMMON_WORD_LOG_PROB: i8 = -13;

/// Sentences longer than this are tagged in windows of this many tokens, so
/// a text without sentence breaks (hostile or broken input) keeps memory
/// bounded.
const MAX_WINDOW_TOKENS: usize = 400;

/// Adds the `entities` layer. Uses `doc.sentences` and `doc.tokens` from the
/// segmentation stage, or segments the text itself when they are missing.
/// German model unless `doc.language` is `en`.
#[derive(Debug, Default, Clone, Copy)]
pub struct EntitiesStage;

impl Stage for EntitiesStage {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn annotate(&self, doc: &mut Document) -> Result<(), StageError> {
        let language = match doc.language.as_deref() {
            Some("en") => Language::En,
            _ => Language::De,
        };
        let tagger = Tagger::builtin(language).map_err(|e| StageError::new(e.to_string()))?;
        let mentions = find_mentions(doc, tagger);
        doc.set_layer(merge(mentions));
        Ok(())
    }
}

/// Token and sentence spans of a document, computed here when the
/// segmentation stage did not run.
fn segmentation(doc: &Document, language: Language) -> (Vec<Span>, Vec<Span>) {
    let text = doc.text();
    let tokens = if doc.tokens.is_empty() {
        lagebild_text::tokens(text)
            .map(|t| doc.span_of_bytes(t.range))
            .collect()
    } else {
        doc.tokens.clone()
    };
    let sentences = if doc.sentences.is_empty() {
        let lang = lagebild_text::Lang::from_code(language.code());
        lagebild_text::sentences(text, lang)
            .into_iter()
            .map(|r| doc.span_of_bytes(r))
            .collect()
    } else {
        doc.sentences.clone()
    };
    (tokens, sentences)
}

/// Every mention the tagger finds in the document, plus names inside
/// hyphenated compounds that name a known place or another mention.
pub(crate) fn find_mentions(doc: &Document, tagger: &Tagger) -> Vec<RawMention> {
    let (tokens, sentences) = segmentation(doc, tagger.language());
    let mut mentions: Vec<RawMention> = Vec::new();
    let mut scratch = TagScratch::default();
    let mut words: Vec<&str> = Vec::new();
    let mut covered = vec![false; tokens.len()];
    let mut next_token = 0;
    for sentence in &sentences {
        while next_token < tokens.len() && tokens[next_token].start < sentence.start {
            next_token += 1;
        }
        let first = next_token;
        while next_token < tokens.len() && tokens[next_token].end <= sentence.end {
            next_token += 1;
        }
        for window_start in (first..next_token).step_by(MAX_WINDOW_TOKENS) {
            let window = &tokens[window_start..(window_start + MAX_WINDOW_TOKENS).min(next_token)];
            words.clear();
            words.extend(window.iter().map(|&t| doc.slice(t)));
            // Token end of the last person span of this window.
            let mut person_end = None;
            for span in tagger.tag_with(&words, &mut scratch) {
                // Two person spans side by side are one name the tagger
                // split ("Cho | Han Bum"): in GermEval train only 28 of
                // 7,679 person names follow another directly.
                if span.entity_type == EntityType::Per
                    && !span.part
                    && person_end == Some(span.start)
                {
                    if let Some(previous) = mentions.last_mut() {
                        let end = window[span.end - 1].end;
                        previous.end = end;
                        previous.text = doc.slice(Span::new(previous.start, end)).to_string();
                        covered[window_start + span.start..window_start + span.end].fill(true);
                        person_end = Some(span.end);
                        continue;
                    }
                }
                let start = window[span.start].start;
                let after_genitive_article = span.start > 0
                    && GENITIVE_ARTICLES.contains(&words[span.start - 1])
                    && tagger.language() == Language::De;
                if span.part {
                    if let Some(m) = compound_head(doc, window[span.start], span.entity_type) {
                        mentions.push(m);
                        covered[window_start + span.start] = true;
                    }
                    continue;
                }
                let mut last = span.end;
                if span.entity_type == EntityType::Org {
                    last += name_continuation(&words[span.end..]);
                }
                let end = window[last - 1].end;
                mentions.push(RawMention {
                    start,
                    end,
                    text: doc.slice(Span::new(start, end)).to_string(),
                    entity_type: span.entity_type,
                    after_genitive_article,
                });
                covered[window_start + span.start..window_start + last].fill(true);
                person_end = (span.entity_type == EntityType::Per).then_some(last);
            }
        }
    }
    mentions.extend(compounds_of_known_names(
        doc,
        tagger.language(),
        &tokens,
        &covered,
        &mentions,
    ));
    mentions
}

/// German articles of the genitive singular: a name right after one may
/// carry the genitive ending ("des Sicherheitsrates").
const GENITIVE_ARTICLES: &[&str] = &["des", "eines", "dieses", "jenes"];

/// Prepositions that continue an organisation's name with capitalised words
/// ("Korea-Institut für Nationale Vereinigung", "Institute of Physics").
const NAME_PREPOSITIONS: &[&str] = &["für", "for", "of"];

/// How many of `following` tokens continue an organisation name the tagger
/// cut short: a naming preposition and the capitalised words after it
/// (joined by "und"/"and" only when another capitalised word follows).
fn name_continuation(following: &[&str]) -> usize {
    let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    if !following
        .first()
        .is_some_and(|w| NAME_PREPOSITIONS.contains(w))
    {
        return 0;
    }
    let mut taken = 1;
    while taken < following.len() {
        let word = following[taken];
        if capitalised(&word) {
            taken += 1;
        } else if (word == "und" || word == "and")
            && taken > 1
            && following.get(taken + 1).is_some_and(capitalised)
        {
            taken += 2;
        } else {
            break;
        }
    }
    if taken > 1 {
        taken
    } else {
        0
    }
}

/// The name part of a compound token ("Wagner" of "Wagner-Söldnertruppe",
/// "US" of "US-Regierung"): everything before the last hyphen, when that
/// starts with a capital and something follows the hyphen.
fn compound_head(doc: &Document, token: Span, entity_type: EntityType) -> Option<RawMention> {
    let text = doc.slice(token);
    let (head, tail) = text.rsplit_once('-')?;
    if head.is_empty() || tail.is_empty() || !head.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let end = token.start + head.chars().count();
    Some(RawMention {
        start: token.start,
        end,
        text: head.to_string(),
        entity_type,
        after_genitive_article: false,
    })
}

/// Compounds the tagger left alone whose head is a known place
/// ("Nordkorea-Experte"), a name mentioned elsewhere in the article, or a
/// rare capitalised word before an organisation word ("Wagner-Söldnertruppe").
fn compounds_of_known_names(
    doc: &Document,
    language: Language,
    tokens: &[Span],
    covered: &[bool],
    mentions: &[RawMention],
) -> Vec<RawMention> {
    let known: HashMap<&str, EntityType> = mentions
        .iter()
        .map(|m| (m.text.as_str(), m.entity_type))
        .collect();
    let places = PlaceTable::get();
    let gazetteer = Gazetteer::get(language);
    let lexicon = Lexicon::get(language);
    let names_organisation = |compound: &str, head: &str| {
        let tail = compound.rsplit('-').next().unwrap_or(compound);
        let org_tail = gazetteer.flags(tail, &tail.to_lowercase())
            & (flag::ORG_CUE | flag::ORG_CUE_SUFFIX)
            != 0;
        let common_word = lexicon
            .lookup(&head.to_lowercase())
            .is_some_and(|w| w.log_prob >= COMMON_WORD_LOG_PROB);
        org_tail && !common_word
    };
    let mut found = Vec::new();
    for (i, &token) in tokens.iter().enumerate() {
        if covered[i] {
            continue;
        }
        let Some(candidate) = compound_head(doc, token, EntityType::Misc) else {
            continue;
        };
        let entity_type = if places.lookup(&candidate.text).is_some() {
            Some(EntityType::Loc)
        } else if let Some(&known_type) = known.get(candidate.text.as_str()) {
            Some(known_type)
        } else if names_organisation(doc.slice(token), &candidate.text) {
            Some(EntityType::Org)
        } else {
            None
        };
        if let Some(entity_type) = entity_type {
            found.push(RawMention {
                entity_type,
                ..candidate
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Entities;
    use lagebild_core::Metadata;

    fn document(text: &str) -> Document {
        Document::verbatim(Metadata::default(), text.to_string())
    }

    #[test]
    fn segments_itself_when_no_stage_did() {
        let mut doc =
            document("Wladimir Putin empfing Kim Jong Un in Moskau. Putin lobte Pjöngjang.");
        EntitiesStage.annotate(&mut doc).unwrap();
        let entities = doc.layer::<Entities>().unwrap();
        let putin = entities
            .0
            .iter()
            .find(|e| e.name == "Wladimir Putin")
            .unwrap();
        assert_eq!(putin.mentions.len(), 2);
        for mention in &putin.mentions {
            assert_eq!(
                doc.slice(Span::new(mention.start, mention.end)),
                mention.text
            );
        }
        let pyongyang = entities.0.iter().find(|e| e.name == "Pjöngjang").unwrap();
        assert_eq!(pyongyang.country.as_deref(), Some("KP"));
    }

    #[test]
    fn compound_heads() {
        let doc = document("US-Regierung Atom- Nordkorea-Experte");
        let head = |start, end| {
            compound_head(&doc, Span::new(start, end), EntityType::Loc).map(|m| m.text)
        };
        assert_eq!(head(0, 12).as_deref(), Some("US"));
        assert_eq!(head(13, 18), None);
        assert_eq!(head(19, 36).as_deref(), Some("Nordkorea"));
    }

    #[test]
    fn organisation_names_continue_over_fuer() {
        assert_eq!(
            name_continuation(&["für", "Nationale", "Vereinigung", "mit"]),
            3
        );
        assert_eq!(name_continuation(&["für", "die"]), 0);
        assert_eq!(name_continuation(&["mit", "Sitz"]), 0);
    }

    #[test]
    fn hostile_text_without_sentence_breaks_is_tagged_in_windows() {
        let text = "Berlin und Moskau ".repeat(1500) + "\u{0}\u{202e}🙂 -- - ‐";
        let mut doc = document(&text);
        EntitiesStage.annotate(&mut doc).unwrap();
        let entities = doc.layer::<Entities>().unwrap();
        assert!(entities
            .0
            .iter()
            .any(|e| e.key.as_deref() == Some("ru:moscow")));
    }
}
