//! Cart, checkout, payment and orders, on both databases: what a shopper pays is what the server
//! computed, money moves only as balanced transfers, stock never oversells, and bad input changes
//! nothing.

use crate::common::*;
use http::StatusCode;
use okryu::{
    api::{cart::CartField, checkout::PayField, delivery::CodeField},
    domain::{form::FieldProblem, order::OrderStatus, payment::PIN_LOCK_SECS, UserId, Won},
    error::{AppError, Refusal},
    page::order::CheckoutPage,
    server::{
        db::{bank, carts::CartOwner},
        service::{auth::Session, payments, ServiceError},
    },
};

on_both_databases!(
    buying_holds_the_total_reserves_the_stock_and_a_retry_places_nothing_more,
    wrong_pins_lock_the_card_for_15_minutes_and_place_nothing,
    an_insufficient_balance_names_what_is_missing_and_changes_nothing,
    bad_quantities_and_unknown_items_are_refused_and_change_nothing,
    the_guest_cart_joins_the_account_at_sign_in,
    a_price_changed_since_the_cart_is_shown_and_the_old_total_refused,
    orders_follow_the_state_machine_and_the_money_follows_them,
    a_cancelled_or_expired_order_gives_back_money_and_stock,
    other_peoples_orders_are_forbidden,
    an_open_order_page_hears_only_that_something_changed,
    two_hundred_concurrent_checkouts_for_fifty_units_sell_exactly_fifty,
    a_burst_of_pin_guesses_gets_three_tries_at_most,
    payments_sent_together_with_the_right_pin_all_go_through,
    seller_staff_hand_over_their_orders_or_reject_them_with_a_reason,
    a_cart_holds_at_most_two_hundred_different_goods,
    idle_guest_carts_are_forgotten,
    the_ledger_check_finds_an_entry_without_its_other_half,
    goods_that_cannot_go_to_the_address_stay_in_the_cart_and_the_rest_is_paid,
);

/// The cheapest product of a Sinuiju seller (217 km from Pyongyang: below the long-distance
/// minimum order on its own), with `stock` in stock.
async fn cheap_from_sinuiju(app: &TestApp, stock: u32) -> okryu::domain::ProductId {
    let mut tx = app.db.begin().await.expect("begin");
    let id: i64 = sqlx::query_scalar(
        "SELECT p.id FROM products p JOIN sellers s ON s.id = p.seller_id \
         JOIN cities c ON c.id = s.city_id WHERE c.slug = 'sinuiju' \
         ORDER BY p.price_chon, p.id LIMIT 1",
    )
    .fetch_one(&mut *tx)
    .await
    .expect("a Sinuiju product");
    sqlx::query("UPDATE products SET stock = $1 WHERE id = $2")
        .bind(i64::from(stock))
        .bind(id)
        .execute(&mut *tx)
        .await
        .expect("stock");
    tx.commit().await.expect("commit");
    okryu::domain::ProductId::new(id)
}

/// A cart with goods a seller can't deliver to the address: the confirmation page shows them
/// with the reason and totals the rest; paying buys the rest, and those goods stay in the cart
/// with their stock untouched. Bought on their own, they are refused with the reason.
async fn goods_that_cannot_go_to_the_address_stay_in_the_cart_and_the_rest_is_paid(app: TestApp) {
    let near = product_of_kumsong(&app, 30).await;
    let far = cheap_from_sinuiju(&app, 30).await;
    let cookie = app.sign_in(SHOPPER).await;
    for item in [far, near] {
        let res = app
            .call_with(
                "cart/add",
                &form(&[("item", &item.to_string()), ("qty", "1")]),
                &[("cookie", &cookie)],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let page = checkout_page(&app, &cookie, "").await;
    assert_eq!(page.groups.len(), 2);
    let left_out: Vec<_> = page.groups.iter().filter(|g| !g.deliverable()).collect();
    assert_eq!(left_out.len(), 1);
    assert_eq!(left_out[0].lines[0].product, far);
    assert!(matches!(
        left_out[0].undeliverable(),
        Some(okryu::domain::delivery::Undeliverable::BelowLongDistanceMinimum { .. })
    ));
    let payable = page
        .groups
        .iter()
        .find(|g| g.deliverable())
        .expect("Kumsong's");
    let totals = page.totals.expect("the rest is payable");
    assert_eq!(totals.goods, payable.subtotal);
    assert!(page.slot.is_some() && page.instrument.is_some());

    let before = balance(&app, &cookie).await;
    let res = pay(&app, &cookie, &page, None, PIN).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let history = orders(&app, &cookie).await;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].total, totals.total);
    assert_eq!(
        balance(&app, &cookie).await.to_chon().expect("chon"),
        before.to_chon().expect("chon") - totals.total.to_chon().expect("chon")
    );
    assert_eq!(
        (stock_of(&app, near).await, stock_of(&app, far).await),
        (29, 30)
    );
    let user = app.user_id(SHOPPER).await;
    let left: Vec<_> = app
        .db
        .carts()
        .items(&CartOwner::User(user))
        .await
        .expect("cart")
        .into_iter()
        .map(|(id, q, _)| (id, q.get()))
        .collect();
    assert_eq!(left, vec![(far, 1)], "the far good stays in the cart");

    // Only that good left: nothing to pay, and paying anyway is refused with the reason.
    let page = checkout_page(&app, &cookie, "").await;
    assert_eq!(page.totals, None);
    let body = form(&[
        ("address", &page.address.expect("address").to_string()),
        ("slot", &page.slot.expect("slot").code()),
        (
            "instrument",
            &page.instrument.expect("instrument").to_string(),
        ),
        ("pin", PIN),
        ("key", &page.key),
        ("total", "100"),
    ]);
    let res = app
        .call_with("checkout/place", &body, &[("cookie", &cookie)])
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(matches!(
        error_of(&res.body),
        AppError::Refused(Refusal::Undeliverable(_))
    ));
    assert_eq!(orders(&app, &cookie).await.len(), 1);
    assert_eq!(stock_of(&app, far).await, 30);
    assert_ledger_balances(&app).await;
}

/// The audit the drills rely on can fail: one entry slipped in without its other half shows as an
/// account off its entries and a transfer that does not sum to zero.
async fn the_ledger_check_finds_an_entry_without_its_other_half(app: TestApp) {
    let item = product_of_kumsong(&app, 30).await;
    let shopper = app.sign_in(SHOPPER).await;
    let page = checkout_page(&app, &shopper, &format!("item={item}&qty=1")).await;
    assert_eq!(
        pay(&app, &shopper, &page, Some((item, 1)), PIN)
            .await
            .status,
        StatusCode::OK
    );
    assert_ledger_balances(&app).await;
    let mut tx = app.db.begin().await.expect("begin");
    sqlx::query(
        "INSERT INTO ledger_entries (transfer_id, account_id, amount_chon) \
         SELECT transfer_id, account_id, 100 FROM ledger_entries ORDER BY id LIMIT 1",
    )
    .execute(&mut *tx)
    .await
    .expect("one entry more");
    tx.commit().await.expect("commit");
    let check = app.db.bank().check().await.expect("ledger");
    assert_eq!(
        (
            check.entries_sum,
            check.accounts_off,
            check.unbalanced_transfers
        ),
        (100, 1, 1),
        "{check:?}"
    );
}

async fn buying_holds_the_total_reserves_the_stock_and_a_retry_places_nothing_more(app: TestApp) {
    let item = product_of_kumsong(&app, 20).await;
    let cookie = app.sign_in(SHOPPER).await;
    let before = balance(&app, &cookie).await;
    assert_eq!(before, Won::from_won(50_000), "the demo shopper's deposit");
    let page = checkout_page(&app, &cookie, &format!("item={item}&qty=3")).await;
    assert_eq!(page.groups.len(), 1);
    let line = &page.groups[0].lines[0];
    assert_eq!(line.quantity.get(), 3);
    let totals = page.totals.expect("deliverable to the default address");
    assert_eq!(totals.goods, line.price.checked_times(3).expect("amount"));
    assert_eq!(
        totals.total,
        totals.goods.checked_add(totals.delivery).expect("sum")
    );
    assert!(totals.delivery > Won::ZERO);

    let res = pay(&app, &cookie, &page, Some((item, 3)), PIN).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let checkout = res.body.clone();
    assert_eq!(
        balance(&app, &cookie).await,
        Won::from_chon(before.to_chon().expect("chon") - totals.total.to_chon().expect("chon")),
        "the balance drops by exactly the total"
    );
    assert_eq!(stock_of(&app, item).await, 17);
    let history = orders(&app, &cookie).await;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].status, OrderStatus::Placed);
    assert_eq!(history[0].total, totals.total);
    assert_eq!(history[0].items, 3);

    // A double tap: the same key again is the same checkout, and nothing more is held.
    let again = pay(&app, &cookie, &page, Some((item, 3)), PIN).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body, checkout);
    assert_eq!(orders(&app, &cookie).await.len(), 1);
    assert_eq!(stock_of(&app, item).await, 17);
    assert_eq!(
        balance(&app, &cookie).await.to_chon().expect("chon"),
        before.to_chon().expect("chon") - totals.total.to_chon().expect("chon")
    );
    // The "order placed" page lists it.
    let placed = app
        .call_with(
            "orders/placed",
            &format!("checkout={checkout}"),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(placed.status, StatusCode::OK, "{}", placed.body);
    assert_ledger_balances(&app).await;
}

async fn wrong_pins_lock_the_card_for_15_minutes_and_place_nothing(app: TestApp) {
    let item = product_of_kumsong(&app, 20).await;
    let cookie = app.sign_in(SHOPPER).await;
    let page = checkout_page(&app, &cookie, &format!("item={item}&qty=1")).await;
    for _ in 0..2 {
        let res = pay(&app, &cookie, &page, Some((item, 1)), "9999").await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        match error_of(&res.body) {
            AppError::Invalid(errs) => {
                assert_eq!(errs.get(PayField::Pin), Some(FieldProblem::PinWrong))
            }
            other => panic!("{other:?}"),
        }
    }
    let third = pay(&app, &cookie, &page, Some((item, 1)), "9999").await;
    assert_eq!(third.status, StatusCode::CONFLICT, "{}", third.body);
    assert_eq!(
        error_of(&third.body),
        AppError::Refused(Refusal::PinLocked { minutes: 15 })
    );
    // Locked: even the right PIN is refused.
    let right = pay(&app, &cookie, &page, Some((item, 1)), PIN).await;
    assert_eq!(right.status, StatusCode::CONFLICT, "{}", right.body);
    assert!(orders(&app, &cookie).await.is_empty());
    assert_eq!(stock_of(&app, item).await, 20);
    assert_eq!(balance(&app, &cookie).await, Won::from_won(50_000));
    // A badly formed PIN is a field error and doesn't count.
    let short = pay(&app, &cookie, &page, Some((item, 1)), "12").await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);

    app.clock.advance(PIN_LOCK_SECS + 1);
    let page = checkout_page(&app, &cookie, &format!("item={item}&qty=1")).await;
    let res = pay(&app, &cookie, &page, Some((item, 1)), PIN).await;
    assert_eq!(res.status, StatusCode::OK, "after 15 minutes: {}", res.body);
    assert_eq!(orders(&app, &cookie).await.len(), 1);
}

async fn an_insufficient_balance_names_what_is_missing_and_changes_nothing(app: TestApp) {
    let item = product_of_kumsong(&app, 50).await;
    let cookie = app.sign_in(BUSINESS).await;
    assert_eq!(balance(&app, &cookie).await, Won::from_won(100));
    let page = checkout_page(&app, &cookie, &format!("item={item}&qty=10")).await;
    let total = page.totals.expect("deliverable").total;
    assert!(total > Won::from_won(100), "{total:?}");
    let res = pay(&app, &cookie, &page, Some((item, 10)), PIN).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert_eq!(
        error_of(&res.body),
        AppError::Refused(Refusal::InsufficientFunds {
            missing: Won::from_chon(total.to_chon().expect("chon") - 10_000)
        })
    );
    assert_eq!(balance(&app, &cookie).await, Won::from_won(100));
    assert_eq!(stock_of(&app, item).await, 50, "the stock is released");
    assert!(orders(&app, &cookie).await.is_empty());
    assert_ledger_balances(&app).await;
}

async fn bad_quantities_and_unknown_items_are_refused_and_change_nothing(app: TestApp) {
    let item = product_of_kumsong(&app, 30).await;
    let cookie = app.sign_in(SHOPPER).await;
    let add = |q: &'static str| {
        let cookie = cookie.clone();
        let app = &app;
        async move {
            app.call_with(
                "cart/add",
                &form(&[("item", &item.to_string()), ("qty", q)]),
                &[("cookie", &cookie)],
            )
            .await
        }
    };
    for (q, problem) in [
        ("0", FieldProblem::QuantityInvalid),
        ("-1", FieldProblem::QuantityInvalid),
        ("1.5", FieldProblem::QuantityInvalid),
        ("abc", FieldProblem::QuantityInvalid),
        ("", FieldProblem::Required),
        ("10000", FieldProblem::QuantityTooMany),
        ("31", FieldProblem::QuantityOverStock),
    ] {
        let res = add(q).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{q}: {}",
            res.body
        );
        match error_of(&res.body) {
            AppError::Invalid(errs) => {
                assert_eq!(errs.get(CartField::Quantity), Some(problem), "{q}")
            }
            other => panic!("{q}: {other:?}"),
        }
    }
    let unknown = app
        .call_with(
            "cart/add",
            &form(&[("item", "99999999"), ("qty", "1")]),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let cart = app.call_with("cart/page", "", &[("cookie", &cookie)]).await;
    let cart: okryu::page::order::CartPage = serde_json::from_str(&cart.body).expect("cart");
    assert!(cart.groups.is_empty(), "nothing went in: {cart:?}");
    // A good quantity goes in; then more than the stock on top of it is refused.
    assert_eq!(add("20").await.status, StatusCode::OK);
    let over = add("11").await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    let cart = app.call_with("cart/page", "", &[("cookie", &cookie)]).await;
    let cart: okryu::page::order::CartPage = serde_json::from_str(&cart.body).expect("cart");
    assert_eq!(cart.groups[0].lines[0].quantity.get(), 20);
    // Buying now with a bad quantity is refused before anything happens.
    let page = app
        .call_with(
            "checkout/page",
            &format!("item={item}&qty=0"),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn the_guest_cart_joins_the_account_at_sign_in(app: TestApp) {
    let item = product_of_kumsong(&app, 30).await;
    let res = app
        .call(
            "cart/add",
            &form(&[("item", &item.to_string()), ("qty", "2")]),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let guest = res.cookie("okryu_cart").expect("a guest cart cookie");
    let as_guest = app.call_with("cart/page", "", &[("cookie", &guest)]).await;
    let as_guest: okryu::page::order::CartPage =
        serde_json::from_str(&as_guest.body).expect("cart");
    assert_eq!(as_guest.groups[0].lines[0].quantity.get(), 2);
    assert!(!as_guest.signed_in);

    let signed = app
        .call_with(
            "account/sign-in",
            &form(&[("phone", SHOPPER.0), ("password", SHOPPER.1)]),
            &[("cookie", &guest)],
        )
        .await;
    assert_eq!(signed.status, StatusCode::OK);
    let session = signed.cookie("okryu_session").expect("session");
    let cart = app
        .call_with("cart/page", "", &[("cookie", &session)])
        .await;
    let cart: okryu::page::order::CartPage = serde_json::from_str(&cart.body).expect("cart");
    assert_eq!(cart.groups.len(), 1);
    assert_eq!(cart.groups[0].lines[0].product, item);
    assert_eq!(cart.groups[0].lines[0].quantity.get(), 2);
    assert!(cart.totals.is_some(), "priced to the default address");
    // The guest cart is gone: its cookie now names nothing.
    let old = app.call_with("cart/page", "", &[("cookie", &guest)]).await;
    let old: okryu::page::order::CartPage = serde_json::from_str(&old.body).expect("cart");
    assert!(old.groups.is_empty());
}

async fn a_price_changed_since_the_cart_is_shown_and_the_old_total_refused(app: TestApp) {
    let item = product_of_kumsong(&app, 30).await;
    let cookie = app.sign_in(SHOPPER).await;
    let res = app
        .call_with(
            "cart/add",
            &form(&[("item", &item.to_string()), ("qty", "2")]),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let seen = checkout_page(&app, &cookie, "").await;
    assert!(!seen.price_changed);
    let old_price = seen.groups[0].lines[0].price;

    let new_price = old_price.checked_add(Won::from_won(5)).expect("price");
    let mut tx = app.db.begin().await.expect("tx");
    okryu::server::db::compare::set_price(&mut tx, item, new_price, app.clock.now())
        .await
        .expect("price");
    tx.commit().await.expect("commit");

    // Paying the total the shopper saw is refused with the new total; nothing is charged.
    let stale = pay(&app, &cookie, &seen, None, PIN).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    let fresh = checkout_page(&app, &cookie, "").await;
    assert!(fresh.price_changed);
    assert_eq!(fresh.groups[0].lines[0].was, Some(old_price));
    assert_eq!(fresh.groups[0].lines[0].price, new_price);
    let new_total = fresh.totals.expect("deliverable").total;
    assert_eq!(
        error_of(&stale.body),
        AppError::Refused(Refusal::PriceChanged { total: new_total })
    );
    assert_eq!(balance(&app, &cookie).await, Won::from_won(50_000));
    // Confirming the new amounts pays them; the bought goods leave the cart.
    let res = pay(&app, &cookie, &fresh, None, PIN).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // A retry of that request (the cart is empty now) answers with the same checkout.
    let retry = pay(&app, &cookie, &fresh, None, PIN).await;
    assert_eq!(
        (retry.status, retry.body),
        (StatusCode::OK, res.body.clone())
    );
    assert_eq!(orders(&app, &cookie).await.len(), 1);
    assert_eq!(orders(&app, &cookie).await[0].total, new_total);
    let cart = app.call_with("cart/page", "", &[("cookie", &cookie)]).await;
    let cart: okryu::page::order::CartPage = serde_json::from_str(&cart.body).expect("cart");
    assert!(cart.groups.is_empty());
}

async fn advance(app: &TestApp, cookie: &str, order: i64, to: &str) -> crate::common::Response {
    app.call_with(
        "orders/advance",
        &form(&[("id", &order.to_string()), ("to", to), ("note", "")]),
        &[("cookie", cookie)],
    )
    .await
}

async fn orders_follow_the_state_machine_and_the_money_follows_them(app: TestApp) {
    use okryu::server::db::bank::TransferKind;
    let item = product_of_kumsong(&app, 30).await;
    let shopper = app.sign_in(SHOPPER).await;
    let page = checkout_page(&app, &shopper, &format!("item={item}&qty=2")).await;
    let totals = page.totals.expect("deliverable");
    assert_eq!(
        pay(&app, &shopper, &page, Some((item, 2)), PIN)
            .await
            .status,
        StatusCode::OK
    );
    let order = orders(&app, &shopper).await[0].id;
    let id = order.get();
    let seller = app.sign_in(SELLER).await;
    let dispatcher = app.sign_in(DISPATCHER).await;
    let courier = app.sign_in(COURIER).await;
    let operator = app.sign_in(OPERATOR).await;
    let on_road = |endpoint: &'static str, cookie: String, body: String| {
        let app = &app;
        async move { app.call_with(endpoint, &body, &[("cookie", &cookie)]).await }
    };

    // The shopper can't move it along; couriers don't use the seller's moves.
    assert_eq!(
        advance(&app, &shopper, id, "accepted").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        advance(&app, &courier, id, "picked_up").await.status,
        StatusCode::FORBIDDEN
    );
    // Not even an operator can pick it up before it is ready.
    let early = advance(&app, &operator, id, "picked_up").await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
    assert_eq!(
        error_of(&early.body),
        AppError::Refused(Refusal::OrderState {
            from: OrderStatus::Placed,
            to: OrderStatus::PickedUp
        })
    );
    // Seller staff can't deliver.
    assert_eq!(
        advance(&app, &seller, id, "delivered").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        advance(&app, &seller, id, "accepted").await.status,
        StatusCode::OK
    );
    // Only ready orders go to a courier.
    let courier_id = app.user_id(COURIER).await;
    let assign = format!("id={id}&courier={courier_id}");
    let too_soon = on_road("dispatch/assign", dispatcher.clone(), assign.clone()).await;
    assert_eq!(
        error_of(&too_soon.body),
        AppError::Refused(Refusal::NotReady)
    );
    assert_eq!(
        advance(&app, &seller, id, "ready").await.status,
        StatusCode::OK
    );
    let bank = app.db.bank();
    assert_eq!(
        bank.moved_for(order, TransferKind::Capture)
            .await
            .expect("sum"),
        Won::ZERO
    );
    // Nobody carries it yet: the courier can't pick it up.
    let unassigned = on_road("courier/pick-up", courier.clone(), format!("id={id}")).await;
    assert_eq!(
        unassigned.status,
        StatusCode::FORBIDDEN,
        "{}",
        unassigned.body
    );
    // Delivered before picked up: refused.
    assert_eq!(
        advance(&app, &operator, id, "delivered").await.status,
        StatusCode::CONFLICT
    );
    let assigned = on_road("dispatch/assign", dispatcher.clone(), assign).await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.body);
    let picked = on_road("courier/pick-up", courier.clone(), format!("id={id}")).await;
    assert_eq!(picked.status, StatusCode::OK, "{}", picked.body);
    assert_eq!(
        bank.moved_for(order, TransferKind::Capture)
            .await
            .expect("sum"),
        totals.total,
        "picking up captures the hold"
    );
    // Goods on the road can't be cancelled.
    let cancel = app
        .call_with(
            "orders/cancel",
            &format!("id={id}"),
            &[("cookie", &shopper)],
        )
        .await;
    assert_eq!(cancel.status, StatusCode::CONFLICT);
    // Handing over needs the shopper's code: only the shopper's page shows it.
    let code = app
        .order_detail(&shopper, id)
        .await
        .code
        .expect("the shopper sees the code");
    assert_eq!(app.order_detail(&courier, id).await.code, None);
    let wrong = if code == "0000" { "1111" } else { "0000" };
    let bad = on_road(
        "courier/deliver",
        courier.clone(),
        format!("id={id}&code={wrong}"),
    )
    .await;
    assert_eq!(
        error_of(&bad.body),
        AppError::invalid(CodeField::Code, FieldProblem::CodeWrong)
    );
    let done = on_road(
        "courier/deliver",
        courier.clone(),
        format!("id={id}&code={code}"),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(
        app.order_detail(&shopper, id).await.code,
        None,
        "settled: no code"
    );
    let after_delivery = balance(&app, &shopper).await;
    assert_eq!(
        advance(&app, &operator, id, "refunded").await.status,
        StatusCode::OK
    );
    assert_eq!(
        balance(&app, &shopper).await,
        after_delivery.checked_add(totals.total).expect("sum"),
        "a refund reverses the captured amount"
    );
    assert_eq!(balance(&app, &shopper).await, Won::from_won(50_000));
    let detail = app
        .call_with(
            "orders/detail",
            &format!("id={id}"),
            &[("cookie", &shopper)],
        )
        .await;
    let detail: okryu::page::order::OrderDetail =
        serde_json::from_str(&detail.body).expect("detail");
    let trail: Vec<OrderStatus> = detail.events.iter().map(|e| e.status).collect();
    assert_eq!(
        trail,
        [
            OrderStatus::Placed,
            OrderStatus::Accepted,
            OrderStatus::Ready,
            OrderStatus::PickedUp,
            OrderStatus::Delivered,
            OrderStatus::Refunded
        ]
    );
    assert_ledger_balances(&app).await;
}

async fn a_cancelled_or_expired_order_gives_back_money_and_stock(app: TestApp) {
    let item = product_of_kumsong(&app, 30).await;
    let shopper = app.sign_in(SHOPPER).await;
    let page = checkout_page(&app, &shopper, &format!("item={item}&qty=4")).await;
    assert_eq!(
        pay(&app, &shopper, &page, Some((item, 4)), PIN)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(stock_of(&app, item).await, 26);
    let first = orders(&app, &shopper).await[0].id;
    // The order page's "cancel" asks first: a link to the question, whose answer is the form.
    let page = app
        .get_with(&format!("/orders/{first}"), &[("cookie", &shopper)])
        .await;
    assert!(page
        .body
        .contains(&format!(r#"href="/orders/{first}?cancel=1""#)));
    assert!(!page.body.contains(r#"data-testid="cancel-order""#));
    let asked = app
        .get_with(
            &format!("/orders/{first}?cancel=1"),
            &[("cookie", &shopper)],
        )
        .await;
    assert!(asked.body.contains(r#"data-testid="cancel-confirm""#));
    assert!(asked.body.contains(r#"data-testid="cancel-order""#));
    let cancel = app
        .call_with(
            "orders/cancel",
            &format!("id={first}"),
            &[("cookie", &shopper)],
        )
        .await;
    assert_eq!(cancel.status, StatusCode::OK, "{}", cancel.body);
    assert_eq!(stock_of(&app, item).await, 30);
    assert_eq!(balance(&app, &shopper).await, Won::from_won(50_000));
    // Who cancelled it, in the page's language.
    let page = app
        .get_with(&format!("/orders/{first}"), &[("cookie", &shopper)])
        .await;
    let text = crate::common::visible(&page.body);
    assert!(text.contains("주문자가 취소함"), "{text}");
    assert!(!text.contains("cancelled by the shopper"));
    // Cancelling twice is refused.
    let again = app
        .call_with(
            "orders/cancel",
            &format!("id={first}"),
            &[("cookie", &shopper)],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    // Reorder puts the goods back in the cart.
    let re = app
        .call_with(
            "orders/reorder",
            &format!("id={first}"),
            &[("cookie", &shopper)],
        )
        .await;
    assert_eq!(re.status, StatusCode::OK, "{}", re.body);
    let me = app
        .call_with("account/me", "", &[("cookie", &shopper)])
        .await;
    let me = UserId::new(json(&me.body)["id"].as_i64().expect("id"));
    let cart = app
        .db
        .carts()
        .items(&CartOwner::User(me))
        .await
        .expect("cart");
    assert_eq!(cart.len(), 1);
    assert_eq!(cart[0].1.get(), 4);

    // An order whose hold runs out is cancelled by the server, with the same effect.
    let page = checkout_page(&app, &shopper, &format!("item={item}&qty=5")).await;
    assert_eq!(
        pay(&app, &shopper, &page, Some((item, 5)), PIN)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(stock_of(&app, item).await, 25);
    let expires = page.slot.expect("slot").hold_expires_at();
    assert!(
        expires > app.clock.now() + 24 * 3600,
        "the hold outlives the delivery window"
    );
    app.clock.advance(expires - app.clock.now() - 60);
    assert_eq!(
        okryu::server::service::orders::expire_holds(app.services())
            .await
            .expect("expire"),
        0
    );
    app.clock.advance(120);
    assert_eq!(
        okryu::server::service::orders::expire_holds(app.services())
            .await
            .expect("expire"),
        1
    );
    assert_eq!(stock_of(&app, item).await, 30);
    let shopper = app.sign_in(SHOPPER).await;
    assert_eq!(balance(&app, &shopper).await, Won::from_won(50_000));
    assert_eq!(
        orders(&app, &shopper).await[0].status,
        OrderStatus::Cancelled
    );
    assert_ledger_balances(&app).await;
}

/// What an open order page asks every few seconds: while nothing changed, a 304 with no body; once
/// the seller moves the order, a new version; someone else's order is refused.
async fn an_open_order_page_hears_only_that_something_changed(app: TestApp) {
    let item = product_of_kumsong(&app, 30).await;
    let shopper = app.sign_in(SHOPPER).await;
    let page = checkout_page(&app, &shopper, &format!("item={item}&qty=1")).await;
    let paid = pay(&app, &shopper, &page, Some((item, 1)), PIN).await;
    assert_eq!(paid.status, StatusCode::OK, "{}", paid.body);
    let id = orders(&app, &shopper).await[0].id;
    let version = app.order_detail(&shopper, id.get()).await.version;
    let live = |etag: String, cookie: String| {
        let app = &app;
        async move {
            app.get_with(
                &format!("/api/orders/live?id={id}"),
                &[("cookie", &cookie), ("if-none-match", &etag)],
            )
            .await
        }
    };
    let held = format!("\"{version}\"");
    let quiet = live(held.clone(), shopper.clone()).await;
    assert_eq!(quiet.status, StatusCode::NOT_MODIFIED, "{}", quiet.body);
    assert!(quiet.bytes.is_empty(), "no body while nothing changed");
    assert_eq!(quiet.headers[http::header::ETAG], held.as_str());

    let seller = app.sign_in(SELLER).await;
    let accepted = app
        .call_with(
            "orders/advance",
            &format!("id={id}&to=accepted&note="),
            &[("cookie", &seller)],
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    let news = live(held, shopper.clone()).await;
    assert_eq!(news.status, StatusCode::OK, "{}", news.body);
    let now = news.headers[http::header::ETAG]
        .to_str()
        .unwrap()
        .to_string();
    assert_ne!(now, format!("\"{version}\""));
    assert_eq!(
        now,
        format!("\"{}\"", app.order_detail(&shopper, id.get()).await.version)
    );
    assert_eq!(
        live(now.clone(), shopper).await.status,
        StatusCode::NOT_MODIFIED
    );

    let other = app.sign_in(BUSINESS).await;
    assert_eq!(live(now, other).await.status, StatusCode::FORBIDDEN);
}

async fn other_peoples_orders_are_forbidden(app: TestApp) {
    let item = product_of_kumsong(&app, 30).await;
    let shopper = app.sign_in(SHOPPER).await;
    let page = checkout_page(&app, &shopper, &format!("item={item}&qty=1")).await;
    assert_eq!(
        pay(&app, &shopper, &page, Some((item, 1)), PIN)
            .await
            .status,
        StatusCode::OK
    );
    let id = orders(&app, &shopper).await[0].id;
    let other = app.sign_in(BUSINESS).await;
    for endpoint in ["orders/detail", "orders/cancel", "orders/reorder"] {
        let res = app
            .call_with(endpoint, &format!("id={id}"), &[("cookie", &other)])
            .await;
        assert_eq!(
            res.status,
            StatusCode::FORBIDDEN,
            "{endpoint}: {}",
            res.body
        );
    }
    assert!(orders(&app, &other).await.is_empty());
    // Someone else's instrument can't pay.
    let mine = checkout_page(&app, &shopper, &format!("item={item}&qty=1")).await;
    let theirs = checkout_page(&app, &other, &format!("item={item}&qty=1")).await;
    let stolen = CheckoutPage {
        instrument: mine.instrument,
        ..theirs
    };
    let res = pay(&app, &other, &stolen, Some((item, 1)), PIN).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(orders(&app, &shopper).await.len(), 1);
}

/// 200 checkouts at once (40 shoppers, 5 each) for 50 units of one item: exactly 50 succeed, the
/// stock ends at 0, the ledger sums to zero and every shopper's balance is what they started with
/// minus what is held for their orders.
async fn two_hundred_concurrent_checkouts_for_fifty_units_sell_exactly_fifty(app: TestApp) {
    const SHOPPERS: usize = 40;
    const EACH: usize = 5;
    const START_WON: i64 = 1_000;
    let item = product_of_kumsong(&app, 50).await;
    let mut shoppers = Vec::new();
    for n in 0..SHOPPERS {
        let phone = format!("0191-300-{n:04}");
        let (user, cookie) = shopper_with(&app, &phone, Won::from_won(START_WON)).await;
        let page = checkout_page(&app, &cookie, &format!("item={item}&qty=1")).await;
        shoppers.push((user, cookie, page));
    }

    let mut calls = tokio::task::JoinSet::new();
    for (i, (_, cookie, page)) in shoppers.iter().enumerate() {
        for k in 0..EACH {
            let key = format!("load-test-key-{i:03}-{k}");
            let req = pay_request(cookie, pay_form(page, Some((item, 1)), PIN, &key));
            let router = app.router.clone();
            calls.spawn(async move {
                use tower::ServiceExt;
                router.oneshot(req).await.expect("an answer").status()
            });
        }
    }
    let mut ok = 0;
    let mut sold_out = 0;
    while let Some(status) = calls.join_next().await {
        match status.expect("the task ran") {
            StatusCode::OK => ok += 1,
            StatusCode::CONFLICT => sold_out += 1,
            other => panic!("unexpected answer {other}"),
        }
    }
    assert_eq!((ok, sold_out), (50, 150));
    assert_eq!(stock_of(&app, item).await, 0);
    assert_ledger_balances(&app).await;
    let mut placed = 0;
    for (user, cookie, _) in &shoppers {
        let held: i64 = orders(&app, cookie)
            .await
            .iter()
            .map(|o| o.total.to_chon().expect("chon"))
            .sum();
        placed += app.db.orders().history(*user).await.expect("history").len();
        assert_eq!(
            balance(&app, cookie).await.to_chon().expect("chon"),
            START_WON * 100 - held,
            "shopper {user}"
        );
    }
    assert_eq!(placed, 50);
}

/// Each try is counted before its PIN is compared, so tries sent together get three guesses in
/// all; twenty wrong PINs at once end locked, and the right PIN is refused after them.
async fn a_burst_of_pin_guesses_gets_three_tries_at_most(app: TestApp) {
    let item = product_of_kumsong(&app, 20).await;
    let (user, cookie) = shopper_with(&app, "0191-300-9999", Won::from_won(1_000)).await;
    let page = checkout_page(&app, &cookie, &format!("item={item}&qty=1")).await;
    let mut calls = tokio::task::JoinSet::new();
    for guess in 0..20 {
        let pin = format!("{:04}", 5000 + guess);
        let req = pay_request(&cookie, pay_form(&page, Some((item, 1)), &pin, &page.key));
        let router = app.router.clone();
        calls.spawn(async move {
            use tower::ServiceExt;
            let res = router.oneshot(req).await.expect("an answer");
            let bytes = http_body_util::BodyExt::collect(res.into_body())
                .await
                .expect("body")
                .to_bytes();
            serde_json::from_slice::<AppError>(&bytes).expect("an AppError")
        });
    }
    let (mut wrong, mut locked) = (0, 0);
    while let Some(answer) = calls.join_next().await {
        match answer.expect("the task ran") {
            AppError::Invalid(errs) if errs.get(PayField::Pin) == Some(FieldProblem::PinWrong) => {
                wrong += 1
            }
            AppError::Refused(Refusal::PinLocked { .. }) => locked += 1,
            other => panic!("{other:?}"),
        }
    }
    assert!(
        wrong <= 2,
        "{wrong} wrong-PIN answers: more than three guesses were compared"
    );
    assert_eq!(wrong + locked, 20);
    let right = pay(&app, &cookie, &page, Some((item, 1)), PIN).await;
    assert_eq!(right.status, StatusCode::CONFLICT, "{}", right.body);
    assert!(orders(&app, &cookie).await.is_empty());

    // The mechanism: a try holds the instrument until its count is written, and the next try
    // reads that count. Two wrong tries are counted in a transaction still open; a wrong try sent
    // meanwhile waits for it, then is the third wrong one in a row and locks the instrument.
    app.clock.advance(PIN_LOCK_SECS + 1);
    let instrument = page.instrument.expect("instrument");
    let viewer = app
        .db
        .accounts()
        .viewer(user)
        .await
        .expect("query")
        .expect("the shopper");
    let payer = Session {
        viewer,
        token_hash: "any session".into(),
        created_at: app.clock.now(),
    };
    let mut tx = app.db.begin().await.expect("begin");
    bank::lock_instrument(&mut tx, instrument, user)
        .await
        .expect("lock")
        .expect("the shopper's instrument");
    bank::set_pin_state(&mut tx, instrument, 2, None)
        .await
        .expect("two wrong tries");
    let waiting = {
        let (db, clock, key) = (app.db.clone(), app.clock.clone(), app.key.clone());
        tokio::spawn(async move {
            let s = okryu::server::service::Services::new(&db, &clock, &key);
            let wrong = okryu::domain::payment::Pin::parse("0000").expect("pin");
            payments::verify_pin(s, &payer, instrument, &wrong).await
        })
    };
    tx.commit().await.expect("commit");
    assert!(
        matches!(
            waiting.await.expect("the try ran"),
            Err(ServiceError::Refused(Refusal::PinLocked { .. }))
        ),
        "the try counted after the two"
    );
}

/// Tries at one instrument are checked one after the other, so payments sent together with the
/// right PIN all go through (none is taken for a guess because others were being checked).
async fn payments_sent_together_with_the_right_pin_all_go_through(app: TestApp) {
    let item = product_of_kumsong(&app, 100).await;
    let (_, cookie) = shopper_with(&app, "0191-300-9998", Won::from_won(100_000)).await;
    let page = checkout_page(&app, &cookie, &format!("item={item}&qty=1")).await;
    let mut calls = tokio::task::JoinSet::new();
    for n in 0..12 {
        let key = format!("together-{n:02}-{}", page.key);
        let req = pay_request(&cookie, pay_form(&page, Some((item, 1)), PIN, &key[..64]));
        let router = app.router.clone();
        calls.spawn(async move {
            use tower::ServiceExt;
            router.oneshot(req).await.expect("an answer").status()
        });
    }
    while let Some(status) = calls.join_next().await {
        assert_eq!(status.expect("the task ran"), StatusCode::OK);
    }
    assert_eq!(orders(&app, &cookie).await.len(), 12);
    assert_ledger_balances(&app).await;
}

async fn seller_staff_hand_over_their_orders_or_reject_them_with_a_reason(app: TestApp) {
    let item = product_of_kumsong(&app, 30).await;
    let shopper = app.sign_in(SHOPPER).await;
    for qty in [1, 2] {
        let page = checkout_page(&app, &shopper, &format!("item={item}&qty={qty}")).await;
        let res = pay(&app, &shopper, &page, Some((item, qty)), PIN).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let mine = orders(&app, &shopper).await;
    let (second, first) = (mine[0].id.get(), mine[1].id.get());
    let seller = app.sign_in(SELLER).await;
    let queue = |cookie: String| {
        let app = &app;
        async move {
            let res = app
                .call_with("seller/orders", "", &[("cookie", &cookie)])
                .await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
            serde_json::from_str::<Vec<okryu::page::seller::HandOver>>(&res.body)
                .expect("orders")
                .into_iter()
                .map(|h| {
                    // What to pack: the one good, as many as were bought.
                    assert_eq!(h.pack.len(), 1, "{h:?}");
                    assert_eq!(h.pack[0].1.get(), h.order.items, "{h:?}");
                    (h.order.id.get(), h.order.status)
                })
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        queue(seller.clone()).await,
        [(second, OrderStatus::Placed), (first, OrderStatus::Placed)]
    );
    // Rejecting needs a reason; with one, the hold is voided and the shopper reads why.
    let no_reason = advance(&app, &seller, second, "cancelled").await;
    assert_eq!(
        no_reason.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        no_reason.body
    );
    let reject = app
        .call_with(
            "orders/advance",
            &form(&[
                ("id", &second.to_string()),
                ("to", "cancelled"),
                ("note", "oven broken"),
            ]),
            &[("cookie", &seller)],
        )
        .await;
    assert_eq!(reject.status, StatusCode::OK, "{}", reject.body);
    let detail = app
        .call_with(
            "orders/detail",
            &format!("id={second}"),
            &[("cookie", &shopper)],
        )
        .await;
    let detail: okryu::page::order::OrderDetail =
        serde_json::from_str(&detail.body).expect("detail");
    assert_eq!(detail.summary.status, OrderStatus::Cancelled);
    assert_eq!(
        detail.events.last().map(|e| e.note.as_str()),
        Some("oven broken")
    );
    // The other one is accepted and readied, then leaves the queue when a courier picks it up.
    assert_eq!(
        advance(&app, &seller, first, "accepted").await.status,
        StatusCode::OK
    );
    assert_eq!(
        advance(&app, &seller, first, "ready").await.status,
        StatusCode::OK
    );
    assert_eq!(queue(seller.clone()).await, [(first, OrderStatus::Ready)]);
    // Nobody carries it yet: not even an operator can mark it picked up.
    let operator = app.sign_in(OPERATOR).await;
    assert_eq!(
        advance(&app, &operator, first, "picked_up").await.status,
        StatusCode::CONFLICT
    );
    let dispatcher = app.sign_in(DISPATCHER).await;
    let courier = app.user_id(COURIER).await;
    let assigned = app
        .call_with(
            "dispatch/assign",
            &format!("id={first}&courier={courier}"),
            &[("cookie", &dispatcher)],
        )
        .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.body);
    assert_eq!(
        advance(&app, &operator, first, "picked_up").await.status,
        StatusCode::OK
    );
    assert!(queue(seller).await.is_empty());
    assert_ledger_balances(&app).await;
}

/// Goods in stock, by id.
async fn goods_in_stock(app: &TestApp, n: usize) -> Vec<i64> {
    let mut tx = app.db.begin().await.expect("begin");
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM products WHERE stock > 0 ORDER BY id")
        .fetch_all(&mut *tx)
        .await
        .expect("products");
    assert!(
        ids.len() >= n,
        "the demo catalog has {} goods in stock",
        ids.len()
    );
    ids.into_iter().take(n).collect()
}

async fn cart_lines(app: &TestApp) -> i64 {
    let mut tx = app.db.begin().await.expect("begin");
    sqlx::query_scalar("SELECT COUNT(*) FROM cart_items")
        .fetch_one(&mut *tx)
        .await
        .expect("count")
}

async fn a_cart_holds_at_most_two_hundred_different_goods(app: TestApp) {
    let ids = goods_in_stock(&app, 201).await;
    let first = app
        .call(
            "cart/add",
            &form(&[("item", &ids[0].to_string()), ("qty", "1")]),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let cookie = first.cookie("okryu_cart").expect("a guest cart");
    for id in &ids[1..200] {
        let res = app
            .call_with(
                "cart/add",
                &form(&[("item", &id.to_string()), ("qty", "1")]),
                &[("cookie", &cookie)],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{id}: {}", res.body);
    }
    assert_eq!(cart_lines(&app).await, 200);
    let refused = app
        .call_with(
            "cart/add",
            &form(&[("item", &ids[200].to_string()), ("qty", "1")]),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(
        error_of(&refused.body),
        AppError::Refused(Refusal::CartFull { max: 200 })
    );
    assert_eq!(cart_lines(&app).await, 200, "nothing changed");
    // More of what is there already still fits.
    let more = app
        .call_with(
            "cart/add",
            &form(&[("item", &ids[0].to_string()), ("qty", "1")]),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(more.status, StatusCode::OK, "{}", more.body);
}

async fn idle_guest_carts_are_forgotten(app: TestApp) {
    let item = product_of_kumsong(&app, 10).await;
    let guest = app
        .call(
            "cart/add",
            &form(&[("item", &item.to_string()), ("qty", "1")]),
        )
        .await;
    let guest = guest.cookie("okryu_cart").expect("a guest cart");
    let shopper = app.sign_in(SHOPPER).await;
    let res = app
        .call_with(
            "cart/add",
            &form(&[("item", &item.to_string()), ("qty", "1")]),
            &[("cookie", &shopper)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let now = app.clock.now();
    let purge = |before| okryu::server::service::cart::purge_guests(app.services(), before);
    assert_eq!(
        purge(now - okryu::domain::cart::GUEST_CART_IDLE_SECS)
            .await
            .expect("purge"),
        0,
        "a cart used today stays"
    );
    assert_eq!(purge(now + 1).await.expect("purge"), 1);
    let page = app.call_with("cart/page", "", &[("cookie", &guest)]).await;
    assert!(json(&page.body)["groups"]
        .as_array()
        .is_some_and(|g| g.is_empty()));
    let page = app
        .call_with("cart/page", "", &[("cookie", &shopper)])
        .await;
    assert_eq!(
        json(&page.body)["groups"].as_array().map(Vec::len),
        Some(1),
        "an account's cart stays"
    );
}
