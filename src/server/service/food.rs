//! Hot food: which restaurants deliver to the shopper's district, when they are open, what they
//! charge and the time they promise; a restaurant's menu.

use super::{
    auth::Session,
    checkout::{payer_choices, Payer},
    payments,
    pricing::Destination,
    random_bytes, random_hex, ServiceError, Services,
};
use crate::{
    domain::{
        delivery::{Distance, GeoPoint, Tariff},
        dispatch::DeliveryCode,
        food::{
            delivery_fee, ride_min, wanted_times, Opening, OptionChoice, Promise, Ride, Riders,
            Wanted, FOOD_HOLD_GRACE_SECS, MAX_PORTIONS, MAX_PROMISE_MIN,
        },
        form::FieldProblem,
        order::CheckoutKey,
        payment::Pin,
        quantity::Quantity,
        search::is_slug,
        AddressId, DishId, InstrumentId, OrderId, UserId, Won,
    },
    error::Refusal,
    page::food::{
        BasketLine, BasketOf, BasketPage, FoodCheckoutPage, FoodPage, Reach, RestaurantCard,
        RestaurantPage,
    },
    server::db::{
        food::{self as repo, NewFoodOrder, Restaurant, Taken},
        orders,
    },
};

/// `/food`: the restaurants that reach the chosen district, open ones first and then by the
/// time they promise; every restaurant while no district is chosen.
pub async fn food_page(s: Services<'_>, to: Destination) -> Result<FoodPage, ServiceError> {
    let (now, today) = (s.now(), s.today());
    let tariff = s.db.logistics().tariff().await?;
    let ahead = s.db.food().dishes_due(asap_due(now)).await?;
    let riders = s.db.food().riders(now, asap_due(now)).await?;
    let nobody = Riders {
        now,
        ..Riders::default()
    };
    let mut restaurants: Vec<RestaurantCard> =
        s.db.food()
            .restaurants(today - 1)
            .await?
            .into_iter()
            .map(|r| {
                let ahead = ahead.get(&r.seller).copied().unwrap_or(0);
                let riders = riders.get(&r.city).unwrap_or(&nobody);
                card(r, Queues { ahead, riders }, to.point, &tariff)
            })
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
    let ahead =
        s.db.food()
            .dishes_due_at(restaurant.seller, asap_due(now))
            .await?;
    let riders = city_riders(s, &restaurant, now).await?;
    let queues = Queues {
        ahead,
        riders: &riders,
    };
    Ok(RestaurantPage {
        restaurant: card(restaurant, queues, to.point, &tariff),
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
    let (_, _, dishes) = measure(&lines, restaurant.prep_min)?;
    let short_of_minimum = (dishes < restaurant.minimum)
        .then(|| restaurant.minimum.checked_sub(dishes))
        .flatten();
    let tariff = s.db.logistics().tariff().await?;
    let ahead = s.db.food().dishes_due_at(seller, asap_due(now)).await?;
    let riders = city_riders(s, &restaurant, now).await?;
    let queues = Queues {
        ahead,
        riders: &riders,
    };
    Ok(BasketPage {
        restaurant: Some(card(restaurant, queues, to.point, &tariff)),
        lines,
        dishes,
        short_of_minimum,
        deliver_to: to.deliver_to,
        today,
    })
}

/// What an order placed now waits behind: the dishes in the kitchen's queue and the hot food
/// the city's motorbikes have to carry.
#[derive(Clone, Copy, Debug)]
struct Queues<'a> {
    ahead: u32,
    riders: &'a Riders,
}

/// The motorbikes of `restaurant`'s city now.
async fn city_riders(
    s: Services<'_>,
    restaurant: &Restaurant,
    now: i64,
) -> Result<Riders, ServiceError> {
    Ok(s.db
        .food()
        .riders_of(restaurant.city, now, asap_due(now))
        .await?)
}

/// The restaurant as a shopper at `to` sees it, with its queues now. The promise is for an order
/// of one dish of the usual preparation time: the card's estimate; checkout promises for the
/// order itself.
fn card(
    r: Restaurant,
    queues: Queues<'_>,
    to: Option<GeoPoint>,
    tariff: &Tariff,
) -> RestaurantCard {
    let now = queues.riders.now;
    let reach = match to {
        None => Reach::NoDistrict,
        Some(to) if !r.radius.reaches(r.point, to) => Reach::OutOfRadius,
        Some(to) => {
            let ride = Distance::by_road(r.point, to);
            match delivery_fee(ride, &tariff.motorbike) {
                Some(fee) => Reach::Delivers {
                    fee,
                    promise: r
                        .kitchen
                        .promise(
                            queues.ahead,
                            1,
                            r.prep_min,
                            Ride {
                                min: ride_min(ride, &tariff.motorbike),
                                riders: Some(queues.riders),
                            },
                        )
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

/// The dishes an order placed now waits behind: every dish ordered and not yet ready that is due
/// within the longest promise any kitchen makes (a dish wanted later is cooked later), and not
/// so long ago that its order is being called off.
fn asap_due(now: i64) -> (i64, i64) {
    (
        now - FOOD_HOLD_GRACE_SECS,
        now + i64::from(MAX_PROMISE_MIN) * 60,
    )
}

/// Whether an order promised `p` at `now` is cooked before the kitchen closes at `closes`.
fn cooked_by(p: Promise, now: i64, closes: i64) -> bool {
    now + i64::from(p.queue_min + p.prep_min) * 60 <= closes
}

/// The dishes an order wanted at `at` shares the kitchen with: those due in the half hour before.
fn due_before(at: i64) -> (i64, i64) {
    (at - 30 * 60, at)
}

/// The way from a restaurant to an address: how far, how long by motorbike, what it costs;
/// `OutOfRadius` beyond its radius (or the motorbike's reach).
#[derive(Clone, Copy, Debug)]
struct Trip {
    distance: Distance,
    ride_min: u32,
    fee: Won,
}

fn trip(r: &Restaurant, to: GeoPoint, tariff: &Tariff) -> Result<Trip, Refusal> {
    if !r.radius.reaches(r.point, to) {
        return Err(Refusal::OutOfRadius);
    }
    let distance = Distance::by_road(r.point, to);
    let fee = delivery_fee(distance, &tariff.motorbike).ok_or(Refusal::OutOfRadius)?;
    Ok(Trip {
        distance,
        ride_min: ride_min(distance, &tariff.motorbike),
        fee,
    })
}

/// The basket's portions, the longest of its dishes' cooking (they cook side by side) and what
/// its dishes come to.
fn measure(lines: &[BasketLine], usual_prep: u32) -> Result<(u32, u32, Won), ServiceError> {
    let portions = lines.iter().map(|l| l.portions).sum();
    let prep = lines.iter().map(|l| l.prep_min).max().unwrap_or(usual_prep);
    let dishes = lines
        .iter()
        .try_fold(Won::ZERO, |sum, l| sum.checked_add(l.amount))
        .ok_or(ServiceError::Invalid(FieldProblem::QuantityTooMany))?;
    Ok((portions, prep, dishes))
}

/// What the shopper picked on the food checkout page (defaults where they picked nothing, or
/// something not theirs or not offered).
#[derive(Clone, Copy, Debug, Default)]
pub struct FoodChoice {
    pub address: Option<AddressId>,
    pub wanted: Option<Wanted>,
    pub instrument: Option<InstrumentId>,
}

/// `/food/checkout`: the basket delivered to the chosen address, the promise of an order placed
/// now and the times it may be wanted at today, the ways to pay, every amount, what stops it
/// (if anything) and a fresh key for the pay button.
pub async fn checkout_page(
    s: Services<'_>,
    payer: &Session,
    choice: FoodChoice,
) -> Result<FoodCheckoutPage, ServiceError> {
    let user = payer.viewer.id;
    let (now, today) = (s.now(), s.today());
    let Payer {
        addresses,
        address,
        to,
        instruments,
        instrument,
    } = payer_choices(s, payer, choice.address, choice.instrument).await?;
    let mut page = FoodCheckoutPage {
        restaurant: None,
        lines: Vec::new(),
        dishes: Won::ZERO,
        fee: None,
        total: None,
        addresses,
        address,
        asap: None,
        times: Vec::new(),
        wanted: Wanted::Asap,
        instruments,
        instrument,
        blocked: None,
        key: random_hex()?,
        today,
    };
    let Some((seller, lines)) = s.db.food().basket(user, today).await? else {
        return Ok(page);
    };
    let restaurant =
        s.db.food()
            .restaurant_of(seller, today - 1)
            .await?
            .ok_or(ServiceError::NotFound)?;
    let tariff = s.db.logistics().tariff().await?;
    let (portions, prep, dishes) = measure(&lines, restaurant.prep_min)?;
    let trip = to.map(|to| trip(&restaurant, to, &tariff));
    let closes = restaurant.hours.open_until(now);
    let riders = city_riders(s, &restaurant, now).await?;
    if let Some(Ok(trip)) = trip {
        let ahead = s.db.food().dishes_due_at(seller, asap_due(now)).await?;
        let ride = Ride {
            min: trip.ride_min,
            riders: Some(&riders),
        };
        let promise = restaurant.kitchen.promise(ahead, portions, prep, ride);
        // As soon as possible while the kitchen is open and cooks it before closing.
        page.asap = match (closes, promise) {
            (Some(closes), Ok(p)) if !cooked_by(p, now, closes) => None,
            (Some(_), promise) => Some(promise.map(|p| p.window())),
            (None, _) => None,
        };
        // A kitchen whose limit is shorter than cooking and riding keeps no time at all.
        let alone = Ride {
            min: trip.ride_min,
            riders: None,
        };
        if let Ok(idle) = restaurant.kitchen.promise(0, portions, prep, alone) {
            let earliest = promise.unwrap_or(idle).total_min();
            page.times = wanted_times(&restaurant.hours, now, earliest, (prep, trip.ride_min));
        }
        page.fee = Some(trip.fee);
        page.total = dishes.checked_add(trip.fee);
    }
    page.wanted = match choice.wanted {
        Some(Wanted::At(at)) if page.times.contains(&at) => Wanted::At(at),
        _ if matches!(page.asap, Some(Ok(_))) => Wanted::Asap,
        _ => page
            .times
            .first()
            .map_or(Wanted::Asap, |at| Wanted::At(*at)),
    };
    page.blocked = if lines.iter().any(|l| l.sold_out) {
        Some(Refusal::DishSoldOut)
    } else if let Some(Err(why)) = trip {
        Some(why)
    } else if dishes < restaurant.minimum {
        Some(Refusal::BelowMinimum {
            missing: restaurant.minimum.checked_sub(dishes).unwrap_or(Won::ZERO),
        })
    } else if page.wanted == Wanted::Asap && page.asap.is_none() {
        Some(Refusal::RestaurantClosed)
    } else if page.wanted == Wanted::Asap && matches!(page.asap, Some(Err(_))) {
        Some(Refusal::KitchenBusy)
    } else {
        None
    };
    page.dishes = dishes;
    page.lines = lines;
    let queues = Queues {
        ahead: 0,
        riders: &riders,
    };
    page.restaurant = Some(card(restaurant, queues, to, &tariff));
    if let Some(RestaurantCard {
        reach: Reach::Delivers { promise, .. },
        ..
    }) = page.restaurant.as_mut()
    {
        // The card promises what this order is promised.
        if let Some(asap) = page.asap {
            *promise = asap;
        }
    }
    Ok(page)
}

/// The food checkout's pay button, as the shopper confirmed it.
#[derive(Clone, Copy, Debug)]
pub struct FoodPay<'a> {
    pub address: AddressId,
    pub wanted: Wanted,
    pub instrument: InstrumentId,
    pub pin: &'a Pin,
    pub key: &'a CheckoutKey,
    /// The total the shopper saw: a different one now is refused with it.
    pub total: Won,
}

/// Orders the basket: the PIN first, then in one transaction the key, the basket, the kitchen's
/// queue (two orders at once take turns on it), the city's motorbikes (as soon as possible:
/// orders from its restaurants at once take turns on them), the promise, the portions left, the
/// order with its promise, the hold on the shopper's account and the emptied basket, all or
/// nothing.
/// Refused, with nothing changed, for an empty basket, an address out of the radius, a closed
/// restaurant, a sold-out dish or too few portions left, a minimum not met, a full kitchen, a
/// changed price or a short balance; a time not offered is `Invalid(SlotInvalid)`. The same key
/// again answers with the order it placed.
pub async fn place(
    s: Services<'_>,
    payer: &Session,
    pay: &FoodPay<'_>,
) -> Result<OrderId, ServiceError> {
    let user = payer.viewer.id;
    let (now, today) = (s.now(), s.today());
    if let Some(order) = placed_with(s, user, pay.key).await? {
        return Ok(order);
    }
    let account = payments::verify_pin(s, payer, pay.instrument, pay.pin).await?;
    let tariff = s.db.logistics().tariff().await?;
    // The restaurant, read before the transaction (which holds SQLite's one writer: reading on
    // another of the pool's connections then could wait for one held by writers waiting for it).
    let Some((seller, _)) = s.db.food().basket_restaurant(user).await? else {
        return Err(ServiceError::Refused(Refusal::EmptyCart));
    };
    let restaurant =
        s.db.food()
            .restaurant_of(seller, today - 1)
            .await?
            .ok_or(ServiceError::NotFound)?;
    let mut tx = s.db.begin_with_a_write().await?;
    let Some(checkout) = orders::claim_key(&mut tx, user, pay.key.as_str(), now).await? else {
        drop(tx);
        return placed_with(s, user, pay.key)
            .await?
            .ok_or(ServiceError::Internal("a claimed key without its order"));
    };
    let to = orders::destination(&mut tx, user, pay.address)
        .await?
        .ok_or(ServiceError::Invalid(FieldProblem::Required))?;
    repo::hold_basket_row(&mut tx, user, now).await?;
    let Some((held, lines)) = repo::basket_in(&mut tx, user, today).await? else {
        return Err(ServiceError::Refused(Refusal::EmptyCart));
    };
    if held != seller {
        // Another restaurant's dishes went in meanwhile: the shopper looks again.
        return Err(ServiceError::Refused(Refusal::PriceChanged {
            total: pay.total,
        }));
    }
    if !repo::lock_kitchen(&mut tx, seller).await? {
        return Err(ServiceError::NotFound);
    }
    if lines.iter().any(|l| l.sold_out) {
        return Err(ServiceError::Refused(Refusal::DishSoldOut));
    }
    let trip = trip(&restaurant, to.at, &tariff).map_err(ServiceError::Refused)?;
    let (portions, prep, dishes) = measure(&lines, restaurant.prep_min)?;
    if dishes < restaurant.minimum {
        return Err(ServiceError::Refused(Refusal::BelowMinimum {
            missing: restaurant.minimum.checked_sub(dishes).unwrap_or(Won::ZERO),
        }));
    }
    let kitchen = restaurant.kitchen;
    let busy = |_| ServiceError::Refused(Refusal::KitchenBusy);
    let (promise, promised_at) = match pay.wanted {
        Wanted::Asap => {
            let Some(closes) = restaurant.hours.open_until(now) else {
                return Err(ServiceError::Refused(Refusal::RestaurantClosed));
            };
            let ahead = repo::dishes_due_in(&mut tx, seller, asap_due(now)).await?;
            repo::lock_city(&mut tx, restaurant.city).await?;
            let riders = repo::riders_in(&mut tx, restaurant.city, now, asap_due(now)).await?;
            let ride = Ride {
                min: trip.ride_min,
                riders: Some(&riders),
            };
            let promise = kitchen.promise(ahead, portions, prep, ride).map_err(busy)?;
            if !cooked_by(promise, now, closes) {
                return Err(ServiceError::Refused(Refusal::RestaurantClosed));
            }
            (promise, now + i64::from(promise.window().1) * 60)
        }
        Wanted::At(at) => {
            let times = wanted_times(
                &restaurant.hours,
                now,
                prep + trip.ride_min,
                (prep, trip.ride_min),
            );
            if !times.contains(&at) {
                return Err(ServiceError::Invalid(FieldProblem::SlotInvalid));
            }
            let ahead = repo::dishes_due_in(&mut tx, seller, due_before(at)).await?;
            let ride = Ride {
                min: trip.ride_min,
                riders: None,
            };
            let promise = kitchen.promise(ahead, portions, prep, ride).map_err(busy)?;
            if now + i64::from(promise.total_min()) * 60 > at {
                return Err(ServiceError::Refused(Refusal::KitchenBusy));
            }
            (promise, at)
        }
    };
    let total = dishes
        .checked_add(trip.fee)
        .ok_or(ServiceError::Invalid(FieldProblem::QuantityTooMany))?;
    if total != pay.total {
        return Err(ServiceError::Refused(Refusal::PriceChanged { total }));
    }
    // The portions, dishes in id order (the lock order every order keeps).
    let mut by_dish: Vec<(DishId, u32)> = Vec::with_capacity(lines.len());
    for l in &lines {
        match by_dish.iter_mut().find(|(d, _)| *d == l.dish) {
            Some((_, n)) => *n += l.portions,
            None => by_dish.push((l.dish, l.portions)),
        }
    }
    by_dish.sort_unstable();
    for (dish, n) in by_dish {
        match repo::take_portions(&mut tx, dish, n, today).await? {
            Taken::Taken => {}
            Taken::SoldOut => return Err(ServiceError::Refused(Refusal::DishSoldOut)),
            Taken::Left(left) => return Err(ServiceError::Refused(Refusal::PortionsLeft { left })),
        }
    }
    let code = DeliveryCode::from_random(random_bytes()?);
    let order = repo::insert_order(
        &mut tx,
        &NewFoodOrder {
            checkout,
            user,
            seller,
            to: &to,
            instrument: pay.instrument,
            code: &code,
            lines: &lines,
            dishes,
            fee: trip.fee,
            distance: trip.distance,
            promise,
            asap: pay.wanted == Wanted::Asap,
            promised_at,
            now,
        },
    )
    .await?;
    if let Err(missing) = payments::hold(&mut tx, account, &[(order, total)], now).await? {
        return Err(ServiceError::Refused(Refusal::InsufficientFunds {
            missing,
        }));
    }
    repo::empty_basket(&mut tx, user).await?;
    tx.commit().await?;
    tracing::info!(%user, %order, total = %total.grouped(), "food order placed");
    Ok(order)
}

/// The order placed with `key` before, if one was.
async fn placed_with(
    s: Services<'_>,
    user: UserId,
    key: &CheckoutKey,
) -> Result<Option<OrderId>, ServiceError> {
    let Some(checkout) = s.db.orders().checkout_by_key(user, key.as_str()).await? else {
        return Ok(None);
    };
    Ok(s.db
        .orders()
        .of_checkout(user, checkout)
        .await?
        .first()
        .map(|o| o.id))
}
