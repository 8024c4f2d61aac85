//! Time as Pyongyang reads it, in one place. Instants are kept and passed as UTC seconds (the
//! database stores them so); days, dates and clock times are Pyongyang's, UTC+9 all year.

use jiff::{
    civil::{Date, DateTime},
    tz::{self, Offset},
    Span, Timestamp,
};

/// Pyongyang's offset from UTC (since May 2018; no daylight saving).
pub const OFFSET: Offset = tz::offset(9);

/// Day number 0.
const EPOCH: Date = Date::constant(1970, 1, 1);

/// An instant as the clocks in Pyongyang show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PyongyangTime(DateTime);

impl PyongyangTime {
    /// The instant `unix` (UTC seconds); one beyond the calendar's range is taken as its end.
    pub fn at(unix: i64) -> PyongyangTime {
        let instant = Timestamp::from_second(unix).unwrap_or(if unix < 0 {
            Timestamp::MIN
        } else {
            Timestamp::MAX
        });
        PyongyangTime(OFFSET.to_datetime(instant))
    }

    /// UTC seconds at the midnight that begins Pyongyang day `day` (days since 1970-01-01).
    pub fn midnight_of(day: i64) -> i64 {
        let date = Span::new()
            .try_days(day)
            .ok()
            .and_then(|span| EPOCH.checked_add(span).ok())
            .unwrap_or(if day < 0 { Date::MIN } else { Date::MAX });
        OFFSET
            .to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
            .map_or(0, Timestamp::as_second)
    }

    /// The Pyongyang day of this instant, counted from 1970-01-01.
    pub fn day_number(self) -> i64 {
        self.0
            .date()
            .since(EPOCH)
            .map_or(0, |span| i64::from(span.get_days()))
    }

    pub fn year(self) -> i32 {
        i32::from(self.0.year())
    }

    /// 1 to 12.
    pub fn month(self) -> u32 {
        u32::try_from(self.0.month()).unwrap_or(1)
    }

    /// 1 to 31.
    pub fn day(self) -> u32 {
        u32::try_from(self.0.day()).unwrap_or(1)
    }

    pub fn hour(self) -> u32 {
        u32::try_from(self.0.hour()).unwrap_or(0)
    }

    pub fn minute(self) -> u32 {
        u32::try_from(self.0.minute()).unwrap_or(0)
    }
}

/// The Pyongyang day number of a date typed as `YYYY-MM-DD` (a date field's value).
pub fn day_of_date(raw: &str) -> Option<i64> {
    let date: Date = raw.trim().parse().ok()?;
    date.since(EPOCH)
        .ok()
        .map(|span| i64::from(span.get_days()))
}

/// The `YYYY-MM-DD` of Pyongyang day `day` (a date field's value).
pub fn date_of_day(day: i64) -> String {
    let at = PyongyangTime::at(PyongyangTime::midnight_of(day));
    format!("{:04}-{:02}-{:02}", at.year(), at.month(), at.day())
}

/// The weekday of Pyongyang day `day` (days since 1970-01-01, a Thursday): 0 is Monday, 6 Sunday.
pub fn weekday_of(day: i64) -> u8 {
    // In 0..7: the cast cannot truncate.
    (day + 3).rem_euclid(7) as u8
}

/// Whether `year-month-day` is a date of the calendar (no 30 February, 29 February in leap years).
pub fn is_calendar_date(year: u32, month: u32, day: u32) -> bool {
    match (i16::try_from(year), i8::try_from(month), i8::try_from(day)) {
        (Ok(y), Ok(m), Ok(d)) => Date::new(y, m, d).is_ok(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_begin_at_midnight_in_pyongyang() {
        // 2026-11-23T15:00:00Z is midnight of 24 November in Pyongyang.
        let midnight = PyongyangTime::at(1_795_446_000);
        assert_eq!(
            (midnight.year(), midnight.month(), midnight.day()),
            (2026, 11, 24)
        );
        assert_eq!((midnight.hour(), midnight.minute()), (0, 0));
        let before = PyongyangTime::at(1_795_445_999);
        assert_eq!((before.month(), before.day(), before.hour()), (11, 23, 23));
        assert_eq!(midnight.day_number(), before.day_number() + 1);
        assert_eq!(
            PyongyangTime::midnight_of(midnight.day_number()),
            1_795_446_000
        );
        // 29 February 2000 began at 15:00 UTC the day before.
        let leap = PyongyangTime::at(951_782_400 - 9 * 3600);
        assert_eq!((leap.year(), leap.month(), leap.day()), (2000, 2, 29));
        assert_eq!(PyongyangTime::at(0).day_number(), 0);
        assert_eq!(PyongyangTime::midnight_of(0), -9 * 3600);
    }

    #[test]
    fn weekdays_count_from_monday() {
        // 1970-01-01 was a Thursday; 2026-12-07 is a Monday.
        assert_eq!(weekday_of(0), 3);
        let monday = PyongyangTime::at(1_796_569_200 + 3600).day_number();
        assert_eq!(weekday_of(monday), 0);
        assert_eq!(weekday_of(monday + 6), 6);
        assert_eq!(weekday_of(-1), 2);
        assert_eq!(day_of_date("2026-12-07"), Some(monday));
        assert_eq!(date_of_day(monday), "2026-12-07");
        assert_eq!(day_of_date("2026-13-01"), None);
        assert_eq!(day_of_date("tomorrow"), None);
    }

    #[test]
    fn only_real_dates_are_dates() {
        assert!(is_calendar_date(2000, 2, 29));
        assert!(!is_calendar_date(1900, 2, 29));
        assert!(!is_calendar_date(2023, 2, 29));
        assert!(is_calendar_date(2024, 2, 29));
        assert!(!is_calendar_date(2024, 4, 31));
        assert!(!is_calendar_date(2024, 13, 1));
        assert!(!is_calendar_date(2024, 1, 0));
    }

    #[test]
    fn instants_beyond_the_calendar_do_not_panic() {
        let _ = PyongyangTime::at(i64::MAX).day_number();
        let _ = PyongyangTime::at(i64::MIN).day_number();
        let _ = PyongyangTime::midnight_of(i64::MAX);
        let _ = PyongyangTime::midnight_of(i64::MIN);
    }
}
