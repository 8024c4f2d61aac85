//! What every list of goods shares: the cards, the facets, the sort links and the pager. Everything
//! is a plain link or GET form, so lists work without WASM.

use crate::{
    domain::{
        catalog::ProductCard,
        search::{FacetValue, ListParams, Sort},
    },
    i18n::Msg,
    page::catalog::ListPage,
    ui::{
        i18n::{loc, t, use_lang, won},
        picture::PictureView,
        review::RatingBadge,
    },
};
use leptos::prelude::*;

/// Cards in the first row load at once; the rest only when scrolled near.
const EAGER_CARDS: usize = 4;

#[component]
pub fn ProductGrid(products: Vec<ProductCard>) -> impl IntoView {
    view! {
        <ul class="cards" data-testid="product-list" aria-label=t(Msg::GoodsList)>
            {products
                .into_iter()
                .enumerate()
                .map(|(i, p)| view! { <ProductCardView product=p eager=i < EAGER_CARDS/> })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn ProductCardView(product: ProductCard, #[prop(optional)] eager: bool) -> impl IntoView {
    let lang = use_lang();
    let ProductCard {
        id,
        name,
        price,
        unit,
        seller,
        stock,
        picture,
        rating,
        ..
    } = product;
    let alt = name.clone();
    view! {
        <li class="card" data-testid="product-card">
            <a href=format!("/p/{id}")>
                {picture.map(|p| {
                    view! { <PictureView picture=p alt sizes="(min-width: 720px) 200px, 45vw" eager/> }
                })}
                <span class="card-name">{loc(name)}</span>
                <span class="card-seller">{loc(seller)}</span>
                <span class="card-unit">
                    {format!("{} · {}", unit.label(lang), unit.unit_price(price).label(lang))}
                </span>
                <span class="price">{won(price)}</span>
                <RatingBadge rating/>
                {(stock == 0).then(|| view! { <span class="badge">{t(Msg::OutOfStock)}</span> })}
            </a>
        </li>
    }
}

/// Sort links, facets and pager around a grid of results. `path` is the page the links point to.
#[component]
pub fn ListView(
    list: ListPage,
    path: String,
    #[prop(optional)] hide: Option<&'static str>,
) -> impl IntoView {
    let lang = use_lang();
    let ListPage {
        params,
        total,
        items,
        facets,
        suggestion,
    } = list.clone();
    let pages = list.pages();
    let empty = items.is_empty();
    let p = params.clone();
    let form_path = path.clone();
    let form_path_2 = path.clone();
    let href = move |next: ListParams| next.href(&path);
    let href2 = href.clone();
    let href3 = href.clone();
    let href4 = href.clone();
    view! {
        <div class="list">
            <aside class="facets" aria-label=t(Msg::Filters)>
                {(hide != Some("category")).then(|| view! {
                    <FacetGroup title=Msg::Category values=facets.categories.clone() selected=params.category.clone()
                        link=Callback::new({ let (p, h) = (p.clone(), href.clone()); move |v: Option<String>| h(p.with(|n| n.category = v)) })/>
                })}
                {(hide != Some("seller")).then(|| view! {
                    <FacetGroup title=Msg::Seller values=facets.sellers.clone() selected=params.seller.clone()
                        link=Callback::new({ let (p, h) = (p.clone(), href.clone()); move |v: Option<String>| h(p.with(|n| n.seller = v)) })/>
                })}
                <FacetGroup title=Msg::SellerCity values=facets.cities.clone() selected=params.city.clone()
                    link=Callback::new({ let (p, h) = (p.clone(), href.clone()); move |v: Option<String>| h(p.with(|n| n.city = v)) })/>
                <section class="facet">
                    <h3>{t(Msg::Stock)}</h3>
                    <a href=href2(p.with(|n| n.in_stock = !n.in_stock)) class=if params.in_stock { "chip on" } else { "chip" } data-testid="facet-in-stock">
                        {t(Msg::InStockOnly)} " (" {facets.in_stock} ")"
                    </a>
                </section>
                <PriceForm params=params.clone() path=form_path/>
            </aside>
            <div class="results">
                <div class="list-head">
                    <p class="count" data-testid="result-count" role="status">
                        {format!("{total}{}", Msg::Results.text(lang))}
                    </p>
                    <nav class="sorts" aria-label=t(Msg::SortBy)>
                        {Sort::ALL.into_iter().filter(|s| *s != Sort::Relevance || !params.q.is_empty()).map(|s| {
                            let on = s == params.sort;
                            view! {
                                <a href=href3(p.with(|n| n.sort = s)) class=if on { "chip on" } else { "chip" } aria-current=on.then_some("true")>
                                    {t(sort_label(s))}
                                </a>
                            }
                        }).collect_view()}
                    </nav>
                </div>
                {if empty {
                    view! {
                        <p class="empty" data-testid="no-results">{t(Msg::NoResults)}</p>
                        {suggestion.map(|q| {
                            let (before, after) = crate::ui::words::did_you_mean(&q, lang);
                            let href = ListParams { q: q.clone(), page: 1, ..params.clone() }.href(&form_path_2);
                            view! {
                                <p class="suggest" data-testid="did-you-mean">
                                    {before}<a href=href>{q}</a>{after}
                                </p>
                            }
                        })}
                    }.into_any()
                } else {
                    view! { <ProductGrid products=items/> }.into_any()
                }}
                {(pages > 1 || params.page > 1).then(|| view! {
                    <nav class="pager" aria-label=t(Msg::PageOf)>
                        {(params.page > 1).then(|| view! { <a href=href4(params.with_page(params.page - 1)) rel="prev">{t(Msg::Previous)}</a> })}
                        <span>{format!("{} {} / {}", t(Msg::PageOf), params.page, pages)}</span>
                        {(params.page < pages).then(|| view! { <a href=href(params.with_page(params.page + 1)) rel="next">{t(Msg::Next)}</a> })}
                    </nav>
                })}
            </div>
        </div>
    }
}

fn sort_label(s: Sort) -> Msg {
    match s {
        Sort::Relevance => Msg::SortRelevance,
        Sort::PriceAsc => Msg::SortPriceAsc,
        Sort::PriceDesc => Msg::SortPriceDesc,
        Sort::UnitPrice => Msg::SortUnitPrice,
        Sort::Newest => Msg::SortNewest,
        Sort::Rating => Msg::SortRating,
    }
}

#[component]
fn FacetGroup(
    title: Msg,
    values: Vec<FacetValue>,
    selected: Option<String>,
    link: Callback<Option<String>, String>,
) -> impl IntoView {
    let any = selected.is_some();
    view! {
        <section class="facet">
            <h3>{t(title)}</h3>
            <ul>
                {any.then(|| view! { <li><a href=link.run(None) class="chip">{t(Msg::All)}</a></li> })}
                {values.into_iter().map(|v| {
                    let on = selected.as_deref() == Some(v.slug.as_str());
                    view! {
                        <li>
                            <a href=link.run(Some(v.slug.clone())) class=if on { "chip on" } else { "chip" } aria-current=on.then_some("true")>
                                {loc(v.name)} " (" {v.count} ")"
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// A GET form: the price range, keeping every other parameter.
#[component]
fn PriceForm(params: ListParams, path: String) -> impl IntoView {
    let hidden: Vec<(&str, String)> = [
        ("q", Some(params.q.clone()).filter(|q| !q.is_empty())),
        ("category", params.category.clone()),
        ("seller", params.seller.clone()),
        ("city", params.city.clone()),
        ("in_stock", params.in_stock.then(|| "1".to_string())),
        ("sort", Some(params.sort.code().to_string())),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    view! {
        <form class="facet price-range" method="get" action=path>
            <h3>{t(Msg::PriceRange)}</h3>
            {hidden.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
            <label>{t(Msg::MinPrice)} <input name="min" inputmode="decimal" size="6" value=params.min.map(|w| w.to_string())/></label>
            <label>{t(Msg::MaxPrice)} <input name="max" inputmode="decimal" size="6" value=params.max.map(|w| w.to_string())/></label>
            <button type="submit">{t(Msg::Apply)}</button>
        </form>
    }
}
