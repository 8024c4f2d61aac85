//! The wall clock, in one place: UTC seconds since 1970.
//!
//! Services that expire things (sessions, rate limits) read the time through a `Clock` in the
//! application state, so tests can move it forward instead of waiting.

use crate::domain::time::PyongyangTime;
use std::{
    sync::{
        atomic::{AtomicI64, Ordering},
        Arc,
    },
    time::{SystemTime, UNIX_EPOCH},
};

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Seconds added to the system time (tests only ever move it forward).
    offset: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> i64 {
        now() + self.offset.load(Ordering::Relaxed)
    }

    /// A clock that shows Pyongyang's `minute` of the day (minutes after midnight) now or at the
    /// soonest time ahead, and runs on from there.
    pub fn starting_at(minute: u16) -> Clock {
        let clock = Clock::default();
        let now = clock.now();
        let since_midnight = now - PyongyangTime::midnight_of(PyongyangTime::at(now).day_number());
        clock.advance((i64::from(minute) * 60 - since_midnight).rem_euclid(86_400));
        clock
    }

    /// Moves this clock (and every clone of it) forward.
    pub fn advance(&self, seconds: i64) {
        self.offset.fetch_add(seconds, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_starting_at_a_minute_shows_it_in_pyongyang() {
        let clock = Clock::starting_at(12 * 60);
        let at = PyongyangTime::at(clock.now());
        assert_eq!((at.hour(), at.minute()), (12, 0));
        assert!(clock.now() >= now(), "only ever ahead");
        assert!(clock.now() < now() + 86_400);
    }
}
