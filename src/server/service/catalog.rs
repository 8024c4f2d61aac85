//! What the shop's pages read: the home page, lists (search, a category, a storefront), product
//! pages, the comparison and comparison groups. Offers are priced delivered to the shopper's
//! destination (`pricing`).

use super::{
    pricing::{self, Destination},
    ServiceError, Services,
};
use crate::{
    domain::{
        compare::{Cheapest, CompareTray},
        search::{is_slug, ListParams},
        ProductId,
    },
    page::{
        catalog::{CategoryPage, HomePage, ListPage, ProductPage, SellerPage},
        compare::{Column, ComparisonPage, GroupPage},
    },
};

/// `/`: the top categories and the newest `products` goods.
pub async fn home(s: Services<'_>, products: u32) -> Result<HomePage, ServiceError> {
    Ok(s.db.catalog().home_page(products).await?)
}

/// A product with its price history and its competitors, delivered to `to`.
pub async fn product(
    s: Services<'_>,
    id: ProductId,
    to: Destination,
) -> Result<ProductPage, ServiceError> {
    let mut product =
        s.db.catalog()
            .product(id, s.clock.now())
            .await?
            .ok_or(ServiceError::NotFound)?;
    let mut offer =
        s.db.compare()
            .offers(&[id])
            .await?
            .pop()
            .ok_or(ServiceError::NotFound)?;
    pricing::price(
        s,
        to.point,
        std::iter::once(&mut offer).chain(&mut product.other_offers),
    )
    .await?;
    let cheapest = Cheapest::of(std::iter::once(&offer).chain(&product.other_offers));
    Ok(ProductPage {
        product,
        offer,
        cheapest,
        deliver_to: to.deliver_to,
    })
}

/// Search results (with facets) for the list parameters.
pub async fn search(s: Services<'_>, params: ListParams) -> Result<ListPage, ServiceError> {
    Ok(s.db.catalog().list(&params.sanitized()).await?)
}

/// `/c/{slug}`: a category's goods; `NotFound` for a slug that can't be one.
pub async fn category(
    s: Services<'_>,
    slug: &str,
    params: ListParams,
) -> Result<CategoryPage, ServiceError> {
    if !is_slug(slug) {
        return Err(ServiceError::NotFound);
    }
    s.db.catalog()
        .category_page(slug, &params.sanitized())
        .await?
        .ok_or(ServiceError::NotFound)
}

/// `/s/{slug}`: a seller's storefront.
pub async fn seller(
    s: Services<'_>,
    slug: &str,
    params: ListParams,
) -> Result<SellerPage, ServiceError> {
    if !is_slug(slug) {
        return Err(ServiceError::NotFound);
    }
    s.db.catalog()
        .seller_page(slug, &params.sanitized())
        .await?
        .ok_or(ServiceError::NotFound)
}

/// `/compare`: the tray's items side by side, delivered to `to`; items no longer sold show as
/// unavailable.
pub async fn comparison(
    s: Services<'_>,
    tray: &CompareTray,
    to: Destination,
) -> Result<ComparisonPage, ServiceError> {
    let mut offers = s.db.compare().offers(tray.ids()).await?;
    pricing::price(s, to.point, &mut offers).await?;
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
        deliver_to: to.deliver_to,
    })
}

/// `/g/{slug}`: every offer of one good, delivered to `to`.
pub async fn group(
    s: Services<'_>,
    slug: &str,
    to: Destination,
) -> Result<GroupPage, ServiceError> {
    if !is_slug(slug) {
        return Err(ServiceError::NotFound);
    }
    let (good, mut offers) =
        s.db.compare()
            .group(slug)
            .await?
            .ok_or(ServiceError::NotFound)?;
    pricing::price(s, to.point, &mut offers).await?;
    Ok(GroupPage {
        good,
        cheapest: Cheapest::of(&offers),
        offers,
        deliver_to: to.deliver_to,
    })
}

/// Whether the product is sold (it can go into the compare tray).
pub async fn is_sold(s: Services<'_>, id: ProductId) -> Result<bool, ServiceError> {
    Ok(!s.db.compare().offers(&[id]).await?.is_empty())
}
