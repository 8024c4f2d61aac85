//! `/c/{slug}`: a category with its subcategories and goods.

use crate::{
    api::catalog::get_category_page,
    i18n::Msg,
    ui::{
        errors::ErrorPage,
        head::PageTitle,
        i18n::{loc, t},
        list::ListView,
        search::use_list_params,
    },
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

#[component]
pub fn CategoryPage() -> impl IntoView {
    let route = use_params_map();
    let params = use_list_params();
    let page = Resource::new(
        move || (route.read().get("slug").unwrap_or_default(), params.get()),
        |(slug, params)| get_category_page(slug, params),
    );
    view! {
        <Transition fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        let path = format!("/c/{}", page.category.slug);
                        let name = page.category.name.clone();
                        let title = loc(name.clone());
                        view! {
                            <PageTitle text=title()/>
                            <nav class="crumbs" aria-label=t(Msg::Category)>
                                <A href="/">{t(Msg::Home)}</A>
                                {page.parent.map(|p| view! {
                                    " › " <A href=format!("/c/{}", p.slug)>{loc(p.name.clone())}</A>
                                })}
                            </nav>
                            <h1>{title}</h1>
                            {(!page.children.is_empty()).then(|| view! {
                                <ul class="categories" aria-label=t(Msg::Subcategories)>
                                    {page.children.into_iter().map(|c| view! {
                                        <li><A href=format!("/c/{}", c.slug)>{loc(c.name.clone())}</A></li>
                                    }).collect_view()}
                                </ul>
                            })}
                            <ListView list=page.list path hide="category"/>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}
