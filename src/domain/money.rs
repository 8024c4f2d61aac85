//! Money. Every amount on Okryu is North Korean won (KPW), held as an exact decimal.
//!
//! The smallest unit is the chon (1/100 won). The database stores whole chon as a 64-bit integer;
//! everything above the data layer sees `Won`. Floating point never touches money.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::{
    fmt,
    iter::Sum,
    ops::{Add, Sub},
    str::FromStr,
};

/// An exact amount of North Korean won, with at most two decimal places (chon).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Won(Decimal);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("not an amount of won: {0:?}")]
    Malformed(String),
    #[error("an amount of won has at most two decimal places (chon)")]
    FinerThanChon,
    #[error("amount out of range")]
    OutOfRange,
}

impl Won {
    pub const ZERO: Won = Won(Decimal::ZERO);

    /// An amount from whole chon, as the database stores it.
    pub fn from_chon(chon: i64) -> Won {
        Won(Decimal::new(chon, 2).normalize())
    }

    /// A whole number of won, in a constant.
    pub const fn from_won_const(won: u32) -> Won {
        Won(Decimal::from_parts(won, 0, 0, false, 0))
    }

    /// A whole number of won.
    pub fn from_won(won: i64) -> Won {
        Won(Decimal::from(won))
    }

    /// The amount in whole chon. Exact: a `Won` never holds fractions of a chon.
    pub fn to_chon(self) -> Result<i64, MoneyError> {
        let chon = self
            .0
            .checked_mul(Decimal::ONE_HUNDRED)
            .ok_or(MoneyError::OutOfRange)?;
        i64::try_from(chon).map_err(|_| MoneyError::OutOfRange)
    }

    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// `self × n`, or `None` on overflow.
    pub fn checked_times(self, n: u32) -> Option<Won> {
        self.0
            .checked_mul(Decimal::from(n))
            .map(|d| Won(d.normalize()))
    }

    pub fn checked_sub(self, other: Won) -> Option<Won> {
        self.0.checked_sub(other.0).map(|d| Won(d.normalize()))
    }

    pub fn checked_add(self, other: Won) -> Option<Won> {
        self.0.checked_add(other.0).map(|d| Won(d.normalize()))
    }

    /// The amount with thousands separators and chon only when there are any:
    /// `78`, `1,250`, `1,250.50`, `-3`.
    pub fn grouped(self) -> String {
        let abs = self.0.abs();
        let whole = abs.trunc();
        let frac = abs - whole;
        let digits = whole.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 4);
        if self.is_negative() {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if !frac.is_zero() {
            let chon = (frac * Decimal::ONE_HUNDRED).trunc();
            out.push_str(&format!(".{chon:0>2}"));
        }
        out
    }
}

impl FromStr for Won {
    type Err = MoneyError;

    /// Parses a plain decimal (`78`, `78.5`, `-3.25`); no separators, no exponent, at most two decimals.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let body = t.strip_prefix('-').unwrap_or(t);
        let well_formed = !body.is_empty()
            && body.chars().all(|c| c.is_ascii_digit() || c == '.')
            && body.matches('.').count() <= 1
            && !body.starts_with('.')
            && !body.ends_with('.');
        if !well_formed {
            return Err(MoneyError::Malformed(s.chars().take(40).collect()));
        }
        let d = Decimal::from_str(t).map_err(|_| MoneyError::OutOfRange)?;
        if d.normalize().scale() > 2 {
            return Err(MoneyError::FinerThanChon);
        }
        Ok(Won(d.normalize()))
    }
}

impl TryFrom<Decimal> for Won {
    type Error = MoneyError;

    fn try_from(d: Decimal) -> Result<Self, Self::Error> {
        if d.normalize().scale() > 2 {
            return Err(MoneyError::FinerThanChon);
        }
        Ok(Won(d.normalize()))
    }
}

impl Add for Won {
    type Output = Won;

    /// Panics only past ±7.9 × 10²⁸ won; use `checked_add` where the operands come from outside.
    fn add(self, rhs: Won) -> Won {
        Won((self.0 + rhs.0).normalize())
    }
}

impl Sub for Won {
    type Output = Won;

    fn sub(self, rhs: Won) -> Won {
        Won((self.0 - rhs.0).normalize())
    }
}

impl Sum for Won {
    fn sum<I: Iterator<Item = Won>>(iter: I) -> Won {
        iter.fold(Won::ZERO, Add::add)
    }
}

/// The plain decimal, e.g. `1250.5`; use `grouped()` or the i18n formatter for people.
impl fmt::Display for Won {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Serialized as a decimal string, so no JSON number (a float) ever carries money.
impl Serialize for Won {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Won {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chon_round_trip_is_exact() {
        for chon in [0, 1, 7_800, 125_050, -325, i64::MAX / 100] {
            assert_eq!(Won::from_chon(chon).to_chon(), Ok(chon));
        }
        assert_eq!(Won::from_chon(7_800), Won::from_won(78));
    }

    #[test]
    fn decimal_arithmetic_has_no_float_error() {
        // 0.1 + 0.2 is exactly 0.3 in won, unlike in f64.
        let sum = "0.1".parse::<Won>().expect("0.1") + "0.2".parse::<Won>().expect("0.2");
        assert_eq!(sum, "0.3".parse().expect("0.3"));
        assert_eq!(Won::from_won(78).checked_times(3), Some(Won::from_won(234)));
        let total: Won = [Won::from_chon(1_050), Won::from_chon(2_025)]
            .into_iter()
            .sum();
        assert_eq!(total.to_chon(), Ok(3_075));
        assert_eq!(Won::from_won(100) - Won::from_won(178), Won::from_won(-78));
    }

    #[test]
    fn grouped_shows_separators_and_only_real_chon() {
        assert_eq!(Won::from_won(78).grouped(), "78");
        assert_eq!(Won::from_won(1_250).grouped(), "1,250");
        assert_eq!(Won::from_won(1_234_567).grouped(), "1,234,567");
        assert_eq!(Won::from_chon(125_050).grouped(), "1,250.50");
        assert_eq!(Won::from_chon(5).grouped(), "0.05");
        assert_eq!(Won::from_won(-3_000).grouped(), "-3,000");
    }

    #[test]
    fn parsing_refuses_what_is_not_an_amount() {
        assert_eq!("78".parse::<Won>(), Ok(Won::from_won(78)));
        assert_eq!("78.50".parse::<Won>(), Ok(Won::from_chon(7_850)));
        assert_eq!("0.001".parse::<Won>(), Err(MoneyError::FinerThanChon));
        for bad in ["", "abc", "1e3", "1,000", "1.2.3", ".5", "5.", "NaN", "--1"] {
            assert!(
                matches!(bad.parse::<Won>(), Err(MoneyError::Malformed(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn serializes_as_a_string_never_a_float() {
        assert_eq!(
            serde_json::to_string(&Won::from_chon(7_850)).expect("serializes"),
            "\"78.5\""
        );
        let back: Won = serde_json::from_str("\"78.50\"").expect("deserializes");
        assert_eq!(back, Won::from_chon(7_850));
        assert!(
            serde_json::from_str::<Won>("78.5").is_err(),
            "a JSON number is refused"
        );
    }
}
