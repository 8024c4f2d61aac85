//! Forms as a browser without JavaScript sends them: a success leads on (303), a refusal renders its
//! page again with the problem beside its field and what was typed kept, on both databases.

use crate::common::{form, TestApp, SHOPPER};
use axum::body::Body;
use http::{header, Request, StatusCode};

on_both_databases!(
    a_refused_sign_in_comes_back_to_the_login_page_with_the_number_kept,
    signing_in_goes_on_to_the_page_it_was_asked_from,
    a_refused_sign_up_keeps_every_field_but_the_password,
    buying_now_as_a_guest_asks_to_sign_in_and_comes_back_to_the_same_checkout,
    paying_without_javascript_leads_to_the_placed_orders,
    adding_to_the_cart_comes_back_to_the_product_and_says_so_once,
    a_form_goes_back_only_to_this_site,
    a_form_too_large_is_refused_before_it_is_read,
    the_headers_sign_in_link_comes_back_and_its_cart_link_counts,
    a_standing_order_is_set_up_and_changed_without_javascript,
);

/// The value of the first `attr="…"` in `html`.
fn attr(html: &str, attr: &str) -> Option<String> {
    let at = html.find(&format!("{attr}=\""))? + attr.len() + 2;
    Some(html[at..].split('"').next()?.to_string())
}

/// From the product page to a standing order, with the PIN, then a delivery skipped, one that
/// could not be ordered shown once on the next visit, and the standing order cancelled: every
/// step a plain form.
async fn a_standing_order_is_set_up_and_changed_without_javascript(app: TestApp) {
    use crate::common::visible;
    let cookie = app.sign_in(SHOPPER).await;
    let mut tx = app.db.begin().await.expect("begin");
    let milk: i64 = sqlx::query_scalar(
        "SELECT MIN(p.id) FROM products p WHERE p.on_schedule = 1 AND p.name_en = 'Milk'",
    )
    .fetch_one(&mut *tx)
    .await
    .expect("the demo's milk is sold on a schedule");
    let bread: i64 = sqlx::query_scalar("SELECT MIN(id) FROM products WHERE on_schedule = 0")
        .fetch_one(&mut *tx)
        .await
        .expect("goods that are not");
    drop(tx);
    let product = app.get(&format!("/p/{milk}")).await;
    assert!(product
        .body
        .contains(&format!("/subscriptions/new?item={milk}")));
    let other = app.get(&format!("/p/{bread}")).await;
    assert!(
        !other.body.contains("/subscriptions/new"),
        "only goods sold on a schedule"
    );
    let page = format!("/subscriptions/new?item={milk}");
    let new = app.get_with(&page, &[("cookie", &cookie)]).await;
    assert_eq!(new.status, StatusCode::OK);
    assert!(
        visible(&new.body).contains("PIN없이 결제"),
        "the authorisation is stated"
    );
    let refused = app
        .get_with(
            &format!("/subscriptions/new?item={bread}"),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);

    let choices = crate::common::checkout_page(&app, &cookie, "item=1&qty=1").await;
    let (address, instrument) = (
        choices.address.expect("an address").to_string(),
        choices.instrument.expect("a card").to_string(),
    );
    let milk_id = milk.to_string();
    let mut fields = vec![
        ("item", milk_id.as_str()),
        ("qty", "2"),
        ("every", "weekdays"),
        ("window", "1"),
        ("address", &address),
        ("instrument", &instrument),
        ("cap", "500"),
        ("pin", "0000"),
    ];
    // No weekday ticked: refused beside the schedule.
    let res = post_form(
        &app,
        "subscriptions/subscribe",
        &fields,
        &page,
        Some(&cookie),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    fields.extend([("d0", "1"), ("d2", "1"), ("d4", "1")]);
    // A wrong PIN: refused, nothing set up.
    let res = post_form(
        &app,
        "subscriptions/subscribe",
        &fields,
        &page,
        Some(&cookie),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("PIN이 맞지 않습니다"));
    let list = app.get_with("/subscriptions", &[("cookie", &cookie)]).await;
    assert!(list.body.contains(r#"data-testid="no-subscriptions""#));
    for f in fields.iter_mut() {
        if f.0 == "pin" {
            f.1 = crate::common::PIN;
        }
    }
    let res = post_form(
        &app,
        "subscriptions/subscribe",
        &fields,
        &page,
        Some(&cookie),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(location(&res), "/subscriptions");
    let flash = res.cookie("okryu_flash").expect("a flash");
    let list = app
        .get_with(
            "/subscriptions",
            &[("cookie", &format!("{cookie}; {flash}"))],
        )
        .await;
    assert!(list.body.contains(r#"data-testid="subscribed""#));
    let text = visible(&list.body);
    assert!(text.contains("월 · 수 · 금"), "{text}");
    let id = attr(&list.body, "data-standing").expect("the standing order");
    let first: i64 = attr(&list.body, "data-day")
        .expect("a next delivery")
        .parse()
        .expect("a day");

    // The next delivery skipped: the one after it is next.
    let res = post_form(
        &app,
        "subscriptions/skip",
        &[("id", &id), ("day", &first.to_string())],
        "/subscriptions",
        Some(&cookie),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let list = app.get_with("/subscriptions", &[("cookie", &cookie)]).await;
    let next: i64 = attr(&list.body, "data-day")
        .expect("a next delivery")
        .parse()
        .expect("a day");
    assert!(next > first, "{next} after {first}");
    assert!(visible(&list.body).contains("건너뜀"));

    // The milk runs out the evening before: that delivery can't be ordered, and the shopper is
    // told on their next visit, once.
    let mut tx = app.db.begin().await.expect("begin");
    sqlx::query(&format!("UPDATE products SET stock = 0 WHERE id = {milk}"))
        .execute(&mut *tx)
        .await
        .expect("sold out");
    tx.commit().await.expect("commit");
    let slot = okryu::domain::slot::Slot {
        day: next,
        window: 1,
    };
    let place_at = slot.starts_at() - okryu::domain::standing::PLACE_LEAD_SECS;
    app.clock.advance((place_at - app.clock.now()).max(0));
    let ran = okryu::server::service::standing::run_due(app.services())
        .await
        .expect("the scheduler ran");
    assert_eq!(ran.failed, 1, "{ran:?}");
    let cookie = app.sign_in(SHOPPER).await;
    let home = app.get_with("/", &[("cookie", &cookie)]).await;
    assert!(home.body.contains(r#"data-testid="standing-notice""#));
    let list = app.get_with("/subscriptions", &[("cookie", &cookie)]).await;
    assert!(list.body.contains(r#"data-testid="standing-news""#));
    assert!(visible(&list.body).contains("재고 없음"));
    let home = app.get_with("/", &[("cookie", &cookie)]).await;
    assert!(
        !home.body.contains(r#"data-testid="standing-notice""#),
        "told once"
    );

    // Cancelled: its authorisation with it.
    let res = post_form(
        &app,
        "subscriptions/cancel",
        &[("id", &id)],
        "/subscriptions",
        Some(&cookie),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let list = app.get_with("/subscriptions", &[("cookie", &cookie)]).await;
    assert!(list.body.contains(r#"data-testid="no-subscriptions""#));
}

/// The header's "sign in" leads back to the page it was pressed on (plain from home and from the
/// sign-in page itself); its cart link says how many goods the cart holds.
async fn the_headers_sign_in_link_comes_back_and_its_cart_link_counts(app: TestApp) {
    let home = app.get("/").await;
    assert!(home
        .body
        .contains(r#"href="/login" data-testid="sign-in-link""#));
    let search = app.get("/search?q=%ED%81%AC%EB%A6%BC%EB%B9%B5").await;
    assert!(search.body.contains(
        r#"href="/login?next=/search%3Fq%3D%25ED%2581%25AC%25EB%25A6%25BC%25EB%25B9%25B5""#
    ));
    let login = app.get("/login?next=/cart").await;
    assert!(login
        .body
        .contains(r#"href="/login" data-testid="sign-in-link""#));
    assert!(!home.body.contains(r#"data-testid="cart-count""#));

    let cookie = app.sign_in(SHOPPER).await;
    for (item, qty) in [(1, "2"), (2, "1"), (1, "1")] {
        let res = app
            .call_with(
                "cart/add",
                &form(&[("item", &item.to_string()), ("qty", qty)]),
                &[("cookie", &cookie)],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let page = app.get_with("/", &[("cookie", &cookie)]).await;
    assert!(
        page.body.contains(r#"aria-label="바구니, 상품 2가지""#),
        "two different goods"
    );
    assert!(
        page.body
            .contains(r#"data-testid="cart-count" aria-hidden="true" class="count">2<"#),
        "{}",
        page.body
    );
}

/// A form for the server function at `endpoint` as a browser posts it: to the page it is on.
async fn post_form(
    app: &TestApp,
    endpoint: &str,
    fields: &[(&str, &str)],
    page: &str,
    cookie: Option<&str>,
) -> crate::common::Response {
    let function = format!("/api/{endpoint}");
    let mut pairs = fields.to_vec();
    pairs.push(("_fn", &function));
    let mut req = Request::post(page)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(
            header::ACCEPT,
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        )
        .header(header::HOST, "okryu.test")
        .header(header::ORIGIN, "http://okryu.test");
    if let Some(cookie) = cookie {
        req = req.header(header::COOKIE, cookie);
    }
    app.request(req.body(Body::from(form(&pairs))).expect("request"))
        .await
}

fn location(res: &crate::common::Response) -> &str {
    res.headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The `value` attribute of the input with `data-testid="input-{name}"`, if it has one.
fn value_of(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("data-testid=\"input-{name}\""))?;
    let start = html[..at].rfind("<input")?;
    let tag = &html[start..at];
    let v = tag.split(" value=\"").nth(1)?;
    Some(v.split('"').next()?.to_string())
}

async fn a_refused_sign_in_comes_back_to_the_login_page_with_the_number_kept(app: TestApp) {
    let res = post_form(
        &app,
        "account/sign-in",
        &[
            ("phone", "0191-100-0001"),
            ("password", "not the password"),
            ("next", "/"),
        ],
        "/login",
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(
        res.body.contains(r#"data-testid="sign-in""#),
        "the login page"
    );
    assert!(res.body.contains("전화번호나 비밀번호가 맞지 않습니다"));
    assert_eq!(
        value_of(&res.body, "phone").as_deref(),
        Some("0191-100-0001")
    );
    assert_eq!(value_of(&res.body, "password"), None, "never written back");
    assert!(!res.body.contains("not the password"));
    assert!(res.cookie("okryu_session").is_none());
}

async fn signing_in_goes_on_to_the_page_it_was_asked_from(app: TestApp) {
    let next = "/checkout?item=1&qty=3";
    let res = post_form(
        &app,
        "account/sign-in",
        &[
            ("phone", SHOPPER.0),
            ("password", SHOPPER.1),
            ("next", next),
        ],
        "/login?next=%2Fcheckout%3Fitem%3D1%26qty%3D3",
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&res), next);
    let session = res.cookie("okryu_session").expect("signed in");
    let page = app.get_with(next, &[("cookie", &session)]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"data-testid="line-quantity">3<"#));
}

async fn a_refused_sign_up_keeps_every_field_but_the_password(app: TestApp) {
    let res = post_form(
        &app,
        "account/sign-up",
        &[
            ("name", "조은별"),
            ("phone", "+82 10 1234 5678"),
            ("code", "123456"),
            ("resident_id", "900101-1234568"),
            ("password", "taedong river 2026"),
            ("district", "pyongyang-moranbong"),
            ("line", "모란봉거리 7"),
        ],
        "/signup?phone=0191-555-0190",
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("외국 전화번호로는 가입할 수 없습니다"));
    assert_eq!(value_of(&res.body, "code").as_deref(), Some("123456"));
    assert_eq!(value_of(&res.body, "name").as_deref(), Some("조은별"));
    assert_eq!(
        value_of(&res.body, "phone").as_deref(),
        Some("+82 10 1234 5678")
    );
    assert_eq!(value_of(&res.body, "line").as_deref(), Some("모란봉거리 7"));
    assert!(res
        .body
        .contains(r#"<option value="pyongyang-moranbong" selected"#));
    assert_eq!(value_of(&res.body, "password"), None);
    assert!(!res.body.contains("taedong river 2026"));
}

async fn buying_now_as_a_guest_asks_to_sign_in_and_comes_back_to_the_same_checkout(app: TestApp) {
    let res = app.get("/checkout?item=1&qty=3").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(
        res.body
            .contains(r#"name="next" value="/checkout?item=1&amp;qty=3""#),
        "the page is the sign-in form, and it comes back to the whole address"
    );
    assert!(res.body.contains(r#"autocomplete="current-password""#));
    assert!(
        res.body
            .contains(r#"href="/login?next=/checkout%3Fitem%3D1%26qty%3D3""#),
        "the header's sign-in link keeps the whole address"
    );
    let login = app.get("/login?next=/checkout%3Fitem%3D1%26qty%3D3").await;
    assert!(
        login
            .body
            .contains(r#"name="next" value="/checkout?item=1&amp;qty=3""#),
        "the form carries where to go"
    );
}

async fn paying_without_javascript_leads_to_the_placed_orders(app: TestApp) {
    let cookie = app.sign_in(SHOPPER).await;
    let page = crate::common::checkout_page(&app, &cookie, "item=1&qty=1").await;
    let pay = crate::common::pay_form(
        &page,
        Some((okryu::domain::ProductId::new(1), 1)),
        "1234",
        &page.key,
    );
    let fields: Vec<(String, String)> = pay
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| {
            (
                k.to_string(),
                form_urlencoded::parse(format!("v={v}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut wrong = fields.clone();
    for f in wrong.iter_mut() {
        if f.0 == "pin" {
            f.1 = "0000";
        }
    }
    let refused = post_form(
        &app,
        "checkout/place",
        &wrong,
        "/checkout?item=1&qty=1",
        Some(&cookie),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(r#"data-testid="checkout""#),
        "the checkout again"
    );
    assert!(refused.body.contains("PIN이 맞지 않습니다"));

    let res = post_form(
        &app,
        "checkout/place",
        &fields,
        "/checkout?item=1&qty=1",
        Some(&cookie),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(
        location(&res).starts_with("/orders/placed/"),
        "{}",
        location(&res)
    );
    let placed = app.get_with(location(&res), &[("cookie", &cookie)]).await;
    assert!(placed.body.contains(r#"data-testid="order-placed""#));
    assert_eq!(crate::common::orders(&app, &cookie).await.len(), 1);
}

async fn adding_to_the_cart_comes_back_to_the_product_and_says_so_once(app: TestApp) {
    let res = post_form(
        &app,
        "cart/add",
        &[("item", "1"), ("qty", "2")],
        "/p/1",
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/p/1");
    let cart = res.cookie("okryu_cart").expect("a guest cart");
    let flash = res.cookie("okryu_flash").expect("a flash");
    let cookies = format!("{cart}; {flash}");
    let page = app.get_with("/p/1", &[("cookie", &cookies)]).await;
    assert!(page.body.contains(r#"data-testid="added""#), "says so");
    assert!(
        page.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|c| c.to_str().is_ok_and(|c| c.starts_with("okryu_flash=;"))),
        "and forgets it"
    );
    let again = app.get_with("/p/1", &[("cookie", &cart)]).await;
    assert!(!again.body.contains(r#"data-testid="added""#));

    // A bad quantity: the product page again, the problem beside the quantity, what was typed kept.
    let bad = post_form(
        &app,
        "cart/add",
        &[("item", "1"), ("qty", "-4")],
        "/p/1",
        Some(&cart),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains(r#"data-testid="product""#));
    assert!(bad.body.contains(r#"value="-4""#));
    assert!(
        !bad.body.contains(r#"data-testid="error-quantity"></p>"#),
        "a problem is shown"
    );
}

async fn a_form_goes_back_only_to_this_site(app: TestApp) {
    for evil in [
        "//evil.example/",
        "https://evil.example/",
        "/\t/evil.example",
    ] {
        let fields = [
            ("phone", SHOPPER.0),
            ("password", SHOPPER.1),
            ("next", evil),
        ];
        let res = post_form(&app, "account/sign-in", &fields, "/login", None).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{evil:?}");
        assert_eq!(location(&res), "/", "{evil:?}");
    }
    // A form names a server function, nothing else; one nobody may call is refused on its page.
    let res = post_form(&app, "no/such", &[], "/login", None).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains(r#"data-testid="sign-in""#));
    let req = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header(header::HOST, "okryu.test");
    let res = app
        .request(req.body(Body::from("_fn=%2Fadmin&x=1")).expect("request"))
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
}

async fn a_form_too_large_is_refused_before_it_is_read(app: TestApp) {
    let huge = "x".repeat(200 * 1024);
    let res = post_form(&app, "account/sign-in", &[("phone", &huge)], "/login", None).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
}
