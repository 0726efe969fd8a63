//! Amounts: numbers with scale words, units or currencies, and what they
//! count ("3000 Kilogramm Stahl", "1,5 Milliarden Euro", "$2.5bn").
//!
//! Rules and lexicons are data (`resources/<lang>/amounts.txt`); a rule's
//! named groups say which part is the number, scale, unit and object. The
//! amount's extent is the number with its scale and unit; the object is
//! reported separately, as the "3000 Kilogramm" (Stahl) asks.

use crate::layer::{Amount, TimeExpression};
use crate::resources::{compile, longest_first, stands_alone, PatternGroups, ResourceError};
use crate::Language;
use lagebild_core::TextIndex;
use regex::{Captures, Regex};
use std::sync::OnceLock;

/// The compiled amount rules of one language.
pub struct AmountRules {
    language: Language,
    groups: PatternGroups,
    rules: Vec<Regex>,
}

/// A rule match before overlaps are resolved (byte offsets).
struct Candidate {
    full: std::ops::Range<usize>,
    amount: std::ops::Range<usize>,
    value: f64,
    unit: Option<String>,
    object: Option<String>,
}

impl AmountRules {
    /// The rules of a language, compiled on first use.
    pub fn for_language(
        language: Language,
    ) -> Result<&'static AmountRules, &'static ResourceError> {
        static GERMAN: OnceLock<Result<AmountRules, ResourceError>> = OnceLock::new();
        static ENGLISH: OnceLock<Result<AmountRules, ResourceError>> = OnceLock::new();
        let cell = match language {
            Language::German => &GERMAN,
            Language::English => &ENGLISH,
        };
        cell.get_or_init(|| AmountRules::load(language)).as_ref()
    }

    fn load(language: Language) -> Result<Self, ResourceError> {
        let source = match language {
            Language::German => include_str!("../resources/de/amounts.txt"),
            Language::English => include_str!("../resources/en/amounts.txt"),
        };
        let file = format!("{}/amounts.txt", language.code());
        // Rule lines start with `AMOUNT`; everything else is pattern groups.
        type NumberedLines<'a> = Vec<(usize, &'a str)>;
        let (rule_lines, group_lines): (NumberedLines, NumberedLines) = source
            .lines()
            .enumerate()
            .partition(|(_, l)| l.trim_start().starts_with("AMOUNT "));
        let group_text: String = group_lines.iter().map(|(_, l)| format!("{l}\n")).collect();
        let groups = PatternGroups::parse(&file, &group_text)?;
        let mut rules = Vec::new();
        for (i, line) in rule_lines {
            let pattern = line.trim_start().trim_start_matches("AMOUNT ").trim();
            let (regex_source, _) = groups
                .expand_rule(pattern)
                .map_err(|e| ResourceError::syntax(&file, i + 1, e))?;
            rules.push(
                compile(&regex_source)
                    .map_err(|e| ResourceError::syntax(&file, i + 1, e.to_string()))?,
            );
        }
        Ok(AmountRules {
            language,
            groups,
            rules,
        })
    }

    /// The amounts of `text` (offsets in code points), leaving out numbers
    /// that are part of a time expression ("3. September", "drei Jahre").
    pub fn find(&self, text: &str, index: &TextIndex, times: &[TimeExpression]) -> Vec<Amount> {
        let mut candidates = Vec::new();
        for rule in &self.rules {
            for caps in rule.captures_iter(text) {
                if let Some(c) = self.candidate(text, &caps) {
                    candidates.push(c);
                }
            }
        }
        let chosen = longest_first(candidates, |c| c.full.clone(), |_| ());
        chosen
            .into_iter()
            .filter_map(|c| {
                let span = index.span(c.amount.clone());
                let in_time = times
                    .iter()
                    .any(|t| t.start < span.end && span.start < t.end);
                (!in_time).then(|| Amount {
                    text: text[c.amount].to_string(),
                    start: span.start,
                    end: span.end,
                    value: c.value,
                    unit: c.unit,
                    object: c.object,
                })
            })
            .collect()
    }

    fn candidate(&self, text: &str, caps: &Captures) -> Option<Candidate> {
        let full = caps.get(0)?;
        // A number glued to a preceding "." or "," is the tail of another
        // number ("1.5" in "11.5.2023").
        let preceded_by_separator = text[..full.start()].ends_with(['.', ',']);
        if !stands_alone(text, full.range()) || preceded_by_separator {
            return None;
        }
        let normalized = |name: &str| -> Option<String> {
            let m = caps.name(name)?;
            self.groups.get(name)?.normalize(m.as_str())
        };
        let number = match caps.name("number") {
            Some(m) => parse_number(m.as_str(), self.language)?,
            None => normalized("number_word")?.parse().ok()?,
        };
        let scale: f64 = normalized("scale")
            .and_then(|s| s.parse().ok())
            .unwrap_or(1.0);
        let unit = normalized("unit").or_else(|| normalized("currency_sign"));
        let object = caps.name("object").map(|m| m.as_str().to_string());
        let amount_end = ["number", "number_word", "scale", "unit", "currency_sign"]
            .iter()
            .filter_map(|n| caps.name(n).map(|m| m.end()))
            .max()?;
        Some(Candidate {
            full: full.range(),
            amount: full.start()..amount_end,
            value: number * scale,
            unit,
            object,
        })
    }
}

/// Reads a number in the language's format: German `3.000,5`, English
/// `3,000.5`.
fn parse_number(text: &str, language: Language) -> Option<f64> {
    let (thousands, decimal) = match language {
        Language::German => ('.', ','),
        Language::English => (',', '.'),
    };
    let plain: String = text
        .chars()
        .filter(|&c| c != thousands && !c.is_whitespace())
        .map(|c| if c == decimal { '.' } else { c })
        .collect();
    plain.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amounts(language: Language, text: &str) -> Vec<Amount> {
        let rules = AmountRules::for_language(language).unwrap();
        rules.find(text, &TextIndex::new(text), &[])
    }

    #[test]
    fn numbers_follow_the_language_format() {
        assert_eq!(parse_number("3.000", Language::German), Some(3000.0));
        assert_eq!(parse_number("1,5", Language::German), Some(1.5));
        assert_eq!(parse_number("3,000.5", Language::English), Some(3000.5));
    }

    #[test]
    fn german_units_scales_and_objects() {
        let found = amounts(Language::German, "Er soll 3000 Kilogramm Stahl und 1,5 Milliarden Euro sowie 3.000 Soldaten schicken; 42 Prozent der Wähler.");
        let summary: Vec<(&str, f64, Option<&str>, Option<&str>)> = found
            .iter()
            .map(|a| {
                (
                    a.text.as_str(),
                    a.value,
                    a.unit.as_deref(),
                    a.object.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("3000 Kilogramm", 3000.0, Some("kg"), Some("Stahl")),
                ("1,5 Milliarden Euro", 1.5e9, Some("EUR"), None),
                ("3.000", 3000.0, None, Some("Soldaten")),
                ("42 Prozent", 42.0, Some("%"), Some("Wähler")),
            ]
        );
    }

    #[test]
    fn english_currency_signs_and_scales() {
        let found = amounts(Language::English, "It paid $2.5bn for 2,000 tanks.");
        assert_eq!(found[0].text, "$2.5bn");
        assert_eq!(
            (found[0].value, found[0].unit.as_deref()),
            (2.5e9, Some("USD"))
        );
        assert_eq!(
            (found[1].value, found[1].object.as_deref()),
            (2000.0, Some("tanks"))
        );
    }

    #[test]
    fn numbers_inside_time_expressions_are_not_amounts() {
        let text = "Seit 3 Jahren 5 Euro.";
        let rules = AmountRules::for_language(Language::German).unwrap();
        let time = TimeExpression {
            text: "3 Jahren".into(),
            start: 5,
            end: 13,
            time_type: crate::TimeType::Duration,
            value: "P3Y".into(),
        };
        let found = rules.find(text, &TextIndex::new(text), &[time]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "5 Euro");
    }
}
