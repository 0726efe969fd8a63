use crate::error::ApiError;
use crate::query_pool::{PoolGone, QueryPool};
use crate::timing;
use crate::Limits;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use lagebild_store::{
    parse_type, Archive, EntityQuery, EntitySummary, EventQuery, Facets, Filter, Granularity, QuoteQuery, SearchQuery,
    StoreError,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What every handler needs: the limits to keep and the pool that runs
/// archive queries.
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) limits: Arc<Limits>,
    /// At most [`Limits::concurrent_queries`] archive queries run at once;
    /// the rest wait in line, first come first served.
    pub(crate) queries: Arc<QueryPool>,
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/search", get(search))
        .route("/api/articles/{id}", get(article))
        .route("/api/entities", get(entities))
        .route("/api/entities/resolve", get(resolve))
        .route("/api/entities/timeline", get(timeline))
        .route("/api/entities/network", get(network))
        .route("/api/quotes", get(quotes))
        .route("/api/events", get(events))
        .route("/api/sources", get(sources))
        .route("/api/export", get(export))
        .route("/api/{*rest}", get(unknown))
}

/// Every query parameter any endpoint takes. One struct for all, as plain
/// strings parsed by hand, so that a bad value gets a message naming the
/// parameter rather than a generic rejection.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Params {
    q: Option<String>,
    name: Option<String>,
    entity: Option<String>,
    #[serde(rename = "type")]
    entity_type: Option<String>,
    speaker: Option<String>,
    about: Option<String>,
    target: Option<String>,
    news_source: Option<String>,
    from: Option<String>,
    to: Option<String>,
    lang: Option<String>,
    source: Option<String>,
    by: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
    top: Option<String>,
}

type RawParams = Result<Query<Params>, QueryRejection>;

fn params(raw: RawParams) -> Result<Params, ApiError> {
    raw.map(|Query(p)| p).map_err(|e| ApiError::bad_request(format!("cannot read the query string: {e}")))
}

impl Params {
    fn filter(&self) -> Result<Filter, ApiError> {
        let entity_type = match non_empty(&self.entity_type) {
            None => None,
            Some(code) => Some(parse_type(&code).ok_or_else(|| {
                ApiError::bad_request(format!("type={code:?} is not an entity type; use PER, ORG, LOC or MISC"))
            })?),
        };
        Ok(Filter {
            entity: non_empty(&self.entity),
            entity_type,
            speaker: non_empty(&self.speaker),
            from: non_empty(&self.from),
            to: non_empty(&self.to),
            language: non_empty(&self.lang),
            source: non_empty(&self.source),
        })
    }

    fn text(&self) -> String {
        self.q.as_deref().unwrap_or("").trim().to_string()
    }

    /// `limit` and `offset`, bounded by the server's limits.
    fn page(&self, default: usize, limits: &Limits) -> Result<(usize, usize), ApiError> {
        let limit = number(&self.limit, "limit", default)?.clamp(1, limits.max_page);
        let offset = number(&self.offset, "offset", 0)?;
        if offset > limits.max_offset {
            return Err(ApiError::bad_request(format!(
                "offset={offset} is past the deepest page ({}); narrow the query instead",
                limits.max_offset
            )));
        }
        Ok((limit, offset))
    }

    fn required_name(&self) -> Result<String, ApiError> {
        non_empty(&self.name)
            .ok_or_else(|| ApiError::bad_request("name= is required: the entity to look up, by any alias"))
    }
}

fn non_empty(value: &Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

fn number(value: &Option<String>, name: &str, default: usize) -> Result<usize, ApiError> {
    match non_empty(value) {
        None => Ok(default),
        Some(v) => {
            v.parse().map_err(|_| ApiError::bad_request(format!("{name}={v:?} is not a non-negative whole number")))
        }
    }
}

/// Runs an archive query on the query pool (the store blocks, so not on
/// the async threads) when its turn comes. The wait and the query's wall
/// and CPU time go into the answer's `Server-Timing`.
async fn ask<T, F>(state: &AppState, query: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Archive) -> Result<T, StoreError> + Send + 'static,
{
    match state.queries.run(query).await {
        Ok((result, time)) => {
            timing::record(time);
            result.map_err(ApiError::from)
        }
        Err(PoolGone) => {
            Err(ApiError::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, "the query failed unexpectedly"))
        }
    }
}

/// A page of results with the numbers a client needs to page on.
#[derive(Serialize)]
struct Page<T: Serialize, E: Serialize> {
    total: u64,
    offset: usize,
    limit: usize,
    items: Vec<T>,
    #[serde(flatten)]
    extra: E,
}

async fn search(State(state): State<AppState>, raw: RawParams) -> Result<Response, ApiError> {
    let p = params(raw)?;
    let (limit, offset) = p.page(20, &state.limits)?;
    let query = SearchQuery { text: p.text(), filter: p.filter()?, limit: offset + limit, facet_size: 10 };
    let results = ask(&state, move |a| a.search(&query)).await?;
    let hits: Vec<_> = results.hits.into_iter().skip(offset).collect();
    let extra = SearchExtra {
        facets: results.facets,
        facets_sampled: results.facets_sampled,
        entity_matches: results.entity_matches,
        speaker_matches: results.speaker_matches,
    };
    Ok(Json(Page { total: results.total, offset, limit, items: hits, extra }).into_response())
}

/// What a search page carries besides its hits.
#[derive(Serialize)]
struct SearchExtra {
    facets: Facets,
    /// The entity facet was counted on a sample of a large hit set, so its
    /// counts are estimates a client should not present as exact.
    facets_sampled: bool,
    entity_matches: Vec<EntitySummary>,
    speaker_matches: Vec<EntitySummary>,
}

async fn article(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let wanted = id.clone();
    match ask(&state, move |a| a.article(&wanted)).await? {
        Some(doc) => Ok(Json(doc).into_response()),
        None => Err(ApiError::not_found(format!("no article with id {id:?}"))),
    }
}

async fn entities(State(state): State<AppState>, raw: RawParams) -> Result<Response, ApiError> {
    let p = params(raw)?;
    let top = number(&p.top, "top", 20)?.clamp(1, state.limits.max_page);
    let query = EntityQuery { text: p.text(), filter: p.filter()?, top };
    let entities = ask(&state, move |a| a.entities(&query)).await?;
    Ok(Json(serde_json::json!({ "items": entities })).into_response())
}

async fn resolve(State(state): State<AppState>, raw: RawParams) -> Result<Response, ApiError> {
    let p = params(raw)?;
    let name = p.required_name()?;
    let entity_type = p.filter()?.entity_type;
    let matches = ask(&state, move |a| a.resolve_entity(&name, entity_type)).await?;
    Ok(Json(serde_json::json!({ "items": matches })).into_response())
}

async fn timeline(State(state): State<AppState>, raw: RawParams) -> Result<Response, ApiError> {
    let p = params(raw)?;
    let name = p.required_name()?;
    let by = match non_empty(&p.by).as_deref() {
        None | Some("month") => Granularity::Month,
        Some("week") => Granularity::Week,
        Some("day") => Granularity::Day,
        Some(other) => return Err(ApiError::bad_request(format!("by={other:?}: use day, week or month"))),
    };
    let filter = p.filter()?;
    let timeline = ask(&state, move |a| a.timeline(&name, &filter, by)).await?;
    Ok(Json(timeline).into_response())
}

async fn network(State(state): State<AppState>, raw: RawParams) -> Result<Response, ApiError> {
    let p = params(raw)?;
    let name = p.required_name()?;
    let top = number(&p.top, "top", 25)?.clamp(1, state.limits.max_page);
    let filter = p.filter()?;
    let network = ask(&state, move |a| a.cooccur(&name, &filter, top)).await?;
    Ok(Json(network).into_response())
}

async fn quotes(State(state): State<AppState>, raw: RawParams) -> Result<Response, ApiError> {
    let p = params(raw)?;
    let (limit, offset) = p.page(50, &state.limits)?;
    let query = QuoteQuery { text: p.text(), about: non_empty(&p.about), filter: p.filter()?, limit: offset + limit };
    let results = ask(&state, move |a| a.quotes(&query)).await?;
    let quotes: Vec<_> = results.quotes.into_iter().skip(offset).collect();
    let extra = serde_json::json!({
        "speaker_matches": results.speaker_matches,
        "about_matches": results.about_matches,
    });
    Ok(Json(Page { total: results.total, offset, limit, items: quotes, extra }).into_response())
}

/// Events between actors ("who did what to whom"), newest first. Here
/// `source` and `target` name the actors (as in "source actor") and `type`
/// the PLOVER event type, so the news source is `news_source`; `entity`
/// takes events with that entity in either role.
async fn events(State(state): State<AppState>, raw: RawParams) -> Result<Response, ApiError> {
    let p = params(raw)?;
    let (limit, offset) = p.page(50, &state.limits)?;
    let query = EventQuery {
        source: non_empty(&p.source),
        target: non_empty(&p.target),
        event_type: non_empty(&p.entity_type),
        filter: Filter {
            entity: non_empty(&p.entity),
            from: non_empty(&p.from),
            to: non_empty(&p.to),
            language: non_empty(&p.lang),
            source: non_empty(&p.news_source),
            ..Filter::default()
        },
        limit: offset + limit,
    };
    let results = ask(&state, move |a| a.events(&query)).await?;
    let events: Vec<_> = results.events.into_iter().skip(offset).collect();
    let extra = serde_json::json!({
        "source_matches": results.source_matches,
        "target_matches": results.target_matches,
    });
    Ok(Json(Page { total: results.total, offset, limit, items: events, extra }).into_response())
}

async fn sources(State(state): State<AppState>) -> Result<Response, ApiError> {
    let query = SearchQuery { text: String::new(), filter: Filter::default(), limit: 1, facet_size: 100 };
    let results = ask(&state, move |a| a.search(&query)).await?;
    Ok(Json(serde_json::json!({ "items": results.facets.sources })).into_response())
}

/// The articles of a query as JSON Lines, at most `limit` (bounded by the
/// server's export limit) so one request cannot stream the whole archive.
async fn export(State(state): State<AppState>, raw: RawParams) -> Result<Response, ApiError> {
    let p = params(raw)?;
    let limit = number(&p.limit, "limit", state.limits.max_export)?.clamp(1, state.limits.max_export);
    let query = SearchQuery { text: p.text(), filter: p.filter()?, limit, facet_size: 0 };
    let body = ask(&state, move |a| {
        let hits = a.search(&query)?.hits;
        let mut out = Vec::new();
        for hit in hits {
            if let Some(doc) = a.article(&hit.id)? {
                serde_json::to_writer(&mut out, &doc)?;
                out.push(b'\n');
            }
        }
        Ok(out)
    })
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-ndjson"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"lagebild-export.jsonl\""),
        ],
        body,
    )
        .into_response())
}

async fn unknown(Path(rest): Path<String>) -> ApiError {
    ApiError::not_found(format!("no API endpoint /api/{rest}; see /openapi.json"))
}
