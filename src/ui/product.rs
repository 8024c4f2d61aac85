//! `/p/{id}`: one product.

use crate::{
    api::catalog::get_product,
    domain::{catalog::ProductDetail, ProductId},
    error::AppError,
    i18n::Msg,
    ui::{
        errors::ErrorPage,
        i18n::{t, use_lang},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_params_map};

#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|raw| raw.parse::<ProductId>().ok())
    };
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_product(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) => view! { <ProductView product=p/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProductView(product: ProductDetail) -> impl IntoView {
    let lang = use_lang();
    let ProductDetail {
        name,
        description,
        price,
        unit,
        stock,
        category,
        seller,
        ..
    } = product;
    let title = move || name.get(lang.get()).to_string();
    view! {
        <Title text=title.clone()/>
        <article class="product" data-testid="product">
            <nav class="crumbs" aria-label=t(Msg::Category)>
                <A href="/">{t(Msg::Home)}</A>
                " › "
                <span>{move || category.name.get(lang.get()).to_string()}</span>
            </nav>
            <h1>{title}</h1>
            <p class="price big" data-testid="price">{move || lang.get().won(price)}</p>
            <dl class="facts">
                <dt>{t(Msg::UnitSize)}</dt>
                <dd>{move || unit.label(lang.get())}</dd>
                <dt>{t(Msg::Seller)}</dt>
                <dd>{move || seller.name.get(lang.get()).to_string()}</dd>
                <dt>{t(Msg::City)}</dt>
                <dd>{move || seller.city.get(lang.get()).to_string()}</dd>
                <dt>{t(Msg::Stock)}</dt>
                <dd>{move || match (stock, lang.get()) {
                    (0, l) => Msg::OutOfStock.text(l).to_string(),
                    (n, l) => format!("{n}{}", Msg::InStockUnits.text(l)),
                }}</dd>
            </dl>
            <h2>{t(Msg::Description)}</h2>
            <p class="description">{move || description.get(lang.get()).to_string()}</p>
        </article>
    }
}
