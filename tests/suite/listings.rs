//! Seller staff list new products and edit their listings, on both databases: every field checked
//! (both languages required), a new product in search and on its page at once, a changed price in
//! the history in the same transaction, the search index following a new name, and nobody else's
//! products.

use crate::common::{enc, error_of, form, visible, TestApp, SELLER, SHOPPER};
use http::StatusCode;
use okryu::{
    domain::{
        form::{FieldProblem, InvalidFields},
        listing::ListingField,
        CategoryId, GoodId, ProductId,
    },
    error::AppError,
};

on_both_databases!(
    staff_list_a_product_that_search_its_page_and_its_group_show_at_once,
    a_listing_is_refused_field_by_field_and_nothing_is_written,
    an_edited_listing_changes_at_once_and_a_new_price_enters_the_history,
);

fn field_errors(body: &str) -> InvalidFields {
    match error_of(body) {
        AppError::Invalid(errs) => errs,
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// A subcategory (where products are listed) and the comparison group of Kumsong's cream buns.
async fn bakery_and_cream_buns(app: &TestApp) -> (CategoryId, GoodId) {
    let console = app.db.console();
    let bakery = console
        .categories()
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.name.en == "Bakery and confectionery")
        .expect("the bakery subcategory")
        .id;
    let buns = console
        .goods()
        .await
        .unwrap()
        .into_iter()
        .find(|(_, name)| name.ko == "크림빵 (10개들이)")
        .expect("the cream buns group")
        .0;
    (bakery, buns)
}

/// A complete listing form, with `changes` made to it.
fn listing(category: CategoryId, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let category = category.to_string();
    let mut fields: Vec<(String, String)> = [
        ("name_ko", "크림빵 10개들이 해바라기맛"),
        ("name_en", "Cream buns, sunflower, pack of 10"),
        (
            "description_ko",
            "해바라기씨를 넣은 크림빵입니다.\n아침에 구웠습니다.",
        ),
        (
            "description_en",
            "Cream buns with sunflower seeds, baked this morning.",
        ),
        ("category", category.as_str()),
        ("unit_kind", "piece"),
        ("unit_amount", "10"),
        ("weight_g", "650"),
        ("volume_ml", "2100"),
        ("price", "1,080.50"),
        ("stock", "35"),
        ("group", "suggest"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in changes {
        match fields.iter_mut().find(|(f, _)| f == k) {
            Some(field) => field.1 = v.to_string(),
            None => fields.push((k.to_string(), v.to_string())),
        }
    }
    fields
}

fn body(fields: &[(String, String)]) -> String {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    form(&pairs)
}

async fn product_count(app: &TestApp) -> (i64, i64, i64) {
    let mut tx = app.db.begin().await.expect("begin");
    sqlx::query_as(
        "SELECT (SELECT CAST(COUNT(*) AS BIGINT) FROM products), \
             (SELECT CAST(COUNT(*) AS BIGINT) FROM price_changes), \
             (SELECT CAST(COUNT(*) AS BIGINT) FROM search_grams)",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap()
}

async fn staff_list_a_product_that_search_its_page_and_its_group_show_at_once(app: TestApp) {
    let seller = app.sign_in(SELLER).await;
    let (bakery, buns) = bakery_and_cream_buns(&app).await;
    let sent = app.services().now();
    let res = app
        .call_with(
            "seller/create",
            &body(&listing(
                bakery,
                &[("name_en", "Sunflower buns <script>alert(1)</script>")],
            )),
            &[("cookie", &seller)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let id: ProductId = serde_json::from_str(&res.body).expect("the new product's id");

    // In search at once, by a word of either name.
    let link = format!("href=\"/p/{id}\"");
    for q in ["해바라기맛", "sunflower"] {
        let found = app.get(&format!("/search?q={}", enc(q))).await;
        assert!(found.body.contains(&link), "search for {q}");
    }
    // Its page shows what was typed, hostile text as text (the title too).
    let page = app
        .get_with(&format!("/p/{id}"), &[("cookie", "lang=en")])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("<script>alert(1)"), "escaped");
    assert!(
        page.body.contains("Sunflower buns &lt;script"),
        "shown as text"
    );
    let title = page
        .body
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next());
    assert!(
        title
            .is_some_and(|t| t.starts_with("Sunflower buns &lt;script&gt;alert(1)&lt;/script&gt;")),
        "{title:?}"
    );
    assert!(visible(&page.body).contains("Cream buns with sunflower seeds, baked this morning."));
    let detail = app
        .db
        .catalog()
        .product(id, app.services().now())
        .await
        .unwrap()
        .expect("listed");
    assert_eq!(detail.price, okryu::domain::Won::from_chon(108_050));
    assert_eq!(detail.stock, 35);
    assert_eq!(
        detail.history.points.len(),
        1,
        "its first price starts the history"
    );
    assert!((sent..=app.services().now()).contains(&detail.history.points[0].at));
    // The group suggested from its name: compared with the other sellers' cream buns.
    let offer = app.db.compare().offer(id).await.unwrap().expect("an offer");
    let group = offer.good.expect("a suggested group");
    assert_eq!(group.name.ko, "크림빵 (10개들이)");
    let group_page = app.get(&format!("/g/{}", group.slug)).await;
    assert!(group_page.body.contains(&link), "in its group's comparison");
    let _ = buns;

    // Its form on the console, filled in.
    let form = app
        .get_with(&format!("/seller/p/{id}"), &[("cookie", &seller)])
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("해바라기씨를 넣은 크림빵입니다."));
    assert!(form.body.contains(&format!("value=\"{buns}\" selected")));
}

async fn a_listing_is_refused_field_by_field_and_nothing_is_written(app: TestApp) {
    let seller = app.sign_in(SELLER).await;
    let (bakery, _) = bakery_and_cream_buns(&app).await;
    let before = product_count(&app).await;
    let create = |fields: Vec<(String, String)>| {
        let (app, seller) = (&app, seller.clone());
        async move {
            app.call_with("seller/create", &body(&fields), &[("cookie", &seller)])
                .await
        }
    };

    // Everything blank: every field says what is wrong with it.
    let blank: Vec<(String, String)> = listing(bakery, &[])
        .into_iter()
        .map(|(k, _)| (k, String::new()))
        .collect();
    let res = create(blank).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errs = field_errors(&res.body);
    use ListingField as F;
    for f in [
        F::NameKo,
        F::NameEn,
        F::DescriptionKo,
        F::DescriptionEn,
        F::Category,
        F::UnitKind,
        F::UnitAmount,
        F::Weight,
        F::Volume,
        F::Price,
        F::Stock,
    ] {
        assert_eq!(errs.get(f), Some(FieldProblem::Required), "{f:?}");
    }

    // One field wrong at a time: that field, and only it.
    let long = "빵".repeat(121);
    let top = app
        .db
        .catalog()
        .home_page(1)
        .await
        .unwrap()
        .categories
        .first()
        .expect("a top-level category")
        .id
        .to_string();
    let cases: Vec<(&str, &str, FieldProblem)> = vec![
        ("name_en", "   ", FieldProblem::Required),
        ("description_ko", "", FieldProblem::Required),
        ("name_ko", &long, FieldProblem::TooLong),
        ("name_ko", "크림빵\u{0}", FieldProblem::Invalid),
        ("category", "999999", FieldProblem::Invalid),
        ("category", &top, FieldProblem::Invalid),
        ("unit_kind", "bushel", FieldProblem::Invalid),
        ("unit_amount", "0", FieldProblem::OutOfRange),
        ("weight_g", "500001", FieldProblem::OutOfRange),
        ("volume_ml", "1.5", FieldProblem::OutOfRange),
        ("price", "0", FieldProblem::PriceInvalid),
        ("stock", "-1", FieldProblem::StockInvalid),
        ("group", "999999", FieldProblem::Invalid),
    ];
    for (field, value, problem) in cases {
        let res = create(listing(bakery, &[(field, value)])).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}={value}: {}",
            res.body
        );
        let errs = field_errors(&res.body);
        assert_eq!(errs.named(field), Some(problem), "{field}={value}");
    }
    assert_eq!(product_count(&app).await, before, "nothing written");

    // Only seller staff list products.
    let shopper = app.sign_in(SHOPPER).await;
    let res = app
        .call_with(
            "seller/create",
            &body(&listing(bakery, &[])),
            &[("cookie", &shopper)],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(product_count(&app).await, before);
}

async fn an_edited_listing_changes_at_once_and_a_new_price_enters_the_history(app: TestApp) {
    let seller = app.sign_in(SELLER).await;
    let own = crate::common::product_of_kumsong(&app, 20).await;
    let seller_id = crate::common::seller_of_staff(&app).await;
    let (listing_now, _) = app
        .db
        .console()
        .listing(seller_id, own)
        .await
        .unwrap()
        .expect("theirs");
    let before = app
        .db
        .catalog()
        .product(own, app.services().now())
        .await
        .unwrap()
        .expect("exists");
    let old_name = listing_now.name.ko.clone();
    let mut fields = listing(listing_now.category, &[]);
    fields.push(("id".into(), own.to_string()));
    for (k, v) in [
        ("name_ko", "옥류 특제 과자"),
        ("name_en", "Okryu special biscuits"),
        ("unit_kind", "g"),
        ("unit_amount", "500"),
        ("price", "2,000"),
        ("stock", "7"),
        ("group", "none"),
    ] {
        if let Some(f) = fields.iter_mut().find(|(f, _)| f == k) {
            f.1 = v.into();
        }
    }
    let edit = |fields: &Vec<(String, String)>, cookie: &str| {
        let (app, body, cookie) = (&app, body(fields), cookie.to_string());
        async move {
            app.call_with("seller/edit", &body, &[("cookie", &cookie)])
                .await
        }
    };
    let res = edit(&fields, &seller).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);

    let after = app
        .db
        .catalog()
        .product(own, app.services().now())
        .await
        .unwrap()
        .expect("exists");
    assert_eq!(after.name.ko, "옥류 특제 과자");
    assert_eq!(after.price, okryu::domain::Won::from_won_const(2_000));
    assert_eq!(after.stock, 7);
    assert_eq!(after.unit.amount, 500);
    assert_eq!(
        after.history.points.len(),
        before.history.points.len() + 1,
        "the new price in the history"
    );
    assert_eq!(
        after.history.points.last().map(|p| p.price),
        Some(after.price)
    );
    // Search follows the new name and forgets the old one.
    let link = format!("href=\"/p/{own}\"");
    assert!(app
        .get(&format!("/search?q={}", enc("특제")))
        .await
        .body
        .contains(&link));
    let old = app.get(&format!("/search?q={}", enc(&old_name))).await.body;
    assert!(!old.contains(&link), "not found by its old name");
    // Out of its comparison group.
    assert!(app
        .db
        .compare()
        .offer(own)
        .await
        .unwrap()
        .expect("offer")
        .good
        .is_none());

    // The same form again writes no second price.
    let res = edit(&fields, &seller).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let again = app
        .db
        .catalog()
        .product(own, app.services().now())
        .await
        .unwrap()
        .expect("exists");
    assert_eq!(again.history.points.len(), after.history.points.len());

    // A refused edit changes nothing; nobody else edits it.
    let mut bad = fields.clone();
    if let Some(f) = bad.iter_mut().find(|(f, _)| f == "name_en") {
        f.1 = String::new();
    }
    let res = edit(&bad, &seller).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let theirs = crate::common::not_kumsongs(&app).await.id;
    let mut other = fields.clone();
    if let Some(f) = other.iter_mut().find(|(f, _)| f == "id") {
        f.1 = theirs.to_string();
    }
    let res = edit(&other, &seller).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let form = app
        .get_with(&format!("/seller/p/{theirs}"), &[("cookie", &seller)])
        .await;
    assert_eq!(form.status, StatusCode::NOT_FOUND);
    let shopper = app.sign_in(SHOPPER).await;
    assert_eq!(edit(&fields, &shopper).await.status, StatusCode::FORBIDDEN);
    let last = app
        .db
        .catalog()
        .product(own, app.services().now())
        .await
        .unwrap()
        .expect("exists");
    assert_eq!(last.name.en, "Okryu special biscuits");
}
