use crate::Span;
use std::ops::Range;

/// Converts between byte offsets (how Rust slices strings) and code-point
/// offsets (how the JSON contract counts). Built once per text; for pure
/// ASCII text it stores nothing and both directions are the identity.
#[derive(Debug, Clone, Default)]
pub struct TextIndex {
    /// Byte offset of every code point, plus the text length at the end.
    /// Empty when the text is ASCII (offsets coincide).
    char_starts: Vec<u32>,
    byte_len: usize,
}

impl TextIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return TextIndex { char_starts: Vec::new(), byte_len: text.len() };
        }
        let mut char_starts: Vec<u32> = text.char_indices().map(|(b, _)| b as u32).collect();
        char_starts.push(text.len() as u32);
        TextIndex { char_starts, byte_len: text.len() }
    }

    /// Code-point length of the indexed text.
    pub fn char_len(&self) -> usize {
        if self.char_starts.is_empty() {
            self.byte_len
        } else {
            self.char_starts.len() - 1
        }
    }

    /// Code-point offset of a byte offset. A byte offset inside a multi-byte
    /// character maps to that character's start, so a careless stage still
    /// gets a valid span rather than a panic.
    pub fn char_offset(&self, byte: usize) -> usize {
        if self.char_starts.is_empty() {
            return byte.min(self.byte_len);
        }
        match self.char_starts.binary_search(&(byte as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset of a code-point offset (clamped to the text end).
    pub fn byte_offset(&self, char_pos: usize) -> usize {
        if self.char_starts.is_empty() {
            return char_pos.min(self.byte_len);
        }
        let i = char_pos.min(self.char_starts.len() - 1);
        self.char_starts[i] as usize
    }

    /// The code-point span of a byte range.
    pub fn span(&self, bytes: Range<usize>) -> Span {
        Span::new(self.char_offset(bytes.start), self.char_offset(bytes.end))
    }

    /// The byte range of a code-point span.
    pub fn bytes(&self, span: Span) -> Range<usize> {
        self.byte_offset(span.start)..self.byte_offset(span.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_identity() {
        let idx = TextIndex::new("hello");
        assert_eq!(idx.char_offset(3), 3);
        assert_eq!(idx.byte_offset(3), 3);
        assert_eq!(idx.char_len(), 5);
    }

    #[test]
    fn umlauts_round_trip() {
        let text = "Pjöngjang „sagt“ ß";
        let idx = TextIndex::new(text);
        assert_eq!(idx.char_len(), text.chars().count());
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.char_offset(bi), ci);
            assert_eq!(idx.byte_offset(ci), bi);
        }
        // inside a multi-byte char maps to its start
        let o = text.find('ö').unwrap();
        assert_eq!(idx.char_offset(o + 1), idx.char_offset(o));
        assert_eq!(idx.byte_offset(10_000), text.len());
    }
}
