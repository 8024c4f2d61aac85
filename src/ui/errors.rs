//! Error pages. On the server they also set the response's HTTP status.

use crate::{
    domain::LocalPath,
    error::AppError,
    i18n::Msg,
    ui::{form::here, head::PageTitle, i18n::t, sign_in::SignInForm},
};
use leptos::prelude::*;

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
        <PageTitle text=t(Msg::NotFoundTitle)/>
        <section class="notice" data-testid="not-found">
            <h1>{t(Msg::NotFoundTitle)}</h1>
            <p>{t(message.unwrap_or(Msg::NotFoundBody))}</p>
            <p><a href="/">{t(Msg::BackToHome)}</a></p>
        </section>
    }
}

/// The page for an error a server function returned.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    match error {
        AppError::NotFound => return view! { <NotFound/> }.into_any(),
        AppError::Unauthorized => return view! { <Unauthorized/> }.into_any(),
        AppError::Forbidden => return view! { <Forbidden/> }.into_any(),
        _ => {}
    }
    set_status(error.status_code());
    let (title, body) = match &error {
        AppError::BadRequest(_) => (Msg::BadRequestTitle, Msg::NotFoundBody),
        _ => (Msg::ErrorTitle, Msg::ErrorBody),
    };
    view! {
        <PageTitle text=t(title)/>
        <section class="notice" role="alert">
            <h1>{t(title)}</h1>
            <p>{t(body)}</p>
            <p><a href="/">{t(Msg::BackToHome)}</a></p>
        </section>
    }
    .into_any()
}

/// 401: the page needs someone signed in. The sign-in form in its place, which comes back to this
/// very page, query and all (`/checkout?item=1&qty=3`).
#[component]
pub fn Unauthorized() -> impl IntoView {
    set_status(http::StatusCode::UNAUTHORIZED);
    let here = LocalPath::parse(&here()).unwrap_or_else(LocalPath::home);
    view! {
        <PageTitle text=t(Msg::UnauthorizedTitle)/>
        <section class="auth" data-testid="unauthorized">
            <h1>{t(Msg::UnauthorizedTitle)}</h1>
            <p>{t(Msg::UnauthorizedBody)}</p>
            <SignInForm next=here/>
        </section>
    }
}

/// 403: signed in, but this page is for another role.
#[component]
pub fn Forbidden() -> impl IntoView {
    set_status(http::StatusCode::FORBIDDEN);
    view! {
        <PageTitle text=t(Msg::ForbiddenTitle)/>
        <section class="notice" data-testid="forbidden">
            <h1>{t(Msg::ForbiddenTitle)}</h1>
            <p>{t(Msg::ForbiddenBody)}</p>
            <p><a href="/">{t(Msg::BackToHome)}</a></p>
        </section>
    }
}
