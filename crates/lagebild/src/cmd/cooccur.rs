//! `lagebild cooccur`: who appears in the same articles as an entity.

use super::store_args::{
    entity_type, print_entity_counts, print_json, report_unknown, FilterArgs, StoreArgs,
};
use crate::Outcome;
use lagebild_entities::EntityType;
use lagebild_store::Archive;

/// Entities sharing articles with an entity, by number of shared articles.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The entity (any alias).
    #[arg(value_name = "ENTITY")]
    entity: String,
    #[command(flatten)]
    store: StoreArgs,
    /// Entity type, when a name is ambiguous.
    #[arg(long = "type", value_name = "TYPE", value_parser = entity_type)]
    entity_type: Option<EntityType>,
    /// Partners to show.
    #[arg(long, default_value_t = 20)]
    top: usize,
    #[command(flatten)]
    filter: FilterArgs,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let archive = args.store.open()?;
    let mut filter = args.filter.filter();
    filter.entity_type = args.entity_type;
    let result = archive.cooccur(&args.entity, &filter, args.top)?;
    if result.entities.is_empty() {
        return Ok(report_unknown("entity", &args.entity));
    }
    if args.store.json {
        print_json(&result)?;
        return Ok(Outcome::Clean);
    }
    let names: Vec<&str> = result.entities.iter().map(|e| e.name.as_str()).collect();
    println!(
        "{} article(s) mention {}",
        result.articles,
        names.join(" / ")
    );
    print_entity_counts(
        ["with", "type", "shared articles", "mentions there"],
        &result.partners,
    );
    Ok(Outcome::Clean)
}
