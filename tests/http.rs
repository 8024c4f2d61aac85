//! The HTTP application as a browser without JavaScript sees it, on both databases.

mod common;

use common::TestApp;
use http::{header, StatusCode};

on_both_databases!(
    home_page_renders_on_the_server_in_korean,
    the_language_cookie_renders_english,
    product_page_has_its_own_url,
    unknown_urls_and_products_answer_404_with_the_page,
    a_server_function_error_carries_its_status,
    every_page_forbids_other_origins,
    healthz_reports_the_database,
    language_switch_without_javascript,
    responses_are_compressed,
);

async fn cream_buns_path(app: &TestApp) -> String {
    let home = app.db.catalog().home_page(1).await.unwrap();
    format!("/p/{}", home.products[0].id)
}

async fn home_page_renders_on_the_server_in_korean(app: TestApp) {
    let res = app.get("/").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.body.contains(r#"<html lang="ko""#),
        "Korean is the default"
    );
    assert!(res.body.contains("크림빵 (10개들이)"));
    assert!(res.body.contains("78원"));
    assert!(res.body.contains("금성식료공장"));
    assert!(res.body.contains("식료품"), "categories are listed");
    assert!(
        !common::visible(&res.body).contains("Cream buns"),
        "no English on a Korean page"
    );
}

async fn the_language_cookie_renders_english(app: TestApp) {
    let res = app.get_with("/", &[("cookie", "lang=en")]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains(r#"<html lang="en""#));
    assert!(res.body.contains("Cream buns, pack of 10"));
    assert!(res.body.contains("₩78"));
    assert!(
        !common::visible(&res.body).contains("크림빵"),
        "no Korean on an English page"
    );
}

async fn product_page_has_its_own_url(app: TestApp) {
    let res = app.get(&cream_buns_path(&app).await).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.body.contains("<h1>크림빵 (10개들이)</h1>"),
        "{}",
        res.body
    );
    assert!(res.body.contains("78원"));
    assert!(res.body.contains("평양"), "the seller's city");
    assert!(res.body.contains("<title>크림빵 (10개들이) · 옥류</title>"));
}

async fn unknown_urls_and_products_answer_404_with_the_page(app: TestApp) {
    for uri in ["/no/such/page", "/p/9999999", "/p/abc", "/p/-1"] {
        let res = app.get(uri).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(
            res.body.contains("data-testid=\"not-found\""),
            "{uri}: the 404 page is rendered"
        );
        assert!(res.body.contains("페이지를 찾을 수 없습니다"), "{uri}");
    }
}

async fn a_server_function_error_carries_its_status(app: TestApp) {
    let res = app.call("catalog/product", "id=9999999").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app.call("catalog/product", "id=not-a-number").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let id = cream_buns_path(&app)
        .await
        .trim_start_matches("/p/")
        .to_string();
    let res = app.call("catalog/product", &format!("id={id}")).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.body.contains(r#""price":"78""#),
        "money travels as a string: {}",
        res.body
    );
}

async fn every_page_forbids_other_origins(app: TestApp) {
    for uri in ["/", "/no/such/page", "/healthz"] {
        let res = app.get(uri).await;
        let csp = res.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_string();
        assert!(csp.contains("default-src 'self'"), "{uri}: {csp}");
        assert!(!csp.contains("http") && !csp.contains('*'), "{uri}: {csp}");
        assert_eq!(res.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(res.headers[header::X_FRAME_OPTIONS], "DENY");
    }
    // The page's inline hydration script carries the nonce that its policy names.
    let res = app.get("/").await;
    let csp = res.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("a nonce");
    assert!(
        res.body.contains(&format!("nonce=\"{nonce}\"")),
        "the script uses the header's nonce"
    );
    let again = app.get("/").await;
    assert_ne!(
        again.headers[header::CONTENT_SECURITY_POLICY],
        res.headers[header::CONTENT_SECURITY_POLICY],
        "fresh per response"
    );
}

async fn healthz_reports_the_database(app: TestApp) {
    let res = app.get("/healthz").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body, "ok\n");
    app.db.close().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
}

async fn language_switch_without_javascript(app: TestApp) {
    let res = app.get("/lang/en?next=/p/1").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.headers[header::LOCATION], "/p/1");
    let cookie = res.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.starts_with("lang=en;") && cookie.contains("Max-Age=31536000"),
        "{cookie}"
    );
    let res = app.get("/lang/ko?next=//evil.example/").await;
    assert_eq!(
        res.headers[header::LOCATION],
        "/",
        "never redirects off the site"
    );
    assert_eq!(app.get("/lang/xx").await.status, StatusCode::NOT_FOUND);
}

async fn responses_are_compressed(app: TestApp) {
    let res = app.get_with("/", &[("accept-encoding", "br")]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers[header::CONTENT_ENCODING], "br");
    let res = app.get_with("/", &[("accept-encoding", "gzip")]).await;
    assert_eq!(res.headers[header::CONTENT_ENCODING], "gzip");
}
