//! An order's moves. `OrderStatus::can_become` is the state machine; a move is one transaction
//! with what it does to the rest: calling an order off puts its stock back, frees its place in
//! the slot and voids the hold; the pickup captures the money; a failed delivery or a refund
//! gives back what the refund policy says. Who may make which move is decided here too.

use super::{payments, slots, ServiceError, Services};
use crate::{
    domain::{
        account::{Role, Viewer},
        dispatch::FailureReason,
        form::FieldProblem,
        order::{OrderStatus, OrderSummary, SystemNote},
        CheckoutId, OrderId, UserId,
    },
    error::Refusal,
    page::order::OrderDetail,
    server::db::{
        catalog, food,
        orders::{self, Event, OrderHead, StatusChange},
    },
};

/// One move of one order.
#[derive(Clone, Copy, Debug)]
pub struct Move<'a> {
    /// The order as the mover saw it.
    pub order: &'a OrderHead,
    pub to: OrderStatus,
    /// Who moves it (`None`: the shop itself, as when a hold runs out).
    pub by: Option<UserId>,
    /// Why (shown on the order page).
    pub note: &'a str,
    /// Why a delivery failed.
    pub failure: Option<FailureReason>,
}

/// Makes the move, with its stock, slot and money, all or nothing: refused when the state machine
/// does not allow it, the order moved meanwhile, or (picking up) another courier has it now.
pub async fn move_order(s: Services<'_>, m: Move<'_>) -> Result<(), ServiceError> {
    let refused = || {
        ServiceError::Refused(Refusal::OrderState {
            from: m.order.status,
            to: m.to,
        })
    };
    if !m.order.status.can_become(m.to) {
        return Err(refused());
    }
    let now = s.clock.now();
    let id = m.order.id;
    let mut tx = s.db.begin().await?;
    let change = StatusChange {
        order: id,
        from: m.order.status,
        to: m.to,
        failure: m.failure,
        courier: (m.to == OrderStatus::PickedUp)
            .then_some(m.order.courier)
            .flatten(),
    };
    if m.to == OrderStatus::PickedUp && change.courier.is_none() {
        return Err(ServiceError::Refused(Refusal::NotAssigned));
    }
    if !orders::set_status(&mut tx, &change, now).await? {
        return Err(refused());
    }
    let money = orders::money_of(&mut tx, id).await?;
    let moved = match m.to {
        OrderStatus::Cancelled => {
            // Products, then the slot, then the accounts: the lock order of checkout.
            if money.hot {
                // Hot food took no place in a slot; its portions go back while nothing was
                // cooked.
                if m.order.status == OrderStatus::Placed {
                    food::give_back_portions(&mut tx, id).await?;
                }
            } else {
                for (product, quantity) in orders::lines_in(&mut tx, id).await? {
                    catalog::restock(&mut tx, product, quantity).await?;
                }
                slots::release(&mut tx, &money).await?;
            }
            payments::void(&mut tx, &money, now).await?
        }
        OrderStatus::PickedUp => payments::capture(&mut tx, &money, now).await?,
        OrderStatus::DeliveryFailed | OrderStatus::Refunded => {
            let due = payments::refund_due(&money, m.to, m.failure);
            payments::refund(&mut tx, &money, due, now).await?
        }
        _ => Ok(()),
    };
    if let Err(short) = moved {
        tracing::error!(order = %id, to = ?m.to, balance = %short.balance, "an order's money could not move: nothing changed");
        return Err(refused());
    }
    let event = Event {
        order: id,
        status: m.to,
        actor: m.by,
        note: m.note,
        at: now,
    };
    orders::add_event(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(())
}

/// The account's orders, newest first.
pub async fn history(s: Services<'_>, user: UserId) -> Result<Vec<OrderSummary>, ServiceError> {
    Ok(s.db.orders().history(user).await?)
}

/// The orders one press of the pay button placed, if they are the shopper's (`NotFound`
/// otherwise).
pub async fn of_checkout(
    s: Services<'_>,
    shopper: UserId,
    checkout: CheckoutId,
) -> Result<Vec<OrderSummary>, ServiceError> {
    let orders = s.db.orders().of_checkout(shopper, checkout).await?;
    if orders.is_empty() {
        return Err(ServiceError::NotFound);
    }
    Ok(orders)
}

/// `/orders/{id}` as `viewer` may read it (`may_see`). The delivery code is the shopper's to tell
/// the courier at the door: nobody else reads it, and it is no use once the order is settled.
pub async fn detail(
    s: Services<'_>,
    viewer: &Viewer,
    id: OrderId,
) -> Result<OrderDetail, ServiceError> {
    let order = head(s, id).await?;
    may_see(viewer, &order)?;
    let mut detail =
        s.db.orders()
            .detail(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
    if order.user != viewer.id || detail.summary.status.settled() {
        detail.code = None;
    }
    detail.food = s.db.food().order_part(id).await?;
    if let Some(food) = detail.food.as_mut() {
        food.now = s.now();
    }
    detail.version = version_of(s, &order).await?;
    Ok(detail)
}

/// What an open order page shows changes exactly when this does: the order's state, its
/// courier, its timeline and its money. For `viewer` (`may_see`).
pub async fn version(
    s: Services<'_>,
    viewer: &Viewer,
    id: OrderId,
) -> Result<String, ServiceError> {
    let order = head(s, id).await?;
    may_see(viewer, &order)?;
    version_of(s, &order).await
}

async fn version_of(s: Services<'_>, order: &OrderHead) -> Result<String, ServiceError> {
    let (events, transfers) = s.db.orders().activity(order.id).await?;
    let courier = order.courier.map_or(0, |c| c.get());
    Ok(format!(
        "{}-{events}-{transfers}-{courier}",
        order.status.code()
    ))
}

/// The order, or `NotFound`.
pub async fn head(s: Services<'_>, id: OrderId) -> Result<OrderHead, ServiceError> {
    s.db.orders().head(id).await?.ok_or(ServiceError::NotFound)
}

/// The shopper's own order, or `Forbidden` when it is someone else's.
pub async fn own(s: Services<'_>, id: OrderId, shopper: UserId) -> Result<OrderHead, ServiceError> {
    let order = head(s, id).await?;
    if order.user == shopper {
        Ok(order)
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// Who may read an order: the shopper who placed it, its seller's staff, the courier who carries
/// it, a dispatcher of its city's office, and operators.
pub fn may_see(v: &Viewer, order: &OrderHead) -> Result<(), ServiceError> {
    let ok = match v.role {
        Role::Shopper | Role::Business => order.user == v.id,
        Role::Seller | Role::Manager => v.seller == Some(order.seller),
        Role::Courier => order.courier == Some(v.id),
        Role::Dispatcher => v.city == Some(order.city),
        Role::Operator => true,
    };
    if ok {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// The shopper calls their order off, before the seller has packed it.
pub async fn cancel(s: Services<'_>, shopper: UserId, id: OrderId) -> Result<(), ServiceError> {
    let order = own(s, id, shopper).await?;
    // Hot food is called off only before its kitchen takes it.
    let cooking = order.status != OrderStatus::Placed && s.db.food().is_food_order(id).await?;
    if !order.status.shopper_can_cancel() || cooking {
        return Err(ServiceError::Refused(Refusal::OrderState {
            from: order.status,
            to: OrderStatus::Cancelled,
        }));
    }
    let m = Move {
        order: &order,
        to: OrderStatus::Cancelled,
        by: Some(shopper),
        note: SystemNote::CancelledByShopper.as_str(),
        failure: None,
    };
    move_order(s, m).await
}

/// Staff move an order on: seller staff accept their seller's orders, mark them ready or reject
/// them; operators make any move the state machine allows (refunds, closing a delivery whose code
/// was lost). Rejecting or failing an order says why (`Invalid(Required)`: the note). Couriers
/// and the office move orders on the road with `delivery`'s moves, which check the round and code.
pub async fn advance(
    s: Services<'_>,
    staff: &Viewer,
    id: OrderId,
    to: OrderStatus,
    note: &str,
) -> Result<(), ServiceError> {
    if matches!(to, OrderStatus::Cancelled | OrderStatus::DeliveryFailed) && note.is_empty() {
        return Err(ServiceError::Invalid(FieldProblem::Required));
    }
    let order = head(s, id).await?;
    let allowed = match staff.role {
        Role::Seller | Role::Manager => {
            staff.seller == Some(order.seller)
                && matches!(
                    to,
                    OrderStatus::Accepted | OrderStatus::Ready | OrderStatus::Cancelled
                )
        }
        Role::Operator => true,
        Role::Courier | Role::Dispatcher | Role::Shopper | Role::Business => false,
    };
    if !allowed {
        return Err(ServiceError::Forbidden);
    }
    let m = Move {
        order: &order,
        to,
        by: Some(staff.id),
        note,
        failure: None,
    };
    move_order(s, m).await?;
    tracing::info!(order = %id, to = to.code(), by = %staff.id, "order moved");
    Ok(())
}

/// Cancels the orders whose hold ran out before pickup: the money goes back and the stock is
/// released. How many.
pub async fn expire_holds(s: Services<'_>) -> Result<usize, ServiceError> {
    let now = s.clock.now();
    let mut n = 0;
    for (id, status) in s.db.orders().expired_holds(now).await? {
        let order = OrderHead {
            status,
            ..head(s, id).await?
        };
        let m = Move {
            order: &order,
            to: OrderStatus::Cancelled,
            by: None,
            note: SystemNote::HoldExpired.as_str(),
            failure: None,
        };
        match move_order(s, m).await {
            Ok(()) => n += 1,
            Err(ServiceError::Refused(_)) => {}
            // The next run tries it again; the others go on now.
            Err(err) => tracing::warn!(order = %id, error = %err, "cannot expire a hold"),
        }
    }
    Ok(n)
}
