//! Servers that start at the same moment, on an empty or a half-migrated database: every one of
//! them comes up, and the database is set up once (one copy of the demo data).

use crate::common::*;
use okryu::server::{config::Backend, startup::open_database};

/// As many servers as this start at once.
const SERVERS: usize = 3;

async fn start_together(backend: Backend, migrated_first: usize) {
    let (mut config, _guard) = empty_database(backend).await;
    config.demo = Some("tools/demo".into());
    if migrated_first > 0 {
        let db = okryu::server::db::Db::connect(&config.database)
            .await
            .expect("connect");
        db.migrate_first(migrated_first)
            .await
            .expect("the first migrations");
        db.close().await;
    }
    let key = test_key();
    // All of them under way before any is awaited.
    let starts: Vec<_> = (0..SERVERS)
        .map(|_| {
            let (config, key) = (config.clone(), key.clone());
            tokio::spawn(async move { open_database(&config, &key).await })
        })
        .collect();
    let mut dbs = Vec::new();
    for start in starts {
        let db = start
            .await
            .expect("the start-up task")
            .unwrap_or_else(|e| panic!("a server failed to start: {e}"));
        dbs.push(db);
    }
    let db = &dbs[0];
    let (categories, kumsong, shoppers): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM categories), \
                (SELECT COUNT(*) FROM sellers WHERE slug = 'kumsong-food'), \
                (SELECT COUNT(*) FROM users WHERE phone = '0191-100-0001')",
    )
    .fetch_one(&mut *db.begin().await.expect("begin"))
    .await
    .expect("count");
    assert!(categories > 8, "{categories} categories");
    assert_eq!((kumsong, shoppers), (1, 1), "one of each demo record");
    for db in dbs {
        db.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servers_starting_together_on_an_empty_sqlite_file_all_come_up() {
    start_together(Backend::Sqlite, 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servers_starting_together_on_an_empty_postgres_database_all_come_up() {
    start_together(Backend::Postgres, 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servers_starting_together_on_a_half_migrated_sqlite_file_all_come_up() {
    start_together(Backend::Sqlite, 3).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servers_starting_together_on_a_half_migrated_postgres_database_all_come_up() {
    start_together(Backend::Postgres, 3).await;
}
