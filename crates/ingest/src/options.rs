//! What the caller tells the readers: `--verbatim`, `--lang`, `--published`
//! and `--map`.

use std::fmt;
use std::str::FromStr;

/// How inputs are turned into documents. The same options drive
/// `lagebild analyze` and `lagebild ingest`, so both read inputs alike.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Take each text exactly as given, without structure recovery, so that
    /// offsets refer to the input (pre-cleaned research corpora).
    pub verbatim: bool,
    /// Language to assume where the input does not say (`de`, `en`).
    pub language: Option<String>,
    /// Publication date to assume where the input does not say (ISO 8601).
    pub published: Option<String>,
    /// Where to find fields whose names or columns are not the usual ones.
    pub field_map: FieldMap,
}

/// An article field that input records can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The article text.
    Text,
    /// The headline.
    Title,
    /// The line above the headline.
    Kicker,
    /// The lead paragraph.
    Teaser,
    /// Publication date.
    Published,
    /// Canonical URL.
    Url,
    /// Caller's id, carried through unchanged.
    Id,
    /// Language code.
    Language,
    /// Bylines.
    Authors,
}

impl Field {
    const ALL: [Field; 9] = [
        Field::Text,
        Field::Title,
        Field::Kicker,
        Field::Teaser,
        Field::Published,
        Field::Url,
        Field::Id,
        Field::Language,
        Field::Authors,
    ];

    /// The field's name on the `--map` command line.
    pub fn name(self) -> &'static str {
        match self {
            Field::Text => "text",
            Field::Title => "title",
            Field::Kicker => "kicker",
            Field::Teaser => "teaser",
            Field::Published => "published",
            Field::Url => "url",
            Field::Id => "id",
            Field::Language => "lang",
            Field::Authors => "authors",
        }
    }

    /// The input names recognised without `--map`: those of the common
    /// crawlers and datasets (news-please, fundus, HF datasets).
    pub(crate) fn usual_names(self) -> &'static [&'static str] {
        match self {
            Field::Text => &["text", "body", "content", "maintext"],
            Field::Title => &["title", "headline"],
            Field::Kicker => &["kicker"],
            Field::Teaser => &["teaser", "description", "lead"],
            Field::Published => &["published", "date", "date_publish"],
            Field::Url => &["url"],
            Field::Id => &["id"],
            Field::Language => &["lang", "language"],
            Field::Authors => &["authors", "author"],
        }
    }

    fn from_name(name: &str) -> Option<Field> {
        if name == "language" {
            return Some(Field::Language);
        }
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Where in an input record a value is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A JSON key or CSV header name.
    Name(String),
    /// A CSV/TSV column, counted from 1 as in `cut` and `awk`.
    Column(usize),
}

/// What a `--map` entry fills: an article field, or a key under `extra`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    Field(Field),
    Extra(String),
}

/// The `--map FIELD=SOURCE,...` table: which input key or column holds
/// which field. Unknown target names keep the value under `extra` with the
/// new name (`--map label=1`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldMap {
    entries: Vec<(Target, Source)>,
}

/// A `--map` argument that cannot be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--map entry {entry:?}: {problem} — write FIELD=SOURCE pairs separated by commas, e.g. --map text=originalText,id=documentName or --map text=2")]
pub struct FieldMapError {
    entry: String,
    problem: &'static str,
}

impl FromStr for FieldMap {
    type Err = FieldMapError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let mut entries = Vec::new();
        for entry in spec.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let fail = |problem| FieldMapError {
                entry: entry.to_string(),
                problem,
            };
            let (target, source) = entry.split_once('=').ok_or_else(|| fail("no '='"))?;
            let (target, source) = (target.trim(), source.trim());
            if target.is_empty() || source.is_empty() {
                return Err(fail("empty name"));
            }
            let target = match Field::from_name(target) {
                Some(field) => Target::Field(field),
                None => Target::Extra(target.to_string()),
            };
            let source = match source.parse::<usize>() {
                Ok(0) => return Err(fail("columns count from 1")),
                Ok(column) => Source::Column(column),
                Err(_) => Source::Name(source.to_string()),
            };
            entries.push((target, source));
        }
        Ok(FieldMap { entries })
    }
}

impl fmt::Display for FieldMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (target, source)) in self.entries.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            match target {
                Target::Field(field) => f.write_str(field.name())?,
                Target::Extra(name) => f.write_str(name)?,
            }
            match source {
                Source::Name(name) => write!(f, "={name}")?,
                Source::Column(column) => write!(f, "={column}")?,
            }
        }
        Ok(())
    }
}

impl FieldMap {
    /// Merges another map into this one; entries of `other` come later and
    /// win (several `--map` options on one command line).
    pub fn extend(&mut self, other: FieldMap) {
        self.entries.extend(other.entries);
    }

    /// The input names to look for a field under: the mapped one when
    /// `--map` names it (the last mapping wins), else the usual names.
    pub(crate) fn names_for(&self, field: Field) -> Vec<&str> {
        let mapped = self
            .entries
            .iter()
            .rev()
            .find(|(t, _)| *t == Target::Field(field));
        match mapped {
            Some((_, Source::Name(name))) => vec![name.as_str()],
            Some((_, Source::Column(_))) => Vec::new(),
            None => field.usual_names().to_vec(),
        }
    }

    /// True when `--map` says where the text is.
    pub(crate) fn maps(&self, field: Field) -> bool {
        self.entries.iter().any(|(t, _)| *t == Target::Field(field))
    }

    /// `--map` entries that rename input keys into `extra`.
    pub(crate) fn extra_entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().filter_map(|(t, s)| match (t, s) {
            (Target::Extra(target), Source::Name(source)) => {
                Some((target.as_str(), source.as_str()))
            }
            _ => None,
        })
    }

    /// True when `name` (case-insensitive) is a name the map or the usual
    /// field names know; used to tell a CSV header row from data.
    pub(crate) fn knows_name(&self, name: &str) -> bool {
        let name = name.trim().to_lowercase();
        Field::ALL
            .iter()
            .any(|f| f.usual_names().contains(&name.as_str()))
            || self
                .entries
                .iter()
                .any(|(_, s)| matches!(s, Source::Name(n) if n.to_lowercase() == name))
    }

    /// The same map with column numbers replaced by the column names of a
    /// table, so that tables are then read like JSON objects.
    pub(crate) fn with_columns_named(&self, names: &[String]) -> FieldMap {
        let entries = self
            .entries
            .iter()
            .map(|(target, source)| {
                let source = match source {
                    Source::Column(c) => match names.get(c - 1) {
                        Some(name) => Source::Name(name.clone()),
                        None => Source::Name(column_name(*c)),
                    },
                    named => named.clone(),
                };
                (target.clone(), source)
            })
            .collect();
        FieldMap { entries }
    }

    /// Adds `text=<source>` unless the map already says where the text is.
    pub(crate) fn with_text_default(mut self, source: String) -> FieldMap {
        if !self.maps(Field::Text) {
            self.entries
                .push((Target::Field(Field::Text), Source::Name(source)));
        }
        self
    }
}

/// The key a header-less table column gets (`column1`, `column2`, ...),
/// which is also where unmapped columns appear under `extra`.
pub(crate) fn column_name(column: usize) -> String {
    format!("column{column}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_columns_and_extras() {
        let map: FieldMap = "text=originalText, id=documentName,label=1,lang=3"
            .parse()
            .unwrap();
        assert_eq!(map.names_for(Field::Text), vec!["originalText"]);
        assert_eq!(map.names_for(Field::Id), vec!["documentName"]);
        assert_eq!(map.names_for(Field::Title), vec!["title", "headline"]);
        assert!(map.names_for(Field::Language).is_empty());
        let named = map.with_columns_named(&["a".into(), "b".into()]);
        assert_eq!(
            named.to_string(),
            "text=originalText,id=documentName,label=a,lang=column3"
        );
    }

    #[test]
    fn rejects_malformed_entries() {
        for bad in ["text", "=x", "text=", "text=0"] {
            let err = bad.parse::<FieldMap>().unwrap_err();
            assert!(err.to_string().contains("FIELD=SOURCE"), "{bad}: {err}");
        }
    }
}
