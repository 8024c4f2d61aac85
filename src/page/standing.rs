//! Standing orders' pages: `/subscriptions` (the shopper's standing orders, each with its next
//! delivery and how the last ones went) and `/subscriptions/new` (setting one up with the PIN).

use crate::domain::{
    account::SavedAddress,
    catalog::Localized,
    payment::Instrument,
    quantity::Quantity,
    slot::Slot,
    standing::{Every, Failure},
    ProductId, StandingId, Won,
};
use serde::{Deserialize, Serialize};

/// How one delivery of a standing order went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeliveryState {
    Placed,
    Failed(Failure),
    Missed,
    Skipped,
}

impl DeliveryState {
    /// As stored: its status and reason.
    pub fn from_stored(status: &str, reason: Option<&str>) -> Option<DeliveryState> {
        Some(match status {
            "placed" => DeliveryState::Placed,
            "failed" => DeliveryState::Failed(Failure::from_code(reason?)?),
            "missed" => DeliveryState::Missed,
            "skipped" => DeliveryState::Skipped,
            _ => return None,
        })
    }
}

/// One good of a standing order, at its price now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandingLine {
    pub product: ProductId,
    pub name: Localized,
    pub seller: Localized,
    pub price: Won,
    pub quantity: Quantity,
}

/// One of the shopper's standing orders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandingView {
    pub id: StandingId,
    pub lines: Vec<StandingLine>,
    pub every: Every,
    pub window: u8,
    /// Where it goes and what pays for it.
    pub address: String,
    pub instrument: String,
    /// The most a delivery may cost under its standing authorisation.
    pub cap: Won,
    /// When the shopper authorised it (UTC seconds).
    pub authorised_at: i64,
    /// The next delivery (none while paused until resumed).
    pub next: Option<Slot>,
    /// Paused until this Pyongyang day.
    pub resumes_on: Option<i64>,
    /// Paused until the shopper resumes it (three failed deliveries in a row).
    pub paused: bool,
    /// The deliveries of the last days and those skipped ahead: day and how it went, newest first.
    pub recent: Vec<(i64, DeliveryState)>,
}

/// `/subscriptions`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionsPage {
    pub standing: Vec<StandingView>,
    /// Deliveries that failed or were missed since the shopper last looked: standing order, day,
    /// how it went.
    pub news: Vec<(StandingId, i64, DeliveryState)>,
    /// Today's Pyongyang day (a pause's date is after it).
    pub today: i64,
}

/// `/subscriptions/new?item=…`: the good, and the shopper's addresses and ways to pay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSubscriptionPage {
    pub product: ProductId,
    pub name: Localized,
    pub seller: Localized,
    pub price: Won,
    pub addresses: Vec<SavedAddress>,
    pub instruments: Vec<Instrument>,
    /// The first delivery if set up now, in the first window.
    pub first: Option<Slot>,
    /// The cap the form suggests: three times the price, in whole won.
    pub cap: Won,
}
