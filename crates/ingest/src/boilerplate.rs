//! The boilerplate rules: data files under `resources/<lang>/`, one regex
//! per line grouped under a `[reason]` header.

use regex::{Regex, RegexBuilder};
use std::sync::OnceLock;

/// The rule files, German and English. Both run on every text because the
/// language is only detected by a later stage and sites mix languages.
const RULE_FILES: [(&str, &str); 2] = [
    (
        "de/boilerplate.txt",
        include_str!("../resources/de/boilerplate.txt"),
    ),
    (
        "en/boilerplate.txt",
        include_str!("../resources/en/boilerplate.txt"),
    ),
];

/// What `\b` in a rule means: an ASCII word boundary. With Unicode word
/// boundaries the regex engine cannot use its DFA on non-ASCII lines (every
/// German line) and structure recovery ran at ~1 MB/s; the rules put `\b`
/// only next to ASCII letters and digits, where both agree.
const ASCII_WORD_BOUNDARY: &str = r"(?-u:\b)";

/// Lazy-DFA cache limit per rule. The length-bounded rules
/// (`^.{0,150}cookies?.{0,150}…$`) need many DFA states; with the default
/// limit the engine falls back to a slow NFA (60 µs instead of 3 µs on a
/// long line). One `RegexSet` of all rules was slower still (0.5 ms/line).
const DFA_SIZE_LIMIT: usize = 16 << 20;

/// Compiled boilerplate patterns, each with its reason, in file order.
pub(crate) struct BoilerplateRules {
    rules: Vec<(Regex, String)>,
}

impl BoilerplateRules {
    /// The rules shipped with the crate, compiled once.
    pub(crate) fn shipped() -> &'static BoilerplateRules {
        static RULES: OnceLock<BoilerplateRules> = OnceLock::new();
        RULES.get_or_init(|| {
            // The rule files are compiled into the binary, so a bad pattern
            // is a build defect caught by the `shipped_rules_compile` test.
            BoilerplateRules::parse(&RULE_FILES).expect("shipped boilerplate rules compile")
        })
    }

    /// Parses rule files: `#` comments, `[reason]` headers, patterns.
    fn parse(files: &[(&str, &str)]) -> Result<BoilerplateRules, String> {
        let mut rules = Vec::new();
        for (file, content) in files {
            let mut reason: Option<&str> = None;
            for (n, line) in content.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                    reason = Some(header.trim());
                    continue;
                }
                let located = |problem: String| format!("{file}:{}: {problem}", n + 1);
                let reason = reason.ok_or_else(|| located("pattern before any [reason]".into()))?;
                let pattern = RegexBuilder::new(&line.replace(r"\b", ASCII_WORD_BOUNDARY))
                    .dfa_size_limit(DFA_SIZE_LIMIT)
                    .build()
                    .map_err(|e| located(e.to_string()))?;
                rules.push((pattern, reason.to_string()));
            }
        }
        Ok(BoilerplateRules { rules })
    }

    /// The reason a line is boilerplate: that of the first rule matching.
    pub(crate) fn reason_for(&self, line: &str) -> Option<&str> {
        let line = line.trim();
        self.rules
            .iter()
            .find(|(pattern, _)| pattern.is_match(line))
            .map(|(_, reason)| reason.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_rules_compile() {
        assert!(BoilerplateRules::parse(&RULE_FILES).is_ok());
    }

    #[test]
    fn catches_residue_and_spares_body_sentences() {
        let rules = BoilerplateRules::shipped();
        let cases = [
            ("Bildergalerie Gipfel 1 von 8 Zurück Weiter 1 von 8 Zurück Weiter Mehr", Some("gallery")),
            ("Neue Entwicklungen lesen Sie in unserem Nahost-Liveblog.", Some("cross-promotion")),
            ("Lesen Sie auch: Was der Gipfel bringt", Some("related-articles")),
            ("Mehr zum Thema", Some("related-articles")),
            ("Read more: Why the summit matters", Some("related-articles")),
            ("Anzeige", Some("advertisement")),
            ("Facebook Twitter WhatsApp E-Mail", Some("share")),
            ("Unser Newsletter: Jetzt kostenlos abonnieren!", Some("newsletter")),
            ("Wir verwenden Cookies. Mit der Nutzung akzeptieren Sie unsere Datenschutzerklärung.", Some("cookie")),
            ("Follow our live blog for the latest updates.", Some("cross-promotion")),
            ("Recommended daily doses were exceeded, the ministry said.", None),
            ("Mehr zum Thema Energie sagte der Minister nichts.", None),
            ("Die Anzeige wurde am Montag erstattet.", None),
            ("Er habe die Cookies nicht akzeptieren wollen, sagte er in einem Interview, das lange dauerte und viele Themen berührte, von der Politik über Wirtschaft bis Kultur und Sport, und am Ende auch die Zukunft der Medien in einer digitalen Welt, in der sich alle fragen, wie es weitergeht und welche Rolle Zeitungen noch spielen werden.", None),
        ];
        for (line, want) in cases {
            assert_eq!(rules.reason_for(line), want, "{line}");
        }
    }
}
