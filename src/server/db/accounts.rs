//! Accounts, addresses, sessions and the attempts that rate limiting counts.

use super::{rows, DbError, Tx};
use crate::domain::{
    account::{PhoneNumber, Role, SavedAddress, Viewer},
    compare::District,
    delivery::GeoPoint,
    AddressId, CityId, SellerId, UserId,
};
use sqlx::{any::AnyRow, AnyPool, Row};

/// A delivery address to add: its district (by slug), the line a courier reads, and whether it
/// becomes the default.
#[derive(Clone, Copy, Debug)]
pub struct NewAddress<'a> {
    pub district: &'a str,
    pub line: &'a str,
    pub make_default: bool,
}

pub struct Accounts<'a> {
    pool: &'a AnyPool,
}

/// What a new account is made of, already parsed and hashed.
pub struct NewUser<'a> {
    pub name: &'a str,
    pub phone: &'a PhoneNumber,
    /// The keyed digest of the resident registration number (`SecretKey::resident`).
    pub resident_digest: &'a str,
    /// Its unkeyed digest as written before the key: the same resident registered then is found too.
    pub resident_legacy: Option<&'a str>,
    pub password_hash: &'a str,
    pub role: Role,
    pub seller: Option<SellerId>,
}

/// Why an account could not be created.
#[derive(Debug)]
pub enum CreateUser {
    Created(UserId),
    PhoneTaken,
    ResidentTaken,
}

/// A live session as stored.
#[derive(Clone, Copy, Debug)]
pub struct StoredSession {
    pub user: UserId,
    pub created_at: i64,
    pub last_seen_at: i64,
}

const VIEWER_COLUMNS: &str = "id, name, phone, role, seller_id, city_id";

impl<'a> Accounts<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    /// Creates the account and its first (default) address, in one transaction.
    pub async fn create(
        &self,
        user: &NewUser<'_>,
        district: &str,
        line: &str,
        now: i64,
    ) -> Result<Option<CreateUser>, DbError> {
        let mut tx = self.pool.begin().await?;
        let Some(district_id) = district_id(&mut tx, district).await? else {
            return Ok(None);
        };
        let taken: Option<(String, String)> = sqlx::query_as(
            "SELECT phone, resident_digest FROM users WHERE phone = $1 OR resident_digest = $2 \
             OR (resident_scheme = 0 AND resident_digest = $3)",
        )
        .bind(user.phone.as_str())
        .bind(user.resident_digest)
        .bind(user.resident_legacy.unwrap_or(user.resident_digest))
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((phone, _)) = taken {
            return Ok(Some(if phone == user.phone.as_str() {
                CreateUser::PhoneTaken
            } else {
                CreateUser::ResidentTaken
            }));
        }
        let id = match insert_user_row(&mut tx, user, now).await {
            Ok(id) => id,
            // Someone else took the number between the check and the insert.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Ok(Some(CreateUser::PhoneTaken))
            }
            Err(e) => return Err(e.into()),
        };
        let row = AddressRow {
            user: id,
            district_id,
            line,
            is_default: true,
        };
        insert_address(&mut tx, &row, now).await?;
        tx.commit().await?;
        Ok(Some(CreateUser::Created(id)))
    }

    /// The account and password hash behind a phone number.
    pub async fn credentials(
        &self,
        phone: &PhoneNumber,
    ) -> Result<Option<(UserId, String)>, DbError> {
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT id, password_hash FROM users WHERE phone = $1")
                .bind(phone.as_str())
                .fetch_optional(self.pool)
                .await?;
        Ok(row.map(|(id, hash)| (UserId::new(id), hash)))
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
        sqlx::query(&format!("SELECT {VIEWER_COLUMNS} FROM users WHERE id = $1"))
            .bind(user.get())
            .fetch_optional(self.pool)
            .await?
            .as_ref()
            .map(viewer)
            .transpose()
    }

    /// Changes the password and ends every other session of the account, in one transaction.
    /// Written to the security history, from `(client, now)`.
    pub async fn set_password(
        &self,
        user: UserId,
        hash: &str,
        keep_session: &str,
        (client, now): (&str, i64),
    ) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        let event = super::bank::SecurityEvent {
            user,
            kind: crate::domain::account::SecurityKind::PasswordChanged,
            detail: "",
            client,
            at: now,
        };
        super::bank::record_event(&mut tx, &event).await?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(user.get())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user.get())
            .bind(keep_session)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    // Sessions.

    pub async fn create_session(
        &self,
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
        .execute(self.pool)
        .await?;
        Ok(())
    }

    /// A stored session and who it belongs to, in one query (every signed-in request asks).
    pub async fn session(
        &self,
        token_hash: &str,
    ) -> Result<Option<(StoredSession, Viewer)>, DbError> {
        let row = sqlx::query(
            "SELECT s.created_at, s.last_seen_at, u.id, u.name, u.phone, u.role, u.seller_id, u.city_id \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(self.pool)
        .await?;
        row.map(|r| {
            let viewer = viewer(&r)?;
            Ok((
                StoredSession {
                    user: viewer.id,
                    created_at: r.try_get("created_at")?,
                    last_seen_at: r.try_get("last_seen_at")?,
                },
                viewer,
            ))
        })
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

    pub async fn end_session(&self, token_hash: &str) -> Result<(), DbError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session of the account.
    pub async fn end_sessions_of(&self, user: UserId) -> Result<u64, DbError> {
        Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user.get())
            .execute(self.pool)
            .await?
            .rows_affected())
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

    // Attempts (rate limiting).

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
                is_default: r.try_get::<i64, _>("is_default")? == 1,
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

    /// Adds an address (the default one if asked, or if it is the account's first). `None` when
    /// the district is unknown.
    pub async fn add_address(
        &self,
        user: UserId,
        address: &NewAddress<'_>,
        now: i64,
    ) -> Result<Option<AddressId>, DbError> {
        let NewAddress {
            district,
            line,
            make_default,
        } = *address;
        let mut tx = self.pool.begin().await?;
        lock_user(&mut tx, user).await?;
        let Some(district_id) = district_id(&mut tx, district).await? else {
            return Ok(None);
        };
        let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM addresses WHERE user_id = $1")
            .bind(user.get())
            .fetch_one(&mut *tx)
            .await?;
        let make_default = make_default || existing == 0;
        if make_default {
            clear_default(&mut tx, user).await?;
        }
        let row = AddressRow {
            user,
            district_id,
            line,
            is_default: make_default,
        };
        let id = insert_address(&mut tx, &row, now).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Makes one of the account's addresses its default. `false` when it isn't theirs.
    pub async fn set_default(&self, user: UserId, address: AddressId) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        lock_user(&mut tx, user).await?;
        if !owns(&mut tx, user, address).await? {
            return Ok(false);
        }
        clear_default(&mut tx, user).await?;
        sqlx::query("UPDATE addresses SET is_default = 1 WHERE id = $1")
            .bind(address.get())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Removes an address; if it was the default, the oldest remaining one becomes the default.
    pub async fn remove_address(
        &self,
        user: UserId,
        address: AddressId,
    ) -> Result<RemoveAddress, DbError> {
        let mut tx = self.pool.begin().await?;
        lock_user(&mut tx, user).await?;
        if !owns(&mut tx, user, address).await? {
            return Ok(RemoveAddress::NotFound);
        }
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM addresses WHERE user_id = $1")
            .bind(user.get())
            .fetch_one(&mut *tx)
            .await?;
        if count <= 1 {
            return Ok(RemoveAddress::Last);
        }
        sqlx::query("DELETE FROM addresses WHERE id = $1")
            .bind(address.get())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE addresses SET is_default = 1 WHERE id = \
               (SELECT MIN(id) FROM addresses WHERE user_id = $1) \
             AND NOT EXISTS (SELECT 1 FROM addresses WHERE user_id = $1 AND is_default = 1)",
        )
        .bind(user.get())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(RemoveAddress::Removed)
    }
}

pub enum RemoveAddress {
    Removed,
    NotFound,
    Last,
}

/// The `users` row alone (the caller adds the first address in the same transaction).
async fn insert_user_row(
    tx: &mut Tx<'_>,
    user: &NewUser<'_>,
    now: i64,
) -> Result<UserId, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (phone, name, resident_digest, password_hash, role, seller_id, \
         created_at, resident_scheme) VALUES ($1, $2, $3, $4, $5, $6, $7, 1) RETURNING id",
    )
    .bind(user.phone.as_str())
    .bind(user.name)
    .bind(user.resident_digest)
    .bind(user.password_hash)
    .bind(user.role.as_str())
    .bind(user.seller.map(SellerId::get))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(UserId::new(id))
}

async fn district_id(tx: &mut Tx<'_>, slug: &str) -> Result<Option<i64>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM districts WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// Takes the account's row lock, so concurrent changes to its addresses run one after the other
/// (PostgreSQL; SQLite writers are serialised anyway).
async fn lock_user(tx: &mut Tx<'_>, user: UserId) -> Result<(), DbError> {
    sqlx::query("UPDATE users SET id = id WHERE id = $1")
        .bind(user.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn owns(tx: &mut Tx<'_>, user: UserId, address: AddressId) -> Result<bool, DbError> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM addresses WHERE id = $1 AND user_id = $2")
            .bind(address.get())
            .bind(user.get())
            .fetch_one(&mut **tx)
            .await?;
    Ok(n == 1)
}

async fn clear_default(tx: &mut Tx<'_>, user: UserId) -> Result<(), DbError> {
    sqlx::query("UPDATE addresses SET is_default = 0 WHERE user_id = $1 AND is_default = 1")
        .bind(user.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// An address as stored.
struct AddressRow<'a> {
    user: UserId,
    district_id: i64,
    line: &'a str,
    is_default: bool,
}

async fn insert_address(
    tx: &mut Tx<'_>,
    a: &AddressRow<'_>,
    now: i64,
) -> Result<AddressId, DbError> {
    let AddressRow {
        user,
        district_id,
        line,
        is_default,
    } = *a;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO addresses (user_id, district_id, line, is_default, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user.get())
    .bind(district_id)
    .bind(line)
    .bind(i64::from(is_default))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(AddressId::new(id))
}

fn district(r: &AnyRow) -> Result<District, DbError> {
    Ok(District {
        slug: r.try_get("slug")?,
        name: rows::localized(r, "name_ko", "name_en")?,
        city: rows::localized(r, "city_ko", "city_en")?,
    })
}

fn viewer(r: &AnyRow) -> Result<Viewer, DbError> {
    let corrupt = |column: &'static str, value: String| DbError::Corrupt {
        table: "users",
        column,
        value,
    };
    let role: String = r.try_get("role")?;
    let phone: String = r.try_get("phone")?;
    Ok(Viewer {
        id: UserId::new(r.try_get("id")?),
        name: r.try_get("name")?,
        phone: PhoneNumber::parse(&phone).map_err(|_| corrupt("phone", phone.clone()))?,
        role: Role::parse(&role).ok_or_else(|| corrupt("role", role.clone()))?,
        seller: r.try_get::<Option<i64>, _>("seller_id")?.map(SellerId::new),
        city: r.try_get::<Option<i64>, _>("city_id")?.map(CityId::new),
    })
}

/// Writes an account and its default address inside the caller's transaction (demo data).
pub async fn insert_user(
    tx: &mut Tx<'_>,
    user: &NewUser<'_>,
    district: &str,
    line: &str,
    now: i64,
) -> Result<UserId, DbError> {
    let district_id = district_id(tx, district)
        .await?
        .ok_or_else(|| DbError::Corrupt {
            table: "districts",
            column: "slug",
            value: district.to_string(),
        })?;
    let id = insert_user_row(tx, user, now).await?;
    let row = AddressRow {
        user: id,
        district_id,
        line,
        is_default: true,
    };
    insert_address(tx, &row, now).await?;
    Ok(id)
}

impl Accounts<'_> {
    /// Whether any account exists.
    pub async fn any_user(&self) -> Result<bool, DbError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM (SELECT 1 FROM users LIMIT 1) u")
            .fetch_one(self.pool)
            .await?;
        Ok(n > 0)
    }
}
