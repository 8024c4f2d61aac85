//! HTTP plumbing outside the Leptos pages: security headers, health check, language switch.

use super::state::AppState;
use crate::{
    domain::compare::DELIVER_TO_COOKIE,
    error::AppError,
    i18n::{Lang, LANG_COOKIE},
};
use axum::{
    extract::{Path, Query, Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

/// The Content-Security-Policy: nothing may come from another origin. Pages add the nonce of
/// their inline hydration script (see `csp_with_nonce`).
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

/// Adds the security headers every response carries. A page's Content-Security-Policy names the
/// nonce of its inline scripts (`page_policy`); every other response gets the policy without one.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = page_policy(next.run(req).await).await;
    let h = res.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(v) = HeaderValue::from_str(&csp(None)) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
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

/// Where Leptos mounts server functions.
const SERVER_FN_PREFIX: &str = "/api/";

/// An HTML page's policy, naming the nonce its inline scripts carry (Leptos gives every request a
/// fresh one). Set here from the page itself rather than from inside the render: setting it through
/// the render's `ResponseOptions` now and then went missing under load (about once in 40 page loads
/// of the browser suite), which blocked that page's hydration script. Pages are rendered whole before
/// they are sent (`SsrMode::Async`), so reading the body costs a copy of some kilobytes.
async fn page_policy(res: Response) -> Response {
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if !is_html {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 4 * 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error\n").into_response();
    };
    if let Ok(v) = HeaderValue::from_str(&csp(script_nonce(&bytes))) {
        parts.headers.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// The first `nonce="…"` attribute in a page (Leptos puts the same one on every script), if it is
/// a well-formed one.
fn script_nonce(html: &[u8]) -> Option<&str> {
    const MARK: &[u8] = b" nonce=\"";
    let start = html.windows(MARK.len()).position(|w| w == MARK)? + MARK.len();
    let len = html[start..].iter().position(|b| *b == b'"')?;
    let nonce = std::str::from_utf8(&html[start..start + len]).ok()?;
    let well_formed = !nonce.is_empty()
        && nonce.len() <= 64
        && nonce
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=_-".contains(&b));
    well_formed.then_some(nonce)
}

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

/// `GET /healthz`: 200 when the database answers, 503 otherwise.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
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
pub async fn switch_language(Path(code): Path<String>, Query(q): Query<LangQuery>) -> Response {
    let Some(lang) = Lang::from_code(&code) else {
        return (StatusCode::NOT_FOUND, "unknown language\n").into_response();
    };
    let next = q
        .next
        .filter(|n| is_local_path(n))
        .unwrap_or_else(|| "/".into());
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    ([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response()
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
        format!("{DELIVER_TO_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax")
    } else {
        match state.db.compare().districts().await {
            Ok(all) if all.iter().any(|(d, _)| d.slug == q.district) => format!(
                "{DELIVER_TO_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                q.district
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
        .filter(|n| is_local_path(n))
        .unwrap_or_else(|| "/".into());
    ([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response()
}

/// A path on this site, never `//elsewhere` or `/\elsewhere` (an open redirect).
fn is_local_path(p: &str) -> bool {
    p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/\\") && !p.contains(['\r', '\n'])
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_pages_script_nonce_is_found_and_must_be_well_formed() {
        let page = br#"<html><head><script type="module" nonce="nIU2MBls7dt4Hd+/=">x</script>"#;
        assert_eq!(script_nonce(page), Some("nIU2MBls7dt4Hd+/="));
        assert_eq!(script_nonce(b"<script>x</script>"), None);
        assert_eq!(script_nonce(br#"<script nonce="a'b">"#), None);
        assert_eq!(script_nonce(br#"<script nonce="">"#), None);
    }

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

    #[test]
    fn the_language_switch_only_redirects_within_the_site() {
        assert!(is_local_path("/p/1?x=2"));
        for bad in [
            "//evil.example/",
            "/\\evil.example",
            "https://example.com/",
            "p/1",
            "/a\r\nSet-Cookie: x",
        ] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
    }
}
