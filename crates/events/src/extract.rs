//! The rules: find triggers, then their source, target, status, date and
//! location, one sentence at a time.
//!
//! Word order is handled by clause, not by a parser: in a German main
//! clause the subject stands before the finite verb or right after it
//! (verb-second), in a subordinate clause before the clause-final verb; in
//! both cases the subject is the first actor of the clause that no
//! preposition governs, and the target is the actor the trigger's
//! lexicon entry names (a bare object, or one after "an", "nach", "mit" …).

use crate::actors::{find_mentions, KnownNames, Mention, PieceKind};
use crate::layer::{Actor, Event, EventType, Status, Trigger};
use crate::lexicon::{CueKind, FormUse, Lexicon, TriggerSense};
use crate::sentence::{sentence_spans, Sentence};
use lagebild_core::{Document, Span};
use lagebild_entities::Entities;
use lagebild_quotes::Quotes;
use lagebild_time::{TimeType, Times};
use std::collections::HashSet;

/// A trigger found in a sentence.
#[derive(Debug, Clone, Copy)]
struct Found {
    word: usize,
    particle: Option<usize>,
    sense: usize,
}

/// An actor mention with what governs it.
struct Argument<'m> {
    mention: &'m Mention,
    /// Preposition before the mention (lower case), if any.
    preposition: Option<String>,
    /// The mention is the source of a report ("laut X", "X zufolge"), not
    /// a party to the event.
    claimant: bool,
    clause: usize,
}

/// Who a pronoun subject stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PronounSubject {
    /// "Er", "Sie": the subject of the previous sentence.
    Previous,
    /// "Wir", "ich" inside a quote: the speaker.
    Speaker,
}

/// What the rules remember from one sentence to the next.
#[derive(Default)]
struct Memory {
    known: KnownNames,
    /// Subject of the last sentence with one, for "Er …", "Sie …".
    last_subject: Option<Actor>,
}

/// The events of a whole document.
pub(crate) fn events_of_document(doc: &Document, lexicon: &Lexicon) -> Vec<Event> {
    let entities = doc.layer::<Entities>();
    let times = doc.layer::<Times>();
    let quotes = doc.layer::<Quotes>();
    let mut memory = Memory::default();
    let mut events = Vec::new();
    for span in sentence_spans(doc, lexicon.lang) {
        let sentence = Sentence::new(doc, span);
        let context = SentenceContext {
            doc,
            lexicon,
            sentence: &sentence,
            times,
            quotes,
        };
        let (mut found, trigger_words) = find_triggers(&sentence, lexicon);
        found.retain(|f| !inside_organisation_name(&sentence.words[f.word], entities));
        let mentions = find_mentions(
            &sentence,
            lexicon,
            entities,
            &trigger_words,
            &mut memory.known,
        );
        let report_zones = context.report_zones();
        let arguments: Vec<Argument> = mentions
            .iter()
            .map(|m| context.argument(m, &report_zones))
            .collect();
        let before = events.len();
        for trigger in &found {
            events.push(context.event(trigger, &found, &arguments, &memory));
        }
        let subject = events[before..]
            .iter()
            .find_map(|e| e.source.clone())
            .or_else(|| {
                arguments
                    .iter()
                    .find(|a| a.preposition.is_none() && !a.claimant)
                    .map(|a| a.mention.actor.clone())
            });
        if subject.is_some() {
            memory.last_subject = subject;
        }
    }
    events
}

/// True when the word is part of a multi-word organisation name: the
/// "Vereinigung" of "Korea-Institut für Nationale Vereinigung" or the
/// "Zusammenarbeit" of "Organisation für wirtschaftliche Zusammenarbeit"
/// names the body, not an event.
fn inside_organisation_name(word: &crate::sentence::Word, entities: Option<&Entities>) -> bool {
    entities.is_some_and(|entities| {
        entities
            .0
            .iter()
            .filter(|e| e.entity_type == lagebild_entities::EntityType::Org)
            .flat_map(|e| &e.mentions)
            .any(|m| {
                m.start <= word.start
                    && word.end <= m.end
                    && (m.start < word.start || word.end < m.end)
                    && m.text.contains(' ')
            })
    })
}

/// Triggers of a sentence. A noun trigger in a clause that has a verb
/// trigger is that verb's object ("verhängte Sanktionen", "lobte die
/// Unterstützung") and is not an event of its own. Also returns the word
/// index of every trigger form found, kept or not.
fn find_triggers(sentence: &Sentence, lexicon: &Lexicon) -> (Vec<Found>, HashSet<usize>) {
    let mut found = Vec::new();
    let mut particles_used = HashSet::new();
    for i in 0..sentence.words.len() {
        if !sentence.words[i].is_word || particles_used.contains(&i) {
            continue;
        }
        if let Some(f) = trigger_at(sentence, lexicon, i) {
            if let Some(p) = f.particle {
                particles_used.insert(p);
            }
            found.push(f);
        }
    }
    let verb_clauses: HashSet<usize> = found
        .iter()
        .filter(|f| !lexicon.senses[f.sense].noun)
        .map(|f| sentence.words[f.word].clause)
        .collect();
    // Every trigger word, kept or not, for the actor finder: "den
    // russischen Angriff" names Russia as an actor either way.
    let trigger_words = found.iter().map(|f| f.word).collect();
    found.retain(|f| {
        !lexicon.senses[f.sense].noun || !verb_clauses.contains(&sentence.words[f.word].clause)
    });
    (found, trigger_words)
}

const DETERMINERS: [&str; 18] = [
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "the", "a", "an", "its", "their", "his",
];

/// The trigger at word `i`, if its form is in the lexicon (or, in German,
/// ends in a noun trigger: "Waffenlieferungen").
fn trigger_at(sentence: &Sentence, lexicon: &Lexicon, i: usize) -> Option<Found> {
    let words = &sentence.words;
    let word = words[i].text;
    let english = lexicon.lang == "en";
    let lower = word.to_lowercase();
    let mut uses: Vec<(usize, FormUse)> = Vec::new();
    if english {
        uses.extend(lexicon.forms.get(&lower).into_iter().flatten().copied());
    } else {
        // Case-sensitive: a German sentence never opens with a finite
        // verb in news prose, and "Einigen" there is no "einigen".
        uses.extend(lexicon.forms.get(word).into_iter().flatten().copied());
        if uses.is_empty() && words[i].capitalised() {
            // Compound heads of six letters or more: shorter ones end too
            // many unrelated words ("Benzinpreise" ends in "reise").
            if let Some((_, sense)) = lexicon.noun_heads.iter().find(|(head, _)| {
                head.len() >= 6 && lower.len() > head.len() && lower.ends_with(head.as_str())
            }) {
                uses.push((*sense, FormUse::Whole));
            }
        }
    }
    let previous = sentence
        .previous_word(i)
        .map(|p| words[p].text.to_lowercase());
    let after_determiner = previous
        .as_deref()
        .is_some_and(|p| DETERMINERS.contains(&p) || p.ends_with("'s"));
    let mut whole = None;
    for (sense_index, form_use) in uses {
        let sense = &lexicon.senses[sense_index];
        match form_use {
            FormUse::Split => {
                if let Some(p) = particle_after(sentence, lexicon, i, sense) {
                    return Some(Found {
                        word: i,
                        particle: Some(p),
                        sense: sense_index,
                    });
                }
            }
            FormUse::Whole => {
                if whole.is_some() {
                    continue;
                }
                if english && sense.noun != after_determiner && has_both_classes(lexicon, &lower) {
                    continue;
                }
                // "eine verstärkte Zusammenarbeit": a participle used as an
                // adjective names no event.
                let attributive = !english
                    && !sense.noun
                    && after_determiner
                    && sentence
                        .next_word(i)
                        .is_some_and(|n| words[n].capitalised());
                if !attributive {
                    whole = Some(Found {
                        word: i,
                        particle: None,
                        sense: sense_index,
                    });
                }
            }
        }
    }
    whole
}

fn has_both_classes(lexicon: &Lexicon, form: &str) -> bool {
    let uses = lexicon
        .forms
        .get(form)
        .map(Vec::as_slice)
        .unwrap_or_default();
    uses.iter().any(|(s, _)| lexicon.senses[*s].noun)
        && uses.iter().any(|(s, _)| !lexicon.senses[*s].noun)
}

/// The particle of a separable verb later in the same clause: German puts
/// it at the end of the main clause ("wirft der EU … vor,"), English right
/// after the verb or its object ("cracked down on").
fn particle_after(
    sentence: &Sentence,
    lexicon: &Lexicon,
    i: usize,
    sense: &TriggerSense,
) -> Option<usize> {
    let particle = sense.particle.as_deref()?;
    let words = &sentence.words;
    let clause = words[i].clause;
    let reach = if lexicon.lang == "en" { 3 } else { words.len() };
    (i + 1..words.len())
        .take(reach)
        .take_while(|&j| words[j].clause == clause)
        .find(|&j| {
            words[j].text.eq_ignore_ascii_case(particle)
                && (lexicon.lang == "en"
                    || sentence.next_word(j).is_none_or(|n| {
                        words[n].clause != clause
                            || matches!(words[n].text, "und" | "oder" | "als" | "wie")
                            || n != j + 1
                    }))
        })
}

struct SentenceContext<'a> {
    doc: &'a Document,
    lexicon: &'a Lexicon,
    sentence: &'a Sentence<'a>,
    times: Option<&'a Times>,
    quotes: Option<&'a Quotes>,
}

impl<'a> SentenceContext<'a> {
    fn argument<'m>(&self, mention: &'m Mention, report_zones: &[(usize, usize)]) -> Argument<'m> {
        let words = &self.sentence.words;
        let lexicon = self.lexicon;
        let mut preposition = None;
        let mut j = mention.first;
        let mut skipped_noun = false;
        for _ in 0..5 {
            let Some(p) = self.sentence.previous_word(j) else {
                break;
            };
            let w = words[p].text;
            if words[p].clause != words[mention.first].clause {
                break;
            }
            if lexicon.is_cue(CueKind::Preposition, w) {
                preposition = Some(w.to_lowercase());
                break;
            }
            let lower_adjective = lexicon.lang == "de"
                && !words[p].capitalised()
                && w.ends_with(['e', 'n', 'r', 's', 'm'])
                && !lexicon.is_cue(CueKind::Negation, w);
            // One common noun before a name, itself after an article or
            // adjective, is an apposition: "in der irakischen Stadt Haditha".
            let apposition_noun = !skipped_noun
                && words[p].capitalised()
                && j == mention.first
                && self.sentence.previous_word(p).is_some_and(|q| {
                    let before = words[q].text.to_lowercase();
                    DETERMINERS.contains(&before.as_str())
                        || (!words[q].capitalised() && before.ends_with(['e', 'n']))
                });
            if DETERMINERS.contains(&w.to_lowercase().as_str())
                || lower_adjective
                || apposition_noun
            {
                skipped_noun |= apposition_noun;
                j = p;
                continue;
            }
            break;
        }
        let next = self
            .sentence
            .next_word(mention.last)
            .map(|n| words[n].text.to_lowercase());
        let claimant = next.as_deref() == Some("zufolge")
            || report_zones
                .iter()
                .any(|&(from, to)| from <= mention.first && mention.last <= to);
        Argument {
            mention,
            preposition,
            claimant,
            clause: words[mention.first].clause,
        }
    }

    /// Word ranges naming the source of a report: from "laut", "nach
    /// Angaben" or "according to" to the first lower-case word that is no
    /// article or preposition ("Laut einem Bericht der New York Times soll
    /// …", "Nach Angaben der Regierung in Kiew griffen …").
    fn report_zones(&self) -> Vec<(usize, usize)> {
        let words = &self.sentence.words;
        let lexicon = self.lexicon;
        let mut zones = Vec::new();
        for i in 0..words.len() {
            let lower = words[i].text.to_lowercase();
            let next = self.sentence.next_word(i);
            let opens = match lower.as_str() {
                "laut" => next,
                "nach" | "according" => next
                    .filter(|&n| {
                        words[n].text.ends_with("Angaben")
                            || words[n].text == "eigenen"
                            || words[n].text == "to"
                    })
                    .map(|n| n + 1),
                _ => None,
            };
            let Some(from) = opens else { continue };
            let mut to = from;
            for k in from..words.len() {
                let w = &words[k];
                if !w.is_word {
                    continue;
                }
                let connective = DETERMINERS.contains(&w.text.to_lowercase().as_str())
                    || lexicon.is_cue(CueKind::Preposition, w.text)
                    || w.text.ends_with("Angaben");
                if !w.capitalised() && !connective {
                    break;
                }
                to = k;
            }
            zones.push((i, to));
        }
        zones
    }

    fn event(
        &self,
        trigger: &Found,
        all: &[Found],
        arguments: &[Argument],
        memory: &Memory,
    ) -> Event {
        let lexicon = self.lexicon;
        let sense = &lexicon.senses[trigger.sense];
        let words = &self.sentence.words;
        let t = trigger.word;
        let clause = words[t].clause;
        let passive = !sense.noun && self.is_passive(t, sense);
        let parties: Vec<&Argument> = arguments
            .iter()
            .filter(|a| !a.claimant && !self.inside(a.mention, t))
            .collect();
        let (mut source, mut target) = if sense.noun {
            self.noun_arguments(t, sense, &parties)
        } else {
            self.verb_arguments(t, sense, passive, &parties, memory)
        };
        let quote = self.quote_at(words[t].start);
        if let Some(speaker) = quote.and_then(|q| q.speaker.as_ref()) {
            let speaker_pronoun = words.iter().any(|w| {
                w.clause == clause && w.quoted && lexicon.is_cue(CueKind::Speaker, w.text)
            });
            if source.is_none() && speaker_pronoun {
                source = Some(self.speaker_actor(speaker));
            }
        }
        if source.is_some() && source == target {
            target = None;
        }
        let claimed_by = quote
            .and_then(|q| q.speaker.as_ref())
            .map(|s| self.speaker_actor(s))
            .or_else(|| {
                arguments
                    .iter()
                    .find(|a| a.claimant)
                    .map(|a| a.mention.actor.clone())
            });
        let status = self.status(
            trigger,
            sense,
            passive,
            all,
            quote.is_some() || words[t].quoted,
            claimed_by.is_some(),
        );
        let location = parties
            .iter()
            .filter(|a| a.clause == clause && a.mention.kind == PieceKind::State)
            .filter(|a| matches!(a.preposition.as_deref(), Some("in" | "im" | "bei")))
            .map(|a| a.mention.actor.clone())
            .find(|a| Some(a) != source.as_ref() && Some(a) != target.as_ref());
        let trigger_end = trigger.particle.map_or(words[t].end, |p| words[p].end);
        let trigger_text = match trigger.particle {
            Some(p) => format!("{} {}", words[t].text, words[p].text),
            None => words[t].text.to_string(),
        };
        Event {
            event_type: sense.event_type,
            mode: sense.mode.clone(),
            source,
            target,
            date: self.date(words[t].start),
            location,
            status,
            claimed_by,
            trigger: Trigger {
                text: trigger_text,
                start: words[t].start,
                end: trigger_end,
            },
            sentence: self.sentence.span,
        }
    }

    /// True when the trigger word lies inside the mention (a state
    /// adjective is not part of the event it modifies).
    fn inside(&self, mention: &Mention, t: usize) -> bool {
        mention.first <= t && t <= mention.last
    }

    /// A verb trigger after a passive auxiliary in its clause, in a form
    /// that is not the infinitive ("wurde … sanktioniert", "was attacked").
    fn is_passive(&self, t: usize, sense: &TriggerSense) -> bool {
        let words = &self.sentence.words;
        let clause = words[t].clause;
        let form = words[t].text.to_lowercase();
        let infinitive = sense.lemma.replace('|', "");
        let participle = if self.lexicon.lang == "en" {
            form.ends_with("ed")
                || form.ends_with("en")
                || (form != infinitive && !form.ends_with('s') && !form.ends_with("ing"))
        } else {
            form != infinitive && (form.ends_with('t') || form.ends_with("en"))
        };
        participle
            && words.iter().enumerate().any(|(i, w)| {
                w.clause == clause && i != t && self.lexicon.is_cue(CueKind::Passive, w.text)
            })
    }

    fn verb_arguments(
        &self,
        t: usize,
        sense: &TriggerSense,
        passive: bool,
        parties: &[&Argument],
        memory: &Memory,
    ) -> (Option<Actor>, Option<Actor>) {
        let lexicon = self.lexicon;
        let words = &self.sentence.words;
        let clause = words[t].clause;
        let in_clause: Vec<&Argument> = parties
            .iter()
            .copied()
            .filter(|a| a.clause == clause)
            .collect();
        let bare: Vec<&Argument> = in_clause
            .iter()
            .copied()
            .filter(|a| a.preposition.is_none())
            .collect();
        if passive {
            let agent = in_clause
                .iter()
                .find(|a| {
                    a.preposition
                        .as_deref()
                        .is_some_and(|p| lexicon.is_cue(CueKind::Agent, p))
                })
                .map(|a| a.mention.actor.clone());
            // The subject of a passive may stand in an earlier clause
            // ("Zivilisten, unter ihnen …, wurden … getötet").
            let patient = bare
                .first()
                .copied()
                .or_else(|| {
                    parties
                        .iter()
                        .copied()
                        .find(|a| a.clause < clause && a.preposition.is_none())
                })
                .map(|a| a.mention.actor.clone());
            return (agent, patient);
        }
        let before = bare.iter().find(|a| a.mention.last < t);
        // A pronoun before the first actor is the subject ("Wir werden
        // Russland unterstützen").
        let pronoun = self
            .pronoun_subject(t)
            .filter(|&(_, at)| before.is_none_or(|a| at < a.mention.first))
            .map(|(kind, _)| kind);
        let mut source = match (before, pronoun) {
            (Some(a), None) => Some(a.mention.actor.clone()),
            // "Er traf den Staatschef": the pronoun is the subject, the
            // actor after the verb its object. A first-person pronoun in a
            // quote stands for the speaker, resolved by the caller.
            (_, Some(PronounSubject::Previous)) => memory.last_subject.clone(),
            (_, Some(PronounSubject::Speaker)) => None,
            (None, None) => bare
                .iter()
                .find(|a| a.mention.first > t)
                .map(|a| a.mention.actor.clone()),
        };
        if source.is_none() && clause > 0 {
            // A clause that opens with its verb continues the sentence's
            // subject ("Resolutionen des Sicherheitsrates, denen …, verbieten …").
            source = parties
                .iter()
                .find(|a| a.clause < clause && a.preposition.is_none())
                .map(|a| a.mention.actor.clone());
        }
        let target = self.target(t, sense, &in_clause, source.as_ref());
        (source, target)
    }

    /// A pronoun subject opening the clause or right after the verb, and
    /// where it stands.
    fn pronoun_subject(&self, t: usize) -> Option<(PronounSubject, usize)> {
        let words = &self.sentence.words;
        let clause = words[t].clause;
        let first_of_clause =
            (0..words.len()).find(|&i| words[i].clause == clause && words[i].is_word);
        let after_verb = self.sentence.next_word(t);
        [first_of_clause, after_verb]
            .into_iter()
            .flatten()
            .find_map(|i| {
                if self.lexicon.is_cue(CueKind::Pronoun, words[i].text) {
                    Some((PronounSubject::Previous, i))
                } else if words[i].quoted && self.lexicon.is_cue(CueKind::Speaker, words[i].text) {
                    Some((PronounSubject::Speaker, i))
                } else {
                    None
                }
            })
    }

    fn target(
        &self,
        t: usize,
        sense: &TriggerSense,
        in_clause: &[&Argument],
        source: Option<&Actor>,
    ) -> Option<Actor> {
        let candidates: Vec<&Argument> = in_clause
            .iter()
            .copied()
            .filter(|a| Some(&a.mention.actor) != source)
            .collect();
        for cue in &sense.target_cues {
            let found = match cue.as_str() {
                "obj" => {
                    let bare = || candidates.iter().filter(|a| a.preposition.is_none());
                    bare()
                        .find(|a| a.mention.first > t)
                        .or_else(|| bare().find(|a| a.mention.last < t))
                }
                preposition => candidates
                    .iter()
                    .find(|a| a.preposition.as_deref() == Some(preposition)),
            };
            if let Some(a) = found {
                return Some(a.mention.actor.clone());
            }
        }
        self.conjoined_partner(sense, in_clause, source)
            .or_else(|| {
                // "lobte die Zusammenarbeit mit Japan": with no object actor,
                // the actor attached to the object noun is the target.
                let wants_object = sense.target_cues.iter().any(|c| c == "obj");
                candidates
                    .iter()
                    .filter(|a| wants_object && a.mention.first > t)
                    .find(|a| {
                        matches!(
                            a.preposition.as_deref(),
                            Some("mit" | "with" | "für" | "for" | "gegen" | "against")
                        )
                    })
                    .map(|a| a.mention.actor.clone())
            })
    }

    /// "Israel und die Hamas einigten sich": for meetings, agreements and
    /// cooperation the second of two conjoined subjects is the target.
    fn conjoined_partner(
        &self,
        sense: &TriggerSense,
        in_clause: &[&Argument],
        source: Option<&Actor>,
    ) -> Option<Actor> {
        if !matches!(
            sense.event_type,
            EventType::Consult | EventType::Agree | EventType::Cooperate
        ) {
            return None;
        }
        let words = &self.sentence.words;
        let first = in_clause
            .iter()
            .find(|a| Some(&a.mention.actor) == source)?;
        let and = self.sentence.next_word(first.mention.last)?;
        if !matches!(words[and].text, "und" | "and") {
            return None;
        }
        in_clause
            .iter()
            .find(|a| a.mention.first > and && a.preposition.is_none())
            .map(|a| a.mention.actor.clone())
    }

    fn noun_arguments(
        &self,
        t: usize,
        sense: &TriggerSense,
        parties: &[&Argument],
    ) -> (Option<Actor>, Option<Actor>) {
        let words = &self.sentence.words;
        let clause = words[t].clause;
        let in_clause: Vec<&Argument> = parties
            .iter()
            .copied()
            .filter(|a| a.clause == clause)
            .collect();
        let next = self.sentence.next_word(t);
        // "zwischen X und Y", "between X and Y"
        if let Some(n) = next.filter(|&n| matches!(words[n].text, "zwischen" | "between")) {
            let mut after = in_clause.iter().filter(|a| a.mention.first > n);
            if let (Some(x), Some(y)) = (after.next(), after.next()) {
                return (Some(x.mention.actor.clone()), Some(y.mention.actor.clone()));
            }
        }
        let target = self.target_by_preposition(t, sense, &in_clause);
        let close_after = |a: &&Argument| a.mention.first > t && a.mention.first <= t + 3;
        let genitive_after = in_clause.iter().find(|a| {
            close_after(a)
                && (a.preposition.is_none()
                    || matches!(
                        a.preposition.as_deref(),
                        Some("von" | "vom" | "durch" | "of" | "by")
                    ))
        });
        let possessor = in_clause.iter().find(|a| {
            a.mention.last < t
                && t - a.mention.last <= 2
                && (a.mention.genitive
                    || a.mention.kind == PieceKind::Adjective
                    || a.mention.actor.text.ends_with("'s"))
        });
        // "Die Sanktionen gegen Iran wurden vom Sicherheitsrat verlängert"
        let passive_agent = || {
            let passive = words
                .iter()
                .any(|w| w.clause == clause && self.lexicon.is_cue(CueKind::Passive, w.text));
            in_clause.iter().filter(|_| passive).find(|a| {
                a.preposition
                    .as_deref()
                    .is_some_and(|p| self.lexicon.is_cue(CueKind::Agent, p))
            })
        };
        let source = genitive_after
            .or(possessor)
            .or_else(passive_agent)
            .map(|a| a.mention.actor.clone())
            .or_else(|| {
                let bare = || {
                    in_clause
                        .iter()
                        .filter(|a| a.preposition.is_none())
                        .filter(|a| Some(&a.mention.actor) != target.as_ref())
                };
                bare()
                    .find(|a| a.mention.last < t)
                    .or_else(|| bare().next())
                    .map(|a| a.mention.actor.clone())
            });
        let target = target.or_else(|| {
            sense
                .target_cues
                .iter()
                .any(|c| c == "subj")
                .then(|| {
                    in_clause.iter().find(|a| {
                        a.preposition.is_none() && Some(&a.mention.actor) != source.as_ref()
                    })
                })
                .flatten()
                .map(|a| a.mention.actor.clone())
        });
        (source, target)
    }

    fn target_by_preposition(
        &self,
        t: usize,
        sense: &TriggerSense,
        in_clause: &[&Argument],
    ) -> Option<Actor> {
        sense.target_cues.iter().find_map(|cue| {
            in_clause
                .iter()
                .find(|a| a.mention.first > t && a.preposition.as_deref() == Some(cue.as_str()))
                .map(|a| a.mention.actor.clone())
        })
    }

    fn status(
        &self,
        trigger: &Found,
        sense: &TriggerSense,
        passive: bool,
        all: &[Found],
        quoted: bool,
        claimed: bool,
    ) -> Status {
        let lexicon = self.lexicon;
        let sentence = self.sentence;
        let words = &sentence.words;
        let t = trigger.word;
        let clause = words[t].clause;
        let negated = if sense.noun {
            (t.saturating_sub(2)..t).any(|i| lexicon.is_cue(CueKind::Negation, words[i].text))
        } else {
            words.iter().enumerate().any(|(i, w)| {
                w.clause == clause
                    && (lexicon.is_cue(CueKind::Negation, w.text) || w.text.ends_with("n't"))
                    && sentence
                        .next_word(i)
                        .is_none_or(|n| !matches!(words[n].text, "nur" | "only"))
            })
        };
        if negated {
            return Status::Negated;
        }
        let denial_before = all.iter().any(|f| {
            let other = &lexicon.senses[f.sense];
            other.event_type == EventType::Reject
                && other.mode.as_deref() == Some("deny")
                && words[f.word].clause < clause
        });
        if denial_before && sense.event_type != EventType::Reject {
            return Status::Denied;
        }
        let in_clause = |kind: CueKind| sentence.clause_has(lexicon, kind, clause);
        let reportative_modal = words.iter().any(|w| {
            w.clause == clause && matches!(w.text, "soll" | "sollen" | "sollte" | "sollten")
        });
        // Reported speech is a claim even when it announces something
        // ("„Wir werden Russland unterstützen“, sagte …").
        if quoted || (reportative_modal && in_clause(CueKind::Perfect)) {
            return Status::Alleged;
        }
        let expected = words.iter().any(|w| {
            w.clause == clause
                && lexicon.is_cue(CueKind::Expected, w.text)
                && !(passive && lexicon.is_cue(CueKind::Passive, w.text))
        });
        if expected {
            return Status::Expected;
        }
        if claimed || sentence.has(lexicon, CueKind::Alleged) {
            return Status::Alleged;
        }
        sense.status.unwrap_or(Status::Asserted)
    }

    fn quote_at(&self, pos: usize) -> Option<&'a lagebild_quotes::Quote> {
        self.quotes?
            .0
            .iter()
            .find(|q| q.start <= pos && pos < q.end)
    }

    fn speaker_actor(&self, speaker: &lagebild_quotes::Speaker) -> Actor {
        Actor {
            entity: speaker.entity.clone(),
            name: speaker.name.clone(),
            text: self
                .doc
                .slice(Span::new(speaker.start, speaker.end))
                .to_string(),
            start: speaker.start,
            end: speaker.end,
        }
    }

    /// The date of an event at `pos`: the nearest date of the times layer
    /// in the sentence; without a times layer, a year or month named in the
    /// sentence; else the publication date.
    fn date(&self, pos: usize) -> Option<String> {
        let span = self.sentence.span;
        let distance = |start: usize| start.abs_diff(pos);
        if let Some(times) = self.times {
            return times
                .0
                .iter()
                .filter(|x| matches!(x.time_type, TimeType::Date | TimeType::Time))
                .filter(|x| x.start >= span.start && x.end <= span.end)
                .min_by_key(|x| distance(x.start))
                .map(|x| x.value.clone())
                .or_else(|| self.doc.published.clone());
        }
        self.date_in_words(pos)
            .or_else(|| self.doc.published.clone())
    }

    /// "im Jahr 2000" → 2000, "im April 2019" → 2019-04, "im Juli" →
    /// July of the publication year (or the year before, when July is
    /// still to come).
    fn date_in_words(&self, pos: usize) -> Option<String> {
        let words = &self.sentence.words;
        let published = self.doc.published.as_deref().unwrap_or_default();
        let published_year: Option<i32> = published.get(0..4).and_then(|y| y.parse().ok());
        let published_month: Option<u32> = published.get(5..7).and_then(|m| m.parse().ok());
        let year_at = |i: usize| -> Option<i32> {
            let w = words.get(i)?.text;
            (w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))
                .then(|| w.parse().ok())
                .flatten()
                .filter(|y| (1900..=2099).contains(y))
        };
        let mut candidates: Vec<(usize, String)> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if let Some(&month) = self.lexicon.months.get(words[i].text) {
                let year = year_at(i + 1).or_else(|| {
                    let year = published_year?;
                    Some(if published_month.is_some_and(|m| month > m) {
                        year - 1
                    } else {
                        year
                    })
                });
                if let Some(year) = year {
                    candidates.push((words[i].start, format!("{year:04}-{month:02}")));
                }
                i += 2;
                continue;
            }
            if let Some(year) = year_at(i) {
                candidates.push((words[i].start, format!("{year:04}")));
            }
            i += 1;
        }
        candidates
            .into_iter()
            .min_by_key(|(start, _)| start.abs_diff(pos))
            .map(|(_, value)| value)
    }
}
