//! Whatever a person types is text wherever it is shown: hostile searches and hostile product and
//! seller names never become elements, in the page's `<head>` (its title) or its body.

use crate::common::{enc, TestApp, SHOPPER};
use http::StatusCode;

on_both_databases!(hostile_text_never_becomes_markup);

/// Each makes an element carrying `data-evil` if it is ever written into a page unescaped.
const HOSTILE: &[&str] = &[
    "</title><i data-evil=1>",
    "\"><img data-evil src=x>",
    "</script><b data-evil>",
    "'><svg data-evil onload=alert(1)>",
    "</textarea><u data-evil>",
];

fn assert_no_injected_element(page: &str, body: &str) {
    for tag in [
        "<i data-evil",
        "<img data-evil",
        "<b data-evil",
        "<svg data-evil",
        "<u data-evil",
    ] {
        assert!(
            !body.contains(tag),
            "{page}: an element from hostile text ({tag})"
        );
    }
}

async fn hostile_text_never_becomes_markup(app: TestApp) {
    // A seller whose product name, description and own name are all hostile.
    let name = HOSTILE.concat();
    let (product, seller, group): (i64, String, Option<String>) = {
        use sqlx::Row;
        let mut tx = app.db.begin().await.expect("begin");
        let row = sqlx::query(
            "SELECT p.id, s.slug, g.slug AS good FROM products p JOIN sellers s ON s.id = p.seller_id \
             LEFT JOIN goods g ON g.id = p.good_id WHERE p.id = 1",
        )
        .fetch_one(&mut *tx)
        .await
        .expect("product 1");
        let ids = (
            row.try_get::<i64, _>("id").expect("id"),
            row.try_get::<String, _>("slug").expect("slug"),
            row.try_get::<Option<String>, _>("good").expect("good"),
        );
        sqlx::query(
            "UPDATE products SET name_ko = $1, name_en = $1, description_ko = $1, description_en = $1 \
             WHERE id = 1",
        )
        .bind(&name)
        .execute(&mut *tx)
        .await
        .expect("rename the product");
        sqlx::query("UPDATE sellers SET name_ko = $1, name_en = $1 WHERE slug = $2")
            .bind(&name)
            .bind(&ids.1)
            .execute(&mut *tx)
            .await
            .expect("rename the seller");
        tx.commit().await.expect("commit");
        ids
    };

    let shopper = app.sign_in(SHOPPER).await;
    let cart = app
        .call_with(
            "cart/add",
            &format!("item={product}&qty=1"),
            &[("cookie", &shopper)],
        )
        .await;
    assert_eq!(cart.status, StatusCode::OK, "{}", cart.body);

    let mut pages = vec![
        (format!("/p/{product}"), String::new()),
        (format!("/s/{seller}"), String::new()),
        ("/".to_string(), String::new()),
        ("/search?q=%ED%81%AC%EB%A6%BC".to_string(), String::new()),
        ("/compare".to_string(), format!("compare={product}")),
        ("/cart".to_string(), shopper.clone()),
        (format!("/checkout?item={product}&qty=1"), shopper.clone()),
    ];
    if let Some(group) = group {
        pages.push((format!("/g/{group}"), String::new()));
    }
    for q in HOSTILE {
        pages.push((format!("/search?q={}", enc(q)), String::new()));
        pages.push((format!("/c/{}", enc(q)), String::new()));
    }
    for lang in ["ko", "en"] {
        for (path, cookie) in &pages {
            let cookie = format!("lang={lang}; {cookie}");
            let res = app.get_with(path, &[("cookie", &cookie)]).await;
            assert!(
                matches!(res.status, StatusCode::OK | StatusCode::NOT_FOUND),
                "{path}: {}",
                res.status
            );
            assert_no_injected_element(path, &res.body);
        }
    }
    // The search's title shows the query, as text.
    let res = app
        .get(&format!("/search?q={}", enc("</title><i data-evil=1>")))
        .await;
    assert!(
        res.body
            .contains("<title>&lt;/title&gt;&lt;i data-evil=1&gt; · 검색 · 옥류</title>"),
        "the title shows the query"
    );
}
