//! The archive's keys and dates, computed exactly as the embedded store
//! computes them (its helpers are private to `lagebild-store`, so the few
//! lines are repeated here and pinned by tests against its documented
//! values): the SHA-256 dedupe key, archive-wide entity keys, derived ids,
//! and publication dates at their precision.

use chrono::{Datelike, NaiveDate};
use lagebild_entities::Entity;
use lagebild_store::{fold_name, type_code, StoreError};
use sha2::{Digest, Sha256};

/// The dedupe key: SHA-256 of the article text, hex.
pub(crate) fn content_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Id of an article that came without one, derived from its text so that
/// a re-ingest gives the same id.
pub(crate) fn derived_id(hash: &str) -> String {
    format!("sha256:{}", &hash[..16.min(hash.len())])
}

/// Archive-wide key: type and the entity layer's key, or the folded name.
pub(crate) fn entity_key(entity: &Entity) -> String {
    let key = entity
        .key
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| fold_name(&entity.name));
    format!("{}|{}", type_code(entity.entity_type), key)
}

/// How precisely a publication date is known; stored as 1, 2, 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Precision {
    Year = 1,
    Month = 2,
    Day = 3,
}

/// A date at its precision: the first day of the period it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KnownDate {
    pub(crate) first_day: NaiveDate,
    pub(crate) precision: Precision,
}

impl KnownDate {
    /// `2023`, `2023-09`, `2023-09-12` or a timestamp starting with a
    /// day; anything else is undated.
    pub(crate) fn parse(text: &str) -> Option<KnownDate> {
        let text = text.trim();
        let date_part = text.get(..10).filter(|_| text.len() > 10).unwrap_or(text);
        let mut parts = date_part.splitn(3, '-');
        let year: i32 = digits(parts.next()?, 4)?;
        let (month, day, precision) = match (parts.next(), parts.next()) {
            (None, _) => (1, 1, Precision::Year),
            (Some(m), None) => (digits(m, 2)?, 1, Precision::Month),
            (Some(m), Some(d)) => (digits(m, 2)?, digits(d, 2)?, Precision::Day),
        };
        Some(KnownDate {
            first_day: NaiveDate::from_ymd_opt(year, month, day)?,
            precision,
        })
    }

    /// Last day of the period, for inclusive `--to` bounds.
    pub(crate) fn last_day(&self) -> NaiveDate {
        let next = match self.precision {
            Precision::Day => return self.first_day,
            Precision::Month => self.first_day.checked_add_months(chrono::Months::new(1)),
            Precision::Year => NaiveDate::from_ymd_opt(self.first_day.year() + 1, 1, 1),
        };
        next.and_then(|d| d.pred_opt()).unwrap_or(self.first_day)
    }
}

fn digits<T: std::str::FromStr>(text: &str, width: usize) -> Option<T> {
    (text.len() == width && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok())?
}

/// A `--from`/`--to` argument.
pub(crate) fn date_argument(text: &str) -> Result<KnownDate, StoreError> {
    KnownDate::parse(text).ok_or_else(|| StoreError::Date(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_derived_id_match_the_embedded_store() {
        let hash = content_hash("abc");
        assert_eq!(
            hash,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(derived_id(&hash), "sha256:ba7816bf8f01cfea");
    }

    #[test]
    fn entity_keys_use_layer_key_or_folded_name() {
        let entity = |key: Option<&str>| -> Entity {
            let mut v = serde_json::json!({"id": "e1", "name": "Kim Jong-Un", "type": "PER", "mentions": []});
            if let Some(key) = key {
                v["key"] = key.into();
            }
            serde_json::from_value(v).expect("entity JSON")
        };
        assert_eq!(entity_key(&entity(None)), "PER|kim jong un");
        assert_eq!(entity_key(&entity(Some(" per:kim "))), "PER|per:kim");
        assert_eq!(entity_key(&entity(Some(""))), "PER|kim jong un");
    }

    #[test]
    fn dates_keep_their_precision() {
        let month = KnownDate::parse("2023-09").expect("month");
        assert_eq!(month.precision, Precision::Month);
        assert_eq!(month.last_day().to_string(), "2023-09-30");
        let stamp = KnownDate::parse("2023-09-12T10:00:00+02:00").expect("timestamp");
        assert_eq!(stamp.precision, Precision::Day);
        assert_eq!(
            KnownDate::parse("2024").map(|d| d.last_day().to_string()),
            Some("2024-12-31".into())
        );
        assert_eq!(KnownDate::parse("12.09.2023"), None);
        assert_eq!(KnownDate::parse("2023-13"), None);
        assert!(date_argument("gestern").is_err());
    }
}
