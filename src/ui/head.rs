//! What a page puts in the document's `<head>`.

use crate::{i18n::Msg, ui::i18n::use_lang};
use leptos::prelude::*;
use leptos_meta::Title;

/// The page's `<title>`: "{text} · 옥류", or the site's name alone for an empty text.
///
/// The whole text is worked out here, while the page renders, and handed on as a plain string:
/// the server writes `<title>` into the page only after the render, outside the request's
/// reactive arena, so a title that read a signal then would read another request's arena (or
/// none) and panic with "already disposed". It is written there as it is, unescaped, so it is
/// escaped here: a search for `</title><script>` or a seller's product name is text, never markup.
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    let site = Msg::SiteName.text(use_lang());
    let full = if text.is_empty() {
        site.to_string()
    } else {
        format!("{text} · {site}")
    };
    view! { <Title text=escape(&full)/> }
}

/// Text as HTML that shows it: `&`, `<`, `>`, `"` and `'` become character references.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_in_a_title_is_text() {
        assert_eq!(
            super::escape(r#"</title><script>"x" & 'y'"#),
            "&lt;/title&gt;&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;"
        );
        assert_eq!(super::escape("크림빵 · 옥류"), "크림빵 · 옥류");
    }
}
