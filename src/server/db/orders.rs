//! Carts, checkout and orders. Placing an order and every change of its state is one transaction
//! with the stock and the money it moves.

use super::{
    bank::{self, Insufficient, SystemAccount, TransferKind},
    logistics,
    rows::{self, chon, count, quantity, status, vehicle, vehicle_code},
    DbError, Tx,
};
use crate::{
    domain::{
        cart::{group_by_seller, size_of, Line, Origin, SellerGroup, Totals, MAX_CART_LINES},
        delivery::{Distance, GeoPoint, Tariff, Undeliverable},
        dispatch::{slot_needs, Booked, DeliveryCode, FailureReason},
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

/// Whose cart.
/// What putting goods in a cart came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CartPut {
    /// The cart now holds this many of it.
    Put(Quantity),
    UnknownProduct,
    /// A new line, and the cart holds `MAX_CART_LINES` different goods already.
    Full,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CartOwner {
    User(UserId),
    /// A guest, by the SHA-256 of the token in their cookie.
    Guest(String),
}

/// What a checkout asks for, already parsed and authorised.
pub struct Placement<'a> {
    pub user: UserId,
    pub key: &'a str,
    pub items: &'a [(ProductId, Quantity)],
    /// The items come from the cart: bought ones leave it.
    pub from_cart: bool,
    pub address: AddressId,
    pub slot: Slot,
    pub instrument: InstrumentId,
    pub account: i64,
    /// The total the shopper confirmed; a different total now is refused.
    pub expected_total: Won,
    pub tariff: &'a Tariff,
    pub now: i64,
}

/// How a placement ended. Anything but `Placed` and `AlreadyPlaced` changed nothing.
#[derive(Debug, PartialEq)]
pub enum Placed {
    Placed(CheckoutId),
    /// The key was used before: that checkout.
    AlreadyPlaced(CheckoutId),
    UnknownProduct,
    UnknownAddress,
    OutOfStock {
        product: ProductId,
        left: u32,
    },
    Undeliverable(Undeliverable),
    PriceChanged {
        total: Won,
    },
    Insufficient {
        missing: Won,
    },
    /// The slot filled up (in the seller's city) since the page was shown.
    SlotFull,
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

const LINE_SELECT: &str = "SELECT p.id, p.name_ko, p.name_en, p.price_chon, p.stock, p.weight_g, \
            p.volume_ml, s.id AS seller_id, s.name_ko AS seller_ko, s.name_en AS seller_en, \
            t.id AS city_id, t.name_ko AS city_ko, t.name_en AS city_en, t.lat, t.lon \
     FROM products p JOIN sellers s ON s.id = p.seller_id JOIN cities t ON t.id = s.city_id";

fn origin_and_line(
    r: &AnyRow,
    quantity: Quantity,
    was: Option<i64>,
) -> Result<(Origin, Line), DbError> {
    let price: i64 = r.try_get("price_chon")?;
    Ok((
        Origin {
            seller: SellerId::new(r.try_get("seller_id")?),
            seller_name: rows::localized(r, "seller_ko", "seller_en")?,
            city_id: CityId::new(r.try_get("city_id")?),
            city: rows::localized(r, "city_ko", "city_en")?,
            at: GeoPoint::new(r.try_get("lat")?, r.try_get("lon")?),
        },
        Line {
            product: ProductId::new(r.try_get("id")?),
            name: rows::localized(r, "name_ko", "name_en")?,
            quantity,
            price: Won::from_chon(price),
            was: was.filter(|w| *w != price).map(Won::from_chon),
            stock: count("products", "stock", r.try_get("stock")?)?,
            weight_g: u64::from(count("products", "weight_g", r.try_get("weight_g")?)?),
            volume_ml: u64::from(count("products", "volume_ml", r.try_get("volume_ml")?)?),
        },
    ))
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

    // The cart.

    async fn cart_id(&self, owner: &CartOwner) -> Result<Option<i64>, DbError> {
        let q = match owner {
            CartOwner::User(u) => {
                sqlx::query_scalar("SELECT id FROM carts WHERE user_id = $1").bind(u.get())
            }
            CartOwner::Guest(h) => {
                sqlx::query_scalar("SELECT id FROM carts WHERE guest_token_hash = $1")
                    .bind(h.clone())
            }
        };
        Ok(q.fetch_optional(self.pool).await?)
    }

    /// The cart's items with the price each had when it went in, oldest first.
    pub async fn cart_items(
        &self,
        owner: &CartOwner,
    ) -> Result<Vec<(ProductId, Quantity, i64)>, DbError> {
        let Some(cart) = self.cart_id(owner).await? else {
            return Ok(Vec::new());
        };
        sqlx::query(
            "SELECT product_id, quantity, price_chon FROM cart_items WHERE cart_id = $1 \
             ORDER BY added_at, product_id",
        )
        .bind(cart)
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(|r| {
            let (product, qty) = item(r)?;
            Ok((product, qty, r.try_get("price_chon")?))
        })
        .collect()
    }

    /// The lines for these items, as the catalog has them now (unknown products left out), in
    /// the order given.
    pub async fn lines(
        &self,
        items: &[(ProductId, Quantity, Option<i64>)],
    ) -> Result<Vec<(Origin, Line)>, DbError> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=items.len()).map(|i| format!("${i}")).collect();
        let sql = format!("{LINE_SELECT} WHERE p.id IN ({})", placeholders.join(", "));
        let mut q = sqlx::query(&sql);
        for (id, _, _) in items {
            q = q.bind(id.get());
        }
        let rows = q.fetch_all(self.pool).await?;
        let mut out = Vec::with_capacity(items.len());
        for (id, qty, was) in items {
            if let Some(r) = rows
                .iter()
                .find(|r| r.try_get::<i64, _>("id").ok() == Some(id.get()))
            {
                out.push(origin_and_line(r, *qty, *was)?);
            }
        }
        Ok(out)
    }

    /// Puts `quantity` of a product in the cart (`add`: on top of what is there, at most 9,999;
    /// otherwise: instead of it). Opens the cart if needed. The product's stock and price now, or
    /// `None` for an unknown product; the caller has checked the stock.
    pub async fn cart_put(
        &self,
        owner: &CartOwner,
        product: ProductId,
        qty: Quantity,
        add: bool,
        now: i64,
    ) -> Result<CartPut, DbError> {
        let mut tx = self.pool.begin().await?;
        let cart = open_cart(&mut tx, owner, now).await?;
        let Some(price) =
            sqlx::query_scalar::<_, i64>("SELECT price_chon FROM products WHERE id = $1")
                .bind(product.get())
                .fetch_optional(&mut *tx)
                .await?
        else {
            return Ok(CartPut::UnknownProduct);
        };
        let current: Option<i64> = sqlx::query_scalar(
            "SELECT quantity FROM cart_items WHERE cart_id = $1 AND product_id = $2",
        )
        .bind(cart)
        .bind(product.get())
        .fetch_optional(&mut *tx)
        .await?;
        let new = match (current, add) {
            (Some(q), true) => quantity(q)?.saturating_add(qty),
            _ => qty,
        };
        if current.is_some() {
            sqlx::query(
                "UPDATE cart_items SET quantity = $1 WHERE cart_id = $2 AND product_id = $3",
            )
            .bind(i64::from(new.get()))
            .bind(cart)
            .bind(product.get())
            .execute(&mut *tx)
            .await?;
        } else {
            // The cart's row, written by `open_cart`, is held until commit: two adds to one cart
            // count one after the other.
            if line_count(&mut tx, cart).await? >= MAX_CART_LINES {
                return Ok(CartPut::Full);
            }
            sqlx::query(
                "INSERT INTO cart_items (cart_id, product_id, quantity, price_chon, added_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(cart)
            .bind(product.get())
            .bind(i64::from(new.get()))
            .bind(price)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(CartPut::Put(new))
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

    /// Forgets guests' carts untouched since `before` (their lines go with them).
    pub async fn purge_guest_carts(&self, before: i64) -> Result<u64, DbError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "DELETE FROM cart_items WHERE cart_id IN \
             (SELECT id FROM carts WHERE guest_token_hash IS NOT NULL AND updated_at < $1)",
        )
        .bind(before)
        .execute(&mut *tx)
        .await?;
        let carts =
            sqlx::query("DELETE FROM carts WHERE guest_token_hash IS NOT NULL AND updated_at < $1")
                .bind(before)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        tx.commit().await?;
        Ok(carts)
    }

    /// Takes a product out of the cart.
    pub async fn cart_remove(&self, owner: &CartOwner, product: ProductId) -> Result<(), DbError> {
        if let Some(cart) = self.cart_id(owner).await? {
            sqlx::query("DELETE FROM cart_items WHERE cart_id = $1 AND product_id = $2")
                .bind(cart)
                .bind(product.get())
                .execute(self.pool)
                .await?;
        }
        Ok(())
    }

    /// At sign-in: the guest's cart goes into the account's (quantities add up, at most 9,999;
    /// the earlier price is kept), and the guest cart is gone. One transaction.
    pub async fn merge_guest_cart(
        &self,
        guest_hash: &str,
        user: UserId,
        now: i64,
    ) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        let account_cart = open_cart(&mut tx, &CartOwner::User(user), now).await?;
        let Some(guest_cart) =
            sqlx::query_scalar::<_, i64>("SELECT id FROM carts WHERE guest_token_hash = $1")
                .bind(guest_hash)
                .fetch_optional(&mut *tx)
                .await?
        else {
            return Ok(());
        };
        let items = sqlx::query(
            "SELECT product_id, quantity, price_chon, added_at FROM cart_items WHERE cart_id = $1",
        )
        .bind(guest_cart)
        .fetch_all(&mut *tx)
        .await?;
        let mut lines = line_count(&mut tx, account_cart).await?;
        for r in &items {
            let product: i64 = r.try_get("product_id")?;
            let q = quantity(r.try_get("quantity")?)?;
            let existing: Option<i64> = sqlx::query_scalar(
                "SELECT quantity FROM cart_items WHERE cart_id = $1 AND product_id = $2",
            )
            .bind(account_cart)
            .bind(product)
            .fetch_optional(&mut *tx)
            .await?;
            match existing {
                Some(e) => {
                    let merged = quantity(e)?.saturating_add(q);
                    sqlx::query(
                        "UPDATE cart_items SET quantity = $1 WHERE cart_id = $2 AND product_id = $3",
                    )
                    .bind(i64::from(merged.get()))
                    .bind(account_cart)
                    .bind(product)
                    .execute(&mut *tx)
                    .await?;
                }
                // Goods beyond what a cart may hold stay behind with the guest's cart.
                None if lines >= MAX_CART_LINES => {}
                None => {
                    lines += 1;
                    sqlx::query(
                        "INSERT INTO cart_items (cart_id, product_id, quantity, price_chon, added_at) \
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(account_cart)
                    .bind(product)
                    .bind(i64::from(q.get()))
                    .bind(r.try_get::<i64, _>("price_chon")?)
                    .bind(r.try_get::<i64, _>("added_at")?)
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        sqlx::query("DELETE FROM carts WHERE id = $1")
            .bind(guest_cart)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
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

    // Checkout.

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

    /// Places one order per seller, reserves the stock and holds the money, all or nothing.
    pub async fn place(&self, p: &Placement<'_>) -> Result<Placed, DbError> {
        let mut tx = self.pool.begin().await?;
        // The key first: a second request with it waits here for the first, then finds it.
        let checkout: Option<i64> = sqlx::query_scalar(
            "INSERT INTO checkouts (user_id, idem_key, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, idem_key) DO NOTHING RETURNING id",
        )
        .bind(p.user.get())
        .bind(p.key)
        .bind(p.now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(checkout) = checkout else {
            drop(tx);
            let id: i64 =
                sqlx::query_scalar("SELECT id FROM checkouts WHERE user_id = $1 AND idem_key = $2")
                    .bind(p.user.get())
                    .bind(p.key)
                    .fetch_one(self.pool)
                    .await?;
            return Ok(Placed::AlreadyPlaced(CheckoutId::new(id)));
        };
        let Some((district, line, to)) = address_in(&mut *tx, p.user, p.address).await? else {
            return Ok(Placed::UnknownAddress);
        };
        // Reserve the stock, products in id order (the lock order every transaction keeps).
        let mut items = p.items.to_vec();
        items.sort_by_key(|(id, _)| *id);
        let mut lines = Vec::with_capacity(items.len());
        for (product, qty) in &items {
            let reserved = sqlx::query(
                "UPDATE products SET stock = stock - $1 WHERE id = $2 AND stock >= $1 RETURNING id",
            )
            .bind(i64::from(qty.get()))
            .bind(product.get())
            .fetch_optional(&mut *tx)
            .await?;
            if reserved.is_none() {
                let left: Option<i64> =
                    sqlx::query_scalar("SELECT stock FROM products WHERE id = $1")
                        .bind(product.get())
                        .fetch_optional(&mut *tx)
                        .await?;
                return Ok(match left {
                    None => Placed::UnknownProduct,
                    Some(left) => Placed::OutOfStock {
                        product: *product,
                        left: count("products", "stock", left)?,
                    },
                });
            }
            let row = sqlx::query(&format!("{LINE_SELECT} WHERE p.id = $1"))
                .bind(product.get())
                .fetch_one(&mut *tx)
                .await?;
            lines.push(origin_and_line(&row, *qty, None)?);
        }
        // Keep the shopper's order of lines within each seller's group.
        lines.sort_by_key(|(_, l)| {
            p.items
                .iter()
                .position(|(id, _)| *id == l.product)
                .unwrap_or(usize::MAX)
        });
        let groups = group_by_seller(lines, Some(to), p.tariff);
        for g in &groups {
            if let Some(Err(why)) = g.delivery {
                return Ok(Placed::Undeliverable(why));
            }
        }
        let Some(totals) = Totals::of(&groups) else {
            return Ok(Placed::UnknownAddress);
        };
        if totals.total != p.expected_total {
            return Ok(Placed::PriceChanged {
                total: totals.total,
            });
        }
        // A place in the slot for each order, city by city in id order (the lock order).
        for (city, more) in &slot_needs(&groups) {
            if !logistics::book(&mut tx, *city, p.slot, *more, p.tariff).await? {
                return Ok(Placed::SlotFull);
            }
        }
        let mut placed = Vec::with_capacity(groups.len());
        for g in &groups {
            let order = insert_order(&mut tx, p, checkout, district, &line, g).await?;
            let total = g
                .delivery
                .and_then(Result::ok)
                .map_or(g.subtotal, |q| q.total);
            placed.push((order, total));
        }
        // The money last: every checkout updates the holds account's row, which stays locked
        // until commit.
        let holds = bank::system_account(&mut tx, SystemAccount::Holds).await?;
        let mut held = Won::ZERO;
        for (order, total) in placed {
            if let Err(Insufficient { balance }) = bank::transfer(
                &mut tx,
                TransferKind::Hold,
                p.account,
                holds,
                total,
                Some(order),
                p.now,
            )
            .await?
            {
                // What is missing for the whole checkout: what is not yet held, beyond the balance.
                let missing = chon(totals.total)? - chon(held)? - chon(balance)?;
                return Ok(Placed::Insufficient {
                    missing: Won::from_chon(missing),
                });
            }
            held = held.checked_add(total).unwrap_or(held);
        }
        if p.from_cart {
            for (product, _) in &items {
                sqlx::query(
                    "DELETE FROM cart_items WHERE product_id = $1 AND cart_id IN \
                     (SELECT id FROM carts WHERE user_id = $2)",
                )
                .bind(product.get())
                .bind(p.user.get())
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(Placed::Placed(CheckoutId::new(checkout)))
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

    async fn summaries(&self, filter: &str, a: i64, b: i64) -> Result<Vec<OrderSummary>, DbError> {
        sqlx::query(&format!(
            "SELECT o.id, o.checkout_id, o.status, o.created_at, o.goods_chon, o.fee_chon, \
                    o.slot_day, o.slot_window, s.name_ko, s.name_en, \
                    (SELECT CAST(SUM(quantity) AS BIGINT) FROM order_lines l WHERE l.order_id = o.id) AS items \
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
        let row = sqlx::query(
            "SELECT o.id, o.user_id, o.seller_id, o.status, o.courier_id, s.city_id \
             FROM orders o JOIN sellers s ON s.id = o.seller_id WHERE o.id = $1",
        )
        .bind(order.get())
        .fetch_optional(self.pool)
        .await?;
        row.map(|r| {
            Ok(OrderHead {
                id: OrderId::new(r.try_get("id")?),
                user: UserId::new(r.try_get("user_id")?),
                seller: SellerId::new(r.try_get("seller_id")?),
                city: CityId::new(r.try_get("city_id")?),
                status: status(&r)?,
                courier: r.try_get::<Option<i64>, _>("courier_id")?.map(UserId::new),
            })
        })
        .transpose()
    }

    /// Everything the order page shows.
    pub async fn detail(&self, order: OrderId) -> Result<Option<OrderDetail>, DbError> {
        let row = sqlx::query(
            "SELECT o.id, o.checkout_id, o.status, o.created_at, o.goods_chon, o.fee_chon, \
                    o.slot_day, o.slot_window, o.vehicle, o.distance_m, o.estimate_min, \
                    o.address_line, o.code, o.failure, s.name_ko, s.name_en, \
                    u.name AS courier_name, c.vehicle AS courier_vehicle, \
                    (SELECT CAST(SUM(quantity) AS BIGINT) FROM order_lines l WHERE l.order_id = o.id) AS items \
             FROM orders o JOIN sellers s ON s.id = o.seller_id \
             LEFT JOIN couriers c ON c.user_id = o.courier_id LEFT JOIN users u ON u.id = o.courier_id \
             WHERE o.id = $1",
        )
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
        }))
    }

    /// Moves an order from `from` to `to` (refused with `Ok(false)` when it is no longer in
    /// `from`), with what the move does to stock, money and the slot, in one transaction. Goods
    /// are picked up only by the courier the caller saw assigned (`courier`): an order given to
    /// someone else meanwhile is refused. A failed delivery gives back what `failure`'s policy says.
    #[allow(clippy::too_many_arguments)]
    pub async fn transition(
        &self,
        order: OrderId,
        from: OrderStatus,
        to: OrderStatus,
        actor: Option<UserId>,
        note: &str,
        failure: Option<FailureReason>,
        courier: Option<UserId>,
        now: i64,
    ) -> Result<bool, DbError> {
        if !from.can_become(to) {
            return Ok(false);
        }
        let mut tx = self.pool.begin().await?;
        let guard = if to == OrderStatus::PickedUp {
            "courier_id = $6"
        } else {
            "$6 = $6"
        };
        let changed = sqlx::query(&format!(
            "UPDATE orders SET status = $1, updated_at = $2, failure = COALESCE($3, failure) \
             WHERE id = $4 AND status = $5 AND {guard}"
        ))
        .bind(to.code())
        .bind(now)
        .bind(failure.map(FailureReason::code))
        .bind(order.get())
        .bind(from.code())
        .bind(courier.map_or(0, UserId::get))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed != 1 {
            return Ok(false);
        }
        let r = sqlx::query(
            "SELECT o.seller_id, o.goods_chon, o.fee_chon, o.vehicle, o.slot_day, o.slot_window, \
                    s.city_id, i.account_id FROM orders o \
             JOIN instruments i ON i.id = o.instrument_id JOIN sellers s ON s.id = o.seller_id \
             WHERE o.id = $1",
        )
        .bind(order.get())
        .fetch_one(&mut *tx)
        .await?;
        let seller = SellerId::new(r.try_get("seller_id")?);
        let goods = Won::from_chon(r.try_get("goods_chon")?);
        let fee = Won::from_chon(r.try_get("fee_chon")?);
        let customer: i64 = r.try_get("account_id")?;
        let total = goods.checked_add(fee).unwrap_or(goods);
        let moved = match to {
            OrderStatus::Cancelled => {
                // Stock first (products, then the slot, then accounts: the lock order of checkout).
                let lines: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT product_id, quantity FROM order_lines WHERE order_id = $1 \
                     ORDER BY product_id",
                )
                .bind(order.get())
                .fetch_all(&mut *tx)
                .await?;
                // One product at a time in id order: the lock order of checkout.
                for (product, quantity) in lines {
                    sqlx::query("UPDATE products SET stock = stock + $1 WHERE id = $2")
                        .bind(quantity)
                        .bind(product)
                        .execute(&mut *tx)
                        .await?;
                }
                let window: i64 = r.try_get("slot_window")?;
                let slot = Slot {
                    day: r.try_get("slot_day")?,
                    window: u8::try_from(window).unwrap_or(0),
                };
                let city = CityId::new(r.try_get("city_id")?);
                logistics::release(&mut tx, city, slot, Booked::one(vehicle(&r, "vehicle")?))
                    .await?;
                let holds = bank::system_account(&mut tx, SystemAccount::Holds).await?;
                bank::transfer(
                    &mut tx,
                    TransferKind::Void,
                    holds,
                    customer,
                    total,
                    Some(order),
                    now,
                )
                .await?
            }
            OrderStatus::PickedUp => {
                let holds = bank::system_account(&mut tx, SystemAccount::Holds).await?;
                let seller_acc = bank::seller_account(&mut tx, seller).await?;
                let logistics = bank::system_account(&mut tx, SystemAccount::Logistics).await?;
                let moves = [(holds, seller_acc, goods), (holds, logistics, fee)];
                bank::transfers(&mut tx, TransferKind::Capture, &moves, order, now).await?
            }
            OrderStatus::DeliveryFailed | OrderStatus::Refunded => {
                // What is still to give back: a failed delivery gives back what its reason's
                // policy says, a refund whatever is left of the goods and the fee.
                let seller_acc = bank::seller_account(&mut tx, seller).await?;
                let logistics = bank::system_account(&mut tx, SystemAccount::Logistics).await?;
                let back: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT from_account, CAST(SUM(amount_chon) AS BIGINT) FROM transfers \
                     WHERE order_id = $1 AND kind = 'refund' GROUP BY from_account",
                )
                .bind(order.get())
                .fetch_all(&mut *tx)
                .await?;
                let given = |acc: i64| back.iter().find(|(a, _)| *a == acc).map_or(0, |(_, n)| *n);
                let (goods_due, fee_due) = match (to, failure) {
                    (OrderStatus::DeliveryFailed, Some(reason)) => reason.refund(goods, fee),
                    (OrderStatus::DeliveryFailed, None) => (goods, Won::ZERO),
                    _ => (goods, fee),
                };
                let goods_left = Won::from_chon((chon(goods_due)? - given(seller_acc)).max(0));
                let fee_left = Won::from_chon((chon(fee_due)? - given(logistics)).max(0));
                let moves = [
                    (seller_acc, customer, goods_left),
                    (logistics, customer, fee_left),
                ];
                bank::transfers(&mut tx, TransferKind::Refund, &moves, order, now).await?
            }
            _ => Ok(()),
        };
        if let Err(Insufficient { balance }) = moved {
            tracing::error!(%order, ?to, %balance, "an order's money could not move: nothing changed");
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO order_events (order_id, status, at, actor_id, note) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(order.get())
        .bind(to.code())
        .bind(now)
        .bind(actor.map(UserId::get))
        .bind(note)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
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

/// How many different goods a cart holds.
async fn line_count(tx: &mut Tx<'_>, cart: i64) -> Result<u32, DbError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cart_items WHERE cart_id = $1")
        .bind(cart)
        .fetch_one(&mut **tx)
        .await?;
    count("cart_items", "cart_id", n)
}

async fn open_cart(tx: &mut Tx<'_>, owner: &CartOwner, now: i64) -> Result<i64, DbError> {
    let q = match owner {
        CartOwner::User(u) => sqlx::query_scalar::<_, i64>(
            "INSERT INTO carts (user_id, updated_at) VALUES ($1, $2) \
             ON CONFLICT (user_id) DO UPDATE SET updated_at = excluded.updated_at RETURNING id",
        )
        .bind(u.get()),
        CartOwner::Guest(h) => sqlx::query_scalar::<_, i64>(
            "INSERT INTO carts (guest_token_hash, updated_at) VALUES ($1, $2) \
             ON CONFLICT (guest_token_hash) DO UPDATE SET updated_at = excluded.updated_at \
             RETURNING id",
        )
        .bind(h.clone()),
    };
    Ok(q.bind(now).fetch_one(&mut **tx).await?)
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

async fn insert_order(
    tx: &mut Tx<'_>,
    p: &Placement<'_>,
    checkout: i64,
    district: i64,
    address_line: &str,
    g: &SellerGroup,
) -> Result<OrderId, DbError> {
    let quote = g.delivery.and_then(Result::ok);
    let (vehicle, distance, estimate, fee) = match quote {
        Some(q) => (q.vehicle, q.distance.metres(), q.estimate_min, q.fee),
        None => (crate::domain::delivery::Vehicle::Van, 0, 0, Won::ZERO),
    };
    let (weight_g, volume_ml) = size_of(&g.lines);
    let mut random = [0u8; 4];
    getrandom::fill(&mut random).map_err(|e| DbError::Corrupt {
        table: "orders",
        column: "code",
        value: e.to_string(),
    })?;
    let code = DeliveryCode::from_random(random);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO orders (checkout_id, user_id, seller_id, status, district_id, address_line, \
            slot_day, slot_window, vehicle, distance_m, estimate_min, goods_chon, fee_chon, \
            instrument_id, hold_expires_at, created_at, updated_at, weight_g, volume_ml, code) \
         VALUES ($1, $2, $3, 'placed', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, \
            $16, $17, $18) \
         RETURNING id",
    )
    .bind(checkout)
    .bind(p.user.get())
    .bind(g.seller.get())
    .bind(district)
    .bind(address_line)
    .bind(p.slot.day)
    .bind(i64::from(p.slot.window))
    .bind(vehicle_code(vehicle))
    .bind(i64::from(distance))
    .bind(i64::from(estimate))
    .bind(chon(g.subtotal)?)
    .bind(chon(fee)?)
    .bind(p.instrument.get())
    .bind(p.slot.hold_expires_at())
    .bind(p.now)
    .bind(i64::try_from(weight_g).unwrap_or(i64::MAX))
    .bind(i64::try_from(volume_ml).unwrap_or(i64::MAX))
    .bind(code.as_str())
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
    sqlx::query(
        "INSERT INTO order_events (order_id, status, at, actor_id, note) VALUES ($1, 'placed', $2, $3, '')",
    )
    .bind(id)
    .bind(p.now)
    .bind(p.user.get())
    .execute(&mut **tx)
    .await?;
    Ok(OrderId::new(id))
}
