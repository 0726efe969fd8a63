//! `lagebild entities`: the most-mentioned entities of the archive or of
//! the articles matching a query.

use super::store_args::{entity_type, print_json, print_table, FilterArgs, StoreArgs};
use crate::Outcome;
use lagebild_entities::EntityType;
use lagebild_store::{type_code, Archive, EntityQuery};

const EXAMPLES: &str = "\
Examples:
  lagebild entities --type PER
      The persons mentioned most often in the archive.
  lagebild entities --top 50 Ukraine --from 2023
      The 50 entities most mentioned in 2023 articles about Ukraine.";

/// Most-mentioned entities with mention and article counts.
#[derive(clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub(crate) struct Args {
    /// Count only in articles matching these words (optional).
    #[arg(value_name = "QUERY", default_value = "")]
    query: String,
    #[command(flatten)]
    store: StoreArgs,
    /// Only entities of this type (PER, ORG, LOC, MISC).
    #[arg(long = "type", value_name = "TYPE", value_parser = entity_type)]
    entity_type: Option<EntityType>,
    /// Entities to show.
    #[arg(long, default_value_t = 20)]
    top: usize,
    #[command(flatten)]
    filter: FilterArgs,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let archive = args.store.open()?;
    let mut filter = args.filter.filter();
    filter.entity_type = args.entity_type;
    let entities = archive.entities(&EntityQuery {
        text: args.query.clone(),
        filter,
        top: args.top,
    })?;
    if args.store.json {
        print_json(&entities)?;
    } else {
        let rows: Vec<Vec<String>> = entities
            .iter()
            .map(|e| {
                vec![
                    e.name.clone(),
                    type_code(e.entity_type).into(),
                    e.mentions.to_string(),
                    e.articles.to_string(),
                    e.key.clone(),
                ]
            })
            .collect();
        print_table(&["entity", "type", "mentions", "articles", "key"], &rows);
    }
    Ok(Outcome::Clean)
}
