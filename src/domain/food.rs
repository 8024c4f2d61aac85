//! Hot food from restaurants: when a restaurant is open (Pyongyang time, spans that may run past
//! midnight, closed days), whom it delivers to (a radius around it), what delivery costs (the
//! motorbike's rate of the tariff) and the time it promises: the queue in its kitchen, the
//! preparation and the ride.

use super::{
    delivery::{Distance, GeoPoint, Rate},
    time::{weekday_of, PyongyangTime},
    DishOptionId, Won,
};
use serde::{Deserialize, Serialize};

const MINUTES_PER_DAY: u16 = 1440;
/// A kitchen's capacity is counted in dishes per quarter of an hour.
pub const QUARTER_MIN: u32 = 15;
/// Taking the bag at the counter and handing it over at the door, on top of the ride itself.
pub const RIDE_HANDLING_MIN: u32 = 10;
/// What the shopper is told is a window this wide, from the promise rounded up to 5 minutes.
pub const WINDOW_MIN: u32 = 10;
/// A food order nobody picked up within this long of its promise is called off and its money
/// goes back: hot food doesn't keep (and meanwhile it counts in its kitchen's queue).
pub const FOOD_HOLD_GRACE_SECS: i64 = 2 * 3600;
/// The longest promise any restaurant may make, in minutes.
pub const MAX_PROMISE_MIN: u32 = 240;
/// How far ahead `OpeningHours::next_opening` looks.
const LOOKAHEAD_DAYS: i64 = 14;

/// Why opening hours are not hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("a weekday is 0 (Monday) to 6 (Sunday)")]
    Weekday,
    #[error("a restaurant opens between 00:00 and 23:59 and closes after it opens, within a day")]
    Span,
}

/// A time a restaurant is open, beginning on `weekday` (0 is Monday) `opens` minutes after that
/// day's midnight and ending `closes` minutes after it: past 1440, after midnight the next day
/// (18:00–02:00 is `opens` 1080, `closes` 1560).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OpenSpan {
    weekday: u8,
    opens: u16,
    closes: u16,
}

impl OpenSpan {
    pub fn new(weekday: u8, opens: u16, closes: u16) -> Result<OpenSpan, HoursError> {
        if weekday > 6 {
            return Err(HoursError::Weekday);
        }
        if opens >= MINUTES_PER_DAY || closes <= opens || closes - opens > MINUTES_PER_DAY {
            return Err(HoursError::Span);
        }
        Ok(OpenSpan {
            weekday,
            opens,
            closes,
        })
    }

    pub fn weekday(self) -> u8 {
        self.weekday
    }

    /// Minutes after midnight.
    pub fn opens(self) -> u16 {
        self.opens
    }

    /// Minutes after the midnight it opened after (past 1440: the next day).
    pub fn closes(self) -> u16 {
        self.closes
    }

    /// `HH:MM–HH:MM`, the closing time on the clock (02:00, not 26:00).
    pub fn clock(self) -> String {
        format!(
            "{}–{}",
            clock(self.opens),
            clock(self.closes % MINUTES_PER_DAY)
        )
    }

    /// Where this span falls when it begins on Pyongyang day `day`: (opens, closes) in UTC
    /// seconds; `None` on another weekday.
    fn on(self, day: i64) -> Option<(i64, i64)> {
        (weekday_of(day) == self.weekday).then(|| {
            let midnight = PyongyangTime::midnight_of(day);
            (
                midnight + i64::from(self.opens) * 60,
                midnight + i64::from(self.closes) * 60,
            )
        })
    }
}

/// `HH:MM` of minutes after midnight.
pub fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A restaurant's week and the days it stays shut. A span that begins on a closed day does not
/// happen; one begun the evening before runs on past that midnight as usual.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningHours {
    spans: Vec<OpenSpan>,
    /// Pyongyang days (since 1970-01-01), sorted.
    closed_days: Vec<i64>,
}

impl OpeningHours {
    pub fn new(mut spans: Vec<OpenSpan>, mut closed_days: Vec<i64>) -> OpeningHours {
        spans.sort();
        spans.dedup();
        closed_days.sort_unstable();
        closed_days.dedup();
        OpeningHours { spans, closed_days }
    }

    /// The week, Monday first, and each day's spans by the time they open.
    pub fn spans(&self) -> &[OpenSpan] {
        &self.spans
    }

    fn closed_on(&self, day: i64) -> bool {
        self.closed_days.binary_search(&day).is_ok()
    }

    /// The spans beginning on Pyongyang day `day`, as (opens, closes) in UTC seconds.
    fn spans_of(&self, day: i64) -> impl Iterator<Item = (i64, i64)> + '_ {
        let closed = self.closed_on(day);
        self.spans
            .iter()
            .filter(move |_| !closed)
            .filter_map(move |s| s.on(day))
    }

    /// When the restaurant closes, if it is open at `now` (UTC seconds): the end of the span it
    /// is in, which may have begun yesterday.
    pub fn open_until(&self, now: i64) -> Option<i64> {
        let today = PyongyangTime::at(now).day_number();
        [today - 1, today]
            .into_iter()
            .flat_map(|day| self.spans_of(day))
            .filter(|&(opens, closes)| opens <= now && now < closes)
            .map(|(_, closes)| closes)
            .max()
    }

    /// When it next opens after `now` (UTC seconds), within two weeks.
    pub fn next_opening(&self, now: i64) -> Option<i64> {
        let today = PyongyangTime::at(now).day_number();
        (today..=today + LOOKAHEAD_DAYS)
            .flat_map(|day| self.spans_of(day))
            .map(|(opens, _)| opens)
            .filter(|&opens| opens > now)
            .min()
    }
}

/// Whether a restaurant is open now, and until when; or when it opens next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Opening {
    /// Open; closes at this instant (UTC seconds).
    OpenUntil(i64),
    /// Closed; opens at this instant (UTC seconds).
    OpensAt(i64),
    /// Closed for the next two weeks at least.
    Closed,
}

impl Opening {
    pub fn at(hours: &OpeningHours, now: i64) -> Opening {
        match hours.open_until(now) {
            Some(closes) => Opening::OpenUntil(closes),
            None => hours
                .next_opening(now)
                .map_or(Opening::Closed, Opening::OpensAt),
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, Opening::OpenUntil(_))
    }
}

/// How far from the restaurant it delivers, in a straight line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Radius(u32);

impl Radius {
    /// Half a kilometre to 30 km: hot food goes by motorbike and must arrive hot.
    pub const MIN_M: u32 = 500;
    pub const MAX_M: u32 = 30_000;

    pub fn from_m(metres: u32) -> Option<Radius> {
        (Self::MIN_M..=Self::MAX_M)
            .contains(&metres)
            .then_some(Radius(metres))
    }

    pub fn metres(self) -> u32 {
        self.0
    }

    /// Whether `to` is within the radius around `from`.
    pub fn reaches(self, from: GeoPoint, to: GeoPoint) -> bool {
        from.great_circle_m(to) <= f64::from(self.0)
    }
}

/// What a restaurant's kitchen takes: so many dishes a quarter of an hour, and how long a promise
/// may be before it says "busy" rather than take an order it cannot keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kitchen {
    /// Dishes per `QUARTER_MIN` minutes, at least 1.
    pub capacity: u32,
    /// The longest promise it makes, in minutes.
    pub promise_limit_min: u32,
}

/// The minutes until an order is at the door: waiting for the kitchen, cooking, waiting for a
/// motorbike once it is cooked, the ride.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promise {
    pub queue_min: u32,
    pub prep_min: u32,
    pub rider_min: u32,
    pub ride_min: u32,
}

impl Promise {
    pub fn total_min(self) -> u32 {
        self.queue_min + self.prep_min + self.rider_min + self.ride_min
    }

    /// What the shopper is told, in minutes from now: the total rounded up to 5 minutes, to
    /// `WINDOW_MIN` later ("35–45분").
    pub fn window(self) -> (u32, u32) {
        let from = self.total_min().div_ceil(5) * 5;
        (from, from + WINDOW_MIN)
    }
}

/// The kitchen is full, or the motorbikes are: a promise would be longer than the restaurant
/// makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Busy {
    /// The promise it would have had to make; `None` when no motorbike of its city is on duty.
    pub would_be_min: Option<u32>,
}

/// A hot-food order a motorbike of the city has still to carry: when it is cooked (as promised,
/// or as its kitchen said when it took it) and how long its ride is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Carry {
    pub ready_at: i64,
    pub ride_min: u32,
}

/// A city's motorbikes at `now`: how many are on duty and the hot food they have still to carry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Riders {
    pub now: i64,
    pub on_duty: u32,
    pub to_carry: Vec<Carry>,
}

impl Riders {
    /// The minutes an order cooked `ready_in_min` from now waits for a motorbike: the orders
    /// cooked before it (or at the same time, ordered before it) go first, in the order they are
    /// cooked, each on the first motorbike back, one order a ride (a motorbike may take more
    /// when they go the same way: that is slack the promise keeps). `None` when no motorbike is
    /// on duty.
    pub fn wait_min(&self, ready_in_min: u32) -> Option<u32> {
        use std::{cmp::Reverse, collections::BinaryHeap};
        if self.on_duty == 0 {
            return None;
        }
        let ready = self.now + i64::from(ready_in_min) * 60;
        let mut before: Vec<Carry> = self
            .to_carry
            .iter()
            .copied()
            .filter(|c| c.ready_at <= ready)
            .collect();
        before.sort_by_key(|c| c.ready_at);
        // When each motorbike is back at the counter, the soonest first.
        let mut back: BinaryHeap<Reverse<i64>> = (0..self.on_duty.min(10_000))
            .map(|_| Reverse(self.now))
            .collect();
        for c in before {
            let Reverse(free) = back.pop()?;
            let leaves = free.max(c.ready_at);
            back.push(Reverse(leaves + i64::from(round_trip_min(c.ride_min)) * 60));
        }
        let free = back.peek().map_or(self.now, |Reverse(at)| *at);
        let wait = (free - ready).max(0);
        Some(u32::try_from((wait + 59) / 60).unwrap_or(u32::MAX / 4))
    }
}

/// Minutes from leaving the counter with an order whose ride is `ride_min` to being back: the
/// road there and back, the handling once.
pub fn round_trip_min(ride_min: u32) -> u32 {
    ride_min + ride_min.saturating_sub(RIDE_HANDLING_MIN)
}

/// The ride of an order: its minutes, and the motorbikes that carry it when they count (an order
/// placed as soon as possible; a time later today is promised on the kitchen's queue alone, the
/// logistics office plans its riders for it).
#[derive(Clone, Copy, Debug)]
pub struct Ride<'a> {
    pub min: u32,
    pub riders: Option<&'a Riders>,
}

impl Kitchen {
    /// The quarter hours before an order of `dishes` is cooked, with `ahead` dishes accepted
    /// before it and not yet cooked: the kitchen cooks `capacity` a quarter, in order.
    pub fn queue_min(self, ahead: u32, dishes: u32) -> u32 {
        let last = ahead.saturating_add(dishes.max(1)) - 1;
        (last / self.capacity.max(1)) * QUARTER_MIN
    }

    /// The promise for an order of `dishes` taking `prep_min` to cook, with `ahead` dishes before
    /// it, and its `ride`; `Busy` past the restaurant's limit or with no motorbike to carry it.
    pub fn promise(
        self,
        ahead: u32,
        dishes: u32,
        prep_min: u32,
        ride: Ride<'_>,
    ) -> Result<Promise, Busy> {
        let queue_min = self.queue_min(ahead, dishes);
        let rider_min = match ride.riders {
            None => 0,
            Some(riders) => riders
                .wait_min(queue_min + prep_min)
                .ok_or(Busy { would_be_min: None })?,
        };
        let promise = Promise {
            queue_min,
            prep_min,
            rider_min,
            ride_min: ride.min,
        };
        if promise.total_min() > self.promise_limit_min {
            return Err(Busy {
                would_be_min: Some(promise.total_min()),
            });
        }
        Ok(promise)
    }
}

/// Minutes from the counter to the door by motorbike: the handling and the road at its speed,
/// rounded up.
pub fn ride_min(ride: Distance, motorbike: &Rate) -> u32 {
    let road =
        (u64::from(ride.metres()) * 60).div_ceil(u64::from(motorbike.speed_kmh.max(1)) * 1000);
    RIDE_HANDLING_MIN + u32::try_from(road).unwrap_or(u32::MAX / 2)
}

/// The delivery fee of hot food: the motorbike's base and its rate per road kilometre.
pub fn delivery_fee(ride: Distance, motorbike: &Rate) -> Option<Won> {
    let fee = motorbike.base.as_decimal() + motorbike.per_km.as_decimal() * ride.km();
    Won::try_from(fee).ok()
}

/// When a food order is wanted at the door: as soon as the kitchen and the ride allow, or at a
/// quarter hour later today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Wanted {
    Asap,
    /// UTC seconds, on a quarter hour.
    At(i64),
}

impl Wanted {
    /// The form value: `asap`, or the instant in UTC seconds.
    pub fn code(self) -> String {
        match self {
            Wanted::Asap => "asap".into(),
            Wanted::At(at) => at.to_string(),
        }
    }

    /// From `code`'s text (offered or not); `None` for anything else.
    pub fn parse(raw: &str) -> Option<Wanted> {
        match raw.trim() {
            "" | "asap" => Some(Wanted::Asap),
            at => at
                .parse::<i64>()
                .ok()
                .filter(|at| *at > 0 && at % QUARTER_SECS == 0)
                .map(Wanted::At),
        }
    }
}

const QUARTER_SECS: i64 = QUARTER_MIN as i64 * 60;
/// The most times a checkout offers (a day of quarter hours).
const MAX_WANTED_TIMES: usize = 96;

/// The quarter hours an order may be wanted at, later today: at least `earliest_min` from `now`,
/// its cooking (`prep_min + ride_min` before it) begins today while the restaurant is open, and
/// the dish leaves the kitchen (`ride_min` before it) by the time it closes.
pub fn wanted_times(
    hours: &OpeningHours,
    now: i64,
    earliest_min: u32,
    (prep_min, ride_min): (u32, u32),
) -> Vec<i64> {
    let today = PyongyangTime::at(now).day_number();
    let tomorrow = PyongyangTime::midnight_of(today + 1);
    let first = (now + i64::from(earliest_min) * 60 + QUARTER_SECS - 1).div_euclid(QUARTER_SECS)
        * QUARTER_SECS;
    let (prep, ride) = (i64::from(prep_min) * 60, i64::from(ride_min) * 60);
    (0..MAX_WANTED_TIMES as i64)
        .map(|i| first + i * QUARTER_SECS)
        .filter(|&at| {
            let cooking = at - prep - ride;
            cooking >= now
                && cooking < tomorrow
                && hours
                    .open_until(cooking)
                    .is_some_and(|closes| at - ride <= closes)
        })
        .collect()
}

/// The most portions of one dish (with one choice of options) a food cart holds.
pub const MAX_PORTIONS: u32 = 99;
/// The most options a dish offers (and its form sends).
pub const MAX_DISH_OPTIONS: usize = 6;

/// The options chosen for one dish: each once, in ascending order, so that the same choice is the
/// same cart line whatever order the boxes were ticked in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OptionChoice(Vec<DishOptionId>);

impl OptionChoice {
    pub fn new(mut ids: Vec<DishOptionId>) -> OptionChoice {
        ids.sort_unstable();
        ids.dedup();
        OptionChoice(ids)
    }

    pub fn ids(&self) -> &[DishOptionId] {
        &self.0
    }

    /// How the database keeps it: `3,7` (empty for none).
    pub fn code(&self) -> String {
        self.0
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// From `code`'s text; `None` for anything else.
    pub fn parse(code: &str) -> Option<OptionChoice> {
        if code.is_empty() {
            return Some(OptionChoice::default());
        }
        let ids = code
            .split(',')
            .map(|id| id.parse::<DishOptionId>().ok())
            .collect::<Option<Vec<_>>>()?;
        let choice = OptionChoice::new(ids);
        (choice.code() == code).then_some(choice)
    }
}

/// One portion's price: the dish and each chosen option.
pub fn portion_price(dish: Won, options: &[Won]) -> Option<Won> {
    options
        .iter()
        .try_fold(dish, |sum, option| sum.checked_add(*option))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::delivery::Tariff;

    /// Monday 2026-12-07 in Pyongyang.
    const MONDAY: i64 = 20_794;

    fn at(day: i64, hh: i64, mm: i64) -> i64 {
        PyongyangTime::midnight_of(day) + hh * 3600 + mm * 60
    }

    fn span(weekday: u8, opens: &str, closes: &str) -> OpenSpan {
        let min = |s: &str| {
            let (h, m) = s.split_once(':').expect("HH:MM");
            h.parse::<u16>().expect("hours") * 60 + m.parse::<u16>().expect("minutes")
        };
        let (o, mut c) = (min(opens), min(closes));
        if c <= o {
            c += MINUTES_PER_DAY;
        }
        OpenSpan::new(weekday, o, c).expect("a span")
    }

    #[test]
    fn monday_is_day_20794() {
        assert_eq!(weekday_of(MONDAY), 0);
        assert_eq!(
            PyongyangTime::at(at(MONDAY, 12, 0)).day(),
            7,
            "7 December 2026"
        );
    }

    #[test]
    fn spans_are_checked() {
        assert_eq!(OpenSpan::new(7, 600, 700), Err(HoursError::Weekday));
        assert_eq!(OpenSpan::new(0, 700, 700), Err(HoursError::Span));
        assert_eq!(OpenSpan::new(0, 1440, 1500), Err(HoursError::Span));
        assert_eq!(OpenSpan::new(0, 600, 600 + 1441), Err(HoursError::Span));
        assert!(OpenSpan::new(6, 1080, 1560).is_ok());
        assert_eq!(span(4, "18:00", "02:00").clock(), "18:00–02:00");
    }

    #[test]
    fn a_day_span_is_open_inside_it_only() {
        let hours = OpeningHours::new((0..7).map(|d| span(d, "11:00", "22:00")).collect(), vec![]);
        assert_eq!(hours.open_until(at(MONDAY, 10, 59)), None);
        assert_eq!(hours.open_until(at(MONDAY, 11, 0)), Some(at(MONDAY, 22, 0)));
        assert_eq!(hours.open_until(at(MONDAY, 22, 0)), None);
        assert_eq!(
            hours.next_opening(at(MONDAY, 22, 30)),
            Some(at(MONDAY + 1, 11, 0))
        );
        assert_eq!(
            Opening::at(&hours, at(MONDAY, 9, 0)),
            Opening::OpensAt(at(MONDAY, 11, 0))
        );
    }

    #[test]
    fn an_evening_span_runs_past_midnight_into_the_next_weekday() {
        // Friday and Saturday evenings to 02:00; no span begins on Sunday.
        let hours = OpeningHours::new(
            vec![span(4, "18:00", "02:00"), span(5, "18:00", "02:00")],
            vec![],
        );
        let (fri, sat, sun) = (MONDAY + 4, MONDAY + 5, MONDAY + 6);
        assert_eq!(hours.open_until(at(fri, 17, 59)), None);
        assert_eq!(hours.open_until(at(fri, 23, 30)), Some(at(sat, 2, 0)));
        // After midnight it is Saturday, and Friday's span still holds.
        assert_eq!(hours.open_until(at(sat, 1, 59)), Some(at(sat, 2, 0)));
        assert_eq!(hours.open_until(at(sat, 2, 0)), None);
        assert_eq!(hours.open_until(at(sun, 1, 0)), Some(at(sun, 2, 0)));
        assert_eq!(hours.open_until(at(sun, 19, 0)), None);
        // Sunday night: the next opening is Friday.
        assert_eq!(
            hours.next_opening(at(sun, 19, 0)),
            Some(at(MONDAY + 11, 18, 0))
        );
    }

    #[test]
    fn a_closed_day_cancels_the_spans_that_begin_on_it() {
        let every_day = (0..7).map(|d| span(d, "20:00", "01:00")).collect();
        let tuesday = MONDAY + 1;
        let hours = OpeningHours::new(every_day, vec![tuesday]);
        // Monday's evening runs into Tuesday as usual…
        assert_eq!(
            hours.open_until(at(tuesday, 0, 30)),
            Some(at(tuesday, 1, 0))
        );
        // …but Tuesday's evening does not happen, and the next opening is Wednesday's.
        assert_eq!(hours.open_until(at(tuesday, 21, 0)), None);
        assert_eq!(
            Opening::at(&hours, at(tuesday, 12, 0)),
            Opening::OpensAt(at(tuesday + 1, 20, 0))
        );
        // Closed for good: no spans at all.
        assert_eq!(
            Opening::at(&OpeningHours::default(), at(MONDAY, 12, 0)),
            Opening::Closed
        );
    }

    #[test]
    fn the_radius_is_a_straight_line_around_the_restaurant() {
        let okryukwan = GeoPoint::new(39.0265, 125.7395);
        let central = GeoPoint::new(39.019, 125.753);
        let mangyongdae = GeoPoint::new(38.995, 125.655);
        let radius = Radius::from_m(5_000).expect("a radius");
        assert!(radius.reaches(okryukwan, central));
        assert!(!radius.reaches(okryukwan, mangyongdae));
        assert_eq!(Radius::from_m(499), None);
        assert_eq!(Radius::from_m(30_001), None);
    }

    #[test]
    fn the_promise_is_queue_preparation_and_ride() {
        let bike = Tariff::STANDARD.motorbike;
        let kitchen = Kitchen {
            capacity: 40,
            promise_limit_min: 60,
        };
        // An empty kitchen, 12 minutes of cooking, 3 km at 30 km/h (6 min) + 10 min handling.
        let ride = ride_min(Distance::from_km(3), &bike);
        assert_eq!(ride, 16);
        let alone = Ride {
            min: ride,
            riders: None,
        };
        let p = kitchen.promise(0, 2, 12, alone).expect("open");
        assert_eq!(
            p,
            Promise {
                queue_min: 0,
                prep_min: 12,
                rider_min: 0,
                ride_min: 16
            }
        );
        assert_eq!(p.total_min(), 28);
        assert_eq!(p.window(), (30, 40));
        // 39 dishes ahead: the second of this order's dishes falls in the next quarter.
        assert_eq!(kitchen.queue_min(39, 1), 0);
        assert_eq!(kitchen.queue_min(39, 2), 15);
        // 80 dishes ahead: two full quarters first.
        let p = kitchen
            .promise(80, 2, 12, alone)
            .expect("still within the hour");
        assert_eq!((p.queue_min, p.total_min(), p.window()), (30, 58, (60, 70)));
        // 120 ahead: 45 minutes of queue make 73 minutes — busy.
        assert_eq!(
            kitchen.promise(120, 2, 12, alone),
            Err(Busy {
                would_be_min: Some(73)
            })
        );
    }

    #[test]
    fn the_promise_waits_for_a_motorbike_back_from_the_orders_before() {
        let kitchen = Kitchen {
            capacity: 40,
            promise_limit_min: 60,
        };
        let now = 1_000_000;
        let minutes = |m: i64| now + m * 60;
        // Two motorbikes, three orders cooked before ours (cooked in 12 minutes) with 20-minute
        // rides: 30 minutes there and back each. Two leave at +5 and are back at +35; the third,
        // cooked at +10, finds both out and goes at +35 (back at +65).
        let mut riders = Riders {
            now,
            on_duty: 2,
            to_carry: vec![
                Carry {
                    ready_at: minutes(5),
                    ride_min: 20,
                },
                Carry {
                    ready_at: minutes(5),
                    ride_min: 20,
                },
                Carry {
                    ready_at: minutes(10),
                    ride_min: 20,
                },
            ],
        };
        assert_eq!(round_trip_min(20), 30);
        // The first motorbike back is at +35: ours, cooked at +12, waits 23 minutes.
        fn ride(riders: Option<&Riders>) -> Ride<'_> {
            Ride { min: 16, riders }
        }
        let p = kitchen
            .promise(0, 2, 12, ride(Some(&riders)))
            .expect("within the hour");
        assert_eq!((p.rider_min, p.total_min(), p.window()), (23, 51, (55, 65)));
        // An order cooked after ours doesn't go before it.
        riders.to_carry.push(Carry {
            ready_at: minutes(13),
            ride_min: 20,
        });
        assert_eq!(riders.wait_min(12), Some(23));
        // Cooked at +30, ours goes after all four: both motorbikes are out until +65, a
        // 35-minute wait, and with 30 minutes of cooking and 16 on the road that is past the
        // hour: busy.
        assert_eq!(riders.wait_min(30), Some(35));
        assert_eq!(
            kitchen.promise(0, 2, 30, ride(Some(&riders))),
            Err(Busy {
                would_be_min: Some(81)
            })
        );
        // With nothing to carry a motorbike is waiting.
        let idle = Riders {
            now,
            on_duty: 1,
            to_carry: Vec::new(),
        };
        assert_eq!(idle.wait_min(12), Some(0));
        // No motorbike on duty: nothing can be promised.
        let none = Riders {
            now,
            on_duty: 0,
            to_carry: Vec::new(),
        };
        assert_eq!(
            kitchen.promise(0, 1, 12, ride(Some(&none))),
            Err(Busy { would_be_min: None })
        );
    }

    #[test]
    fn the_fee_is_the_motorbikes_base_and_rate_per_km() {
        let bike = Tariff::STANDARD.motorbike;
        // 20 won + 3 won × 2.5 km.
        assert_eq!(
            delivery_fee(Distance::from_m(2_500), &bike),
            Some(Won::from_chon(2_750))
        );
        assert_eq!(
            delivery_fee(Distance::from_m(0), &bike),
            Some(Won::from_won(20))
        );
    }

    #[test]
    fn a_choice_of_options_is_one_line_whatever_the_order() {
        let id = DishOptionId::new;
        let choice = OptionChoice::new(vec![id(7), id(3), id(7)]);
        assert_eq!(choice.code(), "3,7");
        assert_eq!(OptionChoice::parse("3,7"), Some(choice));
        assert_eq!(OptionChoice::parse(""), Some(OptionChoice::default()));
        for bad in ["7,3", "3,3", "3,", "x", "0", "-1", " 3"] {
            assert_eq!(OptionChoice::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_portion_costs_the_dish_and_its_options() {
        let price = portion_price(
            Won::from_won(450),
            &[Won::from_won(20), Won::from_won(5), Won::ZERO],
        );
        assert_eq!(price, Some(Won::from_won(475)));
        assert_eq!(
            portion_price(Won::from_won(450), &[]),
            Some(Won::from_won(450))
        );
    }
    #[test]
    fn wanted_times_are_quarter_hours_cooked_within_opening_today() {
        let hours = OpeningHours::new(vec![span(0, "11:00", "22:00")], vec![]);
        // 10:50 on Monday; 25 minutes to cook, 20 to ride: the first at 11:45 (cooking from
        // 11:00), the last at 22:20 (out of the kitchen at 22:00).
        let times = wanted_times(&hours, at(MONDAY, 10, 50), 45, (25, 20));
        assert_eq!(times.first(), Some(&at(MONDAY, 11, 45)));
        assert_eq!(times.last(), Some(&at(MONDAY, 22, 15)));
        assert_eq!(times.len(), 43);
        // Nothing on a closed day, nothing from the next day.
        let closed = OpeningHours::new(vec![span(0, "11:00", "22:00")], vec![MONDAY]);
        assert!(wanted_times(&closed, at(MONDAY, 10, 50), 45, (25, 20)).is_empty());
        assert!(wanted_times(&hours, at(MONDAY, 23, 0), 45, (25, 20)).is_empty());
        // The earliest counts: at 20:00 with a 90-minute queue, 21:30 at the soonest.
        let late = wanted_times(&hours, at(MONDAY, 20, 0), 90, (25, 20));
        assert_eq!(late.first(), Some(&at(MONDAY, 21, 30)));
    }

    #[test]
    fn wanted_is_asap_or_a_quarter_hour() {
        assert_eq!(Wanted::parse("asap"), Some(Wanted::Asap));
        assert_eq!(Wanted::parse(""), Some(Wanted::Asap));
        let t = at(MONDAY, 12, 15);
        assert_eq!(Wanted::parse(&Wanted::At(t).code()), Some(Wanted::At(t)));
        assert_eq!(Wanted::parse(&(t + 60).to_string()), None);
        assert_eq!(Wanted::parse("-900"), None);
        assert_eq!(Wanted::parse("soon"), None);
    }
}
