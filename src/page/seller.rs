//! The seller console: a seller's goods with their stock, as its staff see them.

use crate::domain::{catalog::Localized, ProductId, Won};
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
