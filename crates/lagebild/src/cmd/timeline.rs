//! `lagebild timeline`: how many articles mention an entity per day, week
//! or month; undated articles are counted apart.

use super::store_args::{
    entity_type, print_json, print_table, report_unknown, FilterArgs, StoreArgs,
};
use crate::Outcome;
use lagebild_entities::EntityType;
use lagebild_store::{Archive, Granularity};

const EXAMPLES: &str = "\
Examples:
  lagebild timeline Putin
      Articles mentioning Wladimir Putin (any alias) per month.
  lagebild timeline Pyongyang --by week --from 2023";

/// Articles mentioning an entity over time.
#[derive(clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub(crate) struct Args {
    /// The entity (any alias).
    #[arg(value_name = "ENTITY")]
    entity: String,
    #[command(flatten)]
    store: StoreArgs,
    /// Period to count by.
    #[arg(long, value_enum, default_value = "month")]
    by: Period,
    /// Entity type, when a name is ambiguous.
    #[arg(long = "type", value_name = "TYPE", value_parser = entity_type)]
    entity_type: Option<EntityType>,
    #[command(flatten)]
    filter: FilterArgs,
}

/// `--by` values.
#[derive(clap::ValueEnum, Clone, Copy)]
enum Period {
    Day,
    Week,
    Month,
}

/// Widest bar drawn in the table.
const BAR_WIDTH: u64 = 40;

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let archive = args.store.open()?;
    let by = match args.by {
        Period::Day => Granularity::Day,
        Period::Week => Granularity::Week,
        Period::Month => Granularity::Month,
    };
    let mut filter = args.filter.filter();
    filter.entity_type = args.entity_type;
    let timeline = archive.timeline(&args.entity, &filter, by)?;
    if timeline.entities.is_empty() {
        return Ok(report_unknown("entity", &args.entity));
    }
    if args.store.json {
        print_json(&timeline)?;
        return Ok(Outcome::Clean);
    }
    let names: Vec<&str> = timeline.entities.iter().map(|e| e.name.as_str()).collect();
    println!("Articles mentioning {}", names.join(" / "));
    let most = timeline
        .periods
        .iter()
        .map(|p| p.articles)
        .max()
        .unwrap_or(1)
        .max(1);
    let rows: Vec<Vec<String>> = timeline
        .periods
        .iter()
        .map(|p| {
            let bar = "█".repeat(((p.articles * BAR_WIDTH).div_ceil(most)) as usize);
            vec![p.value.clone(), p.articles.to_string(), bar]
        })
        .collect();
    print_table(&["period", "articles", ""], &rows);
    println!("undated: {}", timeline.undated);
    if timeline.coarser_than_period > 0 {
        println!(
            "dated less precisely than the period: {}",
            timeline.coarser_than_period
        );
    }
    Ok(Outcome::Clean)
}
