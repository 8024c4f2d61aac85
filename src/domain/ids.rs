//! Typed identifiers: a `ProductId` can never be passed where a `SellerId` is expected.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(i64);

        /// Only a positive number is an identifier, from a form field as from JSON.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                match i64::deserialize(d)? {
                    n if n > 0 => Ok(Self(n)),
                    _ => Err(serde::de::Error::custom(InvalidId)),
                }
            }
        }

        impl $name {
            /// Wraps a database key. Only the data layer and parsers should need this.
            pub const fn new(raw: i64) -> Self {
                Self(raw)
            }

            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;

            /// Accepts only a positive decimal number, as it appears in a URL.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.parse::<i64>() {
                    Ok(n) if n > 0 && s.bytes().all(|b| b.is_ascii_digit()) => Ok(Self(n)),
                    _ => Err(InvalidId),
                }
            }
        }
    )*};
}

typed_id! {
    /// A product (one seller's offer of one good).
    ProductId;
    /// A seller: factory, store or restaurant.
    SellerId;
    /// A node of the category tree.
    CategoryId;
    /// A good several sellers may offer: a comparison group.
    GoodId;
    /// A stored picture, voice description or video.
    MediaId;
    /// An account.
    UserId;
    /// One of an account's delivery addresses.
    AddressId;
    /// A saved way to pay (a Narae card or a SIM-linked account).
    InstrumentId;
    /// One seller's part of a checkout: one shipment.
    OrderId;
    /// One press of the pay button: the orders it placed, one per seller.
    CheckoutId;
    CityId;
    /// A buyer's review of one order line.
    ReviewId;
    /// A CSV file of prices and stock a seller's staff uploaded.
    BulkId;
    /// A resident's application to sell.
    ApplicationId;
    /// A dish on a restaurant's menu.
    DishId;
    /// A choice a dish offers (extra broth, mustard) at its own price.
    DishOptionId;
    /// A shopper's standing order: goods delivered on a schedule, placed and paid by the shop.
    StandingId;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a valid identifier")]
pub struct InvalidId;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_only_positive_decimal_numbers() {
        assert_eq!("42".parse::<ProductId>(), Ok(ProductId::new(42)));
        for bad in [
            "",
            "0",
            "-1",
            "+1",
            "1.0",
            "abc",
            " 1",
            "99999999999999999999",
        ] {
            assert_eq!(bad.parse::<ProductId>(), Err(InvalidId), "{bad:?}");
        }
    }

    #[test]
    fn ids_deserialize_only_from_positive_numbers() {
        let id: ProductId = serde_json::from_str("42").expect("positive");
        assert_eq!(id, ProductId::new(42));
        for bad in ["0", "-3", "1.5", "\"7\""] {
            assert!(serde_json::from_str::<ProductId>(bad).is_err(), "{bad}");
        }
    }
}
