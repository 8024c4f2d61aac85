//! `make bench`'s heatwave: a lunch rush of food orders against one restaurant (Okryukwan), then
//! its kitchen and the motorbikes that carry the food, simulated, to see how many promises hold.
//!
//! The orders go through the application as a phone sends them (the food basket, the checkout
//! page with its promise, the pay button with the PIN), in-process, on a clock that starts at
//! Pyongyang's noon and is moved on as the rush goes: `orders` shoppers in seven districts of
//! Pyongyang, one after another over `minutes`, a handful at once. Some are told "busy" (on the
//! checkout page, or when paying). The kitchen accepts each order as it comes, at its rated pace
//! (no more than `capacity` dishes begun in any 15 minutes, first come first served, each order
//! ready when its last dish has cooked for the order's longest preparation time), and marks orders ready through its
//! own screen's calls as the clock reaches them, so the promises of later orders see the queue
//! the kitchen really has.
//!
//! Before the rush, `motorbikes` of Pyongyang's couriers are put on duty (more are enrolled when
//! the demo has fewer), and the promises count them: an order waits for the motorbikes to carry
//! the orders cooked before it.
//!
//! Then the courier run, simulated with those motorbikes: they wait at the restaurant; a free
//! rider takes the ready order promised soonest and up to two more ready ones for the same
//! district (a motorbike's hot box holds three), reaches the first door in the order's ride time
//! (the promise's: handling and road), each next one two minutes later, and rides the road back.
//! An order is on time when it reaches its door by the time it was promised.

use axum::body::Body;
use http::{Request, StatusCode};
use okryu::{
    domain::{account::PhoneNumber, delivery::Vehicle, food::RIDE_HANDLING_MIN, payment::Pin, Won},
    error::{AppError, Refusal},
    page::food::FoodCheckoutPage,
    server::{
        clock::Clock,
        db::{accounts, logistics, Db},
        demo::{self, DemoShopper},
        secret::SecretKey,
    },
};
use std::collections::BTreeMap;
use tower::ServiceExt;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Where the rush's shoppers live (the six districts within Okryukwan's 10 km), taken in turn.
const DISTRICTS: &[&str] = &[
    "pyongyang-central",
    "pyongyang-moranbong",
    "pyongyang-pothonggang",
    "pyongyang-taedonggang",
    "pyongyang-rangrang",
    "pyongyang-mangyongdae",
];
/// Shoppers who press pay at the same moment.
const AT_ONCE: usize = 5;
/// The orders one motorbike carries at a time.
const HOT_BOX: usize = 3;
/// Minutes from one door to the next in the same district.
const NEXT_DOOR_MIN: i64 = 2;
/// The demo's kitchen staff of Okryukwan.
const KITCHEN: &str = "phone=0191-100-0010&password=okryu-kitchen";

/// The rush: how many orders, over how many minutes, with how many of Pyongyang's motorbikes on
/// duty.
#[derive(Clone, Copy, Debug)]
pub struct Rush {
    pub orders: usize,
    pub minutes: u32,
    pub motorbikes: usize,
}

/// What the rush came to.
#[derive(Debug, Default)]
pub struct Outcome {
    pub accepted: usize,
    pub busy: usize,
    /// Other refusals by their reason (none are expected).
    pub refused: BTreeMap<String, usize>,
    /// The minutes the rush took on the application's clock.
    pub span_min: f64,
    /// The promise given to the first and to the last order accepted, in minutes.
    pub first_promise_min: i64,
    pub last_promise_min: i64,
    /// The accepted orders, for the courier run.
    taken: Vec<Taken>,
}

/// A courier run of the accepted orders.
#[derive(Debug)]
pub struct Run {
    pub riders: usize,
    pub on_time: usize,
    /// The latest delivery after its promise, in minutes (0 when every one was on time).
    pub worst_late_min: i64,
}

impl Run {
    /// The share of the accepted orders on time (1 when none were accepted).
    pub fn share(&self, accepted: usize) -> f64 {
        if accepted == 0 {
            1.0
        } else {
            self.on_time as f64 / accepted as f64
        }
    }
}

impl Outcome {
    /// The accepted orders carried by `riders` motorbikes.
    pub fn courier_run(&self, riders: usize) -> Run {
        let delivered = ride(&self.taken, riders);
        let mut run = Run {
            riders,
            on_time: 0,
            worst_late_min: 0,
        };
        for (t, at) in self.taken.iter().zip(&delivered) {
            if *at <= t.promised_at {
                run.on_time += 1;
            }
            run.worst_late_min = run.worst_late_min.max((at - t.promised_at + 59) / 60);
        }
        run
    }
}

/// An order the kitchen took.
#[derive(Clone, Debug)]
struct Taken {
    id: i64,
    district: usize,
    placed_at: i64,
    promised_at: i64,
    ride_min: i64,
    ready_at: i64,
}

async fn call(
    app: &axum::Router,
    endpoint: &str,
    cookie: &str,
    body: String,
) -> Result<(StatusCode, String, Option<String>), Error> {
    let req = Request::post(format!("/api/{endpoint}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .header("cookie", cookie)
        .body(Body::from(body))?;
    let res = app.clone().oneshot(req).await?;
    let status = res.status();
    let session = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_string);
    let body = axum::body::to_bytes(res.into_body(), usize::MAX).await?;
    Ok((status, String::from_utf8_lossy(&body).into_owned(), session))
}

/// Runs the rush against the application `app` (whose clock is `clock`, at Pyongyang's noon), on
/// the demo database `db`.
pub async fn run(
    app: &axum::Router,
    db: &Db,
    key: &SecretKey,
    clock: &Clock,
    rush: Rush,
) -> Result<Outcome, Error> {
    let noon = clock.now();
    let (dish, capacity) = okryukwan(db).await?;
    on_duty(db, key, noon, rush.motorbikes).await?;
    let capacity = usize::try_from(capacity.max(1))?;
    let pin = Pin::parse("1234").map_err(|_| "a PIN")?;

    // The shoppers, each with an address in one of the districts and a basket of cold noodles
    // (one to three bowls).
    let mut shoppers = Vec::with_capacity(rush.orders);
    for n in 0..rush.orders {
        let phone = PhoneNumber::parse(&format!("0191-500-{n:04}")).map_err(|_| "a phone")?;
        let who = DemoShopper {
            phone: &phone,
            pin: &pin,
            deposit: Won::from_won(20_000),
        };
        let (user, cookie) = demo::shopper(db, key, &who, noon).await?;
        let district = n % DISTRICTS.len();
        let mut tx = db.begin().await?;
        let district_id = accounts::district_id(&mut tx, DISTRICTS[district])
            .await?
            .ok_or("a district of Pyongyang")?;
        let address = accounts::insert_address(
            &mut tx,
            &accounts::NewAddress {
                user,
                district: district_id,
                line: "Heatwave 1",
                is_default: false,
            },
            noon,
        )
        .await?;
        tx.commit().await?;
        let bowls = 1 + n % 3;
        let (status, body, _) = call(
            app,
            "food/add",
            &cookie,
            format!("dish={dish}&portions={bowls}"),
        )
        .await?;
        if status != StatusCode::OK {
            return Err(format!("food/add: {status} {body}").into());
        }
        shoppers.push((cookie, address, district));
    }
    let (status, body, kitchen) = call(app, "account/sign-in", "", KITCHEN.into()).await?;
    let kitchen = kitchen.ok_or_else(|| format!("the kitchen's sign-in: {status} {body}"))?;

    let mut out = Outcome::default();
    let mut taken: Vec<Taken> = Vec::new();
    // When each dish the kitchen took began cooking, in order.
    let mut started: Vec<i64> = Vec::new();
    let mut readied = 0;
    let span = i64::from(rush.minutes) * 60;
    for (batch, group) in shoppers.chunks(AT_ONCE).enumerate() {
        let first = batch * AT_ONCE;
        let due = noon + span * i64::try_from(first)? / i64::try_from(rush.orders.max(1))?;
        let now = clock.now();
        if due > now {
            clock.advance(due - now);
        }
        // The kitchen marks ready what it has finished by now.
        let now = clock.now();
        taken.sort_by_key(|t| t.ready_at);
        while let Some(t) = taken.get(readied).filter(|t| t.ready_at <= now) {
            kitchen_call(app, &kitchen, "kitchen/ready", format!("id={}", t.id)).await?;
            readied += 1;
        }
        // Each looks at the checkout page, then pays, all at once.
        let mut pays = tokio::task::JoinSet::new();
        for (cookie, address, district) in group {
            let (status, body, _) = call(
                app,
                "food/checkout",
                cookie,
                format!("address={address}&when=asap"),
            )
            .await?;
            if status != StatusCode::OK {
                return Err(format!("food/checkout: {status} {body}").into());
            }
            let page: FoodCheckoutPage = serde_json::from_str(&body)?;
            match (&page.blocked, page.total, page.instrument) {
                (Some(Refusal::KitchenBusy), _, _) => out.busy += 1,
                (Some(other), _, _) => *out.refused.entry(format!("{other:?}")).or_default() += 1,
                (None, Some(total), Some(instrument)) => {
                    let form = format!(
                        "address={address}&when=asap&instrument={instrument}&pin=1234&key={}&total={}",
                        page.key,
                        total.as_decimal()
                    );
                    let (app, cookie, district) = (app.clone(), cookie.clone(), *district);
                    pays.spawn(async move {
                        call(&app, "food/pay", &cookie, form)
                            .await
                            .map(|r| (r, district))
                    });
                }
                _ => return Err("a checkout page with nothing to pay".into()),
            }
        }
        let placed_at = clock.now();
        for paid in pays.join_all().await {
            let ((status, body, _), district) = paid?;
            if status == StatusCode::OK {
                let id: i64 = body.trim().parse()?;
                let (promised_at, ride_min, prep_min, dishes) = food_order(db, id).await?;
                // The kitchen's rating: no more than `capacity` dishes begun in any quarter hour,
                // first come first served; the order is ready when its last dish has cooked.
                let mut last_start = placed_at;
                for _ in 0..dishes {
                    let free = started
                        .len()
                        .checked_sub(capacity)
                        .map_or(placed_at, |i| started[i] + 900);
                    last_start = placed_at.max(free);
                    started.push(last_start);
                }
                let ready_at = last_start + i64::from(prep_min) * 60;
                let prep = (ready_at - placed_at + 59) / 60;
                kitchen_call(
                    app,
                    &kitchen,
                    "kitchen/accept",
                    format!("id={id}&prep={}", prep.clamp(1, 180)),
                )
                .await?;
                taken.push(Taken {
                    id,
                    district,
                    placed_at,
                    promised_at,
                    ride_min: i64::from(ride_min),
                    ready_at,
                });
                out.accepted += 1;
            } else {
                match serde_json::from_str::<AppError>(&body) {
                    Ok(AppError::Refused(Refusal::KitchenBusy)) => out.busy += 1,
                    Ok(other) => *out.refused.entry(format!("{other:?}")).or_default() += 1,
                    Err(_) => return Err(format!("food/pay: {status} {body}").into()),
                }
            }
        }
    }
    out.span_min = (clock.now() - noon) as f64 / 60.0;
    taken.sort_by_key(|t| t.placed_at);
    if let (Some(first), Some(last)) = (taken.first(), taken.last()) {
        out.first_promise_min = (first.promised_at - first.placed_at) / 60;
        out.last_promise_min = (last.promised_at - last.placed_at) / 60;
    }
    out.taken = taken;
    Ok(out)
}

/// Puts `n` of Pyongyang's motorbikes on duty and the others off, enrolling couriers (demo
/// accounts of their own) when there are fewer.
async fn on_duty(db: &Db, key: &SecretKey, now: i64, n: usize) -> Result<(), Error> {
    let mut tx = db.begin().await?;
    let have: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM couriers c JOIN cities y ON y.id = c.city_id \
         WHERE y.slug = 'pyongyang' AND c.vehicle = 'motorbike'",
    )
    .fetch_one(&mut *tx)
    .await?;
    drop(tx);
    let pin = Pin::parse("1234").map_err(|_| "a PIN")?;
    for extra in usize::try_from(have)?..n {
        let phone = PhoneNumber::parse(&format!("0191-600-{extra:04}")).map_err(|_| "a phone")?;
        let who = DemoShopper {
            phone: &phone,
            pin: &pin,
            deposit: Won::ZERO,
        };
        let (user, _) = demo::shopper(db, key, &who, now).await?;
        let mut tx = db.begin().await?;
        logistics::add_courier(&mut tx, user, "pyongyang", Vehicle::Motorbike).await?;
        tx.commit().await?;
    }
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE couriers SET on_duty = CASE WHEN user_id IN (SELECT user_id FROM couriers \
            WHERE city_id = (SELECT id FROM cities WHERE slug = 'pyongyang') \
              AND vehicle = 'motorbike' ORDER BY user_id LIMIT $1) THEN 1 ELSE 0 END \
         WHERE city_id = (SELECT id FROM cities WHERE slug = 'pyongyang') \
           AND vehicle = 'motorbike'",
    )
    .bind(i64::try_from(n)?)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn kitchen_call(
    app: &axum::Router,
    cookie: &str,
    endpoint: &str,
    body: String,
) -> Result<(), Error> {
    let (status, answer, _) = call(app, endpoint, cookie, body).await?;
    if status != StatusCode::OK {
        return Err(format!("{endpoint}: {status} {answer}").into());
    }
    Ok(())
}

/// Okryukwan's cold noodles (the dish's id) and its kitchen's capacity per quarter hour.
async fn okryukwan(db: &Db) -> Result<(i64, u32), Error> {
    let mut tx = db.begin().await?;
    let (dish, capacity): (i64, i64) = sqlx::query_as(
        "SELECT d.id, CAST(r.capacity AS BIGINT) FROM dishes d \
         JOIN restaurants r ON r.seller_id = d.seller_id \
         JOIN sellers s ON s.id = r.seller_id \
         WHERE s.slug = 'okryukwan' AND d.name_ko = '물랭면'",
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok((dish, u32::try_from(capacity)?))
}

/// A food order's promise (UTC seconds), ride and preparation minutes and number of dishes, as
/// stored when it was paid.
async fn food_order(db: &Db, order: i64) -> Result<(i64, u32, u32, u32), Error> {
    let mut tx = db.begin().await?;
    let (promised_at, ride, prep, dishes): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT CAST(promised_at AS BIGINT), CAST(ride_min AS BIGINT), CAST(prep_min AS BIGINT), \
         CAST(dishes AS BIGINT) FROM food_orders WHERE order_id = $1",
    )
    .bind(order)
    .fetch_one(&mut *tx)
    .await?;
    Ok((
        promised_at,
        u32::try_from(ride)?,
        u32::try_from(prep)?,
        u32::try_from(dishes)?,
    ))
}

/// When each order reaches its door (UTC seconds, in `taken`'s order), carried by `riders`
/// motorbikes as the module describes.
fn ride(taken: &[Taken], riders: usize) -> Vec<i64> {
    let mut delivered = vec![i64::MAX; taken.len()];
    let mut by_ready: Vec<usize> = (0..taken.len()).collect();
    by_ready.sort_by_key(|&i| taken[i].ready_at);
    let mut free = vec![i64::MIN; riders.max(1)];
    let (mut next, mut waiting) = (0, Vec::<usize>::new());
    // Riders leave in the order of time.
    let mut clock = i64::MIN;
    while next < by_ready.len() || !waiting.is_empty() {
        let (rider, &free_at) = free
            .iter()
            .enumerate()
            .min_by_key(|(_, at)| **at)
            .unwrap_or((0, &0));
        let now = if waiting.is_empty() {
            free_at.max(taken[by_ready[next]].ready_at)
        } else {
            free_at
        }
        .max(clock);
        clock = now;
        while next < by_ready.len() && taken[by_ready[next]].ready_at <= now {
            waiting.push(by_ready[next]);
            next += 1;
        }
        waiting.sort_by_key(|&i| taken[i].promised_at);
        let Some(&lead) = waiting.first() else {
            continue;
        };
        let trip: Vec<usize> = waiting
            .iter()
            .copied()
            .filter(|&i| taken[i].district == taken[lead].district)
            .take(HOT_BOX)
            .collect();
        waiting.retain(|i| !trip.contains(i));
        let mut at = now + taken[lead].ride_min * 60;
        for (k, &i) in trip.iter().enumerate() {
            if k > 0 {
                at += NEXT_DOOR_MIN * 60;
            }
            delivered[i] = at;
        }
        free[rider] = at + (taken[lead].ride_min - i64::from(RIDE_HANDLING_MIN)).max(1) * 60;
    }
    delivered
}
