//! `/wallet`: the shopper's balance and ways to pay; `/bank`: operators record deposits.

use crate::{
    api::wallet::{get_wallet, AddCard, AddSim, Deposit},
    domain::{
        account::Field,
        order::{time_label, Wallet},
        Won,
    },
    i18n::Msg,
    ui::{
        errors::ErrorPage,
        form::{problems, FormError, Input, PostForm, Submission, SubmitButton},
        head::PageTitle,
        i18n::{t, use_lang, won},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

#[component]
pub fn WalletPage() -> impl IntoView {
    let card = Submission::new();
    let sim = Submission::new();
    let data = Resource::new(move || card.done.get() + sim.done.get(), |_| get_wallet());
    view! {
        <PageTitle text=t(Msg::Wallet)()/>
        <section class="wallet" data-testid="wallet">
            <h1>{t(Msg::Wallet)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(wallet) => view! { <WalletView wallet/> }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Suspense>
            <LinkForms card sim/>
        </section>
    }
}

#[component]
fn WalletView(wallet: Wallet) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="balance big">{t(Msg::Balance)} " " <span data-testid="wallet-balance">{won(wallet.balance)}</span></p>
        <ul class="instruments">
            {wallet.instruments.into_iter().map(|i| view! {
                <li data-testid="instrument">
                    {t(i.kind.msg())} " " {i.label.clone()}
                    {i.locked_until.map(|until| view! {
                        <span class="locked">" · " {t(Msg::LockedUntil)} " " {move || time_label(until, lang.get())}</span>
                    })}
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn LinkForms(card: Submission, sim: Submission) -> impl IntoView {
    let card_problems = Memo::new(move |_| problems(card.result.get()));
    let sim_problems = Memo::new(move |_| problems(sim.result.get()));
    view! {
        <h2>{t(Msg::LinkCard)}</h2>
        <PostForm url={<AddCard as ServerFn>::url()} submission=card class="form">
            <Input field=Field::CardNumber label=Msg::CardNumberLabel problems=card_problems
                inputmode="numeric" autocomplete="off"/>
            <Input field=Field::Pin label=Msg::Pin problems=card_problems kind="password"
                inputmode="numeric" autocomplete="off"/>
            <FormError problems=card_problems/>
            <SubmitButton sub=card label=Msg::LinkCard/>
        </PostForm>
        <h2>{t(Msg::LinkSim)}</h2>
        <div data-testid="link-sim">
            <PostForm url={<AddSim as ServerFn>::url()} submission=sim class="form">
                <Input field=Field::Pin label=Msg::Pin problems=sim_problems kind="password"
                    inputmode="numeric" autocomplete="off" scope="sim-"/>
                <FormError problems=sim_problems/>
                <SubmitButton sub=sim label=Msg::LinkSim/>
            </PostForm>
        </div>
    }
}

/// `/bank`: an operator records money paid in at the bank. The page itself is only a form; the
/// server function refuses everyone but operators.
#[component]
pub fn BankPage() -> impl IntoView {
    let sub = Submission::new();
    let problems = Memo::new(move |_| problems(sub.result.get()));
    let balance = move || {
        sub.answer
            .get()
            .and_then(|a| serde_json::from_str::<Won>(&a).ok())
    };
    view! {
        <PageTitle text=t(Msg::Deposit)()/>
        <section class="bank" data-testid="bank">
            <h1>{t(Msg::Deposit)}</h1>
            <PostForm url={<Deposit as ServerFn>::url()} submission=sub class="form">
                <Input field=Field::Phone label=Msg::Phone problems kind="tel" inputmode="tel"/>
                <Input field=Field::Amount label=Msg::Amount problems inputmode="decimal"/>
                <FormError problems/>
                <SubmitButton sub label=Msg::Deposit/>
            </PostForm>
            {move || balance().map(|b| view! {
                <p class="done" role="status" data-testid="deposited">{t(Msg::DepositDone)} " " {won(b)}</p>
            })}
        </section>
    }
}
