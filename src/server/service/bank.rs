//! The bank, at its counter: its clerks issue Narae cards to residents and record money paid in.
//! A resident proves who they are there with their identity card, so issuing a card asks for the
//! account's phone number and the resident registration number, and acts only when the number is
//! the account holder's (money may be paid in for anyone). A card links to a wallet only for the
//! resident it was issued to (`payments::link`); the accounts and the ledger money moves on are
//! `server::db::bank`'s.

use super::{random_bytes, ServiceError, Services};
use crate::{
    domain::{
        account::{PhoneNumber, ResidentId},
        form::FieldProblem,
        payment::{CardNumber, MAX_DEPOSIT},
        UserId, Won,
    },
    server::db::{
        accounts::Resident,
        bank::{self, IssuedCard, SystemAccount, Transfer, TransferKind},
        Tx,
    },
};

/// A card the counter issued: its whole number (shown once, to the clerk) and its holder.
#[derive(Clone, Debug)]
pub struct NewCard {
    pub number: CardNumber,
    pub holder: UserId,
}

/// How many fresh numbers the counter draws before it gives up: with 10¹¹ numbers, a second
/// draw is already as unlikely as the first.
const DRAWS: usize = 4;

/// Issues a new Narae card to the holder of the account with this phone number, who showed the
/// identity card with `resident`: a random number under the bank's prefix, never one issued
/// before. `Invalid(AccountUnknown)` when nobody has that number, `Invalid(ResidentMismatch)`
/// when the registration number is not the holder's.
pub async fn issue_card(
    s: Services<'_>,
    clerk: UserId,
    phone: &PhoneNumber,
    resident: &ResidentId,
) -> Result<NewCard, ServiceError> {
    let holder = identify(s, phone, resident).await?;
    let now = s.clock.now();
    let mut tx = s.db.begin().await?;
    for _ in 0..DRAWS {
        let number = CardNumber::narae(u64::from_le_bytes(random_bytes::<8>()?));
        let digest = s.secret.card(number.digits());
        let card = IssuedCard {
            digest: &digest,
            user: holder.user,
            last4: number.last4(),
            by: Some(clerk),
        };
        if bank::issue_card(&mut tx, &card, now).await? {
            tx.commit().await?;
            tracing::info!(by = %clerk, to = %holder.user, "card issued");
            return Ok(NewCard {
                number,
                holder: holder.user,
            });
        }
    }
    Err(ServiceError::Internal("no unused card number drawn"))
}

/// Records money paid in at the counter for the holder of the account with this phone number
/// (anyone may pay money in for them): the new balance. `Invalid(AmountInvalid)` for an amount
/// that is not between 0 and `MAX_DEPOSIT`, `Invalid(AccountUnknown)` when nobody has that number.
pub async fn deposit(
    s: Services<'_>,
    phone: &PhoneNumber,
    amount: Won,
) -> Result<Won, ServiceError> {
    if amount <= Won::ZERO || amount > MAX_DEPOSIT {
        return Err(ServiceError::Invalid(FieldProblem::AmountInvalid));
    }
    let holder =
        s.db.accounts()
            .resident(phone)
            .await?
            .ok_or(ServiceError::Invalid(FieldProblem::AccountUnknown))?;
    let mut tx = s.db.begin().await?;
    let balance = pay_in(&mut tx, holder.user, amount, s.clock.now()).await?;
    tx.commit().await?;
    Ok(balance)
}

/// The account holder behind `phone`, when `resident` is theirs: `Invalid(AccountUnknown)`,
/// `Invalid(ResidentMismatch)` otherwise.
async fn identify(
    s: Services<'_>,
    phone: &PhoneNumber,
    resident: &ResidentId,
) -> Result<Resident, ServiceError> {
    let holder =
        s.db.accounts()
            .resident(phone)
            .await?
            .ok_or(ServiceError::Invalid(FieldProblem::AccountUnknown))?;
    if s.secret.resident(resident.digits()) != holder.resident_digest {
        return Err(ServiceError::Invalid(FieldProblem::ResidentMismatch));
    }
    Ok(holder)
}

/// Money paid in for `user`, in the caller's transaction (the counter; demo data): the new
/// balance.
pub async fn pay_in(
    tx: &mut Tx<'_>,
    user: UserId,
    amount: Won,
    now: i64,
) -> Result<Won, ServiceError> {
    // The transaction's first statement writes (SQLite: no read lock to upgrade).
    let account = bank::customer_account(tx, user).await?;
    let funding = bank::system_account(tx, SystemAccount::Funding).await?;
    let t = Transfer {
        kind: TransferKind::Deposit,
        from: funding,
        to: account,
        amount,
        order: None,
    };
    if bank::transfer(tx, &t, now).await?.is_err() {
        // The funding account may go negative: this can't happen.
        return Err(ServiceError::Internal(
            "the funding account refused a deposit",
        ));
    }
    Ok(bank::balance_in(tx, account).await?)
}
