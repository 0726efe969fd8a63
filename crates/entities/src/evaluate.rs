//! Exact-span micro P/R/F1 of the tagger against gold sentences, overall and
//! per type, with the `base` scheme of `../shared/tools/score_ner.py`:
//! compound parts and derivations are not counted, MISC stands for OTH.

use crate::corpus::{Sentence, TokenSpan};
use crate::tagger::{TagScratch, Tagger};
use crate::EntityType;
use lagebild_core::metrics::Counts;
use std::collections::{BTreeMap, HashSet};

/// Scores of one evaluation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evaluation {
    /// Micro-averaged over all types.
    pub overall: Counts,
    /// Per entity type.
    pub per_type: BTreeMap<EntityType, Counts>,
    /// Tokens tagged.
    pub tokens: usize,
}

/// Tags every sentence and compares exact spans with the gold ones.
pub fn evaluate(tagger: &Tagger, sentences: &[Sentence]) -> Evaluation {
    let mut scratch = TagScratch::default();
    let mut result = Evaluation::default();
    for sentence in sentences {
        let predicted = tagger.tag_with(&sentence.tokens, &mut scratch);
        result.tokens += sentence.tokens.len();
        score_sentence(&sentence.spans, &predicted, &mut result);
    }
    result
}

/// Adds one sentence's matches to `result`.
pub fn score_sentence(gold: &[TokenSpan], predicted: &[TokenSpan], result: &mut Evaluation) {
    let key = |s: &TokenSpan| (s.start, s.end, s.entity_type);
    let gold: HashSet<_> = gold.iter().filter(|s| !s.part).map(key).collect();
    let predicted: HashSet<_> = predicted.iter().filter(|s| !s.part).map(key).collect();
    for span in predicted.union(&gold) {
        let counts = Counts {
            tp: usize::from(gold.contains(span) && predicted.contains(span)),
            fp: usize::from(!gold.contains(span)),
            fn_: usize::from(!predicted.contains(span)),
        };
        result.overall.add(counts);
        result.per_type.entry(span.2).or_default().add(counts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_exact_matches_and_ignores_parts() {
        let span = |start, end, entity_type, part| TokenSpan {
            start,
            end,
            entity_type,
            part,
        };
        let gold = [
            span(0, 2, EntityType::Per, false),
            span(3, 4, EntityType::Loc, false),
            span(5, 6, EntityType::Org, true),
        ];
        let predicted = [
            span(0, 2, EntityType::Per, false),
            span(3, 5, EntityType::Loc, false),
            span(5, 6, EntityType::Org, true),
        ];
        let mut result = Evaluation::default();
        score_sentence(&gold, &predicted, &mut result);
        assert_eq!(
            result.overall,
            Counts {
                tp: 1,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(
            result.per_type[&EntityType::Loc],
            Counts {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
        assert!(!result.per_type.contains_key(&EntityType::Org));
    }
}
