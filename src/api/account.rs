//! Accounts: sign-up, sign-in and sign-out, and the profile (addresses, password, sessions). The
//! rules are `server::service::accounts`' and `auth`'s.
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
    /// Asking for the sign-up code.
    pub enum SendCodeField { Phone => "phone" }
}

crate::form_fields! {
    /// The sign-up form.
    pub enum SignUpField {
        Name => "name",
        Phone => "phone",
        Code => "code",
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
    let cx = super::ssr::guard::<Me>()?;
    Ok(cx.session().map(|s| s.viewer.clone()))
}

access!(Districts => PUBLIC);
/// The districts an address can be in.
#[server(endpoint = "account/districts")]
pub async fn districts() -> Result<Vec<District>, AppError> {
    let cx = super::ssr::guard::<Districts>()?;
    Ok(crate::server::service::accounts::districts(cx.services()).await?)
}

access!(SendCode => PUBLIC);
/// Sign-up's first step: sends a code to the phone number as a text message, then (a form) goes
/// on to the second step with the number filled in. The answer is the same whether or not the
/// number has an account (the message tells its holder).
#[server(endpoint = "account/send-code")]
pub async fn send_code(phone: String) -> Result<(), AppError> {
    use crate::{domain::account::PhoneNumber, server::service::accounts};
    let cx = super::ssr::guard::<SendCode>()?;
    let phone =
        PhoneNumber::parse(&phone).map_err(|p| AppError::invalid(SendCodeField::Phone, p))?;
    let cmd = accounts::SendCode {
        phone: &phone,
        client: &cx.client(),
        per_hour: cx.security().signups_per_hour,
    };
    accounts::send_code(cx.services(), cmd)
        .await
        .map_err(|e| e.answer(|_| SendCodeField::Phone))?;
    cx.then_go(&super::ssr::local(&format!(
        "/signup?phone={}",
        phone.as_str()
    )));
    Ok(())
}

access!(Outbox => PUBLIC);
/// The text messages waiting in the outbox (to `phone`, when it is a number): only where demo
/// data is served, whose numbers have no phones; elsewhere 404.
#[server(endpoint = "account/outbox")]
pub async fn outbox(phone: String) -> Result<Vec<crate::page::account::TextMessage>, AppError> {
    use crate::{domain::account::PhoneNumber, server::service::accounts};
    let cx = super::ssr::guard::<Outbox>()?;
    if !cx.security().show_outbox {
        return Err(AppError::NotFound);
    }
    let phone = PhoneNumber::parse(&phone).ok();
    Ok(accounts::outbox(cx.services(), phone.as_ref()).await?)
}

/// The sign-up form, as posted.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct SignUpForm {
    pub name: String,
    pub phone: String,
    /// The code texted to the phone (a form without it is told so beside the field).
    #[serde(default)]
    pub code: String,
    pub resident_id: String,
    pub password: String,
    pub district: String,
    pub line: String,
}

access!(SignUp => PUBLIC);
/// Sign-up's second step: with the code sent to the phone, opens a shopper's account with its
/// first delivery address, and signs it in.
#[server(endpoint = "account/sign-up")]
pub async fn sign_up(#[server(flatten)] form: SignUpForm) -> Result<Viewer, AppError> {
    use crate::{
        domain::{
            account::{
                parse_address_line, parse_name, NewPassword, PhoneCode, PhoneNumber, ResidentId,
            },
            form::{FieldErrors, FieldProblem},
            search::is_slug,
        },
        server::service::accounts,
    };
    let cx = super::ssr::guard::<SignUp>()?;
    let mut errs = FieldErrors::default();
    let name = errs.check(SignUpField::Name, parse_name(&form.name));
    let phone = errs.check(SignUpField::Phone, PhoneNumber::parse(&form.phone));
    let code = errs.check(SignUpField::Code, PhoneCode::parse(&form.code));
    let resident = errs.check(
        SignUpField::ResidentId,
        ResidentId::parse(&form.resident_id),
    );
    let password = match &phone {
        Some(p) => errs.check(SignUpField::Password, NewPassword::parse(&form.password, p)),
        None if form.password.chars().count() < NewPassword::MIN_CHARS => {
            errs.add(SignUpField::Password, FieldProblem::PasswordShort);
            None
        }
        None => None,
    };
    let district = form.district.trim();
    if district.is_empty() {
        errs.add(SignUpField::District, FieldProblem::Required);
    } else if !is_slug(district) {
        errs.add(SignUpField::District, FieldProblem::DistrictUnknown);
    }
    let line = errs.check(SignUpField::Address, parse_address_line(&form.line));
    let (Some(name), Some(phone), Some(code), Some(resident), Some(password), Some(line), true) =
        (name, phone, code, resident, password, line, errs.is_empty())
    else {
        return Err(errs.into());
    };
    let cmd = accounts::SignUp {
        name: &name,
        phone: &phone,
        code: &code,
        resident: &resident,
        password: &password,
        district,
        line: &line,
    };
    let user = accounts::sign_up(cx.services(), cmd).await.map_err(|e| {
        e.answer(|p| match p {
            FieldProblem::PhoneTaken => SignUpField::Phone,
            FieldProblem::ResidentTaken => SignUpField::ResidentId,
            FieldProblem::PhoneCodeWrong | FieldProblem::PhoneCodeStale => SignUpField::Code,
            _ => SignUpField::District,
        })
    })?;
    let viewer = ssr::start_session(&cx, user).await?;
    cx.then_go(&super::ssr::local("/account"));
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
    use crate::{domain::account::PhoneNumber, server::service::auth};
    let cx = super::ssr::guard::<SignIn>()?;
    let phone = PhoneNumber::parse(&phone)
        .map_err(|problem| AppError::invalid(SignInField::Phone, problem))?;
    let client = cx.client();
    let cmd = auth::SignIn {
        phone: &phone,
        password: password.into(),
        client: &client,
    };
    let user = auth::sign_in(cx.services(), cmd).await?;
    let viewer = ssr::start_session(&cx, user).await?;
    cx.then_go(&super::ssr::local(next.as_deref().unwrap_or("/")));
    Ok(viewer)
}

access!(SignOut => PUBLIC);
/// Ends this browser's session.
#[server(endpoint = "account/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::{cookies::Kind, service::auth, session::clear_session_cookie};
    let cx = super::ssr::guard::<SignOut>()?;
    // The token in the cookie, even if the session could not be read for this request.
    if let Some(token) = cx.cookie(Kind::Session) {
        auth::end_session(cx.services(), &auth::token_hash(&token)).await?;
    }
    cx.set_cookie(&clear_session_cookie(cx.security()));
    cx.then_go(&crate::domain::LocalPath::home());
    Ok(())
}

access!(AccountPage => SIGNED_IN);
/// `/account`: the profile.
#[server(endpoint = "account/page")]
pub async fn account_page() -> Result<Profile, AppError> {
    let cx = super::ssr::guard::<AccountPage>()?;
    Ok(crate::server::service::accounts::profile(cx.services(), cx.signed_in()?).await?)
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
        domain::{account::parse_address_line, form::FieldProblem, search::is_slug},
        server::service::accounts,
    };
    let cx = super::ssr::guard::<AddAddress>()?;
    let user = cx.signed_in()?.viewer.id;
    let line =
        parse_address_line(&line).map_err(|p| AppError::invalid(AddressField::Address, p))?;
    let district = district.trim();
    if !is_slug(district) {
        return Err(AppError::invalid(
            AddressField::District,
            FieldProblem::DistrictUnknown,
        ));
    }
    let cmd = accounts::AddAddress {
        user,
        district,
        line: &line,
        make_default: make_default.is_some(),
    };
    accounts::add_address(cx.services(), cmd)
        .await
        .map_err(|e| e.answer(|_| AddressField::District))?;
    Ok(())
}

access!(SetDefaultAddress => SIGNED_IN);
/// Makes one of the viewer's addresses the default (another account's address is not found).
#[server(endpoint = "account/default-address")]
pub async fn set_default_address(id: AddressId) -> Result<(), AppError> {
    let cx = super::ssr::guard::<SetDefaultAddress>()?;
    let user = cx.signed_in()?.viewer.id;
    Ok(crate::server::service::accounts::set_default_address(cx.services(), user, id).await?)
}

access!(RemoveAddress => SIGNED_IN);
/// Removes one of the viewer's addresses; the last one stays.
#[server(endpoint = "account/remove-address")]
pub async fn remove_address(id: AddressId) -> Result<(), AppError> {
    let cx = super::ssr::guard::<RemoveAddress>()?;
    let user = cx.signed_in()?.viewer.id;
    Ok(crate::server::service::accounts::remove_address(cx.services(), user, id).await?)
}

access!(ChangePassword => SIGNED_IN);
/// Changes the password (the current one is required) and signs out every other browser.
#[server(endpoint = "account/password")]
pub async fn change_password(old_password: String, password: String) -> Result<(), AppError> {
    use crate::{
        domain::{account::NewPassword, form::FieldProblem},
        server::service::accounts,
    };
    let cx = super::ssr::guard::<ChangePassword>()?;
    let session = cx.signed_in()?;
    let new = NewPassword::parse(&password, &session.viewer.phone)
        .map_err(|p| AppError::invalid(PasswordField::New, p))?;
    let client = cx.client();
    let cmd = accounts::ChangePassword {
        session,
        current: old_password.into(),
        new: &new,
        client: &client,
    };
    accounts::change_password(cx.services(), cmd)
        .await
        .map_err(|e| {
            e.answer(|p| match p {
                FieldProblem::PasswordWrong => PasswordField::Old,
                _ => PasswordField::New,
            })
        })?;
    cx.flash(crate::page::form::Flash::PasswordChanged);
    Ok(())
}

access!(SignOutEverywhere => SIGNED_IN);
/// Ends every session of the account, this one included.
#[server(endpoint = "account/sign-out-everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    use crate::server::session::clear_session_cookie;
    let cx = super::ssr::guard::<SignOutEverywhere>()?;
    let user = cx.signed_in()?.viewer.id;
    crate::server::service::accounts::sign_out_everywhere(cx.services(), user).await?;
    cx.set_cookie(&clear_session_cookie(cx.security()));
    cx.then_go(&crate::domain::LocalPath::home());
    Ok(())
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::{
        domain::{account::Viewer, UserId},
        error::AppError,
        server::{
            access::Caller,
            cookies::Kind,
            service::{auth, cart},
            session::session_cookie,
            shop::clear_guest_cookie,
        },
    };
    use secrecy::ExposeSecret;

    /// A new session for `user` under a new token, in the cookie; the session the browser came
    /// with ends (a session id is never carried across a sign-in), and what the guest put in a
    /// cart goes into the account's.
    pub async fn start_session(cx: &Caller, user: UserId) -> Result<Viewer, AppError> {
        let mut ending: Vec<String> = cx
            .session()
            .map(|s| s.token_hash.clone())
            .into_iter()
            .collect();
        if let Some(old) = cx.cookie(Kind::Session) {
            ending.push(auth::token_hash(&old));
        }
        let (token, viewer) = auth::start_session(cx.services(), user, &ending).await?;
        cx.set_cookie(&session_cookie(token.expose_secret(), cx.security()));
        if let Some(guest) = cx.cookie(Kind::GuestCart).filter(|t| auth::is_token(t)) {
            cart::merge_guest(cx.services(), &guest, user).await?;
            cx.set_cookie(&clear_guest_cookie(cx.security()));
        }
        Ok(viewer)
    }
}
