//! Buying's pages: the cart, the confirmation page, the wallet and an order.

use crate::domain::{
    account::SavedAddress,
    cart::{SellerGroup, Totals},
    compare::DeliverTo,
    delivery::{Distance, Vehicle},
    dispatch::FailureReason,
    order::{OrderEvent, OrderLine, OrderSummary},
    payment::{Instrument, Payment},
    slot::Slot,
    AddressId, InstrumentId, Won,
};
use serde::{Deserialize, Serialize};

/// The order page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub summary: OrderSummary,
    pub lines: Vec<OrderLine>,
    pub events: Vec<OrderEvent>,
    pub vehicle: Vehicle,
    pub distance: Distance,
    pub estimate_min: u32,
    pub address: String,
    /// The courier carrying it, once the office has assigned one: name and vehicle.
    pub courier: Option<(String, Vehicle)>,
    /// The confirmation code: only for the shopper who placed it, until it is delivered.
    pub code: Option<String>,
    pub payment: Payment,
    pub failure: Option<FailureReason>,
    /// What changes whenever anything the page shows of the order changes (the open page asks
    /// `orders/live` whether it still holds).
    pub version: String,
    /// A hot-food order's dishes and promise.
    pub food: Option<crate::page::food::FoodOrderPart>,
}

/// The cart page: the goods by seller, priced to the shopper's default address when known.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartPage {
    pub groups: Vec<SellerGroup>,
    pub totals: Option<Totals>,
    pub signed_in: bool,
    /// A guest's prices are delivered to the district they pick (a shopper's to their address).
    pub deliver_to: Option<DeliverTo>,
}

/// The checkout page: everything the shopper confirms, as the server computed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutPage {
    pub groups: Vec<SellerGroup>,
    pub totals: Option<Totals>,
    pub addresses: Vec<SavedAddress>,
    pub address: Option<AddressId>,
    pub slots: Vec<Slot>,
    pub slot: Option<Slot>,
    pub instruments: Vec<Instrument>,
    pub instrument: Option<InstrumentId>,
    /// A fresh key for this confirmation: pressing pay twice places one checkout.
    pub key: String,
    /// Some price differs from when the goods went into the cart.
    pub price_changed: bool,
}

/// The wallet: the balance and the instruments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wallet {
    pub balance: Won,
    pub instruments: Vec<Instrument>,
}
