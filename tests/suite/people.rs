//! People and roles, on both databases: operators find accounts, grant and revoke roles (each
//! takes effect at the person's next request), suspend an account (its sessions end at once, its
//! orders stay) and reinstate it; every act is in the audit log, written with the act, and the
//! log can't be edited.

use crate::common::*;
use http::StatusCode;
use okryu::{
    domain::{
        account::Role,
        delivery::Vehicle,
        form::FieldProblem,
        people::{AuditAct, GrantField, PeoplePage, PersonPage},
        UserId, Won,
    },
    error::{AppError, Refusal},
};

on_both_databases!(
    roles_take_effect_at_the_next_request_and_are_logged,
    a_suspended_account_is_signed_out_at_once_and_keeps_its_orders
);

async fn person(app: &TestApp, operator: &str, user: UserId) -> PersonPage {
    let res = app
        .call_with(
            "operator/person",
            &format!("id={user}"),
            &[("cookie", operator)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("the page")
}

async fn act(app: &TestApp, operator: &str, endpoint: &str, fields: &[(&str, &str)]) -> Response {
    app.call_with(endpoint, &form(fields), &[("cookie", operator)])
        .await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql)
        .fetch_one(&mut *app.db.begin().await.expect("begin"))
        .await
        .expect("a count");
    n
}

const LOGGED: &str = "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log";

async fn roles_take_effect_at_the_next_request_and_are_logged(app: TestApp) {
    let (user, cookie) = shopper_with(&app, "0191-555-0801", Won::from_won(1_000)).await;
    let id = user.to_string();
    let operator = app.sign_in(OPERATOR).await;
    let operator_id = app.user_id(OPERATOR).await;

    // Found by some digits of the number, and by a part of the name.
    let res = app
        .call_with("operator/people", "q=555-08", &[("cookie", &operator)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let page: PeoplePage = serde_json::from_str(&res.body).expect("the page");
    assert!(page
        .found
        .iter()
        .any(|p| p.id == user && p.role == Role::Shopper));
    let name = person(&app, &operator, user).await.person.name;
    let res = app
        .call_with(
            "operator/people",
            &form(&[("q", &name)]),
            &[("cookie", &operator)],
        )
        .await;
    let page: PeoplePage = serde_json::from_str(&res.body).expect("the page");
    assert!(page.found.iter().any(|p| p.id == user), "{name}");
    let page = app
        .get_with("/operator/people?q=0191-555-0801", &[("cookie", &operator)])
        .await;
    assert!(visible(&page.body).contains(&name));

    // A dispatcher of Pyongyang from their next request on.
    assert_eq!(
        app.get_with("/dispatch", &[("cookie", &cookie)])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let grant = [
        ("user", id.as_str()),
        ("role", "dispatcher"),
        ("city", "pyongyang"),
        ("reason", "평양 사무소의 새 배차원"),
    ];
    let res = act(&app, &operator, "operator/grant", &grant).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        app.get_with("/dispatch", &[("cookie", &cookie)])
            .await
            .status,
        StatusCode::OK
    );
    let page = person(&app, &operator, user).await;
    assert_eq!(page.person.role, Role::Dispatcher);
    let entry = &page.log[0];
    assert_eq!(
        (entry.act, entry.role, entry.actor, entry.subject),
        (AuditAct::Granted, Some(Role::Dispatcher), operator_id, user)
    );
    assert_eq!(
        entry.place.as_ref().map(|p| p.en.as_str()),
        Some("Pyongyang")
    );
    assert_eq!(entry.reason, "평양 사무소의 새 배차원");

    // A second role while one is held, refused and not logged.
    let logged = count(&app, LOGGED).await;
    let again = [grant[0], ("role", "operator"), grant[3]];
    let res = act(&app, &operator, "operator/grant", &again).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert_eq!(error_of(&res.body), AppError::Refused(Refusal::RoleHeld));
    assert_eq!(
        count(&app, LOGGED).await,
        logged,
        "a refused act is not logged"
    );

    // Revoked: their very next request is refused, the page and the server function alike.
    let revoke = [("user", id.as_str()), ("reason", "다른 사무소로 옮김")];
    let res = act(&app, &operator, "operator/revoke", &revoke).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        app.get_with("/dispatch", &[("cookie", &cookie)])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let res = app
        .call_with("dispatch/board", "", &[("cookie", &cookie)])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = act(&app, &operator, "operator/revoke", &revoke).await;
    assert_eq!(error_of(&res.body), AppError::Refused(Refusal::NoRole));

    // A courier with a van, on duty at Pyongyang's depot; revoked, off the board.
    let courier = [
        ("user", id.as_str()),
        ("role", "courier"),
        ("city", "pyongyang"),
        ("vehicle", "van"),
        ("reason", "화물차 배달원"),
    ];
    let res = act(&app, &operator, "operator/grant", &courier).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        app.get_with("/courier", &[("cookie", &cookie)])
            .await
            .status,
        StatusCode::OK
    );
    let p = person(&app, &operator, user).await.person;
    assert_eq!((p.role, p.vehicle), (Role::Courier, Some(Vehicle::Van)));
    let on_duty = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM couriers WHERE user_id = {user} AND on_duty = 1"
    );
    assert_eq!(count(&app, &on_duty).await, 1);
    let dispatcher = app.sign_in(DISPATCHER).await;
    let on_board = || async {
        let res = app
            .call_with("dispatch/board", "", &[("cookie", &dispatcher)])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let board: okryu::page::delivery::Board = serde_json::from_str(&res.body).expect("a board");
        board
            .cities
            .iter()
            .flat_map(|c| &c.rounds)
            .any(|r| r.courier.id == user)
    };
    assert!(on_board().await, "on Pyongyang's board");
    let res = act(&app, &operator, "operator/revoke", &revoke).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        count(&app, &on_duty).await,
        0,
        "no longer counted for the depot's slots"
    );
    assert!(!on_board().await, "off the board");
    assert_eq!(
        app.get_with("/courier", &[("cookie", &cookie)])
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // A manager of a seller named by its storefront; an unknown one is named beside its field.
    let manager = [
        ("user", id.as_str()),
        ("role", "manager"),
        ("seller", "no-such-seller"),
        ("reason", "새 관리자"),
    ];
    let res = act(&app, &operator, "operator/grant", &manager).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let AppError::Invalid(errs) = error_of(&res.body) else {
        panic!("{}", res.body)
    };
    assert_eq!(errs.get(GrantField::Seller), Some(FieldProblem::Invalid));
    let kumsong = [
        manager[0],
        manager[1],
        ("seller", "/s/kumsong-food"),
        manager[3],
    ];
    let res = act(&app, &operator, "operator/grant", &kumsong).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        app.get_with("/seller/staff", &[("cookie", &cookie)])
            .await
            .status,
        StatusCode::OK
    );
    let acts: Vec<_> = person(&app, &operator, user)
        .await
        .log
        .iter()
        .map(|e| (e.act, e.role))
        .collect();
    assert_eq!(
        acts,
        [
            (AuditAct::Granted, Some(Role::Manager)),
            (AuditAct::Revoked, Some(Role::Courier)),
            (AuditAct::Granted, Some(Role::Courier)),
            (AuditAct::Revoked, Some(Role::Dispatcher)),
            (AuditAct::Granted, Some(Role::Dispatcher)),
        ],
        "newest first"
    );
    let texts = "SELECT CAST(COUNT(*) AS BIGINT) FROM text_messages WHERE phone = '0191-555-0801'";
    assert_eq!(count(&app, texts).await, 5, "told of each");

    // A courier suspended is off duty and signed out; reinstated, back on duty.
    let (other, other_cookie) = shopper_with(&app, "0191-555-0802", Won::from_won(1_000)).await;
    let other = other.to_string();
    let bike = [
        ("user", other.as_str()),
        ("role", "courier"),
        ("city", "pyongyang"),
        ("vehicle", "motorbike"),
        ("reason", "오토바이 배달원"),
    ];
    let res = act(&app, &operator, "operator/grant", &bike).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let on_duty = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM couriers WHERE user_id = {other} AND on_duty = 1"
    );
    assert_eq!(count(&app, &on_duty).await, 1);
    let why = [("user", other.as_str()), ("reason", "사고 조사")];
    let res = act(&app, &operator, "operator/suspend", &why).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(count(&app, &on_duty).await, 0);
    assert_eq!(
        app.get_with("/courier", &[("cookie", &other_cookie)])
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let res = act(&app, &operator, "operator/reinstate", &why).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(count(&app, &on_duty).await, 1);

    // Nobody edits the log, replaces an entry or empties it: the database refuses, on both.
    let logged = count(&app, LOGGED).await;
    for sql in [
        "UPDATE audit_log SET reason = 'nothing happened'",
        "DELETE FROM audit_log",
        "INSERT OR REPLACE INTO audit_log (id, at, actor_id, subject_id, act, reason) \
         SELECT id, at, actor_id, subject_id, act, 'nothing happened' FROM audit_log",
        "INSERT INTO audit_log (id, at, actor_id, subject_id, act, reason) \
         SELECT id, at, actor_id, subject_id, act, 'nothing happened' FROM audit_log \
         ON CONFLICT (id) DO UPDATE SET reason = excluded.reason",
        "TRUNCATE audit_log",
    ] {
        let mut tx = app.db.begin().await.expect("begin");
        let changed = sqlx::query(sql).execute(&mut *tx).await;
        assert!(changed.is_err(), "{sql}");
        // Whatever the refused statement left, try to keep it.
        let _ = tx.commit().await;
    }
    assert_eq!(count(&app, LOGGED).await, logged);
    let reasons =
        "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE reason = 'nothing happened'";
    assert_eq!(count(&app, reasons).await, 0);
}

async fn a_suspended_account_is_signed_out_at_once_and_keeps_its_orders(app: TestApp) {
    let item = product_of_kumsong(&app, 10).await;
    let user = app.user_id(SHOPPER).await;
    let id = user.to_string();
    let (phone, password) = SHOPPER;
    let phone_cookie = app.sign_in(SHOPPER).await;
    let pc_cookie = app.sign_in(SHOPPER).await;
    let order = bought(&app, &phone_cookie, item).await;
    let operator = app.sign_in(OPERATOR).await;

    // With an order on its way, no role is granted.
    let res = act(
        &app,
        &operator,
        "operator/grant",
        &[("user", &id), ("role", "operator"), ("reason", "운영자")],
    )
    .await;
    assert_eq!(
        error_of(&res.body),
        AppError::Refused(Refusal::OrdersOnTheWay)
    );

    let why = [("user", id.as_str()), ("reason", "<b>사기</b> 신고")];
    let res = act(&app, &operator, "operator/suspend", &why).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // Both browsers are signed out at once.
    assert_eq!(app.who(&phone_cookie).await, None);
    assert_eq!(app.who(&pc_cookie).await, None);
    let sessions = format!("SELECT CAST(COUNT(*) AS BIGINT) FROM sessions WHERE user_id = {user}");
    assert_eq!(count(&app, &sessions).await, 0);
    // Signing in is refused (and says why to whoever knows the password only).
    let res = app
        .call(
            "account/sign-in",
            &form(&[("phone", phone), ("password", password)]),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    assert_eq!(
        error_of(&res.body),
        AppError::Refused(Refusal::AccountSuspended)
    );
    assert!(res.cookie("okryu_session").is_none());
    let res = app
        .call(
            "account/sign-in",
            &form(&[("phone", phone), ("password", "wrong-password")]),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    // The order stays as it was.
    let status = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM orders WHERE id = {order} AND status = 'placed'"
    );
    assert_eq!(count(&app, &status).await, 1);
    // Shown, escaped, on the person's page and in the log.
    let page = app
        .get_with(&format!("/operator/people/{id}"), &[("cookie", &operator)])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("data-testid=\"suspended\""));
    assert!(
        page.body.contains("&lt;b&gt;사기&lt;/b&gt; 신고"),
        "escaped"
    );
    assert!(!page.body.contains("<b>사기"));

    // Refused: twice, one's own account, an operator's act by anyone else.
    let res = act(&app, &operator, "operator/suspend", &why).await;
    assert_eq!(
        error_of(&res.body),
        AppError::Refused(Refusal::AlreadySuspended)
    );
    let own = app.user_id(OPERATOR).await.to_string();
    let res = act(
        &app,
        &operator,
        "operator/suspend",
        &[("user", &own), ("reason", "실수")],
    )
    .await;
    assert_eq!(error_of(&res.body), AppError::Refused(Refusal::OwnAccount));
    assert!(app.who(&operator).await.is_some());
    let res = act(
        &app,
        &operator,
        "operator/suspend",
        &[("user", &own), ("reason", " ")],
    )
    .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is needed"
    );

    // Reinstated: signing in works again.
    let res = act(
        &app,
        &operator,
        "operator/reinstate",
        &[("user", &id), ("reason", "조사 끝")],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let cookie = app.sign_in(SHOPPER).await;
    assert!(app.who(&cookie).await.is_some());
    let acts: Vec<_> = person(&app, &operator, user)
        .await
        .log
        .iter()
        .map(|e| (e.act, e.reason.clone()))
        .collect();
    assert_eq!(
        acts,
        [
            (AuditAct::Reinstated, "조사 끝".to_string()),
            (AuditAct::Suspended, "<b>사기</b> 신고".to_string()),
        ]
    );
}
