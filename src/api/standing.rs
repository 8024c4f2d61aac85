//! Standing orders: `/subscriptions` and setting one up on `/subscriptions/new` with the PIN (the
//! standing authorisation), skipping a delivery, pausing, resuming, changing a quantity and
//! cancelling (which revokes the authorisation). The rules are `server::service::standing`'s.

use crate::{
    error::AppError,
    page::standing::{NewSubscriptionPage, SubscriptionsPage},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

crate::form_fields! {
    /// Setting up a standing order.
    pub enum SubscribeField {
        Quantity => "qty",
        Every => "every",
        Window => "window",
        Address => "address",
        Instrument => "instrument",
        Cap => "cap",
        Pin => "pin",
    }
}

crate::form_fields! {
    /// Changing a standing order: a quantity, a pause's date, a delivery to skip.
    pub enum ChangeField { Quantity => "qty", Until => "until", Day => "day" }
}

access!(GetSubscriptions => BUYERS);
/// `/subscriptions`. Shows the failed and missed deliveries the shopper had not seen, once.
#[server(endpoint = "subscriptions/page", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_subscriptions() -> Result<SubscriptionsPage, AppError> {
    let cx = super::ssr::guard::<GetSubscriptions>()?;
    Ok(crate::server::service::standing::page(cx.services(), cx.signed_in()?).await?)
}

access!(GetNewSubscription => BUYERS);
/// `/subscriptions/new?item=…`: a good sold on a schedule, the shopper's addresses and cards.
#[server(endpoint = "subscriptions/new", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_new_subscription(item: String) -> Result<NewSubscriptionPage, AppError> {
    let cx = super::ssr::guard::<GetNewSubscription>()?;
    let item = item
        .parse::<crate::domain::ProductId>()
        .map_err(|_| AppError::NotFound)?;
    Ok(crate::server::service::standing::new_page(cx.services(), cx.signed_in()?, item).await?)
}

access!(StandingNews => PUBLIC);
/// How many of the signed-in shopper's standing deliveries failed or were missed since they
/// last looked at `/subscriptions` (0 for anyone else): the notice every page shows.
#[server(endpoint = "subscriptions/news", input = leptos::server_fn::codec::GetUrl)]
pub async fn standing_news() -> Result<u32, AppError> {
    use crate::domain::account::Role;
    let cx = super::ssr::guard::<StandingNews>()?;
    match cx.session() {
        Some(s) if matches!(s.viewer.role, Role::Shopper | Role::Business) => {
            Ok(crate::server::service::standing::unseen(cx.services(), s.viewer.id).await?)
        }
        _ => Ok(0),
    }
}

/// The new standing order's form, as posted. The weekdays are one checkbox each (`d0` Monday …
/// `d6` Sunday).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SubscribeForm {
    pub item: String,
    pub qty: String,
    /// `day`, `weekdays` or `week`.
    pub every: String,
    pub d0: Option<String>,
    pub d1: Option<String>,
    pub d2: Option<String>,
    pub d3: Option<String>,
    pub d4: Option<String>,
    pub d5: Option<String>,
    pub d6: Option<String>,
    pub window: String,
    pub address: String,
    pub instrument: String,
    pub cap: String,
    pub pin: String,
}

access!(Subscribe => BUYERS);
/// Sets up a standing order with the PIN; then `/subscriptions`.
#[server(endpoint = "subscriptions/subscribe")]
pub async fn subscribe(#[server(flatten)] form: SubscribeForm) -> Result<(), AppError> {
    let cx = super::ssr::guard::<Subscribe>()?;
    ssr::subscribe(&cx, form).await?;
    cx.flash(crate::page::form::Flash::Subscribed);
    cx.then_go(&super::ssr::local("/subscriptions"));
    Ok(())
}

access!(SkipDelivery => BUYERS);
/// Skips one delivery (`day`: its Pyongyang day number).
#[server(endpoint = "subscriptions/skip")]
pub async fn skip_delivery(id: crate::domain::StandingId, day: String) -> Result<(), AppError> {
    use crate::domain::form::FieldProblem;
    let cx = super::ssr::guard::<SkipDelivery>()?;
    let day = day
        .parse::<i64>()
        .map_err(|_| AppError::invalid(ChangeField::Day, FieldProblem::Invalid))?;
    let user = cx.signed_in()?.viewer.id;
    crate::server::service::standing::skip(cx.services(), user, id, day)
        .await
        .map_err(|e| e.answer(|_| ChangeField::Day))?;
    cx.then_go(&super::ssr::local("/subscriptions"));
    Ok(())
}

access!(PauseStanding => BUYERS);
/// Pauses a standing order until a date (`YYYY-MM-DD`).
#[server(endpoint = "subscriptions/pause")]
pub async fn pause_standing(id: crate::domain::StandingId, until: String) -> Result<(), AppError> {
    use crate::domain::{form::FieldProblem, time::day_of_date};
    let cx = super::ssr::guard::<PauseStanding>()?;
    let day = day_of_date(&until)
        .ok_or_else(|| AppError::invalid(ChangeField::Until, FieldProblem::Invalid))?;
    let user = cx.signed_in()?.viewer.id;
    crate::server::service::standing::pause(cx.services(), user, id, Some(day))
        .await
        .map_err(|e| e.answer(|_| ChangeField::Until))?;
    cx.then_go(&super::ssr::local("/subscriptions"));
    Ok(())
}

access!(ResumeStanding => BUYERS);
/// Resumes a paused standing order from its next delivery.
#[server(endpoint = "subscriptions/resume")]
pub async fn resume_standing(id: crate::domain::StandingId) -> Result<(), AppError> {
    let cx = super::ssr::guard::<ResumeStanding>()?;
    let user = cx.signed_in()?.viewer.id;
    crate::server::service::standing::pause(cx.services(), user, id, None)
        .await
        .map_err(|e| e.answer(|_| ChangeField::Until))?;
    cx.then_go(&super::ssr::local("/subscriptions"));
    Ok(())
}

access!(SetStandingQuantity => BUYERS);
/// How many of one of its goods each delivery brings.
#[server(endpoint = "subscriptions/quantity")]
pub async fn set_standing_quantity(
    id: crate::domain::StandingId,
    item: crate::domain::ProductId,
    qty: String,
) -> Result<(), AppError> {
    use crate::domain::quantity::Quantity;
    let cx = super::ssr::guard::<SetStandingQuantity>()?;
    let qty = Quantity::parse(&qty).map_err(|p| AppError::invalid(ChangeField::Quantity, p))?;
    let user = cx.signed_in()?.viewer.id;
    crate::server::service::standing::set_quantity(cx.services(), user, id, item, qty)
        .await
        .map_err(|e| e.answer(|_| ChangeField::Quantity))?;
    cx.flash(crate::page::form::Flash::Saved);
    cx.then_go(&super::ssr::local("/subscriptions"));
    Ok(())
}

access!(CancelStanding => BUYERS);
/// Cancels a standing order: its standing authorisation is revoked.
#[server(endpoint = "subscriptions/cancel")]
pub async fn cancel_standing(id: crate::domain::StandingId) -> Result<(), AppError> {
    let cx = super::ssr::guard::<CancelStanding>()?;
    let user = cx.signed_in()?.viewer.id;
    crate::server::service::standing::cancel(cx.services(), user, id).await?;
    cx.then_go(&super::ssr::local("/subscriptions"));
    Ok(())
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{SubscribeField, SubscribeForm};
    use crate::{
        domain::{
            form::{FieldErrors, FieldProblem},
            payment::Pin,
            quantity::Quantity,
            standing::{Cap, Every, Weekdays},
            AddressId, InstrumentId, ProductId, StandingId, Won,
        },
        error::AppError,
        server::{access::Caller, service::standing},
    };

    /// The schedule the form asks for.
    fn every(form: &SubscribeForm) -> Result<Every, FieldProblem> {
        let ticked: Vec<u8> = [
            &form.d0, &form.d1, &form.d2, &form.d3, &form.d4, &form.d5, &form.d6,
        ]
        .iter()
        .zip(0_u8..)
        .filter(|(d, _)| d.as_deref().is_some_and(|v| !v.is_empty()))
        .map(|(_, n)| n)
        .collect();
        match form.every.as_str() {
            "day" => Ok(Every::Day),
            "weekdays" => Weekdays::of(&ticked).map(Every::Weekdays),
            // Once a week: on the one day ticked.
            "week" => match ticked.as_slice() {
                [day] => Ok(Every::Week(*day)),
                [] => Err(FieldProblem::Required),
                _ => Err(FieldProblem::Invalid),
            },
            _ => Err(FieldProblem::Required),
        }
    }

    pub async fn subscribe(cx: &Caller, form: SubscribeForm) -> Result<StandingId, AppError> {
        let session = cx.signed_in()?;
        let item = form
            .item
            .parse::<ProductId>()
            .map_err(|_| AppError::NotFound)?;
        let mut errs = FieldErrors::default();
        let qty = errs.check(SubscribeField::Quantity, Quantity::parse(&form.qty));
        let every = errs.check(SubscribeField::Every, every(&form));
        let window = errs.check(
            SubscribeField::Window,
            form.window
                .parse::<u8>()
                .map_err(|_| FieldProblem::SlotInvalid),
        );
        let address = errs.check(
            SubscribeField::Address,
            form.address
                .parse::<AddressId>()
                .map_err(|_| FieldProblem::Required),
        );
        let instrument = errs.check(
            SubscribeField::Instrument,
            form.instrument
                .parse::<InstrumentId>()
                .map_err(|_| FieldProblem::InstrumentUnknown),
        );
        let cap = errs.check(
            SubscribeField::Cap,
            form.cap
                .trim()
                .replace(',', "")
                .parse::<Won>()
                .map_err(|_| FieldProblem::AmountInvalid)
                .and_then(Cap::new),
        );
        let pin = errs.check(SubscribeField::Pin, Pin::parse(&form.pin));
        let (
            Some(qty),
            Some(every),
            Some(window),
            Some(address),
            Some(instrument),
            Some(cap),
            Some(pin),
        ) = (qty, every, window, address, instrument, cap, pin)
        else {
            return Err(errs.into());
        };
        let sub = standing::Subscribe {
            lines: &[(item, qty)],
            every,
            window,
            address,
            instrument,
            cap,
            pin: &pin,
        };
        standing::subscribe(cx.services(), session, &sub)
            .await
            .map_err(|e| {
                e.answer(|p| match p {
                    FieldProblem::SlotInvalid => SubscribeField::Window,
                    FieldProblem::PinWrong | FieldProblem::PinFormat => SubscribeField::Pin,
                    FieldProblem::InstrumentUnknown => SubscribeField::Instrument,
                    FieldProblem::QuantityTooMany => SubscribeField::Quantity,
                    _ => SubscribeField::Address,
                })
            })
    }
}
