//! Hot food: which restaurants deliver to the shopper's district, when they are open, what they
//! charge and the time they promise; a restaurant's menu.

use super::{pricing::Destination, ServiceError, Services};
use crate::{
    domain::{
        delivery::{Distance, GeoPoint, Tariff},
        food::{delivery_fee, ride_min, Opening, OptionChoice, MAX_PORTIONS},
        form::FieldProblem,
        quantity::Quantity,
        search::is_slug,
        DishId, UserId, Won,
    },
    error::Refusal,
    page::food::{BasketOf, BasketPage, FoodPage, Reach, RestaurantCard, RestaurantPage},
    server::db::food::{self as repo, Restaurant},
};

/// `/food`: the restaurants that reach the chosen district, open ones first and then by the
/// time they promise; every restaurant while no district is chosen.
pub async fn food_page(s: Services<'_>, to: Destination) -> Result<FoodPage, ServiceError> {
    let (now, today) = (s.now(), s.today());
    let tariff = s.db.logistics().tariff().await?;
    let mut restaurants: Vec<RestaurantCard> =
        s.db.food()
            .restaurants(today - 1)
            .await?
            .into_iter()
            .map(|r| card(r, to.point, now, &tariff))
            .filter(|c| c.reach != Reach::OutOfRadius)
            .collect();
    restaurants.sort_by_key(|c| {
        let promise = match c.reach {
            Reach::Delivers {
                promise: Ok((from, _)),
                ..
            } => from,
            _ => u32::MAX,
        };
        (!c.opening.is_open(), promise, c.name.ko.clone())
    });
    Ok(FoodPage {
        deliver_to: to.deliver_to,
        restaurants,
        today,
    })
}

/// `/r/{restaurant}`: the restaurant, its week and its menu.
pub async fn restaurant_page(
    s: Services<'_>,
    slug: &str,
    to: Destination,
    viewer: Option<UserId>,
) -> Result<RestaurantPage, ServiceError> {
    if !is_slug(slug) {
        return Err(ServiceError::NotFound);
    }
    let (now, today) = (s.now(), s.today());
    let restaurant =
        s.db.food()
            .restaurant(slug, today - 1)
            .await?
            .ok_or(ServiceError::NotFound)?;
    let tariff = s.db.logistics().tariff().await?;
    let menu = s.db.food().menu(restaurant.seller, today).await?;
    let basket = match viewer {
        None => BasketOf::Guest,
        Some(user) => match s.db.food().basket_restaurant(user).await? {
            Some((seller, name)) if seller != restaurant.seller => BasketOf::Other(name),
            _ => BasketOf::ThisRestaurant,
        },
    };
    let hours = restaurant.hours.clone();
    Ok(RestaurantPage {
        restaurant: card(restaurant, to.point, now, &tariff),
        hours,
        menu,
        deliver_to: to.deliver_to,
        today,
        basket,
    })
}

/// A dish for the food basket, as its form on the menu sends it.
#[derive(Clone, Debug)]
pub struct AddDish {
    pub dish: DishId,
    pub options: OptionChoice,
    pub portions: Quantity,
    /// The shopper asked to start a new order if the basket holds another restaurant's dishes.
    pub start_over: bool,
}

/// Puts a dish with its options into `user`'s food basket, in one transaction: `NotFound` for a
/// dish or an option that isn't on the menu; refused when the kitchen has run out of it today, or
/// when the basket holds another restaurant's dishes and starting over was not asked for (then
/// nothing changes). The portions the line has now.
pub async fn add_dish(s: Services<'_>, user: UserId, add: &AddDish) -> Result<u32, ServiceError> {
    if add.portions.get() > MAX_PORTIONS {
        return Err(ServiceError::Invalid(FieldProblem::QuantityTooMany));
    }
    // The first statement reads: on SQLite the write lock is taken at the start.
    let mut tx = s.db.begin().await?;
    let dish = repo::dish_to_add(&mut tx, add.dish)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !add.options.ids().iter().all(|o| dish.options.contains(o)) {
        return Err(ServiceError::NotFound);
    }
    if dish.sold_out_day == Some(s.today()) {
        return Err(ServiceError::Refused(Refusal::DishSoldOut));
    }
    let held = repo::hold_basket(&mut tx, user, dish.seller, s.now()).await?;
    if held != dish.seller {
        if repo::basket_has_lines(&mut tx, user).await? && !add.start_over {
            return Err(ServiceError::Refused(Refusal::OtherRestaurant));
        }
        repo::restart_basket(&mut tx, user, dish.seller).await?;
    }
    let now = repo::add_line(
        &mut tx,
        user,
        add.dish,
        &add.options,
        (add.portions.get(), MAX_PORTIONS),
    )
    .await?;
    tx.commit().await?;
    Ok(now)
}

/// Sets the portions of a line of `user`'s basket (at most `MAX_PORTIONS`).
pub async fn set_portions(
    s: Services<'_>,
    user: UserId,
    line: i64,
    portions: Quantity,
) -> Result<(), ServiceError> {
    if portions.get() > MAX_PORTIONS {
        return Err(ServiceError::Invalid(FieldProblem::QuantityTooMany));
    }
    match s.db.food().set_line(user, line, portions.get()).await? {
        true => Ok(()),
        false => Err(ServiceError::NotFound),
    }
}

/// Takes a line out of `user`'s basket.
pub async fn remove_line(s: Services<'_>, user: UserId, line: i64) -> Result<(), ServiceError> {
    match s.db.food().remove_line(user, line).await? {
        true => Ok(()),
        false => Err(ServiceError::NotFound),
    }
}

/// `/food/basket`: the dishes, what they come to, what the restaurant promises and charges to
/// the chosen district, and what is missing of its minimum.
pub async fn basket_page(
    s: Services<'_>,
    user: UserId,
    to: Destination,
) -> Result<BasketPage, ServiceError> {
    let (now, today) = (s.now(), s.today());
    let Some((seller, lines)) = s.db.food().basket(user, today).await? else {
        return Ok(BasketPage {
            restaurant: None,
            lines: Vec::new(),
            dishes: Won::ZERO,
            short_of_minimum: None,
            deliver_to: to.deliver_to,
            today,
        });
    };
    let restaurant =
        s.db.food()
            .restaurant_of(seller, today - 1)
            .await?
            .ok_or(ServiceError::NotFound)?;
    let dishes = lines
        .iter()
        .try_fold(Won::ZERO, |sum, l| sum.checked_add(l.amount))
        .ok_or(ServiceError::Invalid(FieldProblem::QuantityTooMany))?;
    let short_of_minimum = (dishes < restaurant.minimum)
        .then(|| restaurant.minimum.checked_sub(dishes))
        .flatten();
    let tariff = s.db.logistics().tariff().await?;
    Ok(BasketPage {
        restaurant: Some(card(restaurant, to.point, now, &tariff)),
        lines,
        dishes,
        short_of_minimum,
        deliver_to: to.deliver_to,
        today,
    })
}

/// The restaurant as a shopper at `to` sees it at `now`. The promise is for an order of one dish
/// of the usual preparation time: the card's estimate; checkout promises for the order itself.
fn card(r: Restaurant, to: Option<GeoPoint>, now: i64, tariff: &Tariff) -> RestaurantCard {
    let reach = match to {
        None => Reach::NoDistrict,
        Some(to) if !r.radius.reaches(r.point, to) => Reach::OutOfRadius,
        Some(to) => {
            let ride = Distance::by_road(r.point, to);
            // No food order waits in a kitchen yet: ordering hot food is the next step.
            let ahead = 0;
            match delivery_fee(ride, &tariff.motorbike) {
                Some(fee) => Reach::Delivers {
                    fee,
                    promise: r
                        .kitchen
                        .promise(ahead, 1, r.prep_min, ride_min(ride, &tariff.motorbike))
                        .map(|p| p.window()),
                },
                None => Reach::OutOfRadius,
            }
        }
    };
    RestaurantCard {
        opening: Opening::at(&r.hours, now),
        slug: r.slug,
        name: r.name,
        district: r.district,
        reach,
        minimum: r.minimum,
        picture: r.picture,
    }
}
