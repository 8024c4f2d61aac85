//! The wallet: the balance of the shopper's bank account and the instruments linked to it; and,
//! for operators, recording money paid in at the bank.

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

/// `/wallet`.
#[server(endpoint = "wallet/page")]
pub async fn get_wallet() -> Result<Wallet, AppError> {
    let session = super::ssr::signed_in(super::checkout::ssr::BUYERS)?;
    let db = super::ssr::state()?.db;
    let bank = db.bank();
    Ok(Wallet {
        balance: bank.balance(session.viewer.id).await?,
        instruments: bank
            .instruments(session.viewer.id, (&session.token_hash, session.created_at))
            .await?,
    })
}

/// Links a Narae card (its number and PIN) to the shopper's bank account. The account's password
/// proves the owner is there: a stolen session alone links nothing.
#[server(endpoint = "wallet/add-card")]
pub async fn add_card(card_number: String, pin: String, password: String) -> Result<(), AppError> {
    use crate::domain::{
        form::{FieldErrors, FieldProblem},
        payment::{CardNumber, InstrumentKind, Pin},
    };
    let session = super::ssr::signed_in(super::checkout::ssr::BUYERS)?;
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
    let linked = ssr::link(
        &session,
        InstrumentKind::NaraeCard,
        Some(&card),
        &card.masked(),
        &pin,
    )
    .await?;
    if linked {
        Ok(())
    } else {
        Err(AppError::invalid(
            CardField::CardNumber,
            FieldProblem::CardTaken,
        ))
    }
}

/// Links the bank account behind the shopper's mobile number, with a PIN (and the password).
#[server(endpoint = "wallet/add-sim")]
pub async fn add_sim(pin: String, password: String) -> Result<(), AppError> {
    use crate::domain::{
        form::FieldProblem,
        payment::{InstrumentKind, Pin},
    };
    let session = super::ssr::signed_in(super::checkout::ssr::BUYERS)?;
    let pin = Pin::parse(&pin).map_err(|p| AppError::invalid(PinField::Pin, p))?;
    ssr::confirm(&session, password, PinField::Password).await?;
    let label = session.viewer.phone.to_string();
    if ssr::link(&session, InstrumentKind::SimAccount, None, &label, &pin).await? {
        Ok(())
    } else {
        Err(AppError::invalid(PinField::Pin, FieldProblem::SimTaken))
    }
}

/// Removes one of the shopper's instruments (with the password): it pays no more.
#[server(endpoint = "wallet/remove")]
pub async fn remove_instrument(
    id: crate::domain::InstrumentId,
    password: String,
) -> Result<(), AppError> {
    let session = super::ssr::signed_in(super::checkout::ssr::BUYERS)?;
    ssr::confirm(&session, password, ConfirmField::Password).await?;
    let state = super::ssr::state()?;
    let client = super::ssr::client().key();
    if state
        .db
        .bank()
        .remove_instrument(session.viewer.id, id, &client, state.clock.now())
        .await?
    {
        tracing::info!(user = %session.viewer.id, instrument = %id, "instrument removed");
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Gives one of the shopper's instruments a new PIN (with the password).
#[server(endpoint = "wallet/pin")]
pub async fn change_pin(
    id: crate::domain::InstrumentId,
    pin: String,
    password: String,
) -> Result<(), AppError> {
    use crate::domain::payment::Pin;
    let session = super::ssr::signed_in(super::checkout::ssr::BUYERS)?;
    let pin = Pin::parse(&pin).map_err(|p| AppError::invalid(PinField::Pin, p))?;
    ssr::confirm(&session, password, PinField::Password).await?;
    let state = super::ssr::state()?;
    let salt = crate::server::shop::random_hex()?;
    let hash = state.secret.pin(&salt, pin.expose());
    let client = super::ssr::client().key();
    if state
        .db
        .bank()
        .change_pin(
            session.viewer.id,
            id,
            (&salt, &hash),
            &client,
            state.clock.now(),
        )
        .await?
    {
        tracing::info!(user = %session.viewer.id, instrument = %id, "PIN changed");
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// An operator records money paid in at the bank for the account holder with this phone number.
/// Returns the new balance.
#[server(endpoint = "bank/deposit")]
pub async fn deposit(phone: String, amount: String) -> Result<Won, AppError> {
    use crate::{
        domain::{
            account::{PhoneNumber, Role},
            form::{FieldErrors, FieldProblem},
            payment::MAX_DEPOSIT,
        },
        server::auth::Access,
    };
    let session = super::ssr::signed_in(Access::Roles(&[Role::Operator]))?;
    let state = super::ssr::state()?;
    let mut errs = FieldErrors::default();
    let phone = errs.check(DepositField::Phone, PhoneNumber::parse(&phone));
    let amount = errs.check(
        DepositField::Amount,
        amount
            .trim()
            .parse::<Won>()
            .ok()
            .filter(|a| *a > Won::ZERO && *a <= MAX_DEPOSIT)
            .ok_or(FieldProblem::AmountInvalid),
    );
    let (Some(phone), Some(amount)) = (phone, amount) else {
        return Err(errs.into());
    };
    let balance = state
        .db
        .bank()
        .deposit(phone.as_str(), amount, state.clock.now())
        .await?
        .ok_or_else(|| AppError::invalid(DepositField::Phone, FieldProblem::AccountUnknown))?;
    tracing::info!(by = %session.viewer.id, to = %phone, amount = %amount.grouped(), "deposit recorded");
    super::ssr::flash(crate::page::form::Flash::Deposited(balance));
    Ok(balance)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::{
        domain::{
            form::{FieldProblem, FormField},
            payment::{CardNumber, InstrumentKind, Pin},
        },
        error::AppError,
        server::{auth::Session, db::bank::NewInstrument, secret, shop},
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

    /// Stores the instrument with keyed digests, linked by this session (written to the account's
    /// security history). `false` when it is linked already.
    pub async fn link(
        session: &Session,
        kind: InstrumentKind,
        card: Option<&CardNumber>,
        label: &str,
        pin: &Pin,
    ) -> Result<bool, AppError> {
        let state = crate::api::ssr::state()?;
        let salt = shop::random_hex()?;
        let digest = card.map(|c| state.secret.card(c.digits()));
        let legacy = card.map(|c| secret::legacy::card(c.digits()));
        let client = crate::api::ssr::client().key();
        let linked = state
            .db
            .bank()
            .add_instrument(
                &NewInstrument {
                    user: session.viewer.id,
                    kind,
                    card_digest: digest.as_deref(),
                    card_legacy: legacy.as_deref(),
                    label,
                    pin_salt: &salt,
                    pin_hash: &state.secret.pin(&salt, pin.expose()),
                    linked_by: Some((&session.token_hash, &client)),
                },
                state.clock.now(),
            )
            .await?
            .is_some();
        if linked {
            tracing::info!(user = %session.viewer.id, kind = kind.code(), "instrument linked");
        }
        Ok(linked)
    }
}
