//! The security findings, each closed: a stolen session can't link a way to pay or spend with one
//! linked since; couriers and dispatchers read only their own orders; digests are keyed; nobody can
//! lock an account for everyone. On both databases.

use crate::common::*;
use http::StatusCode;
use okryu::{
    api::{account::SignUpField, checkout::PayField, wallet::CardField},
    domain::form::FieldProblem,
    error::AppError,
    page::order::CheckoutPage,
};

on_both_databases!(
    a_stolen_session_can_neither_link_a_way_to_pay_nor_use_one_linked_since,
    couriers_and_dispatchers_read_only_their_own_orders,
    digests_are_keyed,
    a_guesser_elsewhere_never_locks_the_owner_out,
    personal_pages_and_answers_are_stored_by_no_cache,
);

async fn instrument_count(app: &TestApp, cookie: &str) -> usize {
    let res = app
        .call_with("wallet/page", "", &[("cookie", cookie)])
        .await;
    json(&res.body)["instruments"]
        .as_array()
        .map_or(0, Vec::len)
}

async fn a_stolen_session_can_neither_link_a_way_to_pay_nor_use_one_linked_since(app: TestApp) {
    let item = product_of_kumsong(&app, 20).await;
    // A card the bank issued to the owner.
    let card = app.issued_card(SHOPPER.0, SHOPPER_RESIDENT).await;
    let last4 = &card[card.len() - 4..];
    // The thief's copy of a session, then the owner's own sign-in a moment later.
    let stolen = app.sign_in(SHOPPER).await;
    app.clock.advance(5);
    let owner = app.sign_in(SHOPPER).await;
    let before = instrument_count(&app, &owner).await;

    // Linking needs the account's password: a session alone links nothing.
    for password in ["", "not the password"] {
        let res = app
            .call_with(
                "wallet/add-card",
                &form(&[
                    ("card_number", &card),
                    ("pin", "9999"),
                    ("password", password),
                ]),
                &[("cookie", &stolen)],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        let AppError::Invalid(errs) = error_of(&res.body) else {
            panic!("{}", res.body)
        };
        assert!(errs.get(CardField::Password).is_some(), "{errs:?}");
    }
    let res = app
        .call_with(
            "wallet/add-sim",
            &form(&[("pin", "9999")]),
            &[("cookie", &stolen)],
        )
        .await;
    assert_ne!(res.status, StatusCode::OK);
    assert_eq!(
        instrument_count(&app, &owner).await,
        before,
        "nothing linked"
    );

    // The owner links a card with the password; it shows in the security history.
    let res = app
        .call_with(
            "wallet/add-card",
            &form(&[
                ("card_number", &card),
                ("pin", "2468"),
                ("password", SHOPPER.1),
            ]),
            &[("cookie", &owner)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let profile = app
        .call_with("account/page", "", &[("cookie", &owner)])
        .await;
    let history = &json(&profile.body)["security"];
    assert_eq!(history[0]["kind"], "InstrumentLinked", "{history}");
    assert_eq!(history[0]["detail"], format!("•••• {last4}"));

    // The older, stolen session is not offered it and can't pay with it.
    let new_card = |page: &CheckoutPage| {
        page.instruments
            .iter()
            .find(|i| i.label.ends_with(last4))
            .map(|i| i.id)
    };
    let owners = checkout_page(&app, &owner, &format!("item={item}&qty=1")).await;
    let card_id = new_card(&owners).expect("the owner may pay with it");
    let thief = checkout_page(&app, &stolen, &format!("item={item}&qty=1")).await;
    assert_eq!(new_card(&thief), None, "not offered to the older session");
    let mut forged = thief.clone();
    forged.instrument = Some(card_id);
    let res = pay(&app, &stolen, &forged, Some((item, 1)), "2468").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(
        error_of(&res.body),
        AppError::invalid(PayField::Instrument, FieldProblem::InstrumentUnknown)
    );
    assert!(orders(&app, &stolen).await.is_empty(), "nothing paid");

    // Signing in again there makes it usable.
    let fresh = app.sign_in(SHOPPER).await;
    let page = checkout_page(&app, &fresh, &format!("item={item}&qty=1")).await;
    assert_eq!(new_card(&page), Some(card_id));

    // Changing its PIN and removing it take the password too, and are written down.
    let res = app
        .call_with(
            "wallet/pin",
            &form(&[
                ("id", &card_id.to_string()),
                ("pin", "1357"),
                ("password", "wrong one"),
            ]),
            &[("cookie", &owner)],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .call_with(
            "wallet/pin",
            &form(&[
                ("id", &card_id.to_string()),
                ("pin", "1357"),
                ("password", SHOPPER.1),
            ]),
            &[("cookie", &owner)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app
        .call_with(
            "wallet/remove",
            &form(&[("id", &card_id.to_string()), ("password", SHOPPER.1)]),
            &[("cookie", &owner)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(instrument_count(&app, &owner).await, before);
    let profile = app
        .call_with("account/page", "", &[("cookie", &owner)])
        .await;
    let kinds: Vec<String> = json(&profile.body)["security"]
        .as_array()
        .expect("history")
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        kinds,
        ["InstrumentRemoved", "PinChanged", "InstrumentLinked"],
        "newest first"
    );
    // The card can be linked again after its removal.
    let res = app
        .call_with(
            "wallet/add-card",
            &form(&[
                ("card_number", &card),
                ("pin", "2468"),
                ("password", SHOPPER.1),
            ]),
            &[("cookie", &owner)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

/// A Pyongyang order (the demo shopper buys from Kumsong) and one from another city.
async fn couriers_and_dispatchers_read_only_their_own_orders(app: TestApp) {
    let shopper = app.sign_in(SHOPPER).await;
    let item = product_of_kumsong(&app, 20).await;
    let page = checkout_page(&app, &shopper, &format!("item={item}&qty=1")).await;
    let res = pay(&app, &shopper, &page, Some((item, 1)), PIN).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let pyongyang = orders(&app, &shopper).await[0].id;
    let elsewhere = {
        let mut tx = app.db.begin().await.expect("begin");
        let id: i64 = sqlx::query_scalar(
            "SELECT p.id FROM products p JOIN sellers s ON s.id = p.seller_id \
             JOIN cities c ON c.id = s.city_id WHERE c.slug = 'pyongsong' AND p.stock > 0 \
             ORDER BY p.id LIMIT 1",
        )
        .fetch_one(&mut *tx)
        .await
        .expect("a product from Pyongsong");
        okryu::domain::ProductId::new(id)
    };
    let page = checkout_page(&app, &shopper, &format!("item={elsewhere}&qty=1")).await;
    let res = pay(&app, &shopper, &page, Some((elsewhere, 1)), PIN).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let pyongsong = orders(&app, &shopper)
        .await
        .into_iter()
        .map(|o| o.id)
        .find(|id| *id != pyongyang)
        .expect("the second order");

    let detail = |cookie: String, order| {
        let app = &app;
        async move {
            app.call_with(
                "orders/detail",
                &format!("id={order}"),
                &[("cookie", &cookie)],
            )
            .await
            .status
        }
    };
    // A dispatcher reads their own city's orders, not another office's.
    let dispatcher = app.sign_in(DISPATCHER).await;
    assert_eq!(detail(dispatcher.clone(), pyongyang).await, StatusCode::OK);
    assert_eq!(
        detail(dispatcher.clone(), pyongsong).await,
        StatusCode::FORBIDDEN
    );
    // A courier reads only what they carry: nothing yet.
    let courier = app.sign_in(COURIER).await;
    assert_eq!(
        detail(courier.clone(), pyongyang).await,
        StatusCode::FORBIDDEN
    );
    // Operators read everything.
    let operator = app.sign_in(OPERATOR).await;
    assert_eq!(detail(operator.clone(), pyongsong).await, StatusCode::OK);
    // The dispatcher's board is their city's, and another city's order is not theirs to assign.
    let board = app
        .call_with("dispatch/board", "", &[("cookie", &dispatcher)])
        .await;
    assert_eq!(board.status, StatusCode::OK);
    let cities = json(&board.body)["cities"].as_array().map_or(0, Vec::len);
    assert_eq!(cities, 1, "only Pyongyang's office");
    let res = app
        .call_with(
            "dispatch/assign",
            &format!("id={pyongsong}&courier=1"),
            &[("cookie", &dispatcher)],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

/// A valid resident registration number's 13 digits from its first twelve.
fn resident(first12: &str) -> String {
    let d: Vec<u32> = first12.bytes().map(|b| u32::from(b - b'0')).collect();
    let check = okryu::domain::account::ResidentId::check_digit(&d).expect("a check digit");
    format!("{first12}{check}")
}

async fn digests_are_keyed(app: TestApp) {
    let key = test_key();
    let one = |sql: &'static str, phone: &'static str| {
        let db = app.db.clone();
        async move {
            let mut tx = db.begin().await.expect("begin");
            let row: (String, String) = sqlx::query_as(sql)
                .bind(phone)
                .fetch_one(&mut *tx)
                .await
                .expect("a row");
            row
        }
    };
    // The demo shopper's resident number (tools/demo/accounts.json): stored keyed.
    let (stored, _) = one(
        "SELECT resident_digest, phone FROM users WHERE phone = $1",
        SHOPPER.0,
    )
    .await;
    assert_eq!(stored, key.resident("8803122012341"));
    // A new resident's digest is keyed, and the same resident can't register twice.
    let fresh = resident("920304212346");
    let sign_up = |phone: &'static str, code: &str| {
        form(&[
            ("name", "새 사람"),
            ("phone", phone),
            ("code", code),
            ("resident_id", &fresh),
            ("password", "long enough pw"),
            ("district", "pyongyang-moranbong"),
            ("line", "모란봉거리 7"),
        ])
    };
    let code = app.sign_up_code("0191-555-0178").await.expect("a code");
    let new = app
        .call("account/sign-up", &sign_up("0191-555-0178", &code))
        .await;
    assert_eq!(new.status, StatusCode::OK, "{}", new.body);
    let (digest, _) = one(
        "SELECT resident_digest, phone FROM users WHERE phone = $1",
        "0191-555-0178",
    )
    .await;
    assert_eq!(digest, key.resident(&fresh));
    let code = app.sign_up_code("0191-555-0177").await.expect("a code");
    let again = app
        .call("account/sign-up", &sign_up("0191-555-0177", &code))
        .await;
    assert_eq!(
        error_of(&again.body),
        AppError::invalid(SignUpField::ResidentId, FieldProblem::ResidentTaken)
    );
    // A PIN is kept keyed, with the instrument's own salt.
    let (salt, hash) = one(
        "SELECT pin_salt, pin_hash FROM instruments WHERE label = $1",
        SHOPPER.0,
    )
    .await;
    assert_eq!(hash, key.pin(&salt, PIN));
}

async fn a_guesser_elsewhere_never_locks_the_owner_out(app: TestApp) {
    let wrong = form(&[("phone", SHOPPER.0), ("password", "guessing wrong")]);
    let right = form(&[("phone", SHOPPER.0), ("password", SHOPPER.1)]);
    for _ in 0..20 {
        app.call_from("10.9.0.1", "account/sign-in", &wrong, &[])
            .await;
    }
    // The owner, from their own address, gets in at once.
    let res = app
        .call_from("10.9.0.2", "account/sign-in", &right, &[])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

/// Signed-in pages (balance, addresses, an order's delivery code) and every server function's
/// answer say `no-store`; the public catalog and its pictures keep their caching.
async fn personal_pages_and_answers_are_stored_by_no_cache(app: TestApp) {
    let shopper = app.sign_in(SHOPPER).await;
    let item = product_of_kumsong(&app, 5).await;
    let page = checkout_page(&app, &shopper, &format!("item={item}&qty=1")).await;
    let paid = pay(&app, &shopper, &page, Some((item, 1)), PIN).await;
    assert_eq!(paid.status, StatusCode::OK, "{}", paid.body);
    assert_eq!(
        paid.header("cache-control"),
        Some("no-store"),
        "the payment's answer"
    );
    let order = orders(&app, &shopper).await[0].id;
    for path in [
        "/account",
        "/wallet",
        "/orders",
        &format!("/orders/{order}"),
        "/cart",
        "/",
    ] {
        let res = app.get_with(path, &[("cookie", &shopper)]).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert_eq!(
            res.header("cache-control"),
            Some("no-store"),
            "{path}, signed in"
        );
    }
    for endpoint in ["wallet/page", "account/page"] {
        let res = app.call_with(endpoint, "", &[("cookie", &shopper)]).await;
        assert_eq!(res.header("cache-control"), Some("no-store"), "{endpoint}");
    }
    let refused = app.call("wallet/page", "").await;
    assert_eq!(
        refused.header("cache-control"),
        Some("no-store"),
        "an error too"
    );
    // A guest's catalog page is nobody's; a picture keeps its own caching, signed in or not.
    let home = app.get("/").await;
    assert_eq!(home.header("cache-control"), None);
    let start = home.body.find("/media/").expect("a picture");
    let end = start + home.body[start..].find(['"', ' ', ',']).expect("its end");
    let picture = app
        .get_with(&home.body[start..end], &[("cookie", &shopper)])
        .await;
    assert_eq!(picture.status, StatusCode::OK);
    assert_ne!(picture.header("cache-control"), Some("no-store"));
}
