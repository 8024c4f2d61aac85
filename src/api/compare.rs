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
    super::ssr::guard::<GetComparison>()?;
    use crate::{domain::compare::Cheapest, page::compare::Column};
    let db = super::ssr::state()?.db;
    let tray = ssr::tray();
    let (deliver_to, point) = ssr::deliver_to(&db).await?;
    let mut offers = db.compare().offers(tray.ids()).await?;
    ssr::price(&db, point, &mut offers).await?;
    let cheapest = Cheapest::of(&offers);
    let columns = tray
        .ids()
        .iter()
        .map(|id| match offers.iter().position(|o| o.id == *id) {
            Some(i) => Column::Offer(Box::new(offers.swap_remove(i))),
            None => Column::Unavailable(*id),
        })
        .collect();
    Ok(ComparisonPage {
        columns,
        cheapest,
        deliver_to,
    })
}

access!(GetGroup => PUBLIC);
/// `/g/{slug}`: every offer of one good.
#[server(endpoint = "compare/group")]
pub async fn get_group(slug: String) -> Result<GroupPage, AppError> {
    super::ssr::guard::<GetGroup>()?;
    if !crate::domain::search::is_slug(&slug) {
        return Err(AppError::NotFound);
    }
    use crate::domain::compare::Cheapest;
    let db = super::ssr::state()?.db;
    let (good, mut offers) = db.compare().group(&slug).await?.ok_or(AppError::NotFound)?;
    let (deliver_to, point) = ssr::deliver_to(&db).await?;
    ssr::price(&db, point, &mut offers).await?;
    Ok(GroupPage {
        good,
        cheapest: Cheapest::of(&offers),
        offers,
        deliver_to,
    })
}

access!(CompareAdd => PUBLIC);
/// Puts a product in the compare tray (kept in a cookie). A fifth item is refused and changes nothing.
#[server(endpoint = "compare/add")]
pub async fn compare_add(id: ProductId) -> Result<CompareTray, AppError> {
    super::ssr::guard::<CompareAdd>()?;
    use crate::error::Refusal;
    let db = super::ssr::state()?.db;
    if db.compare().offers(&[id]).await?.is_empty() {
        return Err(AppError::NotFound);
    }
    let mut tray = ssr::tray();
    tray.add(id)
        .map_err(|_| AppError::Refused(Refusal::CompareTrayFull))?;
    ssr::keep(&tray);
    Ok(tray)
}

access!(CompareRemove => PUBLIC);
/// Takes a product out of the compare tray.
#[server(endpoint = "compare/remove")]
pub async fn compare_remove(id: ProductId) -> Result<CompareTray, AppError> {
    super::ssr::guard::<CompareRemove>()?;
    let mut tray = ssr::tray();
    tray.remove(id);
    ssr::keep(&tray);
    Ok(tray)
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::{
        api::ssr::{cookie, set_cookie, state},
        domain::{
            compare::{CompareTray, ComparedOffer, DeliverTo},
            delivery::GeoPoint,
        },
        error::AppError,
        server::{cookies, db::Db},
    };

    pub fn tray() -> CompareTray {
        cookie(cookies::Kind::Compare)
            .map(|v| CompareTray::parse(&v))
            .unwrap_or_default()
    }

    /// Remembers the tray for 30 days (and forgets it when it is empty).
    pub fn keep(tray: &CompareTray) {
        let max_age = if tray.is_empty() { 0 } else { 30 * 86_400 };
        if let Ok(state) = state() {
            set_cookie(&cookies::set(
                cookies::Kind::Compare,
                &tray.cookie_value(),
                max_age,
                &state.security,
            ));
        }
    }

    /// The district delivered prices are computed to (the one picked, else the signed-in
    /// shopper's default address), and the choices.
    pub async fn deliver_to(db: &Db) -> Result<(DeliverTo, Option<GeoPoint>), AppError> {
        let districts = db.compare().districts().await?;
        let wanted = cookie(cookies::Kind::DeliverTo);
        let mut chosen = districts
            .iter()
            .find(|(d, _)| Some(d.slug.as_str()) == wanted.as_deref())
            .cloned();
        // Without a district picked here, a signed-in shopper's default address decides.
        if chosen.is_none() {
            if let Some(session) = crate::api::ssr::session() {
                chosen = db.accounts().default_district(session.viewer.id).await?;
            }
        }
        let point = chosen.as_ref().map(|(_, p)| *p);
        Ok((
            DeliverTo {
                selected: chosen.map(|(d, _)| d),
                options: districts.into_iter().map(|(d, _)| d).collect(),
            },
            point,
        ))
    }

    /// Prices every offer's delivery to `to` with the stored tariff, which checkout charges (read
    /// once for all the offers of a page).
    pub async fn price(
        db: &Db,
        to: Option<GeoPoint>,
        offers: impl IntoIterator<Item = &mut ComparedOffer>,
    ) -> Result<(), AppError> {
        if let Some(to) = to {
            let tariff = db.logistics().tariff().await?;
            for o in offers {
                o.deliver_to(to, &tariff);
            }
        }
        Ok(())
    }
}
