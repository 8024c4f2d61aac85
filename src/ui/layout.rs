//! The frame around every page: header with the language switch, footer.

use crate::{
    i18n::Msg,
    ui::{
        account::AccountLink,
        cart::CartLink,
        compare::TrayLink,
        i18n::{set_lang, t, use_lang},
        search::SearchBox,
    },
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <a class="skip" href="#main">{t(Msg::SkipToContent)}</a>
        <header class="top">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"옥"</span>
                <span class="brand-name">{t(Msg::SiteName)}</span>
            </A>
            <SearchBox/>
            <TrayLink/>
            <CartLink/>
            <AccountLink/>
            <LangSwitch/>
        </header>
    }
}

/// Without WASM this is a plain form that asks the server to set the cookie and come back; after
/// hydration it switches in place.
#[component]
fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let next = move || format!("{}{}", location.pathname.get(), location.search.get());
    let action = move || format!("/lang/{}", lang.get().other().code());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        set_lang(lang.get_untracked().other());
    };
    view! {
        <form class="lang" method="get" action=action on:submit=on_submit>
            <input type="hidden" name="next" value=next/>
            <button
                type="submit"
                data-testid="lang-switch"
                lang=move || lang.get().other().code()
                aria-label=t(Msg::SwitchLanguageLabel)
            >
                {t(Msg::SwitchLanguage)}
            </button>
        </form>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="bottom">
            <p>{t(Msg::Footer)}</p>
        </footer>
    }
}
