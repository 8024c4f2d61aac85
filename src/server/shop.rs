//! Buying, on the server: whose cart a request means, PIN and card digests, and the task that
//! releases holds that ran out.

use super::{
    auth::{self, Session},
    clock::Clock,
    config::Security,
    cookies::{self, Kind},
    db::{orders::CartOwner, Db},
};
use crate::{domain::order::OrderStatus, error::AppError};
use std::time::Duration;

/// `Set-Cookie` for a guest cart: as long as an idle guest cart is kept, HttpOnly (the account's
/// cart needs no cookie).
pub fn guest_cookie(token: &str, security: &Security) -> String {
    cookies::set(
        Kind::GuestCart,
        token,
        crate::domain::cart::GUEST_CART_IDLE_SECS,
        security,
    )
}

pub fn clear_guest_cookie(security: &Security) -> String {
    cookies::clear(Kind::GuestCart, security)
}

/// Whose cart this request means: the signed-in account's, else the guest's, whose token
/// (`guest_token`, from the `GuestCart` cookie) names it. `None` for a guest without a cart yet.
pub fn cart_owner(session: Option<&Session>, guest_token: Option<&str>) -> Option<CartOwner> {
    match session {
        Some(s) => Some(CartOwner::User(s.viewer.id)),
        None => guest_token
            .filter(|t| auth::is_token(t))
            .map(|t| CartOwner::Guest(auth::token_hash(t))),
    }
}

/// A new random salt or token, hex.
pub fn random_hex() -> Result<String, AppError> {
    auth::new_token()
}

/// Cancels the orders whose hold ran out before pickup: the money goes back and the stock is
/// released. Returns how many.
pub async fn expire_holds(db: &Db, now: i64) -> Result<usize, AppError> {
    let orders = db.orders();
    let mut n = 0;
    for (id, status) in orders.expired_holds(now).await? {
        let cancelled = orders
            .transition(
                id,
                status,
                OrderStatus::Cancelled,
                None,
                "hold expired",
                None,
                None,
                now,
            )
            .await;
        match cancelled {
            Ok(true) => n += 1,
            Ok(false) => {}
            // The next run tries it again; the others go on now.
            Err(err) => tracing::warn!(order = %id, error = %err, "cannot expire a hold"),
        }
    }
    Ok(n)
}

/// Runs `expire_holds` every five minutes.
pub fn spawn_hold_expiry(db: Db, clock: Clock) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(300));
        loop {
            every.tick().await;
            match expire_holds(&db, clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(orders = n, "holds expired: orders cancelled"),
                Err(err) => tracing::warn!(error = %err, "cannot expire holds"),
            }
        }
    });
}
