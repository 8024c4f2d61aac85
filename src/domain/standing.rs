//! Standing orders: goods a shopper set up once (milk every morning, bread on weekdays) that the
//! scheduler places as ordinary orders a fixed time before their slot, paid under the shopper's
//! standing authorisation up to the amount they capped a delivery at. The rules of when: which
//! days deliver (Pyongyang days), pausing until a date, skipping one delivery, when a delivery is
//! placed, and when it is too late to place it (missed, never placed late).

use super::{
    form::FieldProblem, slot::Slot, time::weekday_of, AddressId, InstrumentId, StandingId, UserId,
    Won,
};
use serde::{Deserialize, Serialize};

/// A delivery is placed this long before its slot begins: the evening before a morning's milk,
/// so the dairy sees tomorrow's orders in time to plan.
pub const PLACE_LEAD_SECS: i64 = 12 * 3600;
/// Failed deliveries in a row that pause a standing order.
pub const FAILURES_TO_PAUSE: u32 = 3;
/// How far back a scheduler that was down looks for deliveries it did not deal with (older ones
/// are long gone: nobody is told about a month-old missed milk).
pub const CATCH_UP_DAYS: i64 = 14;
/// How far ahead the next delivery is looked for (a long pause is at most this long).
const LOOKAHEAD_DAYS: i64 = 400;

/// Weekdays as a set: bit 0 is Monday, bit 6 Sunday; never empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Weekdays(u8);

impl Weekdays {
    pub const EVERY_DAY: Weekdays = Weekdays(0x7f);

    /// The set of these weekdays (0 Monday … 6 Sunday); at least one, each in the week.
    pub fn of(days: &[u8]) -> Result<Weekdays, FieldProblem> {
        let mut bits = 0_u8;
        for &d in days {
            if d > 6 {
                return Err(FieldProblem::Invalid);
            }
            bits |= 1 << d;
        }
        Weekdays::from_bits(bits)
    }

    /// A set as the database stores it.
    pub fn from_bits(bits: u8) -> Result<Weekdays, FieldProblem> {
        if bits == 0 {
            Err(FieldProblem::Required)
        } else if bits > 0x7f {
            Err(FieldProblem::Invalid)
        } else {
            Ok(Weekdays(bits))
        }
    }

    pub fn bits(self) -> u8 {
        self.0
    }

    pub fn contains(self, weekday: u8) -> bool {
        weekday < 7 && self.0 & (1 << weekday) != 0
    }

    /// The weekdays in the set, Monday first.
    pub fn days(self) -> impl Iterator<Item = u8> {
        (0..7).filter(move |&d| self.contains(d))
    }
}

/// How often a standing order delivers: every day, on chosen weekdays, or once a week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Every {
    Day,
    Weekdays(Weekdays),
    /// On this weekday (0 Monday … 6 Sunday).
    Week(u8),
}

impl Every {
    /// How it is stored: its kind and its weekdays.
    pub fn stored(self) -> (&'static str, u8) {
        let kind = match self {
            Every::Day => "day",
            Every::Weekdays(_) => "weekdays",
            Every::Week(_) => "week",
        };
        (kind, self.weekdays().bits())
    }

    /// As stored (`stored`); `None` for what no schedule stores.
    pub fn from_stored(kind: &str, bits: u8) -> Option<Every> {
        let days = Weekdays::from_bits(bits).ok()?;
        match kind {
            "day" if days == Weekdays::EVERY_DAY => Some(Every::Day),
            "weekdays" => Some(Every::Weekdays(days)),
            "week" if bits.is_power_of_two() => days.days().next().map(Every::Week),
            _ => None,
        }
    }

    /// The weekdays it delivers on.
    pub fn weekdays(self) -> Weekdays {
        match self {
            Every::Day => Weekdays::EVERY_DAY,
            Every::Weekdays(days) => days,
            Every::Week(day) => Weekdays(1 << day.min(6)),
        }
    }
}

/// When a standing order delivers: its weekdays in one window of the day, from its first day on,
/// except while paused (up to the day it resumes) and on the days skipped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub every: Every,
    /// The slot window (`Slot::WINDOWS`) of every delivery.
    pub window: u8,
    /// The first day it may deliver (Pyongyang day number).
    pub first_day: i64,
    /// Paused: no delivery before this day.
    pub resumes_on: Option<i64>,
    /// Single deliveries the shopper skipped.
    pub skipped: Vec<i64>,
}

/// A standing order as the scheduler reads it: whose, delivered where, paid with what, when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    pub id: StandingId,
    pub user: UserId,
    pub address: AddressId,
    pub instrument: InstrumentId,
    pub schedule: Schedule,
    pub cap: Cap,
    /// The first delivery day the scheduler has not dealt with.
    pub next_day: i64,
}

impl Standing {
    /// The scheduler's mark once the delivery of `day` is dealt with: the next delivery after it
    /// (or the end of the lookahead, when paused that long).
    pub fn mark_after(&self, day: i64) -> i64 {
        self.schedule
            .next_from(day + 1)
            .map_or(day + LOOKAHEAD_DAYS, |s| s.day)
    }

    /// The checkout key of its delivery on `day`: one checkout per delivery.
    pub fn checkout_key(&self, day: i64) -> String {
        format!("standing-{}-{day}", self.id)
    }
}

/// What the scheduler does with one delivery at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// Its time to be placed has not come.
    NotYet,
    /// Place it now.
    Place,
    /// Too late to place: its slot no longer takes orders (the scheduler was down).
    Missed,
}

impl Schedule {
    /// Whether it delivers on `day`.
    pub fn delivers_on(&self, day: i64) -> bool {
        day >= self.first_day
            && self.every.weekdays().contains(weekday_of(day))
            && self.resumes_on.is_none_or(|on| day >= on)
            && !self.skipped.contains(&day)
    }

    /// The delivery of `day`, in its window.
    pub fn slot_of(&self, day: i64) -> Slot {
        Slot {
            day,
            window: self.window,
        }
    }

    /// The first delivery on or after `day`, if there is one within the lookahead.
    pub fn next_from(&self, day: i64) -> Option<Slot> {
        (day..day + LOOKAHEAD_DAYS)
            .find(|&d| self.delivers_on(d))
            .map(|d| self.slot_of(d))
    }

    /// The next delivery a shopper looking at `now` will get: the first whose slot still takes
    /// orders.
    pub fn next_delivery(&self, now: i64) -> Option<Slot> {
        let today = super::time::PyongyangTime::at(now).day_number();
        (today..today + LOOKAHEAD_DAYS)
            .filter(|&d| self.delivers_on(d))
            .map(|d| self.slot_of(d))
            .find(|s| due(*s, now) != Due::Missed)
    }

    /// The deliveries the scheduler has to deal with at `now`, earliest first: every delivery day
    /// from `from_day` (the first it has not dealt with; no further back than `CATCH_UP_DAYS`)
    /// whose time to be placed has come, to place or, too late, to mark missed.
    pub fn due_at(&self, from_day: i64, now: i64) -> Vec<(Slot, Due)> {
        let today = super::time::PyongyangTime::at(now).day_number();
        let from = from_day.max(today - CATCH_UP_DAYS);
        // Placed at most `PLACE_LEAD_SECS` (half a day) ahead: nothing after tomorrow is due.
        (from..=today + 1)
            .filter(|&d| self.delivers_on(d))
            .map(|d| self.slot_of(d))
            .map(|s| (s, due(s, now)))
            .filter(|(_, due)| *due != Due::NotYet)
            .collect()
    }
}

/// What to do with the delivery in `slot` at `now`: placed from `PLACE_LEAD_SECS` before its slot
/// until the checkout's own cutoff for it (`Slot::LEAD_SECS` before it begins), missed after.
pub fn due(slot: Slot, now: i64) -> Due {
    let starts = slot.starts_at();
    if now < starts - PLACE_LEAD_SECS {
        Due::NotYet
    } else if now <= starts - Slot::LEAD_SECS {
        Due::Place
    } else {
        Due::Missed
    }
}

/// Why the scheduler could not place a delivery (stored with it, shown to the shopper).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Failure {
    OutOfStock,
    BalanceShort,
    /// The delivery would cost more than the shopper capped a delivery at.
    AboveCap,
    SlotFull,
    SellerClosed,
    /// A product is no longer sold.
    NotSold,
    /// The logistics office can't deliver the goods to the address.
    Undeliverable,
    /// The card or account it paid with was removed.
    CardGone,
}

impl Failure {
    pub const ALL: [Failure; 8] = [
        Failure::OutOfStock,
        Failure::BalanceShort,
        Failure::AboveCap,
        Failure::SlotFull,
        Failure::SellerClosed,
        Failure::NotSold,
        Failure::Undeliverable,
        Failure::CardGone,
    ];

    /// Its name in the database.
    pub fn code(self) -> &'static str {
        match self {
            Failure::OutOfStock => "out_of_stock",
            Failure::BalanceShort => "balance_short",
            Failure::AboveCap => "above_cap",
            Failure::SlotFull => "slot_full",
            Failure::SellerClosed => "seller_closed",
            Failure::NotSold => "not_sold",
            Failure::Undeliverable => "undeliverable",
            Failure::CardGone => "card_gone",
        }
    }

    pub fn from_code(code: &str) -> Option<Failure> {
        Failure::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// Whether a standing order that has failed `in_a_row` times running is paused.
pub fn pauses_after(in_a_row: u32) -> bool {
    in_a_row >= FAILURES_TO_PAUSE
}

/// The most a delivery may cost under the shopper's standing authorisation: more than nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cap(Won);

impl Cap {
    /// The largest cap a shopper may give.
    pub const MAX: Won = Won::from_won_const(1_000_000);

    pub fn new(amount: Won) -> Result<Cap, FieldProblem> {
        if amount <= Won::ZERO || amount > Cap::MAX {
            Err(FieldProblem::AmountInvalid)
        } else {
            Ok(Cap(amount))
        }
    }

    pub fn amount(self) -> Won {
        self.0
    }

    /// Whether a delivery costing `total` may be paid under it.
    pub fn allows(self, total: Won) -> bool {
        total <= self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::PyongyangTime;

    /// Monday 2026-12-07 is Pyongyang day 20794.
    const MONDAY: i64 = 20_794;

    fn at(day: i64, hh: i64, mm: i64) -> i64 {
        PyongyangTime::midnight_of(day) + hh * 3600 + mm * 60
    }

    fn daily() -> Schedule {
        Schedule {
            every: Every::Day,
            window: 0,
            first_day: MONDAY,
            resumes_on: None,
            skipped: Vec::new(),
        }
    }

    #[test]
    fn weekdays_are_a_set_of_at_least_one_day_of_the_week() {
        assert_eq!(weekday_of(MONDAY), 0);
        let mon_wed_fri = Weekdays::of(&[0, 2, 4]).expect("three weekdays");
        assert_eq!(mon_wed_fri.bits(), 0b10101);
        assert_eq!(mon_wed_fri.days().collect::<Vec<_>>(), vec![0, 2, 4]);
        assert!(mon_wed_fri.contains(2) && !mon_wed_fri.contains(3));
        assert_eq!(Weekdays::of(&[]), Err(FieldProblem::Required));
        assert_eq!(Weekdays::of(&[7]), Err(FieldProblem::Invalid));
        assert_eq!(Weekdays::from_bits(0x80), Err(FieldProblem::Invalid));
        assert_eq!(
            Every::Week(6).weekdays().days().collect::<Vec<_>>(),
            vec![6]
        );
        for every in [Every::Day, Every::Weekdays(mon_wed_fri), Every::Week(3)] {
            let (kind, bits) = every.stored();
            assert_eq!(Every::from_stored(kind, bits), Some(every));
        }
        assert_eq!(Every::from_stored("week", 0b11), None);
        assert_eq!(Every::from_stored("day", 0b1), None);
    }

    #[test]
    fn deliveries_fall_on_the_schedules_pyongyang_weekdays() {
        let weekdays = Schedule {
            every: Every::Weekdays(Weekdays::of(&[0, 2, 4]).expect("three weekdays")),
            ..daily()
        };
        // Monday 07:00 in Pyongyang is Sunday 22:00 UTC: still Monday's delivery.
        let monday_morning = at(MONDAY, 7, 0);
        assert_eq!(
            weekdays.next_delivery(monday_morning),
            Some(weekdays.slot_of(MONDAY))
        );
        // Monday 09:00 is too late for Monday's 09–12 (the checkout's two hours): Wednesday.
        assert_eq!(
            weekdays.next_delivery(at(MONDAY, 8, 0)),
            Some(weekdays.slot_of(MONDAY + 2))
        );
        // Friday evening: the next is Monday.
        assert_eq!(
            weekdays.next_delivery(at(MONDAY + 4, 20, 0)),
            Some(weekdays.slot_of(MONDAY + 7))
        );
        let weekly = Schedule {
            every: Every::Week(6),
            ..daily()
        };
        assert_eq!(weekly.next_from(MONDAY), Some(weekly.slot_of(MONDAY + 6)));
        // Not before its first day.
        let later = Schedule {
            first_day: MONDAY + 3,
            ..daily()
        };
        assert_eq!(later.next_from(MONDAY), Some(later.slot_of(MONDAY + 3)));
    }

    #[test]
    fn a_pause_and_a_skip_leave_their_days_out() {
        let mut s = daily();
        s.skipped.push(MONDAY + 1);
        assert!(s.delivers_on(MONDAY) && !s.delivers_on(MONDAY + 1) && s.delivers_on(MONDAY + 2));
        s.resumes_on = Some(MONDAY + 10);
        assert_eq!(s.next_from(MONDAY), Some(s.slot_of(MONDAY + 10)));
        assert!(s.due_at(MONDAY, at(MONDAY + 3, 21, 0)).is_empty());
    }

    #[test]
    fn a_delivery_is_placed_half_a_day_ahead_and_missed_once_its_slot_is_closed() {
        let s = daily();
        let tuesday = s.slot_of(MONDAY + 1);
        // Tuesday 09:00: placed from Monday 21:00 until Tuesday 07:00.
        assert_eq!(due(tuesday, at(MONDAY, 20, 59)), Due::NotYet);
        assert_eq!(due(tuesday, at(MONDAY, 21, 0)), Due::Place);
        assert_eq!(due(tuesday, at(MONDAY + 1, 7, 0)), Due::Place);
        assert_eq!(due(tuesday, at(MONDAY + 1, 7, 1)), Due::Missed);
        // Monday 22:00: Monday's own delivery was missed (a scheduler down since the morning),
        // Tuesday's is placed, Wednesday's not yet.
        assert_eq!(
            s.due_at(MONDAY, at(MONDAY, 22, 0)),
            vec![(s.slot_of(MONDAY), Due::Missed), (tuesday, Due::Place)]
        );
        // Down for a month: only the last two weeks are marked missed.
        let back = at(MONDAY + 40, 22, 0);
        let due_now = s.due_at(MONDAY, back);
        assert_eq!(due_now.len(), 16);
        assert_eq!(due_now[0], (s.slot_of(MONDAY + 26), Due::Missed));
        assert_eq!(due_now[15], (s.slot_of(MONDAY + 41), Due::Place));
    }

    #[test]
    fn three_failures_in_a_row_pause_and_the_cap_bounds_a_delivery() {
        assert!(!pauses_after(2));
        assert!(pauses_after(3));
        let cap = Cap::new(Won::from_won(50)).expect("a cap of 50 won");
        assert!(cap.allows(Won::from_won(50)));
        assert!(!cap.allows(Won::from_chon(5_001)));
        assert_eq!(Cap::new(Won::ZERO), Err(FieldProblem::AmountInvalid));
        assert_eq!(
            Cap::new(Won::from_won(1_000_001)),
            Err(FieldProblem::AmountInvalid)
        );
        for f in Failure::ALL {
            assert_eq!(Failure::from_code(f.code()), Some(f));
        }
        assert_eq!(Failure::from_code("tired"), None);
    }
}
