//! The logistics office: which courier may carry what, how many deliveries a slot can take, the
//! order of a courier's stops, the dispatcher's suggested assignment, the shopper's confirmation
//! code and what a failed delivery gives back. Pure rules; the server applies them.

use super::{
    catalog::Localized,
    delivery::{Distance, GeoPoint, Tariff, Vehicle},
    form::FieldProblem,
    order::OrderStatus,
    slot::Slot,
    CityId, OrderId, UserId, Won,
};
use serde::{Deserialize, Serialize};

// Who carries what.

/// A van carries anything a motorbike would; a motorbike only what the tariff gave to one.
pub fn can_carry(courier: Vehicle, order: Vehicle) -> bool {
    courier == Vehicle::Van || order == Vehicle::Motorbike
}

/// What a courier has on their round in one slot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Load {
    pub stops: u32,
    pub weight_g: u64,
    pub volume_ml: u64,
}

impl Load {
    pub fn with(self, weight_g: u64, volume_ml: u64) -> Load {
        Load {
            stops: self.stops + 1,
            weight_g: self.weight_g.saturating_add(weight_g),
            volume_ml: self.volume_ml.saturating_add(volume_ml),
        }
    }
}

/// Why a courier can't take an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CannotTake {
    /// The order needs a van.
    NeedsVan,
    /// The courier's round in that slot would be too heavy, too bulky or too long.
    Full,
    /// The courier works from another city than the seller's.
    OtherCity,
    /// The courier is off duty.
    OffDuty,
    /// Hot food goes by motorbike, straight to the door: never in a van's round.
    HotFood,
}

/// One order as a courier carries it: the vehicle it needs, its weight and its volume.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parcel {
    pub needs: Vehicle,
    pub weight_g: u64,
    pub volume_ml: u64,
    /// Hot food from a restaurant's kitchen.
    pub hot: bool,
}

impl Parcel {
    pub const fn new(needs: Vehicle, weight_g: u64, volume_ml: u64) -> Parcel {
        Parcel {
            needs,
            weight_g,
            volume_ml,
            hot: false,
        }
    }

    /// The same parcel, hot food (or not).
    pub const fn hot(self, hot: bool) -> Parcel {
        Parcel { hot, ..self }
    }
}

/// Whether a courier with `vehicle` and `load` in a slot can also take `parcel`.
pub fn can_take(
    t: &Tariff,
    vehicle: Vehicle,
    load: Load,
    parcel: Parcel,
) -> Result<(), CannotTake> {
    if !can_carry(vehicle, parcel.needs) {
        return Err(CannotTake::NeedsVan);
    }
    if parcel.hot && vehicle == Vehicle::Van {
        return Err(CannotTake::HotFood);
    }
    let after = load.with(parcel.weight_g, parcel.volume_ml);
    let (max_w, max_v, max_stops) = match vehicle {
        Vehicle::Motorbike => (
            t.motorbike_max_weight_g,
            t.motorbike_max_volume_ml,
            t.motorbike_stops_per_slot,
        ),
        Vehicle::Van => (
            t.van_max_weight_g,
            t.van_max_volume_ml,
            t.van_stops_per_slot,
        ),
    };
    if after.weight_g > max_w || after.volume_ml > max_v || after.stops > max_stops {
        return Err(CannotTake::Full);
    }
    Ok(())
}

// Slots.

/// How many deliveries one slot of one city can take: every courier on duty there makes the
/// tariff's stops per slot; the orders that need a van only fit in the vans' share.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotCapacity {
    pub stops: u32,
    pub van_stops: u32,
}

/// What a slot of one city has taken so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booked {
    pub stops: u32,
    pub van_stops: u32,
}

impl SlotCapacity {
    pub fn of(motorbikes: u32, vans: u32, t: &Tariff) -> SlotCapacity {
        let van_stops = vans.saturating_mul(t.van_stops_per_slot);
        SlotCapacity {
            stops: motorbikes
                .saturating_mul(t.motorbike_stops_per_slot)
                .saturating_add(van_stops),
            van_stops,
        }
    }

    /// Whether `more` deliveries fit after `booked`.
    pub fn admits(self, booked: Booked, more: Booked) -> bool {
        booked.stops.saturating_add(more.stops) <= self.stops
            && booked.van_stops.saturating_add(more.van_stops) <= self.van_stops
    }
}

impl Booked {
    /// One delivery by `vehicle`.
    pub fn one(vehicle: Vehicle) -> Booked {
        Booked {
            stops: 1,
            van_stops: u32::from(vehicle == Vehicle::Van),
        }
    }

    pub fn plus(self, other: Booked) -> Booked {
        Booked {
            stops: self.stops.saturating_add(other.stops),
            van_stops: self.van_stops.saturating_add(other.van_stops),
        }
    }
}

/// The places a checkout's orders take in their slot, by the seller's city: one per seller
/// group, needing a van where the group's quote does (a group not yet priced counts as a
/// motorbike delivery; one that can't be delivered is not bought and needs none). Cities in id
/// order: the order checkout books them in.
pub fn slot_needs(groups: &[super::cart::SellerGroup]) -> Vec<(CityId, Booked)> {
    let mut needs: Vec<(CityId, Booked)> = Vec::new();
    for g in groups {
        let vehicle = match g.delivery {
            Some(Ok(q)) => q.vehicle,
            Some(Err(_)) => continue,
            None => Vehicle::Motorbike,
        };
        match needs.iter_mut().find(|(c, _)| *c == g.city_id) {
            Some((_, b)) => *b = b.plus(Booked::one(vehicle)),
            None => needs.push((g.city_id, Booked::one(vehicle))),
        }
    }
    needs.sort_by_key(|(c, _)| *c);
    needs
}

// Routes.

/// A courier's round: the stops in the order to drive them, each leg's road distance, and the
/// whole distance from the depot to the last stop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    pub stops: Vec<OrderId>,
    pub legs: Vec<Distance>,
    pub total: Distance,
}

/// Orders the stops by nearest neighbour from the depot (always the nearest stop not yet
/// visited; ties: the lower order number), then improves that order while a move shortens the
/// way: reversing a stretch (2-opt) or moving one stop elsewhere (or-opt). Distances are by road;
/// the round ends at the last stop.
pub fn route(depot: GeoPoint, stops: &[(OrderId, GeoPoint)]) -> Route {
    let mut sorted: Vec<(OrderId, GeoPoint)> = stops.to_vec();
    sorted.sort_by_key(|(id, _)| *id);
    // Place 0 is the depot, place i + 1 is sorted[i].
    let places: Vec<GeoPoint> = std::iter::once(depot)
        .chain(sorted.iter().map(|(_, p)| *p))
        .collect();
    let dist: Vec<Vec<u64>> = places
        .iter()
        .map(|a| {
            places
                .iter()
                .map(|b| u64::from(Distance::by_road(*a, *b).metres()))
                .collect()
        })
        .collect();
    let length = |p: &[usize]| -> u64 {
        let mut at = 0;
        p.iter()
            .map(|&to| {
                let d = dist[at][to];
                at = to;
                d
            })
            .sum()
    };
    let mut left: Vec<usize> = (1..places.len()).collect();
    let mut path: Vec<usize> = Vec::with_capacity(left.len());
    let mut here = 0;
    while !left.is_empty() {
        let mut best = 0;
        for i in 1..left.len() {
            if dist[here][left[i]] < dist[here][left[best]] {
                best = i;
            }
        }
        here = left.remove(best);
        path.push(here);
    }
    let mut best_len = length(&path);
    // Each accepted move shortens the round by at least a metre: this ends.
    loop {
        let mut better: Option<(Vec<usize>, u64)> = None;
        for i in 0..path.len() {
            for j in i + 1..path.len() {
                let mut reversed = path.clone();
                reversed[i..=j].reverse();
                let mut moved = path.clone();
                let stop = moved.remove(i);
                moved.insert(j, stop);
                let mut moved_back = path.clone();
                let stop = moved_back.remove(j);
                moved_back.insert(i, stop);
                for tried in [reversed, moved, moved_back] {
                    let l = length(&tried);
                    if l < better.as_ref().map_or(best_len, |(_, b)| *b) {
                        better = Some((tried, l));
                    }
                }
            }
        }
        match better {
            Some((p, l)) => {
                path = p;
                best_len = l;
            }
            None => break,
        }
    }
    let mut legs = Vec::with_capacity(path.len());
    let mut at = 0;
    for &to in &path {
        legs.push(Distance::from_m(
            u32::try_from(dist[at][to]).unwrap_or(u32::MAX),
        ));
        at = to;
    }
    Route {
        stops: path.iter().map(|&i| sorted[i - 1].0).collect(),
        legs,
        total: Distance::from_m(u32::try_from(best_len).unwrap_or(u32::MAX)),
    }
}

// The board.

/// An order as the dispatcher and the courier see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub id: OrderId,
    pub status: OrderStatus,
    pub seller: Localized,
    /// The seller's city: where the goods are collected and which couriers take them.
    pub city: CityId,
    pub district: Localized,
    pub address: String,
    pub at: GeoPoint,
    pub slot: Slot,
    /// What the tariff requires.
    pub vehicle: Vehicle,
    pub weight_g: u64,
    pub volume_ml: u64,
    pub courier: Option<UserId>,
    /// What to collect: (name, quantity).
    pub goods: Vec<(Localized, u32)>,
    /// Hot food: when it is due at the door (UTC seconds).
    pub due: Option<i64>,
}

impl Delivery {
    /// Ready and nobody carries it yet: waiting on the board for a courier.
    pub fn waiting(&self) -> bool {
        self.courier.is_none() && self.status == OrderStatus::Ready
    }
}

/// A courier as the board sees them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Courier {
    pub id: UserId,
    pub name: String,
    pub vehicle: Vehicle,
    pub city: CityId,
    pub on_duty: bool,
}

/// A city's depot: where its couriers start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Depot {
    pub city: CityId,
    pub name: Localized,
    pub at: GeoPoint,
}

/// What a courier has in one slot, from the orders assigned to them.
pub fn load_of(courier: UserId, slot: Slot, deliveries: &[Delivery]) -> Load {
    deliveries
        .iter()
        .filter(|d| d.courier == Some(courier) && d.slot == slot && d.status.on_round())
        .fold(Load::default(), |l, d| l.with(d.weight_g, d.volume_ml))
}

/// A courier's round, slot by slot: each slot starts at the depot (to collect its goods).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Round {
    pub courier: Courier,
    /// The stops in driving order.
    pub stops: Vec<Delivery>,
    pub total: Distance,
}

/// The round of `courier` over its assigned deliveries still to make.
pub fn round_of(courier: &Courier, depot: GeoPoint, deliveries: &[Delivery]) -> Round {
    let mine: Vec<&Delivery> = deliveries
        .iter()
        .filter(|d| d.courier == Some(courier.id) && d.status.on_round())
        .collect();
    // Hot food first, by the time it is due, each straight from the kitchen to its door.
    let mut hot: Vec<&Delivery> = mine.iter().copied().filter(|d| d.due.is_some()).collect();
    hot.sort_by_key(|d| (d.due, d.id));
    let mut stops: Vec<Delivery> = hot.iter().map(|d| (*d).clone()).collect();
    let mut total = 0;
    let mut from = depot;
    for d in &hot {
        total += Distance::by_road(from, d.at).metres();
        from = d.at;
    }
    let mut slots: Vec<Slot> = mine
        .iter()
        .filter(|d| d.due.is_none())
        .map(|d| d.slot)
        .collect();
    slots.sort();
    slots.dedup();
    for slot in slots {
        let points: Vec<(OrderId, GeoPoint)> = mine
            .iter()
            .filter(|d| d.slot == slot && d.due.is_none())
            .map(|d| (d.id, d.at))
            .collect();
        let r = route(depot, &points);
        total += r.total.metres();
        for id in r.stops {
            if let Some(d) = mine.iter().find(|d| d.id == id) {
                stops.push((*d).clone());
            }
        }
    }
    Round {
        courier: courier.clone(),
        stops,
        total: Distance::from_m(total),
    }
}

/// One suggested assignment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub order: OrderId,
    pub courier: UserId,
}

/// A first plan for the unassigned ready orders: slot by slot, the orders needing a van first and
/// the heaviest first within that, each to the courier of the seller's city who can take it and
/// drives the smallest vehicle that will do, the least loaded among those (then the lower id).
pub fn suggest(t: &Tariff, couriers: &[Courier], deliveries: &[Delivery]) -> Vec<Suggestion> {
    let mut open: Vec<&Delivery> = deliveries.iter().filter(|d| d.waiting()).collect();
    open.sort_by_key(|d| {
        (
            d.due.is_none(),
            d.due,
            d.slot,
            d.vehicle != Vehicle::Van,
            std::cmp::Reverse(d.weight_g),
            d.id,
        )
    });
    let mut planned: Vec<Delivery> = deliveries.to_vec();
    let mut out = Vec::new();
    for d in open {
        let best = couriers
            .iter()
            .filter(|c| c.on_duty && c.city == d.city)
            .filter_map(|c| {
                let load = load_of(c.id, d.slot, &planned);
                can_take(
                    t,
                    c.vehicle,
                    load,
                    Parcel::new(d.vehicle, d.weight_g, d.volume_ml).hot(d.due.is_some()),
                )
                .ok()
                .map(|()| (c.vehicle != d.vehicle, load.stops, c.id))
            })
            .min();
        if let Some((_, _, courier)) = best {
            if let Some(p) = planned.iter_mut().find(|p| p.id == d.id) {
                p.courier = Some(courier);
            }
            out.push(Suggestion {
                order: d.id,
                courier,
            });
        }
    }
    out
}

// Handing over.

/// The 4-digit code the shopper reads from their order page and tells the courier at the door.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryCode(String);

impl DeliveryCode {
    /// Wrong codes an order takes before only the office can close it.
    pub const TRIES: u32 = 5;

    pub fn parse(raw: &str) -> Result<DeliveryCode, FieldProblem> {
        let t = raw.trim();
        if t.is_empty() {
            return Err(FieldProblem::Required);
        }
        if t.len() != 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldProblem::CodeFormat);
        }
        Ok(DeliveryCode(t.to_string()))
    }

    /// A code from four random bytes (uniform enough: 2³² mod 10⁴ is nearly nothing).
    pub fn from_random(bytes: [u8; 4]) -> DeliveryCode {
        DeliveryCode(format!("{:04}", u32::from_le_bytes(bytes) % 10_000))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for DeliveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeliveryCode(****)")
    }
}

/// Why a courier could not hand an order over. The policy: the shopper always gets the goods'
/// price back at once (the goods go back to the seller); the delivery fee too when the office
/// or the goods were at fault, not when nobody answered the door, the shopper refused the goods
/// or the address was wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FailureReason {
    NobodyHome,
    Refused,
    WrongAddress,
    Damaged,
    VehicleTrouble,
}

impl FailureReason {
    pub const ALL: [FailureReason; 5] = [
        FailureReason::NobodyHome,
        FailureReason::Refused,
        FailureReason::WrongAddress,
        FailureReason::Damaged,
        FailureReason::VehicleTrouble,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FailureReason::NobodyHome => "nobody_home",
            FailureReason::Refused => "refused",
            FailureReason::WrongAddress => "wrong_address",
            FailureReason::Damaged => "damaged",
            FailureReason::VehicleTrouble => "vehicle_trouble",
        }
    }

    pub fn from_code(code: &str) -> Option<FailureReason> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// What goes back to the shopper of an order of `goods` and `fee`.
    pub fn refund(self, goods: Won, fee: Won) -> Owed {
        match self {
            FailureReason::Damaged | FailureReason::VehicleTrouble => Owed { goods, fee },
            FailureReason::NobodyHome | FailureReason::Refused | FailureReason::WrongAddress => {
                Owed {
                    goods,
                    fee: Won::ZERO,
                }
            }
        }
    }
}

/// What is owed back to a shopper: for the goods, and for the delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Owed {
    pub goods: Won,
    pub fee: Won,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::delivery::Vehicle::{Motorbike, Van};

    const DEPOT: GeoPoint = GeoPoint::new(39.02, 125.75);

    fn delivery(id: i64, at: GeoPoint, vehicle: Vehicle, weight_g: u64) -> Delivery {
        Delivery {
            id: OrderId::new(id),
            status: OrderStatus::Ready,
            seller: Localized::new("가", "A"),
            city: CityId::new(1),
            district: Localized::new("구", "D"),
            address: String::new(),
            at,
            slot: Slot {
                day: 20_000,
                window: 1,
            },
            vehicle,
            weight_g,
            volume_ml: 1_000,
            courier: None,
            goods: Vec::new(),
            due: None,
        }
    }

    fn courier(id: i64, vehicle: Vehicle) -> Courier {
        Courier {
            id: UserId::new(id),
            name: format!("c{id}"),
            vehicle,
            city: CityId::new(1),
            on_duty: true,
        }
    }

    #[test]
    fn a_van_carries_anything_a_motorbike_only_light_loads() {
        let t = Tariff::STANDARD;
        assert!(can_carry(Van, Motorbike) && can_carry(Van, Van));
        assert!(!can_carry(Motorbike, Van));
        assert_eq!(
            can_take(
                &t,
                Motorbike,
                Load::default(),
                Parcel::new(Van, 30_000, 1_000)
            ),
            Err(CannotTake::NeedsVan)
        );
        assert_eq!(
            can_take(&t, Van, Load::default(), Parcel::new(Van, 30_000, 1_000)),
            Ok(())
        );
        // 15 kg on board plus 6 kg: over the motorbike's 20 kg.
        let load = Load::default().with(15_000, 1_000);
        assert_eq!(
            can_take(&t, Motorbike, load, Parcel::new(Motorbike, 6_000, 1_000)),
            Err(CannotTake::Full)
        );
        assert_eq!(
            can_take(&t, Motorbike, load, Parcel::new(Motorbike, 5_000, 1_000)),
            Ok(())
        );
        // Eight stops fill a motorbike's slot.
        let full = (0..8).fold(Load::default(), |l, _| l.with(100, 100));
        assert_eq!(
            can_take(&t, Motorbike, full, Parcel::new(Motorbike, 100, 100)),
            Err(CannotTake::Full)
        );
    }

    #[test]
    fn a_slot_holds_what_the_citys_couriers_can_make() {
        let t = Tariff::STANDARD;
        // Two motorbikes (8 each) and one van (12): 28 deliveries, 12 of them needing a van.
        let cap = SlotCapacity::of(2, 1, &t);
        assert_eq!(
            cap,
            SlotCapacity {
                stops: 28,
                van_stops: 12
            }
        );
        let (bike, van) = (Booked::one(Motorbike), Booked::one(Van));
        assert!(cap.admits(
            Booked {
                stops: 27,
                van_stops: 12
            },
            bike
        ));
        assert!(
            !cap.admits(
                Booked {
                    stops: 27,
                    van_stops: 12
                },
                van
            ),
            "vans full"
        );
        assert!(
            !cap.admits(
                Booked {
                    stops: 28,
                    van_stops: 0
                },
                bike
            ),
            "slot full"
        );
        assert!(cap.admits(
            Booked {
                stops: 20,
                van_stops: 11
            },
            van
        ));
        // Two orders of one checkout need two places.
        assert!(!cap.admits(
            Booked {
                stops: 27,
                van_stops: 0
            },
            bike.plus(bike)
        ));
        // No couriers, no slot.
        assert!(!SlotCapacity::of(0, 0, &t).admits(Booked::default(), bike));
        // Motorbikes alone take no van deliveries.
        assert!(!SlotCapacity::of(3, 0, &t).admits(Booked::default(), van));
    }

    #[test]
    fn a_route_visits_the_nearest_stop_next_and_sums_its_legs() {
        // On one meridian north of the depot, given out of order: 3 km, 1 km, 2 km away.
        let north = |km: f64| GeoPoint::new(39.02 + km / 111.2, 125.75);
        let stops = [
            (OrderId::new(7), north(3.0)),
            (OrderId::new(8), north(1.0)),
            (OrderId::new(9), north(2.0)),
        ];
        let r = route(DEPOT, &stops);
        assert_eq!(r.stops, [OrderId::new(8), OrderId::new(9), OrderId::new(7)]);
        assert_eq!(r.legs.len(), 3);
        assert_eq!(
            r.total.metres(),
            r.legs.iter().map(|d| d.metres()).sum::<u32>()
        );
        // Three legs of about 1.3 km by road (1 km as the crow flies × 1.3).
        assert!((3_900..=4_200).contains(&r.total.metres()), "{r:?}");
        assert_eq!(route(DEPOT, &[]).total.metres(), 0);
    }

    #[test]
    fn improving_moves_mend_a_nearest_neighbour_detour() {
        // On one parallel through the depot: 1 km east, 2 km west, 3 km east. Nearest neighbour
        // goes east 1, east 3, then 5 back west (8 km); west first is 2 + 3 + 2 = 7 km.
        let east = |km: f64| GeoPoint::new(39.02, 125.75 + km / 86.4);
        let stops = [
            (OrderId::new(1), east(1.0)),
            (OrderId::new(2), east(-2.0)),
            (OrderId::new(3), east(3.0)),
        ];
        let r = route(DEPOT, &stops);
        assert_eq!(r.stops, [OrderId::new(2), OrderId::new(1), OrderId::new(3)]);
        // 7 km as the crow flies, × 1.3 by road, each leg rounded up to 100 m.
        assert!((9_000..=9_400).contains(&r.total.metres()), "{r:?}");
    }

    #[test]
    fn the_suggestion_gives_van_loads_to_vans_and_spreads_the_rest() {
        let t = Tariff::STANDARD;
        let here = GeoPoint::new(39.03, 125.76);
        let deliveries = vec![
            delivery(1, here, Motorbike, 2_000),
            delivery(2, here, Van, 50_000),
            delivery(3, here, Motorbike, 1_000),
        ];
        let couriers = vec![
            courier(10, Motorbike),
            courier(11, Motorbike),
            courier(12, Van),
        ];
        let s = suggest(&t, &couriers, &deliveries);
        let to = |o: i64| {
            s.iter()
                .find(|s| s.order == OrderId::new(o))
                .map(|s| s.courier)
        };
        assert_eq!(to(2), Some(UserId::new(12)), "the heavy order goes by van");
        // The light ones go to the two motorbikes, one each.
        let (a, b) = (to(1), to(3));
        assert!(a.is_some() && b.is_some() && a != b, "{s:?}");
        assert_ne!(a, Some(UserId::new(12)));
        // With only motorbikes, the van order stays unassigned.
        let s = suggest(&t, &couriers[..2], &deliveries);
        assert!(!s.iter().any(|s| s.order == OrderId::new(2)));
        // Off-duty couriers and other cities get nothing.
        let mut away = courier(13, Van);
        away.city = CityId::new(2);
        let mut off = courier(14, Van);
        off.on_duty = false;
        assert!(suggest(&t, &[away, off], &deliveries).is_empty());
    }

    #[test]
    fn hot_food_goes_first_and_never_by_van() {
        let t = Tariff::STANDARD;
        let here = GeoPoint::new(39.03, 125.76);
        let near = GeoPoint::new(39.021, 125.751);
        let hot = |id, due| Delivery {
            due: Some(due),
            ..delivery(id, here, Motorbike, 1_000)
        };
        let parcel = Parcel::new(Motorbike, 1_000, 1_000);
        assert_eq!(
            can_take(&t, Van, Load::default(), parcel.hot(true)),
            Err(CannotTake::HotFood)
        );
        assert_eq!(
            can_take(&t, Motorbike, Load::default(), parcel.hot(true)),
            Ok(())
        );
        // Only a van is free: the hot order waits, the other goes.
        let deliveries = vec![delivery(1, near, Motorbike, 1_000), hot(2, 5_000)];
        let s = suggest(&t, &[courier(12, Van)], &deliveries);
        assert_eq!(
            s.iter().map(|s| s.order.get()).collect::<Vec<_>>(),
            [1],
            "{s:?}"
        );
        // On a round, hot food comes first, the sooner due first, however near the rest is.
        let mut round = vec![
            delivery(1, near, Motorbike, 1_000),
            hot(2, 9_000),
            hot(3, 5_000),
        ];
        for d in &mut round {
            d.courier = Some(UserId::new(10));
        }
        let r = round_of(&courier(10, Motorbike), DEPOT, &round);
        let order: Vec<i64> = r.stops.iter().map(|d| d.id.get()).collect();
        assert_eq!(order, [3, 2, 1]);
    }

    #[test]
    fn the_code_is_four_digits_and_never_printed() {
        assert!(DeliveryCode::parse("0042").is_ok());
        for bad in ["42", "12345", "12a4"] {
            assert_eq!(
                DeliveryCode::parse(bad),
                Err(FieldProblem::CodeFormat),
                "{bad}"
            );
        }
        assert_eq!(DeliveryCode::parse(" "), Err(FieldProblem::Required));
        assert_eq!(DeliveryCode::from_random([0, 0, 0, 0]).as_str(), "0000");
        assert_eq!(
            DeliveryCode::from_random([255, 255, 255, 255])
                .as_str()
                .len(),
            4
        );
        assert_eq!(
            format!("{:?}", DeliveryCode::parse("1234").expect("code")),
            "DeliveryCode(****)"
        );
    }

    #[test]
    fn a_failed_delivery_refunds_the_goods_and_the_fee_when_the_office_was_at_fault() {
        let (goods, fee) = (Won::from_won(105), Won::from_won(20));
        let goods_only = Owed {
            goods,
            fee: Won::ZERO,
        };
        assert_eq!(FailureReason::NobodyHome.refund(goods, fee), goods_only);
        assert_eq!(FailureReason::Refused.refund(goods, fee), goods_only);
        assert_eq!(
            FailureReason::Damaged.refund(goods, fee),
            Owed { goods, fee }
        );
        assert_eq!(
            FailureReason::VehicleTrouble.refund(goods, fee),
            Owed { goods, fee }
        );
        for r in FailureReason::ALL {
            assert_eq!(FailureReason::from_code(r.code()), Some(r));
        }
    }
}
