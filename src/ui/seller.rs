//! `/s/{slug}`: a seller's storefront.

use crate::{
    api::catalog::get_seller_page,
    domain::catalog::SellerKind,
    i18n::Msg,
    page::catalog::SellerPage as Page,
    ui::{
        head::PageTitle,
        i18n::{loc, t},
        list::ListView,
        load::load,
        search::{list_params, route_param},
    },
};
use leptos::prelude::*;

pub fn kind_label(kind: SellerKind) -> Msg {
    match kind {
        SellerKind::Factory => Msg::Factory,
        SellerKind::Store => Msg::Store,
        SellerKind::Restaurant => Msg::Restaurant,
    }
}

#[component]
pub fn SellerPage() -> impl IntoView {
    load(
        get_seller_page(route_param("slug"), list_params()),
        storefront,
    )
}

fn storefront(page: Page) -> impl IntoView {
    let seller = page.seller;
    let path = format!("/s/{}", seller.slug);
    let title = loc(seller.name);
    view! {
        <PageTitle text=title.clone()/>
        <header class="storefront" data-testid="storefront">
            <h1>{title}</h1>
            <p class="muted">{t(kind_label(seller.kind))} " · " {loc(seller.city)}</p>
        </header>
        <h2>{t(Msg::GoodsOfSeller)}</h2>
        <ListView list=page.list path hide="seller"/>
    }
}
