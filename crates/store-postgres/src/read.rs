//! The query side: every [`Archive`] question as SQL over one
//! materialised hit set (`WITH hits AS MATERIALIZED …`), so the total, the
//! page and all facet counts come from one snapshot in one round trip.

use crate::pool::Pool;
use crate::sql::{database_error, Params};
use crate::text::TextQuery;
use lagebild_core::Document;
use lagebild_entities::EntityType;
use lagebild_quotes::Quote;
use lagebild_store::parse_date_argument as date_argument;
use lagebild_store::{
    fold_name, parse_type, type_code, Archive, Cooccurrence, EntityCount, EntityQuery,
    EntitySummary, EventActor, EventHit, EventQuery, EventResults, Facets, Filter, Granularity,
    QuoteHit, QuoteQuery, QuoteResults, SearchHit, SearchQuery, SearchResults, Snippet, StoreError,
    Timeline, ValueCount,
};
use postgres::GenericClient;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::path::PathBuf;

/// Length of a snippet (lead) in characters, as in the embedded store.
const SNIPPET_CHARS: usize = 220;
/// Most entities one name may resolve to.
const MAX_RESOLVED: i64 = 50;
/// Rows fetched per round trip when streaming articles (export).
const EXPORT_FETCH: i32 = 256;
/// Marks `ts_headline` puts around matched words; private-use code points,
/// removed from the article text first so hostile text cannot fake them.
const MARK_OPEN: char = '\u{E000}';
const MARK_CLOSE: char = '\u{E001}';

/// An archive in a PostgreSQL database, opened for reading. Cheap to share
/// between threads: each query borrows a pooled connection.
pub struct PostgresArchive {
    shown_url: String,
    pool: Pool,
}

/// Which rows a query selects: articles (`a`), or quotes (`q`) or events
/// (`e`) joined to their articles (`a`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Articles,
    Quotes,
    Events,
}

impl Scope {
    /// The date `--from`/`--to` apply to: an event's own date, else the
    /// publication date.
    fn day_column(self) -> &'static str {
        match self {
            Scope::Events => "e.day",
            _ => "a.published_first_day",
        }
    }
}

/// Entity arguments as resolved while compiling a query.
#[derive(Default)]
struct Resolved {
    entities: Vec<EntitySummary>,
    speakers: Vec<EntitySummary>,
}

/// A query's WHERE clause, relevance expression and parameters.
struct Compiled {
    conditions: Vec<String>,
    /// Relevance when the query has words.
    score: Option<String>,
    params: Params,
    text: Option<TextQuery>,
}

impl Compiled {
    fn where_clause(&self) -> String {
        if self.conditions.is_empty() {
            "TRUE".into()
        } else {
            self.conditions.join(" AND ")
        }
    }

    fn score(&self) -> &str {
        self.score.as_deref().unwrap_or("1.0")
    }

    /// Best first by relevance, else newest first.
    fn order(&self, seq: &str) -> String {
        match self.score {
            Some(_) => format!("score DESC, {seq}"),
            None => format!("day DESC NULLS LAST, {seq}"),
        }
    }
}

/// How an entity ranking is ordered and restricted.
struct Ranking<'a> {
    entity_type: Option<EntityType>,
    exclude: &'a [EntitySummary],
    by_mentions: bool,
    top: usize,
}

impl PostgresArchive {
    /// Opens an archive for reading; refuses a database without one (the
    /// reading commands never create it) or of a newer schema.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let archive = Self::connect_unchecked(url);
        let mut client = archive.pool.get()?;
        let latest = crate::migrate::latest_version();
        match crate::migrate::current_version(&mut client)? {
            None => Err(StoreError::Missing(PathBuf::from(&archive.shown_url))),
            Some(v) if v == latest => Ok(()),
            Some(v) => Err(StoreError::Format {
                path: PathBuf::from(&archive.shown_url),
                expected: format!("lagebild PostgreSQL schema {latest}"),
                found: format!(
                    "schema {v}{}",
                    if v < latest {
                        " (run `lagebild ingest` once to migrate it)"
                    } else {
                        " (written by a newer lagebild)"
                    }
                ),
            }),
        }?;
        drop(client);
        Ok(archive)
    }

    pub(crate) fn connect_unchecked(url: &str) -> Self {
        PostgresArchive {
            shown_url: crate::redacted_url(url),
            pool: Pool::new(url),
        }
    }

    pub(crate) fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Whether an article's text or URL is stored, and whether its id is.
    pub(crate) fn stored_keys(
        &self,
        hash: &str,
        url: Option<&str>,
        id: &str,
    ) -> Result<(bool, bool), StoreError> {
        let row = self
            .pool
            .get()?
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM articles WHERE text_hash = $1)
                     OR ($2::text IS NOT NULL AND EXISTS (SELECT 1 FROM articles WHERE url = $2)),
                     EXISTS (SELECT 1 FROM articles WHERE id = $3)",
                &[&hash, &url, &id],
            )
            .map_err(|e| database_error("cannot check for duplicates", e))?;
        Ok((row.get(0), row.get(1)))
    }

    fn resolve(
        &self,
        client: &mut impl GenericClient,
        name: &str,
        entity_type: Option<EntityType>,
    ) -> Result<Vec<EntitySummary>, StoreError> {
        let folded = fold_name(name);
        if folded.is_empty() {
            return Ok(Vec::new());
        }
        let fail = |e| database_error("cannot resolve an entity name", e);
        let type_code = entity_type.map(type_code);
        let exact: Vec<String> = client
            .query(
                "SELECT DISTINCT a.entity_key COLLATE \"C\" FROM entity_aliases a
                 JOIN entities e ON e.key = a.entity_key
                 WHERE a.folded = $1 AND ($2::text IS NULL OR e.type = $2)
                 ORDER BY 1 LIMIT $3",
                &[&folded, &type_code, &MAX_RESOLVED],
            )
            .map_err(fail)?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let keys = if exact.is_empty() {
            let words: Vec<&str> = folded.split(' ').collect();
            client
                .query(
                    "SELECT w.entity_key COLLATE \"C\" FROM entity_alias_words w
                     JOIN entities e ON e.key = w.entity_key
                     WHERE w.word = ANY($1) AND ($2::text IS NULL OR e.type = $2)
                     GROUP BY w.entity_key HAVING count(DISTINCT w.word) = $3
                     ORDER BY 1 LIMIT $4",
                    &[&words, &type_code, &(words.len() as i64), &MAX_RESOLVED],
                )
                .map_err(fail)?
                .iter()
                .map(|r| r.get(0))
                .collect()
        } else {
            exact
        };
        self.summaries(client, &keys)
    }

    /// The entities with these keys, by key.
    fn summaries(
        &self,
        client: &mut impl GenericClient,
        keys: &[String],
    ) -> Result<Vec<EntitySummary>, StoreError> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let rows = client
            .query(
                "SELECT e.key, e.name, e.type,
                     coalesce(array_agg(a.alias) FILTER (WHERE a.alias <> e.name), '{}')
                 FROM entities e LEFT JOIN entity_aliases a ON a.entity_key = e.key
                 WHERE e.key = ANY($1) GROUP BY e.key, e.name, e.type",
                &[&keys],
            )
            .map_err(|e| database_error("cannot read entities", e))?;
        let mut out: Vec<EntitySummary> = rows
            .iter()
            .filter_map(|r| {
                let mut aliases: Vec<String> = r.get(3);
                aliases.sort();
                Some(EntitySummary {
                    key: r.get(0),
                    name: r.get(1),
                    entity_type: parse_type(r.get(2))?,
                    aliases,
                })
            })
            .collect();
        out.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(out)
    }

    /// The WHERE clause of a query; `None` when an entity argument
    /// resolves to nothing, so nothing can match.
    fn compile(
        &self,
        client: &mut impl GenericClient,
        scope: Scope,
        text: &str,
        filter: &Filter,
        resolved: &mut Resolved,
    ) -> Result<Option<Compiled>, StoreError> {
        let mut params = Params::default();
        let mut conditions = Vec::new();
        let row = match scope {
            Scope::Articles => "a",
            Scope::Quotes => "q",
            Scope::Events => "e",
        };
        if let Some(name) = &filter.entity {
            resolved.entities = self.resolve(client, name, filter.entity_type)?;
            if resolved.entities.is_empty() {
                return Ok(None);
            }
            let keys = params.bind(key_list(&resolved.entities));
            conditions.push(match scope {
                Scope::Articles => format!(
                    "EXISTS (SELECT 1 FROM article_entities ae WHERE ae.article_seq = a.seq AND ae.entity_key = ANY({keys}))"
                ),
                Scope::Quotes => format!(
                    "EXISTS (SELECT 1 FROM quote_entities qe WHERE qe.quote_seq = q.seq AND qe.entity_key = ANY({keys}))"
                ),
                Scope::Events => format!("e.entity_keys && {keys}::text[]"),
            });
        }
        if let Some(name) = &filter.speaker {
            resolved.speakers = self.resolve(client, name, Some(EntityType::Per))?;
            let condition = match scope {
                Scope::Articles => key_or_name(
                    &mut params,
                    &resolved.speakers,
                    name,
                    "sq.speaker_key",
                    "sq.speaker_words",
                )
                .map(|c| {
                    format!("EXISTS (SELECT 1 FROM quotes sq WHERE sq.article_seq = a.seq AND {c})")
                }),
                Scope::Quotes => key_or_name(
                    &mut params,
                    &resolved.speakers,
                    name,
                    "q.speaker_key",
                    "q.speaker_words",
                ),
                // Events have no speakers (as in the embedded store).
                Scope::Events => None,
            };
            let Some(condition) = condition else {
                return Ok(None);
            };
            conditions.push(condition);
        }
        if let Some(from) = filter.from.as_deref().map(date_argument).transpose()? {
            let day = params.bind(from.first_day.to_string());
            conditions.push(format!("{} >= {day}::text::date", scope.day_column()));
        }
        if let Some(to) = filter.to.as_deref().map(date_argument).transpose()? {
            let day = params.bind(to.last_day().to_string());
            conditions.push(format!("{} <= {day}::text::date", scope.day_column()));
        }
        if let Some(language) = &filter.language {
            let language = params.bind(language.to_ascii_lowercase());
            conditions.push(format!("a.language = {language}"));
        }
        if let Some(source) = &filter.source {
            let source = params.bind(fold_name(source));
            conditions.push(format!("a.source_folded = {source}"));
        }
        let text = TextQuery::parse(text);
        let mut score = None;
        if let Some(query) = &text {
            let german = params.bind(query.german.clone());
            let plain = params.bind(query.plain.clone());
            let de = format!("websearch_to_tsquery('german', {german})");
            let en = format!("websearch_to_tsquery('english', {plain})");
            conditions.push(format!(
                "((a.language IS DISTINCT FROM 'en' AND {row}.search @@ {de}) OR (a.language = 'en' AND {row}.search @@ {en}))"
            ));
            score = Some(format!(
                "(CASE WHEN a.language = 'en' THEN ts_rank_cd({row}.search, {en}) ELSE ts_rank_cd({row}.search, {de}) END)::float4"
            ));
        }
        Ok(Some(Compiled {
            conditions,
            score,
            params,
            text,
        }))
    }

    /// SQL of an entity ranking over `hits`, as JSON text
    /// `[[key, articles, mentions, name, type], …]`.
    fn ranking_sql(params: &mut Params, ranking: &Ranking) -> String {
        let mut conditions = vec!["TRUE".to_string()];
        if let Some(t) = ranking.entity_type {
            conditions.push(format!("ae.entity_key LIKE '{}|%'", type_code(t)));
        }
        if !ranking.exclude.is_empty() {
            let keys = params.bind(key_list(ranking.exclude));
            conditions.push(format!("ae.entity_key <> ALL({keys})"));
        }
        let order = if ranking.by_mentions {
            "sum(ae.mentions) DESC, count(*) DESC"
        } else {
            "count(*) DESC, sum(ae.mentions) DESC"
        };
        format!(
            "(SELECT coalesce(jsonb_agg(jsonb_build_array(c.key, c.docs, c.mentions, e.name, e.type) ORDER BY c.rank), '[]')::text
              FROM (SELECT ae.entity_key AS key, count(*) AS docs, sum(ae.mentions)::bigint AS mentions,
                        row_number() OVER (ORDER BY {order}, ae.entity_key COLLATE \"C\") AS rank
                    FROM article_entities ae JOIN hits h ON h.seq = ae.article_seq
                    WHERE {} GROUP BY ae.entity_key ORDER BY rank LIMIT {}) c
              LEFT JOIN entities e ON e.key = c.key)",
            conditions.join(" AND "),
            ranking.top,
        )
    }

    fn article_snippets(
        &self,
        client: &mut impl GenericClient,
        seqs: &[i64],
        text: Option<&TextQuery>,
    ) -> Result<HashMap<i64, SearchHit>, StoreError> {
        let mut params = Params::default();
        let seqs = params.bind(seqs.to_vec());
        let headline = match text {
            Some(query) => {
                let plain = params.bind(query.plain.clone());
                let marks = params.bind(format!("{MARK_OPEN}{MARK_CLOSE}"));
                let options = params.bind(format!(
                    "StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=35, MinWords=15, MaxFragments=1"
                ));
                format!(
                    "ts_headline((CASE WHEN a.language = 'en' THEN 'english' ELSE 'german' END)::regconfig,
                         translate(a.document->>'text', {marks}, '  '),
                         CASE WHEN a.language = 'en' THEN websearch_to_tsquery('english', {plain})
                              ELSE websearch_to_tsquery('german', {plain}) END, {options})"
                )
            }
            None => "NULL::text".into(),
        };
        let sql = format!(
            "SELECT a.seq, a.id, a.title, a.published, a.source, a.language,
                 left(a.document->>'text', {SNIPPET_CHARS}), {headline}
             FROM articles a WHERE a.seq = ANY({seqs})"
        );
        let rows = client
            .query(&sql, &params.refs())
            .map_err(|e| database_error("cannot read hits", e))?;
        Ok(rows
            .iter()
            .map(|r| {
                let lead: Option<String> = r.get(6);
                let headline: Option<String> = r.get(7);
                let snippet = headline
                    .and_then(|h| marked_snippet(&h))
                    .unwrap_or_else(|| Snippet {
                        text: lead.unwrap_or_default(),
                        highlights: Vec::new(),
                    });
                (
                    r.get(0),
                    SearchHit {
                        id: r.get(1),
                        score: 1.0,
                        title: r.get(2),
                        published: r.get(3),
                        source: r.get(4),
                        language: r.get(5),
                        snippet,
                    },
                )
            })
            .collect())
    }

    /// Counts articles matching a filter with an entity ranking.
    fn ranked_entities(
        &self,
        text: &str,
        filter: &Filter,
        ranking: impl FnOnce(&Resolved) -> Ranking,
    ) -> Result<(Resolved, u64, Vec<EntityCount>), StoreError> {
        let mut client = self.pool.get()?;
        let mut resolved = Resolved::default();
        let Some(mut compiled) =
            self.compile(&mut *client, Scope::Articles, text, filter, &mut resolved)?
        else {
            return Ok((resolved, 0, Vec::new()));
        };
        let ranking = Self::ranking_sql(&mut compiled.params, &ranking(&resolved));
        let sql = format!(
            "WITH hits AS MATERIALIZED (SELECT a.seq FROM articles a WHERE {})
             SELECT (SELECT count(*) FROM hits), {ranking}",
            compiled.where_clause()
        );
        let row = client
            .query_one(&sql, &compiled.params.refs())
            .map_err(|e| database_error("cannot count entities", e))?;
        let total: i64 = row.get(0);
        let ranked = entity_counts(row.get(1))?;
        Ok((resolved, total as u64, ranked))
    }
}

/// Rows whose actor in one role (speaker, event source or target) is one
/// of the resolved entities, or whose actor name has all the words of
/// `name` (actors found without an entity have only a name); `None` when
/// neither is possible, so nothing can match.
fn key_or_name(
    params: &mut Params,
    entities: &[EntitySummary],
    name: &str,
    key_column: &str,
    words_column: &str,
) -> Option<String> {
    let mut either = Vec::new();
    if !entities.is_empty() {
        let keys = params.bind(key_list(entities));
        either.push(format!("{key_column} = ANY({keys})"));
    }
    let words: Vec<String> = fold_name(name)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if !words.is_empty() {
        let words = params.bind(words);
        either.push(format!("{words_column} @> {words}::text[]"));
    }
    (!either.is_empty()).then(|| format!("({})", either.join(" OR ")))
}

fn key_list(entities: &[EntitySummary]) -> Vec<String> {
    entities.iter().map(|e| e.key.clone()).collect()
}

fn decode<T: DeserializeOwned>(json: &str) -> Result<T, StoreError> {
    Ok(serde_json::from_str(json)?)
}

/// A row of an entity ranking as the SQL returns it: key, articles,
/// mentions, name and type (both missing if the entity row is).
type RankedEntity = (String, u64, u64, Option<String>, Option<String>);

fn entity_counts(json: &str) -> Result<Vec<EntityCount>, StoreError> {
    let rows: Vec<RankedEntity> = decode(json)?;
    Ok(rows
        .into_iter()
        .filter_map(|(key, articles, mentions, name, code)| {
            let entity_type = code
                .as_deref()
                .or_else(|| key.split('|').next())
                .and_then(parse_type)?;
            let name = name.unwrap_or_else(|| key.split('|').nth(1).unwrap_or(&key).to_string());
            Some(EntityCount {
                key,
                name,
                entity_type,
                articles,
                mentions,
            })
        })
        .collect())
}

fn value_counts(json: &str) -> Result<Vec<ValueCount>, StoreError> {
    let rows: Vec<(String, u64)> = decode(json)?;
    Ok(rows
        .into_iter()
        .map(|(value, articles)| ValueCount { value, articles })
        .collect())
}

/// SQL of a facet over a column of `hits`: values by article count, then
/// by value (byte order, as the embedded store sorts), as JSON text.
fn value_facet_sql(column: &str, size: usize) -> String {
    format!(
        "(SELECT coalesce(jsonb_agg(jsonb_build_array(f.value, f.n) ORDER BY f.n DESC, f.value COLLATE \"C\"), '[]')::text
          FROM (SELECT {column} AS value, count(*) AS n FROM hits WHERE {column} IS NOT NULL
                GROUP BY 1 ORDER BY n DESC, {column} COLLATE \"C\" LIMIT {size}) f)"
    )
}

/// A `ts_headline` fragment as text and code-point highlight ranges;
/// `None` when nothing was marked (the caller shows the lead instead).
fn marked_snippet(headline: &str) -> Option<Snippet> {
    let mut text = String::with_capacity(headline.len());
    let mut highlights = Vec::new();
    let mut position = 0;
    let mut open = None;
    for c in headline.chars() {
        match c {
            MARK_OPEN => open = Some(position),
            MARK_CLOSE => {
                if let Some(start) = open.take() {
                    highlights.push([start, position]);
                }
            }
            c => {
                text.push(c);
                position += 1;
            }
        }
    }
    (!highlights.is_empty()).then_some(Snippet { text, highlights })
}

/// The period expression of a timeline granularity, NULL where the date
/// is coarser than the period.
fn period_sql(by: Granularity) -> &'static str {
    match by {
        Granularity::Day => "CASE WHEN precision = 3 THEN to_char(day, 'YYYY-MM-DD') END",
        Granularity::Week => "CASE WHEN precision = 3 THEN to_char(day, 'IYYY-\"W\"IW') END",
        Granularity::Month => "CASE WHEN precision >= 2 THEN to_char(day, 'YYYY-MM') END",
    }
}

impl Archive for PostgresArchive {
    fn article_count(&self) -> Result<u64, StoreError> {
        let count: i64 = self
            .pool
            .get()?
            .query_one("SELECT count(*) FROM articles", &[])
            .map_err(|e| database_error("cannot count articles", e))?
            .get(0);
        Ok(count as u64)
    }

    fn search(&self, query: &SearchQuery) -> Result<SearchResults, StoreError> {
        let mut client = self.pool.get()?;
        let mut resolved = Resolved::default();
        let compiled = self.compile(
            &mut *client,
            Scope::Articles,
            &query.text,
            &query.filter,
            &mut resolved,
        )?;
        let mut results = SearchResults {
            entity_matches: std::mem::take(&mut resolved.entities),
            speaker_matches: std::mem::take(&mut resolved.speakers),
            ..Default::default()
        };
        let Some(mut compiled) = compiled else {
            return Ok(results);
        };
        let ranking = Self::ranking_sql(
            &mut compiled.params,
            &Ranking {
                entity_type: query.filter.entity_type,
                exclude: &[],
                by_mentions: false,
                top: query.facet_size,
            },
        );
        let order = compiled.order("seq");
        let sql = format!(
            "WITH hits AS MATERIALIZED (
                 SELECT a.seq, a.source, a.language, a.published_first_day AS day, a.published_precision AS precision,
                     {score} AS score
                 FROM articles a WHERE {conditions})
             SELECT (SELECT count(*) FROM hits),
                 (SELECT coalesce(jsonb_agg(jsonb_build_array(t.seq, t.score) ORDER BY t.rank), '[]')::text
                  FROM (SELECT seq, score, row_number() OVER (ORDER BY {order}) AS rank
                        FROM hits ORDER BY {order} LIMIT {limit}) t),
                 {ranking},
                 {sources},
                 {languages},
                 (SELECT coalesce(jsonb_agg(jsonb_build_array(m.month, m.n) ORDER BY m.month DESC), '[]')::text
                  FROM (SELECT to_char(day, 'YYYY-MM') AS month, count(*) AS n FROM hits WHERE precision >= 2
                        GROUP BY 1 ORDER BY 1 DESC LIMIT {facets}) m)",
            score = compiled.score(),
            conditions = compiled.where_clause(),
            limit = query.limit.max(1),
            facets = query.facet_size,
            sources = value_facet_sql("source", query.facet_size),
            languages = value_facet_sql("language", query.facet_size),
        );
        let row = client
            .query_one(&sql, &compiled.params.refs())
            .map_err(|e| database_error("cannot search", e))?;
        let total: i64 = row.get(0);
        let top: Vec<(i64, f32)> = decode(row.get(1))?;
        results.total = total as u64;
        results.facets = Facets {
            entities: entity_counts(row.get(2))?,
            sources: value_counts(row.get(3))?,
            languages: value_counts(row.get(4))?,
            months: value_counts(row.get(5))?,
        };
        let seqs: Vec<i64> = top.iter().map(|(seq, _)| *seq).collect();
        let mut hits = self.article_snippets(&mut *client, &seqs, compiled.text.as_ref())?;
        for (seq, score) in top {
            if let Some(mut hit) = hits.remove(&seq) {
                hit.score = score;
                results.hits.push(hit);
            }
        }
        Ok(results)
    }

    fn quotes(&self, query: &QuoteQuery) -> Result<QuoteResults, StoreError> {
        let mut client = self.pool.get()?;
        let mut resolved = Resolved::default();
        let filter = Filter {
            entity: query.about.clone().or_else(|| query.filter.entity.clone()),
            ..query.filter.clone()
        };
        let compiled = self.compile(
            &mut *client,
            Scope::Quotes,
            &query.text,
            &filter,
            &mut resolved,
        )?;
        let mut results = QuoteResults {
            speaker_matches: std::mem::take(&mut resolved.speakers),
            about_matches: std::mem::take(&mut resolved.entities),
            ..Default::default()
        };
        let Some(compiled) = compiled else {
            return Ok(results);
        };
        let order = compiled.order("seq");
        let sql = format!(
            "WITH hits AS MATERIALIZED (
                 SELECT q.seq, a.published_first_day AS day, {score} AS score
                 FROM quotes q JOIN articles a ON a.seq = q.article_seq WHERE {conditions})
             SELECT (SELECT count(*) FROM hits),
                 (SELECT coalesce(jsonb_agg(t.seq ORDER BY t.rank), '[]')::text
                  FROM (SELECT seq, row_number() OVER (ORDER BY {order}) AS rank
                        FROM hits ORDER BY {order} LIMIT {limit}) t)",
            score = compiled.score(),
            conditions = compiled.where_clause(),
            limit = query.limit.max(1),
        );
        let row = client
            .query_one(&sql, &compiled.params.refs())
            .map_err(|e| database_error("cannot search quotes", e))?;
        let total: i64 = row.get(0);
        results.total = total as u64;
        let seqs: Vec<i64> = decode(row.get(1))?;
        let rows = client
            .query(
                "SELECT q.seq, a.id, a.title, a.published, a.source, q.quote::text, q.speaker_key
                 FROM quotes q JOIN articles a ON a.seq = q.article_seq WHERE q.seq = ANY($1)",
                &[&seqs],
            )
            .map_err(|e| database_error("cannot read quotes", e))?;
        let mut by_seq: HashMap<i64, QuoteHit> = HashMap::with_capacity(rows.len());
        for r in &rows {
            let quote: Quote = decode(r.get(5))?;
            let speaker = quote.speaker.as_ref();
            by_seq.insert(
                r.get(0),
                QuoteHit {
                    article_id: r.get(1),
                    title: r.get(2),
                    published: r.get(3),
                    source: r.get(4),
                    text: quote.text.clone(),
                    kind: quote.kind,
                    speaker: speaker.map(|s| s.name.clone()),
                    speaker_key: r.get(6),
                    role: speaker.and_then(|s| s.role.clone()),
                    cue: quote.cue.as_ref().map(|c| c.text.clone()),
                    start: quote.start,
                    end: quote.end,
                },
            );
        }
        results.quotes = seqs.iter().filter_map(|s| by_seq.remove(s)).collect();
        Ok(results)
    }

    fn events(&self, query: &EventQuery) -> Result<EventResults, StoreError> {
        let event_type = query
            .event_type
            .as_deref()
            .map(str::parse::<lagebild_events::EventType>)
            .transpose()
            .map_err(StoreError::EventType)?;
        let mut client = self.pool.get()?;
        let mut resolved = Resolved::default();
        let compiled = self.compile(
            &mut *client,
            Scope::Events,
            "",
            &query.filter,
            &mut resolved,
        )?;
        let mut results = EventResults::default();
        let Some(mut compiled) = compiled else {
            return Ok(results);
        };
        if let Some(event_type) = event_type {
            let code = compiled.params.bind(event_type.as_str());
            compiled.conditions.push(format!("e.type = {code}"));
        }
        let roles = [
            (&query.source, "e.source_key", "e.source_words"),
            (&query.target, "e.target_key", "e.target_words"),
        ];
        for (index, (name, key_column, words_column)) in roles.into_iter().enumerate() {
            let Some(name) = name else { continue };
            let entities = self.resolve(&mut *client, name, None)?;
            let condition = key_or_name(
                &mut compiled.params,
                &entities,
                name,
                key_column,
                words_column,
            );
            if index == 0 {
                results.source_matches = entities;
            } else {
                results.target_matches = entities;
            }
            match condition {
                Some(condition) => compiled.conditions.push(condition),
                None => return Ok(results),
            }
        }
        let sql = format!(
            "WITH hits AS MATERIALIZED (
                 SELECT e.article_seq, e.position, e.day FROM events e JOIN articles a ON a.seq = e.article_seq
                 WHERE {})
             SELECT (SELECT count(*) FROM hits),
                 (SELECT coalesce(jsonb_agg(jsonb_build_array(t.article_seq, t.position) ORDER BY t.rank), '[]')::text
                  FROM (SELECT article_seq, position,
                            row_number() OVER (ORDER BY day DESC NULLS LAST, article_seq, position) AS rank
                        FROM hits ORDER BY rank LIMIT {})  t)",
            compiled.where_clause(),
            query.limit.max(1)
        );
        let row = client
            .query_one(&sql, &compiled.params.refs())
            .map_err(|e| database_error("cannot search events", e))?;
        let total: i64 = row.get(0);
        results.total = total as u64;
        let top: Vec<(i64, i32)> = decode(row.get(1))?;
        let (seqs, positions): (Vec<i64>, Vec<i32>) = top.iter().copied().unzip();
        let rows = client
            .query(
                "SELECT e.article_seq, e.position, a.id, a.title, a.published, a.source,
                     e.source_key, e.target_key, e.sentence, e.event::text
                 FROM unnest($1::bigint[], $2::int[]) AS k(s, p)
                 JOIN events e ON e.article_seq = k.s AND e.position = k.p
                 JOIN articles a ON a.seq = e.article_seq",
                &[&seqs, &positions],
            )
            .map_err(|e| database_error("cannot read events", e))?;
        let mut by_position: HashMap<(i64, i32), EventHit> = HashMap::with_capacity(rows.len());
        for r in &rows {
            let event: lagebild_events::Event = decode(r.get(9))?;
            let actor = |a: Option<&lagebild_events::Actor>, key: Option<String>| {
                a.map(|a| EventActor {
                    name: a.name.clone(),
                    key,
                })
            };
            by_position.insert(
                (r.get(0), r.get(1)),
                EventHit {
                    article_id: r.get(2),
                    title: r.get(3),
                    published: r.get(4),
                    source: r.get(5),
                    event_type: event.event_type,
                    mode: event.mode.clone(),
                    status: event.status,
                    actor: actor(event.source.as_ref(), r.get(6)),
                    target: actor(event.target.as_ref(), r.get(7)),
                    date: event.date.clone(),
                    trigger: event.trigger.text.clone(),
                    sentence: r.get(8),
                    sentence_start: event.sentence.start,
                    sentence_end: event.sentence.end,
                },
            );
        }
        results.events = top.iter().filter_map(|k| by_position.remove(k)).collect();
        Ok(results)
    }

    fn entities(&self, query: &EntityQuery) -> Result<Vec<EntityCount>, StoreError> {
        let (_, _, ranked) = self.ranked_entities(&query.text, &query.filter, |_| Ranking {
            entity_type: query.filter.entity_type,
            exclude: &[],
            by_mentions: true,
            top: query.top,
        })?;
        Ok(ranked)
    }

    fn timeline(
        &self,
        entity: &str,
        filter: &Filter,
        by: Granularity,
    ) -> Result<Timeline, StoreError> {
        let mut client = self.pool.get()?;
        let filter = Filter {
            entity: Some(entity.to_string()),
            ..filter.clone()
        };
        let mut resolved = Resolved::default();
        let compiled = self.compile(&mut *client, Scope::Articles, "", &filter, &mut resolved)?;
        let mut timeline = Timeline {
            entities: std::mem::take(&mut resolved.entities),
            by,
            ..Default::default()
        };
        let Some(compiled) = compiled else {
            return Ok(timeline);
        };
        let sql = format!(
            "WITH hits AS MATERIALIZED (
                 SELECT a.published_first_day AS day, a.published_precision AS precision
                 FROM articles a WHERE {})
             SELECT precision, {} AS period, count(*) FROM hits GROUP BY 1, 2",
            compiled.where_clause(),
            period_sql(by)
        );
        let rows = client
            .query(&sql, &compiled.params.refs())
            .map_err(|e| database_error("cannot build the timeline", e))?;
        let mut periods: HashMap<String, u64> = HashMap::new();
        for r in &rows {
            let precision: Option<i16> = r.get(0);
            let period: Option<String> = r.get(1);
            let count = r.get::<_, i64>(2) as u64;
            match (precision, period) {
                (None, _) => timeline.undated += count,
                (Some(_), None) => timeline.coarser_than_period += count,
                (Some(_), Some(p)) => *periods.entry(p).or_default() += count,
            }
        }
        let mut periods: Vec<ValueCount> = periods
            .into_iter()
            .map(|(value, articles)| ValueCount { value, articles })
            .collect();
        periods.sort_by(|a, b| a.value.cmp(&b.value));
        timeline.periods = periods;
        Ok(timeline)
    }

    fn cooccur(
        &self,
        entity: &str,
        filter: &Filter,
        top: usize,
    ) -> Result<Cooccurrence, StoreError> {
        let filter = Filter {
            entity: Some(entity.to_string()),
            ..filter.clone()
        };
        let (resolved, articles, partners) =
            self.ranked_entities("", &filter, |resolved| Ranking {
                entity_type: None,
                exclude: &resolved.entities,
                by_mentions: false,
                top,
            })?;
        Ok(Cooccurrence {
            entities: resolved.entities,
            articles,
            partners,
        })
    }

    fn resolve_entity(
        &self,
        name: &str,
        entity_type: Option<EntityType>,
    ) -> Result<Vec<EntitySummary>, StoreError> {
        let mut client = self.pool.get()?;
        self.resolve(&mut *client, name, entity_type)
    }

    fn article(&self, id: &str) -> Result<Option<Document>, StoreError> {
        let row = self
            .pool
            .get()?
            .query_opt("SELECT document::text FROM articles WHERE id = $1", &[&id])
            .map_err(|e| database_error("cannot read an article", e))?;
        row.map(|r| decode(r.get(0))).transpose()
    }

    fn for_each_article(
        &self,
        query: &SearchQuery,
        sink: &mut dyn FnMut(Document) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let mut client = self.pool.get()?;
        let mut resolved = Resolved::default();
        let Some(compiled) = self.compile(
            &mut *client,
            Scope::Articles,
            &query.text,
            &query.filter,
            &mut resolved,
        )?
        else {
            return Ok(0);
        };
        let fail = |e| database_error("cannot read articles", e);
        let sql = format!(
            "SELECT a.document::text FROM articles a WHERE {} ORDER BY a.seq",
            compiled.where_clause()
        );
        let mut tx = client.transaction().map_err(fail)?;
        let portal = tx
            .bind(sql.as_str(), &compiled.params.refs())
            .map_err(fail)?;
        let mut count = 0;
        loop {
            let rows = tx.query_portal(&portal, EXPORT_FETCH).map_err(fail)?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                sink(decode(r.get(0))?)?;
                count += 1;
            }
        }
        tx.commit().map_err(fail)?;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_marks_become_code_point_ranges() {
        let s = marked_snippet("Über \u{E000}Pjöngjang\u{E001} und \u{E000}Waffen\u{E001}.")
            .expect("marked");
        assert_eq!(s.text, "Über Pjöngjang und Waffen.");
        assert_eq!(s.highlights, vec![[5, 14], [19, 25]]);
        assert!(marked_snippet("nichts markiert").is_none());
    }
}
