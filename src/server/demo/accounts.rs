//! The demo accounts (`accounts.json`): one for every role, and each city's couriers, with their
//! passwords (published in the README), addresses and, for the buyers, ways to pay and money paid
//! in. Also the shoppers that load tests and benchmarks make for themselves.

use super::{catalog::Written, DemoError};
use crate::{
    domain::{
        account::{PhoneNumber, ResidentId, Role},
        admission::ApplicationForm,
        delivery::Vehicle,
        payment::{CardNumber, InstrumentKind, Pin},
        UserId, Won,
    },
    server::{
        db::{
            accounts::{self, NewAddress, NewUser},
            admission,
            bank::{self, IssuedCard, NewInstrument},
            logistics, Db, Tx,
        },
        secret::SecretKey,
        service::{
            auth::{self, blocking},
            bank::pay_in,
            payments,
        },
    },
};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Accounts {
    accounts: Vec<Account>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Account {
    phone: String,
    password: String,
    name: String,
    /// `shopper`, `business`, `seller`, `dispatcher`, `courier` or `operator`.
    role: String,
    /// Seller staff: the seller's slug.
    #[serde(default)]
    seller: Option<String>,
    /// A dispatcher: the city (slug) whose office they work for.
    #[serde(default)]
    city: Option<String>,
    /// A courier: the city whose depot they work from, and their vehicle.
    #[serde(default)]
    courier: Option<Courier>,
    /// `YYMMDD-SNNNNNC`.
    resident: String,
    /// The default address: its district's slug and the line a courier reads.
    district: String,
    line: String,
    #[serde(default)]
    wallet: Option<Wallet>,
    /// An application to sell, waiting for an operator.
    #[serde(default)]
    application: Option<ApplicationForm>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Courier {
    city: String,
    /// `motorbike` or `van`.
    vehicle: String,
}

/// The account's bank account: its instruments and what is paid in.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Wallet {
    /// A Narae card number, if the account has one.
    #[serde(default)]
    card: Option<String>,
    /// The bank account behind the mobile number.
    #[serde(default)]
    sim: bool,
    /// The PIN of every instrument of the account.
    pin: String,
    deposit_won: u32,
}

/// An account ready to write: parsed, and its password hashed.
pub(super) struct Prepared<'a> {
    account: &'a Account,
    phone: PhoneNumber,
    resident: ResidentId,
    role: Role,
    hash: String,
    courier: Option<Vehicle>,
    card: Option<CardNumber>,
    pin: Option<Pin>,
}

fn bad(what: impl std::fmt::Display) -> DemoError {
    DemoError::Bad(what.to_string())
}

/// Parses every account and hashes each distinct password once (off the async threads).
pub(super) async fn prepare(data: &Accounts) -> Result<Vec<Prepared<'_>>, DemoError> {
    let mut hashes: HashMap<&str, String> = HashMap::new();
    let mut out = Vec::with_capacity(data.accounts.len());
    for a in &data.accounts {
        let hash = match hashes.get(a.password.as_str()) {
            Some(h) => h.clone(),
            None => {
                let password = SecretString::from(a.password.as_str());
                let h = blocking(move || auth::hash_password(password.expose_secret())).await??;
                hashes.insert(&a.password, h.clone());
                h
            }
        };
        let wallet = a.wallet.as_ref();
        out.push(Prepared {
            account: a,
            phone: PhoneNumber::parse(&a.phone).map_err(|p| bad(format!("{}: {p:?}", a.phone)))?,
            resident: ResidentId::parse(&a.resident)
                .map_err(|p| bad(format!("{}: {p:?}", a.resident)))?,
            role: Role::parse(&a.role).ok_or_else(|| bad(format!("unknown role {}", a.role)))?,
            hash,
            courier: a
                .courier
                .as_ref()
                .map(|c| {
                    Vehicle::from_code(&c.vehicle)
                        .ok_or_else(|| bad(format!("unknown vehicle {}", c.vehicle)))
                })
                .transpose()?,
            card: wallet
                .and_then(|w| w.card.as_deref())
                .map(|c| CardNumber::parse(c).map_err(|p| bad(format!("{c}: {p:?}"))))
                .transpose()?,
            pin: wallet
                .map(|w| Pin::parse(&w.pin).map_err(|p| bad(format!("PIN: {p:?}"))))
                .transpose()?,
        });
    }
    Ok(out)
}

/// Writes the accounts into the caller's transaction, after the catalog (`written`).
pub(super) async fn write(
    tx: &mut Tx<'_>,
    key: &SecretKey,
    people: &[Prepared<'_>],
    written: &Written,
    now: i64,
) -> Result<(), DemoError> {
    for p in people {
        let a = p.account;
        let seller = a
            .seller
            .as_ref()
            .map(|slug| {
                written
                    .sellers
                    .get(slug)
                    .copied()
                    .ok_or_else(|| bad(format!("unknown seller {slug}")))
            })
            .transpose()?;
        let city = match &a.city {
            Some(slug) => Some(
                accounts::city_id(tx, slug)
                    .await?
                    .ok_or_else(|| bad(format!("unknown city {slug}")))?,
            ),
            None => None,
        };
        let digest = key.resident(p.resident.digits());
        let user = NewUser {
            name: &a.name,
            phone: &p.phone,
            resident_digest: &digest,
            password_hash: &p.hash,
            role: p.role,
            seller,
            city,
        };
        let id = accounts::insert_user(tx, &user, now)
            .await?
            .map_err(|_| bad(format!("{} is in the demo accounts twice", a.phone)))?;
        let district = accounts::district_id(tx, &a.district)
            .await?
            .ok_or_else(|| bad(format!("unknown district {}", a.district)))?;
        let address = NewAddress {
            user: id,
            district,
            line: &a.line,
            is_default: true,
        };
        accounts::insert_address(tx, &address, now).await?;
        if let Some(form) = &a.application {
            let filed = form
                .parse()
                .map_err(|e| bad(format!("{}'s application: {e:?}", a.phone)))?;
            let city = accounts::city_id(tx, &filed.city)
                .await?
                .ok_or_else(|| bad(format!("unknown city {}", filed.city)))?;
            admission::insert(tx, id, &filed, city, now).await?;
        }
        if let (Some(c), Some(vehicle)) = (&a.courier, p.courier) {
            logistics::add_courier(tx, id, &c.city, vehicle).await?;
        }
        if let (Some(w), Some(pin)) = (&a.wallet, &p.pin) {
            // The card (salt 1), then the account behind the number (salt 2).
            let card = p.card.as_ref().map(|c| (1, Some(c)));
            let sim = w.sim.then_some((2, None));
            for (n, card) in card.into_iter().chain(sim) {
                let link = Link {
                    user: id,
                    salt: format!("demo-{}-{n}", id.get()),
                    card,
                    phone: &p.phone,
                    pin,
                };
                link.store(tx, key, now).await?;
            }
            pay_in(tx, id, Won::from_won(i64::from(w.deposit_won)), now).await?;
        }
    }
    Ok(())
}

/// A way to pay linked at the bank's counter (by no session): a card, which the bank issued to the
/// holder then, or the account behind the holder's number (`card` is `None`), with its PIN.
struct Link<'a> {
    user: UserId,
    salt: String,
    card: Option<&'a CardNumber>,
    phone: &'a PhoneNumber,
    pin: &'a Pin,
}

impl Link<'_> {
    async fn store(self, tx: &mut Tx<'_>, key: &SecretKey, now: i64) -> Result<(), DemoError> {
        let (kind, digest, label) = match self.card {
            Some(card) => (
                InstrumentKind::NaraeCard,
                Some(key.card(card.digits())),
                card.masked(),
            ),
            None => (InstrumentKind::SimAccount, None, self.phone.to_string()),
        };
        if let (Some(card), Some(digest)) = (self.card, &digest) {
            let issued = IssuedCard {
                digest,
                user: self.user,
                last4: card.last4(),
                by: None,
            };
            if !bank::issue_card(tx, &issued, now).await? {
                return Err(bad(format!("{label} is issued twice")));
            }
        }
        let new = NewInstrument {
            user: self.user,
            kind,
            card_digest: digest.as_deref(),
            label: &label,
            pin_salt: &self.salt,
            pin_hash: &key.pin(&self.salt, self.pin.expose()),
            linked_by: None,
        };
        if payments::add_instrument(tx, &new, now).await? {
            Ok(())
        } else {
            Err(bad(format!("{label} is linked twice")))
        }
    }
}

/// A shopper that a load test or a benchmark makes for itself.
#[derive(Clone, Copy, Debug)]
pub struct DemoShopper<'a> {
    pub phone: &'a PhoneNumber,
    pub pin: &'a Pin,
    pub deposit: Won,
}

/// A shopper in central Pyongyang with a live session, the bank account behind their number linked
/// with `pin`, and `deposit` paid in, in one transaction. The account and its `Cookie:` value (it
/// has no password: it is signed in by its session only).
pub async fn shopper(
    db: &Db,
    key: &SecretKey,
    who: &DemoShopper<'_>,
    now: i64,
) -> Result<(UserId, String), DemoError> {
    let digest = format!("load-shopper:{}", who.phone);
    let user = NewUser {
        name: "Load",
        phone: who.phone,
        resident_digest: &digest,
        password_hash: "no password: signed in by its session only",
        role: Role::Shopper,
        seller: None,
        city: None,
    };
    let token = auth::new_token()?;
    let mut tx = db.begin().await?;
    let id = accounts::insert_user(&mut tx, &user, now)
        .await?
        .map_err(|_| bad(format!("{} is taken", who.phone)))?;
    let district = accounts::district_id(&mut tx, "pyongyang-central")
        .await?
        .ok_or_else(|| bad("no pyongyang-central district"))?;
    let address = NewAddress {
        user: id,
        district,
        line: "Load test 1",
        is_default: true,
    };
    accounts::insert_address(&mut tx, &address, now).await?;
    accounts::insert_session(&mut tx, &auth::token_hash(token.expose_secret()), id, now).await?;
    let sim = Link {
        user: id,
        salt: crate::server::service::random_hex()?,
        card: None,
        phone: who.phone,
        pin: who.pin,
    };
    sim.store(&mut tx, key, now).await?;
    pay_in(&mut tx, id, who.deposit, now).await?;
    tx.commit().await?;
    let name = crate::server::cookies::Kind::Session.name(&Default::default());
    Ok((id, format!("{name}={}", token.expose_secret())))
}
