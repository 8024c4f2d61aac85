//! A seller's people: its manager adds staff by their mobile number (the account of a resident
//! who signed up as a shopper) and removes them (the account is a shopper's again). Managers are
//! not added or removed here.
//!
//! The role is read from the account on every request, so a change takes effect at the person's
//! next page; each one is also told by a text message, and the audit log keeps the manager's act.

use super::{
    seller::{managed_by, seller_name},
    ServiceError, Services,
};
use crate::{
    domain::{
        account::{PhoneNumber, Role, StaffField, Viewer},
        form::FieldProblem,
        people::AuditAct,
        SellerId, UserId,
    },
    page::seller::StaffPage,
    server::db::{
        accounts, console,
        people::{self, Act},
    },
};

/// `/seller/staff`: the manager's seller and its people.
pub async fn staff(s: Services<'_>, manager: &Viewer) -> Result<StaffPage, ServiceError> {
    let seller = managed_by(manager)?;
    let db = s.db.console();
    Ok(StaffPage {
        seller: seller_name(s, seller).await?,
        members: db.staff(seller).await?,
    })
}

/// The phone field's problem as the service's refusal.
fn refused(problem: FieldProblem) -> ServiceError {
    ServiceError::field(StaffField::Phone, problem)
}

/// Adds the account with this number to the manager's seller's staff. Refused beside the number:
/// no such account, one that works for this seller already, any account but a shopper's, and a
/// shopper with orders still on their way to them.
pub async fn add(
    s: Services<'_>,
    manager: &Viewer,
    phone: &PhoneNumber,
) -> Result<UserId, ServiceError> {
    let seller = managed_by(manager)?;
    let name = seller_name(s, seller).await?;
    let mut tx = s.db.begin().await?;
    let account = accounts::viewer_by_phone(&mut tx, phone)
        .await?
        .ok_or_else(|| refused(FieldProblem::AccountUnknown))?;
    let user = account.id;
    if account.seller == Some(seller) {
        return Err(refused(FieldProblem::AlreadyStaff));
    }
    if account.role != Role::Shopper {
        return Err(refused(FieldProblem::NotAShopper));
    }
    // As staff they could not follow their own orders (nor hand over a delivery code).
    if console::has_orders_on_the_way(&mut tx, user).await? {
        return Err(refused(FieldProblem::OrdersOnTheWay));
    }
    // Checked again as it is written: an account that stopped being a shopper's in between
    // (another seller added it), or placed an order, is not taken.
    if !console::make_staff(&mut tx, seller, user, false).await? {
        return Err(refused(FieldProblem::NotAShopper));
    }
    let text = format!(
        "[옥류] {}의 직원이 되였습니다: 판매자 화면은 /seller 입니다. / [Okryu] You now work for \
         {}: the seller console is /seller.",
        name.ko, name.en
    );
    let now = s.clock.now();
    accounts::queue_text(&mut tx, phone, &text, now).await?;
    people::log(
        &mut tx,
        &staff_act(manager, user, AuditAct::Granted, seller, now),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(manager = %manager.id, %user, %seller, "staff added");
    Ok(user)
}

/// Removes one of the seller's staff (not a manager): the account is a shopper's again. Anyone
/// else is not found.
pub async fn remove(s: Services<'_>, manager: &Viewer, user: UserId) -> Result<(), ServiceError> {
    let seller = managed_by(manager)?;
    let name = seller_name(s, seller).await?;
    let mut tx = s.db.begin().await?;
    let phone = console::make_shopper(&mut tx, seller, user)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let text = format!(
        "[옥류] {}의 직원에서 빠졌습니다. / [Okryu] You no longer work for {}.",
        name.ko, name.en
    );
    let now = s.clock.now();
    accounts::queue_text(&mut tx, &phone, &text, now).await?;
    people::log(
        &mut tx,
        &staff_act(manager, user, AuditAct::Revoked, seller, now),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(manager = %manager.id, %user, %seller, "staff removed");
    Ok(())
}

/// The manager's act in the audit log (their people are theirs to change; the bureau reads it).
fn staff_act(
    manager: &Viewer,
    user: UserId,
    act: AuditAct,
    seller: SellerId,
    now: i64,
) -> Act<'static> {
    Act {
        at: now,
        actor: manager.id,
        subject: user,
        act,
        role: Some(Role::Seller),
        seller: Some(seller),
        city: None,
        vehicle: None,
        reason: "",
    }
}
