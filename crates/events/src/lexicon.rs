//! The per-language data the stage runs on, parsed once from the files in
//! `resources/<lang>/` (compiled in, so a binary never looks for them).

use crate::layer::{EventType, Status};
use std::collections::HashMap;

/// Why a resource file could not be read; names the file and line so a
/// lexicon edit that breaks the format is found at once.
#[derive(Debug, thiserror::Error)]
#[error("resources/{lang}/{file} line {line}: {message}")]
pub struct LexiconError {
    lang: &'static str,
    file: &'static str,
    line: usize,
    message: String,
}

/// What one trigger lemma means: the event it names and where its target
/// is found.
#[derive(Debug, Clone)]
pub(crate) struct TriggerSense {
    pub(crate) lemma: String,
    pub(crate) noun: bool,
    pub(crate) event_type: EventType,
    pub(crate) mode: Option<String>,
    /// Prepositions introducing the target; `obj` for a bare object,
    /// `subj` when the target is the clause subject (an invitation).
    pub(crate) target_cues: Vec<String>,
    /// Particle of a separable or phrasal verb ("vor" in "vor|werfen").
    pub(crate) particle: Option<String>,
    pub(crate) status: Option<Status>,
}

/// How a word form points to a trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormUse {
    /// The form names the trigger by itself.
    Whole,
    /// The form is the base of a separable verb and counts only with its
    /// particle later in the clause.
    Split,
}

/// What a gazetteer entry is (see `resources/de/actors.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ActorKind {
    State,
    Adjective,
    Prefix,
    Org,
    Group,
    Role,
}

/// One gazetteer name.
#[derive(Debug, Clone)]
pub(crate) struct GazetteerEntry {
    pub(crate) kind: ActorKind,
    pub(crate) canonical: String,
    /// The surface is the derived genitive ("Nordkoreas").
    pub(crate) genitive: bool,
}

/// Cue words of one kind (`resources/<lang>/cues.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum CueKind {
    Negation,
    Expected,
    Alleged,
    Perfect,
    Passive,
    Agent,
    Clause,
    Function,
    Speaker,
    Preposition,
    Pronoun,
}

/// Everything the stage knows about one language.
#[derive(Debug)]
pub(crate) struct Lexicon {
    pub(crate) lang: &'static str,
    pub(crate) senses: Vec<TriggerSense>,
    /// Word form → (sense index, use).
    pub(crate) forms: HashMap<String, Vec<(usize, FormUse)>>,
    /// Noun trigger forms by lower case, for compound heads ("…lieferungen").
    pub(crate) noun_heads: Vec<(String, usize)>,
    /// Gazetteer: token sequence (as written) → entry.
    pub(crate) actors: HashMap<Vec<String>, GazetteerEntry>,
    /// Longest gazetteer entry in tokens.
    pub(crate) longest_actor: usize,
    /// Adjective stems (lower case) → state.
    pub(crate) adjectives: Vec<(String, String)>,
    /// Compound prefixes ("US-") → actor.
    pub(crate) prefixes: Vec<(String, String)>,
    /// Group and role heads (lower case) for compounds ("bundesregierung").
    pub(crate) compound_heads: Vec<(String, ActorKind, String)>,
    cues: HashMap<CueKind, Vec<String>>,
    pub(crate) months: HashMap<String, u32>,
}

impl Lexicon {
    /// True when `word` (any case) is a cue of `kind`.
    pub(crate) fn is_cue(&self, kind: CueKind, word: &str) -> bool {
        let lower = word.to_lowercase();
        self.cues
            .get(&kind)
            .is_some_and(|words| words.iter().any(|w| *w == lower))
    }

    /// The German lexicon.
    pub(crate) fn german() -> Result<Self, LexiconError> {
        Self::parse(
            "de",
            include_str!("../resources/de/triggers.tsv"),
            &[
                include_str!("../resources/de/forms.tsv"),
                include_str!("../resources/de/extra_forms.tsv"),
            ],
            include_str!("../resources/de/actors.tsv"),
            include_str!("../resources/de/cues.tsv"),
            include_str!("../resources/de/months.tsv"),
        )
    }

    /// The English lexicon.
    pub(crate) fn english() -> Result<Self, LexiconError> {
        Self::parse(
            "en",
            include_str!("../resources/en/triggers.tsv"),
            &[
                include_str!("../resources/en/forms.tsv"),
                include_str!("../resources/en/extra_forms.tsv"),
            ],
            include_str!("../resources/en/actors.tsv"),
            include_str!("../resources/en/cues.tsv"),
            include_str!("../resources/en/months.tsv"),
        )
    }

    fn parse(
        lang: &'static str,
        triggers: &str,
        form_files: &[&str],
        actors: &str,
        cues: &str,
        months: &str,
    ) -> Result<Self, LexiconError> {
        let err = |file: &'static str, line: usize, message: String| LexiconError {
            lang,
            file,
            line,
            message,
        };
        let mut senses = Vec::new();
        for (line_no, columns) in rows(triggers) {
            let [lemma, pos, event_type, mode, target, status] = columns[..] else {
                return Err(err(
                    "triggers.tsv",
                    line_no,
                    format!("expected 6 columns, found {}", columns.len()),
                ));
            };
            let event_type: EventType = event_type
                .parse()
                .map_err(|e| err("triggers.tsv", line_no, e))?;
            let status = match status {
                "-" => None,
                s => Some(
                    s.parse::<Status>()
                        .map_err(|e| err("triggers.tsv", line_no, e))?,
                ),
            };
            let noun = match pos {
                "n" => true,
                "v" => false,
                other => {
                    return Err(err(
                        "triggers.tsv",
                        line_no,
                        format!("pos {other:?} is neither v nor n"),
                    ))
                }
            };
            let particle = lemma
                .split_once('|')
                .map(|(particle, _)| particle.to_string());
            senses.push(TriggerSense {
                lemma: lemma.to_string(),
                noun,
                event_type,
                mode: (mode != "-").then(|| mode.to_string()),
                target_cues: if target == "-" {
                    Vec::new()
                } else {
                    target.split(',').map(|s| s.trim().to_string()).collect()
                },
                particle,
                status,
            });
        }
        let mut forms: HashMap<String, Vec<(usize, FormUse)>> = HashMap::new();
        for file in form_files {
            for (line_no, columns) in rows(file) {
                let [form, lemma, how] = columns[..] else {
                    return Err(err(
                        "forms.tsv",
                        line_no,
                        format!("expected 3 columns, found {}", columns.len()),
                    ));
                };
                let how = match how {
                    "whole" => FormUse::Whole,
                    "split" => FormUse::Split,
                    other => {
                        return Err(err(
                            "forms.tsv",
                            line_no,
                            format!("use {other:?} is neither whole nor split"),
                        ))
                    }
                };
                for (index, sense) in senses.iter().enumerate().filter(|(_, s)| s.lemma == lemma) {
                    // A noun's forms are capitalised, a verb's are not: keep
                    // each form with the senses of its own word class.
                    let capitalised = form.chars().next().is_some_and(char::is_uppercase);
                    if lang == "de" && sense.noun != capitalised {
                        continue;
                    }
                    let entry = forms.entry(form.to_string()).or_default();
                    if !entry.contains(&(index, how)) {
                        entry.push((index, how));
                    }
                }
            }
        }
        let mut noun_heads: Vec<(String, usize)> = forms
            .iter()
            .flat_map(|(form, uses)| uses.iter().map(move |(i, _)| (form, *i)))
            .filter(|(form, i)| senses[*i].noun && form.chars().count() >= 4)
            .map(|(form, i)| (form.to_lowercase(), i))
            .collect();
        noun_heads.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));

        let mut actor_map = HashMap::new();
        let mut adjectives = Vec::new();
        let mut prefixes = Vec::new();
        let mut compound_heads = Vec::new();
        let mut longest_actor = 1;
        for (line_no, columns) in rows(actors) {
            let [kind, canonical, surfaces] = columns[..] else {
                return Err(err(
                    "actors.tsv",
                    line_no,
                    format!("expected 3 columns, found {}", columns.len()),
                ));
            };
            let kind = match kind {
                "state" => ActorKind::State,
                "adj" => ActorKind::Adjective,
                "prefix" => ActorKind::Prefix,
                "org" => ActorKind::Org,
                "group" => ActorKind::Group,
                "role" => ActorKind::Role,
                other => {
                    return Err(err(
                        "actors.tsv",
                        line_no,
                        format!("unknown kind {other:?}"),
                    ))
                }
            };
            for surface in surfaces.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                match kind {
                    ActorKind::Adjective => {
                        adjectives.push((surface.to_lowercase(), canonical.to_string()))
                    }
                    ActorKind::Prefix => {
                        prefixes.push((surface.to_string(), canonical.to_string()))
                    }
                    _ => {
                        let words: Vec<String> =
                            surface.split_whitespace().map(str::to_string).collect();
                        longest_actor = longest_actor.max(words.len());
                        if matches!(kind, ActorKind::State | ActorKind::Org) {
                            let genitive = genitive_of(lang, &words);
                            actor_map.entry(genitive).or_insert(GazetteerEntry {
                                kind,
                                canonical: canonical.to_string(),
                                genitive: true,
                            });
                        }
                        if matches!(kind, ActorKind::Group | ActorKind::Role)
                            && words.len() == 1
                            && surface.chars().count() >= 5
                        {
                            compound_heads.push((
                                surface.to_lowercase(),
                                kind,
                                canonical.to_string(),
                            ));
                        }
                        actor_map.insert(
                            words,
                            GazetteerEntry {
                                kind,
                                canonical: canonical.to_string(),
                                genitive: false,
                            },
                        );
                    }
                }
            }
        }
        compound_heads.sort_by(|a, b| b.0.len().cmp(&a.0.len()));
        let mut cue_map: HashMap<CueKind, Vec<String>> = HashMap::new();
        for (line_no, columns) in rows(cues) {
            let (kind, words) = match columns[..] {
                [kind, words] => (kind, words),
                [kind] => (kind, ""),
                _ => {
                    return Err(err(
                        "cues.tsv",
                        line_no,
                        format!("expected 2 columns, found {}", columns.len()),
                    ))
                }
            };
            let kind = match kind {
                "negation" => CueKind::Negation,
                "expected" => CueKind::Expected,
                "alleged" => CueKind::Alleged,
                "perfect" => CueKind::Perfect,
                "passive" => CueKind::Passive,
                "agent" => CueKind::Agent,
                "clause" => CueKind::Clause,
                "function" => CueKind::Function,
                "speaker" => CueKind::Speaker,
                "preposition" => CueKind::Preposition,
                "pronoun" => CueKind::Pronoun,
                other => {
                    return Err(err(
                        "cues.tsv",
                        line_no,
                        format!("unknown cue kind {other:?}"),
                    ))
                }
            };
            cue_map.entry(kind).or_default().extend(
                words
                    .split(',')
                    .map(|w| w.trim().to_lowercase())
                    .filter(|w| !w.is_empty()),
            );
        }
        let mut month_map = HashMap::new();
        for (line_no, columns) in rows(months) {
            let [name, number] = columns[..] else {
                return Err(err(
                    "months.tsv",
                    line_no,
                    format!("expected 2 columns, found {}", columns.len()),
                ));
            };
            let number: u32 = number.parse().map_err(|_| {
                err(
                    "months.tsv",
                    line_no,
                    format!("month {number:?} is not a number"),
                )
            })?;
            month_map.insert(name.to_string(), number);
        }
        Ok(Lexicon {
            lang,
            senses,
            forms,
            noun_heads,
            actors: actor_map,
            longest_actor,
            adjectives,
            prefixes,
            compound_heads,
            cues: cue_map,
            months: month_map,
        })
    }
}

/// The genitive of a name as it is written: "Nordkoreas", "Russia's"; names
/// ending in a sibilant take none in German ("des Kosovo" stays).
fn genitive_of(lang: &str, words: &[String]) -> Vec<String> {
    let mut out = words.to_vec();
    if let Some(last) = out.last_mut() {
        if lang == "en" {
            last.push_str("'s");
        } else if !last.ends_with(['s', 'z', 'x', 'ß']) {
            last.push('s');
        }
    }
    out
}

/// Non-comment, non-blank lines split on tabs, with 1-based line numbers.
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(i, line)| (i + 1, line.split('\t').map(str::trim).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_lexicons_parse_and_know_their_core_triggers() {
        let de = Lexicon::german().unwrap();
        let en = Lexicon::english().unwrap();
        let sense = |lex: &Lexicon, form: &str| -> Vec<EventType> {
            lex.forms
                .get(form)
                .map(|uses| {
                    uses.iter()
                        .map(|(i, _)| lex.senses[*i].event_type)
                        .collect()
                })
                .unwrap_or_default()
        };
        assert!(sense(&de, "besuchte").contains(&EventType::Consult));
        assert!(sense(&de, "lieferte").contains(&EventType::Aid));
        assert!(sense(&de, "vorgeworfen").contains(&EventType::Accuse));
        assert!(sense(&de, "Sanktionen").contains(&EventType::Sanction));
        assert!(sense(&en, "visited").contains(&EventType::Consult));
        assert!(sense(&en, "denied").contains(&EventType::Reject));
        assert!(de.is_cue(CueKind::Negation, "Nicht"));
        assert_eq!(de.months.get("Juli"), Some(&7));
        assert!(de.actors.contains_key(&vec!["Nordkoreas".to_string()]));
        assert!(en
            .actors
            .contains_key(&vec!["North".to_string(), "Korea's".to_string()]));
    }

    #[test]
    fn a_broken_line_names_file_and_line() {
        let err = Lexicon::parse(
            "de",
            "# c\nbesuchen\tv\tVISIT\tvisit\tobj\t-\n",
            &[],
            "",
            "",
            "",
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "resources/de/triggers.tsv line 2: unknown PLOVER event type \"VISIT\" (expected one of AGREE, CONSULT, … ASSAULT)");
    }
}
