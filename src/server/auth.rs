//! Who is asking: passwords (argon2id), server-side sessions, and rate limits on sign-in and
//! sign-up. (Who may call what is `access`.)

use super::{
    config::Security,
    cookies::{self, Kind},
    db::{bank::Payer, Db},
    security::{error_response, small_page, ClientAddr},
    state::AppState,
};
use crate::{domain::account::Viewer, error::AppError};
use argon2::{
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};
use sha2::{Digest, Sha256};
use std::{sync::OnceLock, time::Duration};

// Passwords.

/// An argon2id hash (PHC string) with the crate's defaults: 19 MiB, 2 passes, 1 lane, the
/// OWASP recommendation. CPU-heavy: call it from `spawn_blocking`.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| {
        tracing::error!(error = %e, "no randomness for a salt");
        AppError::Internal
    })?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| {
        tracing::error!(error = %e, "cannot encode a salt");
        AppError::Internal
    })?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "cannot hash a password");
            AppError::Internal
        })
}

/// Whether `password` matches the stored hash (a malformed stored hash never matches).
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spends the time a verification takes, for sign-ins to accounts that don't exist: the answer
/// must not come back faster and give the account's absence away.
pub fn waste_a_verification(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy =
        DUMMY.get_or_init(|| hash_password("not a password anyone has").unwrap_or_default());
    let _ = verify_password(password, dummy);
}

/// Runs CPU-heavy password work off the async threads, at most four at a time (each argon2 run
/// takes 19 MiB and a core for tens of milliseconds: a burst of sign-ins queues instead of
/// exhausting the server).
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    static PASSWORD_WORK: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);
    let _permit = PASSWORD_WORK
        .acquire()
        .await
        .map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        tracing::error!(error = %e, "password task failed");
        AppError::Internal
    })
}

// Sessions.

/// A new session token: 32 random bytes, hex. Only its SHA-256 is stored.
pub fn new_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| {
        tracing::error!(error = %e, "no randomness for a session token");
        AppError::Internal
    })?;
    Ok(hex(&bytes))
}

pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `Set-Cookie` for a new session: HttpOnly, SameSite=Lax, `__Host-` and `Secure` behind HTTPS;
/// it lives as long as a session can.
pub fn session_cookie(token: &str, security: &Security) -> String {
    cookies::set(Kind::Session, token, security.session_max_secs, security)
}

pub fn clear_session_cookie(security: &Security) -> String {
    cookies::clear(Kind::Session, security)
}

/// The signed-in session a request carries (put there by `resolve_session`).
#[derive(Clone, Debug)]
pub struct Session {
    pub viewer: Viewer,
    pub token_hash: String,
    /// When it began (UTC seconds): instruments linked later elsewhere wait for a new sign-in.
    pub created_at: i64,
}

impl Session {
    /// The session as a payment sees who pays.
    pub fn payer(&self) -> Payer<'_> {
        Payer {
            user: self.viewer.id,
            session: (&self.token_hash, self.created_at),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct CurrentSession(pub Option<Session>);

/// The well-formed session token a request's cookies carry.
pub fn session_token(headers: &http::HeaderMap, security: &Security) -> Option<String> {
    cookies::get(headers, Kind::Session, security).filter(|v| is_token(v))
}

/// What `new_token` makes: 64 hex digits.
pub fn is_token(v: &str) -> bool {
    v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Looks up the request's session and attaches it (or its absence) for pages and server functions.
/// A session idle too long or past its absolute lifetime is ended and its cookie cleared.
pub async fn resolve_session(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let token = session_token(req.headers(), &state.security);
    let mut expired = false;
    let session = match token {
        None => None,
        Some(token) => match load_session(&state, &token_hash(&token)).await {
            Ok(Loaded::Live(s)) => Some(s),
            Ok(Loaded::Expired) => {
                expired = true;
                None
            }
            Ok(Loaded::Unknown) => None,
            // A signed-in person is never served as a guest: they hear "try again".
            Err(err) => {
                tracing::warn!(error = %err, "cannot read the session");
                return unavailable(&req, &state.security);
            }
        },
    };
    req.extensions_mut().insert(CurrentSession(session));
    let mut res = next.run(req).await;
    let sets_session = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| cookies::sets(v.as_bytes(), Kind::Session, &state.security));
    if expired && !sets_session {
        if let Ok(v) = HeaderValue::from_str(&clear_session_cookie(&state.security)) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// 503 with `Retry-After`: a server function's error, or a small page for a browser.
fn unavailable(req: &Request, security: &Security) -> Response {
    let mut res = if req.uri().path().starts_with("/api/") {
        error_response(&AppError::Unavailable)
    } else {
        let lang = cookies::get(req.headers(), Kind::Lang, security)
            .and_then(|code| crate::i18n::Lang::from_code(&code))
            .unwrap_or_default();
        small_page(
            http::StatusCode::SERVICE_UNAVAILABLE,
            lang,
            (crate::i18n::Msg::ErrorTitle, crate::i18n::Msg::ErrorBody),
        )
    };
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    res
}

enum Loaded {
    Live(Session),
    Expired,
    Unknown,
}

/// Writes `last_seen_at` at most once a minute per session.
const TOUCH_EVERY_SECS: i64 = 60;

async fn load_session(state: &AppState, hash: &str) -> Result<Loaded, AppError> {
    let accounts = state.db.accounts();
    let Some((stored, viewer)) = accounts.session(hash).await? else {
        return Ok(Loaded::Unknown);
    };
    let now = state.clock.now();
    let sec = &state.security;
    if now - stored.last_seen_at > sec.session_idle_secs
        || now - stored.created_at > sec.session_max_secs
    {
        accounts.end_session(hash).await?;
        return Ok(Loaded::Expired);
    }
    if now - stored.last_seen_at >= TOUCH_EVERY_SECS {
        accounts.touch_session(hash, now).await?;
    }
    Ok(Loaded::Live(Session {
        viewer,
        token_hash: hash.to_string(),
        created_at: stored.created_at,
    }))
}

/// Deletes expired sessions, old attempts and idle guest carts every hour (the first two are
/// refused when read anyway).
pub fn spawn_purger(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(3600));
        loop {
            every.tick().await;
            let (db, security) = (&state.db, &state.security);
            let now = state.clock.now();
            match db
                .accounts()
                .purge(
                    now - security.session_idle_secs,
                    now - security.session_max_secs,
                    now - LONGEST_WINDOW_SECS,
                )
                .await
            {
                Ok(n) => tracing::debug!(rows = n, "purged expired sessions and attempts"),
                Err(err) => tracing::warn!(error = %err, "cannot purge sessions"),
            }
            let idle_since = now - crate::domain::cart::GUEST_CART_IDLE_SECS;
            match super::service::cart::purge_guests(state.services(), idle_since).await {
                Ok(n) => tracing::debug!(carts = n, "purged idle guest carts"),
                Err(err) => tracing::warn!(error = %err, "cannot purge guest carts"),
            }
        }
    });
}

// Rate limits.

/// At most `max` attempts per `window_secs`.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub max: u32,
    pub window_secs: i64,
}

/// Failed sign-ins from one client address (to any accounts).
pub const SIGN_IN_PER_CLIENT: Limit = Limit {
    max: 20,
    window_secs: 15 * 60,
};
/// Sign-up submissions from one client address.
pub const SIGN_UP_PER_CLIENT: Limit = Limit {
    max: super::config::DEFAULT_SIGNUPS_PER_HOUR,
    window_secs: 3600,
};
const LONGEST_WINDOW_SECS: i64 = 3600;

/// Counts an attempt of `scope` against `limit`, first writing it and then counting (itself
/// included), so that requests arriving together can't all slip under the limit. Beyond the limit
/// the attempt is taken back and the answer is "try again in N minutes". The returned id lets a
/// successful attempt be forgotten.
pub async fn take_attempt(db: &Db, scope: &str, limit: Limit, now: i64) -> Result<i64, AppError> {
    let accounts = db.accounts();
    let id = accounts.record_attempt(scope, now).await?;
    let (n, oldest) = accounts.attempts(scope, now - limit.window_secs).await?;
    if n <= limit.max {
        return Ok(id);
    }
    accounts.forget_attempt(id).await?;
    let free_at = oldest.unwrap_or(now) + limit.window_secs;
    let minutes = u32::try_from(((free_at - now) + 59) / 60)
        .unwrap_or(1)
        .max(1);
    Err(AppError::TooManyAttempts { minutes })
}

/// Wrong passwords for one account from one client address: the first `free` cost nothing; after
/// them each try waits twice as long as the one before, from `first_wait_secs` up to
/// `max_wait_secs`. A guesser at one address slows to four guesses an hour, while the account's
/// owner, from any other address, signs in at once: nobody can lock an account for everyone.
#[derive(Clone, Copy, Debug)]
pub struct Throttle {
    pub free: u32,
    pub first_wait_secs: i64,
    pub max_wait_secs: i64,
    /// Tries further back than this are forgotten.
    pub window_secs: i64,
}

pub const PASSWORD_THROTTLE: Throttle = Throttle {
    free: 3,
    first_wait_secs: 60,
    max_wait_secs: 15 * 60,
    window_secs: 24 * 3600,
};

/// One account's password, tried from one client address.
pub fn password_scope(phone: &str, client: &ClientAddr) -> String {
    format!("password:{phone}|{}", client.key())
}

/// Counts a password try of `scope`, written before the password is checked (so a burst can't
/// slip past), then refuses it if the throttle says wait. The returned id lets a refused or
/// right try be forgotten; `clear_attempts(scope)` forgives the wrong ones after a right one.
pub async fn take_password_try(db: &Db, scope: &str, now: i64) -> Result<i64, AppError> {
    let t = PASSWORD_THROTTLE;
    let accounts = db.accounts();
    let id = accounts.record_attempt(scope, now).await?;
    let (n, latest) = accounts
        .attempts_before(scope, id, now - t.window_secs)
        .await?;
    if n < t.free {
        return Ok(id);
    }
    let doublings = (n - t.free).min(16);
    let wait = t
        .first_wait_secs
        .saturating_mul(1 << doublings)
        .min(t.max_wait_secs);
    let free_at = latest.unwrap_or(now) + wait;
    if now >= free_at {
        return Ok(id);
    }
    accounts.forget_attempt(id).await?;
    let minutes = u32::try_from((free_at - now + 59) / 60).unwrap_or(1).max(1);
    Err(AppError::TooManyAttempts { minutes })
}

/// The signed-in person proves it is them with the account's password (changing it, linking or
/// removing a way to pay, changing a PIN): throttled like signing in. `false`: the password is
/// wrong.
pub async fn confirm_password(
    state: &AppState,
    session: &Session,
    client: &ClientAddr,
    password: String,
) -> Result<bool, AppError> {
    let scope = password_scope(session.viewer.phone.as_str(), client);
    let attempt = take_password_try(&state.db, &scope, state.clock.now()).await?;
    let stored = state
        .db
        .accounts()
        .password_hash(session.viewer.id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if !blocking(move || verify_password(&password, &stored)).await? {
        return Ok(false);
    }
    let accounts = state.db.accounts();
    accounts.forget_attempt(attempt).await?;
    accounts.clear_attempts(&scope).await?;
    Ok(true)
}

pub fn client_scope(client: &ClientAddr) -> String {
    format!("client:{}", client.key())
}

pub fn signup_scope(client: &ClientAddr) -> String {
    format!("signup:{}", client.key())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_digest_is_kept() {
        let (a, b) = (new_token().expect("token"), new_token().expect("token"));
        assert_ne!(a, b);
        assert!(is_token(&a));
        let mut h = http::HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("lang=ko; okryu_session={a}")).expect("header"),
        );
        assert_eq!(session_token(&h, &Security::default()), Some(a.clone()));
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("okryu_session=short"),
        );
        assert_eq!(session_token(&h, &Security::default()), None);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }
}
