//! Hot food: the restaurants that deliver to the shopper's district, and a restaurant's menu.

use crate::{
    domain::OrderId,
    error::AppError,
    page::food::{BasketPage, FoodCheckoutPage, FoodPage, KitchenPage, RestaurantPage},
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

crate::form_fields! {
    /// The food checkout's pay form.
    pub enum FoodPayField {
        Address => "address",
        When => "when",
        Instrument => "instrument",
        Pin => "pin",
    }
}

access!(GetFoodCheckout => BUYERS);
/// `/food/checkout`: the basket delivered to one of the shopper's addresses, as soon as possible
/// or at a time today, and every amount. `address`, `when` and `instrument` choose among the
/// shopper's own and what is offered (defaults otherwise).
#[server(endpoint = "food/checkout")]
pub async fn get_food_checkout(
    address: Option<String>,
    when: Option<String>,
    instrument: Option<String>,
) -> Result<FoodCheckoutPage, AppError> {
    use crate::{
        domain::{food::Wanted, AddressId, InstrumentId},
        server::service::food::{checkout_page, FoodChoice},
    };
    let cx = super::ssr::guard::<GetFoodCheckout>()?;
    let choice = FoodChoice {
        address: address.and_then(|a| a.parse::<AddressId>().ok()),
        wanted: when.as_deref().and_then(Wanted::parse),
        instrument: instrument.and_then(|i| i.parse::<InstrumentId>().ok()),
    };
    Ok(checkout_page(cx.services(), cx.signed_in()?, choice).await?)
}

/// The food checkout's pay form, as posted: what the page showed, the PIN, its key and the total
/// the shopper saw.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FoodPayForm {
    pub address: String,
    pub when: String,
    pub instrument: String,
    pub pin: String,
    pub key: String,
    pub total: String,
}

access!(PayFood => BUYERS);
/// Orders the food basket and pays for it; the order's page next. The same `key` again answers
/// with the same order.
#[server(endpoint = "food/pay")]
pub async fn pay_food(#[server(flatten)] form: FoodPayForm) -> Result<OrderId, AppError> {
    let cx = super::ssr::guard::<PayFood>()?;
    let placed = ssr::pay(&cx, form).await;
    let refused = placed
        .as_ref()
        .err()
        .map(super::checkout::ssr::refusal_reason);
    cx.metrics()
        .checkout(refused.as_deref().map_or(Ok(()), Err));
    let order = placed?;
    cx.then_go(&super::ssr::local(&format!("/orders/{order}")));
    Ok(order)
}

access!(GetKitchen => SELLER_STAFF);
/// `/kitchen`: the staff's restaurant's food orders still to cook or hand over.
#[server(endpoint = "kitchen/page")]
pub async fn get_kitchen() -> Result<KitchenPage, AppError> {
    let cx = super::ssr::guard::<GetKitchen>()?;
    let staff = &cx.signed_in()?.viewer;
    Ok(crate::server::service::kitchen::page(cx.services(), staff).await?)
}

access!(KitchenLive => SELLER_STAFF);
/// What an open kitchen screen asks every few seconds (a GET): its version, sent as the answer's
/// `ETag` too (a bodiless 304 while nothing changed).
#[server(endpoint = "kitchen/live", input = leptos::server_fn::codec::GetUrl)]
pub async fn kitchen_live() -> Result<String, AppError> {
    let cx = super::ssr::guard::<KitchenLive>()?;
    let staff = &cx.signed_in()?.viewer;
    let version = crate::server::service::kitchen::version(cx.services(), staff).await?;
    cx.etag(&version);
    Ok(version)
}

crate::form_fields! {
    /// Accepting a food order: the minutes it will take.
    pub enum KitchenField { Prep => "prep" }
}

access!(AcceptFood => SELLER_STAFF);
/// The kitchen accepts a new order, saying how many minutes it will take.
#[server(endpoint = "kitchen/accept")]
pub async fn accept_food(id: OrderId, prep: String) -> Result<(), AppError> {
    use crate::domain::form::FieldProblem;
    let cx = super::ssr::guard::<AcceptFood>()?;
    let staff = &cx.signed_in()?.viewer;
    let prep = prep
        .trim()
        .parse::<u32>()
        .map_err(|_| AppError::invalid(KitchenField::Prep, FieldProblem::OutOfRange))?;
    crate::server::service::kitchen::accept(cx.services(), staff, id, prep)
        .await
        .map_err(|e| e.answer(|_| KitchenField::Prep))
}

access!(CookFood => SELLER_STAFF);
/// The kitchen begins cooking an accepted order.
#[server(endpoint = "kitchen/cooking")]
pub async fn cook_food(id: OrderId) -> Result<(), AppError> {
    let cx = super::ssr::guard::<CookFood>()?;
    let staff = &cx.signed_in()?.viewer;
    Ok(crate::server::service::kitchen::cooking(cx.services(), staff, id).await?)
}

access!(FoodReady => SELLER_STAFF);
/// The order's dishes are cooked: it waits for a courier.
#[server(endpoint = "kitchen/ready")]
pub async fn food_ready(id: OrderId) -> Result<(), AppError> {
    let cx = super::ssr::guard::<FoodReady>()?;
    let staff = &cx.signed_in()?.viewer;
    Ok(crate::server::service::kitchen::ready(cx.services(), staff, id).await?)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{BasketField, DishForm, FoodPayField, FoodPayForm};
    use crate::{
        domain::{
            food::{OptionChoice, Wanted, MAX_DISH_OPTIONS},
            form::{FieldErrors, FieldProblem},
            order::CheckoutKey,
            payment::Pin,
            quantity::Quantity,
            AddressId, DishId, DishOptionId, InstrumentId, OrderId, Won,
        },
        error::AppError,
        server::{
            access::Caller,
            service::food::{self, AddDish, FoodPay},
        },
    };

    /// Parses the pay form, then orders the basket.
    pub async fn pay(cx: &Caller, form: FoodPayForm) -> Result<OrderId, AppError> {
        let session = cx.signed_in()?;
        let mut errs = FieldErrors::default();
        let address = errs.check(
            FoodPayField::Address,
            form.address
                .parse::<AddressId>()
                .map_err(|_| FieldProblem::Required),
        );
        let wanted = errs.check(
            FoodPayField::When,
            Wanted::parse(&form.when).ok_or(FieldProblem::SlotInvalid),
        );
        let instrument = errs.check(
            FoodPayField::Instrument,
            form.instrument
                .parse::<InstrumentId>()
                .map_err(|_| FieldProblem::InstrumentUnknown),
        );
        let pin = errs.check(FoodPayField::Pin, Pin::parse(&form.pin));
        let total = form.total.parse::<Won>().ok().filter(|t| !t.is_negative());
        let (Some(key), Some(total)) = (CheckoutKey::parse(&form.key), total) else {
            return Err(AppError::BadRequest("checkout key or total missing".into()));
        };
        let (Some(address), Some(wanted), Some(instrument), Some(pin)) =
            (address, wanted, instrument, pin)
        else {
            return Err(errs.into());
        };
        let pay = FoodPay {
            address,
            wanted,
            instrument,
            pin: &pin,
            key: &key,
            total,
        };
        food::place(cx.services(), session, &pay)
            .await
            .map_err(|e| {
                e.answer(|p| match p {
                    FieldProblem::SlotInvalid => FoodPayField::When,
                    FieldProblem::PinWrong | FieldProblem::PinFormat => FoodPayField::Pin,
                    FieldProblem::InstrumentUnknown => FoodPayField::Instrument,
                    _ => FoodPayField::Address,
                })
            })
    }

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
