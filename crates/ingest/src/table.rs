//! CSV and TSV: one article per row. The delimiter and quote character are
//! sniffed from the first rows (10kGNAD is `label;text` quoted with `'`),
//! and a header row is recognised by known field names; without one,
//! columns are `column1`, `column2`, ... and `--map text=2` picks by number.

use crate::charset::decode;
use crate::error::{Location, RecordError};
use crate::options::{column_name, FieldMap, ReadOptions};
use crate::record::document_from_fields;
use lagebild_core::Document;
use serde_json::{Map, Value};
use std::io::BufRead;

/// Delimiters tried, most distinctive first.
const DELIMITERS: [u8; 4] = [b'\t', b';', b',', b'|'];
/// Quote characters tried.
const QUOTES: [u8; 2] = [b'"', b'\''];

/// How a table is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dialect {
    delimiter: u8,
    quote: u8,
}

/// Picks the delimiter whose rows all have the same number (≥ 2) of fields
/// in the sample, with the quote character that opens fields most often.
/// `complete` says whether the sample is the whole input (else its last row
/// may be cut off and is ignored).
pub(crate) fn sniff_dialect(sample: &[u8], fixed_delimiter: Option<u8>, complete: bool) -> Dialect {
    let delimiters: Vec<u8> = match fixed_delimiter {
        Some(d) => vec![d],
        None => DELIMITERS.to_vec(),
    };
    for &delimiter in &delimiters {
        let quote = preferred_quote(sample, delimiter);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .quote(quote)
            .from_reader(sample);
        let mut counts: Vec<usize> = reader
            .byte_records()
            .map_while(Result::ok)
            .map(|r| r.len())
            .collect();
        if !complete && counts.len() > 1 {
            counts.pop();
        }
        if counts
            .first()
            .is_some_and(|&n| n >= 2 && counts.iter().all(|&c| c == n))
        {
            return Dialect { delimiter, quote };
        }
    }
    Dialect {
        delimiter: fixed_delimiter.unwrap_or(b','),
        quote: b'"',
    }
}

/// The quote character that more lines both open a field with (at the
/// line start or right after the delimiter) and end with: a quoted last
/// field. Counting only field openings is not enough, since text fields
/// often begin with a quotation mark without being quoted (10kGNAD).
fn preferred_quote(sample: &[u8], delimiter: u8) -> u8 {
    let quoted_lines = |quote: u8| {
        sample
            .split(|&b| b == b'\n')
            .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
            .filter(|line| {
                let opens = line.first() == Some(&quote)
                    || line.windows(2).any(|w| w == [delimiter, quote]);
                opens && line.len() > 1 && line.last() == Some(&quote)
            })
            .count()
    };
    if quoted_lines(b'\'') > quoted_lines(b'"') {
        b'\''
    } else {
        QUOTES[0]
    }
}

/// Streams the rows of one table as documents.
pub(crate) struct TableRows {
    reader: csv::Reader<Box<dyn BufRead>>,
    input: String,
    options: ReadOptions,
    /// Column names and the field map resolved against them, once the
    /// first row has been seen.
    layout: Option<(Vec<String>, FieldMap)>,
    row: csv::ByteRecord,
    /// Rows read so far, the header included. Locations and derived ids
    /// use it rather than the csv crate's line count, which lags one line
    /// behind after a row that ends in a quoted field (10kGNAD's rows all
    /// do, so two rows got the same id). For files whose fields hold no
    /// line breaks, the row number is the line number.
    rows_read: u64,
    finished: bool,
}

impl TableRows {
    pub(crate) fn new(
        reader: Box<dyn BufRead>,
        dialect: Dialect,
        input: String,
        options: ReadOptions,
    ) -> Self {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(dialect.delimiter)
            .quote(dialect.quote)
            .from_reader(reader);
        TableRows {
            reader,
            input,
            options,
            layout: None,
            row: csv::ByteRecord::new(),
            rows_read: 0,
            finished: false,
        }
    }

    /// Decides from the first row whether it is a header; returns true when
    /// it was (and so holds no article).
    fn learn_layout(&mut self, fields: &[String]) -> bool {
        let map = &self.options.field_map;
        let is_header = fields.iter().any(|f| map.knows_name(f));
        let (names, resolved) = if is_header {
            let names: Vec<String> = fields.iter().map(|f| f.trim().to_string()).collect();
            let resolved = map.with_columns_named(&names);
            (names, resolved)
        } else {
            let names: Vec<String> = (1..=fields.len()).map(column_name).collect();
            let longest = fields
                .iter()
                .enumerate()
                .max_by_key(|(_, f)| f.chars().count())
                .map(|(i, _)| i + 1)
                .unwrap_or(1);
            let resolved = map
                .with_columns_named(&names)
                .with_text_default(column_name(longest));
            (names, resolved)
        };
        self.layout = Some((names, resolved));
        is_header
    }
}

impl Iterator for TableRows {
    type Item = Result<Document, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.finished {
            let line = self.rows_read + 1;
            match self.reader.read_byte_record(&mut self.row) {
                Ok(false) => self.finished = true,
                Err(e) => {
                    self.finished = true;
                    let location = Location::at_line(&self.input, line);
                    return Some(Err(RecordError::new(
                        location,
                        format!("read failed ({e})"),
                        "check the file; a gzip file may be truncated",
                    )));
                }
                Ok(true) => {
                    self.rows_read += 1;
                    let fields: Vec<String> =
                        self.row.iter().map(|f| decode(f).into_owned()).collect();
                    if fields.iter().all(|f| f.trim().is_empty()) {
                        continue;
                    }
                    if self.layout.is_none() && self.learn_layout(&fields) {
                        continue;
                    }
                    let Some((names, map)) = &self.layout else {
                        continue;
                    };
                    let mut record = Map::new();
                    for (i, field) in fields.into_iter().enumerate() {
                        let name = names.get(i).cloned().unwrap_or_else(|| column_name(i + 1));
                        record.insert(name, Value::String(field));
                    }
                    let location = Location::at_line(&self.input, line);
                    return Some(document_from_fields(record, map, &location, &self.options));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_ending_in_quoted_fields_get_their_own_line() {
        let data = "Wirtschaft;'Eins.'\nSport;'Zwei.'\nKultur;'Drei.'\n";
        let dialect = Dialect { delimiter: b';', quote: b'\'' };
        let rows = TableRows::new(Box::new(data.as_bytes()), dialect, "t.csv".into(), ReadOptions::default());
        let ids: Vec<String> = rows.map(|r| r.map(|d| d.id).unwrap_or_else(|e| e.to_string())).collect();
        assert_eq!(ids, vec!["t.csv:1", "t.csv:2", "t.csv:3"]);
    }

    #[test]
    fn sniffs_10kgnad_and_plain_csv() {
        let gnad =
            "Wirtschaft;'Die Firma \"X\" wächst, sagt er; gut.'\nSport;\"Nein\", sagt er.\nKultur;'Rock ''n'' Roll, eben.'\n"
                .as_bytes();
        assert_eq!(
            sniff_dialect(gnad, None, true),
            Dialect {
                delimiter: b';',
                quote: b'\''
            }
        );
        let csv = b"id,title,text\n1,\"A, b\",\"c; d\"\n2,e,f\n";
        assert_eq!(
            sniff_dialect(csv, None, true),
            Dialect {
                delimiter: b',',
                quote: b'"'
            }
        );
        assert_eq!(
            sniff_dialect(b"a\tb\n", Some(b'\t'), true),
            Dialect {
                delimiter: b'\t',
                quote: b'"'
            }
        );
    }

    #[test]
    fn header_row_and_headerless_rows() {
        let read = |data: &'static str, map: &str| -> Vec<Document> {
            let options = ReadOptions {
                field_map: map.parse().unwrap(),
                ..Default::default()
            };
            let dialect = sniff_dialect(data.as_bytes(), None, true);
            let rows = TableRows::new(Box::new(data.as_bytes()), dialect, "t.csv".into(), options);
            rows.map(Result::unwrap).collect()
        };
        let docs = read("id,Title,text\n7,Kopf,Ein Satz.\n", "");
        assert_eq!(docs.len(), 1);
        assert_eq!(
            (docs[0].id.as_str(), docs[0].title.as_deref()),
            ("7", Some("Kopf"))
        );
        let docs = read(
            "Sport;'Ein langer Satz über den Sieg.'\nKultur;'Noch ''ein'' Satz.'\n",
            "label=1",
        );
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].text(), "Noch 'ein' Satz.");
        assert_eq!(docs[1].id, "t.csv:2");
        assert_eq!(
            docs[1].extra.get("label"),
            Some(&Value::String("Kultur".into()))
        );
    }
}
