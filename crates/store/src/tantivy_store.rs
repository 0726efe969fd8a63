//! The embedded backend: one tantivy index in the store directory.
//!
//! Crash safety is tantivy's: documents become visible only when a commit
//! atomically replaces `meta.json`, and files of uncommitted segments are
//! garbage-collected by the next writer. Each ingest batch is one commit,
//! so a `kill -9` leaves the archive as it was after the last whole batch.

use crate::analysis;
use crate::collect::{
    count_matches, FieldCounts, MatchingDocuments, OrdinalNames, Rank, ValueCounter,
};
use crate::dates::{index_timestamp, parse_argument, KnownDate};
use crate::query::*;
use crate::records::{
    self, ArticleHead, ArticleText, CardBook, EntityCard, StoredEvent, StoredQuote,
};
use crate::schema::{column, Fields, ARTICLE, CARD, EVENT, QUOTE};
use crate::slots::QuerySlots;
use crate::{Granularity, StoreError};
use lagebild_core::Document;
use lagebild_entities::EntityType;
use lagebild_events::Actor;
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::RwLock;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::directory::error::LockError;
use tantivy::index::SegmentId;
use tantivy::merge_policy::NoMergePolicy;
use tantivy::query::{
    BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DateTime, DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher,
    TantivyDocument, TantivyError, Term,
};

/// Name of the file that marks a directory as a lagebild archive.
const FORMAT_FILE: &str = "lagebild-store.json";
/// Archive layout version; bump when the schema changes meaning.
pub const STORE_FORMAT: &str = "lagebild-store/3";
/// Memory the index writer may buffer before flushing a segment.
const WRITER_MEMORY: usize = 96 * 1024 * 1024;
/// Length of a snippet in characters.
const SNIPPET_CHARS: usize = 220;
/// Bytes of text handed to the snippet generator per try. Stemming is the
/// snippet's cost; query words mostly occur early, so the text is tried
/// window by window and the first window with a match gives the snippet
/// (worst case: stemming the whole text once, plus the overlaps).
const SNIPPET_WINDOW_BYTES: usize = 640;
/// Overlap of consecutive windows, so a phrase across a border is whole in
/// one of them.
const SNIPPET_WINDOW_OVERLAP: usize = 160;

/// Overlapping windows of `text`, cut at character boundaries.
fn text_windows(text: &str) -> impl Iterator<Item = &str> {
    let boundary = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let mut next = Some(0);
    std::iter::from_fn(move || {
        let start = next?;
        let end = boundary((start + SNIPPET_WINDOW_BYTES).min(text.len()));
        next = (end < text.len()).then(|| {
            let overlapped = boundary(end - SNIPPET_WINDOW_OVERLAP);
            if overlapped > start {
                overlapped
            } else {
                end
            }
        });
        Some(&text[start..end])
    })
}
/// Most entity cards one name may resolve to.
const MAX_RESOLVED: usize = 50;

/// Hit sets up to this many articles get exact entity facets; larger ones
/// are counted on a sample of about this many (see
/// `SearchResults::facets_sampled`).
const ENTITY_FACET_SAMPLE: u64 = 1_000;
/// Most entity names kept by [`TantivyArchive`]'s name cache before it
/// starts over (bounds memory on archives with millions of entities).
const MAX_CACHED_NAMES: usize = 200_000;

/// An archive in a directory, opened for reading.
pub struct TantivyArchive {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Display name and type per entity key, for facets and rankings: a
    /// card's name and type never change once written (later articles only
    /// add aliases), so a cached name is never stale, and a facet needs no
    /// card search per entity.
    names: RwLock<HashMap<String, (String, EntityType)>>,
    /// Facet values by segment and ordinal, for the same reason.
    ordinal_names: OrdinalNames,
    /// One running query per core, the others in line (see `slots`).
    slots: QuerySlots,
}

type Clauses = Vec<(Occur, Box<dyn Query>)>;

impl TantivyArchive {
    /// Opens an existing archive for reading; works while an ingest writes.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        if !dir.join("meta.json").exists() {
            return Err(StoreError::Missing(dir.to_path_buf()));
        }
        check_format(dir)?;
        let index = Index::open_in_dir(dir)?;
        Self::from_index(index, dir)
    }

    fn from_index(index: Index, dir: &Path) -> Result<Self, StoreError> {
        analysis::register(index.tokenizers());
        let fields = Fields::of(&index.schema()).map_err(|_| StoreError::Format {
            path: dir.to_path_buf(),
            expected: STORE_FORMAT.into(),
            found: "an index with other fields".into(),
        })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(TantivyArchive {
            index,
            reader,
            fields,
            names: RwLock::default(),
            ordinal_names: OrdinalNames::default(),
            slots: QuerySlots::per_core(),
        })
    }

    /// Opens the archive for writing, creating it when the directory is
    /// new or empty. Only one writer at a time; readers are not blocked.
    pub fn open_writer(dir: &Path) -> Result<TantivyWriter, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::io(format!("cannot create {}", dir.display()), e))?;
        let index = if dir.join("meta.json").exists() {
            check_format(dir)?;
            Index::open_in_dir(dir)?
        } else {
            write_format(dir)?;
            Index::create_in_dir(dir, Fields::schema())?
        };
        let archive = Self::from_index(index, dir)?;
        let writer = match archive.index.writer_with_num_threads(1, WRITER_MEMORY) {
            Ok(w) => w,
            Err(TantivyError::LockFailure(LockError::LockBusy, _)) => {
                return Err(StoreError::Busy(dir.to_path_buf()))
            }
            Err(e) => return Err(e.into()),
        };
        let mut known = KnownArticles::default();
        let mut cards = CardBook::default();
        archive.load_known(&mut known, &mut cards)?;
        Ok(TantivyWriter {
            archive,
            writer,
            known,
            cards,
            added: false,
        })
    }

    /// The reader's current view; the reload policy follows commits of
    /// other processes (an ingest running while the server answers).
    fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    fn load_known(
        &self,
        known: &mut KnownArticles,
        cards: &mut CardBook,
    ) -> Result<(), StoreError> {
        let searcher = self.searcher();
        let mut value = String::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let (Some(hashes), Some(ids)) = (fast.str(column::HASH)?, fast.str(column::ID)?) else {
                continue;
            };
            let urls = fast.str(column::URL)?;
            for doc in 0..segment.max_doc() {
                if segment
                    .alive_bitset()
                    .is_some_and(|alive| !alive.is_alive(doc))
                {
                    continue;
                }
                let Some(ord) = hashes.term_ords(doc).next() else {
                    continue;
                };
                value.clear();
                hashes
                    .ord_to_str(ord, &mut value)
                    .map_err(|e| StoreError::io("cannot read the hash column", e))?;
                let hash = value.clone();
                if let Some(ord) = ids.term_ords(doc).next() {
                    value.clear();
                    ids.ord_to_str(ord, &mut value)
                        .map_err(|e| StoreError::io("cannot read the id column", e))?;
                    known.ids.insert(value.clone(), hash.clone());
                }
                if let Some(ord) = urls.as_ref().and_then(|u| u.term_ords(doc).next()) {
                    value.clear();
                    if let Some(u) = &urls {
                        u.ord_to_str(ord, &mut value)
                            .map_err(|e| StoreError::io("cannot read the url column", e))?;
                    }
                    known.urls.insert(value.clone());
                }
                known.hashes.insert(hash);
            }
        }
        let all_cards = searcher.search(&self.term(self.fields.kind, CARD), &DocSetCollector)?;
        for address in all_cards {
            cards.insert_loaded(self.record(&searcher, address)?);
        }
        Ok(())
    }

    fn term(&self, field: tantivy::schema::Field, value: &str) -> TermQuery {
        TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        )
    }

    /// A document's stored record (article, quote, event or card JSON).
    fn record<T: serde::de::DeserializeOwned>(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<T, StoreError> {
        self.stored_json(searcher, address, self.fields.record)
    }

    fn stored_json<T: serde::de::DeserializeOwned>(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        field: tantivy::schema::Field,
    ) -> Result<T, StoreError> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let json = doc
            .get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or("null");
        Ok(serde_json::from_str(json)?)
    }

    fn cards(&self, searcher: &Searcher, query: &dyn Query) -> Result<Vec<EntityCard>, StoreError> {
        let top = searcher.search(query, &TopDocs::with_limit(MAX_RESOLVED).order_by_score())?;
        top.into_iter()
            .map(|(_, address)| self.record(searcher, address))
            .collect()
    }

    fn card(&self, searcher: &Searcher, key: &str) -> Result<Option<EntityCard>, StoreError> {
        Ok(self
            .cards(searcher, &self.term(self.fields.card_key, key))?
            .into_iter()
            .next())
    }

    fn resolve(
        &self,
        searcher: &Searcher,
        name: &str,
        entity_type: Option<EntityType>,
    ) -> Result<Vec<EntityCard>, StoreError> {
        let kind: Box<dyn Query> = Box::new(self.term(self.fields.kind, CARD));
        let folded = analysis::fold_name(name);
        if folded.is_empty() {
            return Ok(Vec::new());
        }
        let exact = BooleanQuery::new(vec![
            (Occur::Must, kind.box_clone()),
            (Occur::Must, Box::new(self.term(self.fields.alias, &folded))),
        ]);
        let keep = |c: &EntityCard| entity_type.is_none_or(|t| t == c.entity_type);
        let mut cards: Vec<EntityCard> = self
            .cards(searcher, &exact)?
            .into_iter()
            .filter(keep)
            .collect();
        if cards.is_empty() {
            let mut clauses: Clauses = vec![(Occur::Must, kind)];
            for word in analysis::name_words(name) {
                clauses.push((
                    Occur::Must,
                    Box::new(self.term(self.fields.alias_words, &word)),
                ));
            }
            cards = self
                .cards(searcher, &BooleanQuery::new(clauses))?
                .into_iter()
                .filter(keep)
                .collect();
        }
        cards.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(cards)
    }

    fn parse_text(&self, text: &str) -> Result<Option<Box<dyn Query>>, StoreError> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        let mut parser =
            QueryParser::for_index(&self.index, vec![self.fields.text_de, self.fields.text_en]);
        parser.set_conjunction_by_default();
        parser
            .parse_query(text)
            .map(Some)
            .map_err(|e| StoreError::Query {
                query: text.to_string(),
                reason: e.to_string(),
            })
    }

    /// Clauses of a filter for documents of `kind`; `None` when an entity
    /// argument resolves to nothing, so nothing can match.
    fn filter_clauses(
        &self,
        searcher: &Searcher,
        kind: &str,
        filter: &Filter,
        resolved: &mut Resolved,
    ) -> Result<Option<Clauses>, StoreError> {
        let f = &self.fields;
        let mut clauses: Clauses = vec![(Occur::Must, Box::new(self.term(f.kind, kind)))];
        if let Some(name) = &filter.entity {
            resolved.entities = self.resolve(searcher, name, filter.entity_type)?;
            if resolved.entities.is_empty() {
                return Ok(None);
            }
            clauses.push((Occur::Must, any_key(f.entity, &resolved.entities)));
        }
        if let Some(name) = &filter.speaker {
            resolved.speakers = self.resolve(searcher, name, Some(EntityType::Per))?;
            let roles = (f.speaker_key, f.speaker_name);
            let Some(clause) = key_or_name(&resolved.speakers, name, roles) else {
                return Ok(None);
            };
            clauses.push((Occur::Must, clause));
        }
        let from = filter.from.as_deref().map(parse_argument).transpose()?;
        let to = filter.to.as_deref().map(parse_argument).transpose()?;
        if from.is_some() || to.is_some() {
            let bound = |date: Option<chrono::NaiveDate>| match date {
                Some(d) => Bound::Included(Term::from_field_date(
                    f.date,
                    DateTime::from_timestamp_secs(index_timestamp(d)),
                )),
                None => Bound::Unbounded,
            };
            let range = RangeQuery::new(
                bound(from.map(|d| d.first_day)),
                bound(to.map(|d| d.last_day())),
            );
            clauses.push((Occur::Must, Box::new(range)));
        }
        if let Some(language) = &filter.language {
            clauses.push((
                Occur::Must,
                Box::new(self.term(f.language, &language.to_ascii_lowercase())),
            ));
        }
        if let Some(source) = &filter.source {
            clauses.push((
                Occur::Must,
                Box::new(self.term(f.source, &analysis::keyword(source))),
            ));
        }
        Ok(Some(clauses))
    }

    /// The whole query: filter clauses plus the full-text part.
    fn compile(
        &self,
        searcher: &Searcher,
        kind: &str,
        text: &str,
        filter: &Filter,
        resolved: &mut Resolved,
    ) -> Result<Option<(BooleanQuery, Option<Box<dyn Query>>)>, StoreError> {
        let text_query = self.parse_text(text)?;
        let Some(mut clauses) = self.filter_clauses(searcher, kind, filter, resolved)? else {
            return Ok(None);
        };
        if let Some(q) = &text_query {
            clauses.push((Occur::Must, q.box_clone()));
        }
        Ok(Some((BooleanQuery::new(clauses), text_query)))
    }

    /// Counted entities with names from their cards, best first.
    fn rank_entities(
        &self,
        searcher: &Searcher,
        counts: FieldCounts,
        entity_type: Option<EntityType>,
        exclude: &[EntityCard],
        by_mentions: bool,
        top: usize,
    ) -> Result<Vec<EntityCount>, StoreError> {
        let excluded: HashSet<&str> = exclude.iter().map(|c| c.key.as_str()).collect();
        let keep = |key: &str| {
            !excluded.contains(key)
                && entity_type.is_none_or(|t| records::type_of_key(key) == Some(t))
        };
        let rank: Rank = if by_mentions {
            |t| (t.occurrences, t.documents)
        } else {
            |t| (t.documents, t.occurrences)
        };
        let ranked = counts.top_values(rank, keep, top, &self.ordinal_names);
        let mut out = Vec::with_capacity(ranked.len());
        for (key, tally) in ranked {
            let Some((name, entity_type)) = self.entity_name(searcher, &key)? else {
                continue;
            };
            out.push(EntityCount {
                key,
                name,
                entity_type,
                articles: tally.documents,
                mentions: tally.occurrences,
            });
        }
        Ok(out)
    }

    /// Display name and type of an entity key: from the cache, else its
    /// card, else the key itself (an entity whose card is not committed).
    fn entity_name(
        &self,
        searcher: &Searcher,
        key: &str,
    ) -> Result<Option<(String, EntityType)>, StoreError> {
        if let Some(known) = self.names.read().ok().and_then(|n| n.get(key).cloned()) {
            return Ok(Some(known));
        }
        let Some(card) = self.card(searcher, key)? else {
            let fallback = key.split('|').nth(1).unwrap_or(key).to_string();
            return Ok(records::type_of_key(key).map(|t| (fallback, t)));
        };
        let named = (card.name, card.entity_type);
        if let Ok(mut names) = self.names.write() {
            if names.len() >= MAX_CACHED_NAMES {
                names.clear();
            }
            names.insert(key.to_string(), named.clone());
        }
        Ok(Some(named))
    }

    /// The first window of the article with a query word, highlighted;
    /// else the article's lead. Tried on the stored head's text first, and
    /// on the rest of the article (its full record) only when the head has
    /// no match and is cut.
    fn snippet(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        generators: &Generators,
        head: &ArticleHead,
    ) -> Result<Snippet, StoreError> {
        let Some(generator) = generators.for_language(searcher, head.language.as_deref())? else {
            return Ok(lead(&head.text));
        };
        let first_match = |text: &str| {
            text_windows(text)
                .map(|w| generator.snippet(w))
                .find(|s| !s.is_empty())
        };
        let mut found = first_match(&head.text);
        if found.is_none() && head.truncated {
            let full: ArticleText = self.record(searcher, address)?;
            let mut rest = head.text.len().saturating_sub(SNIPPET_WINDOW_OVERLAP);
            while !full.text.is_char_boundary(rest) {
                rest -= 1;
            }
            found = full.text.get(rest..).and_then(first_match);
        }
        if let Some(snippet) = found {
            let fragment = snippet.fragment();
            let chars = |byte: usize| fragment[..byte.min(fragment.len())].chars().count();
            let highlights = snippet
                .highlighted()
                .iter()
                .map(|r| [chars(r.start), chars(r.end)])
                .collect();
            return Ok(Snippet {
                text: fragment.to_string(),
                highlights,
            });
        }
        Ok(lead(&head.text))
    }

    /// Facet counts over a search's matching documents, and whether the
    /// entity facet was sampled. Entity values are many per article: over
    /// a large hit set they are counted on an even sample (every k-th
    /// matching document) and scaled, and the answer says so; smaller hit
    /// sets, and the other facets, count exactly.
    fn facets(
        &self,
        searcher: &Searcher,
        matches: &crate::collect::SegmentMatches,
        total: u64,
        size: usize,
        entity_type: Option<EntityType>,
    ) -> Result<(Facets, bool), StoreError> {
        let exact = [column::SOURCE, column::MONTH, column::LANGUAGE];
        let mut exact = count_matches(searcher, matches, &exact, 1)?.into_iter();
        let (sources, months, languages) = (
            exact.next().unwrap_or_default(),
            exact.next().unwrap_or_default(),
            exact.next().unwrap_or_default(),
        );
        let sample_every = total.div_ceil(ENTITY_FACET_SAMPLE).max(1);
        let mut entities = count_matches(searcher, matches, &[column::ENTITY], sample_every)?
            .pop()
            .unwrap_or_default();
        entities.scale(sample_every);
        let facets = Facets {
            entities: self.rank_entities(searcher, entities, entity_type, &[], false, size)?,
            sources: most_articles(sources, size, &self.ordinal_names),
            months: newest(months, size),
            languages: most_articles(languages, size, &self.ordinal_names),
        };
        Ok((facets, sample_every > 1))
    }

    /// Top documents by score when there are query words, else newest first.
    fn top_documents<C>(
        &self,
        searcher: &Searcher,
        query: &BooleanQuery,
        ranked_by_words: bool,
        limit: usize,
        extra: C,
    ) -> Result<(Vec<(f32, DocAddress)>, u64, C::Fruit), StoreError>
    where
        C: tantivy::collector::Collector,
    {
        let limit = limit.max(1);
        if ranked_by_words {
            let (top, count, fruit) = searcher.search(
                query,
                &(TopDocs::with_limit(limit).order_by_score(), Count, extra),
            )?;
            Ok((top, count as u64, fruit))
        } else {
            let newest = TopDocs::with_limit(limit)
                .order_by_fast_field::<DateTime>(column::DATE, Order::Desc);
            let (top, count, fruit) = searcher.search(query, &(newest, Count, extra))?;
            Ok((
                top.into_iter().map(|(_, a)| (1.0, a)).collect(),
                count as u64,
                fruit,
            ))
        }
    }
}

/// Matches documents whose actor in one role (speaker, event source or
/// target) is one of the resolved entities, or whose actor name has all
/// the words of `name` (actors found without an entity have only a name);
/// `None` when neither is possible, so nothing can match.
fn key_or_name(
    cards: &[EntityCard],
    name: &str,
    (key_field, name_field): (tantivy::schema::Field, tantivy::schema::Field),
) -> Option<Box<dyn Query>> {
    let mut either: Clauses = Vec::new();
    if !cards.is_empty() {
        either.push((Occur::Should, any_key(key_field, cards)));
    }
    let words: Clauses = analysis::name_words(name)
        .iter()
        .map(|w| {
            let term = Term::from_field_text(name_field, w);
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            (Occur::Must, Box::new(query) as Box<dyn Query>)
        })
        .collect();
    if !words.is_empty() {
        either.push((Occur::Should, Box::new(BooleanQuery::new(words))));
    }
    (!either.is_empty()).then(|| Box::new(BooleanQuery::new(either)) as Box<dyn Query>)
}

/// Documents having any of the cards' keys in `field`; one key is a plain
/// term query (a term set builds an automaton per query).
fn any_key(field: tantivy::schema::Field, cards: &[EntityCard]) -> Box<dyn Query> {
    let mut terms: Vec<Term> = cards
        .iter()
        .map(|c| Term::from_field_text(field, &c.key))
        .collect();
    if terms.len() == 1 {
        if let Some(term) = terms.pop() {
            return Box::new(TermQuery::new(term, IndexRecordOption::Basic));
        }
    }
    Box::new(TermSetQuery::new(terms))
}

fn event_actor(actor: Option<&Actor>, key: Option<String>) -> Option<EventActor> {
    actor.map(|a| EventActor {
        name: a.name.clone(),
        key,
    })
}

/// Entity arguments as resolved while compiling a query.
#[derive(Default)]
struct Resolved {
    entities: Vec<EntityCard>,
    speakers: Vec<EntityCard>,
}

/// The article's first characters, when no query word can be shown.
fn lead(text: &str) -> Snippet {
    Snippet {
        text: text.chars().take(SNIPPET_CHARS).collect(),
        highlights: Vec::new(),
    }
}

/// Snippet generators of a search's words, made on first use per language
/// (each looks up its terms' frequencies, and most hit lists are in one
/// language).
struct Generators<'q> {
    words: Option<&'q dyn Query>,
    fields: Fields,
    german: OnceCell<Option<SnippetGenerator>>,
    english: OnceCell<Option<SnippetGenerator>>,
}

impl<'q> Generators<'q> {
    fn new(words: Option<&'q dyn Query>, fields: Fields) -> Self {
        Generators {
            words,
            fields,
            german: OnceCell::new(),
            english: OnceCell::new(),
        }
    }

    /// `None` when the search has no words in this language's field.
    fn for_language(
        &self,
        searcher: &Searcher,
        language: Option<&str>,
    ) -> Result<Option<&SnippetGenerator>, StoreError> {
        let Some(words) = self.words else {
            return Ok(None);
        };
        let english = language == Some("en");
        let (cell, field) = if english {
            (&self.english, self.fields.text_en)
        } else {
            (&self.german, self.fields.text_de)
        };
        if let Some(generator) = cell.get() {
            return Ok(generator.as_ref());
        }
        // As tantivy's SnippetGenerator::create (rarer terms weigh more),
        // but with an analyzer that stems only words that may match.
        let mut terms = Vec::new();
        words.query_terms(&mut |term, _| {
            if term.field() == field {
                terms.push(term.clone());
            }
        });
        let mut weighted = std::collections::BTreeMap::new();
        for term in terms {
            let value = term.value();
            let Some(text) = value.as_str() else {
                continue;
            };
            let documents = searcher.doc_freq(&term)?;
            if documents > 0 {
                weighted.insert(text.to_string(), 1.0 / (1.0 + documents as f32));
            }
        }
        let generator = (!weighted.is_empty()).then(|| {
            let analyzer =
                analysis::snippet_analyzer(language, weighted.keys().map(String::as_str));
            SnippetGenerator::new(weighted, analyzer, field, SNIPPET_CHARS)
        });
        Ok(cell.get_or_init(|| generator).as_ref())
    }
}

fn summaries(cards: &[EntityCard]) -> Vec<EntitySummary> {
    cards.iter().map(EntityCard::summary).collect()
}

/// The `size` values with most articles (ties by value).
fn most_articles(counts: FieldCounts, size: usize, cache: &OrdinalNames) -> Vec<ValueCount> {
    counts
        .top_values(|t| (t.documents, 0), |_| true, size, cache)
        .into_iter()
        .map(|(value, t)| ValueCount {
            value,
            articles: t.documents,
        })
        .collect()
}

/// The `size` newest periods with their articles.
fn newest(counts: FieldCounts, size: usize) -> Vec<ValueCount> {
    let mut values: Vec<ValueCount> = counts
        .into_values()
        .into_iter()
        .map(|(value, t)| ValueCount {
            value,
            articles: t.documents,
        })
        .collect();
    values.sort_by(|a, b| b.value.cmp(&a.value));
    values.truncate(size);
    values
}

fn check_format(dir: &Path) -> Result<(), StoreError> {
    let path = dir.join(FORMAT_FILE);
    let found = match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("format").and_then(|f| f.as_str()).map(str::to_string))
            .unwrap_or_else(|| "an unreadable format file".into()),
        Err(_) => "a tantivy index without a lagebild format file".into(),
    };
    if found == STORE_FORMAT {
        Ok(())
    } else {
        Err(StoreError::Format {
            path: dir.to_path_buf(),
            expected: STORE_FORMAT.into(),
            found,
        })
    }
}

/// Writes the format file atomically (temporary file, then rename), so a
/// crash never leaves half of it.
fn write_format(dir: &Path) -> Result<(), StoreError> {
    let text = serde_json::json!({ "format": STORE_FORMAT }).to_string();
    let tmp = dir.join(format!("{FORMAT_FILE}.tmp"));
    std::fs::write(&tmp, text)
        .map_err(|e| StoreError::io(format!("cannot write {}", tmp.display()), e))?;
    std::fs::rename(&tmp, dir.join(FORMAT_FILE))
        .map_err(|e| StoreError::io("cannot finish the format file", e))
}

impl Archive for TantivyArchive {
    fn article_count(&self) -> Result<u64, StoreError> {
        let _slot = self.slots.acquire();
        Ok(self
            .searcher()
            .search(&self.term(self.fields.kind, ARTICLE), &Count)? as u64)
    }

    fn search(&self, query: &SearchQuery) -> Result<SearchResults, StoreError> {
        let _slot = self.slots.acquire();
        let searcher = self.searcher();
        let mut resolved = Resolved::default();
        let compiled = self.compile(
            &searcher,
            ARTICLE,
            &query.text,
            &query.filter,
            &mut resolved,
        )?;
        let mut results = SearchResults::default();
        results.entity_matches = summaries(&resolved.entities);
        results.speaker_matches = summaries(&resolved.speakers);
        let Some((compiled, text_query)) = compiled else {
            return Ok(results);
        };
        // Facets are counted over the documents collected in the same
        // pass as the top hits; a caller asking for none pays for none.
        let (top, total, matches) = if query.facet_size > 0 {
            self.top_documents(
                &searcher,
                &compiled,
                text_query.is_some(),
                query.limit,
                MatchingDocuments,
            )?
        } else {
            let (top, total, ()) = self.top_documents(
                &searcher,
                &compiled,
                text_query.is_some(),
                query.limit,
                NoExtra,
            )?;
            (top, total, Vec::new())
        };
        let generators = Generators::new(text_query.as_deref(), self.fields);
        for (score, address) in top {
            // The stored head: what a hit list shows, without decoding the
            // full record and its layers.
            let head: ArticleHead = self.stored_json(&searcher, address, self.fields.head)?;
            let snippet = self.snippet(&searcher, address, &generators, &head)?;
            results.hits.push(SearchHit {
                id: head.id,
                score,
                title: head.title,
                published: head.published,
                source: head.source,
                language: head.language,
                snippet,
            });
        }
        results.total = total;
        if query.facet_size > 0 {
            let (facets, sampled) = self.facets(
                &searcher,
                &matches,
                total,
                query.facet_size,
                query.filter.entity_type,
            )?;
            results.facets = facets;
            results.facets_sampled = sampled;
        }
        Ok(results)
    }

    fn quotes(&self, query: &QuoteQuery) -> Result<QuoteResults, StoreError> {
        let _slot = self.slots.acquire();
        let searcher = self.searcher();
        let mut resolved = Resolved::default();
        let filter = Filter {
            entity: query.about.clone().or_else(|| query.filter.entity.clone()),
            ..query.filter.clone()
        };
        let compiled = self.compile(&searcher, QUOTE, &query.text, &filter, &mut resolved)?;
        let mut results = QuoteResults {
            speaker_matches: summaries(&resolved.speakers),
            about_matches: summaries(&resolved.entities),
            ..Default::default()
        };
        let Some((compiled, text_query)) = compiled else {
            return Ok(results);
        };
        let (top, total, ()) = self.top_documents(
            &searcher,
            &compiled,
            text_query.is_some(),
            query.limit,
            NoExtra,
        )?;
        results.total = total;
        for (_, address) in top {
            let stored: StoredQuote = self.record(&searcher, address)?;
            let speaker = stored.quote.speaker.as_ref();
            results.quotes.push(QuoteHit {
                article_id: stored.article_id,
                title: stored.title,
                published: stored.published,
                source: stored.source,
                text: stored.quote.text.clone(),
                kind: stored.quote.kind,
                speaker: speaker.map(|s| s.name.clone()),
                speaker_key: stored.speaker_key,
                role: speaker.and_then(|s| s.role.clone()),
                cue: stored.quote.cue.as_ref().map(|c| c.text.clone()),
                start: stored.quote.start,
                end: stored.quote.end,
            });
        }
        Ok(results)
    }

    fn events(&self, query: &EventQuery) -> Result<EventResults, StoreError> {
        let _slot = self.slots.acquire();
        let event_type = query
            .event_type
            .as_deref()
            .map(str::parse::<lagebild_events::EventType>)
            .transpose()
            .map_err(StoreError::EventType)?;
        let searcher = self.searcher();
        let mut resolved = Resolved::default();
        let compiled = self.filter_clauses(&searcher, EVENT, &query.filter, &mut resolved)?;
        let mut results = EventResults::default();
        let Some(mut clauses) = compiled else {
            return Ok(results);
        };
        let f = &self.fields;
        if let Some(event_type) = event_type {
            clauses.push((
                Occur::Must,
                Box::new(self.term(f.event_type, event_type.as_str())),
            ));
        }
        let roles = [
            (&query.source, (f.actor_key, f.actor_name)),
            (&query.target, (f.target_key, f.target_name)),
        ];
        for (index, (name, fields)) in roles.into_iter().enumerate() {
            let Some(name) = name else { continue };
            let cards = self.resolve(&searcher, name, None)?;
            let clause = key_or_name(&cards, name, fields);
            let matches = summaries(&cards);
            if index == 0 {
                results.source_matches = matches;
            } else {
                results.target_matches = matches;
            }
            match clause {
                Some(clause) => clauses.push((Occur::Must, clause)),
                None => return Ok(results),
            }
        }
        let (top, total, ()) = self.top_documents(
            &searcher,
            &BooleanQuery::new(clauses),
            false,
            query.limit,
            NoExtra,
        )?;
        results.total = total;
        for (_, address) in top {
            let stored: StoredEvent = self.record(&searcher, address)?;
            let event = stored.event;
            results.events.push(EventHit {
                article_id: stored.article_id,
                title: stored.title,
                published: stored.published,
                source: stored.source,
                event_type: event.event_type,
                mode: event.mode,
                status: event.status,
                actor: event_actor(event.source.as_ref(), stored.actor_key),
                target: event_actor(event.target.as_ref(), stored.target_key),
                date: event.date,
                trigger: event.trigger.text,
                sentence: stored.sentence,
                sentence_start: event.sentence.start,
                sentence_end: event.sentence.end,
            });
        }
        Ok(results)
    }

    fn entities(&self, query: &EntityQuery) -> Result<Vec<EntityCount>, StoreError> {
        let _slot = self.slots.acquire();
        let searcher = self.searcher();
        let mut resolved = Resolved::default();
        let Some((compiled, _)) = self.compile(
            &searcher,
            ARTICLE,
            &query.text,
            &query.filter,
            &mut resolved,
        )?
        else {
            return Ok(Vec::new());
        };
        let tallies = searcher.search(&compiled, &ValueCounter::new(&[column::ENTITY]))?;
        let tallies = tallies.into_iter().next().unwrap_or_default();
        self.rank_entities(
            &searcher,
            tallies,
            query.filter.entity_type,
            &[],
            true,
            query.top,
        )
    }

    fn timeline(
        &self,
        entity: &str,
        filter: &Filter,
        by: Granularity,
    ) -> Result<Timeline, StoreError> {
        let _slot = self.slots.acquire();
        let searcher = self.searcher();
        let filter = Filter {
            entity: Some(entity.to_string()),
            ..filter.clone()
        };
        let mut resolved = Resolved::default();
        let compiled = self.compile(&searcher, ARTICLE, "", &filter, &mut resolved)?;
        let mut timeline = Timeline {
            entities: summaries(&resolved.entities),
            by,
            ..Default::default()
        };
        let Some((compiled, _)) = compiled else {
            return Ok(timeline);
        };
        let (total, tallies) =
            searcher.search(&compiled, &(Count, ValueCounter::new(&[column::DAY])))?;
        let mut periods: HashMap<String, u64> = HashMap::new();
        let mut dated = 0;
        let days = tallies.into_iter().next().unwrap_or_default().into_values();
        for (label, tally) in days {
            let Some(date) = KnownDate::parse(&label) else {
                continue;
            };
            dated += tally.documents;
            match by.period_of(&date) {
                Some(period) => *periods.entry(period).or_default() += tally.documents,
                None => timeline.coarser_than_period += tally.documents,
            }
        }
        timeline.undated = (total as u64).saturating_sub(dated);
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
        let _slot = self.slots.acquire();
        let searcher = self.searcher();
        let filter = Filter {
            entity: Some(entity.to_string()),
            ..filter.clone()
        };
        let mut resolved = Resolved::default();
        let compiled = self.compile(&searcher, ARTICLE, "", &filter, &mut resolved)?;
        let mut result = Cooccurrence {
            entities: summaries(&resolved.entities),
            ..Default::default()
        };
        let Some((compiled, _)) = compiled else {
            return Ok(result);
        };
        let (total, tallies) =
            searcher.search(&compiled, &(Count, ValueCounter::new(&[column::ENTITY])))?;
        result.articles = total as u64;
        let tallies = tallies.into_iter().next().unwrap_or_default();
        result.partners =
            self.rank_entities(&searcher, tallies, None, &resolved.entities, false, top)?;
        Ok(result)
    }

    fn resolve_entity(
        &self,
        name: &str,
        entity_type: Option<EntityType>,
    ) -> Result<Vec<EntitySummary>, StoreError> {
        Ok(summaries(&self.resolve(
            &self.searcher(),
            name,
            entity_type,
        )?))
    }

    fn article(&self, id: &str) -> Result<Option<Document>, StoreError> {
        let _slot = self.slots.acquire();
        let searcher = self.searcher();
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(self.term(self.fields.kind, ARTICLE)) as Box<dyn Query>,
            ),
            (Occur::Must, Box::new(self.term(self.fields.id, id))),
        ]);
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        top.first()
            .map(|(_, address)| self.record(&searcher, *address))
            .transpose()
    }

    fn for_each_article(
        &self,
        query: &SearchQuery,
        sink: &mut dyn FnMut(Document) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let searcher = self.searcher();
        let mut resolved = Resolved::default();
        let compiled: Box<dyn Query> = match self.compile(
            &searcher,
            ARTICLE,
            &query.text,
            &query.filter,
            &mut resolved,
        )? {
            Some((q, _)) => Box::new(q),
            None => return Ok(0),
        };
        let mut addresses: Vec<DocAddress> = searcher
            .search(compiled.as_ref(), &DocSetCollector)?
            .into_iter()
            .collect();
        addresses.sort();
        for address in &addresses {
            sink(self.record(&searcher, *address)?)?;
        }
        Ok(addresses.len() as u64)
    }
}

/// A collector that collects nothing, for queries needing only the top
/// documents and the count.
struct NoExtra;

impl tantivy::collector::Collector for NoExtra {
    type Fruit = ();
    type Child = NoExtra;
    fn for_segment(&self, _: u32, _: &tantivy::SegmentReader) -> tantivy::Result<NoExtra> {
        Ok(NoExtra)
    }
    fn requires_scoring(&self) -> bool {
        false
    }
    fn merge_fruits(&self, _: Vec<()>) -> tantivy::Result<()> {
        Ok(())
    }
}

impl tantivy::collector::SegmentCollector for NoExtra {
    type Fruit = ();
    fn collect(&mut self, _: tantivy::DocId, _: tantivy::Score) {}
    fn harvest(self) {}
}

/// The dedupe keys of every stored article.
#[derive(Default)]
struct KnownArticles {
    hashes: HashSet<String>,
    urls: HashSet<String>,
    /// Id → hash of its text, to tell a re-ingest from an id clash.
    ids: HashMap<String, String>,
}

/// The archive opened for writing (holds the directory's write lock).
pub struct TantivyWriter {
    archive: TantivyArchive,
    writer: IndexWriter,
    known: KnownArticles,
    cards: CardBook,
    /// Whether this writer stored any article (else `finish` has nothing
    /// to compact).
    added: bool,
}

impl TantivyWriter {
    /// The archive this writer writes, for queries in the same process.
    pub fn archive(&self) -> &TantivyArchive {
        &self.archive
    }

    /// Number of entities in the archive.
    pub fn entity_count(&self) -> usize {
        self.cards.len()
    }

    /// Waits for background segment merges, then, when this writer
    /// stored articles, compacts the archive: every query pays per segment
    /// (term look-ups, columns, facet dictionaries), and a bulk ingest
    /// leaves a dozen. See [`segments_to_merge`] for which segments are
    /// merged, so that a small daily ingest into a large archive does not
    /// rewrite the whole index. Safe to interrupt: the merged segment
    /// replaces the others in one atomic commit, or never; when another
    /// writer has taken the directory meanwhile, the merge is left to a
    /// later ingest.
    pub fn finish(self) -> Result<(), StoreError> {
        let TantivyWriter {
            archive,
            writer,
            added,
            ..
        } = self;
        writer.wait_merging_threads()?;
        let sizes: Vec<(SegmentId, u32)> = archive
            .index
            .searchable_segment_metas()?
            .iter()
            .map(|meta| (meta.id(), meta.num_docs()))
            .collect();
        let segments = segments_to_merge(&sizes);
        if !added || segments.len() < 2 {
            return Ok(());
        }
        let mut writer: IndexWriter = match archive.index.writer_with_num_threads(1, WRITER_MEMORY)
        {
            Ok(w) => w,
            Err(TantivyError::LockFailure(LockError::LockBusy, _)) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        writer.set_merge_policy(Box::new(NoMergePolicy));
        writer.merge(&segments).wait()?;
        Ok(writer.wait_merging_threads()?)
    }

    fn admission_of(&self, doc: &Document, hash: &str) -> Admission {
        if self.known.hashes.contains(hash) {
            return Admission::Duplicate;
        }
        if doc
            .url
            .as_ref()
            .is_some_and(|u| self.known.urls.contains(u))
        {
            return Admission::Duplicate;
        }
        if self.known.ids.contains_key(&doc.id) {
            return Admission::Refused(format!(
                "id {:?} is already stored with a different text; give this version its own id",
                doc.id
            ));
        }
        Admission::Added
    }
}

impl ArchiveWriter for TantivyWriter {
    fn admission(&self, doc: &Document) -> Admission {
        self.admission_of(doc, &records::content_hash(doc.text()))
    }

    /// After an error nothing of the batch is committed; drop the writer
    /// (its in-memory dedupe keys may include the lost batch).
    fn add_batch(&mut self, docs: Vec<Document>) -> Result<Vec<Admission>, StoreError> {
        let fields = self.archive.fields;
        let mut admissions = Vec::with_capacity(docs.len());
        for mut doc in docs {
            let hash = records::content_hash(doc.text());
            if doc.id.trim().is_empty() {
                doc.id = records::derived_id(&hash);
            }
            let admission = self.admission_of(&doc, &hash);
            if admission == Admission::Added {
                for index_doc in records::index_documents(&doc, &hash, &fields, &mut self.cards)? {
                    self.writer.add_document(index_doc)?;
                }
                self.known.hashes.insert(hash.clone());
                if let Some(url) = &doc.url {
                    self.known.urls.insert(url.clone());
                }
                self.known.ids.insert(doc.id.clone(), hash);
                self.added = true;
            }
            admissions.push(admission);
        }
        for card in self.cards.take_changed() {
            self.writer
                .delete_term(Term::from_field_text(fields.card_key, &card.key));
            self.writer.add_document(card.to_index(&fields)?)?;
        }
        self.writer.commit()?;
        self.archive.reader.reload()?;
        Ok(admissions)
    }
}

/// Where a store lives: a directory, the default `./lagebild-data`.
pub fn default_store_dir() -> PathBuf {
    PathBuf::from("lagebild-data")
}

/// The segments `finish` merges: all of them when the segments besides
/// the largest hold at least a quarter of its documents (after a bulk
/// ingest, a dozen similar segments become one), else only those smaller
/// ones (after a small ingest into a large archive, the new segments merge
/// with each other and the large one is left as it is). Each document is
/// thus rewritten a bounded number of times as the archive grows, and a
/// query meets at most two segments after any ingest.
fn segments_to_merge(sizes: &[(SegmentId, u32)]) -> Vec<SegmentId> {
    let Some(largest) = sizes.iter().map(|(_, docs)| *docs).max() else {
        return Vec::new();
    };
    let rest: u64 =
        sizes.iter().map(|(_, docs)| u64::from(*docs)).sum::<u64>() - u64::from(largest);
    if rest * 4 >= u64::from(largest) {
        return sizes.iter().map(|(id, _)| *id).collect();
    }
    let mut smaller: Vec<(SegmentId, u32)> = sizes.to_vec();
    smaller.sort_by_key(|(_, docs)| std::cmp::Reverse(*docs));
    smaller.into_iter().skip(1).map(|(id, _)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compaction_merges_everything_after_a_bulk_ingest_and_only_the_new_segments_after_a_small_one(
    ) {
        let ids: Vec<SegmentId> = (0..4).map(|_| SegmentId::generate_random()).collect();
        let bulk = [(ids[0], 9_000), (ids[1], 8_000), (ids[2], 7_500)];
        let mut merged = segments_to_merge(&bulk);
        merged.sort();
        let mut all = ids[..3].to_vec();
        all.sort();
        assert_eq!(merged, all);

        let daily = [(ids[0], 100_000), (ids[1], 120), (ids[2], 80), (ids[3], 3)];
        let mut merged = segments_to_merge(&daily);
        merged.sort();
        let mut new = ids[1..].to_vec();
        new.sort();
        assert_eq!(merged, new, "the large segment is not rewritten");

        // Once the small segments hold a quarter of the large one, all merge.
        let grown = [(ids[0], 100_000), (ids[1], 25_000)];
        assert_eq!(segments_to_merge(&grown).len(), 2);
        assert!(segments_to_merge(&[]).is_empty());
    }

    #[test]
    fn snippet_windows_cover_the_text_with_overlap_at_char_boundaries() {
        assert_eq!(text_windows("").collect::<Vec<_>>(), vec![""]);
        assert_eq!(text_windows("kurz").collect::<Vec<_>>(), vec!["kurz"]);
        let long = "Pjöngjang ß ".repeat(500);
        let windows: Vec<&str> = text_windows(&long).collect();
        assert!(windows.len() > 2);
        assert!(windows.iter().all(|w| w.len() <= SNIPPET_WINDOW_BYTES));
        assert!(long.ends_with(windows[windows.len() - 1]));
        // Every byte is in some window and neighbours overlap.
        let mut covered_to = 0;
        for w in &windows {
            let start = w.as_ptr() as usize - long.as_ptr() as usize;
            assert!(start <= covered_to);
            assert!(start + w.len() > covered_to || covered_to == long.len());
            covered_to = start + w.len();
        }
        assert_eq!(covered_to, long.len());
    }
}
