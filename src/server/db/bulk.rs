//! Bulk update files: the CSV files of prices and stock a seller's staff uploaded, kept as they
//! came until they are applied (once) or a week has passed.

use super::{DbError, Tx};
use crate::domain::{BulkId, SellerId, UserId};
use sqlx::{AnyPool, FromRow};

/// A file is kept this long (seconds) after its upload.
const KEPT_SECS: i64 = 7 * 24 * 3600;

/// A stored file, as uploaded.
#[derive(Clone, Debug, FromRow)]
pub struct StoredBulk {
    pub file_name: String,
    pub body: String,
    pub applied_at: Option<i64>,
}

pub struct Bulk<'a> {
    pool: &'a AnyPool,
}

impl<'a> Bulk<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    /// One of the seller's files (another seller's is not found).
    pub async fn file(&self, seller: SellerId, id: BulkId) -> Result<Option<StoredBulk>, DbError> {
        Ok(sqlx::query_as::<_, StoredBulk>(
            "SELECT file_name, body, applied_at FROM bulk_updates WHERE id = $1 AND seller_id = $2",
        )
        .bind(id.get())
        .bind(seller.get())
        .fetch_optional(self.pool)
        .await?)
    }
}

/// Stores an uploaded file, and forgets the seller's files older than a week.
pub async fn insert(
    tx: &mut Tx<'_>,
    seller: SellerId,
    user: UserId,
    (file_name, body): (&str, &str),
    now: i64,
) -> Result<BulkId, DbError> {
    sqlx::query("DELETE FROM bulk_updates WHERE seller_id = $1 AND created_at < $2")
        .bind(seller.get())
        .bind(now - KEPT_SECS)
        .execute(&mut **tx)
        .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO bulk_updates (seller_id, user_id, file_name, body, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(seller.get())
    .bind(user.get())
    .bind(file_name)
    .bind(body)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(BulkId::new(id))
}

/// One of the seller's files, its row held until the transaction ends (so it is applied once).
pub async fn hold(
    tx: &mut Tx<'_>,
    seller: SellerId,
    id: BulkId,
) -> Result<Option<StoredBulk>, DbError> {
    // A no-op update holds the row on both databases.
    Ok(sqlx::query_as::<_, StoredBulk>(
        "UPDATE bulk_updates SET applied_at = applied_at WHERE id = $1 AND seller_id = $2 \
         RETURNING file_name, body, applied_at",
    )
    .bind(id.get())
    .bind(seller.get())
    .fetch_optional(&mut **tx)
    .await?)
}

/// Marks a held file applied by `user` at `now`.
pub async fn mark_applied(
    tx: &mut Tx<'_>,
    id: BulkId,
    user: UserId,
    now: i64,
) -> Result<(), DbError> {
    sqlx::query("UPDATE bulk_updates SET applied_at = $1, applied_by = $2 WHERE id = $3")
        .bind(now)
        .bind(user.get())
        .bind(id.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
