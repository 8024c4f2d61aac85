//! The bank behind the payment instruments: accounts with balances, and the double-entry ledger
//! through which alone money moves.
//!
//! A transfer debits one account and credits another by the same amount, and writes both ledger
//! entries, in the caller's transaction. A customer's balance never goes below zero: the debit is
//! one guarded `UPDATE`, so concurrent payments can't overdraw it on either database. Within a
//! transfer the two accounts are updated in ascending id order; the holds account (id 2) is taken
//! before any customer or seller account and the logistics account (id 3) last, so transactions
//! never wait on each other in a cycle.

use super::{
    rows::{self, chon},
    DbError, Tx,
};
use crate::domain::{
    account::{SecurityEntry, SecurityKind},
    payment::{Instrument, InstrumentKind},
    InstrumentId, OrderId, SellerId, UserId, Won,
};
use sqlx::{AnyPool, FromRow};

pub struct Bank<'a> {
    pool: &'a AnyPool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransferKind {
    /// Money paid in at the bank (an operator records it).
    Deposit,
    /// A checkout's payment, held until the goods leave the seller.
    Hold,
    /// The held money goes to the seller and the logistics office.
    Capture,
    /// The held money goes back (the order was cancelled).
    Void,
    /// Captured money goes back (a reversing transfer).
    Refund,
}

impl TransferKind {
    pub fn code(self) -> &'static str {
        match self {
            TransferKind::Deposit => "deposit",
            TransferKind::Hold => "hold",
            TransferKind::Capture => "capture",
            TransferKind::Void => "void",
            TransferKind::Refund => "refund",
        }
    }
}

/// The paying account holds too little.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Insufficient {
    pub balance: Won,
}

/// The bank's own accounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SystemAccount {
    /// Where deposits come from: its balance is minus everything ever paid in.
    Funding,
    /// Money held for orders not yet picked up.
    Holds,
    /// Delivery fees.
    Logistics,
}

impl SystemAccount {
    fn kind(self) -> &'static str {
        match self {
            SystemAccount::Funding => "funding",
            SystemAccount::Holds => "holds",
            SystemAccount::Logistics => "logistics",
        }
    }
}

/// Money moving from one account to another.
#[derive(Clone, Copy, Debug)]
pub struct Transfer {
    pub kind: TransferKind,
    pub from: i64,
    pub to: i64,
    pub amount: Won,
    pub order: Option<OrderId>,
}

/// Moves the money with its two ledger entries. A zero amount moves nothing. `Err(Insufficient)`
/// when the paying account (not the funding one) holds too little; the other account may already
/// be credited then, so the caller must roll its transaction back (every caller does: it returns
/// without committing).
pub async fn transfer(
    tx: &mut Tx<'_>,
    t: &Transfer,
    now: i64,
) -> Result<Result<(), Insufficient>, DbError> {
    let chon = chon(t.amount)?;
    if chon == 0 {
        return Ok(Ok(()));
    }
    // Ascending id order: every transaction takes account locks in the same order.
    let mut steps = [(t.from, -chon), (t.to, chon)];
    steps.sort_by_key(|(id, _)| *id);
    for (account, delta) in steps {
        let changed = sqlx::query(
            "UPDATE bank_accounts SET balance_chon = balance_chon + $1 \
             WHERE id = $2 AND (kind = 'funding' OR balance_chon + $1 >= 0)",
        )
        .bind(delta)
        .bind(account)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if changed != 1 {
            return Ok(Err(Insufficient {
                balance: balance_in(tx, account).await?,
            }));
        }
    }
    let transfer: i64 = sqlx::query_scalar(
        "INSERT INTO transfers (kind, from_account, to_account, amount_chon, order_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(t.kind.code())
    .bind(t.from)
    .bind(t.to)
    .bind(chon)
    .bind(t.order.map(OrderId::get))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO ledger_entries (transfer_id, account_id, amount_chon) \
         VALUES ($1, $2, $3), ($1, $4, $5)",
    )
    .bind(transfer)
    .bind(t.from)
    .bind(-chon)
    .bind(t.to)
    .bind(chon)
    .execute(&mut **tx)
    .await?;
    Ok(Ok(()))
}

/// An account's balance.
pub async fn balance_in(tx: &mut Tx<'_>, account: i64) -> Result<Won, DbError> {
    let balance: i64 = sqlx::query_scalar("SELECT balance_chon FROM bank_accounts WHERE id = $1")
        .bind(account)
        .fetch_one(&mut **tx)
        .await?;
    Ok(Won::from_chon(balance))
}

/// What has been refunded for an order, by the account it came from: (account, chon).
pub async fn refunded_by_account(
    tx: &mut Tx<'_>,
    order: OrderId,
) -> Result<Vec<(i64, i64)>, DbError> {
    Ok(sqlx::query_as(
        "SELECT from_account, CAST(SUM(amount_chon) AS BIGINT) FROM transfers \
         WHERE order_id = $1 AND kind = 'refund' GROUP BY from_account",
    )
    .bind(order.get())
    .fetch_all(&mut **tx)
    .await?)
}

/// Several transfers of one kind for one order, in order; the first that can't be made stops the
/// rest (the caller's transaction then rolls back). Every account the moves touch is locked first,
/// in ascending id order, so two such calls can't wait for each other.
pub async fn transfers(
    tx: &mut Tx<'_>,
    kind: TransferKind,
    moves: &[(i64, i64, Won)],
    order: OrderId,
    now: i64,
) -> Result<Result<(), Insufficient>, DbError> {
    let mut accounts: Vec<i64> = moves
        .iter()
        .filter(|(_, _, amount)| *amount != Won::ZERO)
        .flat_map(|(from, to, _)| [*from, *to])
        .collect();
    accounts.sort_unstable();
    accounts.dedup();
    for account in accounts {
        sqlx::query("UPDATE bank_accounts SET balance_chon = balance_chon WHERE id = $1")
            .bind(account)
            .execute(&mut **tx)
            .await?;
    }
    for &(from, to, amount) in moves {
        let one = Transfer {
            kind,
            from,
            to,
            amount,
            order: Some(order),
        };
        if let Err(short) = transfer(tx, &one, now).await? {
            return Ok(Err(short));
        }
    }
    Ok(Ok(()))
}

pub async fn system_account(tx: &mut Tx<'_>, which: SystemAccount) -> Result<i64, DbError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM bank_accounts WHERE kind = $1")
            .bind(which.kind())
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// The seller's account, opened on first use.
pub async fn seller_account(tx: &mut Tx<'_>, seller: SellerId) -> Result<i64, DbError> {
    sqlx::query(
        "INSERT INTO bank_accounts (kind, seller_id) VALUES ('seller', $1) \
         ON CONFLICT (seller_id) DO NOTHING",
    )
    .bind(seller.get())
    .execute(&mut **tx)
    .await?;
    Ok(
        sqlx::query_scalar("SELECT id FROM bank_accounts WHERE seller_id = $1")
            .bind(seller.get())
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// The customer's account, opened on first use.
pub async fn customer_account(tx: &mut Tx<'_>, user: UserId) -> Result<i64, DbError> {
    sqlx::query(
        "INSERT INTO bank_accounts (kind, user_id) VALUES ('customer', $1) \
         ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(user.get())
    .execute(&mut **tx)
    .await?;
    Ok(
        sqlx::query_scalar("SELECT id FROM bank_accounts WHERE user_id = $1")
            .bind(user.get())
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// An instrument to link, already parsed and hashed.
#[derive(Clone, Copy, Debug)]
pub struct NewInstrument<'a> {
    pub user: UserId,
    pub kind: InstrumentKind,
    /// The keyed digest of the card number (cards only).
    pub card_digest: Option<&'a str>,
    /// What pages show of it.
    pub label: &'a str,
    pub pin_salt: &'a str,
    /// The keyed digest of the PIN.
    pub pin_hash: &'a str,
    /// The session that linked it (SHA-256 of its token); `None` at the bank's counter.
    pub linked_by: Option<&'a str>,
}

/// An instrument's PIN as a payment checks it.
#[derive(Clone, Debug)]
pub struct PinState {
    /// The bank account it pays from.
    pub account: i64,
    pub salt: String,
    pub hash: String,
    /// Wrong PINs in a row.
    pub failed: u32,
    pub locked_until: Option<i64>,
    /// The session that linked it (its token's digest; `None`: the bank's counter), and when.
    pub linked_by: Option<String>,
    pub linked_at: i64,
}

/// One of the user's instruments with its PIN, its row held until the transaction ends (a no-op
/// update takes the lock on both databases): tries at one instrument are checked one after the
/// other. `None` when the user has no such instrument.
pub async fn lock_instrument(
    tx: &mut Tx<'_>,
    id: InstrumentId,
    user: UserId,
) -> Result<Option<PinState>, DbError> {
    let row = sqlx::query(
        "UPDATE instruments SET failed_pins = failed_pins \
         WHERE id = $1 AND user_id = $2 AND removed_at IS NULL \
         RETURNING account_id, pin_salt, pin_hash, failed_pins, locked_until, linked_by, created_at",
    )
    .bind(id.get())
    .bind(user.get())
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| {
        let r = PinRow::from_row(&r)?;
        Ok(PinState {
            account: r.account_id,
            salt: r.pin_salt,
            hash: r.pin_hash,
            failed: rows::count("instruments", "failed_pins", r.failed_pins)?,
            locked_until: r.locked_until,
            linked_by: r.linked_by,
            linked_at: r.created_at,
        })
    })
    .transpose()
}

/// `lock_instrument`'s row.
#[derive(FromRow)]
struct PinRow {
    account_id: i64,
    pin_salt: String,
    pin_hash: String,
    failed_pins: i64,
    locked_until: Option<i64>,
    linked_by: Option<String>,
    created_at: i64,
}

/// Records how many wrong PINs in a row an instrument has had, and until when it is locked.
pub async fn set_pin_state(
    tx: &mut Tx<'_>,
    id: InstrumentId,
    failed: u32,
    locked_until: Option<i64>,
) -> Result<(), DbError> {
    sqlx::query("UPDATE instruments SET failed_pins = $2, locked_until = $3 WHERE id = $1")
        .bind(id.get())
        .bind(i64::from(failed))
        .bind(locked_until)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Stores an instrument on `account`; `None` when the card is already linked (to anyone) or the
/// user already has a SIM-linked account.
pub async fn insert_instrument(
    tx: &mut Tx<'_>,
    new: &NewInstrument<'_>,
    account: i64,
    now: i64,
) -> Result<Option<InstrumentId>, DbError> {
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO instruments (user_id, account_id, kind, card_digest, label, pin_salt, \
         pin_hash, created_at, linked_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(new.user.get())
    .bind(account)
    .bind(new.kind.code())
    .bind(new.card_digest)
    .bind(new.label)
    .bind(new.pin_salt)
    .bind(new.pin_hash)
    .bind(now)
    .bind(new.linked_by)
    .fetch_one(&mut **tx)
    .await;
    match inserted {
        Ok(id) => Ok(Some(InstrumentId::new(id))),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// A Narae card the bank issues to a resident, its number already digested.
#[derive(Clone, Copy, Debug)]
pub struct IssuedCard<'a> {
    /// The keyed digest of the card number (`SecretKey::card`).
    pub digest: &'a str,
    pub user: UserId,
    pub last4: &'a str,
    /// The clerk who issued it (`None`: demo data).
    pub by: Option<UserId>,
}

/// Records a card the bank issued. `false` when a card with that number exists already (nothing is
/// written, and the transaction stays usable on both databases).
pub async fn issue_card(tx: &mut Tx<'_>, card: &IssuedCard<'_>, now: i64) -> Result<bool, DbError> {
    let written = sqlx::query(
        "INSERT INTO issued_cards (card_digest, user_id, last4, issued_at, issued_by) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (card_digest) DO NOTHING",
    )
    .bind(card.digest)
    .bind(card.user.get())
    .bind(card.last4)
    .bind(now)
    .bind(card.by.map(UserId::get))
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(written == 1)
}

/// Whom the bank issued the card with this digest to (`None`: no such card was issued).
pub async fn card_holder(tx: &mut Tx<'_>, digest: &str) -> Result<Option<UserId>, DbError> {
    let user: Option<i64> =
        sqlx::query_scalar("SELECT user_id FROM issued_cards WHERE card_digest = $1")
            .bind(digest)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(user.map(UserId::new))
}

/// Removes one of the user's instruments: it pays no more (its row stays for the orders paid with
/// it; a card can be linked again). Its label, or `None` when the user has no such instrument.
pub async fn remove_instrument(
    tx: &mut Tx<'_>,
    user: UserId,
    id: InstrumentId,
    now: i64,
) -> Result<Option<String>, DbError> {
    Ok(sqlx::query_scalar(
        "UPDATE instruments SET removed_at = $3, \
           card_digest = CASE WHEN kind = 'card' THEN 'removed:' || CAST(id AS TEXT) ELSE card_digest END \
         WHERE id = $1 AND user_id = $2 AND removed_at IS NULL RETURNING label",
    )
    .bind(id.get())
    .bind(user.get())
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?)
}

/// A PIN as stored: the instrument's salt and the keyed digest.
#[derive(Clone, Copy, Debug)]
pub struct PinDigest<'a> {
    pub salt: &'a str,
    pub hash: &'a str,
}

/// Gives one of the user's instruments a new PIN and clears its wrong tries and lock. Its label,
/// or `None` when the user has no such instrument.
pub async fn set_pin(
    tx: &mut Tx<'_>,
    user: UserId,
    id: InstrumentId,
    pin: PinDigest<'_>,
) -> Result<Option<String>, DbError> {
    Ok(sqlx::query_scalar(
        "UPDATE instruments SET pin_salt = $3, pin_hash = $4, failed_pins = 0, \
           locked_until = NULL WHERE id = $1 AND user_id = $2 AND removed_at IS NULL RETURNING label",
    )
    .bind(id.get())
    .bind(user.get())
    .bind(pin.salt)
    .bind(pin.hash)
    .fetch_optional(&mut **tx)
    .await?)
}

/// `instruments`' row.
#[derive(FromRow)]
struct InstrumentRow {
    id: i64,
    kind: String,
    label: String,
    locked_until: Option<i64>,
    balance_chon: i64,
    linked_by: Option<String>,
    created_at: i64,
}

/// An instrument as stored, with the session that linked it (its token's digest; `None`: the
/// bank's counter) and when.
#[derive(Clone, Debug)]
pub struct LinkedInstrument {
    pub instrument: Instrument,
    pub linked_by: Option<String>,
    pub linked_at: i64,
}

/// One change to an account's security history.
pub struct SecurityEvent<'a> {
    pub user: UserId,
    pub kind: SecurityKind,
    /// What it was about (an instrument's label).
    pub detail: &'a str,
    /// The client address it came from.
    pub client: &'a str,
    pub at: i64,
}

/// Writes one change to an account's security history, in the transaction that made it.
pub async fn record_event(tx: &mut Tx<'_>, e: &SecurityEvent<'_>) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO security_events (user_id, kind, detail, client, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(e.user.get())
    .bind(e.kind.code())
    .bind(e.detail)
    .bind(e.client)
    .bind(e.at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What the ledger adds up to (for tests and the operator): both sums must be zero, and every
/// account's balance must equal the sum of its entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, FromRow)]
pub struct LedgerCheck {
    pub balances_sum: i64,
    pub entries_sum: i64,
    pub accounts_off: i64,
    pub unbalanced_transfers: i64,
}

impl<'a> Bank<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    /// The customer's balance (zero before their account is opened).
    pub async fn balance(&self, user: UserId) -> Result<Won, DbError> {
        let b: Option<i64> =
            sqlx::query_scalar("SELECT balance_chon FROM bank_accounts WHERE user_id = $1")
                .bind(user.get())
                .fetch_optional(self.pool)
                .await?;
        Ok(Won::from_chon(b.unwrap_or(0)))
    }

    /// The user's instruments, cards first, each with who linked it and when (whether a session
    /// may pay with it is `Session::may_pay_with`'s to say).
    pub async fn instruments(&self, user: UserId) -> Result<Vec<LinkedInstrument>, DbError> {
        sqlx::query(
            "SELECT i.id, i.kind, i.label, i.locked_until, a.balance_chon, i.linked_by, i.created_at \
             FROM instruments i JOIN bank_accounts a ON a.id = i.account_id \
             WHERE i.user_id = $1 AND i.removed_at IS NULL ORDER BY i.kind, i.id",
        )
        .bind(user.get())
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(|r| {
            let r = InstrumentRow::from_row(r)?;
            Ok(LinkedInstrument {
                instrument: Instrument {
                    id: InstrumentId::new(r.id),
                    kind: InstrumentKind::from_code(&r.kind).ok_or(DbError::Corrupt {
                        table: "instruments",
                        column: "kind",
                        value: r.kind,
                    })?,
                    label: r.label,
                    balance: Won::from_chon(r.balance_chon),
                    locked_until: r.locked_until,
                    usable: false,
                },
                linked_by: r.linked_by,
                linked_at: r.created_at,
            })
        })
        .collect()
    }

    /// The account's security history, newest first.
    pub async fn security_events(&self, user: UserId) -> Result<Vec<SecurityEntry>, DbError> {
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT kind, detail, client, at FROM security_events WHERE user_id = $1 \
             ORDER BY at DESC, id DESC LIMIT 50",
        )
        .bind(user.get())
        .fetch_all(self.pool)
        .await?;
        rows.into_iter()
            .map(|(kind, detail, client, at)| {
                Ok(SecurityEntry {
                    kind: SecurityKind::from_code(&kind).ok_or(DbError::Corrupt {
                        table: "security_events",
                        column: "kind",
                        value: kind,
                    })?,
                    detail,
                    client,
                    at,
                })
            })
            .collect()
    }

    /// Adds up the ledger.
    pub async fn check(&self) -> Result<LedgerCheck, DbError> {
        let row = sqlx::query(
            "SELECT \
               CAST((SELECT COALESCE(SUM(balance_chon), 0) FROM bank_accounts) AS BIGINT) AS balances_sum, \
               CAST((SELECT COALESCE(SUM(amount_chon), 0) FROM ledger_entries) AS BIGINT) AS entries_sum, \
               (SELECT COUNT(*) FROM bank_accounts a LEFT JOIN \
                  (SELECT account_id, SUM(amount_chon) AS total FROM ledger_entries \
                   GROUP BY account_id) e ON e.account_id = a.id \
                WHERE a.balance_chon <> COALESCE(e.total, 0)) AS accounts_off, \
               (SELECT COUNT(*) FROM (SELECT transfer_id FROM ledger_entries \
                  GROUP BY transfer_id HAVING SUM(amount_chon) <> 0) u) AS unbalanced_transfers",
        )
        .fetch_one(self.pool)
        .await?;
        Ok(LedgerCheck::from_row(&row)?)
    }

    /// The sum of one kind of transfer touching `order` (tests and order pages).
    pub async fn moved_for(&self, order: OrderId, kind: TransferKind) -> Result<Won, DbError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(amount_chon), 0) AS BIGINT) FROM transfers \
             WHERE order_id = $1 AND kind = $2",
        )
        .bind(order.get())
        .bind(kind.code())
        .fetch_one(self.pool)
        .await?;
        Ok(Won::from_chon(n))
    }
}
