//! Pages and components, by capability.

/// Where a page's content is, for the `Enhance` and `SearchBox` islands to put a new version of it.
pub const PAGE_ID: &str = "page";

pub mod account;
pub mod admission;
pub mod bank;
#[cfg(feature = "hydrate")]
mod browser;
pub mod bulk;
pub mod cart;
pub mod category;
pub mod chart;
pub mod checkout;
pub mod compare;
pub mod console;
pub mod delivery;
pub mod errors;
pub mod food;
pub mod form;
pub mod head;
pub mod home;
pub mod i18n;
pub mod islands;
pub mod kitchen;
pub mod layout;
pub mod list;
pub mod listing;
pub mod load;
pub mod moderation;
pub mod operator;
pub mod orders;
pub mod people;
pub mod picture;
pub mod product;
pub mod review;
pub mod sales;
pub mod search;
pub mod seller;
pub mod sign_in;
pub mod staff;
pub mod standing;
pub mod wallet;
pub mod words;
