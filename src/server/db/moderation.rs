//! Listings as operators moderate them: withheld (hidden, with the reason its seller reads) and
//! released, and their comparison group corrected.

use super::{rows, DbError, Tx};
use crate::domain::{moderation::ModeratedListing, GoodId, ProductId};
use sqlx::{AnyPool, Row};

/// A listing with its seller and category; `groups` is left for the caller to fill in.
async fn listing(pool: &AnyPool, id: ProductId) -> Result<Option<ModeratedListing>, DbError> {
    let Some(r) = sqlx::query(
        "SELECT p.id, p.name_ko, p.name_en, s.slug, s.name_ko AS seller_ko, \
             s.name_en AS seller_en, c.name_ko AS category_ko, c.name_en AS category_en, \
             p.good_id, p.hidden_at, p.withheld_reason \
         FROM products p JOIN sellers s ON s.id = p.seller_id \
         JOIN categories c ON c.id = p.category_id WHERE p.id = $1",
    )
    .bind(id.get())
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let good: Option<i64> = r.try_get("good_id")?;
    let hidden: Option<i64> = r.try_get("hidden_at")?;
    Ok(Some(ModeratedListing {
        id,
        name: rows::localized(&r, "name_ko", "name_en")?,
        seller: (
            r.try_get("slug")?,
            rows::localized(&r, "seller_ko", "seller_en")?,
        ),
        category: rows::localized(&r, "category_ko", "category_en")?,
        group: good.map(GoodId::new),
        hidden: hidden.is_some(),
        withheld: r.try_get("withheld_reason")?,
        groups: Vec::new(),
    }))
}

/// Withholds a listing (from `now`, unless it was hidden already), or gives a withheld one a new
/// reason. `false` when there is no such product.
pub async fn withhold(
    tx: &mut Tx<'_>,
    id: ProductId,
    reason: &str,
    now: i64,
) -> Result<bool, DbError> {
    Ok(sqlx::query(
        "UPDATE products SET hidden_at = COALESCE(hidden_at, $3), withheld_reason = $2 \
         WHERE id = $1",
    )
    .bind(id.get())
    .bind(reason)
    .bind(now)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// Releases a withheld listing: offered again. `false` when it is not withheld.
pub async fn release(tx: &mut Tx<'_>, id: ProductId) -> Result<bool, DbError> {
    Ok(sqlx::query(
        "UPDATE products SET hidden_at = NULL, withheld_reason = NULL \
         WHERE id = $1 AND withheld_reason IS NOT NULL",
    )
    .bind(id.get())
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// Puts a listing in a comparison group, or in none. `false` when there is no such product.
pub async fn regroup(
    tx: &mut Tx<'_>,
    id: ProductId,
    group: Option<GoodId>,
) -> Result<bool, DbError> {
    Ok(
        sqlx::query("UPDATE products SET good_id = $2 WHERE id = $1")
            .bind(id.get())
            .bind(group.map(GoodId::get))
            .execute(&mut **tx)
            .await?
            .rows_affected()
            == 1,
    )
}

/// Whether the bureau withholds the product.
async fn is_withheld(pool: &AnyPool, id: ProductId) -> Result<bool, DbError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM products WHERE id = $1 AND withheld_reason IS NOT NULL",
    )
    .bind(id.get())
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

pub struct Moderation<'a> {
    pool: &'a AnyPool,
}

impl<'a> Moderation<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    pub async fn listing(&self, id: ProductId) -> Result<Option<ModeratedListing>, DbError> {
        listing(self.pool, id).await
    }

    pub async fn is_withheld(&self, id: ProductId) -> Result<bool, DbError> {
        is_withheld(self.pool, id).await
    }
}
