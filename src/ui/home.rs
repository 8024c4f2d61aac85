//! `/`: the category tree's top level and the newest goods.

use crate::{
    api::catalog::get_home_page,
    domain::catalog::ProductCard,
    i18n::Msg,
    ui::{
        errors::ErrorPage,
        i18n::{t, use_lang},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_home_page());
    view! {
        <Title text=""/>
        <Suspense fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(home) => view! {
                        <section aria-labelledby="categories-h">
                            <h2 id="categories-h">{t(Msg::Categories)}</h2>
                            <ul class="categories">
                                {home.categories.into_iter().map(|c| view! {
                                    <li>{move || c.name.get(lang.get()).to_string()}</li>
                                }).collect_view()}
                            </ul>
                        </section>
                        <section aria-labelledby="new-h">
                            <h2 id="new-h">{t(Msg::NewGoods)}</h2>
                            <ul class="cards" data-testid="product-list">
                                {home.products.into_iter().map(|p| view! { <ProductCardView product=p/> }).collect_view()}
                            </ul>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ProductCardView(product: ProductCard) -> impl IntoView {
    let lang = use_lang();
    let ProductCard {
        id,
        name,
        price,
        unit,
        seller,
    } = product;
    let name_text = {
        let name = name.clone();
        move || name.get(lang.get()).to_string()
    };
    view! {
        <li class="card" data-testid="product-card">
            <A href=format!("/p/{id}")>
                <span class="card-name">{name_text}</span>
                <span class="card-seller">{move || seller.get(lang.get()).to_string()}</span>
                <span class="card-unit">{move || unit.label(lang.get())}</span>
                <span class="price">{move || lang.get().won(price)}</span>
            </A>
        </li>
    }
}
