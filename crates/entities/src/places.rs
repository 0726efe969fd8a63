//! The place normalisation table: countries, capitals and major cities with
//! their German and English names and ISO 3166-1 codes, so that "Pjöngjang"
//! and "Pyongyang" meet under one key. Generated from CLDR by
//! `scripts/ner/derive_resources.py` (`resources/places.tsv`) plus a curated
//! file of aliases and capitals (`resources/places_extra.tsv`).

use crate::lexicon::data_lines;
use std::collections::HashMap;
use std::sync::OnceLock;

/// What kind of place a table row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// A country or territory: its key is the lowercase ISO code.
    Country,
    /// The capital of its country.
    Capital,
    /// Another major city.
    City,
}

/// One place of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Cross-language key: `kp` for a country, `kp:pyongyang` for a city.
    pub key: String,
    /// ISO 3166-1 alpha-2 code of the country.
    pub country: String,
    /// Country, capital or city.
    pub kind: PlaceKind,
    /// Names, German first, then English, then aliases.
    pub names: Vec<String>,
}

impl Place {
    /// The name to show in a German or English article.
    pub fn preferred_name(&self) -> &str {
        self.names.first().map_or(self.key.as_str(), String::as_str)
    }
}

/// All places, looked up by any of their names.
pub struct PlaceTable {
    places: Vec<Place>,
    by_name: HashMap<String, usize>,
}

impl PlaceTable {
    fn parse(sources: &[&str]) -> PlaceTable {
        let mut table = PlaceTable {
            places: Vec::new(),
            by_name: HashMap::new(),
        };
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for line in sources.iter().flat_map(|s| data_lines(s)) {
            let fields: Vec<&str> = line.split('\t').collect();
            let [key, country, kind, names] = fields[..] else {
                continue;
            };
            let kind = match kind {
                "country" => PlaceKind::Country,
                "capital" => PlaceKind::Capital,
                _ => PlaceKind::City,
            };
            let index = *by_key.entry(key.to_string()).or_insert_with(|| {
                table.places.push(Place {
                    key: key.to_string(),
                    country: country.to_string(),
                    kind,
                    names: Vec::new(),
                });
                table.places.len() - 1
            });
            let place = &mut table.places[index];
            if kind == PlaceKind::Capital {
                place.kind = PlaceKind::Capital;
            }
            for name in names.split('|').map(str::trim).filter(|n| !n.is_empty()) {
                if !place.names.iter().any(|n| n == name) {
                    place.names.push(name.to_string());
                }
                // Countries win over cities of the same name (Singapur).
                if kind == PlaceKind::Country || !table.by_name.contains_key(name) {
                    table.by_name.insert(name.to_string(), index);
                }
            }
        }
        table
    }

    /// The table compiled into the binary, parsed on first use.
    pub fn get() -> &'static PlaceTable {
        static TABLE: OnceLock<PlaceTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            PlaceTable::parse(&[
                include_str!("../resources/places.tsv"),
                include_str!("../resources/places_extra.tsv"),
            ])
        })
    }

    /// The place a name stands for, exactly as written.
    pub fn lookup(&self, name: &str) -> Option<&Place> {
        self.by_name.get(name).map(|&i| &self.places[i])
    }

    /// Every name of every place.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_name.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_meet_across_languages() {
        let table = PlaceTable::get();
        let pj = table.lookup("Pjöngjang").unwrap();
        assert_eq!(pj, table.lookup("Pyongyang").unwrap());
        assert_eq!(
            (pj.country.as_str(), pj.kind, pj.key.as_str()),
            ("KP", PlaceKind::Capital, "kp:pyongyang")
        );
        assert_eq!(table.lookup("Moskau").unwrap().country, "RU");
        let us = table.lookup("Vereinigte Staaten").unwrap();
        assert_eq!(us, table.lookup("USA").unwrap());
        assert_eq!((us.key.as_str(), us.kind), ("us", PlaceKind::Country));
        let washington = table.lookup("Washington").unwrap();
        assert_eq!(
            (washington.country.as_str(), washington.kind),
            ("US", PlaceKind::Capital)
        );
        assert_eq!(
            table.lookup("Nordkorea").unwrap().preferred_name(),
            "Nordkorea"
        );
        assert!(table.lookup("Haus").is_none());
    }
}
