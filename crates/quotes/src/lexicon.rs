//! The per-language word lists the rules consult, loaded from the data files
//! under `resources/<lang>/` (compiled in, so the stage needs no files at
//! run time). Adding a cue verb or a role noun is a data change.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Languages with a lexicon; others fall back to German rules' punctuation
/// handling only where marks are unambiguous.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Language {
    German,
    English,
}

/// One way a word form can be a cue: the particles that must stand in the
/// same clause ("teilte" needs "mit").
#[derive(Debug, Clone)]
pub(crate) struct CueForm {
    pub(crate) required: Vec<String>,
    /// The verb's lemma ("hinweisen"), which some rules look up.
    pub(crate) lemma: String,
}

/// Everything the rules know about one language's words.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    cue_forms: HashMap<String, Vec<CueForm>>,
    konjunktiv: HashSet<String>,
    sections: HashMap<String, HashSet<String>>,
    /// Endings tried in [`Lexicon::ends_with_any`], longest first per section.
    suffixes: HashMap<String, Vec<String>>,
}

/// Sections of `words.txt` matched as noun endings ("Nordkorea-Experte"
/// ends with "experte"), not as whole words.
const SUFFIX_SECTIONS: [&str; 3] = ["org_heads", "role_nouns", "information_nouns"];

impl Lexicon {
    /// The lexicon of a language, parsed once per process.
    pub(crate) fn get(language: Language) -> &'static Lexicon {
        static GERMAN: OnceLock<Lexicon> = OnceLock::new();
        static ENGLISH: OnceLock<Lexicon> = OnceLock::new();
        match language {
            Language::German => GERMAN.get_or_init(|| {
                Lexicon::parse(
                    include_str!("../resources/de/cue_forms.tsv"),
                    include_str!("../resources/de/words.txt"),
                    include_str!("../resources/de/konjunktiv_forms.txt"),
                )
            }),
            Language::English => ENGLISH.get_or_init(|| {
                Lexicon::parse(
                    include_str!("../resources/en/cue_forms.tsv"),
                    include_str!("../resources/en/words.txt"),
                    "",
                )
            }),
        }
    }

    fn parse(cue_forms: &str, words: &str, konjunktiv_forms: &str) -> Lexicon {
        let mut lexicon = Lexicon::default();
        for line in data_lines(cue_forms) {
            let mut fields = line.split('\t');
            let (Some(form), Some(lemma)) = (fields.next(), fields.next()) else {
                continue;
            };
            let required = fields
                .next()
                .unwrap_or("")
                .split_whitespace()
                .map(str::to_string)
                .collect();
            lexicon
                .cue_forms
                .entry(form.to_string())
                .or_default()
                .push(CueForm {
                    required,
                    lemma: lemma.to_string(),
                });
        }
        let mut section = String::new();
        for line in data_lines(words) {
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.to_string();
                continue;
            }
            let set = lexicon.sections.entry(section.clone()).or_default();
            set.extend(line.split_whitespace().map(str::to_lowercase));
        }
        for name in SUFFIX_SECTIONS {
            let mut endings: Vec<String> = lexicon
                .sections
                .get(name)
                .map(|s| s.iter().cloned().collect())
                .unwrap_or_default();
            endings.sort_by_key(|e| std::cmp::Reverse(e.chars().count()));
            lexicon.suffixes.insert(name.to_string(), endings);
        }
        lexicon.konjunktiv = data_lines(konjunktiv_forms).map(str::to_string).collect();
        for section in ["konjunktiv", "konjunktiv_ii"] {
            if let Some(irregular) = lexicon.sections.get(section) {
                lexicon.konjunktiv.extend(irregular.iter().cloned());
            }
        }
        lexicon
    }

    /// Cue readings of a word form (case as written, then lower-cased).
    pub(crate) fn cue_forms(&self, word: &str) -> &[CueForm] {
        if let Some(forms) = self.cue_forms.get(word) {
            return forms;
        }
        self.cue_forms
            .get(&word.to_lowercase())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// True when `word` (any case) is listed in `section` of `words.txt`.
    pub(crate) fn is(&self, section: &str, word: &str) -> bool {
        self.sections
            .get(section)
            .is_some_and(|s| s.contains(&word.to_lowercase()))
    }

    /// True when `word` ends with an entry of a suffix section (org heads,
    /// role nouns, information nouns).
    pub(crate) fn ends_with_any(&self, section: &str, word: &str) -> bool {
        let lower = word.to_lowercase();
        self.suffixes
            .get(section)
            .is_some_and(|endings| endings.iter().any(|e| lower.ends_with(e.as_str())))
    }

    /// True for a finite verb form in Konjunktiv I/II, the mood of German
    /// reported speech. Lower-case forms only: "Liege" is a noun.
    pub(crate) fn is_konjunktiv(&self, word: &str) -> bool {
        self.konjunktiv.contains(word)
    }
}

/// Non-empty, non-comment lines of a data file, trimmed.
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_lexicon_knows_separable_cues_and_konjunktiv() {
        let de = Lexicon::get(Language::German);
        let teilte = de.cue_forms("teilte");
        assert!(teilte.iter().any(|f| f.required == ["mit"]));
        assert!(!de.cue_forms("Sagte").is_empty());
        assert!(de.is_konjunktiv("seien") && de.is_konjunktiv("liege"));
        assert!(!de.is_konjunktiv("eine") && !de.is_konjunktiv("sagt"));
        assert!(de.ends_with_any("role_nouns", "Nordkorea-Experte"));
        assert!(de.ends_with_any("org_heads", "US-Regierung"));
        assert!(de.is("determiners", "Der"));
    }

    #[test]
    fn english_lexicon_has_inflected_cues() {
        let en = Lexicon::get(Language::English);
        assert!(!en.cue_forms("said").is_empty() && !en.cue_forms("told").is_empty());
        assert!(en
            .cue_forms("pointed")
            .iter()
            .any(|f| f.required == ["out"]));
    }
}
