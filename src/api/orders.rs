//! Orders: the shopper's history and order pages, cancelling and buying again, and the moves the
//! seller's staff and operators make. The rules (the state machine, who may move what, what a
//! move does to stock and money) are `server::service::orders`'.

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

access!(OrderList => SIGNED_IN);
/// `/orders`: the signed-in account's orders, newest first.
#[server(endpoint = "orders/list")]
pub async fn order_list() -> Result<Vec<OrderSummary>, AppError> {
    let session = super::ssr::signed_in::<OrderList>()?;
    Ok(super::ssr::state()?
        .db
        .orders()
        .history(session.viewer.id)
        .await?)
}

access!(CheckoutOrders => SIGNED_IN);
/// The orders one press of the pay button placed (the "order placed" page).
#[server(endpoint = "orders/placed")]
pub async fn checkout_orders(checkout: CheckoutId) -> Result<Vec<OrderSummary>, AppError> {
    let session = super::ssr::signed_in::<CheckoutOrders>()?;
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

access!(GetOrder => SIGNED_IN);
/// `/orders/{id}`: for the shopper who placed it, the seller's staff, the courier who carries it,
/// a dispatcher of its city and operators; anyone else gets 403.
#[server(endpoint = "orders/detail")]
pub async fn get_order(id: OrderId) -> Result<OrderDetail, AppError> {
    use crate::server::service::orders::{head, may_see};
    let session = super::ssr::signed_in::<GetOrder>()?;
    let state = super::ssr::state()?;
    let order = head(state.services(), id).await?;
    may_see(&session.viewer, &order)?;
    let mut detail = state
        .db
        .orders()
        .detail(id)
        .await?
        .ok_or(AppError::NotFound)?;
    // The code is the shopper's to tell the courier at the door: nobody else reads it, and it
    // is no use once the order is settled.
    if order.user != session.viewer.id || detail.summary.status.settled() {
        detail.code = None;
    }
    Ok(detail)
}

access!(CancelOrder => BUYERS);
/// The shopper calls their order off (before the seller has packed it): the hold is voided and
/// the stock released.
#[server(endpoint = "orders/cancel")]
pub async fn cancel_order(id: OrderId) -> Result<(), AppError> {
    let session = super::ssr::signed_in::<CancelOrder>()?;
    let state = super::ssr::state()?;
    crate::server::service::orders::cancel(state.services(), session.viewer.id, id).await?;
    Ok(())
}

access!(AdvanceOrder => ORDER_STAFF);
/// Moves an order on: seller staff accept it, mark it ready or reject it (with a reason);
/// operators may make any move the state machine allows (refunds, closing a delivery whose code
/// was lost). Couriers move orders with `courier/*`, which checks the round and the code.
#[server(endpoint = "orders/advance")]
pub async fn advance_order(id: OrderId, to: String, note: String) -> Result<(), AppError> {
    use crate::domain::order::OrderStatus;
    let session = super::ssr::signed_in::<AdvanceOrder>()?;
    let to = OrderStatus::from_code(to.trim())
        .ok_or_else(|| AppError::BadRequest("unknown order state".into()))?;
    let note = super::ssr::note(&note);
    let state = super::ssr::state()?;
    crate::server::service::orders::advance(state.services(), &session.viewer, id, to, &note)
        .await
        .map_err(|e| e.answer(|_| MoveField::Reason))
}

access!(Reorder => BUYERS);
/// Puts an earlier order's goods back in the cart (those still sold, as many as are in stock).
#[server(endpoint = "orders/reorder")]
pub async fn reorder(id: OrderId) -> Result<u32, AppError> {
    let session = super::ssr::signed_in::<Reorder>()?;
    let state = super::ssr::state()?;
    let added =
        crate::server::service::cart::reorder(state.services(), session.viewer.id, id).await?;
    super::ssr::then_go(
        &crate::domain::LocalPath::parse("/cart").unwrap_or_else(crate::domain::LocalPath::home),
    );
    Ok(added)
}
