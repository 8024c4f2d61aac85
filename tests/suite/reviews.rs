//! Reviews from verified buyers, on both databases: only a delivered line is reviewed, once (a
//! second review changes the first) and for 30 days; the figures on the product page, the cards,
//! search and the comparison follow every change; the seller answers once; shoppers mark reviews
//! helpful and report them; an operator hides one with a reason its author reads, or keeps it.

use crate::common::*;
use http::StatusCode;
use okryu::{
    api::reviews::{HideField, ReviewField},
    domain::{
        form::FieldProblem,
        review::{Rating, ReviewOrder},
        search::{ListParams, Sort},
        ProductId, ReviewId,
    },
    error::{AppError, Refusal},
    page::review::{LineReview, ProductReviews, ReportedReview},
};

on_both_databases!(
    only_a_delivered_line_is_reviewed_once_and_changed_for_thirty_days,
    the_seller_answers_once_shoppers_mark_and_report_and_an_operator_hides_or_keeps,
);

async fn call(app: &TestApp, cookie: &str, endpoint: &str, body: &str) -> Response {
    app.call_with(endpoint, body, &[("cookie", cookie)]).await
}

/// The buyer's review of one line of their order: (order, product).
async fn write(
    app: &TestApp,
    cookie: &str,
    (order, item): (i64, ProductId),
    rating: &str,
    body: &str,
) -> Response {
    let order = order.to_string();
    let item = item.to_string();
    let body = form(&[
        ("order", &order),
        ("product", &item),
        ("rating", rating),
        ("body", body),
    ]);
    call(app, cookie, "reviews/write", &body).await
}

async fn product_reviews(app: &TestApp, item: ProductId, order: ReviewOrder) -> ProductReviews {
    let res = app
        .call(
            "reviews/product",
            &format!("id={item}&order={}", order.code()),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("reviews")
}

async fn line_reviews(app: &TestApp, cookie: &str, order: i64) -> Vec<LineReview> {
    let res = call(app, cookie, "reviews/order", &format!("id={order}")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("line reviews")
}

/// The rating lists read for the item: its card in the best-rated search and its comparison.
async fn listed_rating(app: &TestApp, item: ProductId) -> (Rating, Rating) {
    let params = ListParams {
        sort: Sort::Rating,
        page: 1,
        ..ListParams::default()
    };
    let list = app.db.catalog().list(&params).await.expect("a list");
    let first = list.items.first().expect("goods");
    assert_eq!(first.id, item, "the only rated good comes first");
    let offer = app
        .db
        .compare()
        .offer(item)
        .await
        .expect("q")
        .expect("offer");
    (first.rating, offer.rating)
}

fn refusal(res: &Response) -> Refusal {
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    match error_of(&res.body) {
        AppError::Refused(r) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn only_a_delivered_line_is_reviewed_once_and_changed_for_thirty_days(app: TestApp) {
    let item = product_of_kumsong(&app, 50).await;
    let shopper = app.sign_in(SHOPPER).await;
    let business = app.sign_in(BUSINESS).await;

    // Not yet delivered: refused, and nothing is written.
    let order = bought(&app, &shopper, item).await;
    assert_eq!(
        refusal(&write(&app, &shopper, (order, item), "5", "").await),
        Refusal::NotDelivered
    );
    assert!(line_reviews(&app, &shopper, order).await.is_empty());
    let order = delivered(&app, &shopper, item).await;
    // Someone else's order is not found; a line the order doesn't have neither.
    let res = write(&app, &business, (order, item), "1", "").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let other = not_kumsongs(&app).await.id;
    let res = write(&app, &shopper, (order, other), "1", "").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);

    // Every field is checked (a form whose stars were left unchosen sends no rating at all).
    let body = form(&[
        ("order", &order.to_string()),
        ("product", &item.to_string()),
        ("body", "x"),
    ]);
    let res = call(&app, &shopper, "reviews/write", &body).await;
    assert_eq!(
        error_of(&res.body),
        AppError::invalid(ReviewField::Rating, FieldProblem::Required)
    );
    for (rating, body, field, problem) in [
        ("", "", ReviewField::Rating, FieldProblem::Required),
        ("6", "", ReviewField::Rating, FieldProblem::OutOfRange),
        ("4.5", "", ReviewField::Rating, FieldProblem::OutOfRange),
        (
            "4",
            &"가".repeat(2001),
            ReviewField::Body,
            FieldProblem::TooLong,
        ),
        (
            "4",
            "bad\u{7}bell",
            ReviewField::Body,
            FieldProblem::Invalid,
        ),
    ] {
        let res = write(&app, &shopper, (order, item), rating, body).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{rating} {body}"
        );
        assert_eq!(error_of(&res.body), AppError::invalid(field, problem));
    }
    assert_eq!(
        product_reviews(&app, item, ReviewOrder::Newest)
            .await
            .summary
            .rating
            .count,
        0
    );

    // Four stars and a hostile text: counted everywhere, shown escaped.
    let res = write(
        &app,
        &shopper,
        (order, item),
        "4",
        "<script>alert(1)</script>\n튼튼합니다",
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let reviews = product_reviews(&app, item, ReviewOrder::Newest).await;
    assert_eq!(reviews.summary.by_stars, [0, 0, 0, 1, 0]);
    assert_eq!(reviews.summary.rating.average().as_deref(), Some("4.0"));
    assert_eq!(reviews.items.len(), 1);
    assert_eq!(reviews.items[0].author, "김**");
    assert_eq!(
        listed_rating(&app, item).await,
        (Rating { count: 1, sum: 4 }, Rating { count: 1, sum: 4 })
    );
    let page = app.get(&format!("/p/{item}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped"
    );
    assert!(!page.body.contains("<script>alert(1)"), "never as markup");
    assert!(
        visible(&page.body).contains("★ 4.0 (1)"),
        "the badge by the price"
    );

    // Once per line: writing again changes it, and the figures with it.
    let res = write(&app, &shopper, (order, item), "2", "작습니다").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let reviews = product_reviews(&app, item, ReviewOrder::Newest).await;
    assert_eq!(reviews.summary.by_stars, [0, 1, 0, 0, 0]);
    assert_eq!((reviews.items.len(), reviews.items[0].edited), (1, true));
    assert_eq!(
        listed_rating(&app, item).await.0,
        Rating { count: 1, sum: 2 }
    );
    let mine = line_reviews(&app, &shopper, order).await;
    assert_eq!(mine.len(), 1);
    assert!(mine[0].open);
    assert_eq!(
        mine[0].review.as_ref().map(|r| r.body.as_str()),
        Some("작습니다")
    );

    // After 30 days it stays as it is.
    app.clock.advance(31 * 86_400);
    let shopper = app.sign_in(SHOPPER).await;
    assert_eq!(
        refusal(&write(&app, &shopper, (order, item), "5", "").await),
        Refusal::ReviewLocked
    );
    assert!(!line_reviews(&app, &shopper, order).await[0].open);
    assert_eq!(
        listed_rating(&app, item).await.0,
        Rating { count: 1, sum: 2 }
    );
}

async fn the_seller_answers_once_shoppers_mark_and_report_and_an_operator_hides_or_keeps(
    app: TestApp,
) {
    let item = product_of_kumsong(&app, 50).await;
    let business_phone = okryu::domain::account::PhoneNumber::parse(BUSINESS.0).expect("phone");
    okryu::server::service::bank::deposit(
        app.services(),
        &business_phone,
        okryu::domain::Won::from_won(100_000),
    )
    .await
    .expect("money for the business buyer");
    let shopper = app.sign_in(SHOPPER).await;
    let business = app.sign_in(BUSINESS).await;
    let seller = app.sign_in(SELLER).await;
    let operator = app.sign_in(OPERATOR).await;
    let first = delivered(&app, &shopper, item).await;
    let second = delivered(&app, &business, item).await;
    let res = write(&app, &shopper, (first, item), "4", "튼튼합니다").await;
    let good: ReviewId = serde_json::from_str(&res.body).expect("an id");
    let res = write(&app, &business, (second, item), "2", "욕설").await;
    let bad: ReviewId = serde_json::from_str(&res.body).expect("an id");

    // The seller answers once, publicly.
    let answer = |id: ReviewId, text: &str| form(&[("id", &id.to_string()), ("answer", text)]);
    let res = call(&app, &seller, "seller/answer", &answer(good, " ")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let res = call(&app, &seller, "seller/answer", &answer(good, "고맙습니다")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = call(
        &app,
        &seller,
        "seller/answer",
        &answer(good, "또 고맙습니다"),
    )
    .await;
    assert_eq!(refusal(&res), Refusal::AlreadyAnswered);
    let shown = product_reviews(&app, item, ReviewOrder::Newest).await;
    assert_eq!(
        shown.items.iter().map(|r| r.id).collect::<Vec<_>>(),
        [bad, good]
    );
    assert_eq!(
        shown.items[1].answer.as_ref().map(|a| a.0.as_str()),
        Some("고맙습니다")
    );

    // Helpful: once per shopper, never one's own; the most helpful come first when asked.
    for _ in 0..2 {
        let res = call(&app, &business, "reviews/helpful", &format!("id={good}")).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let res = call(&app, &shopper, "reviews/helpful", &format!("id={good}")).await;
    assert_eq!(refusal(&res), Refusal::OwnReview);
    let helpful = product_reviews(&app, item, ReviewOrder::Helpful).await;
    assert_eq!(
        helpful
            .items
            .iter()
            .map(|r| (r.id, r.helpful))
            .collect::<Vec<_>>(),
        [(good, 1), (bad, 0)]
    );

    // Reported reviews wait for an operator; a guest can't report.
    assert_eq!(
        app.call("reviews/report", &format!("id={bad}"))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let res = call(&app, &shopper, "reviews/report", &format!("id={bad}")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let waiting = queue(&app, &operator).await;
    assert_eq!(
        waiting
            .iter()
            .map(|r| (r.review.id, r.reports))
            .collect::<Vec<_>>(),
        [(bad, 1)]
    );

    // Hidden with a reason: out of the figures and the queue; its author reads why and can't
    // change it any more.
    let hide = |reason: &str| form(&[("id", &bad.to_string()), ("reason", reason)]);
    let res = call(&app, &operator, "reviews/hide", &hide("")).await;
    assert_eq!(
        error_of(&res.body),
        AppError::invalid(HideField::Reason, FieldProblem::Required)
    );
    let res = call(&app, &operator, "reviews/hide", &hide("욕설이 있습니다")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let shown = product_reviews(&app, item, ReviewOrder::Newest).await;
    assert_eq!(shown.summary.by_stars, [0, 0, 0, 1, 0]);
    assert_eq!(shown.items.iter().map(|r| r.id).collect::<Vec<_>>(), [good]);
    assert_eq!(
        listed_rating(&app, item).await,
        (Rating { count: 1, sum: 4 }, Rating { count: 1, sum: 4 })
    );
    assert!(queue(&app, &operator).await.is_empty());
    let theirs = line_reviews(&app, &business, second).await;
    assert_eq!(
        theirs[0]
            .review
            .as_ref()
            .and_then(|r| r.hidden_because.as_deref()),
        Some("욕설이 있습니다")
    );
    assert!(!theirs[0].open);
    assert_eq!(
        refusal(&write(&app, &business, (second, item), "5", "").await),
        Refusal::ReviewLocked
    );
    let res = call(&app, &operator, "reviews/hide", &hide("또")).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "hidden already");

    // Kept: out of the queue, still shown.
    let res = call(&app, &business, "reviews/report", &format!("id={good}")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(queue(&app, &operator).await.len(), 1);
    let res = call(&app, &operator, "reviews/keep", &format!("id={good}")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(queue(&app, &operator).await.is_empty());
    assert_eq!(
        product_reviews(&app, item, ReviewOrder::Newest)
            .await
            .items
            .len(),
        1
    );

    // Another seller's staff don't find it: the good moves to another seller.
    let mut tx = app.db.begin().await.expect("begin");
    sqlx::query("UPDATE products SET seller_id = (SELECT MIN(s.id) FROM sellers s WHERE s.id <> products.seller_id) WHERE id = $1")
        .bind(item.get())
        .execute(&mut *tx)
        .await
        .expect("moved");
    tx.commit().await.expect("commit");
    let res = call(&app, &seller, "seller/answer", &answer(good, "남의 것")).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
}

/// The operators' queue of reported reviews.
async fn queue(app: &TestApp, operator: &str) -> Vec<ReportedReview> {
    let res = call(app, operator, "reviews/reported", "").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("a queue")
}
