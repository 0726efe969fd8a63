//! The write side: one transaction per batch. Articles are inserted with
//! `ON CONFLICT DO NOTHING` on their unique dedupe keys, so two workers
//! offering the same article store it once and the loser learns it was a
//! duplicate; entity rows are upserted the same way. A deadlock between
//! two workers' batches is resolved by PostgreSQL aborting one, which is
//! retried here.

use crate::read::PostgresArchive;
use crate::sql::{database_error, is_retryable};
use crate::text;
use lagebild_core::Document;
use lagebild_core::Span;
use lagebild_entities::{Entities, Entity};
use lagebild_events::{Actor, Events};
use lagebild_quotes::Quotes;
use lagebild_store::{content_hash, derived_id, entity_key, KnownDate};
use lagebild_store::{fold_name, type_code, Admission, ArchiveWriter, StoreError};
use lagebild_time::{Amounts, Times};
use postgres::{Client, Transaction};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// At most this many names are kept per entity besides its display name
/// (as in the embedded store), so a hostile article cannot grow one entity
/// without bound.
const MAX_ALIASES: usize = 64;
/// How often a batch aborted by a deadlock is tried again.
const ATTEMPTS: usize = 5;

/// The archive opened for writing. Any number of writers (processes or
/// machines) may write one database at once.
pub struct PostgresWriter {
    archive: PostgresArchive,
    client: Client,
    /// Entities as this writer last saw them, so an unchanged entity costs
    /// no statement; rebuilt from the database after a failed batch.
    cards: HashMap<String, Card>,
}

/// What the writer knows of one entity.
#[derive(Clone)]
struct Card {
    name: String,
    /// Names other than `name`.
    aliases: HashSet<String>,
}

/// An article ready to insert, or why it cannot be.
struct Prepared {
    doc: Document,
    hash: String,
    json: Result<String, String>,
}

/// Entity rows a batch adds.
#[derive(Default)]
struct NewEntityRows {
    entities: BTreeMap<String, (String, &'static str)>,
    aliases: BTreeSet<(String, String)>,
    words: BTreeSet<(String, String)>,
}

impl PostgresWriter {
    /// Connects, applies missing migrations (creating the archive in an
    /// empty database) and returns a writer.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let archive = PostgresArchive::connect_unchecked(url);
        let mut client = archive.pool().connect()?;
        crate::migrate::migrate(&mut client)?;
        Ok(PostgresWriter {
            archive,
            client,
            cards: HashMap::new(),
        })
    }

    /// The archive this writer writes, for queries in the same process.
    pub fn archive(&self) -> &PostgresArchive {
        &self.archive
    }

    fn try_batch(&mut self, prepared: &[Prepared]) -> Result<Vec<Admission>, postgres::Error> {
        let mut tx = self.client.transaction()?;
        let cards = &mut self.cards;
        let mut admissions = Vec::with_capacity(prepared.len());
        let mut stored: Vec<(i64, &Document)> = Vec::new();
        let insert = tx.prepare(
            "INSERT INTO articles (id, text_hash, url, title, published, published_first_day,
                 published_precision, source, source_folded, language, search, document)
             VALUES ($1, $2, $3, $4, $5, $6::text::date, $7, $8, $9, $10,
                 to_tsvector($11::text::regconfig, $12), $13::text::jsonb)
             ON CONFLICT DO NOTHING RETURNING seq",
        )?;
        for article in prepared {
            let json = match &article.json {
                Ok(json) => json,
                Err(reason) => {
                    admissions.push(Admission::Refused(reason.clone()));
                    continue;
                }
            };
            let doc = &article.doc;
            let date = doc.published.as_deref().and_then(KnownDate::parse);
            let language = doc.language.as_deref();
            let row = tx.query_opt(
                &insert,
                &[
                    &doc.id,
                    &article.hash,
                    &doc.url,
                    &doc.title,
                    &doc.published,
                    &date.map(|d| d.first_day.to_string()),
                    &date.map(|d| d.precision as i16),
                    &doc.source,
                    &doc.source.as_deref().map(fold_name),
                    &doc.language,
                    &text::config(language),
                    &text::indexed_text(language, doc.text()),
                    json,
                ],
            )?;
            match row {
                Some(row) => {
                    stored.push((row.get(0), doc));
                    admissions.push(Admission::Added);
                }
                None => admissions.push(why_not_inserted(&mut tx, doc, &article.hash)?),
            }
        }
        let keys = write_entities(&mut tx, cards, &stored)?;
        write_mentions(&mut tx, &stored, &keys)?;
        write_quotes(&mut tx, &stored, &keys)?;
        write_times_and_amounts(&mut tx, &stored)?;
        write_events(&mut tx, &stored, &keys)?;
        tx.commit()?;
        Ok(admissions)
    }
}

/// Upserts the entities of the stored articles; returns each article's
/// local entity id → archive key.
fn write_entities(
    tx: &mut Transaction,
    cards: &mut HashMap<String, Card>,
    stored: &[(i64, &Document)],
) -> Result<Vec<HashMap<String, String>>, postgres::Error> {
    let keyed: Vec<Vec<(String, &Entity)>> = stored
        .iter()
        .map(|(_, doc)| {
            entities_of(doc)
                .iter()
                .map(|e| (entity_key(e), e))
                .collect()
        })
        .collect();
    let unknown: Vec<String> = keyed
        .iter()
        .flatten()
        .map(|(k, _)| k.clone())
        .filter(|k| !cards.contains_key(k))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if !unknown.is_empty() {
        for row in tx.query(
                "SELECT e.key, e.name, coalesce(array_agg(a.alias) FILTER (WHERE a.alias <> e.name), '{}')
                 FROM entities e LEFT JOIN entity_aliases a ON a.entity_key = e.key
                 WHERE e.key = ANY($1) GROUP BY e.key, e.name",
                &[&unknown],
            )? {
                let aliases: Vec<String> = row.get(2);
                cards.insert(
                    row.get(0),
                    Card {
                        name: row.get(1),
                        aliases: aliases.into_iter().collect(),
                    },
                );
            }
    }
    let mut rows = NewEntityRows::default();
    for (key, entity) in keyed.iter().flatten() {
        note_entity(cards, &mut rows, key, entity);
    }
    let (keys, names, types): (Vec<String>, Vec<String>, Vec<&str>) = rows
        .entities
        .into_iter()
        .map(|(k, (n, t))| (k, n, t))
        .fold((vec![], vec![], vec![]), |mut acc, (k, n, t)| {
            acc.0.push(k);
            acc.1.push(n);
            acc.2.push(t);
            acc
        });
    tx.execute(
            "INSERT INTO entities (key, name, type) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
             ON CONFLICT DO NOTHING",
            &[&keys, &names, &types],
        )?;
    let (alias_keys, aliases): (Vec<String>, Vec<String>) = rows.aliases.into_iter().unzip();
    let folded: Vec<String> = aliases.iter().map(|a| fold_name(a)).collect();
    tx.execute(
        "INSERT INTO entity_aliases (entity_key, alias, folded)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING",
        &[&alias_keys, &aliases, &folded],
    )?;
    let (words, word_keys): (Vec<String>, Vec<String>) = rows.words.into_iter().unzip();
    tx.execute(
        "INSERT INTO entity_alias_words (word, entity_key)
             SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING",
        &[&words, &word_keys],
    )?;
    Ok(keyed
        .into_iter()
        .map(|entities| {
            entities
                .into_iter()
                .map(|(key, e)| (e.id.clone(), key))
                .collect()
        })
        .collect())
}

/// Records an entity's names in the writer's cards and the rows to add,
/// by the embedded store's rule: the first name is the display name, every
/// other name (aliases, mention texts) an alias, at most [`MAX_ALIASES`].
fn note_entity(
    cards: &mut HashMap<String, Card>,
    rows: &mut NewEntityRows,
    key: &str,
    entity: &Entity,
) {
    let add_name = |rows: &mut NewEntityRows, name: &str| {
        rows.aliases.insert((key.to_string(), name.to_string()));
        for word in fold_name(name).split(' ').filter(|w| !w.is_empty()) {
            rows.words.insert((word.to_string(), key.to_string()));
        }
    };
    let card = cards.entry(key.to_string()).or_insert_with(|| {
        rows.entities.insert(
            key.to_string(),
            (entity.name.clone(), type_code(entity.entity_type)),
        );
        add_name(rows, &entity.name);
        Card {
            name: entity.name.clone(),
            aliases: HashSet::new(),
        }
    });
    let names = std::iter::once(entity.name.as_str())
        .chain(entity.aliases.iter().map(String::as_str))
        .chain(entity.mentions.iter().map(|m| m.text.as_str()));
    for name in names {
        let name = name.trim();
        if name.is_empty() || name == card.name || card.aliases.len() >= MAX_ALIASES {
            continue;
        }
        if card.aliases.insert(name.to_string()) {
            add_name(rows, name);
        }
    }
}

fn entities_of(doc: &Document) -> &[Entity] {
    doc.layer::<Entities>()
        .map(|e| e.0.as_slice())
        .unwrap_or_default()
}

/// Why an article's insert did nothing: its text or URL is stored
/// (duplicate), or its id is taken by another text (refused).
fn why_not_inserted(
    tx: &mut Transaction,
    doc: &Document,
    hash: &str,
) -> Result<Admission, postgres::Error> {
    let duplicate: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM articles WHERE text_hash = $1)
                 OR ($2::text IS NOT NULL AND EXISTS (SELECT 1 FROM articles WHERE url = $2))",
            &[&hash, &doc.url],
        )?
        .get(0);
    Ok(if duplicate {
        Admission::Duplicate
    } else {
        refused_id(&doc.id)
    })
}

fn refused_id(id: &str) -> Admission {
    Admission::Refused(format!(
        "id {id:?} is already stored with a different text; give this version its own id"
    ))
}

/// Article–entity rows with mention counts (an entity without mentions
/// counts once, as in the embedded store).
fn write_mentions(
    tx: &mut Transaction,
    stored: &[(i64, &Document)],
    keys: &[HashMap<String, String>],
) -> Result<(), postgres::Error> {
    let mut counts: BTreeMap<(i64, &str), i32> = BTreeMap::new();
    for ((seq, doc), keys) in stored.iter().zip(keys) {
        for entity in entities_of(doc) {
            let key = keys.get(&entity.id).map(String::as_str).unwrap_or_default();
            let mentions = i32::try_from(entity.mentions.len().max(1)).unwrap_or(i32::MAX);
            let count = counts.entry((*seq, key)).or_default();
            *count = count.saturating_add(mentions);
        }
    }
    let (pairs, mentions): (Vec<(i64, &str)>, Vec<i32>) = counts.into_iter().unzip();
    let (seqs, entity_keys): (Vec<i64>, Vec<&str>) = pairs.into_iter().unzip();
    tx.execute(
        "INSERT INTO article_entities (article_seq, entity_key, mentions)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[])",
        &[&seqs, &entity_keys, &mentions],
    )?;
    Ok(())
}

/// A serde enum as its JSON string (`direct`, `MEET`, `asserted`).
fn enum_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn offset(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn position(index: usize) -> i32 {
    i32::try_from(index).unwrap_or(i32::MAX)
}

/// Quotes with speakers, full text and the entities inside their spans.
fn write_quotes(
    tx: &mut Transaction,
    stored: &[(i64, &Document)],
    keys: &[HashMap<String, String>],
) -> Result<(), postgres::Error> {
    #[derive(Default)]
    struct Rows {
        seq: Vec<i64>,
        position: Vec<i32>,
        text: Vec<String>,
        kind: Vec<String>,
        speaker: Vec<Option<String>>,
        speaker_words: Vec<String>,
        speaker_key: Vec<Option<String>>,
        role: Vec<Option<String>>,
        cue: Vec<Option<String>>,
        start: Vec<i64>,
        end: Vec<i64>,
        config: Vec<&'static str>,
        indexed: Vec<String>,
        record: Vec<String>,
    }
    let mut rows = Rows::default();
    let mut about: HashMap<(i64, i32), BTreeSet<String>> = HashMap::new();
    for ((seq, doc), keys) in stored.iter().zip(keys) {
        let Some(quotes) = doc.layer::<Quotes>() else {
            continue;
        };
        let language = doc.language.as_deref();
        for (i, quote) in quotes.0.iter().enumerate() {
            let speaker = quote.speaker.as_ref();
            rows.seq.push(*seq);
            rows.position.push(position(i));
            rows.text.push(quote.text.clone());
            rows.kind.push(enum_name(&quote.kind));
            rows.speaker.push(speaker.map(|s| s.name.clone()));
            rows.speaker_words
                .push(speaker.map(|s| fold_name(&s.name)).unwrap_or_default());
            rows.speaker_key.push(
                speaker
                    .and_then(|s| s.entity.as_deref())
                    .and_then(|id| keys.get(id))
                    .cloned(),
            );
            rows.role.push(speaker.and_then(|s| s.role.clone()));
            rows.cue.push(quote.cue.as_ref().map(|c| c.text.clone()));
            rows.start.push(offset(quote.start));
            rows.end.push(offset(quote.end));
            rows.config.push(text::config(language));
            rows.indexed.push(text::indexed_text(language, &quote.text));
            rows.record
                .push(serde_json::to_string(quote).unwrap_or_else(|_| "null".into()));
            let inside: BTreeSet<String> = entities_of(doc)
                .iter()
                .filter(|e| {
                    e.mentions
                        .iter()
                        .any(|m| quote.start <= m.start && m.end <= quote.end)
                })
                .filter_map(|e| keys.get(&e.id).cloned())
                .collect();
            if !inside.is_empty() {
                about.insert((*seq, position(i)), inside);
            }
        }
    }
    if rows.seq.is_empty() {
        return Ok(());
    }
    let inserted = tx.query(
        "INSERT INTO quotes (article_seq, position, text, kind, speaker_name, speaker_words,
             speaker_key, role, cue, start_offset, end_offset, search, quote)
         SELECT s, p, t, k, sp, lagebild_words(w),
             sk, r, c, st, en, to_tsvector(cf::regconfig, ix), rec::jsonb
         FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[],
             $7::text[], $8::text[], $9::text[], $10::bigint[], $11::bigint[], $12::text[],
             $13::text[], $14::text[]) AS u(s, p, t, k, sp, w, sk, r, c, st, en, cf, ix, rec)
         RETURNING seq, article_seq, position",
        &[
            &rows.seq,
            &rows.position,
            &rows.text,
            &rows.kind,
            &rows.speaker,
            &rows.speaker_words,
            &rows.speaker_key,
            &rows.role,
            &rows.cue,
            &rows.start,
            &rows.end,
            &rows.config,
            &rows.indexed,
            &rows.record,
        ],
    )?;
    let mut quote_seqs = Vec::new();
    let mut entity_keys = Vec::new();
    for row in inserted {
        let article: i64 = row.get(1);
        let position: i32 = row.get(2);
        for key in about.remove(&(article, position)).unwrap_or_default() {
            quote_seqs.push(row.get::<_, i64>(0));
            entity_keys.push(key);
        }
    }
    tx.execute(
        "INSERT INTO quote_entities (quote_seq, entity_key)
         SELECT * FROM unnest($1::bigint[], $2::text[])",
        &[&quote_seqs, &entity_keys],
    )?;
    Ok(())
}

/// Every item of one layer across the batch, with its article's sequence
/// number and its position in the layer: the rows of that layer's table.
fn layer_rows<'a, L: lagebild_core::Layer, T: 'a>(
    stored: &'a [(i64, &'a Document)],
    items: fn(&L) -> &[T],
) -> impl Iterator<Item = (i64, i32, &'a T)> + 'a {
    stored.iter().flat_map(move |(seq, doc)| {
        doc.layer::<L>()
            .map(items)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(move |(i, item)| (*seq, position(i), item))
    })
}

/// Time expressions and amounts, one row each.
fn write_times_and_amounts(
    tx: &mut Transaction,
    stored: &[(i64, &Document)],
) -> Result<(), postgres::Error> {
    let (mut seq, mut pos, mut text, mut start, mut end, mut kind, mut value) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    for (s, i, t) in layer_rows(stored, |times: &Times| times.0.as_slice()) {
        seq.push(s);
        pos.push(i);
        text.push(t.text.clone());
        start.push(offset(t.start));
        end.push(offset(t.end));
        kind.push(enum_name(&t.time_type));
        value.push(t.value.clone());
    }
    tx.execute(
        "INSERT INTO times (article_seq, position, text, start_offset, end_offset, type, value)
         SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[])",
        &[&seq, &pos, &text, &start, &end, &kind, &value],
    )?;
    let (mut seq, mut pos, mut text, mut start, mut end, mut value, mut unit, mut object) = (
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
    );
    for (s, i, a) in layer_rows(stored, |amounts: &Amounts| amounts.0.as_slice()) {
        seq.push(s);
        pos.push(i);
        text.push(a.text.clone());
        start.push(offset(a.start));
        end.push(offset(a.end));
        value.push(a.value);
        unit.push(a.unit.clone());
        object.push(a.object.clone());
    }
    tx.execute(
        "INSERT INTO amounts (article_seq, position, text, start_offset, end_offset, value, unit, object)
         SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::bigint[], $5::bigint[],
             $6::float8[], $7::text[], $8::text[])",
        &[&seq, &pos, &text, &start, &end, &value, &unit, &object],
    )?;
    Ok(())
}

/// Events with their actors' archive keys, name words and sentence.
fn write_events(
    tx: &mut Transaction,
    stored: &[(i64, &Document)],
    keys: &[HashMap<String, String>],
) -> Result<(), postgres::Error> {
    #[derive(Default)]
    struct Rows {
        seq: Vec<i64>,
        position: Vec<i32>,
        event_type: Vec<&'static str>,
        status: Vec<String>,
        mode: Vec<Option<String>>,
        date: Vec<Option<String>>,
        day: Vec<Option<String>>,
        precision: Vec<Option<i16>>,
        source_name: Vec<Option<String>>,
        source_words: Vec<String>,
        source_key: Vec<Option<String>>,
        target_name: Vec<Option<String>>,
        target_words: Vec<String>,
        target_key: Vec<Option<String>>,
        entity_keys: Vec<String>,
        trigger: Vec<String>,
        sentence: Vec<String>,
        record: Vec<String>,
    }
    let mut rows = Rows::default();
    for ((seq, doc), keys) in stored.iter().zip(keys) {
        let Some(events) = doc.layer::<Events>() else {
            continue;
        };
        let published = doc.published.as_deref().and_then(KnownDate::parse);
        for (i, event) in events.0.iter().enumerate() {
            let key_of = |actor: Option<&Actor>| {
                actor
                    .and_then(|a| a.entity.as_deref())
                    .and_then(|id| keys.get(id))
                    .cloned()
            };
            let date = event
                .date
                .as_deref()
                .and_then(KnownDate::parse)
                .or(published);
            let involved: BTreeSet<String> = [&event.source, &event.target, &event.location]
                .into_iter()
                .filter_map(|a| key_of(a.as_ref()))
                .collect();
            rows.seq.push(*seq);
            rows.position.push(position(i));
            rows.event_type.push(event.event_type.as_str());
            rows.status.push(enum_name(&event.status));
            rows.mode.push(event.mode.clone());
            rows.date.push(event.date.clone());
            rows.day.push(date.map(|d| d.first_day.to_string()));
            rows.precision.push(date.map(|d| d.precision as i16));
            rows.source_name
                .push(event.source.as_ref().map(|a| a.name.clone()));
            rows.source_words.push(
                event
                    .source
                    .as_ref()
                    .map(|a| fold_name(&a.name))
                    .unwrap_or_default(),
            );
            rows.source_key.push(key_of(event.source.as_ref()));
            rows.target_name
                .push(event.target.as_ref().map(|a| a.name.clone()));
            rows.target_words.push(
                event
                    .target
                    .as_ref()
                    .map(|a| fold_name(&a.name))
                    .unwrap_or_default(),
            );
            rows.target_key.push(key_of(event.target.as_ref()));
            rows.entity_keys
                .push(serde_json::to_string(&involved).unwrap_or_else(|_| "[]".into()));
            rows.trigger.push(event.trigger.text.clone());
            rows.sentence.push(
                doc.slice(Span::new(event.sentence.start, event.sentence.end))
                    .to_string(),
            );
            rows.record
                .push(serde_json::to_string(event).unwrap_or_else(|_| "null".into()));
        }
    }
    if rows.seq.is_empty() {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO events (article_seq, position, type, status, mode, date, day, precision,
             source_name, source_words, source_key, target_name, target_words, target_key,
             entity_keys, trigger, sentence, event)
         SELECT s, p, t, st, m, d, dy::date, pr, sn, lagebild_words(sw), sk, tn, lagebild_words(tw), tk,
             ARRAY(SELECT jsonb_array_elements_text(ek::jsonb)), tr, se, ev::jsonb
         FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[],
             $7::text[], $8::int2[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
             $14::text[], $15::text[], $16::text[], $17::text[], $18::text[])
             AS u(s, p, t, st, m, d, dy, pr, sn, sw, sk, tn, tw, tk, ek, tr, se, ev)",
        &[
            &rows.seq,
            &rows.position,
            &rows.event_type,
            &rows.status,
            &rows.mode,
            &rows.date,
            &rows.day,
            &rows.precision,
            &rows.source_name,
            &rows.source_words,
            &rows.source_key,
            &rows.target_name,
            &rows.target_words,
            &rows.target_key,
            &rows.entity_keys,
            &rows.trigger,
            &rows.sentence,
            &rows.record,
        ],
    )?;
    Ok(())
}

impl ArchiveWriter for PostgresWriter {
    fn admission(&self, doc: &Document) -> Admission {
        let hash = content_hash(doc.text());
        let id = if doc.id.trim().is_empty() {
            derived_id(&hash)
        } else {
            doc.id.clone()
        };
        match self.archive.stored_keys(&hash, doc.url.as_deref(), &id) {
            Ok((true, _)) => Admission::Duplicate,
            Ok((false, true)) => refused_id(&id),
            // Admission is advice before analysis; add_batch decides, and
            // reports a database failure there.
            Ok((false, false)) | Err(_) => Admission::Added,
        }
    }

    /// After an error nothing of the batch is committed.
    fn add_batch(&mut self, docs: Vec<Document>) -> Result<Vec<Admission>, StoreError> {
        let prepared: Vec<Prepared> = docs
            .into_iter()
            .map(|mut doc| {
                let hash = content_hash(doc.text());
                if doc.id.trim().is_empty() {
                    doc.id = derived_id(&hash);
                }
                let json = serde_json::to_string(&doc)
                    .map_err(|e| format!("{}: cannot be written as JSON ({e})", doc.id))
                    .and_then(|json| {
                        if json.contains("\\u0000") {
                            Err(format!("{}: contains NUL characters, which PostgreSQL cannot store; remove them from the input", doc.id))
                        } else {
                            Ok(json)
                        }
                    });
                Prepared { doc, hash, json }
            })
            .collect();
        let mut attempt = 1;
        loop {
            match self.try_batch(&prepared) {
                Ok(admissions) => return Ok(admissions),
                Err(e) => {
                    self.cards.clear();
                    if attempt < ATTEMPTS && is_retryable(&e) {
                        attempt += 1;
                        continue;
                    }
                    return Err(database_error(
                        "cannot store a batch (nothing of it was kept)",
                        e,
                    ));
                }
            }
        }
    }
}
