//! The tariff as a table the operator edits: one named value per constant of `Tariff`, in the unit
//! people think in (won, kg, litres, km, minutes), stored as text and checked before it applies.

use super::{
    delivery::{Distance, Tariff},
    form::{FieldErrors, FieldProblem, FormField},
    Won,
};
use serde::{Deserialize, Serialize};

/// One editable constant of the tariff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TariffField {
    MotorbikeBase,
    MotorbikePerKm,
    MotorbikeHandlingMin,
    MotorbikeSpeedKmh,
    MotorbikeMaxWeightKg,
    MotorbikeMaxVolumeL,
    MotorbikeMaxDistanceKm,
    MotorbikeStopsPerSlot,
    VanBase,
    VanPerKm,
    VanHandlingMin,
    VanSpeedKmh,
    VanMaxWeightKg,
    VanMaxVolumeL,
    VanStopsPerSlot,
    LongDistanceKm,
    LongDistanceSurcharge,
    LongDistancePerKm,
    LongDistanceMinOrder,
    MaxDistanceKm,
}

/// The tariff form's inputs are named by the stored keys.
impl FormField for TariffField {
    fn input(self) -> &'static str {
        self.code()
    }
}

/// What kind of number a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Won,
    Kg,
    Litres,
    Km,
    Minutes,
    KmPerHour,
    Stops,
}

impl Unit {
    /// The largest value a field of this unit takes (a typo guard, far above any real tariff).
    fn max(self) -> u32 {
        match self {
            Unit::Won => 1_000_000,
            Unit::Kg => 100_000,
            Unit::Litres => 100_000,
            Unit::Km => 5_000,
            Unit::Minutes => 24 * 60,
            Unit::KmPerHour => 200,
            Unit::Stops => 500,
        }
    }
}

impl TariffField {
    pub const ALL: [TariffField; 20] = [
        TariffField::MotorbikeBase,
        TariffField::MotorbikePerKm,
        TariffField::MotorbikeHandlingMin,
        TariffField::MotorbikeSpeedKmh,
        TariffField::MotorbikeMaxWeightKg,
        TariffField::MotorbikeMaxVolumeL,
        TariffField::MotorbikeMaxDistanceKm,
        TariffField::MotorbikeStopsPerSlot,
        TariffField::VanBase,
        TariffField::VanPerKm,
        TariffField::VanHandlingMin,
        TariffField::VanSpeedKmh,
        TariffField::VanMaxWeightKg,
        TariffField::VanMaxVolumeL,
        TariffField::VanStopsPerSlot,
        TariffField::LongDistanceKm,
        TariffField::LongDistanceSurcharge,
        TariffField::LongDistancePerKm,
        TariffField::LongDistanceMinOrder,
        TariffField::MaxDistanceKm,
    ];

    /// The stored key and the form input's name.
    pub fn code(self) -> &'static str {
        match self {
            TariffField::MotorbikeBase => "motorbike_base",
            TariffField::MotorbikePerKm => "motorbike_per_km",
            TariffField::MotorbikeHandlingMin => "motorbike_handling_min",
            TariffField::MotorbikeSpeedKmh => "motorbike_speed_kmh",
            TariffField::MotorbikeMaxWeightKg => "motorbike_max_weight_kg",
            TariffField::MotorbikeMaxVolumeL => "motorbike_max_volume_l",
            TariffField::MotorbikeMaxDistanceKm => "motorbike_max_distance_km",
            TariffField::MotorbikeStopsPerSlot => "motorbike_stops_per_slot",
            TariffField::VanBase => "van_base",
            TariffField::VanPerKm => "van_per_km",
            TariffField::VanHandlingMin => "van_handling_min",
            TariffField::VanSpeedKmh => "van_speed_kmh",
            TariffField::VanMaxWeightKg => "van_max_weight_kg",
            TariffField::VanMaxVolumeL => "van_max_volume_l",
            TariffField::VanStopsPerSlot => "van_stops_per_slot",
            TariffField::LongDistanceKm => "long_distance_km",
            TariffField::LongDistanceSurcharge => "long_distance_surcharge",
            TariffField::LongDistancePerKm => "long_distance_per_km",
            TariffField::LongDistanceMinOrder => "long_distance_min_order",
            TariffField::MaxDistanceKm => "max_distance_km",
        }
    }

    pub fn from_code(code: &str) -> Option<TariffField> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn unit(self) -> Unit {
        use TariffField::*;
        match self {
            MotorbikeBase
            | MotorbikePerKm
            | VanBase
            | VanPerKm
            | LongDistanceSurcharge
            | LongDistancePerKm
            | LongDistanceMinOrder => Unit::Won,
            MotorbikeHandlingMin | VanHandlingMin => Unit::Minutes,
            MotorbikeSpeedKmh | VanSpeedKmh => Unit::KmPerHour,
            MotorbikeMaxWeightKg | VanMaxWeightKg => Unit::Kg,
            MotorbikeMaxVolumeL | VanMaxVolumeL => Unit::Litres,
            MotorbikeMaxDistanceKm | LongDistanceKm | MaxDistanceKm => Unit::Km,
            MotorbikeStopsPerSlot | VanStopsPerSlot => Unit::Stops,
        }
    }

    /// The field's value in `t`, as the form and the table show it.
    pub fn get(self, t: &Tariff) -> String {
        use TariffField::*;
        let won = |w: Won| w.as_decimal().normalize().to_string();
        let thousandths = |n: u64| (n / 1000).to_string();
        let km = |d: Distance| (d.metres() / 1000).to_string();
        match self {
            MotorbikeBase => won(t.motorbike.base),
            MotorbikePerKm => won(t.motorbike.per_km),
            MotorbikeHandlingMin => t.motorbike.handling_min.to_string(),
            MotorbikeSpeedKmh => t.motorbike.speed_kmh.to_string(),
            MotorbikeMaxWeightKg => thousandths(t.motorbike_max_weight_g),
            MotorbikeMaxVolumeL => thousandths(t.motorbike_max_volume_ml),
            MotorbikeMaxDistanceKm => km(t.motorbike_max_distance),
            MotorbikeStopsPerSlot => t.motorbike_stops_per_slot.to_string(),
            VanBase => won(t.van.base),
            VanPerKm => won(t.van.per_km),
            VanHandlingMin => t.van.handling_min.to_string(),
            VanSpeedKmh => t.van.speed_kmh.to_string(),
            VanMaxWeightKg => thousandths(t.van_max_weight_g),
            VanMaxVolumeL => thousandths(t.van_max_volume_ml),
            VanStopsPerSlot => t.van_stops_per_slot.to_string(),
            LongDistanceKm => km(t.long_distance),
            LongDistanceSurcharge => won(t.long_distance_surcharge),
            LongDistancePerKm => won(t.long_distance_per_km),
            LongDistanceMinOrder => won(t.long_distance_min_order),
            MaxDistanceKm => km(t.max_distance),
        }
    }

    /// Sets the field in `t` from what was typed: won to the chon, everything else a whole number
    /// (speeds from 1).
    pub fn set(self, t: &mut Tariff, raw: &str) -> Result<(), FieldProblem> {
        use TariffField::*;
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FieldProblem::Required);
        }
        let unit = self.unit();
        if unit == Unit::Won {
            let w: Won = raw.parse().map_err(|_| FieldProblem::AmountInvalid)?;
            if w.is_negative() {
                return Err(FieldProblem::AmountInvalid);
            }
            if w > Won::from_won(i64::from(unit.max())) {
                return Err(FieldProblem::OutOfRange);
            }
            match self {
                MotorbikeBase => t.motorbike.base = w,
                MotorbikePerKm => t.motorbike.per_km = w,
                VanBase => t.van.base = w,
                VanPerKm => t.van.per_km = w,
                LongDistanceSurcharge => t.long_distance_surcharge = w,
                LongDistancePerKm => t.long_distance_per_km = w,
                _ => t.long_distance_min_order = w,
            }
            return Ok(());
        }
        if !raw.bytes().all(|b| b.is_ascii_digit()) || raw.len() > 9 {
            return Err(FieldProblem::Invalid);
        }
        let n: u32 = raw.parse().map_err(|_| FieldProblem::Invalid)?;
        let min = u32::from(unit == Unit::KmPerHour);
        if n < min || n > unit.max() {
            return Err(FieldProblem::OutOfRange);
        }
        let thousand = u64::from(n) * 1000;
        match self {
            MotorbikeHandlingMin => t.motorbike.handling_min = n,
            MotorbikeSpeedKmh => t.motorbike.speed_kmh = n,
            MotorbikeMaxWeightKg => t.motorbike_max_weight_g = thousand,
            MotorbikeMaxVolumeL => t.motorbike_max_volume_ml = thousand,
            MotorbikeMaxDistanceKm => t.motorbike_max_distance = Distance::from_km(n),
            MotorbikeStopsPerSlot => t.motorbike_stops_per_slot = n,
            VanHandlingMin => t.van.handling_min = n,
            VanSpeedKmh => t.van.speed_kmh = n,
            VanMaxWeightKg => t.van_max_weight_g = thousand,
            VanMaxVolumeL => t.van_max_volume_ml = thousand,
            VanStopsPerSlot => t.van_stops_per_slot = n,
            LongDistanceKm => t.long_distance = Distance::from_km(n),
            _ => t.max_distance = Distance::from_km(n),
        }
        Ok(())
    }
}

/// A tariff from `(key, value)` pairs, on top of `base` (a key it does not know is ignored).
/// Every problem is reported on its field, including the rules between fields: a motorbike
/// carries no more than a van, and goes no further than the long-distance limit, which is within
/// the furthest delivery.
pub fn tariff_from<'a>(
    base: Tariff,
    values: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Tariff, FieldErrors<TariffField>> {
    let mut t = base;
    let mut errs = FieldErrors::default();
    for (key, value) in values {
        if let Some(f) = TariffField::from_code(key) {
            if let Err(p) = f.set(&mut t, value) {
                errs.add(f, p);
            }
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let rules = [
        (
            t.motorbike_max_weight_g <= t.van_max_weight_g,
            TariffField::MotorbikeMaxWeightKg,
        ),
        (
            t.motorbike_max_volume_ml <= t.van_max_volume_ml,
            TariffField::MotorbikeMaxVolumeL,
        ),
        (
            t.motorbike_max_distance <= t.long_distance,
            TariffField::MotorbikeMaxDistanceKm,
        ),
        (
            t.long_distance <= t.max_distance,
            TariffField::LongDistanceKm,
        ),
    ];
    for (ok, field) in rules {
        if !ok {
            errs.add(field, FieldProblem::TariffInconsistent);
        }
    }
    if errs.is_empty() {
        Ok(t)
    } else {
        Err(errs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_reads_back_what_it_was_set_to() {
        let standard = Tariff::STANDARD;
        let pairs: Vec<(&str, String)> = TariffField::ALL
            .into_iter()
            .map(|f| (f.code(), f.get(&standard)))
            .collect();
        let rebuilt = tariff_from(
            Tariff::STANDARD,
            pairs.iter().map(|(k, v)| (*k, v.as_str())),
        );
        assert_eq!(rebuilt, Ok(standard));
        assert_eq!(TariffField::MotorbikeMaxWeightKg.get(&standard), "20");
        assert_eq!(TariffField::VanBase.get(&standard), "60");
        for f in TariffField::ALL {
            assert_eq!(TariffField::from_code(f.code()), Some(f));
        }
    }

    #[test]
    fn a_changed_rate_changes_the_quote() {
        let t = tariff_from(
            Tariff::STANDARD,
            [("motorbike_base", "25.50"), ("motorbike_per_km", "4")],
        )
        .expect("valid");
        let q = t
            .quote(&crate::domain::delivery::Shipment {
                weight_g: 500,
                volume_ml: 500,
                value: Won::from_won(10),
                distance: Distance::from_km(10),
            })
            .expect("deliverable");
        assert_eq!(q.fee, Won::from_chon(6_550));
    }

    #[test]
    fn bad_values_are_refused_on_their_field_and_change_nothing() {
        let errs = tariff_from(
            Tariff::STANDARD,
            [
                ("van_base", "-5"),
                ("van_speed_kmh", "0"),
                ("motorbike_max_weight_kg", "2.5"),
                ("van_stops_per_slot", ""),
                ("max_distance_km", "99999"),
            ],
        )
        .expect_err("refused");
        let f = |x| errs.get(x);
        assert_eq!(f(TariffField::VanBase), Some(FieldProblem::AmountInvalid));
        assert_eq!(f(TariffField::VanSpeedKmh), Some(FieldProblem::OutOfRange));
        assert_eq!(
            f(TariffField::MotorbikeMaxWeightKg),
            Some(FieldProblem::Invalid)
        );
        assert_eq!(
            f(TariffField::VanStopsPerSlot),
            Some(FieldProblem::Required)
        );
        assert_eq!(
            f(TariffField::MaxDistanceKm),
            Some(FieldProblem::OutOfRange)
        );
        // A motorbike allowed more than a van, or beyond the long-distance limit: inconsistent.
        let errs = tariff_from(
            Tariff::STANDARD,
            [
                ("motorbike_max_weight_kg", "2000"),
                ("motorbike_max_distance_km", "60"),
            ],
        )
        .expect_err("inconsistent");
        assert_eq!(
            errs.get(TariffField::MotorbikeMaxWeightKg),
            Some(FieldProblem::TariffInconsistent)
        );
        assert_eq!(
            errs.get(TariffField::MotorbikeMaxDistanceKm),
            Some(FieldProblem::TariffInconsistent)
        );
    }
}
