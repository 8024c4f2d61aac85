//! Demo accounts, one for every role (listed in the README with their passwords).

use super::super::{
    auth,
    db::{
        accounts::{insert_user, NewUser},
        bank::NewInstrument,
        logistics, Db, DbError, Tx,
    },
    secret::SecretKey,
    service::{payments, ServiceError, Services},
};
use crate::domain::{
    account::{PhoneNumber, ResidentId, Role},
    delivery::Vehicle,
    SellerId, Won,
};

pub struct DemoAccount {
    pub phone: &'static str,
    pub password: &'static str,
    pub name: &'static str,
    pub role: Role,
    /// For seller staff: the seller's slug.
    pub seller: Option<&'static str>,
    /// For couriers: the city (slug) whose depot they work from, and their vehicle.
    pub courier: Option<(&'static str, Vehicle)>,
    /// The first twelve digits of the resident registration number (the check digit is added).
    pub resident: &'static str,
    pub district: &'static str,
    pub line: &'static str,
}

pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        phone: "0191-100-0001",
        password: "okryu-shopper",
        name: "김은정",
        role: Role::Shopper,
        seller: None,
        courier: None,
        resident: "880312201234",
        district: "pyongyang-central",
        line: "승리거리 25, 3동 12호",
    },
    DemoAccount {
        phone: "0191-100-0002",
        password: "okryu-business",
        name: "박철민",
        role: Role::Business,
        seller: None,
        courier: None,
        resident: "750920102345",
        district: "pyongyang-pothonggang",
        line: "보통강기계공장 자재과",
    },
    DemoAccount {
        phone: "0191-100-0003",
        password: "okryu-seller",
        name: "리영호",
        role: Role::Seller,
        seller: Some("kumsong-food"),
        courier: None,
        resident: "820105103456",
        district: "pyongyang-moranbong",
        line: "금성식료공장 판매과",
    },
    DemoAccount {
        phone: "0191-100-0004",
        password: "okryu-dispatch",
        name: "최수련",
        role: Role::Dispatcher,
        seller: None,
        courier: None,
        resident: "900717204567",
        district: "pyongyang-taedonggang",
        line: "옥류 물류사무소 지령실",
    },
    DemoAccount {
        phone: "0191-100-0005",
        password: "okryu-courier",
        name: "정광일",
        role: Role::Courier,
        seller: None,
        courier: Some(("pyongyang", Vehicle::Motorbike)),
        resident: "010228305678",
        district: "pyongyang-rangrang",
        line: "옥류 물류사무소 배달조",
    },
    DemoAccount {
        phone: "0191-100-0006",
        password: "okryu-operator",
        name: "한미경",
        role: Role::Operator,
        seller: None,
        courier: None,
        resident: "850415206789",
        district: "pyongyang-central",
        line: "옥류 운영실",
    },
    DemoAccount {
        phone: "0191-100-0007",
        password: "okryu-van",
        name: "송대혁",
        role: Role::Courier,
        seller: None,
        courier: Some(("pyongyang", Vehicle::Van)),
        resident: "920611107890",
        district: "pyongyang-mangyongdae",
        line: "옥류 물류사무소 화물차조",
    },
];

/// The rest of each city's fleet (besides the two demo couriers in Pyongyang): (city, motorbikes,
/// vans). They sign in as 0191-101-NNNN with the demo courier's password.
pub const FLEET: &[(&str, u32, u32)] = &[
    ("pyongyang", 3, 1),
    ("pyongsong", 1, 1),
    ("nampo", 1, 1),
    ("sariwon", 1, 1),
    ("sinuiju", 1, 1),
];

/// Writes the demo accounts into a database that has none, in one transaction. Returns whether it did.
pub async fn ensure_demo_accounts(db: &Db, key: &SecretKey, now: i64) -> Result<bool, DbError> {
    if db.accounts().any_user().await? {
        return Ok(false);
    }
    let ids = db.catalog().demo_ids().await?;
    let bad = |value: &str| DbError::Corrupt {
        table: "demo accounts",
        column: "value",
        value: value.to_string(),
    };
    let mut prepared = Vec::new();
    for a in DEMO_ACCOUNTS {
        let phone = PhoneNumber::parse(a.phone).map_err(|_| bad(a.phone))?;
        let first12: Vec<u32> = a
            .resident
            .bytes()
            .map(|b| u32::from(b.wrapping_sub(b'0')))
            .collect();
        let check = ResidentId::check_digit(&first12).ok_or_else(|| bad(a.resident))?;
        let resident =
            ResidentId::parse(&format!("{}{check}", a.resident)).map_err(|_| bad(a.resident))?;
        let password = a.password.to_string();
        let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
            .await
            .map_err(|e| bad(&e.to_string()))?
            .map_err(|e| bad(&e.to_string()))?;
        let seller = match a.seller {
            None => None,
            Some(slug) => Some(SellerId::new(
                ids.iter()
                    .find(|(k, s, _)| k == "seller" && s == slug)
                    .map(|(_, _, id)| *id)
                    .ok_or_else(|| bad(slug))?,
            )),
        };
        prepared.push((a, phone, key.resident(resident.digits()), hash, seller));
    }
    let mut tx = db.begin().await?;
    for (a, phone, digest, hash, seller) in &prepared {
        let user = NewUser {
            name: a.name,
            phone,
            resident_digest: digest,
            resident_legacy: None,
            password_hash: hash,
            role: a.role,
            seller: *seller,
        };
        let id = insert_user(&mut tx, &user, a.district, a.line, now).await?;
        if let Some((city, vehicle)) = a.courier {
            logistics::add_courier(&mut tx, id, city, vehicle).await?;
        }
    }
    fleet(&mut tx, key, now).await?;
    // The demo dispatcher works for Pyongyang's office.
    sqlx::query(
        "UPDATE users SET city_id = (SELECT id FROM cities WHERE slug = 'pyongyang') \
         WHERE role = 'dispatcher' AND city_id IS NULL",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    for w in DEMO_WALLETS {
        demo_wallet(db, key, w, now).await?;
    }
    Ok(true)
}

/// The fleet's couriers, all with the demo courier's password (hashed once).
async fn fleet(tx: &mut Tx<'_>, key: &SecretKey, now: i64) -> Result<(), DbError> {
    let bad = |value: String| DbError::Corrupt {
        table: "fleet",
        column: "value",
        value,
    };
    let password = DEMO_ACCOUNTS
        .iter()
        .find(|a| a.role == Role::Courier)
        .map_or("okryu-courier", |a| a.password)
        .to_string();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|e| bad(e.to_string()))?
        .map_err(|e| bad(e.to_string()))?;
    let mut n = 0u32;
    for (city, bikes, vans) in FLEET {
        let vehicles = std::iter::repeat_n(Vehicle::Motorbike, *bikes as usize)
            .chain(std::iter::repeat_n(Vehicle::Van, *vans as usize));
        for vehicle in vehicles {
            n += 1;
            let phone = PhoneNumber::parse(&format!("0191-101-{n:04}"))
                .map_err(|_| bad(format!("fleet phone {n}")))?;
            // Born 1 January 1990, men (S = 1), serial n: a valid number no resident has.
            let first12: Vec<u32> = format!("9001011{n:05}")
                .bytes()
                .map(|b| u32::from(b - b'0'))
                .collect();
            let check = ResidentId::check_digit(&first12).ok_or_else(|| bad(n.to_string()))?;
            let resident = ResidentId::parse(&format!("9001011{n:05}{check}"))
                .map_err(|_| bad(format!("fleet resident {n}")))?;
            let name = format!("배달원 {n}");
            let digest = key.resident(resident.digits());
            let user = NewUser {
                name: &name,
                phone: &phone,
                resident_digest: &digest,
                resident_legacy: None,
                password_hash: &hash,
                role: Role::Courier,
                seller: None,
            };
            let district = match *city {
                "pyongyang" => "pyongyang-central".to_string(),
                "nampo" => "nampo-hanggu".to_string(),
                other => format!("{other}-centre"),
            };
            let id = insert_user(tx, &user, &district, "옥류 물류사무소", now).await?;
            logistics::add_courier(tx, id, city, vehicle).await?;
        }
    }
    Ok(())
}

/// A demo account's bank account: its instruments and what is paid in.
pub struct DemoWallet {
    pub phone: &'static str,
    /// A Narae card number, if the account has one.
    pub card: Option<&'static str>,
    pub sim: bool,
    /// The PIN of every instrument of the account.
    pub pin: &'static str,
    pub deposit_won: u32,
}

pub const DEMO_WALLETS: &[DemoWallet] = &[
    DemoWallet {
        phone: "0191-100-0001",
        card: Some("9410 1000 0000 0003"),
        sim: true,
        pin: "1234",
        deposit_won: 50_000,
    },
    // A business buyer whose account is nearly empty: buying shows what is missing.
    DemoWallet {
        phone: "0191-100-0002",
        card: Some("9410 2000 0000 0001"),
        sim: false,
        pin: "1234",
        deposit_won: 100,
    },
];

async fn demo_wallet(db: &Db, key: &SecretKey, w: &DemoWallet, now: i64) -> Result<(), DbError> {
    use crate::domain::{
        payment::{CardNumber, InstrumentKind, Pin},
        Won,
    };
    let bad = |value: &str| DbError::Corrupt {
        table: "demo wallets",
        column: "value",
        value: value.to_string(),
    };
    let phone = PhoneNumber::parse(w.phone).map_err(|_| bad(w.phone))?;
    let Some((user, _)) = db.accounts().credentials(&phone).await? else {
        return Err(bad(w.phone));
    };
    let pin = Pin::parse(w.pin).map_err(|_| bad(w.pin))?;
    let salt = |n: u8| format!("demo-{}-{n}", user.get());
    let mut tx = db.begin().await?;
    if let Some(card) = w.card {
        let card = CardNumber::parse(card).map_err(|_| bad(card))?;
        let s = salt(1);
        payments::add_instrument(
            &mut tx,
            &NewInstrument {
                user,
                kind: InstrumentKind::NaraeCard,
                card_digest: Some(&key.card(card.digits())),
                card_legacy: None,
                label: &card.masked(),
                pin_salt: &s,
                pin_hash: &key.pin(&s, pin.expose()),
                linked_by: None,
            },
            now,
        )
        .await?;
    }
    if w.sim {
        link_sim(&mut tx, key, (user, &phone), (&salt(2), &pin), now).await?;
    }
    tx.commit().await?;
    let amount = Won::from_won(i64::from(w.deposit_won));
    deposit(db, key, &phone, amount).await
}

/// Links the bank account behind the holder's mobile number with `(salt, PIN)`, as the bank's
/// counter does (nobody's session linked it).
async fn link_sim(
    tx: &mut Tx<'_>,
    key: &SecretKey,
    (user, phone): (crate::domain::UserId, &PhoneNumber),
    (salt, pin): (&str, &crate::domain::payment::Pin),
    now: i64,
) -> Result<(), DbError> {
    let sim = NewInstrument {
        user,
        kind: crate::domain::payment::InstrumentKind::SimAccount,
        card_digest: None,
        card_legacy: None,
        label: phone.as_str(),
        pin_salt: salt,
        pin_hash: &key.pin(salt, pin.expose()),
        linked_by: None,
    };
    payments::add_instrument(tx, &sim, now).await?;
    Ok(())
}

/// Money paid in for the holder of `phone`, as the bank's counter records it.
async fn deposit(
    db: &Db,
    key: &SecretKey,
    phone: &PhoneNumber,
    amount: Won,
) -> Result<(), DbError> {
    let clock = crate::server::clock::Clock::default();
    let s = Services {
        db,
        clock: &clock,
        secret: key,
    };
    match payments::deposit(s, phone, amount).await {
        Ok(_) => Ok(()),
        Err(ServiceError::Db(e)) => Err(e),
        Err(e) => Err(DbError::Corrupt {
            table: "demo wallets",
            column: "deposit",
            value: e.to_string(),
        }),
    }
}

/// A load-test shopper: the mobile number, the PIN of their SIM-linked account and what they pay in.
#[derive(Clone, Copy, Debug)]
pub struct LoadShopper<'a> {
    pub phone: &'a str,
    pub pin: &'a crate::domain::payment::Pin,
    pub deposit: Won,
}

/// A shopper for load tests and benchmarks: an account in central Pyongyang with a live session, a
/// SIM-linked account with `pin`, and `deposit` paid in. Returns the account and its `Cookie:` value.
pub async fn load_shopper(
    db: &Db,
    key: &SecretKey,
    shopper: &LoadShopper<'_>,
    now: i64,
) -> Result<(crate::domain::UserId, String), crate::error::AppError> {
    let LoadShopper {
        phone,
        pin,
        deposit,
    } = *shopper;
    use crate::{error::AppError, server::db::accounts::CreateUser};
    let parsed = PhoneNumber::parse(phone).map_err(|_| AppError::BadRequest(phone.into()))?;
    let digest = format!("load-shopper:{phone}");
    let new = NewUser {
        name: "Load",
        phone: &parsed,
        resident_digest: &digest,
        resident_legacy: None,
        password_hash: "no password: signed in by its session only",
        role: Role::Shopper,
        seller: None,
    };
    let Some(CreateUser::Created(user)) = db
        .accounts()
        .create(&new, "pyongyang-central", "Load test 1", now)
        .await?
    else {
        return Err(AppError::BadRequest(format!("{phone} is taken")));
    };
    let token = auth::new_token()?;
    db.accounts()
        .create_session(&auth::token_hash(&token), user, now)
        .await?;
    let salt = auth::new_token()?;
    let mut tx = db.begin().await?;
    link_sim(&mut tx, key, (user, &parsed), (&salt, pin), now).await?;
    tx.commit().await.map_err(DbError::from)?;
    self::deposit(db, key, &parsed, deposit).await?;
    let name = crate::server::cookies::Kind::Session.name(&Default::default());
    Ok((user, format!("{name}={token}")))
}
