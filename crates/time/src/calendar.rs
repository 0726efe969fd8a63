//! Proleptic Gregorian calendar arithmetic: just what normalisation needs
//! (day shifts, weekdays, ISO weeks), so the crate carries no date library.

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Day {
    pub(crate) year: i32,
    pub(crate) month: u32,
    pub(crate) day: u32,
}

impl Day {
    /// A day if the parts name one (`2023-02-30` does not).
    pub(crate) fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Day { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub(crate) fn ordinal(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day with the given [`Day::ordinal`].
    pub(crate) fn from_ordinal(days: i64) -> Day {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Day { year, month, day }
    }

    /// The day `n` days later (earlier when negative).
    pub(crate) fn plus_days(self, n: i64) -> Day {
        Day::from_ordinal(self.ordinal() + n)
    }

    /// ISO weekday, Monday = 1 … Sunday = 7.
    pub(crate) fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        ((self.ordinal() + 3).rem_euclid(7) + 1) as u32
    }

    /// ISO 8601 week-numbering year and week.
    pub(crate) fn iso_week(self) -> (i32, u32) {
        let thursday = self.plus_days(4 - i64::from(self.weekday()));
        let jan1 = Day {
            year: thursday.year,
            month: 1,
            day: 1,
        };
        let week = ((thursday.ordinal() - jan1.ordinal()) / 7 + 1) as u32;
        (thursday.year, week)
    }

    /// `YYYY-MM-DD`.
    pub(crate) fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Number of days in a month (0 for a month outside 1–12).
pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Shifts a (year, month) pair by `n` months.
pub(crate) fn plus_months(year: i32, month: u32, n: i64) -> (i32, u32) {
    let index = i64::from(year) * 12 + i64::from(month) - 1 + n;
    (
        index.div_euclid(12) as i32,
        (index.rem_euclid(12) + 1) as u32,
    )
}

/// Gregorian Easter Sunday (anonymous algorithm), anchor of the movable
/// holidays (Ostern, Pfingsten, Christi Himmelfahrt).
pub(crate) fn easter_sunday(year: i32) -> Day {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Day {
        year,
        month: month as u32,
        day: day as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinal_round_trips_and_knows_weekdays() {
        let d = Day::new(2023, 9, 12).unwrap();
        assert_eq!(Day::from_ordinal(d.ordinal()), d);
        assert_eq!(d.weekday(), 2); // a Tuesday
        assert_eq!(Day::new(1970, 1, 1).unwrap().ordinal(), 0);
        assert_eq!(d.plus_days(-12).iso(), "2023-08-31");
        assert!(Day::new(2023, 2, 29).is_none());
        assert!(Day::new(2024, 2, 29).is_some());
    }

    #[test]
    fn iso_weeks_cross_year_ends() {
        assert_eq!(Day::new(2021, 1, 3).unwrap().iso_week(), (2020, 53));
        assert_eq!(Day::new(2023, 9, 12).unwrap().iso_week(), (2023, 37));
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter_sunday(2023).iso(), "2023-04-09");
        assert_eq!(easter_sunday(2000).iso(), "2000-04-23");
        assert_eq!(plus_months(2023, 1, -2), (2022, 11));
    }
}
