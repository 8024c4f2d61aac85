//! Wholesale: what a business buyer pays and may order. A seller gives a wholesale product tier
//! prices (from so many units, so much below list), a minimum order quantity and a case size;
//! a business buyer pays the unit price of the tier its quantity reaches and orders whole cases
//! of at least the minimum. A retail shopper pays list, always.

use super::{form::FieldProblem, Won};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// The most tiers a product has.
pub const MAX_TIERS: usize = 5;
/// Basis points in a whole: a tier is so many ten-thousandths below list.
const WHOLE_BP: u32 = 10_000;

/// Who is buying.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Buyer {
    Retail,
    /// An enterprise the operators verified.
    Business,
}

/// From `from` units on, the unit price is `off_bp` ten-thousandths below list (800 is −8 %).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub from: u32,
    pub off_bp: u32,
}

/// A product's tiers, from the fewest units up: each from more units than the one before and
/// cheaper, the first from at least 2 (one unit is list), none free.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tiers(Vec<Tier>);

impl Tiers {
    pub fn new(tiers: Vec<Tier>) -> Result<Tiers, FieldProblem> {
        if tiers.len() > MAX_TIERS {
            return Err(FieldProblem::OutOfRange);
        }
        let mut before = Tier { from: 1, off_bp: 0 };
        for &t in &tiers {
            if t.from <= before.from || t.off_bp <= before.off_bp || t.off_bp >= WHOLE_BP {
                return Err(FieldProblem::PriceInvalid);
            }
            before = t;
        }
        Ok(Tiers(tiers))
    }

    pub fn tiers(&self) -> &[Tier] {
        &self.0
    }

    /// The tier `units` reach, if any.
    pub fn reached(&self, units: u32) -> Option<Tier> {
        self.0.iter().rev().find(|t| units >= t.from).copied()
    }

    /// The unit price `buyer` pays for `units` of a product listed at `list`: list for a retail
    /// shopper or below the first tier, else the reached tier's, rounded down to the chon.
    pub fn unit_price(&self, list: Won, units: u32, buyer: Buyer) -> Won {
        match (buyer, self.reached(units)) {
            (Buyer::Business, Some(tier)) => off(list, tier.off_bp),
            _ => list,
        }
    }
}

/// `list` less `bp` ten-thousandths, rounded down to the chon.
fn off(list: Won, bp: u32) -> Won {
    let price =
        list.as_decimal() * Decimal::from(WHOLE_BP - bp.min(WHOLE_BP)) / Decimal::from(WHOLE_BP);
    Won::try_from(price.round_dp_with_strategy(2, RoundingStrategy::ToZero)).unwrap_or(list)
}

/// A wholesale product's terms: its tiers, the fewest units a business orders and the units in a
/// case (a business orders whole cases).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    tiers: Tiers,
    minimum: u32,
    case: u32,
}

/// Why a business can't order so many.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Short {
    /// Fewer than the minimum order quantity.
    BelowMinimum { minimum: u32 },
    /// Not whole cases of this many.
    NotWholeCases { case: u32 },
}

impl Terms {
    pub fn new(tiers: Tiers, minimum: u32, case: u32) -> Result<Terms, FieldProblem> {
        if case == 0 || minimum == 0 || !minimum.is_multiple_of(case) {
            return Err(FieldProblem::QuantityInvalid);
        }
        Ok(Terms {
            tiers,
            minimum,
            case,
        })
    }

    pub fn tiers(&self) -> &Tiers {
        &self.tiers
    }

    pub fn minimum(&self) -> u32 {
        self.minimum
    }

    pub fn case(&self) -> u32 {
        self.case
    }

    /// Whether a business may order `units`.
    pub fn check(&self, units: u32) -> Result<(), Short> {
        if units < self.minimum {
            Err(Short::BelowMinimum {
                minimum: self.minimum,
            })
        } else if !units.is_multiple_of(self.case) {
            Err(Short::NotWholeCases { case: self.case })
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usual() -> Tiers {
        Tiers::new(vec![
            Tier {
                from: 10,
                off_bp: 800,
            },
            Tier {
                from: 100,
                off_bp: 1_500,
            },
        ])
        .expect("two tiers, climbing")
    }

    #[test]
    fn a_business_pays_the_tier_its_quantity_reaches() {
        let list = Won::from_won(100);
        let tiers = usual();
        let pay = |units| tiers.unit_price(list, units, Buyer::Business);
        assert_eq!(pay(1), Won::from_won(100));
        assert_eq!(pay(9), Won::from_won(100));
        assert_eq!(pay(10), Won::from_won(92));
        assert_eq!(pay(99), Won::from_won(92));
        assert_eq!(pay(100), Won::from_won(85));
        assert_eq!(pay(9_999), Won::from_won(85));
    }

    #[test]
    fn a_retail_shopper_always_pays_list() {
        let list = Won::from_won(100);
        for units in [1, 10, 100, 1_000] {
            assert_eq!(usual().unit_price(list, units, Buyer::Retail), list);
        }
    }

    #[test]
    fn a_tier_price_is_rounded_down_to_the_chon() {
        // 1.99 won less 8 % is 1.8308: 1 won 83 chon.
        assert_eq!(
            usual().unit_price(Won::from_chon(199), 10, Buyer::Business),
            Won::from_chon(183)
        );
    }

    #[test]
    fn tiers_climb_in_quantity_and_fall_in_price() {
        let t = |from, off_bp| Tier { from, off_bp };
        assert!(Tiers::new(vec![]).is_ok());
        assert_eq!(Tiers::new(vec![t(1, 500)]), Err(FieldProblem::PriceInvalid));
        assert_eq!(
            Tiers::new(vec![t(10, 800), t(10, 900)]),
            Err(FieldProblem::PriceInvalid)
        );
        assert_eq!(
            Tiers::new(vec![t(10, 800), t(100, 800)]),
            Err(FieldProblem::PriceInvalid)
        );
        assert_eq!(
            Tiers::new(vec![t(10, 10_000)]),
            Err(FieldProblem::PriceInvalid)
        );
        assert_eq!(
            Tiers::new((1..=6).map(|n| t(n * 10, n * 100)).collect()),
            Err(FieldProblem::OutOfRange)
        );
    }

    #[test]
    fn a_business_orders_whole_cases_of_at_least_the_minimum() {
        let terms = Terms::new(usual(), 24, 12).expect("two cases of twelve");
        assert_eq!(terms.check(12), Err(Short::BelowMinimum { minimum: 24 }));
        assert_eq!(terms.check(30), Err(Short::NotWholeCases { case: 12 }));
        assert_eq!(terms.check(24), Ok(()));
        assert_eq!(terms.check(120), Ok(()));
        assert_eq!(
            Terms::new(usual(), 10, 12),
            Err(FieldProblem::QuantityInvalid)
        );
        assert_eq!(
            Terms::new(usual(), 0, 1),
            Err(FieldProblem::QuantityInvalid)
        );
    }
}
