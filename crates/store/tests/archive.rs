//! The archive end to end on small hand-made articles whose layers are
//! known, so every assertion checks content: dedupe, alias resolution,
//! umlaut folding, facets, quotes, timeline, co-occurrence, export.

use lagebild_core::{Document, Metadata};
use lagebild_entities::{Entities, Entity, EntityType, Mention};
use lagebild_events::{EventType, Events, Status};
use lagebild_quotes::{Cue, Quote, QuoteKind, Quotes, Speaker};
use lagebild_store::*;
use lagebild_time::{Amount, Amounts};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::fs::File;

/// An entity with one mention per occurrence of each surface form in
/// `text`, longest forms first and without overlaps (as a tagger would).
fn entity(
    text: &str,
    id: &str,
    name: &str,
    t: EntityType,
    key: &str,
    aliases: &[&str],
    surfaces: &[&str],
) -> Entity {
    let mut mentions = Vec::new();
    for surface in surfaces {
        for (byte, _) in text.match_indices(surface) {
            let start = text[..byte].chars().count();
            let end = start + surface.chars().count();
            if mentions
                .iter()
                .all(|m: &Mention| m.end <= start || end <= m.start)
            {
                mentions.push(Mention {
                    start,
                    end,
                    text: surface.to_string(),
                });
            }
        }
    }
    // Built through JSON so that optional fields the entity layer adds
    // later keep their defaults.
    let value = serde_json::json!({
        "id": id, "name": name, "type": type_code(t), "mentions": mentions, "key": key, "aliases": aliases,
    });
    serde_json::from_value(value).expect("entity JSON")
}

/// Code-point span of the first occurrence of `part` in `text`.
fn span_of(text: &str, part: &str) -> (usize, usize) {
    let byte = text.find(part).expect("part of the text");
    let start = text[..byte].chars().count();
    (start, start + part.chars().count())
}

/// An actor of an event: `(entity id, canonical name, words in the text)`.
type ActorSpec<'a> = (Option<&'a str>, &'a str, &'a str);

/// An event of the events layer, built through JSON like the entities.
fn event(
    text: &str,
    (event_type, mode, status): (&str, &str, &str),
    source: ActorSpec,
    target: Option<ActorSpec>,
    date: Option<&str>,
    (trigger, sentence): (&str, &str),
) -> serde_json::Value {
    let actor = |(entity, name, words): ActorSpec| {
        let (start, end) = span_of(text, words);
        serde_json::json!({"entity": entity, "name": name, "text": words, "start": start, "end": end})
    };
    let (t_start, t_end) = span_of(text, trigger);
    let (s_start, s_end) = span_of(text, sentence);
    serde_json::json!({
        "type": event_type, "mode": mode, "status": status,
        "source": actor(source), "target": target.map(actor), "date": date, "location": null,
        "trigger": {"text": trigger, "start": t_start, "end": t_end},
        "sentence": {"start": s_start, "end": s_end},
    })
}

fn article(id: &str, published: Option<&str>, source: &str, text: &str) -> Document {
    let meta = Metadata {
        id: id.into(),
        published: published.map(str::to_string),
        source: Some(source.into()),
        language: Some("de".into()),
        ..Default::default()
    };
    let mut doc = Document::verbatim(meta, text.into());
    doc.title = text.lines().next().map(str::to_string);
    doc
}

fn putin(text: &str) -> Entity {
    entity(
        text,
        "e1",
        "Wladimir Putin",
        EntityType::Per,
        "per:wladimir putin",
        &["Vladimir Putin"],
        &["Wladimir Putin", "Putin"],
    )
}

fn pyongyang(text: &str) -> Entity {
    entity(
        text,
        "e2",
        "Pjöngjang",
        EntityType::Loc,
        "kp:pyongyang",
        &["Pyongyang"],
        &["Pjöngjang"],
    )
}

/// Three articles: two about North Korea and Putin (one with a quote by
/// Dempsey), one about football, one undated.
fn corpus() -> Vec<Document> {
    let t1 = "Kim trifft Putin\n\nPjöngjang liefert Waffen an Russland. Wladimir Putin dankt.\n\n„Nordkorea verfügt über alte Granaten“, sagt Joseph Dempsey.";
    let mut a1 = article("a1", Some("2023-09-12"), "stern", t1);
    let dempsey = entity(
        t1,
        "e3",
        "Joseph Dempsey",
        EntityType::Per,
        "per:joseph dempsey",
        &[],
        &["Joseph Dempsey"],
    );
    let quote_text = "Nordkorea verfügt über alte Granaten";
    let q_start = t1[..t1.find(quote_text).expect("quote")].chars().count();
    let d = &dempsey.mentions[0];
    let quote = Quote {
        text: quote_text.into(),
        start: q_start,
        end: q_start + quote_text.chars().count(),
        kind: QuoteKind::Direct,
        cue: Some(Cue {
            text: "sagt".into(),
            start: d.start - 5,
            end: d.start - 1,
        }),
        speaker: Some(Speaker {
            name: "Joseph Dempsey".into(),
            entity: Some("e3".into()),
            role: Some("Experte am IISS".into()),
            start: d.start,
            end: d.end,
        }),
    };
    let korea = entity(
        t1,
        "e4",
        "Nordkorea",
        EntityType::Loc,
        "kp",
        &["North Korea"],
        &["Nordkorea"],
    );
    a1.set_layer(Entities(vec![putin(t1), pyongyang(t1), dempsey, korea]));
    a1.set_layer(Quotes(vec![quote]));
    // Pyongyang's deliveries (own date August) and Kim's expected meeting
    // with Putin (no calendar date: the publication date stands in).
    let events = serde_json::json!([
        event(
            t1,
            ("AID", "", "alleged"),
            (Some("e2"), "Nordkorea", "Pjöngjang"),
            Some((None, "Russland", "Russland")),
            Some("2023-08"),
            ("liefert", "Pjöngjang liefert Waffen an Russland."),
        ),
        event(
            t1,
            ("CONSULT", "meet", "expected"),
            (None, "Kim Jong Un", "Kim"),
            Some((Some("e1"), "Wladimir Putin", "Putin")),
            Some("FUTURE_REF"),
            ("trifft", "Kim trifft Putin"),
        ),
    ]);
    a1.set_layer(serde_json::from_value::<Events>(events).expect("events JSON"));
    a1.set_layer(Amounts(vec![Amount {
        text: "alte Granaten".into(),
        start: 0,
        end: 1,
        value: 3000.0,
        unit: Some("kg".into()),
        object: Some("Stahl".into()),
    }]));

    let t2 =
        "Putin empfängt Kim\n\nIn Pjoengjang wird über Waffen gesprochen; Putin lobt die Hilfe.";
    let mut a2 = article("a2", Some("2023-10-02"), "dpa", t2);
    a2.set_layer(Entities(vec![
        entity(
            t2,
            "e1",
            "Putin",
            EntityType::Per,
            "per:wladimir putin",
            &[],
            &["Putin"],
        ),
        entity(
            t2,
            "e2",
            "Pjoengjang",
            EntityType::Loc,
            "kp:pyongyang",
            &[],
            &["Pjoengjang"],
        ),
    ]));

    let t3 = "Rapid wins\n\nSK Rapid Wien wins the derby.";
    let mut a3 = article("a3", None, "derStandard", t3);
    a3.language = Some("en".into());
    a3.set_layer(Entities(vec![entity(
        t3,
        "e1",
        "SK Rapid Wien",
        EntityType::Org,
        "org:sk rapid wien",
        &[],
        &["SK Rapid Wien"],
    )]));
    let praise = event(
        t2,
        ("SUPPORT", "", "asserted"),
        (Some("e1"), "Wladimir Putin", "Putin lobt"),
        None,
        None,
        ("lobt", "Putin lobt die Hilfe."),
    );
    a2.set_layer(serde_json::from_value::<Events>(serde_json::json!([praise])).expect("events"));
    vec![a1, a2, a3]
}

fn ingest(dir: &std::path::Path, docs: Vec<Document>) -> Vec<Admission> {
    let mut writer = TantivyArchive::open_writer(dir).expect("writer");
    let admissions = writer.add_batch(docs).expect("batch");
    writer.finish().expect("finish");
    admissions
}

#[test]
fn archive_answers_by_content() {
    let dir = tempfile::tempdir().expect("tempdir");
    let admissions = ingest(dir.path(), corpus());
    assert_eq!(admissions, vec![Admission::Added; 3]);

    // Re-ingest adds nothing; the same id with another text is refused.
    let mut again = corpus();
    again.push(article("a1", None, "stern", "Ein ganz anderer Text."));
    let admissions = ingest(dir.path(), again);
    assert_eq!(
        &admissions[..3],
        &[
            Admission::Duplicate,
            Admission::Duplicate,
            Admission::Duplicate
        ]
    );
    assert!(matches!(&admissions[3], Admission::Refused(reason) if reason.contains("a1")));

    let archive = TantivyArchive::open(dir.path()).expect("open");
    assert_eq!(archive.article_count().expect("count"), 3);

    // Stemming and umlaut folding: "Waffe" finds "Waffen", and the query
    // spelling "Pjoengjang" finds the article spelling "Pjöngjang".
    let search = |text: &str, filter: Filter| {
        archive
            .search(&SearchQuery {
                text: text.into(),
                filter,
                limit: 10,
                facet_size: 5,
            })
            .expect("search")
    };
    let r = search("Pjoengjang Waffe", Filter::default());
    let mut ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, vec!["a1", "a2"]);
    assert_eq!(r.total, 2);
    let hit = r.hits.iter().find(|h| h.id == "a1").expect("a1");
    assert_eq!(hit.title.as_deref(), Some("Kim trifft Putin"));
    let marked: Vec<String> = hit
        .snippet
        .highlights
        .iter()
        .map(|[s, e]| hit.snippet.text.chars().skip(*s).take(e - s).collect())
        .collect();
    assert!(marked.iter().any(|m| m == "Pjöngjang"), "{marked:?}");
    assert!(marked.iter().any(|m| m == "Waffen"), "{marked:?}");

    // Facets over the hit set: Putin in both articles, 4 mentions in all.
    let putin_facet = r
        .facets
        .entities
        .iter()
        .find(|e| e.name == "Wladimir Putin")
        .expect("putin facet");
    assert_eq!((putin_facet.articles, putin_facet.mentions), (2, 4));
    assert!(!r.facets_sampled, "small hit sets are counted exactly");
    let sources: Vec<(&str, u64)> = r
        .facets
        .sources
        .iter()
        .map(|v| (v.value.as_str(), v.articles))
        .collect();
    assert_eq!(sources, vec![("dpa", 1), ("stern", 1)]);
    let months: Vec<&str> = r.facets.months.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(months, vec!["2023-10", "2023-09"]);
    let languages: Vec<(&str, u64)> = r
        .facets
        .languages
        .iter()
        .map(|v| (v.value.as_str(), v.articles))
        .collect();
    assert_eq!(languages, vec![("de", 2)]);

    // Entity filter by any alias, and date, source and speaker filters.
    for alias in ["Vladimir Putin", "putin", "Wladimir Putin"] {
        let r = search(
            "",
            Filter {
                entity: Some(alias.into()),
                ..Default::default()
            },
        );
        assert_eq!(r.total, 2, "alias {alias}");
        assert_eq!(r.entity_matches[0].name, "Wladimir Putin");
    }
    let r = search(
        "",
        Filter {
            entity: Some("Pyongyang".into()),
            from: Some("2023-10".into()),
            ..Default::default()
        },
    );
    assert_eq!(
        r.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        vec!["a2"]
    );
    let r = search(
        "",
        Filter {
            to: Some("2023-09".into()),
            ..Default::default()
        },
    );
    assert_eq!(
        r.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        vec!["a1"]
    );
    let r = search(
        "",
        Filter {
            source: Some("DERSTANDARD".into()),
            ..Default::default()
        },
    );
    assert_eq!(
        r.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        vec!["a3"]
    );
    let r = search(
        "",
        Filter {
            speaker: Some("Dempsey".into()),
            ..Default::default()
        },
    );
    assert_eq!(
        r.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        vec!["a1"]
    );
    let r = search(
        "",
        Filter {
            entity: Some("Angela Merkel".into()),
            ..Default::default()
        },
    );
    assert_eq!((r.total, r.entity_matches.len()), (0, 0));
    // Without words the newest come first.
    let r = search("", Filter::default());
    assert_eq!(
        r.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        vec!["a2", "a1", "a3"]
    );
    let languages: Vec<(&str, u64)> = r
        .facets
        .languages
        .iter()
        .map(|v| (v.value.as_str(), v.articles))
        .collect();
    assert_eq!(languages, vec![("de", 2), ("en", 1)]);

    // Quotes by speaker, with role, cue and article.
    let q = archive
        .quotes(&QuoteQuery {
            filter: Filter {
                speaker: Some("Dempsey".into()),
                ..Default::default()
            },
            limit: 10,
            ..Default::default()
        })
        .expect("quotes");
    assert_eq!(q.total, 1);
    let quote = &q.quotes[0];
    assert_eq!(quote.text, "Nordkorea verfügt über alte Granaten");
    assert_eq!(quote.speaker.as_deref(), Some("Joseph Dempsey"));
    assert_eq!(quote.role.as_deref(), Some("Experte am IISS"));
    assert_eq!(quote.cue.as_deref(), Some("sagt"));
    assert_eq!(
        (quote.article_id.as_str(), quote.published.as_deref()),
        ("a1", Some("2023-09-12"))
    );
    // About an entity mentioned inside the quote (by an English alias).
    let q = archive
        .quotes(&QuoteQuery {
            about: Some("North Korea".into()),
            limit: 10,
            ..Default::default()
        })
        .expect("quotes about");
    assert_eq!(q.total, 1);
    let q = archive
        .quotes(&QuoteQuery {
            filter: Filter {
                entity: Some("Putin".into()),
                ..Default::default()
            },
            limit: 10,
            ..Default::default()
        })
        .expect("quotes about putin");
    assert_eq!(q.total, 0, "Putin is not mentioned inside the quote");

    // Most-mentioned persons: Putin (4 mentions, 2 articles), then Dempsey.
    let top = archive
        .entities(&EntityQuery {
            filter: Filter {
                entity_type: Some(EntityType::Per),
                ..Default::default()
            },
            top: 5,
            ..Default::default()
        })
        .expect("entities");
    let top: Vec<(&str, u64, u64)> = top
        .iter()
        .map(|e| (e.name.as_str(), e.mentions, e.articles))
        .collect();
    assert_eq!(
        top,
        vec![("Wladimir Putin", 4, 2), ("Joseph Dempsey", 1, 1)]
    );

    // Timeline by month; the undated article is counted apart.
    let t = archive
        .timeline("Putin", &Filter::default(), Granularity::Month)
        .expect("timeline");
    let periods: Vec<(&str, u64)> = t
        .periods
        .iter()
        .map(|p| (p.value.as_str(), p.articles))
        .collect();
    assert_eq!(periods, vec![("2023-09", 1), ("2023-10", 1)]);
    assert_eq!(t.undated, 0);
    let t = archive
        .timeline("Rapid Wien", &Filter::default(), Granularity::Week)
        .expect("timeline rapid");
    assert_eq!((t.periods.len(), t.undated), (0, 1));

    // Who appears with Pjöngjang: Putin in both articles.
    let c = archive
        .cooccur("Pjöngjang", &Filter::default(), 5)
        .expect("cooccur");
    assert_eq!(c.articles, 2);
    assert_eq!(c.partners[0].name, "Wladimir Putin");
    assert_eq!(c.partners[0].articles, 2);
    assert!(c.partners.iter().all(|p| p.name != "Pjöngjang"));

    // One article round-trips with its layers.
    let doc = archive.article("a1").expect("article").expect("a1 exists");
    assert_eq!(doc.layer::<Quotes>().map(|q| q.0.len()), Some(1));
    assert!(archive.article("zz").expect("lookup").is_none());

    // Parquet export: one file per layer, read back with the parquet reader.
    let out = dir.path().join("export");
    let mut export = ParquetExport::create(&out).expect("export");
    let n = archive
        .for_each_article(
            &SearchQuery {
                text: "Waffen".into(),
                ..Default::default()
            },
            &mut |doc| export.write(&doc),
        )
        .expect("for each");
    assert_eq!(n, 2);
    let summary = export.finish().expect("finish export");
    assert_eq!(summary.articles, 2);
    let read = |table: &str| {
        let file = File::open(out.join(format!("{table}.parquet"))).expect("parquet file");
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .expect("reader")
            .build()
            .expect("build");
        reader.map(|b| b.expect("batch")).collect::<Vec<_>>()
    };
    let quotes = read("quotes");
    assert_eq!(quotes.iter().map(|b| b.num_rows()).sum::<usize>(), 1);
    let speaker = quotes[0].column_by_name("speaker").expect("speaker column");
    let speaker = speaker
        .as_any()
        .downcast_ref::<arrow_array::StringArray>()
        .expect("utf8");
    assert_eq!(speaker.value(0), "Joseph Dempsey");
    let entities = read("entities");
    let keys = entities[0]
        .column_by_name("archive_key")
        .expect("key column");
    let keys = keys
        .as_any()
        .downcast_ref::<arrow_array::StringArray>()
        .expect("utf8");
    let keys: Vec<&str> = keys.iter().flatten().collect();
    assert_eq!(
        keys.iter()
            .filter(|k| **k == "PER|per:wladimir putin")
            .count(),
        2
    );
    let amounts = read("amounts");
    let value = amounts[0].column_by_name("value").expect("value column");
    let value = value
        .as_any()
        .downcast_ref::<arrow_array::Float64Array>()
        .expect("f64");
    assert_eq!(value.value(0), 3000.0);
    assert_eq!(read("times").iter().map(|b| b.num_rows()).sum::<usize>(), 0);
    // Events of both exported articles, in article order, with type,
    // actors and status.
    let events = read("events");
    assert_eq!(events.iter().map(|b| b.num_rows()).sum::<usize>(), 3);
    let column = |name: &str| -> Vec<Option<String>> {
        let array = events[0].column_by_name(name).expect("events column");
        let strings = array
            .as_any()
            .downcast_ref::<arrow_array::StringArray>()
            .expect("utf8");
        strings.iter().map(|v| v.map(str::to_string)).collect()
    };
    let text = |values: &[&str]| -> Vec<Option<String>> {
        values.iter().map(|v| Some(v.to_string())).collect()
    };
    assert_eq!(column("type"), text(&["AID", "CONSULT", "SUPPORT"]));
    assert_eq!(
        column("source_entity_id"),
        vec![Some("e2".to_string()), None, Some("e1".to_string())]
    );
    assert_eq!(column("target_name")[0].as_deref(), Some("Russland"));
    assert_eq!(column("status"), text(&["alleged", "expected", "asserted"]));
}

#[test]
fn events_by_actor_type_and_event_date() {
    let dir = tempfile::tempdir().expect("tempdir");
    ingest(dir.path(), corpus());
    let archive = TantivyArchive::open(dir.path()).expect("open");
    let events = |query: EventQuery| archive.events(&EventQuery { limit: 10, ..query });
    let summary = |r: &EventResults| -> Vec<(EventType, String)> {
        r.events
            .iter()
            .map(|e| (e.event_type, e.article_id.clone()))
            .collect()
    };

    // All events, newest first by their own date: Putin's praise (published
    // 2023-10-02), the meeting (no calendar date: published 2023-09-12),
    // the deliveries (dated 2023-08 by the text).
    let all = events(EventQuery::default()).expect("all events");
    assert_eq!(all.total, 3);
    assert_eq!(
        summary(&all),
        vec![
            (EventType::Support, "a2".to_string()),
            (EventType::Consult, "a1".to_string()),
            (EventType::Aid, "a1".to_string()),
        ]
    );

    // By source under an English alias of the entity: the deliveries, with
    // the actor's archive key, the target known only by name, the sentence.
    let by_source = events(EventQuery {
        source: Some("Pyongyang".into()),
        ..Default::default()
    })
    .expect("by source");
    assert_eq!(by_source.source_matches[0].name, "Pjöngjang");
    assert_eq!(by_source.events.len(), 1);
    let aid = &by_source.events[0];
    assert_eq!(
        (aid.event_type, aid.status),
        (EventType::Aid, Status::Alleged)
    );
    let actor = aid.actor.as_ref().expect("actor");
    assert_eq!(
        (actor.name.as_str(), actor.key.as_deref()),
        ("Nordkorea", Some("LOC|kp:pyongyang"))
    );
    let target = aid.target.as_ref().expect("target");
    assert_eq!(
        (target.name.as_str(), target.key.as_deref()),
        ("Russland", None)
    );
    assert_eq!(aid.sentence, "Pjöngjang liefert Waffen an Russland.");
    assert_eq!(
        (aid.trigger.as_str(), aid.date.as_deref()),
        ("liefert", Some("2023-08"))
    );
    assert_eq!(aid.title.as_deref(), Some("Kim trifft Putin"));

    // A target that is no entity is still found by its name.
    let to_russia = events(EventQuery {
        target: Some("Russland".into()),
        ..Default::default()
    })
    .expect("by target name");
    assert_eq!(
        summary(&to_russia),
        vec![(EventType::Aid, "a1".to_string())]
    );
    assert!(to_russia.target_matches.is_empty());

    // Type in any case; the target resolved through an alias.
    let meetings = events(EventQuery {
        event_type: Some("consult".into()),
        target: Some("Vladimir Putin".into()),
        ..Default::default()
    })
    .expect("by type");
    assert_eq!(meetings.total, 1);
    assert_eq!(meetings.events[0].status, Status::Expected);
    assert_eq!(meetings.events[0].mode.as_deref(), Some("meet"));

    // The date filter reads the event's date: the August deliveries fall
    // outside September although their article is from September.
    let september = events(EventQuery {
        filter: Filter {
            from: Some("2023-09".into()),
            to: Some("2023-09".into()),
            ..Default::default()
        },
        ..Default::default()
    })
    .expect("by date");
    assert_eq!(
        summary(&september),
        vec![(EventType::Consult, "a1".to_string())]
    );

    // Any actor as `entity`: Putin meets (target) and praises (source).
    let with_putin = events(EventQuery {
        filter: Filter {
            entity: Some("Putin".into()),
            ..Default::default()
        },
        ..Default::default()
    })
    .expect("involving putin");
    assert_eq!(with_putin.total, 2);

    let nobody = events(EventQuery {
        source: Some("Angela Merkel".into()),
        ..Default::default()
    })
    .expect("unknown source");
    assert_eq!((nobody.total, nobody.source_matches.len()), (0, 0));
    let err = events(EventQuery {
        event_type: Some("kiss".into()),
        ..Default::default()
    })
    .expect_err("unknown type");
    assert!(matches!(err, StoreError::EventType(_)), "{err}");
}

#[test]
fn stores_of_an_older_format_are_refused_with_advice() {
    let dir = tempfile::tempdir().expect("tempdir");
    ingest(dir.path(), corpus());
    let format = serde_json::json!({ "format": "lagebild-store/1" }).to_string();
    std::fs::write(dir.path().join("lagebild-store.json"), format).expect("write");
    let err = TantivyArchive::open(dir.path())
        .err()
        .expect("old format refused");
    let message = err.to_string();
    assert!(message.contains("lagebild-store/1"), "{message}");
    assert!(message.contains("re-ingest"), "{message}");
}

#[test]
fn readers_refuse_missing_or_foreign_directories() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nothing");
    assert!(matches!(
        TantivyArchive::open(&missing),
        Err(StoreError::Missing(_))
    ));
    std::fs::write(dir.path().join("meta.json"), "{}").expect("write");
    assert!(matches!(
        TantivyArchive::open(dir.path()),
        Err(StoreError::Format { .. })
    ));
}

#[test]
fn second_writer_is_told_the_store_is_busy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let _first = TantivyArchive::open_writer(dir.path()).expect("first writer");
    assert!(matches!(
        TantivyArchive::open_writer(dir.path()),
        Err(StoreError::Busy(_))
    ));
    // Readers still work while the writer holds the lock.
    assert_eq!(
        TantivyArchive::open(dir.path())
            .expect("reader")
            .article_count()
            .expect("count"),
        0
    );
}

#[test]
fn bad_query_and_date_are_clear_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    ingest(dir.path(), corpus());
    let archive = TantivyArchive::open(dir.path()).expect("open");
    let err = archive
        .search(&SearchQuery {
            text: "text:(".into(),
            limit: 5,
            ..Default::default()
        })
        .expect_err("bad query");
    assert!(err.to_string().contains("cannot read the query"), "{err}");
    let err = archive
        .search(&SearchQuery {
            filter: Filter {
                from: Some("letzte Woche".into()),
                ..Default::default()
            },
            limit: 5,
            ..Default::default()
        })
        .expect_err("bad date");
    assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
}
