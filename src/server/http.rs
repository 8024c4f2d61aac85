//! HTTP plumbing outside the Leptos pages: security headers, health check, language switch.

use super::{
    config::{contains, Security},
    cookies,
    security::client_of,
    state::AppState,
};
use crate::{domain::LocalPath, error::AppError, i18n::Lang};
use axum::{
    extract::{Path, Query, Request, State},
    http::{header, HeaderName, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use std::sync::Arc;
use tower_http::request_id::{MakeRequestId, RequestId};

/// The policy of an answer that is not a page (data, pictures, scripts): nothing from another
/// origin, and never framed.
const NOT_A_PAGE_CSP: &str = "default-src 'self'; frame-ancestors 'none'";

/// The Content-Security-Policy: nothing may come from another origin. Pages add the nonce of
/// their inline hydration scripts (`CspNonce`).
pub fn csp(script_nonce: Option<&str>) -> String {
    let nonce = script_nonce
        .map(|n| format!(" 'nonce-{n}'"))
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; media-src 'self'; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The nonce of one response's inline scripts, made for each request before anything renders.
/// The security-headers middleware names it in the response's policy and `provide_request_context` hands the
/// same value to Leptos, which writes it on the page's scripts: header and page can't disagree.
#[derive(Clone, Debug)]
pub struct CspNonce(Arc<str>);

impl CspNonce {
    /// 128 random bits, hex (a subset of the base64 alphabet CSP asks for).
    fn new() -> CspNonce {
        let mut bytes = [0u8; 16];
        if let Err(err) = getrandom::fill(&mut bytes) {
            // The policy then allows no inline script at all: the page still reads, unhydrated.
            tracing::error!(error = %err, "no randomness for a script nonce");
        }
        CspNonce(
            bytes
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
                .into(),
        )
    }
}

/// What every page and server function finds in its context besides the sealed application
/// (`access::Gate`): the nonce of the request's inline scripts, and the cookie settings.
pub fn provide_request_context(security: &Security) {
    use leptos::prelude::{provide_context, use_context};
    if let Some(CspNonce(nonce)) = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned())
    {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
    provide_context(security.clone());
}

/// Adds the security headers every response carries. HTML pages get the whole policy, naming the
/// nonce made here for their inline scripts, and the page-only headers; every other response a
/// short policy.
pub async fn security_headers(mut req: Request, next: Next) -> Response {
    let nonce = CspNonce::new();
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !is_html {
        // Nothing renders it as a page: the short policy, and none of the page-only headers
        // (an open order page asks every few seconds; each byte counts on a phone's link).
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(NOT_A_PAGE_CSP),
        );
        return res;
    }
    if let Ok(v) = HeaderValue::from_str(&csp(Some(&*nonce.0))) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    res
}

/// The header that carries a request's id (echoed in the response, named by its log lines).
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Makes a request's id: 64 random bits, hex (tower-http's `SetRequestId` asks for one when the
/// request came without a sane one).
#[derive(Clone, Copy, Debug, Default)]
pub struct MakeId;

impl MakeRequestId for MakeId {
    fn make_request_id<B>(&mut self, _: &http::Request<B>) -> Option<RequestId> {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).ok()?;
        HeaderValue::from_str(&hex::encode(bytes))
            .ok()
            .map(RequestId::new)
    }
}

/// Keeps the `X-Request-Id` a client sent only when it is sane (1 to 64 of `A-Za-z0-9-_.:`):
/// it goes into every log line of the request. Anything else is dropped and one is made.
pub async fn drop_insane_request_id(mut req: Request) -> Request {
    let sane = req.headers().get(&REQUEST_ID).map(|v| {
        let v = v.as_bytes();
        !v.is_empty()
            && v.len() <= 64
            && v.iter()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(b))
    });
    if sane == Some(false) {
        req.headers_mut().remove(&REQUEST_ID);
    }
    req
}

/// A year, for the choices a shopper makes once (language, district).
const YEAR_SECS: i64 = 365 * 86_400;

/// Where Leptos mounts server functions.
const SERVER_FN_PREFIX: &str = "/api/";

/// Server functions answer every error with status 500 and the serialized `AppError`; this gives
/// the response the status of the error it carries (404, 400, 403…), in one place for all of them.
pub async fn server_fn_status(req: Request, next: Next) -> Response {
    let is_server_fn = req.uri().path().starts_with(SERVER_FN_PREFIX);
    let res = next.run(req).await;
    if !is_server_fn || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error\n").into_response();
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = err.status_code();
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// A function that takes a file upload (`limits::UPLOAD_PATHS`) is sent a multipart body with its
/// boundary, or refused with 400 before its decoder reads it (server_fn's would panic on one
/// without a boundary). Inside `access::authorize`: a caller who may not upload is told that first.
pub async fn multipart_bodies(req: Request, next: Next) -> Response {
    if super::limits::UPLOAD_PATHS.contains(&req.uri().path()) {
        let multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| {
                ct.starts_with("multipart/form-data") && multer::parse_boundary(ct).is_ok()
            });
        if !multipart {
            let err = AppError::BadRequest("a multipart/form-data body".into());
            let body = serde_json::to_vec(&err).unwrap_or_default();
            return (
                StatusCode::BAD_REQUEST,
                [(header::CONTENT_TYPE, "application/json")],
                body,
            )
                .into_response();
        }
    }
    next.run(req).await
}

/// A GET answered with the `ETag` the client already holds (`If-None-Match`) is answered 304,
/// without a body: what an open order page costs a phone while nothing changes.
pub async fn not_modified(req: Request, next: Next) -> Response {
    let held = (req.method() == axum::http::Method::GET)
        .then(|| req.headers().get(header::IF_NONE_MATCH).cloned())
        .flatten();
    let res = next.run(req).await;
    let (Some(held), true) = (held, res.status() == StatusCode::OK) else {
        return res;
    };
    let Some(etag) = res.headers().get(header::ETAG).cloned() else {
        return res;
    };
    let matches = held.to_str().is_ok_and(|list| {
        list.split(',')
            .any(|t| t.trim().as_bytes() == etag.as_bytes())
    });
    if !matches {
        return res;
    }
    let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
    for name in [header::ETAG, header::CACHE_CONTROL] {
        if let Some(v) = res.headers().get(&name) {
            not_modified.headers_mut().insert(name, v.clone());
        }
    }
    not_modified
}

/// A personal page or a server function's answer is kept by no cache, the browser's included
/// (a shared phone's back button or history shows nobody's balance or delivery code). Pictures,
/// styles and scripts keep their own caching: only pages and answers are marked.
pub fn no_store(res: &mut Response) {
    let is_page_or_answer = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|t| t.starts_with("text/html") || t.starts_with("application/json"));
    if is_page_or_answer {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

/// Hashed build output (`/pkg/okryu.<hash>.wasm`) never changes under its name: cache it for a year.
pub async fn immutable_cache(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    if res.status() == StatusCode::OK {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    res
}

/// `GET /metrics`, to the configured networks only (others get 404: it is not there for them).
pub async fn metrics(State(state): State<AppState>, req: Request) -> Response {
    let allowed = client_of(&req).0.is_some_and(|ip| {
        state
            .security
            .metrics_networks
            .iter()
            .any(|n| contains(n, ip))
    });
    if !allowed {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    }
    let orders = state
        .db
        .orders()
        .count_by_status()
        .await
        .unwrap_or_else(|err| {
            tracing::warn!(error = %err, "metrics: cannot count orders");
            Vec::new()
        });
    let (size, idle) = state.db.pool_size();
    let idle = u32::try_from(idle).unwrap_or(size);
    let pool = super::metrics::PoolUse {
        in_use: size.saturating_sub(idle),
        idle,
    };
    let out = state.metrics.render(pool, &orders);
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct MoveClock {
    days: u8,
}

/// `POST /test/clock?days=N` (only with `OKRYU_TEST_CLOCK`, demo data only; 404 otherwise): moves
/// the server's clock N days (1 to 30) on, running the standing orders' scheduler every hour of
/// them; what it did, as JSON.
pub async fn move_clock(State(state): State<AppState>, Query(q): Query<MoveClock>) -> Response {
    if !state.security.clock_control {
        return StatusCode::NOT_FOUND.into_response();
    }
    if !(1..=30).contains(&q.days) {
        return StatusCode::BAD_REQUEST.into_response();
    }
    // An hour at a time, the scheduler running after each as it would have meanwhile (a day
    // jumped at once would find the deliveries in between missed).
    let mut ran = super::service::standing::Ran::default();
    for _ in 0..u32::from(q.days) * 24 {
        state.clock.advance(3600);
        match super::service::standing::run_due(state.services()).await {
            Ok(hour) => {
                ran.placed += hour.placed;
                ran.failed += hour.failed;
                ran.missed += hour.missed;
                ran.errors += hour.errors;
            }
            Err(err) => {
                tracing::warn!(error = %err, "the scheduler failed while the clock moved");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
    }
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        format!(
            r#"{{"placed":{},"failed":{},"missed":{},"errors":{}}}"#,
            ran.placed, ran.failed, ran.missed, ran.errors
        ),
    )
        .into_response()
}

/// `GET /healthz`: 200 when the database answers within two seconds, 503 otherwise (at once, not
/// after the pool's wait for a connection: a load balancer asks often and waits little).
pub async fn healthz(State(state): State<AppState>) -> Response {
    let answered = tokio::time::timeout(std::time::Duration::from_secs(2), state.db.ping()).await;
    match answered.unwrap_or_else(|_| Err(super::db::DbError::Query(sqlx::Error::PoolTimedOut))) {
        Ok(()) => (
            StatusCode::OK,
            [(header::CACHE_CONTROL, "no-store")],
            "ok\n",
        )
            .into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CACHE_CONTROL, "no-store")],
                "database unavailable\n",
            )
                .into_response()
        }
    }
}

#[derive(Deserialize)]
pub struct LangQuery {
    next: Option<String>,
}

/// `GET /lang/{ko|en}?next=/path`: the language switch for browsers without WASM. Remembers the
/// choice in a cookie and goes back to the page (only ever to a path on this site).
pub async fn switch_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<LangQuery>,
) -> Response {
    let Some(lang) = Lang::from_code(&code) else {
        return (StatusCode::NOT_FOUND, "unknown language\n").into_response();
    };
    let next = q
        .next
        .as_deref()
        .and_then(LocalPath::parse)
        .unwrap_or_else(LocalPath::home);
    let cookie = cookies::set(cookies::Kind::Lang, lang.code(), YEAR_SECS, &state.security);
    ([(header::SET_COOKIE, cookie)], Redirect::to(next.as_str())).into_response()
}

#[derive(Deserialize)]
pub struct DeliverToQuery {
    district: String,
    next: Option<String>,
}

/// `GET /deliver-to?district=pyongyang-central&next=/path`: the district a guest wants prices
/// delivered to, remembered in a cookie for a year (an empty district forgets it). An unknown
/// district is a 400 and changes nothing.
pub async fn deliver_to(
    State(state): State<AppState>,
    Query(q): Query<DeliverToQuery>,
) -> Response {
    let cookie = if q.district.is_empty() {
        cookies::clear(cookies::Kind::DeliverTo, &state.security)
    } else {
        match state.db.compare().districts().await {
            Ok(all) if all.iter().any(|(d, _)| d.slug == q.district) => cookies::set(
                cookies::Kind::DeliverTo,
                &q.district,
                YEAR_SECS,
                &state.security,
            ),
            Ok(_) => return (StatusCode::BAD_REQUEST, "unknown district\n").into_response(),
            Err(err) => {
                let err = AppError::from(err);
                return (err.status_code(), format!("{err}\n")).into_response();
            }
        }
    };
    let next = q
        .next
        .as_deref()
        .and_then(LocalPath::parse)
        .unwrap_or_else(LocalPath::home);
    ([(header::SET_COOKIE, cookie)], Redirect::to(next.as_str())).into_response()
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn the_policy_allows_no_other_origin() {
        let policy = csp(Some("abc"));
        assert!(policy.contains("default-src 'self'"));
        assert!(policy.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("http"), "no origin is named: {policy}");
        assert!(!policy.contains('*'), "no wildcard: {policy}");
        assert!(!policy.contains("unsafe-inline"), "{policy}");
    }
}
