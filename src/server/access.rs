//! Who may call what, and the only way in. Each server function's rule is declared once, next to
//! the function (`api::access!`), and read twice:
//!
//! - by `authorize`, before the function runs, on every HTTP call (401 for a guest where a
//!   session is needed, 403 for a role not allowed, even when the arguments would not parse); a
//!   function that declares no rule is refused to everyone;
//! - by `guard::<F>()`, which every server function calls first, on HTTP and while a page renders
//!   on the server alike. The guard is the only handle on the application: the services, the
//!   caller's session and cookies are reached through the `Caller` it returns and nowhere else (the
//!   state the server hands to Leptos is a sealed `Gate` that only this module opens). A function
//!   that skips its guard has nothing to work with: it does not compile.
//!
//! `rules()` lists every declaration: the role-matrix test walks it with every role.

use super::{
    config::Security,
    cookies::{self, Kind},
    forms::{PlainForm, THEN_HEADER},
    metrics::Metrics,
    security::{error_response, ClientAddr},
    service::{auth::Session, Services},
    session::CurrentSession,
    state::AppState,
};
use crate::{
    domain::{
        account::{Role, Viewer},
        LocalPath, UserId,
    },
    error::AppError,
    page::form::Flash,
};
use axum::{extract::Request, middleware::Next, response::Response};
use leptos::{
    prelude::{use_context, LeptosOptions},
    server_fn::ServerFn,
};
use leptos_axum::ResponseOptions;

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
/// Seller staff and their managers: the seller console.
pub const SELLER_STAFF: Access = Access::Roles(&[Role::Seller, Role::Manager]);
/// A seller's managers: its prices and who its staff are.
pub const SELLER_MANAGERS: Access = Access::Roles(&[Role::Manager]);
/// Who moves orders along at the seller (accept, ready, reject) and operators (any move).
pub const ORDER_STAFF: Access = Access::Roles(&[Role::Seller, Role::Manager, Role::Operator]);
/// The logistics office's desk: dispatchers and operators.
pub const DISPATCH: Access = Access::Roles(&[Role::Dispatcher, Role::Operator]);
/// A courier (their own round).
pub const COURIER: Access = Access::Roles(&[Role::Courier]);
/// Who moves orders on the road: couriers (their own round) and the office.
pub const COURIERS: Access = Access::Roles(&[Role::Courier, Role::Dispatcher, Role::Operator]);
/// A resident's shopping account (not a business buyer's): it may apply to sell.
pub const SHOPPERS: Access = Access::Roles(&[Role::Shopper]);
pub const OPERATORS: Access = Access::Roles(&[Role::Operator]);
/// The bank's clerks at its counter: operators act as them until accounts can be given a clerk's
/// role of their own.
pub const BANK_CLERKS: Access = Access::Roles(&[Role::Operator]);

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

/// The check before every server-function call (see the module's comment).
pub async fn authorize(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if !path.starts_with("/api/") {
        return next.run(req).await;
    }
    let viewer = req
        .extensions()
        .get::<CurrentSession>()
        .and_then(CurrentSession::session)
        .map(|s| &s.viewer);
    let verdict = match access_of(path) {
        Some(access) => access.allows(viewer),
        None => {
            tracing::error!(%path, "server function without an access rule: refused");
            Err(AppError::Forbidden)
        }
    };
    match verdict {
        Ok(()) => next.run(req).await,
        Err(err) => error_response(&err),
    }
}

/// The application as the server hands it to Leptos (the router's state, which Leptos provides to
/// every page and server function). Sealed: only `guard` opens it.
#[derive(Clone, Debug)]
pub struct Gate(AppState);

impl Gate {
    pub fn new(state: AppState) -> Gate {
        Gate(state)
    }
}

impl axum::extract::FromRef<Gate> for LeptosOptions {
    fn from_ref(gate: &Gate) -> Self {
        gate.0.leptos_options.clone()
    }
}

/// The caller of a server function, checked against the function's rule: the only handle on the
/// services, the session, the request's cookies and the response.
pub struct Caller {
    state: AppState,
    session: Option<Session>,
    parts: Option<http::request::Parts>,
}

/// Checks the caller against the rule `F` declared (`access!`): a `Caller` when it may call `F`,
/// else 401 or 403. Every server function starts with this (see the module's comment).
pub fn guard<F: Guarded>() -> Result<Caller, AppError> {
    let Some(Gate(state)) = use_context::<Gate>() else {
        tracing::error!(
            guard = F::PATH,
            "no application in the server function's context"
        );
        return Err(AppError::Internal);
    };
    let parts = use_context::<http::request::Parts>();
    if let Some(path) = parts.as_ref().map(|p| p.uri.path()) {
        if path.starts_with("/api/") && path != F::PATH {
            tracing::error!(%path, guard = F::PATH, "a server function guards with another's rule");
            return Err(AppError::Internal);
        }
    }
    let session = parts
        .as_ref()
        .and_then(|p| p.extensions.get::<CurrentSession>())
        .and_then(CurrentSession::session)
        .cloned();
    F::ACCESS.allows(session.as_ref().map(|s| &s.viewer))?;
    Ok(Caller {
        state,
        session,
        parts,
    })
}

impl Caller {
    /// What the shop's rules run with.
    pub fn services(&self) -> Services<'_> {
        self.state.services()
    }

    /// The signed-in session, if any.
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// The signed-in session, for functions whose rule needs one (401 otherwise).
    pub fn signed_in(&self) -> Result<&Session, AppError> {
        self.session.as_ref().ok_or(AppError::Unauthorized)
    }

    /// The signed-in account, if any.
    pub fn user(&self) -> Option<UserId> {
        self.session.as_ref().map(|s| s.viewer.id)
    }

    pub fn security(&self) -> &Security {
        &self.state.security
    }

    /// The page views counted and not yet written.
    pub fn traffic(&self) -> &crate::server::traffic::Counter {
        &self.state.traffic
    }

    /// Whether this call renders a page a person's browser asked for (not a server function
    /// called directly, nor a robot's request): what the operators' figures count. The page-view
    /// counter marks such a request (`visits::CountedPage`); the rule lives there once.
    pub fn renders_a_persons_page(&self) -> bool {
        self.parts
            .as_ref()
            .is_some_and(|p| p.extensions.get::<super::visits::CountedPage>().is_some())
    }

    /// What `/metrics` counts.
    pub fn metrics(&self) -> &Metrics {
        &self.state.metrics
    }

    /// The client's address as rate limits know it (attached by `security::allow_networks`).
    pub fn client(&self) -> String {
        self.parts
            .as_ref()
            .and_then(|p| p.extensions.get::<ClientAddr>().copied())
            .unwrap_or(ClientAddr(None))
            .key()
    }

    /// The value of one of the request's cookies.
    pub fn cookie(&self, kind: Kind) -> Option<String> {
        let parts = self.parts.as_ref()?;
        cookies::get(&parts.headers, kind, &self.state.security)
    }

    /// Adds a `Set-Cookie:` header (made by `cookies::set` or `clear`) to the response.
    pub fn set_cookie(&self, cookie: &str) {
        match (
            use_context::<ResponseOptions>(),
            http::HeaderValue::from_str(cookie),
        ) {
            (Some(res), Ok(value)) => res.append_header(http::header::SET_COOKIE, value),
            _ => tracing::error!("cannot set a cookie on this response"),
        }
    }

    /// Whether this call is a form a browser posted (not a call asking for JSON): only then do
    /// `then_go` and `flash` mean anything.
    fn is_form_post(&self) -> bool {
        self.parts
            .as_ref()
            .is_some_and(|p| p.extensions.get::<PlainForm>().is_some())
    }

    /// Where a browser goes after this form succeeded (instead of back to the form's page).
    pub fn then_go(&self, path: &LocalPath) {
        if !self.is_form_post() {
            return;
        }
        match (
            use_context::<ResponseOptions>(),
            http::HeaderValue::from_str(path.as_str()),
        ) {
            (Some(res), Ok(value)) => {
                res.insert_header(http::HeaderName::from_static(THEN_HEADER), value)
            }
            _ => tracing::error!("cannot say where to go after this form"),
        }
    }

    /// The answer's version (`ETag`): the client asks again with it (`If-None-Match`) and gets a
    /// bodiless 304 while it holds (`http::not_modified`). Stored by no cache: the island keeps
    /// the version itself.
    pub fn etag(&self, version: &str) {
        let Some(res) = use_context::<ResponseOptions>() else {
            return;
        };
        if let Ok(v) = http::HeaderValue::from_str(&format!("\"{version}\"")) {
            res.insert_header(http::header::ETAG, v);
        }
        res.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
    }

    /// Makes the answer a file to save, `file`, of type `content_type` (not stored by caches).
    pub fn download(&self, file: &str, content_type: &'static str) {
        use http::{header, HeaderValue};
        let Some(res) = use_context::<ResponseOptions>() else {
            return;
        };
        res.insert_header(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
            res.insert_header(header::CONTENT_DISPOSITION, v);
        }
        res.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }

    /// What the next page says about this form's success (one page view).
    pub fn flash(&self, what: Flash) {
        if self.is_form_post() {
            self.set_cookie(&cookies::set(
                Kind::Flash,
                &what.code(),
                60,
                &self.state.security,
            ));
        }
    }
}
