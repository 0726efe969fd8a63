//! How an analysed [`Document`] becomes index documents: one article
//! document, one document per quote and per event, and updates to the
//! entity cards.

use crate::analysis::fold_name;
use crate::dates::KnownDate;
use crate::schema::{Fields, ARTICLE, CARD, EVENT, QUOTE};
use crate::EntitySummary;
use lagebild_core::Document;
use lagebild_core::Span;
use lagebild_entities::{Entities, Entity, EntityType};
use lagebild_events::{Actor, Event, Events};
use lagebild_quotes::{Quote, Quotes};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};
use tantivy::{DateTime, TantivyDocument};

/// At most this many names are kept per entity card, so a hostile article
/// cannot grow one card without bound.
const MAX_ALIASES: usize = 64;

/// The dedupe key: SHA-256 of the article text, hex.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Id for an article that came without one: derived from its text, so a
/// re-ingest gives the same id.
pub fn derived_id(hash: &str) -> String {
    format!("sha256:{}", &hash[..16.min(hash.len())])
}

/// `PER`, `ORG`, `LOC`, `MISC`.
pub fn type_code(entity_type: EntityType) -> &'static str {
    match entity_type {
        EntityType::Per => "PER",
        EntityType::Org => "ORG",
        EntityType::Loc => "LOC",
        EntityType::Misc => "MISC",
    }
}

/// Reads a type code, case-insensitively.
pub fn parse_type(code: &str) -> Option<EntityType> {
    match code.to_ascii_uppercase().as_str() {
        "PER" => Some(EntityType::Per),
        "ORG" => Some(EntityType::Org),
        "LOC" => Some(EntityType::Loc),
        "MISC" => Some(EntityType::Misc),
        _ => None,
    }
}

/// Archive-wide key of an entity: its type and the entity layer's
/// cross-language `key`, or its folded name when the layer gave none.
pub fn entity_key(entity: &Entity) -> String {
    let key = entity
        .key
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty());
    let key = key
        .map(str::to_string)
        .unwrap_or_else(|| fold_name(&entity.name));
    format!("{}|{}", type_code(entity.entity_type), key)
}

/// The type encoded in an archive-wide key.
pub(crate) fn type_of_key(key: &str) -> Option<EntityType> {
    parse_type(key.split('|').next()?)
}

/// What the archive knows about one entity across articles.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct EntityCard {
    pub(crate) key: String,
    pub(crate) name: String,
    #[serde(rename = "type")]
    pub(crate) entity_type: EntityType,
    pub(crate) aliases: BTreeSet<String>,
}

impl EntityCard {
    fn new(key: String, entity: &Entity) -> Self {
        EntityCard {
            key,
            name: entity.name.clone(),
            entity_type: entity.entity_type,
            aliases: BTreeSet::new(),
        }
    }

    /// Adds the entity's names; true when the card changed.
    fn absorb(&mut self, entity: &Entity) -> bool {
        let names = std::iter::once(entity.name.as_str())
            .chain(entity.aliases.iter().map(String::as_str))
            .chain(entity.mentions.iter().map(|m| m.text.as_str()));
        let mut changed = false;
        for name in names {
            let name = name.trim();
            if name.is_empty() || name == self.name || self.aliases.len() >= MAX_ALIASES {
                continue;
            }
            changed |= self.aliases.insert(name.to_string());
        }
        changed
    }

    pub(crate) fn summary(&self) -> EntitySummary {
        EntitySummary {
            key: self.key.clone(),
            name: self.name.clone(),
            entity_type: self.entity_type,
            aliases: self.aliases.iter().cloned().collect(),
        }
    }

    pub(crate) fn to_index(&self, fields: &Fields) -> Result<TantivyDocument, serde_json::Error> {
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.kind, CARD);
        doc.add_text(fields.card_key, &self.key);
        let mut folded = BTreeSet::new();
        for name in std::iter::once(&self.name).chain(&self.aliases) {
            folded.insert(fold_name(name));
            doc.add_text(fields.alias_words, name);
        }
        for f in folded.into_iter().filter(|f| !f.is_empty()) {
            doc.add_text(fields.alias, f);
        }
        doc.add_text(fields.record, serde_json::to_string(self)?);
        Ok(doc)
    }
}

/// The entity cards of an archive, kept in memory by the writer so that a
/// card is rewritten only when an article adds a new name to it.
#[derive(Default)]
pub(crate) struct CardBook {
    cards: HashMap<String, EntityCard>,
    changed: BTreeSet<String>,
}

impl CardBook {
    pub(crate) fn insert_loaded(&mut self, card: EntityCard) {
        self.cards.insert(card.key.clone(), card);
    }

    fn note(&mut self, key: &str, entity: &Entity) {
        let card = self.cards.entry(key.to_string()).or_insert_with(|| {
            self.changed.insert(key.to_string());
            EntityCard::new(key.to_string(), entity)
        });
        if card.absorb(entity) {
            self.changed.insert(key.to_string());
        }
    }

    /// Cards changed since the last call, to be rewritten.
    pub(crate) fn take_changed(&mut self) -> Vec<&EntityCard> {
        let changed = std::mem::take(&mut self.changed);
        changed
            .into_iter()
            .filter_map(|k| self.cards.get(&k))
            .collect()
    }

    /// Number of entities known.
    pub(crate) fn len(&self) -> usize {
        self.cards.len()
    }
}

/// A quote as stored: the quote and what a reader needs of its article.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredQuote {
    pub(crate) article_id: String,
    pub(crate) title: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) source: Option<String>,
    pub(crate) speaker_key: Option<String>,
    pub(crate) quote: Quote,
}

/// An event as stored: the event, its actors' archive keys, its sentence,
/// and what a reader needs of its article.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredEvent {
    pub(crate) article_id: String,
    pub(crate) title: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) source: Option<String>,
    pub(crate) actor_key: Option<String>,
    pub(crate) target_key: Option<String>,
    pub(crate) sentence: String,
    pub(crate) event: Event,
}

/// Bytes of an article's text kept in its [`ArticleHead`]: enough for
/// the snippet of most hits (query words mostly occur early); a hit with
/// no match in them reads its full record.
const HEAD_TEXT_BYTES: usize = 4096;

/// The parts of an article a hit list shows, stored apart from the full
/// record so that a search decodes a few KB per hit, not every layer.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ArticleHead {
    #[serde(default)]
    pub(crate) id: String,
    pub(crate) title: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) source: Option<String>,
    pub(crate) language: Option<String>,
    /// The text's first [`HEAD_TEXT_BYTES`] (cut at a character boundary).
    #[serde(default)]
    pub(crate) text: String,
    /// Whether `text` is only the beginning of the article's text.
    #[serde(default)]
    pub(crate) truncated: bool,
}

impl ArticleHead {
    fn of(article: &Document) -> Self {
        let text = article.text();
        let mut cut = HEAD_TEXT_BYTES.min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        ArticleHead {
            id: article.id.clone(),
            title: article.title.clone(),
            published: article.published.clone(),
            source: article.source.clone(),
            language: article.language.clone(),
            text: text[..cut].to_string(),
            truncated: cut < text.len(),
        }
    }
}

/// The text of a stored article, decoded from its full record.
#[derive(Debug, Deserialize)]
pub(crate) struct ArticleText {
    #[serde(default)]
    pub(crate) text: String,
}

/// Fields every index document of an article (the article, its quotes and
/// events) carries, so filters apply to them without a join. `date` is
/// the document's own date (an event's), else the publication date.
fn add_article_facets(
    doc: &mut TantivyDocument,
    fields: &Fields,
    article: &Document,
    date: Option<KnownDate>,
) {
    doc.add_text(fields.id, &article.id);
    if let Some(language) = &article.language {
        doc.add_text(fields.language, language);
    }
    if let Some(source) = &article.source {
        doc.add_text(fields.source, source);
    }
    let published = || article.published.as_deref().and_then(KnownDate::parse);
    if let Some(date) = date.or_else(published) {
        doc.add_text(fields.day, date.label());
        if let Some(month) = date.month_label() {
            doc.add_text(fields.month, month);
        }
        doc.add_date(fields.date, DateTime::from_timestamp_secs(date.timestamp()));
    }
}

/// Index documents for one article (article first, then its quotes), and
/// its entities noted in the card book.
pub(crate) fn index_documents(
    article: &Document,
    hash: &str,
    fields: &Fields,
    cards: &mut CardBook,
) -> Result<Vec<TantivyDocument>, serde_json::Error> {
    let text_field = fields.text_for(article.language.as_deref());
    let entities: &[Entity] = article
        .layer::<Entities>()
        .map(|e| e.0.as_slice())
        .unwrap_or_default();
    let keys_by_local_id: HashMap<&str, String> = entities
        .iter()
        .map(|e| (e.id.as_str(), entity_key(e)))
        .collect();

    let mut doc = TantivyDocument::default();
    doc.add_text(fields.kind, ARTICLE);
    doc.add_text(fields.hash, hash);
    if let Some(url) = &article.url {
        doc.add_text(fields.url, url);
    }
    add_article_facets(&mut doc, fields, article, None);
    doc.add_text(text_field, article.text());
    for entity in entities {
        let key = &keys_by_local_id[entity.id.as_str()];
        cards.note(key, entity);
        for _ in 0..entity.mentions.len().max(1) {
            doc.add_text(fields.entity, key);
        }
    }

    let quotes: &[Quote] = article
        .layer::<Quotes>()
        .map(|q| q.0.as_slice())
        .unwrap_or_default();
    let mut out = Vec::with_capacity(1 + quotes.len());
    let mut quote_docs = Vec::with_capacity(quotes.len());
    for quote in quotes {
        let speaker_key = quote
            .speaker
            .as_ref()
            .and_then(|s| s.entity.as_deref())
            .and_then(|id| keys_by_local_id.get(id))
            .cloned();
        let mut q = TantivyDocument::default();
        q.add_text(fields.kind, QUOTE);
        add_article_facets(&mut q, fields, article, None);
        q.add_text(text_field, &quote.text);
        let mut about = BTreeSet::new();
        for entity in entities {
            if entity
                .mentions
                .iter()
                .any(|m| quote.start <= m.start && m.end <= quote.end)
            {
                about.insert(&keys_by_local_id[entity.id.as_str()]);
            }
        }
        for key in about {
            q.add_text(fields.entity, key);
        }
        if let Some(speaker) = &quote.speaker {
            for d in [&mut doc, &mut q] {
                d.add_text(fields.speaker_name, &speaker.name);
                if let Some(key) = &speaker_key {
                    d.add_text(fields.speaker_key, key);
                }
            }
        }
        let stored = StoredQuote {
            article_id: article.id.clone(),
            title: article.title.clone(),
            published: article.published.clone(),
            source: article.source.clone(),
            speaker_key,
            quote: quote.clone(),
        };
        q.add_text(fields.record, serde_json::to_string(&stored)?);
        quote_docs.push(q);
    }
    let events: &[Event] = article
        .layer::<Events>()
        .map(|e| e.0.as_slice())
        .unwrap_or_default();
    let mut event_docs = Vec::with_capacity(events.len());
    for event in events {
        event_docs.push(event_document(article, event, fields, &keys_by_local_id)?);
    }
    doc.add_text(fields.record, serde_json::to_string(article)?);
    doc.add_text(
        fields.head,
        serde_json::to_string(&ArticleHead::of(article))?,
    );
    out.push(doc);
    out.extend(quote_docs);
    out.extend(event_docs);
    Ok(out)
}

/// The index document of one event: filterable by type, by either actor's
/// key or name words, by any actor as `entity`, and dated by the event's
/// own date when the times layer gave a calendar date.
fn event_document(
    article: &Document,
    event: &Event,
    fields: &Fields,
    keys_by_local_id: &HashMap<&str, String>,
) -> Result<TantivyDocument, serde_json::Error> {
    let key_of = |actor: &Actor| {
        actor
            .entity
            .as_deref()
            .and_then(|id| keys_by_local_id.get(id))
            .cloned()
    };
    let actor_key = event.source.as_ref().and_then(key_of);
    let target_key = event.target.as_ref().and_then(key_of);
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.kind, EVENT);
    let own_date = event.date.as_deref().and_then(KnownDate::parse);
    add_article_facets(&mut doc, fields, article, own_date);
    doc.add_text(fields.event_type, event.event_type.as_str());
    let roles = [
        (
            &event.source,
            &actor_key,
            fields.actor_key,
            fields.actor_name,
        ),
        (
            &event.target,
            &target_key,
            fields.target_key,
            fields.target_name,
        ),
    ];
    for (actor, key, key_field, name_field) in roles {
        if let Some(actor) = actor {
            doc.add_text(name_field, &actor.name);
        }
        if let Some(key) = key {
            doc.add_text(key_field, key);
        }
    }
    let involved: BTreeSet<String> = [&event.source, &event.target, &event.location]
        .into_iter()
        .flatten()
        .filter_map(key_of)
        .collect();
    for key in involved {
        doc.add_text(fields.entity, key);
    }
    let sentence = article
        .slice(Span::new(event.sentence.start, event.sentence.end))
        .to_string();
    let stored = StoredEvent {
        article_id: article.id.clone(),
        title: article.title.clone(),
        published: article.published.clone(),
        source: article.source.clone(),
        actor_key,
        target_key,
        sentence,
        event: event.clone(),
    };
    doc.add_text(fields.record, serde_json::to_string(&stored)?);
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lagebild_entities::Mention;

    fn putin(key: Option<&str>) -> Entity {
        let mentions = vec![Mention {
            start: 0,
            end: 5,
            text: "Putin".into(),
        }];
        let mut value = serde_json::json!({
            "id": "e1", "name": "Wladimir Putin", "type": "PER", "mentions": mentions, "aliases": ["Vladimir Putin"],
        });
        if let Some(key) = key {
            value["key"] = key.into();
        }
        serde_json::from_value(value).expect("entity JSON")
    }

    #[test]
    fn keys_use_layer_key_or_folded_name() {
        assert_eq!(
            entity_key(&putin(Some("per:wladimir putin"))),
            "PER|per:wladimir putin"
        );
        assert_eq!(entity_key(&putin(None)), "PER|wladimir putin");
        assert_eq!(type_of_key("LOC|kp"), Some(EntityType::Loc));
    }

    #[test]
    fn cards_collect_names_and_report_changes() {
        let mut book = CardBook::default();
        let e = putin(None);
        book.note("PER|wladimir putin", &e);
        let changed = book.take_changed();
        assert_eq!(changed.len(), 1);
        assert!(changed[0].aliases.contains("Putin"));
        assert!(changed[0].aliases.contains("Vladimir Putin"));
        book.note("PER|wladimir putin", &e);
        assert!(book.take_changed().is_empty(), "no new name, no rewrite");
    }

    #[test]
    fn hash_is_stable_hex() {
        assert_eq!(
            content_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
