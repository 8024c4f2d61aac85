//! The shop's rules, one service per capability. A service takes a typed command, opens the
//! transaction, calls the repositories (`server::db`, which run SQL and nothing else) and returns
//! a typed outcome. Server functions call services; so will every other way in (the scheduler,
//! the partner API, a kitchen's screen): the rules live here once.
//!
//! - `accounts`: opening an account, its addresses and password, and the first operator;
//! - `auth`: passwords, sessions, signing in and the throttles on every password check;
//! - `catalog`: what the shop's pages read (home, lists, product pages, storefronts);
//! - `pricing`: offers priced delivered to the shopper's district with the stored tariff;
//! - `checkout`: the confirmation page's figures, and placing a checkout (the PIN, then stock,
//!   slots, orders and the hold, all or nothing);
//! - `orders`: moving an order through its states, with what each move does to stock, slots and
//!   money (the refund policy);
//! - `payments`: PINs, holds, captures, voids and refunds on the ledger; ways to pay;
//! - `bank`: the bank's counter (cards issued to residents, money paid in);
//! - `delivery`: the dispatch board, assignments and the courier's moves;
//! - `slots`: places in delivery slots, booked at checkout and given back when an order is called off;
//! - `cart`: what goes into a cart, and a guest's cart joining the account's;
//! - `seller`: the seller console (its goods, stock and orders to hand over);
//! - `bulk`: a seller's prices and stock from an uploaded CSV file, previewed, then applied at once;
//! - `staff`: a seller's people (its manager adds and removes staff);
//! - `people`: accounts for operators: roles granted and revoked, suspensions, the audit log;
//! - `operator`: the bureau's figures for operators (page views, visitors, sales by day);
//! - `reviews`: reviews from verified buyers, the seller's answers and their moderation;
//! - `moderation`: listings withheld by the bureau and their comparison groups corrected;
//! - `standing`: standing orders set up with the PIN, and the scheduler that places their
//!   deliveries.

pub mod accounts;
pub mod admission;
pub mod auth;
pub mod bank;
pub mod bulk;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod delivery;
pub mod food;
pub mod kitchen;
pub mod moderation;
pub mod operator;
pub mod orders;
pub mod payments;
pub mod people;
mod pictures;
pub mod pricing;
pub mod reviews;
pub mod seller;
pub mod slots;
pub mod staff;
pub mod standing;

use super::{clock::Clock, db::Db, db::DbError, secret::SecretKey};
use crate::{
    domain::form::{FieldErrors, FieldProblem, FormField, InvalidFields},
    error::{AppError, Refusal},
};

/// What the services work with: the database, the clock and the key PINs are digested with. Only
/// the server's own modules reach inside; the API layer hands it on.
#[derive(Clone, Copy)]
pub struct Services<'a> {
    pub(in crate::server) db: &'a Db,
    pub(in crate::server) clock: &'a Clock,
    pub(in crate::server) secret: &'a SecretKey,
}

impl<'a> Services<'a> {
    pub fn new(db: &'a Db, clock: &'a Clock, secret: &'a SecretKey) -> Self {
        Services { db, clock, secret }
    }

    /// The time now, by the application's clock (UTC seconds).
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Today's Pyongyang day number.
    pub fn today(&self) -> i64 {
        crate::domain::time::PyongyangTime::at(self.now()).day_number()
    }
}

/// Why a service did not do what it was asked. Entry points turn it into their own answer; a
/// server function with `answer` (naming the form field a problem belongs to) or `?`.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("not found")]
    NotFound,
    /// The caller may not do this (to this order, say).
    #[error("not allowed")]
    Forbidden,
    /// A value of the command that the rules refuse: a wrong PIN, an unknown instrument. The
    /// entry point shows it beside the field it came from.
    #[error("invalid: {0:?}")]
    Invalid(FieldProblem),
    /// A whole table the rules refuse, each problem by its field (the tariff).
    #[error("invalid: {0:?}")]
    Form(InvalidFields),
    /// The shop's rules refuse it as a whole (out of stock, a full slot, an illegal move).
    #[error("refused: {0:?}")]
    Refused(Refusal),
    /// A sign-in that failed: the same whether or not the account exists.
    #[error("wrong phone number or password")]
    BadCredentials,
    /// Too many tries of a password, a sign-in or a sign-up: try again in this many minutes.
    #[error("too many attempts: try again in {minutes} minutes")]
    TooManyAttempts { minutes: u32 },
    #[error(transparent)]
    Db(#[from] DbError),
    /// Something the server itself lacks (randomness, say): details are in the log.
    #[error("internal: {0}")]
    Internal(&'static str),
}

impl From<sqlx::Error> for ServiceError {
    fn from(err: sqlx::Error) -> Self {
        ServiceError::Db(err.into())
    }
}

impl ServiceError {
    /// A refusal of one field's value, shown beside that field.
    pub fn field<F: FormField>(field: F, problem: FieldProblem) -> Self {
        let mut errs = FieldErrors::default();
        errs.add(field, problem);
        ServiceError::Form(errs.into())
    }

    /// The answer of a server function whose form has the fields `F`: each problem beside the
    /// field `field_of` names.
    pub fn answer<F: FormField>(self, field_of: impl FnOnce(FieldProblem) -> F) -> AppError {
        match self {
            ServiceError::Invalid(p) => AppError::invalid(field_of(p), p),
            other => other.into(),
        }
    }
}

impl From<ServiceError> for AppError {
    fn from(err: ServiceError) -> Self {
        match err {
            ServiceError::NotFound => AppError::NotFound,
            ServiceError::Forbidden => AppError::Forbidden,
            ServiceError::Refused(r) => AppError::Refused(r),
            ServiceError::BadCredentials => AppError::BadCredentials,
            ServiceError::TooManyAttempts { minutes } => AppError::TooManyAttempts { minutes },
            ServiceError::Form(fields) => AppError::Invalid(fields),
            ServiceError::Db(e) => e.into(),
            ServiceError::Invalid(p) => {
                // Every service that can refuse a value is answered with `answer`.
                tracing::error!(problem = ?p, "a refused value without its form field");
                AppError::BadRequest(format!("{p:?}"))
            }
            ServiceError::Internal(why) => {
                tracing::error!(why, "service failed");
                AppError::Internal
            }
        }
    }
}

/// Refuses anyone but an operator (the bureau's consoles).
pub(crate) fn operator(viewer: &crate::domain::account::Viewer) -> Result<(), ServiceError> {
    match viewer.role {
        crate::domain::account::Role::Operator => Ok(()),
        _ => Err(ServiceError::Forbidden),
    }
}

/// Minutes (at least one) from `now` until `until`, for "try again in N minutes".
pub fn minutes_until(until: i64, now: i64) -> u32 {
    u32::try_from((until - now + 59) / 60).unwrap_or(1).max(1)
}

/// `N` bytes from the system's randomness.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], ServiceError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| {
        tracing::error!(error = %e, "no randomness");
        ServiceError::Internal("no randomness")
    })?;
    Ok(bytes)
}

/// A new random salt or token: 32 bytes, hex.
pub fn random_hex() -> Result<String, ServiceError> {
    Ok(hex::encode(random_bytes::<32>()?))
}
