//! The bank's counter: a card is issued only to the account holder who shows their identity card,
//! and a wallet links only a card the bank issued to its holder. On both databases.

use crate::common::*;
use http::StatusCode;
use okryu::{
    api::{bank::IssueField, wallet::CardField},
    domain::{
        form::FieldProblem,
        payment::{luhn_check_digit, CardNumber, NARAE_PREFIX},
    },
    error::AppError,
};

on_both_databases!(
    the_counter_issues_a_card_only_to_the_holder_who_shows_their_identity,
    a_wallet_links_only_a_card_the_bank_issued_to_its_holder,
);

async fn issue(app: &TestApp, cookie: &str, phone: &str, resident: &str) -> Response {
    app.call_with(
        "bank/issue-card",
        &form(&[("phone", phone), ("resident", resident)]),
        &[("cookie", cookie)],
    )
    .await
}

async fn the_counter_issues_a_card_only_to_the_holder_who_shows_their_identity(app: TestApp) {
    let clerk = app.sign_in(OPERATOR).await;
    // Someone else's identity card, a number nobody has, and a shopper at the clerk's desk.
    let res = issue(&app, &clerk, SHOPPER.0, BUSINESS_RESIDENT).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(
        error_of(&res.body),
        AppError::invalid(IssueField::Resident, FieldProblem::ResidentMismatch)
    );
    let res = issue(&app, &clerk, "0191-999-0000", SHOPPER_RESIDENT).await;
    assert_eq!(
        error_of(&res.body),
        AppError::invalid(IssueField::Phone, FieldProblem::AccountUnknown)
    );
    let shopper = app.sign_in(SHOPPER).await;
    let res = issue(&app, &shopper, SHOPPER.0, SHOPPER_RESIDENT).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);

    // The holder's own: a new Narae number each time, shown grouped as on the card.
    let first = app.issued_card(SHOPPER.0, SHOPPER_RESIDENT).await;
    let second = app.issued_card(SHOPPER.0, SHOPPER_RESIDENT).await;
    assert_ne!(first, second);
    for number in [&first, &second] {
        let card = CardNumber::parse(number).expect("a valid card number");
        assert!(card.digits().starts_with(NARAE_PREFIX), "{number}");
        assert_eq!(&card.grouped(), number);
    }
}

async fn a_wallet_links_only_a_card_the_bank_issued_to_its_holder(app: TestApp) {
    let link = |cookie: String, card: String, password: &'static str| {
        let app = &app;
        async move {
            app.call_with(
                "wallet/add-card",
                &form(&[
                    ("card_number", &card),
                    ("pin", "2468"),
                    ("password", password),
                ]),
                &[("cookie", &cookie)],
            )
            .await
        }
    };
    let shopper = app.sign_in(SHOPPER).await;
    let wallet = |cookie: String| {
        let app = &app;
        async move {
            let res = app
                .call_with("wallet/page", "", &[("cookie", &cookie)])
                .await;
            json(&res.body)["instruments"].clone()
        }
    };
    let before = wallet(shopper.clone()).await;

    // A number with a valid check digit that the bank never issued, and a card issued to
    // someone else: refused, with the reason, and nothing linked.
    let made_up = format!("{NARAE_PREFIX}55555555555");
    let made_up = format!("{made_up}{}", luhn_check_digit(&made_up));
    let theirs = app.issued_card(BUSINESS.0, BUSINESS_RESIDENT).await;
    for card in [made_up, theirs.clone()] {
        let res = link(shopper.clone(), card, SHOPPER.1).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert_eq!(
            error_of(&res.body),
            AppError::invalid(CardField::CardNumber, FieldProblem::CardNotIssued)
        );
    }
    assert_eq!(wallet(shopper.clone()).await, before, "nothing linked");

    // The shopper's own card links, and shows in the wallet.
    let mine = app.issued_card(SHOPPER.0, SHOPPER_RESIDENT).await;
    let res = link(shopper.clone(), mine.clone(), SHOPPER.1).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let after = wallet(shopper.clone()).await;
    let last4 = &mine[mine.len() - 4..];
    assert!(
        after
            .as_array()
            .expect("instruments")
            .iter()
            .any(|i| i["label"] == format!("•••• {last4}")),
        "{after}"
    );

    // Linked once is enough.
    let res = link(shopper.clone(), mine, SHOPPER.1).await;
    assert_eq!(
        error_of(&res.body),
        AppError::invalid(CardField::CardNumber, FieldProblem::CardTaken)
    );

    // Its holder links the other card.
    let business = app.sign_in(BUSINESS).await;
    let res = link(business, theirs, BUSINESS.1).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}
