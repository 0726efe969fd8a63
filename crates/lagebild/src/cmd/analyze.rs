//! `lagebild analyze`: read articles, run the pipeline, print documents.

use crate::Outcome;

/// Analyse articles and print what lagebild finds (placeholder until the
/// ingest crate lands).
#[derive(clap::Args)]
pub(crate) struct Args {}

pub(crate) fn run(_args: Args) -> anyhow::Result<Outcome> {
    let _pipeline = crate::stages::default_pipeline()?;
    anyhow::bail!("analyze is being built")
}
