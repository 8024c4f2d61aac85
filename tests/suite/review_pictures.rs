//! Pictures with reviews, on both databases: a buyer adds up to three to their review of a
//! delivered line (through the same checks as a seller's pictures), and removes them; the product
//! page, the order page and the seller's console show them; nobody else adds or removes any; an
//! operator who hides the review deletes its pictures.

use crate::common::*;
use http::StatusCode;
use okryu::{
    domain::{form::FieldProblem, review::ReviewOrder, MediaId, ProductId},
    error::AppError,
    page::review::{LineReview, ProductReviews, SellerReview},
};

on_both_databases!(a_buyer_adds_up_to_three_pictures_and_hiding_the_review_deletes_them);

async fn add(
    app: &TestApp,
    cookie: &str,
    (order, product): (i64, ProductId),
    (name, bytes): (&str, &[u8]),
) -> Response {
    let (order, product) = (order.to_string(), product.to_string());
    let body = file_body(
        &[("order", &order), ("product", &product)],
        ("picture", name, bytes),
    );
    app.request(upload_to(
        "/api/reviews/picture",
        body,
        &[("cookie", cookie)],
    ))
    .await
}

fn refused_with(res: &Response) -> FieldProblem {
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    match error_of(&res.body) {
        AppError::Invalid(fields) => fields.named("picture").expect("beside the picture"),
        other => panic!("{other:?}"),
    }
}

async fn shown(app: &TestApp, item: ProductId) -> Vec<MediaId> {
    let res = app
        .call(
            "reviews/product",
            &format!("id={item}&order={}", ReviewOrder::Newest.code()),
        )
        .await;
    let reviews: ProductReviews = serde_json::from_str(&res.body).expect("reviews");
    reviews
        .items
        .iter()
        .flat_map(|r| r.pictures.iter().map(|p| p.id))
        .collect()
}

async fn own(app: &TestApp, cookie: &str, order: i64) -> Vec<MediaId> {
    let res = app
        .call_with(
            "reviews/order",
            &format!("id={order}"),
            &[("cookie", cookie)],
        )
        .await;
    let lines: Vec<LineReview> = serde_json::from_str(&res.body).expect("lines");
    lines
        .iter()
        .filter_map(|l| l.review.as_ref())
        .flat_map(|r| r.pictures.iter().map(|p| p.id))
        .collect()
}

async fn a_buyer_adds_up_to_three_pictures_and_hiding_the_review_deletes_them(app: TestApp) {
    let item = product_of_kumsong(&app, 50).await;
    let shopper = app.sign_in(SHOPPER).await;
    let order = delivered(&app, &shopper, item).await;
    let line = (order, item);
    let png = tiny_png();

    // Pictures go with a review: rate first.
    let res = add(&app, &shopper, line, ("a.png", &png)).await;
    assert_eq!(refused_with(&res), FieldProblem::ReviewFirst);
    let rate = form(&[
        ("order", &order.to_string()),
        ("product", &item.to_string()),
        ("rating", "4"),
        ("body", "사진을 보십시오"),
    ]);
    let res = app
        .call_with("reviews/write", &rate, &[("cookie", &shopper)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);

    // What is not a picture is refused with the reason, like a seller's.
    let res = add(&app, &shopper, line, ("a.png", b"MZ\x90\x00 not a picture")).await;
    assert_eq!(refused_with(&res), FieldProblem::PictureNotAPicture);

    // Three, then no more.
    let mut added = Vec::new();
    for name in ["1.png", "2.png", "3.png"] {
        let res = add(&app, &shopper, line, (name, &png)).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        added.push(serde_json::from_str::<MediaId>(&res.body).expect("a picture"));
    }
    let res = add(&app, &shopper, line, ("4.png", &png)).await;
    assert_eq!(refused_with(&res), FieldProblem::ReviewPicturesFull);
    assert_eq!(shown(&app, item).await, added);
    assert_eq!(own(&app, &shopper, order).await, added);
    let page = app.get(&format!("/p/{item}")).await;
    assert!(page
        .body
        .contains(&format!("/media/{}/thumb.webp", added[0])));
    let file = format!("/media/{}/thumb.webp", added[2]);
    assert_eq!(app.get(&file).await.status, StatusCode::OK);
    let seller = app.sign_in(SELLER).await;
    let res = app
        .call_with("seller/reviews", "", &[("cookie", &seller)])
        .await;
    let at_console: Vec<SellerReview> = serde_json::from_str(&res.body).expect("reviews");
    assert_eq!(at_console[0].review.pictures.len(), 3);

    // Nobody else adds or removes one.
    let business = app.sign_in(BUSINESS).await;
    let res = add(&app, &business, line, ("5.png", &png)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let remove = |media: MediaId| {
        form(&[
            ("order", &order.to_string()),
            ("product", &item.to_string()),
            ("media", &media.to_string()),
        ])
    };
    let res = app
        .call_with(
            "reviews/picture-remove",
            &remove(added[2]),
            &[("cookie", &business)],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);

    // The buyer removes one: gone with its files.
    let res = app
        .call_with(
            "reviews/picture-remove",
            &remove(added[2]),
            &[("cookie", &shopper)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(shown(&app, item).await, added[..2]);
    assert_eq!(app.get(&file).await.status, StatusCode::NOT_FOUND);

    // From the order page's plain form: refused, the page again with the reason beside that
    // line's picture field.
    let (o, p) = (order.to_string(), item.to_string());
    let body = file_body(
        &[("order", &o), ("product", &p)],
        ("picture", "a.png", b"not a picture"),
    );
    let mut req = upload_to("/api/reviews/picture", body, &[("cookie", &shopper)]);
    crate::common::from_page(&mut req, &format!("/orders/{order}"));
    let res = app.request(req).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let beside = format!("id=\"error-{item}-picture\" data-testid=\"error-{item}-picture\" class=\"field-error\">JPEG, PNG, WebP 사진만");
    assert!(res.body.contains(&beside), "{}", res.body);
    assert_eq!(shown(&app, item).await, added[..2]);

    // Hidden by an operator: the pictures are deleted, not only unlisted.
    let operator = app.sign_in(OPERATOR).await;
    let review = at_console[0].review.id;
    let hide = form(&[("id", &review.to_string()), ("reason", "남의 사진")]);
    let res = app
        .call_with("reviews/hide", &hide, &[("cookie", &operator)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(shown(&app, item).await.is_empty());
    assert!(own(&app, &shopper, order).await.is_empty());
    for media in &added[..2] {
        let file = format!("/media/{media}/large.png");
        assert_eq!(app.get(&file).await.status, StatusCode::NOT_FOUND);
    }
}
