//! Demo data, only where it is asked for (`OKRYU_DEMO=1`: `make run`, the tests, the browser
//! suite, the benchmarks): an empty database gets the demo catalog and the demo accounts, one per
//! role, whose passwords the README publishes. A database that has any account or any good gets
//! nothing. The data itself is in files (`tools/demo/`: `catalog.json`, `accounts.json`,
//! `restaurants.json` and the recordings in `media/`), read at start-up; the server binary
//! carries none of it.
//!
//! Deterministic: the same catalog every time (no clock, no randomness), so tests, screenshots and
//! benchmarks can rely on it; only the demo price history is dated back from the day of loading,
//! so that the product pages' 90-day charts have something to show (and a restaurant's closed day
//! and a dish sold out today are counted from it). Pictures are drawn by
//! `pictures.rs`; the recordings were made by `.ci/demo-media.sh`.

mod accounts;
mod catalog;
mod pictures;
mod restaurants;

pub use accounts::{shopper, DemoShopper};

use super::{
    db::{Db, DbError},
    secret::SecretKey,
    service::ServiceError,
};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("OKRYU_DEMO: cannot read {path}: {source} (OKRYU_DEMO_DIR names the folder)")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("OKRYU_DEMO: {path} is not valid demo data: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    /// A value of the files that the shop refuses, or a reference to nothing.
    #[error("OKRYU_DEMO: {0}")]
    Bad(String),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("OKRYU_DEMO: {0}")]
    Service(#[from] ServiceError),
}

impl From<sqlx::Error> for DemoError {
    fn from(err: sqlx::Error) -> Self {
        DemoError::Db(err.into())
    }
}

/// The demo data files, read and parsed.
pub struct Demo {
    dir: PathBuf,
    catalog: catalog::Catalog,
    accounts: accounts::Accounts,
    restaurants: restaurants::Restaurants,
}

impl Demo {
    /// Reads `catalog.json` and `accounts.json` from `dir`.
    pub fn read(dir: &Path) -> Result<Demo, DemoError> {
        Ok(Demo {
            dir: dir.to_path_buf(),
            catalog: parse(&dir.join("catalog.json"))?,
            accounts: parse(&dir.join("accounts.json"))?,
            restaurants: parse(&dir.join("restaurants.json"))?,
        })
    }

    /// A file of the demo data (a recording).
    fn bytes(&self, file: &Path) -> Result<Vec<u8>, DemoError> {
        let path = self.dir.join(file);
        std::fs::read(&path).map_err(|source| DemoError::Read { path, source })
    }
}

fn parse<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, DemoError> {
    let text = std::fs::read_to_string(path).map_err(|source| DemoError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|source| DemoError::Parse {
        path: path.to_path_buf(),
        source,
    })
}

/// Fills an empty database with the demo catalog and the demo accounts (with their ways to pay
/// and money paid in), in one transaction. Whether it did: a database with any account or good
/// is left as it is.
pub async fn load(db: &Db, key: &SecretKey, demo: &Demo) -> Result<bool, DemoError> {
    if !db.accounts().is_empty_shop().await? {
        return Ok(false);
    }
    let now = super::clock::now();
    let today = now.div_euclid(86_400) * 86_400;
    let people = accounts::prepare(&demo.accounts).await?;
    let mut tx = db.begin().await?;
    let loaded = catalog::write(&mut tx, demo, today).await?;
    restaurants::write(&mut tx, &demo.restaurants, &loaded.sellers, now).await?;
    accounts::write(&mut tx, key, &people, &loaded, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// `extra` generated goods beyond the demo catalog (model numbers of the demo goods, from their
/// makers), for benchmarks at scale; committed in batches. The demo catalog must be loaded.
pub async fn add_goods(db: &Db, demo: &Demo, extra: u32) -> Result<(), DemoError> {
    catalog::add_goods(db, demo, extra).await
}
