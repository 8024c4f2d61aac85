//! `/subscriptions` (the shopper's standing orders) and `/subscriptions/new` (setting one up
//! with the PIN), and the notice every page shows when a standing delivery could not be ordered.
//! Every form posts without JavaScript.

use crate::{
    api::standing::{
        get_new_subscription, get_subscriptions, standing_news, CancelStanding, ChangeField,
        PauseStanding, ResumeStanding, SetStandingQuantity, SkipDelivery, Subscribe,
        SubscribeField,
    },
    domain::{
        slot::Slot,
        standing::{Every, Failure},
        time::{date_of_day, PyongyangTime},
    },
    i18n::{Lang, Msg},
    page::{
        form::Flash,
        standing::{DeliveryState, NewSubscriptionPage, StandingView, SubscriptionsPage},
    },
    ui::{
        form::{field_problem, flash, FieldProblemLine, FormError, Input, PostForm, SubmitButton},
        head::PageTitle,
        i18n::{t, use_lang, won},
        load::load,
        words::day_label,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

/// `월` … `일` / `Mon` … `Sun`.
fn weekday_name(day: u8, lang: Lang) -> &'static str {
    const KO: [&str; 7] = ["월", "화", "수", "목", "금", "토", "일"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let i = usize::from(day.min(6));
    match lang {
        Lang::Ko => KO[i],
        Lang::En => EN[i],
    }
}

fn every_label(every: Every, lang: Lang) -> String {
    match every {
        Every::Day => t(Msg::EveryDay).to_string(),
        other => {
            let days: Vec<&str> = other
                .weekdays()
                .days()
                .map(|d| weekday_name(d, lang))
                .collect();
            days.join(" · ")
        }
    }
}

fn window_label(window: u8) -> String {
    let (from, to) = Slot::WINDOWS[usize::from(window).min(Slot::WINDOWS.len() - 1)];
    format!("{from:02}:00–{to:02}:00")
}

fn failure_msg(f: Failure) -> Msg {
    match f {
        Failure::OutOfStock => Msg::FailOutOfStock,
        Failure::BalanceShort => Msg::FailBalanceShort,
        Failure::AboveCap => Msg::FailAboveCap,
        Failure::SlotFull => Msg::FailSlotFull,
        Failure::SellerClosed => Msg::FailSellerClosed,
        Failure::NotSold => Msg::FailNotSold,
        Failure::Undeliverable => Msg::FailUndeliverable,
        Failure::CardGone => Msg::FailCardGone,
    }
}

fn state_text(state: DeliveryState) -> String {
    match state {
        DeliveryState::Placed => t(Msg::DeliveryOrdered).to_string(),
        DeliveryState::Missed => t(Msg::DeliveryMissed).to_string(),
        DeliveryState::Skipped => t(Msg::DeliverySkipped).to_string(),
        DeliveryState::Failed(f) => format!("{} {}", t(Msg::DeliveryFailed), t(failure_msg(f))),
    }
}

/// The day of Pyongyang day number `day`, as `12월 8일` / `8 Dec`.
fn day_text(day: i64, lang: Lang) -> String {
    day_label(PyongyangTime::midnight_of(day), lang)
}

#[component]
pub fn SubscriptionsPage() -> impl IntoView {
    let subscribed = flash() == Some(Flash::Subscribed);
    let saved = flash() == Some(Flash::Saved);
    view! {
        <PageTitle text=t(Msg::Subscriptions)/>
        <section class="subscriptions" data-testid="subscriptions">
            <h1>{t(Msg::Subscriptions)}</h1>
            {subscribed.then(|| view! {
                <p class="done" role="status" data-testid="subscribed">{t(Msg::Subscribed)}</p>
            })}
            {saved.then(|| view! { <p class="done" role="status">{t(Msg::Saved)}</p> })}
            <p class="intro">{t(Msg::SubscriptionsIntro)}</p>
            {load(get_subscriptions(), |page| view! { <SubscriptionsView page/> })}
        </section>
    }
}

#[component]
fn SubscriptionsView(page: SubscriptionsPage) -> impl IntoView {
    let lang = use_lang();
    let news = (!page.news.is_empty()).then(|| {
        view! {
            <div class="notice warn" role="status" data-testid="standing-news">
                <p>{t(Msg::StandingNews)}</p>
                <ul>
                    {page.news.iter().map(|(_, day, state)| view! {
                        <li>{day_text(*day, lang)} " · " {state_text(*state)}</li>
                    }).collect_view()}
                </ul>
            </div>
        }
    });
    view! {
        {news}
        {page.standing.is_empty().then(|| view! {
            <p class="empty" data-testid="no-subscriptions">{t(Msg::NoSubscriptions)}</p>
        })}
        <ul class="standing-list">
            {page.standing.into_iter().map(|s| view! { <StandingItem s today=page.today/> }).collect_view()}
        </ul>
    }
}

#[component]
fn StandingItem(s: StandingView, today: i64) -> impl IntoView {
    let lang = use_lang();
    let StandingView {
        id,
        lines,
        every,
        window,
        address,
        instrument,
        cap,
        authorised_at,
        next,
        resumes_on,
        paused,
        recent,
    } = s;
    let scope = format!("s{id}-");
    view! {
        <li class="standing card" data-testid="standing" data-standing=id.get()>
            <ul class="lines">
                {lines.into_iter().map(|l| {
                    let item = l.product;
                    let scope = format!("s{id}-{item}-");
                    view! {
                        <li data-testid="standing-line">
                            <a href=format!("/p/{item}")>{l.name.get(lang).to_string()}</a>
                            " · " {l.seller.get(lang).to_string()} " · " {won(l.price)}
                            <PostForm action={<SetStandingQuantity as ServerFn>::url()}
                                hidden=vec![("id", id.to_string()), ("item", item.to_string())]
                                class="form inline">
                                <Input field=ChangeField::Quantity label=Msg::EachDelivery
                                    kind="number" inputmode="numeric" scope
                                    initial=l.quantity.get().to_string()/>
                                <FormError/>
                                <button type="submit" class="secondary">{t(Msg::Save)}</button>
                            </PostForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p data-testid="standing-every">
                {every_label(every, lang)} " · " {window_label(window)}
            </p>
            <p class="hint">{address} " · " {instrument}</p>
            <p class="hint" data-testid="standing-authorised">
                {t(Msg::AuthorisedOn)} " " {day_label(authorised_at, lang)} " · "
                {t(Msg::UpTo)} " " {won(cap)}
            </p>
            {paused.then(|| view! {
                <p class="notice warn" data-testid="standing-paused">{t(Msg::PausedAfterFailures)}</p>
            })}
            {resumes_on.map(|d| view! {
                <p class="notice" data-testid="standing-resumes">{t(Msg::PausedUntil)} " " {day_text(d, lang)}</p>
            })}
            {next.map(|slot| view! {
                <p class="big">
                    {t(Msg::NextDelivery)} " "
                    <span data-testid="next-delivery" data-day=slot.day>{slot.label(lang)}</span>
                </p>
                <PostForm action={<SkipDelivery as ServerFn>::url()}
                    hidden=vec![("id", id.to_string()), ("day", slot.day.to_string())] class="form inline">
                    <FormError/>
                    <button type="submit" class="secondary" data-testid="skip">{t(Msg::SkipDelivery)}</button>
                </PostForm>
            })}
            {(paused || resumes_on.is_some()).then(|| view! {
                <PostForm action={<ResumeStanding as ServerFn>::url()} hidden=vec![("id", id.to_string())] class="form inline">
                    <FormError/>
                    <button type="submit" data-testid="resume">{t(Msg::ResumeStanding)}</button>
                </PostForm>
            })}
            <details class="manage">
                <summary>{t(Msg::PauseStanding)} " · " {t(Msg::CancelStanding)}</summary>
                <PostForm action={<PauseStanding as ServerFn>::url()} hidden=vec![("id", id.to_string())] class="form">
                    <Input field=ChangeField::Until label=Msg::PauseUntil kind="date" scope=scope.clone()
                        initial=date_of_day(today + 7)/>
                    <FormError/>
                    <button type="submit" class="secondary" data-testid="pause">{t(Msg::PauseStanding)}</button>
                </PostForm>
                <PostForm action={<CancelStanding as ServerFn>::url()} hidden=vec![("id", id.to_string())] class="form">
                    <FormError/>
                    <button type="submit" class="secondary" data-testid="cancel-standing">{t(Msg::CancelStanding)}</button>
                </PostForm>
            </details>
            {(!recent.is_empty()).then(|| view! {
                <h2 class="small">{t(Msg::RecentDeliveries)}</h2>
                <ul class="recent" data-testid="standing-recent">
                    {recent.into_iter().map(|(day, state)| view! {
                        <li data-state=format!("{state:?}")>{day_text(day, lang)} " · " {state_text(state)}</li>
                    }).collect_view()}
                </ul>
            })}
        </li>
    }
}

#[component]
pub fn NewSubscriptionPage() -> impl IntoView {
    let item = use_query_map().with_untracked(|q| q.get("item").unwrap_or_default());
    view! {
        <PageTitle text=t(Msg::SetUpSubscription)/>
        <section class="new-subscription" data-testid="new-subscription">
            <h1>{t(Msg::SetUpSubscription)}</h1>
            {load(get_new_subscription(item), |page| view! { <NewSubscriptionView page/> })}
        </section>
    }
}

#[component]
fn NewSubscriptionView(page: NewSubscriptionPage) -> impl IntoView {
    let lang = use_lang();
    let every_problem = field_problem(SubscribeField::Every);
    view! {
        <p class="big">
            <a href=format!("/p/{}", page.product)>{page.name.get(lang).to_string()}</a>
            " · " {page.seller.get(lang).to_string()} " · " {won(page.price)}
        </p>
        {page.first.map(|slot| view! {
            <p>{t(Msg::FirstDelivery)} " " <span data-testid="first-delivery">{slot.label(lang)}</span></p>
        })}
        <PostForm action={<Subscribe as ServerFn>::url()} hidden=vec![("item", page.product.to_string())] class="form">
            <Input field=SubscribeField::Quantity label=Msg::EachDelivery kind="number"
                inputmode="numeric" initial="1".to_string()/>
            <fieldset class="field" class:invalid=every_problem.is_some()>
                <legend>{t(Msg::HowOften)}</legend>
                <label><input type="radio" name="every" value="day" checked=true data-testid="every-day"/> {t(Msg::EveryDay)}</label>
                <label><input type="radio" name="every" value="weekdays" data-testid="every-weekdays"/> {t(Msg::OnWeekdays)}</label>
                <label><input type="radio" name="every" value="week" data-testid="every-week"/> {t(Msg::EveryWeek)}</label>
                <p class="hint">{t(Msg::Weekdays)}</p>
                <p class="weekdays">
                    {(0..7_u8).map(|d| view! {
                        <label><input type="checkbox" name=format!("d{d}") value="1"/> {weekday_name(d, lang)}</label>
                    }).collect_view()}
                </p>
                <FieldProblemLine field=SubscribeField::Every scope=String::new()/>
            </fieldset>
            <div class="field">
                <label for="s-window">{t(Msg::DeliveryWindow)}</label>
                <select id="s-window" name="window" data-testid="choose-window">
                    {(0..Slot::WINDOWS.len() as u8).map(|w| view! {
                        <option value=w>{window_label(w)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="s-address">{t(Msg::DeliverTo)}</label>
                <select id="s-address" name="address" data-testid="choose-address">
                    {page.addresses.iter().map(|a| view! {
                        <option value=a.id.get() selected=a.is_default>
                            {format!("{} · {}", a.district.label(lang), a.line)}
                        </option>
                    }).collect_view()}
                </select>
                <FieldProblemLine field=SubscribeField::Address scope=String::new()/>
            </div>
            <div class="field">
                <label for="s-instrument">{t(Msg::PaymentMethod)}</label>
                <select id="s-instrument" name="instrument" data-testid="choose-instrument">
                    {page.instruments.iter().map(|i| view! {
                        <option value=i.id.get()>{format!("{} {}", i.kind.msg().text(lang), i.label)}</option>
                    }).collect_view()}
                </select>
                <FieldProblemLine field=SubscribeField::Instrument scope=String::new()/>
            </div>
            <Input field=SubscribeField::Cap label=Msg::CapLabel inputmode="numeric"
                hint=Msg::CapHint initial=page.cap.as_decimal().to_string()/>
            <p class="notice" data-testid="authorisation">{t(Msg::StandingAuthorisation)}</p>
            <Input field=SubscribeField::Pin label=Msg::Pin kind="password" inputmode="numeric" autocomplete="off"/>
            <FormError/>
            <SubmitButton label=Msg::SetUpSubscription/>
        </PostForm>
    }
}

/// The notice a shopper sees on their next visit when a standing delivery could not be ordered
/// (until they look at `/subscriptions`).
#[component]
pub fn StandingNotice() -> impl IntoView {
    // `/subscriptions` shows them itself.
    if leptos_router::hooks::use_location()
        .pathname
        .get_untracked()
        == "/subscriptions"
    {
        return None;
    }
    let news = OnceResource::new(standing_news());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                news.await.ok().filter(|n| *n > 0).map(|_| view! {
                    <p class="notice warn standing-notice" role="status" data-testid="standing-notice">
                        {t(Msg::StandingNews)} " " <a href="/subscriptions">{t(Msg::SeeWhy)}</a>
                    </p>
                })
            })}
        </Suspense>
    }
    .into()
}
