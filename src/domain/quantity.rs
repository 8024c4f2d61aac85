//! How many of one good a shopper buys.

use super::form::FieldProblem;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How many of one item a shopper buys: a whole number from 1 to 9,999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Quantity(u32);

impl Quantity {
    pub const MAX: u32 = 9_999;
    pub const ONE: Quantity = Quantity(1);

    pub fn new(n: u32) -> Result<Quantity, FieldProblem> {
        match n {
            0 => Err(FieldProblem::QuantityInvalid),
            n if n > Self::MAX => Err(FieldProblem::QuantityTooMany),
            n => Ok(Quantity(n)),
        }
    }

    /// Parses what a shopper typed: digits only (no sign, no decimals), 1 to 9,999.
    pub fn parse(raw: &str) -> Result<Quantity, FieldProblem> {
        let t = raw.trim();
        if t.is_empty() {
            return Err(FieldProblem::Required);
        }
        if !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldProblem::QuantityInvalid);
        }
        match t.trim_start_matches('0') {
            "" => Err(FieldProblem::QuantityInvalid),
            digits if digits.len() > 4 => Err(FieldProblem::QuantityTooMany),
            digits => Quantity::new(digits.parse().map_err(|_| FieldProblem::QuantityInvalid)?),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// This quantity plus `more`, at most `MAX` (merging two carts never refuses).
    pub fn saturating_add(self, more: Quantity) -> Quantity {
        Quantity((self.0 + more.0).min(Self::MAX))
    }
}

impl TryFrom<u32> for Quantity {
    type Error = &'static str;
    fn try_from(n: u32) -> Result<Self, Self::Error> {
        Quantity::new(n).map_err(|_| "a quantity is a whole number from 1 to 9999")
    }
}

impl From<Quantity> for u32 {
    fn from(q: Quantity) -> u32 {
        q.0
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_whole_numbers_from_1_to_9999() {
        assert_eq!(Quantity::parse("3").map(Quantity::get), Ok(3));
        assert_eq!(Quantity::parse(" 007 ").map(Quantity::get), Ok(7));
        assert_eq!(Quantity::parse("9999").map(Quantity::get), Ok(9_999));
        assert_eq!(Quantity::parse(""), Err(FieldProblem::Required));
        for bad in ["0", "000", "-1", "1.5", "2e3", "abc", "+4", "1 2"] {
            assert_eq!(
                Quantity::parse(bad),
                Err(FieldProblem::QuantityInvalid),
                "{bad}"
            );
        }
        for big in ["10000", "99999999999999999999"] {
            assert_eq!(
                Quantity::parse(big),
                Err(FieldProblem::QuantityTooMany),
                "{big}"
            );
        }
        assert!(serde_json::from_str::<Quantity>("0").is_err());
        assert!(serde_json::from_str::<Quantity>("10000").is_err());
        assert_eq!(
            Quantity::parse("9000")
                .map(|q| q.saturating_add(Quantity::parse("5000").expect("q")).get()),
            Ok(9_999)
        );
    }
}
