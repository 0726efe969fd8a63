//! The `lagebild` command line: wires the stage crates into commands.
//!
//! Each subcommand lives in its own module under `cmd/`; this file only
//! declares them. Exit codes: 0 success, 1 some input failed (the rest was
//! processed), 2 usage or setup error (bad arguments, missing model).

mod cmd;
mod stages;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// lagebild turns raw news (German first, English second) into a structured,
/// searchable record of who, where, when, who said what and who did what to
/// whom.
///
/// Start with `lagebild analyze examples/de-gipfel.txt` to see what it finds
/// in one article; add `--json` for the machine-readable document described
/// in docs/schema.md.
#[derive(Parser)]
#[command(name = "lagebild", version, about, long_about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Analyze(cmd::analyze::Args),
    Bench(cmd::bench::Args),
    Serve(cmd::serve::Args),
    #[command(subcommand)]
    Eval(cmd::eval::EvalCommand),
    Ner(cmd::ner::Args),
    #[command(subcommand)]
    Train(cmd::train::TrainCommand),
    Ingest(cmd::ingest::Args),
    Search(cmd::search::Args),
    Quotes(cmd::quotes::Args),
    Entities(cmd::entities::Args),
    Timeline(cmd::timeline::Args),
    Cooccur(cmd::cooccur::Args),
    Export(cmd::export::Args),
    Events(cmd::events::Args),
    Worker(cmd::worker::Args),
}

/// What a command reports back to `main`: whether every input went
/// through (exit 0) or some failed while the rest were processed (exit 1).
pub(crate) enum Outcome {
    /// Everything processed.
    Clean,
    /// Some inputs or thresholds failed; details were printed.
    Partial,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => cmd::analyze::run(args),
        Command::Bench(args) => cmd::bench::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Eval(command) => cmd::eval::run(command),
        Command::Ner(args) => cmd::ner::run(args),
        Command::Train(command) => cmd::train::run(command),
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::Search(args) => cmd::search::run(args),
        Command::Quotes(args) => cmd::quotes::run(args),
        Command::Entities(args) => cmd::entities::run(args),
        Command::Timeline(args) => cmd::timeline::run(args),
        Command::Cooccur(args) => cmd::cooccur::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Events(args) => cmd::events::run(args),
        Command::Worker(args) => cmd::worker::run(args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
