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
    /// Withheld by the bureau, with why: hidden until an operator releases it.
    pub withheld: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockList {
    pub seller: Localized,
    pub items: Vec<ConsoleItem>,
    /// The viewer is the seller's manager (changes prices and the staff).
    pub manager: bool,
    /// Tomorrow's deliveries of standing orders, per good: how many units and for how many
    /// standing orders (the dairy plans its milk by it).
    pub tomorrow: Vec<StandingDemand>,
}

/// Tomorrow's standing-order demand for one of the seller's goods.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandingDemand {
    pub id: ProductId,
    pub name: Localized,
    pub units: u32,
    pub orders: u32,
}

/// Someone who works for a seller, as its manager sees them on `/seller/staff`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: crate::domain::UserId,
    pub name: String,
    pub phone: crate::domain::account::PhoneNumber,
    pub manager: bool,
}

/// `/seller/staff`: the seller's managers, then its staff, by name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffPage {
    pub seller: Localized,
    pub members: Vec<StaffMember>,
}

/// An order to hand over, with what to pack: each good and how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandOver {
    pub order: OrderSummary,
    pub pack: Vec<(Localized, Quantity)>,
}

/// A category a product may be listed in: a subcategory, with its parent's name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryChoice {
    pub id: crate::domain::CategoryId,
    pub parent: Localized,
    pub name: Localized,
}

/// `/seller/new` and `/seller/p/{id}`: the listing form, empty or filled in with the product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingPage {
    pub seller: Localized,
    /// The product being edited; `None` for a new one.
    pub product: Option<ProductId>,
    pub listing: crate::domain::listing::ListingInput,
    pub hidden: bool,
    pub categories: Vec<CategoryChoice>,
    /// The comparison groups, by Korean name.
    pub goods: Vec<(crate::domain::GoodId, Localized)>,
    /// The product's pictures, the main one first.
    pub pictures: Vec<crate::domain::catalog::Picture>,
    pub voice: Option<crate::domain::catalog::Voice>,
    pub video: Option<crate::domain::catalog::Video>,
    /// The viewer is the seller's manager: a listing's price is theirs to change (staff set the
    /// first price of a new listing only).
    pub manager: bool,
}

/// An uploaded file of prices and stock, compared with the goods as they are now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkFile {
    pub id: crate::domain::BulkId,
    pub name: String,
    /// Applied already (it is applied once): nothing is compared.
    pub applied: bool,
    pub comparison: crate::domain::bulk::Comparison,
}

/// `/seller/bulk`: the upload form, and the uploaded file's preview (`?file=`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkPage {
    pub seller: Localized,
    /// The viewer is the seller's manager (who alone changes prices).
    pub manager: bool,
    pub file: Option<BulkFile>,
}
