//! Accounts: opening one (a resident's sign-up, or the first operator of a deployment), its
//! delivery addresses, its password, and the profile page.

use super::{
    auth::{self, blocking, Limit, Session, SIGN_UP_WINDOW_SECS},
    random_bytes, ServiceError, Services,
};
use crate::{
    domain::{
        account::{NewPassword, PhoneCode, PhoneNumber, ResidentId, Role, SecurityKind},
        compare::District,
        form::FieldProblem,
        AddressId, UserId,
    },
    error::Refusal,
    page::account::Profile,
    server::db::{
        accounts::{self, NewAddress, NewUser, Taken},
        bank::{self, SecurityEvent},
        Tx,
    },
};
use secrecy::{ExposeSecret, SecretString};

// Proving the phone number.

/// How long a code sent to a phone works.
pub const PHONE_CODE_SECS: i64 = 10 * 60;
/// Wrong tries a code takes before it stops working.
pub const PHONE_CODE_TRIES: i64 = 5;
/// Codes sent to one number in an hour, whoever asks.
const CODES_PER_NUMBER: Limit = Limit {
    max: 3,
    window_secs: 3600,
};

/// Asking for a code to be sent to a phone number.
pub struct SendCode<'a> {
    pub phone: &'a PhoneNumber,
    /// The client's address (`ClientAddr::key`) and how many codes it may ask for an hour.
    pub client: &'a str,
    pub per_hour: u32,
}

/// Sends a sign-up code to the number as a text message (through the outbox). The caller hears
/// the same whether or not the number has an account: a number that has one is told so in the
/// message instead, so only the phone's holder learns it. Limited per client address and per
/// number (nobody can flood a phone with texts).
pub async fn send_code(s: Services<'_>, cmd: SendCode<'_>) -> Result<(), ServiceError> {
    let per_client = Limit {
        max: cmd.per_hour,
        window_secs: SIGN_UP_WINDOW_SECS,
    };
    auth::take_attempt(s, &auth::signup_scope(cmd.client), per_client).await?;
    let to_number = format!("code-to:{}", cmd.phone.as_str());
    auth::take_attempt(s, &to_number, CODES_PER_NUMBER).await?;
    let now = s.clock.now();
    let registered = s.db.accounts().credentials(cmd.phone).await?.is_some();
    let mut tx = s.db.begin().await?;
    if registered {
        let note = "[옥류] 이 번호에는 이미 옥류 계정이 있습니다. 로그인하십시오. 가입을 청하지 \
                    않았다면 이 문자를 무시하십시오. / [Okryu] This number already has an Okryu \
                    account: please sign in. If you did not ask to sign up, ignore this message.";
        accounts::queue_text(&mut tx, cmd.phone, note, now).await?;
    } else {
        let code = PhoneCode::from_random(random_bytes()?);
        let code = code.as_str();
        let digest = s.secret.phone_code(cmd.phone.as_str(), code);
        accounts::add_phone_code(&mut tx, cmd.phone, &digest, now, now + PHONE_CODE_SECS).await?;
        let text = format!(
            "[옥류] 가입 확인 번호 {code} (10분 동안 유효). / [Okryu] Your sign-up code is \
             {code} (valid for 10 minutes)."
        );
        accounts::queue_text(&mut tx, cmd.phone, &text, now).await?;
    }
    tx.commit().await?;
    tracing::info!(registered, "sign-up code asked for");
    Ok(())
}

/// The outbox's newest text messages (to one number, when given): for the demo and the tests,
/// which have no phones.
pub async fn outbox(
    s: Services<'_>,
    phone: Option<&PhoneNumber>,
) -> Result<Vec<crate::page::account::TextMessage>, ServiceError> {
    Ok(s.db.accounts().outbox(phone, 50).await?)
}

/// A resident's sign-up, parsed.
pub struct SignUp<'a> {
    pub name: &'a str,
    pub phone: &'a PhoneNumber,
    /// The code the text message to `phone` carried.
    pub code: &'a PhoneCode,
    pub resident: &'a ResidentId,
    pub password: &'a NewPassword,
    /// The first delivery address: its district's slug and the line a courier reads.
    pub district: &'a str,
    pub line: &'a str,
}

/// Opens a shopper's account with its first (default) address, once the code sent to the phone
/// proves the caller holds it. `Invalid` names the field in trouble: `PhoneCodeWrong`,
/// `PhoneCodeStale` (none asked for, expired or tried too often), `DistrictUnknown`, and — to
/// the phone's holder only — `ResidentTaken` or `PhoneTaken`. A wrong code's try is kept; any
/// other refusal changes nothing (the code still works).
pub async fn sign_up(s: Services<'_>, cmd: SignUp<'_>) -> Result<UserId, ServiceError> {
    let password = SecretString::from(cmd.password.expose());
    let hash = blocking(move || auth::hash_password(password.expose_secret())).await??;
    let digest = s.secret.resident(cmd.resident.digits());
    let now = s.clock.now();
    let mut tx = s.db.begin_with_a_write().await?;
    let Some(code) = accounts::try_phone_code(&mut tx, cmd.phone, now, PHONE_CODE_TRIES).await?
    else {
        return Err(ServiceError::Invalid(FieldProblem::PhoneCodeStale));
    };
    if code.code_digest != s.secret.phone_code(cmd.phone.as_str(), cmd.code.as_str()) {
        tx.commit().await?;
        return Err(ServiceError::Invalid(if code.tries >= PHONE_CODE_TRIES {
            FieldProblem::PhoneCodeStale
        } else {
            FieldProblem::PhoneCodeWrong
        }));
    }
    let district = accounts::district_id(&mut tx, cmd.district)
        .await?
        .ok_or(ServiceError::Invalid(FieldProblem::DistrictUnknown))?;
    if let Some(taken) = accounts::taken(&mut tx, cmd.phone, &digest).await? {
        return Err(refuse_taken(taken));
    }
    let user = NewUser {
        name: cmd.name,
        phone: cmd.phone,
        resident_digest: &digest,
        password_hash: &hash,
        role: Role::Shopper,
        seller: None,
        city: None,
    };
    let id = accounts::insert_user(&mut tx, &user, now)
        .await?
        .map_err(refuse_taken)?;
    let address = NewAddress {
        user: id,
        district,
        line: cmd.line,
        is_default: true,
    };
    accounts::insert_address(&mut tx, &address, now).await?;
    accounts::drop_phone_codes(&mut tx, cmd.phone).await?;
    tx.commit().await?;
    tracing::info!(user = %id, "account opened");
    Ok(id)
}

fn refuse_taken(taken: Taken) -> ServiceError {
    ServiceError::Invalid(match taken {
        Taken::Phone => FieldProblem::PhoneTaken,
        Taken::Resident => FieldProblem::ResidentTaken,
    })
}

/// A deployment's operator, made from the command line (`okryu operator create`).
pub struct NewOperator<'a> {
    pub phone: &'a PhoneNumber,
    pub name: &'a str,
    pub password: &'a NewPassword,
}

/// Opens an operator's account (no resident number is asked: the bureau vouches for its staff;
/// no delivery address either). `Invalid(PhoneTaken)` when the number has an account.
pub async fn create_operator(
    s: Services<'_>,
    cmd: NewOperator<'_>,
) -> Result<UserId, ServiceError> {
    let password = SecretString::from(cmd.password.expose());
    let hash = blocking(move || auth::hash_password(password.expose_secret())).await??;
    // Stands in for the resident number's digest: unique, and never the digest of any number.
    let placeholder = format!("staff:{}", cmd.phone.as_str());
    let mut tx = s.db.begin().await?;
    if let Some(taken) = accounts::taken(&mut tx, cmd.phone, &placeholder).await? {
        return Err(refuse_taken(taken));
    }
    let user = NewUser {
        name: cmd.name,
        phone: cmd.phone,
        resident_digest: &placeholder,
        password_hash: &hash,
        role: Role::Operator,
        seller: None,
        city: None,
    };
    let id = accounts::insert_user(&mut tx, &user, s.clock.now())
        .await?
        .map_err(refuse_taken)?;
    tx.commit().await?;
    tracing::info!(user = %id, "operator account opened");
    Ok(id)
}

/// The districts an address can be in.
pub async fn districts(s: Services<'_>) -> Result<Vec<District>, ServiceError> {
    Ok(s.db
        .compare()
        .districts()
        .await?
        .into_iter()
        .map(|(d, _)| d)
        .collect())
}

/// `/account`: who is signed in, their addresses, how many browsers are signed in, and what
/// changed in the account's security.
pub async fn profile(s: Services<'_>, session: &Session) -> Result<Profile, ServiceError> {
    let user = session.viewer.id;
    let repo = s.db.accounts();
    Ok(Profile {
        addresses: repo.addresses(user).await?,
        districts: districts(s).await?,
        sessions: repo.session_count(user).await?,
        security: s.db.bank().security_events(user).await?,
        viewer: session.viewer.clone(),
    })
}

/// A new delivery address.
pub struct AddAddress<'a> {
    pub user: UserId,
    /// The district's slug.
    pub district: &'a str,
    pub line: &'a str,
    pub make_default: bool,
}

/// Adds a delivery address: the default one when asked, or when it is the account's first.
/// `Invalid(DistrictUnknown)` for a district that isn't served.
pub async fn add_address(s: Services<'_>, cmd: AddAddress<'_>) -> Result<AddressId, ServiceError> {
    let mut tx = s.db.begin().await?;
    accounts::lock_user(&mut tx, cmd.user).await?;
    let district = accounts::district_id(&mut tx, cmd.district)
        .await?
        .ok_or(ServiceError::Invalid(FieldProblem::DistrictUnknown))?;
    let first = accounts::address_count(&mut tx, cmd.user).await? == 0;
    let address = NewAddress {
        user: cmd.user,
        district,
        line: cmd.line,
        is_default: false,
    };
    let id = accounts::insert_address(&mut tx, &address, s.clock.now()).await?;
    if cmd.make_default || first {
        accounts::set_default_address(&mut tx, cmd.user, id).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Makes one of the account's addresses its default (another account's is `NotFound`).
pub async fn set_default_address(
    s: Services<'_>,
    user: UserId,
    address: AddressId,
) -> Result<(), ServiceError> {
    let mut tx = s.db.begin().await?;
    owned(&mut tx, user, address).await?;
    accounts::set_default_address(&mut tx, user, address).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes one of the account's addresses; the last one stays (`Refused(LastAddress)`), and when
/// the default goes, the oldest remaining one becomes the default.
pub async fn remove_address(
    s: Services<'_>,
    user: UserId,
    address: AddressId,
) -> Result<(), ServiceError> {
    let mut tx = s.db.begin().await?;
    owned(&mut tx, user, address).await?;
    if accounts::address_count(&mut tx, user).await? <= 1 {
        return Err(ServiceError::Refused(Refusal::LastAddress));
    }
    if accounts::delete_address(&mut tx, address).await? {
        if let Some(oldest) = accounts::oldest_address(&mut tx, user).await? {
            accounts::set_default_address(&mut tx, user, oldest).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The account's row locked (its addresses change one at a time) and `address` one of its own.
async fn owned(tx: &mut Tx<'_>, user: UserId, address: AddressId) -> Result<(), ServiceError> {
    accounts::lock_user(tx, user).await?;
    if accounts::owns_address(tx, user, address).await? {
        Ok(())
    } else {
        Err(ServiceError::NotFound)
    }
}

/// A new password, with the current one.
pub struct ChangePassword<'a> {
    pub session: &'a Session,
    pub current: SecretString,
    pub new: &'a NewPassword,
    pub client: &'a str,
}

/// Changes the password (`Invalid(PasswordWrong)` when the current one is wrong; tries are
/// throttled like signing in) and ends every other session of the account, written to its
/// security history, all in one transaction.
pub async fn change_password(s: Services<'_>, cmd: ChangePassword<'_>) -> Result<(), ServiceError> {
    let viewer = &cmd.session.viewer;
    let confirm = auth::Confirm {
        user: viewer.id,
        phone: &viewer.phone,
        password: cmd.current,
        client: cmd.client,
    };
    if !auth::confirm_password(s, confirm).await? {
        return Err(ServiceError::Invalid(FieldProblem::PasswordWrong));
    }
    let new = SecretString::from(cmd.new.expose());
    let hash = blocking(move || auth::hash_password(new.expose_secret())).await??;
    let mut tx = s.db.begin().await?;
    let event = SecurityEvent {
        user: viewer.id,
        kind: SecurityKind::PasswordChanged,
        detail: "",
        client: cmd.client,
        at: s.clock.now(),
    };
    bank::record_event(&mut tx, &event).await?;
    accounts::set_password_hash(&mut tx, viewer.id, &hash).await?;
    accounts::delete_sessions_of(&mut tx, viewer.id, Some(&cmd.session.token_hash)).await?;
    tx.commit().await?;
    tracing::info!(user = %viewer.id, "password changed; other sessions ended");
    Ok(())
}

/// Ends every session of the account, this one included. How many ended.
pub async fn sign_out_everywhere(s: Services<'_>, user: UserId) -> Result<u64, ServiceError> {
    let mut tx = s.db.begin().await?;
    let ended = accounts::delete_sessions_of(&mut tx, user, None).await?;
    tx.commit().await?;
    tracing::info!(user = %user, sessions = ended, "signed out everywhere");
    Ok(ended)
}
