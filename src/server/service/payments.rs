//! Payments: a PIN checked before anything is paid, then money moving on the ledger — held at
//! checkout, captured when the goods leave the seller, voided when an order is called off, refunded
//! after a failed delivery or by an operator. Also the ways to pay (linking, removing, a new PIN),
//! deposits at the bank, and the re-keying of PIN digests from before the secret key.

use super::{minutes_until, random_hex, ServiceError, Services};
use crate::{
    domain::{
        account::{PhoneNumber, SecurityKind},
        dispatch::FailureReason,
        order::OrderStatus,
        payment::{CardNumber, InstrumentKind, Pin, MAX_DEPOSIT, PIN_LOCK_SECS, PIN_TRIES},
        InstrumentId, OrderId, UserId, Won,
    },
    error::Refusal,
    server::{
        db::{
            bank::{
                self, Insufficient, NewInstrument, Payer, SecurityEvent, SystemAccount, Transfer,
                TransferKind,
            },
            orders::OrderMoney,
            Db, DbError, Tx,
        },
        secret::{legacy, SecretKey},
    },
};

// The PIN.

/// Checks the PIN for paying with `instrument` and returns the bank account it pays from. The try
/// is counted before its answer leaves, in one transaction holding the instrument's row: tries
/// sent together are checked one after the other, so together they get no more guesses than one
/// after another, and a right PIN is never turned away because other tries were under way.
/// Three wrong PINs in a row lock the instrument for `PIN_LOCK_SECS`.
pub async fn verify_pin(
    s: Services<'_>,
    payer: &Payer<'_>,
    instrument: InstrumentId,
    pin: &Pin,
) -> Result<i64, ServiceError> {
    let now = s.clock.now();
    let mut tx = s.db.begin().await?;
    let Some(state) = bank::lock_instrument(&mut tx, instrument, payer).await? else {
        return Err(ServiceError::Invalid(
            crate::domain::form::FieldProblem::InstrumentUnknown,
        ));
    };
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
        tracing::info!(user = %payer.user, %instrument, "wrong PIN: locked");
        bank::set_pin_state(&mut tx, instrument, 0, Some(now + PIN_LOCK_SECS)).await?;
        ServiceError::Refused(Refusal::PinLocked {
            minutes: minutes_until(now + PIN_LOCK_SECS, now),
        })
    } else {
        tracing::info!(user = %payer.user, %instrument, wrong, "wrong PIN");
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

/// What of an order's captured money goes back to the shopper: (goods, fee). A failed delivery
/// gives back what its reason's policy says (`FailureReason::refund`); a refund whatever is left.
pub fn refund_due(o: &OrderMoney, to: OrderStatus, failure: Option<FailureReason>) -> (Won, Won) {
    match (to, failure) {
        (OrderStatus::DeliveryFailed, Some(reason)) => reason.refund(o.goods, o.fee),
        (OrderStatus::DeliveryFailed, None) => (o.goods, Won::ZERO),
        _ => (o.goods, o.fee),
    }
}

/// Gives back `due` (goods, fee) less what was refunded for the order before, from the seller and
/// the logistics office: a second refund never pays out twice.
pub async fn refund(
    tx: &mut Tx<'_>,
    o: &OrderMoney,
    (goods_due, fee_due): (Won, Won),
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
        (seller, o.customer, left(goods_due, seller)?),
        (logistics, o.customer, left(fee_due, logistics)?),
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
/// security history. `false` when that card is linked already, or the holder has a SIM account.
pub async fn link(
    s: Services<'_>,
    holder: &Holder<'_>,
    way: NewWay<'_>,
    pin: &Pin,
) -> Result<bool, ServiceError> {
    let salt = random_hex()?;
    let pin_hash = s.secret.pin(&salt, pin.expose());
    let (kind, digest, legacy_digest, label) = match way {
        NewWay::Card(card) => (
            InstrumentKind::NaraeCard,
            Some(s.secret.card(card.digits())),
            Some(legacy::card(card.digits())),
            card.masked(),
        ),
        NewWay::Sim(phone) => (InstrumentKind::SimAccount, None, None, phone.to_string()),
    };
    let new = NewInstrument {
        user: holder.user,
        kind,
        card_digest: digest.as_deref(),
        card_legacy: legacy_digest.as_deref(),
        label: &label,
        pin_salt: &salt,
        pin_hash: &pin_hash,
        linked_by: Some((holder.session, holder.client)),
    };
    let now = s.clock.now();
    let mut tx = s.db.begin().await?;
    if !add_instrument(&mut tx, &new, now).await? {
        return Ok(false);
    }
    record(&mut tx, holder, SecurityKind::InstrumentLinked, &label, now).await?;
    tx.commit().await?;
    tracing::info!(user = %holder.user, kind = kind.code(), "instrument linked");
    Ok(true)
}

/// Stores an instrument (the holder's bank account opened if needed), unless its card is linked
/// already under either digest. Demo data links its ways to pay with this too.
pub async fn add_instrument(
    tx: &mut Tx<'_>,
    new: &NewInstrument<'_>,
    now: i64,
) -> Result<bool, DbError> {
    if let Some(old) = new.card_legacy {
        if bank::card_linked_before(tx, old).await? {
            return Ok(false);
        }
    }
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
    let label = bank::set_pin(&mut tx, holder.user, id, (&salt, &hash))
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

// The bank's counter.

/// Records money paid in at the bank for the account holder with this phone number: the new
/// balance. `Invalid(AmountInvalid)` for an amount that is not between 0 and `MAX_DEPOSIT`,
/// `Invalid(AccountUnknown)` when nobody has that number.
pub async fn deposit(
    s: Services<'_>,
    phone: &PhoneNumber,
    amount: Won,
) -> Result<Won, ServiceError> {
    use crate::domain::form::FieldProblem;
    if amount <= Won::ZERO || amount > MAX_DEPOSIT {
        return Err(ServiceError::Invalid(FieldProblem::AmountInvalid));
    }
    let (user, _) =
        s.db.accounts()
            .credentials(phone)
            .await?
            .ok_or(ServiceError::Invalid(FieldProblem::AccountUnknown))?;
    let now = s.clock.now();
    // The transaction's first statement writes (SQLite: no read lock to upgrade).
    let mut tx = s.db.begin().await?;
    let account = bank::customer_account(&mut tx, user).await?;
    let funding = bank::system_account(&mut tx, SystemAccount::Funding).await?;
    let t = Transfer {
        kind: TransferKind::Deposit,
        from: funding,
        to: account,
        amount,
        order: None,
    };
    if bank::transfer(&mut tx, &t, now).await?.is_err() {
        // The funding account may go negative: this can't happen.
        return Err(ServiceError::Internal(
            "the funding account refused a deposit",
        ));
    }
    let balance = bank::balance_in(&mut tx, account).await?;
    tx.commit().await?;
    Ok(balance)
}

/// Re-keys the PIN digests written before the key: four digits are found again among the 10,000
/// (the instrument's salt known), then stored keyed. Each row is changed only if it is still
/// unkeyed, so servers starting together can all run this. How many were re-keyed.
pub async fn rekey_pins(db: &Db, key: &SecretKey) -> Result<u32, DbError> {
    let bank = db.bank();
    let mut done = 0;
    for (id, salt, old) in bank.unkeyed_pins().await? {
        let found = (0..10_000)
            .map(|n| format!("{n:04}"))
            .find(|pin| legacy::pin(&salt, pin) == old);
        match found {
            Some(pin) => {
                if bank.rekey_pin(id, &old, &key.pin(&salt, &pin)).await? {
                    done += 1;
                }
            }
            None => tracing::warn!(instrument = %id, "an unkeyed PIN digest matches no PIN"),
        }
    }
    Ok(done)
}
