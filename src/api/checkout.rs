//! Checkout: the confirmation page (every amount computed here, never taken from the browser) and
//! the pay button, which places one order per seller under a hold on the shopper's account.

// The pay button posts eight form fields; `#[server]` turns them into arguments of functions it
// generates, where an attribute on `place_order` does not reach.
#![allow(clippy::too_many_arguments)]

use crate::{domain::CheckoutId, error::AppError, page::order::CheckoutPage};
use leptos::prelude::*;

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
        domain::{
            cart::{group_by_seller, Totals},
            dispatch::slot_needs,
            slot::Slot,
            AddressId, InstrumentId,
        },
        server::shop,
    };
    let session = super::ssr::signed_in(ssr::BUYERS)?;
    let state = super::ssr::state()?;
    let user = session.viewer.id;
    let now = state.clock.now();
    let items = ssr::items(&state, user, item.as_deref(), qty.as_deref()).await?;
    let addresses = state.db.accounts().addresses(user).await?;
    let address = address
        .and_then(|a| a.parse::<AddressId>().ok())
        .filter(|a| addresses.iter().any(|x| x.id == *a))
        .or_else(|| addresses.iter().find(|a| a.is_default).map(|a| a.id));
    let to = match address {
        Some(a) => state.db.orders().address_point(user, a).await?,
        None => None,
    };
    let lines = state.db.orders().lines(&items).await?;
    let price_changed = lines.iter().any(|(_, l)| l.was.is_some());
    let logistics = state.db.logistics();
    let tariff = logistics.tariff().await?;
    let groups = group_by_seller(lines, to, &tariff);
    // A slot is offered only while every seller's city has couriers free in it.
    let needs = slot_needs(&groups);
    let mut slots = Slot::offered(now);
    let full = logistics.full_slots(&needs, &slots, &tariff).await?;
    slots.retain(|s| !full.contains(s));
    let slot = slot
        .and_then(|s| Slot::parse_offered(&s, now).ok())
        .filter(|s| slots.contains(s))
        .or_else(|| slots.first().copied());
    // Only what this browser's session may pay with is offered.
    let instruments: Vec<_> = state
        .db
        .bank()
        .instruments(user, (&session.token_hash, session.created_at))
        .await?
        .into_iter()
        .filter(|i| i.usable)
        .collect();
    let instrument = instrument
        .and_then(|i| i.parse::<InstrumentId>().ok())
        .filter(|i| instruments.iter().any(|x| x.id == *i))
        .or_else(|| instruments.first().map(|i| i.id));
    Ok(CheckoutPage {
        totals: Totals::of(&groups),
        groups,
        addresses,
        address,
        slots,
        slot,
        instruments,
        instrument,
        key: shop::random_hex()?,
        price_changed,
    })
}

/// The pay button. `total` is what the shopper saw and confirmed: if the total computed now is
/// different (a price changed), nothing happens and the new total comes back. The same `key`
/// again (a double tap, a retried request) answers with the same checkout.
#[server(endpoint = "checkout/place")]
pub async fn place_order(
    item: Option<String>,
    qty: Option<String>,
    address: String,
    slot: String,
    instrument: String,
    pin: String,
    key: String,
    total: String,
) -> Result<CheckoutId, AppError> {
    let placed = ssr::place(ssr::PayForm {
        item,
        qty,
        address,
        slot,
        instrument,
        pin,
        key,
        total,
    })
    .await;
    if let Ok(state) = super::ssr::state() {
        match &placed {
            Ok(_) => state.metrics.checkout(true, ""),
            Err(e) => state.metrics.checkout(false, &ssr::refusal_reason(e)),
        }
    }
    let placed = placed?;
    super::ssr::then_go(
        &crate::domain::LocalPath::parse(&format!("/orders/placed/{placed}"))
            .unwrap_or_else(crate::domain::LocalPath::home),
    );
    Ok(placed)
}

#[cfg(feature = "ssr")]
fn minutes_until(until: i64, now: i64) -> u32 {
    u32::try_from((until - now + 59) / 60).unwrap_or(1).max(1)
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::{
        domain::{quantity::Quantity, ProductId, UserId},
        error::AppError,
        server::{db::orders::CartOwner, state::AppState},
    };

    /// Who buys: shoppers and business buyers.
    pub use crate::server::auth::BUYERS;

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

    /// The pay button's form, as posted.
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

    /// Checks the PIN and places the checkout (see `place_order`).
    pub async fn place(form: PayForm) -> Result<crate::domain::CheckoutId, AppError> {
        let PayForm {
            item,
            qty,
            address,
            slot,
            instrument,
            pin,
            key,
            total,
        } = form;
        use crate::{
            domain::{
                form::{FieldErrors, FieldProblem},
                payment::{Pin, PIN_LOCK_SECS, PIN_TRIES},
                slot::Slot,
                AddressId, InstrumentId, Won,
            },
            error::Refusal,
            server::db::{
                bank::{PinGate, PinOutcome},
                orders::{Placed, Placement},
            },
        };
        let session = crate::api::ssr::signed_in(BUYERS)?;
        let state = crate::api::ssr::state()?;
        let user = session.viewer.id;
        let now = state.clock.now();

        let mut errs = FieldErrors::default();
        let address = errs.check(
            super::PayField::Address,
            address
                .parse::<AddressId>()
                .map_err(|_| FieldProblem::Required),
        );
        let slot = errs.check(super::PayField::Slot, Slot::parse_offered(&slot, now));
        let instrument = errs.check(
            super::PayField::Instrument,
            instrument
                .parse::<InstrumentId>()
                .map_err(|_| FieldProblem::InstrumentUnknown),
        );
        let pin = errs.check(super::PayField::Pin, Pin::parse(&pin));
        let expected_total = total.parse::<Won>().ok().filter(|t| !t.is_negative());
        let key_ok = (16..=64).contains(&key.len())
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !key_ok || expected_total.is_none() {
            return Err(AppError::BadRequest("checkout key or total missing".into()));
        }
        let (Some(address), Some(slot), Some(instrument), Some(pin), Some(expected_total)) =
            (address, slot, instrument, pin, expected_total)
        else {
            return Err(errs.into());
        };
        // A retried or doubled request: the checkout it already placed (the cart it emptied is no
        // reason to refuse).
        if let Some(done) = state.db.orders().checkout_by_key(user, &key).await? {
            return Ok(done);
        }
        let items: Vec<_> = items(&state, user, item.as_deref(), qty.as_deref())
            .await?
            .into_iter()
            .map(|(id, q, _)| (id, q))
            .collect();
        if items.is_empty() {
            return Err(AppError::Refused(Refusal::EmptyCart));
        }

        // The instrument must be the shopper's, not locked, and the PIN right. The try is counted
        // before the PIN is compared.
        let bank = state.db.bank();
        let (account, salt, hash) = match bank
            .take_pin_try(
                instrument,
                user,
                (&session.token_hash, session.created_at),
                PIN_TRIES,
                now,
            )
            .await?
        {
            PinGate::Try {
                account,
                salt,
                hash,
            } => (account, salt, hash),
            PinGate::Locked { until } => {
                return Err(AppError::Refused(Refusal::PinLocked {
                    minutes: super::minutes_until(until, now),
                }))
            }
            PinGate::Unknown => {
                return Err(AppError::invalid(
                    super::PayField::Instrument,
                    FieldProblem::InstrumentUnknown,
                ))
            }
        };
        let right = state.secret.pin(&salt, pin.expose()) == hash;
        match bank
            .settle_pin_try(instrument, right, PIN_TRIES, now + PIN_LOCK_SECS)
            .await?
        {
            PinOutcome::Right => {}
            PinOutcome::Wrong(n) => {
                tracing::info!(user = %user, instrument = %instrument, wrong = n, "wrong PIN");
                return Err(AppError::invalid(
                    super::PayField::Pin,
                    FieldProblem::PinWrong,
                ));
            }
            PinOutcome::LockedNow => {
                tracing::info!(user = %user, instrument = %instrument, "wrong PIN: locked");
                return Err(AppError::Refused(Refusal::PinLocked {
                    minutes: super::minutes_until(now + PIN_LOCK_SECS, now),
                }));
            }
        }

        let tariff = state.db.logistics().tariff().await?;
        let placed = state
            .db
            .orders()
            .place(&Placement {
                user,
                key: &key,
                items: &items,
                from_cart: item.is_none(),
                address,
                slot,
                instrument,
                account,
                expected_total,
                tariff: &tariff,
                now,
            })
            .await?;
        match placed {
            Placed::Placed(id) => {
                tracing::info!(user = %user, checkout = %id, total = %expected_total.grouped(), "checkout placed");
                Ok(id)
            }
            Placed::AlreadyPlaced(id) => Ok(id),
            Placed::UnknownProduct => Err(AppError::NotFound),
            Placed::UnknownAddress => Err(AppError::invalid(
                super::PayField::Address,
                FieldProblem::Required,
            )),
            Placed::OutOfStock { product, left } => {
                Err(AppError::Refused(Refusal::OutOfStock { product, left }))
            }
            Placed::Undeliverable(why) => Err(AppError::Refused(Refusal::Undeliverable(why))),
            Placed::PriceChanged { total } => {
                Err(AppError::Refused(Refusal::PriceChanged { total }))
            }
            Placed::Insufficient { missing } => {
                Err(AppError::Refused(Refusal::InsufficientFunds { missing }))
            }
            Placed::SlotFull => Err(AppError::Refused(Refusal::SlotFull)),
        }
    }

    /// What is being bought: one item (`item` + `qty`) or the user's cart, with each cart line's
    /// price when it went in.
    pub async fn items(
        state: &AppState,
        user: UserId,
        item: Option<&str>,
        qty: Option<&str>,
    ) -> Result<Vec<(ProductId, Quantity, Option<i64>)>, AppError> {
        match item.filter(|i| !i.is_empty()) {
            Some(item) => {
                let id = item.parse::<ProductId>().map_err(|_| AppError::NotFound)?;
                let q = Quantity::parse(qty.unwrap_or("1"))
                    .map_err(|p| AppError::invalid(super::PayField::Quantity, p))?;
                Ok(vec![(id, q, None)])
            }
            None => Ok(state
                .db
                .orders()
                .cart_items(&CartOwner::User(user))
                .await?
                .into_iter()
                .map(|(id, q, was)| (id, q, Some(was)))
                .collect()),
        }
    }
}
