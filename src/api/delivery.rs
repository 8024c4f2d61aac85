//! The logistics office: the dispatcher's board (assigning ready orders to couriers, or accepting
//! the suggested plan), the courier's round (picking up, handing over with the shopper's code,
//! failing with a reason) and the tariff, which everyone may read and operators change.

use crate::{
    domain::OrderId,
    error::AppError,
    page::delivery::{Board, CourierDay, TariffPage},
};
use leptos::prelude::*;

crate::form_fields! {
    /// Giving an order to a courier.
    pub enum AssignField { Courier => "courier" }
}

crate::form_fields! {
    /// Handing an order over: the shopper's code.
    pub enum CodeField { Code => "code" }
}

crate::form_fields! {
    /// A delivery that failed: why.
    pub enum FailField { Reason => "note" }
}
use std::collections::HashMap;

/// `/dispatch`: every city's ready orders by the vehicle they need, its couriers with their
/// rounds, and a suggested assignment.
#[server(endpoint = "dispatch/board")]
pub async fn dispatch_board() -> Result<Board, AppError> {
    use crate::{
        domain::{
            delivery::Vehicle,
            dispatch::{round_of, suggest},
        },
        page::delivery::CityBoard,
        server::{auth::DISPATCH, db::logistics::Deliveries},
    };
    let session = super::ssr::signed_in(DISPATCH)?;
    let office = ssr::office(&session.viewer)?;
    let state = super::ssr::state()?;
    let logistics = state.db.logistics();
    let tariff = logistics.tariff().await?;
    let (couriers, deliveries) = ssr::of_office(
        office,
        logistics.couriers().await?,
        logistics.deliveries(Deliveries::Open).await?,
    );
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

/// Gives a ready order to a courier (or moves it to another one before pickup).
#[server(endpoint = "dispatch/assign")]
pub async fn assign_order(id: OrderId, courier: String) -> Result<(), AppError> {
    use crate::{domain::form::FieldProblem, server::auth::DISPATCH};
    let session = super::ssr::signed_in(DISPATCH)?;
    let courier: crate::domain::UserId = courier
        .trim()
        .parse()
        .map_err(|_| AppError::invalid(AssignField::Courier, FieldProblem::Required))?;
    // A dispatcher assigns their own office's orders.
    if let Some(city) = ssr::office(&session.viewer)? {
        if super::orders::ssr::head(id).await?.city != city {
            return Err(AppError::Forbidden);
        }
    }
    let state = super::ssr::state()?;
    let logistics = state.db.logistics();
    let tariff = logistics.tariff().await?;
    let done = logistics
        .assign(id, courier, &tariff, state.clock.now())
        .await?;
    ssr::assigned(done)?;
    tracing::info!(order = %id, %courier, by = %session.viewer.id, "order assigned");
    Ok(())
}

/// Accepts the board's suggested assignment as it stands now: all of it or, if one can no
/// longer be made, none.
#[server(endpoint = "dispatch/accept")]
pub async fn accept_suggestions() -> Result<u32, AppError> {
    use crate::{
        domain::dispatch::suggest,
        server::{auth::DISPATCH, db::logistics::Deliveries},
    };
    let session = super::ssr::signed_in(DISPATCH)?;
    let office = ssr::office(&session.viewer)?;
    let state = super::ssr::state()?;
    let logistics = state.db.logistics();
    let tariff = logistics.tariff().await?;
    let (couriers, deliveries) = ssr::of_office(
        office,
        logistics.couriers().await?,
        logistics.deliveries(Deliveries::Open).await?,
    );
    let plan: Vec<_> = suggest(&tariff, &couriers, &deliveries)
        .into_iter()
        .map(|s| (s.order, s.courier))
        .collect();
    match logistics
        .assign_all(&plan, &tariff, state.clock.now())
        .await?
    {
        Ok(()) => {
            tracing::info!(orders = plan.len(), by = %session.viewer.id, "suggestion accepted");
            Ok(u32::try_from(plan.len()).unwrap_or(u32::MAX))
        }
        Err((_, why)) => ssr::assigned(Err(why)).map(|()| 0),
    }
}

/// `/courier`: the signed-in courier's round in driving order, the depot and the map, and what
/// they finished today.
#[server(endpoint = "courier/day")]
pub async fn get_courier_day() -> Result<CourierDay, AppError> {
    use crate::{
        domain::{dispatch::round_of, time::PyongyangTime},
        server::{auth::COURIERS, db::logistics::Deliveries},
    };
    let session = super::ssr::signed_in(COURIERS)?;
    let state = super::ssr::state()?;
    let logistics = state.db.logistics();
    let me = logistics
        .courier(session.viewer.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let depot = logistics
        .depots()
        .await?
        .into_iter()
        .find(|d| d.city == me.city)
        .ok_or(AppError::NotFound)?;
    let round = logistics.deliveries(Deliveries::RoundOf(me.id)).await?;
    // Since midnight in Pyongyang.
    let midnight = PyongyangTime::midnight_of(PyongyangTime::at(state.clock.now()).day_number());
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

/// The courier collects the goods: the payment hold is captured.
#[server(endpoint = "courier/pick-up")]
pub async fn pick_up(id: OrderId) -> Result<(), AppError> {
    use crate::{domain::order::OrderStatus, error::Refusal, server::auth::COURIERS};
    let session = super::ssr::signed_in(COURIERS)?;
    let head = ssr::on_round(id, &session.viewer).await?;
    if head.courier.is_none() {
        return Err(AppError::Refused(Refusal::NotAssigned));
    }
    super::orders::ssr::move_order(&head, OrderStatus::PickedUp, session.viewer.id, "", None).await
}

/// Handed over: the shopper's 4-digit code is the proof. Five wrong codes lock the order (the
/// office then sorts it out with the shopper).
#[server(endpoint = "courier/deliver")]
pub async fn deliver(id: OrderId, code: String) -> Result<(), AppError> {
    use crate::{
        domain::{dispatch::DeliveryCode, form::FieldProblem, order::OrderStatus},
        server::{auth::COURIERS, db::logistics::CodeTry},
    };
    let session = super::ssr::signed_in(COURIERS)?;
    let code = DeliveryCode::parse(&code).map_err(|p| AppError::invalid(CodeField::Code, p))?;
    let head = ssr::on_round(id, &session.viewer).await?;
    if head.status != OrderStatus::PickedUp {
        return Err(AppError::Refused(crate::error::Refusal::OrderState {
            from: head.status,
            to: OrderStatus::Delivered,
        }));
    }
    let state = super::ssr::state()?;
    let logistics = state.db.logistics();
    match logistics.try_code(id, code.as_str()).await? {
        CodeTry::Right => {}
        CodeTry::Wrong { left } => {
            tracing::info!(order = %id, left, "wrong delivery code");
            return Err(AppError::invalid(CodeField::Code, FieldProblem::CodeWrong));
        }
        CodeTry::Locked => {
            return Err(AppError::invalid(CodeField::Code, FieldProblem::CodeLocked))
        }
    }
    super::orders::ssr::move_order(&head, OrderStatus::Delivered, session.viewer.id, "", None).await
}

/// The courier could not hand it over: the reason decides what goes back to the shopper at once
/// (the goods' price always; the fee too when the office or the goods were at fault).
#[server(endpoint = "courier/fail")]
pub async fn fail_delivery(id: OrderId, reason: String, note: String) -> Result<(), AppError> {
    use crate::{
        domain::{dispatch::FailureReason, form::FieldProblem, order::OrderStatus},
        server::auth::COURIERS,
    };
    let session = super::ssr::signed_in(COURIERS)?;
    let reason = FailureReason::from_code(reason.trim())
        .ok_or_else(|| AppError::invalid(FailField::Reason, FieldProblem::Required))?;
    let note: String = note
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let head = ssr::on_round(id, &session.viewer).await?;
    super::orders::ssr::move_order(
        &head,
        OrderStatus::DeliveryFailed,
        session.viewer.id,
        &note,
        Some(reason),
    )
    .await
}

/// `/tariff`: the delivery tariff as it applies now (public: it is the price list).
#[server(endpoint = "tariff/page")]
pub async fn get_tariff() -> Result<TariffPage, AppError> {
    use crate::{domain::account::Role, server::auth::Access};
    let session = super::ssr::require(Access::Public)?;
    let state = super::ssr::state()?;
    let logistics = state.db.logistics();
    let editable = session.is_some_and(|s| s.viewer.role == Role::Operator);
    Ok(TariffPage::of(
        &logistics.tariff().await?,
        logistics.tariff_updated_at().await?,
        editable,
    ))
}

/// Operators change the tariff: every value is checked (and the rules between them) before the
/// whole table is stored; a bad value changes nothing and is named beside its field.
#[server(endpoint = "tariff/save")]
pub async fn save_tariff(
    #[server(flatten)] values: HashMap<String, String>,
) -> Result<(), AppError> {
    use crate::{domain::tariff::tariff_from, server::auth::OPERATORS};
    let session = super::ssr::signed_in(OPERATORS)?;
    let state = super::ssr::state()?;
    let logistics = state.db.logistics();
    let current = logistics.tariff().await?;
    let tariff = tariff_from(
        current,
        values.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )
    .map_err(AppError::from)?;
    logistics
        .set_tariff(&tariff, session.viewer.id, state.clock.now())
        .await?;
    tracing::info!(by = %session.viewer.id, "tariff changed");
    super::ssr::flash(crate::page::form::Flash::Saved);
    Ok(())
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::domain::{
        dispatch::{Courier, Delivery},
        CityId,
    };

    /// The city whose office a dispatcher works for (`None`: an operator, who sees every city).
    /// A dispatcher without one is refused.
    pub fn office(v: &Viewer) -> Result<Option<CityId>, AppError> {
        match (v.role, v.city) {
            (Role::Operator, _) => Ok(None),
            (Role::Dispatcher, Some(city)) => Ok(Some(city)),
            _ => Err(AppError::Forbidden),
        }
    }

    /// The couriers and deliveries of the office's city (all for `None`).
    pub fn of_office(
        office: Option<CityId>,
        mut couriers: Vec<Courier>,
        mut deliveries: Vec<Delivery>,
    ) -> (Vec<Courier>, Vec<Delivery>) {
        if let Some(city) = office {
            couriers.retain(|c| c.city == city);
            deliveries.retain(|d| d.city == city);
        }
        (couriers, deliveries)
    }

    use crate::{
        domain::{
            account::{Role, Viewer},
            OrderId,
        },
        error::{AppError, Refusal},
        server::db::{logistics::Unassignable, orders::OrderHead},
    };

    /// The order, if the caller may move it on the road: the courier it is assigned to, or the
    /// office (dispatchers and operators).
    pub async fn on_round(id: OrderId, v: &Viewer) -> Result<OrderHead, AppError> {
        let head = crate::api::orders::ssr::head(id).await?;
        match v.role {
            Role::Dispatcher | Role::Operator => Ok(head),
            Role::Courier if head.courier == Some(v.id) => Ok(head),
            _ => Err(AppError::Forbidden),
        }
    }

    /// An assignment's outcome as the API answers it.
    pub fn assigned(done: Result<(), Unassignable>) -> Result<(), AppError> {
        match done {
            Ok(()) => Ok(()),
            Err(Unassignable::NotReady) => Err(AppError::Refused(Refusal::NotReady)),
            Err(Unassignable::UnknownCourier) => Err(AppError::invalid(
                super::AssignField::Courier,
                crate::domain::form::FieldProblem::Invalid,
            )),
            Err(Unassignable::Cannot(why)) => Err(AppError::Refused(Refusal::CannotTake(why))),
        }
    }
}
