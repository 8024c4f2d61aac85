//! Hot food: which restaurants deliver to the shopper's district, when they are open, what they
//! charge and the time they promise; a restaurant's menu.

use super::{pricing::Destination, ServiceError, Services};
use crate::{
    domain::{
        delivery::{Distance, GeoPoint, Tariff},
        food::{delivery_fee, ride_min, Opening},
        search::is_slug,
    },
    page::food::{FoodPage, Reach, RestaurantCard, RestaurantPage},
    server::db::food::Restaurant,
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
    let hours = restaurant.hours.clone();
    Ok(RestaurantPage {
        restaurant: card(restaurant, to.point, now, &tariff),
        hours,
        menu,
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
