//! The cart and what checkout makes of it: lines grouped into one shipment per seller, each
//! delivery priced by the tariff, and the totals.

use super::{
    catalog::Localized,
    delivery::{Distance, GeoPoint, Quote, Shipment, Tariff, Undeliverable},
    quantity::Quantity,
    CityId, ProductId, SellerId, Won,
};
use serde::{Deserialize, Serialize};

/// A cart holds at most this many different goods.
pub const MAX_CART_LINES: u32 = 200;
/// A guest's cart nobody touched for this long is forgotten (its cookie lived as long).
pub const GUEST_CART_IDLE_SECS: i64 = 30 * 86_400;

/// One line of a cart or a checkout, with what the server knows of the product now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub product: ProductId,
    pub name: Localized,
    pub quantity: Quantity,
    /// The price now.
    pub price: Won,
    /// The price when it went into the cart, if it has changed since.
    pub was: Option<Won>,
    pub stock: u32,
    pub weight_g: u64,
    pub volume_ml: u64,
}

impl Line {
    /// Price × quantity.
    pub fn amount(&self) -> Won {
        self.price
            .checked_times(self.quantity.get())
            .unwrap_or(Won::ZERO)
    }

    pub fn in_stock(&self) -> bool {
        self.quantity.get() <= self.stock
    }
}

/// The goods of one seller: one shipment, with its delivery priced by the tariff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerGroup {
    pub seller: SellerId,
    pub seller_name: Localized,
    /// The seller's city: its couriers collect the goods.
    pub city_id: CityId,
    pub city: Localized,
    pub lines: Vec<Line>,
    pub subtotal: Won,
    /// The delivery to the chosen address (`None` while no address is known).
    pub delivery: Option<Result<Quote, Undeliverable>>,
}

impl SellerGroup {
    /// Priced to a known address, and the tariff delivers it there.
    pub fn deliverable(&self) -> bool {
        matches!(self.delivery, Some(Ok(_)))
    }

    /// Why the tariff can't deliver this group to the address, if it can't.
    pub fn undeliverable(&self) -> Option<Undeliverable> {
        self.delivery.and_then(Result::err)
    }
}

/// Where the seller's goods leave from.
#[derive(Clone, Debug, PartialEq)]
pub struct Origin {
    pub seller: SellerId,
    pub seller_name: Localized,
    pub city_id: CityId,
    pub city: Localized,
    pub at: GeoPoint,
}

/// Groups lines by seller (in the order sellers first appear) and prices each group's delivery to
/// `to` with `tariff`.
pub fn group_by_seller(
    lines: Vec<(Origin, Line)>,
    to: Option<GeoPoint>,
    tariff: &Tariff,
) -> Vec<SellerGroup> {
    let mut groups: Vec<(Origin, Vec<Line>)> = Vec::new();
    for (origin, line) in lines {
        match groups.iter_mut().find(|(o, _)| o.seller == origin.seller) {
            Some((_, ls)) => ls.push(line),
            None => groups.push((origin, vec![line])),
        }
    }
    groups
        .into_iter()
        .map(|(origin, lines)| {
            let subtotal = lines.iter().fold(Won::ZERO, |acc, l| {
                acc.checked_add(l.amount()).unwrap_or(acc)
            });
            let (weight_g, volume_ml) = size_of(&lines);
            let delivery = to.map(|to| {
                tariff.quote(&Shipment {
                    weight_g,
                    volume_ml,
                    value: subtotal,
                    distance: Distance::by_road(origin.at, to),
                })
            });
            SellerGroup {
                seller: origin.seller,
                seller_name: origin.seller_name,
                city_id: origin.city_id,
                city: origin.city,
                lines,
                subtotal,
                delivery,
            }
        })
        .collect()
}

/// The weight (g) and volume (ml) of these lines together.
pub fn size_of(lines: &[Line]) -> (u64, u64) {
    lines.iter().fold((0u64, 0u64), |(w, v), l| {
        let n = u64::from(l.quantity.get());
        (
            w.saturating_add(l.weight_g.saturating_mul(n)),
            v.saturating_add(l.volume_ml.saturating_mul(n)),
        )
    })
}

/// Totals over all groups: goods, delivery fees, and what will be charged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub goods: Won,
    pub delivery: Won,
    pub total: Won,
}

impl Totals {
    /// Over the groups that can be delivered (the others are not bought); `None` when no address
    /// is known or no group can be delivered.
    pub fn of(groups: &[SellerGroup]) -> Option<Totals> {
        let mut t = Totals::default();
        let mut any = false;
        for g in groups {
            // No address: nothing is priced yet.
            let Ok(q) = g.delivery.as_ref()? else {
                continue;
            };
            any = true;
            t.goods = t.goods.checked_add(g.subtotal)?;
            t.delivery = t.delivery.checked_add(q.fee)?;
        }
        t.total = t.goods.checked_add(t.delivery)?;
        any.then_some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(product: i64, price: i64, quantity: u32, weight_g: u64) -> Line {
        Line {
            product: ProductId::new(product),
            name: Localized::new("빵", "bun"),
            quantity: Quantity::new(quantity).expect("q"),
            price: Won::from_won(price),
            was: None,
            stock: 100,
            weight_g,
            volume_ml: 100,
        }
    }

    fn origin(seller: i64, at: GeoPoint) -> Origin {
        Origin {
            seller: SellerId::new(seller),
            seller_name: Localized::new("가", "A"),
            city_id: CityId::new(1),
            city: Localized::new("평양", "Pyongyang"),
            at,
        }
    }

    #[test]
    fn each_sellers_goods_are_one_shipment_priced_by_the_tariff() {
        let here = GeoPoint::new(39.02, 125.75);
        let lines = vec![
            (origin(1, here), line(10, 35, 3, 600)),
            (origin(2, here), line(20, 12, 1, 300)),
            (origin(1, here), line(11, 5, 2, 40_000)),
        ];
        let groups = group_by_seller(lines, Some(here), &Tariff::STANDARD);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].lines.len(), 2);
        // 35 × 3 + 5 × 2 = 115 won; 81.8 kg → van, 0 km: 60 won.
        assert_eq!(groups[0].subtotal, Won::from_won(115));
        let q = groups[0].delivery.expect("address").expect("deliverable");
        assert_eq!(
            (q.vehicle, q.fee),
            (super::super::delivery::Vehicle::Van, Won::from_won(60))
        );
        let q2 = groups[1].delivery.expect("address").expect("deliverable");
        assert_eq!(q2.fee, Won::from_won(20));
        assert_eq!(
            Totals::of(&groups),
            Some(Totals {
                goods: Won::from_won(127),
                delivery: Won::from_won(80),
                total: Won::from_won(207),
            })
        );
        assert_eq!(
            Totals::of(&group_by_seller(
                vec![(origin(1, here), line(1, 1, 1, 1))],
                None,
                &Tariff::STANDARD
            )),
            None
        );
    }

    #[test]
    fn a_group_that_cannot_be_delivered_is_left_out_of_the_totals() {
        let here = GeoPoint::new(39.02, 125.75);
        let lines = vec![
            (origin(1, here), line(10, 35, 3, 600)),
            // 9,999 × 100 kg: no van carries it.
            (origin(2, here), line(20, 12, 9_999, 100_000)),
        ];
        let groups = group_by_seller(lines, Some(here), &Tariff::STANDARD);
        assert!(groups[0].deliverable());
        assert_eq!(groups[1].undeliverable(), Some(Undeliverable::TooLarge));
        let totals = Totals::of(&groups).expect("the first group is payable");
        assert_eq!(totals.goods, Won::from_won(105));
        assert_eq!(
            totals.total,
            Won::from_won(105)
                .checked_add(totals.delivery)
                .expect("sum")
        );
        // Nothing deliverable: nothing to pay.
        assert_eq!(Totals::of(&groups[1..]), None);
    }
}
