//! The logistics office's data: the stored tariff, couriers, slot bookings, the deliveries on the
//! board and on each courier's round, assignments and the confirmation codes.

use super::{
    orders::{FOOD_LINE_EN, FOOD_LINE_KO},
    rows::{self, count, status, vehicle, vehicle_code},
    DbError, Tx,
};
use crate::domain::{
    catalog::Localized,
    delivery::{GeoPoint, Tariff, Vehicle},
    dispatch::{Booked, Courier, Delivery, Depot, Load, Parcel, SlotCapacity},
    order::OrderStatus,
    slot::Slot,
    tariff::{tariff_from, TariffField},
    CityId, OrderId, UserId,
};
use sqlx::{any::AnyRow, AnyPool, Row};

pub struct Logistics<'a> {
    pool: &'a AnyPool,
}

/// Which deliveries to list.
#[derive(Clone, Copy, Debug)]
pub enum Deliveries {
    /// Everything ready or on its way: the dispatch board.
    Open,
    /// One courier's round: assigned to them, ready or picked up.
    RoundOf(UserId),
    /// What a courier finished (delivered or failed) since a time.
    DoneBy(UserId, i64),
}

/// Makes `user` a courier of the city with this slug, driving `vehicle`.
pub async fn add_courier(
    tx: &mut Tx<'_>,
    user: UserId,
    city: &str,
    vehicle: Vehicle,
) -> Result<(), DbError> {
    let added = sqlx::query(
        "INSERT INTO couriers (user_id, city_id, vehicle) SELECT $1, id, $2 FROM cities \
         WHERE slug = $3 ON CONFLICT (user_id) DO UPDATE SET city_id = excluded.city_id, \
            vehicle = excluded.vehicle",
    )
    .bind(user.get())
    .bind(vehicle_code(vehicle))
    .bind(city)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if added == 1 {
        Ok(())
    } else {
        Err(DbError::Corrupt {
            table: "cities",
            column: "slug",
            value: city.to_string(),
        })
    }
}

fn courier(r: &AnyRow) -> Result<Courier, DbError> {
    Ok(Courier {
        id: UserId::new(r.try_get("user_id")?),
        name: r.try_get("name")?,
        vehicle: vehicle(r, "vehicle")?,
        city: CityId::new(r.try_get("city_id")?),
        on_duty: r.try_get::<i64, _>("on_duty")? == 1,
    })
}

/// The stored tariff, read in a transaction or from the pool.
pub async fn tariff_in<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
) -> Result<Tariff, DbError> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM tariff")
        .fetch_all(db)
        .await?;
    tariff_from(
        Tariff::STANDARD,
        rows.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )
    .map_err(|errs| DbError::Corrupt {
        table: "tariff",
        column: "value",
        value: format!("{errs:?}"),
    })
}

/// How many deliveries a slot of `city` takes, from its couriers on duty.
async fn capacity_in<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    city: CityId,
    t: &Tariff,
) -> Result<SlotCapacity, DbError> {
    let (bikes, vans): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN vehicle = 'motorbike' THEN 1 ELSE 0 END), 0) AS BIGINT), \
                CAST(COALESCE(SUM(CASE WHEN vehicle = 'van' THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM couriers WHERE city_id = $1 AND on_duty = 1",
    )
    .bind(city.get())
    .fetch_one(db)
    .await?;
    Ok(SlotCapacity::of(
        count("couriers", "vehicle", bikes)?,
        count("couriers", "vehicle", vans)?,
        t,
    ))
}

/// Books `more` deliveries in a slot of `city` if they fit; `false` (and nothing booked) if not.
/// One conditional update: two checkouts can't both take the last place.
pub async fn book(
    tx: &mut Tx<'_>,
    city: CityId,
    slot: Slot,
    more: Booked,
    t: &Tariff,
) -> Result<bool, DbError> {
    let cap = capacity_in(&mut **tx, city, t).await?;
    sqlx::query(
        "INSERT INTO slot_bookings (city_id, slot_day, slot_window) VALUES ($1, $2, $3) \
         ON CONFLICT (city_id, slot_day, slot_window) DO NOTHING",
    )
    .bind(city.get())
    .bind(slot.day)
    .bind(i64::from(slot.window))
    .execute(&mut **tx)
    .await?;
    let booked = sqlx::query(
        "UPDATE slot_bookings SET booked = booked + $1, booked_van = booked_van + $2 \
         WHERE city_id = $3 AND slot_day = $4 AND slot_window = $5 \
           AND booked + $1 <= $6 AND booked_van + $2 <= $7",
    )
    .bind(i64::from(more.stops))
    .bind(i64::from(more.van_stops))
    .bind(city.get())
    .bind(slot.day)
    .bind(i64::from(slot.window))
    .bind(i64::from(cap.stops))
    .bind(i64::from(cap.van_stops))
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(booked == 1)
}

/// Gives back the place of a cancelled order.
pub async fn release(
    tx: &mut Tx<'_>,
    city: CityId,
    slot: Slot,
    less: Booked,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE slot_bookings SET booked = booked - $1, booked_van = booked_van - $2 \
         WHERE city_id = $3 AND slot_day = $4 AND slot_window = $5 \
           AND booked >= $1 AND booked_van >= $2",
    )
    .bind(i64::from(less.stops))
    .bind(i64::from(less.van_stops))
    .bind(city.get())
    .bind(slot.day)
    .bind(i64::from(slot.window))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const DELIVERY_SELECT: &str = "SELECT o.id, o.status, o.slot_day, o.slot_window, o.vehicle, \
        o.weight_g, o.volume_ml, o.courier_id, o.address_line, s.name_ko AS seller_ko, \
        s.name_en AS seller_en, s.city_id, d.name_ko AS district_ko, d.name_en AS district_en, \
        d.lat, d.lon, f.promised_at \
     FROM orders o JOIN sellers s ON s.id = o.seller_id JOIN districts d ON d.id = o.district_id \
     LEFT JOIN food_orders f ON f.order_id = o.id";

impl<'a> Logistics<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    // The tariff.

    pub async fn tariff(&self) -> Result<Tariff, DbError> {
        tariff_in(self.pool).await
    }

    /// When an operator last changed the tariff (`None`: as first stored).
    pub async fn tariff_updated_at(&self) -> Result<Option<i64>, DbError> {
        let at: i64 =
            sqlx::query_scalar("SELECT CAST(COALESCE(MAX(updated_at), 0) AS BIGINT) FROM tariff")
                .fetch_one(self.pool)
                .await?;
        Ok((at > 0).then_some(at))
    }

    // Couriers and depots.

    pub async fn couriers(&self) -> Result<Vec<Courier>, DbError> {
        sqlx::query(
            "SELECT c.user_id, u.name, c.vehicle, c.city_id, c.on_duty FROM couriers c \
             JOIN users u ON u.id = c.user_id WHERE u.role = 'courier' \
             ORDER BY c.city_id, c.vehicle, u.name, c.user_id",
        )
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(courier)
        .collect()
    }

    pub async fn courier(&self, user: UserId) -> Result<Option<Courier>, DbError> {
        sqlx::query(
            "SELECT c.user_id, u.name, c.vehicle, c.city_id, c.on_duty FROM couriers c \
             JOIN users u ON u.id = c.user_id WHERE c.user_id = $1 AND u.role = 'courier'",
        )
        .bind(user.get())
        .fetch_optional(self.pool)
        .await?
        .as_ref()
        .map(courier)
        .transpose()
    }

    /// Every served city's depot (the logistics office sits at the city's point).
    pub async fn depots(&self) -> Result<Vec<Depot>, DbError> {
        sqlx::query("SELECT id, name_ko, name_en, lat, lon FROM cities ORDER BY id")
            .fetch_all(self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(Depot {
                    city: CityId::new(r.try_get("id")?),
                    name: rows::localized(r, "name_ko", "name_en")?,
                    at: GeoPoint::new(r.try_get("lat")?, r.try_get("lon")?),
                })
            })
            .collect()
    }

    /// The districts of a city with their points (the courier's map).
    pub async fn districts_of(&self, city: CityId) -> Result<Vec<(Localized, GeoPoint)>, DbError> {
        sqlx::query(
            "SELECT name_ko, name_en, lat, lon FROM districts WHERE city_id = $1 ORDER BY id",
        )
        .bind(city.get())
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                rows::localized(r, "name_ko", "name_en")?,
                GeoPoint::new(r.try_get("lat")?, r.try_get("lon")?),
            ))
        })
        .collect()
    }

    // Slots.

    /// The slots among `slots` that can't take `more` deliveries from each of these cities.
    pub async fn full_slots(
        &self,
        needs: &[(CityId, Booked)],
        slots: &[Slot],
        t: &Tariff,
    ) -> Result<Vec<Slot>, DbError> {
        let mut full = Vec::new();
        let (Some(first), Some(last)) = (slots.first(), slots.last()) else {
            return Ok(full);
        };
        for (city, more) in needs {
            let cap = capacity_in(self.pool, *city, t).await?;
            let rows: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
                "SELECT slot_day, slot_window, booked, booked_van FROM slot_bookings \
                 WHERE city_id = $1 AND slot_day BETWEEN $2 AND $3",
            )
            .bind(city.get())
            .bind(first.day)
            .bind(last.day)
            .fetch_all(self.pool)
            .await?;
            for slot in slots {
                let booked = rows
                    .iter()
                    .find(|(d, w, _, _)| *d == slot.day && *w == i64::from(slot.window))
                    .map(|(_, _, b, v)| Booked {
                        stops: u32::try_from(*b).unwrap_or(u32::MAX),
                        van_stops: u32::try_from(*v).unwrap_or(u32::MAX),
                    })
                    .unwrap_or_default();
                if !cap.admits(booked, *more) && !full.contains(slot) {
                    full.push(*slot);
                }
            }
        }
        Ok(full)
    }

    // Deliveries.

    pub async fn deliveries(&self, which: Deliveries) -> Result<Vec<Delivery>, DbError> {
        let (filter, user, since) = match which {
            Deliveries::Open => (
                "o.status IN ('ready', 'picked_up') AND $1 = $1 AND $2 = $2",
                0,
                0,
            ),
            Deliveries::RoundOf(u) => (
                "o.courier_id = $1 AND o.status IN ('ready', 'picked_up') AND $2 = $2",
                u.get(),
                0,
            ),
            Deliveries::DoneBy(u, since) => (
                "o.courier_id = $1 AND o.status IN ('delivered', 'delivery_failed', 'refunded') \
                 AND o.updated_at >= $2",
                u.get(),
                since,
            ),
        };
        let rows = sqlx::query(&format!(
            "{DELIVERY_SELECT} WHERE {filter} \
             ORDER BY CASE WHEN f.promised_at IS NULL THEN 1 ELSE 0 END, f.promised_at, \
                      o.slot_day, o.slot_window, o.id LIMIT 1000"
        ))
        .bind(user)
        .bind(since)
        .fetch_all(self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let window: i64 = r.try_get("slot_window")?;
            out.push(Delivery {
                id: OrderId::new(r.try_get("id")?),
                status: status(r)?,
                seller: rows::localized(r, "seller_ko", "seller_en")?,
                city: CityId::new(r.try_get("city_id")?),
                district: rows::localized(r, "district_ko", "district_en")?,
                address: r.try_get("address_line")?,
                at: GeoPoint::new(r.try_get("lat")?, r.try_get("lon")?),
                slot: Slot {
                    day: r.try_get("slot_day")?,
                    window: u8::try_from(window).unwrap_or(0),
                },
                vehicle: vehicle(r, "vehicle")?,
                weight_g: u64::from(count("orders", "weight_g", r.try_get("weight_g")?)?),
                volume_ml: u64::from(count("orders", "volume_ml", r.try_get("volume_ml")?)?),
                courier: r.try_get::<Option<i64>, _>("courier_id")?.map(UserId::new),
                goods: Vec::new(),
                due: r.try_get("promised_at")?,
            });
        }
        if !out.is_empty() {
            let placeholders: Vec<String> = (1..=out.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT order_id, name_ko, name_en, quantity, product_id AS position \
                 FROM order_lines WHERE order_id IN ({ids}) \
                 UNION ALL SELECT f.order_id, {FOOD_LINE_KO}, {FOOD_LINE_EN}, f.quantity, \
                        f.position \
                 FROM food_order_lines f WHERE f.order_id IN ({ids}) ORDER BY 1, 5",
                ids = placeholders.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for d in &out {
                q = q.bind(d.id.get());
            }
            for l in q.fetch_all(self.pool).await? {
                let order = OrderId::new(l.try_get("order_id")?);
                if let Some(d) = out.iter_mut().find(|d| d.id == order) {
                    d.goods.push((
                        rows::localized(&l, "name_ko", "name_en")?,
                        count("order_lines", "quantity", l.try_get("quantity")?)?,
                    ));
                }
            }
        }
        Ok(out)
    }
}

/// Stores a whole tariff (already checked).
pub async fn set_tariff(tx: &mut Tx<'_>, t: &Tariff, by: UserId, now: i64) -> Result<(), DbError> {
    for f in TariffField::ALL {
        sqlx::query(
            "INSERT INTO tariff (key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, \
                updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(f.code())
        .bind(f.get(t))
        .bind(now)
        .bind(by.get())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The courier, their row held until the transaction ends: assignments to one courier are
/// checked one after the other. `None` for an account that is no courier (any more).
pub async fn lock_courier(tx: &mut Tx<'_>, courier_id: UserId) -> Result<Option<Courier>, DbError> {
    sqlx::query(
        "UPDATE couriers SET on_duty = on_duty WHERE user_id = $1 \
             AND user_id IN (SELECT id FROM users WHERE role = 'courier') \
         RETURNING user_id, '' AS name, vehicle, city_id, on_duty",
    )
    .bind(courier_id.get())
    .fetch_optional(&mut **tx)
    .await?
    .as_ref()
    .map(courier)
    .transpose()
}

/// An order as assigning it needs to know it.
#[derive(Clone, Copy, Debug)]
pub struct ToAssign {
    pub status: OrderStatus,
    pub parcel: Parcel,
    pub slot: Slot,
    /// The seller's city, whose couriers carry it.
    pub city: CityId,
}

pub async fn to_assign(tx: &mut Tx<'_>, order: OrderId) -> Result<Option<ToAssign>, DbError> {
    let row = sqlx::query(
        "SELECT o.status, o.vehicle, o.weight_g, o.volume_ml, o.slot_day, o.slot_window, \
                s.city_id, (SELECT COUNT(*) FROM food_orders f WHERE f.order_id = o.id) AS hot \
         FROM orders o JOIN sellers s ON s.id = o.seller_id WHERE o.id = $1",
    )
    .bind(order.get())
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|o| {
        let window: i64 = o.try_get("slot_window")?;
        Ok(ToAssign {
            status: status(&o)?,
            parcel: Parcel::new(
                vehicle(&o, "vehicle")?,
                u64::from(count("orders", "weight_g", o.try_get("weight_g")?)?),
                u64::from(count("orders", "volume_ml", o.try_get("volume_ml")?)?),
            )
            .hot(o.try_get::<i64, _>("hot")? > 0),
            slot: Slot {
                day: o.try_get("slot_day")?,
                window: u8::try_from(window).unwrap_or(0),
            },
            city: CityId::new(o.try_get("city_id")?),
        })
    })
    .transpose()
}

/// What a courier carries in a slot already (ready or picked up), `order` left out.
pub async fn load_in(
    tx: &mut Tx<'_>,
    courier_id: UserId,
    slot: Slot,
    order: OrderId,
) -> Result<Load, DbError> {
    let (stops, weight, volume): (i64, i64, i64) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(weight_g), 0) AS BIGINT), \
                CAST(COALESCE(SUM(volume_ml), 0) AS BIGINT) \
         FROM orders WHERE courier_id = $1 AND slot_day = $2 AND slot_window = $3 \
           AND status IN ('ready', 'picked_up') AND id <> $4",
    )
    .bind(courier_id.get())
    .bind(slot.day)
    .bind(i64::from(slot.window))
    .bind(order.get())
    .fetch_one(&mut **tx)
    .await?;
    Ok(Load {
        stops: count("orders", "courier_id", stops)?,
        weight_g: u64::from(count("orders", "weight_g", weight)?),
        volume_ml: u64::from(count("orders", "volume_ml", volume)?),
    })
}

/// Who gets an order.
#[derive(Clone, Copy, Debug)]
pub struct Assignment {
    pub order: OrderId,
    pub courier: UserId,
    /// Only if nobody carries it yet (a plan made from a board that may be stale).
    pub unassigned_only: bool,
}

/// Gives the order to the courier while it is ready (see `Assignment`): `false` if it is not.
pub async fn give(tx: &mut Tx<'_>, a: &Assignment, now: i64) -> Result<bool, DbError> {
    let changed = sqlx::query(if a.unassigned_only {
        "UPDATE orders SET courier_id = $1, updated_at = $2 \
         WHERE id = $3 AND status = 'ready' AND courier_id IS NULL"
    } else {
        "UPDATE orders SET courier_id = $1, updated_at = $2 WHERE id = $3 AND status = 'ready'"
    })
    .bind(a.courier.get())
    .bind(now)
    .bind(a.order.get())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// Counts a try at the order's confirmation code, while fewer than `tries` are counted: the code
/// and the tries counted now, or `None` when no more may be tried.
pub async fn count_code_try(
    tx: &mut Tx<'_>,
    order: OrderId,
    tries: u32,
) -> Result<Option<(String, u32)>, DbError> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "UPDATE orders SET code_tries = code_tries + 1 WHERE id = $1 AND code_tries < $2 \
         RETURNING code, code_tries",
    )
    .bind(order.get())
    .bind(i64::from(tries))
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|(code, n)| Ok((code, count("orders", "code_tries", n)?)))
        .transpose()
}

/// Takes a counted try back (a right code uses none up).
pub async fn forgive_code_try(tx: &mut Tx<'_>, order: OrderId) -> Result<(), DbError> {
    sqlx::query("UPDATE orders SET code_tries = code_tries - 1 WHERE id = $1")
        .bind(order.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
