//! The only code that runs in the browser: three small islands that improve pages the server has
//! already rendered whole. Each wraps server-rendered markup (its children) and listens to it; none
//! renders content of its own, so every page reads and works the same without WASM, and the
//! browser code stays the same size whatever pages are added.
//!
//! - `Enhance` (around every page's content): posts the page's forms in the background and puts
//!   the server's answer in place: no reload, the submit button says it is busy, errors appear
//!   beside their fields; an upload's progress bar fills as its file goes.
//! - `SearchBox` (the header's search form): results follow typing.
//! - `LiveRegion` (an open order, a kitchen's screen): follows the server until it is settled,
//!   asking a small endpoint whether anything changed (a bodiless 304 while nothing did).

use super::PAGE_ID;
use leptos::prelude::*;

/// Every `<form method="post">` of the page is sent in the background; the server answers as it
/// would a browser without WASM (the next page, or this page again with the form's problems), and
/// that answer replaces the content, or is navigated to when it is another page.
#[island]
pub fn Enhance(children: Children) -> impl IntoView {
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        super::browser::submit(ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! { <div id=PAGE_ID on:submit=on_submit>{children()}</div> }
}

/// The header's search form: after a pause in typing, the results of what is typed replace the
/// page's content and the address follows, while the box keeps the focus.
#[island]
pub fn SearchBox(children: Children) -> impl IntoView {
    let on_input = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        super::browser::search_as_you_type(ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! { <div class="search-box" on:input=on_input>{children()}</div> }
}

/// The part of a page that follows the server (an open order, a kitchen's screen): every few
/// seconds (while the page is in view) it asks `source` (an endpoint answering with a version and
/// a bodiless 304 while it holds) whether `version` still holds, and only when it changed reads
/// the page again and puts the new version of this part in place, until the server marks it
/// settled (`data-settled`). A new `[data-chime]` element in it (a new order in a kitchen) sounds
/// a short tone; `[data-countdown]` times count down the minutes between polls.
#[island]
pub fn LiveRegion(
    id: String,
    source: String,
    version: String,
    children: Children,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    super::browser::follow(id.clone(), source, version);
    #[cfg(not(feature = "hydrate"))]
    let _ = (source, version);
    view! { <div id=id>{children()}</div> }
}
