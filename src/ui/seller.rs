//! `/s/{slug}`: a seller's storefront.

use crate::{
    api::catalog::get_seller_page,
    domain::catalog::SellerKind,
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
use leptos_router::hooks::use_params_map;

pub fn kind_label(kind: SellerKind) -> Msg {
    match kind {
        SellerKind::Factory => Msg::Factory,
        SellerKind::Store => Msg::Store,
        SellerKind::Restaurant => Msg::Restaurant,
    }
}

#[component]
pub fn SellerPage() -> impl IntoView {
    let route = use_params_map();
    let params = use_list_params();
    let page = Resource::new(
        move || (route.read().get("slug").unwrap_or_default(), params.get()),
        |(slug, params)| get_seller_page(slug, params),
    );
    view! {
        <Transition fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        let seller = page.seller.clone();
                        let path = format!("/s/{}", seller.slug);
                        let name = seller.name.clone();
                        let title = loc(name.clone());
                        view! {
                            <PageTitle text=title()/>
                            <header class="storefront" data-testid="storefront">
                                <h1>{title}</h1>
                                <p class="muted">
                                    {t(kind_label(seller.kind))} " · " {loc(seller.city.clone())}
                                </p>
                            </header>
                            <h2>{t(Msg::GoodsOfSeller)}</h2>
                            <ListView list=page.list path hide="seller"/>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}
