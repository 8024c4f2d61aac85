//! Pages and components, by capability.

pub mod errors;
pub mod home;
pub mod i18n;
pub mod layout;
pub mod product;
