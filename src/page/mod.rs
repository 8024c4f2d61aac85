//! What each page shows: the data a server function hands its page, made of domain values. Pure
//! data for both targets; built on the server (by services and reads), rendered by `ui`.

pub mod account;
pub mod catalog;
pub mod compare;
pub mod delivery;
pub mod food;
pub mod form;
pub mod order;
pub mod review;
pub mod seller;
pub mod standing;
