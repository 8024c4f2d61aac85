//! Bulk price and stock updates from a CSV file, on both databases: the console's download reads
//! back as no change; a file's preview shows every change and every bad line; a file with a bad
//! line changes nothing; a good one changes prices (into their history) and stock in one go, and
//! only once; staff's price changes are refused line by line while their stock changes go
//! through; a file that can't be read is refused whole with the reason and nothing is kept; and a
//! browser's plain form goes on to the preview.

use crate::common::*;
use http::StatusCode;
use okryu::{
    domain::{bulk::LineProblem, form::FieldProblem, BulkId, ProductId, Won},
    error::{AppError, Refusal},
    page::seller::{BulkPage, ConsoleItem, StockList},
};

on_both_databases!(
    a_file_of_prices_and_stock_is_previewed_then_applied_once,
    staff_prices_and_unreadable_files_change_nothing,
);

const UPLOAD: &str = "/api/seller/bulk-upload";

async fn upload(app: &TestApp, cookie: &str, name: &str, csv: &[u8]) -> Response {
    let body = file_body(&[], ("file", name, csv));
    app.request(upload_to(UPLOAD, body, &[("cookie", cookie)]))
        .await
}

async fn uploaded(app: &TestApp, cookie: &str, csv: &str) -> BulkId {
    let res = upload(app, cookie, "goods.csv", csv.as_bytes()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("the file's id")
}

async fn preview(app: &TestApp, cookie: &str, id: BulkId) -> BulkPage {
    let res = app
        .get_with(
            &format!("/api/seller/bulk?file={id}"),
            &[("cookie", cookie)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("the page")
}

async fn apply(app: &TestApp, cookie: &str, id: BulkId) -> Response {
    app.call_with(
        "seller/bulk-apply",
        &format!("file={id}"),
        &[("cookie", cookie)],
    )
    .await
}

async fn goods(app: &TestApp, cookie: &str) -> Vec<ConsoleItem> {
    let res = app
        .call_with("seller/console", "", &[("cookie", cookie)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str::<StockList>(&res.body)
        .expect("the console")
        .items
}

async fn count(app: &TestApp, sql: &str, product: Option<ProductId>) -> i64 {
    let mut tx = app.db.begin().await.expect("begin");
    let mut q = sqlx::query_scalar::<_, i64>(sql);
    if let Some(p) = product {
        q = q.bind(p.get());
    }
    q.fetch_one(&mut *tx).await.expect("a count")
}

const HISTORY: &str = "SELECT CAST(COUNT(*) AS BIGINT) FROM price_changes WHERE product_id = $1";

fn problems(page: &BulkPage) -> Vec<(u32, LineProblem)> {
    let file = page.file.as_ref().expect("the file");
    file.comparison
        .lines
        .iter()
        .filter_map(|l| Some((l.line, l.problem?)))
        .collect()
}

fn refusal(res: &Response) -> Refusal {
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    match error_of(&res.body) {
        AppError::Refused(r) => r,
        other => panic!("{other:?}"),
    }
}

async fn a_file_of_prices_and_stock_is_previewed_then_applied_once(app: TestApp) {
    let manager = app.sign_in(SELLER).await;
    let items = goods(&app, &manager).await;
    let (a, b) = (&items[0], &items[1]);

    // The download, uploaded as it is, changes nothing.
    let sheet = app
        .get_with("/api/seller/bulk-csv", &[("cookie", &manager)])
        .await;
    assert_eq!(sheet.status, StatusCode::OK);
    assert!(sheet.body.starts_with("id,name_ko,name_en,price,stock\r\n"));
    assert!(sheet
        .header("content-disposition")
        .is_some_and(|d| d.contains("attachment")));
    let same = uploaded(&app, &manager, &sheet.body).await;
    let page = preview(&app, &manager, same).await;
    let file = page.file.expect("the file");
    assert!(file.comparison.lines.is_empty(), "{:?}", file.comparison);
    assert_eq!(file.comparison.unchanged as usize, items.len());

    // A price, a stock and another seller's product: shown line by line, and nothing applied.
    let theirs = not_kumsongs(&app).await.id;
    let price = a.price + Won::from_won(100);
    let stock = b.stock + 7;
    let good = format!(
        "id,price,stock\n{},\"{}\",\n{},,{stock}\n",
        a.id,
        price.grouped(),
        b.id
    );
    let bad = uploaded(&app, &manager, &format!("{good}{theirs},100,1\n")).await;
    let page = preview(&app, &manager, bad).await;
    assert!(page.manager);
    assert_eq!(problems(&page), [(4, LineProblem::NotYours)]);
    let lines = &page.file.as_ref().expect("the file").comparison.lines;
    assert_eq!(lines[0].price, Some((a.price, price)));
    assert_eq!(lines[1].stock, Some((b.stock, stock)));
    let history = count(&app, HISTORY, Some(a.id)).await;
    assert_eq!(
        refusal(&apply(&app, &manager, bad).await),
        Refusal::BulkProblems
    );
    assert_eq!(goods(&app, &manager).await, items, "nothing changed");

    // The good lines alone: both changes at once, the price into its history; and only once.
    let ok = uploaded(&app, &manager, &good).await;
    let res = apply(&app, &manager, ok).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body, "2");
    let now = goods(&app, &manager).await;
    let find = |id: ProductId| now.iter().find(|i| i.id == id).expect("still listed");
    assert_eq!(find(a.id).price, price);
    assert_eq!(find(b.id).stock, stock);
    assert_eq!(find(a.id).stock, a.stock);
    assert_eq!(count(&app, HISTORY, Some(a.id)).await, history + 1);
    assert_eq!(
        refusal(&apply(&app, &manager, ok).await),
        Refusal::BulkApplied
    );
    assert!(
        preview(&app, &manager, ok)
            .await
            .file
            .expect("file")
            .applied
    );
    assert_eq!(count(&app, HISTORY, Some(a.id)).await, history + 1);
}

async fn staff_prices_and_unreadable_files_change_nothing(app: TestApp) {
    let staff = app.sign_in(STAFF).await;
    let items = goods(&app, &staff).await;
    let a = &items[0];

    // Staff change stock, not prices.
    let csv = format!(
        "id,price,stock\n{},{},{}\n",
        a.id,
        (a.price + Won::from_won(1)).as_decimal(),
        a.stock + 1
    );
    let id = uploaded(&app, &staff, &csv).await;
    let page = preview(&app, &staff, id).await;
    assert!(!page.manager);
    assert_eq!(problems(&page), [(2, LineProblem::ManagersOnly)]);
    assert_eq!(
        refusal(&apply(&app, &staff, id).await),
        Refusal::BulkProblems
    );
    assert_eq!(goods(&app, &staff).await, items);
    let id = uploaded(
        &app,
        &staff,
        &format!("id,stock\n{},{}\n", a.id, a.stock + 1),
    )
    .await;
    assert_eq!(apply(&app, &staff, id).await.status, StatusCode::OK);
    assert_eq!(goods(&app, &staff).await[0].stock, a.stock + 1);

    // A file that can't be read: refused beside the field, and not kept.
    let kept = count(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM bulk_updates",
        None,
    )
    .await;
    let big = vec![b'1'; okryu::domain::bulk::MAX_BULK_BYTES + 1];
    let cases: Vec<(&str, &[u8], FieldProblem)> = vec![
        (
            "euc-kr.csv",
            b"id,stock\n1,\xB0\xA1\n",
            FieldProblem::BulkNotText,
        ),
        ("names.csv", b"name,stock\nx,1\n", FieldProblem::BulkHeader),
        ("open.csv", b"id,stock\n\"1,2\n", FieldProblem::BulkBroken),
        ("big.csv", &big, FieldProblem::BulkTooLarge),
        ("", b"", FieldProblem::Required),
    ];
    for (name, bytes, problem) in cases {
        let res = upload(&app, &staff, name, bytes).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        match error_of(&res.body) {
            AppError::Invalid(fields) => assert_eq!(fields.named("file"), Some(problem), "{name}"),
            other => panic!("{name}: {other:?}"),
        }
    }
    let now = count(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM bulk_updates",
        None,
    )
    .await;
    assert_eq!(now, kept, "nothing kept");

    // From a browser's plain form: on to the preview, which shows the change in words.
    let body = file_body(
        &[],
        (
            "file",
            "goods.csv",
            format!("id,stock\n{},0\n", a.id).as_bytes(),
        ),
    );
    let mut req = upload_to(UPLOAD, body, &[("cookie", &staff)]);
    crate::common::from_page(&mut req, "/seller/bulk");
    let res = app.request(req).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let to = res.header("location").expect("a location").to_string();
    assert!(to.starts_with("/seller/bulk?file="), "{to}");
    let page = app.get_with(&to, &[("cookie", &staff)]).await;
    assert_eq!(page.status, StatusCode::OK);
    // The words a reader sees, without the markup between them.
    let mut text = String::new();
    for part in visible(&page.body).split('<') {
        text.push_str(part.split_once('>').map_or(part, |(_, words)| words));
    }
    assert!(text.contains(&a.name.ko), "{text}");
    assert!(text.contains(&format!("{} → 0", a.stock + 1)), "{text}");
    assert!(page.body.contains("data-testid=\"bulk-apply\""));
}
