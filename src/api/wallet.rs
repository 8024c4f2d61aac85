//! The wallet: the balance of the shopper's bank account and the ways to pay linked to it; and, for
//! operators, recording money paid in at the bank. Linking, removing or re-PINning a way to pay
//! takes the account's password (a stolen session alone changes nothing). The rules are
//! `server::service::payments`'.

use crate::{domain::Won, error::AppError, page::order::Wallet};
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

crate::form_fields! {
    /// An operator's deposit.
    pub enum DepositField { Phone => "phone", Amount => "amount" }
}

access!(GetWallet => BUYERS);
/// `/wallet`.
#[server(endpoint = "wallet/page")]
pub async fn get_wallet() -> Result<Wallet, AppError> {
    let session = super::ssr::signed_in::<GetWallet>()?;
    let db = super::ssr::state()?.db;
    let bank = db.bank();
    Ok(Wallet {
        balance: bank.balance(session.viewer.id).await?,
        instruments: bank
            .instruments(session.viewer.id, session.payer().session)
            .await?,
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
    let session = super::ssr::signed_in::<AddCard>()?;
    let mut errs = FieldErrors::default();
    let card = errs.check(CardField::CardNumber, CardNumber::parse(&card_number));
    let pin = errs.check(CardField::Pin, Pin::parse(&pin));
    if password.is_empty() {
        errs.add(CardField::Password, FieldProblem::Required);
    }
    let (Some(card), Some(pin), true) = (card, pin, errs.is_empty()) else {
        return Err(errs.into());
    };
    ssr::confirm(&session, password, CardField::Password).await?;
    let state = super::ssr::state()?;
    let client = super::ssr::client().key();
    if payments::link(
        state.services(),
        &ssr::holder(&session, &client),
        NewWay::Card(&card),
        &pin,
    )
    .await?
    {
        Ok(())
    } else {
        Err(AppError::invalid(
            CardField::CardNumber,
            FieldProblem::CardTaken,
        ))
    }
}

access!(AddSim => BUYERS);
/// Links the bank account behind the shopper's mobile number, with a PIN (and the password).
#[server(endpoint = "wallet/add-sim")]
pub async fn add_sim(pin: String, password: String) -> Result<(), AppError> {
    use crate::{
        domain::{form::FieldProblem, payment::Pin},
        server::service::payments::{self, NewWay},
    };
    let session = super::ssr::signed_in::<AddSim>()?;
    let pin = Pin::parse(&pin).map_err(|p| AppError::invalid(PinField::Pin, p))?;
    ssr::confirm(&session, password, PinField::Password).await?;
    let state = super::ssr::state()?;
    let client = super::ssr::client().key();
    let phone = &session.viewer.phone;
    if payments::link(
        state.services(),
        &ssr::holder(&session, &client),
        NewWay::Sim(phone),
        &pin,
    )
    .await?
    {
        Ok(())
    } else {
        Err(AppError::invalid(PinField::Pin, FieldProblem::SimTaken))
    }
}

access!(RemoveInstrument => BUYERS);
/// Removes one of the shopper's ways to pay (with the password): it pays no more.
#[server(endpoint = "wallet/remove")]
pub async fn remove_instrument(
    id: crate::domain::InstrumentId,
    password: String,
) -> Result<(), AppError> {
    let session = super::ssr::signed_in::<RemoveInstrument>()?;
    ssr::confirm(&session, password, ConfirmField::Password).await?;
    let state = super::ssr::state()?;
    let client = super::ssr::client().key();
    let holder = ssr::holder(&session, &client);
    Ok(crate::server::service::payments::remove(state.services(), &holder, id).await?)
}

access!(ChangePin => BUYERS);
/// Gives one of the shopper's ways to pay a new PIN (with the password).
#[server(endpoint = "wallet/pin")]
pub async fn change_pin(
    id: crate::domain::InstrumentId,
    pin: String,
    password: String,
) -> Result<(), AppError> {
    use crate::domain::payment::Pin;
    let session = super::ssr::signed_in::<ChangePin>()?;
    let pin = Pin::parse(&pin).map_err(|p| AppError::invalid(PinField::Pin, p))?;
    ssr::confirm(&session, password, PinField::Password).await?;
    let state = super::ssr::state()?;
    let client = super::ssr::client().key();
    let holder = ssr::holder(&session, &client);
    Ok(crate::server::service::payments::change_pin(state.services(), &holder, id, &pin).await?)
}

access!(Deposit => OPERATORS);
/// An operator records money paid in at the bank for the account holder with this phone number.
/// Returns the new balance.
#[server(endpoint = "bank/deposit")]
pub async fn deposit(phone: String, amount: String) -> Result<Won, AppError> {
    use crate::domain::{
        account::PhoneNumber,
        form::{FieldErrors, FieldProblem},
    };
    let session = super::ssr::signed_in::<Deposit>()?;
    let state = super::ssr::state()?;
    let mut errs = FieldErrors::default();
    let phone = errs.check(DepositField::Phone, PhoneNumber::parse(&phone));
    let amount = errs.check(
        DepositField::Amount,
        amount
            .trim()
            .parse::<Won>()
            .map_err(|_| FieldProblem::AmountInvalid),
    );
    let (Some(phone), Some(amount)) = (phone, amount) else {
        return Err(errs.into());
    };
    let balance = crate::server::service::payments::deposit(state.services(), &phone, amount)
        .await
        .map_err(|e| {
            e.answer(|p| match p {
                FieldProblem::AccountUnknown => DepositField::Phone,
                _ => DepositField::Amount,
            })
        })?;
    tracing::info!(by = %session.viewer.id, to = %phone, amount = %amount.grouped(), "deposit recorded");
    super::ssr::flash(crate::page::form::Flash::Deposited(balance));
    Ok(balance)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::{
        domain::form::{FieldProblem, FormField},
        error::AppError,
        server::{auth::Session, service::payments::Holder},
    };

    /// The account's password, checked (and throttled) as for signing in; a wrong one is the
    /// problem of the form's `field`.
    pub async fn confirm(
        session: &Session,
        password: String,
        field: impl FormField,
    ) -> Result<(), AppError> {
        let state = crate::api::ssr::state()?;
        let client = crate::api::ssr::client();
        if crate::server::auth::confirm_password(&state, session, &client, password).await? {
            Ok(())
        } else {
            Err(AppError::invalid(field, FieldProblem::PasswordWrong))
        }
    }

    /// The shopper as the security history names them.
    pub fn holder<'a>(session: &'a Session, client: &'a str) -> Holder<'a> {
        Holder {
            user: session.viewer.id,
            session: &session.token_hash,
            client,
        }
    }
}
