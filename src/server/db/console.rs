//! What seller staff see and change: their seller's goods and stock.

use super::{rows, DbError};
use crate::{
    domain::{ProductId, SellerId, Won},
    page::seller::ConsoleItem,
};
use sqlx::{AnyPool, Row};

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
    ) -> Result<Option<(crate::domain::catalog::Localized, Vec<ConsoleItem>)>, DbError> {
        let Some(row) = sqlx::query("SELECT name_ko, name_en FROM sellers WHERE id = $1")
            .bind(seller.get())
            .fetch_optional(self.pool)
            .await?
        else {
            return Ok(None);
        };
        let name = rows::localized(&row, "name_ko", "name_en")?;
        let items = sqlx::query(
            "SELECT id, name_ko, name_en, price_chon, stock FROM products \
             WHERE seller_id = $1 ORDER BY name_ko, id",
        )
        .bind(seller.get())
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(ConsoleItem {
                id: ProductId::new(r.try_get("id")?),
                name: rows::localized(r, "name_ko", "name_en")?,
                price: Won::from_chon(r.try_get("price_chon")?),
                stock: rows::count("products", "stock", r.try_get("stock")?)?,
            })
        })
        .collect::<Result<_, DbError>>()?;
        Ok(Some((name, items)))
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
