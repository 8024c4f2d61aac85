//! A seller's manager and staff, on both databases: the manager adds a shopper to the staff by
//! their number and removes them again; every other account is refused beside the number; only
//! the manager changes prices (on the console and in a listing) and the staff.

use crate::common::{
    error_of, form, shopper_with, visible, TestApp, BUSINESS, SELLER, SHOPPER, STAFF,
};
use http::StatusCode;
use okryu::{
    domain::{
        account::{PhoneNumber, Role, StaffField},
        form::FieldProblem,
        ProductId, UserId, Won,
    },
    error::AppError,
};

on_both_databases!(
    the_manager_adds_a_shopper_to_the_staff_and_removes_them,
    only_the_manager_changes_prices,
);

async fn role_of(app: &TestApp, user: UserId) -> Role {
    app.db
        .accounts()
        .viewer(user)
        .await
        .unwrap()
        .expect("the account")
        .role
}

fn phone_problem(body: &str) -> Option<FieldProblem> {
    match error_of(body) {
        AppError::Invalid(errs) => errs.get(StaffField::Phone),
        other => panic!("expected field errors, got {other:?}"),
    }
}

async fn the_manager_adds_a_shopper_to_the_staff_and_removes_them(app: TestApp) {
    let manager = app.sign_in(SELLER).await;
    let (newcomer, newcomer_cookie) =
        shopper_with(&app, "0191-555-0808", Won::from_won(1_000)).await;
    let page = app.get_with("/seller/staff", &[("cookie", &manager)]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        visible(&page.body).contains("김순희"),
        "the staff are listed"
    );
    assert!(!visible(&page.body).contains("0191-555-0808"));

    // Not yet staff: the console is not theirs.
    let console = app
        .get_with("/seller", &[("cookie", &newcomer_cookie)])
        .await;
    assert_eq!(console.status, StatusCode::FORBIDDEN);

    // Refused beside the number, nothing changed: no account, a business buyer, already staff,
    // the manager themself, a number that isn't one.
    for (phone, problem) in [
        ("0191-555-0809", FieldProblem::AccountUnknown),
        (BUSINESS.0, FieldProblem::NotAShopper),
        (STAFF.0, FieldProblem::AlreadyStaff),
        (SELLER.0, FieldProblem::AlreadyStaff),
        ("12345", FieldProblem::PhoneFormat),
    ] {
        let res = app
            .call_with(
                "seller/staff-add",
                &form(&[("phone", phone)]),
                &[("cookie", &manager)],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{phone}");
        assert_eq!(phone_problem(&res.body), Some(problem), "{phone}");
    }
    let business = app.sign_in(BUSINESS).await;
    assert_eq!(
        app.get_with("/seller", &[("cookie", &business)])
            .await
            .status,
        StatusCode::FORBIDDEN,
        "the business buyer was not made staff"
    );

    // Staff don't add staff; nor does anyone outside the seller.
    let staff = app.sign_in(STAFF).await;
    for cookie in [&staff, &business] {
        let res = app
            .call_with(
                "seller/staff-add",
                &form(&[("phone", "0191-555-0808")]),
                &[("cookie", cookie)],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(
            app.get_with("/seller/staff", &[("cookie", cookie)])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }

    // Added (in the international spelling): their next page is the console, as staff.
    let res = app
        .call_with(
            "seller/staff-add",
            &form(&[("phone", "+850 191 555 0808")]),
            &[("cookie", &manager)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let console = app
        .get_with("/seller", &[("cookie", &newcomer_cookie)])
        .await;
    assert_eq!(console.status, StatusCode::OK);
    assert!(
        !console.body.contains("data-testid=\"staff-link\""),
        "staff don't manage the staff"
    );
    let page = visible(
        &app.get_with("/seller/staff", &[("cookie", &manager)])
            .await
            .body,
    );
    assert!(page.contains("0191-555-0808"), "{page}");
    // They are told by a text message.
    let outbox = app
        .db
        .accounts()
        .outbox(
            Some(&PhoneNumber::parse("0191-555-0808").expect("a phone")),
            1,
        )
        .await
        .expect("the outbox");
    assert!(outbox[0].body.contains("Kumsong"), "{:?}", outbox[0].body);
    assert_eq!(role_of(&app, newcomer).await, Role::Seller);

    // Added twice: already staff.
    let again = app
        .call_with(
            "seller/staff-add",
            &form(&[("phone", "0191-555-0808")]),
            &[("cookie", &manager)],
        )
        .await;
    assert_eq!(phone_problem(&again.body), Some(FieldProblem::AlreadyStaff));

    // Removed: a shopper again at once, the console refused.
    let removed = app
        .call_with(
            "seller/staff-remove",
            &form(&[("id", &newcomer.to_string())]),
            &[("cookie", &manager)],
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    assert_eq!(
        app.get_with("/seller", &[("cookie", &newcomer_cookie)])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(role_of(&app, newcomer).await, Role::Shopper);
    // Both acts are in the audit log, the manager's.
    let manager_id = app.user_id(SELLER).await;
    let mut tx = app.db.begin().await.expect("begin");
    let acts: Vec<(String, i64)> = sqlx::query_as(
        "SELECT act, actor_id FROM audit_log WHERE subject_id = $1 AND role = 'seller' ORDER BY id",
    )
    .bind(newcomer.get())
    .fetch_all(&mut *tx)
    .await
    .expect("the log");
    drop(tx);
    assert_eq!(
        acts,
        [
            ("granted".to_string(), manager_id.get()),
            ("revoked".to_string(), manager_id.get())
        ]
    );

    // A shopper with an order on its way to them is not taken (they could not follow it).
    let shopper_cookie = app.sign_in(SHOPPER).await;
    let item = crate::common::product_of_kumsong(&app, 1).await;
    crate::common::bought(&app, &shopper_cookie, item).await;
    let res = app
        .call_with(
            "seller/staff-add",
            &form(&[("phone", SHOPPER.0)]),
            &[("cookie", &manager)],
        )
        .await;
    assert_eq!(phone_problem(&res.body), Some(FieldProblem::OrdersOnTheWay));
    assert_eq!(
        role_of(&app, app.user_id(SHOPPER).await).await,
        Role::Shopper
    );

    // A manager is not removed, nor is someone who doesn't work here.
    let me = app.user_id(SELLER).await;
    let shopper = app.user_id(SHOPPER).await;
    for id in [me, shopper, newcomer] {
        let res = app
            .call_with(
                "seller/staff-remove",
                &form(&[("id", &id.to_string())]),
                &[("cookie", &manager)],
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{id}");
    }
    assert_eq!(
        app.get_with("/seller", &[("cookie", &manager)])
            .await
            .status,
        StatusCode::OK
    );
}

async fn price_of(app: &TestApp, id: ProductId) -> (Won, usize) {
    let p = app
        .db
        .catalog()
        .product(id, app.services().now())
        .await
        .unwrap()
        .expect("exists");
    (p.price, p.history.points.len())
}

async fn only_the_manager_changes_prices(app: TestApp) {
    let (manager, staff) = (app.sign_in(SELLER).await, app.sign_in(STAFF).await);
    let own = crate::common::product_of_kumsong(&app, 5).await;
    let before = price_of(&app, own).await;

    // The console: staff see the price, not its form, and the call is refused.
    let console = app.get_with("/seller", &[("cookie", &staff)]).await;
    assert_eq!(console.status, StatusCode::OK);
    assert!(!console.body.contains("data-testid=\"price-input\""));
    assert!(console.body.contains("data-testid=\"stock-input\""));
    let res = app
        .call_with(
            "seller/price",
            &form(&[("id", &own.to_string()), ("price", "1")]),
            &[("cookie", &staff)],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(price_of(&app, own).await, before);

    // The listing: staff change the rest, not the price (refused beside it, nothing written).
    let seller = crate::common::seller_of_staff(&app).await;
    let (listing, _) = app
        .db
        .console()
        .listing(seller, own)
        .await
        .unwrap()
        .expect("theirs");
    let mut input = listing.input();
    input.stock = "3".into();
    let edit = |input: &okryu::domain::listing::ListingInput, cookie: &str| {
        let value = serde_json::to_value(input).expect("the form's fields");
        let mut pairs: Vec<(&str, &str)> = value
            .as_object()
            .expect("fields")
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str().expect("typed text")))
            .collect();
        let id = own.to_string();
        pairs.push(("id", &id));
        let fields = form(&pairs);
        let (app, cookie) = (&app, cookie.to_string());
        async move {
            app.call_with("seller/edit", &fields, &[("cookie", &cookie)])
                .await
        }
    };
    let editing = app
        .get_with(&format!("/seller/p/{own}"), &[("cookie", &staff)])
        .await;
    assert!(
        editing.body.contains("readonly"),
        "the price is shown read-only"
    );
    let res = edit(&input, &staff).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(crate::common::stock_of(&app, own).await, 3);

    let mut cheaper = input.clone();
    cheaper.price = "1".into();
    cheaper.stock = "4".into();
    let res = edit(&cheaper, &staff).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    match error_of(&res.body) {
        AppError::Invalid(errs) => assert_eq!(
            errs.get(okryu::domain::listing::ListingField::Price),
            Some(FieldProblem::PriceManagersOnly)
        ),
        other => panic!("expected field errors, got {other:?}"),
    }
    assert_eq!(price_of(&app, own).await, before);
    assert_eq!(
        crate::common::stock_of(&app, own).await,
        3,
        "nothing written"
    );

    // The manager changes it, in the history.
    let res = edit(&cheaper, &manager).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let after = price_of(&app, own).await;
    assert_eq!(after.0, Won::from_won(1));
    assert_eq!(after.1, before.1 + 1);
}
