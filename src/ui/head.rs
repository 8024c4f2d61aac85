//! What a page puts in the document's `<head>`.

use crate::{i18n::Msg, ui::i18n::use_lang};
use leptos::prelude::*;
use leptos_meta::Title;

/// The page's `<title>`: "{text} · 옥류", or the site's name alone for an empty text.
///
/// The whole text is worked out here, while the page renders, and handed on as a plain string:
/// the server writes `<title>` into the page only after the render, outside the request's
/// reactive arena, so a title that read a signal then would read another request's arena (or
/// none) and panic with "already disposed".
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    let site = Msg::SiteName.text(use_lang().get_untracked());
    let full = if text.is_empty() {
        site.to_string()
    } else {
        format!("{text} · {site}")
    };
    view! { <Title text=full/> }
}
