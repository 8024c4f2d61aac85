//! Price comparison: the compare tray, offers with their delivered price, comparison groups and
//! price history.

use super::{
    catalog::{Localized, Picture, SellerRef, UnitKind, UnitSize},
    delivery::{Distance, GeoPoint, Quote, Shipment, Tariff, Undeliverable},
    ProductId, Won,
};
use serde::{Deserialize, Serialize};

/// The cookie that keeps the compare tray across pages and reloads.
pub const COMPARE_COOKIE: &str = "compare";
/// The cookie naming the district a guest wants prices delivered to.
pub const DELIVER_TO_COOKIE: &str = "deliver_to";

/// Up to `CompareTray::MAX` products the shopper wants side by side, in the order added.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareTray(Vec<ProductId>);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the compare tray holds at most 4 items")]
pub struct TrayFull;

impl CompareTray {
    pub const MAX: usize = 4;

    /// Reads the cookie value (`12.40.7`), keeping the first four distinct valid ids.
    pub fn parse(value: &str) -> CompareTray {
        let mut ids = Vec::new();
        for id in value.split('.').filter_map(|s| s.parse::<ProductId>().ok()) {
            if !ids.contains(&id) && ids.len() < Self::MAX {
                ids.push(id);
            }
        }
        CompareTray(ids)
    }

    pub fn cookie_value(&self) -> String {
        self.0
            .iter()
            .map(ProductId::to_string)
            .collect::<Vec<_>>()
            .join(".")
    }

    pub fn ids(&self) -> &[ProductId] {
        &self.0
    }

    pub fn contains(&self, id: ProductId) -> bool {
        self.0.contains(&id)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds `id` (a no-op when it is already there); a fifth item is refused.
    pub fn add(&mut self, id: ProductId) -> Result<(), TrayFull> {
        if self.contains(id) {
            return Ok(());
        }
        if self.0.len() >= Self::MAX {
            return Err(TrayFull);
        }
        self.0.push(id);
        Ok(())
    }

    pub fn remove(&mut self, id: ProductId) {
        self.0.retain(|x| *x != id);
    }
}

/// A district of a served city: where goods can be delivered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct District {
    pub slug: String,
    pub name: Localized,
    pub city: Localized,
}

/// Where delivered prices are computed to, and the places a shopper may choose from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverTo {
    pub selected: Option<District>,
    pub options: Vec<District>,
}

/// A comparison group: one good that several sellers offer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoodRef {
    pub slug: String,
    pub name: Localized,
}

/// An offer as the comparison shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparedOffer {
    pub id: ProductId,
    pub name: Localized,
    pub seller: SellerRef,
    pub category: Localized,
    pub good: Option<GoodRef>,
    pub price: Won,
    pub unit: UnitSize,
    pub stock: u32,
    pub weight_g: u32,
    pub volume_ml: u32,
    pub picture: Option<Picture>,
    /// Where the seller ships from.
    pub origin: GeoPoint,
    /// How its buyers rated it.
    pub rating: super::review::Rating,
    /// Delivery of one sale unit to the chosen district; `None` when no district is chosen.
    pub delivery: Option<Result<Quote, Undeliverable>>,
}

impl ComparedOffer {
    /// Prices the delivery of one sale unit to `to` with `tariff`.
    pub fn deliver_to(&mut self, to: GeoPoint, tariff: &Tariff) {
        self.delivery = Some(tariff.quote(&Shipment {
            weight_g: u64::from(self.weight_g),
            volume_ml: u64::from(self.volume_ml),
            value: self.price,
            distance: Distance::by_road(self.origin, to),
        }));
    }

    pub fn delivered_total(&self) -> Option<Won> {
        match self.delivery {
            Some(Ok(q)) => Some(q.total),
            _ => None,
        }
    }
}

/// Which offers are cheapest. Offers are compared only with offers sold by the same kind of unit
/// (grams with grams, pairs with pairs) and only while in stock; a mark needs two to compare.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cheapest {
    pub by_unit_price: Vec<ProductId>,
    pub by_delivered_total: Vec<ProductId>,
}

impl Cheapest {
    pub fn of<'a>(offers: impl IntoIterator<Item = &'a ComparedOffer> + Clone) -> Cheapest {
        let mut out = Cheapest::default();
        for kind in [
            UnitKind::Grams,
            UnitKind::Millilitres,
            UnitKind::Pieces,
            UnitKind::Pairs,
        ] {
            let same: Vec<&ComparedOffer> = offers
                .clone()
                .into_iter()
                .filter(|o| o.unit.kind == kind && o.stock > 0)
                .collect();
            if same.len() >= 2 {
                let unit = |o: &ComparedOffer| o.unit.unit_price(o.price).per_unit;
                if let Some(min) = same.iter().map(|o| unit(o)).min() {
                    out.by_unit_price
                        .extend(same.iter().filter(|o| unit(o) == min).map(|o| o.id));
                }
            }
            let delivered: Vec<(ProductId, Won)> = same
                .iter()
                .filter_map(|o| o.delivered_total().map(|t| (o.id, t)))
                .collect();
            if delivered.len() >= 2 {
                if let Some(min) = delivered.iter().map(|(_, t)| *t).min() {
                    out.by_delivered_total.extend(
                        delivered
                            .iter()
                            .filter(|(_, t)| *t == min)
                            .map(|(id, _)| *id),
                    );
                }
            }
        }
        out
    }
}

/// The price a product had from `at` (UTC seconds) on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricePoint {
    pub at: i64,
    pub price: Won,
}

/// A product's prices over a window of time, for the chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceHistory {
    pub from: i64,
    pub to: i64,
    /// In time order. The first one may be older than `from`: the price in force when the window opens.
    pub points: Vec<PricePoint>,
}

/// How many days the product page's price chart covers.
pub const HISTORY_DAYS: i64 = 90;

impl PriceHistory {
    /// The points inside the window, the first one moved to the window's start if it is older.
    pub fn in_window(&self) -> Vec<PricePoint> {
        self.points
            .iter()
            .map(|p| PricePoint {
                at: p.at.clamp(self.from, self.to),
                price: p.price,
            })
            .collect()
    }

    /// The lowest and the highest price in the window (the earliest of equal ones).
    pub fn extremes(&self) -> Option<(PricePoint, PricePoint)> {
        let pts = self.in_window();
        let min = pts
            .iter()
            .copied()
            .reduce(|a, b| if b.price < a.price { b } else { a })?;
        let max = pts
            .iter()
            .copied()
            .reduce(|a, b| if b.price > a.price { b } else { a })?;
        Some((min, max))
    }

    /// Whether the price changed within the window.
    pub fn changed(&self) -> bool {
        self.extremes()
            .is_some_and(|(min, max)| min.price != max.price)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{catalog::SellerKind, delivery::Vehicle, SellerId};

    fn id(n: i64) -> ProductId {
        ProductId::new(n)
    }

    #[test]
    fn the_tray_keeps_four_distinct_items_and_refuses_a_fifth() {
        let mut tray = CompareTray::parse("3.x.3.-1.7");
        assert_eq!(tray.ids(), &[id(3), id(7)]);
        tray.add(id(9)).expect("third");
        tray.add(id(9)).expect("again: no-op");
        tray.add(id(11)).expect("fourth");
        assert_eq!(tray.add(id(12)), Err(TrayFull));
        assert_eq!(tray.cookie_value(), "3.7.9.11");
        tray.remove(id(7));
        assert_eq!(CompareTray::parse(&tray.cookie_value()), tray);
        assert_eq!(CompareTray::parse("1.2.3.4.5.6").len(), 4);
    }

    fn offer(n: i64, kind: UnitKind, amount: u32, price: i64, total: Option<i64>) -> ComparedOffer {
        ComparedOffer {
            id: id(n),
            name: Localized::new("양말", "Socks"),
            seller: SellerRef {
                id: SellerId::new(1),
                kind: SellerKind::Factory,
                slug: "s".into(),
                name: Localized::new("공장", "Factory"),
                city: Localized::new("평양", "Pyongyang"),
            },
            category: Localized::new("양말", "Socks"),
            good: None,
            price: Won::from_won(price),
            unit: UnitSize { kind, amount },
            stock: 5,
            weight_g: 60,
            volume_ml: 150,
            picture: None,
            origin: GeoPoint::new(39.02, 125.75),
            rating: Default::default(),
            delivery: total.map(|t| {
                Ok(Quote {
                    vehicle: Vehicle::Motorbike,
                    distance: Distance::from_km(1),
                    fee: Won::from_won(t - price),
                    total: Won::from_won(t),
                    long_distance: false,
                    estimate_min: 50,
                })
            }),
        }
    }

    #[test]
    fn the_cheapest_is_marked_among_offers_sold_by_the_same_unit() {
        let offers = [
            offer(1, UnitKind::Pairs, 1, 35, Some(80)),
            offer(2, UnitKind::Pairs, 3, 90, Some(200)), // 30 won a pair: cheapest per pair
            offer(3, UnitKind::Pairs, 1, 31, Some(70)),  // cheapest delivered
            offer(4, UnitKind::Grams, 100, 5, Some(10)), // alone in its kind: never marked
        ];
        let c = Cheapest::of(&offers);
        assert_eq!(c.by_unit_price, vec![id(2)]);
        assert_eq!(c.by_delivered_total, vec![id(3)]);

        let mut sold_out = offers.clone();
        sold_out[1].stock = 0;
        assert_eq!(Cheapest::of(&sold_out).by_unit_price, vec![id(3)]);
        assert_eq!(Cheapest::of(&offers[..1]), Cheapest::default());
    }

    #[test]
    fn history_extremes_are_taken_inside_the_window() {
        let h = PriceHistory {
            from: 1_000,
            to: 9_000,
            points: vec![
                PricePoint {
                    at: 10,
                    price: Won::from_won(50),
                },
                PricePoint {
                    at: 2_000,
                    price: Won::from_won(40),
                },
                PricePoint {
                    at: 5_000,
                    price: Won::from_won(60),
                },
            ],
        };
        let (min, max) = h.extremes().expect("points");
        assert_eq!((min.at, min.price), (2_000, Won::from_won(40)));
        assert_eq!((max.at, max.price), (5_000, Won::from_won(60)));
        assert_eq!(h.in_window()[0].at, 1_000);
        assert!(h.changed());
    }
}
