//! `lagebild events`: who did what to whom across the archive — events
//! between actors by source, target, PLOVER type and date.

use super::store_args::{or_dash, print_json, print_table, report_unknown, StoreArgs};
use crate::Outcome;
use lagebild_events::EventType;
use lagebild_store::{Archive, EventActor, EventQuery, Filter};

const EXAMPLES: &str = "\
Examples:
  lagebild events --source Nordkorea
      What North Korea (any alias: Pjöngjang, North Korea) did, newest first.
  lagebild events --source Putin --target Kim --type consult
      Meetings and visits between the two.
  lagebild events --type ACCUSE --from 2023-09 --to 2023-09 --json
      Accusations dated September 2023, as JSON.

--from/--to apply to the event's own date (the TIMEX3 value the text gives
it, else the article's publication date). Exit codes: 0 events found or
none; 1 a --source/--target name is unknown to the archive; 2 bad
arguments or no archive.";

/// Events between actors (PLOVER types): who met, visited, supplied,
/// accused, denied, sanctioned whom, and when.
#[derive(clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub(crate) struct Args {
    #[command(flatten)]
    store: StoreArgs,
    /// Only events by this actor (any alias of an entity, or the actor's
    /// name).
    #[arg(long, value_name = "ACTOR")]
    source: Option<String>,
    /// Only events directed at this actor.
    #[arg(long, value_name = "ACTOR")]
    target: Option<String>,
    /// Only events of this PLOVER type (AGREE, CONSULT, SUPPORT, CONCEDE,
    /// COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST,
    /// SANCTION, MOBILIZE, COERCE, ASSAULT; any case).
    #[arg(long = "type", value_name = "TYPE", value_parser = str::parse::<EventType>)]
    event_type: Option<EventType>,
    /// Only events with this entity in any role (source, target, place).
    #[arg(long, value_name = "ENTITY")]
    entity: Option<String>,
    /// Events dated on or after this date (2023, 2023-09 or 2023-09-12).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Events dated on or before the end of this date's period.
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Only articles in this language.
    #[arg(long, value_name = "LANG", value_parser = ["de", "en"])]
    lang: Option<String>,
    /// Only articles from this news source (whole name, any case); named
    /// apart from --source, which is the acting actor.
    #[arg(long, value_name = "SOURCE")]
    news_source: Option<String>,
    /// Events to show.
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let archive = args.store.open()?;
    let query = EventQuery {
        source: args.source.clone(),
        target: args.target.clone(),
        event_type: args.event_type.map(|t| t.as_str().to_string()),
        filter: Filter {
            entity: args.entity.clone(),
            from: args.from.clone(),
            to: args.to.clone(),
            language: args.lang.clone(),
            source: args.news_source.clone(),
            ..Filter::default()
        },
        limit: args.limit,
    };
    let results = archive.events(&query)?;
    if args.store.json {
        print_json(&results)?;
    } else {
        println!("{} event(s) match", results.total);
        let actor = |a: &Option<EventActor>| or_dash(a.as_ref().map(|a| a.name.as_str()));
        let rows: Vec<Vec<String>> = results
            .events
            .iter()
            .map(|e| {
                let kind = match &e.mode {
                    Some(mode) if !mode.is_empty() => format!("{}/{mode}", e.event_type),
                    _ => e.event_type.to_string(),
                };
                vec![
                    or_dash(e.date.as_deref()),
                    kind,
                    format!("{:?}", e.status).to_lowercase(),
                    format!("{} → {}", actor(&e.actor), actor(&e.target)),
                    e.trigger.clone(),
                    or_dash(e.title.as_deref()),
                ]
            })
            .collect();
        print_table(
            &[
                "date",
                "type",
                "status",
                "source → target",
                "trigger",
                "article",
            ],
            &rows,
        );
    }
    // A name that is neither an entity nor any actor's name found nothing.
    for (name, matched) in [
        (&args.source, &results.source_matches),
        (&args.target, &results.target_matches),
    ] {
        if let Some(name) = name {
            if matched.is_empty() && results.total == 0 {
                return Ok(report_unknown("actor", name));
            }
        }
    }
    Ok(Outcome::Clean)
}
