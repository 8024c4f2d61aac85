//! Server functions, one module per capability. Each one is thin: it parses its input into domain
//! types, calls the data layer or a service, and returns a DTO or an `AppError`.

pub mod catalog;
pub mod compare;

#[cfg(feature = "ssr")]
mod ssr {
    use crate::{error::AppError, server::state::AppState};
    use leptos::prelude::*;

    /// The request's `Cookie:` header (empty when there is none).
    pub fn cookies() -> String {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get(http::header::COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            })
            .unwrap_or_default()
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

    /// The application state the server handed to this request.
    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the server-function context");
            AppError::Internal
        })
    }
}
