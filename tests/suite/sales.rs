//! A seller's sales figures, on both databases: money by day equal to the seller's ledger
//! (captures less refunds), the goods by product adding up to the captures, orders by day, the
//! deliveries' average time and failed share, the page's charts and the two CSV downloads.

use crate::common::*;
use http::StatusCode;
use okryu::domain::{sales::SalesReport, Won};

on_both_databases!(the_sales_figures_are_the_ledgers);

/// What the seller's ledger says of captures and refunds: (captured, refunded).
async fn ledger(app: &TestApp) -> (Won, Won) {
    let seller = seller_of_staff(app).await;
    let mut tx = app.db.begin().await.expect("begin");
    let (captured, refunded): (i64, i64) = sqlx::query_as(
        "SELECT \
             CAST(COALESCE(SUM(CASE WHEN t.kind = 'capture' THEN e.amount_chon END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN t.kind = 'refund' THEN -e.amount_chon END), 0) AS BIGINT) \
         FROM ledger_entries e JOIN transfers t ON t.id = e.transfer_id \
         JOIN bank_accounts b ON b.id = e.account_id \
         WHERE b.kind = 'seller' AND b.seller_id = $1",
    )
    .bind(seller.get())
    .fetch_one(&mut *tx)
    .await
    .expect("the ledger");
    (Won::from_chon(captured), Won::from_chon(refunded))
}

async fn report(app: &TestApp, cookie: &str, query: &str) -> SalesReport {
    let res = app
        .get_with(&format!("/api/seller/sales?{query}"), &[("cookie", cookie)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("the report")
}

async fn the_sales_figures_are_the_ledgers(app: TestApp) {
    let shopper = app.sign_in(SHOPPER).await;
    let item = product_of_kumsong(&app, 10).await;
    three_orders(&app, &shopper, item).await;

    let staff = app.sign_in(STAFF).await;
    let r = report(&app, &staff, "days=30").await;
    let (captured, refunded) = ledger(&app).await;
    assert!(
        captured > Won::ZERO && refunded > Won::ZERO,
        "{captured} {refunded}"
    );
    assert_eq!(r.captured(), captured);
    assert_eq!(r.refunded(), refunded);
    assert_eq!(r.revenue(), captured - refunded);
    assert_eq!(r.by_day.len(), 30);
    assert_eq!(r.orders(), 3, "every order placed, captured or not");
    // Two orders were picked up (captured): their goods, by product, are the captures.
    assert_eq!(r.by_product.len(), 1);
    assert_eq!(r.by_product[0].id, item);
    assert_eq!((r.by_product[0].orders, r.by_product[0].units), (2, 2));
    assert_eq!(r.by_product.iter().map(|p| p.sales).sum::<Won>(), captured);
    assert_eq!((r.deliveries.delivered, r.deliveries.failed), (1, 1));
    assert_eq!(r.deliveries.failed_permille(), Some(500));
    assert!(r.deliveries.average_secs().is_some());
    assert_eq!(report(&app, &staff, "days=90").await.by_day.len(), 90);
    assert_eq!(report(&app, &staff, "days=7").await.by_day.len(), 30);

    // The page: the figures and the charts, drawn on the server.
    let page = app.get_with("/seller/sales", &[("cookie", &staff)]).await;
    assert_eq!(page.status, StatusCode::OK);
    let net = (captured - refunded).grouped();
    assert!(visible(&page.body).contains(&net), "{net}");
    assert!(page.body.contains("data-testid=\"revenue-chart\""));
    assert!(
        page.body.contains("class=\"bar\"></rect>"),
        "a bar for today"
    );

    // The CSV downloads: one line a day, and the product with its sales.
    let csv = app
        .get_with(
            "/api/seller/sales-csv?days=30&by=day",
            &[("cookie", &staff)],
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    assert!(csv
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/csv")));
    assert!(csv
        .header("content-disposition")
        .is_some_and(|d| d.starts_with("attachment")));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines.len(), 31);
    assert_eq!(
        lines[0],
        "date,orders,captured_won,refunded_won,revenue_won"
    );
    let net_csv: Won = lines[1..]
        .iter()
        .map(|l| {
            l.rsplit(',')
                .next()
                .expect("revenue")
                .parse::<Won>()
                .expect("won")
        })
        .sum();
    assert_eq!(net_csv, captured - refunded);
    let csv = app
        .get_with(
            "/api/seller/sales-csv?days=30&by=product",
            &[("cookie", &staff)],
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with(&format!("{item},\""))
                && l.ends_with(&format!(",2,2,{}", captured.as_decimal()))),
        "{}",
        csv.body
    );

    // Only the seller's people.
    for path in ["/api/seller/sales?days=30", "/api/seller/sales-csv?days=30"] {
        let res = app.get_with(path, &[("cookie", &shopper)]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(app.get(path).await.status, StatusCode::UNAUTHORIZED);
    }
}
