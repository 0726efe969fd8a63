//! JSON Lines: one article object per line, read line by line.

use crate::charset::decode;
use crate::error::{Location, RecordError};
use crate::lines::{read_line_bounded, LineRead, MAX_RECORD_BYTES};
use crate::options::ReadOptions;
use crate::record::document_from_fields;
use lagebild_core::Document;
use serde_json::{Map, Value};
use std::io::BufRead;

/// Streams the records of one JSONL input; memory holds one line at a time.
pub(crate) struct JsonLines {
    reader: Box<dyn BufRead>,
    input: String,
    options: ReadOptions,
    line_number: u64,
    line: Vec<u8>,
    finished: bool,
}

impl JsonLines {
    pub(crate) fn new(reader: Box<dyn BufRead>, input: String, options: ReadOptions) -> Self {
        JsonLines {
            reader,
            input,
            options,
            line_number: 0,
            line: Vec::new(),
            finished: false,
        }
    }

    fn parse_line(&self, location: &Location) -> Result<Document, RecordError> {
        let text = decode(&self.line);
        let value: Value = serde_json::from_str(&text).map_err(|e| {
            RecordError::new(
                location.clone(),
                format!("not valid JSON ({e})"),
                "fix or remove this line; the other lines were read",
            )
        })?;
        let Value::Object(fields) = value else {
            return Err(RecordError::new(
                location.clone(),
                "not a JSON object",
                "write one article object per line",
            ));
        };
        document_from_fields(
            fields as Map<String, Value>,
            &self.options.field_map,
            location,
            &self.options,
        )
    }
}

impl Iterator for JsonLines {
    type Item = Result<Document, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.finished {
            self.line_number += 1;
            let location = Location::at_line(&self.input, self.line_number);
            match read_line_bounded(&mut self.reader, &mut self.line, MAX_RECORD_BYTES) {
                Ok(LineRead::End) => self.finished = true,
                Ok(LineRead::TooLong) => {
                    return Some(Err(RecordError::new(
                        location,
                        format!("line longer than {} MiB", MAX_RECORD_BYTES >> 20),
                        "split the record; is this really JSON Lines?",
                    )))
                }
                Ok(LineRead::Line) if self.line.iter().all(u8::is_ascii_whitespace) => {}
                Ok(LineRead::Line) => return Some(self.parse_line(&location)),
                Err(e) => {
                    self.finished = true;
                    return Some(Err(RecordError::new(
                        location,
                        format!("read failed ({e})"),
                        "check the file; a gzip file may be truncated",
                    )));
                }
            }
        }
        None
    }
}
