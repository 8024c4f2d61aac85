//! Catalog records as the pages see them.

use super::{CategoryId, ProductId, SellerId, Won};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// A text in both UI languages. Every name and description on Okryu has both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub ko: String,
    pub en: String,
}

impl Localized {
    pub fn new(ko: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            ko: ko.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }
}

/// What one sale unit of a product contains, for unit prices and labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnitKind {
    Grams,
    Millilitres,
    Pieces,
    Pairs,
}

impl UnitKind {
    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Grams => "g",
            UnitKind::Millilitres => "ml",
            UnitKind::Pieces => "piece",
            UnitKind::Pairs => "pair",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "g" => UnitKind::Grams,
            "ml" => UnitKind::Millilitres,
            "piece" => UnitKind::Pieces,
            "pair" => UnitKind::Pairs,
            _ => return None,
        })
    }
}

/// The contents of one sale unit, e.g. 10 pieces or 500 g.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitSize {
    pub kind: UnitKind,
    pub amount: u32,
}

impl UnitSize {
    pub fn label(self, lang: Lang) -> String {
        let n = self.amount;
        match (self.kind, lang) {
            (UnitKind::Grams, _) => format!("{n} g"),
            (UnitKind::Millilitres, _) => format!("{n} ml"),
            (UnitKind::Pieces, Lang::Ko) => format!("{n}개"),
            (UnitKind::Pieces, Lang::En) if n == 1 => "1 piece".to_string(),
            (UnitKind::Pieces, Lang::En) => format!("{n} pieces"),
            (UnitKind::Pairs, Lang::Ko) => format!("{n}켤레"),
            (UnitKind::Pairs, Lang::En) if n == 1 => "1 pair".to_string(),
            (UnitKind::Pairs, Lang::En) => format!("{n} pairs"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: CategoryId,
    pub slug: String,
    pub name: Localized,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerRef {
    pub id: SellerId,
    pub slug: String,
    pub name: Localized,
    pub city: Localized,
}

/// A product as listed on a page of many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductCard {
    pub id: ProductId,
    pub name: Localized,
    pub price: Won,
    pub unit: UnitSize,
    pub seller: Localized,
}

/// Everything the product page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub id: ProductId,
    pub name: Localized,
    pub description: Localized,
    pub price: Won,
    pub unit: UnitSize,
    pub stock: u32,
    pub category: Category,
    pub seller: SellerRef,
}

/// The home page: the category tree's top level and a first page of goods.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomePage {
    pub categories: Vec<Category>,
    pub products: Vec<ProductCard>,
}
