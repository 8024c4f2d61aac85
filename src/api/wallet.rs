//! The wallet: the balance of the shopper's bank account and the ways to pay linked to it. Linking,
//! removing or re-PINning a way to pay takes the account's password (a stolen session alone
//! changes nothing). The rules are `server::service::payments`'.

use crate::{error::AppError, page::order::Wallet};
use leptos::prelude::*;

crate::form_fields! {
    /// Linking a Narae card.
    pub enum CardField { CardNumber => "card_number", Pin => "pin", Password => "password" }
}

crate::form_fields! {
    /// A PIN with the account's password: linking the SIM account, or a new PIN.
    pub enum PinField { Pin => "pin", Password => "password" }
}

crate::form_fields! {
    /// Removing a way to pay: the account's password.
    pub enum ConfirmField { Password => "password" }
}

access!(GetWallet => BUYERS);
/// `/wallet`.
#[server(endpoint = "wallet/page")]
pub async fn get_wallet() -> Result<Wallet, AppError> {
    use crate::server::service::payments;
    let cx = super::ssr::guard::<GetWallet>()?;
    let session = cx.signed_in()?;
    Ok(Wallet {
        balance: payments::balance(cx.services(), session.viewer.id).await?,
        instruments: payments::instruments(cx.services(), session).await?,
    })
}

access!(AddCard => BUYERS);
/// Links a Narae card (its number and PIN) to the shopper's bank account.
#[server(endpoint = "wallet/add-card")]
pub async fn add_card(card_number: String, pin: String, password: String) -> Result<(), AppError> {
    use crate::{
        domain::{
            form::{FieldErrors, FieldProblem},
            payment::{CardNumber, Pin},
        },
        server::service::payments::{self, NewWay},
    };
    let cx = super::ssr::guard::<AddCard>()?;
    let mut errs = FieldErrors::default();
    let card = errs.check(CardField::CardNumber, CardNumber::parse(&card_number));
    let pin = errs.check(CardField::Pin, Pin::parse(&pin));
    if password.is_empty() {
        errs.add(CardField::Password, FieldProblem::Required);
    }
    let (Some(card), Some(pin), true) = (card, pin, errs.is_empty()) else {
        return Err(errs.into());
    };
    let holder = ssr::confirmed(&cx, password, CardField::Password).await?;
    let linked = payments::link(cx.services(), &holder.holder(), NewWay::Card(&card), &pin)
        .await
        .map_err(|e| e.answer(|_| CardField::CardNumber))?;
    if !linked {
        return Err(AppError::invalid(
            CardField::CardNumber,
            FieldProblem::CardTaken,
        ));
    }
    cx.flash(crate::page::form::Flash::CardLinked(card.last4().into()));
    Ok(())
}

access!(AddSim => BUYERS);
/// Links the bank account behind the shopper's mobile number, with a PIN (and the password).
#[server(endpoint = "wallet/add-sim")]
pub async fn add_sim(pin: String, password: String) -> Result<(), AppError> {
    use crate::{
        domain::{form::FieldProblem, payment::Pin},
        server::service::payments::{self, NewWay},
    };
    let cx = super::ssr::guard::<AddSim>()?;
    let pin = Pin::parse(&pin).map_err(|p| AppError::invalid(PinField::Pin, p))?;
    let holder = ssr::confirmed(&cx, password, PinField::Password).await?;
    let phone = &holder.session.viewer.phone;
    if !payments::link(cx.services(), &holder.holder(), NewWay::Sim(phone), &pin).await? {
        return Err(AppError::invalid(PinField::Pin, FieldProblem::SimTaken));
    }
    cx.flash(crate::page::form::Flash::SimLinked);
    Ok(())
}

access!(RemoveInstrument => BUYERS);
/// Removes one of the shopper's ways to pay (with the password): it pays no more.
#[server(endpoint = "wallet/remove")]
pub async fn remove_instrument(
    id: crate::domain::InstrumentId,
    password: String,
) -> Result<(), AppError> {
    let cx = super::ssr::guard::<RemoveInstrument>()?;
    let holder = ssr::confirmed(&cx, password, ConfirmField::Password).await?;
    Ok(crate::server::service::payments::remove(cx.services(), &holder.holder(), id).await?)
}

access!(ChangePin => BUYERS);
/// Gives one of the shopper's ways to pay a new PIN (with the password).
#[server(endpoint = "wallet/pin")]
pub async fn change_pin(
    id: crate::domain::InstrumentId,
    pin: String,
    password: String,
) -> Result<(), AppError> {
    use crate::{domain::payment::Pin, server::service::payments};
    let cx = super::ssr::guard::<ChangePin>()?;
    let pin = Pin::parse(&pin).map_err(|p| AppError::invalid(PinField::Pin, p))?;
    let holder = ssr::confirmed(&cx, password, PinField::Password).await?;
    Ok(payments::change_pin(cx.services(), &holder.holder(), id, &pin).await?)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::{
        domain::form::{FieldProblem, FormField},
        error::AppError,
        server::{
            access::Caller,
            service::{
                auth::{self, Session},
                payments::Holder,
            },
        },
    };

    /// The signed-in shopper who proved it is them with the account's password.
    pub struct Confirmed<'a> {
        pub session: &'a Session,
        client: String,
    }

    impl Confirmed<'_> {
        /// The shopper as the security history names them.
        pub fn holder(&self) -> Holder<'_> {
            Holder {
                user: self.session.viewer.id,
                session: &self.session.token_hash,
                client: &self.client,
            }
        }
    }

    /// The account's password, checked (and throttled) as for signing in; a wrong one is the
    /// problem of the form's `field`.
    pub async fn confirmed(
        cx: &Caller,
        password: String,
        field: impl FormField,
    ) -> Result<Confirmed<'_>, AppError> {
        let session = cx.signed_in()?;
        let client = cx.client();
        let confirm = auth::Confirm {
            user: session.viewer.id,
            phone: &session.viewer.phone,
            password: password.into(),
            client: &client,
        };
        if auth::confirm_password(cx.services(), confirm).await? {
            Ok(Confirmed { session, client })
        } else {
            Err(AppError::invalid(field, FieldProblem::PasswordWrong))
        }
    }
}
