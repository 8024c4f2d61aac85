//! The seller console: a seller's goods with their stock, as its staff see them.

use crate::domain::{catalog::Localized, order::OrderSummary, quantity::Quantity, ProductId, Won};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleItem {
    pub id: ProductId,
    pub name: Localized,
    pub price: Won,
    pub stock: u32,
    /// Hidden by the seller: in no list, search or comparison, and not for sale.
    pub hidden: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockList {
    pub seller: Localized,
    pub items: Vec<ConsoleItem>,
}

/// An order to hand over, with what to pack: each good and how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandOver {
    pub order: OrderSummary,
    pub pack: Vec<(Localized, Quantity)>,
}
