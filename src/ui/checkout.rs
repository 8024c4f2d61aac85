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
        errors::ErrorPage,
        form::{FormError, Input, PostForm, SubmitButton},
        head::PageTitle,
        i18n::{loc, t, use_lang, won},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

/// The confirmation screen. Refused payments come back to it (a changed price with the new
/// amounts, read afresh).
#[component]
pub fn CheckoutPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("item"),
                q.get("qty"),
                q.get("address"),
                q.get("slot"),
                q.get("instrument"),
            )
        },
        |(item, qty, address, slot, instrument)| get_checkout(item, qty, address, slot, instrument),
    );
    view! {
        <PageTitle text=t(Msg::CheckoutTitle)()/>
        <section class="checkout" data-testid="checkout">
            <h1>{t(Msg::CheckoutTitle)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(page) if page.groups.is_empty() => view! {
                            <p class="empty" data-testid="cart-empty">{t(Msg::CartEmpty)}</p>
                        }.into_any(),
                        Ok(page) => view! { <Confirm page/> }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Confirm(page: Page) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let item = query.read_untracked().get("item").unwrap_or_default();
    let qty = query.read_untracked().get("qty").unwrap_or_default();
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
    view! {
        {price_changed.then(|| view! {
            <p class="notice warn" role="status" data-testid="price-changed">{t(Msg::PriceChangedNotice)}</p>
        })}
        {groups.into_iter().map(|g| view! { <GroupView group=g/> }).collect_view()}
        <TotalsView totals/>
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
                            {move || format!("{} · {}", a.district.label(lang.get()), a.line)}
                        </option>
                    }
                }).collect_view()}
            </select>
            <label for="c-slot">{t(Msg::DeliverySlot)}</label>
            <select id="c-slot" name="slot" data-testid="choose-slot">
                {slots.into_iter().map(|s| view! {
                    <option value=s.code() selected=Some(s) == slot>{move || s.label(lang.get())}</option>
                }).collect_view()}
            </select>
            <label for="c-instrument">{t(Msg::PaymentMethod)}</label>
            <select id="c-instrument" name="instrument" data-testid="choose-instrument">
                {instruments.into_iter().map(|i| {
                    let selected = Some(i.id) == instrument;
                    view! {
                        <option value=i.id.get() selected=selected>
                            {move || format!("{} {}", i.kind.msg().text(lang.get()), i.label)}
                        </option>
                    }
                }).collect_view()}
            </select>
            <button type="submit" class="secondary">{t(Msg::Update)}</button>
        </form>
        {instrument.is_none().then(|| view! {
            <p class="notice" data-testid="no-instrument">
                {t(Msg::NoInstrument)} " " <A href="/wallet">{t(Msg::Wallet)}</A>
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
    let params = use_params_map();
    let data = Resource::new(
        move || {
            params
                .read()
                .get("checkout")
                .and_then(|c| c.parse::<CheckoutId>().ok())
        },
        |id| async move {
            match id {
                Some(id) => checkout_orders(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <PageTitle text=t(Msg::OrderPlaced)()/>
        <Suspense fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(orders) => view! { <Placed orders/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
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
                        <A href=format!("/orders/{}", o.id) attr:data-testid="order-number">{format!("#{}", o.id)}</A>
                        " · " {loc(o.seller)} " · " <span data-testid="order-total">{won(o.total)}</span>
                    </li>
                }).collect_view()}
            </ul>
            <p><A href="/orders">{t(Msg::Orders)}</A></p>
        </section>
    }
}
