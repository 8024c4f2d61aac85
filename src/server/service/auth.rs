//! Who is asking: passwords (argon2id), sessions kept in the database, signing in, and the
//! throttles on sign-in, sign-up and every password check. The HTTP side (the cookie, attaching the
//! session to a request) is `server::session`'s.

use super::{minutes_until, random_bytes, random_hex, ServiceError, Services};
use crate::{
    domain::{
        account::{PhoneNumber, Viewer},
        payment::may_pay_with,
        UserId,
    },
    error::Refusal,
    server::db::accounts,
};
use argon2::{
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

// Passwords.

/// An argon2id hash (PHC string) with the crate's defaults: 19 MiB, 2 passes, 1 lane, the
/// OWASP recommendation. CPU-heavy: run it with `blocking`.
pub fn hash_password(password: &str) -> Result<String, ServiceError> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()?).map_err(|e| {
        tracing::error!(error = %e, "cannot encode a salt");
        ServiceError::Internal("cannot encode a salt")
    })?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "cannot hash a password");
            ServiceError::Internal("cannot hash a password")
        })
}

/// Whether `password` matches the stored hash (a malformed stored hash never matches).
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Spends the time a verification takes, for sign-ins to accounts that don't exist: the answer
/// must not come back faster and give the account's absence away.
fn waste_a_verification(password: &str) {
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
) -> Result<T, ServiceError> {
    static PASSWORD_WORK: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);
    let _permit = PASSWORD_WORK
        .acquire()
        .await
        .map_err(|_| ServiceError::Internal("password work closed"))?;
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        tracing::error!(error = %e, "password task failed");
        ServiceError::Internal("password task failed")
    })
}

// Sessions.

/// A new session token: 32 random bytes, hex. Only its SHA-256 is stored.
pub fn new_token() -> Result<SecretString, ServiceError> {
    Ok(random_hex()?.into())
}

/// What is stored of a token (or of a guest cart's): its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// What `new_token` makes: 64 hex digits.
pub fn is_token(v: &str) -> bool {
    v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A signed-in session.
#[derive(Clone, Debug)]
pub struct Session {
    pub viewer: Viewer,
    /// The SHA-256 of its token.
    pub token_hash: String,
    /// When it began (UTC seconds).
    pub created_at: i64,
}

impl Session {
    /// Whether this session may pay with an instrument linked by the session `linked_by` (its token
    /// hash; `None`: at the bank's counter) at `linked_at`: see `payment::may_pay_with`.
    pub fn may_pay_with(&self, linked_by: Option<&str>, linked_at: i64) -> bool {
        may_pay_with(linked_by, linked_at, &self.token_hash, self.created_at)
    }
}

/// How long sessions live.
#[derive(Clone, Copy, Debug)]
pub struct SessionPolicy {
    /// A session unused this long ends.
    pub idle_secs: i64,
    /// A session ends this long after sign-in, however much it is used.
    pub max_secs: i64,
}

/// What a request's session token stands for.
pub enum Loaded {
    Live(Session),
    /// It was, until it idled or aged out (it is ended now).
    Expired,
    Unknown,
}

/// Writes `last_seen_at` at most once a minute per session.
const TOUCH_EVERY_SECS: i64 = 60;

/// The session behind a token's hash; one that idled or aged past the policy is ended.
pub async fn load_session(
    s: Services<'_>,
    hash: &str,
    policy: SessionPolicy,
) -> Result<Loaded, ServiceError> {
    let repo = s.db.accounts();
    let Some((stored, viewer)) = repo.session(hash).await? else {
        return Ok(Loaded::Unknown);
    };
    let now = s.clock.now();
    if now - stored.last_seen_at > policy.idle_secs || now - stored.created_at > policy.max_secs {
        end_session(s, hash).await?;
        return Ok(Loaded::Expired);
    }
    if now - stored.last_seen_at >= TOUCH_EVERY_SECS {
        repo.touch_session(hash, now).await?;
    }
    Ok(Loaded::Live(Session {
        viewer,
        token_hash: hash.to_string(),
        created_at: stored.created_at,
    }))
}

/// A new session for `user` under a new token, ending the sessions the browser came with
/// (`ending`: token hashes): a session id is never carried across a sign-in. The token (for the
/// cookie) and who is signed in.
pub async fn start_session(
    s: Services<'_>,
    user: UserId,
    ending: &[String],
) -> Result<(SecretString, Viewer), ServiceError> {
    let token = new_token()?;
    let mut tx = s.db.begin().await?;
    for old in ending {
        accounts::delete_session(&mut tx, old).await?;
    }
    accounts::insert_session(
        &mut tx,
        &token_hash(token.expose_secret()),
        user,
        s.clock.now(),
    )
    .await?;
    tx.commit().await?;
    let viewer =
        s.db.accounts()
            .viewer(user)
            .await?
            .ok_or(ServiceError::NotFound)?;
    Ok((token, viewer))
}

/// Ends one session (by its token's hash).
pub async fn end_session(s: Services<'_>, hash: &str) -> Result<(), ServiceError> {
    let mut tx = s.db.begin().await?;
    accounts::delete_session(&mut tx, hash).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes expired sessions and old attempts (both are refused when read anyway).
pub async fn purge(s: Services<'_>, policy: SessionPolicy) -> Result<u64, ServiceError> {
    let now = s.clock.now();
    Ok(s.db
        .accounts()
        .purge(
            now - policy.idle_secs,
            now - policy.max_secs,
            now - LONGEST_WINDOW_SECS,
        )
        .await?)
}

// Signing in.

/// A sign-in: the number and password typed, from a client address.
pub struct SignIn<'a> {
    pub phone: &'a PhoneNumber,
    pub password: SecretString,
    /// The client's address (`ClientAddr::key`).
    pub client: &'a str,
}

/// The account whose password this is. A wrong password and an unknown number get the same
/// answer (`BadCredentials`) in the same time. Every try counts before the password is checked
/// (per client address, and per account from that address); a right one is forgotten again.
pub async fn sign_in(s: Services<'_>, cmd: SignIn<'_>) -> Result<UserId, ServiceError> {
    let repo = s.db.accounts();
    let password_scope = password_scope(cmd.phone.as_str(), cmd.client);
    let client_try = take_attempt(s, &client_scope(cmd.client), SIGN_IN_PER_CLIENT).await?;
    if let Err(err) = take_password_try(s, &password_scope).await {
        repo.forget_attempt(client_try).await?;
        return Err(err);
    }
    let found = repo.credentials(cmd.phone).await?;
    let password = cmd.password;
    let user = blocking(move || match found {
        Some((id, hash, suspended)) if verify_password(password.expose_secret(), &hash) => {
            Some((id, suspended))
        }
        Some(_) => None,
        None => {
            waste_a_verification(password.expose_secret());
            None
        }
    })
    .await?;
    let Some((user, suspended)) = user else {
        return Err(ServiceError::BadCredentials);
    };
    repo.forget_attempt(client_try).await?;
    repo.clear_attempts(&password_scope).await?;
    // Said only to whoever knows the password: a suspended account is not a secret from its
    // holder, and nobody else learns whether it exists.
    if suspended {
        return Err(ServiceError::Refused(Refusal::AccountSuspended));
    }
    Ok(user)
}

/// A signed-in person proving it is them (changing the password, linking or removing a way to
/// pay, a new PIN).
pub struct Confirm<'a> {
    pub user: UserId,
    pub phone: &'a PhoneNumber,
    pub password: SecretString,
    pub client: &'a str,
}

/// Whether the password is the account's: throttled like signing in (a borrowed session can't
/// guess its way in).
pub async fn confirm_password(s: Services<'_>, cmd: Confirm<'_>) -> Result<bool, ServiceError> {
    let scope = password_scope(cmd.phone.as_str(), cmd.client);
    let attempt = take_password_try(s, &scope).await?;
    let repo = s.db.accounts();
    let stored = repo
        .password_hash(cmd.user)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let password = cmd.password;
    if !blocking(move || verify_password(password.expose_secret(), &stored)).await? {
        return Ok(false);
    }
    repo.forget_attempt(attempt).await?;
    repo.clear_attempts(&scope).await?;
    Ok(true)
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
/// Sign-up submissions from one client address (the count is configured).
pub const SIGN_UP_WINDOW_SECS: i64 = 3600;
const LONGEST_WINDOW_SECS: i64 = 24 * 3600;

/// Counts an attempt of `scope` against `limit`, first writing it and then counting (itself
/// included), so that requests arriving together can't all slip under the limit. Beyond the limit
/// the attempt is taken back and the answer is "try again in N minutes". The returned id lets a
/// successful attempt be forgotten.
pub async fn take_attempt(s: Services<'_>, scope: &str, limit: Limit) -> Result<i64, ServiceError> {
    let now = s.clock.now();
    let repo = s.db.accounts();
    let id = repo.record_attempt(scope, now).await?;
    let (n, oldest) = repo.attempts(scope, now - limit.window_secs).await?;
    if n <= limit.max {
        return Ok(id);
    }
    repo.forget_attempt(id).await?;
    Err(ServiceError::TooManyAttempts {
        minutes: minutes_until(oldest.unwrap_or(now) + limit.window_secs, now),
    })
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
    window_secs: LONGEST_WINDOW_SECS,
};

/// Counts a password try of `scope`, written before the password is checked (so a burst can't
/// slip past), then refuses it if the throttle says wait. The returned id lets a refused or
/// right try be forgotten; `clear_attempts(scope)` forgives the wrong ones after a right one.
async fn take_password_try(s: Services<'_>, scope: &str) -> Result<i64, ServiceError> {
    let t = PASSWORD_THROTTLE;
    let now = s.clock.now();
    let repo = s.db.accounts();
    let id = repo.record_attempt(scope, now).await?;
    let (n, latest) = repo.attempts_before(scope, id, now - t.window_secs).await?;
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
    repo.forget_attempt(id).await?;
    Err(ServiceError::TooManyAttempts {
        minutes: minutes_until(free_at, now),
    })
}

/// One account's password, tried from one client address.
fn password_scope(phone: &str, client: &str) -> String {
    format!("password:{phone}|{client}")
}

fn client_scope(client: &str) -> String {
    format!("client:{client}")
}

/// Sign-ups from one client address.
pub fn signup_scope(client: &str) -> String {
    format!("signup:{client}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_digest_is_kept() {
        let (a, b) = (new_token().expect("token"), new_token().expect("token"));
        assert_ne!(a.expose_secret(), b.expose_secret());
        assert!(is_token(a.expose_secret()));
        assert!(!is_token("short"));
        assert_ne!(token_hash(a.expose_secret()), a.expose_secret());
        assert_eq!(token_hash(a.expose_secret()), token_hash(a.expose_secret()));
    }
}
