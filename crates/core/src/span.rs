use serde::{Deserialize, Serialize};

/// A stand-off range over a document's text in Unicode code points, end
/// exclusive. Code points (not bytes) because every consumer of the JSON
/// output — Python, JavaScript, the scorers — indexes strings that way.
///
/// Invariant: `start <= end` (enforced by [`Span::new`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First code point of the range.
    pub start: usize,
    /// One past the last code point of the range.
    pub end: usize,
}

impl Span {
    /// Creates a span, swapping the ends if given in the wrong order so the
    /// invariant holds even when a stage computes offsets backwards.
    pub fn new(start: usize, end: usize) -> Self {
        if start <= end {
            Span { start, end }
        } else {
            Span { start: end, end: start }
        }
    }

    /// Number of code points covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers nothing (a zero-width position).
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies completely inside `self`.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Number of code points shared with `other` (0 when disjoint); the
    /// scorers match system and gold spans by this overlap.
    pub fn overlap(&self, other: &Span) -> usize {
        self.end.min(other.end).saturating_sub(self.start.max(other.start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_orders_ends() {
        assert_eq!(Span::new(5, 2), Span { start: 2, end: 5 });
    }

    #[test]
    fn overlap_and_containment() {
        let a = Span::new(0, 10);
        let b = Span::new(5, 15);
        assert_eq!(a.overlap(&b), 5);
        assert_eq!(a.overlap(&Span::new(10, 12)), 0);
        assert!(a.contains(&Span::new(2, 3)));
        assert!(!a.contains(&b));
    }
}
