//! The per-language word lists the segmenter consults, read from the data
//! files under `resources/<lang>/` (compiled in, so no file lookup at run
//! time and no way for a deployment to lose them).

use crate::Lang;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Marks the part of `abbreviations.txt` listing abbreviations that may
/// also end a sentence.
const ENDS_SENTENCES_SECTION: &str = "[ends-sentences]";

/// Word lists for one language.
#[derive(Debug, Default)]
pub(crate) struct Rules {
    /// Abbreviations (with their period) that never end a sentence.
    pub(crate) abbreviations: HashSet<&'static str>,
    /// Abbreviations that end a sentence when a sentence opener follows.
    pub(crate) final_abbreviations: HashSet<&'static str>,
    /// Capitalised words that typically open a sentence.
    pub(crate) sentence_starters: HashSet<&'static str>,
    /// Month names: "3. Oktober" is an ordinal, not a sentence end.
    pub(crate) months: HashSet<&'static str>,
    /// Words before a number that make "N." an ordinal ("am 3. Tag").
    pub(crate) ordinal_context: HashSet<&'static str>,
}

struct Files {
    abbreviations: &'static str,
    sentence_starters: &'static str,
    months: &'static str,
    ordinal_context: &'static str,
}

const GERMAN: Files = Files {
    abbreviations: include_str!("../resources/de/abbreviations.txt"),
    sentence_starters: include_str!("../resources/de/sentence_starters.txt"),
    months: include_str!("../resources/de/months.txt"),
    ordinal_context: include_str!("../resources/de/ordinal_context.txt"),
};

const ENGLISH: Files = Files {
    abbreviations: include_str!("../resources/en/abbreviations.txt"),
    sentence_starters: include_str!("../resources/en/sentence_starters.txt"),
    months: include_str!("../resources/en/months.txt"),
    ordinal_context: include_str!("../resources/en/ordinal_context.txt"),
};

impl Rules {
    /// The rules for `lang`, loaded once. Texts in other languages get the
    /// German and English lists together: the lists protect periods, so the
    /// union is the cautious choice for Latin-script text.
    pub(crate) fn for_lang(lang: Lang) -> &'static Rules {
        static DE: OnceLock<Rules> = OnceLock::new();
        static EN: OnceLock<Rules> = OnceLock::new();
        static OTHER: OnceLock<Rules> = OnceLock::new();
        match lang {
            Lang::De => DE.get_or_init(|| Rules::from_files(&[&GERMAN])),
            Lang::En => EN.get_or_init(|| Rules::from_files(&[&ENGLISH])),
            Lang::Other => OTHER.get_or_init(|| Rules::from_files(&[&GERMAN, &ENGLISH])),
        }
    }

    fn from_files(files: &[&Files]) -> Rules {
        let mut rules = Rules::default();
        for f in files {
            let mut final_section = false;
            for entry in entries(f.abbreviations) {
                if entry == ENDS_SENTENCES_SECTION {
                    final_section = true;
                } else if final_section {
                    rules.final_abbreviations.insert(entry);
                } else {
                    rules.abbreviations.insert(entry);
                }
            }
            rules.sentence_starters.extend(entries(f.sentence_starters));
            rules.months.extend(entries(f.months));
            rules.ordinal_context.extend(entries(f.ordinal_context));
        }
        rules
    }
}

/// Non-empty, non-comment lines of a list file, trimmed.
fn entries(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load_with_sections() {
        let de = Rules::for_lang(Lang::De);
        assert!(de.abbreviations.contains("Dr.") && de.abbreviations.contains("bzw."));
        assert!(de.final_abbreviations.contains("usw.") && !de.abbreviations.contains("usw."));
        assert!(de.months.contains("Oktober") && de.ordinal_context.contains("am"));
        assert!(!de.sentence_starters.iter().any(|w| w.starts_with('#')));
        let en = Rules::for_lang(Lang::En);
        assert!(en.abbreviations.contains("Mr.") && en.final_abbreviations.contains("U.S."));
        assert!(en.ordinal_context.is_empty());
        let other = Rules::for_lang(Lang::Other);
        assert!(other.abbreviations.contains("Mr.") && other.abbreviations.contains("bzw."));
    }

    #[test]
    fn every_abbreviation_ends_with_a_period() {
        for lang in [Lang::De, Lang::En] {
            let rules = Rules::for_lang(lang);
            for a in rules.abbreviations.iter().chain(&rules.final_abbreviations) {
                assert!(a.ends_with('.') && !a.contains(' '), "{lang}: {a:?}");
            }
        }
    }
}
