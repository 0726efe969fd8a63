//! Turning a rule's value template into a TIMEX3 value.
//!
//! Rules (data) produce templates such as `this(year,-75)`,
//! `month(07)`, `weekday(1)TEV` or `P3Y`; this module resolves the function
//! calls against the publication date (`this`), the reference time tracked
//! through the article (`ref`, `day`, `refday`) and the tense of the
//! sentence (`month`, `monthday`, `weekday`, `season`, `holiday`). Keeping
//! the arithmetic here and the phrases in the resources is what lets a new
//! phrase be a data change.

use crate::calendar::{easter_sunday, plus_months, Day};

/// A date known to year, month or day precision (the publication date may
/// be `2023-09`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Anchor {
    pub(crate) year: i32,
    pub(crate) month: Option<u32>,
    pub(crate) day: Option<u32>,
}

impl Anchor {
    /// Reads the leading `YYYY[-MM[-DD]]` of an ISO date or TIMEX3 value.
    pub(crate) fn parse(value: &str) -> Option<Anchor> {
        let mut parts = value.get(..value.len().min(10))?.split('-');
        let year_text = parts.next()?;
        if year_text.len() != 4 {
            return None;
        }
        let year: i32 = year_text.parse().ok()?;
        let month = parts
            .next()
            .and_then(|m| m.get(..2))
            .and_then(|m| m.parse().ok())
            .filter(|m| (1..=12).contains(m));
        let day = month
            .and(parts.next())
            .and_then(|d| d.get(..2))
            .and_then(|d| d.parse().ok())
            .filter(|d: &u32| Day::new(year, month.unwrap_or(1), *d).is_some());
        Some(Anchor { year, month, day })
    }

    fn as_day(self) -> Option<Day> {
        Day::new(self.year, self.month?, self.day?)
    }
}

/// Tense of the sentence around an expression; decides which July "im Juli"
/// means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tense {
    /// Past-tense cues found ("war", "hatte", "said").
    Past,
    /// Future cues found ("wird", "soll", "will").
    Future,
    /// No cue: the nearest reading.
    Unknown,
}

/// The times normalisation is relative to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context {
    /// Publication date.
    pub(crate) published: Option<Anchor>,
    /// Last date to day precision mentioned (or the publication date).
    pub(crate) reference_day: Option<Anchor>,
    /// Last month mentioned (or the publication month).
    pub(crate) reference_month: Option<Anchor>,
    /// Last date of any precision mentioned (or the publication date):
    /// "the following year" after "in 1995" is 1996.
    pub(crate) reference_year: Option<Anchor>,
    /// The day a clock time ("20 Uhr") falls on: set by the tagger to the
    /// day named earlier in the same sentence, else the publication date.
    pub(crate) clock_day: Option<Anchor>,
    /// Last quarter mentioned as `year * 4 + quarter - 1`: earnings reports
    /// compare "the quarter" and "a year ago" with the quarter they report.
    pub(crate) reference_quarter: Option<i64>,
}

impl Context {
    /// A context at the start of an article.
    pub(crate) fn new(published: Option<Anchor>) -> Self {
        Context {
            published,
            reference_day: published,
            reference_month: published,
            reference_year: published,
            clock_day: published,
            reference_quarter: None,
        }
    }

    /// Moves the reference time to what an expression just resolved to.
    pub(crate) fn observe(&mut self, value: &str) {
        if let Some(index) = quarter_index(value) {
            self.reference_quarter = Some(index);
        }
        if let Some(anchor) = Anchor::parse(value) {
            self.reference_year = Some(anchor);
            if anchor.day.is_some() {
                self.reference_day = Some(anchor);
            }
            if anchor.month.is_some() {
                self.reference_month = Some(anchor);
            }
        }
    }

    /// Resolves every `name(args)` call in a template; the text around the
    /// calls is kept. `tense` is only asked for when a call needs it.
    pub(crate) fn resolve(&self, template: &str, tense: &mut dyn FnMut() -> Tense) -> String {
        let mut out = String::with_capacity(template.len() + 8);
        let mut rest = template;
        while let Some(open) = rest.find('(') {
            let name_start = rest[..open]
                .rfind(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
                .map_or(0, |i| i + 1);
            let Some(close) = rest[open..].find(')').map(|c| c + open) else {
                break;
            };
            let name = &rest[name_start..open];
            out.push_str(&rest[..name_start]);
            let args: Vec<&str> = rest[open + 1..close].split(',').map(str::trim).collect();
            out.push_str(
                &self
                    .call(name, &args, tense)
                    .unwrap_or_else(|| unknown_value(name)),
            );
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }

    fn call(&self, name: &str, args: &[&str], tense: &mut dyn FnMut() -> Tense) -> Option<String> {
        let int = |i: usize| -> Option<i64> { args.get(i)?.trim_start_matches('+').parse().ok() };
        match name {
            "this" => shift(self.published?, args.first()?, int(1)?),
            "ref" => {
                let unit = *args.first()?;
                let reference = match unit {
                    "day" | "week" | "weekend" => self.reference_day,
                    "month" | "quarter" | "halfyear" => self.reference_month,
                    _ => self.reference_year,
                };
                shift(reference.or(self.published)?, unit, int(1)?)
            }
            "month" => {
                let month = int(0)? as u32;
                let year = self.year_for((month, 0), tense())?;
                Some(format!("{year:04}-{month:02}"))
            }
            "monthday" => {
                let (month, day) = (int(0)? as u32, int(1)? as u32);
                let year = self.year_for((month, day), tense())?;
                Some(Day::new(year, month, day)?.iso())
            }
            "quarter" => {
                let quarter = int(0)?;
                let published = self.published?;
                let current = i64::from((published.month? - 1) / 3) + 1;
                // Reports look back: a quarter still ahead this year is last
                // year's unless the sentence speaks of the future.
                let year = match tense() {
                    Tense::Future => published.year,
                    _ if quarter > current => published.year - 1,
                    _ => published.year,
                };
                Some(format!("{year:04}-Q{quarter}"))
            }
            "refquarter" => {
                let offset = int(0)?;
                let index = self.reported_quarter()? + offset;
                Some(format!(
                    "{:04}-Q{}",
                    index.div_euclid(4),
                    index.rem_euclid(4) + 1
                ))
            }
            "quarter_in" => {
                let year = int(0)?;
                let quarter = self.reported_quarter()?.rem_euclid(4) + 1;
                Some(format!("{year:04}-Q{quarter}"))
            }
            "season" => {
                let season = *args.first()?;
                let year = self.published?.year;
                Some(format!("{year:04}-{season}"))
            }
            "weekday" => {
                let weekday = int(0)? as u32;
                match args.get(1).copied() {
                    Some("last") => self.weekday(weekday, Tense::Past, true),
                    Some("next") => self.weekday(weekday, Tense::Future, true),
                    _ => self.weekday(weekday, tense(), false),
                }
            }
            "weekend" => self.weekend(tense()),
            "day" => {
                let reference = self.reference_month?;
                let day = Day::new(reference.year, reference.month?, int(0)? as u32)?;
                Some(day.iso())
            }
            "refday" => Some(self.clock_day?.as_day()?.iso()),
            "year2" => {
                let short = int(0)?;
                let century = self
                    .published
                    .map_or(1900, |p| i64::from(p.year) / 100 * 100);
                let year =
                    if century + short > i64::from(self.published.map_or(9999, |p| p.year)) + 10 {
                        century - 100 + short
                    } else {
                        century + short
                    };
                Some(format!("{year:04}"))
            }
            "holiday" => {
                let tense = tense();
                let this_year = holiday_in(args.first()?, self.published?.year)?;
                let published = self.published?.as_day()?;
                let year = match tense {
                    Tense::Past if this_year > published => this_year.year - 1,
                    Tense::Future if this_year < published => this_year.year + 1,
                    _ => this_year.year,
                };
                Some(holiday_in(args.first()?, year)?.iso())
            }
            "holiday_in" => Some(holiday_in(args.first()?, int(1)? as i32)?.iso()),
            "clock" => {
                // "10 p.m." leaves the minutes empty
                let minute = match args.get(1) {
                    Some(&"") => 0,
                    _ => int(1)?,
                };
                let hour = int(0)?;
                let hour = match args.get(2).copied() {
                    Some("pm") if hour < 12 => hour + 12,
                    Some("am") if hour == 12 => 0,
                    _ => hour,
                };
                Some(format!("{hour:02}:{minute:02}"))
            }
            _ => None,
        }
    }

    /// The quarter an earnings report is about, as `year * 4 + quarter - 1`:
    /// the one last mentioned, else the last completed one.
    fn reported_quarter(&self) -> Option<i64> {
        if let Some(index) = self.reference_quarter {
            return Some(index);
        }
        let published = self.published?;
        Some(i64::from(published.year) * 4 + i64::from((published.month? - 1) / 3) - 1)
    }

    /// The year a month (and day) without year most plausibly falls in:
    /// the publication year, moved back when the sentence is in the past
    /// and the date lies after publication, forward in the mirror case;
    /// without tense cues, the year that puts the month nearest to
    /// publication ("January" in a November article is the coming one).
    fn year_for(&self, month_day: (u32, u32), tense: Tense) -> Option<i32> {
        let published = self.published?;
        let Some(pub_month) = published.month else {
            return Some(published.year);
        };
        let pub_md = (pub_month, published.day.unwrap_or(15));
        let months_ahead = i64::from(month_day.0) - i64::from(pub_month);
        Some(match tense {
            Tense::Past if month_day > pub_md && month_day.0 != pub_month => published.year - 1,
            Tense::Future if month_day < pub_md && month_day.0 != pub_month => published.year + 1,
            Tense::Unknown if months_ahead > 6 => published.year - 1,
            Tense::Unknown if months_ahead < -6 => published.year + 1,
            _ => published.year,
        })
    }

    /// The date of a weekday near publication: the next one for future
    /// sentences, else the last one (news reports what happened: 300 of
    /// 330 weekdays in the dev gold lie on or before publication).
    /// `strictly` excludes the publication day itself: said on a Monday,
    /// "last Monday" is a week ago and "next Monday" a week ahead.
    fn weekday(&self, weekday: u32, tense: Tense, strictly: bool) -> Option<String> {
        let published = self.published?.as_day()?;
        let same_day_moves = if strictly { 7 } else { 0 };
        let back = (i64::from(published.weekday()) - i64::from(weekday)).rem_euclid(7);
        let back = if back == 0 { same_day_moves } else { back };
        let forward = (i64::from(weekday) - i64::from(published.weekday())).rem_euclid(7);
        let forward = if forward == 0 {
            same_day_moves
        } else {
            forward
        };
        let offset = match tense {
            Tense::Future => forward,
            Tense::Past | Tense::Unknown => -back,
        };
        Some(published.plus_days(offset).iso())
    }

    /// The weekend "the weekend" means: the one of the publication week
    /// when published on it or when the sentence speaks of the future,
    /// else the one before (reports on Monday cover the weekend past).
    fn weekend(&self, tense: Tense) -> Option<String> {
        let published = self.published?.as_day()?;
        let on_weekend = published.weekday() >= 6;
        let weeks_back = i64::from(!on_weekend && tense != Tense::Future);
        let (year, week) = published.plus_days(-7 * weeks_back).iso_week();
        Some(format!("{year:04}-W{week:02}-WE"))
    }
}

/// What a call resolves to when the date it needs is unknown: the TIMEX3
/// placeholder of its granularity.
fn unknown_value(name: &str) -> String {
    match name {
        "month" => "XXXX-XX",
        "season" | "year2" => "XXXX",
        _ => "XXXX-XX-XX",
    }
    .to_string()
}

/// `anchor` moved by `n` units and written at that unit's granularity.
fn shift(anchor: Anchor, unit: &str, n: i64) -> Option<String> {
    let year = i64::from(anchor.year);
    Some(match unit {
        "day" => anchor
            .as_day()
            .map_or_else(|| partial(anchor), |d| d.plus_days(n).iso()),
        "week" | "weekend" => match anchor.as_day() {
            Some(d) => {
                let (y, w) = d.plus_days(7 * n).iso_week();
                let suffix = if unit == "weekend" { "-WE" } else { "" };
                format!("{y:04}-W{w:02}{suffix}")
            }
            None => format!("{:04}-WXX", anchor.year),
        },
        "month" => match anchor.month {
            Some(m) => {
                let (y, m) = plus_months(anchor.year, m, n);
                format!("{y:04}-{m:02}")
            }
            None => format!("{:04}-XX", anchor.year),
        },
        "quarter" => match anchor.month {
            Some(m) => {
                let index = year * 4 + i64::from((m - 1) / 3) + n;
                format!("{:04}-Q{}", index.div_euclid(4), index.rem_euclid(4) + 1)
            }
            None => format!("{:04}-QX", anchor.year),
        },
        "halfyear" => match anchor.month {
            Some(m) => {
                let index = year * 2 + i64::from((m - 1) / 6) + n;
                format!("{:04}-H{}", index.div_euclid(2), index.rem_euclid(2) + 1)
            }
            None => format!("{:04}-HX", anchor.year),
        },
        "year" => format!("{:04}", year + n),
        "decade" => format!("{:03}", year.div_euclid(10) + n),
        "century" => format!("{:02}", year.div_euclid(100) + n),
        _ => return None,
    })
}

/// `year * 4 + quarter - 1` of a `YYYY-Qn` value.
fn quarter_index(value: &str) -> Option<i64> {
    let (year, quarter) = value.split_once("-Q")?;
    let (year, quarter): (i64, i64) = (year.parse().ok()?, quarter.parse().ok()?);
    (year >= 0 && (1..=4).contains(&quarter)).then_some(year * 4 + quarter - 1)
}

/// A day-granular value for an anchor that lacks the day.
fn partial(anchor: Anchor) -> String {
    match anchor.month {
        Some(m) => format!("{:04}-{m:02}-XX", anchor.year),
        None => format!("{:04}-XX-XX", anchor.year),
    }
}

/// A holiday in a year: `MM-DD` for fixed ones, `E+n` / `E-n` for days
/// relative to Easter Sunday, `MM-Wn-d` for the n-th weekday d of a month
/// (Thanksgiving: `11-W4-4`).
fn holiday_in(spec: &str, year: i32) -> Option<Day> {
    if let Some(offset) = spec.strip_prefix('E') {
        let days: i64 = offset.trim_start_matches('+').parse().ok()?;
        return Some(easter_sunday(year).plus_days(days));
    }
    if let Some((month, nth)) = spec.split_once("-W") {
        let (n, weekday) = nth.split_once('-')?;
        let (n, weekday): (i64, i64) = (n.parse().ok()?, weekday.parse().ok()?);
        let first = Day::new(year, month.parse().ok()?, 1)?;
        let to_weekday = (weekday - i64::from(first.weekday())).rem_euclid(7);
        return Some(first.plus_days(to_weekday + 7 * (n - 1)));
    }
    let (m, d) = spec.split_once('-')?;
    Day::new(year, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(published: &str) -> Context {
        Context::new(Anchor::parse(published))
    }

    fn resolve(published: &str, template: &str, tense: Tense) -> String {
        context(published).resolve(template, &mut || tense)
    }

    #[test]
    fn quarters_follow_the_reported_one() {
        // A fourth quarter named in January is last year's.
        assert_eq!(
            resolve("1998-01-26", "quarter(4)", Tense::Unknown),
            "1997-Q4"
        );
        assert_eq!(
            resolve("1998-01-26", "quarter(4)", Tense::Future),
            "1998-Q4"
        );
        // Without a quarter mentioned, "a year ago" is the last completed
        // quarter a year before; after one is mentioned, that one.
        let mut context = context("1989-11-02");
        assert_eq!(
            context.resolve("refquarter(-4)", &mut || Tense::Past),
            "1988-Q3"
        );
        context.observe("1989-Q1");
        assert_eq!(
            context.resolve("refquarter(-4)", &mut || Tense::Past),
            "1988-Q1"
        );
        assert_eq!(
            context.resolve("quarter_in(1988)", &mut || Tense::Past),
            "1988-Q1"
        );
    }

    #[test]
    fn relative_to_publication() {
        assert_eq!(resolve("2023-09", "this(year,-75)", Tense::Unknown), "1948");
        assert_eq!(resolve("2023-09", "this(year,-1)", Tense::Unknown), "2022");
        assert_eq!(
            resolve("2023-09-12", "this(day,-1)", Tense::Unknown),
            "2023-09-11"
        );
        assert_eq!(
            resolve("2023-09-12", "this(week,-1)", Tense::Unknown),
            "2023-W36"
        );
        assert_eq!(
            resolve("2023-09", "this(week,-1)", Tense::Unknown),
            "2023-WXX"
        );
        assert_eq!(
            resolve("2023-01-05", "this(month,-1)", Tense::Unknown),
            "2022-12"
        );
        assert_eq!(
            resolve("1989-10-27", "this(quarter,-1)", Tense::Unknown),
            "1989-Q3"
        );
        assert_eq!(
            resolve("1995-04-07", "this(century,0)", Tense::Unknown),
            "19"
        );
        assert_eq!(
            resolve("2010-02-20", "this(day,-1)TEV", Tense::Unknown),
            "2010-02-19TEV"
        );
        assert_eq!(resolve("2010-02-20", "P3Y", Tense::Unknown), "P3Y");
    }

    #[test]
    fn tense_picks_the_year_of_a_bare_month() {
        assert_eq!(resolve("2023-09", "month(07)", Tense::Past), "2023-07");
        assert_eq!(resolve("2023-09-12", "month(11)", Tense::Past), "2022-11");
        assert_eq!(
            resolve("1989-11-02", "month(01)", Tense::Unknown),
            "1990-01"
        );
        assert_eq!(
            resolve("2023-09-12", "month(11)", Tense::Unknown),
            "2023-11"
        );
        assert_eq!(resolve("2023-09-12", "month(03)", Tense::Future), "2024-03");
        assert_eq!(
            resolve("2023-09-12", "monthday(12,24)", Tense::Future),
            "2023-12-24"
        );
    }

    #[test]
    fn weekdays_follow_tense() {
        // 2023-09-12 is a Tuesday.
        assert_eq!(
            resolve("2023-09-12", "weekday(1)", Tense::Past),
            "2023-09-11"
        );
        assert_eq!(
            resolve("2023-09-12", "weekday(1)", Tense::Future),
            "2023-09-18"
        );
        assert_eq!(
            resolve("2023-09-12", "weekday(3)", Tense::Unknown),
            "2023-09-06"
        );
        assert_eq!(
            resolve("2023-09", "weekday(3)", Tense::Unknown),
            "XXXX-XX-XX"
        );
        // "last Tuesday" / "next Tuesday" said on a Tuesday.
        assert_eq!(
            resolve("2023-09-12", "weekday(2,last)", Tense::Future),
            "2023-09-05"
        );
        assert_eq!(
            resolve("2023-09-12", "weekday(2,next)", Tense::Past),
            "2023-09-19"
        );
        assert_eq!(
            resolve("2023-09-12", "weekday(2)", Tense::Past),
            "2023-09-12"
        );
    }

    #[test]
    fn reference_time_moves() {
        let mut ctx = context("2010-02-20");
        ctx.observe("2010-02-25");
        assert_eq!(
            ctx.resolve("refday()T20:30", &mut || Tense::Unknown),
            "2010-02-20T20:30"
        );
        ctx.clock_day = Anchor::parse("2010-02-25");
        assert_eq!(
            ctx.resolve("refday()T20:30", &mut || Tense::Unknown),
            "2010-02-25T20:30"
        );
        assert_eq!(
            ctx.resolve("ref(day,1)", &mut || Tense::Unknown),
            "2010-02-26"
        );
        ctx.observe("1992-03");
        assert_eq!(ctx.resolve("day(05)", &mut || Tense::Unknown), "1992-03-05");
    }

    #[test]
    fn holidays_and_short_years() {
        assert_eq!(
            resolve("2001-12-19", "holiday(12-24)", Tense::Unknown),
            "2001-12-24"
        );
        assert_eq!(
            resolve("2023-09-12", "holiday(E+0)", Tense::Past),
            "2023-04-09"
        );
        assert_eq!(
            resolve("2023-09-12", "holiday_in(E+49,2000)", Tense::Past),
            "2000-06-11"
        );
        assert_eq!(resolve("1998-02-06", "year2(89)", Tense::Unknown), "1989");
        assert_eq!(
            resolve("1999-11-20", "holiday(11-W4-4)", Tense::Unknown),
            "1999-11-25"
        );
        assert_eq!(
            resolve("1999-11-20", "refday()Tclock(8,30,pm)", Tense::Unknown),
            "1999-11-20T20:30"
        );
        assert_eq!(resolve("2023-09-12", "year2(05)", Tense::Unknown), "2005");
        assert_eq!(
            resolve("1998-02-13", "weekday(3)Tclock(10,,pm)", Tense::Past),
            "1998-02-11T22:00"
        );
    }

    #[test]
    fn anchors_parse_partial_dates() {
        assert_eq!(
            Anchor::parse("2023-09"),
            Some(Anchor {
                year: 2023,
                month: Some(9),
                day: None
            })
        );
        assert_eq!(
            Anchor::parse("2011-02-16T17:00:00").and_then(|a| a.day),
            Some(16)
        );
        assert_eq!(Anchor::parse("PRESENT_REF"), None);
        assert_eq!(Anchor::parse("2023-W36").and_then(|a| a.month), None);
    }
}
