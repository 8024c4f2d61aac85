//! Sellers' admission: residents apply to sell at `/sell`; operators decide at
//! `/operator/sellers`.

use crate::{
    domain::{
        admission::{AdmissionPage, SellPage},
        ApplicationId,
    },
    error::AppError,
};
use leptos::prelude::*;

access!(GetSellPage => SIGNED_IN);
/// `/sell`: the application form (the cities to choose from) and the applicant's applications;
/// only a shopper's account applies, anyone signed in reads their own.
#[server(endpoint = "sell/page")]
pub async fn get_sell_page() -> Result<SellPage, AppError> {
    let cx = super::ssr::guard::<GetSellPage>()?;
    let applicant = &cx.signed_in()?.viewer;
    Ok(crate::server::service::admission::sell_page(cx.services(), applicant).await?)
}

access!(ApplyToSell => SHOPPERS);
/// Applies to sell: the enterprise's name in Korean (and English, if it has one), its kind
/// (`factory`, `store`, `restaurant`), its city, its registration number and a contact number.
#[server(endpoint = "sell/apply")]
pub async fn apply_to_sell(
    #[server(flatten)] form: crate::domain::admission::ApplicationForm,
) -> Result<ApplicationId, AppError> {
    let cx = super::ssr::guard::<ApplyToSell>()?;
    let applicant = &cx.signed_in()?.viewer;
    let application = form.parse().map_err(AppError::from)?;
    let id =
        crate::server::service::admission::apply(cx.services(), applicant, &application).await?;
    cx.flash(crate::page::form::Flash::Applied);
    Ok(id)
}

access!(GetAdmission => OPERATORS);
/// `/operator/sellers`: the applications waiting and the latest decided.
#[server(endpoint = "operator/applications")]
pub async fn get_admission() -> Result<AdmissionPage, AppError> {
    let cx = super::ssr::guard::<GetAdmission>()?;
    let operator = &cx.signed_in()?.viewer;
    Ok(crate::server::service::admission::admission_page(cx.services(), operator).await?)
}

access!(ApproveApplication => OPERATORS);
/// Admits the seller an application asked for: its storefront, the applicant its manager.
#[server(endpoint = "operator/approve")]
pub async fn approve_application(id: ApplicationId) -> Result<(), AppError> {
    let cx = super::ssr::guard::<ApproveApplication>()?;
    let operator = &cx.signed_in()?.viewer;
    let slug = crate::server::service::admission::approve(cx.services(), operator, id).await?;
    cx.flash(crate::page::form::Flash::SellerAdmitted(slug));
    Ok(())
}

access!(RefuseApplication => OPERATORS);
/// Refuses an application, with the reason its applicant reads.
#[server(endpoint = "operator/refuse")]
pub async fn refuse_application(id: ApplicationId, reason: String) -> Result<(), AppError> {
    use crate::domain::admission::{parse_reason, RefuseField};
    let cx = super::ssr::guard::<RefuseApplication>()?;
    let operator = &cx.signed_in()?.viewer;
    let reason = parse_reason(&reason).map_err(|p| AppError::invalid(RefuseField::Reason, p))?;
    crate::server::service::admission::refuse(cx.services(), operator, id, &reason).await?;
    cx.flash(crate::page::form::Flash::ApplicationRefused);
    Ok(())
}
