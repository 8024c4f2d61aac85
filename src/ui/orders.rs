//! `/orders`: the history; `/orders/{id}`: one order with every change of state, cancelling and
//! ordering again.

use crate::{
    api::orders::{get_order, order_list, CancelOrder, Reorder},
    domain::{
        order::{time_label, OrderDetail, OrderSummary},
        OrderId,
    },
    error::AppError,
    i18n::Msg,
    ui::{
        errors::ErrorPage,
        form::{go, problems, FormError, PostForm, Submission},
        i18n::{loc, t, use_lang, won},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_params_map};

#[component]
pub fn OrdersPage() -> impl IntoView {
    let data = OnceResource::new(order_list());
    view! {
        <Title text=t(Msg::Orders)/>
        <section class="orders" data-testid="orders">
            <h1>{t(Msg::Orders)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="empty" data-testid="no-orders">{t(Msg::NoOrders)}</p>
                        }.into_any(),
                        Ok(list) => view! { <OrderTable list/> }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn OrderTable(list: Vec<OrderSummary>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <table class="order-list">
            <thead><tr>
                <th scope="col">{t(Msg::Order)}</th>
                <th scope="col">{t(Msg::Seller)}</th>
                <th scope="col">{t(Msg::DeliverySlot)}</th>
                <th scope="col">{t(Msg::GrandTotal)}</th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|o| view! {
                    <tr data-testid="order-row">
                        <th scope="row">
                            <A href=format!("/orders/{}", o.id)>{format!("#{}", o.id)}</A>
                            <span class="status" data-testid="order-status">{t(o.status.msg())}</span>
                            <span class="when">{move || time_label(o.created_at, lang.get())}</span>
                        </th>
                        <td>{loc(o.seller)}</td>
                        <td>{move || o.slot.label(lang.get())}</td>
                        <td data-testid="order-total">{won(o.total)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let cancel = Submission::new();
    let data = Resource::new(
        move || {
            (
                params
                    .read()
                    .get("id")
                    .and_then(|c| c.parse::<OrderId>().ok()),
                cancel.done.get(),
            )
        },
        |(id, _)| async move {
            match id {
                Some(id) => get_order(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(order) => view! { <OrderView order cancel/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrderView(order: OrderDetail, cancel: Submission) -> impl IntoView {
    let lang = use_lang();
    let reorder = Submission::new();
    let cancel_problems = Memo::new(move |_| problems(cancel.result.get()));
    let reorder_problems = Memo::new(move |_| problems(reorder.result.get()));
    Effect::new(move |_| {
        if reorder.succeeded() {
            go("/cart");
        }
    });
    let OrderDetail {
        summary,
        lines,
        events,
        vehicle,
        distance,
        estimate_min,
        address,
    } = order;
    let id = summary.id;
    let status = summary.status;
    view! {
        <Title text=format!("#{id}")/>
        <article class="order" data-testid="order">
            <h1>{t(Msg::Order)} " #" {id.get()}</h1>
            <p class="status big" data-testid="status">{t(status.msg())}</p>
            <dl class="facts">
                <dt>{t(Msg::Seller)}</dt>
                <dd>{loc(summary.seller)}</dd>
                <dt>{t(Msg::DeliverTo)}</dt>
                <dd>{address}</dd>
                <dt>{t(Msg::DeliverySlot)}</dt>
                <dd data-testid="slot">{move || summary.slot.label(lang.get())}</dd>
                <dt>{t(Msg::Vehicle)}</dt>
                <dd>{move || format!(
                    "{} · {} km · {}",
                    vehicle.label(lang.get()),
                    distance.km(),
                    crate::domain::compare::duration_label(estimate_min, lang.get())
                )}</dd>
            </dl>
            <table class="lines">
                <tbody>
                    {lines.into_iter().map(|l| view! {
                        <tr>
                            <th scope="row"><A href=format!("/p/{}", l.product)>{loc(l.name)}</A></th>
                            <td>{won(l.price)} " × " {l.quantity.get()}</td>
                            <td>{won(l.amount)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <dl class="totals">
                <dt>{t(Msg::GoodsTotal)}</dt>
                <dd>{won(summary.goods)}</dd>
                <dt>{t(Msg::DeliveryFee)}</dt>
                <dd>{won(summary.fee)}</dd>
                <dt>{t(Msg::GrandTotal)}</dt>
                <dd class="grand" data-testid="order-total">{won(summary.total)}</dd>
            </dl>
            <h2>{t(Msg::OrderHistory)}</h2>
            <ol class="timeline" data-testid="timeline">
                {events.into_iter().map(|e| view! {
                    <li data-testid="event">
                        <time>{move || time_label(e.at, lang.get())}</time>
                        " " <strong>{t(e.status.msg())}</strong>
                        {(!e.note.is_empty()).then(|| format!(" · {}", e.note))}
                    </li>
                }).collect_view()}
            </ol>
            <div class="actions">
                {status.shopper_can_cancel().then(|| view! {
                    <PostForm url={<CancelOrder as ServerFn>::url()} submission=cancel class="inline">
                        <input type="hidden" name="id" value=id.get()/>
                        <button type="submit" class="secondary" data-testid="cancel-order">{t(Msg::CancelOrder)}</button>
                    </PostForm>
                })}
                <PostForm url={<Reorder as ServerFn>::url()} submission=reorder class="inline">
                    <input type="hidden" name="id" value=id.get()/>
                    <button type="submit" class="secondary" data-testid="reorder">{t(Msg::Reorder)}</button>
                </PostForm>
            </div>
            <FormError problems=cancel_problems/>
            <FormError problems=reorder_problems/>
        </article>
    }
}
