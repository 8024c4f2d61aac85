//! `/seller`: the seller console, for seller staff only (others get the 403 page).

use crate::{
    api::{
        orders::AdvanceOrder,
        seller::{seller_console, seller_orders, SetStock},
    },
    domain::{
        account::Field,
        console::ConsoleItem,
        order::{OrderStatus, OrderSummary},
    },
    error::AppError,
    i18n::Msg,
    ui::{
        errors::ErrorPage,
        form::{problems, FormError, PostForm, Submission},
        head::PageTitle,
        i18n::{loc, t, use_lang, won},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::components::A;

#[component]
pub fn SellerConsolePage() -> impl IntoView {
    let data = OnceResource::new(seller_console());
    view! {
        <PageTitle text=t(Msg::SellerConsole)()/>
        <Suspense fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(console) => view! {
                        <section class="console" data-testid="seller-console">
                            <h1>{t(Msg::SellerConsole)} " · " {loc(console.seller)}</h1>
                            <HandOver/>
                            <p class="intro">{t(Msg::SellerConsoleIntro)}</p>
                            <table class="stock">
                                <thead><tr>
                                    <th scope="col">{t(Msg::Description)}</th>
                                    <th scope="col">{t(Msg::Price)}</th>
                                    <th scope="col">{t(Msg::Stock)}</th>
                                </tr></thead>
                                <tbody>
                                    {console.items.into_iter().map(|item| view! { <StockRow item/> }).collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StockRow(item: ConsoleItem) -> impl IntoView {
    let lang = use_lang();
    let sub = Submission::new();
    let ConsoleItem {
        id,
        name,
        price,
        stock,
    } = item;
    let problem = move || match sub.result.get() {
        Some(Err(AppError::Invalid(errs))) => errs.get(Field::Stock).map(|p| p.msg()),
        Some(Err(_)) => Some(Msg::ErrorBody),
        _ => None,
    };
    view! {
        <tr data-testid="console-item">
            <th scope="row"><A href=format!("/p/{id}")>{loc(name)}</A></th>
            <td>{won(price)}</td>
            <td>
                <PostForm url={<SetStock as ServerFn>::url()} submission=sub class="inline">
                    <input type="hidden" name="id" value=id.get()/>
                    <input type="number" name="stock" min="0" max="1000000" inputmode="numeric"
                        value=stock aria-label=t(Msg::Stock) data-testid="stock-input"/>
                    <button type="submit" class="secondary">{t(Msg::Save)}</button>
                    {move || sub.succeeded().then(|| view! {
                        <span class="done" role="status">{t(Msg::Saved)}</span>
                    })}
                    {move || problem().map(|m| view! {
                        <span class="field-error" role="alert">{m.text(lang.get())}</span>
                    })}
                </PostForm>
            </td>
        </tr>
    }
}

/// The seller's orders to hand over, each with the moves seller staff can make.
#[component]
fn HandOver() -> impl IntoView {
    let moved = RwSignal::new(0usize);
    let data = Resource::new(move || moved.get(), |_| seller_orders());
    view! {
        <section class="hand-over" data-testid="hand-over">
            <h2>{t(Msg::IncomingOrders)}</h2>
            <Suspense fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="empty">{t(Msg::NoIncomingOrders)}</p>
                        }.into_any(),
                        Ok(list) => view! {
                            <ul class="incoming">
                                {list.into_iter().map(|order| view! { <Incoming order moved/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Incoming(order: OrderSummary, moved: RwSignal<usize>) -> impl IntoView {
    let lang = use_lang();
    let sub = Submission::new();
    let problems = Memo::new(move |_| problems(sub.result.get()));
    sub.reloads(moved);
    let id = order.id;
    let next = match order.status {
        OrderStatus::Placed => Some((OrderStatus::Accepted, Msg::AcceptOrder)),
        OrderStatus::Accepted => Some((OrderStatus::Ready, Msg::MarkReady)),
        _ => None,
    };
    view! {
        <li data-testid="incoming-order">
            <A href=format!("/orders/{id}")>{format!("#{id}")}</A>
            " · " <span data-testid="incoming-status">{t(order.status.msg())}</span>
            " · " {move || order.slot.label(lang.get())}
            " · " {won(order.total)}
            {next.map(|(to, label)| view! {
                <PostForm url={<AdvanceOrder as ServerFn>::url()} submission=sub class="inline">
                    <input type="hidden" name="id" value=id.get()/>
                    <input type="hidden" name="to" value=to.code()/>
                    <input type="hidden" name="note" value=""/>
                    <button type="submit" data-testid="advance">{t(label)}</button>
                </PostForm>
            })}
            {(order.status != OrderStatus::Ready).then(|| view! {
                <PostForm url={<AdvanceOrder as ServerFn>::url()} submission=sub class="inline">
                    <input type="hidden" name="id" value=id.get()/>
                    <input type="hidden" name="to" value=OrderStatus::Cancelled.code()/>
                    <input type="text" name="note" required=true maxlength="200"
                        placeholder=t(Msg::RejectReason) aria-label=t(Msg::RejectReason)/>
                    <button type="submit" class="secondary" data-testid="reject">{t(Msg::RejectOrder)}</button>
                </PostForm>
            })}
            <FormError problems/>
        </li>
    }
}
