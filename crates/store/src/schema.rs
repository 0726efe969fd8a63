//! The one tantivy schema of the archive. Articles, quotes, events and
//! entity cards are documents of one index (told apart by `kind`), so that
//! one tantivy commit makes a whole batch of all of them visible
//! atomically: the crash-safety of the archive is tantivy's commit,
//! nothing home-made.

use crate::analysis;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

/// `kind` of an article document.
pub(crate) const ARTICLE: &str = "article";
/// `kind` of a quote document.
pub(crate) const QUOTE: &str = "quote";
/// `kind` of an event document (one per event between actors).
pub(crate) const EVENT: &str = "event";
/// `kind` of an entity card (one per archive-wide entity: name, aliases).
pub(crate) const CARD: &str = "entity";

/// Fast-field names read by collectors.
pub(crate) mod column {
    pub(crate) const ID: &str = "id";
    pub(crate) const HASH: &str = "hash";
    pub(crate) const URL: &str = "url";
    pub(crate) const SOURCE: &str = "source";
    pub(crate) const MONTH: &str = "month";
    pub(crate) const DAY: &str = "day";
    pub(crate) const DATE: &str = "date";
    pub(crate) const ENTITY: &str = "entity";
    pub(crate) const LANGUAGE: &str = "language";
}

/// Handles of the schema's fields.
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    /// `article`, `quote` or `entity`.
    pub(crate) kind: Field,
    /// Article id (quotes carry their article's id).
    pub(crate) id: Field,
    /// SHA-256 of the article text: the dedupe key.
    pub(crate) hash: Field,
    /// Canonical URL: a second dedupe key.
    pub(crate) url: Field,
    /// Language code, also a fast field for the language facet.
    pub(crate) language: Field,
    /// Folded for filtering, raw in the fast field for facets.
    pub(crate) source: Field,
    /// Publication date at its precision (`2023`, `2023-09`, `2023-09-12`).
    pub(crate) day: Field,
    pub(crate) month: Field,
    /// First day of the publication period, for ranges and sorting.
    pub(crate) date: Field,
    /// Text of German (and unknown-language) articles and quotes.
    pub(crate) text_de: Field,
    /// Text of English articles and quotes.
    pub(crate) text_en: Field,
    /// Entity keys `TYPE|key`, once per mention.
    pub(crate) entity: Field,
    /// Keys of the speakers quoted.
    pub(crate) speaker_key: Field,
    /// Names of the speakers quoted, as words.
    pub(crate) speaker_name: Field,
    /// Event: PLOVER type (`CONSULT`).
    pub(crate) event_type: Field,
    /// Event: archive-wide key of the acting entity.
    pub(crate) actor_key: Field,
    /// Event: name of the acting actor, as words (actors the events stage
    /// found without an entity have only a name).
    pub(crate) actor_name: Field,
    /// Event: key of the entity acted upon.
    pub(crate) target_key: Field,
    /// Event: name of the target, as words.
    pub(crate) target_name: Field,
    /// Card: folded aliases, whole.
    pub(crate) alias: Field,
    /// Card: alias words.
    pub(crate) alias_words: Field,
    /// Card: its entity key, to replace the card when it grows.
    pub(crate) card_key: Field,
    /// The stored record (document, quote or card JSON).
    pub(crate) record: Field,
    /// Article: what a hit list shows (id, title, date, source, language,
    /// the text's first bytes for the snippet), so a search decodes a few
    /// KB per hit instead of the whole document with its layers.
    pub(crate) head: Field,
}

fn analysed(tokenizer: &str, positions: bool) -> TextOptions {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::Basic
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}

impl Fields {
    pub(crate) fn schema() -> Schema {
        let mut b = Schema::builder();
        b.add_text_field("kind", STRING);
        b.add_text_field(column::ID, STRING | FAST);
        b.add_text_field(column::HASH, STRING | FAST);
        b.add_text_field(column::URL, STRING | FAST);
        b.add_text_field(column::LANGUAGE, STRING | FAST);
        b.add_text_field(
            column::SOURCE,
            analysed(analysis::KEYWORD, false).set_fast("raw"),
        );
        b.add_text_field(column::DAY, STRING | FAST);
        b.add_text_field(column::MONTH, STRING | FAST);
        b.add_date_field(column::DATE, INDEXED | FAST);
        b.add_text_field("text_de", analysed(analysis::GERMAN, true));
        b.add_text_field("text_en", analysed(analysis::ENGLISH, true));
        b.add_text_field(column::ENTITY, STRING | FAST);
        b.add_text_field("speaker_key", STRING);
        b.add_text_field("speaker_name", analysed(analysis::NAME, false));
        b.add_text_field("event_type", STRING);
        b.add_text_field("actor_key", STRING);
        b.add_text_field("actor_name", analysed(analysis::NAME, false));
        b.add_text_field("target_key", STRING);
        b.add_text_field("target_name", analysed(analysis::NAME, false));
        b.add_text_field("alias", STRING);
        b.add_text_field("alias_words", analysed(analysis::NAME, false));
        b.add_text_field("card_key", STRING);
        b.add_text_field("record", STORED);
        b.add_text_field("head", STORED);
        b.build()
    }

    /// Looks the fields up by name; fails on an index of another layout.
    pub(crate) fn of(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            kind: f("kind")?,
            id: f(column::ID)?,
            hash: f(column::HASH)?,
            url: f(column::URL)?,
            language: f(column::LANGUAGE)?,
            source: f(column::SOURCE)?,
            day: f(column::DAY)?,
            month: f(column::MONTH)?,
            date: f(column::DATE)?,
            text_de: f("text_de")?,
            text_en: f("text_en")?,
            entity: f(column::ENTITY)?,
            speaker_key: f("speaker_key")?,
            speaker_name: f("speaker_name")?,
            event_type: f("event_type")?,
            actor_key: f("actor_key")?,
            actor_name: f("actor_name")?,
            target_key: f("target_key")?,
            target_name: f("target_name")?,
            alias: f("alias")?,
            alias_words: f("alias_words")?,
            card_key: f("card_key")?,
            record: f("record")?,
            head: f("head")?,
        })
    }

    /// The full-text field for a language (German unless `en`, since
    /// lagebild is German first).
    pub(crate) fn text_for(&self, language: Option<&str>) -> Field {
        match language {
            Some("en") => self.text_en,
            _ => self.text_de,
        }
    }
}
