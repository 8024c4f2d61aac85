//! Restaurants: where their kitchens are, how much they cook and how far they deliver, their
//! hours and closed days, and their menus.

use super::{
    orders::{self, Destination},
    rows::{self, count},
    DbError, Tx,
};
use crate::{
    domain::{
        catalog::{Localized, Picture},
        delivery::{Distance, GeoPoint},
        dispatch::DeliveryCode,
        food::{
            portion_price, Carry, Kitchen, OpenSpan, OpeningHours, OptionChoice, Promise, Radius,
            Riders, FOOD_HOLD_GRACE_SECS,
        },
        order::OrderStatus,
        slot::Slot,
        time::PyongyangTime,
        CheckoutId, CityId, DishId, DishOptionId, InstrumentId, MediaId, OrderId, SellerId, UserId,
        Won,
    },
    page::food::{
        BasketLine, Dish, DishOption, FoodOrderLine, FoodOrderPart, KitchenOrder, KitchenStage,
        MenuSection,
    },
};
use sqlx::{any::AnyRow, AnyPool, Row};
use std::collections::HashMap;

pub struct Food<'a> {
    pool: &'a AnyPool,
}

/// A restaurant as stored: what its card and its promise are made of.
#[derive(Clone, Debug)]
pub struct Restaurant {
    pub seller: SellerId,
    /// Its city, whose motorbikes carry its food.
    pub city: CityId,
    pub slug: String,
    pub name: Localized,
    pub district: Localized,
    pub point: GeoPoint,
    pub radius: Radius,
    pub kitchen: Kitchen,
    /// How long a dish usually takes (the card's promise; an order takes its own dishes').
    pub prep_min: u32,
    pub minimum: Won,
    pub hours: OpeningHours,
    /// Its first dish's picture.
    pub picture: Option<Picture>,
}

const RESTAURANT_SELECT: &str = "SELECT r.seller_id, s.slug, s.name_ko, s.name_en, \
            d.city_id, d.name_ko AS district_ko, d.name_en AS district_en, r.lat, r.lon, r.radius_m, \
            r.capacity, r.prep_min, r.promise_limit_min, r.minimum_chon, \
            (SELECT x.picture_id FROM dishes x JOIN menu_sections m ON m.id = x.section_id \
             WHERE x.seller_id = r.seller_id AND x.picture_id IS NOT NULL \
             ORDER BY m.position, x.position, x.id LIMIT 1) AS picture_id \
     FROM restaurants r \
     JOIN sellers s ON s.id = r.seller_id \
     JOIN districts d ON d.id = r.district_id";

/// Whether a dish (a row with its `sold_out_day`, `portions_day` and `portions_left`) is sold out
/// on `today`: marked so, or none of the portions counted for today is left.
fn sold_out(r: &AnyRow, today: i64) -> Result<bool, DbError> {
    let marked = r.try_get::<Option<i64>, _>("sold_out_day")? == Some(today);
    let counted = r.try_get::<Option<i64>, _>("portions_day")? == Some(today);
    let left: Option<i64> = r.try_get("portions_left")?;
    Ok(marked || (counted && left == Some(0)))
}

fn corrupt(column: &'static str, value: impl ToString) -> DbError {
    DbError::Corrupt {
        table: "restaurants",
        column,
        value: value.to_string(),
    }
}

fn restaurant(r: &AnyRow, hours: OpeningHours) -> Result<Restaurant, DbError> {
    let radius_m = count("restaurants", "radius_m", r.try_get("radius_m")?)?;
    Ok(Restaurant {
        seller: SellerId::new(r.try_get("seller_id")?),
        city: CityId::new(r.try_get("city_id")?),
        slug: r.try_get("slug")?,
        name: rows::localized(r, "name_ko", "name_en")?,
        district: rows::localized(r, "district_ko", "district_en")?,
        point: GeoPoint::new(r.try_get("lat")?, r.try_get("lon")?),
        radius: Radius::from_m(radius_m).ok_or_else(|| corrupt("radius_m", radius_m))?,
        kitchen: Kitchen {
            capacity: count("restaurants", "capacity", r.try_get("capacity")?)?,
            promise_limit_min: count(
                "restaurants",
                "promise_limit_min",
                r.try_get("promise_limit_min")?,
            )?,
        },
        prep_min: count("restaurants", "prep_min", r.try_get("prep_min")?)?,
        minimum: Won::from_chon(r.try_get("minimum_chon")?),
        hours,
        picture: r
            .try_get::<Option<i64>, _>("picture_id")?
            .map(|id| rows::picture(MediaId::new(id))),
    })
}

impl<'a> Food<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    /// Every restaurant, with its hours and its closed days from `from_day` on.
    pub async fn restaurants(&self, from_day: i64) -> Result<Vec<Restaurant>, DbError> {
        let found = sqlx::query(&format!("{RESTAURANT_SELECT} ORDER BY r.seller_id"))
            .fetch_all(self.pool)
            .await?;
        let mut hours = self.hours(None, from_day).await?;
        found
            .iter()
            .map(|r| {
                let seller: i64 = r.try_get("seller_id")?;
                restaurant(r, hours.remove(&seller).unwrap_or_default())
            })
            .collect()
    }

    /// The restaurant of the seller `slug`, if it is one.
    pub async fn restaurant(
        &self,
        slug: &str,
        from_day: i64,
    ) -> Result<Option<Restaurant>, DbError> {
        let found = sqlx::query(&format!("{RESTAURANT_SELECT} WHERE s.slug = $1"))
            .bind(slug)
            .fetch_optional(self.pool)
            .await?;
        self.with_hours(found, from_day).await
    }

    /// The restaurant of `seller`, if it is one.
    pub async fn restaurant_of(
        &self,
        seller: SellerId,
        from_day: i64,
    ) -> Result<Option<Restaurant>, DbError> {
        let found = sqlx::query(&format!("{RESTAURANT_SELECT} WHERE r.seller_id = $1"))
            .bind(seller.get())
            .fetch_optional(self.pool)
            .await?;
        self.with_hours(found, from_day).await
    }

    async fn with_hours(
        &self,
        found: Option<AnyRow>,
        from_day: i64,
    ) -> Result<Option<Restaurant>, DbError> {
        let Some(r) = found else {
            return Ok(None);
        };
        let seller: i64 = r.try_get("seller_id")?;
        let mut hours = self.hours(Some(seller), from_day).await?;
        restaurant(&r, hours.remove(&seller).unwrap_or_default()).map(Some)
    }

    /// The opening hours of one restaurant or of all, by seller.
    async fn hours(
        &self,
        seller: Option<i64>,
        from_day: i64,
    ) -> Result<HashMap<i64, OpeningHours>, DbError> {
        // `$1` is a seller or 0 for every one (ids start at 1).
        let spans = sqlx::query(
            "SELECT seller_id, weekday, opens, closes FROM restaurant_hours \
             WHERE $1 = 0 OR seller_id = $1",
        )
        .bind(seller.unwrap_or(0))
        .fetch_all(self.pool)
        .await?;
        let closed = sqlx::query(
            "SELECT seller_id, day FROM restaurant_closed_days \
             WHERE ($1 = 0 OR seller_id = $1) AND day >= $2",
        )
        .bind(seller.unwrap_or(0))
        .bind(from_day)
        .fetch_all(self.pool)
        .await?;
        let mut week: HashMap<i64, (Vec<OpenSpan>, Vec<i64>)> = HashMap::new();
        for r in &spans {
            let (weekday, opens, closes): (i64, i64, i64) = (
                r.try_get("weekday")?,
                r.try_get("opens")?,
                r.try_get("closes")?,
            );
            let span = match (
                u8::try_from(weekday),
                u16::try_from(opens),
                u16::try_from(closes),
            ) {
                (Ok(w), Ok(o), Ok(c)) => OpenSpan::new(w, o, c).ok(),
                _ => None,
            }
            .ok_or_else(|| DbError::Corrupt {
                table: "restaurant_hours",
                column: "opens",
                value: format!("{weekday} {opens}–{closes}"),
            })?;
            week.entry(r.try_get("seller_id")?)
                .or_default()
                .0
                .push(span);
        }
        for r in &closed {
            week.entry(r.try_get("seller_id")?)
                .or_default()
                .1
                .push(r.try_get("day")?);
        }
        Ok(week
            .into_iter()
            .map(|(seller, (spans, days))| (seller, OpeningHours::new(spans, days)))
            .collect())
    }

    /// The restaurant's menu, sections and dishes in their order; a dish is sold out when its
    /// kitchen ran out of it on `today`.
    pub async fn menu(&self, seller: SellerId, today: i64) -> Result<Vec<MenuSection>, DbError> {
        let sections = sqlx::query(
            "SELECT id, name_ko, name_en FROM menu_sections WHERE seller_id = $1 \
             ORDER BY position, id",
        )
        .bind(seller.get())
        .fetch_all(self.pool)
        .await?;
        let dishes = sqlx::query(
            "SELECT id, section_id, name_ko, name_en, desc_ko, desc_en, portion_ko, portion_en, \
                    price_chon, picture_id, sold_out_day, portions_day, portions_left \
             FROM dishes WHERE seller_id = $1 ORDER BY position, id",
        )
        .bind(seller.get())
        .fetch_all(self.pool)
        .await?;
        let options = sqlx::query(
            "SELECT o.id, o.dish_id, o.name_ko, o.name_en, o.price_chon FROM dish_options o \
             JOIN dishes x ON x.id = o.dish_id WHERE x.seller_id = $1 \
             ORDER BY o.position, o.id",
        )
        .bind(seller.get())
        .fetch_all(self.pool)
        .await?;
        let mut options_of: HashMap<i64, Vec<DishOption>> = HashMap::new();
        for r in &options {
            options_of
                .entry(r.try_get("dish_id")?)
                .or_default()
                .push(DishOption {
                    id: DishOptionId::new(r.try_get("id")?),
                    name: rows::localized(r, "name_ko", "name_en")?,
                    price: Won::from_chon(r.try_get("price_chon")?),
                });
        }
        let mut dishes_of: HashMap<i64, Vec<Dish>> = HashMap::new();
        for r in &dishes {
            let id: i64 = r.try_get("id")?;
            dishes_of
                .entry(r.try_get("section_id")?)
                .or_default()
                .push(Dish {
                    id: DishId::new(id),
                    name: rows::localized(r, "name_ko", "name_en")?,
                    description: rows::localized(r, "desc_ko", "desc_en")?,
                    portion: rows::localized(r, "portion_ko", "portion_en")?,
                    price: Won::from_chon(r.try_get("price_chon")?),
                    picture: r
                        .try_get::<Option<i64>, _>("picture_id")?
                        .map(|p| rows::picture(MediaId::new(p))),
                    options: options_of.remove(&id).unwrap_or_default(),
                    sold_out: sold_out(r, today)?,
                });
        }
        sections
            .iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                Ok(MenuSection {
                    name: rows::localized(r, "name_ko", "name_en")?,
                    dishes: dishes_of.remove(&id).unwrap_or_default(),
                })
            })
            .collect()
    }
}

impl Food<'_> {
    /// The restaurant whose dishes `user`'s food basket holds, if it holds any.
    pub async fn basket_restaurant(
        &self,
        user: UserId,
    ) -> Result<Option<(SellerId, Localized)>, DbError> {
        let row = sqlx::query(
            "SELECT c.seller_id, s.name_ko, s.name_en FROM food_carts c \
             JOIN sellers s ON s.id = c.seller_id \
             WHERE c.user_id = $1 \
               AND EXISTS (SELECT 1 FROM food_cart_lines l WHERE l.user_id = c.user_id)",
        )
        .bind(user.get())
        .fetch_optional(self.pool)
        .await?;
        row.map(|r| {
            Ok((
                SellerId::new(r.try_get("seller_id")?),
                rows::localized(&r, "name_ko", "name_en")?,
            ))
        })
        .transpose()
    }

    /// `user`'s food basket: its restaurant and its lines in the order they went in, each priced
    /// as the menu prices it now; `None` while it is empty.
    pub async fn basket(
        &self,
        user: UserId,
        today: i64,
    ) -> Result<Option<(SellerId, Vec<BasketLine>)>, DbError> {
        let mut conn = self.pool.acquire().await?;
        basket_in(&mut conn, user, today).await
    }

    /// Sets a line of `user`'s basket to `portions`; whether it was theirs.
    pub async fn set_line(&self, user: UserId, line: i64, portions: u32) -> Result<bool, DbError> {
        let done =
            sqlx::query("UPDATE food_cart_lines SET quantity = $1 WHERE id = $2 AND user_id = $3")
                .bind(i64::from(portions))
                .bind(line)
                .bind(user.get())
                .execute(self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Takes a line out of `user`'s basket; whether it was theirs.
    pub async fn remove_line(&self, user: UserId, line: i64) -> Result<bool, DbError> {
        let done = sqlx::query("DELETE FROM food_cart_lines WHERE id = $1 AND user_id = $2")
            .bind(line)
            .bind(user.get())
            .execute(self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}

/// `user`'s food basket on `conn` (the pool's, or a transaction's).
pub async fn basket_in(
    conn: &mut sqlx::AnyConnection,
    user: UserId,
    today: i64,
) -> Result<Option<(SellerId, Vec<BasketLine>)>, DbError> {
    let seller: Option<i64> = sqlx::query_scalar(
        "SELECT c.seller_id FROM food_carts c WHERE c.user_id = $1 \
           AND EXISTS (SELECT 1 FROM food_cart_lines l WHERE l.user_id = c.user_id)",
    )
    .bind(user.get())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(seller) = seller.map(SellerId::new) else {
        return Ok(None);
    };
    let lines = sqlx::query(
        "SELECT l.id, l.dish_id, l.options, l.quantity, d.name_ko, d.name_en, d.price_chon, \
                d.sold_out_day, d.prep_min, d.portions_day, d.portions_left \
         FROM food_cart_lines l JOIN dishes d ON d.id = l.dish_id \
         WHERE l.user_id = $1 ORDER BY l.id",
    )
    .bind(user.get())
    .fetch_all(&mut *conn)
    .await?;
    let options = sqlx::query(
        "SELECT DISTINCT o.id, o.name_ko, o.name_en, o.price_chon FROM dish_options o \
         JOIN food_cart_lines l ON l.dish_id = o.dish_id WHERE l.user_id = $1",
    )
    .bind(user.get())
    .fetch_all(&mut *conn)
    .await?;
    let mut option_of: HashMap<i64, (Localized, Won)> = HashMap::new();
    for r in &options {
        option_of.insert(
            r.try_get("id")?,
            (
                rows::localized(r, "name_ko", "name_en")?,
                Won::from_chon(r.try_get("price_chon")?),
            ),
        );
    }
    let basket = lines
        .iter()
        .map(|r| {
            let code: String = r.try_get("options")?;
            let bad = |value: String| DbError::Corrupt {
                table: "food_cart_lines",
                column: "options",
                value,
            };
            let choice = OptionChoice::parse(&code).ok_or_else(|| bad(code.clone()))?;
            let chosen = choice
                .ids()
                .iter()
                .map(|id| option_of.get(&id.get()).cloned())
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| bad(code.clone()))?;
            let dish = Won::from_chon(r.try_get("price_chon")?);
            let prices: Vec<Won> = chosen.iter().map(|(_, p)| *p).collect();
            let portions = count("food_cart_lines", "quantity", r.try_get("quantity")?)?;
            let portion = portion_price(dish, &prices).ok_or_else(|| bad(code.clone()))?;
            Ok(BasketLine {
                id: r.try_get("id")?,
                dish: DishId::new(r.try_get("dish_id")?),
                name: rows::localized(r, "name_ko", "name_en")?,
                options: chosen.into_iter().map(|(name, _)| name).collect(),
                portion_price: portion,
                portions,
                amount: portion.checked_times(portions).ok_or_else(|| bad(code))?,
                sold_out: sold_out(r, today)?,
                prep_min: count("dishes", "prep_min", r.try_get("prep_min")?)?,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    Ok(Some((seller, basket)))
}

/// What adding a dish to a basket needs to know of it, read in the adding transaction.
pub struct DishToAdd {
    pub seller: SellerId,
    pub sold_out_day: Option<i64>,
    pub options: Vec<DishOptionId>,
}

pub async fn dish_to_add(tx: &mut Tx<'_>, dish: DishId) -> Result<Option<DishToAdd>, DbError> {
    let Some(r) = sqlx::query("SELECT seller_id, sold_out_day FROM dishes WHERE id = $1")
        .bind(dish.get())
        .fetch_optional(&mut **tx)
        .await?
    else {
        return Ok(None);
    };
    let options: Vec<i64> = sqlx::query_scalar("SELECT id FROM dish_options WHERE dish_id = $1")
        .bind(dish.get())
        .fetch_all(&mut **tx)
        .await?;
    Ok(Some(DishToAdd {
        seller: SellerId::new(r.try_get("seller_id")?),
        sold_out_day: r.try_get("sold_out_day")?,
        options: options.into_iter().map(DishOptionId::new).collect(),
    }))
}

/// Takes `user`'s basket row for the rest of the transaction (two adds at once take turns
/// here), making it `seller`'s if there was none; the restaurant it is for.
pub async fn hold_basket(
    tx: &mut Tx<'_>,
    user: UserId,
    seller: SellerId,
    now: i64,
) -> Result<SellerId, DbError> {
    let held: i64 = sqlx::query_scalar(
        "INSERT INTO food_carts (user_id, seller_id, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET updated_at = excluded.updated_at \
         RETURNING seller_id",
    )
    .bind(user.get())
    .bind(seller.get())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(SellerId::new(held))
}

/// Whether `user`'s basket has any line.
pub async fn basket_has_lines(tx: &mut Tx<'_>, user: UserId) -> Result<bool, DbError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM food_cart_lines WHERE user_id = $1")
        .bind(user.get())
        .fetch_one(&mut **tx)
        .await?;
    Ok(n > 0)
}

/// Empties `user`'s (held) basket and makes it `seller`'s.
pub async fn restart_basket(
    tx: &mut Tx<'_>,
    user: UserId,
    seller: SellerId,
) -> Result<(), DbError> {
    sqlx::query("DELETE FROM food_cart_lines WHERE user_id = $1")
        .bind(user.get())
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE food_carts SET seller_id = $1 WHERE user_id = $2")
        .bind(seller.get())
        .bind(user.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Adds `portions` of `dish` with `options` to `user`'s (held) basket, on top of the same line
/// if it is there, at most `max`; the portions the line has now.
pub async fn add_line(
    tx: &mut Tx<'_>,
    user: UserId,
    dish: DishId,
    options: &OptionChoice,
    (portions, max): (u32, u32),
) -> Result<u32, DbError> {
    let now: i64 = sqlx::query_scalar(
        "INSERT INTO food_cart_lines (user_id, dish_id, options, quantity) \
         VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, dish_id, options) DO UPDATE SET quantity = \
             CASE WHEN food_cart_lines.quantity + excluded.quantity > $5 THEN $5 \
                  ELSE food_cart_lines.quantity + excluded.quantity END \
         RETURNING quantity",
    )
    .bind(user.get())
    .bind(dish.get())
    .bind(options.code())
    .bind(i64::from(portions))
    .bind(i64::from(max))
    .fetch_one(&mut **tx)
    .await?;
    count("food_cart_lines", "quantity", now)
}

/// A restaurant's place and kitchen, for the demo data (and, later, its manager's settings).
pub struct NewRestaurant<'a> {
    pub seller: SellerId,
    pub district_slug: &'a str,
    pub point: GeoPoint,
    pub radius: Radius,
    pub kitchen: Kitchen,
    pub prep_min: u32,
    pub minimum: Won,
    pub hours: &'a OpeningHours,
}

pub async fn insert_restaurant(tx: &mut Tx<'_>, r: &NewRestaurant<'_>) -> Result<(), DbError> {
    let inserted = sqlx::query(
        "INSERT INTO restaurants (seller_id, district_id, lat, lon, radius_m, capacity, prep_min, \
                                  promise_limit_min, minimum_chon) \
         SELECT $1, id, $3, $4, $5, $6, $7, $8, $9 FROM districts WHERE slug = $2",
    )
    .bind(r.seller.get())
    .bind(r.district_slug)
    .bind(r.point.lat)
    .bind(r.point.lon)
    .bind(i64::from(r.radius.metres()))
    .bind(i64::from(r.kitchen.capacity))
    .bind(i64::from(r.prep_min))
    .bind(i64::from(r.kitchen.promise_limit_min))
    .bind(rows::chon(r.minimum)?)
    .execute(&mut **tx)
    .await?;
    if inserted.rows_affected() != 1 {
        return Err(corrupt("district_id", r.district_slug));
    }
    for span in r.hours.spans() {
        sqlx::query(
            "INSERT INTO restaurant_hours (seller_id, weekday, opens, closes) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(r.seller.get())
        .bind(i64::from(span.weekday()))
        .bind(i64::from(span.opens()))
        .bind(i64::from(span.closes()))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub async fn insert_closed_day(tx: &mut Tx<'_>, seller: SellerId, day: i64) -> Result<(), DbError> {
    sqlx::query("INSERT INTO restaurant_closed_days (seller_id, day) VALUES ($1, $2)")
        .bind(seller.get())
        .bind(day)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn insert_section(
    tx: &mut Tx<'_>,
    seller: SellerId,
    position: i64,
    name: &Localized,
) -> Result<i64, DbError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO menu_sections (seller_id, position, name_ko, name_en) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(seller.get())
    .bind(position)
    .bind(&name.ko)
    .bind(&name.en)
    .fetch_one(&mut **tx)
    .await?)
}

/// A dish of a menu section, as the demo data writes it.
pub struct NewDish<'a> {
    pub seller: SellerId,
    pub section: i64,
    pub position: i64,
    pub name: &'a Localized,
    pub description: &'a Localized,
    pub portion: &'a Localized,
    pub price: Won,
    pub prep_min: u32,
    pub picture: Option<MediaId>,
    /// Its options: name and price.
    pub options: &'a [(Localized, Won)],
}

pub async fn insert_dish(tx: &mut Tx<'_>, d: &NewDish<'_>) -> Result<DishId, DbError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO dishes (section_id, seller_id, position, name_ko, name_en, desc_ko, desc_en, \
                             portion_ko, portion_en, price_chon, prep_min, picture_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(d.section)
    .bind(d.seller.get())
    .bind(d.position)
    .bind(&d.name.ko)
    .bind(&d.name.en)
    .bind(&d.description.ko)
    .bind(&d.description.en)
    .bind(&d.portion.ko)
    .bind(&d.portion.en)
    .bind(rows::chon(d.price)?)
    .bind(i64::from(d.prep_min))
    .bind(d.picture.map(MediaId::get))
    .fetch_one(&mut **tx)
    .await?;
    for (position, (name, price)) in (0_i64..).zip(d.options) {
        sqlx::query(
            "INSERT INTO dish_options (dish_id, position, name_ko, name_en, price_chon) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(position)
        .bind(&name.ko)
        .bind(&name.en)
        .bind(rows::chon(*price)?)
        .execute(&mut **tx)
        .await?;
    }
    Ok(DishId::new(id))
}

/// The kitchen ran out of `dish` on Pyongyang day `day`.
pub async fn mark_sold_out(tx: &mut Tx<'_>, dish: DishId, day: i64) -> Result<(), DbError> {
    sqlx::query("UPDATE dishes SET sold_out_day = $1 WHERE id = $2")
        .bind(day)
        .bind(dish.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Portions of `dish` left on Pyongyang day `day` (the kitchen counts them; `None`: not counted).
pub async fn set_portions_left(
    tx: &mut Tx<'_>,
    dish: DishId,
    day: i64,
    left: Option<u32>,
) -> Result<(), DbError> {
    sqlx::query("UPDATE dishes SET portions_day = $1, portions_left = $2 WHERE id = $3")
        .bind(left.map(|_| day))
        .bind(left.map(i64::from))
        .bind(dish.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Takes the restaurant's kitchen for the rest of the transaction: two orders at once take turns
/// here, each seeing the other's dishes in the queue. Whether it is a restaurant's.
pub async fn lock_kitchen(tx: &mut Tx<'_>, seller: SellerId) -> Result<bool, DbError> {
    let done = sqlx::query("UPDATE restaurants SET capacity = capacity WHERE seller_id = $1")
        .bind(seller.get())
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes the row of `city` for the rest of the transaction: orders as soon as possible from
/// two of its restaurants at once take turns on its motorbikes, so each sees the other's.
pub async fn lock_city(tx: &mut Tx<'_>, city: CityId) -> Result<(), DbError> {
    sqlx::query("UPDATE cities SET lat = lat WHERE id = $1")
        .bind(city.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The dishes waiting in a kitchen (ordered, not yet ready) that are due after `from` and by
/// `until` (UTC seconds); by restaurant, or for `seller` alone.
async fn dishes_due<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    seller: Option<SellerId>,
    (from, until): (i64, i64),
) -> Result<HashMap<SellerId, u32>, DbError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT f.seller_id, CAST(SUM(f.dishes) AS BIGINT) FROM food_orders f \
         JOIN orders o ON o.id = f.order_id \
         WHERE ($1 = 0 OR f.seller_id = $1) AND o.status IN ('placed', 'accepted') \
           AND f.promised_at > $2 AND f.promised_at <= $3 \
         GROUP BY f.seller_id",
    )
    .bind(seller.map_or(0, SellerId::get))
    .bind(from)
    .bind(until)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(seller, n)| Ok((SellerId::new(seller), count("food_orders", "dishes", n)?)))
        .collect()
}

/// The dishes in `seller`'s queue due after `from` and by `until`, in the caller's transaction.
pub async fn dishes_due_in(
    tx: &mut Tx<'_>,
    seller: SellerId,
    due: (i64, i64),
) -> Result<u32, DbError> {
    Ok(dishes_due(&mut **tx, Some(seller), due)
        .await?
        .remove(&seller)
        .unwrap_or(0))
}

impl Food<'_> {
    /// Every kitchen's dishes due after `from` and by `until`.
    pub async fn dishes_due(&self, due: (i64, i64)) -> Result<HashMap<SellerId, u32>, DbError> {
        dishes_due(self.pool, None, due).await
    }

    /// One kitchen's dishes due after `from` and by `until`.
    pub async fn dishes_due_at(&self, seller: SellerId, due: (i64, i64)) -> Result<u32, DbError> {
        Ok(dishes_due(self.pool, Some(seller), due)
            .await?
            .remove(&seller)
            .unwrap_or(0))
    }
}

/// The motorbikes of every city (or of `city` alone) at `now`: how many are on duty, and the hot
/// food of its restaurants they have still to carry (ordered, not yet delivered, due after
/// `from` and by `until`), each cooked when its kitchen said when it took it, or else as
/// promised (an order for a later time: its ride before that time).
async fn riders(
    db: &mut sqlx::AnyConnection,
    city: Option<CityId>,
    now: i64,
    (from, until): (i64, i64),
) -> Result<HashMap<CityId, Riders>, DbError> {
    let city_id = city.map_or(0, CityId::get);
    let on_duty: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT city_id, COUNT(*) FROM couriers \
         WHERE ($1 = 0 OR city_id = $1) AND vehicle = 'motorbike' AND on_duty = 1 \
         GROUP BY city_id",
    )
    .bind(city_id)
    .fetch_all(&mut *db)
    .await?;
    let mut by_city: HashMap<CityId, Riders> = on_duty
        .into_iter()
        .map(|(city, n)| {
            let riders = Riders {
                now,
                on_duty: count("couriers", "on_duty", n)?,
                to_carry: Vec::new(),
            };
            Ok((CityId::new(city), riders))
        })
        .collect::<Result<_, DbError>>()?;
    let orders = sqlx::query(
        "SELECT d.city_id, f.asap, o.created_at, f.queue_min, f.prep_min, f.ride_min, \
            f.promised_at, f.ready_by \
         FROM food_orders f \
         JOIN orders o ON o.id = f.order_id \
         JOIN restaurants r ON r.seller_id = f.seller_id \
         JOIN districts d ON d.id = r.district_id \
         WHERE ($1 = 0 OR d.city_id = $1) \
           AND o.status IN ('placed', 'accepted', 'ready', 'picked_up') \
           AND f.promised_at > $2 AND f.promised_at <= $3",
    )
    .bind(city_id)
    .bind(from)
    .bind(until)
    .fetch_all(&mut *db)
    .await?;
    for r in orders {
        let Some(riders) = by_city.get_mut(&CityId::new(r.try_get("city_id")?)) else {
            continue;
        };
        let minutes = |column: &'static str| -> Result<i64, DbError> {
            Ok(i64::from(count("food_orders", column, r.try_get(column)?)?))
        };
        let ride_min = minutes("ride_min")?;
        let ready_by: Option<i64> = r.try_get("ready_by")?;
        let ready_at = match ready_by {
            Some(at) => at,
            None if r.try_get::<i64, _>("asap")? == 1 => {
                let created_at: i64 = r.try_get("created_at")?;
                created_at + (minutes("queue_min")? + minutes("prep_min")?) * 60
            }
            None => r.try_get::<i64, _>("promised_at")? - ride_min * 60,
        };
        riders.to_carry.push(Carry {
            ready_at,
            ride_min: u32::try_from(ride_min).unwrap_or(u32::MAX / 4),
        });
    }
    Ok(by_city)
}

/// The motorbikes of `city` (none when none is on duty), in the caller's transaction.
pub async fn riders_in(
    tx: &mut Tx<'_>,
    city: CityId,
    now: i64,
    due: (i64, i64),
) -> Result<Riders, DbError> {
    Ok(riders(tx, Some(city), now, due)
        .await?
        .remove(&city)
        .unwrap_or_else(|| nobody(now)))
}

/// A city with no motorbike on duty.
fn nobody(now: i64) -> Riders {
    Riders {
        now,
        ..Riders::default()
    }
}

impl Food<'_> {
    /// Every city's motorbikes and the hot food they have to carry.
    pub async fn riders(
        &self,
        now: i64,
        due: (i64, i64),
    ) -> Result<HashMap<CityId, Riders>, DbError> {
        let mut db = self.pool.acquire().await?;
        riders(&mut db, None, now, due).await
    }

    /// `city`'s motorbikes and the hot food they have to carry.
    pub async fn riders_of(
        &self,
        city: CityId,
        now: i64,
        due: (i64, i64),
    ) -> Result<Riders, DbError> {
        let mut db = self.pool.acquire().await?;
        Ok(riders(&mut db, Some(city), now, due)
            .await?
            .remove(&city)
            .unwrap_or_else(|| nobody(now)))
    }
}

/// What taking portions of a dish for an order found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Taken {
    Taken,
    SoldOut,
    /// Fewer are left today than asked for: this many.
    Left(u32),
}

/// Takes `portions` of `dish` from what its kitchen has left on `today` (nothing is counted on a
/// dish whose portions are not counted today), unless it is sold out. One conditional update:
/// two orders can't both take the last portion.
pub async fn take_portions(
    tx: &mut Tx<'_>,
    dish: DishId,
    portions: u32,
    today: i64,
) -> Result<Taken, DbError> {
    let done = sqlx::query(
        "UPDATE dishes SET portions_left = CASE WHEN portions_day = $2 \
                THEN portions_left - $3 ELSE portions_left END \
         WHERE id = $1 AND (sold_out_day IS NULL OR sold_out_day <> $2) \
           AND (portions_day IS NULL OR portions_day <> $2 OR portions_left >= $3)",
    )
    .bind(dish.get())
    .bind(today)
    .bind(i64::from(portions))
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 1 {
        return Ok(Taken::Taken);
    }
    let r =
        sqlx::query("SELECT sold_out_day, portions_day, portions_left FROM dishes WHERE id = $1")
            .bind(dish.get())
            .fetch_optional(&mut **tx)
            .await?;
    let Some(r) = r else {
        return Ok(Taken::SoldOut);
    };
    if sold_out(&r, today)? {
        return Ok(Taken::SoldOut);
    }
    let left: Option<i64> = r.try_get("portions_left")?;
    Ok(Taken::Left(count(
        "dishes",
        "portions_left",
        left.unwrap_or(0),
    )?))
}

/// Gives the portions of a called-off food order back to its kitchen's count, if they were
/// counted on the day it was placed and that count still stands.
pub async fn give_back_portions(tx: &mut Tx<'_>, order: OrderId) -> Result<(), DbError> {
    let placed: Option<i64> = sqlx::query_scalar("SELECT created_at FROM orders WHERE id = $1")
        .bind(order.get())
        .fetch_optional(&mut **tx)
        .await?;
    let Some(placed) = placed else {
        return Ok(());
    };
    let day = PyongyangTime::at(placed).day_number();
    let lines: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT dish_id, CAST(SUM(quantity) AS BIGINT) FROM food_order_lines \
         WHERE order_id = $1 GROUP BY dish_id ORDER BY dish_id",
    )
    .bind(order.get())
    .fetch_all(&mut **tx)
    .await?;
    for (dish, portions) in lines {
        sqlx::query(
            "UPDATE dishes SET portions_left = portions_left + $1 \
             WHERE id = $2 AND portions_day = $3",
        )
        .bind(portions)
        .bind(dish)
        .bind(day)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A food order as it is stored: the order's row (by motorbike, no size), its promise and its
/// dishes as they were priced.
pub struct NewFoodOrder<'a> {
    pub checkout: CheckoutId,
    pub user: UserId,
    pub seller: SellerId,
    pub to: &'a Destination,
    pub instrument: InstrumentId,
    pub code: &'a DeliveryCode,
    pub lines: &'a [BasketLine],
    pub dishes: Won,
    pub fee: Won,
    pub distance: Distance,
    pub promise: Promise,
    pub asap: bool,
    pub promised_at: i64,
    pub now: i64,
}

pub async fn insert_order(tx: &mut Tx<'_>, o: &NewFoodOrder<'_>) -> Result<OrderId, DbError> {
    let slot = Slot::containing(o.promised_at);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO orders (checkout_id, user_id, seller_id, status, district_id, address_line, \
            slot_day, slot_window, vehicle, distance_m, estimate_min, goods_chon, fee_chon, \
            instrument_id, hold_expires_at, created_at, updated_at, weight_g, volume_ml, code) \
         VALUES ($1, $2, $3, 'placed', $4, $5, $6, $7, 'motorbike', $8, $9, $10, $11, $12, $13, \
            $14, $14, 0, 0, $15) \
         RETURNING id",
    )
    .bind(o.checkout.get())
    .bind(o.user.get())
    .bind(o.seller.get())
    .bind(o.to.district)
    .bind(o.to.line.as_str())
    .bind(slot.day)
    .bind(i64::from(slot.window))
    .bind(i64::from(o.distance.metres()))
    .bind(i64::from(o.promise.ride_min))
    .bind(rows::chon(o.dishes)?)
    .bind(rows::chon(o.fee)?)
    .bind(o.instrument.get())
    .bind(o.promised_at + FOOD_HOLD_GRACE_SECS)
    .bind(o.now)
    .bind(o.code.as_str())
    .fetch_one(&mut **tx)
    .await?;
    let dishes: u32 = o.lines.iter().map(|l| l.portions).sum();
    sqlx::query(
        "INSERT INTO food_orders (order_id, seller_id, dishes, asap, queue_min, prep_min, \
            rider_min, ride_min, promised_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(o.seller.get())
    .bind(i64::from(dishes))
    .bind(i64::from(o.asap))
    .bind(i64::from(o.promise.queue_min))
    .bind(i64::from(o.promise.prep_min))
    .bind(i64::from(o.promise.rider_min))
    .bind(i64::from(o.promise.ride_min))
    .bind(o.promised_at)
    .execute(&mut **tx)
    .await?;
    for (position, l) in (0_i64..).zip(o.lines) {
        let options = |lang: fn(&Localized) -> &str| {
            l.options.iter().map(lang).collect::<Vec<_>>().join(", ")
        };
        sqlx::query(
            "INSERT INTO food_order_lines (order_id, position, dish_id, name_ko, name_en, \
                options_ko, options_en, price_chon, quantity) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(position)
        .bind(l.dish.get())
        .bind(l.name.ko.as_str())
        .bind(l.name.en.as_str())
        .bind(options(|n| n.ko.as_str()))
        .bind(options(|n| n.en.as_str()))
        .bind(rows::chon(l.portion_price)?)
        .bind(i64::from(l.portions))
        .execute(&mut **tx)
        .await?;
    }
    let order = OrderId::new(id);
    orders::add_event(
        tx,
        &orders::Event {
            order,
            status: OrderStatus::Placed,
            actor: Some(o.user),
            note: "",
            at: o.now,
        },
    )
    .await?;
    Ok(order)
}

/// Takes `user`'s basket row for the rest of the transaction (an add at the same time waits for
/// the order, or the order for the add).
pub async fn hold_basket_row(tx: &mut Tx<'_>, user: UserId, now: i64) -> Result<(), DbError> {
    sqlx::query("UPDATE food_carts SET updated_at = $1 WHERE user_id = $2")
        .bind(now)
        .bind(user.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Empties `user`'s food basket (its dishes were ordered).
pub async fn empty_basket(tx: &mut Tx<'_>, user: UserId) -> Result<(), DbError> {
    sqlx::query("DELETE FROM food_cart_lines WHERE user_id = $1")
        .bind(user.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Food<'_> {
    /// Whether `order` is a food order.
    pub async fn is_food_order(&self, order: OrderId) -> Result<bool, DbError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM food_orders WHERE order_id = $1")
            .bind(order.get())
            .fetch_one(self.pool)
            .await?;
        Ok(n > 0)
    }

    /// What a food order adds to its order page: its dishes and its promise; `None` for an
    /// order of goods.
    pub async fn order_part(&self, order: OrderId) -> Result<Option<FoodOrderPart>, DbError> {
        let Some(r) = sqlx::query(
            "SELECT asap, queue_min, prep_min, rider_min, ride_min, promised_at FROM food_orders \
             WHERE order_id = $1",
        )
        .bind(order.get())
        .fetch_optional(self.pool)
        .await?
        else {
            return Ok(None);
        };
        let minutes = |column: &'static str| -> Result<u32, DbError> {
            count("food_orders", column, r.try_get(column)?)
        };
        let lines = sqlx::query(
            "SELECT name_ko, name_en, options_ko, options_en, price_chon, quantity \
             FROM food_order_lines WHERE order_id = $1 ORDER BY position",
        )
        .bind(order.get())
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(|l| {
            let price = Won::from_chon(l.try_get("price_chon")?);
            let portions = count("food_order_lines", "quantity", l.try_get("quantity")?)?;
            Ok(FoodOrderLine {
                name: rows::localized(l, "name_ko", "name_en")?,
                options: rows::localized(l, "options_ko", "options_en")?,
                price,
                portions,
                amount: price.checked_times(portions).unwrap_or(Won::ZERO),
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
        Ok(Some(FoodOrderPart {
            lines,
            asap: r.try_get::<i64, _>("asap")? == 1,
            promise: Promise {
                queue_min: minutes("queue_min")?,
                prep_min: minutes("prep_min")?,
                rider_min: minutes("rider_min")?,
                ride_min: minutes("ride_min")?,
            },
            promised_at: r.try_get("promised_at")?,
            now: 0,
        }))
    }
}

/// The kitchen accepts a food order, saying how long it will take: whether it is one.
pub async fn kitchen_accept(
    tx: &mut Tx<'_>,
    order: OrderId,
    prep_min: u32,
    now: i64,
) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE food_orders SET accepted_at = $1, prep_min = $2, ready_by = $1 + $2 * 60 \
         WHERE order_id = $3",
    )
    .bind(now)
    .bind(i64::from(prep_min))
    .bind(order.get())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The kitchen begins cooking an accepted food order: `false` if it is none, or cooking already.
pub async fn kitchen_cooking(tx: &mut Tx<'_>, order: OrderId, now: i64) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE food_orders SET cooking_at = $1 \
         WHERE order_id = $2 AND cooking_at IS NULL AND accepted_at IS NOT NULL",
    )
    .bind(now)
    .bind(order.get())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

const KITCHEN_FILTER: &str = "f.seller_id = $1 AND o.status IN ('placed', 'accepted', 'ready')";

impl Food<'_> {
    /// `seller`'s food orders still to cook or to hand over, the soonest due first, as the
    /// kitchen sees them at `now`.
    pub async fn kitchen(&self, seller: SellerId, now: i64) -> Result<Vec<KitchenOrder>, DbError> {
        let rows = sqlx::query(&format!(
            "SELECT o.id, o.status, f.promised_at, f.ride_min, f.prep_min, f.ready_by, \
                    f.cooking_at \
             FROM food_orders f JOIN orders o ON o.id = f.order_id \
             WHERE {KITCHEN_FILTER} ORDER BY f.promised_at, o.id LIMIT 200"
        ))
        .bind(seller.get())
        .fetch_all(self.pool)
        .await?;
        let lines = sqlx::query(&format!(
            "SELECT l.order_id, l.name_ko, l.name_en, l.options_ko, l.options_en, l.price_chon, \
                    l.quantity \
             FROM food_order_lines l JOIN food_orders f ON f.order_id = l.order_id \
             JOIN orders o ON o.id = l.order_id \
             WHERE {KITCHEN_FILTER} ORDER BY l.order_id, l.position"
        ))
        .bind(seller.get())
        .fetch_all(self.pool)
        .await?;
        let mut lines_of: HashMap<i64, Vec<FoodOrderLine>> = HashMap::new();
        for l in &lines {
            let price = Won::from_chon(l.try_get("price_chon")?);
            let portions = count("food_order_lines", "quantity", l.try_get("quantity")?)?;
            lines_of
                .entry(l.try_get("order_id")?)
                .or_default()
                .push(FoodOrderLine {
                    name: rows::localized(l, "name_ko", "name_en")?,
                    options: rows::localized(l, "options_ko", "options_en")?,
                    price,
                    portions,
                    amount: price.checked_times(portions).unwrap_or(Won::ZERO),
                });
        }
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                let promised_at: i64 = r.try_get("promised_at")?;
                let ride = i64::from(count("food_orders", "ride_min", r.try_get("ride_min")?)?);
                let leave_by = promised_at - ride * 60;
                let ready_by: Option<i64> = r.try_get("ready_by")?;
                let cooking: Option<i64> = r.try_get("cooking_at")?;
                let stage = match (rows::status(r)?, cooking) {
                    (OrderStatus::Placed, _) => KitchenStage::New,
                    (OrderStatus::Accepted, None) => KitchenStage::Accepted,
                    (OrderStatus::Accepted, Some(_)) => KitchenStage::Cooking,
                    _ => KitchenStage::Ready,
                };
                let late = stage != KitchenStage::Ready
                    && (now > leave_by || ready_by.is_some_and(|at| at > leave_by));
                Ok(KitchenOrder {
                    id: OrderId::new(id),
                    stage,
                    lines: lines_of.remove(&id).unwrap_or_default(),
                    promised_at,
                    leave_by,
                    ready_by,
                    prep_min: count("food_orders", "prep_min", r.try_get("prep_min")?)?,
                    late,
                })
            })
            .collect()
    }

    /// What changes whenever one of `seller`'s food orders arrives or moves: how many there
    /// are and their latest event.
    pub async fn kitchen_version(&self, seller: SellerId) -> Result<String, DbError> {
        let (orders, last): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(DISTINCT f.order_id), CAST(COALESCE(MAX(e.id), 0) AS BIGINT) \
             FROM food_orders f JOIN order_events e ON e.order_id = f.order_id \
             WHERE f.seller_id = $1",
        )
        .bind(seller.get())
        .fetch_one(self.pool)
        .await?;
        Ok(format!("{orders}-{last}"))
    }
}
