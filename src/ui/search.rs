//! The search box on every page and `/search`.

use crate::{
    api::catalog::search,
    domain::search::{ListParams, MAX_QUERY_CHARS},
    i18n::Msg,
    ui::{head::PageTitle, i18n::t, list::ListView, load::load},
};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The list parameters in the request's URL.
pub fn list_params() -> ListParams {
    use_query_map().with_untracked(|q| ListParams::from_query(|k| q.get(k)))
}

/// A parameter of the route (`slug` in `/c/:slug`); empty when it is missing.
pub fn route_param(name: &str) -> String {
    use_params_map().with_untracked(|p| p.get(name).unwrap_or_default())
}

/// The header's search form: a plain GET form to `/search` (the `SearchBox` island around it makes
/// the results follow typing).
#[component]
pub fn SearchForm() -> impl IntoView {
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
                value=list_params().q
            />
            <button type="submit">{t(Msg::SearchButton)}</button>
        </form>
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let params = list_params();
    let truncated = use_query_map().with_untracked(|q| {
        q.get("q")
            .is_some_and(|q| q.chars().count() > MAX_QUERY_CHARS)
    });
    let title = match params.q.as_str() {
        "" => t(Msg::SearchTitle).to_string(),
        q => format!("{q} · {}", t(Msg::SearchTitle)),
    };
    view! {
        <PageTitle text=title/>
        <h1 class="visually-hidden">{t(Msg::SearchTitle)}</h1>
        {truncated.then(|| view! {
            <p class="notice-inline" role="status" data-testid="query-cut">{t(Msg::QueryTooLong)}</p>
        })}
        {load(search(params), |list| view! { <ListView list path="/search".to_string()/> })}
    }
}
