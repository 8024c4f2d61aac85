//! The logistics office's delivery tariff: which vehicle carries a shipment, what it costs and
//! when it arrives. The price comparison shows these quotes and checkout charges the same ones.
//!
//! Distances are road distances: the great circle between two points × 1.3, rounded up to the next
//! 100 m. Every amount is exact decimal won; only the great circle itself is computed in floating
//! point, and it is turned into whole metres before any money is involved.

use super::Won;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// A place on the map, in degrees.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

/// Mean earth radius (IUGG), in metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

impl GeoPoint {
    pub const fn new(lat: f64, lon: f64) -> Self {
        Self { lat, lon }
    }

    /// The great-circle distance in metres (haversine).
    pub fn great_circle_m(self, other: GeoPoint) -> f64 {
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lon - self.lon).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
    }
}

/// A road distance in whole metres, always a multiple of 100 m.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Distance(u32);

impl Distance {
    /// Road distance between two places: great circle × 1.3, rounded up to 100 m.
    pub fn by_road(from: GeoPoint, to: GeoPoint) -> Distance {
        let road = from.great_circle_m(to) * 1.3;
        // At most a few thousand km on this map; the cast cannot truncate a real distance.
        let hundreds = (road / 100.0).ceil().clamp(0.0, f64::from(u32::MAX / 100));
        Distance(hundreds as u32 * 100)
    }

    pub const fn from_m(metres: u32) -> Distance {
        Distance(metres.div_ceil(100) * 100)
    }

    pub const fn from_km(km: u32) -> Distance {
        Distance(km * 1000)
    }

    pub fn metres(self) -> u32 {
        self.0
    }

    /// Kilometres with one decimal, exact.
    pub fn km(self) -> Decimal {
        Decimal::new(i64::from(self.0 / 100), 1)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Vehicle {
    Motorbike,
    Van,
}

impl Vehicle {
    pub const ALL: [Vehicle; 2] = [Vehicle::Motorbike, Vehicle::Van];

    /// How the database and forms name it.
    pub fn code(self) -> &'static str {
        match self {
            Vehicle::Motorbike => "motorbike",
            Vehicle::Van => "van",
        }
    }

    pub fn from_code(code: &str) -> Option<Vehicle> {
        Vehicle::ALL.into_iter().find(|v| v.code() == code)
    }
}

/// What a vehicle charges: a base fee plus a rate per road kilometre, and how fast it gets there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    pub base: Won,
    pub per_km: Won,
    /// Loading, handing over and waiting, in minutes.
    pub handling_min: u32,
    /// Average speed on the road, km/h.
    pub speed_kmh: u32,
}

/// Every constant of delivery pricing, in one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tariff {
    pub motorbike: Rate,
    pub van: Rate,
    /// A motorbike takes a shipment only up to these limits (all three).
    pub motorbike_max_weight_g: u64,
    pub motorbike_max_volume_ml: u64,
    pub motorbike_max_distance: Distance,
    /// What one van can carry.
    pub van_max_weight_g: u64,
    pub van_max_volume_ml: u64,
    /// Beyond this road distance only a van goes, with a surcharge and a minimum order value.
    pub long_distance: Distance,
    pub long_distance_surcharge: Won,
    /// Added for every kilometre beyond `long_distance`, on top of the van's rate.
    pub long_distance_per_km: Won,
    pub long_distance_min_order: Won,
    /// The office does not deliver further than this.
    pub max_distance: Distance,
    /// Deliveries one courier makes in one slot (three hours), by vehicle: the slots' capacity.
    pub motorbike_stops_per_slot: u32,
    pub van_stops_per_slot: u32,
}

impl Tariff {
    /// The tariff of the People's Service General Bureau's logistics office, as the migration
    /// first stores it. What applies is the stored table, which operators change at `/tariff`.
    pub const STANDARD: Tariff = Tariff {
        motorbike: Rate {
            base: Won::from_won_const(20),
            per_km: Won::from_won_const(3),
            handling_min: 45,
            speed_kmh: 30,
        },
        van: Rate {
            base: Won::from_won_const(60),
            per_km: Won::from_won_const(6),
            handling_min: 90,
            speed_kmh: 40,
        },
        motorbike_max_weight_g: 20_000,
        motorbike_max_volume_ml: 60_000,
        motorbike_max_distance: Distance::from_km(40),
        van_max_weight_g: 1_200_000,
        van_max_volume_ml: 8_000_000,
        long_distance: Distance::from_km(50),
        long_distance_surcharge: Won::from_won_const(300),
        long_distance_per_km: Won::from_won_const(12),
        long_distance_min_order: Won::from_won_const(500),
        max_distance: Distance::from_km(400),
        motorbike_stops_per_slot: 8,
        van_stops_per_slot: 12,
    };
}

/// One seller's goods on their way to one address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shipment {
    pub weight_g: u64,
    pub volume_ml: u64,
    /// What the goods cost (without delivery).
    pub value: Won,
    pub distance: Distance,
}

/// Why a shipment cannot be delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Undeliverable {
    /// More than the office delivers to at all.
    TooFar { max: Distance },
    /// More than one van carries.
    TooLarge,
    /// A long-distance delivery needs an order worth at least `minimum`.
    BelowLongDistanceMinimum { minimum: Won },
}

/// The price and the plan of one delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub vehicle: Vehicle,
    pub distance: Distance,
    pub fee: Won,
    /// Goods plus delivery: what the shopper pays.
    pub total: Won,
    pub long_distance: bool,
    /// Minutes from pickup at the seller to the door.
    pub estimate_min: u32,
}

impl Tariff {
    /// The vehicle a shipment needs: a motorbike when it is light, small and near enough, else a van.
    pub fn vehicle(&self, s: &Shipment) -> Vehicle {
        if s.weight_g <= self.motorbike_max_weight_g
            && s.volume_ml <= self.motorbike_max_volume_ml
            && s.distance <= self.motorbike_max_distance
            && s.distance <= self.long_distance
        {
            Vehicle::Motorbike
        } else {
            Vehicle::Van
        }
    }

    pub fn quote(&self, s: &Shipment) -> Result<Quote, Undeliverable> {
        if s.distance > self.max_distance {
            return Err(Undeliverable::TooFar {
                max: self.max_distance,
            });
        }
        if s.weight_g > self.van_max_weight_g || s.volume_ml > self.van_max_volume_ml {
            return Err(Undeliverable::TooLarge);
        }
        let long_distance = s.distance > self.long_distance;
        if long_distance && s.value < self.long_distance_min_order {
            return Err(Undeliverable::BelowLongDistanceMinimum {
                minimum: self.long_distance_min_order,
            });
        }
        let vehicle = self.vehicle(s);
        let rate = match vehicle {
            Vehicle::Motorbike => self.motorbike,
            Vehicle::Van => self.van,
        };
        let km = s.distance.km();
        let mut fee = rate.base.as_decimal() + rate.per_km.as_decimal() * km;
        if long_distance {
            let beyond = km - self.long_distance.km();
            fee += self.long_distance_surcharge.as_decimal()
                + self.long_distance_per_km.as_decimal() * beyond;
        }
        // Whole won and tenths of a km make at most tenths of a won: rounding never changes a fee
        // computed from this table, it only guards a future rate with chon.
        let fee =
            Won::try_from(fee.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
                .map_err(|_| Undeliverable::TooLarge)?;
        let total = s.value.checked_add(fee).ok_or(Undeliverable::TooLarge)?;
        // Minutes on the road, rounded up: metres × 60 / (km/h × 1000).
        let road_min =
            (u64::from(s.distance.metres()) * 60).div_ceil(u64::from(rate.speed_kmh) * 1000);
        let estimate_min = rate.handling_min + u32::try_from(road_min).unwrap_or(u32::MAX / 2);
        Ok(Quote {
            vehicle,
            distance: s.distance,
            fee,
            total,
            long_distance,
            estimate_min,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PYONGYANG: GeoPoint = GeoPoint::new(39.02, 125.75);
    const NAMPO: GeoPoint = GeoPoint::new(38.74, 125.41);
    const SINUIJU: GeoPoint = GeoPoint::new(40.10, 124.40);

    fn shipment(weight_g: u64, volume_ml: u64, value: i64, km: u32) -> Shipment {
        Shipment {
            weight_g,
            volume_ml,
            value: Won::from_won(value),
            distance: Distance::from_km(km),
        }
    }

    #[test]
    fn road_distance_is_the_great_circle_times_1_3_rounded_up_to_100_m() {
        let gc = PYONGYANG.great_circle_m(NAMPO);
        assert!((42_000.0..43_000.0).contains(&gc), "{gc}");
        let road = Distance::by_road(PYONGYANG, NAMPO);
        assert_eq!(road.metres() % 100, 0);
        assert!(f64::from(road.metres()) >= gc * 1.3);
        assert!(f64::from(road.metres()) < gc * 1.3 + 100.0);
        assert_eq!(Distance::by_road(PYONGYANG, PYONGYANG).metres(), 0);
        assert_eq!(Distance::from_m(1_201).km(), Decimal::new(13, 1));
        let far = Distance::by_road(PYONGYANG, SINUIJU);
        assert!((210_000..225_000).contains(&far.metres()), "{far:?}");
    }

    #[test]
    fn a_light_near_parcel_goes_by_motorbike_at_base_plus_per_km() {
        // 20 won + 3 won × 12.5 km = 57.50 won, exact.
        let s = Shipment {
            distance: Distance::from_m(12_500),
            ..shipment(600, 1_500, 35, 0)
        };
        let q = Tariff::STANDARD.quote(&s).expect("deliverable");
        assert_eq!(q.vehicle, Vehicle::Motorbike);
        assert_eq!(q.fee, Won::from_chon(5_750));
        assert_eq!(q.total, Won::from_chon(9_250));
        assert!(!q.long_distance);
        // 45 minutes handling + 12.5 km at 30 km/h = 25 minutes.
        assert_eq!(q.estimate_min, 70);
    }

    #[test]
    fn weight_volume_or_distance_over_the_motorbike_limits_take_a_van() {
        let t = Tariff::STANDARD;
        assert_eq!(
            t.vehicle(&shipment(20_000, 60_000, 100, 40)),
            Vehicle::Motorbike
        );
        assert_eq!(t.vehicle(&shipment(20_001, 1_000, 100, 5)), Vehicle::Van);
        assert_eq!(t.vehicle(&shipment(1_000, 60_001, 100, 5)), Vehicle::Van);
        assert_eq!(t.vehicle(&shipment(1_000, 1_000, 100, 41)), Vehicle::Van);
        // A 30 kg wardrobe 10 km away: 60 + 6 × 10 = 120 won by van.
        let q = t.quote(&shipment(30_000, 400_000, 2_000, 10)).expect("van");
        assert_eq!((q.vehicle, q.fee), (Vehicle::Van, Won::from_won(120)));
    }

    #[test]
    fn beyond_50_km_only_a_van_goes_with_a_surcharge_and_a_minimum_order() {
        let t = Tariff::STANDARD;
        // Exactly 50 km is not long distance: van (over the motorbike's 40 km), 60 + 300 = 360.
        let at_limit = t.quote(&shipment(500, 500, 100, 50)).expect("50 km");
        assert_eq!(
            (at_limit.vehicle, at_limit.long_distance),
            (Vehicle::Van, false)
        );
        assert_eq!(at_limit.fee, Won::from_won(360));
        // 80 km: 60 + 6 × 80 + 300 + 12 × 30 = 1,200 won, for a light parcel too.
        let far = t.quote(&shipment(500, 500, 600, 80)).expect("80 km");
        assert_eq!((far.vehicle, far.long_distance), (Vehicle::Van, true));
        assert_eq!(far.fee, Won::from_won(1_200));
        assert_eq!(far.total, Won::from_won(1_800));
        // Below the minimum order value it is refused, with the minimum named.
        assert_eq!(
            t.quote(&shipment(500, 500, 499, 80)),
            Err(Undeliverable::BelowLongDistanceMinimum {
                minimum: Won::from_won(500)
            })
        );
        // A few kilometres beyond 50 switch the whole trip to the long-distance price.
        let just_over = t.quote(&Shipment {
            distance: Distance::from_m(50_100),
            ..shipment(500, 500, 500, 0)
        });
        assert_eq!(
            just_over.map(|q| q.fee),
            Ok(Won::from_chon(66_180)) // 60 + 6 × 50.1 + 300 + 12 × 0.1
        );
    }

    #[test]
    fn too_far_or_too_big_for_a_van_is_refused() {
        let t = Tariff::STANDARD;
        assert_eq!(
            t.quote(&shipment(500, 500, 10_000, 401)),
            Err(Undeliverable::TooFar {
                max: Distance::from_km(400)
            })
        );
        assert_eq!(
            t.quote(&shipment(1_200_001, 500, 10_000, 5)),
            Err(Undeliverable::TooLarge)
        );
    }
}
