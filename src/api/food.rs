//! Hot food: the restaurants that deliver to the shopper's district, and a restaurant's menu.

use crate::{
    error::AppError,
    page::food::{FoodPage, RestaurantPage},
};
use leptos::prelude::*;

access!(GetFoodPage => PUBLIC);
/// `/food`: restaurants delivering to the chosen district (or the saved address's), open first.
#[server(endpoint = "food/page")]
pub async fn get_food_page() -> Result<FoodPage, AppError> {
    let cx = super::ssr::guard::<GetFoodPage>()?;
    let to = super::compare::ssr::destination(&cx).await?;
    Ok(crate::server::service::food::food_page(cx.services(), to).await?)
}

access!(GetRestaurantPage => PUBLIC);
/// `/r/{restaurant}`: the restaurant's hours, its promise to the chosen district and its menu.
#[server(endpoint = "food/restaurant")]
pub async fn get_restaurant_page(slug: String) -> Result<RestaurantPage, AppError> {
    let cx = super::ssr::guard::<GetRestaurantPage>()?;
    let to = super::compare::ssr::destination(&cx).await?;
    Ok(crate::server::service::food::restaurant_page(cx.services(), &slug, to).await?)
}
