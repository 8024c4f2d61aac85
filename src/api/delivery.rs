//! The logistics office: the dispatcher's board (assigning ready orders to couriers, or accepting
//! the suggested plan), the courier's round (picking up, handing over with the shopper's code,
//! failing with a reason) and the tariff, which everyone may read and operators change. The rules
//! are `server::service::delivery`'s.

use crate::{
    domain::OrderId,
    error::AppError,
    page::delivery::{Board, CourierDay, TariffPage},
};
use leptos::prelude::*;
use std::collections::HashMap;

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

access!(DispatchBoard => DISPATCH);
/// `/dispatch`: every city's ready orders by the vehicle they need, its couriers with their
/// rounds, and a suggested assignment (a dispatcher sees their own city's).
#[server(endpoint = "dispatch/board")]
pub async fn dispatch_board() -> Result<Board, AppError> {
    let cx = super::ssr::guard::<DispatchBoard>()?;
    let viewer = &cx.signed_in()?.viewer;
    Ok(crate::server::service::delivery::board(cx.services(), viewer).await?)
}

access!(AssignOrder => DISPATCH);
/// Gives a ready order to a courier (or moves it to another one before pickup).
#[server(endpoint = "dispatch/assign")]
pub async fn assign_order(id: OrderId, courier: String) -> Result<(), AppError> {
    use crate::domain::{form::FieldProblem, UserId};
    let cx = super::ssr::guard::<AssignOrder>()?;
    let viewer = &cx.signed_in()?.viewer;
    let courier: UserId = courier
        .trim()
        .parse()
        .map_err(|_| AppError::invalid(AssignField::Courier, FieldProblem::Required))?;
    crate::server::service::delivery::assign(cx.services(), viewer, id, courier)
        .await
        .map_err(|e| e.answer(|_| AssignField::Courier))
}

access!(AcceptSuggestions => DISPATCH);
/// Accepts the board's suggested assignment as it stands now: all of it or, if one can no
/// longer be made, none.
#[server(endpoint = "dispatch/accept")]
pub async fn accept_suggestions() -> Result<u32, AppError> {
    let cx = super::ssr::guard::<AcceptSuggestions>()?;
    let viewer = &cx.signed_in()?.viewer;
    crate::server::service::delivery::accept_suggestions(cx.services(), viewer)
        .await
        .map_err(|e| e.answer(|_| AssignField::Courier))
}

access!(GetCourierDay => COURIER);
/// `/courier`: the signed-in courier's round in driving order, the depot and the map, and what
/// they finished today.
#[server(endpoint = "courier/day")]
pub async fn get_courier_day() -> Result<CourierDay, AppError> {
    let cx = super::ssr::guard::<GetCourierDay>()?;
    let viewer = &cx.signed_in()?.viewer;
    Ok(crate::server::service::delivery::courier_day(cx.services(), viewer).await?)
}

access!(PickUp => COURIERS);
/// The courier collects the goods: the payment hold is captured.
#[server(endpoint = "courier/pick-up")]
pub async fn pick_up(id: OrderId) -> Result<(), AppError> {
    let cx = super::ssr::guard::<PickUp>()?;
    let viewer = &cx.signed_in()?.viewer;
    Ok(crate::server::service::delivery::pick_up(cx.services(), viewer, id).await?)
}

access!(Deliver => COURIERS);
/// Handed over: the shopper's 4-digit code is the proof. Five wrong codes lock the order (the
/// office then sorts it out with the shopper).
#[server(endpoint = "courier/deliver")]
pub async fn deliver(id: OrderId, code: String) -> Result<(), AppError> {
    use crate::domain::dispatch::DeliveryCode;
    let cx = super::ssr::guard::<Deliver>()?;
    let viewer = &cx.signed_in()?.viewer;
    let code = DeliveryCode::parse(&code).map_err(|p| AppError::invalid(CodeField::Code, p))?;
    crate::server::service::delivery::deliver(cx.services(), viewer, id, &code)
        .await
        .map_err(|e| e.answer(|_| CodeField::Code))
}

access!(FailDelivery => COURIERS);
/// The courier could not hand it over: the reason decides what goes back to the shopper at once
/// (the goods' price always; the fee too when the office or the goods were at fault).
#[server(endpoint = "courier/fail")]
pub async fn fail_delivery(id: OrderId, reason: String, note: String) -> Result<(), AppError> {
    use crate::{
        domain::{dispatch::FailureReason, form::FieldProblem},
        server::service::delivery::{self, Failure},
    };
    let cx = super::ssr::guard::<FailDelivery>()?;
    let viewer = &cx.signed_in()?.viewer;
    let reason = FailureReason::from_code(reason.trim())
        .ok_or_else(|| AppError::invalid(FailField::Reason, FieldProblem::Required))?;
    let note = super::ssr::note(&note);
    let failure = Failure {
        reason,
        note: &note,
    };
    Ok(delivery::fail(cx.services(), viewer, id, failure).await?)
}

access!(GetTariff => PUBLIC);
/// `/tariff`: the delivery tariff as it applies now (public: it is the price list).
#[server(endpoint = "tariff/page")]
pub async fn get_tariff() -> Result<TariffPage, AppError> {
    use crate::domain::account::Role;
    let cx = super::ssr::guard::<GetTariff>()?;
    let editable = cx
        .session()
        .is_some_and(|s| s.viewer.role == Role::Operator);
    Ok(crate::server::service::delivery::tariff_page(cx.services(), editable).await?)
}

access!(SaveTariff => OPERATORS);
/// Operators change the tariff: every value is checked (and the rules between them) before the
/// whole table is stored; a bad value changes nothing and is named beside its field.
#[server(endpoint = "tariff/save")]
pub async fn save_tariff(
    #[server(flatten)] values: HashMap<String, String>,
) -> Result<(), AppError> {
    let cx = super::ssr::guard::<SaveTariff>()?;
    let operator = cx.signed_in()?.viewer.id;
    crate::server::service::delivery::save_tariff(cx.services(), operator, &values).await?;
    cx.flash(crate::page::form::Flash::Saved);
    Ok(())
}
