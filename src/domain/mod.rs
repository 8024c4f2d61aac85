//! Pure domain types: no I/O, compiled for both the server and the browser.

pub mod account;
pub mod admission;
pub mod bulk;
pub mod cart;
pub mod catalog;
pub mod compare;
pub mod delivery;
pub mod dispatch;
pub mod food;
pub mod form;
pub mod ids;
pub mod listing;
pub mod moderation;
pub mod money;
pub mod order;
pub mod path;
pub mod payment;
pub mod people;
pub mod quantity;
pub mod review;
pub mod sales;
pub mod search;
pub mod slot;
pub mod standing;
pub mod tariff;
pub mod time;
pub mod traffic;
pub mod wholesale;

pub use ids::{
    AddressId, ApplicationId, BulkId, CategoryId, CheckoutId, CityId, DishId, DishOptionId, GoodId,
    InstrumentId, MediaId, OrderId, ProductId, ReviewId, SellerId, StandingId, UserId,
};
pub use money::{MoneyError, Won};
pub use path::LocalPath;
