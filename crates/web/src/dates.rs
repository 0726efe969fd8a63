//! Publication dates as pages write them (ISO 8601, `12.09.2023`,
//! `12. September 2023`, `September 12, 2023`, RFC 2822, URL paths) turned
//! into ISO 8601 at the precision given.

use crate::rules::month_number;

/// Earliest plausible publication year: news pages on the web start in
/// the mid-1990s, so earlier "dates" are ids, prices, typos or history.
const FIRST_YEAR: u32 = 1995;
/// Two-digit years (`31.10.23`) are read as this century.
const TWO_DIGIT_CENTURY: u32 = 2000;
const SECONDS_PER_DAY: u64 = 86_400;

/// ISO 8601 form of a date or date-time string: `2023-09-12` or
/// `2023-09-12T10:15:00+02:00` when a time is given in ISO form.
pub(crate) fn normalise(raw: &str) -> Option<String> {
    let raw = raw.trim();
    iso(raw)
        .or_else(|| numeric_dmy(raw))
        .or_else(|| with_month_name(raw))
        .or_else(|| iso_within(raw))
}

/// An ISO date after a label or inside brackets: `Written: 2023-11-07
/// 15:03:30`, `( 2012-06-04 09:20:26 )`. Only the day is kept: the time
/// was not read with it.
fn iso_within(raw: &str) -> Option<String> {
    raw.split_whitespace()
        .skip(1)
        .map(|word| word.trim_matches(|c: char| !c.is_ascii_digit()))
        .filter(|word| word.len() == 10)
        .find_map(iso)
}

/// A real calendar day between [`FIRST_YEAR`] and today: a page cannot
/// have been published after it was read, so a later date is an event
/// announcement, an expiry date or a typo.
fn valid(year: u32, month: u32, day: u32) -> bool {
    year >= FIRST_YEAR
        && (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && (year, month, day) <= today()
}

/// Today's date (UTC) from the system clock, the latest possible
/// publication date.
fn today() -> (u32, u32, u32) {
    static TODAY: std::sync::OnceLock<(u32, u32, u32)> = std::sync::OnceLock::new();
    *TODAY.get_or_init(|| {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        civil_from_days(seconds / SECONDS_PER_DAY)
    })
}

/// Days since 1970-01-01 of a date on or after it (the inverse of
/// [`civil_from_days`]).
fn days_from_civil(year: u32, month: u32, day: u32) -> u64 {
    let year = u64::from(year) - u64::from(month <= 2);
    let era = year / 400;
    let year_of_era = year - era * 400;
    let shifted_month = u64::from(if month > 2 { month - 3 } else { month + 9 });
    let day_of_year = (153 * shifted_month + 2) / 5 + u64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * 146_097 + day_of_era).saturating_sub(719_468)
}

/// Year, month and day of a count of days since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`, for non-negative day counts).
fn civil_from_days(days: u64) -> (u32, u32, u32) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (
        u32::try_from(year).unwrap_or(u32::MAX),
        month as u32,
        day as u32,
    )
}

/// `2023-09-12`, `2023-09-12T10:15:00Z`, `2023-09-12 15:26:46.86+00:00`.
fn iso(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: u32 = raw.get(0..4)?.parse().ok()?;
    let month: u32 = raw.get(5..7)?.parse().ok()?;
    let day: u32 = raw.get(8..10)?.parse().ok()?;
    if !valid(year, month, day) {
        return None;
    }
    let rest = &raw[10..];
    if stored_local_midnight(rest) {
        let next_day = days_from_civil(year, month, day) + 1;
        let (year, month, day) = civil_from_days(next_day);
        return valid(year, month, day).then(|| format!("{year:04}-{month:02}-{day:02}"));
    }
    let date = format!("{year:04}-{month:02}-{day:02}");
    let time = rest
        .strip_prefix(['T', ' '])
        .filter(|t| t.len() >= 5 && t.as_bytes()[2] == b':');
    match time {
        Some(t) => {
            let (clock, zone) = split_zone(t);
            let clock = clock.split('.').next().unwrap_or(clock);
            let clock_ok =
                clock.len() >= 5 && clock.bytes().all(|b| b.is_ascii_digit() || b == b':');
            Some(if clock_ok {
                format!("{date}T{clock}{zone}")
            } else {
                date
            })
        }
        None => Some(date),
    }
}

/// Whether the time after an ISO date is 22:00 or 23:00 UTC to the
/// second: midnight in Central Europe (summer or winter time) stored in
/// UTC by a content system, which dates the article the next day
/// (`2022-11-06T23:00:00.000Z` is 7 November in Berlin).
fn stored_local_midnight(time: &str) -> bool {
    let Some(time) = time.strip_prefix(['T', ' ']) else {
        return false;
    };
    let (clock, zone) = split_zone(time);
    let clock = clock.split('.').next().unwrap_or(clock);
    matches!(zone, "Z" | "+00:00") && matches!(clock, "22:00" | "23:00" | "22:00:00" | "23:00:00")
}

fn split_zone(time: &str) -> (&str, &str) {
    if let Some(stripped) = time.strip_suffix('Z') {
        return (stripped, "Z");
    }
    match time.rfind(['+', '-']) {
        Some(i) if i >= 5 => (&time[..i], &time[i..]),
        _ => (time, ""),
    }
}

/// `12.09.2023`, `12.9.2023` and `31.10.23`, German order.
fn numeric_dmy(raw: &str) -> Option<String> {
    let token = raw
        .split_whitespace()
        .find(|t| t.matches('.').count() >= 2)?;
    let mut parts = token.trim_end_matches([',', ';']).split('.');
    let day: u32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let year_part = parts.next()?;
    let year_digits = year_part
        .find(|c: char| !c.is_ascii_digit())
        .map_or(year_part, |end| &year_part[..end]);
    let year: u32 = match year_digits.len() {
        4 => year_digits.parse().ok()?,
        2 => TWO_DIGIT_CENTURY + year_digits.parse::<u32>().ok()?,
        _ => return None,
    };
    valid(year, month, day).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// `12. September 2023`, `12 Sep 2023`, `September 12, 2023`,
/// `Tue, 12 Sep 2023 10:00:00 GMT`.
fn with_month_name(raw: &str) -> Option<String> {
    let words: Vec<&str> = raw
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        let Some(month) = month_number(word) else {
            continue;
        };
        let number =
            |w: Option<&&str>| -> Option<u32> { w?.trim_end_matches(['.', ',']).parse().ok() };
        let day_before = i.checked_sub(1).and_then(|j| number(words.get(j)));
        let after = number(words.get(i + 1));
        let after2 = number(words.get(i + 2));
        let candidates = [(day_before, after), (after, after2)];
        for (day, year) in candidates {
            if let (Some(day), Some(year)) = (day, year) {
                if valid(year, month, day) {
                    return Some(format!("{year:04}-{month:02}-{day:02}"));
                }
            }
        }
    }
    None
}

/// A date in a URL path: `/2023/09/12/`, `/2023-09-12-gipfel`,
/// `/2012-06/04/`, `/20230912/`, and day first in a slug
/// (`/12-09-2023-gipfel`, `~12-09-2023-`). Numbers of other lengths (ids,
/// years alone) are no date.
pub(crate) fn from_url(url: &str) -> Option<String> {
    // Everything after the host, an archived page's own URL included
    // (`https://web.archive.org/web/<crawl time>/http://x.cn/2012-06/04/`).
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.split_once('/').map_or("", |(_, p)| p));
    let path = path.split('#').next().unwrap_or(path);
    let numbers: Vec<&str> = path.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    let is_number = |t: &str, lengths: &[usize]| {
        lengths.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
    };
    let day_or_month = [1, 2];
    let date = |y: &str, m: &str, d: &str| {
        let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        valid(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"))
    };
    let separated = numbers.windows(3).find_map(|w| {
        if is_number(w[0], &[4]) && is_number(w[1], &day_or_month) && is_number(w[2], &day_or_month)
        {
            date(w[0], w[1], w[2])
        } else if is_number(w[0], &day_or_month)
            && is_number(w[1], &day_or_month)
            && is_number(w[2], &[4])
        {
            date(w[2], w[1], w[0])
        } else {
            None
        }
    });
    separated.or_else(|| {
        numbers
            .iter()
            .filter(|t| is_number(t, &[8]))
            .find_map(|t| date(&t[0..4], &t[4..6], &t[6..8]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_forms() {
        assert_eq!(
            normalise("2024-04-22 15:26:46.863186+00:00").as_deref(),
            Some("2024-04-22T15:26:46+00:00")
        );
        assert_eq!(
            normalise("2023-09-12T10:15:00Z").as_deref(),
            Some("2023-09-12T10:15:00Z")
        );
        assert_eq!(normalise("2023-09-12").as_deref(), Some("2023-09-12"));
        assert_eq!(normalise("2023-13-12"), None);
    }

    #[test]
    fn written_forms() {
        assert_eq!(
            normalise("12.09.2023, 14:05 Uhr").as_deref(),
            Some("2023-09-12")
        );
        assert_eq!(
            normalise("Stand: 3. März 2021").as_deref(),
            Some("2021-03-03")
        );
        assert_eq!(
            normalise("September 12, 2023").as_deref(),
            Some("2023-09-12")
        );
        assert_eq!(
            normalise("Tue, 12 Sep 2023 10:00:00 GMT").as_deref(),
            Some("2023-09-12")
        );
        assert_eq!(normalise("Montag"), None);
    }

    #[test]
    fn url_forms() {
        assert_eq!(
            from_url("https://x.de/politik/2023/09/12/gipfel.html").as_deref(),
            Some("2023-09-12")
        );
        assert_eq!(
            from_url("https://x.de/a/20230912-gipfel").as_deref(),
            Some("2023-09-12")
        );
        assert_eq!(
            from_url("https://x.de/2023-09-12-gipfel").as_deref(),
            Some("2023-09-12")
        );
        assert_eq!(from_url("https://x.de/article242242744/feuer.html"), None);
    }

    #[test]
    fn url_forms_with_the_day_first_or_split_differently() {
        assert_eq!(
            from_url("https://x.de/detail/~02-01-2022-land-zahlte-1-4-millionen#").as_deref(),
            Some("2022-01-02")
        );
        assert_eq!(
            from_url("https://x.it/newsroom/23-01-2022-wierer-jubelt/17-378.html").as_deref(),
            Some("2022-01-23")
        );
        assert_eq!(
            from_url("http://x.cn/news/2012-06/04/content_25340717.htm").as_deref(),
            Some("2012-06-04")
        );
        assert_eq!(
            from_url(
                "https://web.archive.org/web/20120611024252/http://x.cn/news/2012-06/04/c.htm"
            )
            .as_deref(),
            Some("2012-06-04")
        );
        // A year alone, or a week range without one, is no date.
        assert_eq!(
            from_url("https://x.ch/2021/22/wochenbericht-14-20-januar-2022.html"),
            None
        );
        assert_eq!(
            from_url("https://x.de/kultur/artikel/30-11-buch-1619"),
            None
        );
    }

    #[test]
    fn two_digit_years_are_this_century() {
        assert_eq!(normalise("31.10.23").as_deref(), Some("2023-10-31"));
        assert_eq!(normalise("23.09.22, 14:05").as_deref(), Some("2022-09-23"));
        // Three digits are neither form.
        assert_eq!(normalise("23.09.202"), None);
    }

    #[test]
    fn dates_before_the_web_or_after_today_are_rejected() {
        assert_eq!(normalise("1994-12-31"), None);
        assert_eq!(normalise("1995-01-01").as_deref(), Some("1995-01-01"));
        let (year, _, _) = today();
        let next_year = format!("{}-01-01", year + 1);
        assert_eq!(normalise(&next_year), None);
        assert_eq!(
            from_url(&format!("https://x.de/{}/01/01/a", year + 1)),
            None
        );
    }

    #[test]
    fn iso_dates_after_a_label_and_stored_local_midnight() {
        assert_eq!(
            normalise("Written: 2023-11-07 15:03:30 / Updated: 2023-11-08").as_deref(),
            Some("2023-11-07")
        );
        assert_eq!(
            normalise("新华网 ( 2012-06-04 09:20:26 )").as_deref(),
            Some("2012-06-04")
        );
        assert_eq!(normalise("Bestellnummer 2023-11-070"), None);
        assert_eq!(
            normalise("2022-11-06T23:00:00.000Z").as_deref(),
            Some("2022-11-07")
        );
        assert_eq!(
            normalise("2021-12-31T23:00Z").as_deref(),
            Some("2022-01-01")
        );
        assert_eq!(
            normalise("2022-11-06T23:00:01Z").as_deref(),
            Some("2022-11-06T23:00:01Z")
        );
        assert_eq!(
            normalise("2022-11-06T23:00:00+01:00").as_deref(),
            Some("2022-11-06T23:00:00+01:00")
        );
    }

    #[test]
    fn calendar_from_day_counts() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(20_420), (2025, 11, 28));
        for days in [0, 59, 60, 10_956, 19_782, 20_420] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
