//! An order's life: its states and the moves between them (`can_become` is the whole state
//! machine), and orders as lists show them.

use super::{
    catalog::Localized, quantity::Quantity, slot::Slot, CheckoutId, OrderId, ProductId, Won,
};
use serde::{Deserialize, Serialize};

/// Where an order is in its life. `can_become` is the whole state machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatus {
    /// Paid for with a hold; waiting for the seller.
    Placed,
    /// The seller is preparing it.
    Accepted,
    /// Packed and waiting for a courier.
    Ready,
    /// On its way: the hold has been captured.
    PickedUp,
    Delivered,
    /// Called off before pickup: the hold is voided and the stock returned.
    Cancelled,
    /// The courier could not hand it over.
    DeliveryFailed,
    /// The captured money went back to the shopper.
    Refunded,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 8] = [
        OrderStatus::Placed,
        OrderStatus::Accepted,
        OrderStatus::Ready,
        OrderStatus::PickedUp,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
        OrderStatus::DeliveryFailed,
        OrderStatus::Refunded,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::Placed => "placed",
            OrderStatus::Accepted => "accepted",
            OrderStatus::Ready => "ready",
            OrderStatus::PickedUp => "picked_up",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::DeliveryFailed => "delivery_failed",
            OrderStatus::Refunded => "refunded",
        }
    }

    pub fn from_code(code: &str) -> Option<OrderStatus> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether an order in this state may move to `next`.
    pub fn can_become(self, next: OrderStatus) -> bool {
        use OrderStatus::*;
        matches!(
            (self, next),
            (Placed, Accepted)
                | (Accepted, Ready)
                | (Ready, PickedUp)
                | (PickedUp, Delivered)
                | (PickedUp, DeliveryFailed)
                | (Placed | Accepted | Ready, Cancelled)
                | (Delivered | DeliveryFailed, Refunded)
        )
    }

    /// Whether the order's money is still held (not yet captured or released).
    pub fn holds_money(self) -> bool {
        matches!(
            self,
            OrderStatus::Placed | OrderStatus::Accepted | OrderStatus::Ready
        )
    }

    /// Whether the order is on (or waiting for) a courier's round.
    pub fn on_round(self) -> bool {
        matches!(self, OrderStatus::Ready | OrderStatus::PickedUp)
    }

    /// Whether nothing more happens to the order by itself (the tracking page stops asking).
    pub fn settled(self) -> bool {
        matches!(
            self,
            OrderStatus::Delivered
                | OrderStatus::Cancelled
                | OrderStatus::DeliveryFailed
                | OrderStatus::Refunded
        )
    }

    /// Whether the shopper may still call the order off themselves (before the seller packs it).
    pub fn shopper_can_cancel(self) -> bool {
        matches!(self, OrderStatus::Placed | OrderStatus::Accepted)
    }
}

/// An order could not move: it is in `from`, which can't become `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IllegalTransition {
    pub from: OrderStatus,
    pub to: OrderStatus,
}

/// The key a confirmation page gives its pay button: pressing it twice, or a request sent again,
/// places one checkout. 16 to 64 letters, digits and dashes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckoutKey(String);

impl CheckoutKey {
    pub fn parse(raw: &str) -> Option<CheckoutKey> {
        ((16..=64).contains(&raw.len())
            && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .then(|| CheckoutKey(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One order in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: OrderId,
    pub checkout: CheckoutId,
    pub status: OrderStatus,
    pub seller: Localized,
    pub created_at: i64,
    pub goods: Won,
    pub fee: Won,
    pub total: Won,
    /// Pieces in all.
    pub items: u32,
    pub slot: Slot,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub product: ProductId,
    pub name: Localized,
    pub price: Won,
    pub quantity: Quantity,
    pub amount: Won,
}

/// The notes the service writes on an event itself (stored as these words; staff's own notes are
/// shown as they wrote them): a page shows them in its language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SystemNote {
    CancelledByShopper,
    HoldExpired,
    /// A kitchen began cooking the order's dishes.
    Cooking,
}

impl SystemNote {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            SystemNote::CancelledByShopper => "cancelled by the shopper",
            SystemNote::HoldExpired => "hold expired",
            SystemNote::Cooking => "cooking",
        }
    }

    pub fn parse(note: &str) -> Option<SystemNote> {
        [
            SystemNote::CancelledByShopper,
            SystemNote::HoldExpired,
            SystemNote::Cooking,
        ]
        .into_iter()
        .find(|n| n.as_str() == note)
    }
}

/// A change of an order's state, when it happened and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEvent {
    pub status: OrderStatus,
    pub at: i64,
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_state_machine_allows_only_the_lifecycle() {
        use OrderStatus::*;
        let path = [Placed, Accepted, Ready, PickedUp, Delivered, Refunded];
        for pair in path.windows(2) {
            assert!(pair[0].can_become(pair[1]), "{pair:?}");
        }
        assert!(!Placed.can_become(Delivered));
        assert!(!Accepted.can_become(PickedUp));
        assert!(!Ready.can_become(Delivered), "delivered before picked up");
        assert!(
            !PickedUp.can_become(Cancelled),
            "no cancelling goods on the road"
        );
        assert!(!Cancelled.can_become(Placed));
        assert!(!Delivered.can_become(DeliveryFailed));
        assert!(PickedUp.can_become(DeliveryFailed) && DeliveryFailed.can_become(Refunded));
        for s in OrderStatus::ALL {
            assert!(!s.can_become(s), "{s:?} to itself");
            assert_eq!(OrderStatus::from_code(s.code()), Some(s));
            assert!(!Refunded.can_become(s));
        }
    }
}
