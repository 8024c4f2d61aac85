//! Moderation of listings, on both databases: an operator withholds a listing with a reason (it
//! is gone from the shop and its seller reads why, and can't offer it again) and releases it, and
//! corrects the comparison group a listing is compared in.

use crate::common::*;
use http::StatusCode;
use okryu::{
    domain::{
        form::FieldProblem,
        moderation::{ModeratedListing, RegroupField},
    },
    error::{AppError, Refusal},
};

on_both_databases!(
    a_withheld_listing_is_gone_until_released_and_its_seller_reads_why,
    an_operator_corrects_a_listings_comparison_group
);

async fn moderated(app: &TestApp, operator: &str, item: &str) -> ModeratedListing {
    let res = app
        .call_with(
            "moderation/listing",
            &format!("id={item}"),
            &[("cookie", operator)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("the listing")
}

async fn a_withheld_listing_is_gone_until_released_and_its_seller_reads_why(app: TestApp) {
    let item = product_of_kumsong(&app, 10).await.to_string();
    let page = format!("/p/{item}");
    let operator = app.sign_in(OPERATOR).await;
    let seller = app.sign_in(SELLER).await;
    assert_eq!(app.get(&page).await.status, StatusCode::OK);
    let withhold = |who: &str, reason: &str| {
        let body = form(&[("product", item.as_str()), ("reason", reason)]);
        let who = who.to_string();
        let app = &app;
        async move {
            app.call_with("moderation/withhold", &body, &[("cookie", &who)])
                .await
        }
    };
    // A reason is needed; the seller can't.
    assert_eq!(
        withhold(&operator, " ").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(withhold(&seller, "왜").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&page).await.status,
        StatusCode::OK,
        "nothing changed"
    );

    let res = withhold(&operator, "<i>거짓 설명</i>").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        app.get(&page).await.status,
        StatusCode::NOT_FOUND,
        "its page is gone"
    );
    let shopper = app.sign_in(SHOPPER).await;
    let res = app
        .call_with(
            "cart/add",
            &format!("item={item}&qty=1"),
            &[("cookie", &shopper)],
        )
        .await;
    assert!(!res.status.is_success(), "not for sale: {}", res.body);
    // Its seller reads why (escaped), and can't offer it again.
    let console = app.get_with("/seller", &[("cookie", &seller)]).await;
    assert!(console.body.contains("data-testid=\"withheld\""));
    assert!(
        console.body.contains("&lt;i&gt;거짓 설명&lt;/i&gt;"),
        "escaped"
    );
    assert!(!console.body.contains("<i>거짓"));
    let res = app
        .call_with(
            "seller/offered",
            &format!("id={item}&offered=true"),
            &[("cookie", &seller)],
        )
        .await;
    assert_eq!(
        error_of(&res.body),
        AppError::Refused(Refusal::ListingWithheld)
    );
    assert_eq!(app.get(&page).await.status, StatusCode::NOT_FOUND);
    let listing = moderated(&app, &operator, &item).await;
    assert_eq!(listing.withheld.as_deref(), Some("<i>거짓 설명</i>"));

    // Released: on sale again; released twice, refused.
    let release = form(&[("product", item.as_str())]);
    let res = app
        .call_with("moderation/release", &release, &[("cookie", &operator)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(app.get(&page).await.status, StatusCode::OK);
    assert_eq!(moderated(&app, &operator, &item).await.withheld, None);
    let res = app
        .call_with("moderation/release", &release, &[("cookie", &operator)])
        .await;
    assert_eq!(error_of(&res.body), AppError::Refused(Refusal::NotWithheld));
    let res = app
        .call_with(
            "cart/add",
            &format!("item={item}&qty=1"),
            &[("cookie", &shopper)],
        )
        .await;
    assert!(res.status.is_success(), "for sale again: {}", res.body);
}

async fn an_operator_corrects_a_listings_comparison_group(app: TestApp) {
    let item = product_of_kumsong(&app, 10).await.to_string();
    let operator = app.sign_in(OPERATOR).await;
    let listing = moderated(&app, &operator, &item).await;
    let other = listing
        .groups
        .iter()
        .map(|(g, _)| *g)
        .find(|g| Some(*g) != listing.group)
        .expect("another group");
    let regroup = |group: String| {
        let body = form(&[("product", item.as_str()), ("group", group.as_str())]);
        let app = &app;
        let operator = operator.clone();
        async move {
            app.call_with("moderation/regroup", &body, &[("cookie", &operator)])
                .await
        }
    };
    let res = regroup("987654321".into()).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let AppError::Invalid(errs) = error_of(&res.body) else {
        panic!("{}", res.body)
    };
    assert_eq!(errs.get(RegroupField::Group), Some(FieldProblem::Invalid));
    assert_eq!(
        moderated(&app, &operator, &item).await.group,
        listing.group,
        "unchanged"
    );

    let res = regroup(other.to_string()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(moderated(&app, &operator, &item).await.group, Some(other));
    // Its group's page offers it now.
    let (slug,): (String,) = sqlx::query_as("SELECT slug FROM goods WHERE id = $1")
        .bind(other.get())
        .fetch_one(&mut *app.db.begin().await.expect("begin"))
        .await
        .expect("the group");
    let page = app.get(&format!("/g/{slug}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&format!("/p/{item}")),
        "offered in its new group"
    );
    let res = regroup(String::new()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(moderated(&app, &operator, &item).await.group, None);
    let seller = app.sign_in(SELLER).await;
    let res = app
        .call_with(
            "moderation/regroup",
            &form(&[("product", item.as_str()), ("group", "")]),
            &[("cookie", &seller)],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}
