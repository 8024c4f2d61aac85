//! The sign-in form, which the sign-in page and every page that needs someone signed in show, and
//! the header's way to it: both come back to the page the shopper was on.

use crate::{
    api::account::{SignIn, SignInField},
    domain::LocalPath,
    i18n::Msg,
    ui::{
        form::{here, FormError, Input, PostForm, SubmitButton},
        i18n::t,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

/// The sign-in page's address that comes back to the page being rendered (plain `/login` from
/// the home page and from the sign-in and sign-up pages themselves).
pub fn sign_in_href() -> String {
    match LocalPath::parse(&here()) {
        Some(p) if !is_sign_in_page(p.as_str()) && p.as_str() != "/" => {
            format!("/login?next={}", p.encoded())
        }
        _ => "/login".into(),
    }
}

/// `/login` and `/signup` (with or without a query).
fn is_sign_in_page(path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    path == "/login" || path == "/signup"
}

/// Phone number and password; a success goes on to `next`. The sign-in page has it, and so has
/// every page that needs someone signed in, in its place (the same address again once signed in).
#[component]
pub fn SignInForm(next: LocalPath) -> impl IntoView {
    view! {
        <PostForm action={<SignIn as ServerFn>::url()} hidden=vec![("next", next.to_string())] class="form">
            <Input field=SignInField::Phone label=Msg::Phone kind="tel"
                autocomplete="username" inputmode="tel" hint=Msg::PhoneHint/>
            <Input field=SignInField::Password label=Msg::Password kind="password"
                autocomplete="current-password"/>
            <FormError/>
            <SubmitButton label=Msg::SignIn/>
        </PostForm>
        <p>{t(Msg::NoAccount)} " " <a href="/signup">{t(Msg::SignUp)}</a></p>
    }
}
