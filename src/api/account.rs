//! Accounts: sign-up, sign-in and sign-out, and the profile (addresses, password, sessions).
//!
//! Input is parsed field by field on the server (the browser may check earlier, never instead);
//! every problem comes back as `AppError::Invalid` so the form shows it beside its field.

use crate::{
    domain::{account::Viewer, compare::District, AddressId},
    error::AppError,
    page::account::Profile,
};
use leptos::prelude::*;

crate::form_fields! {
    /// The sign-up form.
    pub enum SignUpField {
        Name => "name",
        Phone => "phone",
        ResidentId => "resident_id",
        Password => "password",
        District => "district",
        Address => "line",
    }
}

crate::form_fields! {
    /// The sign-in form.
    pub enum SignInField { Phone => "phone", Password => "password" }
}

crate::form_fields! {
    /// A new delivery address.
    pub enum AddressField { District => "district", Address => "line" }
}

crate::form_fields! {
    /// A new password, with the current one.
    pub enum PasswordField { Old => "old_password", New => "password" }
}

access!(Me => PUBLIC);
/// Who is signed in (`None` for a guest).
#[server(endpoint = "account/me")]
pub async fn me() -> Result<Option<Viewer>, AppError> {
    super::ssr::guard::<Me>()?;
    Ok(super::ssr::session().map(|s| s.viewer))
}

access!(Districts => PUBLIC);
/// The districts an address can be in.
#[server(endpoint = "account/districts")]
pub async fn districts() -> Result<Vec<District>, AppError> {
    super::ssr::guard::<Districts>()?;
    let db = super::ssr::state()?.db;
    Ok(db
        .compare()
        .districts()
        .await?
        .into_iter()
        .map(|(d, _)| d)
        .collect())
}

/// The sign-up form, as posted.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct SignUpForm {
    pub name: String,
    pub phone: String,
    pub resident_id: String,
    pub password: String,
    pub district: String,
    pub line: String,
}

access!(SignUp => PUBLIC);
/// Opens a shopper's account with its first delivery address, and signs it in.
#[server(endpoint = "account/sign-up")]
pub async fn sign_up(#[server(flatten)] form: SignUpForm) -> Result<Viewer, AppError> {
    super::ssr::guard::<SignUp>()?;
    let SignUpForm {
        name,
        phone,
        resident_id,
        password,
        district,
        line,
    } = form;
    use crate::{
        domain::{
            account::{parse_address_line, parse_name, NewPassword, PhoneNumber, ResidentId, Role},
            form::{FieldErrors, FieldProblem},
        },
        server::{
            auth::{self, blocking, take_attempt, SIGN_UP_PER_CLIENT},
            db::accounts::{CreateUser, NewUser},
        },
    };
    let state = super::ssr::state()?;
    let now = state.clock.now();

    let mut errs = FieldErrors::default();
    let name = errs.check(SignUpField::Name, parse_name(&name));
    let phone = errs.check(SignUpField::Phone, PhoneNumber::parse(&phone));
    let resident = errs.check(SignUpField::ResidentId, ResidentId::parse(&resident_id));
    let password = match &phone {
        Some(p) => errs.check(SignUpField::Password, NewPassword::parse(&password, p)),
        None if password.chars().count() < NewPassword::MIN_CHARS => {
            errs.add(SignUpField::Password, FieldProblem::PasswordShort);
            None
        }
        None => None,
    };
    if district.trim().is_empty() {
        errs.add(SignUpField::District, FieldProblem::Required);
    } else if !crate::domain::search::is_slug(district.trim()) {
        errs.add(SignUpField::District, FieldProblem::DistrictUnknown);
    }
    let line = errs.check(SignUpField::Address, parse_address_line(&line));
    let (Some(name), Some(phone), Some(resident), Some(password), Some(line), true) =
        (name, phone, resident, password, line, errs.is_empty())
    else {
        return Err(errs.into());
    };
    // Only well-formed submissions count: they are the ones that could probe for accounts.
    let scope = auth::signup_scope(&super::ssr::client());
    let limit = auth::Limit {
        max: state.security.signups_per_hour,
        ..SIGN_UP_PER_CLIENT
    };
    take_attempt(&state.db, &scope, limit, now).await?;

    let hash = blocking(move || auth::hash_password(password.expose())).await??;
    let digest = state.secret.resident(resident.digits());
    let legacy = crate::server::secret::legacy::resident(resident.digits());
    let new = NewUser {
        name: &name,
        phone: &phone,
        resident_digest: &digest,
        resident_legacy: Some(&legacy),
        password_hash: &hash,
        role: Role::Shopper,
        seller: None,
    };
    let id = match state
        .db
        .accounts()
        .create(&new, district.trim(), &line, now)
        .await?
    {
        None => {
            return Err(AppError::invalid(
                SignUpField::District,
                FieldProblem::DistrictUnknown,
            ))
        }
        Some(CreateUser::PhoneTaken) => {
            return Err(AppError::invalid(
                SignUpField::Phone,
                FieldProblem::PhoneTaken,
            ))
        }
        Some(CreateUser::ResidentTaken) => {
            return Err(AppError::invalid(
                SignUpField::ResidentId,
                FieldProblem::ResidentTaken,
            ))
        }
        Some(CreateUser::Created(id)) => id,
    };
    tracing::info!(user = %id, "account opened");
    let viewer = ssr::start_session(&state, id).await?;
    super::ssr::then_go(
        &crate::domain::LocalPath::parse("/account").unwrap_or_else(crate::domain::LocalPath::home),
    );
    Ok(viewer)
}

access!(SignIn => PUBLIC);
/// Signs in with phone number and password, then (a form) goes on to `next`, a page of this site.
/// A wrong password and an unknown number get the same answer, in the same time.
#[server(endpoint = "account/sign-in")]
pub async fn sign_in(
    phone: String,
    password: String,
    next: Option<String>,
) -> Result<Viewer, AppError> {
    super::ssr::guard::<SignIn>()?;
    use crate::{
        domain::account::PhoneNumber,
        server::auth::{self, blocking, take_attempt, take_password_try, SIGN_IN_PER_CLIENT},
    };
    let state = super::ssr::state()?;
    let now = state.clock.now();
    let phone = PhoneNumber::parse(&phone)
        .map_err(|problem| AppError::invalid(SignInField::Phone, problem))?;
    let client = super::ssr::client();
    let password_scope = auth::password_scope(phone.as_str(), &client);
    let client_scope = auth::client_scope(&client);
    // Every try counts before the password is checked; a successful one is forgotten again.
    let client_try = take_attempt(&state.db, &client_scope, SIGN_IN_PER_CLIENT, now).await?;
    if let Err(err) = take_password_try(&state.db, &password_scope, now).await {
        state.db.accounts().forget_attempt(client_try).await?;
        return Err(err);
    }

    let found = state.db.accounts().credentials(&phone).await?;
    let user = blocking(move || match found {
        Some((id, hash)) if auth::verify_password(&password, &hash) => Some(id),
        Some(_) => None,
        None => {
            auth::waste_a_verification(&password);
            None
        }
    })
    .await?;
    let Some(user) = user else {
        return Err(AppError::BadCredentials);
    };
    let accounts = state.db.accounts();
    accounts.forget_attempt(client_try).await?;
    accounts.clear_attempts(&password_scope).await?;
    let viewer = ssr::start_session(&state, user).await?;
    super::ssr::then_go(
        &next
            .as_deref()
            .and_then(crate::domain::LocalPath::parse)
            .unwrap_or_else(crate::domain::LocalPath::home),
    );
    Ok(viewer)
}

access!(SignOut => PUBLIC);
/// Ends this browser's session.
#[server(endpoint = "account/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    super::ssr::guard::<SignOut>()?;
    let state = super::ssr::state()?;
    use crate::server::auth;
    // The token in the cookie, even if the session could not be read for this request.
    if let Some(token) = super::ssr::cookie(crate::server::cookies::Kind::Session) {
        state
            .db
            .accounts()
            .end_session(&auth::token_hash(&token))
            .await?;
    }
    super::ssr::set_cookie(&auth::clear_session_cookie(&state.security));
    super::ssr::then_go(&crate::domain::LocalPath::home());
    Ok(())
}

access!(AccountPage => SIGNED_IN);
/// `/account`: the profile.
#[server(endpoint = "account/page")]
pub async fn account_page() -> Result<Profile, AppError> {
    let session = super::ssr::signed_in::<AccountPage>()?;
    let db = super::ssr::state()?.db;
    let accounts = db.accounts();
    Ok(Profile {
        addresses: accounts.addresses(session.viewer.id).await?,
        districts: db
            .compare()
            .districts()
            .await?
            .into_iter()
            .map(|(d, _)| d)
            .collect(),
        sessions: accounts.session_count(session.viewer.id).await?,
        security: db.bank().security_events(session.viewer.id).await?,
        viewer: session.viewer,
    })
}

access!(AddAddress => SIGNED_IN);
/// Adds a delivery address (the default one when `make_default` is ticked, or when it is the first).
#[server(endpoint = "account/add-address")]
pub async fn add_address(
    district: String,
    line: String,
    make_default: Option<String>,
) -> Result<(), AppError> {
    use crate::{
        domain::{account::parse_address_line, form::FieldProblem},
        server::db::accounts::NewAddress,
    };
    let session = super::ssr::signed_in::<AddAddress>()?;
    let state = super::ssr::state()?;
    let line =
        parse_address_line(&line).map_err(|p| AppError::invalid(AddressField::Address, p))?;
    if !crate::domain::search::is_slug(district.trim()) {
        return Err(AppError::invalid(
            AddressField::District,
            FieldProblem::DistrictUnknown,
        ));
    }
    state
        .db
        .accounts()
        .add_address(
            session.viewer.id,
            &NewAddress {
                district: district.trim(),
                line: &line,
                make_default: make_default.is_some(),
            },
            state.clock.now(),
        )
        .await?
        .ok_or_else(|| AppError::invalid(AddressField::District, FieldProblem::DistrictUnknown))?;
    Ok(())
}

access!(SetDefaultAddress => SIGNED_IN);
/// Makes one of the viewer's addresses the default (another account's address is not found).
#[server(endpoint = "account/default-address")]
pub async fn set_default_address(id: AddressId) -> Result<(), AppError> {
    let session = super::ssr::signed_in::<SetDefaultAddress>()?;
    let db = super::ssr::state()?.db;
    if db.accounts().set_default(session.viewer.id, id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

access!(RemoveAddress => SIGNED_IN);
/// Removes one of the viewer's addresses; the last one stays.
#[server(endpoint = "account/remove-address")]
pub async fn remove_address(id: AddressId) -> Result<(), AppError> {
    use crate::{error::Refusal, server::db::accounts::RemoveAddress as Removed};
    let session = super::ssr::signed_in::<RemoveAddress>()?;
    let db = super::ssr::state()?.db;
    match db.accounts().remove_address(session.viewer.id, id).await? {
        Removed::Removed => Ok(()),
        Removed::NotFound => Err(AppError::NotFound),
        Removed::Last => Err(AppError::Refused(Refusal::LastAddress)),
    }
}

access!(ChangePassword => SIGNED_IN);
/// Changes the password (the current one is required) and signs out every other browser.
#[server(endpoint = "account/password")]
pub async fn change_password(old_password: String, password: String) -> Result<(), AppError> {
    use crate::{
        domain::{account::NewPassword, form::FieldProblem},
        server::auth::{self, blocking},
    };
    let session = super::ssr::signed_in::<ChangePassword>()?;
    let state = super::ssr::state()?;
    let new = NewPassword::parse(&password, &session.viewer.phone)
        .map_err(|p| AppError::invalid(PasswordField::New, p))?;
    // Guessing the current password from a borrowed session is throttled like signing in.
    let client = super::ssr::client();
    if !auth::confirm_password(&state, &session, &client, old_password).await? {
        return Err(AppError::invalid(
            PasswordField::Old,
            FieldProblem::PasswordWrong,
        ));
    }
    let hash = blocking(move || auth::hash_password(new.expose())).await??;
    state
        .db
        .accounts()
        .set_password(
            session.viewer.id,
            &hash,
            &session.token_hash,
            (&client.key(), state.clock.now()),
        )
        .await?;
    tracing::info!(user = %session.viewer.id, "password changed; other sessions ended");
    super::ssr::flash(crate::page::form::Flash::PasswordChanged);
    Ok(())
}

access!(SignOutEverywhere => SIGNED_IN);
/// Ends every session of the account, this one included.
#[server(endpoint = "account/sign-out-everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    use crate::server::auth::clear_session_cookie;
    let session = super::ssr::signed_in::<SignOutEverywhere>()?;
    let state = super::ssr::state()?;
    let ended = state
        .db
        .accounts()
        .end_sessions_of(session.viewer.id)
        .await?;
    tracing::info!(user = %session.viewer.id, sessions = ended, "signed out everywhere");
    super::ssr::set_cookie(&clear_session_cookie(&state.security));
    super::ssr::then_go(&crate::domain::LocalPath::home());
    Ok(())
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::{
        domain::{account::Viewer, UserId},
        error::AppError,
        server::{auth, state::AppState},
    };

    /// A new session for `user` under a new token (the one the browser had, if any, ends: the
    /// session id is never carried across a sign-in), set in the cookie.
    pub async fn start_session(state: &AppState, user: UserId) -> Result<Viewer, AppError> {
        let accounts = state.db.accounts();
        if let Some(old) = crate::api::ssr::session() {
            accounts.end_session(&old.token_hash).await?;
        }
        if let Some(old) = crate::api::ssr::cookie(crate::server::cookies::Kind::Session) {
            accounts.end_session(&auth::token_hash(&old)).await?;
        }
        let token = auth::new_token()?;
        accounts
            .create_session(&auth::token_hash(&token), user, state.clock.now())
            .await?;
        crate::api::ssr::set_cookie(&auth::session_cookie(&token, &state.security));
        // What the guest put in a cart goes into the account's.
        if let Some(guest) = crate::api::ssr::cookie(crate::server::cookies::Kind::GuestCart)
            .filter(|t| auth::is_token(t))
        {
            let guest = auth::token_hash(&guest);
            crate::server::service::cart::merge_guest(state.services(), &guest, user).await?;
            crate::api::ssr::set_cookie(&crate::server::shop::clear_guest_cookie(&state.security));
        }
        accounts.viewer(user).await?.ok_or(AppError::Internal)
    }
}
