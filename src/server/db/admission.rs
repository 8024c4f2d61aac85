//! Residents' applications to sell and the operators' decisions (`seller_applications`).

use super::{rows, DbError, Tx};
use crate::domain::{
    admission::{Application, ApplicationStatus, NewApplication},
    catalog::{Localized, SellerKind},
    ApplicationId, CityId, SellerId, UserId,
};
use sqlx::{any::AnyRow, AnyPool, Row};

/// The columns `application` reads (and the city's slug), from `seller_applications a` with its
/// applicant `u`, city `c` and seller `s`.
const COLUMNS: &str = "a.id, a.user_id, u.name AS applicant_name, u.phone AS applicant_phone, \
     a.name_ko, a.name_en, a.kind, c.name_ko AS city_ko, c.name_en AS city_en, \
     c.slug AS city_slug, a.registration, \
     a.contact, a.status, a.reason, a.created_at, a.decided_at, s.slug AS seller_slug \
     FROM seller_applications a JOIN users u ON u.id = a.user_id \
     JOIN cities c ON c.id = a.city_id LEFT JOIN sellers s ON s.id = a.seller_id";

fn application(r: &AnyRow) -> Result<Application, DbError> {
    let corrupt = |column: &'static str, value: String| DbError::Corrupt {
        table: "seller_applications",
        column,
        value,
    };
    let kind: String = r.try_get("kind")?;
    let status: String = r.try_get("status")?;
    let contact: String = r.try_get("contact")?;
    Ok(Application {
        id: ApplicationId::new(r.try_get("id")?),
        applicant: UserId::new(r.try_get("user_id")?),
        applicant_name: r.try_get("applicant_name")?,
        applicant_phone: rows::phone(r.try_get("applicant_phone")?)?,
        name: rows::localized(r, "name_ko", "name_en")?,
        kind: SellerKind::from_code(&kind).ok_or_else(|| corrupt("kind", kind.clone()))?,
        city: rows::localized(r, "city_ko", "city_en")?,
        registration: r.try_get("registration")?,
        contact: crate::domain::account::PhoneNumber::parse(&contact)
            .map_err(|_| corrupt("contact", contact.clone()))?,
        status: ApplicationStatus::from_code(&status)
            .ok_or_else(|| corrupt("status", status.clone()))?,
        reason: r.try_get("reason")?,
        created_at: r.try_get("created_at")?,
        decided_at: r.try_get("decided_at")?,
        seller_slug: r.try_get("seller_slug")?,
    })
}

/// Whether an application of the account waits already.
pub async fn has_waiting(tx: &mut Tx<'_>, user: UserId) -> Result<bool, DbError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM seller_applications WHERE user_id = $1 AND status = 'pending'",
    )
    .bind(user.get())
    .fetch_one(&mut **tx)
    .await?;
    Ok(n > 0)
}

/// Whether an admitted seller has this registration number.
pub async fn registration_taken(tx: &mut Tx<'_>, registration: &str) -> Result<bool, DbError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM seller_applications WHERE registration = $1 AND status = 'approved'",
    )
    .bind(registration)
    .fetch_one(&mut **tx)
    .await?;
    Ok(n > 0)
}

/// Files an application (its city found already). `None` when another of the account's waits
/// (the database's rule, should two be sent at once).
pub async fn insert(
    tx: &mut Tx<'_>,
    user: UserId,
    a: &NewApplication,
    city: CityId,
    now: i64,
) -> Result<Option<ApplicationId>, DbError> {
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO seller_applications \
             (user_id, name_ko, name_en, kind, city_id, registration, contact, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(user.get())
    .bind(&a.name.ko)
    .bind(&a.name.en)
    .bind(a.kind.code())
    .bind(city.get())
    .bind(a.registration.as_str())
    .bind(a.contact.as_str())
    .bind(now)
    .fetch_one(&mut **tx)
    .await;
    match inserted {
        Ok(id) => Ok(Some(ApplicationId::new(id))),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// A waiting application, held for the decision (its row locked on PostgreSQL, the database on
/// SQLite) so two operators can't both decide it, with its city's slug. `None` when there is
/// none, or it was decided.
pub async fn hold_waiting(
    tx: &mut Tx<'_>,
    id: ApplicationId,
) -> Result<Option<(Application, String)>, DbError> {
    let held: Option<i64> = sqlx::query_scalar(
        "UPDATE seller_applications SET status = status WHERE id = $1 AND status = 'pending' \
         RETURNING id",
    )
    .bind(id.get())
    .fetch_optional(&mut **tx)
    .await?;
    if held.is_none() {
        return Ok(None);
    }
    let row = sqlx::query(&format!("SELECT {COLUMNS} WHERE a.id = $1"))
        .bind(id.get())
        .fetch_one(&mut **tx)
        .await?;
    Ok(Some((application(&row)?, row.try_get("city_slug")?)))
}

/// Marks a held application approved: the seller it made. `false` when an admitted seller has
/// its registration number already (the database's rule, should two be approved at once).
pub async fn approve(
    tx: &mut Tx<'_>,
    id: ApplicationId,
    operator: UserId,
    seller: SellerId,
    now: i64,
) -> Result<bool, DbError> {
    let marked = sqlx::query(
        "UPDATE seller_applications SET status = 'approved', seller_id = $2, decided_by = $3, \
             decided_at = $4 WHERE id = $1 AND status = 'pending'",
    )
    .bind(id.get())
    .bind(seller.get())
    .bind(operator.get())
    .bind(now)
    .execute(&mut **tx)
    .await;
    match marked {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Marks a held application refused, with its reason.
pub async fn refuse(
    tx: &mut Tx<'_>,
    id: ApplicationId,
    operator: UserId,
    reason: &str,
    now: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE seller_applications SET status = 'refused', reason = $2, decided_by = $3, \
             decided_at = $4 WHERE id = $1 AND status = 'pending'",
    )
    .bind(id.get())
    .bind(reason)
    .bind(operator.get())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub struct Admission<'a> {
    pool: &'a AnyPool,
}

impl<'a> Admission<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    /// Every city served: (slug, name), in the order the logistics office lists them.
    pub async fn cities(&self) -> Result<Vec<(String, Localized)>, DbError> {
        let found: Vec<(String, String, String)> =
            sqlx::query_as("SELECT slug, name_ko, name_en FROM cities ORDER BY id")
                .fetch_all(self.pool)
                .await?;
        Ok(found
            .into_iter()
            .map(|(slug, ko, en)| (slug, Localized::new(ko, en)))
            .collect())
    }

    /// The account's applications, newest first.
    pub async fn of(&self, user: UserId) -> Result<Vec<Application>, DbError> {
        self.list("a.user_id = $1", "a.created_at DESC, a.id DESC", Some(user))
            .await
    }

    /// The `limit` applications waiting longest, oldest first.
    pub async fn waiting(&self, limit: u32) -> Result<Vec<Application>, DbError> {
        self.list(
            "a.status = 'pending'",
            &format!("a.created_at, a.id LIMIT {limit}"),
            None,
        )
        .await
    }

    /// The `limit` applications decided last.
    pub async fn decided(&self, limit: u32) -> Result<Vec<Application>, DbError> {
        self.list(
            "a.status <> 'pending'",
            &format!("a.decided_at DESC, a.id DESC LIMIT {limit}"),
            None,
        )
        .await
    }

    /// The applications `filter` keeps (binding `user` as `$1` where it names one), in `order`.
    async fn list(
        &self,
        filter: &str,
        order: &str,
        user: Option<UserId>,
    ) -> Result<Vec<Application>, DbError> {
        let sql = format!("SELECT {COLUMNS} WHERE {filter} ORDER BY {order}");
        let mut query = sqlx::query(&sql);
        if let Some(user) = user {
            query = query.bind(user.get());
        }
        query
            .fetch_all(self.pool)
            .await?
            .iter()
            .map(application)
            .collect()
    }
}
