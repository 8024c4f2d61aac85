//! `/wallet`: the shopper's balance, where money comes from, and the ways to pay.

use crate::ui::words::time_label;
use crate::{
    api::wallet::{
        get_wallet, AddCard, AddSim, CardField, ChangePin, ConfirmField, PinField, RemoveInstrument,
    },
    i18n::Msg,
    page::{form::Flash, order::Wallet},
    ui::{
        form::{flash, FormError, Input, PostForm, SubmitButton},
        head::PageTitle,
        i18n::{t, use_lang, won},
        load::load,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

#[component]
pub fn WalletPage() -> impl IntoView {
    let linked = match flash() {
        Some(Flash::CardLinked(last4)) => Some(format!("•••• {last4}")),
        _ => None,
    };
    let sim_linked = flash() == Some(Flash::SimLinked);
    view! {
        <PageTitle text=t(Msg::Wallet)/>
        <section class="wallet" data-testid="wallet">
            <h1>{t(Msg::Wallet)}</h1>
            {linked.map(|card| view! {
                <p class="done" role="status" data-testid="linked">{t(Msg::CardLinked)} " " <span class="tel">{card}</span></p>
            })}
            {sim_linked.then(|| view! {
                <p class="done" role="status" data-testid="linked">{t(Msg::SimLinked)}</p>
            })}
            {load(get_wallet(), |wallet| view! { <WalletView wallet/> })}
            <p class="hint" data-testid="wallet-money">{t(Msg::WalletMoney)}</p>
            <LinkForms/>
        </section>
    }
}

#[component]
fn WalletView(wallet: Wallet) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="balance big">{t(Msg::Balance)} " " <span data-testid="wallet-balance">{won(wallet.balance)}</span></p>
        <ul class="instruments">
            {wallet.instruments.into_iter().map(|i| {
                let id = i.id;
                let (pin_scope, password_scope, remove_scope) =
                    (format!("i{id}-pin-"), format!("i{id}-pin-"), format!("i{id}-rm-"));
                view! {
                    <li data-testid="instrument" data-instrument=id.get()>
                        {t(i.kind.msg())} " " <span class="tel">{i.label.clone()}</span>
                        {i.locked_until.map(|until| view! {
                            <span class="locked">" · " {t(Msg::LockedUntil)} " " {time_label(until, lang)}</span>
                        })}
                        {(!i.usable).then(|| view! {
                            <p class="hint" data-testid="needs-sign-in">{t(Msg::InstrumentNeedsSignIn)}</p>
                        })}
                        <details class="manage">
                            <summary>{t(Msg::ChangePin)} " · " {t(Msg::RemoveInstrument)}</summary>
                            <PostForm action={<ChangePin as ServerFn>::url()} hidden=vec![("id", id.to_string())] class="form">
                                <Input field=PinField::Pin label=Msg::NewPin kind="password"
                                    inputmode="numeric" autocomplete="off" scope=pin_scope/>
                                <Input field=PinField::Password label=Msg::ConfirmPassword kind="password"
                                    autocomplete="current-password" scope=password_scope/>
                                <FormError/>
                                <SubmitButton label=Msg::ChangePin/>
                            </PostForm>
                            <PostForm action={<RemoveInstrument as ServerFn>::url()} hidden=vec![("id", id.to_string())] class="form">
                                <Input field=ConfirmField::Password label=Msg::ConfirmPassword kind="password"
                                    autocomplete="current-password" scope=remove_scope/>
                                <FormError/>
                                <button type="submit" class="secondary" data-testid="remove-instrument"
                                    data-pending=t(Msg::Submitting)>{t(Msg::RemoveInstrument)}</button>
                            </PostForm>
                        </details>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// Linking a way to pay takes the account's password: a borrowed session alone can't.
#[component]
fn LinkForms() -> impl IntoView {
    view! {
        <section aria-labelledby="link-card-h">
        <h2 id="link-card-h">{t(Msg::LinkCard)}</h2>
        <PostForm action={<AddCard as ServerFn>::url()} class="form">
            <Input field=CardField::CardNumber label=Msg::CardNumberLabel
                inputmode="numeric" autocomplete="off"/>
            <Input field=CardField::Pin label=Msg::Pin kind="password"
                inputmode="numeric" autocomplete="off"/>
            <Input field=CardField::Password label=Msg::ConfirmPassword kind="password"
                autocomplete="current-password"/>
            <FormError/>
            <SubmitButton label=Msg::LinkCard/>
        </PostForm>
        </section>
        <section data-testid="link-sim" aria-labelledby="link-sim-h">
            <h2 id="link-sim-h">{t(Msg::LinkSim)}</h2>
            <PostForm action={<AddSim as ServerFn>::url()} class="form">
                <Input field=PinField::Pin label=Msg::Pin kind="password"
                    inputmode="numeric" autocomplete="off" scope="sim-"/>
                <Input field=PinField::Password label=Msg::ConfirmPassword kind="password"
                    autocomplete="current-password" scope="sim-"/>
                <FormError/>
                <SubmitButton label=Msg::LinkSim/>
            </PostForm>
        </section>
    }
}
