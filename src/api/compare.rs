//! Price comparison: the compare tray, the comparison page and comparison groups, each offer
//! priced delivered to the shopper's district with the delivery tariff checkout uses.

use crate::{
    domain::{compare::CompareTray, ProductId},
    error::AppError,
    page::compare::{ComparisonPage, GroupPage},
};
use leptos::prelude::*;

access!(GetComparison => PUBLIC);
/// `/compare`: the items in the tray side by side. Items no longer sold show as unavailable.
#[server(endpoint = "compare/page")]
pub async fn get_comparison() -> Result<ComparisonPage, AppError> {
    let cx = super::ssr::guard::<GetComparison>()?;
    let to = ssr::destination(&cx).await?;
    Ok(crate::server::service::catalog::comparison(cx.services(), &ssr::tray(&cx), to).await?)
}

access!(GetGroup => PUBLIC);
/// `/g/{slug}`: every offer of one good.
#[server(endpoint = "compare/group")]
pub async fn get_group(slug: String) -> Result<GroupPage, AppError> {
    let cx = super::ssr::guard::<GetGroup>()?;
    let to = ssr::destination(&cx).await?;
    Ok(crate::server::service::catalog::group(cx.services(), &slug, to).await?)
}

access!(CompareAdd => PUBLIC);
/// Puts a product in the compare tray (kept in a cookie). A fifth item is refused and changes nothing.
#[server(endpoint = "compare/add")]
pub async fn compare_add(id: ProductId) -> Result<CompareTray, AppError> {
    use crate::error::Refusal;
    let cx = super::ssr::guard::<CompareAdd>()?;
    if !crate::server::service::catalog::is_sold(cx.services(), id).await? {
        return Err(AppError::NotFound);
    }
    let mut tray = ssr::tray(&cx);
    tray.add(id)
        .map_err(|_| AppError::Refused(Refusal::CompareTrayFull))?;
    ssr::keep(&cx, &tray);
    Ok(tray)
}

access!(CompareRemove => PUBLIC);
/// Takes a product out of the compare tray.
#[server(endpoint = "compare/remove")]
pub async fn compare_remove(id: ProductId) -> Result<CompareTray, AppError> {
    let cx = super::ssr::guard::<CompareRemove>()?;
    let mut tray = ssr::tray(&cx);
    tray.remove(id);
    ssr::keep(&cx, &tray);
    Ok(tray)
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::{
        domain::compare::CompareTray,
        error::AppError,
        server::{
            access::Caller,
            cookies::{self, Kind},
            service::pricing::{self, Destination},
        },
    };

    pub fn tray(cx: &Caller) -> CompareTray {
        cx.cookie(Kind::Compare)
            .map(|v| CompareTray::parse(&v))
            .unwrap_or_default()
    }

    /// Remembers the tray for 30 days (and forgets it when it is empty).
    pub fn keep(cx: &Caller, tray: &CompareTray) {
        let max_age = if tray.is_empty() { 0 } else { 30 * 86_400 };
        cx.set_cookie(&cookies::set(
            Kind::Compare,
            &tray.cookie_value(),
            max_age,
            cx.security(),
        ));
    }

    /// Where the caller's prices are delivered to: the district picked on the page, else the
    /// signed-in shopper's default address.
    pub async fn destination(cx: &Caller) -> Result<Destination, AppError> {
        let picked = cx.cookie(Kind::DeliverTo);
        Ok(pricing::destination(cx.services(), picked.as_deref(), cx.user()).await?)
    }
}
