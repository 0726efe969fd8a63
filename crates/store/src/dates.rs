//! Publication dates at the precision the source gives them ("2023",
//! "2023-09", "2023-09-12", or a full timestamp), and the periods the
//! timeline groups them into.

use crate::StoreError;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// How precisely a date is known; the discriminant is what a backend
/// stores (1 year, 2 month, 3 day), so every backend agrees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    /// `2023`
    Year = 1,
    /// `2023-09`
    Month = 2,
    /// `2023-09-12` or a timestamp
    Day = 3,
}

/// A date known to a precision: the first day of the period it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownDate {
    /// First day of the period the date names.
    pub first_day: NaiveDate,
    /// How much of the date is known.
    pub precision: Precision,
}

impl KnownDate {
    /// Reads the ISO 8601 forms of the document contract; `None` for
    /// anything else (such an article counts as undated).
    pub fn parse(text: &str) -> Option<KnownDate> {
        let text = text.trim();
        let date_part = text.get(..10).filter(|_| text.len() > 10).unwrap_or(text);
        let mut parts = date_part.splitn(3, '-');
        let year: i32 = parse_digits(parts.next()?, 4)?;
        let (month, day, precision) = match (parts.next(), parts.next()) {
            (None, _) => (1, 1, Precision::Year),
            (Some(m), None) => (parse_digits(m, 2)?, 1, Precision::Month),
            (Some(m), Some(d)) => (parse_digits(m, 2)?, parse_digits(d, 2)?, Precision::Day),
        };
        let first_day = NaiveDate::from_ymd_opt(year, month, day)?;
        Some(KnownDate {
            first_day,
            precision,
        })
    }

    /// The last day of the period (for inclusive `--to` bounds).
    pub fn last_day(&self) -> NaiveDate {
        let next = match self.precision {
            Precision::Day => return self.first_day,
            Precision::Month => add_months(self.first_day, 1),
            Precision::Year => NaiveDate::from_ymd_opt(self.first_day.year() + 1, 1, 1),
        };
        next.and_then(|d| d.pred_opt()).unwrap_or(self.first_day)
    }

    /// The date as stored for grouping, at its own precision.
    pub(crate) fn label(&self) -> String {
        match self.precision {
            Precision::Year => format!("{:04}", self.first_day.year()),
            Precision::Month => self.first_day.format("%Y-%m").to_string(),
            Precision::Day => self.first_day.format("%Y-%m-%d").to_string(),
        }
    }

    /// "2023-09" when the month is known.
    pub(crate) fn month_label(&self) -> Option<String> {
        (self.precision >= Precision::Month).then(|| self.first_day.format("%Y-%m").to_string())
    }

    /// Midnight UTC of the first day, for range filters and sorting.
    pub(crate) fn timestamp(&self) -> i64 {
        index_timestamp(self.first_day)
    }
}

/// Seconds either side of 1970 that the index's date field holds: it
/// counts nanoseconds in an i64 (about 1677 to 2262), and a date outside
/// would wrap around, so `--to 1000` would match everything.
const INDEXABLE_SECONDS: i64 = 9_000_000_000;

/// Midnight UTC of a day in seconds, clamped to what the index can hold
/// (no article or filter date is near the limits, so order is kept).
pub(crate) fn index_timestamp(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or(0)
        .clamp(-INDEXABLE_SECONDS, INDEXABLE_SECONDS)
}

fn add_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    date.checked_add_months(chrono::Months::new(months))
}

fn parse_digits<T: std::str::FromStr>(text: &str, width: usize) -> Option<T> {
    (text.len() == width && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok())?
}

/// A date given on the command line (`--from`, `--to`).
pub fn parse_argument(text: &str) -> Result<KnownDate, StoreError> {
    KnownDate::parse(text).ok_or_else(|| StoreError::Date(text.to_string()))
}

/// The period a timeline counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// Calendar days (`2023-09-12`).
    Day,
    /// ISO weeks (`2023-W37`).
    Week,
    /// Calendar months (`2023-09`).
    #[default]
    Month,
}

impl Granularity {
    /// The period a date falls in, or `None` when the date is known less
    /// precisely than the period (a month-only date has no day or week).
    pub(crate) fn period_of(self, date: &KnownDate) -> Option<String> {
        match self {
            Granularity::Day => (date.precision == Precision::Day).then(|| date.label()),
            Granularity::Week => (date.precision == Precision::Day).then(|| {
                let week = date.first_day.iso_week();
                format!("{:04}-W{:02}", week.year(), week.week())
            }),
            Granularity::Month => date.month_label(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_contract_forms_at_their_precision() {
        let d = KnownDate::parse("2023-09").expect("month");
        assert_eq!(d.precision, Precision::Month);
        assert_eq!(d.label(), "2023-09");
        assert_eq!(d.last_day().to_string(), "2023-09-30");
        let t = KnownDate::parse("2023-09-12T10:00:00+02:00").expect("timestamp");
        assert_eq!(t.label(), "2023-09-12");
        assert_eq!(
            KnownDate::parse("2024").map(|d| d.last_day().to_string()),
            Some("2024-12-31".into())
        );
        assert_eq!(KnownDate::parse("12.09.2023"), None);
        assert_eq!(KnownDate::parse("2023-13"), None);
        assert!(parse_argument("gestern").is_err());
        let ancient = KnownDate::parse("1000").expect("year 1000");
        let modern = KnownDate::parse("1990").expect("year 1990");
        assert!(ancient.timestamp() < modern.timestamp());
        assert!(ancient.timestamp() >= -INDEXABLE_SECONDS);
    }

    #[test]
    fn periods_respect_precision() {
        let day = KnownDate::parse("2023-09-12").expect("day");
        assert_eq!(
            Granularity::Week.period_of(&day).as_deref(),
            Some("2023-W37")
        );
        assert_eq!(
            Granularity::Month.period_of(&day).as_deref(),
            Some("2023-09")
        );
        let month = KnownDate::parse("2023-09").expect("month");
        assert_eq!(Granularity::Day.period_of(&month), None);
        assert_eq!(
            Granularity::Month.period_of(&month).as_deref(),
            Some("2023-09")
        );
    }
}
