//! Pure domain types: no I/O, compiled for both the server and the browser.

pub mod catalog;
pub mod ids;
pub mod money;

pub use ids::{CategoryId, ProductId, SellerId};
pub use money::{MoneyError, Won};
