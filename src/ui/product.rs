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
        head::PageTitle,
        i18n::{loc, t, use_lang, won},
        load::load,
        picture::PictureView,
        review::{ProductReviewsSection, RatingBadge},
        search::route_param,
    },
};
use leptos::prelude::*;

#[component]
pub fn ProductPage() -> impl IntoView {
    let id = route_param("id").parse::<ProductId>();
    let fetch = async move { get_product(id.map_err(|_| AppError::NotFound)?).await };
    load(fetch, |page| view! { <ProductView page/> })
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
        on_schedule,
        ..
    } = product;
    let delivery = offer.delivery;
    let title = loc(name.clone());
    view! {
        <PageTitle text=title.clone()/>
        <article class="product" data-testid="product">
            <nav class="crumbs" aria-label=t(Msg::Category)>
                <a href="/">{t(Msg::Home)}</a>
                " › "
                <a href=format!("/c/{}", category.slug)>{loc(category.name)}</a>
            </nav>
            <div class="product-main">
                <div class="gallery" aria-label=t(Msg::Pictures)>
                    {pictures.first().copied().map(|p| view! {
                        <PictureView picture=p alt=name.clone() sizes="(min-width: 720px) 420px, 92vw" eager=true large=true/>
                    })}
                </div>
                <section class="buy" data-testid="buy" aria-label=title.clone()>
                    <h1>{title.clone()}</h1>
                    <p class="price big" data-testid="price">{won(price)}</p>
                    <RatingBadge rating=offer.rating/>
                    <p class="unit-price" data-testid="unit-price">{unit.unit_price(price).label(lang)}</p>
                    <dl class="facts">
                        <dt>{t(Msg::UnitSize)}</dt>
                        <dd>{unit.label(lang)}</dd>
                        <dt>{t(Msg::Seller)}</dt>
                        <dd><a href=format!("/s/{}", seller.slug)>{loc(seller.name)}</a></dd>
                        <dt>{t(Msg::City)}</dt>
                        <dd>{loc(seller.city.clone())}</dd>
                        <dt>{t(Msg::Stock)}</dt>
                        <dd>{match stock {
                            0 => t(Msg::OutOfStock).to_string(),
                            n => format!("{n}{}", t(Msg::InStockUnits)),
                        }}</dd>
                    </dl>
                    <p class="delivery" data-testid="delivery">
                        {{
                            let l = lang;
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
                    {on_schedule.then(|| view! {
                        <p><a href=format!("/subscriptions/new?item={id}") data-testid="subscribe-link">{t(Msg::DeliverOnSchedule)}</a></p>
                    })}
                </section>
            </div>
            <DeliverToPicker deliver_to/>
            <section class="history" aria-labelledby="history-h">
                <h2 id="history-h">{t(Msg::PriceHistory)}</h2>
                <PriceChart history/>
            </section>
            {voice.map(|v| view! {
                <section class="media">
                    <h2 id="voice-h">{t(Msg::VoiceDescription)}</h2>
                    <audio controls preload="none" src=v.url(lang) data-testid="voice"
                        aria-labelledby="voice-h"></audio>
                </section>
            })}
            {video.map(|video| view! {
                <section class="media">
                    <h2 id="video-h">{t(Msg::Video)}</h2>
                    <video controls aria-labelledby="video-h" preload="none" width="320" height="240" src=video.url() data-testid="video"></video>
                </section>
            })}
            <h2>{t(Msg::Description)}</h2>
            <p class="description">{loc(description)}</p>
            <ProductReviewsSection id/>
            {(!other_offers.is_empty()).then(|| view! {
                <section class="offers" data-testid="other-offers" aria-labelledby="offers-h">
                    <h2 id="offers-h">{t(Msg::OtherSellers)}</h2>
                    <OffersTable offers=other_offers cheapest/>
                    {good.map(|g| view! {
                        <p><a href=format!("/g/{}", g.slug) data-testid="group-link">{t(Msg::AllOffers)}</a></p>
                    })}
                </section>
            })}
        </article>
    }
}
