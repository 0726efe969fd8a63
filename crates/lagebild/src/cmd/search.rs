//! `lagebild search`: ranked articles with highlighted snippets and facet
//! counts (top entities, sources, months) over the whole hit set.

use super::store_args::{
    highlight, or_dash, print_entity_counts, print_json, print_table, report_unknown, ArticleArgs,
    FilterArgs, StoreArgs,
};
use crate::Outcome;
use lagebild_store::{Archive, SearchQuery};

const EXAMPLES: &str = "\
Examples:
  lagebild search \"Nordkorea Waffen\"
      Articles containing both words (any inflection, any umlaut spelling).
  lagebild search Gipfel --entity Pyongyang --from 2023-09
      Only articles mentioning Pjöngjang (any alias) since September 2023.
  lagebild search '\"Kim Jong Un\" -Trump' --speaker Dempsey --json
      A phrase, a word excluded, only articles quoting Dempsey; as JSON.
  lagebild search '' --source stern --limit 50
      The 50 newest articles of one source (empty query: all articles).

Query syntax: words must all occur (any order); \"a phrase\"; -word excludes;
a OR b. Exit codes: 0 hits found or none; 1 an --entity/--speaker name is
unknown to the archive; 2 bad query or no archive.";

/// Search the archive: ranked articles with highlighted snippets and facet
/// counts (top entities, sources, months) for all matching articles.
#[derive(clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub(crate) struct Args {
    /// Words to find; empty ('') lists the newest articles.
    #[arg(value_name = "QUERY")]
    query: String,
    #[command(flatten)]
    store: StoreArgs,
    #[command(flatten)]
    articles: ArticleArgs,
    #[command(flatten)]
    filter: FilterArgs,
    /// Hits to show.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Values per facet.
    #[arg(long, default_value_t = 10)]
    facets: usize,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let archive = args.store.open()?;
    let query = SearchQuery {
        text: args.query.clone(),
        filter: args.articles.filter(&args.filter),
        limit: args.limit,
        facet_size: args.facets,
    };
    let results = archive.search(&query)?;
    if args.store.json {
        print_json(&results)?;
    } else {
        println!("{} article(s) match", results.total);
        for (rank, hit) in results.hits.iter().enumerate() {
            println!(
                "\n{:>2}. {}  [{} · {} · {}]",
                rank + 1,
                hit.title.as_deref().unwrap_or("(untitled)"),
                or_dash(hit.published.as_deref()),
                or_dash(hit.source.as_deref()),
                hit.id
            );
            println!(
                "    {}",
                highlight(&hit.snippet.text, &hit.snippet.highlights)
            );
        }
        let facets = &results.facets;
        if !facets.entities.is_empty() {
            println!("\nTop entities");
            print_entity_counts(["entity", "type", "articles", "mentions"], &facets.entities);
        }
        let value_facets = [
            ("Sources", &facets.sources),
            ("Months", &facets.months),
            ("Languages", &facets.languages),
        ];
        for (title, values) in value_facets {
            if !values.is_empty() {
                println!("\n{title}");
                let rows: Vec<Vec<String>> = values
                    .iter()
                    .map(|v| vec![v.value.clone(), v.articles.to_string()])
                    .collect();
                print_table(&["value", "articles"], &rows);
            }
        }
    }
    if let Some(name) = &args.articles.entity {
        if results.entity_matches.is_empty() {
            return Ok(report_unknown("entity", name));
        }
    }
    Ok(Outcome::Clean)
}
