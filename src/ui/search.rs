//! The search box on every page and `/search`.

use crate::{
    api::catalog::search,
    domain::search::{ListParams, MAX_QUERY_CHARS},
    i18n::Msg,
    ui::{errors::ErrorPage, head::PageTitle, i18n::t, list::ListView},
};
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_location, use_navigate, use_query_map},
    NavigateOptions,
};
use std::time::Duration;

/// How long typing must pause before the results follow.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// The list parameters in the current URL.
pub fn use_list_params() -> Memo<ListParams> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        ListParams::from_query(|k| q.get(k))
    })
}

/// A plain GET form to `/search` (works without WASM). After hydration, typing updates the
/// results as you go: the URL follows the text after a short pause, and the list follows the URL.
#[component]
pub fn SearchBox() -> impl IntoView {
    let params = use_list_params();
    let location = use_location();
    let navigate = use_navigate();
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let navigate = navigate.clone();
        let on_search = location.pathname.get_untracked() == "/search";
        let handle = set_timeout_with_handle(
            move || {
                let next = if on_search {
                    params.get_untracked().with(|p| p.q = text.clone())
                } else {
                    ListParams {
                        q: text.clone(),
                        page: 1,
                        ..ListParams::default()
                    }
                };
                navigate(
                    &next.href("/search"),
                    NavigateOptions {
                        replace: on_search,
                        ..Default::default()
                    },
                );
            },
            DEBOUNCE,
        );
        pending.set_value(handle.ok());
    };
    view! {
        <form class="search" role="search" method="get" action="/search">
            <label class="visually-hidden" for="q">{t(Msg::SearchLabel)}</label>
            <input
                id="q"
                name="q"
                type="search"
                autocomplete="off"
                maxlength=MAX_QUERY_CHARS * 4
                placeholder=t(Msg::SearchPlaceholder)
                prop:value=move || params.read().q.clone()
                on:input=on_input
            />
            <button type="submit">{t(Msg::SearchButton)}</button>
        </form>
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let params = use_list_params();
    let query = use_query_map();
    let truncated = move || {
        query
            .read()
            .get("q")
            .is_some_and(|q| q.chars().count() > MAX_QUERY_CHARS)
    };
    let results = Resource::new(move || params.get(), search);
    view! {
        {move || {
            let text = match params.read().q.as_str() {
                "" => t(Msg::SearchTitle)().to_string(),
                q => format!("{q} · {}", t(Msg::SearchTitle)()),
            };
            view! { <PageTitle text/> }
        }}
        <h1 class="visually-hidden">{t(Msg::SearchTitle)}</h1>
        <Show when=truncated>
            <p class="notice-inline" role="status" data-testid="query-cut">{t(Msg::QueryTooLong)}</p>
        </Show>
        // A transition keeps the previous results on screen while the next ones load: no flicker.
        <Transition fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(list) => view! { <ListView list path="/search".to_string()/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}
