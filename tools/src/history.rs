//! A shop's history written straight into a database, for the dashboard's benchmark: orders
//! spread evenly over the last `days` days (each with its line, its placing and its handing over
//! or failure, the hold, the captures and some refunds), and page views, visitors, searches and
//! goods put in carts as the server stores them (a row per day and kind). The same SQL runs on
//! SQLite and PostgreSQL. Ledger entries are left out: the dashboard reads transfers.

use okryu::{
    domain::{
        time::PyongyangTime,
        traffic::{Device, PageKind, Sketch},
    },
    i18n::Lang,
};
use sqlx::{any::AnyPoolOptions, AnyPool, Executor};

pub struct History {
    pub orders: i64,
    pub views: i64,
    pub days: i64,
}

type Error = Box<dyn std::error::Error + Send + Sync>;

/// A spread of numbers from `n` (SplitMix64), for views and visitors that vary.
fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Writes the history into the database at `url` (migrated, with the demo data), ending at `now`.
pub async fn generate(url: &str, h: &History, now: i64) -> Result<(), Error> {
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await?;
    orders(&pool, h, now, url.starts_with("postgres")).await?;
    views(&pool, h, now).await?;
    // As the database would be by the time anyone looks: vacuumed (on PostgreSQL) and analysed.
    if url.starts_with("postgres") {
        pool.execute("VACUUM ANALYZE").await?;
    } else {
        pool.execute("ANALYZE").await?;
    }
    pool.close().await;
    Ok(())
}

async fn orders(pool: &AnyPool, h: &History, now: i64, postgres: bool) -> Result<(), Error> {
    for sql in [
        "DROP TABLE IF EXISTS bench_products",
        "DROP TABLE IF EXISTS bench_districts",
        // Sellers' accounts are opened at their first sale.
        "INSERT INTO bank_accounts (kind, seller_id) SELECT 'seller', s.id FROM sellers s \
         WHERE NOT EXISTS (SELECT 1 FROM bank_accounts b WHERE b.seller_id = s.id)",
        "CREATE TABLE bench_products (k BIGINT PRIMARY KEY, id BIGINT NOT NULL, \
             account_id BIGINT NOT NULL, seller_id BIGINT NOT NULL, price_chon BIGINT NOT NULL)",
        "INSERT INTO bench_products (k, id, account_id, seller_id, price_chon) \
         SELECT ROW_NUMBER() OVER (ORDER BY p.id) - 1, p.id, b.id, p.seller_id, p.price_chon \
         FROM products p JOIN bank_accounts b ON b.seller_id = p.seller_id AND b.kind = 'seller' \
         WHERE p.price_chon > 0",
        "CREATE TABLE bench_districts (k BIGINT PRIMARY KEY, id BIGINT NOT NULL)",
        "INSERT INTO bench_districts (k, id) SELECT ROW_NUMBER() OVER (ORDER BY id) - 1, id \
         FROM districts",
    ] {
        pool.execute(sql).await?;
    }
    let count = |table: &'static str| async move {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(pool)
            .await?;
        Ok::<_, sqlx::Error>(n)
    };
    let (goods, districts) = (
        count("bench_products").await?,
        count("bench_districts").await?,
    );
    if goods == 0 || districts == 0 {
        return Err("the demo data has no goods or no districts".into());
    }
    let (instrument, user, account): (i64, i64, i64) =
        sqlx::query_as("SELECT id, user_id, account_id FROM instruments ORDER BY id LIMIT 1")
            .fetch_optional(pool)
            .await?
            .ok_or("the demo data has no payment instrument")?;
    let (holds,): (i64,) = sqlx::query_as("SELECT id FROM bank_accounts WHERE kind = 'holds'")
        .fetch_one(pool)
        .await?;
    let (logistics,): (i64,) =
        sqlx::query_as("SELECT id FROM bank_accounts WHERE kind = 'logistics'")
            .fetch_one(pool)
            .await?;
    let (checkout,): (i64,) = sqlx::query_as(
        "INSERT INTO checkouts (user_id, idem_key, created_at) VALUES ($1, 'bench-history', $2) \
         RETURNING id",
    )
    .bind(user)
    .bind(now)
    .fetch_one(pool)
    .await?;
    let (base,): (i64,) = sqlx::query_as("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM orders")
        .fetch_one(pool)
        .await?;

    // Order `i` is placed at `t`; it is handed over `d` seconds later (3 to 21 hours), or, one in
    // fifty, not (and refunded an hour after). The last order is placed two hours before `now`.
    let (n, start, span) = (h.orders, now - h.days * 86_400, h.days * 86_400 - 7_200);
    let i = format!("(o.id - {})", base + 1);
    let d = format!("(3600 * (3 + ({i} % 7) * 3))");
    let product = format!("bench_products p ON p.k = ({i} * 7919) % {goods}");
    let statements = [
        format!(
            "INSERT INTO orders (id, checkout_id, user_id, seller_id, status, district_id, \
                 address_line, slot_day, slot_window, vehicle, distance_m, estimate_min, \
                 goods_chon, fee_chon, instrument_id, hold_expires_at, created_at, updated_at) \
             WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < {last}) \
             SELECT {first} + g.i, {checkout}, {user}, p.seller_id, \
                 CASE WHEN g.i % 50 = 0 THEN 'refunded' \
                      WHEN g.t + g.d < {now} THEN 'delivered' ELSE 'picked_up' END, \
                 x.id, 'bench', (g.t + 32400) / 86400 + g.i % 2, g.i % 4, \
                 CASE WHEN g.i % 3 = 0 THEN 'van' ELSE 'motorbike' END, 1000 + g.i % 9000, \
                 20 + g.i % 60, p.price_chon * (1 + g.i % 3), 50000 + (g.i % 5) * 10000, \
                 {instrument}, g.t + 259200, g.t, g.t \
             FROM (SELECT i, {start} + (i * {span}) / {n} AS t, 3600 * (3 + (i % 7) * 3) AS d \
                   FROM n) g \
             JOIN bench_products p ON p.k = (g.i * 7919) % {goods} \
             JOIN bench_districts x ON x.k = (g.i * 31) % {districts} \
             ORDER BY g.i",
            last = n - 1,
            first = base + 1,
        ),
        format!(
            "INSERT INTO order_lines (order_id, product_id, name_ko, name_en, price_chon, quantity) \
             SELECT o.id, p.id, 'bench', 'bench', p.price_chon, 1 + {i} % 3 \
             FROM orders o JOIN {product} WHERE o.id > {base} ORDER BY o.id"
        ),
        // Events and money in the order they happen, as the server writes them (on PostgreSQL a
        // day's rows then sit together in the table, as they would).
        format!(
            "INSERT INTO order_events (order_id, status, at) \
             SELECT id, status, at FROM ( \
                 SELECT id, 'placed' AS status, created_at AS at FROM orders o WHERE o.id > {base} \
                 UNION ALL \
                 SELECT id, CASE WHEN status = 'refunded' THEN 'delivery_failed' ELSE 'delivered' END, \
                     created_at + {d} \
                 FROM orders o WHERE o.id > {base} AND status IN ('delivered', 'refunded') \
                     AND created_at + {d} < {now}) e \
             ORDER BY at, id"
        ),
        format!(
            "INSERT INTO transfers (kind, from_account, to_account, amount_chon, order_id, created_at) \
             SELECT kind, from_account, to_account, amount, id, at FROM ( \
                 SELECT 'hold' AS kind, {account} AS from_account, {holds} AS to_account, \
                     goods_chon + fee_chon AS amount, id, created_at AS at \
                 FROM orders o WHERE o.id > {base} \
                 UNION ALL \
                 SELECT 'capture', {holds}, p.account_id, o.goods_chon, o.id, o.created_at + 1800 \
                 FROM orders o JOIN {product} WHERE o.id > {base} \
                 UNION ALL \
                 SELECT 'capture', {holds}, {logistics}, fee_chon, id, created_at + 1800 \
                 FROM orders o WHERE o.id > {base} \
                 UNION ALL \
                 SELECT 'refund', p.account_id, {account}, o.goods_chon, o.id, o.created_at + {d} + 3600 \
                 FROM orders o JOIN {product} \
                 WHERE o.id > {base} AND o.status = 'refunded' AND o.created_at + {d} + 3600 < {now}) t \
             ORDER BY at, id"
        ),
        "DROP TABLE bench_products".to_string(),
        "DROP TABLE bench_districts".to_string(),
    ];
    if postgres {
        // A bulk load of rows made consistent by construction: the foreign keys' triggers are
        // skipped (the single connection is the pool's only one).
        pool.execute("SET session_replication_role = replica")
            .await?;
    }
    for sql in statements {
        pool.execute(sql.as_str()).await?;
    }
    if postgres {
        for table in ["orders", "order_events", "transfers"] {
            pool.execute(
                format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     (SELECT MAX(id) FROM {table}))"
                )
                .as_str(),
            )
            .await?;
        }
    }
    Ok(())
}

/// `h.views` page views over the days (by kind, language and device), a fifth of them of
/// products' pages shared among fifty goods a day; each day's visitors (a view in four) and
/// accounts (a visitor in five) in sketches, a hundred queries searched and the goods put in carts.
async fn views(pool: &AnyPool, h: &History, now: i64) -> Result<(), Error> {
    let today = PyongyangTime::at(now).day_number();
    let first = today - h.days + 1;
    const LANGS: [Lang; 2] = [Lang::Ko, Lang::En];
    const DEVICES: [Device; 2] = [Device::Phone, Device::Pc];
    let per_day = h.views / h.days;
    let cells = (PageKind::ALL.len() * LANGS.len() * DEVICES.len()) as i64;
    let products: Vec<(i64,)> = sqlx::query_as("SELECT id FROM products ORDER BY id")
        .fetch_all(pool)
        .await?;
    let mut rows = Vec::new();
    let (mut product_rows, mut search_rows, mut cart_rows) = (Vec::new(), Vec::new(), Vec::new());
    let mut sketches = Vec::new();
    let mut written = 0;
    for day in first..=today {
        let mut day_views = 0;
        for (c, (kind, lang, device)) in PageKind::ALL
            .iter()
            .flat_map(|k| {
                LANGS
                    .iter()
                    .flat_map(move |l| DEVICES.iter().map(move |d| (k, l, d)))
            })
            .enumerate()
        {
            // Each cell its share of the day, give or take: a pair of cells one more and the
            // other as much fewer; the very last cell what makes the total exact.
            let share = per_day / cells;
            let swing =
                (mix((day * 1000 + (c as i64 & !1)) as u64) % (share / 2).max(1) as u64) as i64;
            let mut v = if c % 2 == 0 {
                share + swing
            } else {
                share - swing
            };
            if day == today && c as i64 == cells - 1 {
                v = h.views - written;
            }
            written += v;
            day_views += v;
            rows.push(format!(
                "({day}, '{}', '{}', '{}', {v})",
                kind.code(),
                lang.code(),
                device.code()
            ));
        }
        for j in 0..50_usize.min(products.len()) {
            let (id,) = products[(mix((day * 50 + j as i64) as u64) as usize) % products.len()];
            product_rows.push(format!("({day}, {id}, {})", day_views / 5 / 50));
        }
        for q in 0..100 {
            let asked = 1 + mix((day * 100 + q) as u64) % 500;
            let empty = if q % 10 == 0 { asked } else { 0 };
            search_rows.push(format!("({day}, 'query {q}', {asked}, {empty})"));
        }
        cart_rows.push(format!("({day}, {})", day_views / 50));
        let (mut visitors, mut users) = (Sketch::default(), Sketch::default());
        for v in 0..(day_views / 4).max(1) {
            let hash = mix((day as u64) << 32 | v as u64);
            visitors.insert(hash);
            if v % 5 == 0 {
                users.insert(mix(hash));
            }
        }
        sketches.push((day, visitors, users));
    }
    let batches = [
        ("page_view_days (day, kind, lang, device, views)", rows),
        ("product_view_days (day, product_id, views)", product_rows),
        ("search_days (day, query, searches, empty)", search_rows),
        ("cart_add_days (day, adds)", cart_rows),
    ];
    for (table, rows) in batches {
        for chunk in rows.chunks(500) {
            // Fifty goods a day drawn at random may repeat: the first of a day is kept.
            pool.execute(
                format!(
                    "INSERT INTO {table} VALUES {} ON CONFLICT DO NOTHING",
                    chunk.join(", ")
                )
                .as_str(),
            )
            .await?;
        }
    }
    for (day, visitors, users) in sketches {
        sqlx::query("INSERT INTO visitor_days (day, visitors, users) VALUES ($1, $2, $3)")
            .bind(day)
            .bind(visitors.as_bytes())
            .bind(users.as_bytes())
            .execute(pool)
            .await?;
    }
    Ok(())
}
