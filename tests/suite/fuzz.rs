//! Bad input, fuzzed: every server function (as registered, so a new one is covered without
//! listing it here) gets 200 malformed bodies as a guest, 200 as a shopper and 200 as staff —
//! wrong types, missing and extra fields, negative and huge numbers, NaN, 1 MB strings, invalid
//! UTF-8, SQL and HTML metacharacters. None may get a 5xx, and a refused call changes nothing in
//! the database (counted per table, plus the money, the stock, the prices and the orders' states).

use crate::common::*;
use axum::body::Body;
use http::{header, Request, StatusCode};
use sqlx::Row;

on_both_databases!(every_server_function_refuses_malformed_input_without_a_trace);

const BODIES_PER_ROLE: usize = 200;

/// The names a form of this shop may carry, and some it never does.
const FIELDS: &[&str] = &[
    "id",
    "item",
    "qty",
    "quantity",
    "phone",
    "password",
    "old_password",
    "name",
    "resident_id",
    "resident",
    "price",
    "name_ko",
    "name_en",
    "description_ko",
    "description_en",
    "category",
    "unit_kind",
    "unit_amount",
    "weight_g",
    "volume_ml",
    "group",
    "media",
    "district",
    "line",
    "make_default",
    "card_number",
    "pin",
    "key",
    "total",
    "address",
    "slot",
    "instrument",
    "courier",
    "code",
    "reason",
    "note",
    "to",
    "stock",
    "amount",
    "next",
    "slug",
    "checkout",
    "params[q]",
    "order",
    "product",
    "rating",
    "body",
    "answer",
    "params[page]",
    "params[sort]",
    "params[min]",
    "params[category]",
    "motorbike_base",
    "van_per_km",
    "_fn",
    "__proto__",
    "admin",
    "role",
    "user_id",
    "file",
    "days",
];

/// Values that are wrong in every way a person or a program can make them.
fn hostile_values() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        "-1",
        "0",
        "1",
        "-0",
        "9999999999999999999999",
        "9223372036854775808",
        "-9223372036854775809",
        "1e309",
        "NaN",
        "nan",
        "inf",
        "-inf",
        "1.5",
        "0x10",
        "1_000",
        "abc",
        "' OR 1=1 --",
        "'; DROP TABLE users; --",
        "\" OR \"\"=\"",
        "%",
        "_",
        "\\",
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "</title>",
        "\u{0}",
        "\u{202e}evil",
        "../../etc/passwd",
        "１２３４",
        "🙂",
        "null",
        "true",
        "[]",
        "{}",
        "0191-100-0001",
        "1234",
        "9410 1000 0000 0003",
        "pyongyang-central",
        "2026-13-45",
    ]
    .into_iter()
    .map(str::to_string)
    .collect();
    v.push("9".repeat(400));
    v.push("가".repeat(3000));
    v
}

/// A small deterministic generator (no crate needed for this).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
}

/// One malformed request body and its content type.
fn body(rng: &mut Rng, values: &[String], i: usize) -> (Vec<u8>, &'static str) {
    let form = "application/x-www-form-urlencoded";
    match i % 10 {
        0 => (Vec::new(), form),
        // Invalid UTF-8, percent-encoded and raw.
        1 => (b"id=%FF%FE%FD&phone=%C3%28&qty=%80".to_vec(), form),
        2 => (vec![0xff, 0xfe, b'=', 0x80, b'&', 0xc3, 0x28], form),
        // A megabyte in one field (beyond the 1 MB limit with its name), now and then.
        3 if i % 40 == 3 => (
            format!("name={}", "x".repeat(1024 * 1024)).into_bytes(),
            form,
        ),
        // JSON where a form is expected, and a form called JSON.
        4 => (
            br#"{"id": -1, "qty": "NaN", "extra": [1, 2]}"#.to_vec(),
            "application/json",
        ),
        5 => (b"id=1&qty=2".to_vec(), "application/json"),
        // Everything else: some fields (some repeated, some unknown) with hostile values.
        _ => {
            let n = 1 + rng.below(8);
            let pairs: Vec<String> = (0..n)
                .map(|_| {
                    let k = FIELDS[rng.below(FIELDS.len())];
                    let v = &values[rng.below(values.len())];
                    format!("{}={}", enc(k), enc(v))
                })
                .collect();
            (pairs.join("&").into_bytes(), form)
        }
    }
}

/// The tables whose rows a refused call must leave as they were.
const TABLES: &[&str] = &[
    "cities",
    "sellers",
    "categories",
    "products",
    "goods",
    "media",
    "media_files",
    "product_media",
    "search_grams",
    "search_gram_counts",
    "districts",
    "price_changes",
    "users",
    "addresses",
    "sessions",
    "carts",
    "cart_items",
    "bank_accounts",
    "instruments",
    "checkouts",
    "orders",
    "order_lines",
    "order_events",
    "transfers",
    "ledger_entries",
    "tariff",
    "couriers",
    "slot_bookings",
    "security_events",
    "issued_cards",
    "reviews",
    "review_votes",
    "review_reports",
    "review_media",
    "bulk_updates",
    "phone_codes",
    "text_messages",
    "page_view_days",
    "product_view_days",
    "visitor_days",
    "search_days",
    "cart_add_days",
    "seller_applications",
    "audit_log",
    "closed_days",
    "sales_days",
    "share_days",
    "on_time_days",
    "delivered_days",
    "restaurants",
    "restaurant_hours",
    "restaurant_closed_days",
    "menu_sections",
    "dishes",
    "dish_options",
    "food_carts",
    "food_cart_lines",
    "food_orders",
    "food_order_lines",
    "standing_orders",
    "standing_order_lines",
    "standing_deliveries",
    "seller_closed_days",
];

/// The tables whose rows a refused call may change: the record of wrong tries exists to be written.
const UNCOUNTED: &[&str] = &["auth_attempts"];

/// The tables the migrations create.
fn created_tables() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite");
    let mut tables = Vec::new();
    for entry in std::fs::read_dir(dir).expect("the migrations") {
        let sql = std::fs::read_to_string(entry.expect("a migration").path()).expect("readable");
        for part in sql.split("CREATE TABLE ").skip(1) {
            let name: String = part
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            tables.push(name);
        }
    }
    tables
}

/// What a refused call must leave as it was: every table's rows (`UNCOUNTED` aside), where the
/// money is, the stock, prices, order states, PINs, passwords and the tariff.
async fn fingerprint(app: &TestApp) -> Vec<i64> {
    let sum = |expr: &str, table: &str| {
        format!("(SELECT CAST(COALESCE(SUM({expr}), 0) AS BIGINT) FROM {table})")
    };
    let mut parts: Vec<String> = TABLES
        .iter()
        .map(|t| format!("(SELECT CAST(COUNT(*) AS BIGINT) FROM {t})"))
        .collect();
    parts.extend([
        sum("balance_chon * id", "bank_accounts"),
        sum("stock * id", "products"),
        sum("price_chon * id", "products"),
        sum("COALESCE(hidden_at, 0)", "products"),
        sum("COALESCE(LENGTH(withheld_reason), 0) * id", "products"),
        sum("(position + 1) * media_id", "product_media"),
        sum(
            "(LENGTH(name_ko) + LENGTH(name_en) + LENGTH(description_en) + category_id \
             + unit_amount + weight_g + volume_ml + COALESCE(good_id, 0)) * id",
            "products",
        ),
        sum("quantity * product_id", "cart_items"),
        sum("LENGTH(status) * id", "orders"),
        sum("COALESCE(courier_id, 0) * id", "orders"),
        sum("LENGTH(pin_hash) + COALESCE(removed_at, 0)", "instruments"),
        sum("LENGTH(password_hash) + LENGTH(name)", "users"),
        sum(
            "(LENGTH(role) + manager + COALESCE(seller_id, 0)) * id",
            "users",
        ),
        sum("is_default * id", "addresses"),
        sum("LENGTH(value) + updated_at", "tariff"),
        sum("booked * slot_window", "slot_bookings"),
        sum("(rating_count + 1) * (rating_sum + 1) * id", "products"),
        sum(
            "(rating + helpful + cleared_at + COALESCE(hidden_at, 0) + LENGTH(body) \
             + COALESCE(LENGTH(answer), 0)) * id",
            "reviews",
        ),
        sum("at", "review_reports"),
        sum("COALESCE(last_day, 0)", "closed_days"),
        sum(
            "COALESCE(sold_out_day, 0) * id + price_chon + COALESCE(portions_left, 0) * id",
            "dishes",
        ),
        sum("promised_at + queue_min + dishes", "food_orders"),
        sum("quantity * id + LENGTH(options)", "food_cart_lines"),
        sum("seller_id * user_id", "food_carts"),
    ]);
    let sql = format!("SELECT {}", parts.join(", "));
    let mut tx = app.db.begin().await.expect("begin");
    let row = sqlx::query(&sql)
        .fetch_one(&mut *tx)
        .await
        .expect("fingerprint");
    (0..parts.len())
        .map(|i| row.try_get::<i64, _>(i).expect("a number"))
        .collect()
}

async fn every_server_function_refuses_malformed_input_without_a_trace(app: TestApp) {
    let functions = okryu::server::access::registered_server_fns();
    assert!(functions.len() > 40, "{functions:?}");
    let values = hostile_values();
    // A table the migrations make is counted, or says why not.
    for table in created_tables() {
        assert!(
            TABLES.contains(&table.as_str()) || UNCOUNTED.contains(&table.as_str()),
            "{table}: count it in the fuzz's fingerprint, or say why not"
        );
    }
    let shopper = app.sign_in(SHOPPER).await;
    let staff = [
        app.sign_in(OPERATOR).await,
        app.sign_in(SELLER).await,
        app.sign_in(DISPATCHER).await,
        app.sign_in(COURIER).await,
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut calls = 0;
    for function in &functions {
        // Signing out would end the sessions the other calls use: it is fuzzed as a guest only.
        let signs_out = function.contains("sign-out");
        for role in ["guest", "shopper", "staff"] {
            if signs_out && role != "guest" {
                continue;
            }
            let mut before = fingerprint(&app).await;
            for i in 0..BODIES_PER_ROLE {
                let (bytes, content_type) = body(&mut rng, &values, i);
                let mut req = Request::post(*function)
                    .header(header::CONTENT_TYPE, content_type)
                    .header(header::ACCEPT, "application/json");
                let cookie = match role {
                    "shopper" => Some(shopper.as_str()),
                    "staff" => Some(staff[i % staff.len()].as_str()),
                    _ => None,
                };
                if let Some(cookie) = cookie {
                    req = req.header(header::COOKIE, cookie);
                }
                let res = app
                    .request(req.body(Body::from(bytes)).expect("request"))
                    .await;
                calls += 1;
                assert!(
                    !res.status.is_server_error(),
                    "{function} as {role}, body {i}: {} {}",
                    res.status,
                    res.body.chars().take(300).collect::<String>()
                );
                let after = fingerprint(&app).await;
                if res.status.is_success() {
                    // Something well-formed by chance (a cart line, a read): the new state counts.
                    before = after;
                } else {
                    assert_eq!(
                        before, after,
                        "{function} as {role}, body {i}, refused with {}, changed the database",
                        res.status
                    );
                }
            }
        }
    }
    assert!(
        calls >= functions.len() * BODIES_PER_ROLE * 2,
        "{calls} calls"
    );
    assert_ledger_balances(&app).await;
    // The sessions used for fuzzing still work: nothing was corrupted on the way.
    assert_eq!(app.who(&shopper).await.as_deref(), Some("김은정"));
    let _ = StatusCode::OK;
}
