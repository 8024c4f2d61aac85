//! The data layer: the only place with SQL.
//!
//! One pool type (sqlx's `Any` driver) serves both backends; the URL's scheme chooses. Queries use
//! `$1`-style parameters, which SQLite and PostgreSQL both accept, and only portable types
//! (`BIGINT`/`INTEGER`, `TEXT`, `DOUBLE PRECISION`/`REAL`). Money is stored as whole chon in a
//! 64-bit integer and leaves this layer as `Won`.

pub mod accounts;
pub mod admission;
pub mod bank;
pub mod bulk;
pub mod carts;
pub mod catalog;
pub mod closed_days;
pub mod compare;
pub mod console;
pub mod food;
pub mod logistics;
pub mod media;
pub mod moderation;
pub mod orders;
pub mod people;
pub mod reviews;
pub mod rows;
pub mod sales;
mod setup;
mod sql;
pub mod standing;
pub mod traffic;

pub use setup::SetupLock;

use super::config::{Backend, DatabaseUrl};
use sqlx::{
    any::{AnyConnectOptions, AnyPoolOptions},
    AnyPool, ConnectOptions, Executor,
};
use std::{str::FromStr, time::Duration};

pub type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open the database {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database query failed: {0}")]
    Query(#[from] sqlx::Error),
    /// Another server has been setting the database up for this many seconds.
    #[error("another server has been setting the database up for {0} s: is one stuck?")]
    SetupBusy(u64),
    /// A stored value that the domain types refuse (a corrupt row).
    #[error("bad stored value in {table}.{column}: {value}")]
    Corrupt {
        table: &'static str,
        column: &'static str,
        value: String,
    },
}

impl From<DbError> for crate::error::AppError {
    fn from(err: DbError) -> Self {
        match &err {
            DbError::Connect { .. }
            | DbError::Query(
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_),
            ) => {
                tracing::warn!(error = %err, "database unavailable");
                crate::error::AppError::Unavailable
            }
            // SQLSTATE class 08 (the connection), 57P01-57P03 (the server shutting down or
            // starting), 57014 (a statement outran its timeout); SQLite's busy codes (5 and its
            // extended 261, 517, 773: the write lock stayed taken past the busy timeout): the
            // database is away or overloaded, the request may be retried.
            DbError::Query(sqlx::Error::Database(e))
                if e.code().is_some_and(|c| {
                    c.starts_with("08")
                        || c.starts_with("57P")
                        || c == "57014"
                        || matches!(c.as_ref(), "5" | "261" | "517" | "773")
                }) =>
            {
                tracing::warn!(error = %err, "database unavailable");
                crate::error::AppError::Unavailable
            }
            // SQLSTATE class 22 (a data exception: a value it can't take, such as a NUL in
            // text): bad input that got this far, not a fault of the server.
            DbError::Query(sqlx::Error::Database(e))
                if e.code().is_some_and(|c| c.starts_with("22")) =>
            {
                tracing::warn!(error = %err, "a value the database refuses");
                crate::error::AppError::BadRequest("a value that can't be stored".into())
            }
            _ => {
                tracing::error!(error = %err, "database error");
                crate::error::AppError::Internal
            }
        }
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// A handle on the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

impl Db {
    /// Opens the pool with the default statement timeout (`Limits`).
    pub async fn connect(url: &DatabaseUrl) -> Result<Db, DbError> {
        let limits = crate::server::config::Limits::default();
        Self::connect_with(url, Duration::from_secs(limits.statement_timeout_secs)).await
    }

    /// Opens the pool. A SQLite file (and its folder) is created if missing and runs in WAL mode;
    /// PostgreSQL cancels any statement running longer than `statement_timeout`.
    pub async fn connect_with(
        url: &DatabaseUrl,
        statement_timeout: Duration,
    ) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let connect_err = |source| DbError::Connect {
            url: url.to_string(),
            source,
        };
        let backend = url.backend();
        let mut raw = url.expose().to_string();
        if backend == Backend::Sqlite {
            if let Some(dir) = url
                .sqlite_path()
                .as_deref()
                .and_then(std::path::Path::parent)
            {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir).map_err(|e| connect_err(sqlx::Error::Io(e)))?;
                }
            }
            if !raw.contains("mode=") {
                raw.push_str(if raw.contains('?') {
                    "&mode=rwc"
                } else {
                    "?mode=rwc"
                });
            }
        }
        let options = AnyConnectOptions::from_str(&raw)
            .map_err(connect_err)?
            .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_millis(500));
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    match backend {
                        Backend::Sqlite => {
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                            )
                            .await?;
                        }
                        Backend::Postgres => {
                            conn.execute(
                                format!(
                                    "SET statement_timeout = {}",
                                    statement_timeout.as_millis()
                                )
                                .as_str(),
                            )
                            .await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(connect_err)?;
        Ok(Db { pool, backend })
    }

    pub async fn migrate(&self) -> Result<(), DbError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// Only the first `n` migrations: a database left half-migrated, for the tests of start-up.
    #[doc(hidden)]
    pub async fn migrate_first(&self, n: usize) -> Result<(), DbError> {
        let all = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        let first = sqlx::migrate::Migrator {
            migrations: all.migrations.iter().take(n).cloned().collect(),
            ..sqlx::migrate::Migrator::DEFAULT
        };
        first.run(&self.pool).await?;
        Ok(())
    }

    /// Answers whether the database responds (for `/healthz`).
    pub async fn ping(&self) -> Result<(), DbError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// SQLite: writes the write-ahead log back into the database file (no-op on PostgreSQL).
    pub async fn checkpoint(&self) -> Result<(), DbError> {
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// The pool's connections, and how many of them are idle.
    pub fn pool_size(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`): one that read
    /// first and wrote later would find, in WAL mode, that another writer had committed since its
    /// snapshot and fail at once with `SQLITE_BUSY` instead of waiting its turn.
    pub async fn begin(&self) -> Result<Tx<'static>, DbError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// A transaction whose first statement writes (the hot paths: a checkout claiming its key, a
    /// PIN try taking its instrument's row). On SQLite that first statement takes the write lock,
    /// waiting its turn as `BEGIN IMMEDIATE` would, so the lock is not held for the extra round
    /// trip of taking it first: a checkout's throughput on SQLite was 9 % lower with it.
    pub async fn begin_with_a_write(&self) -> Result<Tx<'static>, DbError> {
        Ok(self.pool.begin().await?)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub fn carts(&self) -> carts::Carts<'_> {
        carts::Carts::new(&self.pool)
    }

    pub fn catalog(&self) -> catalog::Catalog<'_> {
        catalog::Catalog::new(&self.pool)
    }

    pub fn accounts(&self) -> accounts::Accounts<'_> {
        accounts::Accounts::new(&self.pool)
    }

    pub fn reviews(&self) -> reviews::Reviews<'_> {
        reviews::Reviews::new(&self.pool)
    }

    pub fn console(&self) -> console::Console<'_> {
        console::Console::new(&self.pool)
    }

    pub fn bulk(&self) -> bulk::Bulk<'_> {
        bulk::Bulk::new(&self.pool)
    }

    pub fn sales(&self) -> sales::Sales<'_> {
        sales::Sales::new(&self.pool)
    }

    pub fn bank(&self) -> bank::Bank<'_> {
        bank::Bank::new(&self.pool)
    }

    pub fn logistics(&self) -> logistics::Logistics<'_> {
        logistics::Logistics::new(&self.pool)
    }

    pub fn orders(&self) -> orders::Orders<'_> {
        orders::Orders::new(&self.pool)
    }

    pub fn admission(&self) -> admission::Admission<'_> {
        admission::Admission::new(&self.pool)
    }

    pub fn moderation(&self) -> moderation::Moderation<'_> {
        moderation::Moderation::new(&self.pool)
    }

    pub fn people(&self) -> people::People<'_> {
        people::People::new(&self.pool)
    }

    pub fn traffic(&self) -> traffic::Traffic<'_> {
        traffic::Traffic::new(&self.pool)
    }

    pub fn food(&self) -> food::Food<'_> {
        food::Food::new(&self.pool)
    }

    pub fn standing(&self) -> standing::Standings<'_> {
        standing::Standings::new(&self.pool)
    }

    pub fn compare(&self) -> compare::Compare<'_> {
        compare::Compare::new(&self.pool)
    }

    pub async fn media_file(
        &self,
        id: crate::domain::MediaId,
        variant: &str,
        mime: &str,
    ) -> Result<Option<(media::StoredFile, u64)>, DbError> {
        media::file(&self.pool, id, variant, mime).await
    }

    pub async fn media_part(
        &self,
        file: &media::StoredFile,
        start: u64,
        len: u64,
    ) -> Result<Vec<u8>, DbError> {
        media::part(&self.pool, file, start, len).await
    }
}
