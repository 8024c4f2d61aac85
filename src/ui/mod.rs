//! Pages and components, by capability.

pub mod account;
pub mod category;
pub mod chart;
pub mod compare;
pub mod console;
pub mod errors;
pub mod form;
pub mod home;
pub mod i18n;
pub mod layout;
pub mod list;
pub mod product;
pub mod search;
pub mod seller;
