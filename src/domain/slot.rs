//! Delivery slots: the windows a shopper chooses at checkout, in Pyongyang time.

use super::{form::FieldProblem, payment::HOLD_GRACE_SECS, time::PyongyangTime};
use serde::{Deserialize, Serialize};

/// A delivery window on one day (Pyongyang time): 09–12, 12–15, 15–18 or 18–21.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Slot {
    /// Days since 1970-01-01 in Pyongyang.
    pub day: i64,
    pub window: u8,
}

impl Slot {
    pub const WINDOWS: [(u32, u32); 4] = [(9, 12), (12, 15), (15, 18), (18, 21)];
    /// Slots are offered for this many days ahead, starting with the first window that begins at
    /// least `LEAD_SECS` from now.
    pub const DAYS_AHEAD: i64 = 3;
    pub const LEAD_SECS: i64 = 2 * 3600;

    /// UTC seconds at which the window starts.
    pub fn starts_at(self) -> i64 {
        let (start, _) = Self::WINDOWS[usize::from(self.window)];
        PyongyangTime::midnight_of(self.day) + i64::from(start) * 3600
    }

    /// UTC seconds at which the window ends.
    pub fn ends_at(self) -> i64 {
        let (_, end) = Self::WINDOWS[usize::from(self.window)];
        PyongyangTime::midnight_of(self.day) + i64::from(end) * 3600
    }

    /// When the payment hold of an order for this slot runs out if nobody has picked it up.
    pub fn hold_expires_at(self) -> i64 {
        self.ends_at() + HOLD_GRACE_SECS
    }

    /// The slots a shopper can choose at `now`, earliest first.
    pub fn offered(now: i64) -> Vec<Slot> {
        let today = PyongyangTime::at(now).day_number();
        (today..today + Self::DAYS_AHEAD + 1)
            .flat_map(|day| (0..Self::WINDOWS.len() as u8).map(move |window| Slot { day, window }))
            .filter(|s| s.starts_at() >= now + Self::LEAD_SECS)
            .collect()
    }

    /// The window an instant falls in, on its Pyongyang day: before 09:00 the first, after 21:00
    /// the last (a hot-food order is filed under the window of the time it was promised for).
    pub fn containing(at: i64) -> Slot {
        let when = PyongyangTime::at(at);
        let window = Self::WINDOWS
            .iter()
            .position(|&(_, end)| when.hour() < end)
            .unwrap_or(Self::WINDOWS.len() - 1);
        Slot {
            day: when.day_number(),
            window: u8::try_from(window).unwrap_or(3),
        }
    }

    /// The form value: `day-window`.
    pub fn code(self) -> String {
        format!("{}-{}", self.day, self.window)
    }

    /// A slot from its form value (`day-window`), offered or not.
    pub fn parse(raw: &str) -> Result<Slot, FieldProblem> {
        let (day, window) = raw
            .trim()
            .split_once('-')
            .ok_or(FieldProblem::SlotInvalid)?;
        let slot = Slot {
            day: day.parse().map_err(|_| FieldProblem::SlotInvalid)?,
            window: window.parse().map_err(|_| FieldProblem::SlotInvalid)?,
        };
        if usize::from(slot.window) < Self::WINDOWS.len() {
            Ok(slot)
        } else {
            Err(FieldProblem::SlotInvalid)
        }
    }

    /// A slot from its form value, if it is one offered at `now`.
    pub fn parse_offered(raw: &str, now: i64) -> Result<Slot, FieldProblem> {
        let slot = Self::parse(raw)?;
        if Slot::offered(now).contains(&slot) {
            Ok(slot)
        } else {
            Err(FieldProblem::SlotInvalid)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_start_two_hours_ahead_and_cover_three_days() {
        // 2026-11-25 10:30 in Pyongyang = 01:30 UTC.
        let now = 1_795_570_200;
        let offered = Slot::offered(now);
        let first = offered[0];
        // 12–15 starts in 1.5 h: too soon; 15–18 is the first.
        assert_eq!(first.window, 2);
        assert_eq!(offered.len(), 2 + 3 * 4);
        assert_eq!(Slot::parse_offered(&first.code(), now), Ok(first));
        let gone = Slot { window: 0, ..first };
        assert_eq!(
            Slot::parse_offered(&gone.code(), now),
            Err(FieldProblem::SlotInvalid)
        );
        assert_eq!(
            Slot::parse_offered("x", now),
            Err(FieldProblem::SlotInvalid)
        );
    }

    #[test]
    fn an_instant_is_filed_under_its_window() {
        // 2026-11-25 10:30 in Pyongyang.
        let at = 1_795_570_200;
        let day = PyongyangTime::at(at).day_number();
        assert_eq!(Slot::containing(at), Slot { day, window: 0 });
        assert_eq!(Slot::containing(at - 3 * 3600), Slot { day, window: 0 });
        assert_eq!(Slot::containing(at + 2 * 3600), Slot { day, window: 1 });
        assert_eq!(Slot::containing(at + 11 * 3600), Slot { day, window: 3 });
        assert_eq!(Slot::containing(at + 14 * 3600).day, day + 1);
    }
}
