//! `lagebild worker`: a long-running analysis process driven over pipes,
//! for batch engines (the Spark job in scripts/spark/) that run one worker
//! per partition.
//!
//! Key decision: **one line out per record, flushed.** Each request names
//! an input; every record read from it yields exactly one line, either the
//! analysed document (as `analyze --json` prints it) or an error line, and
//! the request ends with a `done` line. The driver can therefore count
//! how far a worker got, so after a crash (abort, out of memory) it
//! restarts the worker with `skip` set past the record that killed it;
//! and since a line is written only when the driver reads, the pipe is the
//! backpressure. Records are analysed one after the other: the batch
//! engine runs one worker per core.

use super::analyze::ReadArgs;
use crate::Outcome;
use anyhow::Context;
use lagebild_core::{Document, Pipeline};
use lagebild_ingest::{read_input, Input, ReadOptions};
use lagebild_store::ParquetExport;
use serde::{Deserialize, Serialize};
use std::io::{self, BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "\
Requests (standard input, one JSON object per line):
  {\"path\": \"corpus/articles.csv\"}
      Every record of the file (any input `analyze` reads).
  {\"path\": \"corpus/articles.csv\", \"shard\": 1, \"shards\": 4, \"skip\": 10}
      Only records 1, 5, 9, … of the file (0-based), and of those not the
      first 10 (already done before a crash).

Replies (standard output, one JSON object per line, flushed):
  {\"schema\": \"lagebild/…\", \"id\": …}   an analysed document (docs/schema.md)
  {\"worker\": \"error\", \"path\": …, \"record\": 7, \"message\": \"file:line: …\"}
  {\"worker\": \"done\", \"path\": …, \"records\": 205, \"failed\": 1}
A request that is not valid JSON gets an error line and a done line with
0 records. Stage errors of an analysed document go to standard error.

Example:
  echo '{\"path\": \"examples/de-gipfel.txt\"}' | lagebild worker

Exit codes: 0 when standard input ends; 2 if the models cannot be loaded.";

/// Analyse inputs named on standard input, one JSON request per line, and
/// write one analysed document or error per record on standard output:
/// the streaming process behind the Spark job (scripts/spark/).
#[derive(clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub(crate) struct Args {
    #[command(flatten)]
    read: ReadArgs,
}

/// One request line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    /// The input to read.
    path: PathBuf,
    /// Which records: those whose 0-based index modulo `shards` is `shard`.
    #[serde(default)]
    shard: u64,
    /// How many shards the input is split into (1: all records).
    #[serde(default = "one")]
    shards: u64,
    /// Selected records to pass over (done by an earlier worker).
    #[serde(default)]
    skip: u64,
}

fn one() -> u64 {
    1
}

/// A reply line that is not a document; `worker` says which.
#[derive(Serialize)]
#[serde(tag = "worker", rename_all = "lowercase")]
enum Control<'a> {
    /// A record that yielded no document.
    Error {
        path: &'a str,
        /// Index among the request's selected records, skipped ones counted.
        record: u64,
        message: String,
    },
    /// The request is finished.
    Done {
        path: &'a str,
        records: u64,
        failed: u64,
    },
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let pipeline = crate::stages::default_pipeline()?;
    let options = args.read.options();
    let mut out = io::stdout().lock();
    for line in io::stdin().lock().lines() {
        let line = line.context("cannot read requests from standard input")?;
        if line.trim().is_empty() {
            continue;
        }
        let served = match serde_json::from_str::<Request>(&line) {
            Ok(request) => serve(&request, &pipeline, &options, &mut out),
            Err(e) => reply_invalid(&line, &e, &mut out),
        };
        if let Err(e) = served {
            if e.kind() == io::ErrorKind::BrokenPipe {
                break;
            }
            return Err(e).context("cannot write to standard output");
        }
    }
    Ok(Outcome::Clean)
}

/// Answers a line that is no request with an error and a done line, so the
/// driver's count stays in step.
fn reply_invalid(line: &str, error: &serde_json::Error, out: &mut impl Write) -> io::Result<()> {
    let message = format!(
        "not a request ({error}): {line:.200} — send {{\"path\": \"FILE\"}}, optionally with shard, shards, skip"
    );
    write_line(
        out,
        &Control::Error {
            path: "",
            record: 0,
            message,
        },
    )?;
    write_line(
        out,
        &Control::Done {
            path: "",
            records: 0,
            failed: 0,
        },
    )
}

/// Reads the request's input and answers each selected record.
fn serve(
    request: &Request,
    pipeline: &Pipeline,
    options: &ReadOptions,
    out: &mut impl Write,
) -> io::Result<()> {
    let path = request.path.to_string_lossy();
    if request.shards == 0 || request.shard >= request.shards {
        let message = format!(
            "shard {} of {} does not exist — shard counts from 0 and must be below shards (at least 1)",
            request.shard, request.shards
        );
        write_line(
            out,
            &Control::Error {
                path: &path,
                record: 0,
                message,
            },
        )?;
        return write_line(
            out,
            &Control::Done {
                path: &path,
                records: 0,
                failed: 1,
            },
        );
    }
    let selected = read_input(&Input::File(request.path.clone()), options)
        .zip(0u64..)
        .filter(|(_, index)| index % request.shards == request.shard)
        .map(|(record, _)| record);
    let (mut records, mut failed) = (0, 0);
    for (record, index) in selected.zip(0u64..).skip_while(|(_, i)| *i < request.skip) {
        records += 1;
        match record
            .map_err(|e| e.to_string())
            .and_then(|doc| analyse(doc, pipeline))
        {
            Ok(json) => {
                out.write_all(json.as_bytes())?;
                out.write_all(b"\n")?;
                out.flush()?;
            }
            Err(message) => {
                failed += 1;
                write_line(
                    out,
                    &Control::Error {
                        path: &path,
                        record: index,
                        message,
                    },
                )?;
            }
        }
    }
    write_line(
        out,
        &Control::Done {
            path: &path,
            records,
            failed,
        },
    )
}

/// Runs the pipeline over one document; a stage that panics costs that
/// record, not the worker.
fn analyse(mut doc: Document, pipeline: &Pipeline) -> Result<String, String> {
    let id = doc.id.clone();
    let errors = catch_unwind(AssertUnwindSafe(|| pipeline.run(&mut doc)))
        .map_err(|_| format!("{id}: analysis panicked (a bug: please report this record)"))?;
    for error in errors {
        eprintln!("{id}: {error}");
    }
    serde_json::to_string(&doc).map_err(|e| format!("{id}: cannot serialise the document ({e})"))
}

fn write_line(out: &mut impl Write, control: &Control) -> io::Result<()> {
    serde_json::to_writer(&mut *out, control)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// `export --from-analysed`: analysed documents (JSONL, as `analyze --json`
/// and `worker` write them) to the export's Parquet tables, so a batch
/// job's output has exactly the schema of `lagebild export`. A line that is
/// not a document is reported as `file:line` and the rest is written.
pub(crate) fn export_analysed(input: &Path, out_dir: &Path, json: bool) -> anyhow::Result<Outcome> {
    let name = input.display().to_string();
    let reader: Box<dyn BufRead> = if input.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        let file = std::fs::File::open(input)
            .with_context(|| format!("cannot open {name} — check the path"))?;
        Box::new(io::BufReader::new(file))
    };
    let mut export = ParquetExport::create(out_dir)?;
    let mut failures = 0u64;
    for (line, number) in reader.lines().zip(1u64..) {
        let line = line.with_context(|| format!("{name}:{number}: cannot read"))?;
        if line.trim().is_empty() {
            continue;
        }
        match parse_analysed(&line) {
            Ok(doc) => export.write(&doc)?,
            Err(problem) => {
                failures += 1;
                eprintln!("{name}:{number}: not a lagebild document ({problem}) — produce it with `lagebild analyze --json` or `lagebild worker`");
            }
        }
    }
    let summary = export.finish()?;
    if json {
        super::store_args::print_json(&summary)?;
    } else {
        for (table, rows) in &summary.tables {
            eprintln!(
                "{rows:>9} rows  {}",
                out_dir.join(format!("{table}.parquet")).display()
            );
        }
    }
    Ok(if failures == 0 {
        Outcome::Clean
    } else {
        Outcome::Partial
    })
}

/// One analysed document; a line without the `schema` field (a worker's
/// error or done line, any other JSON) is refused, since every field of a
/// document has a default and it would otherwise pass as an empty one.
fn parse_analysed(line: &str) -> Result<Document, String> {
    let value: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
    if value.get("schema").is_none() {
        return Err("no schema field".into());
    }
    serde_json::from_value(value).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_default_to_all_records_and_refuse_unknown_fields() {
        let request: Request = serde_json::from_str(r#"{"path": "a.csv"}"#).unwrap();
        assert_eq!((request.shard, request.shards, request.skip), (0, 1, 0));
        assert!(serde_json::from_str::<Request>(r#"{"path": "a", "shrads": 2}"#).is_err());
        assert!(serde_json::from_str::<Request>(r#"{"text": "inline"}"#).is_err());
    }

    #[test]
    fn analysed_lines_must_be_documents() {
        let doc = Document::from_article(lagebild_core::Article::default());
        let line = serde_json::to_string(&doc).unwrap();
        assert!(parse_analysed(&line).is_ok());
        let done = r#"{"worker":"done","path":"a","records":1,"failed":0}"#;
        assert_eq!(parse_analysed(done).unwrap_err(), "no schema field");
        assert!(parse_analysed(r#"{"schema":"other/9","text":""}"#).is_err());
        assert!(parse_analysed("[1, 2]").is_err());
    }

    #[test]
    fn invalid_request_still_ends_with_done() {
        let error = serde_json::from_str::<Request>("nope").unwrap_err();
        let mut out = Vec::new();
        reply_invalid("nope", &error, &mut out).unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["worker"], "error");
        assert_eq!(lines[1]["worker"], "done");
        assert_eq!(lines[1]["records"], 0);
    }

    #[test]
    fn shards_partition_the_records_and_skip_resumes() {
        let dir = std::env::temp_dir().join(format!("lagebild-worker-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("five.jsonl");
        let lines: Vec<String> = (0..5)
            .map(|i| format!(r#"{{"id": "a{i}", "text": "Satz {i}.", "lang": "de"}}"#))
            .collect();
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        let pipeline = Pipeline::new();
        let ids = |shard, shards, skip| {
            let request = Request {
                path: path.clone(),
                shard,
                shards,
                skip,
            };
            let mut out = Vec::new();
            serve(&request, &pipeline, &ReadOptions::default(), &mut out).unwrap();
            String::from_utf8(out)
                .unwrap()
                .lines()
                .map(|l| {
                    let v: serde_json::Value = serde_json::from_str(l).unwrap();
                    v.get("id")
                        .map_or_else(|| v["worker"].to_string(), |id| id.to_string())
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(ids(0, 1, 0), r#""a0" "a1" "a2" "a3" "a4" "done""#);
        assert_eq!(ids(1, 2, 0), r#""a1" "a3" "done""#);
        assert_eq!(ids(0, 2, 1), r#""a2" "a4" "done""#);
        assert_eq!(ids(0, 2, 9), r#""done""#);
        assert_eq!(ids(2, 2, 0), r#""error" "done""#);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
