//! `/kitchen`: a restaurant's screen (a tablet or PC by the stove). New orders come in (with a
//! tone while the screen follows the server), the soonest due first; each is accepted with the
//! minutes it will take, cooked and marked ready for a courier. Orders that can no longer leave
//! in time say so. Every button is a form: it works without WASM too.

use crate::{
    api::food::{get_kitchen, AcceptFood, CookFood, FoodReady, KitchenField},
    domain::form::FormField,
    i18n::Msg,
    page::food::{KitchenOrder, KitchenPage, KitchenStage},
    ui::{
        food::hhmm,
        form::{field_problem, typed, FormError, PostForm},
        head::PageTitle,
        i18n::{loc, t},
        islands::LiveRegion,
        load::load,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

#[component]
pub fn KitchenScreen() -> impl IntoView {
    view! {
        <PageTitle text=t(Msg::Kitchen)/>
        <section class="kitchen" data-testid="kitchen">
            {load(get_kitchen(), kitchen)}
        </section>
    }
}

fn kitchen(page: KitchenPage) -> impl IntoView {
    let Some(name) = page.restaurant else {
        return view! {
            <h1>{t(Msg::Kitchen)}</h1>
            <p class="notice" data-testid="not-a-restaurant">{t(Msg::NotARestaurant)}</p>
        }
        .into_any();
    };
    let empty = page.orders.is_empty();
    view! {
        <h1>{t(Msg::Kitchen)} " · " {loc(name)}</h1>
        <p><a href="/kitchen">{t(Msg::Refresh)}</a></p>
        <LiveRegion id="kitchen-live".to_string() source="/api/kitchen/live".to_string() version=page.version>
            {empty.then(|| view! { <p class="empty" data-testid="kitchen-empty">{t(Msg::KitchenEmpty)}</p> })}
            <ol class="kitchen-orders">
                {page.orders.into_iter().map(|o| view! { <KitchenCard o/> }).collect_view()}
            </ol>
        </LiveRegion>
    }
    .into_any()
}

#[component]
fn KitchenCard(o: KitchenOrder) -> impl IntoView {
    let id = o.id;
    let hidden = move || vec![("id", id.to_string())];
    let stage = match o.stage {
        KitchenStage::New => Msg::KitchenNew,
        KitchenStage::Accepted => Msg::KitchenAccepted,
        KitchenStage::Cooking => Msg::KitchenCooking,
        KitchenStage::Ready => Msg::KitchenReady,
    };
    let prep_min = o.prep_min;
    view! {
        <li class="kitchen-order" class:late=o.late data-testid="kitchen-order" data-order=id.get()
            data-chime=o.stage == KitchenStage::New>
            <h2>
                {format!("#{id} · ")} <span data-testid="kitchen-stage">{t(stage)}</span>
                {o.late.then(|| view! { " " <span class="badge warn" data-testid="late">{t(Msg::Late)}</span> })}
            </h2>
            <p>
                {t(Msg::LeaveBy)} " " <strong>{hhmm(o.leave_by)}</strong>
                " · " {t(Msg::PromisedBy)} " " {hhmm(o.promised_at)}
            </p>
            <ul class="dishes">
                {o.lines.into_iter().map(|l| {
                    let options = loc(l.options);
                    view! {
                        <li>
                            <strong>{format!("{} × ", l.portions)}</strong> {loc(l.name)}
                            {(!options.is_empty()).then(|| view! { <span class="muted">" (" {options} ")"</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {match o.stage {
                KitchenStage::New => view! {
                    <PostForm action={<AcceptFood as ServerFn>::url()} hidden=hidden() class="inline">
                        <PrepField id=format!("prep-{id}") minutes=prep_min/>
                        <button type="submit" data-testid="accept" data-pending=t(Msg::Submitting)>{t(Msg::AcceptFood)}</button>
                        <FormError/>
                    </PostForm>
                }.into_any(),
                KitchenStage::Accepted => view! {
                    <PostForm action={<CookFood as ServerFn>::url()} hidden=hidden() class="inline">
                        <button type="submit" data-testid="start-cooking" data-pending=t(Msg::Submitting)>{t(Msg::StartCooking)}</button>
                        <FormError/>
                    </PostForm>
                    <ReadyButton hidden=hidden()/>
                }.into_any(),
                KitchenStage::Cooking => view! { <ReadyButton hidden=hidden()/> }.into_any(),
                KitchenStage::Ready => ().into_any(),
            }}
        </li>
    }
}

/// The minutes the kitchen says an order takes (inside its form: a refused value comes back in it).
#[component]
fn PrepField(id: String, minutes: u32) -> impl IntoView {
    let problem = field_problem(KitchenField::Prep);
    let value = typed(KitchenField::Prep.input()).unwrap_or_else(|| minutes.to_string());
    let label_for = id.clone();
    view! {
        <label for=label_for>{t(Msg::PrepMinutes)}</label>
        <input id=id type="number" name="prep" min="1" max="180" inputmode="numeric"
            value=value data-testid="prep" aria-invalid=problem.is_some().then_some("true")/>
        {problem.map(|p| view! { <span class="field-error">{t(p.msg())}</span> })}
    }
}

#[component]
fn ReadyButton(hidden: Vec<(&'static str, String)>) -> impl IntoView {
    view! {
        <PostForm action={<FoodReady as ServerFn>::url()} hidden class="inline">
            <button type="submit" data-testid="mark-ready" data-pending=t(Msg::Submitting)>{t(Msg::FoodIsReady)}</button>
            <FormError/>
        </PostForm>
    }
}
