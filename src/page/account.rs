//! The account page.

use crate::domain::{
    account::{SavedAddress, SecurityEntry, Viewer},
    compare::District,
};
use serde::{Deserialize, Serialize};

/// `/account`: who is signed in and where they have goods delivered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub viewer: Viewer,
    pub addresses: Vec<SavedAddress>,
    /// Districts an address can be in.
    pub districts: Vec<District>,
    /// How many sessions (browsers) are signed in to this account, this one included.
    pub sessions: u32,
    /// The account's security history, newest first.
    pub security: Vec<SecurityEntry>,
}

/// A text message in the outbox (what the gateway sends; the demo's `/outbox` shows them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextMessage {
    pub phone: String,
    pub body: String,
    /// When it was queued (UTC seconds).
    pub at: i64,
}
