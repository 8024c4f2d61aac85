//! Orders: the shopper's history and order pages, cancelling and buying again, and the state
//! changes the seller's staff, couriers and operators make. Every change is checked against the
//! order state machine and the caller's role here, on the server.

use crate::{
    domain::{order::OrderSummary, CheckoutId, OrderId},
    error::AppError,
    page::order::OrderDetail,
};
use leptos::prelude::*;

crate::form_fields! {
    /// Moving an order on: why, when it is rejected or failed.
    pub enum MoveField { Reason => "note" }
}

/// `/orders`: the signed-in account's orders, newest first.
#[server(endpoint = "orders/list")]
pub async fn order_list() -> Result<Vec<OrderSummary>, AppError> {
    use crate::server::auth::Access;
    let session = super::ssr::signed_in(Access::SignedIn)?;
    Ok(super::ssr::state()?
        .db
        .orders()
        .history(session.viewer.id)
        .await?)
}

/// The orders one press of the pay button placed (the "order placed" page).
#[server(endpoint = "orders/placed")]
pub async fn checkout_orders(checkout: CheckoutId) -> Result<Vec<OrderSummary>, AppError> {
    use crate::server::auth::Access;
    let session = super::ssr::signed_in(Access::SignedIn)?;
    let orders = super::ssr::state()?
        .db
        .orders()
        .of_checkout(session.viewer.id, checkout)
        .await?;
    if orders.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(orders)
}

/// `/orders/{id}`: for the shopper who placed it, the seller's staff, the logistics office and
/// operators; anyone else gets 403.
#[server(endpoint = "orders/detail")]
pub async fn get_order(id: OrderId) -> Result<OrderDetail, AppError> {
    use crate::server::auth::Access;
    let session = super::ssr::signed_in(Access::SignedIn)?;
    let db = super::ssr::state()?.db;
    let head = ssr::head(id).await?;
    ssr::may_see(&session.viewer, &head)?;
    let mut detail = db.orders().detail(id).await?.ok_or(AppError::NotFound)?;
    // The code is the shopper's to tell the courier at the door: nobody else reads it, and it
    // is no use once the order is settled.
    if head.user != session.viewer.id || detail.summary.status.settled() {
        detail.code = None;
    }
    Ok(detail)
}

/// The shopper calls their order off (before the seller has packed it): the hold is voided and
/// the stock released.
#[server(endpoint = "orders/cancel")]
pub async fn cancel_order(id: OrderId) -> Result<(), AppError> {
    use crate::{domain::order::OrderStatus, error::Refusal};
    let session = super::ssr::signed_in(super::checkout::ssr::BUYERS)?;
    let head = ssr::own(id, session.viewer.id).await?;
    if !head.status.shopper_can_cancel() {
        return Err(AppError::Refused(Refusal::OrderState {
            from: head.status,
            to: OrderStatus::Cancelled,
        }));
    }
    ssr::move_order(
        &head,
        OrderStatus::Cancelled,
        session.viewer.id,
        "cancelled by the shopper",
        None,
    )
    .await
}

/// Moves an order on: seller staff accept it, mark it ready or reject it (with a reason);
/// operators may make any move the state machine allows (refunds, closing a delivery whose code
/// was lost). Couriers move orders with `courier/*`, which checks the round and the code.
#[server(endpoint = "orders/advance")]
pub async fn advance_order(id: OrderId, to: String, note: String) -> Result<(), AppError> {
    use crate::{
        domain::{account::Role, order::OrderStatus},
        server::auth::ORDER_STAFF,
    };
    let session = super::ssr::signed_in(ORDER_STAFF)?;
    let to = OrderStatus::from_code(to.trim())
        .ok_or_else(|| AppError::BadRequest("unknown order state".into()))?;
    let note: String = note
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    // Rejecting or failing an order says why (the shopper reads it on the order page).
    if matches!(to, OrderStatus::Cancelled | OrderStatus::DeliveryFailed) && note.is_empty() {
        return Err(AppError::invalid(
            MoveField::Reason,
            crate::domain::form::FieldProblem::Required,
        ));
    }
    let head = ssr::head(id).await?;
    let v = &session.viewer;
    let allowed = match v.role {
        Role::Seller => {
            v.seller == Some(head.seller)
                && matches!(
                    to,
                    OrderStatus::Accepted | OrderStatus::Ready | OrderStatus::Cancelled
                )
        }
        Role::Operator => true,
        Role::Courier | Role::Dispatcher | Role::Shopper | Role::Business => false,
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    ssr::move_order(&head, to, v.id, &note, None).await?;
    tracing::info!(order = %id, to = to.code(), by = %v.id, "order moved");
    Ok(())
}

/// Puts an earlier order's goods back in the cart (those still sold, as many as are in stock).
#[server(endpoint = "orders/reorder")]
pub async fn reorder(id: OrderId) -> Result<u32, AppError> {
    use crate::{
        domain::quantity::Quantity,
        server::db::orders::{CartOwner, CartPut},
    };
    let session = super::ssr::signed_in(super::checkout::ssr::BUYERS)?;
    let state = super::ssr::state()?;
    ssr::own(id, session.viewer.id).await?;
    let orders = state.db.orders();
    let owner = CartOwner::User(session.viewer.id);
    let items: Vec<_> = orders
        .order_items(id)
        .await?
        .into_iter()
        .map(|(p, q)| (p, q, None))
        .collect();
    let now = state.clock.now();
    let mut added = 0;
    for (_, line) in orders.lines(&items).await? {
        let Ok(q) = Quantity::new(line.quantity.get().min(line.stock)) else {
            continue;
        };
        // A full cart takes no more (what is in it stays).
        if let CartPut::Put(_) = orders.cart_put(&owner, line.product, q, false, now).await? {
            added += 1;
        }
    }
    super::ssr::then_go(
        &crate::domain::LocalPath::parse("/cart").unwrap_or_else(crate::domain::LocalPath::home),
    );
    Ok(added)
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::{
        domain::{
            account::{Role, Viewer},
            dispatch::FailureReason,
            order::OrderStatus,
            OrderId, UserId,
        },
        error::{AppError, Refusal},
        server::db::orders::OrderHead,
    };

    /// The order, or 404.
    pub async fn head(id: OrderId) -> Result<OrderHead, AppError> {
        crate::api::ssr::state()?
            .db
            .orders()
            .head(id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// The order if it is `user`'s; 403 if it is someone else's.
    pub async fn own(id: OrderId, user: UserId) -> Result<OrderHead, AppError> {
        let head = head(id).await?;
        if head.user == user {
            Ok(head)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Moves the order to `to` (with what that does to stock and money), or says why not.
    pub async fn move_order(
        head: &OrderHead,
        to: OrderStatus,
        actor: UserId,
        note: &str,
        failure: Option<FailureReason>,
    ) -> Result<(), AppError> {
        let state = crate::api::ssr::state()?;
        let moved = head.status.can_become(to)
            && state
                .db
                .orders()
                .transition(
                    head.id,
                    head.status,
                    to,
                    Some(actor),
                    note,
                    failure,
                    head.courier,
                    state.clock.now(),
                )
                .await?;
        if moved {
            Ok(())
        } else {
            Err(AppError::Refused(Refusal::OrderState {
                from: head.status,
                to,
            }))
        }
    }

    /// Who may read an order: the shopper who placed it, its seller's staff, the courier who
    /// carries it, a dispatcher of its city's office, and operators.
    pub fn may_see(v: &Viewer, order: &OrderHead) -> Result<(), AppError> {
        let ok = match v.role {
            Role::Shopper | Role::Business => order.user == v.id,
            Role::Seller => v.seller == Some(order.seller),
            Role::Courier => order.courier == Some(v.id),
            Role::Dispatcher => v.city == Some(order.city),
            Role::Operator => true,
        };
        if ok {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}
