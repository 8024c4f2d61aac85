//! Reviews as pages show them: on the product page, on the buyer's order page, at the seller's
//! console and in the operators' queue of reported reviews.

use crate::domain::{
    catalog::{Localized, Picture},
    review::{RatingSummary, ReviewOrder, Stars},
    ProductId, ReviewId,
};
use serde::{Deserialize, Serialize};

/// A review as everyone reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownReview {
    pub id: ReviewId,
    pub stars: Stars,
    pub body: String,
    /// The reviewer's masked name (`김**`).
    pub author: String,
    pub written_at: i64,
    pub edited: bool,
    pub helpful: u32,
    /// The seller's answer and when it was given.
    pub answer: Option<(String, i64)>,
    /// The buyer's pictures, in the order they were added.
    pub pictures: Vec<Picture>,
}

/// The product page's reviews: the figures of all shown reviews and the first `SHOWN_REVIEWS`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductReviews {
    pub summary: RatingSummary,
    pub order: ReviewOrder,
    pub items: Vec<ShownReview>,
}

/// The buyer's own review of one delivered line, as their order page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnReview {
    pub stars: Stars,
    pub body: String,
    /// Until when it can be changed (the end of its `EDIT_DAYS`).
    pub editable_until: i64,
    pub answer: Option<String>,
    /// An operator hid it, for this reason.
    pub hidden_because: Option<String>,
    /// The pictures the buyer added, in order.
    pub pictures: Vec<Picture>,
}

/// A delivered line of the buyer's order: its review, or none yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineReview {
    pub product: ProductId,
    pub name: Localized,
    pub review: Option<OwnReview>,
    /// Whether the buyer may write or change it now.
    pub open: bool,
}

/// A review of one of the seller's goods, at the seller's console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerReview {
    pub review: ShownReview,
    pub product: ProductId,
    pub name: Localized,
}

/// A review shoppers reported, waiting for an operator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportedReview {
    pub review: ShownReview,
    pub product: ProductId,
    pub name: Localized,
    /// How many shoppers reported it since an operator last kept it.
    pub reports: u32,
}
