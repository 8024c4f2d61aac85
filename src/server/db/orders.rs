//! Checkouts and orders: their rows, lines and events. SQL only: what a checkout places and what a
//! move does to stock and money are the checkout and order services' (`server::service`).

use super::{
    bank::TransferKind,
    rows::{self, chon, count, quantity, status, vehicle, vehicle_code},
    DbError, Tx,
};
use crate::{
    domain::{
        cart::{size_of, SellerGroup},
        catalog::Localized,
        delivery::{Distance, GeoPoint, Vehicle},
        dispatch::{DeliveryCode, FailureReason},
        order::{OrderEvent, OrderLine, OrderStatus, OrderSummary},
        payment::Payment,
        quantity::Quantity,
        slot::Slot,
        AddressId, CheckoutId, CityId, InstrumentId, OrderId, ProductId, SellerId, UserId, Won,
    },
    page::order::OrderDetail,
};
use sqlx::{any::AnyRow, AnyPool, Row};

pub struct Orders<'a> {
    pool: &'a AnyPool,
}

/// An order as a state change needs it.
#[derive(Clone, Copy, Debug)]
pub struct OrderHead {
    pub id: OrderId,
    pub user: UserId,
    pub seller: SellerId,
    /// The seller's city, whose office delivers it.
    pub city: CityId,
    pub status: OrderStatus,
    /// The courier the office gave it to.
    pub courier: Option<UserId>,
}

/// `Orders::head`'s row.
#[derive(sqlx::FromRow)]
struct HeadRow {
    id: i64,
    user_id: i64,
    seller_id: i64,
    status: String,
    courier_id: Option<i64>,
    city_id: i64,
}

/// A row's `product_id` and `quantity`.
fn item(r: &AnyRow) -> Result<(ProductId, Quantity), DbError> {
    Ok((
        ProductId::new(r.try_get("product_id")?),
        quantity(r.try_get("quantity")?)?,
    ))
}

impl<'a> Orders<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    /// How many orders are in each state.
    pub async fn count_by_status(&self) -> Result<Vec<(OrderStatus, u64)>, DbError> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT status, COUNT(*) FROM orders GROUP BY status ORDER BY status")
                .fetch_all(self.pool)
                .await?;
        rows.into_iter()
            .map(|(s, n)| {
                let status = OrderStatus::from_code(&s).ok_or(DbError::Corrupt {
                    table: "orders",
                    column: "status",
                    value: s,
                })?;
                Ok((status, u64::try_from(n).unwrap_or(0)))
            })
            .collect()
    }

    /// The point of the user's address, if it is theirs.
    pub async fn address_point(
        &self,
        user: UserId,
        address: AddressId,
    ) -> Result<Option<GeoPoint>, DbError> {
        Ok(address_in(self.pool, user, address)
            .await?
            .map(|(_, _, point)| point))
    }

    /// The checkout this user placed with this key, if any.
    pub async fn checkout_by_key(
        &self,
        user: UserId,
        key: &str,
    ) -> Result<Option<CheckoutId>, DbError> {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM checkouts WHERE user_id = $1 AND idem_key = $2")
                .bind(user.get())
                .bind(key)
                .fetch_optional(self.pool)
                .await?;
        Ok(id.map(CheckoutId::new))
    }

    // Orders.

    /// The orders of one checkout that belong to `user`.
    pub async fn of_checkout(
        &self,
        user: UserId,
        checkout: CheckoutId,
    ) -> Result<Vec<OrderSummary>, DbError> {
        self.summaries(
            "o.checkout_id = $1 AND o.user_id = $2",
            checkout.get(),
            user.get(),
        )
        .await
    }

    /// The user's orders, newest first.
    pub async fn history(&self, user: UserId) -> Result<Vec<OrderSummary>, DbError> {
        self.summaries("o.user_id = $1 AND $2 = $2", user.get(), 0)
            .await
    }

    /// The seller's orders still to hand over (placed, accepted, ready), newest first.
    pub async fn to_hand_over(&self, seller: SellerId) -> Result<Vec<OrderSummary>, DbError> {
        self.summaries(
            "o.seller_id = $1 AND o.status IN ('placed', 'accepted', 'ready') AND $2 = $2",
            seller.get(),
            0,
        )
        .await
    }

    /// The goods of the seller's orders still to hand over, by order: name and quantity.
    pub async fn to_pack(
        &self,
        seller: SellerId,
    ) -> Result<Vec<(OrderId, Localized, Quantity)>, DbError> {
        sqlx::query(&format!(
            "SELECT l.order_id, l.name_ko, l.name_en, l.quantity, l.product_id AS position \
             FROM order_lines l JOIN orders o ON o.id = l.order_id \
             WHERE o.seller_id = $1 AND o.status IN ('placed', 'accepted', 'ready') \
             UNION ALL \
             SELECT f.order_id, {FOOD_LINE_KO}, {FOOD_LINE_EN}, f.quantity, f.position \
             FROM food_order_lines f JOIN orders o ON o.id = f.order_id \
             WHERE o.seller_id = $1 AND o.status IN ('placed', 'accepted', 'ready') \
             ORDER BY 1 DESC, 5"
        ))
        .bind(seller.get())
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(|l| {
            Ok((
                OrderId::new(l.try_get("order_id")?),
                rows::localized(l, "name_ko", "name_en")?,
                quantity(l.try_get("quantity")?)?,
            ))
        })
        .collect()
    }

    async fn summaries(&self, filter: &str, a: i64, b: i64) -> Result<Vec<OrderSummary>, DbError> {
        sqlx::query(&format!(
            "SELECT o.id, o.checkout_id, o.status, o.created_at, o.goods_chon, o.fee_chon, \
                    o.slot_day, o.slot_window, s.name_ko, s.name_en, \
                    {ITEMS} \
             FROM orders o JOIN sellers s ON s.id = o.seller_id WHERE {filter} \
             ORDER BY o.id DESC LIMIT 200"
        ))
        .bind(a)
        .bind(b)
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(summary)
        .collect()
    }

    pub async fn head(&self, order: OrderId) -> Result<Option<OrderHead>, DbError> {
        sqlx::query_as::<_, HeadRow>(
            "SELECT o.id, o.user_id, o.seller_id, o.status, o.courier_id, s.city_id \
             FROM orders o JOIN sellers s ON s.id = o.seller_id WHERE o.id = $1",
        )
        .bind(order.get())
        .fetch_optional(self.pool)
        .await?
        .map(|r| {
            Ok(OrderHead {
                id: OrderId::new(r.id),
                user: UserId::new(r.user_id),
                seller: SellerId::new(r.seller_id),
                city: CityId::new(r.city_id),
                status: OrderStatus::from_code(&r.status).ok_or(DbError::Corrupt {
                    table: "orders",
                    column: "status",
                    value: r.status.clone(),
                })?,
                courier: r.courier_id.map(UserId::new),
            })
        })
        .transpose()
    }

    /// How many changes of state and how many movements of money an order has had (what an open
    /// order page follows).
    pub async fn activity(&self, order: OrderId) -> Result<(i64, i64), DbError> {
        Ok(sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM order_events WHERE order_id = $1), \
                    (SELECT COUNT(*) FROM transfers WHERE order_id = $1)",
        )
        .bind(order.get())
        .fetch_one(self.pool)
        .await?)
    }

    /// Everything the order page shows.
    pub async fn detail(&self, order: OrderId) -> Result<Option<OrderDetail>, DbError> {
        let row = sqlx::query(&format!(
            "SELECT o.id, o.checkout_id, o.status, o.created_at, o.goods_chon, o.fee_chon, \
                    o.slot_day, o.slot_window, o.vehicle, o.distance_m, o.estimate_min, \
                    o.address_line, o.code, o.failure, s.name_ko, s.name_en, \
                    u.name AS courier_name, c.vehicle AS courier_vehicle, \
                    {ITEMS} \
             FROM orders o JOIN sellers s ON s.id = o.seller_id \
             LEFT JOIN couriers c ON c.user_id = o.courier_id LEFT JOIN users u ON u.id = o.courier_id \
             WHERE o.id = $1"
        ))
        .bind(order.get())
        .fetch_optional(self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let lines = sqlx::query(
            "SELECT product_id, name_ko, name_en, price_chon, quantity FROM order_lines \
             WHERE order_id = $1 ORDER BY product_id",
        )
        .bind(order.get())
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(|l| {
            let price = Won::from_chon(l.try_get("price_chon")?);
            let quantity = quantity(l.try_get("quantity")?)?;
            Ok(OrderLine {
                product: ProductId::new(l.try_get("product_id")?),
                name: rows::localized(l, "name_ko", "name_en")?,
                price,
                quantity,
                amount: price.checked_times(quantity.get()).unwrap_or(Won::ZERO),
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
        let events = sqlx::query(
            "SELECT status, at, note FROM order_events WHERE order_id = $1 ORDER BY id",
        )
        .bind(order.get())
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(|e| {
            Ok(OrderEvent {
                status: status(e)?,
                at: e.try_get("at")?,
                note: e.try_get("note")?,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
        let moved: Vec<(String, i64)> = sqlx::query_as(
            "SELECT kind, CAST(SUM(amount_chon) AS BIGINT) FROM transfers WHERE order_id = $1 \
             GROUP BY kind",
        )
        .bind(order.get())
        .fetch_all(self.pool)
        .await?;
        let sum = |kind: TransferKind| {
            moved
                .iter()
                .find(|(k, _)| k == kind.code())
                .map_or(0, |(_, n)| *n)
        };
        let (hold, capture, void) = (
            sum(TransferKind::Hold),
            sum(TransferKind::Capture),
            sum(TransferKind::Void),
        );
        let courier = match r.try_get::<Option<String>, _>("courier_name")? {
            Some(name) => Some((name, vehicle(&r, "courier_vehicle")?)),
            None => None,
        };
        let code: String = r.try_get("code")?;
        let failure: Option<String> = r.try_get("failure")?;
        Ok(Some(OrderDetail {
            summary: summary(&r)?,
            lines,
            events,
            vehicle: vehicle(&r, "vehicle")?,
            distance: Distance::from_m(count("orders", "distance_m", r.try_get("distance_m")?)?),
            estimate_min: count("orders", "estimate_min", r.try_get("estimate_min")?)?,
            address: r.try_get("address_line")?,
            courier,
            code: (!code.is_empty()).then_some(code),
            payment: Payment {
                held: Won::from_chon(hold - capture - void),
                captured: Won::from_chon(capture),
                refunded: Won::from_chon(sum(TransferKind::Refund)),
                voided: Won::from_chon(void),
            },
            failure: failure.as_deref().and_then(FailureReason::from_code),
            version: String::new(),
            food: None,
        }))
    }

    /// Orders whose hold has run out while they still wait: (id, status).
    pub async fn expired_holds(&self, now: i64) -> Result<Vec<(OrderId, OrderStatus)>, DbError> {
        sqlx::query(
            "SELECT id, status FROM orders WHERE status IN ('placed', 'accepted', 'ready') \
             AND hold_expires_at <= $1 ORDER BY id LIMIT 500",
        )
        .bind(now)
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(|r| Ok((OrderId::new(r.try_get("id")?), status(r)?)))
        .collect()
    }

    /// The lines of an order (to buy them again).
    pub async fn order_items(&self, order: OrderId) -> Result<Vec<(ProductId, Quantity)>, DbError> {
        sqlx::query(
            "SELECT product_id, quantity FROM order_lines WHERE order_id = $1 ORDER BY product_id",
        )
        .bind(order.get())
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(item)
        .collect()
    }
}

fn summary(r: &AnyRow) -> Result<OrderSummary, DbError> {
    let goods = Won::from_chon(r.try_get("goods_chon")?);
    let fee = Won::from_chon(r.try_get("fee_chon")?);
    let window: i64 = r.try_get("slot_window")?;
    Ok(OrderSummary {
        id: OrderId::new(r.try_get("id")?),
        checkout: CheckoutId::new(r.try_get("checkout_id")?),
        status: status(r)?,
        seller: rows::localized(r, "name_ko", "name_en")?,
        created_at: r.try_get("created_at")?,
        goods,
        fee,
        total: goods.checked_add(fee).unwrap_or(goods),
        items: count(
            "order_lines",
            "quantity",
            r.try_get::<Option<i64>, _>("items")?.unwrap_or(0),
        )?,
        slot: Slot {
            day: r.try_get("slot_day")?,
            window: u8::try_from(window).unwrap_or(0),
        },
    })
}

/// Where an order goes: the district, the address as a courier reads it, and its point.
#[derive(Clone, Debug, PartialEq)]
pub struct Destination {
    pub district: i64,
    pub line: String,
    pub at: GeoPoint,
}

/// The user's address, if it is theirs.
pub async fn destination(
    tx: &mut Tx<'_>,
    user: UserId,
    address: AddressId,
) -> Result<Option<Destination>, DbError> {
    Ok(address_in(&mut **tx, user, address)
        .await?
        .map(|(district, line, at)| Destination { district, line, at }))
}

/// Claims a checkout key for `user`: the new checkout's id, or `None` when the key was used
/// before. A second request with the key waits here for the first one's transaction.
pub async fn claim_key(
    tx: &mut Tx<'_>,
    user: UserId,
    key: &str,
    now: i64,
) -> Result<Option<CheckoutId>, DbError> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO checkouts (user_id, idem_key, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, idem_key) DO NOTHING RETURNING id",
    )
    .bind(user.get())
    .bind(key)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(id.map(CheckoutId::new))
}

/// One seller's goods of a checkout, as an order is stored.
pub struct NewOrder<'a> {
    pub checkout: CheckoutId,
    pub user: UserId,
    pub group: &'a SellerGroup,
    pub to: &'a Destination,
    pub slot: Slot,
    pub instrument: InstrumentId,
    pub code: &'a DeliveryCode,
    pub now: i64,
}

/// Stores a placed order with its lines and its first event.
pub async fn insert(tx: &mut Tx<'_>, o: &NewOrder<'_>) -> Result<OrderId, DbError> {
    let g = o.group;
    let quote = g.delivery.and_then(Result::ok);
    let (vehicle, distance, estimate, fee) = match quote {
        Some(q) => (q.vehicle, q.distance.metres(), q.estimate_min, q.fee),
        None => (Vehicle::Van, 0, 0, Won::ZERO),
    };
    let (weight_g, volume_ml) = size_of(&g.lines);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO orders (checkout_id, user_id, seller_id, status, district_id, address_line, \
            slot_day, slot_window, vehicle, distance_m, estimate_min, goods_chon, fee_chon, \
            instrument_id, hold_expires_at, created_at, updated_at, weight_g, volume_ml, code) \
         VALUES ($1, $2, $3, 'placed', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, \
            $16, $17, $18) \
         RETURNING id",
    )
    .bind(o.checkout.get())
    .bind(o.user.get())
    .bind(g.seller.get())
    .bind(o.to.district)
    .bind(o.to.line.as_str())
    .bind(o.slot.day)
    .bind(i64::from(o.slot.window))
    .bind(vehicle_code(vehicle))
    .bind(i64::from(distance))
    .bind(i64::from(estimate))
    .bind(chon(g.subtotal)?)
    .bind(chon(fee)?)
    .bind(o.instrument.get())
    .bind(o.slot.hold_expires_at())
    .bind(o.now)
    .bind(i64::try_from(weight_g).unwrap_or(i64::MAX))
    .bind(i64::try_from(volume_ml).unwrap_or(i64::MAX))
    .bind(o.code.as_str())
    .fetch_one(&mut **tx)
    .await?;
    for l in &g.lines {
        sqlx::query(
            "INSERT INTO order_lines (order_id, product_id, name_ko, name_en, price_chon, quantity) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(l.product.get())
        .bind(l.name.ko.as_str())
        .bind(l.name.en.as_str())
        .bind(chon(l.price)?)
        .bind(i64::from(l.quantity.get()))
        .execute(&mut **tx)
        .await?;
    }
    let order = OrderId::new(id);
    add_event(
        tx,
        &Event {
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

/// An order's move from one state to another, as stored.
pub struct StatusChange {
    pub order: OrderId,
    pub from: OrderStatus,
    pub to: OrderStatus,
    /// Why it failed (a failed delivery).
    pub failure: Option<FailureReason>,
    /// The move happens only while this courier carries the order (picking up).
    pub courier: Option<UserId>,
}

/// Moves the order if it is still in `from` (and, with `courier`, still carried by them):
/// `false` when it is not.
pub async fn set_status(tx: &mut Tx<'_>, c: &StatusChange, now: i64) -> Result<bool, DbError> {
    let guard = if c.courier.is_some() {
        "courier_id = $6"
    } else {
        "$6 = $6"
    };
    let changed = sqlx::query(&format!(
        "UPDATE orders SET status = $1, updated_at = $2, failure = COALESCE($3, failure) \
         WHERE id = $4 AND status = $5 AND {guard}"
    ))
    .bind(c.to.code())
    .bind(now)
    .bind(c.failure.map(FailureReason::code))
    .bind(c.order.get())
    .bind(c.from.code())
    .bind(c.courier.map_or(0, UserId::get))
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// How many goods or portions an order has (a column of a query over `orders o`).
const ITEMS: &str = "(SELECT CAST(SUM(q.quantity) AS BIGINT) FROM \
        (SELECT quantity FROM order_lines l WHERE l.order_id = o.id \
         UNION ALL SELECT quantity FROM food_order_lines f WHERE f.order_id = o.id) q) AS items";

/// A food order's line as the packing and delivery lists name it: the dish with its options.
pub const FOOD_LINE_KO: &str =
    "CASE WHEN f.options_ko = '' THEN f.name_ko ELSE f.name_ko || ' (' || f.options_ko || ')' END";
pub const FOOD_LINE_EN: &str =
    "CASE WHEN f.options_en = '' THEN f.name_en ELSE f.name_en || ' (' || f.options_en || ')' END";

/// What an order's moves do to money and the slot: whose goods, its amounts, how it goes, when,
/// and the shopper's account that paid.
#[derive(Clone, Copy, Debug)]
pub struct OrderMoney {
    pub order: OrderId,
    pub seller: SellerId,
    pub city: CityId,
    pub goods: Won,
    pub fee: Won,
    pub vehicle: Vehicle,
    pub slot: Slot,
    /// The bank account the shopper paid from.
    pub customer: i64,
    /// Hot food: it has no place in a slot, and its portions go back to its kitchen.
    pub hot: bool,
}

impl OrderMoney {
    pub fn total(&self) -> Won {
        self.goods.checked_add(self.fee).unwrap_or(self.goods)
    }
}

pub async fn money_of(tx: &mut Tx<'_>, order: OrderId) -> Result<OrderMoney, DbError> {
    let r = sqlx::query(
        "SELECT o.seller_id, o.goods_chon, o.fee_chon, o.vehicle, o.slot_day, o.slot_window, \
                s.city_id, i.account_id, \
                (SELECT COUNT(*) FROM food_orders f WHERE f.order_id = o.id) AS hot \
         FROM orders o \
         JOIN instruments i ON i.id = o.instrument_id JOIN sellers s ON s.id = o.seller_id \
         WHERE o.id = $1",
    )
    .bind(order.get())
    .fetch_one(&mut **tx)
    .await?;
    let window: i64 = r.try_get("slot_window")?;
    Ok(OrderMoney {
        order,
        seller: SellerId::new(r.try_get("seller_id")?),
        city: CityId::new(r.try_get("city_id")?),
        goods: Won::from_chon(r.try_get("goods_chon")?),
        fee: Won::from_chon(r.try_get("fee_chon")?),
        vehicle: vehicle(&r, "vehicle")?,
        slot: Slot {
            day: r.try_get("slot_day")?,
            window: u8::try_from(window).unwrap_or(0),
        },
        customer: r.try_get("account_id")?,
        hot: r.try_get::<i64, _>("hot")? > 0,
    })
}

/// The goods of an order, in product id order (the order stock is locked in).
pub async fn lines_in(
    tx: &mut Tx<'_>,
    order: OrderId,
) -> Result<Vec<(ProductId, Quantity)>, DbError> {
    sqlx::query(
        "SELECT product_id, quantity FROM order_lines WHERE order_id = $1 ORDER BY product_id",
    )
    .bind(order.get())
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(item)
    .collect()
}

/// One change of an order's state, as its history shows it.
pub struct Event<'a> {
    pub order: OrderId,
    pub status: OrderStatus,
    pub actor: Option<UserId>,
    pub note: &'a str,
    pub at: i64,
}

pub async fn add_event(tx: &mut Tx<'_>, e: &Event<'_>) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO order_events (order_id, status, at, actor_id, note) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(e.order.get())
    .bind(e.status.code())
    .bind(e.at)
    .bind(e.actor.map(UserId::get))
    .bind(e.note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The user's address, if it is theirs: its district, how a courier reads it, and its point.
async fn address_in<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    user: UserId,
    address: AddressId,
) -> Result<Option<(i64, String, GeoPoint)>, DbError> {
    let row = sqlx::query(
        "SELECT a.district_id, a.line, d.name_ko, t.name_ko AS city_ko, d.lat, d.lon \
         FROM addresses a JOIN districts d ON d.id = a.district_id \
         JOIN cities t ON t.id = d.city_id WHERE a.id = $1 AND a.user_id = $2",
    )
    .bind(address.get())
    .bind(user.get())
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        let line: String = r.try_get("line")?;
        let district: String = r.try_get("name_ko")?;
        let city: String = r.try_get("city_ko")?;
        Ok((
            r.try_get("district_id")?,
            format!("{city} {district} {line}"),
            GeoPoint::new(r.try_get("lat")?, r.try_get("lon")?),
        ))
    })
    .transpose()
}
