//! Server functions, one module per capability. Each one is thin: it declares who may call it
//! (`access!`), checks that first (`guard`), parses its input into domain types, calls a service
//! (`server::service`) or a read, and returns a page's data or an `AppError`.

/// Declares who may call a server function, next to it: `access!(PlaceOrder => BUYERS);` names
/// the function's type (which `#[server]` makes) and a rule of `server::access` (`PUBLIC`,
/// `SIGNED_IN`, `BUYERS`, …). The HTTP check before the call and the function's own `guard` both
/// read this one declaration; the role-matrix test walks all of them.
macro_rules! access {
    ($fn:ident => $rule:ident) => {
        #[cfg(feature = "ssr")]
        impl $crate::server::access::Guarded for $fn {
            const ACCESS: $crate::server::access::Access = $crate::server::access::$rule;
        }
        #[cfg(feature = "ssr")]
        ::inventory::submit! { $crate::server::access::Rule::of::<$fn>() }
    };
}

pub mod account;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod compare;
pub mod delivery;
pub mod orders;
pub mod seller;
pub mod wallet;

#[cfg(feature = "ssr")]
mod ssr {
    use crate::{
        error::AppError,
        server::{
            access::{GuardRan, Guarded},
            auth::{CurrentSession, Session},
            state::AppState,
        },
    };
    use leptos::prelude::*;

    /// The value of one of the request's cookies.
    pub fn cookie(kind: crate::server::cookies::Kind) -> Option<String> {
        crate::server::cookies::of_request(kind)
    }

    /// Adds a `Set-Cookie:` header to the response.
    pub fn set_cookie(cookie: &str) {
        match (
            use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(cookie),
        ) {
            (Some(res), Ok(value)) => res.append_header(http::header::SET_COOKIE, value),
            _ => tracing::error!("cannot set a cookie on this response"),
        }
    }

    /// Whether this call is a form a browser posted (not a call asking for JSON): only then do
    /// `then_go` and `flash` mean anything.
    fn is_form_post() -> bool {
        use_context::<http::request::Parts>().is_some_and(|parts| {
            parts
                .extensions
                .get::<crate::server::forms::PlainForm>()
                .is_some()
        })
    }

    /// Where a browser goes after this form succeeded (instead of back to the form's page).
    pub fn then_go(path: &crate::domain::LocalPath) {
        if !is_form_post() {
            return;
        }
        match (
            use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(path.as_str()),
        ) {
            (Some(res), Ok(value)) => res.insert_header(
                http::HeaderName::from_static(crate::server::forms::THEN_HEADER),
                value,
            ),
            _ => tracing::error!("cannot say where to go after this form"),
        }
    }

    /// What the next page says about this form's success (one page view).
    pub fn flash(what: crate::page::form::Flash) {
        if let (true, Some(state)) = (is_form_post(), use_context::<AppState>()) {
            set_cookie(&crate::server::cookies::set(
                crate::server::cookies::Kind::Flash,
                &what.code(),
                60,
                &state.security,
            ));
        }
    }

    /// The request's signed-in session, if any (attached by `auth::resolve_session`). Not an access
    /// check: server functions start with `guard`.
    pub fn session() -> Option<Session> {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<CurrentSession>().cloned())
            .and_then(|s| s.0)
    }

    /// The caller, checked against the rule `F` declared (`access!`): its session when there is
    /// one; 401 or 403 otherwise. Every server function starts with this, so a call while a page
    /// renders on the server (past the HTTP check) is checked the same.
    pub fn guard<F: Guarded>() -> Result<Option<Session>, AppError> {
        if let Some(parts) = use_context::<http::request::Parts>() {
            let path = parts.uri.path();
            if path.starts_with("/api/") && path != F::PATH {
                tracing::error!(%path, guard = F::PATH, "a server function guards with another's rule");
                return Err(AppError::Internal);
            }
            if let Some(ran) = parts.extensions.get::<GuardRan>() {
                ran.mark();
            }
        }
        let session = session();
        F::ACCESS.allows(session.as_ref().map(|s| &s.viewer))?;
        Ok(session)
    }

    /// Like `guard`, for functions whose rule needs someone signed in.
    pub fn signed_in<F: Guarded>() -> Result<Session, AppError> {
        guard::<F>()?.ok_or(AppError::Unauthorized)
    }

    /// A note typed with a move (why an order was rejected or failed): trimmed, without control
    /// characters, at most 200 characters (the shopper reads it on the order page).
    pub fn note(raw: &str) -> String {
        raw.trim()
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect()
    }

    /// The client's address (attached by `security::allow_networks`).
    pub fn client() -> crate::server::security::ClientAddr {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .extensions
                    .get::<crate::server::security::ClientAddr>()
                    .copied()
            })
            .unwrap_or(crate::server::security::ClientAddr(None))
    }

    /// The application state the server handed to this request.
    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the server-function context");
            AppError::Internal
        })
    }
}
