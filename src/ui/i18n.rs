//! The request's UI language in context, and the helpers that write strings in it. Pages are
//! rendered on the server once per request (switching the language is a new request), so these
//! are plain values, not signals.

use crate::{
    domain::{catalog::Localized, Won},
    i18n::{Lang, Msg},
};
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct CurrentLang(Lang);

/// The language the request asked for: its `lang` cookie (pages are rendered on the server).
pub fn request_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        crate::server::cookies::of_request(crate::server::cookies::Kind::Lang)
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    Lang::default()
}

pub fn provide_lang() {
    provide_context(CurrentLang(request_lang()));
}

/// The page's language (Korean when no provider is found).
pub fn use_lang() -> Lang {
    use_context::<CurrentLang>().map_or_else(Lang::default, |CurrentLang(lang)| lang)
}

/// A text of the UI in the page's language.
pub fn t(msg: Msg) -> &'static str {
    msg.text(use_lang())
}

/// A text in the page's language.
pub fn loc(text: Localized) -> String {
    text.get(use_lang()).to_string()
}

/// An amount of won as the page's language writes it (`78원`, `₩78`).
pub fn won(amount: Won) -> String {
    use_lang().won(amount)
}
