//! A seller's sales figures, read from the ledger (`ledger_entries` of the seller's bank account),
//! its orders and their events. Days are Pyongyang's (UTC+9): `(at + 32400) / 86400`.

use super::{rows, DbError};
use crate::domain::{
    catalog::Localized,
    sales::{DaySales, Deliveries, ProductSales},
    time::PyongyangTime,
    ProductId, SellerId, Won,
};
use sqlx::AnyPool;

/// The Pyongyang day of a stored instant, in SQL.
const DAY_OF: &str = "(({at} + 32400) / 86400)";

fn day_of(column: &str) -> String {
    DAY_OF.replace("{at}", column)
}

pub struct Sales<'a> {
    pool: &'a AnyPool,
}

impl<'a> Sales<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    /// Money captured to the seller and refunded from it, by day, from midnight of day `first`
    /// on: the seller's ledger entries of captures (in) and refunds (out).
    pub async fn money_by_day(
        &self,
        seller: SellerId,
        first: i64,
    ) -> Result<Vec<DaySales>, DbError> {
        let day = day_of("t.created_at");
        let found: Vec<(i64, i64, i64)> = sqlx::query_as(&format!(
            "SELECT {day} AS day, \
                 CAST(COALESCE(SUM(CASE WHEN t.kind = 'capture' THEN e.amount_chon ELSE 0 END), 0) AS BIGINT), \
                 CAST(COALESCE(SUM(CASE WHEN t.kind = 'refund' THEN -e.amount_chon ELSE 0 END), 0) AS BIGINT) \
             FROM bank_accounts b \
             JOIN ledger_entries e ON e.account_id = b.id \
             JOIN transfers t ON t.id = e.transfer_id \
             WHERE b.kind = 'seller' AND b.seller_id = $1 \
                 AND t.kind IN ('capture', 'refund') AND t.created_at >= $2 \
             GROUP BY {day}"
        ))
        .bind(seller.get())
        .bind(PyongyangTime::midnight_of(first))
        .fetch_all(self.pool)
        .await?;
        Ok(found
            .into_iter()
            .map(|(day, captured, refunded)| DaySales {
                day,
                orders: 0,
                captured: Won::from_chon(captured),
                refunded: Won::from_chon(refunded),
            })
            .collect())
    }

    /// Orders placed with the seller, by day, from midnight of day `first` on.
    pub async fn orders_by_day(
        &self,
        seller: SellerId,
        first: i64,
    ) -> Result<Vec<DaySales>, DbError> {
        let day = day_of("created_at");
        let found: Vec<(i64, i64)> = sqlx::query_as(&format!(
            "SELECT {day} AS day, COUNT(*) FROM orders \
             WHERE seller_id = $1 AND created_at >= $2 GROUP BY {day}"
        ))
        .bind(seller.get())
        .bind(PyongyangTime::midnight_of(first))
        .fetch_all(self.pool)
        .await?;
        found
            .into_iter()
            .map(|(day, n)| {
                Ok(DaySales {
                    day,
                    orders: rows::count("orders", "id", n)?,
                    ..Default::default()
                })
            })
            .collect()
    }

    /// The goods of the seller's orders captured from midnight of day `first` on, by product
    /// (named as it is now), at the prices paid; best-selling first.
    pub async fn by_product(
        &self,
        seller: SellerId,
        first: i64,
    ) -> Result<Vec<ProductSales>, DbError> {
        let found: Vec<(i64, String, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT p.id, p.name_ko, p.name_en, COUNT(*), \
                 CAST(SUM(l.quantity) AS BIGINT), CAST(SUM(l.price_chon * l.quantity) AS BIGINT) AS sales \
             FROM orders o \
             JOIN transfers t ON t.order_id = o.id AND t.kind = 'capture' \
             JOIN bank_accounts b ON b.id = t.to_account AND b.kind = 'seller' \
             JOIN order_lines l ON l.order_id = o.id \
             JOIN products p ON p.id = l.product_id \
             WHERE o.seller_id = $1 AND t.created_at >= $2 \
             GROUP BY p.id, p.name_ko, p.name_en \
             ORDER BY sales DESC, p.id",
        )
        .bind(seller.get())
        .bind(PyongyangTime::midnight_of(first))
        .fetch_all(self.pool)
        .await?;
        found
            .into_iter()
            .map(|(id, ko, en, orders, units, sales)| {
                Ok(ProductSales {
                    id: ProductId::new(id),
                    name: Localized::new(ko, en),
                    orders: rows::count("order_lines", "order_id", orders)?,
                    units: rows::count("order_lines", "quantity", units)?,
                    sales: Won::from_chon(sales),
                })
            })
            .collect()
    }

    /// The seller's deliveries that ended from midnight of day `first` on: delivered (with the
    /// time each took from placing) and failed.
    pub async fn deliveries(&self, seller: SellerId, first: i64) -> Result<Deliveries, DbError> {
        let found: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT e.status, COUNT(*), CAST(COALESCE(SUM(e.at - o.created_at), 0) AS BIGINT) \
             FROM orders o JOIN order_events e ON e.order_id = o.id \
             WHERE o.seller_id = $1 AND e.status IN ('delivered', 'delivery_failed') \
                 AND e.at >= $2 \
             GROUP BY e.status",
        )
        .bind(seller.get())
        .bind(PyongyangTime::midnight_of(first))
        .fetch_all(self.pool)
        .await?;
        let mut d = Deliveries::default();
        for (status, n, secs) in found {
            let n = rows::count("order_events", "status", n)?;
            if status == "delivered" {
                d.delivered = n;
                d.total_secs = secs;
            } else {
                d.failed = n;
            }
        }
        Ok(d)
    }
}
