//! The logistics office: the dispatch board with its suggested plan,
//! giving ready orders to couriers, the courier's day, and the courier's moves on the road —
//! picking up (the hold is captured), handing over with the shopper's code, or failing with a
//! reason (the refund policy gives back what it says). Also the tariff, which operators change.

use super::{
    orders::{self as order_moves, Move},
    ServiceError, Services,
};
use crate::{
    domain::{
        account::{Role, Viewer},
        delivery::{Tariff, Vehicle},
        dispatch::{
            can_take, round_of, suggest, CannotTake, Courier, Delivery, DeliveryCode, FailureReason,
        },
        form::FieldProblem,
        order::OrderStatus,
        tariff::{tariff_from, TariffField},
        time::PyongyangTime,
        CityId, OrderId, UserId,
    },
    error::Refusal,
    page::delivery::{Board, CityBoard, CourierDay, TariffPage},
    server::db::{
        logistics::{self, Assignment, Deliveries},
        orders::OrderHead,
        DbError, Tx,
    },
};
use std::collections::HashMap;

// The office.

/// The city whose office a dispatcher works for (`None`: an operator, who sees every city). A
/// dispatcher without one, and anyone else, is refused.
fn office(v: &Viewer) -> Result<Option<CityId>, ServiceError> {
    match (v.role, v.city) {
        (Role::Operator, _) => Ok(None),
        (Role::Dispatcher, Some(city)) => Ok(Some(city)),
        _ => Err(ServiceError::Forbidden),
    }
}

/// The office's couriers and open deliveries (every city's for an operator).
async fn of_office(
    s: Services<'_>,
    office: Option<CityId>,
) -> Result<(Vec<Courier>, Vec<Delivery>), ServiceError> {
    let logistics = s.db.logistics();
    let mut couriers = logistics.couriers().await?;
    let mut deliveries = logistics.deliveries(Deliveries::Open).await?;
    if let Some(city) = office {
        couriers.retain(|c| c.city == city);
        deliveries.retain(|d| d.city == city);
    }
    Ok((couriers, deliveries))
}

/// The dispatch board: each of the office's cities with its ready orders by the vehicle they
/// need, its couriers with their rounds, and a suggested assignment.
pub async fn board(s: Services<'_>, dispatcher: &Viewer) -> Result<Board, ServiceError> {
    let office = office(dispatcher)?;
    let logistics = s.db.logistics();
    let tariff = logistics.tariff().await?;
    let (couriers, deliveries) = of_office(s, office).await?;
    let suggestions = suggest(&tariff, &couriers, &deliveries);
    let waiting = |city, vehicle| {
        deliveries
            .iter()
            .filter(|d| d.city == city && d.vehicle == vehicle && d.waiting())
            .cloned()
            .collect::<Vec<_>>()
    };
    let cities = logistics
        .depots()
        .await?
        .into_iter()
        .filter(|depot| {
            couriers.iter().any(|c| c.city == depot.city)
                || deliveries.iter().any(|d| d.city == depot.city)
        })
        .map(|depot| CityBoard {
            motorbike: waiting(depot.city, Vehicle::Motorbike),
            van: waiting(depot.city, Vehicle::Van),
            rounds: couriers
                .iter()
                .filter(|c| c.city == depot.city)
                .map(|c| round_of(c, depot.at, &deliveries))
                .collect(),
            depot,
        })
        .collect();
    Ok(Board {
        cities,
        suggestions,
    })
}

/// Why a courier can't get an order, as a service answers it.
enum Unassignable {
    NotReady,
    UnknownCourier,
    Cannot(CannotTake),
}

impl From<Unassignable> for ServiceError {
    fn from(why: Unassignable) -> Self {
        match why {
            Unassignable::NotReady => ServiceError::Refused(Refusal::NotReady),
            Unassignable::UnknownCourier => ServiceError::Invalid(FieldProblem::Invalid),
            Unassignable::Cannot(why) => ServiceError::Refused(Refusal::CannotTake(why)),
        }
    }
}

/// Gives the order to the courier in `tx` if the rules let them take it: on duty, of the seller's
/// city, with a vehicle for it and room left in that slot (checked with the courier's row held,
/// so two assignments to one courier are checked one after the other).
async fn assign_in(
    tx: &mut Tx<'_>,
    a: &Assignment,
    tariff: &Tariff,
    now: i64,
) -> Result<Result<(), Unassignable>, DbError> {
    let Some(courier) = logistics::lock_courier(tx, a.courier).await? else {
        return Ok(Err(Unassignable::UnknownCourier));
    };
    let Some(order) = logistics::to_assign(tx, a.order).await? else {
        return Ok(Err(Unassignable::NotReady));
    };
    if order.status != OrderStatus::Ready {
        return Ok(Err(Unassignable::NotReady));
    }
    if !courier.on_duty {
        return Ok(Err(Unassignable::Cannot(CannotTake::OffDuty)));
    }
    if order.city != courier.city {
        return Ok(Err(Unassignable::Cannot(CannotTake::OtherCity)));
    }
    let load = logistics::load_in(tx, a.courier, order.slot, a.order).await?;
    if let Err(why) = can_take(tariff, courier.vehicle, load, order.parcel) {
        return Ok(Err(Unassignable::Cannot(why)));
    }
    Ok(if logistics::give(tx, a, now).await? {
        Ok(())
    } else {
        Err(Unassignable::NotReady)
    })
}

/// Gives a ready order of the dispatcher's office to a courier (or moves it to another one
/// before pickup).
pub async fn assign(
    s: Services<'_>,
    dispatcher: &Viewer,
    order: OrderId,
    courier: UserId,
) -> Result<(), ServiceError> {
    let head = order_moves::head(s, order).await?;
    if !may_move(dispatcher, &head, Step::Assign) {
        return Err(ServiceError::Forbidden);
    }
    let tariff = s.db.logistics().tariff().await?;
    let mut tx = s.db.begin().await?;
    let a = Assignment {
        order,
        courier,
        unassigned_only: false,
    };
    assign_in(&mut tx, &a, &tariff, s.clock.now()).await??;
    tx.commit().await?;
    tracing::info!(%order, %courier, by = %dispatcher.id, "order assigned");
    Ok(())
}

/// Accepts the board's suggested assignment as it stands now: all of it, or (when one of them can
/// no longer be made, or someone gave that order away meanwhile) none. How many were assigned.
pub async fn accept_suggestions(s: Services<'_>, dispatcher: &Viewer) -> Result<u32, ServiceError> {
    let office = office(dispatcher)?;
    let tariff = s.db.logistics().tariff().await?;
    let (couriers, deliveries) = of_office(s, office).await?;
    let plan: Vec<_> = suggest(&tariff, &couriers, &deliveries)
        .into_iter()
        .map(|x| Assignment {
            order: x.order,
            courier: x.courier,
            unassigned_only: true,
        })
        .collect();
    let now = s.clock.now();
    let mut tx = s.db.begin().await?;
    // The couriers first, in id order, as one assignment locks its courier before its order.
    let mut locked: Vec<UserId> = plan.iter().map(|a| a.courier).collect();
    locked.sort_unstable();
    locked.dedup();
    for c in locked {
        logistics::lock_courier(&mut tx, c).await?;
    }
    for a in &plan {
        assign_in(&mut tx, a, &tariff, now).await??;
    }
    tx.commit().await?;
    tracing::info!(orders = plan.len(), by = %dispatcher.id, "suggestion accepted");
    Ok(u32::try_from(plan.len()).unwrap_or(u32::MAX))
}

// The courier.

/// The courier's phone: their round in driving order, the depot, the map's places, and what they
/// finished today (since midnight in Pyongyang), newest first.
pub async fn courier_day(s: Services<'_>, courier: &Viewer) -> Result<CourierDay, ServiceError> {
    let logistics = s.db.logistics();
    let me = logistics
        .courier(courier.id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let depot = logistics
        .depots()
        .await?
        .into_iter()
        .find(|d| d.city == me.city)
        .ok_or(ServiceError::NotFound)?;
    let round = logistics.deliveries(Deliveries::RoundOf(me.id)).await?;
    let midnight = PyongyangTime::midnight_of(PyongyangTime::at(s.clock.now()).day_number());
    let mut done = logistics
        .deliveries(Deliveries::DoneBy(me.id, midnight))
        .await?;
    done.reverse();
    Ok(CourierDay {
        round: round_of(&me, depot.at, &round),
        districts: logistics.districts_of(me.city).await?,
        depot,
        done,
    })
}

// Who may move an order.

/// A move through delivery: the office giving the order to a courier, or a move on the road
/// (picked up, handed over, failed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Assign,
    OnTheRoad,
}

/// The one rule for who may move an order through delivery, every verb asks it: an operator
/// any order; a dispatcher the orders of their own city's office; a courier only the orders of
/// their own round, and only on the road. Nobody else.
pub fn may_move(v: &Viewer, order: &OrderHead, step: Step) -> bool {
    match v.role {
        Role::Operator => true,
        Role::Dispatcher => v.city == Some(order.city),
        Role::Courier => step == Step::OnTheRoad && order.courier == Some(v.id),
        Role::Shopper | Role::Business | Role::Seller | Role::Manager => false,
    }
}

/// The order, if the caller may move it on the road (`may_move`).
async fn on_round(s: Services<'_>, id: OrderId, v: &Viewer) -> Result<OrderHead, ServiceError> {
    let order = order_moves::head(s, id).await?;
    if may_move(v, &order, Step::OnTheRoad) {
        Ok(order)
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// The courier collects the goods: the payment hold is captured.
pub async fn pick_up(s: Services<'_>, courier: &Viewer, id: OrderId) -> Result<(), ServiceError> {
    let order = on_round(s, id, courier).await?;
    if order.courier.is_none() {
        return Err(ServiceError::Refused(Refusal::NotAssigned));
    }
    order_moves::move_order(
        s,
        Move {
            order: &order,
            to: OrderStatus::PickedUp,
            by: Some(courier.id),
            note: "",
            failure: None,
        },
    )
    .await
}

/// Handed over, the shopper's code the proof. Each try is counted before it is compared;
/// `DeliveryCode::TRIES` wrong ones lock the order (the office then sorts it out).
pub async fn deliver(
    s: Services<'_>,
    courier: &Viewer,
    id: OrderId,
    code: &DeliveryCode,
) -> Result<(), ServiceError> {
    let order = on_round(s, id, courier).await?;
    if order.status != OrderStatus::PickedUp {
        return Err(ServiceError::Refused(Refusal::OrderState {
            from: order.status,
            to: OrderStatus::Delivered,
        }));
    }
    let mut tx = s.db.begin().await?;
    let Some((stored, tries)) = logistics::count_code_try(&mut tx, id, DeliveryCode::TRIES).await?
    else {
        return Err(ServiceError::Invalid(FieldProblem::CodeLocked));
    };
    if stored.is_empty() || stored != code.as_str() {
        tx.commit().await?;
        let left = DeliveryCode::TRIES.saturating_sub(tries);
        tracing::info!(order = %id, left, "wrong delivery code");
        return Err(ServiceError::Invalid(if left == 0 {
            FieldProblem::CodeLocked
        } else {
            FieldProblem::CodeWrong
        }));
    }
    // A right code uses no try up.
    logistics::forgive_code_try(&mut tx, id).await?;
    tx.commit().await?;
    order_moves::move_order(
        s,
        Move {
            order: &order,
            to: OrderStatus::Delivered,
            by: Some(courier.id),
            note: "",
            failure: None,
        },
    )
    .await
}

/// Why a delivery failed: the reason the refund policy reads, and the courier's note.
#[derive(Clone, Copy, Debug)]
pub struct Failure<'a> {
    pub reason: FailureReason,
    pub note: &'a str,
}

/// The courier could not hand it over: the reason decides what goes back to the shopper at once
/// (the goods' price always; the fee too when the office or the goods were at fault).
pub async fn fail(
    s: Services<'_>,
    courier: &Viewer,
    id: OrderId,
    Failure { reason, note }: Failure<'_>,
) -> Result<(), ServiceError> {
    let order = on_round(s, id, courier).await?;
    order_moves::move_order(
        s,
        Move {
            order: &order,
            to: OrderStatus::DeliveryFailed,
            by: Some(courier.id),
            note,
            failure: Some(reason),
        },
    )
    .await
}

// The tariff.

/// `/tariff`: the tariff as it applies now; `editable` for an operator.
pub async fn tariff_page(s: Services<'_>, editable: bool) -> Result<TariffPage, ServiceError> {
    let logistics = s.db.logistics();
    Ok(TariffPage::of(
        &logistics.tariff().await?,
        logistics.tariff_updated_at().await?,
        editable,
    ))
}

/// Stores a whole tariff made by a program (a benchmark's, say), checked as the operator's form is.
pub async fn set_tariff(s: Services<'_>, by: UserId, t: &Tariff) -> Result<(), ServiceError> {
    let values: HashMap<String, String> = TariffField::ALL
        .into_iter()
        .map(|f| (f.code().to_string(), f.get(t)))
        .collect();
    save_tariff(s, by, &values).await
}

/// Checks a whole new tariff (every value, and the rules between them) against the stored one and
/// stores it: all of it, or nothing and each problem by its field.
pub async fn save_tariff(
    s: Services<'_>,
    operator: UserId,
    values: &HashMap<String, String>,
) -> Result<(), ServiceError> {
    let current = s.db.logistics().tariff().await?;
    let tariff = tariff_from(
        current,
        values.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )
    .map_err(|errs| ServiceError::Form(errs.into()))?;
    let mut tx = s.db.begin().await?;
    logistics::set_tariff(&mut tx, &tariff, operator, s.clock.now()).await?;
    tx.commit().await?;
    tracing::info!(by = %operator, "tariff changed");
    Ok(())
}
