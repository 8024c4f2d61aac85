//! `/checkout`: the confirmation screen (every amount from the server), the PIN and the pay
//! button; `/orders/placed/{checkout}`: the order numbers.

use crate::{
    api::{
        checkout::{get_checkout, PlaceOrder},
        orders::checkout_orders,
    },
    domain::{order::OrderSummary, CheckoutId},
    error::AppError,
    i18n::Msg,
    page::order::CheckoutPage as Page,
    ui::{
        cart::{GroupView, TotalsView},
        form::{FormError, Input, PostForm, SubmitButton},
        head::PageTitle,
        i18n::{loc, t, use_lang, won},
        load::load,
        search::route_param,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

/// The confirmation screen. Refused payments come back to it (a changed price with the new
/// amounts, read afresh).
#[component]
pub fn CheckoutPage() -> impl IntoView {
    let q = |name| query_param(name);
    let fetch = get_checkout(
        q("item"),
        q("qty"),
        q("address"),
        q("slot"),
        q("instrument"),
    );
    view! {
        <PageTitle text=t(Msg::CheckoutTitle)/>
        <section class="checkout" data-testid="checkout">
            <h1>{t(Msg::CheckoutTitle)}</h1>
            {load(fetch, |page| {
                if page.groups.is_empty() {
                    view! { <p class="empty" data-testid="cart-empty">{t(Msg::CartEmpty)}</p> }
                        .into_any()
                } else {
                    view! { <Confirm page/> }.into_any()
                }
            })}
        </section>
    }
}

/// A parameter of the request's query, if it has it.
fn query_param(name: &str) -> Option<String> {
    use_query_map().with_untracked(|q| q.get(name))
}

#[component]
fn Confirm(page: Page) -> impl IntoView {
    let lang = use_lang();
    let item = query_param("item").unwrap_or_default();
    let qty = query_param("qty").unwrap_or_default();
    let Page {
        groups,
        totals,
        addresses,
        address,
        slots,
        slot,
        instruments,
        instrument,
        key,
        price_changed,
    } = page;
    let balance = instruments
        .iter()
        .find(|i| Some(i.id) == instrument)
        .map(|i| i.balance);
    let total = totals
        .map(|t| t.total.as_decimal().to_string())
        .unwrap_or_default();
    let can_pay = totals.is_some() && instrument.is_some() && slot.is_some();
    let from_cart = item.is_empty();
    view! {
        {price_changed.then(|| view! {
            <p class="notice warn" role="status" data-testid="price-changed">{t(Msg::PriceChangedNotice)}</p>
        })}
        {groups.into_iter().map(|g| if from_cart {
            view! { <GroupView group=g removable=true advice=Msg::UndeliverableAtCheckout/> }.into_any()
        } else {
            view! { <GroupView group=g advice=Msg::UndeliverableChooseAddress/> }.into_any()
        }).collect_view()}
        <TotalsView totals/>
        {(totals.is_none() && address.is_some()).then(|| view! {
            <p class="notice warn" role="status" data-testid="nothing-payable">{t(Msg::NothingPayable)}</p>
        })}
        // Choosing another address, time or instrument asks the server for the amounts again.
        <form method="get" action="/checkout" class="choices" data-testid="choices">
            <input type="hidden" name="item" value=item.clone()/>
            <input type="hidden" name="qty" value=qty.clone()/>
            <label for="c-address">{t(Msg::DeliverTo)}</label>
            <select id="c-address" name="address" data-testid="choose-address">
                {addresses.into_iter().map(|a| {
                    let selected = Some(a.id) == address;
                    view! {
                        <option value=a.id.get() selected=selected>
                            {format!("{} · {}", a.district.label(lang), a.line)}
                        </option>
                    }
                }).collect_view()}
            </select>
            <label for="c-slot">{t(Msg::DeliverySlot)}</label>
            <select id="c-slot" name="slot" data-testid="choose-slot">
                {slots.into_iter().map(|s| view! {
                    <option value=s.code() selected=Some(s) == slot>{s.label(lang)}</option>
                }).collect_view()}
            </select>
            <label for="c-instrument">{t(Msg::PaymentMethod)}</label>
            <select id="c-instrument" name="instrument" data-testid="choose-instrument">
                {instruments.into_iter().map(|i| {
                    let selected = Some(i.id) == instrument;
                    view! {
                        <option value=i.id.get() selected=selected>
                            {format!("{} {}", i.kind.msg().text(lang), i.label)}
                        </option>
                    }
                }).collect_view()}
            </select>
            <button type="submit" class="secondary">{t(Msg::Update)}</button>
        </form>
        {instrument.is_none().then(|| view! {
            <p class="notice" data-testid="no-instrument">
                {t(Msg::NoInstrument)} " " <a href="/wallet">{t(Msg::Wallet)}</a>
            </p>
        })}
        {balance.map(|b| view! {
            <p class="balance">{t(Msg::Balance)} " " <span data-testid="balance">{won(b)}</span></p>
        })}
        {can_pay.then(|| view! {
            <PostForm action={<PlaceOrder as ServerFn>::url()} class="form pay">
                <input type="hidden" name="item" value=item/>
                <input type="hidden" name="qty" value=qty/>
                <input type="hidden" name="address" value=address.map(|a| a.get().to_string()).unwrap_or_default()/>
                <input type="hidden" name="slot" value=slot.map(|s| s.code()).unwrap_or_default()/>
                <input type="hidden" name="instrument" value=instrument.map(|i| i.get().to_string()).unwrap_or_default()/>
                <input type="hidden" name="key" value=key/>
                <input type="hidden" name="total" value=total/>
                <Input field=crate::api::checkout::PayField::Pin label=Msg::Pin kind="password"
                    autocomplete="off" inputmode="numeric"/>
                <FormError/>
                <SubmitButton label=Msg::PayNow/>
            </PostForm>
        })}
    }
}

/// `/orders/placed/{checkout}`.
#[component]
pub fn PlacedPage() -> impl IntoView {
    let id = route_param("checkout").parse::<CheckoutId>();
    let fetch = async move { checkout_orders(id.map_err(|_| AppError::NotFound)?).await };
    view! {
        <PageTitle text=t(Msg::OrderPlaced)/>
        {load(fetch, |orders| view! { <Placed orders/> })}
    }
}

#[component]
fn Placed(orders: Vec<OrderSummary>) -> impl IntoView {
    view! {
        <section class="placed" data-testid="order-placed">
            <h1>{t(Msg::OrderPlaced)}</h1>
            <p>{t(Msg::OrderPlacedBody)}</p>
            <ul>
                {orders.into_iter().map(|o| view! {
                    <li>
                        <a href=format!("/orders/{}", o.id) data-testid="order-number">{format!("#{}", o.id)}</a>
                        " · " {loc(o.seller)} " · " <span data-testid="order-total">{won(o.total)}</span>
                    </li>
                }).collect_view()}
            </ul>
            <p><a href="/orders">{t(Msg::Orders)}</a></p>
        </section>
    }
}
