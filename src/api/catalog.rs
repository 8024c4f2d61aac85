//! Reading the catalog: the home page, lists (search, category, storefront) and product pages.

use crate::{
    domain::{
        catalog::{CategoryPage, HomePage, ProductDetail, SellerPage},
        search::{ListPage, ListParams},
        ProductId,
    },
    error::AppError,
};
use leptos::prelude::*;

/// Number of goods on the home page.
pub const HOME_PRODUCTS: u32 = 24;

#[server(endpoint = "catalog/home")]
pub async fn get_home_page() -> Result<HomePage, AppError> {
    Ok(super::ssr::state()?
        .db
        .catalog()
        .home_page(HOME_PRODUCTS)
        .await?)
}

#[server(endpoint = "catalog/product")]
pub async fn get_product(id: ProductId) -> Result<ProductDetail, AppError> {
    super::ssr::state()?
        .db
        .catalog()
        .product(id)
        .await?
        .ok_or(AppError::NotFound)
}

#[server(endpoint = "catalog/search")]
pub async fn search(params: ListParams) -> Result<ListPage, AppError> {
    Ok(super::ssr::state()?
        .db
        .catalog()
        .list(&params.sanitized())
        .await?)
}

#[server(endpoint = "catalog/category")]
pub async fn get_category_page(slug: String, params: ListParams) -> Result<CategoryPage, AppError> {
    let db = super::ssr::state()?.db;
    db.catalog()
        .category_page(&slug, &params.sanitized())
        .await?
        .ok_or(AppError::NotFound)
}

#[server(endpoint = "catalog/seller")]
pub async fn get_seller_page(slug: String, params: ListParams) -> Result<SellerPage, AppError> {
    let db = super::ssr::state()?.db;
    db.catalog()
        .seller_page(&slug, &params.sanitized())
        .await?
        .ok_or(AppError::NotFound)
}
