//! Reading the catalog: the home page, lists (search, category, storefront) and product pages.

use crate::{
    domain::{search::ListParams, ProductId},
    error::AppError,
    page::catalog::{CategoryPage, HomePage, ListPage, ProductPage, SellerPage},
};
use leptos::prelude::*;

/// Number of goods on the home page.
pub const HOME_PRODUCTS: u32 = 24;

access!(GetHomePage => PUBLIC);
#[server(endpoint = "catalog/home")]
pub async fn get_home_page() -> Result<HomePage, AppError> {
    super::ssr::guard::<GetHomePage>()?;
    Ok(super::ssr::state()?
        .db
        .catalog()
        .home_page(HOME_PRODUCTS)
        .await?)
}

access!(GetProduct => PUBLIC);
/// A product with its price history and its competitors, delivered to the shopper's district.
#[server(endpoint = "catalog/product")]
pub async fn get_product(id: ProductId) -> Result<ProductPage, AppError> {
    super::ssr::guard::<GetProduct>()?;
    use super::compare::ssr::{deliver_to, price};
    use crate::{domain::compare::Cheapest, server::clock};
    let db = super::ssr::state()?.db;
    let mut product = db
        .catalog()
        .product(id, clock::now())
        .await?
        .ok_or(AppError::NotFound)?;
    let mut offer = db
        .compare()
        .offers(&[id])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    let (deliver_to, point) = deliver_to(&db).await?;
    price(
        &db,
        point,
        std::iter::once(&mut offer).chain(&mut product.other_offers),
    )
    .await?;
    let cheapest = Cheapest::of(std::iter::once(&offer).chain(&product.other_offers));
    Ok(ProductPage {
        product,
        offer,
        cheapest,
        deliver_to,
    })
}

access!(Search => PUBLIC);
#[server(endpoint = "catalog/search")]
pub async fn search(params: ListParams) -> Result<ListPage, AppError> {
    super::ssr::guard::<Search>()?;
    Ok(super::ssr::state()?
        .db
        .catalog()
        .list(&params.sanitized())
        .await?)
}

access!(GetCategoryPage => PUBLIC);
#[server(endpoint = "catalog/category")]
pub async fn get_category_page(slug: String, params: ListParams) -> Result<CategoryPage, AppError> {
    super::ssr::guard::<GetCategoryPage>()?;
    if !crate::domain::search::is_slug(&slug) {
        return Err(AppError::NotFound);
    }
    let db = super::ssr::state()?.db;
    db.catalog()
        .category_page(&slug, &params.sanitized())
        .await?
        .ok_or(AppError::NotFound)
}

access!(GetSellerPage => PUBLIC);
#[server(endpoint = "catalog/seller")]
pub async fn get_seller_page(slug: String, params: ListParams) -> Result<SellerPage, AppError> {
    super::ssr::guard::<GetSellerPage>()?;
    if !crate::domain::search::is_slug(&slug) {
        return Err(AppError::NotFound);
    }
    let db = super::ssr::state()?.db;
    db.catalog()
        .seller_page(&slug, &params.sanitized())
        .await?
        .ok_or(AppError::NotFound)
}
