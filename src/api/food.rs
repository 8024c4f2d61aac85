//! Hot food: the restaurants that deliver to the shopper's district, and a restaurant's menu.

use crate::{
    error::AppError,
    page::food::{BasketPage, FoodPage, RestaurantPage},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

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
    Ok(crate::server::service::food::restaurant_page(cx.services(), &slug, to, cx.user()).await?)
}

crate::form_fields! {
    /// How many portions of a dish go into the food basket.
    pub enum BasketField { Portions => "portions" }
}

/// A menu's form for one dish: the dish, its portions, the options ticked (`o0` to `o5`, each an
/// option's id: checkboxes need no script) and whether to start a new order over another
/// restaurant's dishes.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DishForm {
    pub dish: String,
    pub portions: String,
    pub start_over: Option<String>,
    pub o0: Option<String>,
    pub o1: Option<String>,
    pub o2: Option<String>,
    pub o3: Option<String>,
    pub o4: Option<String>,
    pub o5: Option<String>,
}

impl DishForm {
    /// The ticked options' fields, in order.
    pub fn ticked(&self) -> impl Iterator<Item = &str> {
        [&self.o0, &self.o1, &self.o2, &self.o3, &self.o4, &self.o5]
            .into_iter()
            .filter_map(|o| o.as_deref())
            .filter(|o| !o.is_empty())
    }
}

access!(AddDish => BUYERS);
/// Puts a dish with its options into the food basket (one restaurant's at a time). The portions
/// the basket's line has now.
#[server(endpoint = "food/add")]
pub async fn add_dish(#[server(flatten)] form: DishForm) -> Result<u32, AppError> {
    let cx = super::ssr::guard::<AddDish>()?;
    let (add, dish) = ssr::parse(&form)?;
    let user = cx.signed_in()?.viewer.id;
    let now = crate::server::service::food::add_dish(cx.services(), user, &add)
        .await
        .map_err(|e| e.answer(|_| BasketField::Portions))?;
    cx.flash(crate::page::form::Flash::AddedDish(dish));
    Ok(now)
}

access!(GetBasket => BUYERS);
/// `/food/basket`: the food basket, priced to the chosen district.
#[server(endpoint = "food/basket")]
pub async fn get_basket() -> Result<BasketPage, AppError> {
    let cx = super::ssr::guard::<GetBasket>()?;
    let user = cx.signed_in()?.viewer.id;
    let to = super::compare::ssr::destination(&cx).await?;
    Ok(crate::server::service::food::basket_page(cx.services(), user, to).await?)
}

access!(SetPortions => BUYERS);
/// Sets how many portions a line of the food basket has.
#[server(endpoint = "food/set")]
pub async fn set_portions(line: String, portions: String) -> Result<(), AppError> {
    use crate::domain::quantity::Quantity;
    let cx = super::ssr::guard::<SetPortions>()?;
    let user = cx.signed_in()?.viewer.id;
    let line = ssr::line(&line)?;
    let portions =
        Quantity::parse(&portions).map_err(|p| AppError::invalid(BasketField::Portions, p))?;
    crate::server::service::food::set_portions(cx.services(), user, line, portions)
        .await
        .map_err(|e| e.answer(|_| BasketField::Portions))
}

access!(RemoveLine => BUYERS);
/// Takes a line out of the food basket.
#[server(endpoint = "food/remove")]
pub async fn remove_line(line: String) -> Result<(), AppError> {
    let cx = super::ssr::guard::<RemoveLine>()?;
    let user = cx.signed_in()?.viewer.id;
    let line = ssr::line(&line)?;
    Ok(crate::server::service::food::remove_line(cx.services(), user, line).await?)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{BasketField, DishForm};
    use crate::{
        domain::{
            food::{OptionChoice, MAX_DISH_OPTIONS},
            quantity::Quantity,
            DishId, DishOptionId,
        },
        error::AppError,
        server::service::food::AddDish,
    };

    /// The form's values as the service takes them; a dish or an option that is no number of
    /// one is not found.
    pub fn parse(form: &DishForm) -> Result<(AddDish, DishId), AppError> {
        let dish = form
            .dish
            .parse::<DishId>()
            .map_err(|_| AppError::NotFound)?;
        let options = form
            .ticked()
            .map(|o| o.parse::<DishOptionId>().map_err(|_| AppError::NotFound))
            .collect::<Result<Vec<_>, _>>()?;
        if options.len() > MAX_DISH_OPTIONS {
            return Err(AppError::NotFound);
        }
        let portions = Quantity::parse(&form.portions)
            .map_err(|p| AppError::invalid(BasketField::Portions, p))?;
        let start_over = form.start_over.as_deref() == Some("1");
        Ok((
            AddDish {
                dish,
                options: OptionChoice::new(options),
                portions,
                start_over,
            },
            dish,
        ))
    }

    /// A basket line's number.
    pub fn line(raw: &str) -> Result<i64, AppError> {
        raw.parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or(AppError::NotFound)
    }
}
