//! BILOU labels over the four entity types, plus one single-token label per
//! type for names inside compounds (GermEval `*part`), and the transition
//! constraints Viterbi decoding obeys so every output is a valid chunking.

use crate::corpus::TokenSpan;
use crate::EntityType;

/// The entity types in label order.
pub(crate) const TYPES: [EntityType; 4] = [
    EntityType::Per,
    EntityType::Org,
    EntityType::Loc,
    EntityType::Misc,
];

/// O, then B/I/L/U per type, then the compound-part label per type.
pub(crate) const LABEL_COUNT: usize = 1 + 4 * TYPES.len() + TYPES.len();

/// Position of a token in its chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Begin,
    Inside,
    Last,
    Unit,
    Part,
}

fn type_index(entity_type: EntityType) -> usize {
    TYPES.iter().position(|&t| t == entity_type).unwrap_or(0)
}

fn label(entity_type: EntityType, position: Position) -> u8 {
    let t = type_index(entity_type);
    let index = match position {
        Position::Begin => 1 + 4 * t,
        Position::Inside => 2 + 4 * t,
        Position::Last => 3 + 4 * t,
        Position::Unit => 4 + 4 * t,
        Position::Part => 1 + 4 * TYPES.len() + t,
    };
    index as u8
}

fn parse(label: u8) -> Option<(EntityType, Position)> {
    let index = usize::from(label);
    if index == 0 || index >= LABEL_COUNT {
        return None;
    }
    if index > 4 * TYPES.len() {
        return Some((TYPES[index - 1 - 4 * TYPES.len()], Position::Part));
    }
    let positions = [
        Position::Begin,
        Position::Inside,
        Position::Last,
        Position::Unit,
    ];
    Some((TYPES[(index - 1) / 4], positions[(index - 1) % 4]))
}

/// The entity type a label belongs to (None for O); partial-label
/// training asks which labels are MISC.
pub(crate) fn entity_type(label: u8) -> Option<EntityType> {
    parse(label).map(|(t, _)| t)
}

/// True when a chunk is open after `label` (B or I): only I or L of the same
/// type may follow.
fn opens(label: u8) -> bool {
    matches!(parse(label), Some((_, Position::Begin | Position::Inside)))
}

/// May `next` follow `previous`? `previous = None` is the sentence start.
pub(crate) fn allowed(previous: Option<u8>, next: u8) -> bool {
    let continues = matches!(parse(next), Some((_, Position::Inside | Position::Last)));
    match previous {
        Some(p) if opens(p) => continues && parse(p).map(|(t, _)| t) == parse(next).map(|(t, _)| t),
        _ => !continues,
    }
}

/// For every label, the labels allowed right before it: the inner loop of
/// Viterbi visits only these.
pub(crate) fn predecessors() -> &'static [Vec<u8>] {
    static TABLE: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..LABEL_COUNT as u8)
            .map(|next| {
                (0..LABEL_COUNT as u8)
                    .filter(|&p| allowed(Some(p), next))
                    .collect()
            })
            .collect()
    })
}

/// May a sentence end after `label`?
pub(crate) fn may_end(label: u8) -> bool {
    !opens(label)
}

/// The gold label sequence of a sentence's spans. Multi-token compound
/// parts (a handful in GermEval) are left as O.
pub(crate) fn encode(spans: &[TokenSpan], len: usize) -> Vec<u8> {
    let mut labels = vec![0u8; len];
    for span in spans.iter().filter(|s| s.end <= len && s.start < s.end) {
        let t = span.entity_type;
        if span.part {
            if span.end - span.start == 1 {
                labels[span.start] = label(t, Position::Part);
            }
        } else if span.end - span.start == 1 {
            labels[span.start] = label(t, Position::Unit);
        } else {
            labels[span.start] = label(t, Position::Begin);
            for l in &mut labels[span.start + 1..span.end - 1] {
                *l = label(t, Position::Inside);
            }
            labels[span.end - 1] = label(t, Position::Last);
        }
    }
    labels
}

/// Spans of a label sequence; tolerant of invalid sequences (an I without B
/// opens a chunk, a chunk left open ends with the sentence).
pub(crate) fn decode(labels: &[u8]) -> Vec<TokenSpan> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, &l) in labels.iter().enumerate() {
        let parsed = parse(l);
        if let Some((start, t)) = open {
            let continues =
                matches!(parsed, Some((pt, Position::Inside | Position::Last)) if pt == t);
            if !continues {
                spans.push(TokenSpan {
                    start,
                    end: i,
                    entity_type: t,
                    part: false,
                });
                open = None;
            }
        }
        match parsed {
            None => {}
            Some((t, Position::Unit)) => spans.push(TokenSpan {
                start: i,
                end: i + 1,
                entity_type: t,
                part: false,
            }),
            Some((t, Position::Part)) => spans.push(TokenSpan {
                start: i,
                end: i + 1,
                entity_type: t,
                part: true,
            }),
            Some((t, Position::Begin | Position::Inside)) if open.is_none() => open = Some((i, t)),
            Some((_, Position::Begin | Position::Inside)) => {}
            Some((t, Position::Last)) => {
                let start = open.take().map_or(i, |(s, _)| s);
                spans.push(TokenSpan {
                    start,
                    end: i + 1,
                    entity_type: t,
                    part: false,
                });
            }
        }
    }
    if let Some((start, t)) = open {
        spans.push(TokenSpan {
            start,
            end: labels.len(),
            entity_type: t,
            part: false,
        });
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, entity_type: EntityType, part: bool) -> TokenSpan {
        TokenSpan {
            start,
            end,
            entity_type,
            part,
        }
    }

    #[test]
    fn encode_decode_round_trip() {
        let spans = vec![
            span(0, 3, EntityType::Per, false),
            span(4, 5, EntityType::Loc, false),
            span(6, 7, EntityType::Org, true),
            span(7, 9, EntityType::Misc, false),
        ];
        let labels = encode(&spans, 10);
        assert_eq!(decode(&labels), spans);
        assert!(labels.iter().all(|&l| usize::from(l) < LABEL_COUNT));
    }

    #[test]
    fn constraints() {
        let b_per = label(EntityType::Per, Position::Begin);
        let i_per = label(EntityType::Per, Position::Inside);
        let l_org = label(EntityType::Org, Position::Last);
        assert!(allowed(None, b_per));
        assert!(!allowed(None, i_per));
        assert!(allowed(Some(b_per), i_per));
        assert!(!allowed(Some(b_per), l_org));
        assert!(!allowed(Some(b_per), 0));
        assert!(!may_end(b_per));
        assert!(may_end(0));
    }

    #[test]
    fn decode_tolerates_invalid_sequences() {
        let i_loc = label(EntityType::Loc, Position::Inside);
        assert_eq!(
            decode(&[0, i_loc, i_loc]),
            vec![span(1, 3, EntityType::Loc, false)]
        );
    }
}
