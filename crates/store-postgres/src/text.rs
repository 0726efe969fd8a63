//! Full text for PostgreSQL: what goes into a `tsvector` and how a user's
//! query (`words "a phrase" +must -not`, as the embedded store reads it)
//! becomes input for `websearch_to_tsquery`.
//!
//! German text is folded before the built-in `german` configuration sees
//! it (lowercase, `ae`/`oe`/`ue` as umlauts, diacritics to ASCII — the
//! embedded store's folding), so that "Pjöngjang" and "Pjoengjang" meet as
//! they do there; English text goes to `english` as it is.

use lagebild_store::fold_name;

/// Text-search configuration of an article language (German unless `en`,
/// as in the embedded store).
pub(crate) fn config(language: Option<&str>) -> &'static str {
    match language {
        Some("en") => "english",
        _ => "german",
    }
}

/// The text handed to `to_tsvector` for an article or quote.
pub(crate) fn indexed_text(language: Option<&str>, text: &str) -> String {
    match config(language) {
        "english" => text.to_string(),
        _ => fold_name(text),
    }
}

/// A query in the forms `websearch_to_tsquery` takes, one per
/// configuration; `None` when the query has no words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextQuery {
    /// For German articles: words folded like the indexed text.
    pub(crate) german: String,
    /// For English articles, and for highlighting German text (which is
    /// shown unfolded).
    pub(crate) plain: String,
}

/// One clause of a query.
struct Clause {
    negated: bool,
    words: String,
    phrase: bool,
}

impl TextQuery {
    pub(crate) fn parse(text: &str) -> Option<TextQuery> {
        let clauses = clauses(text);
        if clauses.is_empty() {
            return None;
        }
        let render = |fold: bool| -> String {
            let mut out = Vec::new();
            for clause in &clauses {
                if clause.words == "OR" && !clause.phrase {
                    out.push("or".to_string());
                    continue;
                }
                let words = if fold {
                    fold_name(&clause.words)
                } else {
                    clause.words.replace('"', " ")
                };
                if words.trim().is_empty() {
                    continue;
                }
                let sign = if clause.negated { "-" } else { "" };
                if clause.phrase || words.contains(' ') {
                    out.push(format!("{sign}\"{words}\""));
                } else {
                    out.push(format!("{sign}{words}"));
                }
            }
            out.join(" ")
        };
        Some(TextQuery {
            german: render(true),
            plain: render(false),
        })
    }
}

/// Splits a query into words and "phrases" with their `+`/`-` signs; `AND`
/// is dropped (all words are required anyway), `OR` kept.
fn clauses(text: &str) -> Vec<Clause> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut negated = false;
        if c == '-' || c == '+' {
            negated = c == '-';
            chars.next();
        }
        let phrase = chars.peek() == Some(&'"');
        let mut words = String::new();
        if phrase {
            chars.next();
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                words.push(c);
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                words.push(c);
                chars.next();
            }
        }
        if words.trim().is_empty() || (!phrase && words == "AND") {
            continue;
        }
        out.push(Clause {
            negated,
            words,
            phrase,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_words_are_folded_and_signs_kept() {
        let q = TextQuery::parse("Pjoengjang +Waffen -\"Kim Jong-Un\" AND Straße").expect("words");
        assert_eq!(q.german, "pjongjang waffen -\"kim jong un\" strasse");
        assert_eq!(q.plain, "Pjoengjang Waffen -\"Kim Jong-Un\" Straße");
    }

    #[test]
    fn hyphenated_words_become_phrases_and_or_survives() {
        let q = TextQuery::parse("Kim-Jong-Un OR Putin").expect("words");
        assert_eq!(q.german, "\"kim jong un\" or putin");
    }

    #[test]
    fn empty_and_sign_only_queries_have_no_words() {
        assert_eq!(TextQuery::parse("   "), None);
        assert_eq!(TextQuery::parse("- + \"\""), None);
    }

    #[test]
    fn indexed_text_folds_german_only() {
        assert_eq!(
            indexed_text(Some("de"), "Pjöngjang, Straße"),
            "pjongjang strasse"
        );
        assert_eq!(indexed_text(None, "Pjoengjang"), "pjongjang");
        assert_eq!(indexed_text(Some("en"), "Café"), "Café");
    }
}
