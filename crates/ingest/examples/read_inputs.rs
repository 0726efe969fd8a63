//! Reads inputs the way `lagebild analyze` does, without analysis stages,
//! and prints how many documents and errors came out and how fast: a
//! check of the reader alone (throughput, bounded memory on big inputs).
//!
//! `cargo run --release -p lagebild-ingest --example read_inputs -- [--verbatim] [--map SPEC] PATH...`

use lagebild_ingest::{expand_inputs, read_input, FieldMap, ReadOptions};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut options = ReadOptions::default();
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--verbatim" => options.verbatim = true,
            "--map" => match args.next().map(|spec| spec.parse::<FieldMap>()) {
                Some(Ok(map)) => options.field_map.extend(map),
                Some(Err(e)) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
                None => {
                    eprintln!("--map needs FIELD=SOURCE,...");
                    return ExitCode::from(2);
                }
            },
            _ => paths.push(PathBuf::from(arg)),
        }
    }
    let started = Instant::now();
    let (mut documents, mut errors, mut chars) = (0usize, 0usize, 0usize);
    for input in expand_inputs(&paths) {
        let Ok(input) = input.inspect_err(|e| eprintln!("{e}")) else {
            errors += 1;
            continue;
        };
        for record in read_input(&input, &options) {
            match record {
                Ok(document) => {
                    documents += 1;
                    chars += document.text().len();
                }
                Err(e) => {
                    errors += 1;
                    eprintln!("{e}");
                }
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{documents} documents, {errors} errors, {:.1} MB of text in {seconds:.2} s ({:.1} MB/s, {:.0} documents/s)",
        chars as f64 / 1e6,
        chars as f64 / 1e6 / seconds,
        documents as f64 / seconds
    );
    if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
