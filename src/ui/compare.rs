//! Price comparison: the compare tray, `/compare`, `/g/{slug}`, the district picker
//! and the offers table the product page shares.

use crate::ui::words::duration_label;
use crate::{
    api::compare::{get_comparison, get_group, CompareAdd, CompareRemove},
    domain::{
        compare::{Cheapest, CompareTray, ComparedOffer, DeliverTo},
        LocalPath, ProductId,
    },
    error::AppError,
    i18n::{Lang, Msg},
    page::compare::Column,
    ui::{
        form::{form_reply_for, here, PostForm},
        head::PageTitle,
        i18n::{loc, t, use_lang, won},
        load::load,
        picture::PictureView,
        search::route_param,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

#[derive(Clone)]
struct Tray(CompareTray);

/// The tray the request carries (its cookie).
fn request_tray() -> CompareTray {
    #[cfg(feature = "ssr")]
    {
        crate::server::cookies::of_request(crate::server::cookies::Kind::Compare)
            .map(|v| CompareTray::parse(&v))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    CompareTray::default()
}

pub fn provide_tray() {
    provide_context(Tray(request_tray()));
}

fn use_tray() -> CompareTray {
    use_context::<Tray>().map(|Tray(t)| t).unwrap_or_default()
}

/// The header's link to the comparison, with the number of items in the tray (which follows a
/// form sent in the background: `data-refresh`).
#[component]
pub fn TrayLink() -> impl IntoView {
    let count = use_tray().len();
    view! {
        <a href="/compare" class="tray-link" data-testid="compare-tray">
            {t(Msg::CompareTray)}
            <span class="count" id="compare-count" data-refresh="" data-testid="compare-count">{count}</span>
        </a>
    }
}

/// "Add to comparison" for one product, or a link to the comparison when it is in the tray
/// already; says so when the tray is full.
#[component]
pub fn CompareButton(id: ProductId) -> impl IntoView {
    if use_tray().contains(id) {
        return view! {
            <div class="compare-add">
                <a href="/compare" class="in-tray" data-testid="compare-in-tray">
                    {t(Msg::CompareInTray)}
                </a>
            </div>
        }
        .into_any();
    }
    let action = <CompareAdd as ServerFn>::url();
    let refused = form_reply_for(action, id).map(|r| match r.error {
        AppError::Refused(r) => r.msg(),
        _ => Msg::ErrorBody,
    });
    view! {
        <div class="compare-add">
            <PostForm action hidden=vec![("id", id.to_string())]>
                <button type="submit" class="secondary" data-testid="compare-add"
                    data-pending=t(Msg::Submitting)>
                    {t(Msg::CompareAdd)}
                </button>
            </PostForm>
            {refused.map(|m| view! {
                <p class="refused" role="alert" data-testid="compare-refused">{t(m)}</p>
            })}
        </div>
    }
    .into_any()
}

/// The district delivered prices are computed to. A plain GET form: the server remembers the
/// choice in a cookie and sends the shopper back to this page.
#[component]
pub fn DeliverToPicker(deliver_to: DeliverTo) -> impl IntoView {
    let lang = use_lang();
    let next = LocalPath::parse(&here())
        .unwrap_or_else(LocalPath::home)
        .to_string();
    let selected = deliver_to.selected.as_ref().map(|d| d.slug.clone());
    let options = deliver_to.options;
    view! {
        <form class="deliver-to" method="get" action="/deliver-to" data-testid="deliver-to">
            <label for="district">{t(Msg::DeliverTo)}</label>
            <select id="district" name="district">
                <option value="" selected=selected.is_none()>{t(Msg::ChooseDistrict)}</option>
                {options.into_iter().map(|d| {
                    let slug = d.slug.clone();
                    let is_selected = selected.as_deref() == Some(slug.as_str());
                    view! {
                        <option value=slug selected=is_selected>{d.label(lang)}</option>
                    }
                }).collect_view()}
            </select>
            <input type="hidden" name="next" value=next/>
            <button type="submit">{t(Msg::Apply)}</button>
            {selected.is_none().then(|| view! { <p class="hint">{t(Msg::ChooseDistrictHint)}</p> })}
        </form>
    }
}

fn delivery_fee(o: &ComparedOffer, lang: Lang) -> String {
    match o.delivery {
        None => Msg::ChooseDistrict.text(lang).to_string(),
        Some(Ok(q)) => lang.won(q.fee),
        Some(Err(why)) => why.label(lang),
    }
}

fn delivered_total(o: &ComparedOffer, lang: Lang) -> String {
    match o.delivery {
        Some(Ok(q)) => lang.won(q.total),
        _ => "—".to_string(),
    }
}

fn vehicle(o: &ComparedOffer, lang: Lang) -> String {
    match o.delivery {
        Some(Ok(q)) => {
            let km = q.distance.km();
            let long = if q.long_distance {
                format!(" · {}", Msg::LongDistance.text(lang))
            } else {
                String::new()
            };
            format!(
                "{} · {km} km · {}{long}",
                q.vehicle.label(lang),
                duration_label(q.estimate_min, lang)
            )
        }
        _ => "—".to_string(),
    }
}

fn stock(o: &ComparedOffer, lang: Lang) -> String {
    match o.stock {
        0 => Msg::OutOfStock.text(lang).to_string(),
        n => format!("{n}{}", Msg::InStockUnits.text(lang)),
    }
}

fn weight(o: &ComparedOffer, lang: Lang) -> String {
    let _ = lang;
    if o.weight_g >= 1_000 {
        format!("{}.{} kg", o.weight_g / 1_000, o.weight_g % 1_000 / 100)
    } else {
        format!("{} g", o.weight_g)
    }
}

/// Which offers a row marks as cheapest, the mark's words and its test id.
type Mark = (fn(&Cheapest) -> &[ProductId], Msg, &'static str);

/// A row of the comparison: its label, what each column shows, and which offers it marks.
struct Row {
    label: Msg,
    cell: fn(&ComparedOffer, Lang) -> String,
    mark: Option<Mark>,
}

fn by_unit(c: &Cheapest) -> &[ProductId] {
    &c.by_unit_price
}

fn by_total(c: &Cheapest) -> &[ProductId] {
    &c.by_delivered_total
}

const ROWS: &[Row] = &[
    Row {
        label: Msg::Price,
        cell: |o, l| l.won(o.price),
        mark: None,
    },
    Row {
        label: Msg::UnitPrice,
        cell: |o, l| o.unit.unit_price(o.price).label(l),
        mark: Some((by_unit, Msg::CheapestUnit, "cheapest-unit")),
    },
    Row {
        label: Msg::DeliveryFee,
        cell: delivery_fee,
        mark: None,
    },
    Row {
        label: Msg::DeliveredTotal,
        cell: delivered_total,
        mark: Some((by_total, Msg::CheapestDelivered, "cheapest-delivered")),
    },
    Row {
        label: Msg::Vehicle,
        cell: vehicle,
        mark: None,
    },
    Row {
        label: Msg::Stock,
        cell: stock,
        mark: None,
    },
    Row {
        label: Msg::UnitSize,
        cell: |o, l| o.unit.label(l),
        mark: None,
    },
    Row {
        label: Msg::Weight,
        cell: weight,
        mark: None,
    },
    Row {
        label: Msg::Category,
        cell: |o, l| o.category.get(l).to_string(),
        mark: None,
    },
    Row {
        label: Msg::Reviews,
        cell: |o, _| crate::ui::review::rating_cell(o.rating),
        mark: None,
    },
];

/// `/compare`: one column per item in the tray.
#[component]
pub fn ComparePage() -> impl IntoView {
    view! {
        <PageTitle text=t(Msg::CompareTitle)/>
        <h1>{t(Msg::CompareTitle)}</h1>
        {load(get_comparison(), |page| {
            let empty = page.columns.is_empty();
            view! {
                <DeliverToPicker deliver_to=page.deliver_to/>
                {if empty {
                    view! { <p class="notice" data-testid="compare-empty">{t(Msg::CompareEmpty)}</p> }
                        .into_any()
                } else {
                    view! { <ComparisonTable columns=page.columns cheapest=page.cheapest/> }
                        .into_any()
                }}
            }
        })}
    }
}

#[component]
fn ComparisonTable(columns: Vec<Column>, cheapest: Cheapest) -> impl IntoView {
    let lang = use_lang();
    let head = columns
        .iter()
        .map(|c| match c {
            Column::Offer(o) => {
                let (name, seller, city) = (
                    loc(o.name.clone()),
                    loc(o.seller.name.clone()),
                    loc(o.seller.city.clone()),
                );
                let alt = o.name.clone();
                view! {
                    <th scope="col" data-testid="compare-column">
                        {o.picture.map(|p| view! {
                            <PictureView picture=p alt=alt sizes="120px"/>
                        })}
                        <a href=format!("/p/{}", o.id)>{name}</a>
                        <span class="seller">{seller} " · " {city}</span>
                    </th>
                }
                .into_any()
            }
            Column::Unavailable(_) => view! {
                <th scope="col" class="unavailable" data-testid="compare-unavailable">
                    {t(Msg::Unavailable)}
                </th>
            }
            .into_any(),
        })
        .collect_view();
    let rows = ROWS
        .iter()
        .map(|row| {
            let cells = columns
                .iter()
                .map(|c| match c {
                    Column::Offer(o) => {
                        let marked = row
                            .mark
                            .filter(|(ids, ..)| ids(&cheapest).contains(&o.id))
                            .map(|(_, msg, testid)| {
                                view! { <span class="best" data-testid=testid>{t(msg)}</span> }
                            });
                        view! { <td>{(row.cell)(o, lang)} {marked}</td> }.into_any()
                    }
                    Column::Unavailable(_) => view! { <td class="unavailable">"—"</td> }.into_any(),
                })
                .collect_view();
            view! { <tr><th scope="row">{t(row.label)}</th>{cells}</tr> }
        })
        .collect_view();
    let removes = columns
        .iter()
        .map(|c| {
            let id = match c {
                Column::Offer(o) => o.id,
                Column::Unavailable(id) => *id,
            };
            view! { <td><RemoveButton id/></td> }
        })
        .collect_view();
    view! {
        <div class="compare-scroll" data-testid="comparison" role="region" tabindex="0"
            aria-label=t(Msg::CompareTitle)>
            <table class="compare">
                <thead><tr><td></td>{head}</tr></thead>
                <tbody>
                    {rows}
                    <tr><th scope="row"></th>{removes}</tr>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn RemoveButton(id: ProductId) -> impl IntoView {
    view! {
        <PostForm action={<CompareRemove as ServerFn>::url()} hidden=vec![("id", id.to_string())]>
            <button type="submit" class="secondary" data-testid="compare-remove"
                data-pending=t(Msg::Submitting)>{t(Msg::CompareRemove)}</button>
        </PostForm>
    }
}

/// The offers of a good as rows: price, unit price and delivered price, each with its comparison button.
#[component]
pub fn OffersTable(offers: Vec<ComparedOffer>, cheapest: Cheapest) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="offers-scroll">
            <table class="offers">
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::Seller)}</th>
                        <th scope="col" class="num">{t(Msg::Price)}</th>
                        <th scope="col" class="num">{t(Msg::UnitPrice)}</th>
                        <th scope="col" class="num">{t(Msg::DeliveryFee)}</th>
                        <th scope="col" class="num">{t(Msg::DeliveredTotal)}</th>
                        <th scope="col"><span class="visually-hidden">{t(Msg::CompareTray)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {offers.into_iter().map(|o| {
                        let best_unit = cheapest.by_unit_price.contains(&o.id).then(|| view! {
                            <span class="best" data-testid="cheapest-unit">{t(Msg::CheapestUnit)}</span>
                        });
                        let best_total = cheapest.by_delivered_total.contains(&o.id).then(|| view! {
                            <span class="best" data-testid="cheapest-delivered">{t(Msg::CheapestDelivered)}</span>
                        });
                        let id = o.id;
                        let (seller, city) = (loc(o.seller.name.clone()), loc(o.seller.city.clone()));
                        view! {
                            <tr data-testid="offer">
                                <td>
                                    <a href=format!("/p/{id}")>{seller}</a>
                                    <span class="muted">" · " {city}</span>
                                    {(o.stock == 0).then(|| view! { <span class="muted">" · " {t(Msg::OutOfStock)}</span> })}
                                </td>
                                <td class="num" data-label=t(Msg::Price)>{won(o.price)}</td>
                                <td class="num" data-label=t(Msg::UnitPrice)>{o.unit.unit_price(o.price).label(lang)} {best_unit}</td>
                                <td class="num" data-label=t(Msg::DeliveryFee)>{delivery_fee(&o, lang)}</td>
                                <td class="num" data-label=t(Msg::DeliveredTotal)>{delivered_total(&o, lang)} {best_total}</td>
                                <td class="add"><CompareButton id/></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// `/g/{slug}`: every seller's offer of one good.
#[component]
pub fn GroupPage() -> impl IntoView {
    load(get_group(route_param("slug")), |page| {
        let title = loc(page.good.name);
        view! {
            <PageTitle text=title.clone()/>
            <section class="group" data-testid="group">
                <h1>{title}</h1>
                <p class="muted">{t(Msg::GroupIntro)}</p>
                <DeliverToPicker deliver_to=page.deliver_to/>
                <OffersTable offers=page.offers cheapest=page.cheapest/>
            </section>
        }
    })
}
