//! Standing orders: set up with the PIN, placed by the scheduler half a day before each slot as
//! ordinary orders paid under the standing authorisation, once per delivery however many
//! schedulers run, caught up after downtime (missed, never late), and every failure recorded
//! with its reason, three in a row pausing the standing order.

use crate::common::{
    assert_ledger_balances, product_of_kumsong, shopper_with, stock_of, TestApp, PIN,
};
use crate::food::at_next;
use okryu::{
    domain::{
        payment::Pin,
        quantity::Quantity,
        standing::{Cap, Every, Weekdays},
        time::PyongyangTime,
        ProductId, StandingId, UserId, Won,
    },
    error::Refusal,
    server::service::{
        auth::Session,
        checkout::payer_choices,
        standing::{self, Ran, Subscribe},
        ServiceError,
    },
};

crate::on_both_databases!(
    a_daily_standing_order_is_placed_once_half_a_day_before_each_slot,
    weekdays_skips_and_pauses_leave_their_days_out,
    a_scheduler_that_was_down_marks_missed_deliveries_and_places_the_next,
    each_failure_is_recorded_with_its_reason_and_three_in_a_row_pause,
    the_dairy_sees_tomorrows_standing_demand_per_good,
);

/// `POST /test/clock` moves the clock only where the test clock was asked for (a demo shop's
/// browser tests), an hour at a time with the scheduler running: tomorrow's milk is ordered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_test_shops_clock_moves_and_its_scheduler_runs_meanwhile() {
    use okryu::server::config::{Backend, Security};
    let request = || {
        http::Request::post("/test/clock?days=1")
            .body(axum::body::Body::empty())
            .expect("request")
    };
    let app = TestApp::spawn(Backend::Sqlite).await;
    let before = app.clock.now();
    assert_eq!(
        app.request(request()).await.status,
        http::StatusCode::NOT_FOUND
    );
    assert!(app.clock.now() - before < 60, "not moved");

    let testing = Security {
        show_outbox: true,
        clock_control: true,
        ..Security::default()
    };
    let app = TestApp::spawn_with(Backend::Sqlite, testing).await;
    at_next(&app, 0, 12, 0);
    let milk = milk(&app).await;
    let who = subscriber(&app, "0191-300-0206", Won::from_won(10_000)).await;
    subscribe(
        &app,
        &who,
        &[(milk, Quantity::ONE)],
        Every::Day,
        Won::from_won(1_000),
    )
    .await;
    let before = app.clock.now();
    let res = app.request(request()).await;
    assert_eq!(res.status, http::StatusCode::OK, "{}", res.body);
    assert_eq!(res.body, r#"{"placed":1,"failed":0,"missed":0,"errors":0}"#);
    assert!(app.clock.now() - before >= DAY);
    assert_eq!(
        orders(&app, &who).await.len(),
        1,
        "Tuesday's milk, ordered on Monday evening"
    );
}

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

async fn exec(app: &TestApp, sql: &str) {
    let mut tx = app.db.begin().await.expect("begin");
    sqlx::query(sql).execute(&mut *tx).await.expect(sql);
    tx.commit().await.expect("commit");
}

/// A good of the demo's Kumsong factory sold on a schedule (as milk is), 50 in stock.
async fn milk(app: &TestApp) -> ProductId {
    let id = product_of_kumsong(app, 50).await;
    exec(
        app,
        &format!("UPDATE products SET on_schedule = 1 WHERE id = {id}"),
    )
    .await;
    id
}

struct Subscriber {
    user: UserId,
    session: Session,
}

/// The shopper's orders, newest first (read as `/orders` reads them: the test's clock runs on
/// past any session's life).
async fn orders(app: &TestApp, who: &Subscriber) -> Vec<okryu::domain::order::OrderSummary> {
    app.db.orders().history(who.user).await.expect("orders")
}

async fn balance(app: &TestApp, who: &Subscriber) -> Won {
    app.db.bank().balance(who.user).await.expect("balance")
}

async fn subscriber(app: &TestApp, phone: &str, deposit: Won) -> Subscriber {
    let (user, _) = shopper_with(app, phone, deposit).await;
    let viewer = app
        .db
        .accounts()
        .viewer(user)
        .await
        .expect("query")
        .expect("the shopper");
    let session = Session {
        viewer,
        token_hash: "a session".into(),
        created_at: app.clock.now(),
    };
    Subscriber { user, session }
}

async fn subscribe(
    app: &TestApp,
    who: &Subscriber,
    lines: &[(ProductId, Quantity)],
    every: Every,
    cap: Won,
) -> StandingId {
    let payer = payer_choices(app.services(), &who.session, None, None)
        .await
        .expect("choices");
    let pin = Pin::parse(PIN).expect("a PIN");
    let sub = Subscribe {
        lines,
        every,
        window: 0,
        address: payer.address.expect("an address"),
        instrument: payer.instrument.expect("a card"),
        cap: Cap::new(cap).expect("a cap"),
        pin: &pin,
    };
    standing::subscribe(app.services(), &who.session, &sub)
        .await
        .expect("subscribed")
}

async fn run(app: &TestApp) -> Ran {
    standing::run_due(app.services())
        .await
        .expect("the scheduler ran")
}

fn ran(placed: u32, failed: u32, missed: u32) -> Ran {
    Ran {
        placed,
        failed,
        missed,
        errors: 0,
    }
}

/// How each delivery from `from` on was dealt with: (day, status, reason).
async fn deliveries(
    app: &TestApp,
    id: StandingId,
    from: i64,
) -> Vec<(i64, String, Option<String>)> {
    app.db
        .standing()
        .deliveries(id, from)
        .await
        .expect("deliveries")
}

fn dealt(day: i64, status: &str, reason: Option<&str>) -> (i64, String, Option<String>) {
    (day, status.into(), reason.map(str::to_string))
}

fn today(app: &TestApp) -> i64 {
    PyongyangTime::at(app.clock.now()).day_number()
}

async fn a_daily_standing_order_is_placed_once_half_a_day_before_each_slot(app: TestApp) {
    // Monday 20:00 in Pyongyang: Monday's 09–12 is over, the first delivery is Tuesday's.
    let monday = at_next(&app, 0, 20, 0);
    let milk = milk(&app).await;
    let who = subscriber(&app, "0191-300-0201", Won::from_won(10_000)).await;
    let id = subscribe(
        &app,
        &who,
        &[(milk, Quantity::new(2).expect("2"))],
        Every::Day,
        Won::from_won(1_000),
    )
    .await;
    let before = balance(&app, &who).await;
    // Tuesday 09:00 is placed from Monday 21:00: not yet.
    assert_eq!(run(&app).await, Ran::default());
    assert!(orders(&app, &who).await.is_empty());
    app.clock.advance(HOUR);
    assert_eq!(run(&app).await, ran(1, 0, 0));
    let placed = orders(&app, &who).await;
    assert_eq!(placed.len(), 1, "Tuesday's milk ordered");
    assert_eq!(placed[0].slot.day, monday + 1);
    assert_eq!(placed[0].slot.window, 0);
    assert_eq!(stock_of(&app, milk).await, 48);
    let paid = before - balance(&app, &who).await;
    assert_eq!(paid, placed[0].total, "held from the card without a PIN");
    // Again: nothing more.
    assert_eq!(run(&app).await, Ran::default());
    assert_eq!(orders(&app, &who).await.len(), 1);

    // Tuesday 21:00, two servers' schedulers at once: Wednesday's milk is placed once.
    app.clock.advance(DAY);
    let (a, b) = tokio::join!(
        standing::run_due(app.services()),
        standing::run_due(app.services())
    );
    let (a, b) = (a.expect("one ran"), b.expect("the other ran"));
    assert_eq!(
        (a.placed + b.placed, a.errors + b.errors),
        (1, 0),
        "{a:?} {b:?}"
    );
    let placed = orders(&app, &who).await;
    assert_eq!(placed.len(), 2);
    assert_eq!(stock_of(&app, milk).await, 46);
    assert_eq!(
        deliveries(&app, id, monday).await,
        vec![
            dealt(monday + 1, "placed", None),
            dealt(monday + 2, "placed", None)
        ]
    );
    assert_ledger_balances(&app).await;
}

async fn weekdays_skips_and_pauses_leave_their_days_out(app: TestApp) {
    let monday = at_next(&app, 0, 20, 0);
    let milk = milk(&app).await;
    let who = subscriber(&app, "0191-300-0202", Won::from_won(10_000)).await;
    let mon_wed_fri = Every::Weekdays(Weekdays::of(&[0, 2, 4]).expect("weekdays"));
    let id = subscribe(
        &app,
        &who,
        &[(milk, Quantity::ONE)],
        mon_wed_fri,
        Won::from_won(1_000),
    )
    .await;
    // Wednesday's is skipped; skipping it again, or a Tuesday, is refused.
    standing::skip(app.services(), who.user, id, monday + 2)
        .await
        .expect("skipped");
    assert!(matches!(
        standing::skip(app.services(), who.user, id, monday + 2).await,
        Err(ServiceError::Refused(Refusal::DeliveryDealt))
    ));
    assert!(matches!(
        standing::skip(app.services(), who.user, id, monday + 1).await,
        Err(ServiceError::Invalid(_))
    ));
    // Not someone else's.
    let other = subscriber(&app, "0191-300-0203", Won::from_won(10)).await;
    assert!(matches!(
        standing::skip(app.services(), other.user, id, monday + 4).await,
        Err(ServiceError::NotFound)
    ));
    // Tuesday 21:00: Wednesday was skipped, nothing is placed.
    app.clock.advance(DAY + HOUR);
    assert_eq!(run(&app).await, Ran::default());
    // Thursday 21:00: Friday's.
    app.clock.advance(2 * DAY);
    assert_eq!(run(&app).await, ran(1, 0, 0));
    // Paused until the Wednesday after: Monday's is not placed on Sunday evening.
    standing::pause(app.services(), who.user, id, Some(monday + 9))
        .await
        .expect("paused");
    app.clock.advance(3 * DAY);
    assert_eq!(today(&app), monday + 6);
    assert_eq!(run(&app).await, Ran::default());
    // Tuesday evening: Wednesday's is.
    app.clock.advance(2 * DAY);
    assert_eq!(run(&app).await, ran(1, 0, 0));
    assert_eq!(
        deliveries(&app, id, monday).await,
        vec![
            dealt(monday + 2, "skipped", None),
            dealt(monday + 4, "placed", None),
            dealt(monday + 9, "placed", None)
        ]
    );
    assert_eq!(orders(&app, &who).await.len(), 2);
    // Cancelled: its authorisation is revoked and nothing more is placed.
    standing::cancel(app.services(), who.user, id)
        .await
        .expect("cancelled");
    app.clock.advance(2 * DAY);
    assert_eq!(run(&app).await, Ran::default());
    assert_eq!(orders(&app, &who).await.len(), 2);
}

async fn a_scheduler_that_was_down_marks_missed_deliveries_and_places_the_next(app: TestApp) {
    let monday = at_next(&app, 0, 20, 0);
    let milk = milk(&app).await;
    let who = subscriber(&app, "0191-300-0204", Won::from_won(10_000)).await;
    let id = subscribe(
        &app,
        &who,
        &[(milk, Quantity::ONE)],
        Every::Day,
        Won::from_won(1_000),
    )
    .await;
    // Down until Thursday 22:00: Tuesday's, Wednesday's and Thursday's slots have closed, they
    // are missed (never placed late); Friday's is placed.
    app.clock.advance(3 * DAY + 2 * HOUR);
    assert_eq!(run(&app).await, ran(1, 0, 3));
    assert_eq!(
        deliveries(&app, id, monday).await,
        vec![
            dealt(monday + 1, "missed", None),
            dealt(monday + 2, "missed", None),
            dealt(monday + 3, "missed", None),
            dealt(monday + 4, "placed", None)
        ]
    );
    let placed = orders(&app, &who).await;
    assert_eq!(placed.len(), 1);
    assert_eq!(placed[0].slot.day, monday + 4);
    // Missed deliveries are not the shopper's failures: it is not paused.
    let (failures, paused, _) = app
        .db
        .standing()
        .state(id)
        .await
        .expect("state")
        .expect("it");
    assert_eq!((failures, paused), (0, false));
    assert_eq!(run(&app).await, Ran::default());
}

async fn each_failure_is_recorded_with_its_reason_and_three_in_a_row_pause(app: TestApp) {
    let monday = at_next(&app, 0, 21, 0);
    let milk = milk(&app).await;
    let price: i64 = 10_000; // 100 won
    exec(
        &app,
        &format!("UPDATE products SET price_chon = {price} WHERE id = {milk}"),
    )
    .await;
    let who = subscriber(&app, "0191-300-0205", Won::from_won(250)).await;
    let id = subscribe(
        &app,
        &who,
        &[(milk, Quantity::ONE)],
        Every::Day,
        Won::from_won(300),
    )
    .await;
    let day = |n: i64| monday + n;
    let next_day = || async { app.clock.advance(DAY) };

    // Tuesday's: out of stock. Nothing taken, nothing placed.
    exec(
        &app,
        &format!("UPDATE products SET stock = 0 WHERE id = {milk}"),
    )
    .await;
    let before = balance(&app, &who).await;
    assert_eq!(run(&app).await, ran(0, 1, 0));
    assert_eq!(balance(&app, &who).await, before);
    exec(
        &app,
        &format!("UPDATE products SET stock = 50 WHERE id = {milk}"),
    )
    .await;
    // Wednesday's: the price went above the cap.
    next_day().await;
    exec(
        &app,
        &format!("UPDATE products SET price_chon = 40000 WHERE id = {milk}"),
    )
    .await;
    assert_eq!(run(&app).await, ran(0, 1, 0));
    exec(
        &app,
        &format!("UPDATE products SET price_chon = {price} WHERE id = {milk}"),
    )
    .await;
    // Thursday's is placed: the failures in a row start again.
    next_day().await;
    assert_eq!(run(&app).await, ran(1, 0, 0));
    assert_eq!(stock_of(&app, milk).await, 49);
    // Friday's: the seller is closed that day.
    next_day().await;
    exec(
        &app,
        &format!(
            "INSERT INTO seller_closed_days (seller_id, day) \
             SELECT seller_id, {} FROM products WHERE id = {milk}",
            day(4)
        ),
    )
    .await;
    assert_eq!(run(&app).await, ran(0, 1, 0));
    // Saturday's: no courier of the city on duty, the slot has no room.
    next_day().await;
    exec(&app, "UPDATE couriers SET on_duty = 0").await;
    assert_eq!(run(&app).await, ran(0, 1, 0));
    exec(&app, "UPDATE couriers SET on_duty = 1").await;
    let (failures, paused, _) = app
        .db
        .standing()
        .state(id)
        .await
        .expect("state")
        .expect("it");
    assert_eq!(
        (failures, paused),
        (2, false),
        "the placed one ended the first run of failures"
    );
    // Sunday's: the price went up to a won more than the balance (within the cap): short.
    // Three in a row: paused.
    next_day().await;
    let left = balance(&app, &who).await + Won::from_won(1);
    exec(
        &app,
        &format!(
            "UPDATE products SET price_chon = {} WHERE id = {milk}",
            left.to_chon().expect("chon")
        ),
    )
    .await;
    assert_eq!(run(&app).await, ran(0, 1, 0));
    let (failures, paused, _) = app
        .db
        .standing()
        .state(id)
        .await
        .expect("state")
        .expect("it");
    assert_eq!((failures, paused), (3, true));
    exec(
        &app,
        &format!("UPDATE products SET price_chon = {price} WHERE id = {milk}"),
    )
    .await;
    // Paused: Monday's is not even tried.
    next_day().await;
    assert_eq!(run(&app).await, Ran::default());
    // Resumed on Sunday evening: Monday's is tried.
    standing::pause(app.services(), who.user, id, None)
        .await
        .expect("resumed");
    // The product is no longer sold: not_sold.
    exec(
        &app,
        &format!("UPDATE products SET hidden_at = 1 WHERE id = {milk}"),
    )
    .await;
    assert_eq!(run(&app).await, ran(0, 1, 0));
    exec(
        &app,
        &format!("UPDATE products SET hidden_at = NULL WHERE id = {milk}"),
    )
    .await;
    // The card was removed: card_gone.
    next_day().await;
    exec(
        &app,
        &format!(
            "UPDATE instruments SET removed_at = 1 WHERE user_id = {}",
            who.user
        ),
    )
    .await;
    assert_eq!(run(&app).await, ran(0, 1, 0));
    assert_eq!(
        deliveries(&app, id, monday).await,
        vec![
            dealt(day(1), "failed", Some("out_of_stock")),
            dealt(day(2), "failed", Some("above_cap")),
            dealt(day(3), "placed", None),
            dealt(day(4), "failed", Some("seller_closed")),
            dealt(day(5), "failed", Some("slot_full")),
            dealt(day(6), "failed", Some("balance_short")),
            dealt(day(7), "failed", Some("not_sold")),
            dealt(day(8), "failed", Some("card_gone")),
        ]
    );
    assert_eq!(orders(&app, &who).await.len(), 1);
    assert_ledger_balances(&app).await;
}

async fn the_dairy_sees_tomorrows_standing_demand_per_good(app: TestApp) {
    let monday = at_next(&app, 0, 12, 0);
    let milk = milk(&app).await;
    let one = subscriber(&app, "0191-300-0207", Won::from_won(10_000)).await;
    subscribe(
        &app,
        &one,
        &[(milk, Quantity::new(2).expect("2"))],
        Every::Day,
        Won::from_won(1_000),
    )
    .await;
    // Not on Tuesdays.
    let two = subscriber(&app, "0191-300-0208", Won::from_won(10_000)).await;
    let mon_wed_fri = Every::Weekdays(Weekdays::of(&[0, 2, 4]).expect("weekdays"));
    subscribe(
        &app,
        &two,
        &[(milk, Quantity::ONE)],
        mon_wed_fri,
        Won::from_won(1_000),
    )
    .await;
    // Tuesday's skipped.
    let three = subscriber(&app, "0191-300-0209", Won::from_won(10_000)).await;
    let id = subscribe(
        &app,
        &three,
        &[(milk, Quantity::new(3).expect("3"))],
        Every::Day,
        Won::from_won(1_000),
    )
    .await;
    standing::skip(app.services(), three.user, id, monday + 1)
        .await
        .expect("skipped");
    let seller = app.sign_in(crate::common::SELLER).await;
    let res = app
        .call_with("seller/console", "", &[("cookie", &seller)])
        .await;
    assert_eq!(res.status, http::StatusCode::OK, "{}", res.body);
    let console: okryu::page::seller::StockList =
        serde_json::from_str(&res.body).expect("a console");
    let demand: Vec<(ProductId, u32, u32)> = console
        .tomorrow
        .iter()
        .map(|d| (d.id, d.units, d.orders))
        .collect();
    assert_eq!(demand, vec![(milk, 2, 1)]);
    // The page shows it.
    let page = app.get_with("/seller", &[("cookie", &seller)]).await;
    assert!(page.body.contains(r#"data-testid="standing-demand""#));
}
