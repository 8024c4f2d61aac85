//! Standing orders (migration 0028): a shopper's goods on a schedule, their lines, and each
//! delivery the scheduler or the shopper dealt with, once per (standing order, day) by the key.

use super::{
    rows::{self, count},
    DbError, Tx,
};
use crate::domain::{
    catalog::Localized,
    quantity::Quantity,
    slot::Slot,
    standing::{Cap, Every, Schedule, Standing},
    AddressId, CheckoutId, InstrumentId, ProductId, StandingId, UserId, Won,
};
use crate::domain::{time::weekday_of, SellerId};
use crate::page::{seller::StandingDemand, standing::StandingLine};
use sqlx::{any::AnyRow, AnyPool, Row};
use std::collections::HashMap;

pub struct Standings<'a> {
    pool: &'a AnyPool,
}

/// A new standing order, authorised now.
pub struct NewStanding<'a> {
    pub user: UserId,
    pub address: AddressId,
    pub instrument: InstrumentId,
    pub schedule: &'a Schedule,
    pub cap: Cap,
    pub lines: &'a [(ProductId, Quantity)],
    pub next_day: i64,
    pub now: i64,
}

/// How a delivery was dealt with, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dealt<'a> {
    Placed,
    Failed(&'a str),
    Missed,
    Skipped,
}

impl Dealt<'_> {
    fn code(self) -> &'static str {
        match self {
            Dealt::Placed => "placed",
            Dealt::Failed(_) => "failed",
            Dealt::Missed => "missed",
            Dealt::Skipped => "skipped",
        }
    }
}

const STANDING_SELECT: &str = "SELECT id, user_id, address_id, instrument_id, every, weekdays, \
     slot_window, first_day, next_day, resumes_on, cap_chon FROM standing_orders";

fn standing(r: &AnyRow, skipped: Vec<i64>) -> Result<Standing, DbError> {
    let corrupt = |column: &'static str, value: String| DbError::Corrupt {
        table: "standing_orders",
        column,
        value,
    };
    let kind: String = r.try_get("every")?;
    let bits: i64 = r.try_get("weekdays")?;
    let every = u8::try_from(bits)
        .ok()
        .and_then(|b| Every::from_stored(&kind, b))
        .ok_or_else(|| corrupt("every", format!("{kind} {bits}")))?;
    let window: i64 = r.try_get("slot_window")?;
    let cap: i64 = r.try_get("cap_chon")?;
    Ok(Standing {
        id: StandingId::new(r.try_get("id")?),
        user: UserId::new(r.try_get("user_id")?),
        address: AddressId::new(r.try_get("address_id")?),
        instrument: InstrumentId::new(r.try_get("instrument_id")?),
        schedule: Schedule {
            every,
            window: u8::try_from(window)
                .ok()
                .filter(|w| usize::from(*w) < Slot::WINDOWS.len())
                .ok_or_else(|| corrupt("slot_window", window.to_string()))?,
            first_day: r.try_get("first_day")?,
            resumes_on: r.try_get("resumes_on")?,
            skipped,
        },
        cap: Cap::new(Won::from_chon(cap)).map_err(|_| corrupt("cap_chon", cap.to_string()))?,
        next_day: r.try_get("next_day")?,
    })
}

impl<'a> Standings<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    /// Up to `limit` standing orders the scheduler has deliveries of to deal with by `until_day`
    /// (not cancelled, not paused until resumed), with ids after `after`, in id order; each with
    /// the days skipped from `from_day` on.
    pub async fn due(
        &self,
        until_day: i64,
        from_day: i64,
        after: i64,
        limit: i64,
    ) -> Result<Vec<Standing>, DbError> {
        let found = sqlx::query(&format!(
            "{STANDING_SELECT} WHERE next_day <= $1 AND id > $2 \
             AND cancelled_at IS NULL AND paused_at IS NULL ORDER BY id LIMIT $3"
        ))
        .bind(until_day)
        .bind(after)
        .bind(limit)
        .fetch_all(self.pool)
        .await?;
        let (Some(first), Some(last)) = (found.first(), found.last()) else {
            return Ok(Vec::new());
        };
        let first: i64 = first.try_get("id")?;
        let last: i64 = last.try_get("id")?;
        let mut skipped: HashMap<i64, Vec<i64>> = HashMap::new();
        let days: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT standing_order_id, day FROM standing_deliveries \
             WHERE standing_order_id BETWEEN $1 AND $2 AND status = 'skipped' AND day >= $3",
        )
        .bind(first)
        .bind(last)
        .bind(from_day)
        .fetch_all(self.pool)
        .await?;
        for (id, day) in days {
            skipped.entry(id).or_default().push(day);
        }
        found
            .iter()
            .map(|r| standing(r, skipped.remove(&r.try_get("id")?).unwrap_or_default()))
            .collect()
    }

    /// How each delivery of a standing order from `from_day` on was dealt with: day, status and
    /// reason, earliest first.
    pub async fn deliveries(
        &self,
        id: StandingId,
        from_day: i64,
    ) -> Result<Vec<(i64, String, Option<String>)>, DbError> {
        Ok(sqlx::query_as(
            "SELECT day, status, reason FROM standing_deliveries \
             WHERE standing_order_id = $1 AND day >= $2 ORDER BY day",
        )
        .bind(id.get())
        .bind(from_day)
        .fetch_all(self.pool)
        .await?)
    }

    /// A standing order's failures in a row, and whether it is paused until resumed.
    pub async fn state(&self, id: StandingId) -> Result<Option<(u32, bool, i64)>, DbError> {
        let row: Option<(i64, Option<i64>, i64)> = sqlx::query_as(
            "SELECT failures, paused_at, next_day FROM standing_orders WHERE id = $1",
        )
        .bind(id.get())
        .fetch_optional(self.pool)
        .await?;
        row.map(|(failures, paused, next_day)| {
            Ok((
                count("standing_orders", "failures", failures)?,
                paused.is_some(),
                next_day,
            ))
        })
        .transpose()
    }
}

/// Stores a new standing order with its lines.
pub async fn insert(tx: &mut Tx<'_>, new: &NewStanding<'_>) -> Result<StandingId, DbError> {
    let (kind, bits) = new.schedule.every.stored();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO standing_orders (user_id, address_id, instrument_id, every, weekdays, \
         slot_window, first_day, next_day, resumes_on, cap_chon, authorised_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(new.user.get())
    .bind(new.address.get())
    .bind(new.instrument.get())
    .bind(kind)
    .bind(i64::from(bits))
    .bind(i64::from(new.schedule.window))
    .bind(new.schedule.first_day)
    .bind(new.next_day)
    .bind(new.schedule.resumes_on)
    .bind(rows::chon(new.cap.amount())?)
    .bind(new.now)
    .fetch_one(&mut **tx)
    .await?;
    for &(product, quantity) in new.lines {
        sqlx::query(
            "INSERT INTO standing_order_lines (standing_order_id, product_id, quantity) \
             VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(product.get())
        .bind(i64::from(quantity.get()))
        .execute(&mut **tx)
        .await?;
    }
    Ok(StandingId::new(id))
}

/// Whether a product is sold and delivered on a schedule.
pub async fn on_schedule(tx: &mut Tx<'_>, product: ProductId) -> Result<bool, DbError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM products WHERE id = $1 AND on_schedule = 1 AND hidden_at IS NULL",
    )
    .bind(product.get())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(found.is_some())
}

/// A standing order's goods, and whether any of them is no longer sold (hidden).
pub async fn lines_in(
    tx: &mut Tx<'_>,
    id: StandingId,
) -> Result<(Vec<(ProductId, Quantity)>, bool), DbError> {
    let found: Vec<(i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT l.product_id, l.quantity, p.hidden_at FROM standing_order_lines l \
         JOIN products p ON p.id = l.product_id WHERE l.standing_order_id = $1 \
         ORDER BY l.product_id",
    )
    .bind(id.get())
    .fetch_all(&mut **tx)
    .await?;
    let gone = found.iter().any(|(_, _, hidden)| hidden.is_some());
    let lines = found
        .into_iter()
        .map(|(p, q, _)| Ok((ProductId::new(p), rows::quantity(q)?)))
        .collect::<Result<_, DbError>>()?;
    Ok((lines, gone))
}

/// Records how the delivery of `day` was dealt with, unless it was already: whether this did.
/// Placing claims the delivery this way first, so a second scheduler waits for the first's
/// transaction and then finds it dealt with.
pub async fn deal(
    tx: &mut Tx<'_>,
    id: StandingId,
    day: i64,
    how: Dealt<'_>,
    now: i64,
) -> Result<bool, DbError> {
    let reason = match how {
        Dealt::Failed(why) => Some(why),
        _ => None,
    };
    let done: Option<i64> = sqlx::query_scalar(
        "INSERT INTO standing_deliveries (standing_order_id, day, status, reason, at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (standing_order_id, day) DO NOTHING RETURNING day",
    )
    .bind(id.get())
    .bind(day)
    .bind(how.code())
    .bind(reason)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(done.is_some())
}

/// The delivery of `day` was placed as `checkout`: the failures in a row are over, and the
/// scheduler's mark moves on to `next_day`.
pub async fn placed(
    tx: &mut Tx<'_>,
    id: StandingId,
    day: i64,
    checkout: CheckoutId,
    next_day: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE standing_deliveries SET checkout_id = $1 WHERE standing_order_id = $2 AND day = $3",
    )
    .bind(checkout.get())
    .bind(id.get())
    .bind(day)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE standing_orders SET failures = 0, \
         next_day = CASE WHEN next_day < $1 THEN $1 ELSE next_day END WHERE id = $2",
    )
    .bind(next_day)
    .bind(id.get())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A delivery failed: one more failure in a row, paused at `now` once they are `to_pause`, and
/// the mark moves on to `next_day`. Whether this paused it.
pub async fn failed(
    tx: &mut Tx<'_>,
    id: StandingId,
    next_day: i64,
    to_pause: u32,
    now: i64,
) -> Result<bool, DbError> {
    let paused: Option<Option<i64>> = sqlx::query_scalar(
        "UPDATE standing_orders SET failures = failures + 1, \
         paused_at = CASE WHEN failures + 1 >= $1 THEN $2 ELSE paused_at END, \
         next_day = CASE WHEN next_day < $3 THEN $3 ELSE next_day END \
         WHERE id = $4 RETURNING paused_at",
    )
    .bind(i64::from(to_pause))
    .bind(now)
    .bind(next_day)
    .bind(id.get())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(paused.flatten().is_some())
}

/// The mark moves on to `next_day` (a missed delivery, or a skipped one).
pub async fn pass(tx: &mut Tx<'_>, id: StandingId, next_day: i64) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE standing_orders SET next_day = CASE WHEN next_day < $1 THEN $1 ELSE next_day END \
         WHERE id = $2",
    )
    .bind(next_day)
    .bind(id.get())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The shopper's standing order `id` (not cancelled), its row locked on PostgreSQL.
pub async fn lock(
    tx: &mut Tx<'_>,
    user: UserId,
    id: StandingId,
) -> Result<Option<Standing>, DbError> {
    let mine: Option<i64> = sqlx::query_scalar(
        "UPDATE standing_orders SET id = id \
         WHERE id = $1 AND user_id = $2 AND cancelled_at IS NULL RETURNING id",
    )
    .bind(id.get())
    .bind(user.get())
    .fetch_optional(&mut **tx)
    .await?;
    if mine.is_none() {
        return Ok(None);
    }
    let row = sqlx::query(&format!("{STANDING_SELECT} WHERE id = $1"))
        .bind(id.get())
        .fetch_one(&mut **tx)
        .await?;
    let skipped: Vec<i64> = sqlx::query_scalar(
        "SELECT day FROM standing_deliveries WHERE standing_order_id = $1 AND status = 'skipped'",
    )
    .bind(id.get())
    .fetch_all(&mut **tx)
    .await?;
    standing(&row, skipped).map(Some)
}

/// Pauses a standing order until `resumes_on` (`None`: no pause), resuming one that was paused
/// until resumed; the scheduler's mark is `next_day`.
pub async fn set_pause(
    tx: &mut Tx<'_>,
    id: StandingId,
    resumes_on: Option<i64>,
    next_day: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE standing_orders SET resumes_on = $1, paused_at = NULL, failures = 0, \
         next_day = $2 WHERE id = $3",
    )
    .bind(resumes_on)
    .bind(next_day)
    .bind(id.get())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Cancels a standing order: its authorisation is revoked, nothing more is placed.
pub async fn cancel(tx: &mut Tx<'_>, id: StandingId, now: i64) -> Result<(), DbError> {
    sqlx::query("UPDATE standing_orders SET cancelled_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A standing order as its shopper's page lists it (the labels of its address and way to pay
/// are the service's).
pub struct Listed {
    pub standing: Standing,
    pub paused: bool,
    pub authorised_at: i64,
    pub lines: Vec<StandingLine>,
    /// Day, status and reason of its deliveries from the day asked for, newest first.
    pub recent: Vec<(i64, String, Option<String>)>,
}

impl Standings<'_> {
    /// The shopper's standing orders (not cancelled), oldest first, with their goods at today's
    /// prices and their deliveries from `from_day` on.
    pub async fn of_user(&self, user: UserId, from_day: i64) -> Result<Vec<Listed>, DbError> {
        let found = sqlx::query(
            "SELECT o.paused_at, o.authorised_at, o.id, o.user_id, o.address_id, o.instrument_id, \
             o.every, o.weekdays, o.slot_window, o.first_day, o.next_day, o.resumes_on, o.cap_chon \
             FROM standing_orders o WHERE o.user_id = $1 AND o.cancelled_at IS NULL ORDER BY o.id",
        )
        .bind(user.get())
        .fetch_all(self.pool)
        .await?;
        let lines = sqlx::query(
            "SELECT l.standing_order_id, l.product_id, l.quantity, p.name_ko, p.name_en, \
             p.price_chon, s.name_ko AS seller_ko, s.name_en AS seller_en \
             FROM standing_order_lines l JOIN standing_orders o ON o.id = l.standing_order_id \
             JOIN products p ON p.id = l.product_id JOIN sellers s ON s.id = p.seller_id \
             WHERE o.user_id = $1 AND o.cancelled_at IS NULL ORDER BY l.product_id",
        )
        .bind(user.get())
        .fetch_all(self.pool)
        .await?;
        let dealt: Vec<(i64, i64, String, Option<String>)> = sqlx::query_as(
            "SELECT d.standing_order_id, d.day, d.status, d.reason FROM standing_deliveries d \
             JOIN standing_orders o ON o.id = d.standing_order_id \
             WHERE o.user_id = $1 AND o.cancelled_at IS NULL AND d.day >= $2 ORDER BY d.day DESC",
        )
        .bind(user.get())
        .bind(from_day)
        .fetch_all(self.pool)
        .await?;
        let mut listed = Vec::with_capacity(found.len());
        for r in &found {
            let id: i64 = r.try_get("id")?;
            let skipped = dealt
                .iter()
                .filter(|(o, _, status, _)| *o == id && status == "skipped")
                .map(|(_, day, _, _)| *day)
                .collect();
            let mut goods = Vec::new();
            for l in lines.iter() {
                if l.try_get::<i64, _>("standing_order_id")? != id {
                    continue;
                }
                goods.push(StandingLine {
                    product: ProductId::new(l.try_get("product_id")?),
                    name: rows::localized(l, "name_ko", "name_en")?,
                    seller: rows::localized(l, "seller_ko", "seller_en")?,
                    price: Won::from_chon(l.try_get("price_chon")?),
                    quantity: rows::quantity(l.try_get("quantity")?)?,
                });
            }
            listed.push(Listed {
                standing: standing(r, skipped)?,
                paused: r.try_get::<Option<i64>, _>("paused_at")?.is_some(),
                authorised_at: r.try_get("authorised_at")?,
                lines: goods,
                recent: dealt
                    .iter()
                    .filter(|(o, ..)| *o == id)
                    .map(|(_, day, status, reason)| (*day, status.clone(), reason.clone()))
                    .collect(),
            });
        }
        Ok(listed)
    }

    /// The shopper's failed and missed deliveries not yet shown to them: standing order, day,
    /// status and reason, newest first.
    pub async fn news(
        &self,
        user: UserId,
    ) -> Result<Vec<(i64, i64, String, Option<String>)>, DbError> {
        Ok(sqlx::query_as(
            "SELECT d.standing_order_id, d.day, d.status, d.reason FROM standing_deliveries d \
             JOIN standing_orders o ON o.id = d.standing_order_id \
             WHERE o.user_id = $1 AND d.seen_at IS NULL AND d.status IN ('failed', 'missed') \
             ORDER BY d.day DESC LIMIT 20",
        )
        .bind(user.get())
        .fetch_all(self.pool)
        .await?)
    }

    /// How many of the shopper's failed and missed deliveries they have not seen.
    pub async fn unseen(&self, user: UserId) -> Result<u32, DbError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM standing_deliveries d \
             JOIN standing_orders o ON o.id = d.standing_order_id \
             WHERE o.user_id = $1 AND d.seen_at IS NULL AND d.status IN ('failed', 'missed')",
        )
        .bind(user.get())
        .fetch_one(self.pool)
        .await?;
        count("standing_deliveries", "seen_at", n)
    }

    /// The shopper has seen their failed and missed deliveries.
    pub async fn mark_seen(&self, user: UserId, now: i64) -> Result<(), DbError> {
        sqlx::query(
            "UPDATE standing_deliveries SET seen_at = $1 WHERE seen_at IS NULL \
             AND status IN ('failed', 'missed') AND standing_order_id IN \
             (SELECT id FROM standing_orders WHERE user_id = $2)",
        )
        .bind(now)
        .bind(user.get())
        .execute(self.pool)
        .await?;
        Ok(())
    }

    /// The standing orders' demand for the seller's goods on `day` (the deliveries that will be
    /// or were placed: not cancelled, paused, skipped or failed): units and standing orders per
    /// good.
    pub async fn demand(&self, seller: SellerId, day: i64) -> Result<Vec<StandingDemand>, DbError> {
        let found: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
            "SELECT l.product_id, p.name_ko, p.name_en, CAST(SUM(l.quantity) AS BIGINT), \
             CAST(COUNT(*) AS BIGINT) FROM standing_order_lines l \
             JOIN standing_orders o ON o.id = l.standing_order_id \
             JOIN products p ON p.id = l.product_id \
             WHERE p.seller_id = $1 AND o.cancelled_at IS NULL AND o.paused_at IS NULL \
             AND o.first_day <= $2 AND (o.resumes_on IS NULL OR o.resumes_on <= $2) \
             AND (o.weekdays & $3) <> 0 AND NOT EXISTS (SELECT 1 FROM standing_deliveries d \
             WHERE d.standing_order_id = o.id AND d.day = $2 AND d.status <> 'placed') \
             GROUP BY l.product_id, p.name_ko, p.name_en ORDER BY l.product_id",
        )
        .bind(seller.get())
        .bind(day)
        .bind(1_i64 << weekday_of(day))
        .fetch_all(self.pool)
        .await?;
        found
            .into_iter()
            .map(|(id, ko, en, units, orders)| {
                Ok(StandingDemand {
                    id: ProductId::new(id),
                    name: Localized::new(ko, en),
                    units: count("standing_order_lines", "quantity", units)?,
                    orders: count("standing_orders", "id", orders)?,
                })
            })
            .collect()
    }

    /// A good as the new standing order's page shows it, if it is sold on a schedule: its name,
    /// its seller's and its price.
    pub async fn schedulable(
        &self,
        product: ProductId,
    ) -> Result<Option<(Localized, Localized, Won)>, DbError> {
        let row = sqlx::query(
            "SELECT p.name_ko, p.name_en, p.price_chon, s.name_ko AS seller_ko, \
             s.name_en AS seller_en FROM products p JOIN sellers s ON s.id = p.seller_id \
             WHERE p.id = $1 AND p.on_schedule = 1 AND p.hidden_at IS NULL",
        )
        .bind(product.get())
        .fetch_optional(self.pool)
        .await?;
        row.map(|r| {
            Ok((
                rows::localized(&r, "name_ko", "name_en")?,
                rows::localized(&r, "seller_ko", "seller_en")?,
                Won::from_chon(r.try_get("price_chon")?),
            ))
        })
        .transpose()
    }
}

/// Sets how many of a good each delivery brings (the good must be in the standing order).
pub async fn set_quantity(
    tx: &mut Tx<'_>,
    id: StandingId,
    product: ProductId,
    quantity: Quantity,
) -> Result<bool, DbError> {
    let done: Option<i64> = sqlx::query_scalar(
        "UPDATE standing_order_lines SET quantity = $1 \
         WHERE standing_order_id = $2 AND product_id = $3 RETURNING product_id",
    )
    .bind(i64::from(quantity.get()))
    .bind(id.get())
    .bind(product.get())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(done.is_some())
}
