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
    let cx = super::ssr::guard::<GetHomePage>()?;
    Ok(crate::server::service::catalog::home(cx.services(), HOME_PRODUCTS).await?)
}

access!(GetProduct => PUBLIC);
/// A product with its price history and its competitors, delivered to the shopper's district.
#[server(endpoint = "catalog/product")]
pub async fn get_product(id: ProductId) -> Result<ProductPage, AppError> {
    use crate::server::service::catalog;
    let cx = super::ssr::guard::<GetProduct>()?;
    let to = super::compare::ssr::destination(&cx).await?;
    Ok(catalog::product(cx.services(), id, to).await?)
}

access!(Search => PUBLIC);
#[server(endpoint = "catalog/search")]
pub async fn search(params: ListParams) -> Result<ListPage, AppError> {
    use crate::server::service::catalog;
    let cx = super::ssr::guard::<Search>()?;
    Ok(if cx.renders_a_persons_page() {
        catalog::search_page(cx.services(), cx.traffic(), params).await?
    } else {
        catalog::search(cx.services(), params).await?
    })
}

access!(GetCategoryPage => PUBLIC);
#[server(endpoint = "catalog/category")]
pub async fn get_category_page(slug: String, params: ListParams) -> Result<CategoryPage, AppError> {
    let cx = super::ssr::guard::<GetCategoryPage>()?;
    Ok(crate::server::service::catalog::category(cx.services(), &slug, params).await?)
}

access!(GetSellerPage => PUBLIC);
#[server(endpoint = "catalog/seller")]
pub async fn get_seller_page(slug: String, params: ListParams) -> Result<SellerPage, AppError> {
    let cx = super::ssr::guard::<GetSellerPage>()?;
    Ok(crate::server::service::catalog::seller(cx.services(), &slug, params).await?)
}
