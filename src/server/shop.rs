//! The guest cart's cookie (a random token naming a guest's cart), the task that releases holds
//! that ran out and the one that closes the days that are over.

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

/// Closes the days that are over (`service::operator::close_days`) every ten minutes, from the
/// start on (a server that was down catches up).
pub fn spawn_day_closer(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(600));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            match service::operator::close_days(state.services()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(days = n, "days closed: their sales totals written"),
                Err(err) => tracing::warn!(error = %err, "cannot close the days that are over"),
            }
        }
    });
}

/// Places the standing orders' deliveries that are due (`service::standing::run_due`) every
/// minute, from the start on (a server that was down catches up, and marks missed what it can
/// no longer place). Several servers may run it at once: each delivery is dealt with once.
pub fn spawn_standing_orders(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(60));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            match service::standing::run_due(state.services()).await {
                Ok(ran) if ran == service::standing::Ran::default() => {}
                Ok(ran) => tracing::info!(
                    placed = ran.placed,
                    failed = ran.failed,
                    missed = ran.missed,
                    errors = ran.errors,
                    "standing orders' deliveries dealt with"
                ),
                Err(err) => tracing::warn!(error = %err, "cannot place standing orders"),
            }
        }
    });
}
