//! What seller staff see and change: their seller's goods and stock.

use super::{rows, DbError, Tx};
use crate::{
    domain::{catalog::Localized, ProductId, SellerId, Won},
    page::seller::ConsoleItem,
};
use sqlx::{AnyPool, FromRow};

/// A product as the console lists it.
#[derive(FromRow)]
struct ItemRow {
    id: i64,
    name_ko: String,
    name_en: String,
    price_chon: i64,
    stock: i64,
    hidden_at: Option<i64>,
}

pub struct Console<'a> {
    pool: &'a AnyPool,
}

impl<'a> Console<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    /// The seller's name and its goods, by name.
    pub async fn items(
        &self,
        seller: SellerId,
    ) -> Result<Option<(Localized, Vec<ConsoleItem>)>, DbError> {
        let Some((ko, en)) = sqlx::query_as::<_, (String, String)>(
            "SELECT name_ko, name_en FROM sellers WHERE id = $1",
        )
        .bind(seller.get())
        .fetch_optional(self.pool)
        .await?
        else {
            return Ok(None);
        };
        let name = Localized::new(ko, en);
        let items = sqlx::query_as::<_, ItemRow>(
            "SELECT id, name_ko, name_en, price_chon, stock, hidden_at FROM products \
             WHERE seller_id = $1 ORDER BY name_ko, id",
        )
        .bind(seller.get())
        .fetch_all(self.pool)
        .await?
        .into_iter()
        .map(|r| {
            Ok(ConsoleItem {
                id: ProductId::new(r.id),
                name: Localized::new(r.name_ko, r.name_en),
                price: Won::from_chon(r.price_chon),
                stock: rows::count("products", "stock", r.stock)?,
                hidden: r.hidden_at.is_some(),
            })
        })
        .collect::<Result<_, DbError>>()?;
        Ok(Some((name, items)))
    }

    /// Hides one of the seller's goods (`offered` false: from `now` on, unless it is hidden
    /// already) or offers it again. `false` when the product isn't theirs.
    pub async fn set_offered(
        &self,
        seller: SellerId,
        product: ProductId,
        offered: bool,
        now: i64,
    ) -> Result<bool, DbError> {
        let hide = sqlx::query(
            "UPDATE products SET hidden_at = COALESCE(hidden_at, $1) WHERE id = $2 AND seller_id = $3",
        )
        .bind(now);
        let show =
            sqlx::query("UPDATE products SET hidden_at = NULL WHERE id = $1 AND seller_id = $2");
        let changed = if offered { show } else { hide }
            .bind(product.get())
            .bind(seller.get())
            .execute(self.pool)
            .await?
            .rows_affected();
        Ok(changed == 1)
    }

    /// Sets the stock of one of the seller's goods. `false` when the product isn't theirs.
    pub async fn set_stock(
        &self,
        seller: SellerId,
        product: ProductId,
        stock: u32,
    ) -> Result<bool, DbError> {
        let changed =
            sqlx::query("UPDATE products SET stock = $1 WHERE id = $2 AND seller_id = $3")
                .bind(i64::from(stock))
                .bind(product.get())
                .bind(seller.get())
                .execute(self.pool)
                .await?
                .rows_affected();
        Ok(changed == 1)
    }
}

/// Sets the price of one of the seller's goods with `compare::set_price` (its unit price and its
/// price history with it), in the caller's transaction. `None` when the product isn't theirs;
/// `Some(false)` when it had that price already (nothing written).
pub async fn set_price(
    tx: &mut Tx<'_>,
    seller: SellerId,
    product: ProductId,
    price: Won,
    now: i64,
) -> Result<Option<bool>, DbError> {
    // A no-op update holds the product's row on both databases: two changes at once are made one
    // after the other, and an equal one after a change writes nothing.
    let current: Option<i64> = sqlx::query_scalar(
        "UPDATE products SET price_chon = price_chon WHERE id = $1 AND seller_id = $2 \
         RETURNING price_chon",
    )
    .bind(product.get())
    .bind(seller.get())
    .fetch_optional(&mut **tx)
    .await?;
    let Some(current) = current else {
        return Ok(None);
    };
    if current == rows::chon(price)? {
        return Ok(Some(false));
    }
    super::compare::set_price(tx, product, price, now).await?;
    Ok(Some(true))
}
