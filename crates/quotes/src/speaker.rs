//! Who is speaking: noun phrases around a cue, split into name and role,
//! linked to the `entities` layer, and pronouns or role nouns ("er", "der
//! Experte", "the minister") resolved to the person last named.

use crate::lexicon::{Language, Lexicon};
use crate::segment::Token;
use lagebild_entities::{Entities, EntityType};
use std::ops::Range;

/// A speaker found in the text, before conversion to the layer's offsets.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SpeakerFound {
    /// Byte range of the mention the quote is attributed to.
    pub(crate) mention: Range<usize>,
    /// Canonical name (entity name, full name of a person, or the phrase).
    pub(crate) name: String,
    /// Stated role or affiliation.
    pub(crate) role: Option<String>,
    /// Entity id, when the entities layer names the speaker.
    pub(crate) entity: Option<String>,
    /// True when the speaker is (believed to be) a person.
    pub(crate) person: bool,
    /// True when the role marks a woman ("Forscherin"); used to keep "er"
    /// from resolving to her.
    pub(crate) feminine: bool,
}

/// A noun phrase as token indices into one sentence's tokens.
#[derive(Debug, Clone)]
pub(crate) struct NounPhrase {
    /// The phrase proper (determiner, adjectives, names, genitives).
    pub(crate) core: Range<usize>,
    /// The name inside it (or in its apposition).
    pub(crate) name: Range<usize>,
    /// Apposition or prepositional phrase giving a role.
    pub(crate) role: Option<Range<usize>>,
    /// Role words in front of the name ("Bundestrainer Joachim Löw").
    pub(crate) role_prefix: Option<Range<usize>>,
    /// True for "er", "sie", "he", "she", "they".
    pub(crate) pronoun: bool,
}

/// One entity mention in byte offsets, for linking speakers.
struct EntityMention {
    bytes: Range<usize>,
    id: String,
    name: String,
    entity_type: EntityType,
}

/// Reads noun phrases in one sentence.
pub(crate) struct PhraseReader<'a> {
    pub(crate) text: &'a str,
    pub(crate) tokens: &'a [Token],
    pub(crate) lexicon: &'static Lexicon,
    pub(crate) language: Language,
}

impl PhraseReader<'_> {
    pub(crate) fn word(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .map_or("", |t| &self.text[t.start..t.end])
    }

    pub(crate) fn is_word(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.is_word)
    }

    pub(crate) fn is_capitalised(&self, i: usize) -> bool {
        self.is_word(i)
            && self
                .word(i)
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase())
    }

    pub(crate) fn is_pronoun(&self, i: usize) -> bool {
        let w = self.word(i);
        self.lexicon.is("pronouns_masculine", w)
            || self.lexicon.is("pronouns_feminine_or_plural", w)
            || self.is_standalone_demonstrative(i)
    }

    /// "er", "he", or a masculine demonstrative ("dieser"): a pronoun that
    /// cannot stand for a woman.
    pub(crate) fn is_masculine_pronoun(&self, i: usize) -> bool {
        let w = self.word(i);
        self.lexicon.is("pronouns_masculine", w)
            || (self.is_standalone_demonstrative(i) && w.ends_with("er"))
    }

    /// "Dieser behauptete", "sagte dieser,": a demonstrative is a pronoun
    /// when no noun or attribute follows it ("diese Erhöhung" is none).
    pub(crate) fn is_standalone_demonstrative(&self, i: usize) -> bool {
        self.lexicon.is("pronouns_demonstrative", self.word(i))
            && !self.is_capitalised(i + 1)
            && !self.is_adjective(i + 1)
    }

    /// A lower-case word that can stand between determiner and noun
    /// ("staatliche", "ersten").
    fn is_adjective(&self, i: usize) -> bool {
        let w = self.word(i);
        // "die 13 Feuerwehrmänner": a number stands where adjectives do.
        if self.is_word(i) && w.chars().all(|c| c.is_ascii_digit()) {
            return true;
        }
        self.is_word(i)
            && !self.is_capitalised(i)
            && !self.lexicon.is("prepositions", w)
            && !self.lexicon.is("subordinators", w)
            && !self.lexicon.is("determiners", w)
            && !self.lexicon.is("adverbs", w)
            && !self.lexicon.is_konjunktiv(w)
            && self.lexicon.cue_forms(w).is_empty()
            && match self.language {
                Language::German => ["e", "en", "er", "es", "em"].iter().any(|s| w.ends_with(s)),
                Language::English => w.len() > 2,
            }
    }

    /// Words that join two capitalised words inside one name
    /// ("Bundesagentur für Arbeit", "Ärzte ohne Grenzen", "Institute for
    /// Strategic Studies").
    fn is_name_connector(&self, i: usize) -> bool {
        matches!(
            self.word(i),
            "für" | "ohne" | "for" | "of" | "and" | "und" | "&"
        ) && self.is_capitalised(i + 1)
    }

    /// The noun phrase starting at token `i` (not reaching `limit`), with
    /// its apposition or role phrase.
    pub(crate) fn phrase_at(&self, i: usize, limit: usize) -> Option<NounPhrase> {
        if i >= limit || !self.is_word(i) {
            return None;
        }
        if self.is_pronoun(i) {
            return Some(NounPhrase {
                core: i..i + 1,
                name: i..i + 1,
                role: None,
                role_prefix: None,
                pronoun: true,
            });
        }
        let mut j = i;
        if self.lexicon.is("determiners", self.word(j)) {
            j += 1;
            // "Einer der 13 beteiligten Feuerwehrmänner": a partitive
            // genitive after the first word.
            let definite = matches!(
                self.word(i).to_lowercase().as_str(),
                "der" | "die" | "das" | "den" | "dem" | "des"
            );
            if !definite && self.lexicon.is("partitive_genitives", self.word(j)) {
                j += 1;
            }
        }
        let head_start = j;
        while j < limit && j < i + 4 && self.is_adjective(j) {
            j += 1;
            // "Die afghanischen und ausländischen Soldaten".
            if matches!(self.word(j), "und" | "oder") && j + 1 < limit && self.is_adjective(j + 1) {
                j += 1;
            }
        }
        if let Some(phrase) = self.lower_case_noun_phrase(i, head_start, limit) {
            return Some(phrase);
        }
        if j >= limit || !self.is_capitalised(j) {
            // English nouns are lower-case: "the police", "a spokesman".
            let common_noun =
                self.language == Language::English && j > head_start && head_start > i;
            return common_noun.then_some(NounPhrase {
                core: i..j,
                name: head_start..j,
                role: None,
                role_prefix: None,
                pronoun: false,
            });
        }
        let run_start = j;
        let mut end = self.capitalised_run(j, limit);
        let name = run_start..end;
        // Genitive attachments: "der Chef der Bundesagentur für Arbeit".
        loop {
            let mut k = end;
            let genitive = match self.language {
                Language::German => matches!(self.word(k), "der" | "des"),
                Language::English => self.word(k) == "of",
            };
            if !genitive {
                break;
            }
            k += 1;
            if self.language == Language::English && self.word(k) == "the" {
                k += 1;
            }
            while k < limit && self.is_adjective(k) {
                k += 1;
            }
            if k >= limit || !self.is_capitalised(k) {
                break;
            }
            end = self.capitalised_run(k, limit);
        }
        end = self.parenthesised_abbreviation(end, limit);
        let mut phrase = NounPhrase {
            core: i..end,
            name,
            role: None,
            role_prefix: None,
            pronoun: false,
        };
        self.split_role_prefix(&mut phrase);
        phrase.role = self.role_after(end, limit);
        if let Some(role) = phrase.role.clone() {
            // "Der Leiter des Programms, Klaus Stöhr": the apposition is
            // the name and the phrase the role; a party in brackets may
            // follow it ("…, Henning Scherf (SPD)").
            let name = self.without_bracketed_suffix(role.clone());
            if self.word(end) == "," && self.looks_like_person_name(name.clone()) {
                let head_is_role = phrase
                    .core
                    .clone()
                    .any(|t| self.lexicon.ends_with_any("role_nouns", self.word(t)));
                if head_is_role {
                    phrase.role_prefix = Some(phrase.core.clone());
                    phrase.name = name;
                    phrase.core = i..role.end;
                    phrase.role = None;
                }
            }
        }
        Some(phrase)
    }

    /// "Die taz vermutet", "sagte der 81-jährige in …": in German, one
    /// lower-case word between a determiner and the phrase's end is a
    /// lower-case name or a nominalised adjective.
    fn lower_case_noun_phrase(
        &self,
        determiner: usize,
        word: usize,
        limit: usize,
    ) -> Option<NounPhrase> {
        let w = self.word(word);
        let after = word + 1;
        let ends_there = after >= limit
            || !self.is_word(after)
            || self.lexicon.is("prepositions", self.word(after));
        let noun_like = self.language == Language::German
            && word > determiner
            && word < limit
            && self.is_word(word)
            && !self.is_capitalised(word)
            && !self.lexicon.is("determiners", w)
            && !self.lexicon.is("prepositions", w)
            && !self.lexicon.is("adverbs", w)
            && !self.lexicon.is("subordinators", w)
            && !self.lexicon.is("auxiliaries", w)
            && !self.lexicon.is_konjunktiv(w)
            && self.lexicon.cue_forms(w).is_empty();
        (noun_like && ends_there).then_some(NounPhrase {
            core: determiner..after,
            name: word..after,
            role: None,
            role_prefix: None,
            pronoun: false,
        })
    }

    /// End of a run of capitalised words from `j` (with name connectors).
    fn capitalised_run(&self, mut j: usize, limit: usize) -> usize {
        while j < limit && (self.is_capitalised(j) || (self.is_name_connector(j) && j + 1 < limit))
        {
            j += 1;
        }
        j
    }

    /// Extends past "(IISS)" right after a name.
    fn parenthesised_abbreviation(&self, end: usize, limit: usize) -> usize {
        if end + 2 < limit
            && self.word(end) == "("
            && self.is_capitalised(end + 1)
            && self.word(end + 2) == ")"
        {
            end + 3
        } else {
            end
        }
    }

    /// Moves role nouns in front of a longer name into the role prefix.
    fn split_role_prefix(&self, phrase: &mut NounPhrase) {
        let name = phrase.name.clone();
        let mut k = name.start;
        while k + 1 < name.end && self.lexicon.ends_with_any("role_nouns", self.word(k)) {
            k += 1;
        }
        if k > name.start && self.looks_like_person_name(k..name.end) {
            phrase.role_prefix = Some(name.start..k);
            phrase.name = k..name.end;
        }
    }

    /// Two to four capitalised words with no organisation or role head: the
    /// shape of a person's name.
    pub(crate) fn looks_like_person_name(&self, range: Range<usize>) -> bool {
        let n = range.len();
        (1..=4).contains(&n)
            && range.clone().all(|t| self.is_capitalised(t))
            && !range.clone().any(|t| {
                self.lexicon.ends_with_any("org_heads", self.word(t))
                    || self.lexicon.ends_with_any("role_nouns", self.word(t))
                    || self
                        .lexicon
                        .ends_with_any("information_nouns", self.word(t))
            })
            && (n >= 2 || self.word(range.start).chars().count() > 2)
    }

    /// An apposition (", Forscher am Korea-Institut ...,") or role phrase
    /// ("von der Denkfabrik ...") after a name.
    fn role_after(&self, end: usize, limit: usize) -> Option<Range<usize>> {
        let w = self.word(end);
        let (start, stop_at_comma) = if w == "," {
            (end + 1, true)
        } else if matches!(
            w,
            "von" | "vom" | "am" | "beim" | "bei" | "aus" | "of" | "at" | "from"
        ) {
            (end, true)
        } else {
            return None;
        };
        let mut k = start;
        while k < limit {
            let wk = self.word(k);
            let boundary = (stop_at_comma && wk == ",")
                || matches!(
                    wk,
                    ":" | ";" | "." | "!" | "?" | "„" | "“" | "\"" | "»" | "«" | "–"
                );
            if boundary || !self.lexicon.cue_forms(wk).is_empty() && !self.is_capitalised(k) {
                break;
            }
            k += 1;
        }
        let range = start..k;
        if range.is_empty() || range.len() > 16 {
            return None;
        }
        // "Müller, der gestern sagte, ..." is a relative clause, not a role.
        let first = self.word(range.start);
        let relative = matches!(
            first,
            "der" | "die" | "das" | "welcher" | "welche" | "who" | "which" | "dessen" | "deren"
        ) && !self.is_capitalised(range.end - 1);
        if relative || self.lexicon.is("subordinators", first) {
            return None;
        }
        // "Die USA, Großbritannien, Südkorea und Japan": a list of names,
        // not a role. A role has a lower-case word or a role/organisation
        // noun ("Forscher am …", "Nordkorea-Experte").
        let describes = range.clone().any(|t| {
            let w = self.word(t);
            (self.is_word(t) && !self.is_capitalised(t) && !matches!(w, "und" | "and"))
                || self.lexicon.ends_with_any("role_nouns", w)
                || self.lexicon.ends_with_any("org_heads", w)
        });
        let name = self.without_bracketed_suffix(range.clone());
        if !describes && w == "," && !(name.len() >= 2 && self.looks_like_person_name(name)) {
            return None;
        }
        Some(range)
    }

    /// `range` without a last bracketed word ("Henning Scherf (SPD)").
    fn without_bracketed_suffix(&self, range: Range<usize>) -> Range<usize> {
        let bracketed =
            range.len() > 3 && self.word(range.end - 1) == ")" && self.word(range.end - 3) == "(";
        if bracketed {
            range.start..range.end - 3
        } else {
            range
        }
    }

    /// Text of a token range as written.
    pub(crate) fn span_text(&self, range: Range<usize>) -> &str {
        match (
            self.tokens.get(range.start),
            range.end.checked_sub(1).and_then(|e| self.tokens.get(e)),
        ) {
            (Some(a), Some(b)) if range.end > range.start => &self.text[a.start..b.end],
            _ => "",
        }
    }

    /// Byte range of a token range.
    pub(crate) fn bytes(&self, range: Range<usize>) -> Range<usize> {
        match (
            self.tokens.get(range.start),
            range.end.checked_sub(1).and_then(|e| self.tokens.get(e)),
        ) {
            (Some(a), Some(b)) if range.end > range.start => a.start..b.end,
            _ => 0..0,
        }
    }
}

/// The article's speakers so far and its entity mentions: what pronouns,
/// role nouns and bare surnames resolve against.
pub(crate) struct SpeakerMemory {
    mentions: Vec<EntityMention>,
    speakers: Vec<SpeakerFound>,
}

impl SpeakerMemory {
    /// Memory over the entities layer (empty when that layer is absent).
    /// Mentions inside `quotations` (byte ranges) are left out: a person
    /// named in quoted speech is talked about, not talking.
    pub(crate) fn new(
        entities: Option<&Entities>,
        index: &lagebild_core::TextIndex,
        quotations: &[Range<usize>],
    ) -> Self {
        let mut mentions = Vec::new();
        for entity in entities.map(|e| e.0.as_slice()).unwrap_or_default() {
            for m in &entity.mentions {
                let bytes = index.bytes(lagebild_core::Span::new(m.start, m.end));
                if quotations
                    .iter()
                    .any(|q| q.start <= bytes.start && bytes.end <= q.end)
                {
                    continue;
                }
                mentions.push(EntityMention {
                    bytes,
                    id: entity.id.clone(),
                    name: entity.name.clone(),
                    entity_type: entity.entity_type,
                });
            }
        }
        mentions.sort_by_key(|m| m.bytes.start);
        SpeakerMemory {
            mentions,
            speakers: Vec::new(),
        }
    }

    /// Remembers a speaker for later anaphora.
    pub(crate) fn remember(&mut self, speaker: &SpeakerFound) {
        self.speakers.push(speaker.clone());
    }

    /// The last person (by the entities layer) mentioned in `bytes`, as
    /// the speaker of a quotation that follows without attribution.
    pub(crate) fn person_named_in(&self, bytes: Range<usize>) -> Option<SpeakerFound> {
        let m = self.mentions.iter().rev().find(|m| {
            m.entity_type == EntityType::Per
                && bytes.start <= m.bytes.start
                && m.bytes.end <= bytes.end
        })?;
        let earlier = self
            .speakers
            .iter()
            .rev()
            .find(|s| s.entity.as_deref() == Some(m.id.as_str()));
        Some(SpeakerFound {
            mention: m.bytes.clone(),
            name: m.name.clone(),
            role: earlier.and_then(|s| s.role.clone()),
            entity: Some(m.id.clone()),
            person: true,
            feminine: earlier.is_some_and(|s| s.feminine),
        })
    }

    /// The latest speaker, for "demnach" and "wonach".
    pub(crate) fn last_speaker(&self) -> Option<SpeakerFound> {
        self.speakers.last().cloned()
    }

    /// The speaker a noun phrase stands for.
    pub(crate) fn resolve(&self, reader: &PhraseReader, phrase: &NounPhrase) -> SpeakerFound {
        let mention = reader.bytes(phrase.core.clone());
        if phrase.pronoun {
            let masculine = reader.is_masculine_pronoun(phrase.core.start);
            return self
                .antecedent(mention.clone(), masculine)
                .unwrap_or_else(|| SpeakerFound {
                    name: reader.span_text(phrase.core.clone()).to_string(),
                    mention,
                    role: None,
                    entity: None,
                    person: true,
                    feminine: !masculine,
                });
        }
        let role_text = |r: &Option<Range<usize>>| {
            r.clone()
                .map(|r| strip_role_preposition(reader.span_text(r)).to_string())
        };
        let role = role_text(&phrase.role).or_else(|| role_text(&phrase.role_prefix));
        let name_words = reader.span_text(phrase.name.clone()).to_string();
        let feminine = reader.language == Language::German
            && [
                phrase.role.clone(),
                phrase.role_prefix.clone(),
                Some(phrase.core.clone()),
            ]
            .into_iter()
            .flatten()
            .flat_map(|r| r.collect::<Vec<_>>())
            .any(|t| {
                reader.lexicon.ends_with_any("role_nouns", reader.word(t))
                    && reader.word(t).ends_with("in")
            });
        // "der Experte": a definite role noun with nothing after it.
        let anaphoric_role = phrase.core.len() == 2
            && matches!(
                reader.word(phrase.core.start),
                "der" | "die" | "the" | "Der" | "Die" | "The"
            )
            && reader
                .lexicon
                .ends_with_any("role_nouns", reader.word(phrase.core.start + 1));
        if anaphoric_role {
            if let Some(found) = self.antecedent(mention.clone(), !feminine) {
                return found;
            }
        }
        let name_bytes = reader.bytes(phrase.name.clone());
        let linked = self
            .entity_at(name_bytes.clone())
            .or_else(|| self.entity_at(mention.clone()));
        let person_shape = reader.looks_like_person_name(phrase.name.clone());
        // A bare surname ("sagt Dempsey") takes the full name and role
        // given earlier.
        if phrase.name.len() == 1 {
            if let Some(earlier) = self
                .speakers
                .iter()
                .rev()
                .find(|s| s.person && s.name.split_whitespace().any(|part| part == name_words))
            {
                return SpeakerFound {
                    mention,
                    role: role.or(earlier.role.clone()),
                    ..earlier.clone()
                };
            }
        }
        let (name, entity, person) = match linked {
            Some(m) => (
                m.name.clone(),
                Some(m.id.clone()),
                m.entity_type == EntityType::Per,
            ),
            None => {
                let determiner = reader
                    .lexicon
                    .is("determiners", reader.word(phrase.core.start));
                let from = if determiner {
                    phrase.core.start + 1
                } else {
                    phrase.core.start
                };
                let whole = reader.span_text(from..phrase.core.end).to_string();
                if person_shape {
                    (name_words, None, true)
                } else {
                    (whole, None, false)
                }
            }
        };
        SpeakerFound {
            mention,
            name,
            role,
            entity,
            person,
            feminine,
        }
    }

    /// True when an entities layer named anything in the document, so that
    /// a word it left out is known not to be a name.
    pub(crate) fn knows_entities(&self) -> bool {
        !self.mentions.is_empty()
    }

    /// The type of the entity named at `bytes`, persons first.
    pub(crate) fn entity_type_at(&self, bytes: Range<usize>) -> Option<EntityType> {
        self.entity_at(bytes).map(|m| m.entity_type)
    }

    /// The entity mention inside `bytes`, persons first.
    fn entity_at(&self, bytes: Range<usize>) -> Option<&EntityMention> {
        let inside = || {
            self.mentions
                .iter()
                .filter(|m| m.bytes.start < bytes.end && bytes.start < m.bytes.end)
        };
        [
            EntityType::Per,
            EntityType::Org,
            EntityType::Loc,
            EntityType::Misc,
        ]
        .into_iter()
        .find_map(|t| inside().find(|m| m.entity_type == t))
    }

    /// The person last named before `at` that `er` (masculine) or `sie`
    /// can refer to: the latest earlier speaker or person mention.
    pub(crate) fn antecedent(&self, at: Range<usize>, masculine: bool) -> Option<SpeakerFound> {
        let speaker = self
            .speakers
            .iter()
            .rev()
            .find(|s| s.mention.start < at.start && (!masculine || (s.person && !s.feminine)));
        let person = self
            .mentions
            .iter()
            .rev()
            .find(|m| m.bytes.end <= at.start && m.entity_type == EntityType::Per);
        match (speaker, person) {
            (Some(s), Some(p)) if p.bytes.start <= s.mention.start => Some(SpeakerFound {
                mention: at,
                ..s.clone()
            }),
            (_, Some(p)) => {
                let earlier = self
                    .speakers
                    .iter()
                    .rev()
                    .find(|s| s.entity.as_deref() == Some(p.id.as_str()));
                Some(SpeakerFound {
                    mention: at,
                    name: p.name.clone(),
                    role: earlier.and_then(|s| s.role.clone()),
                    entity: Some(p.id.clone()),
                    person: true,
                    feminine: !masculine,
                })
            }
            (Some(s), None) => Some(SpeakerFound {
                mention: at,
                ..s.clone()
            }),
            (None, None) => None,
        }
    }
}

/// "von der Denkfabrik X" → "Denkfabrik X": the preposition and article
/// of a role phrase are not part of the role.
fn strip_role_preposition(role: &str) -> &str {
    for prefix in [
        "von der ",
        "von den ",
        "vom ",
        "von ",
        "of the ",
        "of ",
        "from the ",
        "from ",
    ] {
        if let Some(rest) = role.strip_prefix(prefix) {
            return rest;
        }
    }
    role
}
