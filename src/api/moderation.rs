//! Moderation of listings, for operators (`/moderation/listing?id=`): withhold a listing with
//! the reason its seller reads, release it, correct its comparison group. Reviews are moderated
//! in `reviews`.

use crate::{
    domain::{moderation::ModeratedListing, ProductId},
    error::AppError,
};
use leptos::prelude::*;

access!(GetModeratedListing => OPERATORS);
/// A listing as an operator moderates it: its seller, state, reason and comparison group.
#[server(endpoint = "moderation/listing")]
pub async fn get_moderated_listing(id: ProductId) -> Result<ModeratedListing, AppError> {
    let cx = super::ssr::guard::<GetModeratedListing>()?;
    let operator = &cx.signed_in()?.viewer;
    Ok(crate::server::service::moderation::listing(cx.services(), operator, id).await?)
}

access!(WithholdListing => OPERATORS);
/// Withholds a listing with the reason (up to 500 characters) its seller reads.
#[server(endpoint = "moderation/withhold")]
pub async fn withhold_listing(product: ProductId, reason: String) -> Result<(), AppError> {
    use crate::domain::{
        form::text,
        moderation::{WithholdField, WITHHOLD_MAX},
    };
    let cx = super::ssr::guard::<WithholdListing>()?;
    let operator = &cx.signed_in()?.viewer;
    let reason = text(&reason, WITHHOLD_MAX, true)
        .map_err(|p| AppError::invalid(WithholdField::Reason, p))?;
    crate::server::service::moderation::withhold(cx.services(), operator, product, &reason).await?;
    cx.flash(crate::page::form::Flash::Saved);
    Ok(())
}

access!(ReleaseListing => OPERATORS);
/// Releases a withheld listing: on sale again.
#[server(endpoint = "moderation/release")]
pub async fn release_listing(product: ProductId) -> Result<(), AppError> {
    let cx = super::ssr::guard::<ReleaseListing>()?;
    let operator = &cx.signed_in()?.viewer;
    crate::server::service::moderation::release(cx.services(), operator, product).await?;
    cx.flash(crate::page::form::Flash::Saved);
    Ok(())
}

access!(RegroupListing => OPERATORS);
/// Puts a listing in a comparison group (`group`: its id), or in none (empty).
#[server(endpoint = "moderation/regroup")]
pub async fn regroup_listing(product: ProductId, group: String) -> Result<(), AppError> {
    use crate::domain::moderation::{parse_group, RegroupField};
    let cx = super::ssr::guard::<RegroupListing>()?;
    let operator = &cx.signed_in()?.viewer;
    let group = parse_group(&group).map_err(|p| AppError::invalid(RegroupField::Group, p))?;
    crate::server::service::moderation::regroup(cx.services(), operator, product, group).await?;
    cx.flash(crate::page::form::Flash::Saved);
    Ok(())
}
