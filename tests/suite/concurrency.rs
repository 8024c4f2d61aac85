//! Many people at once: pages rendered by overlapping requests in one process each come back
//! whole, in their own language, with a policy naming their own scripts' nonce.

use crate::common::TestApp;
use axum::body::Body;
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tokio::task::JoinSet;
use tower::ServiceExt;

on_both_databases!(overlapping_page_renders_each_answer_whole);

/// What one request got.
struct Rendered {
    uri: String,
    lang: &'static str,
    status: StatusCode,
    policy: String,
    body: String,
}

async fn render(app: &TestApp, uri: String, lang: &'static str) -> Rendered {
    let req = Request::get(&uri)
        .header(header::COOKIE, format!("lang={lang}"))
        .body(Body::empty())
        .expect("request");
    let res = app
        .router
        .clone()
        .oneshot(req)
        .await
        .expect("the router answers");
    let status = res.status();
    let policy = res
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = res
        .into_body()
        .collect()
        .await
        .expect("the whole body")
        .to_bytes();
    Rendered {
        uri,
        lang,
        status,
        policy,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Every shopper page, in both languages, 12 times each, all requests in flight together on the
/// test's two worker threads. Before the page title became a plain string, the server wrote the
/// `<title>` by reading a signal outside the request's own reactive arena; when requests
/// overlapped, that read found another request's arena and panicked ("already disposed").
async fn overlapping_page_renders_each_answer_whole(app: TestApp) {
    let home = app.db.catalog().home_page(1).await.expect("home page");
    let product = format!("/p/{}", home.products[0].id);
    let pages = [
        "/".to_string(),
        "/search?q=%ED%81%AC%EB%A6%BC".to_string(),
        "/c/food".to_string(),
        "/s/kumsong-food".to_string(),
        product,
        "/compare".to_string(),
        "/cart".to_string(),
        "/login".to_string(),
        "/signup".to_string(),
        "/no/such/page".to_string(),
    ];
    let app = std::sync::Arc::new(app);
    let mut calls = JoinSet::new();
    for _ in 0..12 {
        for lang in ["ko", "en"] {
            for uri in &pages {
                let (app, uri) = (app.clone(), uri.clone());
                calls.spawn(async move { render(&app, uri, lang).await });
            }
        }
    }
    let mut answered = 0;
    while let Some(done) = calls.join_next().await {
        let page = done.unwrap_or_else(|e| panic!("a page render failed: {e}"));
        let expected = if page.uri == "/no/such/page" {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        assert_eq!(page.status, expected, "{} ({})", page.uri, page.lang);
        assert!(
            page.body.contains("</footer></body></html>"),
            "{} ({}): the whole page",
            page.uri,
            page.lang
        );
        assert!(
            page.body.contains(&format!("<html lang=\"{}\"", page.lang)),
            "{} in {}",
            page.uri,
            page.lang
        );
        let site = if page.lang == "ko" { "옥류" } else { "Okryu" };
        let title = page
            .body
            .split_once("<title>")
            .and_then(|(_, rest)| rest.split_once("</title>"))
            .map(|(title, _)| title)
            .unwrap_or_else(|| panic!("{}: a title", page.uri));
        assert!(
            title.ends_with(site),
            "{} ({}): {title}",
            page.uri,
            page.lang
        );
        let nonce = page
            .policy
            .split("'nonce-")
            .nth(1)
            .and_then(|s| s.split('\'').next())
            .unwrap_or_else(|| panic!("{}: a nonce in {}", page.uri, page.policy));
        let scripts = page.body.matches("<script").count();
        assert!(scripts > 0, "{}: hydration scripts", page.uri);
        assert_eq!(
            page.body.matches(&format!("nonce=\"{nonce}\"")).count(),
            scripts,
            "{}: every script carries the nonce its policy names",
            page.uri
        );
        answered += 1;
    }
    assert_eq!(answered, 12 * 2 * 10);
}
