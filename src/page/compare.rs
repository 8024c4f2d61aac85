//! The comparison's pages: the tray side by side, and every offer of one good.

use crate::domain::{
    compare::{Cheapest, ComparedOffer, DeliverTo, GoodRef},
    ProductId,
};
use serde::{Deserialize, Serialize};

/// One column of the comparison page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Column {
    Offer(Box<ComparedOffer>),
    /// The product is in the tray but no longer sold.
    Unavailable(ProductId),
}

/// `/compare`: the tray's items side by side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparisonPage {
    pub columns: Vec<Column>,
    pub cheapest: Cheapest,
    pub deliver_to: DeliverTo,
}

/// `/g/{slug}`: every offer of one good.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupPage {
    pub good: GoodRef,
    pub offers: Vec<ComparedOffer>,
    pub cheapest: Cheapest,
    pub deliver_to: DeliverTo,
}
