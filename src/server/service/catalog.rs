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
        search::{self, is_slug, ListParams},
        traffic::search_key,
        ProductId,
    },
    page::{
        catalog::{CategoryPage, HomePage, ListPage, ProductPage, SellerPage},
        compare::{Column, ComparisonPage, GroupPage},
    },
    server::traffic::Counter,
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
            .offer(id)
            .await?
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

/// Search results (with facets) for the list parameters; when nothing is found, the nearest query
/// that finds something, if a word was one or two letters off a word of the goods' names.
pub async fn search(s: Services<'_>, params: ListParams) -> Result<ListPage, ServiceError> {
    let params = params.sanitized();
    let mut page = s.db.catalog().list(&params).await?;
    if page.total == 0 && !params.q.is_empty() {
        page.suggestion = suggest(s, &params).await?;
    }
    Ok(page)
}

/// A search a person's search page asked for: the list, and (for its first page) the search
/// counted for the operators' dashboard, as found or not.
pub async fn search_page(
    s: Services<'_>,
    counter: &Counter,
    params: ListParams,
) -> Result<ListPage, ServiceError> {
    let page = search(s, params).await?;
    if let (1, Some(query)) = (page.params.page, search_key(&page.params.q)) {
        counter.record_search(s.today(), query, page.total > 0);
    }
    Ok(page)
}

/// Each word of the query replaced by its nearest word in the names of goods that share a gram
/// with it (`search::nearest`); the new query if it finds something with the same filters.
async fn suggest(s: Services<'_>, params: &ListParams) -> Result<Option<String>, ServiceError> {
    let catalog = s.db.catalog();
    let mut changed = false;
    let mut words = Vec::new();
    for (i, word) in search::tokens(&params.q).into_iter().enumerate() {
        // A word some name has, or a seller's name, is kept as it is.
        let near =
            if i < search::MAX_CORRECTED_WORDS && catalog.sellers_named(&word).await?.is_empty() {
                let names = catalog.names_near(&word).await?;
                let found = names.iter().any(|n| n.contains(word.as_str()));
                (!found)
                    .then(|| search::nearest(&word, names.iter().flat_map(|n| search::words(n))))
                    .flatten()
            } else {
                None
            };
        changed |= near.is_some();
        words.push(near.unwrap_or(word));
    }
    if !changed {
        return Ok(None);
    }
    let q = words.join(" ");
    let found = catalog
        .list(&ListParams {
            q: q.clone(),
            page: 1,
            ..params.clone()
        })
        .await?;
    Ok((found.total > 0).then_some(q))
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

/// Whether the product is on sale (it can go into the compare tray).
pub async fn is_sold(s: Services<'_>, id: ProductId) -> Result<bool, ServiceError> {
    Ok(!s.db.compare().offers(&[id]).await?.is_empty())
}
