//! The operators' dashboard, on both databases: page views counted off the request path (a
//! visitor seen twice a day counts once, and once over days; robots, the health check, errors
//! and server functions are not counted), and the sales figures equal to the orders and the
//! ledger, on the page, in its JSON and in its CSV files: by day, by city, category and seller, and
//! the deliveries on time or late; the funnel from a product's page to its delivery, and the
//! searches asked most and those that found nothing (kept to so many different queries a day).
//! Days that are over are closed (their totals written once) and read back equal to the orders.

use crate::common::*;
use axum::body::Body;
use http::{Request, StatusCode};
use okryu::domain::{
    time::PyongyangTime,
    traffic::{date_of_day, Dashboard, PageKind, SearchCount, SEARCHES_KEPT_A_DAY},
    Won,
};

on_both_databases!(
    page_views_count_each_visitor_once_a_day_and_no_robots,
    the_sales_figures_are_the_orders_and_the_ledger,
    searches_and_the_funnel_from_a_product_to_its_delivery,
    closed_days_are_read_from_their_totals_and_equal_the_orders
);

const PHONE: &str = "Mozilla/5.0 (Linux; Android 13; Pyongyang 2423) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36";
const PC: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

/// A page seen from `ip` with the browser `agent` (and the session `cookie`, if any): its status.
async fn see(app: &TestApp, (ip, agent): (&str, &str), path: &str, cookie: &str) -> StatusCode {
    let mut req = Request::get(path).header("user-agent", agent);
    if !cookie.is_empty() {
        req = req.header("cookie", cookie);
    }
    let req = req.body(Body::empty()).expect("a request");
    app.request_from(ip, req).await.status
}

/// Moves the application's clock to noon of the next day in Pyongyang, so a test's "today"
/// can't end half-way through it.
fn to_noon(app: &TestApp) {
    let now = app.clock.now();
    let tomorrow = PyongyangTime::at(now).day_number() + 1;
    app.clock
        .advance(PyongyangTime::midnight_of(tomorrow) + 12 * 3600 - now);
}

async fn dashboard(app: &TestApp, operator: &str, query: &str) -> Dashboard {
    let res = app
        .get_with(
            &format!("/api/operator/dashboard?{query}"),
            &[("cookie", operator)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("the dashboard")
}

async fn page_views_count_each_visitor_once_a_day_and_no_robots(app: TestApp) {
    to_noon(&app);
    let operator = app.sign_in(OPERATOR).await;
    let shopper = app.sign_in(SHOPPER).await;
    let item = product_of_kumsong(&app, 10).await;
    let phone = ("10.1.0.1", PHONE);
    assert_eq!(see(&app, phone, "/", "").await, StatusCode::OK);
    assert_eq!(see(&app, phone, "/", "").await, StatusCode::OK);
    assert_eq!(
        see(&app, phone, &format!("/p/{item}"), "").await,
        StatusCode::OK
    );
    assert_eq!(
        see(&app, ("10.1.0.2", PC), "/search?q=x", "").await,
        StatusCode::OK
    );
    // A signed-in shopper on a PC.
    let signed_in = ("10.1.0.3", PC);
    assert_eq!(
        see(&app, signed_in, "/orders", &shopper).await,
        StatusCode::OK
    );
    // Not counted: robots and programs, the health check, a page that isn't there.
    for agent in ["curl/8.5.0", "Googlebot/2.1", ""] {
        assert_eq!(
            see(&app, ("10.1.0.4", agent), "/", "").await,
            StatusCode::OK
        );
    }
    assert_eq!(see(&app, phone, "/healthz", "").await, StatusCode::OK);
    assert_eq!(
        see(&app, phone, "/p/987654321", "").await,
        StatusCode::NOT_FOUND
    );

    let d = dashboard(&app, &operator, "").await;
    assert_eq!(d.traffic.len(), 90, "the last 90 days");
    let today = *d.traffic.last().expect("today");
    assert_eq!(
        (today.views, today.visitors, today.users),
        (5, 3, 1),
        "{today:?}"
    );
    assert_eq!(d.views(), 5);
    assert_eq!((d.phone_views, d.pc_views), (3, 2));
    let kind = |k: PageKind| d.by_kind.iter().find(|x| x.0 == k).map_or(0, |x| x.1);
    assert_eq!(
        [
            PageKind::Home,
            PageKind::Product,
            PageKind::Search,
            PageKind::Orders
        ]
        .map(kind),
        [2, 1, 1, 1]
    );
    let rows: (i64,) = sqlx::query_as(
        "SELECT CAST(SUM(views) AS BIGINT) FROM product_view_days WHERE product_id = $1",
    )
    .bind(item.get())
    .fetch_one(&mut *app.db.begin().await.expect("begin"))
    .await
    .expect("the product's views");
    assert_eq!(rows.0, 1, "the product page's view, by product");

    // The next day the phone comes back, and someone new signs in: each day counts its own,
    // the span counts the returning phone once.
    app.clock.advance(86_400);
    // (A day ends every session.)
    let (operator, shopper) = (app.sign_in(OPERATOR).await, app.sign_in(SHOPPER).await);
    assert_eq!(see(&app, phone, "/", "").await, StatusCode::OK);
    assert_eq!(
        see(&app, ("10.1.0.9", PHONE), "/cart", &shopper).await,
        StatusCode::OK
    );
    let d = dashboard(&app, &operator, "").await;
    let [yesterday, today] = [d.traffic[88], d.traffic[89]];
    assert_eq!((yesterday.views, yesterday.visitors), (5, 3));
    assert_eq!((today.views, today.visitors, today.users), (2, 2, 1));
    let span = d.uniques[0];
    assert_eq!(
        (span.days, span.visitors, span.users),
        (90, 4, 1),
        "{:?}",
        d.uniques
    );

    // A range of one day (yesterday), asked for by date; the page shows it.
    let day = date_of_day(yesterday.day);
    let d = dashboard(&app, &operator, &format!("from={day}&to={day}")).await;
    assert_eq!(d.traffic, vec![yesterday]);
    let page = app
        .get_with(
            &format!("/operator?from={day}&to={day}"),
            &[("cookie", &operator)],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&format!("data-day=\"{day}\"")),
        "{}",
        page.body
    );
    assert!(page.body.contains("data-testid=\"views-chart\""));
    let csv = app
        .get_with(
            &format!("/api/operator/dashboard-csv?from={day}&to={day}&table=traffic"),
            &[("cookie", &operator)],
        )
        .await;
    assert_eq!(csv.body, format!("day,views,visitors,users\n{day},5,3,1\n"));

    // Operators only.
    let refused = app
        .get_with("/api/operator/dashboard", &[("cookie", &shopper)])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

/// The ledger's total of one kind of transfer.
async fn transfers(app: &TestApp, kind: &str) -> Won {
    let (chon,): (i64,) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(amount_chon), 0) AS BIGINT) FROM transfers WHERE kind = $1",
    )
    .bind(kind)
    .fetch_one(&mut *app.db.begin().await.expect("begin"))
    .await
    .expect("the ledger");
    Won::from_chon(chon)
}

async fn the_sales_figures_are_the_orders_and_the_ledger(app: TestApp) {
    to_noon(&app);
    let shopper = app.sign_in(SHOPPER).await;
    let item = product_of_kumsong(&app, 10).await;
    three_orders(&app, &shopper, item).await;

    let operator = app.sign_in(OPERATOR).await;
    let d = dashboard(&app, &operator, "").await;
    let (captured, refunded) = (
        transfers(&app, "capture").await,
        transfers(&app, "refund").await,
    );
    assert!(captured > Won::ZERO && refunded > Won::ZERO);
    let (orders,): (i64,) = sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM orders")
        .fetch_one(&mut *app.db.begin().await.expect("begin"))
        .await
        .expect("orders");
    assert_eq!(d.placed(), u64::try_from(orders).expect("a count"));
    assert_eq!(d.placed(), 3);
    assert_eq!(d.delivered(), 1);
    assert_eq!((d.captured(), d.refunded()), (captured, refunded));
    let today = d.sales.last().expect("today");
    assert_eq!((today.placed, today.captured), (3, captured));

    // The page, and the CSV of the sales by day.
    let page = app.get_with("/operator", &[("cookie", &operator)]).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = visible(&page.body);
    assert!(text.contains(&captured.grouped()), "{text}");
    let csv = app
        .get_with(
            "/api/operator/dashboard-csv?table=sales",
            &[("cookie", &operator)],
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv
        .header("content-disposition")
        .is_some_and(|v| v.contains("okryu-sales-")));
    let line = format!(
        "{},3,1,{},{}",
        date_of_day(today.day),
        captured.as_decimal(),
        refunded.as_decimal()
    );
    assert!(
        csv.body.lines().any(|l| l == line),
        "{line} in {}",
        csv.body
    );
    assert_eq!(csv.body.lines().count(), 91, "a header and 90 days");

    // By city, category and seller: every order once, the goods at the prices paid.
    let (goods,): (i64,) = sqlx::query_as("SELECT CAST(SUM(goods_chon) AS BIGINT) FROM orders")
        .fetch_one(&mut *app.db.begin().await.expect("begin"))
        .await
        .expect("goods");
    let b = &d.breakdown;
    for shares in [&b.cities, &b.categories, &b.sellers] {
        assert_eq!(shares.len(), 1, "{shares:?}");
        assert_eq!(
            (shares[0].orders, shares[0].goods),
            (3, Won::from_chon(goods))
        );
    }
    let csv = app
        .get_with(
            "/api/operator/dashboard-csv?table=sellers",
            &[("cookie", &operator)],
        )
        .await;
    let seller = &b.sellers[0].name;
    assert_eq!(
        csv.body,
        format!(
            "name_ko,name_en,orders,goods_won\n\"{}\",\"{}\",3,{}\n",
            seller.ko,
            seller.en,
            Won::from_chon(goods).as_decimal()
        )
    );
    // The delivered order came within its slot; one handed over four days later is late.
    assert_eq!(
        (b.on_time.len(), b.on_time[0].on_time, b.on_time[0].late),
        (1, 1, 0)
    );
    let (late, _) = picked_up(&app, &shopper, item).await;
    app.clock.advance(4 * 86_400);
    let (shopper, courier) = (app.sign_in(SHOPPER).await, app.sign_in(COURIER).await);
    hand_over(&app, &shopper, late, &courier).await;
    let operator = app.sign_in(OPERATOR).await;
    let d = dashboard(&app, &operator, "").await;
    let city = &d.breakdown.on_time[0];
    assert_eq!(
        (city.on_time, city.late, city.late_permille()),
        (1, 1, Some(500))
    );
    let page = app.get_with("/operator", &[("cookie", &operator)]).await;
    assert!(visible(&page.body).contains("50.0 %"), "{}", page.body);
}

async fn searches_and_the_funnel_from_a_product_to_its_delivery(app: TestApp) {
    to_noon(&app);
    let shopper = app.sign_in(SHOPPER).await;
    let item = product_of_kumsong(&app, 10).await;
    let phone = ("10.2.0.1", PHONE);
    // Searches from a person's search page: the same words however spaced, one that finds
    // nothing (three times, once in capitals), a hostile one.
    for q in [
        "%ED%81%AC%EB%A6%BC%EB%B9%B5",
        "%20%20%ED%81%AC%EB%A6%BC%EB%B9%B5%20",
        "zzqx+nothing",
        "zzqx++nothing",
        "ZZQX+Nothing",
        "%3Cb%3Ebold%3C%2Fb%3E",
    ] {
        assert_eq!(
            see(&app, phone, &format!("/search?q={q}"), "").await,
            StatusCode::OK
        );
    }
    // Not counted: a list's second page, a robot's search, a server function called directly.
    let q = "%ED%81%AC%EB%A6%BC%EB%B9%B5";
    see(&app, phone, &format!("/search?q={q}&page=2"), "").await;
    see(
        &app,
        ("10.2.0.2", "Googlebot/2.1"),
        &format!("/search?q={q}"),
        "",
    )
    .await;
    let res = app
        .call_with(
            "catalog/search",
            &format!("params[q]={q}&params[in_stock]=false&params[sort]=Relevance&params[page]=1"),
            &[("user-agent", PHONE)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);

    // The funnel: the product's page seen twice, put in the cart once, the checkout seen, two
    // orders paid for and one of them delivered.
    for _ in 0..2 {
        let status = see(&app, phone, &format!("/p/{item}"), &shopper).await;
        assert_eq!(status, StatusCode::OK);
    }
    let res = app
        .call_with(
            "cart/add",
            &format!("item={item}&qty=1"),
            &[("cookie", &shopper)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let checkout = format!("/checkout?item={item}&qty=1");
    assert_eq!(see(&app, phone, &checkout, &shopper).await, StatusCode::OK);
    delivered(&app, &shopper, item).await;
    bought(&app, &shopper, item).await;

    let operator = app.sign_in(OPERATOR).await;
    let d = dashboard(&app, &operator, "").await;
    let f = d.funnel;
    assert_eq!(
        (f.viewed, f.added_to_cart, f.checkout, f.paid, f.delivered),
        (2, 1, 1, 2, 1),
        "{f:?}"
    );
    let count = |query: &str, searches, empty| SearchCount {
        query: query.to_string(),
        searches,
        empty,
    };
    assert_eq!(
        d.searches,
        vec![
            count("zzqx nothing", 3, 3),
            count("크림빵", 2, 0),
            count("<b>bold</b>", 1, 1)
        ]
    );
    assert_eq!(
        d.empty_searches,
        vec![count("zzqx nothing", 3, 3), count("<b>bold</b>", 1, 1)]
    );
    let page = app.get_with("/operator", &[("cookie", &operator)]).await;
    assert!(page.body.contains("&lt;b&gt;bold&lt;/b&gt;"), "escaped");
    assert!(!page.body.contains("<b>bold"), "never markup");
    let text = visible(&page.body);
    assert!(text.contains("50.0 %"), "the delivered share: {text}");
    let csv = |table: &str| {
        let path = format!("/api/operator/dashboard-csv?table={table}");
        let operator = operator.clone();
        let app = &app;
        async move { app.get_with(&path, &[("cookie", &operator)]).await.body }
    };
    assert_eq!(
        csv("funnel").await,
        "step,count\nproduct_view,2\ncart,1\ncheckout,1\npaid,2\ndelivered,1\n"
    );
    assert_eq!(
        csv("no-results").await,
        "query,searches,empty\n\"zzqx nothing\",3,3\n\"<b>bold</b>\",1,1\n"
    );

    // A day that keeps as many different queries as it may: a new one is not kept, one kept
    // already goes on counting.
    let day = d.range.last;
    let mut tx = app.db.begin().await.expect("begin");
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2) \
         INSERT INTO search_days (day, query, searches, empty) \
         SELECT $1, 'filler ' || CAST(i AS TEXT), 1, 0 FROM n",
    )
    .bind(day)
    .bind(i64::try_from(SEARCHES_KEPT_A_DAY).expect("a count"))
    .execute(&mut *tx)
    .await
    .expect("fillers");
    tx.commit().await.expect("commit");
    for q in ["brand+new+words", "zzqx+nothing"] {
        see(&app, phone, &format!("/search?q={q}"), "").await;
    }
    let d = dashboard(&app, &operator, "").await;
    assert_eq!(d.searches[0], count("zzqx nothing", 4, 4));
    let (kept,): (i64,) =
        sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM search_days WHERE day = $1")
            .bind(day)
            .fetch_one(&mut *app.db.begin().await.expect("begin"))
            .await
            .expect("the day's queries");
    assert_eq!(
        kept,
        i64::try_from(SEARCHES_KEPT_A_DAY).expect("a count") + 3,
        "no query added to a full day"
    );
}

async fn close_days(app: &TestApp) -> u32 {
    okryu::server::service::operator::close_days(app.services())
        .await
        .expect("the days closed")
}

async fn closed_days_are_read_from_their_totals_and_equal_the_orders(app: TestApp) {
    // Day one: an order delivered, one failed and refunded, one waiting, two picked up; one of
    // those is handed over on day two (late), the other after the days are closed.
    to_noon(&app);
    let first = PyongyangTime::at(app.clock.now()).day_number();
    let shopper = app.sign_in(SHOPPER).await;
    let item = product_of_kumsong(&app, 10).await;
    three_orders(&app, &shopper, item).await;
    let (late, _) = picked_up(&app, &shopper, item).await;
    let (later, _) = picked_up(&app, &shopper, item).await;
    app.clock.advance(86_400);
    let shopper = app.sign_in(SHOPPER).await;
    hand_over(&app, &shopper, late, &app.sign_in(COURIER).await).await;
    // Day three, today: one more order.
    app.clock.advance(86_400);
    let shopper = app.sign_in(SHOPPER).await;
    bought(&app, &shopper, item).await;
    let operator = app.sign_in(OPERATOR).await;
    let counted = dashboard(&app, &operator, "").await;
    assert_eq!((counted.placed(), counted.delivered()), (6, 2));

    // Two servers close the days at once: days one and two are closed once, today is not.
    let (a, b) = tokio::join!(close_days(&app), close_days(&app));
    assert_eq!(a + b, 2);
    assert_eq!(close_days(&app).await, 0);
    assert_eq!(dashboard(&app, &operator, "").await, counted);
    let (from, to) = (date_of_day(first), date_of_day(first + 1));
    let closed = dashboard(&app, &operator, &format!("from={from}&to={to}")).await;
    assert_eq!((closed.placed(), closed.funnel.delivered), (5, 2));

    // Handed over today, placed on a closed day: counted in today's sales, the funnel of day
    // one and the city's deliveries.
    hand_over(&app, &shopper, later, &app.sign_in(COURIER).await).await;
    let now = dashboard(&app, &operator, "").await;
    assert_eq!(now.sales.last().map(|d| d.delivered), Some(1));
    assert_eq!(now.funnel.delivered, counted.funnel.delivered + 1);
    let (was, is) = (&counted.breakdown.on_time[0], &now.breakdown.on_time[0]);
    assert_eq!(was.on_time + was.late + 1, is.on_time + is.late);
    let closed = dashboard(&app, &operator, &format!("from={from}&to={to}")).await;
    assert_eq!(closed.funnel.delivered, 3);

    // A closed day is read from its totals, not counted again from its orders.
    let mut tx = app.db.begin().await.expect("begin");
    sqlx::query("UPDATE sales_days SET placed = placed + 100 WHERE day = $1")
        .bind(first)
        .execute(&mut *tx)
        .await
        .expect("the totals");
    tx.commit().await.expect("commit");
    assert_eq!(dashboard(&app, &operator, "").await.placed(), 106);
}
