//! `/`: the category tree's top level and the newest goods.

use crate::{
    api::catalog::get_home_page,
    i18n::Msg,
    ui::{
        errors::ErrorPage,
        head::PageTitle,
        i18n::{loc, t},
        list::ProductGrid,
    },
};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_home_page());
    view! {
        <PageTitle text=""/>
        <Suspense fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(home) => view! {
                        <section aria-labelledby="categories-h">
                            <h2 id="categories-h">{t(Msg::Categories)}</h2>
                            <ul class="categories">
                                {home.categories.into_iter().map(|c| view! {
                                    <li><A href=format!("/c/{}", c.slug)>{loc(c.name.clone())}</A></li>
                                }).collect_view()}
                            </ul>
                        </section>
                        <section aria-labelledby="new-h">
                            <h2 id="new-h">{t(Msg::NewGoods)}</h2>
                            <ProductGrid products=home.products/>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
