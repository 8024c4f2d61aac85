//! The current UI language as a signal in context, and helpers to read strings through it.

use crate::{
    domain::{catalog::Localized, Won},
    i18n::{Lang, Msg},
};
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct CurrentLang(RwSignal<Lang>);

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
    provide_context(CurrentLang(RwSignal::new(request_lang())));
}

/// The current language (Korean when no provider is found).
pub fn use_lang() -> Signal<Lang> {
    match use_context::<CurrentLang>() {
        Some(CurrentLang(sig)) => sig.into(),
        None => Signal::stored(Lang::default()),
    }
}

/// A reactive string: `{t(Msg::Home)}` in a view follows the language.
pub fn t(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || msg.text(lang.get())
}

/// A text in the current language. One closure type for every such text keeps the WASM small.
pub fn loc(text: Localized) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let lang = use_lang();
    move || text.get(lang.get()).to_string()
}

/// An amount of won as the current language writes it (`78원`, `₩78`).
pub fn won(amount: Won) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || lang.get().won(amount)
}
