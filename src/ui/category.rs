//! `/c/{slug}`: a category with its subcategories and goods.

use crate::{
    api::catalog::get_category_page,
    i18n::Msg,
    page::catalog::CategoryPage as Page,
    ui::{
        head::PageTitle,
        i18n::{loc, t},
        list::ListView,
        load::load,
        search::{list_params, route_param},
    },
};
use leptos::prelude::*;

#[component]
pub fn CategoryPage() -> impl IntoView {
    load(
        get_category_page(route_param("slug"), list_params()),
        category,
    )
}

fn category(page: Page) -> impl IntoView {
    let path = format!("/c/{}", page.category.slug);
    let title = loc(page.category.name);
    view! {
        <PageTitle text=title.clone()/>
        <nav class="crumbs" aria-label=t(Msg::Category)>
            <a href="/">{t(Msg::Home)}</a>
            {page.parent.map(|p| view! {
                " › " <a href=format!("/c/{}", p.slug)>{loc(p.name)}</a>
            })}
        </nav>
        <h1>{title}</h1>
        {(!page.children.is_empty()).then(|| view! {
            <ul class="categories" aria-label=t(Msg::Subcategories)>
                {page.children.into_iter().map(|c| view! {
                    <li><a href=format!("/c/{}", c.slug)>{loc(c.name)}</a></li>
                }).collect_view()}
            </ul>
        })}
        <ListView list=page.list path hide="category"/>
    }
}
