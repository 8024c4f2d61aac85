//! `/seller`: the seller console, for seller staff only (others get the 403 page).

use crate::{
    api::{
        orders::AdvanceOrder,
        seller::{seller_console, seller_orders, SetOffered, SetPrice, SetStock},
    },
    domain::{
        catalog::Localized,
        order::{OrderStatus, OrderSummary},
        quantity::Quantity,
    },
    i18n::Msg,
    page::{form::Flash, seller::ConsoleItem},
    ui::{
        form::{field_problem, flash, typed, FormError, PostForm},
        head::PageTitle,
        i18n::{loc, t, use_lang, won},
        load::load,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

#[component]
pub fn SellerConsolePage() -> impl IntoView {
    view! {
        <PageTitle text=t(Msg::SellerConsole)/>
        {load(seller_console(), |console| view! {
            <section class="console" data-testid="seller-console">
                <h1>{t(Msg::SellerConsole)} " · " {loc(console.seller)}</h1>
                {match flash() {
                    Some(Flash::BulkApplied(n)) => Some(view! {
                        <p class="done" role="status" data-testid="bulk-applied">{t(Msg::BulkApplied)} " " {n}</p>
                    }),
                    _ => None,
                }}
                <HandOver/>
                <p class="intro">{t(Msg::SellerConsoleIntro)}</p>
                <p><a href="/seller/new" class="button" data-testid="new-listing">{t(Msg::NewListing)}</a>
                    " " <a href="/seller/reviews" class="button secondary" data-testid="seller-reviews-link">{t(Msg::SellerReviews)}</a>
                    " " <a href="/seller/sales" class="button secondary" data-testid="sales-link">{t(Msg::SalesLink)}</a>
                    " " <a href="/seller/bulk" class="button secondary" data-testid="bulk-link">{t(Msg::BulkLink)}</a>
                    {console.manager.then(|| view! {
                        " " <a href="/seller/staff" class="button secondary" data-testid="staff-link">{t(Msg::StaffTitle)}</a>
                    })}</p>
                {(!console.tomorrow.is_empty()).then(|| view! {
                    <section aria-labelledby="tomorrow-h" data-testid="standing-demand">
                        <h2 id="tomorrow-h">{t(Msg::TomorrowStanding)}</h2>
                        <table class="stock">
                            <thead><tr>
                                <th scope="col">{t(Msg::Description)}</th>
                                <th scope="col">{t(Msg::Quantity)}</th>
                                <th scope="col">{t(Msg::Subscriptions)}</th>
                            </tr></thead>
                            <tbody>
                                {console.tomorrow.iter().map(|d| view! {
                                    <tr data-testid="demand" data-product=d.id.get()>
                                        <td>{loc(d.name.clone())}</td>
                                        <td data-testid="demand-units">{d.units}</td>
                                        <td>{d.orders}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                })}
                <table class="stock">
                    <thead><tr>
                        <th scope="col">{t(Msg::Description)}</th>
                        <th scope="col">{t(Msg::Price)}</th>
                        <th scope="col">{t(Msg::Stock)}</th>
                    </tr></thead>
                    <tbody>
                        {console.items.into_iter().map(|item| view! { <StockRow item manager=console.manager/> }).collect_view()}
                    </tbody>
                </table>
            </section>
        })}
    }
}

/// One of the seller's goods: its stock, and its price (a form for the manager, who alone changes
/// it).
#[component]
fn StockRow(item: ConsoleItem, manager: bool) -> impl IntoView {
    let ConsoleItem {
        id,
        name,
        price,
        stock,
        hidden,
        withheld,
    } = item;
    let saved = flash() == Some(Flash::StockSaved(id));
    let price_saved = flash() == Some(Flash::PriceSaved(id));
    view! {
        <tr data-testid="console-item">
            <th scope="row">
                <a href=format!("/p/{id}")>{loc(name)}</a>
                " " <a href=format!("/seller/p/{id}") class="edit" data-testid="edit-listing">{t(Msg::EditShort)}</a>
                {hidden.then(|| view! { " " <span class="badge" data-testid="hidden-badge">{t(Msg::ProductHidden)}</span> })}
                {match withheld {
                    Some(reason) => view! {
                        <p class="reason" data-testid="withheld">{t(Msg::ListingWithheldBy)} ": " {reason}</p>
                    }.into_any(),
                    None => view! {
                        <PostForm action={<SetOffered as ServerFn>::url()}
                            hidden=vec![("id", id.to_string()), ("offered", hidden.to_string())] class="inline">
                            <button type="submit" class="secondary" data-pending=t(Msg::Submitting)>
                                {t(if hidden { Msg::OfferAgain } else { Msg::HideProduct })}
                            </button>
                            <FormError/>
                        </PostForm>
                    }.into_any(),
                }}
            </th>
            <td data-label=t(Msg::PriceInWon)>
                {if manager {
                    view! {
                        <PostForm action={<SetPrice as ServerFn>::url()} hidden=vec![("id", id.to_string())] class="inline">
                            <PriceField id price=price.as_decimal().to_string()/>
                            <button type="submit" class="secondary" data-pending=t(Msg::Submitting)>{t(Msg::Save)}</button>
                            {price_saved.then(|| view! { <span class="done" role="status">{t(Msg::Saved)}</span> })}
                            <FormError/>
                        </PostForm>
                    }.into_any()
                } else {
                    view! { <span data-testid="price">{won(price)}</span> }.into_any()
                }}
            </td>
            <td data-label=t(Msg::Stock)>
                <PostForm action={<SetStock as ServerFn>::url()} hidden=vec![("id", id.to_string())] class="inline">
                    <StockField stock/>
                    <button type="submit" class="secondary" data-pending=t(Msg::Submitting)>{t(Msg::Save)}</button>
                    {saved.then(|| view! { <span class="done" role="status">{t(Msg::Saved)}</span> })}
                    <FormError/>
                </PostForm>
            </td>
        </tr>
    }
}

/// A product's price in won: what was typed when refused, with its problem (the field's
/// description).
#[component]
fn PriceField(id: crate::domain::ProductId, price: String) -> impl IntoView {
    let problem = field_problem(crate::api::seller::PriceField::Price);
    let value = typed("price").unwrap_or(price);
    let error_id = format!("price-error-{id}");
    view! {
        <input type="text" name="price" inputmode="decimal" size="9" autocomplete="off"
            value=value aria-label=t(Msg::PriceInWon) data-testid="price-input"
            aria-describedby=error_id.clone()
            aria-invalid=problem.is_some().then_some("true")/>
        <span class="field-error" id=error_id>{problem.map(|p| t(p.msg()))}</span>
    }
}

/// A product's stock: what was typed when refused, with its problem.
#[component]
fn StockField(stock: u32) -> impl IntoView {
    let problem = field_problem(crate::api::seller::StockField::Stock);
    let value = typed("stock").unwrap_or_else(|| stock.to_string());
    view! {
        <input type="number" name="stock" min="0" max="1000000" inputmode="numeric"
            value=value aria-label=t(Msg::Stock) data-testid="stock-input"
            aria-invalid=problem.is_some().then_some("true")/>
        {problem.map(|p| view! { <span class="field-error">{t(p.msg())}</span> })}
    }
}

/// The seller's orders to hand over, each with the moves seller staff can make.
#[component]
fn HandOver() -> impl IntoView {
    view! {
        <section class="hand-over" data-testid="hand-over">
            <h2>{t(Msg::IncomingOrders)}</h2>
            {load(seller_orders(), |list| {
                if list.is_empty() {
                    view! { <p class="empty">{t(Msg::NoIncomingOrders)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="incoming">
                            {list.into_iter().map(|h| view! { <Incoming order=h.order pack=h.pack/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            })}
        </section>
    }
}

#[component]
fn Incoming(order: OrderSummary, pack: Vec<(Localized, Quantity)>) -> impl IntoView {
    let lang = use_lang();
    let id = order.id;
    let next = match order.status {
        OrderStatus::Placed => Some((OrderStatus::Accepted, Msg::AcceptOrder)),
        OrderStatus::Accepted => Some((OrderStatus::Ready, Msg::MarkReady)),
        _ => None,
    };
    view! {
        <li data-testid="incoming-order">
            <a href=format!("/orders/{id}")>{format!("#{id}")}</a>
            " · " <span data-testid="incoming-status">{t(order.status.msg())}</span>
            " · " {order.slot.label(lang)}
            " · " {won(order.total)}
            <ul class="pack" aria-label=t(Msg::ToPack) data-testid="to-pack">
                {pack.into_iter().map(|(name, q)| view! {
                    <li>{loc(name)} " × " <strong>{q.get()}</strong></li>
                }).collect_view()}
            </ul>
            {next.map(|(to, label)| view! {
                <PostForm action={<AdvanceOrder as ServerFn>::url()}
                    hidden=vec![("id", id.to_string()), ("to", to.code().to_string()), ("note", String::new())]
                    class="inline">
                    <button type="submit" data-testid="advance" data-pending=t(Msg::Submitting)>{t(label)}</button>
                    <FormError/>
                </PostForm>
            })}
            {(order.status != OrderStatus::Ready).then(|| view! {
                <PostForm action={<AdvanceOrder as ServerFn>::url()}
                    hidden=vec![("id", id.to_string()), ("to", OrderStatus::Cancelled.code().to_string())]
                    class="inline">
                    <input type="text" name="note" required=true maxlength="200" value=typed("note")
                        placeholder=t(Msg::RejectReason) aria-label=t(Msg::RejectReason)/>
                    <button type="submit" class="secondary" data-testid="reject">{t(Msg::RejectOrder)}</button>
                    <FormError/>
                </PostForm>
            })}
        </li>
    }
}
