//! Reading the books as an auditor would, straight from the database: where every unit of stock
//! and every chon went. The drills (`make drill`) check these after killing servers and databases
//! under load.

use okryu::domain::{CheckoutId, ProductId, UserId, Won};
use sqlx::{any::AnyPoolOptions, AnyPool, Row};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// The auditor's own connection to the shop's database.
pub struct Audit {
    pool: AnyPool,
}

fn count(table: &str, column: &str, v: i64) -> Result<u32, Error> {
    u32::try_from(v).map_err(|_| format!("{table}.{column} holds {v}").into())
}

/// One product's stock, and the units of it in orders that were not called off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StockCount {
    pub product: ProductId,
    pub stock: u32,
    pub ordered: u32,
}

/// One customer's money: what the account holds, and what their orders that were not called off
/// cost (goods and delivery).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spending {
    pub user: UserId,
    pub balance: Won,
    pub ordered: Won,
}

impl Audit {
    /// Connects to the database at `url` (a few connections of its own).
    pub async fn connect(url: &str) -> Result<Audit, Error> {
        sqlx::any::install_default_drivers();
        let pool = AnyPoolOptions::new()
            .max_connections(2)
            .connect(url)
            .await?;
        Ok(Audit { pool })
    }

    /// Refreshes the query planner's statistics (after a bulk load).
    pub async fn analyze(&self) -> Result<(), Error> {
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Every product's stock and the units ordered of it.
    pub async fn stock(&self) -> Result<Vec<StockCount>, Error> {
        sqlx::query(
            "SELECT p.id, p.stock, CAST(COALESCE((SELECT SUM(l.quantity) FROM order_lines l \
                 JOIN orders o ON o.id = l.order_id \
                 WHERE l.product_id = p.id AND o.status <> 'cancelled'), 0) AS BIGINT) AS ordered \
             FROM products p ORDER BY p.id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(StockCount {
                product: ProductId::new(r.try_get("id")?),
                stock: count("products", "stock", r.try_get("stock")?)?,
                ordered: count("order_lines", "quantity", r.try_get("ordered")?)?,
            })
        })
        .collect()
    }

    /// Every checkout: its id, whose, and the key its pay button sent.
    pub async fn checkouts(&self) -> Result<Vec<(CheckoutId, UserId, String)>, Error> {
        sqlx::query("SELECT id, user_id, idem_key FROM checkouts ORDER BY id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok((
                    CheckoutId::new(r.try_get("id")?),
                    UserId::new(r.try_get("user_id")?),
                    r.try_get("idem_key")?,
                ))
            })
            .collect()
    }

    /// Orders whose payment was not held exactly once, for exactly their total.
    pub async fn orders_held_wrong(&self) -> Result<i64, Error> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM orders o WHERE o.goods_chon + o.fee_chon <> \
               (SELECT CAST(COALESCE(SUM(t.amount_chon), 0) AS BIGINT) FROM transfers t \
                WHERE t.order_id = o.id AND t.kind = 'hold') \
             OR 1 <> (SELECT COUNT(*) FROM transfers t WHERE t.order_id = o.id AND t.kind = 'hold')",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// Every customer's balance beside the cost of their orders that were not called off.
    pub async fn spending(&self) -> Result<Vec<Spending>, Error> {
        sqlx::query(
            "SELECT a.user_id, a.balance_chon, CAST(COALESCE((SELECT SUM(o.goods_chon + o.fee_chon) \
                 FROM orders o WHERE o.user_id = a.user_id AND o.status <> 'cancelled'), 0) \
                 AS BIGINT) AS ordered \
             FROM bank_accounts a WHERE a.kind = 'customer' ORDER BY a.user_id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Spending {
                user: UserId::new(r.try_get("user_id")?),
                balance: Won::from_chon(r.try_get("balance_chon")?),
                ordered: Won::from_chon(r.try_get("ordered")?),
            })
        })
        .collect()
    }
}
