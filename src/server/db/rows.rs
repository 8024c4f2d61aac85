//! Reading and writing the columns many tables share: names in both languages, money as whole
//! chon, counts, sale units, pictures, sellers, vehicles and order states. Whatever a stored value
//! is, it leaves here as a domain type or as `DbError::Corrupt`.

use super::DbError;
use crate::domain::{
    catalog::{Localized, Picture, SellerKind, SellerRef, UnitKind, UnitSize},
    delivery::Vehicle,
    order::OrderStatus,
    quantity::Quantity,
    MediaId, SellerId, Won,
};
use sqlx::{any::AnyRow, Row};

/// Thumbnails and large pictures are drawn at these sizes (see the seed and media modules).
pub const THUMB_SIZE: (u32, u32) = (240, 240);
pub const LARGE_SIZE: (u32, u32) = (720, 720);

pub fn picture(id: MediaId) -> Picture {
    Picture {
        id,
        thumb: THUMB_SIZE,
        large: LARGE_SIZE,
    }
}

/// A product's rating figures (`p.rating_count`, `p.rating_sum`).
pub fn rating(r: &AnyRow) -> Result<crate::domain::review::Rating, DbError> {
    Ok(crate::domain::review::Rating {
        count: count("products", "rating_count", r.try_get("rating_count")?)?,
        sum: count("products", "rating_sum", r.try_get("rating_sum")?)?,
    })
}

pub fn localized(r: &AnyRow, ko: &str, en: &str) -> Result<Localized, DbError> {
    Ok(Localized {
        ko: r.try_get(ko)?,
        en: r.try_get(en)?,
    })
}

pub fn unit(r: &AnyRow) -> Result<UnitSize, DbError> {
    let code: String = r.try_get("unit_kind")?;
    let kind = UnitKind::from_code(&code).ok_or(DbError::Corrupt {
        table: "products",
        column: "unit_kind",
        value: code,
    })?;
    let amount = count("products", "unit_amount", r.try_get("unit_amount")?)?;
    Ok(UnitSize { kind, amount })
}

pub fn seller_ref(r: &AnyRow) -> Result<SellerRef, DbError> {
    let kind: String = r.try_get("seller_kind")?;
    Ok(SellerRef {
        id: SellerId::new(r.try_get("seller_id")?),
        kind: SellerKind::from_code(&kind).ok_or(DbError::Corrupt {
            table: "sellers",
            column: "kind",
            value: kind,
        })?,
        slug: r.try_get("seller_slug")?,
        name: localized(r, "seller_ko", "seller_en")?,
        city: localized(r, "city_ko", "city_en")?,
    })
}

/// An amount as the database stores it (whole chon).
pub fn chon(price: Won) -> Result<i64, DbError> {
    price.to_chon().map_err(|e| DbError::Corrupt {
        table: "products",
        column: "price_chon",
        value: e.to_string(),
    })
}

pub fn status(r: &AnyRow) -> Result<OrderStatus, DbError> {
    let s: String = r.try_get("status")?;
    OrderStatus::from_code(&s).ok_or(DbError::Corrupt {
        table: "orders",
        column: "status",
        value: s,
    })
}

pub fn quantity(v: i64) -> Result<Quantity, DbError> {
    u32::try_from(v)
        .ok()
        .and_then(|n| Quantity::new(n).ok())
        .ok_or(DbError::Corrupt {
            table: "cart_items",
            column: "quantity",
            value: v.to_string(),
        })
}

pub fn vehicle_code(v: Vehicle) -> &'static str {
    v.code()
}

pub fn vehicle(r: &AnyRow, column: &'static str) -> Result<Vehicle, DbError> {
    let v: String = r.try_get(column)?;
    Vehicle::from_code(&v).ok_or(DbError::Corrupt {
        table: "orders",
        column,
        value: v,
    })
}

/// Reads a yes/no computed as 1 or 0 (the same on both backends).
pub fn flag(r: &sqlx::any::AnyRow, column: &str) -> Result<bool, DbError> {
    use sqlx::Row;
    Ok(r.try_get::<i64, _>(column)? != 0)
}

/// Reads a non-negative count stored as an integer.
pub fn count(table: &'static str, column: &'static str, v: i64) -> Result<u32, DbError> {
    u32::try_from(v).map_err(|_| DbError::Corrupt {
        table,
        column,
        value: v.to_string(),
    })
}

/// A stored count that may pass a `u32` (page views): never below zero.
pub fn tally(table: &'static str, column: &'static str, v: i64) -> Result<u64, DbError> {
    u64::try_from(v).map_err(|_| DbError::Corrupt {
        table,
        column,
        value: v.to_string(),
    })
}

/// A stored mobile number (`users.phone`, kept in its national form).
pub fn phone(v: String) -> Result<crate::domain::account::PhoneNumber, DbError> {
    crate::domain::account::PhoneNumber::parse(&v).map_err(|_| DbError::Corrupt {
        table: "users",
        column: "phone",
        value: v,
    })
}

/// Makes `%`, `_` and `\` match themselves in a LIKE pattern (with `ESCAPE '\'`).
pub fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
