//! `/orders`: the history; `/orders/{id}`: one order with every change of state, cancelling and
//! ordering again.

use crate::ui::words::time_label;
use crate::{
    api::orders::{get_order, order_list, CancelOrder, Reorder},
    domain::{
        order::{OrderStatus, OrderSummary},
        payment::Payment,
        OrderId, Won,
    },
    error::AppError,
    i18n::{Lang, Msg},
    page::order::OrderDetail,
    ui::{
        form::{FormError, PostForm},
        head::PageTitle,
        i18n::{loc, t, use_lang, won},
        islands::LiveRegion,
        load::load,
        review::OrderReviews,
        search::route_param,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

#[component]
pub fn OrdersPage() -> impl IntoView {
    view! {
        <PageTitle text=t(Msg::Orders)/>
        <section class="orders" data-testid="orders">
            <h1>{t(Msg::Orders)}</h1>
            {load(order_list(), |list| {
                if list.is_empty() {
                    view! { <p class="empty" data-testid="no-orders">{t(Msg::NoOrders)}</p> }
                        .into_any()
                } else {
                    view! { <OrderTable list/> }.into_any()
                }
            })}
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
                            <a href=format!("/orders/{}", o.id)>{format!("#{}", o.id)}</a>
                            <span class="status" data-testid="order-status">{t(o.status.msg())}</span>
                            <span class="when">{time_label(o.created_at, lang)}</span>
                        </th>
                        <td>{loc(o.seller)}</td>
                        <td>{o.slot.label(lang)}</td>
                        <td data-testid="order-total">{won(o.total)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let id = route_param("id").parse::<OrderId>();
    let fetch = async move { get_order(id.map_err(|_| AppError::NotFound)?).await };
    load(fetch, |order| view! { <OrderView order/> })
}

#[component]
fn OrderView(order: OrderDetail) -> impl IntoView {
    let lang = use_lang();
    let id = order.summary.id;
    let OrderDetail {
        summary,
        lines,
        vehicle,
        distance,
        estimate_min,
        address,
        ..
    } = order.clone();
    let food = order.food.clone();
    let promised = food.as_ref().map(|f| f.promised_at);
    view! {
        <PageTitle text=format!("#{id}")/>
        <article class="order" data-testid="order">
            <h1>{t(Msg::Order)} " #" {id.get()}</h1>
            // What changes while the page is open; with WASM it follows the server until settled.
            <LiveRegion id="order-live".to_string() source=format!("/api/orders/live?id={id}") version=order.version.clone()>
                <Tracking order/>
            </LiveRegion>
            <dl class="facts">
                <dt>{t(Msg::Seller)}</dt>
                <dd>{loc(summary.seller)}</dd>
                <dt>{t(Msg::DeliverTo)}</dt>
                <dd>{address}</dd>
                {match promised {
                    Some(at) => view! {
                        <dt>{t(Msg::PromisedBy)}</dt>
                        <dd data-testid="promised">{time_label(at, lang)}</dd>
                    }.into_any(),
                    None => view! {
                        <dt>{t(Msg::DeliverySlot)}</dt>
                        <dd data-testid="slot">{summary.slot.label(lang)}</dd>
                    }.into_any(),
                }}
                <dt>{t(Msg::Vehicle)}</dt>
                <dd data-testid="vehicle">{format!(
                    "{} · {} km · {}",
                    vehicle.label(lang),
                    distance.km(),
                    crate::ui::words::duration_label(estimate_min, lang)
                )}</dd>
            </dl>
            <table class="lines">
                <tbody>
                    {food.map(|f| f.lines.into_iter().map(|l| {
                        let options = loc(l.options);
                        view! {
                            <tr data-testid="food-line">
                                <th scope="row">
                                    {loc(l.name)}
                                    {(!options.is_empty()).then(|| view! { <span class="muted">" (" {options} ")"</span> })}
                                </th>
                                <td>{won(l.price)} " × " {l.portions}</td>
                                <td>{won(l.amount)}</td>
                            </tr>
                        }
                    }).collect_view())}
                    {lines.into_iter().map(|l| view! {
                        <tr>
                            <th scope="row"><a href=format!("/p/{}", l.product)>{loc(l.name)}</a></th>
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
            <OrderReviews id/>
        </article>
    }
}

/// The order's state, code, courier, money, timeline and what the shopper can do now.
#[component]
fn Tracking(order: OrderDetail) -> impl IntoView {
    let lang = use_lang();
    let id = order.summary.id;
    let status = order.summary.status;
    // Picked up at: the goods arrive about the estimate later.
    let expected = order
        .events
        .iter()
        .rev()
        .find(|e| e.status == OrderStatus::PickedUp)
        .map(|e| e.at + i64::from(order.estimate_min) * 60)
        .filter(|_| status == OrderStatus::PickedUp);
    let payment = order.payment;
    let stages = order
        .food
        .as_ref()
        .map(|f| food_stages(f, status, &order.events, lang));
    view! {
        <p class="status big" data-testid="status" role="status">{t(status.msg())}</p>
        {stages}
        {if status.settled() {
            view! { <span data-settled=""></span> }.into_any()
        } else {
            view! { <p class="hint live">{t(Msg::LiveUpdates)}</p> }.into_any()
        }}
        {order.code.map(|code| view! {
            <p class="code-box">
                {t(Msg::YourCode)} " "
                <strong class="code" data-testid="delivery-code">{code}</strong>
                <span class="hint">{t(Msg::CodeHint)}</span>
            </p>
        })}
        <dl class="facts">
            {order.courier.map(|(name, by)| view! {
                <dt>{t(Msg::Courier)}</dt>
                <dd data-testid="courier">{format!("{name} · {}", by.label(lang))}</dd>
            })}
            {expected.map(|at| view! {
                <dt>{t(Msg::ExpectedBy)}</dt>
                <dd data-testid="expected">{time_label(at, lang)}</dd>
            })}
            <dt>{t(Msg::Payment)}</dt>
            <dd data-testid="payment">{payment_label(payment, lang)}</dd>
        </dl>
        <h2>{t(Msg::OrderHistory)}</h2>
        <ol class="timeline" data-testid="timeline">
            {order.events.into_iter().map(|e| view! {
                <li data-testid="event">
                    <time>{time_label(e.at, lang)}</time>
                    " " <strong>{t(e.status.msg())}</strong>
                    {(!e.note.is_empty()).then(|| format!(" · {}", crate::ui::words::event_note(&e.note, lang)))}
                </li>
            }).collect_view()}
        </ol>
        {order.failure.map(|why| view! {
            <p class="notice" data-testid="failure">
                <strong>{t(why.msg())}</strong> " · " {t(Msg::FailurePolicy)}
            </p>
        })}
        <div class="actions">
            // Cancelling asks first, with or without JavaScript: the button opens the question
            // (`?cancel`), whose answer is the form.
            {status.shopper_can_cancel().then(|| if asked_to_cancel() {
                view! {
                    <div class="confirm" role="alertdialog" aria-labelledby="cancel-q" data-testid="cancel-confirm">
                        <p id="cancel-q"><strong>{t(Msg::CancelQuestion)}</strong> " " {t(Msg::CancelConsequence)}</p>
                        <PostForm action={<CancelOrder as ServerFn>::url()} hidden=vec![("id", id.to_string())] class="inline">
                            <button type="submit" class="danger" data-testid="cancel-order"
                                data-pending=t(Msg::Submitting)>{t(Msg::CancelYes)}</button>
                            <FormError/>
                        </PostForm>
                        <a href=format!("/orders/{id}") class="button secondary" data-testid="cancel-keep">{t(Msg::CancelNo)}</a>
                    </div>
                }.into_any()
            } else {
                view! {
                    <a href=format!("/orders/{id}?cancel=1") class="button secondary" data-testid="cancel-ask">{t(Msg::CancelOrder)}</a>
                }.into_any()
            })}
            // Hot food is ordered again from its menu (its dishes are no goods to put in a cart).
            {order.food.is_none().then(|| view! {
                <PostForm action={<Reorder as ServerFn>::url()} hidden=vec![("id", id.to_string())] class="inline">
                    <button type="submit" class="secondary" data-testid="reorder"
                        data-pending=t(Msg::Submitting)>{t(Msg::Reorder)}</button>
                    <FormError/>
                </PostForm>
            })}
        </div>
    }
}

/// The shopper pressed "cancel the order" and is asked whether they mean it.
fn asked_to_cancel() -> bool {
    leptos_router::hooks::use_query_map().with_untracked(|q| q.get("cancel").is_some())
}

/// `보류 중 1,234원` / `₩1,234 paid · ₩20 refunded`: where the order's money is.
fn payment_label(p: Payment, lang: Lang) -> String {
    let parts: Vec<String> = [
        (p.held, Msg::PaymentHeld),
        (p.captured, Msg::PaymentCaptured),
        (p.refunded, Msg::PaymentRefunded),
        (p.voided, Msg::PaymentVoided),
    ]
    .into_iter()
    .filter(|(amount, _)| *amount != Won::ZERO)
    .map(|(amount, msg)| format!("{} {}", lang.won(amount), msg.text(lang)))
    .collect();
    parts.join(" · ")
}

/// A hot-food order's way from the kitchen to the door, the stage it is at marked; and, until it
/// arrives, the minutes left to the time promised (counting down while the page follows it).
fn food_stages(
    food: &crate::page::food::FoodOrderPart,
    status: OrderStatus,
    events: &[crate::domain::order::OrderEvent],
    lang: Lang,
) -> impl IntoView {
    let cooking = events
        .iter()
        .any(|e| e.note == crate::domain::order::SystemNote::Cooking.as_str());
    let at = match status {
        OrderStatus::Placed => Some(0),
        OrderStatus::Accepted if cooking => Some(2),
        OrderStatus::Accepted => Some(1),
        OrderStatus::Ready => Some(3),
        OrderStatus::PickedUp => Some(4),
        OrderStatus::Delivered => Some(5),
        _ => None,
    };
    let stages = [
        Msg::FoodStageOrdered,
        Msg::FoodStageAccepted,
        Msg::KitchenCooking,
        Msg::KitchenReady,
        Msg::FoodStageOnTheWay,
        Msg::FoodStageDelivered,
    ];
    let left = (food.promised_at - food.now).max(0);
    let minutes = (left + 59) / 60;
    let promised = food.promised_at;
    // "35분 남음" / "35 min left".
    let suffix = match lang {
        Lang::Ko => Msg::MinutesLeft.text(lang).to_string(),
        Lang::En => format!(" {}", Msg::MinutesLeft.text(lang)),
    };
    at.map(|at| {
        view! {
            <ol class="stages" data-testid="food-stages">
                {stages.into_iter().enumerate().map(|(i, msg)| view! {
                    <li class:done=i < at class:now=i == at aria-current=(i == at).then_some("step")
                        data-testid=(i == at).then_some("stage-now")>{t(msg)}</li>
                }).collect_view()}
            </ol>
            {(at < 5).then(|| view! {
                <p class="countdown" data-testid="countdown">
                    {t(Msg::PromisedBy)} " " {crate::ui::food::hhmm(promised)} " · "
                    <span data-countdown=left>{minutes}</span>{suffix}
                </p>
            })}
        }
    })
}
