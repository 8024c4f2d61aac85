//! The catalog's pages: the home page, a product, a category, a storefront, and a list of goods.

use crate::domain::{
    catalog::{Category, Localized, Picture, ProductCard, SellerRef, UnitSize, Voice},
    compare::{Cheapest, ComparedOffer, DeliverTo, GoodRef, PriceHistory},
    search::{Facets, ListParams, PAGE_SIZE},
    ProductId, Won,
};
use serde::{Deserialize, Serialize};

/// Everything the product page shows about the product itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub id: ProductId,
    pub name: Localized,
    pub description: Localized,
    pub price: Won,
    pub unit: UnitSize,
    pub stock: u32,
    pub weight_g: u32,
    pub volume_ml: u32,
    pub category: Category,
    pub seller: SellerRef,
    pub pictures: Vec<Picture>,
    pub voice: Option<Voice>,
    pub video: Option<crate::domain::catalog::Video>,
    /// The comparison group the product belongs to, if any.
    pub good: Option<GoodRef>,
    /// The same good from other sellers, cheapest per unit first.
    pub other_offers: Vec<ComparedOffer>,
    /// Its prices over the last `HISTORY_DAYS` days.
    pub history: PriceHistory,
    /// Its seller delivers it on a schedule: a standing order can be set up.
    pub on_schedule: bool,
}

/// `/p/{id}`: the product, and its delivered price and its competitors' where a district is chosen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductPage {
    pub product: ProductDetail,
    /// The product as one offer among `other_offers`, delivered to the chosen district.
    pub offer: ComparedOffer,
    pub cheapest: Cheapest,
    pub deliver_to: DeliverTo,
}

/// `/c/{slug}`: a category, its place in the tree and its goods (those of its subcategories too).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryPage {
    pub category: Category,
    pub parent: Option<Category>,
    pub children: Vec<Category>,
    pub list: ListPage,
}

/// `/s/{slug}`: a seller's storefront.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerPage {
    pub seller: SellerRef,
    pub list: ListPage,
}

/// The home page: the category tree's top level and a first page of goods.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomePage {
    pub categories: Vec<Category>,
    pub products: Vec<ProductCard>,
}

/// One page of a list, with the facets of the whole result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPage {
    pub params: ListParams,
    pub total: u64,
    pub items: Vec<ProductCard>,
    pub facets: Facets,
    /// A search that found nothing: the nearest query that finds something (`크림방` → `크림빵`).
    pub suggestion: Option<String>,
}

impl ListPage {
    pub fn pages(&self) -> u32 {
        u32::try_from(self.total.div_ceil(u64::from(PAGE_SIZE)))
            .unwrap_or(u32::MAX)
            .max(1)
    }
}
