//! `/bank`: the bank's counter, where a clerk issues Narae cards to residents and records money
//! paid in. The page itself is only its forms; the server functions refuse everyone but clerks.

use crate::{
    api::bank::{get_counter, Deposit, DepositField, IssueCard, IssueField},
    i18n::Msg,
    page::form::Flash,
    ui::{
        form::{flash, FormError, Input, PostForm, SubmitButton},
        head::PageTitle,
        i18n::{t, won},
        load::load,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

#[component]
pub fn BankPage() -> impl IntoView {
    let (issued, deposited) = match flash() {
        Some(Flash::CardIssued(card, phone)) => (Some((card.grouped(), phone.to_string())), None),
        Some(Flash::Deposited(balance)) => (None, Some(balance)),
        _ => (None, None),
    };
    view! {
        <PageTitle text=t(Msg::BankCounter)/>
        {load(get_counter(), move |()| view! { <Counter issued=issued.clone() deposited/> })}
    }
}

#[component]
fn Counter(
    issued: Option<(String, String)>,
    deposited: Option<crate::domain::Won>,
) -> impl IntoView {
    view! {
        <section class="bank" data-testid="bank">
            <h1>{t(Msg::BankCounter)}</h1>
            <p class="hint">{t(Msg::BankCounterIntro)}</p>
            <section aria-labelledby="issue-card-h">
                <h2 id="issue-card-h">{t(Msg::IssueCard)}</h2>
                {issued.map(|(card, phone)| view! {
                    <div class="done" role="status" data-testid="issued">
                        <p>{t(Msg::CardIssued)}</p>
                        <p class="card-number" data-testid="issued-card">{card}</p>
                        <p>{t(Msg::CardIssuedTo)} " " <span class="tel">{phone}</span></p>
                    </div>
                })}
                <PostForm action={<IssueCard as ServerFn>::url()} class="form">
                    <Input field=IssueField::Phone label=Msg::Phone kind="tel" inputmode="tel"
                        autocomplete="off" scope="issue-"/>
                    <Input field=IssueField::Resident label=Msg::ResidentIdLabel
                        autocomplete="off" scope="issue-"/>
                    <FormError/>
                    <SubmitButton label=Msg::IssueCard/>
                </PostForm>
            </section>
            <section aria-labelledby="deposit-h">
                <h2 id="deposit-h">{t(Msg::Deposit)}</h2>
                {deposited.map(|b| view! {
                    <p class="done" role="status" data-testid="deposited">{t(Msg::DepositDone)} " " {won(b)}</p>
                })}
                <PostForm action={<Deposit as ServerFn>::url()} class="form">
                    <Input field=DepositField::Phone label=Msg::Phone kind="tel" inputmode="tel"
                        autocomplete="off" scope="deposit-"/>
                    <Input field=DepositField::Amount label=Msg::Amount inputmode="decimal"
                        autocomplete="off" scope="deposit-"/>
                    <FormError/>
                    <SubmitButton label=Msg::Deposit/>
                </PostForm>
            </section>
        </section>
    }
}
