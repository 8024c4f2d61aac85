//! Accounts, addresses, sessions and the attempts that rate limiting counts. SQL only: the rules
//! (a number is taken, the first address is the default, a new password ends the other sessions)
//! are `service::accounts`'. Writes of more than one statement take the caller's transaction.

use super::{rows, DbError, Tx};
use crate::domain::{
    account::{PhoneNumber, Role, SavedAddress, Viewer},
    compare::District,
    delivery::GeoPoint,
    AddressId, CityId, SellerId, UserId,
};
use sqlx::{any::AnyRow, AnyPool, FromRow, Row};

pub struct Accounts<'a> {
    pool: &'a AnyPool,
}

/// A `users` row to write, already parsed and hashed.
pub struct NewUser<'a> {
    pub name: &'a str,
    pub phone: &'a PhoneNumber,
    /// The keyed digest of the resident registration number (`SecretKey::resident`).
    pub resident_digest: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub seller: Option<SellerId>,
    /// The city a dispatcher works for.
    pub city: Option<CityId>,
}

/// An `addresses` row to write.
#[derive(Clone, Copy, Debug)]
pub struct NewAddress<'a> {
    pub user: UserId,
    /// `district_id`'s answer.
    pub district: i64,
    pub line: &'a str,
    pub is_default: bool,
}

/// What already has an account: the phone number, or the resident behind the digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Taken {
    Phone,
    Resident,
}

/// An account holder as the bank's counter identifies them.
#[derive(Clone, Debug)]
pub struct Resident {
    pub user: UserId,
    /// The keyed digest of their resident registration number.
    pub resident_digest: String,
}

/// A live session as stored.
#[derive(Clone, Copy, Debug, FromRow)]
pub struct StoredSession {
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// A seller's manager is stored as its staff (`role = 'seller'`) with `manager = 1`: read together
/// as the role `manager` (see `stored_role` for the way in).
const VIEWER_COLUMNS: &str = "u.id, u.name, u.phone, \
     CASE WHEN u.manager = 1 THEN 'manager' ELSE u.role END AS role, u.seller_id, u.city_id";

/// How a role is stored: the `role` column and the `manager` mark.
fn stored_role(role: Role) -> (&'static str, i64) {
    match role {
        Role::Manager => (Role::Seller.as_str(), 1),
        other => (other.as_str(), 0),
    }
}

impl<'a> Accounts<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    /// The account and password hash behind a phone number.
    /// The account with this number, its password's hash and whether it is suspended.
    pub async fn credentials(
        &self,
        phone: &PhoneNumber,
    ) -> Result<Option<(UserId, String, bool)>, DbError> {
        let row: Option<(i64, String, Option<i64>)> =
            sqlx::query_as("SELECT id, password_hash, suspended_at FROM users WHERE phone = $1")
                .bind(phone.as_str())
                .fetch_optional(self.pool)
                .await?;
        Ok(row.map(|(id, hash, suspended)| (UserId::new(id), hash, suspended.is_some())))
    }

    /// The account holder behind a phone number as the bank's counter knows them: the account and
    /// the keyed digest of their resident registration number.
    pub async fn resident(&self, phone: &PhoneNumber) -> Result<Option<Resident>, DbError> {
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT id, resident_digest FROM users WHERE phone = $1")
                .bind(phone.as_str())
                .fetch_optional(self.pool)
                .await?;
        Ok(row.map(|(id, resident_digest)| Resident {
            user: UserId::new(id),
            resident_digest,
        }))
    }

    pub async fn password_hash(&self, user: UserId) -> Result<Option<String>, DbError> {
        Ok(
            sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
                .bind(user.get())
                .fetch_optional(self.pool)
                .await?,
        )
    }

    pub async fn viewer(&self, user: UserId) -> Result<Option<Viewer>, DbError> {
        sqlx::query(&format!(
            "SELECT {VIEWER_COLUMNS} FROM users u WHERE u.id = $1"
        ))
        .bind(user.get())
        .fetch_optional(self.pool)
        .await?
        .as_ref()
        .map(viewer)
        .transpose()
    }

    /// A stored session and who it belongs to, in one query (every signed-in request asks). A
    /// suspended account has none.
    pub async fn session(
        &self,
        token_hash: &str,
    ) -> Result<Option<(StoredSession, Viewer)>, DbError> {
        let row = sqlx::query(&format!(
            "SELECT s.created_at, s.last_seen_at, {VIEWER_COLUMNS} \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND u.suspended_at IS NULL"
        ))
        .bind(token_hash)
        .fetch_optional(self.pool)
        .await?;
        row.map(|r| Ok((StoredSession::from_row(&r)?, viewer(&r)?)))
            .transpose()
    }

    pub async fn touch_session(&self, token_hash: &str, now: i64) -> Result<(), DbError> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(self.pool)
            .await?;
        Ok(())
    }

    pub async fn session_count(&self, user: UserId) -> Result<u32, DbError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE user_id = $1")
            .bind(user.get())
            .fetch_one(self.pool)
            .await?;
        rows::count("sessions", "user_id", n)
    }

    /// Deletes sessions idle since `idle_before` or created before `created_before`, and attempts
    /// older than `attempts_before`.
    pub async fn purge(
        &self,
        idle_before: i64,
        created_before: i64,
        attempts_before: i64,
    ) -> Result<u64, DbError> {
        let sessions =
            sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
                .bind(idle_before)
                .bind(created_before)
                .execute(self.pool)
                .await?
                .rows_affected();
        let attempts = sqlx::query("DELETE FROM auth_attempts WHERE at < $1")
            .bind(attempts_before)
            .execute(self.pool)
            .await?
            .rows_affected();
        Ok(sessions + attempts)
    }

    // Attempts (rate limiting): each statement on its own, committed at once, so that attempts
    // sent together see each other.

    /// How many attempts `scope` made since `since`, and when the oldest of them was.
    pub async fn attempts(&self, scope: &str, since: i64) -> Result<(u32, Option<i64>), DbError> {
        let (n, oldest): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(at) FROM auth_attempts WHERE scope = $1 AND at >= $2",
        )
        .bind(scope)
        .bind(since)
        .fetch_one(self.pool)
        .await?;
        Ok((rows::count("auth_attempts", "scope", n)?, oldest))
    }

    /// How many attempts of `scope` since `since` came before attempt `id`, and when the last
    /// of them was.
    pub async fn attempts_before(
        &self,
        scope: &str,
        id: i64,
        since: i64,
    ) -> Result<(u32, Option<i64>), DbError> {
        let (n, latest): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MAX(at) FROM auth_attempts WHERE scope = $1 AND at >= $2 AND id < $3",
        )
        .bind(scope)
        .bind(since)
        .bind(id)
        .fetch_one(self.pool)
        .await?;
        Ok((rows::count("auth_attempts", "scope", n)?, latest))
    }

    pub async fn record_attempt(&self, scope: &str, now: i64) -> Result<i64, DbError> {
        Ok(
            sqlx::query_scalar(
                "INSERT INTO auth_attempts (scope, at) VALUES ($1, $2) RETURNING id",
            )
            .bind(scope)
            .bind(now)
            .fetch_one(self.pool)
            .await?,
        )
    }

    pub async fn forget_attempt(&self, id: i64) -> Result<(), DbError> {
        sqlx::query("DELETE FROM auth_attempts WHERE id = $1")
            .bind(id)
            .execute(self.pool)
            .await?;
        Ok(())
    }

    pub async fn clear_attempts(&self, scope: &str) -> Result<(), DbError> {
        sqlx::query("DELETE FROM auth_attempts WHERE scope = $1")
            .bind(scope)
            .execute(self.pool)
            .await?;
        Ok(())
    }

    // Addresses.

    pub async fn addresses(&self, user: UserId) -> Result<Vec<SavedAddress>, DbError> {
        sqlx::query(
            "SELECT a.id, a.line, a.is_default, d.slug, d.name_ko, d.name_en, \
                    t.name_ko AS city_ko, t.name_en AS city_en \
             FROM addresses a JOIN districts d ON d.id = a.district_id JOIN cities t ON t.id = d.city_id \
             WHERE a.user_id = $1 ORDER BY a.is_default DESC, a.id",
        )
        .bind(user.get())
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(SavedAddress {
                id: AddressId::new(r.try_get("id")?),
                district: district(r)?,
                line: r.try_get("line")?,
                is_default: rows::flag(r, "is_default")?,
            })
        })
        .collect()
    }

    /// The district of the account's default address and where it is.
    pub async fn default_district(
        &self,
        user: UserId,
    ) -> Result<Option<(District, GeoPoint)>, DbError> {
        sqlx::query(
            "SELECT d.slug, d.name_ko, d.name_en, d.lat, d.lon, t.name_ko AS city_ko, t.name_en AS city_en \
             FROM addresses a JOIN districts d ON d.id = a.district_id JOIN cities t ON t.id = d.city_id \
             WHERE a.user_id = $1 AND a.is_default = 1",
        )
        .bind(user.get())
        .fetch_optional(self.pool)
        .await?
        .map(|r| Ok((district(&r)?, GeoPoint::new(r.try_get("lat")?, r.try_get("lon")?))))
        .transpose()
    }

    /// Whether any account or any good exists: only an empty database takes demo data.
    pub async fn is_empty_shop(&self) -> Result<bool, DbError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM users LIMIT 1) u) \
                  + (SELECT COUNT(*) FROM (SELECT 1 FROM categories LIMIT 1) c)",
        )
        .fetch_one(self.pool)
        .await?;
        Ok(n == 0)
    }
}

// Writes, in the caller's transaction.

/// The id of the district with this slug.
pub async fn district_id(tx: &mut Tx<'_>, slug: &str) -> Result<Option<i64>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM districts WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// The id of the city with this slug.
pub async fn city_id(tx: &mut Tx<'_>, slug: &str) -> Result<Option<CityId>, DbError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM cities WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(id.map(CityId::new))
}

/// Whether the phone number, or the resident behind the digest, has an account.
pub async fn taken(
    tx: &mut Tx<'_>,
    phone: &PhoneNumber,
    resident_digest: &str,
) -> Result<Option<Taken>, DbError> {
    let found: Option<String> = sqlx::query_scalar(
        "SELECT phone FROM users WHERE phone = $1 OR resident_digest = $2 \
         ORDER BY CASE WHEN phone = $1 THEN 0 ELSE 1 END LIMIT 1",
    )
    .bind(phone.as_str())
    .bind(resident_digest)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(found.map(|p| {
        if p == phone.as_str() {
            Taken::Phone
        } else {
            Taken::Resident
        }
    }))
}

/// Writes a `users` row. `Err(Taken::Phone)` when the number or the resident got an account
/// between the caller's `taken` check and this insert (a sign-up racing another).
pub async fn insert_user(
    tx: &mut Tx<'_>,
    user: &NewUser<'_>,
    now: i64,
) -> Result<Result<UserId, Taken>, DbError> {
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO users (phone, name, resident_digest, password_hash, role, manager, \
         seller_id, city_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(user.phone.as_str())
    .bind(user.name)
    .bind(user.resident_digest)
    .bind(user.password_hash)
    .bind(stored_role(user.role).0)
    .bind(stored_role(user.role).1)
    .bind(user.seller.map(SellerId::get))
    .bind(user.city.map(CityId::get))
    .bind(now)
    .fetch_one(&mut **tx)
    .await;
    match inserted {
        Ok(id) => Ok(Ok(UserId::new(id))),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(Err(Taken::Phone)),
        Err(e) => Err(e.into()),
    }
}

/// The account with this number, as pages would see it, in the caller's transaction.
pub async fn viewer_by_phone(
    tx: &mut Tx<'_>,
    phone: &PhoneNumber,
) -> Result<Option<Viewer>, DbError> {
    sqlx::query(&format!(
        "SELECT {VIEWER_COLUMNS} FROM users u WHERE u.phone = $1"
    ))
    .bind(phone.as_str())
    .fetch_optional(&mut **tx)
    .await?
    .as_ref()
    .map(viewer)
    .transpose()
}

/// Takes the account's row lock, so concurrent changes to its addresses run one after the other
/// (PostgreSQL; SQLite writers are serialised anyway).
pub async fn lock_user(tx: &mut Tx<'_>, user: UserId) -> Result<(), DbError> {
    sqlx::query("UPDATE users SET id = id WHERE id = $1")
        .bind(user.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn insert_address(
    tx: &mut Tx<'_>,
    a: &NewAddress<'_>,
    now: i64,
) -> Result<AddressId, DbError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO addresses (user_id, district_id, line, is_default, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(a.user.get())
    .bind(a.district)
    .bind(a.line)
    .bind(i64::from(a.is_default))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(AddressId::new(id))
}

pub async fn address_count(tx: &mut Tx<'_>, user: UserId) -> Result<u32, DbError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM addresses WHERE user_id = $1")
        .bind(user.get())
        .fetch_one(&mut **tx)
        .await?;
    rows::count("addresses", "user_id", n)
}

pub async fn owns_address(
    tx: &mut Tx<'_>,
    user: UserId,
    address: AddressId,
) -> Result<bool, DbError> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM addresses WHERE id = $1 AND user_id = $2")
            .bind(address.get())
            .bind(user.get())
            .fetch_one(&mut **tx)
            .await?;
    Ok(n == 1)
}

/// Marks the address as the account's default and no other.
pub async fn set_default_address(
    tx: &mut Tx<'_>,
    user: UserId,
    address: AddressId,
) -> Result<(), DbError> {
    // Off first, then on: the partial unique index allows one default at any moment.
    sqlx::query(
        "UPDATE addresses SET is_default = 0 WHERE user_id = $1 AND is_default = 1 AND id <> $2",
    )
    .bind(user.get())
    .bind(address.get())
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE addresses SET is_default = 1 WHERE id = $1 AND user_id = $2")
        .bind(address.get())
        .bind(user.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Deletes the address; whether it was the default.
pub async fn delete_address(tx: &mut Tx<'_>, address: AddressId) -> Result<bool, DbError> {
    let was_default: Option<i64> =
        sqlx::query_scalar("DELETE FROM addresses WHERE id = $1 RETURNING is_default")
            .bind(address.get())
            .fetch_optional(&mut **tx)
            .await?;
    Ok(was_default == Some(1))
}

/// The account's oldest address.
pub async fn oldest_address(tx: &mut Tx<'_>, user: UserId) -> Result<Option<AddressId>, DbError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT MIN(id) FROM addresses WHERE user_id = $1")
        .bind(user.get())
        .fetch_one(&mut **tx)
        .await?;
    Ok(id.map(AddressId::new))
}

pub async fn set_password_hash(tx: &mut Tx<'_>, user: UserId, hash: &str) -> Result<(), DbError> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

// Sessions.

pub async fn insert_session(
    tx: &mut Tx<'_>,
    token_hash: &str,
    user: UserId,
    now: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)",
    )
    .bind(token_hash)
    .bind(user.get())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn delete_session(tx: &mut Tx<'_>, token_hash: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Ends the account's sessions but `keep` (a token hash; `None`: every one). How many ended.
pub async fn delete_sessions_of(
    tx: &mut Tx<'_>,
    user: UserId,
    keep: Option<&str>,
) -> Result<u64, DbError> {
    Ok(
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user.get())
            .bind(keep.unwrap_or(""))
            .execute(&mut **tx)
            .await?
            .rows_affected(),
    )
}

fn district(r: &AnyRow) -> Result<District, DbError> {
    Ok(District {
        slug: r.try_get("slug")?,
        name: rows::localized(r, "name_ko", "name_en")?,
        city: rows::localized(r, "city_ko", "city_en")?,
    })
}

/// The columns of `VIEWER_COLUMNS` as a `users` row.
#[derive(FromRow)]
struct ViewerRow {
    id: i64,
    name: String,
    phone: String,
    role: String,
    seller_id: Option<i64>,
    city_id: Option<i64>,
}

fn viewer(r: &AnyRow) -> Result<Viewer, DbError> {
    let row = ViewerRow::from_row(r)?;
    let corrupt = |column: &'static str, value: &str| DbError::Corrupt {
        table: "users",
        column,
        value: value.to_string(),
    };
    Ok(Viewer {
        id: UserId::new(row.id),
        phone: rows::phone(row.phone)?,
        role: Role::parse(&row.role).ok_or_else(|| corrupt("role", &row.role))?,
        name: row.name,
        seller: row.seller_id.map(SellerId::new),
        city: row.city_id.map(CityId::new),
    })
}

// Proving a phone number: codes sent as text messages, and the outbox they wait in.

/// A live code sent to a number, its try just counted.
#[derive(Clone, Debug, FromRow)]
pub struct PhoneCode {
    pub code_digest: String,
    /// Tries counted so far, this one included.
    pub tries: i64,
}

/// Keeps a code sent to `phone` (its keyed digest), working until `expires_at`.
pub async fn add_phone_code(
    tx: &mut Tx<'_>,
    phone: &PhoneNumber,
    code_digest: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO phone_codes (phone, code_digest, created_at, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(phone.as_str())
    .bind(code_digest)
    .bind(now)
    .bind(expires_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Counts a try of the newest code sent to `phone` that still works at `now` and has had fewer
/// than `max_tries`, before the caller compares it (so tries arriving together are all counted).
pub async fn try_phone_code(
    tx: &mut Tx<'_>,
    phone: &PhoneNumber,
    now: i64,
    max_tries: i64,
) -> Result<Option<PhoneCode>, DbError> {
    let code = sqlx::query_as::<_, PhoneCode>(
        "UPDATE phone_codes SET tries = tries + 1 \
         WHERE id = (SELECT id FROM phone_codes WHERE phone = $1 AND expires_at > $2 \
                     ORDER BY id DESC LIMIT 1) \
           AND tries < $3 \
         RETURNING code_digest, tries",
    )
    .bind(phone.as_str())
    .bind(now)
    .bind(max_tries)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(code)
}

/// The number is proven: its codes are used up.
pub async fn drop_phone_codes(tx: &mut Tx<'_>, phone: &PhoneNumber) -> Result<(), DbError> {
    sqlx::query("DELETE FROM phone_codes WHERE phone = $1")
        .bind(phone.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Puts a text message to `phone` in the outbox.
pub async fn queue_text(
    tx: &mut Tx<'_>,
    phone: &PhoneNumber,
    body: &str,
    now: i64,
) -> Result<(), DbError> {
    sqlx::query("INSERT INTO text_messages (phone, body, created_at) VALUES ($1, $2, $3)")
        .bind(phone.as_str())
        .bind(body)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Accounts<'_> {
    /// The newest `limit` text messages in the outbox (to one number, when given), newest first.
    pub async fn outbox(
        &self,
        phone: Option<&PhoneNumber>,
        limit: i64,
    ) -> Result<Vec<crate::page::account::TextMessage>, DbError> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT phone, body, created_at FROM text_messages \
             WHERE $1 = '' OR phone = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(phone.map_or("", |p| p.as_str()))
        .bind(limit)
        .fetch_all(self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(phone, body, at)| crate::page::account::TextMessage { phone, body, at })
            .collect())
    }
}
