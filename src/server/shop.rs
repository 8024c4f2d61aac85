//! The guest cart's cookie (a random token naming a guest's cart), and the task that releases
//! holds that ran out.

use super::{
    config::Security,
    cookies::{self, Kind},
    service,
    state::AppState,
};
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

/// Cancels the orders whose hold ran out (`service::orders::expire_holds`) every five minutes.
pub fn spawn_hold_expiry(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(300));
        loop {
            every.tick().await;
            match service::orders::expire_holds(state.services()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(orders = n, "holds expired: orders cancelled"),
                Err(err) => tracing::warn!(error = %err, "cannot expire holds"),
            }
        }
    });
}
