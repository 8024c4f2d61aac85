//! Hot food: `/food`, the restaurants that deliver to the shopper's district, and
//! `/r/{restaurant}`, one restaurant's menu.

use crate::domain::{
    account::SavedAddress,
    catalog::{Localized, Picture},
    compare::DeliverTo,
    food::{Busy, Opening, OpeningHours, Promise, Wanted},
    payment::Instrument,
    DishId, DishOptionId, Won,
};
use serde::{Deserialize, Serialize};

/// Whether, and how, a restaurant delivers to the chosen district.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reach {
    /// No district is chosen (nor an address saved): nothing to promise yet.
    NoDistrict,
    /// The district is beyond the restaurant's radius.
    OutOfRadius,
    /// The fee, and the promised window in minutes from now ("35–45분"), or busy.
    Delivers {
        fee: Won,
        promise: Result<(u32, u32), Busy>,
    },
}

/// A restaurant as `/food` lists it and `/r/{restaurant}` heads its menu.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestaurantCard {
    pub slug: String,
    pub name: Localized,
    /// Where its kitchen is.
    pub district: Localized,
    pub opening: Opening,
    pub reach: Reach,
    /// The least an order's dishes must come to (delivery not counted).
    pub minimum: Won,
    pub picture: Option<Picture>,
}

/// `/food`: restaurants that deliver to the chosen district (all of them while none is chosen),
/// open ones first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoodPage {
    pub deliver_to: DeliverTo,
    pub restaurants: Vec<RestaurantCard>,
    /// The Pyongyang day the page was made (to say "today", "tomorrow").
    pub today: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DishOption {
    pub id: DishOptionId,
    pub name: Localized,
    pub price: Won,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dish {
    pub id: DishId,
    pub name: Localized,
    pub description: Localized,
    /// What one portion is ("1그릇 (1.2kg)").
    pub portion: Localized,
    pub price: Won,
    pub picture: Option<Picture>,
    pub options: Vec<DishOption>,
    /// The kitchen ran out of it today.
    pub sold_out: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuSection {
    pub name: Localized,
    pub dishes: Vec<Dish>,
}

/// Whose dishes the viewer's food basket holds, as a menu needs to know.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BasketOf {
    /// Nobody is signed in: adding a dish asks them to.
    Guest,
    /// Empty, or this restaurant's dishes: a dish goes in.
    ThisRestaurant,
    /// Another restaurant's (named): a dish goes in as a new order, when asked.
    Other(Localized),
}

/// `/r/{restaurant}`: the restaurant, its week and its menu.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestaurantPage {
    pub restaurant: RestaurantCard,
    pub hours: OpeningHours,
    pub menu: Vec<MenuSection>,
    pub deliver_to: DeliverTo,
    pub today: i64,
    pub basket: BasketOf,
}

/// A line of the food basket: a dish with its chosen options, so many portions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasketLine {
    /// The line's own number (to change or remove it).
    pub id: i64,
    pub dish: DishId,
    pub name: Localized,
    pub options: Vec<Localized>,
    /// One portion with its options.
    pub portion_price: Won,
    pub portions: u32,
    pub amount: Won,
    pub sold_out: bool,
    /// How long the dish takes to cook.
    pub prep_min: u32,
}

/// `/food/basket`: one restaurant's dishes, what they come to, and what delivery to the chosen
/// district adds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasketPage {
    /// `None` while the basket is empty.
    pub restaurant: Option<RestaurantCard>,
    pub lines: Vec<BasketLine>,
    pub dishes: Won,
    /// What the dishes lack of the restaurant's minimum order, if anything.
    pub short_of_minimum: Option<Won>,
    pub deliver_to: DeliverTo,
    pub today: i64,
}

/// `/food/checkout`: the basket's dishes delivered to one of the shopper's addresses, as soon as
/// possible (the promise) or at a time today, paid with one of their instruments; every amount
/// from the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoodCheckoutPage {
    /// `None` while the basket is empty.
    pub restaurant: Option<RestaurantCard>,
    pub lines: Vec<BasketLine>,
    pub dishes: Won,
    pub fee: Option<Won>,
    pub total: Option<Won>,
    pub addresses: Vec<SavedAddress>,
    pub address: Option<crate::domain::AddressId>,
    /// The promise of an order placed now: the window ("35–45분"), or busy; `None` while the
    /// restaurant is closed (or out of reach).
    pub asap: Option<Result<(u32, u32), Busy>>,
    /// The times today it may be wanted at (UTC seconds, quarter hours).
    pub times: Vec<i64>,
    pub wanted: Wanted,
    pub instruments: Vec<Instrument>,
    pub instrument: Option<crate::domain::InstrumentId>,
    /// Why it can't be ordered as it stands (out of radius, below the minimum, closed, busy,
    /// sold out).
    pub blocked: Option<crate::error::Refusal>,
    /// A fresh key for this confirmation: pressing pay twice places one order.
    pub key: String,
    pub today: i64,
}

/// A dish of a food order, as it was ordered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoodOrderLine {
    pub name: Localized,
    /// The options chosen, named as they were then (empty for none).
    pub options: Localized,
    /// One portion with its options.
    pub price: Won,
    pub portions: u32,
    pub amount: Won,
}

/// What a food order's page shows beyond an order's: the dishes and the promise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoodOrderPart {
    pub lines: Vec<FoodOrderLine>,
    /// Wanted as soon as possible (else at `promised_at`).
    pub asap: bool,
    pub promise: Promise,
    /// When it is due at the door (UTC seconds).
    pub promised_at: i64,
    /// When the page was made (the countdown's start).
    pub now: i64,
}

/// Where a food order is in its kitchen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KitchenStage {
    /// Placed: waiting for the kitchen to accept it.
    New,
    Accepted,
    Cooking,
    /// Cooked, waiting for a courier.
    Ready,
}

/// A food order on its kitchen's screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitchenOrder {
    pub id: crate::domain::OrderId,
    pub stage: KitchenStage,
    pub lines: Vec<FoodOrderLine>,
    /// When it is due at the door, and when it must leave the kitchen for that (UTC seconds).
    pub promised_at: i64,
    pub leave_by: i64,
    /// When the kitchen said it would be ready (once accepted).
    pub ready_by: Option<i64>,
    /// The preparation the order was promised with (what accepting it offers).
    pub prep_min: u32,
    /// It can no longer leave in time (or the kitchen said it would be ready too late).
    pub late: bool,
}

/// `/kitchen`: a restaurant's food orders still to cook or to hand over, the soonest due first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitchenPage {
    /// `None`: the staff's seller is no restaurant.
    pub restaurant: Option<Localized>,
    pub orders: Vec<KitchenOrder>,
    /// What changes whenever an order arrives or moves (the open screen follows it).
    pub version: String,
}
