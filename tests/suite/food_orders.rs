//! Hot food, step 2: ordering the food basket as soon as possible or at a time today, with the
//! promise it is given and the refusals, on both databases.

use crate::{
    common::{
        assert_ledger_balances, balance, error_of, form, orders, shopper_with, TestApp, DISPATCHER,
        KITCHEN, PIN, SHOPPER, STAFF, VAN_COURIER,
    },
    food::{add, at_next, dish, option},
};
use http::StatusCode;
use okryu::{
    domain::{
        delivery::Vehicle, food::Promise, food::Wanted, form::FieldProblem, order::OrderStatus,
        slot::Slot, time::PyongyangTime, DishId, Won,
    },
    error::{AppError, Refusal},
    page::food::{FoodCheckoutPage, KitchenPage, KitchenStage},
    server::db::food::set_portions_left,
};

on_both_databases!(
    a_food_order_is_promised_held_and_empties_the_basket,
    food_checkout_refuses_radius_minimum_closed_busy_and_sold_out,
    thirty_shoppers_for_the_last_ten_portions_make_ten_orders,
    the_kitchen_accepts_cooks_and_readies_and_hot_food_rides_first,
    the_promise_waits_for_the_citys_motorbikes,
    two_restaurants_at_once_take_turns_on_the_citys_motorbike,
);

async fn checkout(app: &TestApp, cookie: &str, query: &str) -> FoodCheckoutPage {
    let res = app
        .call_with("food/checkout", query, &[("cookie", cookie)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("a food checkout page")
}

/// The pay button for what `page` shows, with `pin`.
fn pay_form(page: &FoodCheckoutPage, pin: &str) -> String {
    form(&[
        ("address", &page.address.expect("an address").to_string()),
        ("when", &page.wanted.code()),
        (
            "instrument",
            &page.instrument.expect("an instrument").to_string(),
        ),
        ("pin", pin),
        ("key", &page.key),
        (
            "total",
            &page.total.expect("a total").as_decimal().to_string(),
        ),
    ])
}

async fn pay(
    app: &TestApp,
    cookie: &str,
    page: &FoodCheckoutPage,
    pin: &str,
) -> crate::common::Response {
    app.call_with("food/pay", &pay_form(page, pin), &[("cookie", cookie)])
        .await
}

fn refusal(res: &crate::common::Response) -> Refusal {
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    match error_of(&res.body) {
        AppError::Refused(why) => why,
        other => panic!("refused: {other:?}"),
    }
}

async fn set_restaurant(app: &TestApp, slug: &str, set: &str) {
    let mut tx = app.db.begin().await.unwrap();
    sqlx::query(&format!(
        "UPDATE restaurants SET {set} WHERE seller_id = (SELECT id FROM sellers WHERE slug = $1)"
    ))
    .bind(slug)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn a_food_order_is_promised_held_and_empties_the_basket(app: TestApp) {
    let friday = at_next(&app, 4, 12, 0);
    let cookie = app.sign_in(SHOPPER).await;
    let (noodles, extras) = dish(&app, "okryukwan", "물랭면").await;
    let (broth, mustard) = (option(&extras, "육수 더"), option(&extras, "겨자"));
    // The kitchen has 5 bowls left today.
    let counted: DishId = noodles.parse().unwrap();
    let mut tx = app.db.begin().await.unwrap();
    set_portions_left(&mut tx, counted, friday, Some(5))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    add(
        &app,
        &cookie,
        &[
            ("dish", &noodles),
            ("portions", "2"),
            ("o0", broth),
            ("o1", mustard),
        ],
    )
    .await;
    // Two bowls cook side by side in 10 minutes, then 10 minutes of handling and 4 on the road
    // (2.0 km): 24 minutes, told as 25–35. 2 × 475 won and the motorbike's 26.
    let page = checkout(&app, &cookie, "").await;
    assert_eq!(page.asap, Some(Ok((25, 35))));
    assert_eq!(page.wanted, Wanted::Asap);
    assert_eq!(page.blocked, None);
    assert_eq!(
        (page.dishes, page.fee, page.total),
        (
            Won::from_won(950),
            Some(Won::from_won(26)),
            Some(Won::from_won(976))
        )
    );
    let noon = PyongyangTime::midnight_of(friday) + 12 * 3600;
    assert_eq!(
        page.times.first(),
        Some(&(noon + 30 * 60)),
        "12:30 at the soonest"
    );
    // The last dish leaves the kitchen at closing (22:00): due 22:14, the last quarter is 22:00.
    assert_eq!(page.times.last(), Some(&(noon + 10 * 3600)));

    let before = balance(&app, &cookie).await;
    let placed_before = orders(&app, &cookie).await.len();
    // A wrong PIN orders nothing.
    let res = pay(&app, &cookie, &page, "0000").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(orders(&app, &cookie).await.len(), placed_before);

    let paying = app.clock.now();
    let res = pay(&app, &cookie, &page, PIN).await;
    let paid = app.clock.now();
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let order: i64 = res.body.parse().expect("the order's number");
    // The same press again is the same order.
    let again = pay(&app, &cookie, &page, PIN).await;
    assert_eq!(again.body, res.body);
    assert_eq!(orders(&app, &cookie).await.len(), placed_before + 1);

    let detail = app.order_detail(&cookie, order).await;
    assert_eq!(detail.summary.status, OrderStatus::Placed);
    assert_eq!(detail.summary.total, Won::from_won(976));
    assert_eq!(detail.summary.items, 2);
    assert_eq!(detail.vehicle, Vehicle::Motorbike);
    assert!(detail.lines.is_empty(), "no goods");
    let food = detail.food.expect("a food order");
    assert_eq!(
        food.promise,
        Promise {
            queue_min: 0,
            prep_min: 10,
            rider_min: 0,
            ride_min: 14
        }
    );
    assert!(food.asap);
    // The end of the window told, from the moment it was paid.
    assert!(
        (paying + 35 * 60..=paid + 35 * 60).contains(&food.promised_at),
        "{} after paying",
        food.promised_at - paying
    );
    let line = &food.lines[0];
    assert_eq!(
        (
            line.name.ko.as_str(),
            line.options.ko.as_str(),
            line.price,
            line.portions,
            line.amount
        ),
        (
            "물랭면",
            "육수 더, 겨자",
            Won::from_won(475),
            2,
            Won::from_won(950)
        )
    );
    assert_eq!(balance(&app, &cookie).await, before - Won::from_won(976));
    assert!(
        checkout(&app, &cookie, "").await.restaurant.is_none(),
        "the basket is empty"
    );

    // At a time today: the last one offered, filed under its evening window.
    let (platter, _) = dish(&app, "okryukwan", "쟁반국수").await;
    add(&app, &cookie, &[("dish", &platter), ("portions", "1")]).await;
    let later = noon + 10 * 3600;
    let page = checkout(&app, &cookie, &format!("when={later}")).await;
    assert_eq!(page.wanted, Wanted::At(later));
    // A time not offered (the past) is refused, changing nothing.
    let stale = FoodCheckoutPage {
        wanted: Wanted::At(noon - 15 * 60),
        ..page.clone()
    };
    let res = pay(&app, &cookie, &stale, PIN).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(matches!(
        error_of(&res.body),
        AppError::Invalid(ref e) if e.named("when") == Some(FieldProblem::SlotInvalid)
    ));
    let res = pay(&app, &cookie, &page, PIN).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let scheduled: i64 = res.body.parse().unwrap();
    let detail = app.order_detail(&cookie, scheduled).await;
    assert_eq!(
        detail.summary.slot,
        Slot {
            day: friday,
            window: 3
        }
    );
    let food = detail.food.unwrap();
    assert_eq!((food.asap, food.promised_at), (false, later));

    // Called off before the kitchen takes it: the money comes back.
    let res = app
        .call_with(
            "orders/cancel",
            &format!("id={order}"),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        balance(&app, &cookie).await,
        before - Won::from_won(1_200 + 26)
    );
    // Its two bowls are back in the kitchen's count.
    let mut tx = app.db.begin().await.unwrap();
    let left: Option<i64> = sqlx::query_scalar("SELECT portions_left FROM dishes WHERE id = $1")
        .bind(counted.get())
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    drop(tx);
    assert_eq!(left, Some(5));
    assert_eq!(
        app.order_detail(&cookie, order).await.summary.status,
        OrderStatus::Cancelled
    );
    assert_ledger_balances(&app).await;
}

async fn food_checkout_refuses_radius_minimum_closed_busy_and_sold_out(app: TestApp) {
    let monday = at_next(&app, 0, 12, 0);
    let cookie = app.sign_in(SHOPPER).await;
    let before = balance(&app, &cookie).await;

    // Pyongsong is beyond the radius of Central.
    let (far, _) = dish(&app, "pyongsong-noodles", "평양랭면").await;
    add(&app, &cookie, &[("dish", &far), ("portions", "2")]).await;
    let page = checkout(&app, &cookie, "").await;
    assert_eq!(page.blocked, Some(Refusal::OutOfRadius));
    assert_eq!(page.total, None);
    let forced = FoodCheckoutPage {
        total: Some(Won::from_won(800)),
        ..page
    };
    assert_eq!(
        refusal(&pay(&app, &cookie, &forced, PIN).await),
        Refusal::OutOfRadius
    );

    // Kyonghunggwan is closed on Mondays: nothing as soon as possible, no time today.
    let (rice, _) = dish(&app, "kyonghunggwan", "평양비빔밥").await;
    add(
        &app,
        &cookie,
        &[("dish", &rice), ("portions", "1"), ("start_over", "1")],
    )
    .await;
    let page = checkout(&app, &cookie, "").await;
    assert_eq!(page.blocked, Some(Refusal::RestaurantClosed));
    assert_eq!((page.asap, page.times.len()), (None, 0));
    assert_eq!(
        refusal(&pay(&app, &cookie, &page, PIN).await),
        Refusal::RestaurantClosed
    );

    // One 250-won pancake is 50 won short of Okryukwan's minimum.
    let (pancake, _) = dish(&app, "okryukwan", "록두지짐").await;
    add(
        &app,
        &cookie,
        &[("dish", &pancake), ("portions", "1"), ("start_over", "1")],
    )
    .await;
    let page = checkout(&app, &cookie, "").await;
    let short = Refusal::BelowMinimum {
        missing: Won::from_won(50),
    };
    assert_eq!(page.blocked, Some(short));
    assert_eq!(refusal(&pay(&app, &cookie, &page, PIN).await), short);

    // Two pancakes meet it; a kitchen that promises at most 20 minutes is busy.
    add(&app, &cookie, &[("dish", &pancake), ("portions", "1")]).await;
    let page = checkout(&app, &cookie, "").await;
    assert_eq!(page.blocked, None);
    set_restaurant(&app, "okryukwan", "promise_limit_min = 20").await;
    assert_eq!(
        refusal(&pay(&app, &cookie, &page, PIN).await),
        Refusal::KitchenBusy
    );
    let busy = checkout(&app, &cookie, "").await;
    assert!(matches!(busy.asap, Some(Err(_))), "{:?}", busy.asap);
    assert!(busy.times.is_empty(), "no time fits in 20 minutes either");
    assert_eq!(busy.blocked, Some(Refusal::KitchenBusy));
    set_restaurant(&app, "okryukwan", "promise_limit_min = 60").await;

    // Sold out since the page was shown; then only one portion left of two asked for.
    let today = app.services().today();
    assert_eq!(today, monday);
    let id: DishId = pancake.parse().unwrap();
    let mut tx = app.db.begin().await.unwrap();
    set_portions_left(&mut tx, id, today, Some(0))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        refusal(&pay(&app, &cookie, &page, PIN).await),
        Refusal::DishSoldOut
    );
    let mut tx = app.db.begin().await.unwrap();
    set_portions_left(&mut tx, id, today, Some(1))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        refusal(&pay(&app, &cookie, &page, PIN).await),
        Refusal::PortionsLeft { left: 1 }
    );
    // A price changed since: the new total comes back.
    let mut tx = app.db.begin().await.unwrap();
    set_portions_left(&mut tx, id, today, None).await.unwrap();
    sqlx::query("UPDATE dishes SET price_chon = 26000 WHERE id = $1")
        .bind(id.get())
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        refusal(&pay(&app, &cookie, &page, PIN).await),
        Refusal::PriceChanged {
            total: Won::from_won(546)
        }
    );
    // Nothing was ordered or held.
    assert_eq!(balance(&app, &cookie).await, before);
    assert!(orders(&app, &cookie)
        .await
        .iter()
        .all(|o| o.seller.ko != "옥류관"));
}

async fn thirty_shoppers_for_the_last_ten_portions_make_ten_orders(app: TestApp) {
    at_next(&app, 2, 12, 0);
    let (noodles, _) = dish(&app, "okryukwan", "물랭면").await;
    let id: DishId = noodles.parse().unwrap();
    let mut tx = app.db.begin().await.unwrap();
    set_portions_left(&mut tx, id, app.services().today(), Some(10))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut shoppers = Vec::new();
    for i in 0..30 {
        let (_, cookie) =
            shopper_with(&app, &format!("0191-300-{i:04}"), Won::from_won(5_000)).await;
        add(&app, &cookie, &[("dish", &noodles), ("portions", "1")]).await;
        let page = checkout(&app, &cookie, "").await;
        assert_eq!(page.blocked, None, "shopper {i}");
        shoppers.push((cookie, page));
    }
    // Everyone presses pay at once.
    let app = std::sync::Arc::new(app);
    let mut payments = tokio::task::JoinSet::new();
    for (cookie, page) in shoppers {
        let app = app.clone();
        payments.spawn(async move { pay(&app, &cookie, &page, PIN).await });
    }
    let results = payments.join_all().await;
    let ok = results
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    let seen: Vec<(StatusCode, &str)> = results
        .iter()
        .map(|r| (r.status, r.body.as_str()))
        .collect();
    assert_eq!(ok, 10, "exactly the portions left: {seen:?}");
    for r in results.iter().filter(|r| r.status != StatusCode::OK) {
        let why = refusal(r);
        assert!(
            matches!(
                why,
                Refusal::DishSoldOut | Refusal::PortionsLeft { left: 0 }
            ),
            "{why:?}"
        );
    }
    let mut tx = app.db.begin().await.unwrap();
    let left: Option<i64> = sqlx::query_scalar("SELECT portions_left FROM dishes WHERE id = $1")
        .bind(id.get())
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(left, Some(0));
    let queued: i64 = sqlx::query_scalar("SELECT CAST(SUM(dishes) AS BIGINT) FROM food_orders")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(queued, 10, "ten bowls wait in the kitchen");
    drop(tx);
    assert_ledger_balances(&app).await;
}

async fn kitchen(app: &TestApp, cookie: &str) -> KitchenPage {
    let res = app
        .call_with("kitchen/page", "", &[("cookie", cookie)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("a kitchen")
}

/// A shopper's order of one bowl of cold noodles from Okryukwan, as soon as possible.
async fn order_noodles(app: &TestApp, cookie: &str) -> i64 {
    let (noodles, _) = dish(app, "okryukwan", "물랭면").await;
    add(app, cookie, &[("dish", &noodles), ("portions", "1")]).await;
    let page = checkout(app, cookie, "").await;
    let res = pay(app, cookie, &page, PIN).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.body.parse().expect("an order")
}

async fn the_kitchen_accepts_cooks_and_readies_and_hot_food_rides_first(app: TestApp) {
    at_next(&app, 3, 12, 0);
    let shopper = app.sign_in(SHOPPER).await;
    let order = order_noodles(&app, &shopper).await;
    let promised = app
        .order_detail(&shopper, order)
        .await
        .food
        .expect("hot food")
        .promised_at;
    let cook = app.sign_in(KITCHEN).await;
    let screen = kitchen(&app, &cook).await;
    assert_eq!(screen.restaurant.map(|r| r.ko), Some("옥류관".to_string()));
    let o = &screen.orders[0];
    assert_eq!(
        (o.id.get(), o.stage, o.late, o.prep_min),
        (order, KitchenStage::New, false, 10)
    );
    // 14 minutes of the promise are the ride: it must leave the kitchen 14 minutes before.
    assert_eq!((o.promised_at, o.leave_by), (promised, promised - 14 * 60));
    assert_eq!(o.lines[0].name.ko, "물랭면");

    // Nobody else sees or moves it: another seller's staff, a shopper.
    let other = app.sign_in(STAFF).await;
    assert!(kitchen(&app, &other).await.restaurant.is_none());
    let call = |cookie: &str, endpoint: &str, body: &str| {
        let (cookie, endpoint, body) = (cookie.to_string(), endpoint.to_string(), body.to_string());
        let app = &app;
        async move {
            app.call_with(&endpoint, &body, &[("cookie", &cookie)])
                .await
        }
    };
    let accept = format!("id={order}&prep=20");
    assert_eq!(
        call(&other, "kitchen/accept", &accept).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(&shopper, "kitchen/page", "").await.status,
        StatusCode::FORBIDDEN
    );
    let res = call(&cook, "kitchen/accept", &format!("id={order}&prep=0")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let cook_cookie = [("cookie", cook.as_str())];
    let live = || app.get_with("/api/kitchen/live", &cook_cookie);
    let before = live().await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);

    // Accepted with 20 minutes, cooking (once), ready.
    let accepting = app.clock.now();
    let res = call(&cook, "kitchen/accept", &accept).await;
    let accepted = app.clock.now();
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_ne!(live().await.body, before.body, "the screen follows");
    let o = kitchen(&app, &cook).await.orders.remove(0);
    assert_eq!(o.stage, KitchenStage::Accepted);
    assert!(
        o.ready_by
            .is_some_and(|at| (accepting + 20 * 60..=accepted + 20 * 60).contains(&at)),
        "{:?}",
        o.ready_by
    );
    assert_eq!(
        app.order_detail(&shopper, order).await.summary.status,
        OrderStatus::Accepted
    );
    let cooking = format!("id={order}");
    assert_eq!(
        call(&cook, "kitchen/cooking", &cooking).await.status,
        StatusCode::OK
    );
    assert_eq!(
        call(&cook, "kitchen/cooking", &cooking).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        kitchen(&app, &cook).await.orders[0].stage,
        KitchenStage::Cooking
    );
    let detail = app.order_detail(&shopper, order).await;
    assert_eq!(
        detail.events.last().map(|e| e.note.as_str()),
        Some("cooking")
    );
    let res = app
        .get_with(&format!("/orders/{order}"), &[("cookie", &shopper)])
        .await;
    assert!(
        res.body.contains("class=\"now\">조리 중"),
        "the order page shows the stage: {}",
        crate::common::visible(&res.body)
    );
    assert_eq!(
        call(&cook, "kitchen/ready", &cooking).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.order_detail(&shopper, order).await.summary.status,
        OrderStatus::Ready
    );

    // A second order, left waiting past the time it had to leave: late on the screen.
    let late = order_noodles(&app, &shopper).await;
    app.clock.advance(30 * 60);
    let screen = kitchen(&app, &cook).await;
    let o = screen.orders.iter().find(|o| o.id.get() == late).unwrap();
    assert!(o.late, "{o:?}");

    // The dispatcher sees the hot order with its deadline; a van can't take it.
    let dispatcher = app.sign_in(DISPATCHER).await;
    let res = call(&dispatcher, "dispatch/board", "").await;
    let board: okryu::page::delivery::Board = serde_json::from_str(&res.body).unwrap();
    let waiting = &board.cities[0].motorbike;
    assert_eq!(
        waiting.first().map(|d| d.id.get()),
        Some(order),
        "hot food first"
    );
    assert_eq!(waiting[0].due, Some(promised));
    let van = app.user_id(VAN_COURIER).await;
    let res = call(
        &dispatcher,
        "dispatch/assign",
        &format!("id={order}&courier={van}"),
    )
    .await;
    assert_eq!(
        refusal(&res),
        Refusal::CannotTake(okryu::domain::dispatch::CannotTake::HotFood)
    );
}

/// Puts `n` of Pyongyang's motorbikes on duty and the others off.
async fn motorbikes_on_duty(app: &TestApp, n: i64) {
    let mut tx = app.db.begin().await.unwrap();
    sqlx::query(
        "UPDATE couriers SET on_duty = CASE WHEN user_id IN (SELECT user_id FROM couriers \
            WHERE city_id = (SELECT id FROM cities WHERE slug = 'pyongyang') AND vehicle = 'motorbike' \
            ORDER BY user_id LIMIT $1) THEN 1 ELSE 0 END \
         WHERE city_id = (SELECT id FROM cities WHERE slug = 'pyongyang') AND vehicle = 'motorbike'",
    )
    .bind(n)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn the_promise_waits_for_the_citys_motorbikes(app: TestApp) {
    at_next(&app, 3, 12, 0);
    let (noodles, _) = dish(&app, "okryukwan", "물랭면").await;
    motorbikes_on_duty(&app, 1).await;
    let first = app.sign_in(SHOPPER).await;
    let (_, second) = shopper_with(&app, "0191-300-0100", Won::from_won(5_000)).await;
    // A bowl cooks in 10 minutes, the ride is 14 (2.0 km): the one motorbike is waiting.
    add(&app, &first, &[("dish", &noodles), ("portions", "1")]).await;
    let page = checkout(&app, &first, "").await;
    assert_eq!(page.asap, Some(Ok((25, 35))));
    let res = pay(&app, &first, &page, PIN).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // The next bowl is cooked as the first leaves: it waits for the motorbike to come back,
    // 14 minutes there and 4 back, and is promised 42 minutes, told 45–55.
    add(&app, &second, &[("dish", &noodles), ("portions", "1")]).await;
    let page = checkout(&app, &second, "").await;
    assert_eq!(page.asap, Some(Ok((45, 55))));
    let res = pay(&app, &second, &page, PIN).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let order: i64 = res.body.parse().unwrap();
    let food = app.order_detail(&second, order).await.food.unwrap();
    assert_eq!(
        food.promise,
        Promise {
            queue_min: 0,
            prep_min: 10,
            rider_min: 18,
            ride_min: 14
        }
    );
    // Two motorbikes more on duty: one of them carries the next bowl as it is cooked.
    motorbikes_on_duty(&app, 3).await;
    add(&app, &first, &[("dish", &noodles), ("portions", "1")]).await;
    assert_eq!(checkout(&app, &first, "").await.asap, Some(Ok((25, 35))));

    // With no motorbike on duty nothing is promised as soon as possible: busy at the pay button
    // (nothing taken) and on the page.
    let page = checkout(&app, &first, "").await;
    motorbikes_on_duty(&app, 0).await;
    let before = balance(&app, &first).await;
    let res = pay(&app, &first, &page, PIN).await;
    assert_eq!(refusal(&res), Refusal::KitchenBusy);
    assert_eq!(balance(&app, &first).await, before);
    let page = checkout(&app, &first, "").await;
    assert!(matches!(page.asap, Some(Err(_))), "{:?}", page.asap);
    // What it offers is a time later today (the logistics office plans its riders for those).
    assert!(matches!(page.wanted, Wanted::At(_)), "{:?}", page.wanted);
    let res = app
        .get_with("/food", &[("cookie", "deliver_to=pyongyang-central")])
        .await;
    assert!(
        crate::common::visible(&res.body).contains("주문이 밀려 있습니다"),
        "Okryukwan's card says busy"
    );
}

async fn two_restaurants_at_once_take_turns_on_the_citys_motorbike(app: TestApp) {
    at_next(&app, 4, 12, 0);
    motorbikes_on_duty(&app, 1).await;
    let (noodles, _) = dish(&app, "okryukwan", "물랭면").await;
    let (bibimbap, _) = dish(&app, "kyonghunggwan", "평양비빔밥").await;
    let mut paying = Vec::new();
    for (n, dish) in [noodles, bibimbap].iter().enumerate() {
        let (_, cookie) =
            shopper_with(&app, &format!("0191-300-02{n:02}"), Won::from_won(5_000)).await;
        add(&app, &cookie, &[("dish", dish), ("portions", "1")]).await;
        let page = checkout(&app, &cookie, "").await;
        assert!(matches!(page.asap, Some(Ok(_))), "{:?}", page.asap);
        paying.push((cookie, page));
    }
    // Both press pay at once: one is carried as it is cooked, the other waits for the motorbike
    // to come back, whichever came second.
    let ((first, a), (second, b)) = (&paying[0], &paying[1]);
    let (ra, rb) = tokio::join!(pay(&app, first, a, PIN), pay(&app, second, b, PIN));
    let mut waits = Vec::new();
    for (cookie, res) in [(first, ra), (second, rb)] {
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let order: i64 = res.body.parse().unwrap();
        let food = app.order_detail(cookie, order).await.food.unwrap();
        waits.push(food.promise.rider_min);
    }
    waits.sort_unstable();
    assert_eq!(waits[0], 0, "{waits:?}");
    assert!(waits[1] > 0, "{waits:?}");
}
