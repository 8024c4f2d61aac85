//! Payments: a PIN checked before anything is paid, then money moving on the ledger — held at
//! checkout, captured when the goods leave the seller, voided when an order is called off, refunded
//! after a failed delivery or by an operator. Also the ways to pay (linking, removing, a new PIN):
//! a card links only for the resident the bank issued it to (`service::bank`).

use super::{auth::Session, minutes_until, random_hex, ServiceError, Services};
use crate::{
    domain::{
        account::{PhoneNumber, SecurityKind},
        dispatch::{FailureReason, Owed},
        order::OrderStatus,
        payment::{CardNumber, Instrument, InstrumentKind, Pin, PIN_LOCK_SECS, PIN_TRIES},
        InstrumentId, OrderId, UserId, Won,
    },
    error::Refusal,
    server::db::{
        bank::{
            self, Insufficient, NewInstrument, SecurityEvent, SystemAccount, Transfer, TransferKind,
        },
        orders::OrderMoney,
        DbError, Tx,
    },
};

/// What the account holder's bank account holds (zero before it is opened).
pub async fn balance(s: Services<'_>, user: UserId) -> Result<Won, ServiceError> {
    Ok(s.db.bank().balance(user).await?)
}

/// The session's ways to pay, each marked with whether this session may pay with it
/// (`Session::may_pay_with`).
pub async fn instruments(
    s: Services<'_>,
    session: &Session,
) -> Result<Vec<Instrument>, ServiceError> {
    Ok(s.db
        .bank()
        .instruments(session.viewer.id)
        .await?
        .into_iter()
        .map(|linked| Instrument {
            usable: session.may_pay_with(linked.linked_by.as_deref(), linked.linked_at),
            ..linked.instrument
        })
        .collect())
}

// The PIN.

/// Checks the PIN for paying with `instrument` and returns the bank account it pays from. The try
/// is counted before its answer leaves, in one transaction holding the instrument's row: tries
/// sent together are checked one after the other, so together they get no more guesses than one
/// after another, and a right PIN is never turned away because other tries were under way.
/// Three wrong PINs in a row lock the instrument for `PIN_LOCK_SECS`.
pub async fn verify_pin(
    s: Services<'_>,
    payer: &Session,
    instrument: InstrumentId,
    pin: &Pin,
) -> Result<i64, ServiceError> {
    let now = s.clock.now();
    let mut tx = s.db.begin_with_a_write().await?;
    let state = bank::lock_instrument(&mut tx, instrument, payer.viewer.id)
        .await?
        .filter(|st| payer.may_pay_with(st.linked_by.as_deref(), st.linked_at))
        .ok_or(ServiceError::Invalid(
            crate::domain::form::FieldProblem::InstrumentUnknown,
        ))?;
    if let Some(until) = state.locked_until.filter(|t| *t > now) {
        return Err(ServiceError::Refused(Refusal::PinLocked {
            minutes: minutes_until(until, now),
        }));
    }
    if s.secret.pin(&state.salt, pin.expose()) == state.hash {
        if state.failed > 0 {
            bank::set_pin_state(&mut tx, instrument, 0, None).await?;
        }
        tx.commit().await?;
        return Ok(state.account);
    }
    let wrong = state.failed + 1;
    let answer = if wrong >= PIN_TRIES {
        tracing::info!(user = %payer.viewer.id, %instrument, "wrong PIN: locked");
        bank::set_pin_state(&mut tx, instrument, 0, Some(now + PIN_LOCK_SECS)).await?;
        ServiceError::Refused(Refusal::PinLocked {
            minutes: minutes_until(now + PIN_LOCK_SECS, now),
        })
    } else {
        tracing::info!(user = %payer.viewer.id, %instrument, wrong, "wrong PIN");
        bank::set_pin_state(&mut tx, instrument, wrong, None).await?;
        ServiceError::Invalid(crate::domain::form::FieldProblem::PinWrong)
    };
    tx.commit().await?;
    Err(answer)
}

// Money on the ledger, in the caller's transaction.

/// Holds each order's total from the payer's account until the goods are picked up. When the
/// balance is short, `Err` says by how much for all of them (nothing may be kept: the caller
/// rolls back).
pub async fn hold(
    tx: &mut Tx<'_>,
    from: i64,
    orders: &[(OrderId, Won)],
    now: i64,
) -> Result<Result<(), Won>, DbError> {
    // Every checkout updates the holds account's row, which stays locked until commit: this
    // comes last in a checkout.
    let holds = bank::system_account(tx, SystemAccount::Holds).await?;
    let total: Won = orders.iter().map(|(_, amount)| *amount).sum();
    let mut held = Won::ZERO;
    for &(order, amount) in orders {
        let t = Transfer {
            kind: TransferKind::Hold,
            from,
            to: holds,
            amount,
            order: Some(order),
        };
        if let Err(Insufficient { balance }) = bank::transfer(tx, &t, now).await? {
            // What is missing: what is not yet held, beyond the balance.
            return Ok(Err(total - held - balance));
        }
        held = held + amount;
    }
    Ok(Ok(()))
}

/// The goods left the seller: the hold goes to the seller (goods) and the logistics office (fee).
pub async fn capture(
    tx: &mut Tx<'_>,
    o: &OrderMoney,
    now: i64,
) -> Result<Result<(), Insufficient>, DbError> {
    let holds = bank::system_account(tx, SystemAccount::Holds).await?;
    let seller = bank::seller_account(tx, o.seller).await?;
    let logistics = bank::system_account(tx, SystemAccount::Logistics).await?;
    let moves = [(holds, seller, o.goods), (holds, logistics, o.fee)];
    bank::transfers(tx, TransferKind::Capture, &moves, o.order, now).await
}

/// The order was called off before pickup: the hold goes back to the shopper.
pub async fn void(
    tx: &mut Tx<'_>,
    o: &OrderMoney,
    now: i64,
) -> Result<Result<(), Insufficient>, DbError> {
    let holds = bank::system_account(tx, SystemAccount::Holds).await?;
    let t = Transfer {
        kind: TransferKind::Void,
        from: holds,
        to: o.customer,
        amount: o.total(),
        order: Some(o.order),
    };
    bank::transfer(tx, &t, now).await
}

/// What of an order's captured money goes back to the shopper. A failed delivery gives back what
/// its reason's policy says (`FailureReason::refund`); a refund whatever is left.
pub fn refund_due(o: &OrderMoney, to: OrderStatus, failure: Option<FailureReason>) -> Owed {
    match (to, failure) {
        (OrderStatus::DeliveryFailed, Some(reason)) => reason.refund(o.goods, o.fee),
        (OrderStatus::DeliveryFailed, None) => Owed {
            goods: o.goods,
            fee: Won::ZERO,
        },
        _ => Owed {
            goods: o.goods,
            fee: o.fee,
        },
    }
}

/// Gives back what is `due` less what was refunded for the order before, from the seller and the
/// logistics office: a second refund never pays out twice.
pub async fn refund(
    tx: &mut Tx<'_>,
    o: &OrderMoney,
    due: Owed,
    now: i64,
) -> Result<Result<(), Insufficient>, DbError> {
    let seller = bank::seller_account(tx, o.seller).await?;
    let logistics = bank::system_account(tx, SystemAccount::Logistics).await?;
    let back = bank::refunded_by_account(tx, o.order).await?;
    let given = |acc: i64| back.iter().find(|(a, _)| *a == acc).map_or(0, |(_, n)| *n);
    let left = |due: Won, acc: i64| -> Result<Won, DbError> {
        Ok(Won::from_chon(
            (crate::server::db::rows::chon(due)? - given(acc)).max(0),
        ))
    };
    let moves = [
        (seller, o.customer, left(due.goods, seller)?),
        (logistics, o.customer, left(due.fee, logistics)?),
    ];
    bank::transfers(tx, TransferKind::Refund, &moves, o.order, now).await
}

// Ways to pay.

/// Who links or changes a way to pay: the account holder, from this session and client address
/// (the security history names both).
#[derive(Clone, Copy, Debug)]
pub struct Holder<'a> {
    pub user: UserId,
    /// The SHA-256 of the session's token.
    pub session: &'a str,
    pub client: &'a str,
}

/// A way to pay, to be linked with its PIN: a Narae card, or the bank account behind the holder's
/// mobile number.
pub enum NewWay<'a> {
    Card(&'a CardNumber),
    Sim(&'a PhoneNumber),
}

/// Links a way to pay with its PIN (digested with a salt of its own and the key), written to the
/// security history. `false` when that card is linked already, or the holder has a SIM account;
/// `Invalid(CardNotIssued)` for a card the bank did not issue to the holder.
pub async fn link(
    s: Services<'_>,
    holder: &Holder<'_>,
    way: NewWay<'_>,
    pin: &Pin,
) -> Result<bool, ServiceError> {
    let salt = random_hex()?;
    let pin_hash = s.secret.pin(&salt, pin.expose());
    let (kind, digest, label) = match way {
        NewWay::Card(card) => (
            InstrumentKind::NaraeCard,
            Some(s.secret.card(card.digits())),
            card.masked(),
        ),
        NewWay::Sim(phone) => (InstrumentKind::SimAccount, None, phone.to_string()),
    };
    let new = NewInstrument {
        user: holder.user,
        kind,
        card_digest: digest.as_deref(),
        label: &label,
        pin_salt: &salt,
        pin_hash: &pin_hash,
        linked_by: Some(holder.session),
    };
    let now = s.clock.now();
    let mut tx = s.db.begin().await?;
    if let Some(digest) = new.card_digest {
        if bank::card_holder(&mut tx, digest).await? != Some(holder.user) {
            return Err(ServiceError::Invalid(
                crate::domain::form::FieldProblem::CardNotIssued,
            ));
        }
    }
    if !add_instrument(&mut tx, &new, now).await? {
        return Ok(false);
    }
    record(&mut tx, holder, SecurityKind::InstrumentLinked, &label, now).await?;
    tx.commit().await?;
    tracing::info!(user = %holder.user, kind = kind.code(), "instrument linked");
    Ok(true)
}

/// Stores an instrument (the holder's bank account opened if needed), unless its card is linked
/// already. Demo data links its ways to pay with this too.
pub async fn add_instrument(
    tx: &mut Tx<'_>,
    new: &NewInstrument<'_>,
    now: i64,
) -> Result<bool, DbError> {
    let account = bank::customer_account(tx, new.user).await?;
    Ok(bank::insert_instrument(tx, new, account, now)
        .await?
        .is_some())
}

/// Removes one of the holder's ways to pay: it pays no more. `NotFound` when there is no such one.
pub async fn remove(
    s: Services<'_>,
    holder: &Holder<'_>,
    id: InstrumentId,
) -> Result<(), ServiceError> {
    let now = s.clock.now();
    let mut tx = s.db.begin().await?;
    let label = bank::remove_instrument(&mut tx, holder.user, id, now)
        .await?
        .ok_or(ServiceError::NotFound)?;
    record(
        &mut tx,
        holder,
        SecurityKind::InstrumentRemoved,
        &label,
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user = %holder.user, instrument = %id, "instrument removed");
    Ok(())
}

/// Gives one of the holder's ways to pay a new PIN (its wrong tries and lock cleared).
pub async fn change_pin(
    s: Services<'_>,
    holder: &Holder<'_>,
    id: InstrumentId,
    pin: &Pin,
) -> Result<(), ServiceError> {
    let salt = random_hex()?;
    let hash = s.secret.pin(&salt, pin.expose());
    let now = s.clock.now();
    let mut tx = s.db.begin().await?;
    let digest = bank::PinDigest {
        salt: &salt,
        hash: &hash,
    };
    let label = bank::set_pin(&mut tx, holder.user, id, digest)
        .await?
        .ok_or(ServiceError::NotFound)?;
    record(&mut tx, holder, SecurityKind::PinChanged, &label, now).await?;
    tx.commit().await?;
    tracing::info!(user = %holder.user, instrument = %id, "PIN changed");
    Ok(())
}

async fn record(
    tx: &mut Tx<'_>,
    holder: &Holder<'_>,
    kind: SecurityKind,
    detail: &str,
    at: i64,
) -> Result<(), DbError> {
    let event = SecurityEvent {
        user: holder.user,
        kind,
        detail,
        client: holder.client,
        at,
    };
    bank::record_event(tx, &event).await
}
