//! Sellers' admission, on both databases: a resident applies at `/sell`; an operator approves
//! (the seller, its storefront and the applicant as its manager, at once) or refuses with a
//! reason the applicant reads; bad applications, a second one while one waits, other roles and
//! an applicant who can't be a manager now are refused and change nothing.

use crate::common::*;
use http::StatusCode;
use okryu::{
    domain::{
        account::Role,
        admission::{AdmissionPage, ApplicationStatus, ApplyField, SellPage},
        form::FieldProblem,
        Won,
    },
    error::{AppError, Refusal},
};

on_both_databases!(
    an_approved_applicant_manages_the_new_seller_at_once,
    a_refused_applicant_reads_why_and_bad_applications_change_nothing,
    two_applications_sent_at_once_are_one_filed_and_one_refused
);

/// A valid application's form, with this registration number.
fn application(name: &str, registration: &str) -> String {
    form(&[
        ("name_ko", name),
        ("name_en", "Ryongsong Brewery"),
        ("kind", "factory"),
        ("city", "pyongyang"),
        ("registration", registration),
        ("contact", "0191-234-5678"),
    ])
}

/// Sends an application's form as this account.
async fn apply(app: &TestApp, cookie: &str, form: &str) -> Response {
    app.call_with("sell/apply", form, &[("cookie", cookie)])
        .await
}

async fn sell_page(app: &TestApp, cookie: &str) -> SellPage {
    let res = app.call_with("sell/page", "", &[("cookie", cookie)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("the page")
}

async fn admission(app: &TestApp, operator: &str) -> AdmissionPage {
    let res = app
        .call_with("operator/applications", "", &[("cookie", operator)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("the page")
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql)
        .fetch_one(&mut *app.db.begin().await.expect("begin"))
        .await
        .expect("a count");
    n
}

async fn an_approved_applicant_manages_the_new_seller_at_once(app: TestApp) {
    let (user, applicant) = shopper_with(&app, "0191-555-0701", Won::from_won(1_000)).await;
    let page = app.get_with("/sell", &[("cookie", &applicant)]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("data-testid=\"input-registration\""));
    let res = apply(
        &app,
        &applicant,
        &application("룡성맥주공장", "105-82-33017"),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let mine = sell_page(&app, &applicant).await;
    assert!(!mine.may_apply(), "one application waits at a time");
    assert_eq!(mine.applications.len(), 1);
    assert_eq!(mine.applications[0].status, ApplicationStatus::Pending);
    // A second one while it waits: refused, nothing filed.
    let res = apply(&app, &applicant, &application("두번째", "105-82-33018")).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert_eq!(
        error_of(&res.body),
        AppError::Refused(Refusal::ApplicationOpen)
    );
    assert_eq!(
        count(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM seller_applications WHERE name_ko = '두번째'"
        )
        .await,
        0,
        "the second is not filed"
    );
    // Not a seller yet.
    let console = app.get_with("/seller", &[("cookie", &applicant)]).await;
    assert_eq!(console.status, StatusCode::FORBIDDEN);

    let operator = app.sign_in(OPERATOR).await;
    let waiting = admission(&app, &operator).await.pending;
    let mine: Vec<_> = waiting.iter().filter(|a| a.applicant == user).collect();
    assert_eq!(mine.len(), 1);
    let id = mine[0].id;
    let page = app
        .get_with("/operator/sellers", &[("cookie", &operator)])
        .await;
    assert!(visible(&page.body).contains("룡성맥주공장"));
    let res = app
        .call_with(
            "operator/approve",
            &format!("id={id}"),
            &[("cookie", &operator)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);

    // The applicant's very next request: the seller's manager, with its console and storefront.
    let console = app.get_with("/seller", &[("cookie", &applicant)]).await;
    assert_eq!(console.status, StatusCode::OK);
    assert!(visible(&console.body).contains("룡성맥주공장"));
    let viewer = app
        .db
        .accounts()
        .viewer(user)
        .await
        .expect("query")
        .expect("the account");
    assert_eq!(viewer.role, Role::Manager);
    let mine = sell_page(&app, &applicant).await;
    let slug = mine.applications[0]
        .seller_slug
        .clone()
        .expect("its storefront");
    assert_eq!(slug, format!("ryongsong-brewery-{id}"));
    assert_eq!(mine.applications[0].status, ApplicationStatus::Approved);
    let storefront = app.get(&format!("/s/{slug}")).await;
    assert_eq!(storefront.status, StatusCode::OK);
    assert!(visible(&storefront.body).contains("룡성맥주공장"));
    let (texts,): (i64,) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM text_messages WHERE phone = $1 AND body LIKE '%/seller%'",
    )
    .bind("0191-555-0701")
    .fetch_one(&mut *app.db.begin().await.expect("begin"))
    .await
    .expect("texts");
    assert_eq!(texts, 1, "the applicant is told");
    let logged = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE subject_id = {user} \
         AND act = 'admitted' AND role = 'manager' AND seller_id IS NOT NULL"
    );
    assert_eq!(count(&app, &logged).await, 1, "in the audit log");

    // Decided once: a second approval finds nothing waiting.
    let res = app
        .call_with(
            "operator/approve",
            &format!("id={id}"),
            &[("cookie", &operator)],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(
        count(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM sellers WHERE slug LIKE 'ryongsong%'"
        )
        .await,
        1
    );
    // The registration number is the admitted seller's now.
    let (_, other) = shopper_with(&app, "0191-555-0702", Won::from_won(1_000)).await;
    let res = apply(&app, &other, &application("다른 공장", "105-82-33017")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    match error_of(&res.body) {
        AppError::Invalid(errs) => assert_eq!(
            errs.get(ApplyField::Registration),
            Some(FieldProblem::RegistrationTaken)
        ),
        other => panic!("{other:?}"),
    }
}

async fn a_refused_applicant_reads_why_and_bad_applications_change_nothing(app: TestApp) {
    let item = product_of_kumsong(&app, 10).await;
    let (user, applicant) = shopper_with(&app, "0191-555-0711", Won::from_won(50_000)).await;
    let filed = "SELECT CAST(COUNT(*) AS BIGINT) FROM seller_applications";
    let before = count(&app, filed).await;
    // Bad fields, each named; nothing filed.
    let bad = form(&[
        ("name_ko", ""),
        ("name_en", ""),
        ("kind", "bank"),
        ("city", "atlantis"),
        ("registration", "12-34"),
        ("contact", "12345"),
    ]);
    let res = apply(&app, &applicant, &bad).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let AppError::Invalid(errs) = error_of(&res.body) else {
        panic!("{}", res.body)
    };
    for (field, problem) in [
        (ApplyField::NameKo, FieldProblem::Required),
        (ApplyField::Kind, FieldProblem::Required),
        (ApplyField::Registration, FieldProblem::RegistrationFormat),
        (ApplyField::Contact, FieldProblem::PhoneFormat),
    ] {
        assert_eq!(errs.get(field), Some(problem), "{field:?}");
    }
    // A city the shop doesn't serve.
    let unknown = application("공장", "123456").replace("city=pyongyang", "city=atlantis");
    let res = apply(&app, &applicant, &unknown).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    // Only a shopper's account applies.
    for who in [COURIER, BUSINESS, SELLER] {
        let cookie = app.sign_in(who).await;
        let res = apply(&app, &cookie, &application("공장", "123456")).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{who:?}");
        assert!(!sell_page(&app, &cookie).await.may_apply());
    }
    assert_eq!(count(&app, filed).await, before, "nothing filed");

    // A hostile name, filed and refused with a reason; the applicant reads it and applies again.
    let res = apply(
        &app,
        &applicant,
        &application("<script>alert(1)</script>", "555-1234"),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let operator = app.sign_in(OPERATOR).await;
    let waiting_of = |page: AdmissionPage| {
        page.pending
            .into_iter()
            .filter(|a| a.applicant == user)
            .collect::<Vec<_>>()
    };
    let id = waiting_of(admission(&app, &operator).await)[0].id;
    let page = app
        .get_with("/operator/sellers", &[("cookie", &operator)])
        .await;
    assert!(!page.body.contains("<script>alert(1)"), "escaped");
    assert!(page.body.contains("&lt;script&gt;alert(1)"));
    let res = app
        .call_with(
            "operator/refuse",
            &format!("id={id}&reason=+"),
            &[("cookie", &operator)],
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is needed"
    );
    let shopper = app.sign_in(SHOPPER).await;
    let res = app
        .call_with(
            "operator/refuse",
            &format!("id={id}&reason=no"),
            &[("cookie", &shopper)],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let reason = "등록번호가 기업 명부에 없습니다.";
    let res = app
        .call_with(
            "operator/refuse",
            &form(&[("id", &id.to_string()), ("reason", reason)]),
            &[("cookie", &operator)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let page = app.get_with("/sell", &[("cookie", &applicant)]).await;
    assert!(visible(&page.body).contains(reason), "{}", page.body);
    let logged = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE subject_id = {user} \
         AND act = 'refused' AND reason = '{reason}'"
    );
    assert_eq!(count(&app, &logged).await, 1, "in the audit log");
    let mine = sell_page(&app, &applicant).await;
    assert_eq!(mine.applications[0].status, ApplicationStatus::Refused);
    assert!(mine.may_apply(), "a refused applicant may apply again");

    // Applying again while an order is on its way: filed, but approving it is refused and makes
    // no seller.
    bought(&app, &applicant, item).await;
    let res = apply(&app, &applicant, &application("새 공장", "555-1235")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let id = waiting_of(admission(&app, &operator).await)[0].id;
    let sellers = count(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM sellers").await;
    let res = app
        .call_with(
            "operator/approve",
            &format!("id={id}"),
            &[("cookie", &operator)],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert_eq!(
        error_of(&res.body),
        AppError::Refused(Refusal::ApplicantNotFree)
    );
    assert_eq!(
        count(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM sellers").await,
        sellers
    );
    assert_eq!(
        waiting_of(admission(&app, &operator).await).len(),
        1,
        "still waiting"
    );
}

async fn two_applications_sent_at_once_are_one_filed_and_one_refused(app: TestApp) {
    let (user, applicant) = shopper_with(&app, "0191-555-0721", Won::from_won(1_000)).await;
    let (one, two) = (
        application("첫째 공장", "105-82-40001"),
        application("둘째 공장", "105-82-40002"),
    );
    let (first, second) =
        tokio::join!(apply(&app, &applicant, &one), apply(&app, &applicant, &two));
    let mut statuses = [first.status, second.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{} / {}",
        first.body,
        second.body
    );
    let refused = if first.status == StatusCode::OK {
        second
    } else {
        first
    };
    assert_eq!(
        error_of(&refused.body),
        AppError::Refused(Refusal::ApplicationOpen)
    );
    let filed: (i64,) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM seller_applications WHERE user_id = $1",
    )
    .bind(user.get())
    .fetch_one(&mut *app.db.begin().await.expect("begin"))
    .await
    .expect("a count");
    assert_eq!(filed.0, 1);
}
