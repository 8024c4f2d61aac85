//! `/`: the category tree's top level and the newest goods.

use crate::{
    api::catalog::get_home_page,
    i18n::Msg,
    page::catalog::HomePage as Home,
    ui::{
        head::PageTitle,
        i18n::{loc, t},
        list::ProductGrid,
        load::load,
    },
};
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <PageTitle text=""/>
        {load(get_home_page(), home)}
    }
}

fn home(home: Home) -> impl IntoView {
    if home.products.is_empty() {
        return view! { <p class="empty">{t(Msg::ShopEmpty)}</p> }.into_any();
    }
    view! {
        <section aria-labelledby="categories-h">
            <h2 id="categories-h">{t(Msg::Categories)}</h2>
            <ul class="categories">
                {home.categories.into_iter().map(|c| view! {
                    <li><a href=format!("/c/{}", c.slug)>{loc(c.name)}</a></li>
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="new-h">
            <h2 id="new-h">{t(Msg::NewGoods)}</h2>
            <ProductGrid products=home.products/>
        </section>
    }
    .into_any()
}
