//! The HTTP application as a browser without JavaScript sees it, on both databases.

use crate::common::TestApp;
use http::{header, StatusCode};

on_both_databases!(
    home_page_renders_on_the_server_in_korean,
    the_language_cookie_renders_english,
    product_page_has_its_own_url,
    unknown_urls_and_products_answer_404_with_the_page,
    a_server_function_error_carries_its_status,
    every_page_forbids_other_origins,
    healthz_reports_the_database,
    a_signed_in_shopper_is_told_to_try_again_while_the_database_is_away,
    language_switch_without_javascript,
    redirects_go_only_to_paths_on_this_site,
    requests_carry_an_id_and_metrics_count_them,
    responses_are_compressed,
    search_works_as_a_plain_get_form,
    category_and_storefront_pages,
    media_answer_range_requests,
    videos_stream_whole_and_in_ranges_across_reads,
    pictures_have_dimensions_and_a_modern_format,
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
        !crate::common::visible(&res.body).contains("Cream buns"),
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
        !crate::common::visible(&res.body).contains("크림빵"),
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

/// While the database is away nobody can be told who they are: a signed-in shopper hears "try
/// again" (503 with `Retry-After`), never "sign in first" as if they were a guest.
async fn a_signed_in_shopper_is_told_to_try_again_while_the_database_is_away(app: TestApp) {
    let shopper = app.sign_in(crate::common::SHOPPER).await;
    assert_eq!(
        app.call_with("orders/list", "", &[("cookie", &shopper)])
            .await
            .status,
        StatusCode::OK
    );
    app.db.close().await;
    let call = app
        .call_with("orders/list", "", &[("cookie", &shopper)])
        .await;
    assert_eq!(
        call.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        call.body
    );
    assert_eq!(call.headers[header::RETRY_AFTER], "1");
    let page = app.get_with("/orders", &[("cookie", &shopper)]).await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        page.body.contains(r#"data-testid="unavailable""#),
        "{}",
        page.body
    );
    assert!(!page.body.contains("/login"), "not sent to sign in");
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

/// Browsers drop a tab or newline in a URL: `/\t/evil.host` is `//evil.host`, another site.
async fn redirects_go_only_to_paths_on_this_site(app: TestApp) {
    for next in [
        "/%09/evil.host",
        "/%0A/evil.host",
        "/%5Cevil.host",
        "//evil.host",
        "https://evil.host/",
        "/%20/evil.host",
    ] {
        for uri in [
            format!("/lang/ko?next={next}"),
            format!("/deliver-to?district=pyongyang-central&next={next}"),
        ] {
            let res = app.get(&uri).await;
            assert_eq!(res.status, StatusCode::SEE_OTHER, "{uri}");
            assert_eq!(res.headers[header::LOCATION], "/", "{uri}");
        }
    }
    // A path of this site comes back whole, query and all (as the switch's form sends it).
    let res = app
        .get("/lang/en?next=%2Fsearch%3Fq%3D%25EC%2596%2591%26page%3D2")
        .await;
    assert_eq!(res.headers[header::LOCATION], "/search?q=%EC%96%91&page=2");
}

/// The parser under those redirects: only a path of this site, with its query, is one.
#[test]
fn only_paths_on_this_site_are_local() {
    use okryu::domain::path::LocalPath;
    for good in ["/", "/p/1", "/checkout?item=1&qty=3", "/search?q=%ED%81%AC"] {
        assert_eq!(
            LocalPath::parse(good).as_ref().map(LocalPath::as_str),
            Some(good)
        );
    }
    for bad in [
        "",
        "p/1",
        "//evil.host/",
        "/\\evil.host",
        "/\t/evil.host",
        "/\r\nSet-Cookie: x=1",
        "/ evil",
        "https://evil.host/",
        "/a\\b",
        "/\u{0}",
    ] {
        assert_eq!(LocalPath::parse(bad), None, "{bad:?}");
    }
    assert_eq!(LocalPath::parse(&format!("/{}", "a".repeat(3000))), None);
}

#[test]
fn a_next_value_keeps_the_query() {
    let p = okryu::domain::path::LocalPath::parse("/checkout?item=1&qty=3").expect("local");
    assert_eq!(p.encoded(), "/checkout%3Fitem%3D1%26qty%3D3");
}

async fn responses_are_compressed(app: TestApp) {
    let res = app.get_with("/", &[("accept-encoding", "br")]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers[header::CONTENT_ENCODING], "br");
    let res = app.get_with("/", &[("accept-encoding", "gzip")]).await;
    assert_eq!(res.headers[header::CONTENT_ENCODING], "gzip");
}

async fn search_works_as_a_plain_get_form(app: TestApp) {
    let res = app.get("/search?q=%ED%81%AC%EB%A6%BC%EB%B9%B5").await;
    assert_eq!(res.status, StatusCode::OK);
    let text = crate::common::visible(&res.body);
    assert!(
        text.contains("크림빵 (10개들이)") && text.contains("78원"),
        "{text}"
    );
    assert!(text.contains("금성식료공장"));
    // The query is data: markup in it is shown, never run.
    let res = app
        .get("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        !crate::common::visible(&res.body).contains("<script>alert(1)"),
        "the query is escaped"
    );
    assert!(res.body.contains("data-testid=\"no-results\""));
    // Too long: cut, with a notice.
    let long = "%EA%B0%80".repeat(300);
    let res = app.get(&format!("/search?q={long}")).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("data-testid=\"query-cut\""));
    // Past the last page: an empty page, not an error.
    let res = app.get("/search?q=%ED%81%AC%EB%A6%BC&page=999").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("data-testid=\"no-results\""));
}

async fn category_and_storefront_pages(app: TestApp) {
    let res = app.get("/s/kumsong-food").await;
    assert_eq!(res.status, StatusCode::OK);
    let text = crate::common::visible(&res.body);
    assert!(text.contains("<h1>금성식료공장</h1>"), "{text}");
    assert!(text.contains("크림빵 (10개들이)"));
    assert!(
        !text.contains("선흥식료공장</span>"),
        "only this seller's goods"
    );
    let res = app.get("/c/food").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(crate::common::visible(&res.body).contains("<h1>식료품</h1>"));
    assert_eq!(
        app.get("/c/no-such-category").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/s/no-such-seller").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn voice_of_the_cream_buns(app: &TestApp) -> String {
    let res = app.get(&cream_buns_path(app).await).await;
    let end = res
        .body
        .find("/ko.ogg")
        .expect("a Korean voice description")
        + "/ko.ogg".len();
    let start = res.body[..end].rfind("/media/").expect("its URL");
    res.body[start..end].to_string()
}

async fn media_answer_range_requests(app: TestApp) {
    let url = voice_of_the_cream_buns(&app).await;
    let file: &[u8] = include_bytes!("../../tools/demo/media/cream-buns-ko.ogg");
    let whole = app.get(&url).await;
    assert_eq!(whole.status, StatusCode::OK);
    assert_eq!(whole.headers[header::ACCEPT_RANGES], "bytes");
    assert_eq!(whole.headers[header::CONTENT_TYPE], "audio/ogg");
    assert!(
        whole.headers.get(header::CONTENT_ENCODING).is_none(),
        "audio is never compressed"
    );
    let part = app.get_with(&url, &[("range", "bytes=0-9")]).await;
    assert_eq!(part.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        part.headers[header::CONTENT_RANGE],
        format!("bytes 0-9/{}", file.len())
    );
    assert_eq!(part.bytes, &file[..10]);
    let tail = app.get_with(&url, &[("range", "bytes=-4")]).await;
    assert_eq!(tail.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        tail.headers[header::CONTENT_RANGE],
        format!("bytes {}-{}/{}", file.len() - 4, file.len() - 1, file.len())
    );
    let bad = app
        .get_with(&url, &[("range", &format!("bytes={}-", file.len() + 10))])
        .await;
    assert_eq!(bad.status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(
        bad.headers[header::CONTENT_RANGE],
        format!("bytes */{}", file.len())
    );
    assert_eq!(
        app.get("/media/999999/ko.ogg").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/media/abc/x.exe").await.status,
        StatusCode::NOT_FOUND
    );
}

/// The server reads a stored file a piece at a time as it sends it: what arrives is the file,
/// whole or in any range, however the pieces fall.
async fn videos_stream_whole_and_in_ranges_across_reads(app: TestApp) {
    let page = app.get(&cream_buns_path(&app).await).await;
    let end = page.body.find("/video.webm").expect("a video") + "/video.webm".len();
    let start = page.body[..end].rfind("/media/").expect("its URL");
    let url = &page.body[start..end];
    let file: &[u8] = include_bytes!("../../tools/demo/media/cream-buns.webm");
    let whole = app.get(url).await;
    assert_eq!(whole.status, StatusCode::OK);
    assert_eq!(whole.headers[header::CONTENT_TYPE], "video/webm");
    assert_eq!(
        whole.headers[header::CONTENT_LENGTH],
        file.len().to_string()
    );
    assert!(whole.bytes == file, "the whole video, byte for byte");
    for (from, to) in [
        (0, 0),
        (16_000, 40_000),
        (16_383, 16_384),
        (50_000, file.len() - 1),
    ] {
        let part = app
            .get_with(url, &[("range", &format!("bytes={from}-{to}"))])
            .await;
        assert_eq!(part.status, StatusCode::PARTIAL_CONTENT, "{from}-{to}");
        assert_eq!(
            part.headers[header::CONTENT_LENGTH],
            (to - from + 1).to_string()
        );
        assert!(part.bytes == file[from..=to], "bytes {from}-{to}");
    }
}

async fn pictures_have_dimensions_and_a_modern_format(app: TestApp) {
    let res = app.get("/").await;
    let img = res
        .body
        .find("<img")
        .map(|i| &res.body[i..i + res.body[i..].find('>').unwrap_or(0)])
        .expect("a picture");
    assert!(
        img.contains(r#"width="240""#) && img.contains(r#"height="240""#),
        "{img}"
    );
    assert!(res.body.contains(r#"<source type="image/webp""#));
    assert!(
        res.body.contains(r#"loading="lazy""#),
        "pictures below the fold wait"
    );
    let src = img
        .split("src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("src");
    let png = app.get(src).await;
    assert_eq!(png.status, StatusCode::OK);
    assert_eq!(png.headers[header::CONTENT_TYPE], "image/png");
    assert!(png.headers[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("immutable"));
    let webp = app.get(&src.replace(".png", ".webp")).await;
    assert_eq!(webp.headers[header::CONTENT_TYPE], "image/webp");
}

async fn requests_carry_an_id_and_metrics_count_them(app: TestApp) {
    let given = app
        .get_with("/healthz", &[("x-request-id", "req-42")])
        .await;
    assert_eq!(given.headers["x-request-id"], "req-42");
    let made = app.get("/healthz").await;
    let id = made.headers["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 16, "{id}");
    let hostile = app
        .get_with("/healthz", &[("x-request-id", "a b\"<script>")])
        .await;
    assert_ne!(
        hostile.headers["x-request-id"], "a b\"<script>",
        "not echoed as it came"
    );

    // A product page and a placed checkout, then /metrics from this machine.
    let product = cream_buns_path(&app).await;
    assert_eq!(app.get(&product).await.status, StatusCode::OK);
    let shopper = app.sign_in(crate::common::SHOPPER).await;
    let item = crate::common::product_of_kumsong(&app, 10).await;
    let page = crate::common::checkout_page(&app, &shopper, &format!("item={item}&qty=1")).await;
    let paid = crate::common::pay(&app, &shopper, &page, Some((item, 1)), crate::common::PIN).await;
    assert_eq!(paid.status, StatusCode::OK, "{}", paid.body);
    let again = crate::common::checkout_page(&app, &shopper, &format!("item={item}&qty=1")).await;
    let refused = crate::common::pay(&app, &shopper, &again, Some((item, 1)), "0000").await;
    assert_ne!(refused.status, StatusCode::OK);
    let req = || {
        http::Request::get("/metrics")
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let metrics = app.request_from("127.0.0.1", req()).await;
    assert_eq!(metrics.status, StatusCode::OK);
    let text = metrics.body;
    for line in [
        r#"okryu_http_requests_total{route="/p/{id}",status="200"} 1"#,
        r#"okryu_checkouts_total{outcome="placed",reason=""} 1"#,
        r#"okryu_checkouts_total{outcome="refused",reason="invalid"} 1"#,
        r#"okryu_orders{status="placed"} 1"#,
        r#"okryu_db_pool_connections{state="idle"}"#,
        // The test's runtime has two workers: each is named, for the drill's probe per worker.
        "okryu_runtime_workers 2",
        r#"okryu_runtime_worker_park_unpark_total{worker="0"}"#,
        r#"okryu_runtime_worker_park_unpark_total{worker="1"}"#,
        r#"okryu_http_request_duration_seconds_bucket{route="/p/{id}",status="200",le="+Inf"} 1"#,
    ] {
        assert!(text.contains(line), "{line} in:\n{text}");
    }
    assert!(
        !text.contains(&product),
        "routes, not paths: ids stay out of the labels"
    );
    // Anyone else does not see it.
    let elsewhere = app.request_from("10.1.2.3", req()).await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
}
