//! The Swedish election calendar, for the plan's own rule on when it must be revised.
//!
//! Ordinary elections to the Riksdag, regions and municipalities are held together on the second
//! Sunday of September every four years (2022, 2026, 2030, …). The plan says its revision must be
//! done "senast året innan ordinarie val", which the tool reads as: adopted by 31 December of the
//! year before the election. That is the plan's rule, not a law, so the date is only shown and
//! warned about; it never stops a build.

/// A calendar date, ordered as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD` (already checked by the revision metadata).
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date { year, month, day })
    }

    /// The day a build is made, in UTC: `SOURCE_DATE_EPOCH` (seconds since 1970, the
    /// reproducible-builds convention) when it is set, so a build can be made again as of a
    /// given day and tests can fix the date; the system clock otherwise. The commands read it
    /// once and hand it to the build as one of its inputs; nothing below them reads the clock.
    pub fn of_build() -> Result<Date, String> {
        match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(text) => text
                .trim()
                .parse::<u64>()
                .map(Date::from_epoch_seconds)
                .map_err(|_| {
                    format!("SOURCE_DATE_EPOCH is `{text}`, not whole seconds since 1970-01-01")
                }),
            Err(_) => Ok(Date::from_epoch_seconds(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs()),
            )),
        }
    }

    /// The day (UTC) of a moment in seconds since 1970-01-01.
    pub fn from_epoch_seconds(seconds: u64) -> Date {
        from_days((seconds / 86_400) as i64)
    }

    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `31 december 2029`.
    pub fn swedish(&self) -> String {
        let month = MONTHS[(self.month.clamp(1, 12) - 1) as usize];
        format!("{} {month} {}", self.day, self.year)
    }
}

/// Swedish month names, lower case as they are written in a date.
pub const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// The first ordinary election of the four-year cycle that is still in use (1994 onwards).
const FIRST_FOUR_YEAR_ELECTION: i32 = 1994;

/// Whether an ordinary election is held this year.
pub fn is_election_year(year: i32) -> bool {
    year >= FIRST_FOUR_YEAR_ELECTION && (year - FIRST_FOUR_YEAR_ELECTION) % 4 == 0
}

/// Election day: the second Sunday of September.
pub fn election_day(year: i32) -> Date {
    // 1 September's weekday (0 = Monday … 6 = Sunday); the first Sunday follows it.
    let first = weekday(Date {
        year,
        month: 9,
        day: 1,
    });
    let first_sunday = 1 + (6 - first);
    Date {
        year,
        month: 9,
        day: first_sunday + 7,
    }
}

/// The next ordinary election after a given year.
pub fn next_election_after(year: i32) -> i32 {
    (year + 1..)
        .find(|y| is_election_year(*y))
        .unwrap_or(year + 4)
}

/// When the revision after one adopted on `adopted` must itself be adopted: 31 December of the
/// year before the next ordinary election whose "year before" lies after the adoption year.
/// Adopted in 2023 → 2025-12-31 (for the 2026 election); adopted in 2025 → 2029-12-31.
pub fn next_revision_due(adopted: Date) -> Date {
    let election = next_election_after(adopted.year + 1);
    Date {
        year: election - 1,
        month: 12,
        day: 31,
    }
}

/// 0 = Monday … 6 = Sunday.
fn weekday(date: Date) -> u32 {
    // 1970-01-01 was a Thursday (3).
    ((days_from_civil(date) + 3).rem_euclid(7)) as u32
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(date: Date) -> i64 {
    let year = i64::from(date.year) - i64::from(date.month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(date.month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(date.day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    Date {
        year: year as i32,
        month,
        day,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn election_days_match_the_published_calendar() {
        // domain-facts.md §5: 11 Sep 2022, 13 Sep 2026, 8 Sep 2030, 10 Sep 2034, 12 Sep 2038.
        for (year, day) in [(2022, 11), (2026, 13), (2030, 8), (2034, 10), (2038, 12)] {
            assert_eq!(election_day(year), date(&format!("{year}-09-{day:02}")));
        }
        assert!(is_election_year(2026) && !is_election_year(2027));
        assert_eq!(next_election_after(2026), 2030);
        assert_eq!(next_election_after(2025), 2026);
    }

    #[test]
    fn revision_due_the_year_before_the_election() {
        assert_eq!(next_revision_due(date("2023-05-11")).iso(), "2025-12-31");
        assert_eq!(next_revision_due(date("2024-12-31")).iso(), "2025-12-31");
        assert_eq!(next_revision_due(date("2025-06-01")).iso(), "2029-12-31");
        assert_eq!(next_revision_due(date("2026-11-28")).iso(), "2029-12-31");
    }

    #[test]
    fn days_round_trip_and_dates_print_in_swedish() {
        for text in ["1970-01-01", "2000-02-29", "2026-11-28", "2029-12-31"] {
            let d = date(text);
            assert_eq!(from_days(days_from_civil(d)), d);
        }
        assert_eq!(date("2029-12-31").swedish(), "31 december 2029");
        assert!(Date::parse("2029-13-01").is_none());
        assert_eq!(
            Date::from_epoch_seconds(1_796_256_000 + 86_399).iso(),
            "2026-12-03"
        );
    }
}
