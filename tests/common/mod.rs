//! Test harness: every test gets its own database on the backend it names, migrated and filled with
//! the demo catalog, and an in-process HTTP application on top of it.
#![allow(dead_code)]

use axum::{body::Body, http::Request, Router};
use http_body_util::BodyExt;
use okryu::server::{
    config::{Backend, Config, DatabaseUrl},
    db::Db,
    seed,
    startup::{leptos_options, router},
    state::AppState,
};
use std::{
    path::PathBuf,
    sync::atomic::{AtomicU32, Ordering},
};
use tower::ServiceExt;

/// Where the PostgreSQL tests create their throw-away databases (`make test` sets it).
pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

static NEXT: AtomicU32 = AtomicU32::new(0);

/// Runs each listed `async fn name(app: TestApp)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                super::$name($crate::common::TestApp::spawn(okryu::server::config::Backend::Sqlite).await).await
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                super::$name($crate::common::TestApp::spawn(okryu::server::config::Backend::Postgres).await).await
            })*
        }
    };
}

pub struct TestApp {
    pub db: Db,
    pub router: Router,
    _guard: DbGuard,
}

pub struct Response {
    pub status: http::StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        let (url, guard) = match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!(
                    "okryu-test-{}-{}.db",
                    std::process::id(),
                    NEXT.fetch_add(1, Ordering::Relaxed)
                ));
                (
                    format!("sqlite://{}", path.display()),
                    DbGuard::Sqlite(path),
                )
            }
            Backend::Postgres => {
                let admin = std::env::var("TEST_POSTGRES_URL")
                    .unwrap_or_else(|_| DEFAULT_POSTGRES_URL.into());
                let name = format!(
                    "okryu_test_{}_{}",
                    std::process::id(),
                    NEXT.fetch_add(1, Ordering::Relaxed)
                );
                admin_execute(&admin, &format!("CREATE DATABASE {name}")).await;
                let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
                (format!("{base}/{name}"), DbGuard::Postgres { admin, name })
            }
        };
        let config = Config::from_lookup(|k| match k {
            "DATABASE_URL" => Some(url.clone()),
            "LEPTOS_SITE_ADDR" => Some("127.0.0.1:0".into()),
            _ => None,
        })
        .expect("test configuration");
        assert_eq!(config.database.backend(), backend);
        let db = Db::connect(&config.database)
            .await
            .expect("connect to the test database");
        db.migrate().await.expect("migrate the test database");
        assert!(
            seed::ensure_demo_data(&db).await.expect("seed"),
            "a new database gets demo data"
        );
        let router = router(AppState {
            leptos_options: leptos_options(&config),
            db: db.clone(),
        });
        TestApp {
            db,
            router,
            _guard: guard,
        }
    }

    pub async fn request(&self, req: Request<Body>) -> Response {
        let res = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("the router always answers");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res
            .into_body()
            .collect()
            .await
            .expect("read the body")
            .to_bytes();
        Response {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, uri: &str) -> Response {
        self.request(Request::get(uri).body(Body::empty()).expect("request"))
            .await
    }

    pub async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> Response {
        let mut req = Request::get(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.request(req.body(Body::empty()).expect("request"))
            .await
    }

    /// Calls a server function the way the browser does (a URL-encoded POST).
    pub async fn call(&self, endpoint: &str, form: &str) -> Response {
        self.request(
            Request::post(format!("/api/{endpoint}"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .body(Body::from(form.to_string()))
                .expect("request"),
        )
        .await
    }
}

/// The text a person sees: the page without its scripts (which carry the hydration data).
pub fn visible(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("</script>")
            .map_or("", |end| &rest[start + end + 9..]);
    }
    out.push_str(rest);
    out
}

async fn admin_execute(admin_url: &str, sql: &str) {
    use sqlx::{Connection, Executor};
    let mut conn = sqlx::PgConnection::connect(admin_url).await.unwrap_or_else(|e| {
        panic!(
            "PostgreSQL is not reachable at {}: {e}. `make test` starts it; or set TEST_POSTGRES_URL.",
            DatabaseUrl::parse(admin_url).map(|u| u.to_string()).unwrap_or_default()
        )
    });
    conn.execute(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let _ = conn.close().await;
}

enum DbGuard {
    Sqlite(PathBuf),
    Postgres { admin: String, name: String },
}

impl Drop for DbGuard {
    fn drop(&mut self) {
        match self {
            DbGuard::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            DbGuard::Postgres { admin, name } => {
                let (admin, sql) = (
                    admin.clone(),
                    format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                );
                // Drop runs inside the test's runtime: use a thread with its own.
                let _ = std::thread::spawn(move || {
                    if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    {
                        rt.block_on(admin_execute(&admin, &sql));
                    }
                })
                .join();
            }
        }
    }
}
