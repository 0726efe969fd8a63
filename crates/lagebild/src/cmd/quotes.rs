//! `lagebild quotes`: quotations across the archive, by speaker, about an
//! entity, or containing words.

use super::store_args::{or_dash, print_json, print_table, report_unknown, FilterArgs, StoreArgs};
use crate::Outcome;
use lagebild_store::{Archive, QuoteQuery};

const EXAMPLES: &str = "\
Examples:
  lagebild quotes --speaker Dempsey
      Everything Joseph Dempsey is quoted with, newest first.
  lagebild quotes --about Pjöngjang Waffen
      Quotes mentioning North Korea's capital (any alias) and weapons.
  lagebild quotes --speaker Putin --from 2023 --json
      As JSON: text, kind, speaker, role, cue, article id, date, source.";

/// Quotes with speaker, role, date, source and article id.
#[derive(clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub(crate) struct Args {
    /// Words the quote must contain (optional).
    #[arg(value_name = "QUERY", default_value = "")]
    query: String,
    #[command(flatten)]
    store: StoreArgs,
    /// Only quotes by this speaker (any alias or part of the name).
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
    /// Only quotes whose words mention this entity (any alias).
    #[arg(long, value_name = "ENTITY")]
    about: Option<String>,
    #[command(flatten)]
    filter: FilterArgs,
    /// Quotes to show.
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let archive = args.store.open()?;
    let mut filter = args.filter.filter();
    filter.speaker = args.speaker.clone();
    let query = QuoteQuery {
        text: args.query.clone(),
        about: args.about.clone(),
        filter,
        limit: args.limit,
    };
    let results = archive.quotes(&query)?;
    if args.store.json {
        print_json(&results)?;
    } else {
        println!("{} quote(s) match", results.total);
        let rows: Vec<Vec<String>> = results
            .quotes
            .iter()
            .map(|q| {
                vec![
                    or_dash(q.speaker.as_deref()),
                    or_dash(q.role.as_deref()),
                    q.text.clone(),
                    or_dash(q.published.as_deref()),
                    or_dash(q.source.as_deref()),
                    q.article_id.clone(),
                ]
            })
            .collect();
        print_table(
            &["speaker", "role", "quote", "date", "source", "article"],
            &rows,
        );
    }
    match &args.about {
        Some(name) if results.about_matches.is_empty() => Ok(report_unknown("entity", name)),
        _ => Ok(Outcome::Clean),
    }
}
