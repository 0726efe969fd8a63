//! Actor mentions in a sentence: entities from the `entities` layer when it
//! is present, plus what the gazetteer knows (states by name, genitive,
//! capital or adjective; organisations; group and role nouns), merged so
//! that a person introduced by a state and an office acts for that state
//! ("Nordkoreas Machthaber Kim Jong Un", "der russische Staatschef Putin").

use crate::layer::Actor;
use crate::lexicon::{ActorKind, CueKind, Lexicon};
use crate::sentence::Sentence;
use lagebild_entities::{Entities, EntityType};
use std::collections::HashSet;

/// What a stretch of words is, before merging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PieceKind {
    /// A state or place (may stand for its government).
    State,
    /// A state adjective ("russische"): an actor only before a group or
    /// role noun, or before an event noun ("der russische Angriff").
    Adjective,
    /// An organisation.
    Org,
    /// A group noun ("die Polizei").
    Group,
    /// An office or title ("Präsident").
    Role,
    /// A person's name.
    Person,
}

/// An actor mention: words `first..=last` of the sentence.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub(crate) first: usize,
    pub(crate) last: usize,
    pub(crate) kind: PieceKind,
    pub(crate) genitive: bool,
    /// A state named by a compound prefix ("US-Präsident"), which
    /// introduces a person like a genitive does.
    pub(crate) prefixed: bool,
    pub(crate) actor: Actor,
}

/// Names learnt earlier in the document, so that "Putin" is known once
/// "Wladimir Putin" has been seen (when no entities layer tells).
#[derive(Debug, Default)]
pub(crate) struct KnownNames {
    /// Single words standing for a full name: "Putin" → "Wladimir Putin".
    short: std::collections::HashMap<String, String>,
}

impl KnownNames {
    fn learn(&mut self, full: &str) {
        let parts: Vec<&str> = full.split_whitespace().collect();
        if parts.len() >= 2 {
            for part in &parts {
                self.short
                    .entry(part.to_string())
                    .or_insert_with(|| full.to_string());
            }
        }
    }
}

/// Finds the actor mentions of a sentence, in word order.
pub(crate) fn find_mentions(
    sentence: &Sentence,
    lexicon: &Lexicon,
    entities: Option<&Entities>,
    trigger_words: &HashSet<usize>,
    known: &mut KnownNames,
) -> Vec<Mention> {
    let words = &sentence.words;
    let mut pieces: Vec<Mention> = Vec::new();
    let mut covered = vec![false; words.len()];
    if let Some(entities) = entities {
        for entity in &entities.0 {
            let kind = match entity.entity_type {
                EntityType::Per => PieceKind::Person,
                EntityType::Org => PieceKind::Org,
                EntityType::Loc => PieceKind::State,
                EntityType::Misc => continue,
            };
            for mention in &entity.mentions {
                if mention.end <= sentence.span.start || mention.start >= sentence.span.end {
                    continue;
                }
                let inside: Vec<usize> = (0..words.len())
                    .filter(|&i| words[i].start >= mention.start && words[i].end <= mention.end)
                    .collect();
                let (Some(&first), Some(&last)) = (inside.first(), inside.last()) else {
                    continue;
                };
                if (first..=last).any(|i| covered[i]) {
                    continue;
                }
                (first..=last).for_each(|i| covered[i] = true);
                let genitive = kind == PieceKind::State
                    && mention.text.ends_with('s')
                    && !entity.name.ends_with('s');
                pieces.push(Mention {
                    first,
                    last,
                    kind,
                    genitive,
                    prefixed: false,
                    actor: Actor {
                        entity: Some(entity.id.clone()),
                        name: entity.name.clone(),
                        text: mention.text.clone(),
                        start: words[first].start,
                        end: words[last].end,
                    },
                });
            }
        }
    }
    let mut i = 0;
    while i < words.len() {
        if covered[i] || !words[i].is_word {
            i += 1;
            continue;
        }
        if let Some((len, piece)) = gazetteer_piece(sentence, lexicon, i, &covered, trigger_words) {
            (i..i + len).for_each(|j| covered[j] = true);
            pieces.push(piece);
            i += len;
            continue;
        }
        i += 1;
    }
    if entities.is_none() {
        pieces.extend(fallback_names(
            sentence,
            lexicon,
            &mut covered,
            trigger_words,
            known,
        ));
    }
    pieces.sort_by_key(|p| p.first);
    let mut merged = merge_affiliations(sentence, pieces);
    for mention in &merged {
        if mention.kind == PieceKind::Person {
            known.learn(&mention.actor.name);
        }
    }
    // A state adjective left alone is an actor only before an event noun
    // ("der russische Angriff") or after a preposition ("gegen russische
    // Banken").
    merged.retain(|m| {
        m.kind != PieceKind::Adjective
            || sentence
                .next_word(m.last)
                .is_some_and(|n| trigger_words.contains(&n))
            || governed_by_preposition(sentence, lexicon, m.first)
    });
    link_entities(&mut merged, entities);
    merged
}

/// A gazetteer actor starting at word `i`: the longest multi-word name,
/// else a state adjective, a prefixed compound ("US-Regierung") or a
/// compound of a group or role noun ("Bundesregierung").
fn gazetteer_piece(
    sentence: &Sentence,
    lexicon: &Lexicon,
    i: usize,
    covered: &[bool],
    trigger_words: &HashSet<usize>,
) -> Option<(usize, Mention)> {
    let words = &sentence.words;
    let piece = |len: usize, kind: PieceKind, name: &str, genitive: bool, prefixed: bool| {
        let (first, last) = (i, i + len - 1);
        let text = words[first..=last]
            .iter()
            .map(|w| w.text)
            .collect::<Vec<_>>()
            .join(" ");
        (
            len,
            Mention {
                first,
                last,
                kind,
                genitive,
                prefixed,
                actor: Actor {
                    entity: None,
                    name: name.to_string(),
                    text,
                    start: words[first].start,
                    end: words[last].end,
                },
            },
        )
    };
    for len in (1..=lexicon.longest_actor.min(words.len() - i)).rev() {
        if (i..i + len).any(|j| covered[j] || !words[j].is_word) {
            continue;
        }
        let key: Vec<String> = words[i..i + len]
            .iter()
            .map(|w| w.text.to_string())
            .collect();
        if let Some(entry) = lexicon.actors.get(&key) {
            let kind = match entry.kind {
                ActorKind::State => PieceKind::State,
                ActorKind::Org => PieceKind::Org,
                ActorKind::Group => PieceKind::Group,
                ActorKind::Role => PieceKind::Role,
                ActorKind::Adjective | ActorKind::Prefix => continue,
            };
            return Some(piece(len, kind, &entry.canonical, entry.genitive, false));
        }
    }
    let word = words[i].text;
    let lower = word.to_lowercase();
    for (stem, state) in &lexicon.adjectives {
        if let Some(ending) = lower.strip_prefix(stem.as_str()) {
            if matches!(ending, "" | "e" | "en" | "er" | "es" | "em") {
                return Some(piece(1, PieceKind::Adjective, state, false, false));
            }
        }
    }
    for (prefix, actor) in &lexicon.prefixes {
        if let Some(rest) = word.strip_prefix(prefix.as_str()) {
            if is_group_or_role(lexicon, rest) {
                return Some(piece(1, PieceKind::State, actor, false, true));
            }
        }
    }
    if words[i].capitalised() && !trigger_words.contains(&i) {
        for (head, kind, canonical) in &lexicon.compound_heads {
            if lower.len() > head.len() && lower.ends_with(head.as_str()) {
                let kind = if *kind == ActorKind::Role {
                    PieceKind::Role
                } else {
                    PieceKind::Group
                };
                return Some(piece(1, kind, canonical, false, false));
            }
        }
    }
    None
}

/// True when a preposition (possibly followed by an article) stands right
/// before word `i`.
fn governed_by_preposition(sentence: &Sentence, lexicon: &Lexicon, i: usize) -> bool {
    let Some(p) = sentence.previous_word(i) else {
        return false;
    };
    lexicon.is_cue(CueKind::Preposition, sentence.words[p].text)
        || (lexicon.is_cue(CueKind::Function, sentence.words[p].text)
            && sentence
                .previous_word(p)
                .is_some_and(|q| lexicon.is_cue(CueKind::Preposition, sentence.words[q].text)))
}

fn is_group_or_role(lexicon: &Lexicon, word: &str) -> bool {
    let lower = word.to_lowercase();
    lexicon
        .actors
        .get(&vec![word.to_string()])
        .is_some_and(|e| matches!(e.kind, ActorKind::Group | ActorKind::Role))
        || lexicon
            .compound_heads
            .iter()
            .any(|(head, _, _)| lower.ends_with(head.as_str()))
}

/// Person names when no entities layer is present: names seen in full
/// earlier in the document, two or more capitalised words in a row that
/// are not function words or triggers, and one capitalised word after an
/// office ("Präsident Putin").
fn fallback_names(
    sentence: &Sentence,
    lexicon: &Lexicon,
    covered: &mut [bool],
    trigger_words: &HashSet<usize>,
    known: &KnownNames,
) -> Vec<Mention> {
    let words = &sentence.words;
    let taken = covered.to_vec();
    let is_name_word = |i: usize| {
        let w = &words[i];
        w.is_word
            && !taken[i]
            && w.capitalised()
            && !trigger_words.contains(&i)
            && !lexicon.is_cue(CueKind::Function, w.text)
            && !w
                .text
                .chars()
                .all(|c| c.is_uppercase() || !c.is_alphabetic()) // acronyms are organisations, not persons
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !is_name_word(i) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < words.len() && is_name_word(j + 1) {
            j += 1;
        }
        let after_role = i > 0 && taken[i - 1] && is_role_word(lexicon, words[i - 1].text);
        let word = words[i].text;
        let seen = known
            .short
            .get(word)
            .or_else(|| known.short.get(word.strip_suffix('s').unwrap_or(word)))
            .filter(|_| i == j);
        if j > i || after_role || seen.is_some() {
            let text = words[i..=j]
                .iter()
                .map(|w| w.text)
                .collect::<Vec<_>>()
                .join(" ");
            let name = match seen {
                Some(full) => full.clone(),
                None => text.clone(),
            };
            let genitive = i == j && words[i].text.ends_with('s') && !name.ends_with('s');
            (i..=j).for_each(|k| covered[k] = true);
            out.push(Mention {
                first: i,
                last: j,
                kind: PieceKind::Person,
                genitive,
                prefixed: false,
                actor: Actor {
                    entity: None,
                    name,
                    text,
                    start: words[i].start,
                    end: words[j].end,
                },
            });
        }
        i = j + 1;
    }
    out
}

fn is_role_word(lexicon: &Lexicon, word: &str) -> bool {
    lexicon
        .actors
        .get(&vec![word.to_string()])
        .is_some_and(|e| e.kind == ActorKind::Role)
        || lexicon.compound_heads.iter().any(|(head, kind, _)| {
            *kind == ActorKind::Role && word.to_lowercase().ends_with(head.as_str())
        })
}

/// Merges "state (genitive or adjective) + office/group [+ person]" into
/// one mention of the state, and "office + person" into the person.
fn merge_affiliations(sentence: &Sentence, pieces: Vec<Mention>) -> Vec<Mention> {
    let adjacent = |a: &Mention, b: &Mention| sentence.next_word(a.last) == Some(b.first);
    let mut out: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let head = &pieces[i];
        let introduces = head.kind == PieceKind::Adjective
            || (head.kind == PieceKind::State && (head.genitive || head.prefixed));
        // "die russische Wagner-Söldnertruppe": the organisation acts.
        if head.kind == PieceKind::Adjective
            && pieces
                .get(i + 1)
                .is_some_and(|next| next.kind == PieceKind::Org && adjacent(head, next))
        {
            i += 1;
            continue;
        }
        let mut j = i;
        if introduces || head.kind == PieceKind::Role {
            if j + 1 < pieces.len()
                && adjacent(&pieces[j], &pieces[j + 1])
                && matches!(pieces[j + 1].kind, PieceKind::Role | PieceKind::Group)
                && introduces
            {
                j += 1;
            }
            if j + 1 < pieces.len()
                && adjacent(&pieces[j], &pieces[j + 1])
                && pieces[j + 1].kind == PieceKind::Person
                && (j > i || head.kind == PieceKind::Role || head.prefixed)
            {
                j += 1;
            }
        }
        if j == i {
            out.push(pieces[i].clone());
        } else {
            let last = &pieces[j];
            let words = &sentence.words;
            let text = words[head.first..=last.last]
                .iter()
                .map(|w| w.text)
                .collect::<Vec<_>>()
                .join(" ");
            let (kind, actor_of) = if introduces {
                (PieceKind::State, head)
            } else {
                (PieceKind::Person, last)
            };
            out.push(Mention {
                first: head.first,
                last: last.last,
                kind,
                genitive: false,
                prefixed: false,
                actor: Actor {
                    entity: actor_of.actor.entity.clone(),
                    name: actor_of.actor.name.clone(),
                    text,
                    start: head.actor.start,
                    end: last.actor.end,
                },
            });
        }
        i = j + 1;
    }
    out
}

/// Gives a gazetteer actor the id of the entity with the same name, so
/// that events link to the entities layer whenever it knows the actor.
fn link_entities(mentions: &mut [Mention], entities: Option<&Entities>) {
    let Some(entities) = entities else { return };
    for mention in mentions.iter_mut().filter(|m| m.actor.entity.is_none()) {
        if let Some(entity) = entities
            .0
            .iter()
            .find(|e| e.name == mention.actor.name || e.aliases.contains(&mention.actor.name))
        {
            mention.actor.entity = Some(entity.id.clone());
            mention.actor.name = entity.name.clone();
        }
    }
}
