//! The two migration sets (`migrations/sqlite`, `migrations/postgres`) must make the same schema:
//! both are applied to empty databases and what each database says it has is compared — tables,
//! columns with their kinds of type, nullability, keys and defaults, indexes (columns, unique,
//! partial), foreign keys and the columns each CHECK constraint reads. A change made to one set
//! and not the other fails here.

use crate::common::*;
use okryu::server::{config::Backend, db::Db};
use sqlx::{Connection, Row};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    /// name → (kind of type, not null, in the primary key, default)
    columns: BTreeMap<String, (&'static str, bool, bool, Option<String>)>,
    /// (name, or `unique constraint` for one that backs a UNIQUE; columns; unique; partial)
    indexes: BTreeSet<(String, Vec<String>, bool, bool)>,
    /// (columns, referenced table, referenced columns, on delete)
    foreign_keys: BTreeSet<(Vec<String>, String, Vec<String>, String)>,
    /// The columns each CHECK constraint reads.
    checks: BTreeSet<Vec<String>>,
}

type Schema = BTreeMap<String, Table>;

/// The kind of a declared type, as both databases store it.
fn kind(declared: &str) -> &'static str {
    let t = declared.to_ascii_lowercase();
    if t.contains("int") {
        "integer"
    } else if t.contains("char") || t.contains("text") {
        "text"
    } else if t.contains("real") || t.contains("double") || t.contains("float") {
        "float"
    } else if t.contains("blob") || t.contains("bytea") {
        "bytes"
    } else if t.contains("bool") {
        "boolean"
    } else {
        "other"
    }
}

/// A default as written, without PostgreSQL's casts and brackets: `'x'::text` is `'x'`.
fn default_of(raw: Option<String>) -> Option<String> {
    raw.map(|d| {
        let d = d.trim().trim_start_matches('(').trim_end_matches(')');
        d.split("::").next().unwrap_or(d).trim().to_string()
    })
}

/// The columns of `table` an expression names (string literals left out).
fn columns_in(expr: &str, columns: &BTreeSet<String>) -> Vec<String> {
    let mut out = BTreeSet::new();
    let mut word = String::new();
    let mut in_string = false;
    for c in expr.chars().chain(std::iter::once(' ')) {
        if c == '\'' {
            in_string = !in_string;
            continue;
        }
        if !in_string && (c.is_alphanumeric() || c == '_') {
            word.push(c);
        } else {
            if columns.contains(&word) {
                out.insert(word.clone());
            }
            word.clear();
        }
    }
    out.into_iter().collect()
}

/// The bracketed expressions after every `CHECK` of a CREATE TABLE statement.
fn checks_in(sql: &str) -> Vec<String> {
    let upper = sql.to_ascii_uppercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = upper[from..].find("CHECK") {
        let start = from + at + "CHECK".len();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        if word(upper[..from + at].chars().next_back()) || word(upper[start..].chars().next()) {
            from = start;
            continue;
        }
        let Some(open) = sql[start..].find('(').map(|i| start + i) else {
            break;
        };
        let mut depth = 0;
        let mut end = open;
        for (i, c) in sql[open..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.push(sql[open + 1..end].to_string());
        from = end.max(start);
    }
    out
}

async fn sqlite_schema(url: &str) -> Schema {
    let mut conn = sqlx::SqliteConnection::connect(url).await.expect("open");
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await
    .expect("tables");
    let mut schema = Schema::new();
    for (name, sql) in tables {
        let mut t = Table::default();
        for r in sqlx::query(&format!("PRAGMA table_info({name})"))
            .fetch_all(&mut conn)
            .await
            .expect("columns")
        {
            let pk: i64 = r.get("pk");
            let column: String = r.get("name");
            let declared: String = r.get("type");
            let not_null: i64 = r.get("notnull");
            let default = default_of(r.get::<Option<String>, _>("dflt_value"));
            t.columns.insert(
                column,
                (kind(&declared), not_null == 1 || pk > 0, pk > 0, default),
            );
        }
        for r in sqlx::query(&format!("PRAGMA index_list({name})"))
            .fetch_all(&mut conn)
            .await
            .expect("indexes")
        {
            let origin: String = r.get("origin");
            if origin == "pk" {
                continue;
            }
            let index: String = r.get("name");
            let unique: i64 = r.get("unique");
            let partial: i64 = r.get("partial");
            let columns: Vec<String> = sqlx::query(&format!("PRAGMA index_info({index})"))
                .fetch_all(&mut conn)
                .await
                .expect("index columns")
                .iter()
                .map(|c| {
                    c.get::<Option<String>, _>("name")
                        .unwrap_or_else(|| "<expression>".into())
                })
                .collect();
            let label = if origin == "u" {
                "unique constraint".to_string()
            } else {
                index
            };
            t.indexes
                .insert((label, columns, unique == 1, partial == 1));
        }
        let mut fks: BTreeMap<i64, (Vec<String>, String, Vec<String>, String)> = BTreeMap::new();
        for r in sqlx::query(&format!("PRAGMA foreign_key_list({name})"))
            .fetch_all(&mut conn)
            .await
            .expect("foreign keys")
        {
            let e = fks.entry(r.get("id")).or_insert_with(|| {
                (
                    Vec::new(),
                    r.get("table"),
                    Vec::new(),
                    r.get::<String, _>("on_delete").to_ascii_lowercase(),
                )
            });
            e.0.push(r.get("from"));
            e.2.push(r.get("to"));
        }
        t.foreign_keys = fks.into_values().collect();
        let columns: BTreeSet<String> = t.columns.keys().cloned().collect();
        t.checks = checks_in(&sql)
            .iter()
            .map(|c| columns_in(c, &columns))
            .collect();
        schema.insert(name, t);
    }
    schema
}

async fn postgres_schema(url: &str) -> Schema {
    let mut conn = sqlx::PgConnection::connect(url).await.expect("open");
    let mut schema = Schema::new();
    let columns = sqlx::query(
        "SELECT c.table_name::text AS t, c.column_name::text AS name, c.data_type::text AS type, \
                c.is_nullable::text AS nullable, c.column_default::text AS dflt, \
                EXISTS (SELECT 1 FROM information_schema.table_constraints tc \
                        JOIN information_schema.key_column_usage k \
                          ON k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name \
                        WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_name = c.table_name \
                          AND k.column_name = c.column_name) AS pk \
         FROM information_schema.columns c JOIN information_schema.tables t \
           ON t.table_name = c.table_name AND t.table_schema = c.table_schema \
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' \
           AND c.table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut conn)
    .await
    .expect("columns");
    for r in columns {
        let pk: bool = r.get("pk");
        let nullable: String = r.get("nullable");
        let declared: String = r.get("type");
        let t = schema.entry(r.get("t")).or_default();
        t.columns.insert(
            r.get("name"),
            (
                kind(&declared),
                nullable == "NO",
                pk,
                default_of(r.get::<Option<String>, _>("dflt")),
            ),
        );
    }
    let indexes = sqlx::query(
        "SELECT t.relname::text AS t, i.relname::text AS name, ix.indisunique AS uniq, \
                ix.indpred IS NOT NULL AS partial, \
                EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid \
                        AND c.contype = 'u') AS constraint_index, \
                ARRAY(SELECT COALESCE(a.attname::text, '<expression>') \
                      FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) \
                      LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
                      ORDER BY k.ord) AS columns \
         FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = 'public' AND NOT ix.indisprimary AND t.relname <> '_sqlx_migrations'",
    )
    .fetch_all(&mut conn)
    .await
    .expect("indexes");
    for r in indexes {
        let label = if r.get::<bool, _>("constraint_index") {
            "unique constraint".to_string()
        } else {
            r.get("name")
        };
        let t = schema.entry(r.get("t")).or_default();
        t.indexes
            .insert((label, r.get("columns"), r.get("uniq"), r.get("partial")));
    }
    let constraints = sqlx::query(
        "SELECT c.conrelid::regclass::text AS t, c.contype::text AS kind, \
                c.confrelid::regclass::text AS other, c.confdeltype::text AS on_delete, \
                ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(n, ord) \
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n \
                      ORDER BY k.ord) AS columns, \
                ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(n, ord) \
                      JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n \
                      ORDER BY k.ord) AS referenced \
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace \
         WHERE n.nspname = 'public' AND c.contype IN ('f', 'c')",
    )
    .fetch_all(&mut conn)
    .await
    .expect("constraints");
    for r in constraints {
        let kind: String = r.get("kind");
        let t = schema.entry(r.get("t")).or_default();
        let mut columns: Vec<String> = r.get("columns");
        if kind == "f" {
            let on_delete = match r.get::<String, _>("on_delete").as_str() {
                "c" => "cascade",
                "n" => "set null",
                "d" => "set default",
                "r" => "restrict",
                _ => "no action",
            };
            t.foreign_keys.insert((
                columns,
                r.get("other"),
                r.get("referenced"),
                on_delete.to_string(),
            ));
        } else {
            columns.sort();
            t.checks.insert(columns);
        }
    }
    schema
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_migration_sets_make_the_same_schema() {
    let (lite, _lite_guard) = empty_database(Backend::Sqlite).await;
    let (pg, _pg_guard) = empty_database(Backend::Postgres).await;
    for config in [&lite, &pg] {
        let db = Db::connect(&config.database).await.expect("connect");
        db.migrate().await.expect("migrate");
        db.close().await;
    }
    let sqlite = sqlite_schema(lite.database.expose()).await;
    let postgres = postgres_schema(pg.database.expose()).await;
    assert!(sqlite.len() > 20, "{} tables", sqlite.len());
    let names = |s: &Schema| s.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&sqlite), names(&postgres), "the same tables");
    for (name, table) in &sqlite {
        let other = &postgres[name];
        assert_eq!(table.columns, other.columns, "columns of {name}");
        assert_eq!(table.indexes, other.indexes, "indexes of {name}");
        assert_eq!(
            table.foreign_keys, other.foreign_keys,
            "foreign keys of {name}"
        );
        assert_eq!(table.checks, other.checks, "CHECK constraints of {name}");
    }
}

#[test]
fn the_comparison_reads_what_it_should() {
    assert_eq!(kind("INTEGER"), kind("bigint"));
    assert_ne!(kind("TEXT"), kind("BIGINT"));
    assert_eq!(default_of(Some("''::text".into())), Some("''".into()));
    let columns: BTreeSet<String> = ["kind", "user_id"].map(String::from).into();
    assert_eq!(
        checks_in("CREATE TABLE checks (kind TEXT CHECK (kind IN ('user_id', 'x')), CHECK ((kind = 'a') = (user_id IS NOT NULL)))")
            .iter()
            .map(|c| columns_in(c, &columns))
            .collect::<Vec<_>>(),
        [vec!["kind".to_string()], vec!["kind".into(), "user_id".into()]]
    );
}
