//! The demo restaurants (`restaurants.json`): where each kitchen is, how far it delivers and how
//! much it cooks, its week and its menu. The sellers themselves are in `catalog.json`.

use super::{
    catalog::{bad, store_picture},
    pictures, DemoError,
};
use crate::{
    domain::{
        catalog::Localized,
        delivery::GeoPoint,
        food::{Kitchen, OpenSpan, OpeningHours, Radius},
        time::PyongyangTime,
        MediaId, SellerId, Won,
    },
    server::db::{
        food::{
            insert_closed_day, insert_dish, insert_restaurant, insert_section, NewDish,
            NewRestaurant,
        },
        Tx,
    },
};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Restaurants {
    restaurants: Vec<Restaurant>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Restaurant {
    /// The seller's slug.
    seller: String,
    /// The district's slug.
    district: String,
    lat: f64,
    lon: f64,
    radius_m: u32,
    /// Dishes per quarter hour.
    capacity: u32,
    prep_min: u32,
    promise_limit_min: u32,
    minimum_won: i64,
    hours: Vec<Hours>,
    /// Days it stays shut, counted from the day the demo is loaded.
    #[serde(default)]
    closed_in_days: Vec<i64>,
    menu: Vec<Section>,
}

/// The same hours on several weekdays (0 is Monday); closing at or before opening is after
/// midnight.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Hours {
    days: Vec<u8>,
    opens: String,
    closes: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    ko: String,
    en: String,
    dishes: Vec<Dish>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Dish {
    ko: String,
    en: String,
    desc_ko: String,
    desc_en: String,
    portion_ko: String,
    portion_en: String,
    price_won: i64,
    prep_min: u32,
    /// (Korean, English, price in won).
    options: Vec<(String, String, i64)>,
    /// Sold out on the day the demo is loaded.
    #[serde(default)]
    sold_out_today: bool,
}

/// Minutes after midnight of `HH:MM`.
fn minutes(hhmm: &str) -> Result<u16, DemoError> {
    hhmm.split_once(':')
        .and_then(|(h, m)| Some((h.parse::<u16>().ok()?, m.parse::<u16>().ok()?)))
        .filter(|&(h, m)| h < 24 && m < 60)
        .map(|(h, m)| h * 60 + m)
        .ok_or_else(|| bad(format!("{hhmm:?} is not a time of day")))
}

fn week(hours: &[Hours]) -> Result<Vec<OpenSpan>, DemoError> {
    let mut spans = Vec::new();
    for h in hours {
        let opens = minutes(&h.opens)?;
        let mut closes = minutes(&h.closes)?;
        if closes <= opens {
            closes += 1440;
        }
        for &day in &h.days {
            spans.push(OpenSpan::new(day, opens, closes).map_err(bad)?);
        }
    }
    Ok(spans)
}

/// Writes the restaurants of the sellers `sellers` names; `now` dates closed days and sold-out
/// dishes.
pub(super) async fn write(
    tx: &mut Tx<'_>,
    data: &Restaurants,
    sellers: &HashMap<String, SellerId>,
    now: i64,
) -> Result<(), DemoError> {
    let today = PyongyangTime::at(now).day_number();
    // A few drawings shared by all the dishes: a database holds six pictures, not one a dish.
    let mut drawn: HashMap<u64, MediaId> = HashMap::new();
    let mut n: u64 = 0;
    for r in &data.restaurants {
        let seller = *sellers
            .get(&r.seller)
            .ok_or_else(|| bad(format!("restaurant of an unknown seller {}", r.seller)))?;
        let closed: Vec<i64> = r.closed_in_days.iter().map(|d| today + d).collect();
        let hours = OpeningHours::new(week(&r.hours)?, closed.clone());
        let new = NewRestaurant {
            seller,
            district_slug: &r.district,
            point: GeoPoint::new(r.lat, r.lon),
            radius: Radius::from_m(r.radius_m)
                .ok_or_else(|| bad(format!("{}: radius {} m", r.seller, r.radius_m)))?,
            kitchen: Kitchen {
                capacity: r.capacity,
                promise_limit_min: r.promise_limit_min,
            },
            prep_min: r.prep_min,
            minimum: Won::from_won(r.minimum_won),
            hours: &hours,
        };
        insert_restaurant(tx, &new).await?;
        for day in closed {
            insert_closed_day(tx, seller, day).await?;
        }
        for (position, section) in (0_i64..).zip(&r.menu) {
            let name = Localized::new(section.ko.as_str(), section.en.as_str());
            let section_id = insert_section(tx, seller, position, &name).await?;
            for (position, d) in (0_i64..).zip(&section.dishes) {
                let seed = 9_000 + n % 6;
                n += 1;
                let picture = match drawn.get(&seed) {
                    Some(id) => *id,
                    None => {
                        let look = pictures::Look {
                            category: "food".into(),
                            kind: "dishes".into(),
                            colour: None,
                            seed,
                        };
                        let id = store_picture(tx, &look).await?;
                        drawn.insert(seed, id);
                        id
                    }
                };
                let options: Vec<(Localized, Won)> = d
                    .options
                    .iter()
                    .map(|(ko, en, won)| {
                        (
                            Localized::new(ko.as_str(), en.as_str()),
                            Won::from_won(*won),
                        )
                    })
                    .collect();
                let dish = insert_dish(
                    tx,
                    &NewDish {
                        seller,
                        section: section_id,
                        position,
                        name: &Localized::new(d.ko.as_str(), d.en.as_str()),
                        description: &Localized::new(d.desc_ko.as_str(), d.desc_en.as_str()),
                        portion: &Localized::new(d.portion_ko.as_str(), d.portion_en.as_str()),
                        price: Won::from_won(d.price_won),
                        prep_min: d.prep_min,
                        picture: Some(picture),
                        options: &options,
                    },
                )
                .await?;
                if d.sold_out_today {
                    crate::server::db::food::mark_sold_out(tx, dish, today).await?;
                }
            }
        }
    }
    Ok(())
}
