//! Delivered prices: every offer priced to the shopper's district with the stored tariff, the
//! same table and code checkout charges with.

use super::{ServiceError, Services};
use crate::domain::{
    compare::{ComparedOffer, DeliverTo},
    delivery::GeoPoint,
    UserId,
};

/// Where prices are delivered to: the district picked on the page (its slug, from the
/// `deliver_to` cookie), else the signed-in shopper's default address; and the choices.
pub struct Destination {
    pub deliver_to: DeliverTo,
    pub point: Option<GeoPoint>,
}

/// The destination of a page's prices (see `Destination`).
pub async fn destination(
    s: Services<'_>,
    picked: Option<&str>,
    shopper: Option<UserId>,
) -> Result<Destination, ServiceError> {
    let districts = s.db.compare().districts().await?;
    let mut chosen = districts
        .iter()
        .find(|(d, _)| Some(d.slug.as_str()) == picked)
        .cloned();
    if chosen.is_none() {
        if let Some(user) = shopper {
            chosen = s.db.accounts().default_district(user).await?;
        }
    }
    Ok(Destination {
        point: chosen.as_ref().map(|(_, p)| *p),
        deliver_to: DeliverTo {
            selected: chosen.map(|(d, _)| d),
            options: districts.into_iter().map(|(d, _)| d).collect(),
        },
    })
}

/// Prices every offer's delivery to `to` with the stored tariff (read once for all the offers of
/// a page). Without a destination the offers keep their bare prices.
pub async fn price<'o>(
    s: Services<'_>,
    to: Option<GeoPoint>,
    offers: impl IntoIterator<Item = &'o mut ComparedOffer>,
) -> Result<(), ServiceError> {
    if let Some(to) = to {
        let tariff = s.db.logistics().tariff().await?;
        for o in offers {
            o.deliver_to(to, &tariff);
        }
    }
    Ok(())
}
