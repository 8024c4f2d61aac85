//! The search box on every page and `/search`.

use crate::{
    api::catalog::search,
    domain::search::{ListParams, MAX_QUERY_CHARS},
    i18n::Msg,
    ui::{errors::ErrorPage, head::PageTitle, i18n::t, list::ListView},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The list parameters in the current URL.
pub fn use_list_params() -> Memo<ListParams> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        ListParams::from_query(|k| q.get(k))
    })
}

/// The header's search form: a plain GET form to `/search` (the `SearchBox` island around it makes
/// the results follow typing).
#[component]
pub fn SearchForm() -> impl IntoView {
    let params = use_list_params();
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
                value=params.get_untracked().q
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
