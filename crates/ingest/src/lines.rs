//! Line reading with a bound on line length, so one runaway line (a whole
//! file without newlines) cannot exhaust memory.

use std::io::{self, BufRead};

/// Longest record lagebild reads; longer ones are reported and skipped.
pub(crate) const MAX_RECORD_BYTES: usize = 64 * 1024 * 1024;

/// What one call to [`read_line_bounded`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum LineRead {
    /// A line (without its `\n`) is in the buffer.
    Line,
    /// The line was longer than the limit; it was skipped up to its end.
    TooLong,
    /// End of input.
    End,
}

/// Reads one line into `line` (cleared first), keeping at most `limit`
/// bytes in memory.
pub(crate) fn read_line_bounded<R: BufRead + ?Sized>(
    reader: &mut R,
    line: &mut Vec<u8>,
    limit: usize,
) -> io::Result<LineRead> {
    line.clear();
    let mut too_long = false;
    let mut read_any = false;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(match (read_any, too_long) {
                (false, _) => LineRead::End,
                (true, true) => LineRead::TooLong,
                (true, false) => LineRead::Line,
            });
        }
        read_any = true;
        let (chunk, found_end) = match available.iter().position(|&b| b == b'\n') {
            Some(end) => (&available[..end], true),
            None => (available, false),
        };
        if !too_long {
            if line.len() + chunk.len() > limit {
                too_long = true;
                line.clear();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let consumed = chunk.len() + usize::from(found_end);
        reader.consume(consumed);
        if found_end {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(if too_long {
                LineRead::TooLong
            } else {
                LineRead::Line
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines_and_skips_overlong_ones() {
        let mut input = io::BufReader::with_capacity(4, &b"ab\r\n0123456789\nxy"[..]);
        let mut line = Vec::new();
        assert_eq!(
            read_line_bounded(&mut input, &mut line, 5).unwrap(),
            LineRead::Line
        );
        assert_eq!(line, b"ab");
        assert_eq!(
            read_line_bounded(&mut input, &mut line, 5).unwrap(),
            LineRead::TooLong
        );
        assert_eq!(
            read_line_bounded(&mut input, &mut line, 5).unwrap(),
            LineRead::Line
        );
        assert_eq!(line, b"xy");
        assert_eq!(
            read_line_bounded(&mut input, &mut line, 5).unwrap(),
            LineRead::End
        );
    }
}
