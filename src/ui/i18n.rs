//! The current UI language as a signal in context, and helpers to read strings through it.

use crate::{
    domain::{catalog::Localized, Won},
    i18n::{Lang, Msg, LANG_COOKIE},
};
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct CurrentLang(RwSignal<Lang>);

/// The language the request asked for: the `lang` cookie on the server, the document's `lang`
/// attribute (which the server wrote) in the browser.
pub fn request_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get(http::header::COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .map(Lang::from_cookie_header)
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|el| el.get_attribute("lang"))
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }
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

/// Switches the language: every string re-renders, the choice is remembered in a cookie, and the
/// document's `lang` attribute follows.
pub fn set_lang(lang: Lang) {
    if let Some(CurrentLang(sig)) = use_context::<CurrentLang>() {
        sig.set(lang);
    }
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let doc = document();
        if let Some(el) = doc.document_element() {
            let _ = el.set_attribute("lang", lang.code());
        }
        if let Ok(html) = doc.dyn_into::<web_sys::HtmlDocument>() {
            let _ = html.set_cookie(&format!(
                "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                lang.code()
            ));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = LANG_COOKIE;
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
