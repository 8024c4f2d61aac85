//! The seller console: a seller's goods with their stock, as its staff see them.

use super::{catalog::Localized, ProductId, Won};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleItem {
    pub id: ProductId,
    pub name: Localized,
    pub price: Won,
    pub stock: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockList {
    pub seller: Localized,
    pub items: Vec<ConsoleItem>,
}

/// The most one product can have in stock (a typo guard, not a warehouse limit).
pub const MAX_STOCK: u32 = 1_000_000;
