//! The bank's counter: a clerk issues a Narae card to a resident who shows their identity card, and
//! records money paid in. The rules are `server::service::bank`'s.

use crate::{domain::Won, error::AppError};
use leptos::prelude::*;

crate::form_fields! {
    /// Issuing a card: whose account, and the registration number on their identity card.
    pub enum IssueField { Phone => "phone", Resident => "resident" }
}

crate::form_fields! {
    /// Money paid in.
    pub enum DepositField { Phone => "phone", Amount => "amount" }
}

access!(GetCounter => BANK_CLERKS);
/// `/bank`: nothing to read, but only clerks are shown the counter (anyone else the sign-in form,
/// or a refusal).
#[server(endpoint = "bank/page")]
pub async fn get_counter() -> Result<(), AppError> {
    super::ssr::guard::<GetCounter>()?;
    Ok(())
}

access!(IssueCard => BANK_CLERKS);
/// Issues a new Narae card to the account holder with this phone number, whose identity card shows
/// this resident registration number. Returns the card's whole number, which the counter's page
/// shows this once.
#[server(endpoint = "bank/issue-card")]
pub async fn issue_card(phone: String, resident: String) -> Result<String, AppError> {
    use crate::domain::{
        account::{PhoneNumber, ResidentId},
        form::{FieldErrors, FieldProblem},
    };
    let cx = super::ssr::guard::<IssueCard>()?;
    let clerk = cx.signed_in()?.viewer.id;
    let mut errs = FieldErrors::default();
    let phone = errs.check(IssueField::Phone, PhoneNumber::parse(&phone));
    let resident = errs.check(IssueField::Resident, ResidentId::parse(&resident));
    let (Some(phone), Some(resident)) = (phone, resident) else {
        return Err(errs.into());
    };
    let card = crate::server::service::bank::issue_card(cx.services(), clerk, &phone, &resident)
        .await
        .map_err(|e| {
            e.answer(|p| match p {
                FieldProblem::ResidentMismatch => IssueField::Resident,
                _ => IssueField::Phone,
            })
        })?;
    let number = card.number.grouped();
    cx.flash(crate::page::form::Flash::CardIssued(card.number, phone));
    Ok(number)
}

access!(Deposit => BANK_CLERKS);
/// Records money paid in at the counter for the account holder with this phone number. Returns the
/// new balance.
#[server(endpoint = "bank/deposit")]
pub async fn deposit(phone: String, amount: String) -> Result<Won, AppError> {
    use crate::domain::{
        account::PhoneNumber,
        form::{FieldErrors, FieldProblem},
    };
    let cx = super::ssr::guard::<Deposit>()?;
    let clerk = cx.signed_in()?.viewer.id;
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
    let balance = crate::server::service::bank::deposit(cx.services(), &phone, amount)
        .await
        .map_err(|e| {
            e.answer(|p| match p {
                FieldProblem::AccountUnknown => DepositField::Phone,
                _ => DepositField::Amount,
            })
        })?;
    tracing::info!(by = %clerk, to = %phone, amount = %amount.grouped(), "deposit recorded");
    cx.flash(crate::page::form::Flash::Deposited(balance));
    Ok(balance)
}
