//! Who may call what. Each server function's rule is declared once, next to the function
//! (`api::access!`), and that one declaration is checked twice:
//!
//! - by `authorize`, before the function runs, on every HTTP call (401 for a guest where a
//!   session is needed, 403 for a role not allowed, even when the arguments would not parse); a
//!   function that declares no rule is refused to everyone;
//! - by the function's own `guard` at its start, because pages rendered on the server call server
//!   functions directly, past HTTP. A function that answers an HTTP call with success without
//!   having run its guard is a fault `authorize` turns into a 500, so a forgotten guard shows in
//!   the first test that calls the function.
//!
//! `rules()` lists every declaration: the role-matrix test walks it with every role.

use super::{auth::CurrentSession, security::error_response};
use crate::{
    domain::account::{Role, Viewer},
    error::AppError,
};
use axum::{extract::Request, middleware::Next, response::Response};
use leptos::server_fn::ServerFn;
use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc,
};

/// Who may call a server function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (it reads public data or only the caller's own cookies).
    Public,
    /// Anyone signed in, whatever their role (their own account).
    SignedIn,
    /// Only these roles.
    Roles(&'static [Role]),
}

impl Access {
    pub fn allows(self, viewer: Option<&Viewer>) -> Result<(), AppError> {
        match (self, viewer) {
            (Access::Public, _) => Ok(()),
            (_, None) => Err(AppError::Unauthorized),
            (Access::SignedIn, Some(_)) => Ok(()),
            (Access::Roles(roles), Some(v)) if roles.contains(&v.role) => Ok(()),
            (Access::Roles(_), Some(_)) => Err(AppError::Forbidden),
        }
    }
}

/// Anyone, signed in or not.
pub const PUBLIC: Access = Access::Public;
/// Anyone signed in.
pub const SIGNED_IN: Access = Access::SignedIn;
/// Who buys: shoppers and business buyers.
pub const BUYERS: Access = Access::Roles(&[Role::Shopper, Role::Business]);
/// Seller staff: the seller console.
pub const SELLER_STAFF: Access = Access::Roles(&[Role::Seller]);
/// Who moves orders along at the seller (accept, ready, reject) and operators (any move).
pub const ORDER_STAFF: Access = Access::Roles(&[Role::Seller, Role::Operator]);
/// The logistics office's desk: dispatchers and operators.
pub const DISPATCH: Access = Access::Roles(&[Role::Dispatcher, Role::Operator]);
/// Who moves orders on the road: couriers (their own round) and the office.
pub const COURIERS: Access = Access::Roles(&[Role::Courier, Role::Dispatcher, Role::Operator]);
pub const OPERATORS: Access = Access::Roles(&[Role::Operator]);

/// A server function's declared rule (`api::access!` implements it for the function's type).
pub trait Guarded: ServerFn {
    const ACCESS: Access;
}

/// One declaration, as `authorize` and the tests find it.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub path: &'static str,
    pub access: Access,
}

impl Rule {
    pub const fn of<F: Guarded>() -> Rule {
        Rule {
            path: F::PATH,
            access: F::ACCESS,
        }
    }
}

inventory::collect!(Rule);

/// Every declared rule.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    inventory::iter::<Rule>.into_iter()
}

/// The rule declared for the server function at `path`.
pub fn access_of(path: &str) -> Option<Access> {
    rules().find(|r| r.path == path).map(|r| r.access)
}

/// Every server function registered with the server, by path.
pub fn registered_server_fns() -> Vec<&'static str> {
    let mut paths: Vec<&'static str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    paths.sort_unstable();
    paths.dedup();
    paths
}

/// Set by the function's guard during an HTTP call (see `authorize`).
#[derive(Clone, Debug, Default)]
pub struct GuardRan(Arc<AtomicBool>);

impl GuardRan {
    pub fn mark(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// The check before every server-function call (see the module's comment).
pub async fn authorize(mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if !path.starts_with("/api/") {
        return next.run(req).await;
    }
    let viewer = req
        .extensions()
        .get::<CurrentSession>()
        .and_then(|s| s.0.as_ref())
        .map(|s| s.viewer.clone());
    let verdict = match access_of(&path) {
        Some(access) => access.allows(viewer.as_ref()),
        None => {
            tracing::error!(%path, "server function without an access rule: refused");
            Err(AppError::Forbidden)
        }
    };
    if let Err(err) = verdict {
        return error_response(&err);
    }
    let ran = GuardRan::default();
    req.extensions_mut().insert(ran.clone());
    let res = next.run(req).await;
    if res.status().is_success() && !ran.0.load(Ordering::Relaxed) {
        tracing::error!(%path, "a server function answered without running its guard");
        return error_response(&AppError::Internal);
    }
    res
}
