//! Server functions, one module per capability. Each one is thin: it parses its input into domain
//! types, calls the data layer or a service, and returns a DTO or an `AppError`.

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
    use crate::{error::AppError, server::state::AppState};
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

    /// The request's signed-in session, if any (attached by `auth::resolve_session`).
    pub fn session() -> Option<crate::server::auth::Session> {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .extensions
                    .get::<crate::server::auth::CurrentSession>()
                    .cloned()
            })
            .and_then(|s| s.0)
    }

    /// The session, if `access` lets its viewer (or a guest) in; 401 or 403 otherwise. Every
    /// server function that is not public starts with this: pages rendered on the server call
    /// server functions directly, past the HTTP-level check.
    pub fn require(
        access: crate::server::auth::Access,
    ) -> Result<Option<crate::server::auth::Session>, AppError> {
        let session = session();
        access.allows(session.as_ref().map(|s| &s.viewer))?;
        Ok(session)
    }

    /// Like `require`, for functions that need someone signed in.
    pub fn signed_in(
        access: crate::server::auth::Access,
    ) -> Result<crate::server::auth::Session, AppError> {
        require(access)?.ok_or(AppError::Unauthorized)
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
