//! `lagebild export`: the analysed articles of the archive (or of a query)
//! as JSONL or as Parquet tables, one per layer, joinable by `article_id`.

use super::store_args::{print_json, ArticleArgs, FilterArgs, StoreArgs};
use crate::Outcome;
use anyhow::Context;
use lagebild_store::{Archive, JsonlExport, ParquetExport, SearchQuery, TABLES};
use std::io::BufWriter;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  lagebild export --format parquet out/
      Every article: out/articles.parquet, entities, mentions, quotes, times,
      amounts (schema in docs/store.md); pandas, polars, DuckDB and Spark read them.
  lagebild export --format jsonl --query Nordkorea --from 2023 nk.jsonl
      Matching articles as JSON documents (docs/schema.md), one per line.
  lagebild export --format jsonl -
      To standard output.";

/// Export analysed articles with all their layers.
#[derive(clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub(crate) struct Args {
    /// Output: a file (or `-`) for JSONL, a directory for Parquet.
    #[arg(value_name = "OUT")]
    out: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    format: Format,
    #[command(flatten)]
    store: StoreArgs,
    /// Only articles matching these words.
    #[arg(long, value_name = "QUERY", default_value = "")]
    query: String,
    #[command(flatten)]
    articles: ArticleArgs,
    #[command(flatten)]
    filter: FilterArgs,
    /// Convert analysed documents (JSONL from `analyze --json` or `worker`;
    /// `-` for standard input) instead of reading the archive: how the
    /// Spark job writes its Parquet.
    #[arg(long, value_name = "FILE")]
    from_analysed: Option<PathBuf>,
}

/// `--format` values.
#[derive(clap::ValueEnum, Clone, Copy)]
enum Format {
    Jsonl,
    Parquet,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    if let Some(analysed) = &args.from_analysed {
        anyhow::ensure!(
            matches!(args.format, Format::Parquet),
            "--from-analysed writes Parquet; its input already is JSONL"
        );
        return super::worker::export_analysed(analysed, &args.out, args.store.json);
    }
    let archive = args.store.open()?;
    let query = SearchQuery {
        text: args.query.clone(),
        filter: args.articles.filter(&args.filter),
        limit: 0,
        facet_size: 0,
    };
    let to_stdout = args.out.as_os_str() == "-";
    match args.format {
        Format::Jsonl => {
            let out: Box<dyn std::io::Write> = if to_stdout {
                Box::new(BufWriter::new(std::io::stdout().lock()))
            } else {
                let file = std::fs::File::create(&args.out)
                    .with_context(|| format!("cannot create {}", args.out.display()))?;
                Box::new(BufWriter::new(file))
            };
            let mut export = JsonlExport::new(out);
            archive.for_each_article(&query, &mut |doc| export.write(&doc))?;
            let articles = export.finish()?;
            if !to_stdout {
                report(
                    args.store.json,
                    &serde_json::json!({ "articles": articles, "path": args.out }),
                )?;
            }
        }
        Format::Parquet => {
            anyhow::ensure!(
                !to_stdout,
                "Parquet is written as one file per table; give a directory, not -"
            );
            let mut export = ParquetExport::create(&args.out)?;
            archive.for_each_article(&query, &mut |doc| export.write(&doc))?;
            let summary = export.finish()?;
            if args.store.json {
                print_json(&summary)?;
            } else {
                for (table, rows) in &summary.tables {
                    eprintln!(
                        "{:>9} rows  {}",
                        rows,
                        args.out.join(format!("{table}.parquet")).display()
                    );
                }
            }
            debug_assert_eq!(summary.tables.len(), TABLES.len());
        }
    }
    Ok(Outcome::Clean)
}

fn report(json: bool, value: &serde_json::Value) -> anyhow::Result<()> {
    if json {
        print_json(value)
    } else {
        eprintln!(
            "exported {} article(s) to {}",
            value["articles"],
            value["path"].as_str().unwrap_or("-")
        );
        Ok(())
    }
}
