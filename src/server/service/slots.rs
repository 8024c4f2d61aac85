//! Places in delivery slots: a slot of a city takes as many deliveries as its couriers on duty
//! make (`SlotCapacity`); a checkout books one place per order in its transaction, and an order
//! called off gives its place back.

use crate::{
    domain::{
        cart::SellerGroup,
        delivery::Tariff,
        dispatch::{slot_needs, Booked},
        slot::Slot,
    },
    server::db::{logistics, orders::OrderMoney, DbError, Tx},
};

/// Books a place in `slot` for each seller's order, city by city in id order (the lock order):
/// `false` (and the caller rolls back) when a city's couriers have no room left in it.
pub async fn book(
    tx: &mut Tx<'_>,
    groups: &[SellerGroup],
    slot: Slot,
    tariff: &Tariff,
) -> Result<bool, DbError> {
    for (city, more) in &slot_needs(groups) {
        if !logistics::book(tx, *city, slot, *more, tariff).await? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Gives back the place of an order called off.
pub async fn release(tx: &mut Tx<'_>, o: &OrderMoney) -> Result<(), DbError> {
    logistics::release(tx, o.city, o.slot, Booked::one(o.vehicle)).await
}
