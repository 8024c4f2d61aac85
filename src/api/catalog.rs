//! Reading the catalog.

use crate::{
    domain::{
        catalog::{HomePage, ProductDetail},
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
