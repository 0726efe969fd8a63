//! Publication dates as pages write them (ISO 8601, `12.09.2023`,
//! `12. September 2023`, `September 12, 2023`, RFC 2822, URL paths) turned
//! into ISO 8601 at the precision given.

use crate::rules::month_number;

/// Earliest and latest plausible publication years; numbers outside are
/// ids, prices or typos.
const YEARS: std::ops::RangeInclusive<u32> = 1990..=2100;

/// ISO 8601 form of a date or date-time string: `2023-09-12` or
/// `2023-09-12T10:15:00+02:00` when a time is given in ISO form.
pub(crate) fn normalise(raw: &str) -> Option<String> {
    let raw = raw.trim();
    iso(raw)
        .or_else(|| numeric_dmy(raw))
        .or_else(|| with_month_name(raw))
}

fn valid(year: u32, month: u32, day: u32) -> bool {
    YEARS.contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day)
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
    let date = format!("{year:04}-{month:02}-{day:02}");
    let rest = &raw[10..];
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

fn split_zone(time: &str) -> (&str, &str) {
    if let Some(stripped) = time.strip_suffix('Z') {
        return (stripped, "Z");
    }
    match time.rfind(['+', '-']) {
        Some(i) if i >= 5 => (&time[..i], &time[i..]),
        _ => (time, ""),
    }
}

/// `12.09.2023` and `12.9.2023`, German order.
fn numeric_dmy(raw: &str) -> Option<String> {
    let token = raw
        .split_whitespace()
        .find(|t| t.matches('.').count() >= 2)?;
    let mut parts = token.trim_end_matches([',', ';']).split('.');
    let day: u32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let year: u32 = parts.next()?.get(0..4)?.parse().ok()?;
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

/// A date in a URL path: `/2023/09/12/`, `/2023-09-12/`, `/20230912/`.
pub(crate) fn from_url(url: &str) -> Option<String> {
    let path = url
        .split("://")
        .nth(1)
        .map_or(url, |rest| rest.split_once('/').map_or("", |(_, p)| p));
    let parts: Vec<&str> = path.split(['/', '?', '&', '_']).collect();
    for window in parts.windows(3) {
        let nums: Option<Vec<u32>> = window.iter().map(|p| p.parse().ok()).collect();
        if let Some(n) = nums {
            if window[0].len() == 4 && valid(n[0], n[1], n[2]) {
                return Some(format!("{:04}-{:02}-{:02}", n[0], n[1], n[2]));
            }
        }
    }
    parts
        .iter()
        .flat_map(|p| p.split(['-', '.']))
        .find_map(|p| {
            if p.len() != 8 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let (y, m, d) = (
                p[0..4].parse().ok()?,
                p[4..6].parse().ok()?,
                p[6..8].parse().ok()?,
            );
            valid(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"))
        })
        .or_else(|| {
            path.split('/').find_map(|seg| {
                let bytes = seg.as_bytes();
                (bytes.len() >= 10 && bytes[4] == b'-' && bytes[7] == b'-')
                    .then(|| iso(seg.get(0..10)?))
                    .flatten()
            })
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
}
