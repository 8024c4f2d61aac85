//! Moderation of listings, for operators: withhold a listing with a reason its seller reads (it
//! leaves every list, search and comparison, nobody can buy it and its page is gone; the seller
//! can't offer it again), release it, and correct its comparison group. Reviews are moderated in
//! `reviews`.

use super::{operator, ServiceError, Services};
use crate::{
    domain::{
        account::Viewer,
        form::FieldProblem,
        moderation::{ModeratedListing, RegroupField},
        GoodId, ProductId,
    },
    error::Refusal,
    server::db::{console, moderation as repo},
};

/// `/moderation/listing?id=`: the listing, its state and the groups to choose from.
pub async fn listing(
    s: Services<'_>,
    viewer: &Viewer,
    id: ProductId,
) -> Result<ModeratedListing, ServiceError> {
    operator(viewer)?;
    let mut listing =
        s.db.moderation()
            .listing(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
    listing.groups = s.db.console().goods().await?;
    Ok(listing)
}

/// Withholds a listing with the reason its seller reads (a withheld one gets the new reason).
pub async fn withhold(
    s: Services<'_>,
    viewer: &Viewer,
    id: ProductId,
    reason: &str,
) -> Result<(), ServiceError> {
    operator(viewer)?;
    let mut tx = s.db.begin().await?;
    if !repo::withhold(&mut tx, id, reason, s.now()).await? {
        return Err(ServiceError::NotFound);
    }
    tx.commit().await?;
    tracing::info!(operator = %viewer.id, product = %id, "listing withheld");
    Ok(())
}

/// Releases a withheld listing: on sale again.
pub async fn release(s: Services<'_>, viewer: &Viewer, id: ProductId) -> Result<(), ServiceError> {
    operator(viewer)?;
    let mut tx = s.db.begin().await?;
    if !repo::release(&mut tx, id).await? {
        return Err(ServiceError::Refused(Refusal::NotWithheld));
    }
    tx.commit().await?;
    tracing::info!(operator = %viewer.id, product = %id, "listing released");
    Ok(())
}

/// Puts a listing in another comparison group, or in none; an unknown group is refused beside
/// its field.
pub async fn regroup(
    s: Services<'_>,
    viewer: &Viewer,
    id: ProductId,
    group: Option<GoodId>,
) -> Result<(), ServiceError> {
    operator(viewer)?;
    let mut tx = s.db.begin().await?;
    if let Some(group) = group {
        if !console::goods_in(&mut tx)
            .await?
            .iter()
            .any(|(g, _)| *g == group)
        {
            return Err(ServiceError::field(
                RegroupField::Group,
                FieldProblem::Invalid,
            ));
        }
    }
    if !repo::regroup(&mut tx, id, group).await? {
        return Err(ServiceError::NotFound);
    }
    tx.commit().await?;
    tracing::info!(operator = %viewer.id, product = %id, ?group, "listing regrouped");
    Ok(())
}
