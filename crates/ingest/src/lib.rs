//! Reading news input as lagebild documents.
//!
//! This crate turns whatever a user points lagebild at into
//! [`lagebild_core::Document`]s: plain text, JSON Lines, CSV/TSV, HTML,
//! WARC and RSS/Atom, any of them gzip-compressed, in any common charset.
//! For scraped plain text it recovers the article's structure (date,
//! caption, title, kicker, teaser, sub-headings, paragraphs) and sets
//! boilerplate aside with a reason. HTML, WARC and feeds are handed to
//! `lagebild-web`; this crate only recognises and opens them.
//!
//! Key design decision: **streaming with errors as items.** [`read_input`]
//! returns an iterator that holds one record in memory at a time, and a
//! broken record is an `Err` item located as `file:line`, not the end of
//! the input — so a 1 GB JSONL with one bad line is read in constant memory
//! and the bad line is reported while the rest is processed.
//!
//! ```no_run
//! use lagebild_ingest::{expand_inputs, read_input, ReadOptions};
//! let options = ReadOptions { field_map: "text=originalText,id=documentName".parse()?, ..Default::default() };
//! for input in expand_inputs(&["corpus/".into(), "-".into()]) {
//!     let input = match input { Ok(input) => input, Err(e) => { eprintln!("{e}"); continue } };
//!     for record in read_input(&input, &options) {
//!         match record {
//!             Ok(document) => println!("{}", document.id),
//!             Err(e) => eprintln!("{e}"), // file:line: what is wrong — what to do
//!         }
//!     }
//! }
//! # Ok::<(), lagebild_ingest::FieldMapError>(())
//! ```
#![deny(missing_docs)]

mod boilerplate;
mod charset;
mod error;
mod format;
mod input;
mod jsonl;
mod lines;
mod options;
mod reader;
mod record;
mod structure;
mod table;

pub use error::{Location, RecordError};
pub use input::{expand_inputs, Input, InputError};
pub use options::{Field, FieldMap, FieldMapError, ReadOptions, Source};
pub use reader::{read_input, Records};
pub use structure::recover_structure;
