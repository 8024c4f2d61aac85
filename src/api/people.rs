//! People and roles, for operators: `/operator/people` (find an account; the audit log) and
//! `/operator/people/<id>` (grant or revoke its role, suspend or reinstate it).

use crate::{
    domain::{
        people::{PeoplePage, PersonPage},
        UserId,
    },
    error::AppError,
};
use leptos::prelude::*;

access!(GetPeople => OPERATORS);
/// `/operator/people?q=`: the accounts whose number has these digits or whose name has this in
/// it, and the newest acts of the audit log.
#[server(endpoint = "operator/people")]
pub async fn get_people(q: String) -> Result<PeoplePage, AppError> {
    let cx = super::ssr::guard::<GetPeople>()?;
    let operator = &cx.signed_in()?.viewer;
    Ok(crate::server::service::people::people_page(cx.services(), operator, &q).await?)
}

access!(GetPerson => OPERATORS);
/// `/operator/people/<id>`: one account, its role and its acts.
#[server(endpoint = "operator/person")]
pub async fn get_person(id: UserId) -> Result<PersonPage, AppError> {
    let cx = super::ssr::guard::<GetPerson>()?;
    let operator = &cx.signed_in()?.viewer;
    Ok(crate::server::service::people::person_page(cx.services(), operator, id).await?)
}

access!(GrantRole => OPERATORS);
/// Grants a role to a shopper's account: `role` (`seller`, `manager`, `dispatcher`, `courier`,
/// `operator`), the `seller` (its storefront's address) for staff, the `city` for a dispatcher or
/// a courier, the courier's `vehicle` (`motorbike`, `van`), and the `reason`.
#[server(endpoint = "operator/grant")]
pub async fn grant_role(
    #[server(flatten)] form: crate::domain::people::GrantForm,
) -> Result<(), AppError> {
    let cx = super::ssr::guard::<GrantRole>()?;
    let operator = &cx.signed_in()?.viewer;
    let user = crate::domain::people::parse_user(&form.user)
        .ok_or_else(|| AppError::BadRequest("user: not an account".into()))?;
    let (grant, why) = form.parse().map_err(AppError::from)?;
    crate::server::service::people::grant(cx.services(), operator, user, &grant, &why).await?;
    cx.flash(crate::page::form::Flash::RoleGranted);
    Ok(())
}

/// The reason of an act, or its problem beside the reason field.
#[cfg(feature = "ssr")]
fn why(reason: &str) -> Result<String, AppError> {
    use crate::domain::people::{parse_why, WhyField};
    parse_why(reason).map_err(|p| AppError::invalid(WhyField::Reason, p))
}

access!(RevokeRole => OPERATORS);
/// Revokes an account's role, with the reason: it is a shopper's again.
#[server(endpoint = "operator/revoke")]
pub async fn revoke_role(user: UserId, reason: String) -> Result<(), AppError> {
    let cx = super::ssr::guard::<RevokeRole>()?;
    let operator = &cx.signed_in()?.viewer;
    let why = why(&reason)?;
    crate::server::service::people::revoke(cx.services(), operator, user, &why).await?;
    cx.flash(crate::page::form::Flash::RoleRevoked);
    Ok(())
}

access!(SuspendAccount => OPERATORS);
/// Suspends an account, with the reason: its sessions end at once.
#[server(endpoint = "operator/suspend")]
pub async fn suspend_account(user: UserId, reason: String) -> Result<(), AppError> {
    let cx = super::ssr::guard::<SuspendAccount>()?;
    let operator = &cx.signed_in()?.viewer;
    let why = why(&reason)?;
    crate::server::service::people::suspend(cx.services(), operator, user, &why).await?;
    cx.flash(crate::page::form::Flash::Suspended);
    Ok(())
}

access!(ReinstateAccount => OPERATORS);
/// Lifts an account's suspension, with the reason.
#[server(endpoint = "operator/reinstate")]
pub async fn reinstate_account(user: UserId, reason: String) -> Result<(), AppError> {
    let cx = super::ssr::guard::<ReinstateAccount>()?;
    let operator = &cx.signed_in()?.viewer;
    let why = why(&reason)?;
    crate::server::service::people::reinstate(cx.services(), operator, user, &why).await?;
    cx.flash(crate::page::form::Flash::Reinstated);
    Ok(())
}
