//! `make drill`: real `okryu` processes taking payments while they, or the database under them,
//! are killed and restarted. A load generator places checkouts and sends again, with the same
//! idempotency key, every one it got no answer to. Afterwards the books must hold:
//! every checkout that was answered with success exists exactly once and no checkout exists that
//! was not answered, every order's payment was held once for its total, every shopper's balance is
//! what they paid in less what their orders cost, the stock sold equals the units ordered, the
//! ledger sums to zero and every balance equals its entries.
//!
//! - SQLite: kill -9 the server mid-load and start it again on the same file.
//! - PostgreSQL: three servers started at the same moment on an empty database; then two app
//!   servers under load spread over both: kill -9 one (the other keeps serving), and separately
//!   restart PostgreSQL (both recover by themselves within 10 s); then 200 buyers racing for 50
//!   units across both servers.
//!
//! Then the sieges (`siege`): slow bodies, idle sockets and an abort storm against one server
//! while another client must be answered throughout.
//!
//! usage: okryu-drill [--backends sqlite,postgres] [--seconds 30] [--okryu target/release/okryu]
//! Exits non-zero on any broken invariant. Logs go to target/drill/.

mod siege;

use axum::body::Bytes;
use http::{header, Request};
use http_body_util::{BodyExt, Full};
use hyper_util::{
    client::legacy::{connect::HttpConnector, Client},
    rt::TokioExecutor,
};
use okryu::{
    domain::{account::PhoneNumber, CheckoutId, ProductId, UserId, Won},
    page::order::CheckoutPage,
    server::{
        config::{Backend, Config},
        db::Db,
        demo::{self, DemoShopper},
        secret::SecretKey,
        service::Services,
    },
};
use okryu_tools::audit::{Audit, StockCount};
use std::{
    collections::{HashMap, HashSet},
    net::SocketAddr,
    path::{Path, PathBuf},
    process::{Child, Command, ExitCode, Stdio},
    sync::{
        atomic::{AtomicU64, Ordering::Relaxed},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

type Error = Box<dyn std::error::Error + Send + Sync>;
type Http = Client<HttpConnector, Full<Bytes>>;

/// The servers and the drill digest PINs with the same key.
const SECRET_KEY: &str = "okryu-drill-key-not-for-real-data-0123456789";
const PIN: &str = "1234";
/// Load generators paying at once (each with shoppers of its own: one shopper pays one order at a
/// time, as a person does).
const WORKERS: usize = 16;
const SHOPPERS_PER_WORKER: usize = 4;
/// A request without an answer is sent again for this long, then counted lost.
const PATIENCE: Duration = Duration::from_secs(60);
/// How long after the database is back the servers may take to serve again.
const RECOVERY_BUDGET: Duration = Duration::from_secs(10);

struct Args {
    backends: Vec<Backend>,
    seconds: u64,
    okryu: PathBuf,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        backends: vec![Backend::Sqlite, Backend::Postgres],
        seconds: 30,
        okryu: PathBuf::from("target/release/okryu"),
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    for pair in argv.chunks(2) {
        let value = pair.get(1).ok_or("every option takes a value")?;
        match pair[0].as_str() {
            // `none`: only the sieges.
            "--backends" if value == "none" => a.backends = Vec::new(),
            "--backends" => a.backends = okryu_tools::backends(value)?,
            "--seconds" => a.seconds = value.parse().map_err(|_| "--seconds takes a number")?,
            "--okryu" => a.okryu = PathBuf::from(value),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(a)
}

#[tokio::main]
async fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.first().map(String::as_str) == Some("idle-sockets") {
        return match siege::idle_sockets_helper(&argv[1..]).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("okryu-drill idle-sockets: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let args = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("okryu-drill: {e}");
            return ExitCode::from(2);
        }
    };
    let out = PathBuf::from("target/drill");
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("okryu-drill: {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    println!(
        "| drill | requests | checkouts placed | refused | sent again | lost | recovery | invariants |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    let mut failed = false;
    for backend in &args.backends {
        let run = match backend {
            Backend::Sqlite => sqlite_drills(&args, &out).await,
            Backend::Postgres => postgres_drills(&args, &out).await,
        };
        match run {
            Ok(ok) => failed |= !ok,
            Err(e) => {
                println!("drill on {backend:?} could not run: {e}");
                failed = true;
            }
        }
    }
    let drill = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("okryu-drill"));
    match siege::sieges(&args.okryu, &out, &drill).await {
        Ok(ok) => failed |= !ok,
        Err(e) => {
            println!("the sieges could not run: {e}");
            failed = true;
        }
    }
    if failed {
        println!("drill FAILED: see above and target/drill/");
        ExitCode::FAILURE
    } else {
        println!(
            "drill passed: nothing lost, nothing charged twice, the books balance; the sieges held"
        );
        ExitCode::SUCCESS
    }
}

// The drills.

/// kill -9 the server on a SQLite file mid-load, and start it again on the same file.
async fn sqlite_drills(args: &Args, out: &Path) -> Result<bool, Error> {
    let file = out.join("okryu.db");
    for suffix in ["", "-wal", "-shm", ".setup-lock", ".key"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
    let url = format!("sqlite://{}", file.display());
    let mut server = Server::start(&args.okryu, "sqlite", &url, out).await?;
    let shop = Shop::prepare(&url, &[server.addr]).await?;
    let load = shop.load(args.seconds);
    let running = tokio::spawn(load.clone().run());
    tokio::time::sleep(Duration::from_secs(args.seconds / 3)).await;
    let killed = Instant::now();
    server.kill();
    server.spawn()?;
    server.wait_healthy(Duration::from_secs(60)).await?;
    let recovery = killed.elapsed();
    running.await??;
    let ok = shop
        .report("SQLite: kill -9 mid-load, restart", &load, Some(recovery))
        .await?;
    shop.db.close().await;
    shop.audit.close().await;
    Ok(ok)
}

async fn postgres_drills(args: &Args, out: &Path) -> Result<bool, Error> {
    let admin = std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let url = fresh_postgres(&admin, "okryu_drill").await?;

    // Three servers at the same moment on the empty database: every one must come up.
    let started = Instant::now();
    let mut servers = Vec::new();
    for name in ["pg-a", "pg-b", "pg-c"] {
        servers.push(Server::spawned(&args.okryu, name, &url, out)?);
    }
    let mut came_up = 0;
    for s in &mut servers {
        if s.wait_healthy(Duration::from_secs(120)).await.is_ok() {
            came_up += 1;
        }
    }
    let together_ok = came_up == servers.len();
    println!(
        "| PostgreSQL: 3 servers started at once on an empty database | - | - | - | - | - | {:.1} s | {} |",
        started.elapsed().as_secs_f64(),
        if together_ok {
            "ok: all 3 serve".to_string()
        } else {
            format!("BROKEN: {came_up} of 3 came up (see target/drill/server-pg-*.log)")
        }
    );
    let mut c = servers.pop().ok_or("no third server")?;
    c.kill();
    let (mut b, a) = (
        servers.pop().ok_or("no server b")?,
        servers.pop().ok_or("no server a")?,
    );

    let shop = Shop::prepare(&url, &[a.addr, b.addr]).await?;
    let mut ok = together_ok;

    // kill -9 one of two app servers mid-load: the other keeps serving.
    let load = shop.load(args.seconds);
    let running = tokio::spawn(load.clone().run());
    tokio::time::sleep(Duration::from_secs(args.seconds / 3)).await;
    b.kill();
    let placed_before = load.tally.placed.load(Relaxed);
    tokio::time::sleep(Duration::from_secs(args.seconds / 3)).await;
    let survivor_served = load.tally.placed.load(Relaxed) > placed_before;
    running.await??;
    ok &= shop
        .report("PostgreSQL: kill -9 one of two servers", &load, None)
        .await?;
    if !survivor_served {
        println!("the surviving server placed no checkout after the other was killed: BROKEN");
        ok = false;
    }
    b.spawn()?;
    b.wait_healthy(Duration::from_secs(60)).await?;

    // Restart PostgreSQL mid-load: /healthz says 503 while it is away, and both servers serve
    // again by themselves within 10 s of its return.
    let load = shop.load(args.seconds);
    let running = tokio::spawn(load.clone().run());
    tokio::time::sleep(Duration::from_secs(args.seconds / 3)).await;
    let watch = Health::watch(&shop.http, &[a.addr, b.addr]);
    let back = restart_postgres().await?;
    let recovered = watch.healthy_after(back, Duration::from_secs(30)).await;
    running.await??;
    let saw_503 = watch.saw_unavailable();
    let recovery = recovered.map(|at| at.saturating_duration_since(back));
    ok &= shop
        .report("PostgreSQL: restart the database", &load, recovery)
        .await?;
    match recovery {
        Some(r) if r <= RECOVERY_BUDGET && saw_503 => {}
        Some(r) if r <= RECOVERY_BUDGET => {
            println!("/healthz never answered 503 while PostgreSQL was away: BROKEN");
            ok = false;
        }
        Some(r) => {
            println!(
                "the servers took {:.1} s to serve again (budget {} s): BROKEN",
                r.as_secs_f64(),
                RECOVERY_BUDGET.as_secs()
            );
            ok = false;
        }
        None => {
            println!("the servers did not serve again within 30 s of PostgreSQL's return: BROKEN");
            ok = false;
        }
    }

    // 200 buyers racing for 50 units across both servers.
    ok &= shop.race(200, 50).await?;

    shop.db.close().await;
    shop.audit.close().await;
    drop((a, b));
    drop_postgres(&admin, "okryu_drill").await?;
    Ok(ok)
}

// The shop under test: its database, its shoppers and what they buy.

struct Shop {
    db: Db,
    /// Reads the books straight from the database.
    audit: Audit,
    http: Http,
    servers: Vec<SocketAddr>,
    shoppers: Arc<Vec<Shopper>>,
    products: Arc<Vec<ProductId>>,
    /// Stock before anything was sold, per product.
    stock_before: HashMap<ProductId, u32>,
    /// What the shoppers were given.
    deposit: Won,
    /// (key, shopper, checkout) of every success of every load so far.
    answered: Mutex<Vec<(String, UserId, CheckoutId)>>,
}

#[derive(Clone)]
struct Shopper {
    user: UserId,
    cookie: String,
}

impl Shop {
    /// Shoppers with money and a SIM-linked account (made in the database, as a bank would), a
    /// tariff whose couriers take as many deliveries per slot as it allows (this drills money and
    /// stock, not slot capacity), and the Pyongyang goods they buy.
    async fn prepare(url: &str, servers: &[SocketAddr]) -> Result<Shop, Error> {
        let config = Config::from_lookup(|k| (k == "DATABASE_URL").then(|| url.to_string()))?;
        let db = Db::connect(&config.database).await?;
        let key = SecretKey::new(SECRET_KEY)?;
        let now = okryu::server::clock::now();
        let pin = okryu::domain::payment::Pin::parse(PIN).map_err(|_| "the drill's PIN")?;
        let deposit = Won::from_won(1_000_000);
        let mut shoppers = Vec::new();
        for n in 0..WORKERS * SHOPPERS_PER_WORKER + 200 {
            let phone = PhoneNumber::parse(&format!("0191-5{:02}-{:04}", n / 10_000, n % 10_000))
                .map_err(|_| "the drill's phone numbers")?;
            let who = DemoShopper {
                phone: &phone,
                pin: &pin,
                deposit,
            };
            let (user, cookie) = demo::shopper(&db, &key, &who, now).await?;
            shoppers.push(Shopper { user, cookie });
        }
        let mut tariff = db.logistics().tariff().await?;
        tariff.motorbike_stops_per_slot = 500;
        tariff.van_stops_per_slot = 500;
        let clock = okryu::server::clock::Clock::default();
        let services = Services::new(&db, &clock, &key);
        okryu::server::service::delivery::set_tariff(services, UserId::new(1), &tariff).await?;
        let mut products = Vec::new();
        for p in db.catalog().home_page(24).await?.products {
            let (origin, _) = db
                .catalog()
                .lines(&[(p.id, okryu::domain::quantity::Quantity::ONE, None)])
                .await?
                .remove(0);
            if origin.city.en == "Pyongyang" {
                products.push(p.id);
            }
        }
        if products.len() < 4 {
            return Err(format!("only {} Pyongyang goods on the home page", products.len()).into());
        }
        // Enough of each for the whole drill: it drills payments, not running out.
        for p in &products {
            let seller = db
                .catalog()
                .lines(&[(*p, okryu::domain::quantity::Quantity::ONE, None)])
                .await?
                .remove(0)
                .0
                .seller;
            db.console().set_stock(seller, *p, 100_000).await?;
        }
        let audit = Audit::connect(url).await?;
        let stock = audit.stock().await?;
        let http = Client::builder(TokioExecutor::new()).build_http();
        Ok(Shop {
            db,
            audit,
            http,
            servers: servers.to_vec(),
            shoppers: Arc::new(shoppers),
            products: Arc::new(products),
            stock_before: stock.iter().map(|s| (s.product, s.stock)).collect(),
            deposit,
            answered: Mutex::new(Vec::new()),
        })
    }

    fn load(&self, seconds: u64) -> Arc<Load> {
        Arc::new(Load {
            http: self.http.clone(),
            servers: self.servers.clone(),
            shoppers: self.shoppers.clone(),
            products: self.products.clone(),
            until: Instant::now() + Duration::from_secs(seconds),
            tally: Tally::default(),
            placed: Mutex::new(Vec::new()),
            refusals: Mutex::new(HashMap::new()),
        })
    }

    /// Prints the drill's row and checks the books; `false` when something is broken.
    async fn report(
        &self,
        name: &str,
        load: &Load,
        recovery: Option<Duration>,
    ) -> Result<bool, Error> {
        let placed = {
            let mut all = self.answered.lock().map_err(|_| "poisoned")?;
            all.extend(load.placed.lock().map_err(|_| "poisoned")?.iter().cloned());
            all.clone()
        };
        let problems = self.books(&placed, &load.tally).await?;
        load.print_refusals(name);
        let recovery = recovery.map_or("-".into(), |r| format!("{:.1} s", r.as_secs_f64()));
        load.tally
            .print_row(name, &recovery, verdict(&problems, "ok"));
        Ok(problems.is_empty())
    }

    /// What is wrong with the books after `placed` were answered with success.
    async fn books(
        &self,
        placed: &[(String, UserId, CheckoutId)],
        tally: &Tally,
    ) -> Result<Vec<String>, Error> {
        let mut problems = Vec::new();
        if tally.lost.load(Relaxed) > 0 {
            problems.push(format!(
                "{} requests never answered",
                tally.lost.load(Relaxed)
            ));
        }
        if tally.failed.load(Relaxed) > 0 {
            problems.push(format!(
                "{} answers were server errors",
                tally.failed.load(Relaxed)
            ));
        }
        if tally.placed.load(Relaxed) == 0 {
            problems.push("no checkout was placed at all".into());
        }
        let audit = &self.audit;
        let stored = audit.checkouts().await?;
        let by_key: HashMap<(UserId, &str), CheckoutId> = stored
            .iter()
            .map(|(id, user, key)| ((*user, key.as_str()), *id))
            .collect();
        let answered: HashSet<CheckoutId> = placed.iter().map(|(_, _, id)| *id).collect();
        for (key, user, id) in placed {
            if by_key.get(&(*user, key.as_str())) != Some(id) {
                problems.push(format!("checkout {id} (key {key}) answered but not stored"));
            }
        }
        if answered.len() != placed.len() {
            problems.push("two keys were answered with the same checkout".into());
        }
        let shoppers: HashSet<UserId> = self.shoppers.iter().map(|s| s.user).collect();
        let unanswered = stored
            .iter()
            .filter(|(id, user, _)| shoppers.contains(user) && !answered.contains(id))
            .count();
        if unanswered > 0 {
            problems.push(format!(
                "{unanswered} checkouts stored that nobody was told of"
            ));
        }
        let held_wrong = audit.orders_held_wrong().await?;
        if held_wrong > 0 {
            problems.push(format!("{held_wrong} orders not held once for their total"));
        }
        for s in audit.spending().await? {
            if shoppers.contains(&s.user) && s.balance.checked_add(s.ordered) != Some(self.deposit)
            {
                problems.push(format!(
                    "shopper {} holds {} after orders of {} from {}",
                    s.user,
                    s.balance.grouped(),
                    s.ordered.grouped(),
                    self.deposit.grouped()
                ));
            }
        }
        for s in audit.stock().await? {
            let before = self.stock_before.get(&s.product).copied().unwrap_or(0);
            if s.stock + s.ordered != before {
                problems.push(format!(
                    "product {}: {} in stock and {} ordered of {before}",
                    s.product, s.stock, s.ordered
                ));
            }
        }
        let ledger = self.db.bank().check().await?;
        if ledger.balances_sum != 0
            || ledger.entries_sum != 0
            || ledger.accounts_off != 0
            || ledger.unbalanced_transfers != 0
        {
            problems.push(format!("the ledger does not balance: {ledger:?}"));
        }
        problems.truncate(10);
        Ok(problems)
    }

    /// `buyers` shoppers, each paying for one unit at the same moment, half of them through each
    /// server, for a product with `units` in stock: exactly `units` are sold.
    async fn race(&self, buyers: usize, units: u32) -> Result<bool, Error> {
        let product = self.products[0];
        let seller = self
            .db
            .catalog()
            .lines(&[(product, okryu::domain::quantity::Quantity::ONE, None)])
            .await?
            .remove(0)
            .0
            .seller;
        let ordered_before = self.ordered(product).await?;
        self.db.console().set_stock(seller, product, units).await?;
        // The drills before filled the delivery slots, as many as the hour leaves offered (late
        // in a Pyongyang day, fewer than their orders): this race is about stock, so every racer
        // must find room in the slot their page offers. The slots start empty again.
        let mut tx = self.db.begin().await?;
        sqlx::query("DELETE FROM slot_bookings")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        let load = Arc::new(Load {
            http: self.http.clone(),
            servers: self.servers.clone(),
            shoppers: self.shoppers.clone(),
            products: Arc::new(vec![product]),
            until: Instant::now() + PATIENCE,
            tally: Tally::default(),
            placed: Mutex::new(Vec::new()),
            refusals: Mutex::new(HashMap::new()),
        });
        // Everyone's confirmation page first, then every pay button at once.
        let racers = &self.shoppers[WORKERS * SHOPPERS_PER_WORKER..][..buyers];
        let mut pages = Vec::new();
        for (i, s) in racers.iter().enumerate() {
            let mut turn = i;
            if let Some(form) = load.confirm(s, product, 1, &mut turn).await {
                pages.push((s.clone(), form, turn));
            }
        }
        let gate = Arc::new(tokio::sync::Barrier::new(pages.len()));
        let mut tasks = tokio::task::JoinSet::new();
        for (shopper, (key, form), turn) in pages {
            let (load, gate) = (load.clone(), gate.clone());
            tasks.spawn(async move {
                gate.wait().await;
                load.pay(&shopper, &key, form, turn).await;
            });
        }
        while let Some(done) = tasks.join_next().await {
            done?;
        }
        let sold = self.ordered(product).await? - ordered_before;
        let stock = self.count(product).await?.map_or(u32::MAX, |s| s.stock);
        let placed = load.tally.placed.load(Relaxed);
        // The stock was set by hand: the books' stock rule starts again from here.
        let mut problems = Vec::new();
        if sold != units || placed != u64::from(units) || stock != 0 {
            problems.push(format!(
                "{placed} placed, {sold} units sold, {stock} left, of {units}"
            ));
        }
        load.print_refusals("race");
        let t = &load.tally;
        let ledger = self.db.bank().check().await?;
        if ledger.accounts_off != 0 || ledger.entries_sum != 0 || ledger.unbalanced_transfers != 0 {
            problems.push(format!("the ledger does not balance: {ledger:?}"));
        }
        if t.lost.load(Relaxed) + t.failed.load(Relaxed) > 0 {
            problems.push("requests lost or failed".into());
        }
        t.print_row(
            &format!("PostgreSQL: {buyers} buyers race for {units} units on 2 servers"),
            "-",
            verdict(&problems, &format!("ok: exactly {units} sold")),
        );
        Ok(problems.is_empty())
    }

    async fn ordered(&self, product: ProductId) -> Result<u32, Error> {
        Ok(self.count(product).await?.map_or(0, |s| s.ordered))
    }

    /// One product's stock and the units of it ordered.
    async fn count(&self, product: ProductId) -> Result<Option<StockCount>, Error> {
        Ok(self
            .audit
            .stock()
            .await?
            .into_iter()
            .find(|s| s.product == product))
    }
}

// The load generator.

/// What the books say: `ok` when nothing is broken, else each problem.
fn verdict(problems: &[String], ok: &str) -> String {
    if problems.is_empty() {
        ok.to_string()
    } else {
        format!("BROKEN: {}", problems.join("; "))
    }
}

#[derive(Default)]
struct Tally {
    /// HTTP requests sent (every try counts).
    requests: AtomicU64,
    /// Checkouts answered with success.
    placed: AtomicU64,
    /// Checkouts refused by the shop's rules (out of stock, say): answered, nothing charged.
    refused: AtomicU64,
    /// Requests sent again because no answer came (or 503).
    retried: AtomicU64,
    /// Requests given up on after `PATIENCE`.
    lost: AtomicU64,
    /// Answers that were server errors other than 503.
    failed: AtomicU64,
}

struct Load {
    http: Http,
    servers: Vec<SocketAddr>,
    shoppers: Arc<Vec<Shopper>>,
    products: Arc<Vec<ProductId>>,
    until: Instant,
    tally: Tally,
    /// (key, shopper, checkout) of every success.
    placed: Mutex<Vec<(String, UserId, CheckoutId)>>,
    /// Why checkouts were refused, with how often.
    refusals: Mutex<HashMap<String, u64>>,
}

impl Tally {
    /// One row of the drill's table.
    fn print_row(&self, drill: &str, recovery: &str, verdict: String) {
        println!(
            "| {drill} | {} | {} | {} | {} | {} | {recovery} | {verdict} |",
            self.requests.load(Relaxed),
            self.placed.load(Relaxed),
            self.refused.load(Relaxed),
            self.retried.load(Relaxed),
            self.lost.load(Relaxed),
        );
    }
}

enum Answer {
    Ok(String),
    Refused,
    Gone,
}

impl Load {
    /// Why checkouts were refused (on stderr: the table stays readable).
    fn print_refusals(&self, drill: &str) {
        if let Ok(refusals) = self.refusals.lock() {
            let mut all: Vec<_> = refusals.iter().collect();
            all.sort_by(|a, b| b.1.cmp(a.1));
            for (why, n) in all.into_iter().take(5) {
                eprintln!("{drill}: refused {n} times: {why}");
            }
        }
    }

    async fn run(self: Arc<Self>) -> Result<(), Error> {
        let mut workers = tokio::task::JoinSet::new();
        for w in 0..WORKERS {
            let load = self.clone();
            workers.spawn(async move { load.worker(w).await });
        }
        while let Some(done) = workers.join_next().await {
            done?;
        }
        Ok(())
    }

    /// Buys, until the time is up, as this worker's shoppers by turns, one to three of a good.
    async fn worker(&self, w: usize) {
        let mut random = 0x9e37_79b9_7f4a_7c15_u64 ^ (w as u64 + 1);
        let mut next = move || {
            random ^= random << 13;
            random ^= random >> 7;
            random ^= random << 17;
            usize::try_from(random % 1_000_003).unwrap_or(0)
        };
        let mut turn = w;
        while Instant::now() < self.until {
            let shopper = &self.shoppers[w * SHOPPERS_PER_WORKER + next() % SHOPPERS_PER_WORKER];
            let product = self.products[next() % self.products.len()];
            let qty = 1 + next() % 3;
            if let Some((key, form)) = self.confirm(shopper, product, qty, &mut turn).await {
                self.pay(shopper, &key, form, turn).await;
            }
        }
    }

    /// The confirmation page for `qty` of `product`: its key and the pay button's form.
    async fn confirm(
        &self,
        shopper: &Shopper,
        product: ProductId,
        qty: usize,
        turn: &mut usize,
    ) -> Option<(String, String)> {
        let query = format!("item={product}&qty={qty}");
        let Answer::Ok(body) = self
            .call("/api/checkout/page", &shopper.cookie, &query, turn)
            .await
        else {
            return None;
        };
        let page: CheckoutPage = serde_json::from_str(&body).ok()?;
        match (page.address, page.slot, page.instrument, page.totals) {
            (Some(address), Some(slot), Some(instrument), Some(totals)) => Some((
                page.key.clone(),
                format!(
                    "{query}&address={address}&slot={}&instrument={instrument}&pin={PIN}&key={}&total={}",
                    slot.code(),
                    page.key,
                    totals.total.as_decimal()
                ),
            )),
            _ => {
                self.tally.refused.fetch_add(1, Relaxed);
                None
            }
        }
    }

    /// The pay button, sent again with the same key until it is answered.
    async fn pay(&self, shopper: &Shopper, key: &str, form: String, mut turn: usize) {
        match self
            .call("/api/checkout/place", &shopper.cookie, &form, &mut turn)
            .await
        {
            Answer::Ok(body) => match serde_json::from_str::<CheckoutId>(&body) {
                Ok(id) => {
                    self.tally.placed.fetch_add(1, Relaxed);
                    if let Ok(mut placed) = self.placed.lock() {
                        placed.push((key.to_string(), shopper.user, id));
                    }
                }
                Err(_) => {
                    self.tally.failed.fetch_add(1, Relaxed);
                }
            },
            Answer::Refused => {
                self.tally.refused.fetch_add(1, Relaxed);
            }
            Answer::Gone => {}
        }
    }

    /// A server function, through the servers by turns; sent again (to the next server) while no
    /// answer comes or the answer is 503, for at most `PATIENCE`.
    async fn call(&self, path: &str, cookie: &str, form: &str, turn: &mut usize) -> Answer {
        let since = Instant::now();
        loop {
            let addr = self.servers[*turn % self.servers.len()];
            *turn += 1;
            self.tally.requests.fetch_add(1, Relaxed);
            match post(&self.http, addr, path, cookie, form).await {
                Ok((200, body)) => return Answer::Ok(body),
                Ok((408 | 502 | 503 | 504, _)) | Err(_) => {}
                // A signed-in shopper told to sign in, or refused, lost their session.
                Ok((status, body)) if status >= 500 || status == 401 || status == 403 => {
                    eprintln!(
                        "{addr}{path}: {status} {}",
                        body.chars().take(200).collect::<String>()
                    );
                    self.tally.failed.fetch_add(1, Relaxed);
                    return Answer::Gone;
                }
                Ok((status, body)) => {
                    let why = format!("{status} {}", body.chars().take(80).collect::<String>());
                    if let Ok(mut refusals) = self.refusals.lock() {
                        *refusals.entry(why).or_default() += 1;
                    }
                    return Answer::Refused;
                }
            }
            if since.elapsed() > PATIENCE {
                self.tally.lost.fetch_add(1, Relaxed);
                return Answer::Gone;
            }
            self.tally.retried.fetch_add(1, Relaxed);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

async fn post(
    http: &Http,
    addr: SocketAddr,
    path: &str,
    cookie: &str,
    form: &str,
) -> Result<(u16, String), Error> {
    let req = Request::post(format!("http://{addr}{path}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header(header::ORIGIN, format!("http://{addr}"))
        .header(header::COOKIE, cookie)
        .body(Full::new(Bytes::from(form.to_string())))?;
    let res = tokio::time::timeout(Duration::from_secs(15), http.request(req)).await??;
    let status = res.status().as_u16();
    let body = tokio::time::timeout(Duration::from_secs(15), res.into_body().collect())
        .await??
        .to_bytes();
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

async fn health(http: &Http, addr: SocketAddr) -> u16 {
    let Ok(req) = Request::get(format!("http://{addr}/healthz")).body(Full::new(Bytes::new()))
    else {
        return 0;
    };
    match tokio::time::timeout(Duration::from_secs(10), http.request(req)).await {
        Ok(Ok(res)) => res.status().as_u16(),
        _ => 0,
    }
}

/// When the servers were asked, and what each answered.
type HealthLog = Arc<Mutex<Vec<(Instant, Vec<u16>)>>>;

/// `/healthz` of some servers, asked every 100 ms: whether any said 503, and when all said 200.
struct Health {
    log: HealthLog,
    task: tokio::task::JoinHandle<()>,
}

impl Health {
    fn watch(http: &Http, servers: &[SocketAddr]) -> Health {
        let log: HealthLog = Arc::new(Mutex::new(Vec::new()));
        let (http, servers, sink) = (http.clone(), servers.to_vec(), log.clone());
        let task = tokio::spawn(async move {
            loop {
                let mut answers = Vec::new();
                for s in &servers {
                    answers.push(health(&http, *s).await);
                }
                if let Ok(mut log) = sink.lock() {
                    log.push((Instant::now(), answers));
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
        Health { log, task }
    }

    /// The first moment after `since` at which every server answered 200.
    async fn healthy_after(&self, since: Instant, within: Duration) -> Option<Instant> {
        while since.elapsed() < within {
            let found = self.log.lock().ok().and_then(|log| {
                log.iter()
                    .find(|(at, answers)| *at >= since && answers.iter().all(|a| *a == 200))
                    .map(|(at, _)| *at)
            });
            if found.is_some() {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        None
    }

    fn saw_unavailable(&self) -> bool {
        self.log
            .lock()
            .is_ok_and(|log| log.iter().any(|(_, a)| a.contains(&503)))
    }
}

impl Drop for Health {
    fn drop(&mut self) {
        self.task.abort();
    }
}

// Processes.

/// One `okryu` process on a port of its own, logging to `target/drill/server-NAME.log`.
struct Server {
    okryu: PathBuf,
    name: String,
    url: String,
    addr: SocketAddr,
    log: PathBuf,
    /// Settings beyond the drill's own.
    env: Vec<(&'static str, String)>,
    child: Option<Child>,
}

impl Server {
    fn spawned(okryu: &Path, name: &str, url: &str, out: &Path) -> Result<Server, Error> {
        Self::spawned_with(okryu, name, url, out, &[])
    }

    fn spawned_with(
        okryu: &Path,
        name: &str,
        url: &str,
        out: &Path,
        env: &[(&'static str, String)],
    ) -> Result<Server, Error> {
        let addr = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        let log = out.join(format!("server-{name}.log"));
        let _ = std::fs::remove_file(&log);
        let mut server = Server {
            okryu: okryu.to_path_buf(),
            name: name.to_string(),
            url: url.to_string(),
            addr,
            log,
            env: env.to_vec(),
            child: None,
        };
        server.spawn()?;
        Ok(server)
    }

    async fn start(okryu: &Path, name: &str, url: &str, out: &Path) -> Result<Server, Error> {
        let mut server = Self::spawned(okryu, name, url, out)?;
        server.wait_healthy(Duration::from_secs(120)).await?;
        Ok(server)
    }

    fn spawn(&mut self) -> Result<(), Error> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)?;
        let child = Command::new(&self.okryu)
            .env("DATABASE_URL", &self.url)
            .env("LEPTOS_SITE_ADDR", self.addr.to_string())
            .env("OKRYU_SECRET_KEY", SECRET_KEY)
            .env("OKRYU_DEMO", "1")
            .env("OKRYU_DEMO_DIR", okryu_tools::demo_dir())
            .env("RUST_LOG", "warn")
            .env("NO_COLOR", "1")
            .envs(self.env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(log.try_clone()?)
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", self.okryu.display()))?;
        self.child = Some(child);
        Ok(())
    }

    async fn wait_healthy(&mut self, within: Duration) -> Result<(), Error> {
        let http: Http = Client::builder(TokioExecutor::new()).build_http();
        let since = Instant::now();
        while since.elapsed() < within {
            if health(&http, self.addr).await == 200 {
                return Ok(());
            }
            if let Some(child) = &mut self.child {
                if let Some(status) = child.try_wait()? {
                    return Err(format!(
                        "server {} exited ({status}): see {}",
                        self.name,
                        self.log.display()
                    )
                    .into());
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!("server {} did not come up", self.name).into())
    }

    /// SIGTERM, and how long the process took to exit (`None`: still running after `budget`,
    /// then killed).
    async fn terminate(&mut self, budget: Duration) -> Option<Duration> {
        let child = self.child.as_mut()?;
        let started = Instant::now();
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        while started.elapsed() < budget {
            if let Ok(Some(_)) = child.try_wait() {
                self.child = None;
                return Some(started.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.kill();
        None
    }

    /// What the server has logged so far.
    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: no shutdown, no flushing, requests in flight cut off.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

// PostgreSQL.

async fn fresh_postgres(admin: &str, name: &str) -> Result<String, Error> {
    use sqlx::{Connection, Executor};
    let mut conn = sqlx::PgConnection::connect(admin).await?;
    conn.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
        .await?;
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await?;
    let base = admin.rsplit_once('/').map_or(admin, |(b, _)| b);
    Ok(format!("{base}/{name}"))
}

async fn drop_postgres(admin: &str, name: &str) -> Result<(), Error> {
    use sqlx::{Connection, Executor};
    let mut conn = sqlx::PgConnection::connect(admin).await?;
    conn.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
        .await?;
    Ok(())
}

/// Stops the machine's PostgreSQL cluster, leaves it away for five seconds, starts it again, and
/// returns when it accepts connections again.
async fn restart_postgres() -> Result<Instant, Error> {
    let clusters = Command::new("pg_lsclusters").arg("-h").output()?;
    let listing = String::from_utf8_lossy(&clusters.stdout);
    let line = listing
        .lines()
        .find(|l| l.split_whitespace().nth(2) == Some("5432"))
        .ok_or("no PostgreSQL cluster on port 5432 (pg_lsclusters)")?;
    let mut fields = line.split_whitespace();
    let (version, cluster) = (
        fields.next().ok_or("pg_lsclusters")?.to_string(),
        fields.next().ok_or("pg_lsclusters")?.to_string(),
    );
    let ctl = |action: &str| -> Result<(), Error> {
        let status = Command::new("pg_ctlcluster")
            .args(["--skip-systemctl-redirect", &version, &cluster, action])
            .status()?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("pg_ctlcluster {version} {cluster} {action}: {status}").into())
        }
    };
    ctl("stop")?;
    tokio::time::sleep(Duration::from_secs(5)).await;
    ctl("start")?;
    let since = Instant::now();
    while since.elapsed() < Duration::from_secs(60) {
        let ready = Command::new("pg_isready")
            .args(["-q", "-h", "127.0.0.1", "-p", "5432"])
            .status()?;
        if ready.success() {
            return Ok(Instant::now());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err("PostgreSQL did not come back within 60 s".into())
}
