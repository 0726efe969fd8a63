//! The quotation rules: one pass over an article's sentences that finds
//! direct quotations, reported speech after cue verbs and source phrases,
//! continuation sentences in the reporting mood, and their speakers.

use crate::layer::QuoteKind;
use crate::lexicon::{Language, Lexicon};
use crate::marks;
use crate::segment::{self, Token};
use crate::speaker::{NounPhrase, PhraseReader, SpeakerFound, SpeakerMemory};
use lagebild_core::Document;
use lagebild_entities::{Entities, EntityType};
use std::ops::Range;

/// A quotation before conversion to the layer's code-point offsets.
#[derive(Debug, Clone)]
pub(crate) struct QuoteFound {
    pub(crate) content: Range<usize>,
    pub(crate) kind: QuoteKind,
    pub(crate) cue: Option<(Range<usize>, String)>,
    pub(crate) speaker: Option<SpeakerFound>,
}

/// A sentence, or several when a quotation runs across sentences, with
/// its tokens and which quotation (if any) each token lies in.
struct Unit {
    range: Range<usize>,
    tokens: Vec<Token>,
    quotation_of: Vec<Option<usize>>,
}

/// A cue verb in a unit: the verb token, its last particle, its lemma.
struct CueVerb {
    verb: usize,
    last: usize,
    text: String,
}

/// Everything the rules found in one unit.
struct Attribution {
    content: Option<Range<usize>>,
    cue: Option<(Range<usize>, String)>,
    speaker: Option<SpeakerFound>,
}

/// Finds the quotations of one document.
pub(crate) fn extract(doc: &Document, language: Language) -> Vec<QuoteFound> {
    let text = doc.text();
    let quotations = marks::quotations(text);
    let units = units(text, &segment::sentences(doc), &quotations);
    let mut memory = SpeakerMemory::new(doc.layer::<Entities>(), doc.index(), &quotations);
    let lexicon = Lexicon::get(language);
    let mut out: Vec<QuoteFound> = Vec::new();
    // The last unit that reported speech, its speaker, and whether it
    // reported content (false for a bare speech act such as "Der Iran
    // streitet dies ab"), for continuations.
    let mut previous: Option<(usize, Option<SpeakerFound>, bool)> = None;
    for (u, unit) in units.iter().enumerate() {
        let reader = PhraseReader {
            text,
            tokens: &unit.tokens,
            lexicon,
            language,
        };
        let rules = UnitRules {
            reader: &reader,
            unit,
            quotations: &quotations,
            language,
        };
        let attribution = rules.attribution(&memory);
        let previous_unit = previous.as_ref().filter(|(p, _, _)| p + 1 == u);
        let previous_speaker = previous_unit
            .filter(|(_, _, reported)| *reported)
            .and_then(|(_, s, _)| s.clone());
        // A bare speech act is continued only by the reporting mood ("Der
        // Iran streitet dies ab. Sein Programm diene …"), not by quotations.
        let reporting_speaker = previous_unit.and_then(|(_, s, _)| s.clone());
        let mut found_any = false;
        let mut unit_speaker = attribution.as_ref().and_then(|a| a.speaker.clone());
        if let Some(speaker) = &unit_speaker {
            memory.remember(speaker);
        }
        // Direct quotations: attributed in this unit, or continuing the
        // previous speaker, or (long enough to be speech) unattributed.
        let quoted = rules.quotations_in_unit();
        let reported = attribution.as_ref().and_then(|a| a.content.clone());
        for q in &quoted {
            let fragment_of_report = reported
                .as_ref()
                .is_some_and(|r| r.start < q.start && q.end <= r.end + 2);
            let attributed = attribution.is_some() || previous_speaker.is_some();
            if !rules.is_speech(q, attributed, fragment_of_report) {
                continue;
            }
            // English attribution treats a quoted fragment inside reported
            // speech as part of that one report, not a quotation of its own.
            if language == Language::English && fragment_of_report {
                continue;
            }
            let own = rules
                .trailing_attribution(q, &memory)
                .or_else(|| rules.preceding_attribution(q, &memory));
            let (cue, speaker) = match (&own, &attribution) {
                (Some(a), _) | (None, Some(a)) => (a.cue.clone(), a.speaker.clone()),
                // A quotation without a cue quotes the person its own
                // sentence names before it ("Der Verkehrsminister, Binali
                // Yildirim, charakterisierte das Opfer als ein „…“"), or
                // continues the last report, or else quotes the person the
                // previous sentence named.
                (None, None) => {
                    let since = u
                        .checked_sub(1)
                        .map_or(unit.range.start, |p| units[p].range.start);
                    (
                        None,
                        memory
                            .person_named_in(unit.range.start..q.start)
                            .or_else(|| previous_speaker.clone())
                            .or_else(|| memory.person_named_in(since..q.start)),
                    )
                }
            };
            if own.is_some() {
                unit_speaker = speaker.clone();
            }
            out.push(QuoteFound {
                content: q.clone(),
                kind: QuoteKind::Direct,
                cue,
                speaker,
            });
            found_any = true;
        }
        // "[Report.] Das teilte die Polizei mit.": the demonstrative points
        // back, so the previous sentence is what was reported.
        let back_reference = attribution
            .as_ref()
            .filter(|_| u > 0 && rules.points_back());
        if let Some(a) = back_reference {
            let earlier = &units[u - 1].range;
            let mut attributed = false;
            for q in out.iter_mut().filter(|q| {
                earlier.start <= q.content.start && q.content.end <= earlier.end && q.cue.is_none()
            }) {
                q.cue = a.cue.clone();
                q.speaker = a.speaker.clone();
                attributed = true;
            }
            let reported_before = out
                .iter()
                .any(|q| earlier.start <= q.content.start && q.content.end <= earlier.end);
            if !attributed && !reported_before {
                out.push(QuoteFound {
                    content: without_final_punctuation(text, earlier.clone()),
                    kind: QuoteKind::Indirect,
                    cue: a.cue.clone(),
                    speaker: a.speaker.clone(),
                });
            }
            previous = Some((u, a.speaker.clone(), true));
            continue;
        }
        let continuation = attribution.is_none()
            && reporting_speaker.is_some()
            && !rules.is_conditional()
            && (rules.main_clause_konjunktiv() || rules.is_hearsay());
        // "Lammert würdigte die Bundeswehr. Sie sei eine Armee des
        // Friedens": Konjunktiv I after no report at all still reports,
        // when the previous sentence names a person to whom it is due.
        let free_report_speaker = (attribution.is_none()
            && reporting_speaker.is_none()
            && !rules.is_conditional()
            && rules.main_clause_konjunktiv_i())
        .then(|| {
            let p = u.checked_sub(1)?;
            memory.person_named_in(units[p].range.clone())
        })
        .flatten();
        let content = match (&attribution, reported) {
            (Some(_), Some(content)) => Some(content),
            (None, _) if continuation || free_report_speaker.is_some() => Some(rules.whole_unit()),
            _ => None,
        };
        // "„…“, sagt X, „…“": one direct quotation around its attribution.
        let interrupted = content.as_ref().filter(|c| {
            quoted.len() >= 2
                && quoted.first().is_some_and(|q| q.start == c.start)
                && quoted.last().is_some_and(|q| q.end == c.end)
        });
        if let Some(span) = interrupted.cloned() {
            out.retain(|q| !(span.start <= q.content.start && q.content.end <= span.end));
            let (cue, speaker) = attribution
                .as_ref()
                .map(|a| (a.cue.clone(), a.speaker.clone()))
                .unwrap_or_default();
            out.push(QuoteFound {
                content: span,
                kind: QuoteKind::Direct,
                cue,
                speaker,
            });
            previous = Some((u, unit_speaker, true));
            continue;
        }
        if let Some(content) = content {
            let covered_by_quote = quoted
                .iter()
                .any(|q| q.start <= content.start + 2 && content.end <= q.end + 2);
            if !covered_by_quote {
                let kind = if quoted
                    .iter()
                    .any(|q| content.start <= q.start && q.end <= content.end)
                {
                    QuoteKind::Mixed
                } else {
                    QuoteKind::Indirect
                };
                let (cue, speaker) = match &attribution {
                    Some(a) => (a.cue.clone(), a.speaker.clone()),
                    None => (
                        None,
                        reporting_speaker
                            .clone()
                            .or_else(|| free_report_speaker.clone()),
                    ),
                };
                if unit_speaker.is_none() {
                    unit_speaker = speaker.clone();
                }
                out.push(QuoteFound {
                    content,
                    kind,
                    cue,
                    speaker,
                });
                found_any = true;
            }
        }
        if found_any {
            if unit_speaker.is_none() {
                unit_speaker = previous_speaker;
            }
            previous = Some((u, unit_speaker, true));
        } else if unit_speaker.is_some() {
            previous = Some((u, unit_speaker, false));
        }
    }
    out
}

/// `range` without trailing whitespace and sentence-final punctuation.
fn without_final_punctuation(text: &str, range: Range<usize>) -> Range<usize> {
    let kept = text[range.clone()]
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!' | '?'));
    range.start..range.start + kept.len()
}

/// Sentences merged wherever a quotation crosses a sentence end, tokenised.
fn units(text: &str, sentences: &[Range<usize>], quotations: &[Range<usize>]) -> Vec<Unit> {
    let mut merged: Vec<Range<usize>> = Vec::new();
    for s in sentences {
        if let Some(last) = merged.last_mut() {
            let open_across = quotations
                .iter()
                .any(|q| q.start < last.end && q.end > last.end && q.end > s.start);
            if open_across {
                last.end = last.end.max(s.end);
                continue;
            }
        }
        merged.push(s.clone());
    }
    merged
        .into_iter()
        .map(|range| {
            let tokens = segment::tokens(text, range.clone());
            let quotation_of = tokens
                .iter()
                .map(|t| {
                    quotations
                        .iter()
                        .position(|q| q.start <= t.start && t.end <= q.end)
                })
                .collect();
            Unit {
                range,
                tokens,
                quotation_of,
            }
        })
        .collect()
}

/// The rules applied to one unit.
struct UnitRules<'a> {
    reader: &'a PhraseReader<'a>,
    unit: &'a Unit,
    quotations: &'a [Range<usize>],
    language: Language,
}

impl UnitRules<'_> {
    fn word(&self, i: usize) -> &str {
        self.reader.word(i)
    }

    fn outside(&self, i: usize) -> bool {
        self.unit.quotation_of.get(i).is_some_and(|q| q.is_none())
    }

    fn len(&self) -> usize {
        self.unit.tokens.len()
    }

    /// Quotations lying (at least partly) in this unit, clipped to it.
    fn quotations_in_unit(&self) -> Vec<Range<usize>> {
        self.quotations
            .iter()
            .filter(|q| q.start < self.unit.range.end && self.unit.range.start < q.end)
            .map(|q| q.start.max(self.unit.range.start)..q.end.min(self.unit.range.end))
            .collect()
    }

    /// Whether a quotation is speech rather than a name or title in
    /// quotation marks („Spiegel“, „Ärzte ohne Grenzen“). Speech either
    /// stands on its own (at the sentence start or after a colon), ends
    /// with sentence punctuation, is followed by its attribution, or —
    /// in an attributed sentence — is a lower-case fragment of reported
    /// speech („gravierende rechtliche Bedenken“). Inside reported speech
    /// (`in_report`) longer capitalised fragments are wording too.
    fn is_speech(&self, quotation: &Range<usize>, attributed: bool, in_report: bool) -> bool {
        let Some(first) = (0..self.len()).find(|&i| self.unit.tokens[i].start >= quotation.start)
        else {
            return false;
        };
        let Some(last) = (first..self.len())
            .rev()
            .find(|&i| self.unit.tokens[i].end <= quotation.end)
        else {
            return false;
        };
        let words = self.words_in(quotation);
        let opener = (first..=last).find(|&i| self.unit.tokens[i].is_word);
        let lower_start = opener.is_some_and(|i| !self.reader.is_capitalised(i));
        let before = (0..first).rev().find(|&i| self.outside(i));
        let stands_alone = match before {
            None => true,
            Some(i) => matches!(self.word(i), ":" | "." | "!" | "?"),
        };
        let terminal = last > first && matches!(self.word(last - 1), "." | "!" | "?" | "…");
        // "laut „tagesschau.de“", "Wie „heise online“ berichtet": a name of a
        // source, not its words; "die so genannte „…“", "unter dem Motto
        // „…“": a name or title.
        let names_source = (first > 0
            && (self
                .reader
                .lexicon
                .is("source_before", self.word(first - 1))
                || self.reader.lexicon.is("naming_words", self.word(first - 1))))
            || (!terminal
                && words <= 5
                && self.reader.is_word(last + 1)
                && !self.reader.is_capitalised(last + 1)
                && !self
                    .reader
                    .lexicon
                    .cue_forms(self.word(last + 1))
                    .is_empty());
        if names_source {
            return false;
        }
        let followed_by_cue = self.word(last + 1) == ","
            && self.reader.lexicon.cue_forms(self.word(last + 2)).len()
                + self.reader.lexicon.cue_forms(self.word(last + 3)).len()
                > 0;
        if !attributed {
            return words >= 4 && (stands_alone || terminal);
        }
        // "nannte dies einen „Militärputsch“.": a short capitalised
        // fragment after "als" or an indefinite article is wording, not a
        // name, when it ends the sentence or lies in reported speech.
        let introduced_as_wording = first > 0
            && self
                .reader
                .lexicon
                .is("wording_introducers", self.word(first - 1))
            && (in_report || matches!(self.word(last + 1), "." | ""));
        // "…, ein System sei „Ende der 90er Jahre in der gesamten
        // Wirtschaft üblich“ gewesen": five words and more inside a report
        // are quoted speech; names and titles are shorter.
        let long_fragment_of_report = in_report && words >= 5;
        stands_alone
            || terminal
            || followed_by_cue
            || (lower_start && words >= 1)
            || (introduced_as_wording && words <= 6)
            || long_fragment_of_report
    }

    fn words_in(&self, range: &Range<usize>) -> usize {
        self.unit
            .tokens
            .iter()
            .filter(|t| t.is_word && range.start <= t.start && t.end <= range.end)
            .count()
    }

    /// The unit without its final punctuation.
    fn whole_unit(&self) -> Range<usize> {
        self.content_range(0, self.len())
    }

    /// Byte range of tokens `from..to`, without trailing punctuation and
    /// leading commas (quotation marks are kept).
    fn content_range(&self, mut from: usize, mut to: usize) -> Range<usize> {
        while from < to && matches!(self.word(from), "," | ":" | "–" | "-") {
            from += 1;
        }
        while to > from
            && matches!(
                self.word(to - 1),
                "." | "," | ":" | ";" | "!" | "?" | "–" | "-"
            )
            && self.outside(to - 1)
        {
            to -= 1;
        }
        self.reader.bytes(from..to)
    }

    fn words_between(&self, from: usize, to: usize) -> usize {
        (from..to.min(self.len()))
            .filter(|&i| self.unit.tokens[i].is_word)
            .count()
    }

    fn has_konjunktiv(&self) -> bool {
        (0..self.len()).any(|i| self.outside(i) && self.reader.lexicon.is_konjunktiv(self.word(i)))
    }

    /// "Er soll die Bomben gebaut haben": "sollen" with a perfect
    /// infinitive reports what others claim.
    fn is_hearsay(&self) -> bool {
        let last_word = (0..self.len())
            .rev()
            .find(|&i| self.unit.tokens[i].is_word && self.outside(i));
        let perfect =
            last_word.is_some_and(|i| matches!(self.word(i), "haben" | "sein" | "werden"));
        perfect
            && (0..self.len()).any(|i| self.outside(i) && matches!(self.word(i), "soll" | "sollen"))
    }

    /// "Sollte der Antrag angenommen werden, könnte …", "Wenn Berlin
    /// geklagt hätte, hätte man …": the Konjunktiv of a condition is the
    /// writer's hypothesis, not reported speech.
    fn is_conditional(&self) -> bool {
        let lex = self.reader.lexicon;
        let opens_with_verb = (0..self.len())
            .find(|&i| self.unit.tokens[i].is_word)
            .is_some_and(|i| self.outside(i) && lex.is("conditional_openers", self.word(i)));
        opens_with_verb
            || (0..self.len())
                .any(|i| self.outside(i) && lex.is("conditional_conjunctions", self.word(i)))
    }

    /// A reporting-mood verb outside relative clauses: "Zudem sei unklar,
    /// ob …" continues a report; "… die Rede, der … versucht habe" has it
    /// only in a relative clause, which reports nothing.
    fn main_clause_konjunktiv(&self) -> bool {
        self.main_clause_konjunktiv_forms().next().is_some()
    }

    /// "Sein Programm diene friedlichen Zwecken": a main-clause Konjunktiv
    /// I form, which news prose uses for nothing but reported speech.
    fn main_clause_konjunktiv_i(&self) -> bool {
        self.main_clause_konjunktiv_forms()
            .any(|i| !self.reader.lexicon.is("konjunktiv_ii", self.word(i)))
    }

    /// Tokens in the reporting mood outside relative clauses.
    fn main_clause_konjunktiv_forms(&self) -> impl Iterator<Item = usize> + '_ {
        let mut in_relative = false;
        (0..self.len()).filter(move |&i| {
            if self.is_boundary(i) {
                in_relative = matches!(
                    self.word(i + 1),
                    "der"
                        | "die"
                        | "das"
                        | "dem"
                        | "den"
                        | "deren"
                        | "dessen"
                        | "welche"
                        | "welcher"
                        | "welches"
                );
                return false;
            }
            !in_relative && self.outside(i) && self.reader.lexicon.is_konjunktiv(self.word(i))
        })
    }

    /// True for a clause boundary outside quotations.
    fn is_boundary(&self, i: usize) -> bool {
        self.outside(i) && matches!(self.word(i), "," | ":" | ";" | "–")
    }

    /// The cue verb at token `i`, when it is one and its particles stand
    /// in the unit ("teilte … mit").
    fn cue_at(&self, i: usize) -> Option<CueVerb> {
        if !self.outside(i) || !self.reader.is_word(i) {
            return None;
        }
        let w = self.word(i);
        for form in self.reader.lexicon.cue_forms(w) {
            let mut last = i;
            let all_present = form.required.iter().all(|particle| {
                match (0..self.len()).find(|&j| {
                    j != i && self.outside(j) && self.word(j).eq_ignore_ascii_case(particle)
                }) {
                    Some(j) => {
                        last = last.max(j);
                        true
                    }
                    None => false,
                }
            });
            if all_present {
                let mut text = w.to_string();
                for particle in &form.required {
                    text.push(' ');
                    text.push_str(particle);
                }
                return Some(CueVerb {
                    verb: i,
                    last,
                    text,
                });
            }
        }
        None
    }

    /// The first cue verb whose particles stand in the unit.
    fn cue_verb(&self) -> Option<CueVerb> {
        let first_word = (0..self.len()).find(|&i| self.unit.tokens[i].is_word);
        for i in 0..self.len() {
            let capitalised_noun = self.reader.is_capitalised(i) && Some(i) != first_word;
            if capitalised_noun {
                continue;
            }
            if let Some(cue) = self.cue_at(i) {
                return Some(cue);
            }
        }
        // "„…“, strich Romney heraus": after a quotation and a comma, the
        // next word is a verb of saying even when the lexicon lacks it.
        (2..self.len())
            .find(|&i| {
                self.outside(i)
                    && self.unit.tokens[i].is_word
                    && !self.reader.is_capitalised(i)
                    && self.word(i - 1) == ","
                    && !self.outside(i - 2)
                    && !self.reader.lexicon.is("subordinators", self.word(i))
                    && !self.reader.lexicon.is("source_trailing", self.word(i))
                    && !self.reader.lexicon.is("auxiliaries", self.word(i))
                    && (self.reader.is_pronoun(i + 1)
                        || self.reader.is_capitalised(i + 1)
                        || self.reader.lexicon.is("determiners", self.word(i + 1)))
            })
            .map(|i| CueVerb {
                verb: i,
                last: i,
                text: self.word(i).to_string(),
            })
            .or_else(|| self.verb_before_dass_clause())
    }

    /// "Freizeitforscher bezweifeln aber, dass …", "Beide Seiten hatten
    /// vereinbart, dass …": the verb that governs a dass-clause reports
    /// its content, whether or not the lexicon lists it.
    fn verb_before_dass_clause(&self) -> Option<CueVerb> {
        let lex = self.reader.lexicon;
        let dass = (2..self.len())
            .find(|&k| self.outside(k) && self.word(k) == "dass" && self.word(k - 1) == ",")?;
        let verb = (0..dass - 1)
            .rev()
            .find(|&k| !(lex.is("adverbs", self.word(k)) && self.reader.is_word(k)))?;
        let w = self.word(verb);
        let verb_like = self.reader.is_word(verb)
            && self.outside(verb)
            && !self.reader.is_capitalised(verb)
            && !lex.is("determiners", w)
            && !lex.is("prepositions", w)
            && !lex.is("subordinators", w)
            && !self.reader.is_pronoun(verb)
            && !lex.is("auxiliaries", w)
            && !w.chars().all(|c| c.is_ascii_digit());
        // Only with a subject to attribute to ("Nachdem bekannt geworden
        // war, dass …" reports nobody's words).
        let subject = self
            .prefield_subject(verb)
            .or_else(|| self.middle_field_subject(verb))
            .is_some_and(|p| p.pronoun || self.reader.is_capitalised(p.name.start));
        (verb_like && subject).then(|| CueVerb {
            verb,
            last: verb,
            text: w.to_string(),
        })
    }

    /// "„…“, sagte er gegenüber …": the cue right after a quotation
    /// attributes it, even when the sentence has an earlier cue of its own
    /// ("X äußerte sich zu …: „…“, sagte er").
    fn trailing_attribution(
        &self,
        quotation: &Range<usize>,
        memory: &SpeakerMemory,
    ) -> Option<Attribution> {
        let closing = (0..self.len())
            .rev()
            .find(|&i| self.unit.tokens[i].end <= quotation.end)?;
        let verb = if self.word(closing + 1) == "," {
            closing + 2
        } else {
            closing + 1
        };
        if !self.reader.is_word(verb) || self.reader.is_capitalised(verb) {
            return None;
        }
        let cue = self
            .cue_at(verb)
            .or_else(|| self.unlisted_cue_after_opening_quotation(quotation, verb))?;
        self.verb_attribution(cue, memory)
            .filter(|a| a.speaker.is_some())
    }

    /// "Klose nannte seinen Platzverweis „überzogen“, Löw bezeichnete …
    /// als „übertrieben“": in a sentence with several cues, a quotation
    /// belongs to the nearest cue before it, not to the sentence's first.
    fn preceding_attribution(
        &self,
        quotation: &Range<usize>,
        memory: &SpeakerMemory,
    ) -> Option<Attribution> {
        let opening = (0..self.len()).find(|&i| self.unit.tokens[i].start >= quotation.start)?;
        let first_word = (0..self.len()).find(|&i| self.unit.tokens[i].is_word);
        let cue = (0..opening)
            .rev()
            .filter(|&k| !self.reader.is_capitalised(k) || Some(k) == first_word)
            .find_map(|k| self.cue_at(k))?;
        self.verb_attribution(cue, memory)
            .filter(|a| a.speaker.is_some())
    }

    /// "„…“, erinnerte sich Trotnow", "„…“ fragen sich Experten": a
    /// sentence that opens with a quotation and goes on with a verb and
    /// its subject attributes the quotation, whether or not the lexicon
    /// lists the verb.
    fn unlisted_cue_after_opening_quotation(
        &self,
        quotation: &Range<usize>,
        verb: usize,
    ) -> Option<CueVerb> {
        let lex = self.reader.lexicon;
        let w = self.word(verb);
        let opens_unit = self
            .unit
            .tokens
            .first()
            .is_some_and(|t| t.start >= quotation.start);
        let verb_like = !lex.is("subordinators", w)
            && !lex.is("source_trailing", w)
            && !lex.is("auxiliaries", w)
            && !lex.is("determiners", w)
            && !lex.is("prepositions", w)
            && !lex.is("adverbs", w)
            && !matches!(w, "und" | "oder" | "aber" | "sondern");
        let subject = self.skip_adverbs(verb + 1);
        let subject_follows = self.reader.is_pronoun(subject)
            || self.reader.is_capitalised(subject)
            || lex.is("determiners", self.word(subject));
        (opens_unit && verb_like && subject_follows).then(|| CueVerb {
            verb,
            last: verb,
            text: w.to_string(),
        })
    }

    /// "Das teilte die Polizei mit", "Dies bestätigte ein Sprecher", "Das
    /// musste der Minister einräumen": a demonstrative before the (finite)
    /// verb stands for the previous sentence.
    fn points_back(&self) -> bool {
        let lex = self.reader.lexicon;
        self.outside(0)
            && lex.is("back_references", self.word(0))
            && (self.cue_at(1).is_some()
                || lex.is("auxiliaries", self.word(1)) && self.cue_verb().is_some())
    }

    /// Source, cue and content of this unit, if it reports speech.
    fn attribution(&self, memory: &SpeakerMemory) -> Option<Attribution> {
        // "Wie Steg mitteilte, ist sie nach Auffassung der Kanzlerin …":
        // an opening "wie" clause names the source before any phrase.
        let opening_wie = self.cue_verb().filter(|cue| {
            (0..cue.verb)
                .find(|&k| self.unit.tokens[k].is_word)
                .is_some_and(|first| {
                    self.word(first).eq_ignore_ascii_case("wie")
                        && (first..cue.verb).all(|k| !self.is_boundary(k))
                })
        });
        if let Some(found) = opening_wie.and_then(|cue| self.verb_attribution(cue, memory)) {
            return Some(found);
        }
        self.source_phrase(memory)
            .or_else(|| {
                self.cue_verb()
                    .and_then(|cue| self.verb_attribution(cue, memory))
            })
            .or_else(|| self.colon_introduction(memory))
    }

    /// "Teamchef Jean Todt stellt sich vor seinen Piloten: „…“": a
    /// quotation after a colon belongs to the clause's subject even
    /// without a cue verb. The subject is the first pronoun or name-like
    /// phrase before the colon (possessive phrases such as "Seine
    /// Zuversicht" are not speakers).
    fn colon_introduction(&self, memory: &SpeakerMemory) -> Option<Attribution> {
        let colon = (1..self.len())
            .find(|&k| self.outside(k) && self.word(k) == ":" && !self.outside(k + 1))?;
        let start = (0..colon)
            .rev()
            .find(|&k| !self.outside(k) || matches!(self.word(k), "." | ";"))
            .map_or(0, |k| k + 1);
        let lex = self.reader.lexicon;
        let mut candidates = Vec::new();
        let mut k = start;
        while k < colon {
            let w = self.word(k);
            if lex.is("prepositions", w) {
                k = self.skip_prepositional_phrase(k, colon);
                continue;
            }
            let possessive = matches!(
                w.to_lowercase().as_str(),
                "sein"
                    | "seine"
                    | "seiner"
                    | "ihr"
                    | "ihre"
                    | "ihrer"
                    | "his"
                    | "her"
                    | "its"
                    | "their"
            );
            if !possessive && !lex.is("adverbs", w) {
                if let Some(p) = self.reader.phrase_at(k, colon) {
                    let named = memory.entity_type_at(self.reader.bytes(p.name.clone()));
                    let rank = if p.pronoun || named == Some(EntityType::Per) {
                        0
                    } else if (self.reader.looks_like_person_name(p.name.clone())
                        // A lone capitalised word the entities layer left
                        // out is a noun ("Seine Zuversicht"), not a name.
                        && (p.name.len() >= 2 || !memory.knows_entities()))
                        || named == Some(EntityType::Org)
                    {
                        1
                    } else if lex.is("determiners", w) {
                        2
                    } else {
                        3
                    };
                    k = p.core.end.max(k + 1);
                    candidates.push((rank, p));
                    continue;
                }
            }
            k += 1;
        }
        // Persons and pronouns first; among equals the first, the subject
        // of a German main clause ("Dabei griff sie den Präsidenten an: …"
        // quotes her).
        let (_, phrase) = candidates
            .into_iter()
            .filter(|(rank, _)| *rank < 3)
            .min_by_key(|(rank, _)| *rank)?;
        Some(Attribution {
            content: None,
            cue: None,
            speaker: self.speaker_of(Some(phrase), memory),
        })
    }

    fn cue_of(&self, range: Range<usize>, text: String) -> Option<(Range<usize>, String)> {
        Some((self.reader.bytes(range), text))
    }

    fn speaker_of(
        &self,
        phrase: Option<NounPhrase>,
        memory: &SpeakerMemory,
    ) -> Option<SpeakerFound> {
        phrase.map(|p| memory.resolve(self.reader, &p))
    }

    /// "laut X", "X zufolge", "nach Angaben von X", ", so X.", "Demnach".
    fn source_phrase(&self, memory: &SpeakerMemory) -> Option<Attribution> {
        let lex = self.reader.lexicon;
        for i in 0..self.len() {
            if !self.outside(i) || !self.unit.tokens[i].is_word {
                continue;
            }
            let w = self.word(i);
            let whole = Some(self.whole_unit());
            if lex.is("source_before", w) {
                let start = if self.word(i + 1) == "to" {
                    i + 2
                } else {
                    i + 1
                };
                let end = self.clause_end(start);
                // "laut el-Baradei", "Laut einer am Dienstag veröffentlichten
                // Pressemitteilung des WFP": any phrase up to the clause end.
                let phrase = self
                    .phrase_or_quoted_name(start, end)
                    .or_else(|| self.loose_phrase(start, end));
                if phrase.is_some() {
                    let cue_end = start.max(i + 1);
                    let cue_text = self.reader.span_text(i..cue_end).to_string();
                    return Some(Attribution {
                        content: whole,
                        cue: self.cue_of(i..cue_end, cue_text),
                        speaker: self.speaker_of(phrase, memory),
                    });
                }
            }
            if lex.is("source_after", w) {
                if let Some(start) = self.phrase_start_before(i) {
                    // "Am Samstag starben behördlichen Angaben zufolge": the
                    // source is the first phrase that reaches "zufolge"; a
                    // lower-case word after a noun ("Samstag starben") is
                    // a verb, not an attribute opening the phrase.
                    let opens_phrase = |k: usize| {
                        k == 0
                            || !self.reader.is_capitalised(k - 1)
                            || self.reader.is_capitalised(k)
                            || self.reader.lexicon.is("determiners", self.word(k))
                    };
                    let phrase = (start..i)
                        .filter(|&k| opens_phrase(k))
                        .filter_map(|k| self.reader.phrase_at(k, i))
                        .find(|p| p.core.end == i)
                        .or_else(|| self.reader.phrase_at(start, i));
                    return Some(Attribution {
                        content: whole,
                        cue: self.cue_of(i..i + 1, w.to_string()),
                        speaker: self.speaker_of(phrase, memory),
                    });
                }
            }
            // "Seiner Ansicht nach …": the possessor of the opinion, the
            // person last named, is the source.
            let possessor = i >= 2 && self.outside(i - 2) && self.reader.is_word(i - 1);
            if possessor
                && lex.is("source_by_info_noun", w)
                && lex.ends_with_any("information_nouns", self.word(i - 1))
                && lex.is("possessives", self.word(i - 2))
            {
                let mention = self.reader.bytes(i - 2..i);
                let masculine = self.word(i - 2).to_lowercase().starts_with("sein");
                return Some(Attribution {
                    content: whole,
                    cue: self.cue_of(
                        i - 1..i + 1,
                        self.reader.span_text(i - 1..i + 1).to_string(),
                    ),
                    speaker: memory.antecedent(mention, masculine),
                });
            }
            if lex.is("source_by_info_noun", w) {
                let info = (i + 1..(i + 4).min(self.len())).find(|&k| {
                    self.reader.is_capitalised(k)
                        && lex.ends_with_any("information_nouns", self.word(k))
                });
                if let Some(k) = info {
                    let end = self.source_phrase_end(k + 1);
                    let phrase = self.reader.phrase_at(i + 1, end).map(|mut p| {
                        p.core = i + 1..end;
                        p
                    });
                    let mut speaker = self.speaker_of(phrase, memory);
                    if let Some(s) = speaker.as_mut() {
                        s.mention = self.reader.bytes(i + 1..end);
                    }
                    return Some(Attribution {
                        content: whole,
                        cue: self.cue_of(i..i + 1, w.to_string()),
                        speaker,
                    });
                }
            }
            if lex.is("source_trailing", w) && i > 0 && self.word(i - 1) == "," {
                let end = self.len();
                let phrase = self.reader.phrase_at(i + 1, end);
                let reaches_end = phrase
                    .as_ref()
                    .is_some_and(|p| self.words_between(p.core.end, end) <= 12);
                if reaches_end && self.words_between(0, i) >= 3 {
                    return Some(Attribution {
                        content: Some(self.content_range(0, i - 1)),
                        cue: self.cue_of(i..i + 1, w.to_string()),
                        speaker: self.speaker_of(phrase, memory),
                    });
                }
            }
            // "Demnach …" always reports; temporal "danach" only in the
            // reporting mood.
            if lex.is("source_anaphoric", w)
                && (w.to_lowercase() != "danach" || self.has_konjunktiv())
            {
                let content_from = if w == "wonach" { i + 1 } else { 0 };
                let mention = self.reader.bytes(i..i + 1);
                // "eine Schätzung, wonach …": the phrase before the comma
                // is the source; "Demnach" points back to the last one.
                let antecedent = (w == "wonach" && i > 0 && self.word(i - 1) == ",")
                    .then(|| self.phrase_before_comma(i - 1))
                    .flatten();
                // "X sagte, es sei ein Eindruck entstanden, wonach …": a
                // "wonach" that names no source of its own continues the
                // report of the cue verb before it.
                let inside_report = w == "wonach"
                    && antecedent.is_none()
                    && self.cue_verb().is_some_and(|cue| cue.last < i);
                if inside_report {
                    continue;
                }
                let speaker = match antecedent {
                    Some(phrase) => self.speaker_of(Some(phrase), memory),
                    None => memory_last(memory, mention, w),
                };
                return Some(Attribution {
                    content: Some(self.content_range(content_from, self.len())),
                    cue: self.cue_of(i..i + 1, w.to_string()),
                    speaker,
                });
            }
        }
        None
    }

    /// The noun phrase ending at the comma at `comma` ("eine Schätzung"
    /// in "eine Schätzung, wonach …"): names and nouns, then attributes,
    /// then at most one determiner, so that the phrase is the last one.
    fn phrase_before_comma(&self, comma: usize) -> Option<NounPhrase> {
        let lex = self.reader.lexicon;
        // "der Zeitung „Hoy Bolivia“, wonach": a short quoted name may end
        // the phrase.
        let mut start = self.quoted_name_before(comma).unwrap_or(comma);
        while start > 0 && self.outside(start - 1) && self.reader.is_capitalised(start - 1) {
            start -= 1;
        }
        if start == comma {
            return None;
        }
        while start > 0
            && self.reader.is_word(start - 1)
            && !self.reader.is_capitalised(start - 1)
            && self.is_attributive(start - 1)
            && !lex.is("determiners", self.word(start - 1))
        {
            start -= 1;
        }
        if start > 0 && lex.is("determiners", self.word(start - 1)) {
            start -= 1;
        }
        self.phrase_or_quoted_name(start, comma)
    }

    /// The opening mark of a quoted name of one to six words that ends
    /// right before `end`.
    fn quoted_name_before(&self, end: usize) -> Option<usize> {
        let closing = end.checked_sub(1).filter(|&k| !self.reader.is_word(k))?;
        let quotation = self.unit.quotation_of.get(closing).copied().flatten()?;
        let opening = (0..closing)
            .rev()
            .take_while(|&j| self.unit.quotation_of.get(j).copied().flatten() == Some(quotation))
            .last()?;
        (1..=6)
            .contains(&self.words_between(opening + 1, closing))
            .then_some(opening)
    }

    /// "eines Hackers, der behauptet, …", "Ramsey Clark, der der
    /// US-Regierung vorwarf, …": the relative pronoun opening the clause
    /// that ends with the cue verb at `v` is the verb's subject. A
    /// capitalised word after it makes it an article ("…, die Polizei
    /// teilte mit").
    fn relative_pronoun_subject(&self, v: usize) -> Option<usize> {
        let comma = (0..v)
            .rev()
            .take_while(|&k| self.outside(k) && !matches!(self.word(k), ":" | ";" | "." | "–"))
            .find(|&k| self.word(k) == ",")?;
        let pronoun = comma + 1;
        let verb_final = (v + 1..self.len())
            .find(|&k| !self.reader.is_word(k) || self.is_boundary(k))
            .is_none_or(|k| self.is_boundary(k) || matches!(self.word(k), "." | "!" | "?"));
        let relative = comma > 0
            && pronoun < v
            && self
                .reader
                .lexicon
                .is("relative_pronouns", self.word(pronoun))
            && !self.reader.is_capitalised(pronoun + 1);
        (relative && verb_final).then_some(pronoun)
    }

    /// End of "Angaben der Polizei von Kiel": genitive and "von" phrases.
    fn source_phrase_end(&self, mut k: usize) -> usize {
        while k < self.len() {
            let w = self.word(k);
            let attaches = matches!(w, "der" | "des" | "von" | "vom" | "aus" | "eines" | "einer");
            if attaches
                || self.reader.is_capitalised(k)
                || (self.reader.is_word(k)
                    && k > 0
                    && !self.reader.is_capitalised(k)
                    && self.reader.is_capitalised(k + 1)
                    && matches!(self.word(k - 1), "der" | "des" | "von" | "eines" | "einer"))
            {
                k += 1;
            } else {
                break;
            }
        }
        k
    }

    /// Start of the noun phrase that ends right before token `i`
    /// ("der US-Regierung" before "zufolge").
    fn phrase_start_before(&self, i: usize) -> Option<usize> {
        let mut k = i;
        while k > 0 {
            let prev = k - 1;
            let w = self.word(prev);
            let take = self.reader.is_capitalised(prev)
                || self.reader.lexicon.is("determiners", w)
                || (self.reader.is_word(prev)
                    && !self.reader.is_capitalised(prev)
                    && self.is_attributive(prev));
            if !take || !self.outside(prev) {
                break;
            }
            k = prev;
        }
        (k < i).then_some(k)
    }

    /// A lower-case word that can precede a noun ("ersten", "staatliche").
    fn is_attributive(&self, i: usize) -> bool {
        let w = self.word(i);
        let lex = self.reader.lexicon;
        !lex.is("prepositions", w)
            && !lex.is("adverbs", w)
            && !lex.is_konjunktiv(w)
            && lex.cue_forms(w).is_empty()
            && ["e", "en", "er", "es", "em"].iter().any(|s| w.ends_with(s))
            && w != "sich"
    }

    /// Next clause boundary at or after `i` (or the unit end).
    fn clause_end(&self, i: usize) -> usize {
        (i..self.len())
            .find(|&k| self.is_boundary(k) || matches!(self.word(k), "." | "!" | "?"))
            .unwrap_or(self.len())
    }

    /// Content and speaker around a cue verb.
    fn verb_attribution(&self, cue: CueVerb, memory: &SpeakerMemory) -> Option<Attribution> {
        let v = cue.verb;
        let impersonal = self.reader.lexicon.is("impersonal_cues", self.word(v));
        let mut attribution = self.verb_attribution_by_syntax(cue, memory)?;
        if impersonal {
            attribution.speaker = self.speaker_of(self.impersonal_source(v), memory);
        } else if let Some(source) = self.passive_source(v) {
            attribution.speaker = self.speaker_of(Some(source), memory);
        }
        Some(attribution)
    }

    /// "Die al-Shabaab wurde von Kenias Regierung beschuldigt", "Es wurde
    /// von Demjanjuks Sohn die Mutmaßung geäußert", "In einem Bericht der
    /// Salzburger Nachrichten wurde vermutet": in the passive the agent
    /// after "von" speaks, or else the document the clause names; the
    /// subject is only talked about.
    fn passive_source(&self, v: usize) -> Option<NounPhrase> {
        let lex = self.reader.lexicon;
        let start = self.clause_start(v);
        let is_auxiliary =
            |k: usize| self.outside(k) && lex.is("passive_auxiliaries", self.word(k));
        // The participle ends its clause, and the auxiliary stands before
        // it in that clause or right after it ("zitiert wird").
        let next = v + 1;
        let clause_ends = next >= self.len()
            || self.is_boundary(next)
            || matches!(self.word(next), "." | "!" | "?");
        let passive = is_auxiliary(next)
            || (clause_ends
                && (start..v)
                    .rev()
                    .take_while(|&k| !self.is_boundary(k))
                    .any(is_auxiliary));
        // "X wird mit den Worten zitiert": the one quoted speaks, unless
        // a "von" agent quotes them ("wird von der „Netzeitung“ zitiert"):
        // Wikinews credits the medium.
        let quoting = lex.is("object_speaker_cues", self.word(v));
        if !passive || self.reader.is_capitalised(v) {
            return None;
        }
        let mut agents =
            (start..v).filter(|&k| self.outside(k) && lex.is("passive_agents", self.word(k)));
        let agent_at = |k: usize| {
            self.phrase_or_quoted_name(k + 1, v)
                .or_else(|| self.loose_phrase(k + 1, v))
        };
        if quoting {
            // The last "von" quotes ("X, Sprecher von Y, wird von der
            // Nachrichtenagentur Reuters zitiert"); one after the noun of a
            // prepositional phrase names its owner ("auf der Internetseite
            // von Borussia Dortmund zitiert").
            let owner = |k: usize| {
                self.phrase_start_before(k)
                    .is_some_and(|s| s > 0 && lex.is("prepositions", self.word(s - 1)))
            };
            return agents.rev().filter(|&k| !owner(k)).find_map(agent_at);
        }
        agents
            .find_map(agent_at)
            .or_else(|| self.impersonal_source(v))
    }

    /// "In der Erklärung heißt es", "hieß es in der Rede", "Aus Paris hieß
    /// es": an impersonal cue has no subject; the document or place in
    /// its clause is the source.
    fn impersonal_source(&self, v: usize) -> Option<NounPhrase> {
        let lex = self.reader.lexicon;
        let after = (v + 1..self.clause_end(v + 1))
            .find(|&k| self.outside(k) && lex.is("source_places", self.word(k)));
        let before = (0..v).find(|&k| self.outside(k) && lex.is("source_places", self.word(k)));
        let preposition = after.or(before)?;
        let end = self.clause_end(preposition + 1);
        self.reader
            .phrase_at(preposition + 1, end)
            .or_else(|| self.loose_phrase(preposition + 1, end))
    }

    /// Content and speaker around a cue verb, by the position of verb,
    /// subject and content clause.
    fn verb_attribution_by_syntax(
        &self,
        cue: CueVerb,
        memory: &SpeakerMemory,
    ) -> Option<Attribution> {
        let v = cue.verb;
        let cue_range = if cue.last > v {
            v..cue.last + 1
        } else {
            v..v + 1
        };
        let cue_hit = self.cue_of(cue_range, cue.text.clone());
        let after = cue.last + 1;
        // "„…“, sagt X" / "Die Waffen seien …, erläutert der Experte."
        let before_is_comma =
            v > 1 && matches!(self.word(v - 1), "," | ":") && self.prefield_is_content(v);
        // Only when a speaker follows the verb: in "X, Forscher, sagte: …"
        // the comma closes an apposition of the subject instead.
        let inverted_speaker = if before_is_comma {
            let speaker_end = self.clause_end(v + 1);
            let from = self.skip_adverbs(v + 1);
            self.reader
                .phrase_at(from, self.role_limit(speaker_end))
                .or_else(|| self.last_name_phrase(from, speaker_end))
                .map(|p| (p, speaker_end))
        } else {
            None
        };
        if let Some((phrase, speaker_end)) = inverted_speaker {
            let content = match self.continuation_after(speaker_end) {
                Some(_) => self.content_range(0, self.len()),
                None => self.content_range(0, v - 1),
            };
            return Some(Attribution {
                content: Some(content),
                cue: cue_hit,
                speaker: self.speaker_of(Some(phrase), memory),
            });
        }
        // "Wie X mitteilte, …" / "…, wie X mitteilte."
        // The search may cross the commas of an apposition ("Wie der
        // Richter, Ottmar Breidling, in Berlin ausführte"), not those of a
        // clause.
        if let Some(wie) = (0..v)
            .rev()
            .take_while(|&k| {
                !self.is_boundary(k)
                    || (self.word(k) == ","
                        && (k + 1 == v
                            || self.reader.is_capitalised(k + 1)
                            || self.reader.lexicon.is("prepositions", self.word(k + 1))))
            })
            .find(|&k| {
                // "wird Musk wie folgt zitiert" is no "wie" clause.
                self.outside(k)
                    && (self.word(k).eq_ignore_ascii_case("wie")
                        || self.word(k).eq_ignore_ascii_case("as"))
                    && self.word(k + 1) != "folgt"
            })
        {
            let phrase = self.phrase_or_quoted_name(self.skip_adverbs(wie + 1), v);
            let comma_after = (after..self.len()).find(|&k| self.is_boundary(k));
            let content = if wie == 0 || (wie > 0 && self.words_between(0, wie) == 0) {
                comma_after.map(|c| self.content_range(c + 1, self.len()))
            } else {
                Some(self.content_range(0, wie))
            };
            return Some(Attribution {
                content,
                cue: cue_hit,
                speaker: self.speaker_of(phrase, memory),
            });
        }
        // "erklärte sie": a pronoun right after the verb is its subject,
        // unless a longer subject stands before the verb ("Der Chef des
        // BPI nannte sie „fahrlässig“": "sie" is the object; "er" never is).
        // A demonstrative there ("Er bezeichnete diese als …") is the
        // subject only when the prefield holds none ("sagte dieser").
        let pronoun_after = self.language == Language::German
            && self.reader.is_pronoun(v + 1)
            && if self.reader.is_standalone_demonstrative(v + 1) {
                self.prefield_subject(v).is_none()
            } else {
                self.reader.is_masculine_pronoun(v + 1)
                    || self.prefield_subject(v).is_none_or(|p| p.core.len() == 1)
            };
        let after_verb = || {
            self.reader
                .phrase_at(self.skip_adverbs(v + 1), self.clause_end(v + 1))
        };
        // "Der Spiegel zitiert den Prediger mit den Worten …": the one
        // quoted is the object, not the subject.
        let object_speaker = self.reader.lexicon.is("object_speaker_cues", self.word(v))
            && self.finite_auxiliary_before(v).is_none();
        let relative_pronoun = self.relative_pronoun_subject(v);
        let subject = if let Some(pronoun) = relative_pronoun {
            // "Clark anwesend, der der Regierung vorwarf": with no phrase
            // right before the comma, the pronoun stands for the speaker.
            Some(self.phrase_before_comma(pronoun - 1).unwrap_or(NounPhrase {
                core: pronoun..pronoun + 1,
                name: pronoun..pronoun + 1,
                role: None,
                role_prefix: None,
                pronoun: true,
            }))
        } else if pronoun_after {
            self.reader.phrase_at(v + 1, v + 2)
        } else if object_speaker {
            after_verb().or_else(|| self.prefield_subject(v))
        } else {
            // "Seidling sagte: „…“": a lone unknown word right before the
            // verb is its subject when no other phrase follows the verb,
            // or only one that cannot speak ("Datenschützer äußerten
            // grundsätzliche Bedenken").
            self.subordinate_clause_subject(v)
                .or_else(|| {
                    (!self.prefield_is_subordinate_clause(v))
                        .then(|| self.prefield_subject(v))
                        .flatten()
                })
                .filter(|p| {
                    !self.is_unknown_single_word(p, memory)
                        || (p.core.end == v
                            && !self
                                .reader
                                .lexicon
                                .is("back_references", self.word(p.core.start))
                            && after_verb().is_none_or(|a| !self.can_speak(&a, memory)))
                })
                .or_else(|| self.middle_field_subject(v))
        };
        // "Die Äußerungen Hassemers bezeichnete Wiefelspütz als …": an
        // object in the prefield, when what follows the verb can speak and
        // is neither a pronoun ("nannte sie") nor an accusative or dative
        // ("den", "dem").
        let fronted_object = self.language == Language::German
            && !object_speaker
            && subject.as_ref().is_some_and(|p| {
                !p.pronoun
                    && self
                        .reader
                        .lexicon
                        .is("determiners", self.word(p.core.start))
                    && !self.can_speak(p, memory)
            });
        let subject = match after_verb() {
            Some(a)
                if fronted_object
                    && !a.pronoun
                    && self.can_speak(&a, memory)
                    && !matches!(self.word(a.core.start), "den" | "dem") =>
            {
                Some(a)
            }
            _ => subject,
        };
        let speaker = subject.or_else(after_verb);
        // "X sagte, (dass) …" / "X geht davon aus, dass …" / "X sagt: „…“".
        let boundary_after = (after..self.len()).find(|&k| self.is_boundary(k) || !self.outside(k));
        let content_start = match boundary_after {
            Some(b) if self.outside(b) && self.words_between(after, b) <= 8 => Some(b + 1),
            // "sagte „…“": the quotation right after the cue is the content.
            Some(b) if !self.outside(b) && b == after => Some(b),
            _ if self.language == Language::English => self.english_content_start(after),
            _ => None,
        };
        let mut speaker = self.speaker_of(speaker, memory);
        // "eines Hackers, der behauptet, …": the speaker is named before
        // the comma, but mentioned by the relative pronoun.
        if let (Some(pronoun), Some(s)) = (relative_pronoun, speaker.as_mut()) {
            s.mention = self.reader.bytes(pronoun..pronoun + 1);
        }
        match content_start {
            Some(start) if self.words_between(start, self.len()) >= 3 => Some(Attribution {
                content: Some(self.content_range(start, self.len())),
                cue: cue_hit,
                speaker,
            }),
            // A cue without a content clause still attributes quotations
            // in the unit ("lobte Putin … „entschlossene Unterstützung“").
            _ => speaker.map(|s| Attribution {
                content: self.report(v),
                cue: cue_hit,
                speaker: Some(s),
            }),
        }
    }

    /// A sentence that reports a speech act without a content clause
    /// ("Die Gewerkschaft kritisierte die Pläne scharf", "lobte Putin …
    /// „entschlossene Unterstützung“"): the whole sentence is the report,
    /// when it says more than the cue and its speaker.
    /// Verbs that report only with a content clause ("gab den Schaden mit
    /// … an", "begrüßte den Beschluss") give no such report.
    fn report(&self, v: usize) -> Option<Range<usize>> {
        let lex = self.reader.lexicon;
        let readings = lex.cue_forms(self.word(v));
        let reports_bare_act = readings.is_empty()
            || readings
                .iter()
                .any(|form| !lex.is("cues_needing_content", &form.lemma));
        let words_after = self.words_between(v + 1, self.len());
        let has_fragment = (0..self.len()).any(|i| !self.outside(i));
        (reports_bare_act && (has_fragment || words_after >= 3)).then(|| self.whole_unit())
    }

    /// English "said (on Monday) (that) …", "told reporters (that) …".
    fn english_content_start(&self, after: usize) -> Option<usize> {
        let window = after..(after + 6).min(self.len());
        if let Some(that) = window.clone().find(|&k| self.word(k) == "that") {
            return Some(that + 1);
        }
        let first = self.word(after);
        let starts_clause = self.reader.is_word(after)
            && !self.reader.lexicon.is("prepositions", first)
            && !matches!(first, "it" | "so" | "this" | "that" | "in");
        starts_clause.then_some(after)
    }

    /// Sentence adverbs and reflexives right after the verb ("sagte
    /// zuletzt Putin", "äußerte sich der Minister").
    fn skip_adverbs(&self, mut k: usize) -> usize {
        while k < self.len()
            && (self.reader.lexicon.is("adverbs", self.word(k))
                || self.reader.lexicon.is("reflexives", self.word(k)))
            && !self.reader.is_capitalised(k)
        {
            k += 1;
        }
        k
    }

    /// After an inverted attribution, how far its speaker phrase may run:
    /// up to the end, so that an apposition (", Forscher am …") stays in.
    fn role_limit(&self, clause_end: usize) -> usize {
        let next = (clause_end + 1..self.len()).find(|&k| {
            self.is_boundary(k) || !self.outside(k) || matches!(self.word(k), "." | "!" | "?")
        });
        match next {
            Some(k) if !self.outside(k) => clause_end,
            Some(k) => k,
            None => self.len(),
        }
    }

    /// When an inverted attribution is followed by more quotation
    /// ("„…“, sagt X, „…“"), where that rest starts.
    fn continuation_after(&self, speaker_end: usize) -> Option<usize> {
        let rest = speaker_end + 1;
        let quoted_rest = (rest..self.len()).take(3).any(|k| !self.outside(k));
        (self.word(speaker_end) == "," && quoted_rest).then_some(rest)
    }

    /// "die in New York City geborene Lopez": when no phrase parses, the
    /// speaker is named by the last capitalised run before `end`.
    fn last_name_phrase(&self, from: usize, end: usize) -> Option<NounPhrase> {
        let end = end.min(from + 10);
        let last = (from..end).rev().find(|&k| self.reader.is_capitalised(k))?;
        let mut first = last;
        while first > from && self.reader.is_capitalised(first - 1) {
            first -= 1;
        }
        Some(NounPhrase {
            core: from..last + 1,
            name: first..last + 1,
            role: None,
            role_prefix: None,
            pronoun: false,
        })
    }

    /// A noun phrase the strict reader rejects ("el-Baradei", "einer am
    /// Dienstag veröffentlichten Pressemitteilung des WFP"): determiners,
    /// attributes, names and genitives up to the first other word.
    fn loose_phrase(&self, start: usize, end: usize) -> Option<NounPhrase> {
        let lex = self.reader.lexicon;
        let mut k = start;
        let mut after_name = false;
        while k < end {
            let w = self.word(k);
            let name_like = self.reader.is_capitalised(k)
                || (w.contains('-') && w.chars().any(char::is_uppercase));
            // "einer gestern verbreiteten Erklärung": an adverb may stand
            // among the attributes before the noun.
            let inner = lex.is("determiners", w)
                || matches!(w, "am" | "vom" | "von" | "für")
                || self.is_attributive(k)
                || (k > start
                    && !after_name
                    && lex.is("adverbs", w)
                    && !self.reader.is_capitalised(k));
            // After a name only a genitive continues the phrase; "die" in
            // "laut el-Baradei die Bearbeitung" starts the next one.
            let new_phrase = after_name && lex.is("determiners", w) && !matches!(w, "der" | "des");
            if !(name_like || inner)
                || new_phrase
                || lex.is("auxiliaries", w)
                || lex.is_konjunktiv(w)
            {
                break;
            }
            after_name = name_like;
            k += 1;
        }
        let last = (start..k)
            .rev()
            .find(|&t| self.reader.is_word(t) && !lex.is("determiners", self.word(t)))?;
        let mut first = last;
        while first > start && self.reader.is_capitalised(first - 1) {
            first -= 1;
        }
        Some(NounPhrase {
            core: start..last + 1,
            name: first..last + 1,
            role: None,
            role_prefix: None,
            pronoun: false,
        })
    }

    /// Index after a prepositional phrase starting at `k` ("In der ARD").
    fn skip_prepositional_phrase(&self, k: usize, limit: usize) -> usize {
        let mut j = k + 1;
        while j < limit
            && (self.reader.lexicon.is("determiners", self.word(j))
                || self.is_attributive(j)
                || self.reader.is_capitalised(j))
        {
            j += 1;
        }
        j
    }

    /// Whether the text before ", VERB" is reported content (a quotation,
    /// a clause in the reporting mood) rather than the subject with an
    /// apposition or relative clause ("Miroslav Klose, der …, nannte").
    fn prefield_is_content(&self, v: usize) -> bool {
        let quoted = !self.outside(v - 2);
        let konjunktiv =
            (0..v).any(|i| self.outside(i) && self.reader.lexicon.is_konjunktiv(self.word(i)));
        let subject_first = self.prefield_subject(v).is_some_and(|p| {
            let first_comma = (p.core.start..v)
                .find(|&k| self.word(k) == ",")
                .unwrap_or(v);
            p.core.end <= first_comma && self.reader.looks_like_person_name(p.name.clone())
                || p.pronoun
        });
        quoted || konjunktiv || !(subject_first || self.ends_with_name_apposition(v))
    }

    /// "Die Delegationsleiterin beim Gipfel, Sharon Hayes, äußerte": the
    /// prefield closes with a person's name between commas, so the comma
    /// before the verb ends an apposition, not reported content.
    fn ends_with_name_apposition(&self, v: usize) -> bool {
        let comma = v.saturating_sub(1);
        // "…, Henning Scherf (SPD), warnte": a party or place in brackets
        // may follow the name.
        let bracketed = comma >= 3 && self.word(comma - 1) == ")" && self.word(comma - 3) == "(";
        let name_end = if bracketed { comma - 3 } else { comma };
        let Some(open) = (0..name_end).rev().find(|&k| !self.reader.is_word(k)) else {
            return false;
        };
        // "Die Regierungspartei Palästinas, die Hamas, bezeichnete": an
        // article may open the apposition of a name.
        let article = self.reader.lexicon.is("determiners", self.word(open + 1));
        let name_start = if article { open + 2 } else { open + 1 };
        self.word(open) == ","
            && name_start < name_end
            && self.reader.looks_like_person_name(name_start..name_end)
    }

    /// Whether a phrase names a possible speaker: a pronoun, a person or
    /// organisation the entities layer knows by the phrase's first name
    /// word, or a role or organisation noun ("die Handlungsweise Kozulins"
    /// names none; its head is "Handlungsweise").
    fn can_speak(&self, phrase: &NounPhrase, memory: &SpeakerMemory) -> bool {
        let lex = self.reader.lexicon;
        let head = phrase.name.start;
        let named = memory.entity_type_at(self.reader.bytes(head..head + 1));
        phrase.pronoun
            || matches!(named, Some(EntityType::Per | EntityType::Org))
            || phrase.name.clone().any(|t| {
                lex.ends_with_any("role_nouns", self.word(t))
                    || lex.ends_with_any("org_heads", self.word(t))
            })
    }

    /// "Passend zu … warnte die Moderatorin": in German, a lone word at
    /// the start of the sentence that the entities layer (when it ran)
    /// does not know is a capitalised adverb or adjective, not the subject.
    fn is_unknown_single_word(&self, phrase: &NounPhrase, memory: &SpeakerMemory) -> bool {
        self.language == Language::German
            && memory.knows_entities()
            && phrase.core == (0..1)
            && !phrase.pronoun
            && memory
                .entity_type_at(self.reader.bytes(phrase.core.clone()))
                .is_none()
            && !self
                .reader
                .lexicon
                .ends_with_any("org_heads", self.word(phrase.core.start))
            && !self
                .reader
                .lexicon
                .ends_with_any("role_nouns", self.word(phrase.core.start))
    }

    /// The finite auxiliary or modal in front of the cue verb at `v`, in
    /// the same clause ("Im Vorfeld hatte das Komitee … betont"): the one
    /// nearest the verb, since an earlier one may close a subordinate
    /// clause ("Nachdem die Gespräche beendet waren, war das Lager davon
    /// ausgegangen").
    fn finite_auxiliary_before(&self, v: usize) -> Option<usize> {
        let start = self.clause_start(v);
        (start..v).rev().find(|&k| {
            self.outside(k)
                && !self.reader.is_capitalised(k)
                && self.reader.lexicon.is("auxiliaries", self.word(k))
        })
    }

    /// Where the clause holding token `v` starts: after the last colon,
    /// semicolon or quotation before it. A quoted name ("Die Zeitung
    /// „Yemen Observer“ berichtet") and the colon of a time ("10:05 Uhr")
    /// stay inside the clause.
    fn clause_start(&self, v: usize) -> usize {
        (0..v)
            .rev()
            .find(|&k| {
                let in_quotation = !self.outside(k);
                let quoted_name = self.language == Language::German && self.is_in_quoted_name(k);
                (in_quotation && !quoted_name)
                    || (matches!(self.word(k), ":" | ";") && !self.is_time_colon(k))
            })
            .map_or(0, |k| k + 1)
    }

    /// "10:05": a colon between two numbers.
    fn is_time_colon(&self, k: usize) -> bool {
        let digits =
            |i: usize| self.reader.is_word(i) && self.word(i).chars().all(|c| c.is_ascii_digit());
        k > 0 && digits(k - 1) && digits(k + 1)
    }

    /// Whether token `k` lies in a short quotation used as a name inside a
    /// clause: one to four words without sentence punctuation, a word
    /// right after it, and an article or noun before it, or capitals only
    /// at the clause start („BBC News“ berichtet, der „Arbeitskreis
    /// Vorratsdatenspeicherung“; not "kurz „PACs“ genannt").
    fn is_in_quoted_name(&self, k: usize) -> bool {
        let Some(quotation) = self.unit.quotation_of.get(k).copied().flatten() else {
            return false;
        };
        let inside = |i: usize| self.unit.quotation_of.get(i).copied().flatten() == Some(quotation);
        let first = (0..=k).rev().take_while(|&i| inside(i)).last().unwrap_or(k);
        let last = (k..self.len())
            .take_while(|&i| inside(i))
            .last()
            .unwrap_or(k);
        let words: Vec<usize> = (first..=last).filter(|&i| self.reader.is_word(i)).collect();
        let sentence_inside = (first..=last).any(|i| matches!(self.word(i), "." | "!" | "?"));
        let introduced = first > 0
            && self.outside(first - 1)
            && (self.reader.lexicon.is("determiners", self.word(first - 1))
                || self.reader.is_capitalised(first - 1));
        let opens_clause = first == 0 || self.is_boundary(first - 1);
        let capitals_only = opens_clause && words.iter().all(|&i| self.reader.is_capitalised(i));
        (1..=4).contains(&words.len())
            && !sentence_inside
            && self.reader.is_word(last + 1)
            && self.outside(last + 1)
            && (introduced || capitals_only)
    }

    /// "Im Vorfeld hatte das Komitee betont": when the prefield is an
    /// adverbial, the subject follows the finite auxiliary.
    fn middle_field_subject(&self, v: usize) -> Option<NounPhrase> {
        let auxiliary = self.finite_auxiliary_before(v)?;
        let from = self.skip_adverbs(auxiliary + 1);
        self.reader.phrase_at(from, v).filter(|p| {
            !p.name
                .clone()
                .any(|t| self.reader.lexicon.is("time_nouns", self.word(t)))
        })
    }

    /// "Als Hongkongs Chief Executive C.Y. Leung am Sonntag sagte, …",
    /// "…, da die PDM angekündigt hatte, …": in a clause that a
    /// conjunction opens and the cue verb (or its auxiliary) closes, the
    /// phrase after the conjunction is the subject.
    fn subordinate_clause_subject(&self, v: usize) -> Option<NounPhrase> {
        let lex = self.reader.lexicon;
        let mut next = v + 1;
        if next < self.len() && lex.is("auxiliaries", self.word(next)) {
            next += 1;
        }
        let verb_final = next >= self.len()
            || self.is_boundary(next)
            || matches!(self.word(next), "." | "!" | "?");
        let opener = (0..v).rev().take_while(|&k| !self.is_boundary(k)).last()?;
        (verb_final && self.outside(opener) && lex.is("verb_final_openers", self.word(opener)))
            .then(|| self.phrase_or_quoted_name(self.skip_adverbs(opener + 1), v))
            .flatten()
    }

    /// "Da Brauereien darauf angewiesen sind, warnte der Verband": a
    /// subordinate clause fills the prefield, so the subject follows the
    /// verb.
    fn prefield_is_subordinate_clause(&self, v: usize) -> bool {
        let start = self.clause_start(v);
        v > 0
            && self.word(v - 1) == ","
            && (start..v)
                .find(|&k| self.unit.tokens[k].is_word)
                .is_some_and(|k| self.reader.lexicon.is("verb_final_openers", self.word(k)))
    }

    /// The subject in front of the verb at `v`, if the prefield holds one
    /// (not an adverbial such as "Im Juli" or "Zudem").
    fn prefield_subject(&self, v: usize) -> Option<NounPhrase> {
        let start = self.clause_start(v);
        let start = (start..v).find(|&k| self.unit.tokens[k].is_word)?;
        let lex = self.reader.lexicon;
        let start = (start..v)
            .find(|&k| !lex.is("adverbs", self.word(k)))
            .unwrap_or(v);
        let first = self.word(start);
        if start == v
            || lex.is("prepositions", first)
            || lex.is("subordinators", first)
            || first.eq_ignore_ascii_case("es")
            || first.eq_ignore_ascii_case("it")
        {
            return None;
        }
        // "Vergangenen Samstag sagte …": a time is no subject.
        self.phrase_or_quoted_name(start, v)
            .filter(|p| !p.name.clone().any(|t| lex.is("time_nouns", self.word(t))))
    }

    /// The noun phrase at `k`, or a name in quotation marks ("„BBC News“
    /// berichtet", "Wie die „Aktion Deutschland hilft“ mitteilte"), which
    /// the phrase reader cannot see because it starts with a mark.
    fn phrase_or_quoted_name(&self, k: usize, limit: usize) -> Option<NounPhrase> {
        if let Some(phrase) = self.reader.phrase_at(k, limit) {
            return Some(phrase);
        }
        let lex = self.reader.lexicon;
        let opening = (k..limit).find(|&j| !lex.is("determiners", self.word(j)))?;
        let quotation = self.unit.quotation_of.get(opening).copied().flatten()?;
        let closing = (opening + 1..limit)
            .take_while(|&j| self.unit.quotation_of.get(j).copied().flatten() == Some(quotation))
            .last()?;
        let name = opening + 1..closing;
        let is_name = (opening == 0 || self.outside(opening - 1))
            && !self.reader.is_word(opening)
            && (1..=6).contains(&self.words_between(name.start, name.end));
        is_name.then(|| NounPhrase {
            core: k..closing + 1,
            name,
            role: None,
            role_prefix: None,
            pronoun: false,
        })
    }
}

/// The source a "Demnach" or "wonach" points back to: the last speaker.
fn memory_last(memory: &SpeakerMemory, mention: Range<usize>, word: &str) -> Option<SpeakerFound> {
    Some(memory.last_speaker().map_or_else(
        || SpeakerFound {
            mention: mention.clone(),
            name: word.to_string(),
            role: None,
            entity: None,
            person: false,
            feminine: false,
        },
        |s| SpeakerFound {
            mention: mention.clone(),
            ..s
        },
    ))
}
