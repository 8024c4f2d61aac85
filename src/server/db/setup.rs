//! Servers that start together take turns to set the database up (migrations, re-keying, demo
//! data): the first one does it, the others wait and then find it done. PostgreSQL: a session-level
//! advisory lock on a connection of its own; SQLite: an exclusive lock on a file beside the database.
//! A server that dies holding it lets go with its connection or its process.

use super::{Db, DbError};
use crate::server::config::{Backend, DatabaseUrl};
use sqlx::{pool::PoolConnection, Any};
use std::time::{Duration, Instant};

/// The advisory lock's key: `okryu-setup` as eight bytes (sqlx's migration lock has its own key).
const ADVISORY_KEY: i64 = 0x6f6b_7279_752d_7375;
/// How long a server waits for another one's setup before it gives up.
const PATIENCE: Duration = Duration::from_secs(300);

/// Held while this server sets the database up; `release` lets the next one in.
pub struct SetupLock(Held);

enum Held {
    Postgres(PoolConnection<Any>),
    File(std::fs::File),
    Nothing,
}

impl SetupLock {
    /// Waits (polling, so that no statement timeout ends the wait) until this server may set up.
    pub async fn take(db: &Db, url: &DatabaseUrl) -> Result<SetupLock, DbError> {
        match db.backend {
            Backend::Postgres => {
                let mut conn = db.pool.acquire().await?;
                let since = Instant::now();
                loop {
                    let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
                        .bind(ADVISORY_KEY)
                        .fetch_one(&mut *conn)
                        .await?;
                    if got {
                        return Ok(SetupLock(Held::Postgres(conn)));
                    }
                    if since.elapsed() > PATIENCE {
                        return Err(DbError::SetupBusy(PATIENCE.as_secs()));
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
            Backend::Sqlite => {
                let Some(db_file) = url.sqlite_path().filter(|p| !p.as_os_str().is_empty()) else {
                    // An in-memory database has no other server.
                    return Ok(SetupLock(Held::Nothing));
                };
                let mut path = db_file.into_os_string();
                path.push(".setup-lock");
                let file = std::fs::OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&path)
                    .map_err(|e| DbError::Query(sqlx::Error::Io(e)))?;
                let file = tokio::task::spawn_blocking(move || file.lock().map(|()| file))
                    .await
                    .map_err(|e| DbError::Query(sqlx::Error::Io(std::io::Error::other(e))))?
                    .map_err(|e| DbError::Query(sqlx::Error::Io(e)))?;
                Ok(SetupLock(Held::File(file)))
            }
        }
    }

    pub async fn release(self) {
        match self.0 {
            Held::Postgres(mut conn) => {
                let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)")
                    .bind(ADVISORY_KEY)
                    .execute(&mut *conn)
                    .await;
                if unlocked.is_err() {
                    // A closed session holds no lock.
                    drop(conn.detach());
                }
            }
            Held::File(file) => {
                let _ = file.unlock();
            }
            Held::Nothing => {}
        }
    }
}
