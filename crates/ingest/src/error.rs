//! Errors that name the place in the input and say what to do.

use std::fmt;

/// Where in the input a record is: a file (or `<stdin>`) and, for formats
/// with many records per file, the line the record starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The path as given (or `<stdin>`).
    pub input: String,
    /// 1-based line of the record, when the format has lines.
    pub line: Option<u64>,
}

impl Location {
    pub(crate) fn whole(input: &str) -> Self {
        Location {
            input: input.to_string(),
            line: None,
        }
    }

    pub(crate) fn at_line(input: &str, line: u64) -> Self {
        Location {
            input: input.to_string(),
            line: Some(line),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.input, line),
            None => f.write_str(&self.input),
        }
    }
}

/// One record (or a whole input) that could not be read. Reading goes on
/// with the next record where the format allows it; the caller reports the
/// error and exits non-zero at the end.
///
/// Displays as `file:line: what is wrong — what to do`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {problem} — {remedy}")]
pub struct RecordError {
    /// Where the record is.
    pub location: Location,
    /// What is wrong with it.
    pub problem: String,
    /// What the user can do about it.
    pub remedy: String,
}

impl RecordError {
    pub(crate) fn new(
        location: Location,
        problem: impl Into<String>,
        remedy: impl Into<String>,
    ) -> Self {
        RecordError {
            location,
            problem: problem.into(),
            remedy: remedy.into(),
        }
    }
}
