//! The frame around every page: header with the language switch, footer.

use crate::{
    domain::LocalPath,
    i18n::Msg,
    ui::{
        account::AccountLink,
        cart::CartLink,
        compare::TrayLink,
        form::here,
        i18n::{t, use_lang},
        islands::SearchBox,
        search::SearchForm,
    },
};
use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <a class="skip" href="#main">{t(Msg::SkipToContent)}</a>
        <header class="top">
            <a href="/" class="brand">
                <span class="brand-mark" aria-hidden="true">"옥"</span>
                <span class="brand-name">{t(Msg::SiteName)}</span>
            </a>
            // A phone's header is two rows: the brand with the links, then the search box with
            // the language switch.
            <div class="top-actions">
                <TrayLink/>
                <CartLink/>
                <AccountLink/>
            </div>
            <SearchBox>
                <SearchForm/>
            </SearchBox>
            <LangSwitch/>
        </header>
    }
}

/// A plain form: the server remembers the choice in a cookie and sends the browser back to this
/// page, now in the other language.
#[component]
fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    let next = LocalPath::parse(&here()).unwrap_or_else(LocalPath::home);
    view! {
        <form class="lang" method="get" action=format!("/lang/{}", lang.other().code())>
            <input type="hidden" name="next" value=next.to_string()/>
            <button
                type="submit"
                data-testid="lang-switch"
                lang=lang.other().code()
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
