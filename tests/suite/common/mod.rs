//! Test harness: every test gets its own database on the backend it names, migrated and filled with
//! the demo data (as `OKRYU_DEMO=1` fills an empty one), and an in-process HTTP application on
//! top of it.
#![allow(dead_code)]

pub mod server;

use axum::{body::Body, http::Request, Router};
use http_body_util::BodyExt;
use okryu::server::{
    clock::Clock,
    config::{Backend, Config, DatabaseUrl, Security},
    db::Db,
    demo::{self, Demo},
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
    /// The key the application digests PINs with.
    pub key: okryu::server::secret::SecretKey,
    pub router: Router,
    /// The application's clock: `app.clock.advance(secs)` moves time for sessions and limits.
    pub clock: Clock,
    _guard: DbGuard,
}

pub struct Response {
    pub status: http::StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Response {
    /// A header's value, when it has one that reads as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `name=value` part of the cookie this response sets, if it sets one called `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(http::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .find(|pair| pair.split_once('=').is_some_and(|(n, _)| n == name))
            .map(str::to_string)
    }
}

impl TestApp {
    /// An application on demo data, as `make run` serves it (its text-message outbox readable).
    pub async fn spawn(backend: Backend) -> TestApp {
        let demo = Security {
            show_outbox: true,
            ..Security::default()
        };
        Self::spawn_with(backend, demo).await
    }

    /// An application with its own security settings (an allow-list, say).
    pub async fn spawn_with(backend: Backend, security: Security) -> TestApp {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let pid = std::process::id();
        let (url, guard) = match backend {
            Backend::Sqlite => {
                let template = sqlite_template().await;
                let path = std::env::temp_dir().join(format!("okryu-test-{pid}-{n}.db"));
                std::fs::copy(template, &path).expect("copy the template database");
                (
                    format!("sqlite://{}", path.display()),
                    DbGuard::Sqlite(path),
                )
            }
            Backend::Postgres => {
                let admin = admin_url();
                let template = postgres_template().await;
                let name = format!("okryu_test_{pid}_{n}");
                {
                    // Copies from one template must not overlap.
                    static COPYING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
                    let _one_at_a_time = COPYING.lock().await;
                    admin_execute(
                        &admin,
                        &format!("CREATE DATABASE {name} TEMPLATE {template}"),
                    )
                    .await;
                }
                (
                    database_url(&admin, &name),
                    DbGuard::Postgres { admin, name },
                )
            }
        };
        let config = test_config(&url);
        assert_eq!(config.database.backend(), backend);
        let db = Db::connect(&config.database)
            .await
            .expect("connect to the test database");
        let state = AppState {
            security,
            ..AppState::new(leptos_options(&config), db.clone(), test_key())
        };
        let clock = state.clock.clone();
        TestApp {
            db,
            key: state.secret.clone(),
            router: router(state),
            clock,
            _guard: guard,
        }
    }

    /// The services, as the application's server functions call them.
    pub fn services(&self) -> okryu::server::service::Services<'_> {
        okryu::server::service::Services::new(&self.db, &self.clock, &self.key)
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
            bytes: bytes.to_vec(),
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
        self.call_with(endpoint, form, &[]).await
    }

    /// Calls a server function with extra headers (a `cookie`, say).
    pub async fn call_with(
        &self,
        endpoint: &str,
        form: &str,
        headers: &[(&str, &str)],
    ) -> Response {
        self.request(server_fn_request(endpoint, form, headers))
            .await
    }
}

/// A server-function call the way the browser makes it (a URL-encoded POST asking for JSON).
fn server_fn_request(endpoint: &str, form: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut req = Request::post(format!("/api/{endpoint}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.body(Body::from(form.to_string())).expect("request")
}

/// The six-digit code a text message carries, if it carries one.
pub fn code_in(text: &str) -> Option<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|run| run.len() == 6)
        .map(str::to_string)
}

/// Percent-encodes a form value.
pub fn enc(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A form body from pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The demo accounts (phone, password), one per role.
pub const SHOPPER: (&str, &str) = ("0191-100-0001", "okryu-shopper");
pub const BUSINESS: (&str, &str) = ("0191-100-0002", "okryu-business");
pub const SELLER: (&str, &str) = ("0191-100-0003", "okryu-seller");
pub const DISPATCHER: (&str, &str) = ("0191-100-0004", "okryu-dispatch");
pub const COURIER: (&str, &str) = ("0191-100-0005", "okryu-courier");
pub const OPERATOR: (&str, &str) = ("0191-100-0006", "okryu-operator");
pub const VAN_COURIER: (&str, &str) = ("0191-100-0007", "okryu-van");
pub const STAFF: (&str, &str) = ("0191-100-0008", "okryu-staff");
/// Seller staff of Okryukwan: its kitchen.
pub const KITCHEN: (&str, &str) = ("0191-100-0010", "okryu-kitchen");
/// The resident registration numbers on the demo buyers' identity cards (`accounts.json`).
pub const SHOPPER_RESIDENT: &str = "880312-2012341";
pub const BUSINESS_RESIDENT: &str = "750920-1023456";

impl TestApp {
    /// The user id of a demo account.
    pub async fn user_id(&self, (phone, _): (&str, &str)) -> okryu::domain::UserId {
        let phone = okryu::domain::account::PhoneNumber::parse(phone).expect("a phone");
        self.db
            .accounts()
            .credentials(&phone)
            .await
            .expect("query")
            .expect("a demo account")
            .0
    }

    /// The order page as `cookie` sees it.
    pub async fn order_detail(&self, cookie: &str, order: i64) -> okryu::page::order::OrderDetail {
        let res = self
            .call_with(
                "orders/detail",
                &format!("id={order}"),
                &[("cookie", cookie)],
            )
            .await;
        assert_eq!(res.status, http::StatusCode::OK, "{}", res.body);
        serde_json::from_str(&res.body).expect("an order")
    }

    /// A request from a client at `ip` (as the server's connection info would say).
    pub async fn request_from(&self, ip: &str, mut req: Request<Body>) -> Response {
        let addr: std::net::SocketAddr = format!("{ip}:50000").parse().expect("an address");
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(addr));
        self.request(req).await
    }

    /// Calls a server function from a client at `ip`.
    pub async fn call_from(
        &self,
        ip: &str,
        endpoint: &str,
        form: &str,
        headers: &[(&str, &str)],
    ) -> Response {
        self.request_from(ip, server_fn_request(endpoint, form, headers))
            .await
    }

    /// Has a sign-up code sent to `phone` (from a client address of the number's own, so no
    /// client's hourly limit is met) and reads it from the outbox: `None` when the number got no
    /// code (it has an account, or is no number).
    pub async fn sign_up_code(&self, phone: &str) -> Option<String> {
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        let tail: u32 = digits[digits.len().saturating_sub(4)..]
            .parse()
            .unwrap_or(0);
        let client = format!("10.99.{}.{}", tail / 256 % 256, tail % 256);
        let res = self
            .call_from(
                &client,
                "account/send-code",
                &form(&[("phone", phone)]),
                &[],
            )
            .await;
        assert_eq!(res.status, http::StatusCode::OK, "send-code: {}", res.body);
        let phone = okryu::domain::account::PhoneNumber::parse(phone).ok()?;
        let texts = self
            .db
            .accounts()
            .outbox(Some(&phone), 1)
            .await
            .expect("the outbox");
        texts.first().and_then(|t| code_in(&t.body))
    }

    /// A new Narae card that the demo operator, at the bank's counter, issued to the holder of
    /// `phone` showing `resident`: its number, grouped as the counter shows it.
    pub async fn issued_card(&self, phone: &str, resident: &str) -> String {
        let clerk = self.sign_in(OPERATOR).await;
        let res = self
            .call_with(
                "bank/issue-card",
                &form(&[("phone", phone), ("resident", resident)]),
                &[("cookie", &clerk)],
            )
            .await;
        assert_eq!(res.status, http::StatusCode::OK, "{}", res.body);
        serde_json::from_str(&res.body).expect("the card's number")
    }

    /// Signs in and returns the `Cookie:` value of the new session.
    pub async fn sign_in(&self, (phone, password): (&str, &str)) -> String {
        let res = self
            .call(
                "account/sign-in",
                &form(&[("phone", phone), ("password", password)]),
            )
            .await;
        assert_eq!(
            res.status,
            http::StatusCode::OK,
            "sign in {phone}: {}",
            res.body
        );
        res.cookie("okryu_session").expect("a session cookie")
    }

    /// Who the server says is signed in with this cookie (the name), if anyone.
    pub async fn who(&self, cookie: &str) -> Option<String> {
        let res = self
            .call_with("account/me", "", &[("cookie", cookie)])
            .await;
        assert_eq!(res.status, http::StatusCode::OK, "{}", res.body);
        let v: serde_json::Value = serde_json::from_str(&res.body).expect("JSON");
        v.get("name").and_then(|n| n.as_str()).map(str::to_string)
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

/// A database of its own with nothing in it (dropped with the guard), and its configuration.
pub async fn empty_database(backend: Backend) -> (Config, DbGuard) {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let pid = std::process::id();
    let (url, guard) = match backend {
        Backend::Sqlite => {
            let path = std::env::temp_dir().join(format!("okryu-empty-{pid}-{n}.db"));
            (
                format!("sqlite://{}", path.display()),
                DbGuard::Sqlite(path),
            )
        }
        Backend::Postgres => {
            let admin = admin_url();
            let name = format!("okryu_test_{pid}_{n}");
            admin_execute(&admin, &format!("CREATE DATABASE {name}")).await;
            (
                database_url(&admin, &name),
                DbGuard::Postgres { admin, name },
            )
        }
    };
    (test_config(&url), guard)
}

/// The tests' secret key (their databases are thrown away).
pub fn test_key() -> okryu::server::secret::SecretKey {
    okryu::server::secret::SecretKey::new("okryu-test-key-not-for-real-data-0123456789")
        .expect("a key")
}

fn admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.into())
}

fn database_url(admin: &str, name: &str) -> String {
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin);
    format!("{base}/{name}")
}

fn test_config(url: &str) -> Config {
    Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(url.to_string()),
        "LEPTOS_SITE_ADDR" => Some("127.0.0.1:0".into()),
        _ => None,
    })
    .expect("test configuration")
}

/// The demo data files (`tools/demo`), read once per test process.
pub fn demo_data() -> &'static Demo {
    static DEMO: std::sync::OnceLock<Demo> = std::sync::OnceLock::new();
    DEMO.get_or_init(|| Demo::read(std::path::Path::new("tools/demo")).expect("the demo data"))
}

/// Migrates a database and loads the demo data, the way the server does on first start with
/// `OKRYU_DEMO=1`.
async fn migrate_and_seed(url: &str) {
    let db = Db::connect(&test_config(url).database)
        .await
        .expect("connect to the template");
    db.migrate().await.expect("migrate the template");
    assert!(
        demo::load(&db, &test_key(), demo_data())
            .await
            .expect("load the demo data"),
        "a new database gets demo data"
    );
    db.close().await;
}

/// A migrated, seeded SQLite file made once per test process; each test gets a copy.
async fn sqlite_template() -> &'static PathBuf {
    static TEMPLATE: tokio::sync::OnceCell<PathBuf> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let path =
                std::env::temp_dir().join(format!("okryu-template-{}.db", std::process::id()));
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            migrate_and_seed(&format!("sqlite://{}", path.display())).await;
            // Fold the write-ahead log into the file, so copying the file copies everything.
            let db = Db::connect(&test_config(&format!("sqlite://{}", path.display())).database)
                .await
                .expect("reopen the template");
            db.checkpoint().await.expect("checkpoint the template");
            db.close().await;
            path
        })
        .await
}

/// A migrated, seeded PostgreSQL database made once per test process; each test gets a copy. Templates
/// and test databases left behind by test processes that no longer run are dropped first.
async fn postgres_template() -> &'static str {
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let admin = admin_url();
            for stale in leftover_databases(&admin).await {
                admin_execute(
                    &admin,
                    &format!("DROP DATABASE IF EXISTS {stale} WITH (FORCE)"),
                )
                .await;
            }
            let name = format!("okryu_template_{}", std::process::id());
            admin_execute(
                &admin,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            )
            .await;
            admin_execute(&admin, &format!("CREATE DATABASE {name}")).await;
            migrate_and_seed(&database_url(&admin, &name)).await;
            name
        })
        .await
}

/// `okryu_test_<pid>_<n>` and `okryu_template_<pid>` of processes that have ended.
async fn leftover_databases(admin_url: &str) -> Vec<String> {
    use sqlx::Connection;
    let Ok(mut conn) = sqlx::PgConnection::connect(admin_url).await else {
        return Vec::new();
    };
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT datname FROM pg_database WHERE datname LIKE 'okryu_test_%' OR datname LIKE 'okryu_template_%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap_or_default();
    let _ = conn.close().await;
    names
        .into_iter()
        .filter(|n| {
            let pid = n
                .trim_start_matches("okryu_test_")
                .trim_start_matches("okryu_template_");
            let pid = pid.split('_').next().unwrap_or_default();
            !PathBuf::from(format!("/proc/{pid}")).exists()
        })
        .collect()
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

pub enum DbGuard {
    Sqlite(PathBuf),
    Postgres { admin: String, name: String },
}

impl Drop for DbGuard {
    fn drop(&mut self) {
        match self {
            DbGuard::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm", ".setup-lock"] {
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

// Buying, as the order and delivery tests do it.

use http::StatusCode;
use okryu::{
    domain::{quantity::Quantity, ProductId, SellerId, Won},
    error::AppError,
    page::order::CheckoutPage,
    server::db::bank::LedgerCheck,
};
use serde_json::Value;

/// The PIN of the demo shopper's instruments.
pub const PIN: &str = "1234";

pub fn error_of(body: &str) -> AppError {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("an AppError, not {body}: {e}"))
}

pub fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("JSON, not {body}: {e}"))
}

/// A product of the demo seller whose staff account is `SELLER`, with at least `stock` in stock.
pub async fn product_of_kumsong(app: &TestApp, stock: u32) -> ProductId {
    let seller = seller_of_staff(app).await;
    let (_, items) = app
        .db
        .console()
        .items(seller)
        .await
        .expect("console")
        .expect("seller");
    let item = items.first().expect("goods");
    app.db
        .console()
        .set_stock(seller, item.id, stock)
        .await
        .expect("stock");
    item.id
}

/// A product on the home page of another seller than `SELLER`'s.
pub async fn not_kumsongs(app: &TestApp) -> okryu::domain::catalog::ProductCard {
    app.db
        .catalog()
        .home_page(60)
        .await
        .unwrap()
        .products
        .into_iter()
        .find(|p| p.seller.ko != "금성식료공장")
        .expect("other sellers' goods")
}

pub async fn seller_of_staff(app: &TestApp) -> SellerId {
    let cookie = app.sign_in(SELLER).await;
    let me = app
        .call_with("account/me", "", &[("cookie", &cookie)])
        .await;
    SellerId::new(json(&me.body)["seller"].as_i64().expect("seller staff"))
}

pub async fn stock_of(app: &TestApp, id: ProductId) -> u32 {
    app.db
        .catalog()
        .lines(&[(id, Quantity::ONE, None)])
        .await
        .expect("lines")[0]
        .1
        .stock
}

pub async fn checkout_page(app: &TestApp, cookie: &str, query: &str) -> CheckoutPage {
    let res = app
        .call_with("checkout/page", query, &[("cookie", cookie)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("a checkout page")
}

/// The pay button's form for what `page` shows, with `pin` and `key`. `item` buys one item at once.
pub fn pay_form(
    page: &CheckoutPage,
    item: Option<(ProductId, u32)>,
    pin: &str,
    key: &str,
) -> String {
    let total = page
        .totals
        .expect("deliverable")
        .total
        .as_decimal()
        .to_string();
    let mut pairs = vec![
        ("address", page.address.expect("an address").to_string()),
        ("slot", page.slot.expect("a slot").code()),
        (
            "instrument",
            page.instrument.expect("an instrument").to_string(),
        ),
        ("pin", pin.to_string()),
        ("key", key.to_string()),
        ("total", total),
    ];
    if let Some((id, qty)) = item {
        pairs.push(("item", id.to_string()));
        pairs.push(("qty", qty.to_string()));
    }
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    form(&pairs)
}

/// The pay button's request as the browser sends it (for tests that send many at once).
pub fn pay_request(cookie: &str, body: String) -> http::Request<axum::body::Body> {
    http::Request::post("/api/checkout/place")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .header("cookie", cookie)
        .body(axum::body::Body::from(body))
        .expect("request")
}

/// The pay button for what `page` shows, with `pin`.
pub async fn pay(
    app: &TestApp,
    cookie: &str,
    page: &CheckoutPage,
    item: Option<(ProductId, u32)>,
    pin: &str,
) -> Response {
    let body = pay_form(page, item, pin, &page.key);
    app.call_with("checkout/place", &body, &[("cookie", cookie)])
        .await
}

pub async fn balance(app: &TestApp, cookie: &str) -> Won {
    let res = app
        .call_with("wallet/page", "", &[("cookie", cookie)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str::<okryu::page::order::Wallet>(&res.body)
        .expect("a wallet")
        .balance
}

pub async fn orders(app: &TestApp, cookie: &str) -> Vec<okryu::domain::order::OrderSummary> {
    let res = app
        .call_with("orders/list", "", &[("cookie", cookie)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("orders")
}

pub async fn assert_ledger_balances(app: &TestApp) {
    assert_eq!(
        app.db.bank().check().await.expect("ledger"),
        LedgerCheck {
            balances_sum: 0,
            entries_sum: 0,
            accounts_off: 0,
            unbalanced_transfers: 0,
        }
    );
}

/// A shopper of the test's own (as load tests make them): signed in by a session, the bank
/// account behind `phone` linked with `PIN`, and `deposit` paid in. The account and its `Cookie:`.
pub async fn shopper_with(
    app: &TestApp,
    phone: &str,
    deposit: Won,
) -> (okryu::domain::UserId, String) {
    let phone = okryu::domain::account::PhoneNumber::parse(phone).expect("a phone");
    let pin = okryu::domain::payment::Pin::parse(PIN).expect("a PIN");
    let who = okryu::server::demo::DemoShopper {
        phone: &phone,
        pin: &pin,
        deposit,
    };
    okryu::server::demo::shopper(&app.db, &app.key, &who, app.clock.now())
        .await
        .expect("a shopper")
}

/// A PNG that says it is `w` × `h` with an empty image stream: a decompression bomb's header.
pub fn png_header_only(w: u32, h: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut crc = crc32(kind);
        crc = crc32_update(crc, data);
        out.extend_from_slice(&(!crc).to_be_bytes());
    }
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

fn crc32(data: &[u8]) -> u32 {
    crc32_update(0xffff_ffff, data)
}

fn crc32_update(mut crc: u32, data: &[u8]) -> u32 {
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    crc
}

/// The boundary of `upload_body`'s multipart body.
pub const UPLOAD_BOUNDARY: &str = "okryu-test-boundary";

/// An upload form's multipart body: the product's `id` and one file as `picture`.
pub fn upload_body(id: &str, name: &str, bytes: &[u8]) -> Vec<u8> {
    file_body(&[("id", id)], ("picture", name, bytes))
}

/// A multipart body: text `fields`, then one file (its field's name, the file's name, its bytes).
pub fn file_body(fields: &[(&str, &str)], (field, name, bytes): (&str, &str, &[u8])) -> Vec<u8> {
    let b = UPLOAD_BOUNDARY;
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    body
}

/// A picture upload as a program sends it (asking for JSON), with `headers`.
pub fn upload_request(body: Vec<u8>, headers: &[(&str, &str)]) -> Request<Body> {
    upload_to("/api/seller/picture", body, headers)
}

/// A multipart post to `path` as a program sends it (asking for JSON), with `headers`.
pub fn upload_to(path: &str, body: Vec<u8>, headers: &[(&str, &str)]) -> Request<Body> {
    let mut req = Request::post(path)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={UPLOAD_BOUNDARY}"),
        )
        .header("accept", "application/json");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.body(Body::from(body)).expect("request")
}

/// Makes `req` a form a browser posts from `page` of the site (asking for HTML, sent from there).
pub fn from_page(req: &mut Request<Body>, page: &str) {
    let headers = req.headers_mut();
    headers.insert("accept", http::HeaderValue::from_static("text/html"));
    headers.insert("host", http::HeaderValue::from_static("okryu.test"));
    let referer = format!("http://okryu.test{page}");
    headers.insert("referer", referer.parse().expect("a header value"));
}

/// How many media and stored files there are.
pub async fn media_rows(app: &TestApp) -> (i64, i64) {
    let mut tx = app.db.begin().await.expect("begin");
    sqlx::query_as(
        "SELECT (SELECT CAST(COUNT(*) AS BIGINT) FROM media), \
             (SELECT CAST(COUNT(*) AS BIGINT) FROM media_files)",
    )
    .fetch_one(&mut *tx)
    .await
    .expect("the media's rows")
}

/// A 1 × 1 PNG.
pub fn tiny_png() -> Vec<u8> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&[200, 40, 40], 1, 1, image::ExtendedColorType::Rgb8)
        .expect("png");
    out
}

/// One of `item` bought with `PIN` by the buyer signed in with `cookie`: the order's id.
pub async fn bought(app: &TestApp, cookie: &str, item: ProductId) -> i64 {
    let page = checkout_page(app, cookie, &format!("item={item}&qty=1")).await;
    let res = pay(app, cookie, &page, Some((item, 1)), PIN).await;
    assert_eq!(res.status, http::StatusCode::OK, "{}", res.body);
    orders(app, cookie).await[0].id.get()
}

/// One of `item` bought by the buyer signed in with `cookie`, moved on by an operator and picked
/// up by the demo courier (the money is captured): the order's id and the courier's `Cookie:`.
pub async fn picked_up(app: &TestApp, cookie: &str, item: ProductId) -> (i64, String) {
    let order = bought(app, cookie, item).await;
    let operator = app.sign_in(OPERATOR).await;
    let call = |who: &str, endpoint: &str, body: String| {
        let who = who.to_string();
        let endpoint = endpoint.to_string();
        async move {
            let res = app.call_with(&endpoint, &body, &[("cookie", &who)]).await;
            assert_eq!(res.status, http::StatusCode::OK, "{endpoint}: {}", res.body);
        }
    };
    for to in ["accepted", "ready"] {
        let body = form(&[("id", &order.to_string()), ("to", to), ("note", "")]);
        call(&operator, "orders/advance", body).await;
    }
    let courier = app.sign_in(COURIER).await;
    let bike = app.user_id(COURIER).await;
    call(
        &operator,
        "dispatch/assign",
        format!("id={order}&courier={bike}"),
    )
    .await;
    call(&courier, "courier/pick-up", format!("id={order}")).await;
    (order, courier)
}

/// One of `item` bought by the buyer signed in with `cookie` and delivered to them (carried by
/// the demo courier, handed over with the buyer's code): the order's id.
pub async fn delivered(app: &TestApp, cookie: &str, item: ProductId) -> i64 {
    let (order, courier) = picked_up(app, cookie, item).await;
    hand_over(app, cookie, order, &courier).await;
    order
}

/// The courier signed in with `courier` hands `order` over to its buyer (signed in with
/// `buyer`), with the buyer's code.
pub async fn hand_over(app: &TestApp, buyer: &str, order: i64, courier: &str) {
    let code = app.order_detail(buyer, order).await.code.expect("a code");
    let res = app
        .call_with(
            "courier/deliver",
            &format!("id={order}&code={code}"),
            &[("cookie", courier)],
        )
        .await;
    assert_eq!(res.status, http::StatusCode::OK, "{}", res.body);
}

/// Three orders of one of `item` by the buyer signed in with `cookie`: one delivered, one whose
/// delivery failed (the buyer was not at home; the money goes back) and one only paid for.
pub async fn three_orders(app: &TestApp, cookie: &str, item: ProductId) {
    delivered(app, cookie, item).await;
    let (failed, courier) = picked_up(app, cookie, item).await;
    let res = app
        .call_with(
            "courier/fail",
            &format!("id={failed}&reason=nobody_home&note=nobody+home"),
            &[("cookie", &courier)],
        )
        .await;
    assert_eq!(res.status, http::StatusCode::OK, "{}", res.body);
    bought(app, cookie, item).await;
}
