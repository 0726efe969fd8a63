//! Merging an article's mentions into entities and normalising them:
//! German inflection (Nordkoreas → Nordkorea), partial person names
//! (Putin → Wladimir Putin), acronyms and their expansions (IISS ↔
//! International Institute for Strategic Studies) and places across
//! languages (Pjöngjang = Pyongyang → KP).

use crate::places::{Place, PlaceTable};
use crate::{Entities, Entity, EntityType, Mention};
use std::collections::HashMap;

/// A mention as the tagger found it, before merging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawMention {
    /// Code-point offsets in the document text.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The covered text.
    pub text: String,
    /// The tagger's class.
    pub entity_type: EntityType,
    /// Right after a German genitive article ("des UN-Sicherheitsrates"),
    /// so a final -es/-s is inflection.
    pub after_genitive_article: bool,
}

/// Words left out when forming an acronym ("Institute *for* Strategic
/// Studies" → IISS).
const ACRONYM_SKIPPED: &[&str] = &[
    "of", "for", "the", "and", "on", "in", "für", "der", "die", "das", "des", "und", "von", "zur",
    "zum", "de", "la",
];

/// Union–find over mention groups.
struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    fn new(n: usize) -> Self {
        Groups {
            parent: (0..n).collect(),
        }
    }
    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.parent[b.max(a)] = b.min(a);
        }
    }
}

/// The form a mention is merged by: whitespace collapsed, genitive -s or
/// apostrophe-s removed when the bare form is known (another mention or a
/// place name) or the mention follows a genitive article.
fn base_form(mention: &RawMention, known: &HashMap<String, usize>, places: &PlaceTable) -> String {
    let form = mention
        .text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for suffix in ["’s", "'s", "s"] {
        if let Some(stem) = form.strip_suffix(suffix) {
            if stem.chars().count() >= 3
                && (known.contains_key(stem) || lookup_place(places, stem).is_some())
            {
                return stem.to_string();
            }
        }
    }
    if mention.after_genitive_article {
        // "des Sicherheitsrates" → "Sicherheitsrat", "des Kremls" → "Kreml".
        for suffix in ["es", "s"] {
            if let Some(stem) = form.strip_suffix(suffix) {
                if stem.chars().count() >= 3 {
                    return stem.to_string();
                }
            }
        }
    }
    form
}

/// A place by name, also in an inflected adjective form ("Vereinigten
/// Staaten", "Russischen Föderation" → "-e").
pub(crate) fn lookup_place<'a>(places: &'a PlaceTable, name: &str) -> Option<&'a Place> {
    places.lookup(name).or_else(|| {
        if !name.contains(' ') {
            return None;
        }
        let words: Vec<&str> = name.split(' ').collect();
        let last = words.len() - 1;
        let nominative: Vec<&str> = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i < last {
                    w.strip_suffix('n')
                        .filter(|s| s.ends_with('e'))
                        .unwrap_or(w)
                } else {
                    w
                }
            })
            .collect();
        places.lookup(&nominative.join(" "))
    })
}

/// Expansions an acronym could stand for within a multi-word name: the
/// initials of its significant words from each word on, with the words they
/// cover ("Denkfabrik International Institute for Strategic Studies" offers
/// DIISS for the whole and IISS for "International … Studies").
fn expansions(name: &str) -> Vec<(String, String)> {
    let words: Vec<&str> = name.split(' ').collect();
    let mut out = Vec::new();
    for from in 0..words.len().saturating_sub(1) {
        let tail = &words[from..];
        if ACRONYM_SKIPPED.contains(&tail[0].to_lowercase().as_str()) {
            continue;
        }
        let letters: String = tail
            .iter()
            .filter(|w| !ACRONYM_SKIPPED.contains(&w.to_lowercase().as_str()))
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect();
        if letters.chars().count() >= 2 {
            out.push((letters, tail.join(" ")));
        }
    }
    out
}

fn is_acronym(form: &str) -> bool {
    let letters = form.chars().filter(|c| c.is_alphabetic()).count();
    (2..=8).contains(&letters)
        && form
            .chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '&')
}

/// Builds the `entities` layer from the mentions of one article.
pub(crate) fn merge(mut mentions: Vec<RawMention>) -> Entities {
    mentions.sort_by_key(|m| (m.start, m.end));
    mentions.dedup_by(|a, b| a.start == b.start && a.end == b.end);
    let places = PlaceTable::get();
    let mut known: HashMap<String, usize> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        known
            .entry(m.text.split_whitespace().collect::<Vec<_>>().join(" "))
            .or_insert(i);
    }
    let mut forms: Vec<String> = mentions
        .iter()
        .map(|m| base_form(m, &known, places))
        .collect();
    let place_of: Vec<Option<&Place>> = forms.iter().map(|f| lookup_place(places, f)).collect();
    let mut groups = Groups::new(mentions.len());

    // Acronyms and their expansions; an expansion found inside a longer
    // mention ("Denkfabrik International …") becomes that mention's form.
    let acronyms: HashMap<String, usize> = forms
        .iter()
        .enumerate()
        .filter(|(_, f)| is_acronym(f))
        .map(|(i, f)| (f.replace('.', ""), i))
        .collect();
    for (i, form) in forms.iter_mut().enumerate() {
        let found = expansions(form)
            .into_iter()
            .find_map(|(letters, words)| acronyms.get(&letters).map(|&a| (a, words)));
        if let Some((acronym, expansion)) = found {
            groups.union(i, acronym);
            *form = expansion;
        }
    }

    // Same form, or the same place under another name.
    let mut by_form: HashMap<&str, usize> = HashMap::new();
    let mut by_place: HashMap<&str, usize> = HashMap::new();
    for i in 0..mentions.len() {
        if let Some(&j) = by_form.get(forms[i].as_str()) {
            groups.union(i, j);
        } else {
            by_form.insert(&forms[i], i);
        }
        if let Some(place) = place_of[i] {
            match by_place.get(place.key.as_str()) {
                Some(&j) => groups.union(i, j),
                None => {
                    by_place.insert(&place.key, i);
                }
            }
        }
    }

    // Partial person names: a shorter PER form whose words are the first or
    // last words of a longer one joins the longer name mentioned most.
    let person_forms: Vec<(usize, Vec<&str>)> = by_form
        .iter()
        .filter(|(_, &i)| mentions[i].entity_type == EntityType::Per)
        .map(|(f, &i)| (i, f.split(' ').collect()))
        .collect();
    let mention_count = |form: &str| forms.iter().filter(|f| f.as_str() == form).count();
    for (short, short_words) in &person_forms {
        let best = person_forms
            .iter()
            .filter(|(_, long_words)| {
                long_words.len() > short_words.len()
                    && (long_words.ends_with(short_words) || long_words.starts_with(short_words))
            })
            .max_by_key(|(long, _)| {
                (
                    mention_count(&forms[*long]),
                    std::cmp::Reverse(mentions[*long].start),
                )
            });
        if let Some((long, _)) = best {
            groups.union(*short, *long);
        }
    }

    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut slot_of_root: HashMap<usize, usize> = HashMap::new();
    for i in 0..mentions.len() {
        let root = groups.find(i);
        let slot = *slot_of_root.entry(root).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[slot].push(i);
    }
    let entities = members
        .iter()
        .enumerate()
        .map(|(n, group)| build_entity(n + 1, group, &mentions, &forms, &place_of))
        .collect();
    Entities(entities)
}

fn build_entity(
    number: usize,
    group: &[usize],
    mentions: &[RawMention],
    forms: &[String],
    place_of: &[Option<&Place>],
) -> Entity {
    let mut type_votes: HashMap<EntityType, usize> = HashMap::new();
    for &i in group {
        *type_votes.entry(mentions[i].entity_type).or_insert(0) += 1;
    }
    let place = group.iter().find_map(|&i| place_of[i]);
    let entity_type = if place.is_some() {
        EntityType::Loc
    } else {
        type_votes
            .iter()
            .max_by_key(|(t, &c)| (c, std::cmp::Reverse(**t)))
            .map_or(EntityType::Misc, |(t, _)| *t)
    };
    // Canonical name: for places the most frequent table name used; else the
    // longest form (an acronym's expansion, a person's full name).
    let mut distinct: Vec<&str> = Vec::new();
    for &i in group {
        if !distinct.contains(&forms[i].as_str()) {
            distinct.push(&forms[i]);
        }
    }
    let count = |form: &str| group.iter().filter(|&&i| forms[i] == form).count();
    let name = match place {
        Some(_) => distinct
            .iter()
            .filter(|f| lookup_place(PlaceTable::get(), f).is_some())
            .enumerate()
            .max_by_key(|(position, f)| (count(f), std::cmp::Reverse(*position)))
            .map(|(_, f)| *f)
            .unwrap_or(distinct[0]),
        None => distinct
            .iter()
            .enumerate()
            .max_by_key(|(position, f)| (f.chars().count(), count(f), std::cmp::Reverse(*position)))
            .map_or("", |(_, f)| *f),
    }
    .to_string();
    let mut aliases: Vec<String> = distinct
        .iter()
        .filter(|f| **f != name)
        .map(|f| f.to_string())
        .collect();
    if let Some(place) = place {
        for other in &place.names {
            if *other != name && !aliases.contains(other) {
                aliases.push(other.clone());
            }
        }
    }
    let key = match place {
        Some(place) => place.key.clone(),
        None => format!(
            "{}:{}",
            format!("{entity_type:?}").to_lowercase(),
            name.to_lowercase()
        ),
    };
    Entity {
        id: format!("e{number}"),
        name,
        entity_type,
        mentions: group
            .iter()
            .map(|&i| Mention {
                start: mentions[i].start,
                end: mentions[i].end,
                text: mentions[i].text.clone(),
            })
            .collect(),
        country: place.map(|p| p.country.clone()),
        key: Some(key),
        aliases,
        place_kind: place.map(|p| p.kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PlaceKind;

    fn mention(start: usize, text: &str, entity_type: EntityType) -> RawMention {
        RawMention {
            start,
            end: start + text.chars().count(),
            text: text.into(),
            entity_type,
            after_genitive_article: false,
        }
    }

    fn find<'a>(entities: &'a Entities, name: &str) -> &'a Entity {
        entities
            .0
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no entity {name} in {entities:#?}"))
    }

    #[test]
    fn merges_partial_names_inflection_and_places() {
        let entities = merge(vec![
            mention(0, "Wladimir Putin", EntityType::Per),
            mention(20, "Putin", EntityType::Per),
            mention(30, "Nordkoreas", EntityType::Loc),
            mention(45, "Pjöngjang", EntityType::Loc),
            mention(60, "Pyongyang", EntityType::Loc),
            mention(70, "Kim Jong Un", EntityType::Per),
            mention(85, "Kim Jong Un", EntityType::Per),
            mention(100, "Kim Jong Il", EntityType::Per),
            mention(115, "Kim", EntityType::Per),
            mention(120, "Putins", EntityType::Per),
        ]);
        let putin = find(&entities, "Wladimir Putin");
        assert_eq!(putin.mentions.len(), 3);
        assert_eq!(putin.key.as_deref(), Some("per:wladimir putin"));
        let kp = find(&entities, "Nordkorea");
        assert_eq!(
            (kp.country.as_deref(), kp.key.as_deref()),
            (Some("KP"), Some("kp"))
        );
        let pj = find(&entities, "Pjöngjang");
        assert_eq!(pj.mentions.len(), 2);
        assert_eq!(pj.place_kind, Some(PlaceKind::Capital));
        assert!(pj.aliases.contains(&"Pyongyang".to_string()));
        assert_eq!(find(&entities, "Kim Jong Un").mentions.len(), 3);
        assert_eq!(find(&entities, "Kim Jong Il").mentions.len(), 1);
        let ids: Vec<&str> = entities.0.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["e1", "e2", "e3", "e4", "e5"]);
    }

    #[test]
    fn merges_acronyms_with_expansions() {
        let entities = merge(vec![
            mention(
                0,
                "Denkfabrik International Institute for Strategic Studies",
                EntityType::Org,
            ),
            mention(60, "IISS", EntityType::Org),
            mention(70, "KCNA", EntityType::Org),
            mention(80, "UN-Sicherheitsrat", EntityType::Org),
            mention(100, "US", EntityType::Loc),
        ]);
        let iiss = find(&entities, "International Institute for Strategic Studies");
        assert_eq!(iiss.aliases, vec!["IISS".to_string()]);
        assert_eq!(
            iiss.mentions[0].text,
            "Denkfabrik International Institute for Strategic Studies"
        );
        // Hyphenated words are not spelled out: UN-Sicherheitsrat is not "US".
        assert_eq!(find(&entities, "US").mentions.len(), 1);
        assert_eq!(entities.0.len(), 4);
    }

    #[test]
    fn place_names_make_places_even_when_tagged_otherwise() {
        let mut genitive = mention(40, "UN-Sicherheitsrates", EntityType::Org);
        genitive.after_genitive_article = true;
        let entities = merge(vec![
            mention(0, "Moskau", EntityType::Org),
            mention(10, "USA", EntityType::Loc),
            mention(20, "Vereinigten Staaten", EntityType::Loc),
            genitive,
        ]);
        assert_eq!(
            find(&entities, "UN-Sicherheitsrat").aliases,
            Vec::<String>::new()
        );
        let moscow = find(&entities, "Moskau");
        assert_eq!(
            (moscow.entity_type, moscow.country.as_deref()),
            (EntityType::Loc, Some("RU"))
        );
        assert_eq!(find(&entities, "USA").mentions.len(), 2);
    }
}
