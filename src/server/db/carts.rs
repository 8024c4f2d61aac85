//! Carts: an account's, or a guest's named by the digest of the token in their cookie, and the
//! lines in them with the price each had when it went in. SQL only; the rules are the cart
//! service's.

use super::{
    rows::{count, quantity},
    DbError, Tx,
};
use crate::domain::{quantity::Quantity, ProductId, UserId};
use sqlx::{AnyPool, Row};

pub struct Carts<'a> {
    pool: &'a AnyPool,
}

/// Whose cart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CartOwner {
    User(UserId),
    /// A guest, by the SHA-256 of the token in their cookie.
    Guest(String),
}

/// A line as it goes into a cart.
#[derive(Clone, Copy, Debug)]
pub struct NewLine {
    pub cart: i64,
    pub product: ProductId,
    pub quantity: Quantity,
    /// The product's price now, in chon: what the shopper is told about if it changes.
    pub price_chon: i64,
    pub added_at: i64,
}

impl<'a> Carts<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    async fn id(&self, owner: &CartOwner) -> Result<Option<i64>, DbError> {
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

    /// The cart's items with the price each had when it went in (chon), oldest first.
    pub async fn items(
        &self,
        owner: &CartOwner,
    ) -> Result<Vec<(ProductId, Quantity, i64)>, DbError> {
        let Some(cart) = self.id(owner).await? else {
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
            Ok((
                ProductId::new(r.try_get("product_id")?),
                quantity(r.try_get("quantity")?)?,
                r.try_get("price_chon")?,
            ))
        })
        .collect()
    }

    /// How many different goods the owner's cart holds (one query: the header asks on every page).
    pub async fn size(&self, owner: &CartOwner) -> Result<u32, DbError> {
        let q = match owner {
            CartOwner::User(u) => sqlx::query_scalar(
                "SELECT COUNT(*) FROM cart_items i JOIN carts c ON c.id = i.cart_id \
                 WHERE c.user_id = $1",
            )
            .bind(u.get()),
            CartOwner::Guest(h) => sqlx::query_scalar(
                "SELECT COUNT(*) FROM cart_items i JOIN carts c ON c.id = i.cart_id \
                 WHERE c.guest_token_hash = $1",
            )
            .bind(h.clone()),
        };
        let n: i64 = q.fetch_one(self.pool).await?;
        count("cart_items", "cart_id", n)
    }

    /// Takes a product out of the cart.
    pub async fn remove(&self, owner: &CartOwner, product: ProductId) -> Result<(), DbError> {
        if let Some(cart) = self.id(owner).await? {
            sqlx::query("DELETE FROM cart_items WHERE cart_id = $1 AND product_id = $2")
                .bind(cart)
                .bind(product.get())
                .execute(self.pool)
                .await?;
        }
        Ok(())
    }
}

/// The owner's cart, opened if there is none; touching it holds its row until commit, so two
/// changes to one cart go one after the other.
pub async fn open(tx: &mut Tx<'_>, owner: &CartOwner, now: i64) -> Result<i64, DbError> {
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

/// A guest's cart, if they have one.
pub async fn guest_cart(tx: &mut Tx<'_>, guest_hash: &str) -> Result<Option<i64>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM carts WHERE guest_token_hash = $1")
            .bind(guest_hash)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// How many of `product` the cart holds, if any.
pub async fn quantity_of(
    tx: &mut Tx<'_>,
    cart: i64,
    product: ProductId,
) -> Result<Option<Quantity>, DbError> {
    let q: Option<i64> = sqlx::query_scalar(
        "SELECT quantity FROM cart_items WHERE cart_id = $1 AND product_id = $2",
    )
    .bind(cart)
    .bind(product.get())
    .fetch_optional(&mut **tx)
    .await?;
    q.map(quantity).transpose()
}

/// Sets the quantity of a line the cart has.
pub async fn set_quantity(
    tx: &mut Tx<'_>,
    cart: i64,
    product: ProductId,
    q: Quantity,
) -> Result<(), DbError> {
    sqlx::query("UPDATE cart_items SET quantity = $1 WHERE cart_id = $2 AND product_id = $3")
        .bind(i64::from(q.get()))
        .bind(cart)
        .bind(product.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn add_line(tx: &mut Tx<'_>, line: &NewLine) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO cart_items (cart_id, product_id, quantity, price_chon, added_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(line.cart)
    .bind(line.product.get())
    .bind(i64::from(line.quantity.get()))
    .bind(line.price_chon)
    .bind(line.added_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// How many different goods a cart holds.
pub async fn line_count(tx: &mut Tx<'_>, cart: i64) -> Result<u32, DbError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cart_items WHERE cart_id = $1")
        .bind(cart)
        .fetch_one(&mut **tx)
        .await?;
    count("cart_items", "cart_id", n)
}

/// A cart's lines as they went in.
pub async fn lines_of(tx: &mut Tx<'_>, cart: i64) -> Result<Vec<NewLine>, DbError> {
    sqlx::query(
        "SELECT product_id, quantity, price_chon, added_at FROM cart_items WHERE cart_id = $1",
    )
    .bind(cart)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| {
        Ok(NewLine {
            cart,
            product: ProductId::new(r.try_get("product_id")?),
            quantity: quantity(r.try_get("quantity")?)?,
            price_chon: r.try_get("price_chon")?,
            added_at: r.try_get("added_at")?,
        })
    })
    .collect()
}

/// Deletes a cart (its lines go with it).
pub async fn delete(tx: &mut Tx<'_>, cart: i64) -> Result<(), DbError> {
    sqlx::query("DELETE FROM cart_items WHERE cart_id = $1")
        .bind(cart)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM carts WHERE id = $1")
        .bind(cart)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Takes bought goods out of the user's cart.
pub async fn remove_bought(
    tx: &mut Tx<'_>,
    user: UserId,
    products: &[ProductId],
) -> Result<(), DbError> {
    for product in products {
        sqlx::query(
            "DELETE FROM cart_items WHERE product_id = $1 AND cart_id IN \
             (SELECT id FROM carts WHERE user_id = $2)",
        )
        .bind(product.get())
        .bind(user.get())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Forgets guests' carts untouched since `before` (their lines first); how many.
pub async fn purge_guests(tx: &mut Tx<'_>, before: i64) -> Result<u64, DbError> {
    sqlx::query(
        "DELETE FROM cart_items WHERE cart_id IN \
         (SELECT id FROM carts WHERE guest_token_hash IS NOT NULL AND updated_at < $1)",
    )
    .bind(before)
    .execute(&mut **tx)
    .await?;
    Ok(
        sqlx::query("DELETE FROM carts WHERE guest_token_hash IS NOT NULL AND updated_at < $1")
            .bind(before)
            .execute(&mut **tx)
            .await?
            .rows_affected(),
    )
}
