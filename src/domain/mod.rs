//! Pure domain types: no I/O, compiled for both the server and the browser.

pub mod catalog;
pub mod compare;
pub mod delivery;
pub mod ids;
pub mod money;
pub mod search;

pub use ids::{CategoryId, MediaId, ProductId, SellerId};
pub use money::{MoneyError, Won};
