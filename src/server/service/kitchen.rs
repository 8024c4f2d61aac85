//! A restaurant's kitchen: its food orders still to cook or hand over, the soonest due first;
//! accepting one with the time it will take, beginning to cook it, marking it ready for a
//! courier. Only the restaurant's own staff see and move its orders.

use super::{orders as order_moves, ServiceError, Services};
use crate::{
    domain::{
        account::Viewer,
        form::FieldProblem,
        order::{OrderStatus, SystemNote},
        OrderId, SellerId,
    },
    error::Refusal,
    page::food::KitchenPage,
    server::db::{
        food as repo,
        orders::{self, Event, OrderHead, StatusChange},
    },
};

/// The longest a kitchen may say an order takes, in minutes.
pub const MAX_PREP_MIN: u32 = 180;

/// The seller whose kitchen `staff` works in (`Forbidden` for anyone else).
fn seller_of(staff: &Viewer) -> Result<SellerId, ServiceError> {
    staff.seller.ok_or(ServiceError::Forbidden)
}

/// `/kitchen`: the orders of the staff's restaurant still to cook or hand over.
pub async fn page(s: Services<'_>, staff: &Viewer) -> Result<KitchenPage, ServiceError> {
    let seller = seller_of(staff)?;
    let food = s.db.food();
    let Some(restaurant) = food.restaurant_of(seller, s.today()).await? else {
        return Ok(KitchenPage {
            restaurant: None,
            orders: Vec::new(),
            version: String::new(),
        });
    };
    Ok(KitchenPage {
        restaurant: Some(restaurant.name),
        orders: food.kitchen(seller, s.now()).await?,
        version: food.kitchen_version(seller).await?,
    })
}

/// What changes whenever an order of the staff's kitchen arrives or moves.
pub async fn version(s: Services<'_>, staff: &Viewer) -> Result<String, ServiceError> {
    Ok(s.db.food().kitchen_version(seller_of(staff)?).await?)
}

/// The order, if it is a food order of the staff's own kitchen (`Forbidden` for another
/// seller's, `NotFound` for one that is none).
async fn own_order(
    s: Services<'_>,
    staff: &Viewer,
    id: OrderId,
) -> Result<OrderHead, ServiceError> {
    let order = order_moves::head(s, id).await?;
    if Some(order.seller) != staff.seller {
        return Err(ServiceError::Forbidden);
    }
    if !s.db.food().is_food_order(id).await? {
        return Err(ServiceError::NotFound);
    }
    Ok(order)
}

fn refused(from: OrderStatus, to: OrderStatus) -> ServiceError {
    ServiceError::Refused(Refusal::OrderState { from, to })
}

/// The kitchen takes a new order, saying it will be ready in `prep_min` minutes: its state,
/// the time and the event, in one transaction.
pub async fn accept(
    s: Services<'_>,
    staff: &Viewer,
    id: OrderId,
    prep_min: u32,
) -> Result<(), ServiceError> {
    if !(1..=MAX_PREP_MIN).contains(&prep_min) {
        return Err(ServiceError::Invalid(FieldProblem::OutOfRange));
    }
    let order = own_order(s, staff, id).await?;
    let now = s.now();
    let mut tx = s.db.begin_with_a_write().await?;
    let change = StatusChange {
        order: id,
        from: OrderStatus::Placed,
        to: OrderStatus::Accepted,
        failure: None,
        courier: None,
    };
    if !orders::set_status(&mut tx, &change, now).await?
        || !repo::kitchen_accept(&mut tx, id, prep_min, now).await?
    {
        return Err(refused(order.status, OrderStatus::Accepted));
    }
    let event = Event {
        order: id,
        status: OrderStatus::Accepted,
        actor: Some(staff.id),
        note: "",
        at: now,
    };
    orders::add_event(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(())
}

/// The kitchen begins cooking an accepted order (once).
pub async fn cooking(s: Services<'_>, staff: &Viewer, id: OrderId) -> Result<(), ServiceError> {
    let order = own_order(s, staff, id).await?;
    if order.status != OrderStatus::Accepted {
        return Err(refused(order.status, OrderStatus::Accepted));
    }
    let now = s.now();
    let mut tx = s.db.begin_with_a_write().await?;
    if !repo::kitchen_cooking(&mut tx, id, now).await? {
        return Err(refused(order.status, OrderStatus::Accepted));
    }
    let event = Event {
        order: id,
        status: OrderStatus::Accepted,
        actor: Some(staff.id),
        note: SystemNote::Cooking.as_str(),
        at: now,
    };
    orders::add_event(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(())
}

/// The dishes are cooked: the order waits for a courier.
pub async fn ready(s: Services<'_>, staff: &Viewer, id: OrderId) -> Result<(), ServiceError> {
    own_order(s, staff, id).await?;
    order_moves::advance(s, staff, id, OrderStatus::Ready, "").await
}
