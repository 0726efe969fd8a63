//! From the fields of one input record (a JSON object, a table row) or one
//! text file to a [`Document`].

use crate::error::{Location, RecordError};
use crate::options::{Field, FieldMap, ReadOptions};
use crate::structure::recover_structure;
use lagebild_core::{Article, Document, Metadata};
use serde_json::{Map, Value};

/// Builds the document for one text: verbatim or with structure recovery,
/// with the caller's defaults for language and date filled in.
pub(crate) fn build_document(text: &str, mut article: Article, options: &ReadOptions) -> Document {
    fill_defaults(&mut article.meta, options);
    if options.verbatim {
        let Article {
            meta,
            title,
            kicker,
            teaser,
            ..
        } = article;
        let mut doc = Document::verbatim(meta, text.to_string());
        doc.title = title;
        doc.kicker = kicker;
        doc.teaser = teaser;
        return doc;
    }
    Document::from_article(recover_structure(text, article))
}

/// Fills language and date from the options where the input gave none.
pub(crate) fn fill_defaults(meta: &mut Metadata, options: &ReadOptions) {
    if meta.language.is_none() {
        meta.language = options.language.clone();
    }
    if meta.published.is_none() {
        meta.published = options.published.clone();
    }
}

/// Turns the fields of one record into a document. Fields the map does not
/// interpret stay under `extra`; a record without an id gets its location.
pub(crate) fn document_from_fields(
    mut fields: Map<String, Value>,
    map: &FieldMap,
    location: &Location,
    options: &ReadOptions,
) -> Result<Document, RecordError> {
    let problem =
        |problem: String, remedy: &str| RecordError::new(location.clone(), problem, remedy);
    let text_names = map.names_for(Field::Text);
    let Some(text_value) = take_first(&mut fields, &text_names) else {
        let present: Vec<&str> = fields.keys().map(String::as_str).collect();
        return Err(problem(
            format!(
                "no text field (looked for {}; the record has {})",
                text_names.join(", "),
                present.join(", ")
            ),
            "name the text field with --map text=FIELD",
        ));
    };
    let text = text_of(&text_value).ok_or_else(|| {
        problem(
            "the text field holds no text (null or an object)".into(),
            "point --map text=FIELD at a string field",
        )
    })?;

    let mut take = |field: Field| {
        take_first(&mut fields, &map.names_for(field))
            .as_ref()
            .and_then(text_of)
    };
    let title = take(Field::Title);
    let kicker = take(Field::Kicker);
    let teaser = take(Field::Teaser);
    let published = take(Field::Published).map(|d| normalise_date(&d));
    let url = take(Field::Url);
    let id = take(Field::Id);
    let language = take(Field::Language);
    let authors = match take_first(&mut fields, &map.names_for(Field::Authors)) {
        Some(Value::Array(items)) => items.iter().filter_map(text_of).collect(),
        Some(value) => text_of(&value).into_iter().collect(),
        None => Vec::new(),
    };
    if text.trim().is_empty() && title.is_none() {
        return Err(problem(
            "empty text".into(),
            "fill the text field or remove the record",
        ));
    }
    let mut extra = Map::new();
    for (target, source) in map.extra_entries() {
        if let Some(value) = fields.remove(source) {
            extra.insert(target.to_string(), value);
        }
    }
    extra.extend(fields);
    let meta = Metadata {
        id: id.unwrap_or_else(|| location.to_string()),
        url,
        language,
        published,
        authors,
        source: Some(location.input.clone()),
        extra,
    };
    let article = Article {
        meta,
        title,
        kicker,
        teaser,
        ..Default::default()
    };
    Ok(build_document(&text, article, options))
}

/// Removes and returns the first of `names` present (case-sensitive first,
/// then ignoring case, since CSV headers vary in case).
fn take_first(fields: &mut Map<String, Value>, names: &[&str]) -> Option<Value> {
    for name in names {
        if let Some(value) = fields.remove(*name) {
            return Some(value);
        }
    }
    let key = fields
        .keys()
        .find(|k| names.iter().any(|n| k.eq_ignore_ascii_case(n)))?
        .clone();
    fields.remove(&key)
}

/// A JSON value as text: strings as they are, numbers and booleans in JSON
/// notation (ids stay recognisable), arrays of paragraphs joined by blank
/// lines; `None` for null and objects.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(_) | Value::Bool(_) => Some(value.to_string()),
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(text_of)
                .collect::<Vec<_>>()
                .join("\n\n"),
        ),
        Value::Null | Value::Object(_) => None,
    }
}

/// `2019-03-04 12:00:00` (news-please) becomes ISO 8601 `2019-03-04T12:00:00`;
/// anything else is kept as given.
fn normalise_date(date: &str) -> String {
    let date = date.trim();
    let bytes = date.as_bytes();
    let date_then_time = bytes.len() >= 16
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && bytes[10] == b' '
        && bytes[11].is_ascii_digit();
    if date_then_time {
        format!("{}T{}", &date[..10], &date[11..])
    } else {
        date.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn usual_names_mapped_names_and_extras() {
        let location = Location::at_line("in.jsonl", 3);
        let options = ReadOptions {
            language: Some("de".into()),
            ..Default::default()
        };
        let record = json!({"maintext": "Ein Satz.", "headline": "Titel", "date_publish": "2019-03-04 12:00:00",
                            "id": 17, "author": ["A", "B"], "topic": "x"});
        let doc = document_from_fields(fields(record), &FieldMap::default(), &location, &options)
            .unwrap();
        assert_eq!(doc.id, "17");
        assert_eq!(doc.title.as_deref(), Some("Titel"));
        assert_eq!(doc.published.as_deref(), Some("2019-03-04T12:00:00"));
        assert_eq!(doc.language.as_deref(), Some("de"));
        assert_eq!(doc.authors, vec!["A", "B"]);
        assert_eq!(doc.extra.get("topic"), Some(&json!("x")));
        assert_eq!(doc.text(), "Titel\n\nEin Satz.");

        let map: FieldMap = "text=originalText,id=documentName,label=category"
            .parse()
            .unwrap();
        let record = json!({"originalText": "Satz eins.\n\nSatz zwei.", "documentName": "d1", "category": "c", "lang": "en"});
        let verbatim = ReadOptions {
            verbatim: true,
            ..options
        };
        let doc = document_from_fields(fields(record), &map, &location, &verbatim).unwrap();
        assert_eq!(doc.id, "d1");
        assert_eq!(doc.language.as_deref(), Some("en"));
        assert_eq!(doc.text(), "Satz eins.\n\nSatz zwei.");
        assert_eq!(doc.extra.get("label"), Some(&json!("c")));
    }

    #[test]
    fn missing_text_names_what_is_there() {
        let location = Location::at_line("in.jsonl", 9);
        let err = document_from_fields(
            fields(json!({"body_html": "x"})),
            &FieldMap::default(),
            &location,
            &ReadOptions::default(),
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("in.jsonl:9: no text field"),
            "{message}"
        );
        assert!(
            message.contains("body_html") && message.contains("--map text=FIELD"),
            "{message}"
        );
    }
}
