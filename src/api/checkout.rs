//! Checkout: the confirmation page (every amount computed on the server, never taken from the
//! browser) and the pay button. The rules are `server::service::checkout`'s.

use crate::{domain::CheckoutId, error::AppError, page::order::CheckoutPage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

crate::form_fields! {
    /// The confirmation page's pay form (and the quantity of a good bought at once).
    pub enum PayField {
        Address => "address",
        Slot => "slot",
        Instrument => "instrument",
        Pin => "pin",
        Quantity => "quantity",
    }
}

access!(GetCheckout => BUYERS);
/// `/checkout`: what will be bought, delivered where and when, paid with what, and every amount.
/// `item` and `qty` buy one item at once; without them the whole cart is checked out. `address`,
/// `slot` and `instrument` choose among the shopper's own (defaults when absent or not theirs).
#[server(endpoint = "checkout/page")]
pub async fn get_checkout(
    item: Option<String>,
    qty: Option<String>,
    address: Option<String>,
    slot: Option<String>,
    instrument: Option<String>,
) -> Result<CheckoutPage, AppError> {
    use crate::{
        domain::{slot::Slot, AddressId, InstrumentId},
        server::service::checkout::{quote, Choice},
    };
    let cx = super::ssr::guard::<GetCheckout>()?;
    let items = ssr::items(item.as_deref(), qty.as_deref())?;
    let choice = Choice {
        address: address.and_then(|a| a.parse::<AddressId>().ok()),
        slot: slot.and_then(|s| Slot::parse(&s).ok()),
        instrument: instrument.and_then(|i| i.parse::<InstrumentId>().ok()),
    };
    Ok(quote(cx.services(), cx.signed_in()?, items, choice).await?)
}

/// The pay button's form, as posted: what the confirmation page showed, the PIN, the page's key
/// and the total the shopper saw.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PayForm {
    pub item: Option<String>,
    pub qty: Option<String>,
    pub address: String,
    pub slot: String,
    pub instrument: String,
    pub pin: String,
    pub key: String,
    pub total: String,
}

access!(PlaceOrder => BUYERS);
/// The pay button. `total` is what the shopper saw and confirmed: if the total computed now is
/// different (a price changed), nothing happens and the new total comes back. The same `key`
/// again (a double tap, a retried request) answers with the same checkout.
#[server(endpoint = "checkout/place")]
pub async fn place_order(#[server(flatten)] form: PayForm) -> Result<CheckoutId, AppError> {
    let cx = super::ssr::guard::<PlaceOrder>()?;
    let placed = ssr::place(&cx, form).await;
    let refused = placed.as_ref().err().map(ssr::refusal_reason);
    cx.metrics()
        .checkout(refused.as_deref().map_or(Ok(()), Err));
    let placed = placed?;
    cx.then_go(&super::ssr::local(&format!("/orders/placed/{placed}")));
    Ok(placed)
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::{PayField, PayForm};
    use crate::{
        domain::{
            form::{FieldErrors, FieldProblem},
            order::CheckoutKey,
            payment::Pin,
            quantity::Quantity,
            slot::Slot,
            AddressId, CheckoutId, InstrumentId, ProductId, Won,
        },
        error::AppError,
        server::{
            access::Caller,
            service::checkout::{self, Items, Pay},
        },
    };

    /// Why a checkout was refused, as `/metrics` counts it.
    pub fn refusal_reason(e: &AppError) -> String {
        match e {
            AppError::Refused(r) => format!("{r:?}")
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("refused")
                .to_string(),
            AppError::Invalid(_) => "invalid".into(),
            AppError::BadRequest(_) => "bad_request".into(),
            AppError::Unauthorized | AppError::Forbidden => "not_allowed".into(),
            AppError::NotFound => "not_found".into(),
            _ => "error".into(),
        }
    }

    /// What is being bought: one item (`item` + `qty`) or the cart.
    pub fn items(item: Option<&str>, qty: Option<&str>) -> Result<Items, AppError> {
        match item.filter(|i| !i.is_empty()) {
            Some(item) => {
                let id = item.parse::<ProductId>().map_err(|_| AppError::NotFound)?;
                let q = Quantity::parse(qty.unwrap_or("1"))
                    .map_err(|p| AppError::invalid(PayField::Quantity, p))?;
                Ok(Items::One(id, q))
            }
            None => Ok(Items::Cart),
        }
    }

    /// Parses the form, then places the checkout.
    pub async fn place(cx: &Caller, form: PayForm) -> Result<CheckoutId, AppError> {
        let session = cx.signed_in()?;
        let mut errs = FieldErrors::default();
        let address = errs.check(
            PayField::Address,
            form.address
                .parse::<AddressId>()
                .map_err(|_| FieldProblem::Required),
        );
        let slot = errs.check(PayField::Slot, Slot::parse(&form.slot));
        let instrument = errs.check(
            PayField::Instrument,
            form.instrument
                .parse::<InstrumentId>()
                .map_err(|_| FieldProblem::InstrumentUnknown),
        );
        let pin = errs.check(PayField::Pin, Pin::parse(&form.pin));
        let total = form.total.parse::<Won>().ok().filter(|t| !t.is_negative());
        let (Some(key), Some(total)) = (CheckoutKey::parse(&form.key), total) else {
            return Err(AppError::BadRequest("checkout key or total missing".into()));
        };
        let (Some(address), Some(slot), Some(instrument), Some(pin)) =
            (address, slot, instrument, pin)
        else {
            return Err(errs.into());
        };
        let pay = Pay {
            items: items(form.item.as_deref(), form.qty.as_deref())?,
            address,
            slot,
            instrument,
            pin: &pin,
            key: &key,
            total,
        };
        checkout::place(cx.services(), session, &pay)
            .await
            .map(|placed| placed.checkout)
            .map_err(|e| {
                e.answer(|p| match p {
                    FieldProblem::SlotInvalid => PayField::Slot,
                    FieldProblem::PinWrong | FieldProblem::PinFormat => PayField::Pin,
                    FieldProblem::InstrumentUnknown => PayField::Instrument,
                    _ => PayField::Address,
                })
            })
    }
}
