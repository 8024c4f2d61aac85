//! Server functions, one module per capability. Each one is thin: it parses its input into domain
//! types, calls the data layer or a service, and returns a DTO or an `AppError`.

pub mod catalog;

#[cfg(feature = "ssr")]
mod ssr {
    use crate::{error::AppError, server::state::AppState};
    use leptos::prelude::*;

    /// The application state the server handed to this request.
    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the server-function context");
            AppError::Internal
        })
    }
}
