//! Orders: the shopper's history and order pages, cancelling and buying again, and the moves the
//! seller's staff and operators make. The rules (the state machine, who may move what, what a
//! move does to stock and money) are `server::service::orders`'.

use crate::{
    domain::{order::OrderSummary, CheckoutId, OrderId},
    error::AppError,
    page::order::OrderDetail,
};
use leptos::{prelude::*, server_fn::codec::GetUrl};

crate::form_fields! {
    /// Moving an order on: why, when it is rejected or failed.
    pub enum MoveField { Reason => "note" }
}

access!(OrderList => SIGNED_IN);
/// `/orders`: the signed-in account's orders, newest first.
#[server(endpoint = "orders/list")]
pub async fn order_list() -> Result<Vec<OrderSummary>, AppError> {
    let cx = super::ssr::guard::<OrderList>()?;
    let user = cx.signed_in()?.viewer.id;
    Ok(crate::server::service::orders::history(cx.services(), user).await?)
}

access!(CheckoutOrders => BUYERS);
/// The orders one press of the pay button placed (the "order placed" page).
#[server(endpoint = "orders/placed")]
pub async fn checkout_orders(checkout: CheckoutId) -> Result<Vec<OrderSummary>, AppError> {
    let cx = super::ssr::guard::<CheckoutOrders>()?;
    let user = cx.signed_in()?.viewer.id;
    Ok(crate::server::service::orders::of_checkout(cx.services(), user, checkout).await?)
}

access!(GetOrder => SIGNED_IN);
/// `/orders/{id}`: for the shopper who placed it, the seller's staff, the courier who carries it,
/// a dispatcher of its city and operators; anyone else gets 403.
#[server(endpoint = "orders/detail")]
pub async fn get_order(id: OrderId) -> Result<OrderDetail, AppError> {
    let cx = super::ssr::guard::<GetOrder>()?;
    let viewer = &cx.signed_in()?.viewer;
    Ok(crate::server::service::orders::detail(cx.services(), viewer, id).await?)
}

access!(OrderLive => SIGNED_IN);
/// What an open order page asks every few seconds (a GET): the order's version, sent as the
/// answer's `ETag` too. Asked with `If-None-Match` while nothing changed, the answer is a 304
/// without a body (`http::not_modified`): a few hundred bytes of headers.
#[server(endpoint = "orders/live", input = GetUrl)]
pub async fn order_live(id: OrderId) -> Result<String, AppError> {
    let cx = super::ssr::guard::<OrderLive>()?;
    let viewer = &cx.signed_in()?.viewer;
    let version = crate::server::service::orders::version(cx.services(), viewer, id).await?;
    cx.etag(&version);
    Ok(version)
}

access!(CancelOrder => BUYERS);
/// The shopper calls their order off (before the seller has packed it): the hold is voided and
/// the stock released.
#[server(endpoint = "orders/cancel")]
pub async fn cancel_order(id: OrderId) -> Result<(), AppError> {
    let cx = super::ssr::guard::<CancelOrder>()?;
    let user = cx.signed_in()?.viewer.id;
    crate::server::service::orders::cancel(cx.services(), user, id).await?;
    // Back to the order itself (not to the question that asked).
    cx.then_go(&super::ssr::local(&format!("/orders/{id}")));
    Ok(())
}

access!(AdvanceOrder => ORDER_STAFF);
/// Moves an order on: seller staff accept it, mark it ready or reject it (with a reason);
/// operators may make any move the state machine allows (refunds, closing a delivery whose code
/// was lost). Couriers move orders with `courier/*`, which checks the round and the code.
#[server(endpoint = "orders/advance")]
pub async fn advance_order(id: OrderId, to: String, note: String) -> Result<(), AppError> {
    use crate::domain::order::OrderStatus;
    let cx = super::ssr::guard::<AdvanceOrder>()?;
    let viewer = &cx.signed_in()?.viewer;
    let to = OrderStatus::from_code(to.trim())
        .ok_or_else(|| AppError::BadRequest("unknown order state".into()))?;
    let note = super::ssr::note(&note);
    crate::server::service::orders::advance(cx.services(), viewer, id, to, &note)
        .await
        .map_err(|e| e.answer(|_| MoveField::Reason))
}

access!(Reorder => BUYERS);
/// Puts an earlier order's goods back in the cart (those still sold, as many as are in stock).
#[server(endpoint = "orders/reorder")]
pub async fn reorder(id: OrderId) -> Result<u32, AppError> {
    let cx = super::ssr::guard::<Reorder>()?;
    let user = cx.signed_in()?.viewer.id;
    let added = crate::server::service::cart::reorder(cx.services(), user, id).await?;
    cx.then_go(&super::ssr::local("/cart"));
    Ok(added)
}
