//! Accounts as operators see them, the roles and suspensions operators change, and the audit log
//! (`audit_log`, which the database itself refuses to change or empty).

use super::{
    rows::{self, like_escape},
    DbError, Tx,
};
use crate::domain::{
    account::Role,
    catalog::Localized,
    delivery::Vehicle,
    people::{AuditAct, AuditEntry, PeopleQuery, Person},
    CityId, SellerId, UserId,
};
use sqlx::{any::AnyRow, AnyPool, Row};

/// The columns `person` reads, from `users u` with the seller `s` they work for, their courier
/// row `k` and the city `c` they work in (a dispatcher's office, a courier's depot).
const PERSON: &str = "SELECT u.id, u.name, u.phone, \
     CASE WHEN u.manager = 1 THEN 'manager' ELSE u.role END AS role, \
     s.slug AS seller_slug, s.name_ko AS seller_ko, s.name_en AS seller_en, \
     u.seller_id, c.id AS city_id, c.name_ko AS city_ko, c.name_en AS city_en, k.vehicle, \
     u.suspended_at, u.created_at \
     FROM users u LEFT JOIN sellers s ON s.id = u.seller_id \
     LEFT JOIN couriers k ON k.user_id = u.id AND u.role = 'courier' \
     LEFT JOIN cities c ON c.id = (CASE WHEN u.role = 'courier' THEN k.city_id \
         WHEN u.role = 'dispatcher' THEN u.city_id END)";

/// Two optional columns as a name in both languages (both there or neither).
fn maybe_localized(r: &AnyRow, ko: &str, en: &str) -> Result<Option<Localized>, DbError> {
    let ko: Option<String> = r.try_get(ko)?;
    let en: Option<String> = r.try_get(en)?;
    Ok(ko.zip(en).map(|(ko, en)| Localized::new(ko, en)))
}

fn role_of(r: &AnyRow, table: &'static str) -> Result<Option<Role>, DbError> {
    let role: Option<String> = r.try_get("role")?;
    role.map(|code| {
        Role::parse(&code).ok_or(DbError::Corrupt {
            table,
            column: "role",
            value: code,
        })
    })
    .transpose()
}

fn vehicle_of(r: &AnyRow, table: &'static str) -> Result<Option<Vehicle>, DbError> {
    let vehicle: Option<String> = r.try_get("vehicle")?;
    vehicle
        .map(|code| {
            Vehicle::from_code(&code).ok_or(DbError::Corrupt {
                table,
                column: "vehicle",
                value: code,
            })
        })
        .transpose()
}

fn person(r: &AnyRow) -> Result<Person, DbError> {
    let slug: Option<String> = r.try_get("seller_slug")?;
    let suspended: Option<i64> = r.try_get("suspended_at")?;
    Ok(Person {
        id: UserId::new(r.try_get("id")?),
        name: r.try_get("name")?,
        phone: rows::phone(r.try_get("phone")?)?,
        role: role_of(r, "users")?.ok_or(DbError::Corrupt {
            table: "users",
            column: "role",
            value: String::new(),
        })?,
        seller: slug.zip(maybe_localized(r, "seller_ko", "seller_en")?),
        city: maybe_localized(r, "city_ko", "city_en")?,
        vehicle: vehicle_of(r, "couriers")?,
        suspended: suspended.is_some(),
        joined_at: r.try_get("created_at")?,
    })
}

/// The columns `entry` reads, from `audit_log a` with the actor `x`, the subject `u`, and the
/// seller `s` or city `c` the act named.
const ENTRY: &str = "SELECT a.at, a.actor_id, x.name AS actor_name, a.subject_id, \
     u.name AS subject_name, a.act, a.role, COALESCE(s.name_ko, c.name_ko) AS place_ko, \
     COALESCE(s.name_en, c.name_en) AS place_en, a.vehicle, a.reason \
     FROM audit_log a JOIN users x ON x.id = a.actor_id JOIN users u ON u.id = a.subject_id \
     LEFT JOIN sellers s ON s.id = a.seller_id LEFT JOIN cities c ON c.id = a.city_id";

fn entry(r: &AnyRow) -> Result<AuditEntry, DbError> {
    let act: String = r.try_get("act")?;
    Ok(AuditEntry {
        at: r.try_get("at")?,
        actor: UserId::new(r.try_get("actor_id")?),
        actor_name: r.try_get("actor_name")?,
        subject: UserId::new(r.try_get("subject_id")?),
        subject_name: r.try_get("subject_name")?,
        act: AuditAct::from_code(&act).ok_or(DbError::Corrupt {
            table: "audit_log",
            column: "act",
            value: act.clone(),
        })?,
        role: role_of(r, "audit_log")?,
        place: maybe_localized(r, "place_ko", "place_en")?,
        vehicle: vehicle_of(r, "audit_log")?,
        reason: r.try_get("reason")?,
    })
}

/// One act to write to the audit log.
pub struct Act<'a> {
    pub at: i64,
    pub actor: UserId,
    pub subject: UserId,
    pub act: AuditAct,
    pub role: Option<Role>,
    pub seller: Option<SellerId>,
    pub city: Option<CityId>,
    pub vehicle: Option<Vehicle>,
    pub reason: &'a str,
}

/// Writes an act to the audit log, in the act's own transaction.
pub async fn log(tx: &mut Tx<'_>, a: &Act<'_>) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO audit_log \
             (at, actor_id, subject_id, act, role, seller_id, city_id, vehicle, reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(a.at)
    .bind(a.actor.get())
    .bind(a.subject.get())
    .bind(a.act.code())
    .bind(a.role.map(Role::as_str))
    .bind(a.seller.map(SellerId::get))
    .bind(a.city.map(CityId::get))
    .bind(a.vehicle.map(Vehicle::code))
    .bind(a.reason)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An account held for a change, with the seller and city its role names.
#[derive(Clone)]
pub struct Held {
    pub person: Person,
    pub seller: Option<SellerId>,
    pub city: Option<CityId>,
}

/// The account, held for a change (its row locked on PostgreSQL, the database on SQLite) so two
/// operators' changes to it run one after the other. `None` when there is no such account.
pub async fn hold(tx: &mut Tx<'_>, user: UserId) -> Result<Option<Held>, DbError> {
    let held = sqlx::query("UPDATE users SET id = id WHERE id = $1")
        .bind(user.get())
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if held == 0 {
        return Ok(None);
    }
    let row = sqlx::query(&format!("{PERSON} WHERE u.id = $1"))
        .bind(user.get())
        .fetch_one(&mut **tx)
        .await?;
    let seller: Option<i64> = row.try_get("seller_id")?;
    let city: Option<i64> = row.try_get("city_id")?;
    Ok(Some(Held {
        person: person(&row)?,
        seller: seller.map(SellerId::new),
        city: city.map(CityId::new),
    }))
}

/// The acting account and the one it acts on, both held (in the order of their ids, so two
/// operators acting on each other at once take turns instead of deadlocking). `None` for an
/// account that doesn't exist.
pub async fn hold_both(
    tx: &mut Tx<'_>,
    actor: UserId,
    subject: UserId,
) -> Result<(Option<Held>, Option<Held>), DbError> {
    if actor == subject {
        let held = hold(tx, actor).await?;
        return Ok((held.clone(), held));
    }
    if actor < subject {
        let actor = hold(tx, actor).await?;
        Ok((actor, hold(tx, subject).await?))
    } else {
        let subject = hold(tx, subject).await?;
        Ok((hold(tx, actor).await?, subject))
    }
}

/// A seller by its storefront's address.
pub async fn seller_by_slug(tx: &mut Tx<'_>, slug: &str) -> Result<Option<SellerId>, DbError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM sellers WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(id.map(SellerId::new))
}

/// What an account's row says of its role.
pub struct StoredRole {
    pub role: Role,
    pub seller: Option<SellerId>,
    pub city: Option<CityId>,
}

/// Gives a held shopper's account its role (a courier's city and vehicle are `courier`'s).
pub async fn set_role(tx: &mut Tx<'_>, user: UserId, r: &StoredRole) -> Result<(), DbError> {
    let (role, manager) = match r.role {
        Role::Manager => ("seller", 1),
        other => (other.as_str(), 0),
    };
    sqlx::query(
        "UPDATE users SET role = $2, manager = $3, seller_id = $4, city_id = $5 WHERE id = $1",
    )
    .bind(user.get())
    .bind(role)
    .bind(manager)
    .bind(r.seller.map(SellerId::get))
    .bind(r.city.map(CityId::get))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Puts a new courier on the roll of `city`'s depot, on duty (or back on it, with this vehicle).
pub async fn enrol_courier(
    tx: &mut Tx<'_>,
    user: UserId,
    city: CityId,
    vehicle: Vehicle,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO couriers (user_id, city_id, vehicle, on_duty) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (user_id) DO UPDATE SET city_id = excluded.city_id, \
             vehicle = excluded.vehicle, on_duty = 1",
    )
    .bind(user.get())
    .bind(city.get())
    .bind(vehicle.code())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Takes a courier off duty: the depot's slots no longer count them. Their row stays, for the
/// orders they carried.
pub async fn off_duty(tx: &mut Tx<'_>, user: UserId) -> Result<(), DbError> {
    sqlx::query("UPDATE couriers SET on_duty = 0 WHERE user_id = $1")
        .bind(user.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Whether a courier carries orders (given to them and not yet delivered or failed).
pub async fn carrying(tx: &mut Tx<'_>, user: UserId) -> Result<bool, DbError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM orders WHERE courier_id = $1 AND status IN ('ready', 'picked_up')",
    )
    .bind(user.get())
    .fetch_one(&mut **tx)
    .await?;
    Ok(n > 0)
}

/// Puts a courier back on duty (a reinstated one).
pub async fn on_duty(tx: &mut Tx<'_>, user: UserId) -> Result<(), DbError> {
    sqlx::query("UPDATE couriers SET on_duty = 1 WHERE user_id = $1")
        .bind(user.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Ends every session of the account.
async fn end_sessions(tx: &mut Tx<'_>, user: UserId) -> Result<(), DbError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Suspends a held account: marked, and every session of it ended.
pub async fn suspend(tx: &mut Tx<'_>, user: UserId, now: i64) -> Result<(), DbError> {
    sqlx::query("UPDATE users SET suspended_at = $2 WHERE id = $1")
        .bind(user.get())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    end_sessions(tx, user).await
}

/// Lifts a held account's suspension. A session a sign-in made while it was suspended (one that
/// was under way as the suspension was written) is ended too: the account starts afresh.
pub async fn reinstate(tx: &mut Tx<'_>, user: UserId) -> Result<(), DbError> {
    sqlx::query("UPDATE users SET suspended_at = NULL WHERE id = $1")
        .bind(user.get())
        .execute(&mut **tx)
        .await?;
    end_sessions(tx, user).await
}

pub struct People<'a> {
    pool: &'a AnyPool,
}

impl<'a> People<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    /// The accounts a search finds (at most `limit`), by name.
    pub async fn search(&self, q: &PeopleQuery, limit: u32) -> Result<Vec<Person>, DbError> {
        let (filter, pattern) = match q {
            PeopleQuery::Nothing => return Ok(Vec::new()),
            PeopleQuery::Digits(digits) => {
                ("REPLACE(u.phone, '-', '') LIKE $1", format!("%{digits}%"))
            }
            PeopleQuery::Name(name) => (
                "LOWER(u.name) LIKE $1 ESCAPE '\\'",
                format!("%{}%", like_escape(&name.to_lowercase())),
            ),
        };
        sqlx::query(&format!(
            "{PERSON} WHERE {filter} ORDER BY u.name, u.id LIMIT {limit}"
        ))
        .bind(pattern)
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(person)
        .collect()
    }

    pub async fn person(&self, user: UserId) -> Result<Option<Person>, DbError> {
        sqlx::query(&format!("{PERSON} WHERE u.id = $1"))
            .bind(user.get())
            .fetch_optional(self.pool)
            .await?
            .as_ref()
            .map(person)
            .transpose()
    }

    /// The newest `limit` acts, of everyone or on one account.
    pub async fn log(
        &self,
        subject: Option<UserId>,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, DbError> {
        let sql = match subject {
            Some(_) => format!("{ENTRY} WHERE a.subject_id = $1 ORDER BY a.id DESC LIMIT {limit}"),
            None => format!("{ENTRY} ORDER BY a.id DESC LIMIT {limit}"),
        };
        let mut query = sqlx::query(&sql);
        if let Some(user) = subject {
            query = query.bind(user.get());
        }
        query
            .fetch_all(self.pool)
            .await?
            .iter()
            .map(entry)
            .collect()
    }
}
