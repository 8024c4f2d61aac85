//! Delivery, on both databases: the stored tariff operators change, slot capacity from the
//! couriers on duty, the dispatcher's assignments by vehicle, the courier's round and code, and
//! what a failed delivery gives back.

use crate::common::*;
use http::StatusCode;
use okryu::{
    api::delivery::CodeField,
    domain::{
        delivery::{Tariff, Vehicle},
        dispatch::CannotTake,
        form::FieldProblem,
        order::OrderStatus,
        quantity::Quantity,
        tariff::TariffField,
        ProductId, Won,
    },
    error::{AppError, Refusal},
    page::delivery::{Board, CourierDay, TariffPage},
};

on_both_databases!(
    the_stored_tariff_prices_delivery_and_only_operators_change_it,
    a_full_slot_is_not_offered_and_paying_for_it_changes_nothing,
    heavy_orders_go_only_to_vans_and_rounds_are_ordered,
    the_courier_hands_over_with_the_shoppers_code_and_five_wrong_codes_lock_it,
    a_failed_delivery_gives_back_what_its_reason_says,
    only_the_office_of_the_orders_city_its_courier_and_operators_move_it,
);

/// How many of `item` weigh more than a motorbike carries.
async fn too_heavy_for_a_motorbike(app: &TestApp, item: ProductId) -> u32 {
    let line = app
        .db
        .catalog()
        .lines(&[(item, Quantity::ONE, None)])
        .await
        .expect("lines")
        .remove(0)
        .1;
    let by_weight = Tariff::STANDARD.motorbike_max_weight_g / line.weight_g.max(1) + 1;
    let by_volume = Tariff::STANDARD.motorbike_max_volume_ml / line.volume_ml.max(1) + 1;
    u32::try_from(by_weight.min(by_volume)).expect("a quantity")
}

/// Buys `qty` of `item` as the demo shopper and returns the new order's id.
async fn buy(app: &TestApp, shopper: &str, item: ProductId, qty: u32) -> i64 {
    let page = checkout_page(app, shopper, &format!("item={item}&qty={qty}")).await;
    let res = pay(app, shopper, &page, Some((item, qty)), PIN).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    orders(app, shopper).await[0].id.get()
}

/// Seller staff accept the order and mark it ready.
async fn make_ready(app: &TestApp, order: i64) {
    let seller = app.sign_in(SELLER).await;
    for to in ["accepted", "ready"] {
        let res = app
            .call_with(
                "orders/advance",
                &form(&[("id", &order.to_string()), ("to", to), ("note", "")]),
                &[("cookie", &seller)],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
}

async fn call(app: &TestApp, cookie: &str, endpoint: &str, body: &str) -> crate::common::Response {
    app.call_with(endpoint, body, &[("cookie", cookie)]).await
}

async fn board(app: &TestApp, cookie: &str) -> Board {
    let res = call(app, cookie, "dispatch/board", "").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("a board")
}

async fn courier_day(app: &TestApp, cookie: &str) -> CourierDay {
    let res = call(app, cookie, "courier/day", "").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("a round")
}

async fn the_stored_tariff_prices_delivery_and_only_operators_change_it(app: TestApp) {
    // As first stored, the table is the standard tariff.
    assert_eq!(
        app.db.logistics().tariff().await.expect("tariff"),
        Tariff::STANDARD
    );
    let page: TariffPage =
        serde_json::from_str(&app.call("tariff/page", "").await.body).expect("a page");
    assert!(!page.editable, "guests read it");
    assert_eq!(page.rows.len(), TariffField::ALL.len());
    assert_eq!(app.get("/tariff").await.status, StatusCode::OK);

    let item = product_of_kumsong(&app, 20).await;
    let shopper = app.sign_in(SHOPPER).await;
    let before = checkout_page(&app, &shopper, &format!("item={item}&qty=1"))
        .await
        .totals
        .expect("deliverable");

    // Shoppers and dispatchers can't change it; bad values are named and change nothing.
    let raise = form(&[("motorbike_base", "25"), ("van_base", "65")]);
    for who in [SHOPPER, DISPATCHER] {
        let cookie = app.sign_in(who).await;
        let res = call(&app, &cookie, "tariff/save", &raise).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    }
    let operator = app.sign_in(OPERATOR).await;
    let bad = call(
        &app,
        &operator,
        "tariff/save",
        &form(&[
            ("motorbike_base", "25"),
            ("van_speed_kmh", "0"),
            ("motorbike_max_distance_km", "70"),
        ]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let AppError::Invalid(errs) = error_of(&bad.body) else {
        panic!("field errors: {}", bad.body)
    };
    assert_eq!(
        errs.get(TariffField::VanSpeedKmh),
        Some(FieldProblem::OutOfRange)
    );
    assert_eq!(
        app.db.logistics().tariff().await.expect("tariff"),
        Tariff::STANDARD
    );

    // A change applies to the next price at once: 5 won more for either vehicle.
    let ok = call(&app, &operator, "tariff/save", &raise).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let after = checkout_page(&app, &shopper, &format!("item={item}&qty=1"))
        .await
        .totals
        .expect("deliverable");
    assert_eq!(
        after.delivery,
        before.delivery.checked_add(Won::from_won(5)).expect("sum")
    );
    let page: TariffPage =
        serde_json::from_str(&call(&app, &operator, "tariff/page", "").await.body).expect("a page");
    assert!(page.editable && page.updated_at.is_some());
}

async fn a_full_slot_is_not_offered_and_paying_for_it_changes_nothing(app: TestApp) {
    // Pyongyang's two vans make one delivery each per slot, its motorbikes none: two places.
    let mut tariff = Tariff::STANDARD;
    tariff.motorbike_stops_per_slot = 0;
    tariff.van_stops_per_slot = 1;
    let operator = app.user_id(OPERATOR).await;
    okryu::server::service::delivery::set_tariff(app.services(), operator, &tariff)
        .await
        .expect("tariff");
    let item = product_of_kumsong(&app, 20).await;
    let shopper = app.sign_in(SHOPPER).await;
    let first = checkout_page(&app, &shopper, &format!("item={item}&qty=1")).await;
    let slot = first.slot.expect("a slot");
    for _ in 0..2 {
        let page = checkout_page(&app, &shopper, &format!("item={item}&qty=1")).await;
        assert_eq!(page.slot, Some(slot), "the earliest slot still has room");
        let res = pay(&app, &shopper, &page, Some((item, 1)), PIN).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let full = checkout_page(&app, &shopper, &format!("item={item}&qty=1")).await;
    assert!(!full.slots.contains(&slot), "a full slot is not offered");
    assert_ne!(full.slot, Some(slot));
    // Paying for it anyway (a page shown before it filled up) is refused and changes nothing.
    let (stock, money) = (stock_of(&app, item).await, balance(&app, &shopper).await);
    let late = pay(&app, &shopper, &first, Some((item, 1)), PIN).await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);
    assert_eq!(error_of(&late.body), AppError::Refused(Refusal::SlotFull));
    assert_eq!(stock_of(&app, item).await, stock);
    assert_eq!(balance(&app, &shopper).await, money);
    assert_eq!(orders(&app, &shopper).await.len(), 2);
    // Cancelling gives the place back.
    let mine = orders(&app, &shopper).await[0].id;
    let res = call(&app, &shopper, "orders/cancel", &format!("id={mine}")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let again = checkout_page(&app, &shopper, &format!("item={item}&qty=1")).await;
    assert_eq!(again.slot, Some(slot));
    // The slot shows on the order.
    assert_eq!(orders(&app, &shopper).await[1].slot, slot);
    assert_ledger_balances(&app).await;
}

async fn heavy_orders_go_only_to_vans_and_rounds_are_ordered(app: TestApp) {
    let item = product_of_kumsong(&app, 9_000).await;
    let shopper = app.sign_in(SHOPPER).await;
    let light = buy(&app, &shopper, item, 1).await;
    let heavy_qty = too_heavy_for_a_motorbike(&app, item).await;
    let heavy = buy(&app, &shopper, item, heavy_qty).await;
    let detail = app.order_detail(&shopper, heavy).await;
    assert_eq!(detail.vehicle, Vehicle::Van);
    make_ready(&app, light).await;
    make_ready(&app, heavy).await;

    let dispatcher = app.sign_in(DISPATCHER).await;
    let b = board(&app, &dispatcher).await;
    let pyongyang = b
        .cities
        .iter()
        .find(|c| c.motorbike.iter().any(|d| d.id.get() == light))
        .expect("Pyongyang's board");
    assert!(pyongyang.van.iter().any(|d| d.id.get() == heavy));
    assert!(!pyongyang.motorbike.iter().any(|d| d.id.get() == heavy));
    // The suggestion gives the heavy order to a van.
    let van_courier = app.user_id(VAN_COURIER).await;
    let vans: Vec<_> = pyongyang
        .rounds
        .iter()
        .filter(|r| r.courier.vehicle == Vehicle::Van)
        .map(|r| r.courier.id)
        .collect();
    let suggested = b
        .suggestions
        .iter()
        .find(|s| s.order.get() == heavy)
        .expect("a suggestion for the heavy order");
    assert!(vans.contains(&suggested.courier));

    // A motorbike courier can't take it; the van courier can.
    let bike = app.user_id(COURIER).await;
    let refused = call(
        &app,
        &dispatcher,
        "dispatch/assign",
        &format!("id={heavy}&courier={bike}"),
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_eq!(
        error_of(&refused.body),
        AppError::Refused(Refusal::CannotTake(CannotTake::NeedsVan))
    );
    for (order, courier) in [(heavy, van_courier), (light, van_courier)] {
        let res = call(
            &app,
            &dispatcher,
            "dispatch/assign",
            &format!("id={order}&courier={courier}"),
        )
        .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    // Couriers and shoppers don't get the board.
    let courier = app.sign_in(COURIER).await;
    assert_eq!(
        call(&app, &courier, "dispatch/board", "").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(
            &app,
            &shopper,
            "dispatch/assign",
            &format!("id={light}&courier={bike}")
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );

    // The van courier's phone: both stops, in one round from the depot, with what to collect.
    let van = app.sign_in(VAN_COURIER).await;
    let day = courier_day(&app, &van).await;
    let ids: Vec<i64> = day.round.stops.iter().map(|d| d.id.get()).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&light) && ids.contains(&heavy));
    assert!(day.round.stops.iter().all(|d| !d.goods.is_empty()));
    assert!(
        !day.districts.is_empty(),
        "the map has the city's districts"
    );
    assert_eq!(
        app.order_detail(&shopper, heavy)
            .await
            .courier
            .map(|(_, v)| v),
        Some(Vehicle::Van)
    );
    // The motorbike courier's round is empty.
    assert!(courier_day(&app, &courier).await.round.stops.is_empty());

    // Reassigned before pickup: the courier who had it can no longer pick it up.
    let res = call(
        &app,
        &dispatcher,
        "dispatch/assign",
        &format!("id={light}&courier={bike}"),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = call(&app, &van, "courier/pick-up", &format!("id={light}")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    let res = call(&app, &courier, "courier/pick-up", &format!("id={light}")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // Nothing left to suggest: accepting assigns nothing and moves nobody's order.
    let res = call(&app, &dispatcher, "dispatch/accept", "").await;
    assert_eq!((res.status, res.body.as_str()), (StatusCode::OK, "0"));
    assert_eq!(
        app.order_detail(&shopper, heavy)
            .await
            .courier
            .map(|(_, v)| v),
        Some(Vehicle::Van)
    );
}

async fn the_courier_hands_over_with_the_shoppers_code_and_five_wrong_codes_lock_it(app: TestApp) {
    let item = product_of_kumsong(&app, 20).await;
    let shopper = app.sign_in(SHOPPER).await;
    let order = buy(&app, &shopper, item, 1).await;
    let other = buy(&app, &shopper, item, 1).await;
    let dispatcher = app.sign_in(DISPATCHER).await;
    let courier = app.sign_in(COURIER).await;
    let bike = app.user_id(COURIER).await;
    for id in [order, other] {
        make_ready(&app, id).await;
        let res = call(
            &app,
            &dispatcher,
            "dispatch/assign",
            &format!("id={id}&courier={bike}"),
        )
        .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let res = call(&app, &courier, "courier/pick-up", &format!("id={id}")).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    // Another courier can't touch it.
    let van = app.sign_in(VAN_COURIER).await;
    let code = app.order_detail(&shopper, order).await.code.expect("code");
    assert_eq!(
        call(
            &app,
            &van,
            "courier/deliver",
            &format!("id={order}&code={code}")
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    // A malformed code is named; it costs no try.
    let res = call(
        &app,
        &courier,
        "courier/deliver",
        &format!("id={order}&code=12"),
    )
    .await;
    assert_eq!(
        error_of(&res.body),
        AppError::invalid(CodeField::Code, FieldProblem::CodeFormat)
    );
    assert_eq!(
        call(
            &app,
            &courier,
            "courier/deliver",
            &format!("id={order}&code={code}")
        )
        .await
        .status,
        StatusCode::OK
    );
    let delivered = app.order_detail(&shopper, order).await;
    assert_eq!(delivered.summary.status, OrderStatus::Delivered);
    assert_eq!(delivered.payment.captured, delivered.summary.total);

    // Five wrong codes lock the other order: then even the right one is refused.
    let right = app.order_detail(&shopper, other).await.code.expect("code");
    let wrong = if right == "0000" { "1111" } else { "0000" };
    // Malformed codes cost no try: four wrong ones after them still leave one.
    for malformed in ["12", "abcd", "12345"] {
        let res = call(
            &app,
            &courier,
            "courier/deliver",
            &format!("id={other}&code={malformed}"),
        )
        .await;
        assert_eq!(
            error_of(&res.body),
            AppError::invalid(CodeField::Code, FieldProblem::CodeFormat)
        );
    }
    for _ in 0..4 {
        let res = call(
            &app,
            &courier,
            "courier/deliver",
            &format!("id={other}&code={wrong}"),
        )
        .await;
        assert_eq!(
            error_of(&res.body),
            AppError::invalid(CodeField::Code, FieldProblem::CodeWrong)
        );
    }
    let fifth = call(
        &app,
        &courier,
        "courier/deliver",
        &format!("id={other}&code={wrong}"),
    )
    .await;
    assert_eq!(
        error_of(&fifth.body),
        AppError::invalid(CodeField::Code, FieldProblem::CodeLocked)
    );
    let locked = call(
        &app,
        &courier,
        "courier/deliver",
        &format!("id={other}&code={right}"),
    )
    .await;
    assert_eq!(
        error_of(&locked.body),
        AppError::invalid(CodeField::Code, FieldProblem::CodeLocked)
    );
    assert_eq!(
        app.order_detail(&shopper, other).await.summary.status,
        OrderStatus::PickedUp
    );
    let day = courier_day(&app, &courier).await;
    assert_eq!(day.done.len(), 1, "the delivered one is done today");
    assert_ledger_balances(&app).await;
}

async fn a_failed_delivery_gives_back_what_its_reason_says(app: TestApp) {
    let item = product_of_kumsong(&app, 20).await;
    let shopper = app.sign_in(SHOPPER).await;
    let start = balance(&app, &shopper).await;
    let absent = buy(&app, &shopper, item, 1).await;
    let damaged = buy(&app, &shopper, item, 1).await;
    let dispatcher = app.sign_in(DISPATCHER).await;
    let courier = app.sign_in(COURIER).await;
    let bike = app.user_id(COURIER).await;
    for id in [absent, damaged] {
        make_ready(&app, id).await;
        call(
            &app,
            &dispatcher,
            "dispatch/assign",
            &format!("id={id}&courier={bike}"),
        )
        .await;
        let res = call(&app, &courier, "courier/pick-up", &format!("id={id}")).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let one = app.order_detail(&shopper, absent).await.summary;
    // A reason is required.
    let res = call(
        &app,
        &courier,
        "courier/fail",
        &format!("id={absent}&reason=&note="),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    // Nobody at home: the goods' price comes back, the fee is kept.
    let res = call(
        &app,
        &courier,
        "courier/fail",
        &format!("id={absent}&reason=nobody_home&note=rang+twice"),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let failed = app.order_detail(&shopper, absent).await;
    assert_eq!(failed.summary.status, OrderStatus::DeliveryFailed);
    assert_eq!(failed.payment.refunded, one.goods);
    // Damaged goods: everything comes back.
    let res = call(
        &app,
        &courier,
        "courier/fail",
        &format!("id={damaged}&reason=damaged&note="),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        app.order_detail(&shopper, damaged).await.payment.refunded,
        one.total
    );
    // All that is missing now is the first order's fee; an operator's refund gives back only that.
    let now = balance(&app, &shopper).await;
    assert_eq!(now.checked_add(one.fee), Some(start));
    let operator = app.sign_in(OPERATOR).await;
    let res = call(
        &app,
        &operator,
        "orders/advance",
        &form(&[
            ("id", &absent.to_string()),
            ("to", "refunded"),
            ("note", "goodwill"),
        ]),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(balance(&app, &shopper).await, start);
    assert_ledger_balances(&app).await;
}

/// A dispatcher of Nampo's office (made for the test: the demo has one office's dispatcher).
async fn dispatcher_of_nampo(app: &TestApp) -> String {
    let (id, cookie) = shopper_with(app, "0191-555-0001", Won::ZERO).await;
    let mut tx = app.db.begin().await.expect("begin");
    sqlx::query(
        "UPDATE users SET role = 'dispatcher', \
         city_id = (SELECT id FROM cities WHERE slug = 'nampo') WHERE id = $1",
    )
    .bind(id.get())
    .execute(&mut *tx)
    .await
    .expect("a dispatcher");
    tx.commit().await.expect("commit");
    cookie
}

/// Every delivery verb asked by every role from the order's city (Pyongyang) and from another
/// (Nampo): only the office of the order's city, the courier of its round (on the road) and
/// operators move it; everyone else gets 403 and changes nothing (no capture, no code try used).
async fn only_the_office_of_the_orders_city_its_courier_and_operators_move_it(app: TestApp) {
    let item = product_of_kumsong(&app, 20).await;
    let shopper = app.sign_in(SHOPPER).await;
    let orders: Vec<i64> = [
        buy(&app, &shopper, item, 1).await,
        buy(&app, &shopper, item, 1).await,
        buy(&app, &shopper, item, 1).await,
    ]
    .into();
    for &id in &orders {
        make_ready(&app, id).await;
    }
    let dispatcher = app.sign_in(DISPATCHER).await;
    let operator = app.sign_in(OPERATOR).await;
    let courier = app.sign_in(COURIER).await;
    let bike = app.user_id(COURIER).await;
    let nampo_dispatcher = dispatcher_of_nampo(&app).await;
    let nampo_courier = app.sign_in(("0191-101-0007", "okryu-courier")).await;
    let others = [
        ("the shopper", shopper.clone()),
        ("a business buyer", app.sign_in(BUSINESS).await),
        ("the seller's staff", app.sign_in(SELLER).await),
        (
            "another courier of the city",
            app.sign_in(VAN_COURIER).await,
        ),
        ("Nampo's dispatcher", nampo_dispatcher),
        ("a courier of Nampo", nampo_courier),
    ];
    let status = |id: i64| {
        let (app, shopper) = (&app, &shopper);
        async move { app.order_detail(shopper, id).await.summary.status }
    };
    let with = |extra: &[(&'static str, String)]| {
        let mut all = others.to_vec();
        all.extend_from_slice(extra);
        all
    };
    let ok = |res: crate::common::Response| assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let assign = |id: i64| format!("id={id}&courier={bike}");
    let [a, b, c] = [orders[0], orders[1], orders[2]];

    // Giving it to a courier: the office of its city and operators, not even the couriers.
    refused(
        &app,
        &shopper,
        Ask {
            verb: "dispatch/assign",
            body: assign(a),
            order: a,
        },
        with(&[("the courier", courier.clone())]),
    )
    .await;
    ok(call(&app, &dispatcher, "dispatch/assign", &assign(a)).await);
    ok(call(&app, &operator, "dispatch/assign", &assign(b)).await);
    ok(call(&app, &dispatcher, "dispatch/assign", &assign(c)).await);
    let given = app.order_detail(&shopper, a).await;
    assert_eq!(given.summary.status, OrderStatus::Ready);
    assert!(given.courier.is_some(), "assigned to the courier");

    // Picking it up (the payment is captured): the round's courier, its office, operators.
    refused(
        &app,
        &shopper,
        Ask {
            verb: "courier/pick-up",
            body: format!("id={a}"),
            order: a,
        },
        with(&[]),
    )
    .await;
    ok(call(&app, &courier, "courier/pick-up", &format!("id={a}")).await);
    ok(call(&app, &dispatcher, "courier/pick-up", &format!("id={b}")).await);
    ok(call(&app, &operator, "courier/pick-up", &format!("id={c}")).await);
    assert_eq!(status(b).await, OrderStatus::PickedUp);

    // Handing it over: a wrong code from anyone else uses no try up (five would lock it).
    let code = app.order_detail(&shopper, a).await.code.expect("a code");
    let wrong = if code == "0000" { "1111" } else { "0000" };
    refused(
        &app,
        &shopper,
        Ask {
            verb: "courier/deliver",
            body: format!("id={a}&code={wrong}"),
            order: a,
        },
        with(&[]),
    )
    .await;
    ok(call(
        &app,
        &courier,
        "courier/deliver",
        &format!("id={a}&code={code}"),
    )
    .await);
    let code = app.order_detail(&shopper, c).await.code.expect("a code");
    ok(call(
        &app,
        &dispatcher,
        "courier/deliver",
        &format!("id={c}&code={code}"),
    )
    .await);
    assert_eq!(status(a).await, OrderStatus::Delivered);

    // Failing it (a refund): the same people.
    let fail = format!("id={b}&reason=nobody_home&note=");
    refused(
        &app,
        &shopper,
        Ask {
            verb: "courier/fail",
            body: fail.clone(),
            order: b,
        },
        with(&[]),
    )
    .await;
    ok(call(&app, &operator, "courier/fail", &fail).await);
    assert_eq!(status(b).await, OrderStatus::DeliveryFailed);
    assert_ledger_balances(&app).await;
}

/// A delivery verb asked about one order.
struct Ask {
    verb: &'static str,
    body: String,
    order: i64,
}

/// Each of `who` asks for `verb` on order `id`: 403 for every one, and the order is where it was,
/// its payment untouched.
async fn refused(app: &TestApp, shopper: &str, ask: Ask, who: Vec<(&str, String)>) {
    let Ask {
        verb,
        body,
        order: id,
    } = ask;
    let before = app.order_detail(shopper, id).await;
    for (name, cookie) in who {
        let res = call(app, &cookie, verb, &body).await;
        assert_eq!(
            res.status,
            StatusCode::FORBIDDEN,
            "{name} may not {verb}: {}",
            res.body
        );
    }
    let after = app.order_detail(shopper, id).await;
    assert_eq!(after.summary.status, before.summary.status, "{verb}");
    assert_eq!(after.courier, before.courier, "{verb}");
    assert_eq!(after.payment.captured, before.payment.captured, "{verb}");
}
