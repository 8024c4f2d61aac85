//! The totals of closed days (migration 0022): written once a Pyongyang day has ended, so the
//! operators' dashboard reads a row a day for it instead of every order (`db::traffic` reads them).
//! A day's totals are what its own rows say: orders placed, orders handed over and money moved
//! that day; nothing written later changes a closed day.

use super::{
    traffic::{day_of, due},
    DbError, Tx,
};
use crate::domain::time::PyongyangTime;

/// Holds the closed days' mark (its row locked on PostgreSQL, the database on SQLite) so two
/// servers closing days at once take turns: the last closed day, if any.
pub async fn hold(tx: &mut Tx<'_>) -> Result<Option<i64>, DbError> {
    let (last,): (Option<i64>,) = sqlx::query_as(
        "INSERT INTO closed_days (id, last_day) VALUES (1, NULL) \
         ON CONFLICT (id) DO UPDATE SET id = closed_days.id RETURNING last_day",
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(last)
}

/// The day the first order was placed, if there is one.
pub async fn first_order_day(tx: &mut Tx<'_>) -> Result<Option<i64>, DbError> {
    let (first,): (Option<i64>,) = sqlx::query_as("SELECT MIN(created_at) FROM orders")
        .fetch_one(&mut **tx)
        .await?;
    Ok(first.map(|at| PyongyangTime::at(at).day_number()))
}

/// Marks every day up to `day` closed.
pub async fn mark(tx: &mut Tx<'_>, day: i64) -> Result<(), DbError> {
    sqlx::query("UPDATE closed_days SET last_day = $1 WHERE id = 1")
        .bind(day)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Writes the totals of `day` and marks it closed (the days before it must be).
pub async fn close(tx: &mut Tx<'_>, day: i64) -> Result<(), DbError> {
    let totals = [
        "INSERT INTO sales_days (day, placed, delivered, captured_chon, refunded_chon) SELECT $3, \
             (SELECT COUNT(*) FROM orders WHERE created_at >= $1 AND created_at < $2), \
             (SELECT COUNT(*) FROM order_events \
              WHERE status = 'delivered' AND at >= $1 AND at < $2), \
             (SELECT COALESCE(SUM(amount_chon), 0) FROM transfers \
              WHERE kind = 'capture' AND created_at >= $1 AND created_at < $2), \
             (SELECT COALESCE(SUM(amount_chon), 0) FROM transfers \
              WHERE kind = 'refund' AND created_at >= $1 AND created_at < $2)"
            .to_string(),
        "INSERT INTO share_days (part, day, id, orders, goods_chon) \
         SELECT 'city', $3, d.city_id, COUNT(*), COALESCE(SUM(o.goods_chon), 0) \
         FROM orders o JOIN districts d ON d.id = o.district_id \
         WHERE o.created_at >= $1 AND o.created_at < $2 GROUP BY d.city_id"
            .to_string(),
        "INSERT INTO share_days (part, day, id, orders, goods_chon) \
         SELECT 'category', $3, COALESCE(k.parent_id, k.id), COUNT(DISTINCT o.id), \
             COALESCE(SUM(l.price_chon * l.quantity), 0) \
         FROM orders o JOIN order_lines l ON l.order_id = o.id \
         JOIN products p ON p.id = l.product_id JOIN categories k ON k.id = p.category_id \
         WHERE o.created_at >= $1 AND o.created_at < $2 GROUP BY COALESCE(k.parent_id, k.id)"
            .to_string(),
        "INSERT INTO share_days (part, day, id, orders, goods_chon) \
         SELECT 'seller', $3, o.seller_id, COUNT(*), COALESCE(SUM(o.goods_chon), 0) \
         FROM orders o WHERE o.created_at >= $1 AND o.created_at < $2 GROUP BY o.seller_id"
            .to_string(),
        format!(
            "INSERT INTO on_time_days (day, city_id, on_time, late) \
             SELECT $3, d.city_id, SUM(CASE WHEN e.at <= {due} THEN 1 ELSE 0 END), \
                 SUM(CASE WHEN e.at > {due} THEN 1 ELSE 0 END) \
             FROM order_events e JOIN orders o ON o.id = e.order_id \
             JOIN districts d ON d.id = o.district_id \
             WHERE e.status = 'delivered' AND e.at >= $1 AND e.at < $2 GROUP BY d.city_id",
            due = due()
        ),
        format!(
            "INSERT INTO delivered_days (placed_day, day, orders) \
             SELECT {placed}, $3, COUNT(*) FROM order_events e JOIN orders o ON o.id = e.order_id \
             WHERE e.status = 'delivered' AND e.at >= $1 AND e.at < $2 GROUP BY {placed}",
            placed = day_of("o.created_at")
        ),
    ];
    for sql in totals {
        sqlx::query(&sql)
            .bind(PyongyangTime::midnight_of(day))
            .bind(PyongyangTime::midnight_of(day + 1))
            .bind(day)
            .execute(&mut **tx)
            .await?;
    }
    mark(tx, day).await
}
