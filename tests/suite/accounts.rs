//! Accounts and the security baseline, on both databases: sign-up rules, sessions (rotation,
//! expiry, sign-out everywhere), rate limits, pages checking the role, CSRF refusal, the network
//! allow-list and the profile. (The role matrix over every server function is `access.rs`.)

use crate::common::{code_in, form, TestApp, BUSINESS, OPERATOR, SELLER, SHOPPER};
use axum::body::Body;
use http::{Request, StatusCode};
use okryu::{
    api::{
        account::{AddressField, PasswordField, SignUpField},
        seller::{PriceField, StockField},
    },
    domain::{
        account::{PhoneNumber, ResidentId},
        form::{FieldProblem, InvalidFields},
        ProductId,
    },
    error::AppError,
    server::config::{Backend, Security},
};

on_both_databases!(
    signing_up_opens_an_account_signs_it_in_and_hashes_with_argon2id,
    sign_up_problems_come_back_beside_their_fields_and_change_nothing,
    sign_up_reveals_no_account_to_who_does_not_hold_the_phone,
    sign_in_errors_never_reveal_whether_the_account_exists,
    the_session_id_is_rotated_at_sign_in,
    sessions_end_when_idle_and_at_their_absolute_limit,
    signing_out_ends_the_session_and_everywhere_ends_them_all,
    sign_in_is_rate_limited_per_account_and_per_client,
    sign_up_is_rate_limited_per_client,
    sign_ups_sent_together_all_open_their_accounts,
    pages_check_the_role_on_the_server,
    mutating_requests_from_another_origin_are_refused,
    the_profile_keeps_addresses_with_one_default,
    changing_the_password_needs_the_old_one_and_ends_other_sessions,
    seller_staff_set_the_stock_of_their_own_goods_only,
    a_price_set_by_seller_staff_shows_and_enters_the_history_once,
    a_good_the_seller_stops_selling_leaves_lists_and_comparisons_and_cant_be_bought,
    a_signed_in_shopper_sees_prices_delivered_to_the_default_address,
);

/// A resident registration number that passes the rules: `YYMMDD-S` + `serial` + check digit.
fn resident(first12: &str) -> String {
    let d: Vec<u32> = first12.bytes().map(|b| u32::from(b - b'0')).collect();
    let c = ResidentId::check_digit(&d).expect("twelve digits");
    format!("{}-{}{c}", &first12[..6], &first12[6..])
}

/// A code no text message carried.
const NO_CODE: &str = "000000";

fn signup_form(phone: &str, code: &str, resident_id: &str, password: &str) -> String {
    form(&[
        ("name", "조은별"),
        ("phone", phone),
        ("code", code),
        ("resident_id", resident_id),
        ("password", password),
        ("district", "pyongyang-moranbong"),
        ("line", "모란봉거리 7, 2동 4호"),
    ])
}

fn error_of(body: &str) -> AppError {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

fn field_errors(body: &str) -> InvalidFields {
    match error_of(body) {
        AppError::Invalid(errs) => errs,
        other => panic!("expected field errors, got {other:?}"),
    }
}

async fn signing_up_opens_an_account_signs_it_in_and_hashes_with_argon2id(app: TestApp) {
    let code = app.sign_up_code("0191-555-0101").await.expect("a code");
    let res = app
        .call(
            "account/sign-up",
            &signup_form(
                "+850 191 555 0101",
                &code,
                &resident("920304212345"),
                "moranbong hill 7",
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let set_cookie = res
        .headers
        .get_all(http::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("okryu_session="))
        .expect("a session cookie")
        .to_string();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(!set_cookie.contains("Secure"), "not configured for HTTPS");
    let cookie = res.cookie("okryu_session").expect("session");
    assert_eq!(app.who(&cookie).await.as_deref(), Some("조은별"));

    // The phone number is kept in its national form; the password only as an argon2id hash.
    let phone = PhoneNumber::parse("0191-555-0101").expect("valid");
    let (id, hash, _) = app
        .db
        .accounts()
        .credentials(&phone)
        .await
        .unwrap()
        .expect("the account exists");
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert!(!hash.contains("moranbong"));
    let addresses = app.db.accounts().addresses(id).await.unwrap();
    assert_eq!(addresses.len(), 1);
    assert!(addresses[0].is_default);
    assert_eq!(addresses[0].district.slug, "pyongyang-moranbong");

    // The account page shows it.
    let page = app.get_with("/account", &[("cookie", &cookie)]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("0191-555-0101"));
    assert!(page.body.contains("모란봉거리 7"));

    // Behind HTTPS the cookie is Secure and takes the __Host- prefix (this host only, no domain).
    let https = TestApp::spawn_with(
        app.db.backend(),
        Security {
            secure_cookies: true,
            ..Security::default()
        },
    )
    .await;
    let res = https
        .call(
            "account/sign-in",
            &form(&[("phone", SHOPPER.0), ("password", SHOPPER.1)]),
        )
        .await;
    let set: Vec<&str> = res
        .headers
        .get_all(http::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let session = set
        .iter()
        .find(|v| v.starts_with("__Host-okryu_session="))
        .unwrap_or_else(|| panic!("a __Host- session cookie: {set:?}"));
    assert!(
        session.contains("Secure") && session.contains("Path=/"),
        "{session}"
    );
    assert!(!session.contains("Domain"), "{session}");
    assert!(
        !set.iter().any(|v| v.starts_with("okryu_session=")),
        "{set:?}"
    );
    // And only that cookie signs in there.
    let cookie = res.cookie("__Host-okryu_session").expect("session");
    assert_eq!(https.who(&cookie).await.as_deref(), Some("김은정"));
    let plain = cookie.replacen("__Host-", "", 1);
    assert_eq!(https.who(&plain).await, None);
}

async fn sign_up_problems_come_back_beside_their_fields_and_change_nothing(app: TestApp) {
    let cases: &[(String, SignUpField, FieldProblem)] = &[
        (
            signup_form(
                "+82 10 1234 5678",
                NO_CODE,
                &resident("920304212345"),
                "long enough pw",
            ),
            SignUpField::Phone,
            FieldProblem::PhoneForeign,
        ),
        (
            signup_form(
                "010-1234-5678",
                NO_CODE,
                &resident("920304212345"),
                "long enough pw",
            ),
            SignUpField::Phone,
            FieldProblem::PhoneFormat,
        ),
        (
            signup_form(
                "0191-555-0102",
                NO_CODE,
                &resident("920304612345"),
                "long enough pw",
            ),
            SignUpField::ResidentId,
            FieldProblem::ResidentForeign,
        ),
        (
            signup_form("0191-555-0102", NO_CODE, "920304-2123450", "long enough pw"),
            SignUpField::ResidentId,
            FieldProblem::ResidentCheck,
        ),
        (
            signup_form("0191-555-0102", NO_CODE, &resident("920304212345"), "short"),
            SignUpField::Password,
            FieldProblem::PasswordShort,
        ),
        (
            signup_form(
                "0191-555-0102",
                NO_CODE,
                &resident("920304212345"),
                "01915550102",
            ),
            SignUpField::Password,
            FieldProblem::PasswordIsPhone,
        ),
    ];
    for (body, field, problem) in cases {
        let res = app.call("account/sign-up", body).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            res.body
        );
        assert_eq!(
            field_errors(&res.body).get(*field),
            Some(*problem),
            "{body}"
        );
        assert_eq!(res.cookie("okryu_session"), None);
    }
    // A browser asks for compressed answers: the status is still the error's own.
    let res = app
        .call_with(
            "account/sign-up",
            &cases[0].0,
            &[("accept-encoding", "br, gzip")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Every problem at once, each beside its field.
    let res = app
        .call(
            "account/sign-up",
            &form(&[
                ("name", ""),
                ("phone", "+86 139 1234 5678"),
                ("resident_id", "12"),
                ("password", "x"),
                ("district", "atlantis"),
                ("line", "x"),
            ]),
        )
        .await;
    let errs = field_errors(&res.body);
    assert_eq!(errs.get(SignUpField::Name), Some(FieldProblem::Required));
    assert_eq!(
        errs.get(SignUpField::Phone),
        Some(FieldProblem::PhoneForeign)
    );
    assert_eq!(
        errs.get(SignUpField::ResidentId),
        Some(FieldProblem::ResidentFormat)
    );
    assert_eq!(
        errs.get(SignUpField::Password),
        Some(FieldProblem::PasswordShort)
    );
    assert_eq!(
        errs.get(SignUpField::Address),
        Some(FieldProblem::AddressShort)
    );
    // An unknown district is only found out once everything else is right, the code included;
    // it changes nothing, and the code still works.
    let code = app.sign_up_code("0191-555-0102").await.expect("a code");
    let res = app
        .call(
            "account/sign-up",
            &form(&[
                ("name", "조은별"),
                ("phone", "0191-555-0102"),
                ("code", &code),
                ("resident_id", &resident("920304212345")),
                ("password", "long enough pw"),
                ("district", "atlantis"),
                ("line", "어딘가 1"),
            ]),
        )
        .await;
    assert_eq!(
        field_errors(&res.body).get(SignUpField::District),
        Some(FieldProblem::DistrictUnknown)
    );
    let phone = PhoneNumber::parse("0191-555-0102").expect("valid");
    assert!(
        app.db
            .accounts()
            .credentials(&phone)
            .await
            .unwrap()
            .is_none(),
        "nothing was created"
    );
    let res = app
        .call(
            "account/sign-up",
            &signup_form(
                "0191-555-0102",
                &code,
                &resident("920304212345"),
                "long enough pw",
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

/// Sign-up tells nobody but the phone's holder whether a number or a resident already has an
/// account: asking for a code answers alike for a new number, a shopper's and a staff member's
/// (the text message tells the holder); without the code every sign-up gets the same refusal.
async fn sign_up_reveals_no_account_to_who_does_not_hold_the_phone(app: TestApp) {
    let code = app.sign_up_code("0191-555-0103").await.expect("a code");
    let first = app
        .call(
            "account/sign-up",
            &signup_form(
                "0191-555-0103",
                &code,
                &resident("920304212346"),
                "long enough pw",
            ),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    // Asking for a code: the same answer for a new number and for ones with accounts.
    let ask = |phone: &'static str| {
        let app = &app;
        async move {
            let res = app
                .call_from(
                    "10.0.2.1",
                    "account/send-code",
                    &form(&[("phone", phone)]),
                    &[],
                )
                .await;
            (res.status, res.body)
        }
    };
    let new = ask("0191-555-0109").await;
    assert_eq!(new.0, StatusCode::OK, "{}", new.1);
    for registered in ["0191-555-0103", SHOPPER.0, OPERATOR.0] {
        assert_eq!(ask(registered).await, new, "{registered}");
    }
    // Only the holder reads the difference: a note, and no code.
    let texts = app
        .db
        .accounts()
        .outbox(Some(&PhoneNumber::parse(OPERATOR.0).expect("valid")), 1)
        .await
        .expect("the outbox");
    assert!(
        texts[0].body.contains("이미 옥류 계정이 있습니다"),
        "{}",
        texts[0].body
    );
    assert_eq!(code_in(&texts[0].body), None);
    // Without the phone's code, a taken number, a taken resident and a free one all hear the same.
    for (phone, resident_id) in [
        ("01915550103", resident("930304212346")),
        ("0191-555-0104", resident("920304212346")),
        ("0191-555-0105", resident("930304212347")),
    ] {
        let res = app
            .call(
                "account/sign-up",
                &signup_form(phone, NO_CODE, &resident_id, "long enough pw"),
            )
            .await;
        assert_eq!(
            error_of(&res.body),
            AppError::invalid(SignUpField::Code, FieldProblem::PhoneCodeStale),
            "{phone}"
        );
    }
    // The holder of another number, proven, learns that the resident has an account.
    let code = app.sign_up_code("0191-555-0104").await.expect("a code");
    let wrong = if code == NO_CODE { "111111" } else { NO_CODE };
    let res = app
        .call(
            "account/sign-up",
            &signup_form(
                "0191-555-0104",
                wrong,
                &resident("920304212346"),
                "long enough pw",
            ),
        )
        .await;
    assert_eq!(
        error_of(&res.body),
        AppError::invalid(SignUpField::Code, FieldProblem::PhoneCodeWrong)
    );
    let same_resident = app
        .call(
            "account/sign-up",
            &signup_form(
                "0191-555-0104",
                &code,
                &resident("920304212346"),
                "long enough pw",
            ),
        )
        .await;
    assert_eq!(
        field_errors(&same_resident.body).get(SignUpField::ResidentId),
        Some(FieldProblem::ResidentTaken)
    );
    // Five wrong tries and the code works no more, even the right one.
    for _ in 0..4 {
        app.call(
            "account/sign-up",
            &signup_form(
                "0191-555-0104",
                wrong,
                &resident("930304212348"),
                "long enough pw",
            ),
        )
        .await;
    }
    let res = app
        .call(
            "account/sign-up",
            &signup_form(
                "0191-555-0104",
                &code,
                &resident("930304212348"),
                "long enough pw",
            ),
        )
        .await;
    assert_eq!(
        error_of(&res.body),
        AppError::invalid(SignUpField::Code, FieldProblem::PhoneCodeStale)
    );
    // A code works for ten minutes.
    let code = app.sign_up_code("0191-555-0106").await.expect("a code");
    app.clock.advance(10 * 60 + 1);
    let res = app
        .call(
            "account/sign-up",
            &signup_form(
                "0191-555-0106",
                &code,
                &resident("930304212349"),
                "long enough pw",
            ),
        )
        .await;
    assert_eq!(
        error_of(&res.body),
        AppError::invalid(SignUpField::Code, FieldProblem::PhoneCodeStale)
    );
    // Where no demo data is served the outbox is nobody's to read: a gateway sends the texts.
    let real = TestApp::spawn_with(app.db.backend(), Security::default()).await;
    let res = real.call("account/outbox", "phone=").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(real.get("/outbox").await.status, StatusCode::NOT_FOUND);
}

async fn sign_in_errors_never_reveal_whether_the_account_exists(app: TestApp) {
    let wrong = app
        .call(
            "account/sign-in",
            &form(&[("phone", SHOPPER.0), ("password", "not the password")]),
        )
        .await;
    let unknown = app
        .call(
            "account/sign-in",
            &form(&[("phone", "0191-999-9999"), ("password", "not the password")]),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, wrong.status);
    assert_eq!(unknown.body, wrong.body, "the same answer either way");
    assert_eq!(error_of(&wrong.body), AppError::BadCredentials);
    assert_eq!(wrong.cookie("okryu_session"), None);
    // The right password, in any spelling of the number, signs in.
    let res = app
        .call(
            "account/sign-in",
            &form(&[("phone", "+850 191 100 0001"), ("password", SHOPPER.1)]),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

async fn the_session_id_is_rotated_at_sign_in(app: TestApp) {
    let first = app.sign_in(SHOPPER).await;
    let res = app
        .call_with(
            "account/sign-in",
            &form(&[("phone", SHOPPER.0), ("password", SHOPPER.1)]),
            &[("cookie", &first)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let second = res.cookie("okryu_session").expect("a new session");
    assert_ne!(first, second, "a new id at every sign-in");
    assert_eq!(app.who(&first).await, None, "the old id is dead");
    assert_eq!(app.who(&second).await.as_deref(), Some("김은정"));
    // Signing in as someone else from a browser with a session ends that session too.
    let other = app
        .call_with(
            "account/sign-in",
            &form(&[("phone", BUSINESS.0), ("password", BUSINESS.1)]),
            &[("cookie", &second)],
        )
        .await
        .cookie("okryu_session")
        .expect("session");
    assert_eq!(app.who(&second).await, None);
    assert_eq!(app.who(&other).await.as_deref(), Some("박철민"));
}

async fn sessions_end_when_idle_and_at_their_absolute_limit(app: TestApp) {
    let defaults = Security::default();
    let cookie = app.sign_in(SHOPPER).await;
    app.clock.advance(defaults.session_idle_secs - 60);
    assert!(
        app.who(&cookie).await.is_some(),
        "still within the idle limit"
    );
    app.clock.advance(defaults.session_idle_secs - 60);
    assert!(app.who(&cookie).await.is_some(), "use keeps it alive");
    app.clock.advance(defaults.session_idle_secs + 1);
    let res = app
        .call_with("account/me", "", &[("cookie", &cookie)])
        .await;
    assert_eq!(res.body, "null", "idle too long");
    assert_eq!(
        res.cookie("okryu_session").as_deref(),
        Some("okryu_session="),
        "and the cookie is cleared"
    );
    // Signing in again from that browser keeps the new session (the old cookie is not cleared over it).
    app.clock.advance(defaults.session_idle_secs + 1);
    let cookie = {
        let stale = app.sign_in(SHOPPER).await;
        app.clock.advance(defaults.session_idle_secs + 1);
        stale
    };
    let res = app
        .call_with(
            "account/sign-in",
            &form(&[("phone", SHOPPER.0), ("password", SHOPPER.1)]),
            &[("cookie", &cookie)],
        )
        .await;
    let cookies: Vec<_> = res
        .headers
        .get_all(http::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    let fresh = res.cookie("okryu_session").expect("a new session");
    assert!(app.who(&fresh).await.is_some());

    // Used every few hours, a session still ends at its absolute limit.
    let cookie = app.sign_in(SHOPPER).await;
    let step = defaults.session_idle_secs / 2;
    let mut lived = 0;
    while lived + step < defaults.session_max_secs {
        app.clock.advance(step);
        lived += step;
        assert!(app.who(&cookie).await.is_some(), "alive after {lived} s");
    }
    app.clock.advance(defaults.session_max_secs - lived + 1);
    assert_eq!(app.who(&cookie).await, None, "past the absolute limit");
}

async fn signing_out_ends_the_session_and_everywhere_ends_them_all(app: TestApp) {
    let a = app.sign_in(SHOPPER).await;
    let res = app
        .call_with("account/sign-out", "", &[("cookie", &a)])
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.cookie("okryu_session").as_deref(),
        Some("okryu_session=")
    );
    assert_eq!(
        app.who(&a).await,
        None,
        "the session is gone from the server, not just the cookie"
    );

    let phone = app.sign_in(SHOPPER).await;
    let desktop = app.sign_in(SHOPPER).await;
    let page = app.get_with("/account", &[("cookie", &desktop)]).await;
    assert!(
        page.body.contains(r#"data-testid="account-sessions">2<"#),
        "two browsers"
    );
    let res = app
        .call_with("account/sign-out-everywhere", "", &[("cookie", &desktop)])
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(app.who(&phone).await, None);
    assert_eq!(app.who(&desktop).await, None);
}

async fn sign_in_is_rate_limited_per_account_and_per_client(app: TestApp) {
    let wrong = form(&[("phone", SHOPPER.0), ("password", "guessing wrong")]);
    let right = form(&[("phone", SHOPPER.0), ("password", SHOPPER.1)]);
    // Three wrong tries from one address are free; the next waits a minute, the right password too.
    for _ in 0..3 {
        let res = app
            .call_from("10.0.0.1", "account/sign-in", &wrong, &[])
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    let res = app
        .call_from("10.0.0.1", "account/sign-in", &right, &[])
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        error_of(&res.body),
        AppError::TooManyAttempts { minutes: 1 }
    );
    // The owner, from another address, is not held up by someone guessing elsewhere.
    let res = app
        .call_from("10.0.0.2", "account/sign-in", &right, &[])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // Each further wrong try from the guessing address waits twice as long as the last.
    app.clock.advance(61);
    let res = app
        .call_from("10.0.0.1", "account/sign-in", &wrong, &[])
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = app
        .call_from("10.0.0.1", "account/sign-in", &wrong, &[])
        .await;
    assert_eq!(
        error_of(&res.body),
        AppError::TooManyAttempts { minutes: 2 }
    );
    app.clock.advance(121);
    let res = app
        .call_from("10.0.0.1", "account/sign-in", &right, &[])
        .await;
    assert_eq!(res.status, StatusCode::OK, "the wait is over: {}", res.body);

    // One address guessing at many accounts is stopped too; other addresses are not.
    for i in 0..20 {
        let guess = form(&[
            ("phone", &format!("0191-777-{i:04}")),
            ("password", "guessing wrong"),
        ]);
        let res = app
            .call_from("10.0.0.3", "account/sign-in", &guess, &[])
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let res = app
        .call_from("10.0.0.3", "account/sign-in", &right, &[])
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    let res = app
        .call_from("10.0.0.4", "account/sign-in", &right, &[])
        .await;
    assert_eq!(res.status, StatusCode::OK);
}

/// Codes are the step that costs a text message: so many an hour from one client address, and
/// three an hour to one number whoever asks.
async fn sign_up_is_rate_limited_per_client(app: TestApp) {
    let ask = |client: &'static str, phone: String| {
        let app = &app;
        async move {
            app.call_from(
                client,
                "account/send-code",
                &form(&[("phone", &phone)]),
                &[],
            )
            .await
        }
    };
    for n in 0..10 {
        let res = ask("10.0.1.1", format!("0191-556-{n:04}")).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let res = ask("10.0.1.1", "0191-556-0010".into()).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        error_of(&res.body),
        AppError::TooManyAttempts { minutes: 60 }
    );
    let res = ask("10.0.1.2", "0191-556-0010".into()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // One number: three codes an hour, from anywhere.
    for client in ["10.0.1.3", "10.0.1.4"] {
        assert_eq!(
            ask(client, "0191-556-0010".into()).await.status,
            StatusCode::OK
        );
    }
    let res = ask("10.0.1.5", "0191-556-0010".into()).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    let texts = app
        .db
        .accounts()
        .outbox(
            Some(&PhoneNumber::parse("0191-556-0010").expect("valid")),
            50,
        )
        .await
        .expect("the outbox");
    assert_eq!(texts.len(), 3, "no fourth text");
}

/// Sign-ups arriving together (each reads whether the number is taken, then writes) all go through:
/// on SQLite a transaction that read before writing used to fail at once when another had
/// committed meanwhile (500) instead of waiting its turn.
async fn sign_ups_sent_together_all_open_their_accounts(app: TestApp) {
    let mut calls = tokio::task::JoinSet::new();
    for n in 0..16u32 {
        let phone = format!("0191-620-{n:04}");
        let code = app.sign_up_code(&phone).await.expect("a code");
        let body = signup_form(
            &phone,
            &code,
            &resident(&format!("9203041{:05}", 40_000 + n)),
            "long enough pw",
        );
        let router = app.router.clone();
        calls.spawn(async move {
            use tower::ServiceExt;
            let mut req = http::Request::post("/api/account/sign-up")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .body(axum::body::Body::from(body))
                .expect("request");
            let addr: std::net::SocketAddr = format!("10.7.0.{}:5000", n + 1)
                .parse()
                .expect("an address");
            req.extensions_mut()
                .insert(axum::extract::ConnectInfo(addr));
            router.oneshot(req).await.expect("an answer").status()
        });
    }
    let mut statuses = Vec::new();
    while let Some(status) = calls.join_next().await {
        statuses.push(status.expect("the call ran"));
    }
    assert!(
        statuses.iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
}

async fn pages_check_the_role_on_the_server(app: TestApp) {
    let guest = app.get("/account").await;
    assert_eq!(guest.status, StatusCode::UNAUTHORIZED);
    assert!(guest.body.contains(r#"data-testid="unauthorized""#));
    assert!(guest.body.contains("/login?next=/account"));

    let shopper = app.sign_in(SHOPPER).await;
    let page = app.get_with("/seller", &[("cookie", &shopper)]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains(r#"data-testid="forbidden""#));
    assert!(!page.body.contains(r#"data-testid="seller-console""#));

    let seller = app.sign_in(SELLER).await;
    let page = app.get_with("/seller", &[("cookie", &seller)]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"data-testid="seller-console""#));
    assert!(
        page.body.contains("금성식료공장") || page.body.contains("Kumsong"),
        "its own seller"
    );
}

async fn mutating_requests_from_another_origin_are_refused(app: TestApp) {
    let id = app.db.catalog().home_page(1).await.unwrap().products[0].id;
    let evil = app
        .call_with(
            "compare/add",
            &format!("id={id}"),
            &[("host", "shop.okryu"), ("origin", "http://evil.example")],
        )
        .await;
    assert_eq!(evil.status, StatusCode::FORBIDDEN);
    assert_eq!(evil.cookie("compare"), None, "nothing changed");
    let by_referer = app
        .call_with(
            "account/sign-in",
            &form(&[("phone", SHOPPER.0), ("password", SHOPPER.1)]),
            &[
                ("host", "shop.okryu"),
                ("referer", "http://evil.example/login"),
            ],
        )
        .await;
    assert_eq!(by_referer.status, StatusCode::FORBIDDEN);
    assert_eq!(by_referer.cookie("okryu_session"), None);

    // Signed in, a cross-site post can't sign the shopper out everywhere either.
    let cookie = app.sign_in(SHOPPER).await;
    let res = app
        .call_with(
            "account/sign-out-everywhere",
            "",
            &[
                ("host", "shop.okryu"),
                ("origin", "http://evil.example"),
                ("cookie", &cookie),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(app.who(&cookie).await.is_some());

    let same = app
        .call_with(
            "compare/add",
            &format!("id={id}"),
            &[("host", "shop.okryu"), ("origin", "http://shop.okryu")],
        )
        .await;
    assert_eq!(same.status, StatusCode::OK);
    // Only this exact site passes: scheme aside, the host and port must match.
    let add = format!("id={id}");
    for (header, value, allowed) in [
        ("origin", "http://shop.okryu", true),
        ("referer", "https://shop.okryu/p/1", true),
        ("origin", "null", false),
        ("origin", "http://shop.okryu:3001", false),
        ("referer", "http://shop.okryu.evil.example/", false),
    ] {
        let res = app
            .call_with(
                "compare/add",
                &add,
                &[("host", "shop.okryu"), (header, value)],
            )
            .await;
        let want = if allowed {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(res.status, want, "{header}: {value}");
    }
    // Over HTTP/2 there is no `Host`: the site is the request's `:authority` (hyper puts it in
    // the URI), and the same rule holds.
    for (origin, want) in [
        ("http://shop.okryu", StatusCode::OK),
        ("http://evil.example", StatusCode::FORBIDDEN),
    ] {
        let req = Request::post("http://shop.okryu/api/compare/add")
            .version(http::Version::HTTP_2)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .header("origin", origin)
            .body(Body::from(add.clone()))
            .expect("request");
        assert_eq!(
            app.request(req).await.status,
            want,
            "HTTP/2, origin {origin}"
        );
    }
    // A program sending neither header is no browser a page could have lured.
    let bare = app
        .call_with("compare/add", &add, &[("host", "shop.okryu")])
        .await;
    assert_eq!(bare.status, StatusCode::OK);
    // Reading is never refused for its origin.
    let get = app
        .get_with(
            "/",
            &[("host", "shop.okryu"), ("origin", "http://evil.example")],
        )
        .await;
    assert_eq!(get.status, StatusCode::OK);
}

async fn the_profile_keeps_addresses_with_one_default(app: TestApp) {
    let cookie = app.sign_in(SHOPPER).await;
    let me = PhoneNumber::parse(SHOPPER.0).expect("valid");
    let (user, _, _) = app
        .db
        .accounts()
        .credentials(&me)
        .await
        .unwrap()
        .expect("demo");
    let add = |district: &'static str, line: &'static str, default: bool| {
        let mut pairs = vec![("district", district), ("line", line)];
        if default {
            pairs.push(("make_default", "1"));
        }
        form(&pairs)
    };
    let res = app
        .call_with(
            "account/add-address",
            &add("nampo-hanggu", "항구거리 3", false),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app
        .call_with(
            "account/add-address",
            &add("sariwon-centre", "사리원 1", true),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let list = app.db.accounts().addresses(user).await.unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list.iter().filter(|a| a.is_default).count(), 1);
    assert_eq!(
        list[0].district.slug, "sariwon-centre",
        "the new default comes first"
    );

    let bad = app
        .call_with(
            "account/add-address",
            &add("atlantis", "어딘가 1", false),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(
        field_errors(&bad.body).get(AddressField::District),
        Some(FieldProblem::DistrictUnknown)
    );

    // Removing the default makes the oldest remaining address the default.
    let res = app
        .call_with(
            "account/remove-address",
            &format!("id={}", list[0].id),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let list = app.db.accounts().addresses(user).await.unwrap();
    assert_eq!(list.len(), 2);
    assert!(list[0].is_default && list[0].district.slug == "pyongyang-central");

    let res = app
        .call_with(
            "account/default-address",
            &format!("id={}", list[1].id),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        app.db.accounts().addresses(user).await.unwrap()[0]
            .district
            .slug,
        "nampo-hanggu"
    );

    // Another account's address is not found, and the last address stays.
    let other = app.sign_in(BUSINESS).await;
    let res = app
        .call_with(
            "account/remove-address",
            &format!("id={}", list[1].id),
            &[("cookie", &other)],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app
        .call_with(
            "account/default-address",
            &format!("id={}", list[1].id),
            &[("cookie", &other)],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app
        .call_with(
            "account/remove-address",
            &format!("id={}", list[1].id),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let last = app.db.accounts().addresses(user).await.unwrap();
    let res = app
        .call_with(
            "account/remove-address",
            &format!("id={}", last[0].id),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("LastAddress"));
    assert_eq!(app.db.accounts().addresses(user).await.unwrap().len(), 1);
}

async fn changing_the_password_needs_the_old_one_and_ends_other_sessions(app: TestApp) {
    let here = app.sign_in(OPERATOR).await;
    let elsewhere = app.sign_in(OPERATOR).await;
    let wrong = app
        .call_with(
            "account/password",
            &form(&[
                ("old_password", "not it at all"),
                ("password", "a brand new one"),
            ]),
            &[("cookie", &here)],
        )
        .await;
    assert_eq!(
        field_errors(&wrong.body).get(PasswordField::Old),
        Some(FieldProblem::PasswordWrong)
    );
    let weak = app
        .call_with(
            "account/password",
            &form(&[("old_password", OPERATOR.1), ("password", "01911000006")]),
            &[("cookie", &here)],
        )
        .await;
    assert_eq!(
        field_errors(&weak.body).get(PasswordField::New),
        Some(FieldProblem::PasswordIsPhone)
    );
    assert!(
        app.who(&elsewhere).await.is_some(),
        "refusals change nothing"
    );

    let ok = app
        .call_with(
            "account/password",
            &form(&[
                ("old_password", OPERATOR.1),
                ("password", "a brand new one"),
            ]),
            &[("cookie", &here)],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(
        app.who(&here).await.is_some(),
        "this browser stays signed in"
    );
    assert_eq!(app.who(&elsewhere).await, None, "the others are signed out");
    let old = app
        .call(
            "account/sign-in",
            &form(&[("phone", OPERATOR.0), ("password", OPERATOR.1)]),
        )
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    app.sign_in((OPERATOR.0, "a brand new one")).await;
}

/// A good of another seller than the demo seller staff's (Kumsong): not theirs to change.
async fn seller_staff_set_the_stock_of_their_own_goods_only(app: TestApp) {
    let seller = app.sign_in(SELLER).await;
    let page = app.get_with("/seller", &[("cookie", &seller)]).await;
    let own: ProductId = page
        .body
        .split("href=\"/p/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|id| id.parse().ok())
        .expect("the console links its goods");
    let res = app
        .call_with(
            "seller/stock",
            &format!("id={own}&stock=321"),
            &[("cookie", &seller)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let product = app
        .db
        .catalog()
        .product(own, okryu::server::clock::now())
        .await
        .unwrap()
        .expect("exists");
    assert_eq!(product.stock, 321);

    let res = app
        .call_with(
            "seller/stock",
            &format!("id={own}&stock=-4"),
            &[("cookie", &seller)],
        )
        .await;
    assert_eq!(
        field_errors(&res.body).get(StockField::Stock),
        Some(FieldProblem::StockInvalid)
    );

    // A product of another seller is not theirs to change.
    let theirs = crate::common::not_kumsongs(&app).await.id;
    let res = app
        .call_with(
            "seller/stock",
            &format!("id={theirs}&stock=0"),
            &[("cookie", &seller)],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

async fn a_price_set_by_seller_staff_shows_and_enters_the_history_once(app: TestApp) {
    let seller = app.sign_in(SELLER).await;
    let own = crate::common::product_of_kumsong(&app, 20).await;
    let detail = |id| {
        let app = &app;
        async move {
            app.db
                .catalog()
                .product(id, app.services().now())
                .await
                .unwrap()
                .expect("exists")
        }
    };
    let before = detail(own).await;
    let set = |id: okryu::domain::ProductId, price: &'static str| {
        let (app, seller) = (&app, seller.clone());
        async move {
            app.call_with(
                "seller/price",
                &form(&[("id", &id.to_string()), ("price", price)]),
                &[("cookie", &seller)],
            )
            .await
        }
    };
    for bad in ["0", "-3", "12.345", "abc", "100000001", ""] {
        let res = set(own, bad).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(
            field_errors(&res.body).get(PriceField::Price).is_some(),
            "{bad}"
        );
    }
    // The points (the window around them moves with the clock, a second later or not).
    assert_eq!(
        detail(own).await.history.points,
        before.history.points,
        "nothing written"
    );

    // A new price: on the page, and the last point of its history, written once, when it was set.
    let sent = app.services().now();
    for _ in 0..2 {
        let res = set(own, "1,234.5").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let after = detail(own).await;
    assert_eq!(after.price, okryu::domain::Won::from_chon(123_450));
    assert_eq!(after.history.points.len(), before.history.points.len() + 1);
    let last = after.history.points.last().expect("a point");
    assert_eq!(last.price, after.price);
    assert!((sent..=app.services().now()).contains(&last.at), "{last:?}");

    // Another seller's good is not theirs to price.
    let theirs = crate::common::not_kumsongs(&app).await;
    let res = set(theirs.id, "1").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(detail(theirs.id).await.price, theirs.price);
}

async fn a_good_the_seller_stops_selling_leaves_lists_and_comparisons_and_cant_be_bought(
    app: TestApp,
) {
    let seller = app.sign_in(SELLER).await;
    let shopper = app.sign_in(SHOPPER).await;
    let own = crate::common::product_of_kumsong(&app, 20).await;
    let now = app.services().now();
    let name = app
        .db
        .catalog()
        .product(own, now)
        .await
        .unwrap()
        .expect("exists")
        .name
        .ko;
    let link = format!("href=\"/p/{own}\"");
    let search = format!("/search?q={}", crate::common::enc(&name));
    let offered = |on: bool| {
        let (app, seller) = (&app, seller.clone());
        async move {
            app.call_with(
                "seller/offered",
                &format!("id={own}&offered={on}"),
                &[("cookie", &seller)],
            )
            .await
        }
    };
    let listed = || async {
        let found = app.get(&search).await.body.contains(&link);
        let home = app.db.catalog().home_page(1_000).await.unwrap();
        let compared = app.db.compare().offers(&[own]).await.unwrap();
        (
            found,
            home.products.iter().any(|p| p.id == own),
            compared.len(),
        )
    };
    assert_eq!(listed().await, (true, true, 1));
    // A shopper about to buy it now.
    let page = crate::common::checkout_page(&app, &shopper, &format!("item={own}&qty=1")).await;

    let res = offered(false).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        listed().await,
        (false, false, 0),
        "gone from lists and comparisons"
    );
    let console = app.get_with("/seller", &[("cookie", &seller)]).await.body;
    assert!(console.contains("판매 중지됨"), "the console says so");
    // Not for sale: the cart refuses it, and paying for the page opened before is refused as
    // sold out.
    let res = app
        .call_with(
            "cart/add",
            &format!("item={own}&qty=1"),
            &[("cookie", &shopper)],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let res = crate::common::pay(&app, &shopper, &page, Some((own, 1)), crate::common::PIN).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(crate::common::orders(&app, &shopper).await.is_empty());
    // Its page stays (old orders link to it), sold out.
    let page = app.get(&format!("/p/{own}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(crate::common::visible(&page.body).contains("품절"));

    // Offered again, it is back everywhere.
    let res = offered(true).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(listed().await, (true, true, 1));
    assert_eq!(
        crate::common::stock_of(&app, own).await,
        20,
        "nothing was taken"
    );

    // Another seller's good is not theirs to hide.
    let theirs = crate::common::not_kumsongs(&app).await.id;
    let res = app
        .call_with(
            "seller/offered",
            &format!("id={theirs}&offered=false"),
            &[("cookie", &seller)],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

async fn a_signed_in_shopper_sees_prices_delivered_to_the_default_address(app: TestApp) {
    // Kumsong's cream buns (78 won) to the demo shopper's default address in Central District:
    // 21.20 won by motorbike, 99.20 won delivered (the same sum as for a guest who picks it).
    let id = app.db.catalog().home_page(1).await.unwrap().products[0].id;
    let guest = crate::common::visible(&app.get(&format!("/p/{id}")).await.body);
    assert!(
        guest.contains("배달 받을 구역을 고르면"),
        "a guest picks a district first"
    );
    assert!(!guest.contains("99.20원"));
    let cookie = app.sign_in(SHOPPER).await;
    let page = crate::common::visible(
        &app.get_with(&format!("/p/{id}"), &[("cookie", &cookie)])
            .await
            .body,
    );
    assert!(
        page.contains("배달 포함 값 99.20원"),
        "priced to the default address"
    );
    // A district picked on the page still wins over the default address.
    let picked = format!("{cookie}; deliver_to=sinuiju-centre");
    let page = crate::common::visible(
        &app.get_with(&format!("/p/{id}"), &[("cookie", &picked)])
            .await
            .body,
    );
    assert!(!page.contains("99.20원"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_outside_the_allowed_networks_get_the_403_page() {
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        Security {
            allowed_networks: vec!["10.0.0.0/8".parse().expect("a network")],
            ..Security::default()
        },
    )
    .await;
    let get = |ip: &'static str| {
        http::Request::get("/")
            .header(
                "x-forwarded-for",
                if ip == "10.9.9.9" { "192.168.1.1" } else { ip },
            )
            .body(axum::body::Body::empty())
            .expect("request")
    };
    let inside = app.request_from("10.1.2.3", get("10.1.2.3")).await;
    assert_eq!(inside.status, StatusCode::OK);
    let outside = app.request_from("192.168.1.1", get("192.168.1.1")).await;
    assert_eq!(outside.status, StatusCode::FORBIDDEN);
    assert!(outside.body.contains(r#"data-testid="forbidden""#));
    assert!(outside.body.contains("허가된 망"), "{}", outside.body);
    assert!(outside
        .headers
        .contains_key(http::header::CONTENT_SECURITY_POLICY));
    // Server functions too, and a client whose address can't be told.
    let call = app.call_from("172.16.0.1", "catalog/home", "", &[]).await;
    assert_eq!(call.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/").await.status, StatusCode::FORBIDDEN);
    // X-Forwarded-For is ignored unless the proxy is trusted.
    let spoofed = app.request_from("10.9.9.9", get("10.9.9.9")).await;
    assert_eq!(
        spoofed.status,
        StatusCode::OK,
        "the peer address counts, not the header"
    );
}
