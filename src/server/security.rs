//! The sealed intranet's gatekeeping: the client-network allow-list, the cross-origin (CSRF)
//! check on every mutating request, and the settings they and the sessions run with.

use super::{
    config::{contains, Security},
    state::AppState,
};
use crate::{
    error::AppError,
    i18n::{Lang, Msg},
};
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::net::{IpAddr, SocketAddr};

/// The client's address, as the allow-list and the rate limits see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub Option<IpAddr>);

impl ClientAddr {
    /// A stable key for rate limiting (`unknown` when the address can't be told).
    pub fn key(&self) -> String {
        self.0.map_or_else(|| "unknown".into(), |ip| ip.to_string())
    }
}

fn client_addr(req: &Request, security: &Security) -> ClientAddr {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    if security.trust_proxy {
        // The proxy appends the address it saw: the last entry of the last header line is the
        // only one a client can't forge. Present but unreadable means unknown, not the proxy.
        if let Some(last) = req.headers().get_all("x-forwarded-for").iter().next_back() {
            return ClientAddr(
                last.to_str()
                    .ok()
                    .and_then(|v| v.rsplit(',').next())
                    .and_then(|ip| ip.trim().parse().ok()),
            );
        }
    }
    ClientAddr(peer)
}

/// Works out the client's address, once, for everything after it (the limits, the allow-list,
/// `/metrics`, the rate limits).
pub async fn identify_client(
    State(security): State<Security>,
    mut req: Request,
    next: Next,
) -> Response {
    let client = client_addr(&req, &security);
    req.extensions_mut().insert(client);
    next.run(req).await
}

/// The client `identify_client` found (unknown when it did not run).
pub fn client_of(req: &Request) -> ClientAddr {
    req.extensions()
        .get::<ClientAddr>()
        .copied()
        .unwrap_or(ClientAddr(None))
}

/// Turns away clients outside the allowed networks with a 403 page (when an allow-list is
/// configured; an address that can't be told is outside).
pub async fn allow_networks(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let client = client_of(&req);
    let allowed = &state.security.allowed_networks;
    if !allowed.is_empty()
        && !client
            .0
            .is_some_and(|ip| allowed.iter().any(|n| contains(n, ip)))
    {
        tracing::warn!(client = %client.key(), "refused: outside the allowed networks");
        let lang = super::cookies::get(req.headers(), super::cookies::Kind::Lang, &state.security)
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default();
        return small_page(
            StatusCode::FORBIDDEN,
            lang,
            Msg::ForbiddenTitle,
            Msg::NetworkRefused,
        );
    }
    next.run(req).await
}

/// A mutating request (anything but GET, HEAD and OPTIONS) whose `Origin` — or, without one, whose
/// `Referer` — names another site is refused with 403 before it reaches anything. Browsers always
/// send one of them on a cross-site form post or fetch; a request with neither comes from a
/// program, not from a page someone was lured to, and the session cookie is `SameSite=Lax` besides.
pub async fn same_origin(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || is_same_origin(req.headers(), host_of(&req))
    {
        return next.run(req).await;
    }
    tracing::warn!(
        origin = ?req.headers().get(header::ORIGIN),
        referer = ?req.headers().get(header::REFERER),
        path = %req.uri().path(),
        "refused: cross-origin request"
    );
    error_response(&AppError::Forbidden)
}

/// The host the client asked for: `Host` over HTTP/1.1, the `:authority` (the request URI's
/// authority) over HTTP/2, which sends no `Host`.
fn host_of(req: &Request) -> Option<&str> {
    req.headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()))
}

fn is_same_origin(headers: &HeaderMap, host: Option<&str>) -> bool {
    let Some(host) = host else {
        // Without a Host there is nothing to compare with; only a non-browser client does that.
        return !headers.contains_key(header::ORIGIN) && !headers.contains_key(header::REFERER);
    };
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER));
    match source.map(HeaderValue::to_str) {
        None => true,
        Some(Ok(url)) => authority(url).is_some_and(|a| a.eq_ignore_ascii_case(host)),
        Some(Err(_)) => false,
    }
}

/// The `host:port` of an absolute http(s) URL (`None` for `null` and any other scheme).
fn authority(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&rest[..end]).filter(|a| !a.is_empty())
}

/// The response for an error outside a page: the serialized `AppError` with its status, so a
/// server-function call reads it like any other error.
pub fn error_response(err: &AppError) -> Response {
    let body = serde_json::to_string(err).unwrap_or_else(|_| "\"Internal\"".into());
    (
        err.status_code(),
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// A small self-contained page (no scripts, no styles from anywhere) saying what went wrong, for
/// answers given before any page could render: its title, and why.
pub fn small_page(status: StatusCode, lang: Lang, title: Msg, why: Msg) -> Response {
    let title = title.text(lang);
    let testid = if status == StatusCode::FORBIDDEN {
        "forbidden"
    } else {
        "unavailable"
    };
    let body = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title></head><body><main data-testid=\"{testid}\">\
         <h1>{title}</h1><p>{}</p></main></body></html>",
        lang.code(),
        why.text(lang)
    );
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}
