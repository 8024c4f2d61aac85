//! The wallet: the balance of the shopper's bank account and the instruments linked to it; and,
//! for operators, recording money paid in at the bank.

use crate::{
    domain::{order::Wallet, Won},
    error::AppError,
};
use leptos::prelude::*;

/// `/wallet`.
#[server(endpoint = "wallet/page")]
pub async fn get_wallet() -> Result<Wallet, AppError> {
    let session = super::ssr::signed_in(super::checkout::ssr::BUYERS)?;
    let bank = super::ssr::state()?.db;
    let bank = bank.bank();
    Ok(Wallet {
        balance: bank.balance(session.viewer.id).await?,
        instruments: bank.instruments(session.viewer.id).await?,
    })
}

/// Links a Narae card (its number and PIN) to the shopper's bank account.
#[server(endpoint = "wallet/add-card")]
pub async fn add_card(card_number: String, pin: String) -> Result<(), AppError> {
    use crate::domain::{
        account::{Field, FieldErrors, FieldProblem},
        order::{CardNumber, InstrumentKind, Pin},
    };
    let session = super::ssr::signed_in(super::checkout::ssr::BUYERS)?;
    let mut errs = FieldErrors::default();
    let card = errs.check(Field::CardNumber, CardNumber::parse(&card_number));
    let pin = errs.check(Field::Pin, Pin::parse(&pin));
    let (Some(card), Some(pin)) = (card, pin) else {
        return Err(AppError::Invalid(errs));
    };
    let linked = ssr::link(
        session.viewer.id,
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
            Field::CardNumber,
            FieldProblem::CardTaken,
        ))
    }
}

/// Links the bank account behind the shopper's mobile number, with a PIN.
#[server(endpoint = "wallet/add-sim")]
pub async fn add_sim(pin: String) -> Result<(), AppError> {
    use crate::domain::{
        account::{Field, FieldProblem},
        order::{InstrumentKind, Pin},
    };
    let session = super::ssr::signed_in(super::checkout::ssr::BUYERS)?;
    let pin = Pin::parse(&pin).map_err(|p| AppError::invalid(Field::Pin, p))?;
    let label = session.viewer.phone.to_string();
    if ssr::link(
        session.viewer.id,
        InstrumentKind::SimAccount,
        None,
        &label,
        &pin,
    )
    .await?
    {
        Ok(())
    } else {
        Err(AppError::invalid(Field::Pin, FieldProblem::SimTaken))
    }
}

/// An operator records money paid in at the bank for the account holder with this phone number.
/// Returns the new balance.
#[server(endpoint = "bank/deposit")]
pub async fn deposit(phone: String, amount: String) -> Result<Won, AppError> {
    use crate::{
        domain::{
            account::{Field, FieldErrors, FieldProblem, PhoneNumber, Role},
            order::MAX_DEPOSIT,
        },
        server::auth::Access,
    };
    let session = super::ssr::signed_in(Access::Roles(&[Role::Operator]))?;
    let state = super::ssr::state()?;
    let mut errs = FieldErrors::default();
    let phone = errs.check(Field::Phone, PhoneNumber::parse(&phone));
    let amount = errs.check(
        Field::Amount,
        amount
            .trim()
            .parse::<Won>()
            .ok()
            .filter(|a| *a > Won::ZERO && *a <= MAX_DEPOSIT)
            .ok_or(FieldProblem::AmountInvalid),
    );
    let (Some(phone), Some(amount)) = (phone, amount) else {
        return Err(AppError::Invalid(errs));
    };
    let balance = state
        .db
        .bank()
        .deposit(phone.as_str(), amount, state.clock.now())
        .await?
        .ok_or_else(|| AppError::invalid(Field::Phone, FieldProblem::AccountUnknown))?;
    tracing::info!(by = %session.viewer.id, to = %phone, amount = %amount.grouped(), "deposit recorded");
    super::ssr::flash(crate::ui::form::Flash::Deposited(balance));
    Ok(balance)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::{
        domain::{
            order::{CardNumber, InstrumentKind, Pin},
            UserId,
        },
        error::AppError,
        server::{db::bank::NewInstrument, shop},
    };

    /// Stores the instrument with a salted PIN digest. `false` when it is linked already.
    pub async fn link(
        user: UserId,
        kind: InstrumentKind,
        card: Option<&CardNumber>,
        label: &str,
        pin: &Pin,
    ) -> Result<bool, AppError> {
        let state = crate::api::ssr::state()?;
        let salt = shop::random_hex()?;
        let digest = card.map(|c| shop::card_digest(c.digits()));
        Ok(state
            .db
            .bank()
            .add_instrument(
                &NewInstrument {
                    user,
                    kind,
                    card_digest: digest.as_deref(),
                    label,
                    pin_salt: &salt,
                    pin_hash: &shop::pin_digest(&salt, pin),
                },
                state.clock.now(),
            )
            .await?
            .is_some())
    }
}
