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
    rows::{self, chon, flag},
    DbError, Tx,
};
use crate::domain::{
    account::{SecurityEntry, SecurityKind},
    payment::{Instrument, InstrumentKind},
    InstrumentId, OrderId, SellerId, UserId, Won,
};
use sqlx::{AnyPool, Row};

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

/// Moves `amount` from one account to another with its two ledger entries. A zero amount moves
/// nothing. `Err(Insufficient)` when the paying account (not the funding one) holds too little;
/// the other account may already be credited then, so the caller must roll its transaction back
/// (every caller does: it returns without committing).
pub(super) async fn transfer(
    tx: &mut Tx<'_>,
    kind: TransferKind,
    from: i64,
    to: i64,
    amount: Won,
    order: Option<OrderId>,
    now: i64,
) -> Result<Result<(), Insufficient>, DbError> {
    let chon = chon(amount)?;
    if chon == 0 {
        return Ok(Ok(()));
    }
    // Ascending id order: every transaction takes account locks in the same order.
    let mut steps = [(from, -chon), (to, chon)];
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
            let balance: i64 =
                sqlx::query_scalar("SELECT balance_chon FROM bank_accounts WHERE id = $1")
                    .bind(account)
                    .fetch_one(&mut **tx)
                    .await?;
            return Ok(Err(Insufficient {
                balance: Won::from_chon(balance),
            }));
        }
    }
    let transfer: i64 = sqlx::query_scalar(
        "INSERT INTO transfers (kind, from_account, to_account, amount_chon, order_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(kind.code())
    .bind(from)
    .bind(to)
    .bind(chon)
    .bind(order.map(OrderId::get))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO ledger_entries (transfer_id, account_id, amount_chon) \
         VALUES ($1, $2, $3), ($1, $4, $5)",
    )
    .bind(transfer)
    .bind(from)
    .bind(-chon)
    .bind(to)
    .bind(chon)
    .execute(&mut **tx)
    .await?;
    Ok(Ok(()))
}

/// Several transfers of one kind for one order, in order; the first that can't be made stops the
/// rest (the caller's transaction then rolls back). Every account the moves touch is locked first,
/// in ascending id order, so two such calls can't wait for each other.
pub(super) async fn transfers(
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
        if let Err(short) = transfer(tx, kind, from, to, amount, Some(order), now).await? {
            return Ok(Err(short));
        }
    }
    Ok(Ok(()))
}

pub(super) async fn system_account(tx: &mut Tx<'_>, which: SystemAccount) -> Result<i64, DbError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM bank_accounts WHERE kind = $1")
            .bind(which.kind())
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// The seller's account, opened on first use.
pub(super) async fn seller_account(tx: &mut Tx<'_>, seller: SellerId) -> Result<i64, DbError> {
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
async fn customer_account(tx: &mut Tx<'_>, user: UserId) -> Result<i64, DbError> {
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
    /// Its unkeyed digest as written before the key: the same card linked then is found too.
    pub card_legacy: Option<&'a str>,
    /// What pages show of it.
    pub label: &'a str,
    pub pin_salt: &'a str,
    /// The keyed digest of the PIN.
    pub pin_hash: &'a str,
    /// Who linked it: the session (SHA-256 of its token) and the client's address, for the
    /// account's security history. `None` for demo data.
    pub linked_by: Option<(&'a str, &'a str)>,
}

/// Whether a PIN may be tried now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PinGate {
    /// One try is counted: check the PIN against these; `account` pays.
    Try {
        account: i64,
        salt: String,
        hash: String,
    },
    /// Locked (or three tries already under way) until then.
    Locked { until: i64 },
    /// No such instrument of this user.
    Unknown,
}

/// What a checked PIN did to the instrument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinOutcome {
    Right,
    /// Wrong, `n` wrong in a row now.
    Wrong(u32),
    /// Wrong, and that locked the instrument.
    LockedNow,
}

/// What the ledger adds up to (for tests and the operator): both sums must be zero, and every
/// account's balance must equal the sum of its entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

    /// The user's instruments, cards first, and whether the session `(token_hash, created_at)`
    /// may pay with each: one linked after the session began, by another session, waits for a
    /// sign-in there.
    pub async fn instruments(
        &self,
        user: UserId,
        session: (&str, i64),
    ) -> Result<Vec<Instrument>, DbError> {
        sqlx::query(
            "SELECT i.id, i.kind, i.label, i.locked_until, a.balance_chon, \
                    CAST(CASE WHEN i.linked_by IS NULL OR i.linked_by = $2 OR i.created_at <= $3 \
                         THEN 1 ELSE 0 END AS BIGINT) AS usable \
             FROM instruments i JOIN bank_accounts a ON a.id = i.account_id \
             WHERE i.user_id = $1 AND i.removed_at IS NULL ORDER BY i.kind, i.id",
        )
        .bind(user.get())
        .bind(session.0)
        .bind(session.1)
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            Ok(Instrument {
                id: InstrumentId::new(r.try_get("id")?),
                kind: InstrumentKind::from_code(&kind).ok_or(DbError::Corrupt {
                    table: "instruments",
                    column: "kind",
                    value: kind,
                })?,
                label: r.try_get("label")?,
                balance: Won::from_chon(r.try_get("balance_chon")?),
                locked_until: r.try_get("locked_until")?,
                usable: flag(r, "usable")?,
            })
        })
        .collect()
    }

    /// Takes one try at the instrument's PIN, counted before the PIN is compared: refused while
    /// the instrument is locked or `tries` are already counted (wrong ones, or ones still being
    /// checked), so requests sent together can't get more guesses than that.
    ///
    /// Only an instrument the session `(token_hash, created_at)` may pay with counts (see
    /// `instruments`); any other is `Unknown`.
    pub async fn take_pin_try(
        &self,
        id: InstrumentId,
        user: UserId,
        session: (&str, i64),
        tries: u32,
        now: i64,
    ) -> Result<PinGate, DbError> {
        let usable =
            "removed_at IS NULL AND (linked_by IS NULL OR linked_by = $5 OR created_at <= $6)";
        let taken = sqlx::query(&format!(
            "UPDATE instruments SET failed_pins = failed_pins + 1 \
             WHERE id = $1 AND user_id = $2 AND (locked_until IS NULL OR locked_until <= $3) \
             AND failed_pins < $4 AND {usable} RETURNING account_id, pin_salt, pin_hash"
        ))
        .bind(id.get())
        .bind(user.get())
        .bind(now)
        .bind(i64::from(tries))
        .bind(session.0)
        .bind(session.1)
        .fetch_optional(self.pool)
        .await?;
        if let Some(r) = taken {
            return Ok(PinGate::Try {
                account: r.try_get("account_id")?,
                salt: r.try_get("pin_salt")?,
                hash: r.try_get("pin_hash")?,
            });
        }
        let row: Option<(i64, Option<i64>)> = sqlx::query_as(&format!(
            "SELECT user_id, locked_until FROM instruments WHERE id = $1 AND \
             {}",
            usable.replace("$5", "$2").replace("$6", "$3")
        ))
        .bind(id.get())
        .bind(session.0)
        .bind(session.1)
        .fetch_optional(self.pool)
        .await?;
        Ok(match row {
            Some((owner, locked_until)) if owner == user.get() => PinGate::Locked {
                until: locked_until.filter(|t| *t > now).unwrap_or(now),
            },
            _ => PinGate::Unknown,
        })
    }

    /// Settles a try taken with `take_pin_try`: a right PIN clears the count; a wrong one stays
    /// counted, and the `tries`-th wrong one in a row locks the instrument until `lock_until`.
    pub async fn settle_pin_try(
        &self,
        id: InstrumentId,
        right: bool,
        tries: u32,
        lock_until: i64,
    ) -> Result<PinOutcome, DbError> {
        if right {
            sqlx::query("UPDATE instruments SET failed_pins = 0 WHERE id = $1")
                .bind(id.get())
                .execute(self.pool)
                .await?;
            return Ok(PinOutcome::Right);
        }
        // Both CASEs read the row as it was before this UPDATE.
        let (n, locked_until): (i64, Option<i64>) = sqlx::query_as(
            "UPDATE instruments SET \
               locked_until = CASE WHEN failed_pins >= $2 THEN $3 ELSE locked_until END, \
               failed_pins = CASE WHEN failed_pins >= $2 THEN 0 ELSE failed_pins END \
             WHERE id = $1 RETURNING failed_pins, locked_until",
        )
        .bind(id.get())
        .bind(i64::from(tries))
        .bind(lock_until)
        .fetch_one(self.pool)
        .await?;
        Ok(if locked_until == Some(lock_until) {
            PinOutcome::LockedNow
        } else {
            PinOutcome::Wrong(rows::count("instruments", "failed_pins", n)?)
        })
    }

    /// Links an instrument to the user's account (opened if needed). `None` when the card is
    /// already linked (to anyone) or the user already has a SIM-linked account.
    pub async fn add_instrument(
        &self,
        new: &NewInstrument<'_>,
        now: i64,
    ) -> Result<Option<InstrumentId>, DbError> {
        let NewInstrument {
            user,
            kind,
            card_digest,
            card_legacy,
            label,
            pin_salt,
            pin_hash,
            linked_by,
        } = *new;
        let mut tx = self.pool.begin().await?;
        if let Some(legacy) = card_legacy {
            let linked_before: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM instruments WHERE card_scheme = 0 AND card_digest = $1",
            )
            .bind(legacy)
            .fetch_optional(&mut *tx)
            .await?;
            if linked_before.is_some() {
                return Ok(None);
            }
        }
        let account = customer_account(&mut tx, user).await?;
        let inserted = sqlx::query_scalar::<_, i64>(
            "INSERT INTO instruments (user_id, account_id, kind, card_digest, label, pin_salt, \
             pin_hash, created_at, linked_by, card_scheme, pin_scheme) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, 1) RETURNING id",
        )
        .bind(user.get())
        .bind(account)
        .bind(kind.code())
        .bind(card_digest)
        .bind(label)
        .bind(pin_salt)
        .bind(pin_hash)
        .bind(now)
        .bind(linked_by.map(|(session, _)| session))
        .fetch_one(&mut *tx)
        .await;
        let id = match inserted {
            Ok(id) => id,
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        if let Some((_, client)) = linked_by {
            record_event(
                &mut tx,
                user,
                SecurityKind::InstrumentLinked,
                label,
                client,
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Some(InstrumentId::new(id)))
    }

    /// Removes one of the user's instruments: it pays no more (its row stays for the orders paid
    /// with it; a card can be linked again). Written to the security history. `false` when the
    /// user has no such instrument.
    pub async fn remove_instrument(
        &self,
        user: UserId,
        id: InstrumentId,
        client: &str,
        now: i64,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let label: Option<String> = sqlx::query_scalar(
            "UPDATE instruments SET removed_at = $3, \
               card_digest = CASE WHEN kind = 'card' THEN 'removed:' || CAST(id AS TEXT) ELSE card_digest END \
             WHERE id = $1 AND user_id = $2 AND removed_at IS NULL RETURNING label",
        )
        .bind(id.get())
        .bind(user.get())
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(label) = label else {
            return Ok(false);
        };
        record_event(
            &mut tx,
            user,
            SecurityKind::InstrumentRemoved,
            &label,
            client,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Gives one of the user's instruments a new PIN (and clears its wrong tries and lock).
    /// Written to the security history. `false` when the user has no such instrument.
    pub async fn change_pin(
        &self,
        user: UserId,
        id: InstrumentId,
        (salt, hash): (&str, &str),
        client: &str,
        now: i64,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let label: Option<String> = sqlx::query_scalar(
            "UPDATE instruments SET pin_salt = $3, pin_hash = $4, pin_scheme = 1, failed_pins = 0, \
               locked_until = NULL WHERE id = $1 AND user_id = $2 AND removed_at IS NULL RETURNING label",
        )
        .bind(id.get())
        .bind(user.get())
        .bind(salt)
        .bind(hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(label) = label else {
            return Ok(false);
        };
        record_event(&mut tx, user, SecurityKind::PinChanged, &label, client, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The PIN digests written before the key: (instrument, salt, digest).
    pub async fn unkeyed_pins(&self) -> Result<Vec<(InstrumentId, String, String)>, DbError> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT id, pin_salt, pin_hash FROM instruments WHERE pin_scheme = 0 ORDER BY id",
        )
        .fetch_all(self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, salt, hash)| (InstrumentId::new(id), salt, hash))
            .collect())
    }

    /// Replaces an unkeyed PIN digest with its keyed one, if it is still the unkeyed `old`.
    pub async fn rekey_pin(
        &self,
        id: InstrumentId,
        old: &str,
        keyed: &str,
    ) -> Result<bool, DbError> {
        let done = sqlx::query(
            "UPDATE instruments SET pin_hash = $3, pin_scheme = 1 \
             WHERE id = $1 AND pin_scheme = 0 AND pin_hash = $2",
        )
        .bind(id.get())
        .bind(old)
        .bind(keyed)
        .execute(self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
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

    /// Records money paid in at the bank for the account holder with this phone number. The new
    /// balance, or `None` when no account has that number.
    pub async fn deposit(
        &self,
        phone: &str,
        amount: Won,
        now: i64,
    ) -> Result<Option<Won>, DbError> {
        let Some(user) = sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE phone = $1")
            .bind(phone)
            .fetch_optional(self.pool)
            .await?
        else {
            return Ok(None);
        };
        // The transaction's first statement writes (SQLite: no read lock to upgrade).
        let mut tx = self.pool.begin().await?;
        let account = customer_account(&mut tx, UserId::new(user)).await?;
        let funding = system_account(&mut tx, SystemAccount::Funding).await?;
        if transfer(
            &mut tx,
            TransferKind::Deposit,
            funding,
            account,
            amount,
            None,
            now,
        )
        .await?
        .is_err()
        {
            // The funding account may go negative: this can't happen.
            return Err(DbError::Corrupt {
                table: "bank_accounts",
                column: "kind",
                value: "funding refused a deposit".into(),
            });
        }
        let balance: i64 =
            sqlx::query_scalar("SELECT balance_chon FROM bank_accounts WHERE id = $1")
                .bind(account)
                .fetch_one(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(Some(Won::from_chon(balance)))
    }

    /// Adds up the ledger.
    pub async fn check(&self) -> Result<LedgerCheck, DbError> {
        let row = sqlx::query(
            "SELECT \
               CAST((SELECT COALESCE(SUM(balance_chon), 0) FROM bank_accounts) AS BIGINT) AS b, \
               CAST((SELECT COALESCE(SUM(amount_chon), 0) FROM ledger_entries) AS BIGINT) AS e, \
               (SELECT COUNT(*) FROM bank_accounts a WHERE a.balance_chon <> \
                  (SELECT COALESCE(SUM(l.amount_chon), 0) FROM ledger_entries l \
                   WHERE l.account_id = a.id)) AS off, \
               (SELECT COUNT(*) FROM transfers t WHERE 0 <> \
                  (SELECT COALESCE(SUM(l.amount_chon), 0) FROM ledger_entries l \
                   WHERE l.transfer_id = t.id)) AS unbalanced",
        )
        .fetch_one(self.pool)
        .await?;
        Ok(LedgerCheck {
            balances_sum: row.try_get("b")?,
            entries_sum: row.try_get("e")?,
            accounts_off: row.try_get("off")?,
            unbalanced_transfers: row.try_get("unbalanced")?,
        })
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

/// Writes one change to an account's security history, in the transaction that made it.
pub(super) async fn record_event(
    tx: &mut Tx<'_>,
    user: UserId,
    kind: SecurityKind,
    detail: &str,
    client: &str,
    now: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO security_events (user_id, kind, detail, client, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user.get())
    .bind(kind.code())
    .bind(detail)
    .bind(client)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
