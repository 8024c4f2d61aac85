//! The error every server function returns, shared by the server and the browser.
//!
//! Each variant maps to one HTTP status; the server sets that status on the response (for a
//! server-function call and for a page rendered on the server alike).

use crate::domain::{
    delivery::Undeliverable,
    dispatch::CannotTake,
    form::{FieldErrors, FieldProblem, FormField, InvalidFields},
    order::OrderStatus,
    ProductId, Won,
};
use http::StatusCode;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// The request was understood but its input is not acceptable; the text says why.
    #[error("{0}")]
    BadRequest(String),
    /// Form input that the shop can't accept, field by field; the form shows each beside its field.
    #[error("invalid input: {0:?}")]
    Invalid(InvalidFields),
    #[error("sign in first")]
    Unauthorized,
    /// A sign-in that failed. Deliberately the same whether or not the account exists.
    #[error("wrong phone number or password")]
    BadCredentials,
    /// Too many sign-in or sign-up attempts: try again in this many minutes.
    #[error("too many attempts: try again in {minutes} minutes")]
    TooManyAttempts { minutes: u32 },
    #[error("not allowed")]
    Forbidden,
    /// The request is well formed but the shop's rules refuse it; the UI shows why.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    /// A dependency (the database) is not answering; the request may be retried.
    #[error("temporarily unavailable")]
    Unavailable,
    /// A fault on the server; details are in the server log, never in the response.
    #[error("internal error")]
    Internal,
    /// The call did not reach the server function or its answer could not be read.
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthorized | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
            AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Refused(Refusal::AccountSuspended) => StatusCode::FORBIDDEN,
            AppError::Refused(_) => StatusCode::CONFLICT,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Transport(_) => StatusCode::BAD_GATEWAY,
        }
    }
}

/// A rule of the shop that refused a request, named so the UI can say it in the shopper's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// The compare tray already holds its maximum of items.
    CompareTrayFull,
    /// An account keeps at least one delivery address.
    LastAddress,
    /// Fewer left in stock than asked for.
    OutOfStock { product: ProductId, left: u32 },
    /// The logistics office can't deliver this shipment.
    Undeliverable(Undeliverable),
    /// A price changed since the shopper saw the total: this is the total now.
    PriceChanged { total: Won },
    /// The balance is short of the total by this much. Nothing was charged.
    InsufficientFunds { missing: Won },
    /// Three wrong PINs: the instrument is locked for this many minutes.
    PinLocked { minutes: u32 },
    /// The cart is empty: nothing to check out.
    EmptyCart,
    /// The cart holds as many different goods as it may.
    CartFull { max: u32 },
    /// The order can't go from its state to the one asked for.
    OrderState { from: OrderStatus, to: OrderStatus },
    /// The chosen delivery slot filled up.
    SlotFull,
    /// No courier has the order yet (it can't be picked up).
    NotAssigned,
    /// Only ready orders go to couriers.
    NotReady,
    /// The courier can't take this order.
    CannotTake(CannotTake),
    /// Only what was delivered to the buyer can be reviewed.
    NotDelivered,
    /// The review can't be changed any more (its days are over, or an operator hid it).
    ReviewLocked,
    /// The seller answers a review once.
    AlreadyAnswered,
    /// Nobody marks or reports their own review.
    OwnReview,
    /// A bulk update file is applied once.
    BulkApplied,
    /// A bulk update file with problems in some lines is not applied.
    BulkProblems,
    /// An application of the account's waits for an operator already.
    ApplicationOpen,
    /// The applicant can't become a seller's manager now: their account is no longer a
    /// shopper's, or has orders on their way to it.
    ApplicantNotFree,
    /// A seller with the application's registration number was admitted since it was filed.
    RegistrationAdmitted,
    /// The account is suspended: it can't sign in, nor be given a role.
    AccountSuspended,
    /// The account has a role already: it is revoked before another is granted.
    RoleHeld,
    /// The account has no role to revoke (it is a shopper's).
    NoRole,
    /// Orders are still on their way to the account (a buyer gets them before working here).
    OrdersOnTheWay,
    /// The courier still carries orders: they are delivered or given to another first.
    CourierCarrying,
    /// Nobody revokes or suspends their own account.
    OwnAccount,
    /// The account is suspended already.
    AlreadySuspended,
    /// The account is not suspended.
    NotSuspended,
    /// The bureau withholds the listing: its seller can't offer it until it is released.
    ListingWithheld,
    /// The listing is not withheld.
    NotWithheld,
    /// The food cart holds another restaurant's dishes: starting it over is asked for first.
    OtherRestaurant,
    /// The kitchen has run out of the dish for today.
    DishSoldOut,
    /// The address is beyond the restaurant's delivery radius.
    OutOfRadius,
    /// The restaurant is closed now (or at the time asked for).
    RestaurantClosed,
    /// The dishes come to less than the restaurant's minimum order, by this much.
    BelowMinimum { missing: Won },
    /// The kitchen is full: a promise would be longer than the restaurant makes.
    KitchenBusy,
    /// Fewer portions of a dish are left today than asked for.
    PortionsLeft { left: u32 },
    /// The food basket changed while it was being ordered: the shopper looks at it again.
    BasketChanged,
    /// A seller takes no deliveries on the slot's day (a holiday).
    SellerClosed,
    /// A standing order's delivery would cost this, more than the shopper capped a delivery at.
    AboveCap { total: Won },
    /// The good is not delivered on a schedule: it can't be in a standing order.
    NotOnSchedule,
    /// That delivery of the standing order was placed (or dealt with) already.
    DeliveryDealt,
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::Deserialization(msg) => {
                AppError::BadRequest(msg)
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

impl AppError {
    /// One field's problem as a whole error.
    pub fn invalid(field: impl FormField, problem: FieldProblem) -> AppError {
        let mut errs = FieldErrors::default();
        errs.add(field, problem);
        errs.into()
    }
}

impl<F: FormField> From<FieldErrors<F>> for AppError {
    fn from(errs: FieldErrors<F>) -> Self {
        AppError::Invalid(errs.into())
    }
}
