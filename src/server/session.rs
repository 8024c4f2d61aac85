//! The session on HTTP: the cookie that carries its token, attaching the signed-in session (or its
//! absence) to every request, and the hourly purge. The rules are `service::auth`'s.

use super::{
    config::Security,
    cookies::{self, Kind},
    security::{error_response, small_page},
    service::{
        auth::{self, Loaded, Session, SessionPolicy},
        Services,
    },
    state::AppState,
};
use crate::error::AppError;
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};
use std::time::Duration;

/// `Set-Cookie` for a new session: HttpOnly, SameSite=Lax, `__Host-` and `Secure` behind HTTPS;
/// it lives as long as a session can.
pub fn session_cookie(token: &str, security: &Security) -> String {
    cookies::set(Kind::Session, token, security.session_max_secs, security)
}

pub fn clear_session_cookie(security: &Security) -> String {
    cookies::clear(Kind::Session, security)
}

/// The sessions' lifetimes as configured.
pub fn policy(security: &Security) -> SessionPolicy {
    SessionPolicy {
        idle_secs: security.session_idle_secs,
        max_secs: security.session_max_secs,
    }
}

/// The signed-in session a request carries (attached by `resolve_session`; read by the guard).
#[derive(Clone, Debug, Default)]
pub struct CurrentSession(Option<Session>);

impl CurrentSession {
    pub fn session(&self) -> Option<&Session> {
        self.0.as_ref()
    }
}

/// The well-formed session token a request's cookies carry.
pub fn session_token(headers: &http::HeaderMap, security: &Security) -> Option<String> {
    cookies::get(headers, Kind::Session, security).filter(|v| auth::is_token(v))
}

/// Looks up the request's session and attaches it (or its absence) for pages and server functions.
/// A session idle too long or past its absolute lifetime is ended and its cookie cleared.
pub async fn resolve_session(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let token = session_token(req.headers(), &state.security);
    let mut expired = false;
    let session = match token {
        None => None,
        Some(token) => {
            let hash = auth::token_hash(&token);
            match auth::load_session(state.services(), &hash, policy(&state.security)).await {
                Ok(Loaded::Live(s)) => Some(s),
                Ok(Loaded::Expired) => {
                    expired = true;
                    None
                }
                Ok(Loaded::Unknown) => None,
                // A signed-in person is never served as a guest: they hear "try again".
                Err(err) => {
                    tracing::warn!(error = %err, "cannot read the session");
                    return unavailable(&req, &state.security);
                }
            }
        }
    };
    // Whose answer this is: a signed-in person's, a guest's with a cart or a form's outcome, or
    // any server function's (what it answers is someone's).
    let personal = session.is_some()
        || req.uri().path().starts_with("/api/")
        || [Kind::GuestCart, Kind::Flash]
            .into_iter()
            .any(|kind| cookies::get(req.headers(), kind, &state.security).is_some());
    req.extensions_mut().insert(CurrentSession(session));
    let mut res = next.run(req).await;
    if personal || res.headers().contains_key(header::SET_COOKIE) {
        super::http::no_store(&mut res);
    }
    let sets_session = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| cookies::sets(v.as_bytes(), Kind::Session, &state.security));
    if expired && !sets_session {
        if let Ok(v) = HeaderValue::from_str(&clear_session_cookie(&state.security)) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// 503 with `Retry-After`: a server function's error, or a small page for a browser.
fn unavailable(req: &Request, security: &Security) -> Response {
    let mut res = if req.uri().path().starts_with("/api/") {
        error_response(&AppError::Unavailable)
    } else {
        let lang = cookies::get(req.headers(), Kind::Lang, security)
            .and_then(|code| crate::i18n::Lang::from_code(&code))
            .unwrap_or_default();
        small_page(
            http::StatusCode::SERVICE_UNAVAILABLE,
            lang,
            crate::i18n::Msg::ErrorTitle,
            crate::i18n::Msg::ErrorBody,
        )
    };
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    res
}

/// Deletes expired sessions, old attempts and idle guest carts every hour.
pub fn spawn_purger(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(3600));
        loop {
            every.tick().await;
            purge(state.services(), &state.security).await;
        }
    });
}

async fn purge(s: Services<'_>, security: &Security) {
    match auth::purge(s, policy(security)).await {
        Ok(n) => tracing::debug!(rows = n, "purged expired sessions and attempts"),
        Err(err) => tracing::warn!(error = %err, "cannot purge sessions"),
    }
    let idle_since = s.now() - crate::domain::cart::GUEST_CART_IDLE_SECS;
    match super::service::cart::purge_guests(s, idle_since).await {
        Ok(n) => tracing::debug!(carts = n, "purged idle guest carts"),
        Err(err) => tracing::warn!(error = %err, "cannot purge guest carts"),
    }
}
