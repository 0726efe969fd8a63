//! `lagebild eval …`: the evaluation harness. One subcommand per layer; each
//! prints its figures and fails (exit 1) when a `--min-*` threshold given on
//! the command line is not reached, which is how CI gates quality.

use crate::Outcome;
use clap::Subcommand;

/// Score a layer against gold data (P/R/F1), as CI does.
#[derive(Subcommand)]
pub(crate) enum EvalCommand {
    Sentences(super::eval_sentences::Args),
    Timex(super::eval_timex::TimexArgs),
    Amounts(super::eval_timex::AmountArgs),
    Quotes(super::eval_quotes::Args),
    Ner(super::eval_ner::Args),
    Events(super::eval_events::Args),
    Extraction(super::eval_extraction::Args),
}

pub(crate) fn run(command: EvalCommand) -> anyhow::Result<Outcome> {
    match command {
        EvalCommand::Sentences(args) => super::eval_sentences::run(args),
        EvalCommand::Timex(args) => super::eval_timex::run_timex(args),
        EvalCommand::Amounts(args) => super::eval_timex::run_amounts(args),
        EvalCommand::Quotes(args) => super::eval_quotes::run(args),
        EvalCommand::Ner(args) => super::eval_ner::run(args),
        EvalCommand::Events(args) => super::eval_events::run(args),
        EvalCommand::Extraction(args) => super::eval_extraction::run(args),
    }
}
