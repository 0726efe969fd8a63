//! What callers ask the archive and what it answers: plain data types, the
//! same for every backend, serialisable as the `--json` output and (later)
//! the HTTP API. The [`Archive`] trait is the only door to a store.

use crate::{Granularity, StoreError};
use lagebild_core::Document;
use lagebild_entities::EntityType;
use serde::Serialize;

/// Restrictions on which articles (or quotes) a query looks at; every
/// field is optional and they combine with AND.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only articles mentioning this entity (any alias).
    pub entity: Option<String>,
    /// Restricts `entity` (and entity facets) to one type.
    pub entity_type: Option<EntityType>,
    /// Only articles quoting this speaker (any alias or part of the name).
    pub speaker: Option<String>,
    /// Published on or after this date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`).
    pub from: Option<String>,
    /// Published on or before the end of this date's period.
    pub to: Option<String>,
    /// Article language (`de`, `en`).
    pub language: Option<String>,
    /// Source name, case-insensitive, whole value.
    pub source: Option<String>,
}

/// A full-text search with filters.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Words, "phrases", `+must -not`; empty means all articles.
    pub text: String,
    /// Restrictions.
    pub filter: Filter,
    /// Number of hits to return.
    pub limit: usize,
    /// Number of values per facet.
    pub facet_size: usize,
}

/// Quotes by a speaker, about an entity, or containing words.
#[derive(Debug, Clone, Default)]
pub struct QuoteQuery {
    /// Words the quote must contain; empty means any.
    pub text: String,
    /// Only quotes whose words mention this entity (any alias); takes the
    /// place of `filter.entity`, which means the same for quotes.
    pub about: Option<String>,
    /// Restrictions: `speaker` is the quote's speaker, the rest as for
    /// articles.
    pub filter: Filter,
    /// Number of quotes to return.
    pub limit: usize,
}

/// The most-mentioned entities of the articles matching a query.
#[derive(Debug, Clone, Default)]
pub struct EntityQuery {
    /// Full-text query selecting the articles; empty means all.
    pub text: String,
    /// Restrictions (`entity_type` selects which entities are counted).
    pub filter: Filter,
    /// Number of entities to return.
    pub top: usize,
}

/// Events between actors ("who did what to whom"), newest first.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    /// Only events whose acting actor is this entity (any alias) or has
    /// this name.
    pub source: Option<String>,
    /// Only events directed at this entity (any alias) or name.
    pub target: Option<String>,
    /// Only events of this PLOVER type (`consult`, `ACCUSE`; any case).
    pub event_type: Option<String>,
    /// Restrictions: `from`/`to` apply to the event's own date (falling
    /// back to the article's publication date), `entity` to any actor of
    /// the event, `language`/`source` to the article.
    pub filter: Filter,
    /// Number of events to return.
    pub limit: usize,
}

/// An entity as the archive knows it across articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntitySummary {
    /// Archive-wide key (`PER|per:wladimir putin`), stable across articles.
    pub key: String,
    /// Display name (first canonical name seen).
    pub name: String,
    /// Entity class.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Every other name it was seen under.
    pub aliases: Vec<String>,
}

/// An entity with how often it occurs in a set of articles.
#[derive(Debug, Clone, Serialize)]
pub struct EntityCount {
    /// Archive-wide key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Entity class.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Articles mentioning it.
    pub articles: u64,
    /// Mentions over those articles.
    pub mentions: u64,
}

/// A facet value (source, month) with its number of articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueCount {
    /// The value.
    pub value: String,
    /// Articles with it.
    pub articles: u64,
}

/// Facet counts over the whole hit set, not just the returned page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    /// Most-mentioned entities (by article count).
    pub entities: Vec<EntityCount>,
    /// Sources by article count.
    pub sources: Vec<ValueCount>,
    /// Publication months, newest first; undated articles are not counted.
    pub months: Vec<ValueCount>,
    /// Article languages (`de`, `en`) by article count; articles whose
    /// language is unknown are not counted.
    pub languages: Vec<ValueCount>,
}

/// Part of an article's text around the query words.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Snippet {
    /// The excerpt.
    pub text: String,
    /// Matched words in `text`, as code-point ranges `[start, end)`.
    pub highlights: Vec<[usize; 2]>,
}

/// One ranked article.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// Article id.
    pub id: String,
    /// Relevance (BM25; 1.0 when the query has no words).
    pub score: f32,
    /// Headline.
    pub title: Option<String>,
    /// Publication date at the precision known.
    pub published: Option<String>,
    /// Source.
    pub source: Option<String>,
    /// Language.
    pub language: Option<String>,
    /// Excerpt with the query words marked.
    pub snippet: Snippet,
}

/// Answer to a [`SearchQuery`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchResults {
    /// Articles matching, in total.
    pub total: u64,
    /// The best `limit` of them.
    pub hits: Vec<SearchHit>,
    /// Counts over all matching articles.
    pub facets: Facets,
    /// True when the hit set was large (over 1,000 articles) and the
    /// entity facet counts are estimates: counted on every k-th matching
    /// article and multiplied by k. The other facets and `total` are
    /// always exact.
    pub facets_sampled: bool,
    /// Entities the `--entity` argument was resolved to (empty when not
    /// given or when nothing matched, in which case there are no hits).
    pub entity_matches: Vec<EntitySummary>,
    /// Entities the `--speaker` argument was resolved to.
    pub speaker_matches: Vec<EntitySummary>,
}

/// One quote with its attribution and article.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteHit {
    /// Article the quote is in.
    pub article_id: String,
    /// The article's headline.
    pub title: Option<String>,
    /// The article's publication date.
    pub published: Option<String>,
    /// The article's source.
    pub source: Option<String>,
    /// The quoted or reported words.
    pub text: String,
    /// `direct`, `indirect` or `mixed`.
    pub kind: lagebild_quotes::QuoteKind,
    /// Speaker's name, when known.
    pub speaker: Option<String>,
    /// Archive-wide key of the speaker entity, when resolved.
    pub speaker_key: Option<String>,
    /// Speaker's stated role.
    pub role: Option<String>,
    /// The cue ("sagt", "zufolge").
    pub cue: Option<String>,
    /// Position of the quote in the article text (code points).
    pub start: usize,
    /// End of the quote (code points, exclusive).
    pub end: usize,
}

/// Answer to a [`QuoteQuery`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct QuoteResults {
    /// Quotes matching, in total.
    pub total: u64,
    /// Newest first (by relevance when words were given).
    pub quotes: Vec<QuoteHit>,
    /// What `--speaker` resolved to.
    pub speaker_matches: Vec<EntitySummary>,
    /// What `--about` resolved to.
    pub about_matches: Vec<EntitySummary>,
}

/// An actor of a stored event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventActor {
    /// Canonical name ("Nordkorea" for "Nordkoreas Machthaber Kim Jong Un").
    pub name: String,
    /// Archive-wide entity key, when the actor is a known entity (usable
    /// with `timeline`, `cooccur`, `search --entity`).
    pub key: Option<String>,
}

/// One event with its article.
#[derive(Debug, Clone, Serialize)]
pub struct EventHit {
    /// Article the event is in.
    pub article_id: String,
    /// The article's headline.
    pub title: Option<String>,
    /// The article's publication date.
    pub published: Option<String>,
    /// The article's (news) source.
    pub source: Option<String>,
    /// PLOVER type (`CONSULT`).
    #[serde(rename = "type")]
    pub event_type: lagebild_events::EventType,
    /// PLOVER mode (`visit`), when known.
    pub mode: Option<String>,
    /// `asserted`, `expected`, `alleged`, `denied` or `negated`.
    pub status: lagebild_events::Status,
    /// Who acts, when the text names them.
    pub actor: Option<EventActor>,
    /// Who is acted upon, for directed events.
    pub target: Option<EventActor>,
    /// The event's date (TIMEX3 value, else the publication date).
    pub date: Option<String>,
    /// The trigger words ("wirft vor").
    pub trigger: String,
    /// The sentence the event was found in.
    pub sentence: String,
    /// Start of that sentence in the article text (code points).
    pub sentence_start: usize,
    /// End of that sentence (code points, exclusive).
    pub sentence_end: usize,
}

/// Answer to an [`EventQuery`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct EventResults {
    /// Events matching, in total.
    pub total: u64,
    /// Newest first (by the event's date).
    pub events: Vec<EventHit>,
    /// Entities `source` resolved to (empty when not given, or when it
    /// matched only actor names without an entity).
    pub source_matches: Vec<EntitySummary>,
    /// Entities `target` resolved to.
    pub target_matches: Vec<EntitySummary>,
}

/// Mentions of an entity over time.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timeline {
    /// Entities the argument resolved to (all are counted together).
    pub entities: Vec<EntitySummary>,
    /// Period granularity used.
    pub by: Granularity,
    /// Articles per period, oldest first.
    pub periods: Vec<ValueCount>,
    /// Articles without a usable date.
    pub undated: u64,
    /// Articles whose date is coarser than the period (a month-only date
    /// in a timeline by day).
    pub coarser_than_period: u64,
}

/// Who appears with an entity.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Cooccurrence {
    /// Entities the argument resolved to.
    pub entities: Vec<EntitySummary>,
    /// Articles mentioning them.
    pub articles: u64,
    /// Other entities in those articles, by number of shared articles.
    pub partners: Vec<EntityCount>,
}

/// The query side of an archive. Every command and the HTTP server go
/// through this trait, so a server-grade backend (PostgreSQL) can be added
/// without touching them.
pub trait Archive: Send + Sync {
    /// Number of articles stored.
    fn article_count(&self) -> Result<u64, StoreError>;
    /// Ranked hits with snippets and facets.
    fn search(&self, query: &SearchQuery) -> Result<SearchResults, StoreError>;
    /// Quotes with speakers.
    fn quotes(&self, query: &QuoteQuery) -> Result<QuoteResults, StoreError>;
    /// Events between actors, newest first.
    fn events(&self, query: &EventQuery) -> Result<EventResults, StoreError>;
    /// Most-mentioned entities.
    fn entities(&self, query: &EntityQuery) -> Result<Vec<EntityCount>, StoreError>;
    /// Articles mentioning an entity, by period.
    fn timeline(
        &self,
        entity: &str,
        filter: &Filter,
        by: Granularity,
    ) -> Result<Timeline, StoreError>;
    /// Entities sharing articles with an entity.
    fn cooccur(
        &self,
        entity: &str,
        filter: &Filter,
        top: usize,
    ) -> Result<Cooccurrence, StoreError>;
    /// Entities a name may refer to: exact alias first (folded), else
    /// every entity having all the name's words among its aliases.
    fn resolve_entity(
        &self,
        name: &str,
        entity_type: Option<EntityType>,
    ) -> Result<Vec<EntitySummary>, StoreError>;
    /// One article with all its layers.
    fn article(&self, id: &str) -> Result<Option<Document>, StoreError>;
    /// Every article matching a query, in storage order, streamed to `sink`
    /// (export); returns how many were passed.
    fn for_each_article(
        &self,
        query: &SearchQuery,
        sink: &mut dyn FnMut(Document) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError>;
}

/// What happened to one article offered to [`ArchiveWriter::add_batch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    /// Stored.
    Added,
    /// Already stored (same text, or same canonical URL); skipped.
    Duplicate,
    /// Refused, with the reason (e.g. an id already used by another text).
    Refused(String),
}

/// The write side of an archive: batches are atomic, so a crash leaves
/// whole batches or nothing.
pub trait ArchiveWriter {
    /// Whether an article would be a duplicate or refused, judged before
    /// the expensive analysis (the text never changes during analysis).
    fn admission(&self, doc: &Document) -> Admission;
    /// Stores a batch of analysed articles and makes them durable and
    /// visible to readers in one step.
    fn add_batch(&mut self, docs: Vec<Document>) -> Result<Vec<Admission>, StoreError>;
}
