//! `/p/{id}`: one product, its media, and the same good from other sellers.

use crate::ui::words::duration_label;
use crate::{
    api::catalog::get_product,
    domain::ProductId,
    error::AppError,
    i18n::Msg,
    page::catalog::{ProductDetail, ProductPage as Page},
    ui::{
        cart::BuyBox,
        chart::PriceChart,
        compare::{CompareButton, DeliverToPicker, OffersTable},
        errors::ErrorPage,
        head::PageTitle,
        i18n::{loc, t, use_lang, won},
        list::PictureView,
    },
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

/// Going from one product to another (a link among the other sellers) builds the page anew for
/// the new id, rather than swapping the data under the old page's buttons and forms.
#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|raw| raw.parse::<ProductId>().ok())
    });
    move || {
        let id = id.get();
        view! { <ProductById id/> }
    }
}

#[component]
fn ProductById(id: Option<ProductId>) -> impl IntoView {
    let data = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => get_product(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) => view! { <ProductView page=p/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProductView(page: Page) -> impl IntoView {
    let lang = use_lang();
    let Page {
        product,
        offer,
        cheapest,
        deliver_to,
    } = page;
    let ProductDetail {
        id,
        name,
        description,
        price,
        unit,
        stock,
        category,
        seller,
        pictures,
        voice,
        video,
        good,
        other_offers,
        history,
        ..
    } = product;
    let delivery = offer.delivery;
    let title = loc(name.clone());
    view! {
        <PageTitle text=title()/>
        <article class="product" data-testid="product">
            <nav class="crumbs" aria-label=t(Msg::Category)>
                <A href="/">{t(Msg::Home)}</A>
                " › "
                <A href=format!("/c/{}", category.slug)>{loc(category.name.clone())}</A>
            </nav>
            <div class="product-main">
                <div class="gallery" aria-label=t(Msg::Pictures)>
                    {pictures.first().copied().map(|p| view! {
                        <PictureView picture=p alt=name.clone() sizes="(min-width: 720px) 420px, 92vw" eager=true large=true/>
                    })}
                </div>
                <div class="buy" data-testid="buy">
                    <h1>{title}</h1>
                    <p class="price big" data-testid="price">{won(price)}</p>
                    <p class="unit-price" data-testid="unit-price">{move || unit.unit_price(price).label(lang.get())}</p>
                    <dl class="facts">
                        <dt>{t(Msg::UnitSize)}</dt>
                        <dd>{move || unit.label(lang.get())}</dd>
                        <dt>{t(Msg::Seller)}</dt>
                        <dd><A href=format!("/s/{}", seller.slug)>{loc(seller.name.clone())}</A></dd>
                        <dt>{t(Msg::City)}</dt>
                        <dd>{loc(seller.city.clone())}</dd>
                        <dt>{t(Msg::Stock)}</dt>
                        <dd>{move || match (stock, lang.get()) {
                            (0, l) => Msg::OutOfStock.text(l).to_string(),
                            (n, l) => format!("{n}{}", Msg::InStockUnits.text(l)),
                        }}</dd>
                    </dl>
                    <p class="delivery" data-testid="delivery">
                        {move || {
                            let l = lang.get();
                            match delivery {
                                None => Msg::ChooseDistrictHint.text(l).to_string(),
                                Some(Ok(q)) => format!(
                                    "{} {} · {} · {} · {} {}",
                                    Msg::DeliveryFee.text(l),
                                    l.won(q.fee),
                                    q.vehicle.label(l),
                                    duration_label(q.estimate_min, l),
                                    Msg::DeliveredTotal.text(l),
                                    l.won(q.total),
                                ),
                                Some(Err(why)) => why.label(l),
                            }
                        }}
                    </p>
                    <BuyBox id stock/>
                    <CompareButton id/>
                </div>
            </div>
            <DeliverToPicker deliver_to/>
            <section class="history">
                <h2>{t(Msg::PriceHistory)}</h2>
                <PriceChart history/>
            </section>
            {voice.map(|v| view! {
                <section class="media">
                    <h2>{t(Msg::VoiceDescription)}</h2>
                    <audio controls preload="none" src=move || v.url(lang.get()) data-testid="voice"></audio>
                </section>
            })}
            {video.map(|id| view! {
                <section class="media">
                    <h2>{t(Msg::Video)}</h2>
                    <video controls preload="none" width="320" height="240" src=format!("/media/{id}/video.webm")></video>
                </section>
            })}
            <h2>{t(Msg::Description)}</h2>
            <p class="description">{loc(description.clone())}</p>
            {(!other_offers.is_empty()).then(|| view! {
                <section class="offers" data-testid="other-offers">
                    <h2>{t(Msg::OtherSellers)}</h2>
                    <OffersTable offers=other_offers cheapest/>
                    {good.map(|g| view! {
                        <p><A href=format!("/g/{}", g.slug) attr:data-testid="group-link">{t(Msg::AllOffers)}</A></p>
                    })}
                </section>
            })}
        </article>
    }
}
