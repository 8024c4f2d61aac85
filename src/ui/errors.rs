//! Error pages. On the server they also set the response's HTTP status.

use crate::{error::AppError, i18n::Msg, ui::i18n::t};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Sets the HTTP status of the page being rendered on the server (no-op in the browser).
pub fn set_status(status: http::StatusCode) {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

#[component]
pub fn NotFound(#[prop(optional)] message: Option<Msg>) -> impl IntoView {
    set_status(http::StatusCode::NOT_FOUND);
    view! {
        <Title text=t(Msg::NotFoundTitle)/>
        <section class="notice" data-testid="not-found">
            <h1>{t(Msg::NotFoundTitle)}</h1>
            <p>{t(message.unwrap_or(Msg::NotFoundBody))}</p>
            <p><A href="/">{t(Msg::BackToHome)}</A></p>
        </section>
    }
}

/// The page for an error a server function returned.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    if error == AppError::NotFound {
        return view! { <NotFound/> }.into_any();
    }
    set_status(error.status_code());
    let (title, body) = match &error {
        AppError::BadRequest(_) => (Msg::BadRequestTitle, Msg::NotFoundBody),
        _ => (Msg::ErrorTitle, Msg::ErrorBody),
    };
    view! {
        <Title text=t(title)/>
        <section class="notice" role="alert">
            <h1>{t(title)}</h1>
            <p>{t(body)}</p>
            <p><A href="/">{t(Msg::BackToHome)}</A></p>
        </section>
    }
    .into_any()
}
