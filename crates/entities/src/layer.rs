use crate::PlaceKind;
use lagebild_core::Layer;
use serde::{Deserialize, Serialize};

/// The `entities` layer: every entity of an article with all its mentions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Entities(pub Vec<Entity>);

impl Layer for Entities {
    const NAME: &'static str = "entities";
}

/// Coarse entity class, the four CoNLL/GermEval types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    /// Person.
    Per,
    /// Organisation, agency, party, company, body.
    Org,
    /// Location: country, city, region, geographic feature.
    Loc,
    /// Other names: events, nationalities used as names, works, products.
    Misc,
}

/// One real-world referent in an article: all mentions merged under a
/// canonical name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Article-local id (`e1`, `e2` ...), referenced by quotes and events.
    pub id: String,
    /// Canonical name: the longest full form mentioned, or the normalised
    /// name for known places ("Nordkorea" for "Nordkoreas").
    pub name: String,
    /// Entity class.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Every mention in the text.
    pub mentions: Vec<Mention>,
    /// ISO 3166-1 alpha-2 code of the country the entity is or stands for
    /// (Pjöngjang → KP), when it is a known place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Cross-language key that makes aliases meet across articles
    /// ("kp", "kp:pyongyang", "per:wladimir putin").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Other names for the entity (English/German exonyms, acronym
    /// expansion), for search by any alias.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// For known places: `country`, `capital` or `city`, so consumers can
    /// tell "Washington" (the US government's seat) from "Chicago".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_kind: Option<PlaceKind>,
}

/// One occurrence of an entity in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The covered text.
    pub text: String,
}
