//! Accounts: who may sign up (residents, with a domestic mobile number and a resident registration
//! number), what a password must be, the roles, and the field-by-field problems a form can have.
//!
//! Every type here parses raw form input once and can't hold a bad value afterwards.

use super::{compare::District, form::FieldProblem, AddressId, SellerId, UserId};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The code texted to a phone number at sign-up: six digits.
#[derive(Clone, PartialEq, Eq)]
pub struct PhoneCode(String);

impl PhoneCode {
    pub fn parse(raw: &str) -> Result<PhoneCode, FieldProblem> {
        let t = raw.trim();
        if t.is_empty() {
            return Err(FieldProblem::Required);
        }
        if t.len() != 6 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldProblem::PhoneCodeWrong);
        }
        Ok(PhoneCode(t.to_string()))
    }

    /// A code from eight random bytes (uniform enough: 2⁶⁴ mod 10⁶ is nearly nothing).
    pub fn from_random(bytes: [u8; 8]) -> PhoneCode {
        PhoneCode(format!("{:06}", u64::from_le_bytes(bytes) % 1_000_000))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PhoneCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PhoneCode(******)")
    }
}

/// A domestic mobile number, kept in its national form `0191-234-5678`.
///
/// The rule: a mobile number is `019` + the network digit (`1` or `2` for Koryolink, `5` for
/// Kangsong) + seven digits, eleven digits in all. Spaces, hyphens, dots and brackets between
/// digits are ignored. The international form of the same number (`+850 191 234 5678`, or with
/// `00850`) is accepted and stored nationally; any other country code is a foreign number.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// The network digits that follow `019`.
    pub const NETWORKS: [u8; 3] = [b'1', b'2', b'5'];

    pub fn parse(raw: &str) -> Result<PhoneNumber, FieldProblem> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FieldProblem::Required);
        }
        if raw
            .chars()
            .any(|c| !(c.is_ascii_digit() || " -.()+".contains(c)))
        {
            return Err(FieldProblem::PhoneFormat);
        }
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        let international = raw.starts_with('+') || digits.starts_with("00");
        let national = if international {
            let rest = digits.strip_prefix("00").unwrap_or(&digits);
            match rest.strip_prefix("850") {
                Some(rest) => format!("0{rest}"),
                None => return Err(FieldProblem::PhoneForeign),
            }
        } else {
            digits
        };
        let b = national.as_bytes();
        if b.len() != 11 || !national.starts_with("019") || !Self::NETWORKS.contains(&b[3]) {
            return Err(FieldProblem::PhoneFormat);
        }
        Ok(PhoneNumber(format!(
            "{}-{}-{}",
            &national[..4],
            &national[4..7],
            &national[7..]
        )))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The eleven digits without separators.
    pub fn digits(&self) -> String {
        self.0.chars().filter(char::is_ascii_digit).collect()
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        PhoneNumber::parse(&s).map_err(|p| format!("{p:?}"))
    }
}

impl From<PhoneNumber> for String {
    fn from(p: PhoneNumber) -> String {
        p.0
    }
}

/// A resident registration number, `YYMMDD-SNNNNNC`.
///
/// - `YYMMDD`: the date of birth (a real calendar date);
/// - `S`: 1 or 2 for residents born in the 1900s, 3 or 4 for those born from 2000; 5 to 8 mark a
///   foreigner's registration number (refused: Okryu is for residents), 0 and 9 are not used;
/// - `NNNNN`: the registry office and serial number;
/// - `C`: a check digit over the first twelve digits with weights 2 3 4 5 6 7 8 9 2 3 4 5:
///   `C = (11 − (Σ dᵢ·wᵢ mod 11)) mod 10`.
///
/// The hyphen is optional. Only a digest of the number is stored (one account per resident).
#[derive(Clone, PartialEq, Eq)]
pub struct ResidentId(String);

impl ResidentId {
    const WEIGHTS: [u32; 12] = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

    pub fn parse(raw: &str) -> Result<ResidentId, FieldProblem> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FieldProblem::Required);
        }
        let digits: String = raw.chars().filter(|c| *c != '-' && *c != ' ').collect();
        if digits.len() != 13 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldProblem::ResidentFormat);
        }
        let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        let century = match d[6] {
            1 | 2 => 1900,
            3 | 4 => 2000,
            5..=8 => return Err(FieldProblem::ResidentForeign),
            _ => return Err(FieldProblem::ResidentFormat),
        };
        let year = century + d[0] * 10 + d[1];
        let (month, day) = (d[2] * 10 + d[3], d[4] * 10 + d[5]);
        if !super::time::is_calendar_date(year, month, day) {
            return Err(FieldProblem::ResidentFormat);
        }
        if Self::check_digit(&d[..12]) != Some(d[12]) {
            return Err(FieldProblem::ResidentCheck);
        }
        Ok(ResidentId(digits))
    }

    /// The check digit of the first twelve digits (`None` if there aren't twelve).
    pub fn check_digit(first12: &[u32]) -> Option<u32> {
        if first12.len() != 12 {
            return None;
        }
        let sum: u32 = first12.iter().zip(Self::WEIGHTS).map(|(d, w)| d * w).sum();
        Some((11 - sum % 11) % 10)
    }

    /// The thirteen digits, for hashing into the stored digest. Never shown or logged.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

/// Never prints the number itself.
impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ResidentId(***)")
    }
}

/// A password a new account (or a password change) may use: 10 to 128 characters, and not the
/// account's phone number in any spelling.
#[derive(Clone)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(raw: &str, phone: &PhoneNumber) -> Result<NewPassword, FieldProblem> {
        let n = raw.chars().count();
        if n == 0 {
            return Err(FieldProblem::Required);
        }
        if n < Self::MIN_CHARS {
            return Err(FieldProblem::PasswordShort);
        }
        if n > Self::MAX_CHARS {
            return Err(FieldProblem::PasswordLong);
        }
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        let only_phone_chars = raw
            .chars()
            .all(|c| c.is_ascii_digit() || " -.()+".contains(c));
        if only_phone_chars
            && (digits == phone.digits() || digits == format!("850{}", &phone.digits()[1..]))
        {
            return Err(FieldProblem::PasswordIsPhone);
        }
        Ok(NewPassword(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// A person's name as they want it on deliveries: 1 to 40 characters, no control characters.
pub fn parse_name(raw: &str) -> Result<String, FieldProblem> {
    let name = raw.trim();
    match name.chars().count() {
        0 => Err(FieldProblem::Required),
        n if n > 40 => Err(FieldProblem::TooLong),
        _ if name.chars().any(char::is_control) => Err(FieldProblem::Invalid),
        _ => Ok(name.to_string()),
    }
}

/// The street, building and flat of an address within its district: 3 to 120 characters.
pub fn parse_address_line(raw: &str) -> Result<String, FieldProblem> {
    let line = raw.trim();
    match line.chars().count() {
        0 => Err(FieldProblem::Required),
        1 | 2 => Err(FieldProblem::AddressShort),
        n if n > 120 => Err(FieldProblem::TooLong),
        _ if line.chars().any(char::is_control) => Err(FieldProblem::Invalid),
        _ => Ok(line.to_string()),
    }
}

/// What an account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Shopper,
    /// A business buyer (a factory's or enterprise's purchaser).
    Business,
    /// Staff of one seller.
    Seller,
    /// A manager of one seller: what its staff do, and also its prices and who its staff are.
    Manager,
    Dispatcher,
    Courier,
    Operator,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Shopper,
        Role::Business,
        Role::Seller,
        Role::Manager,
        Role::Dispatcher,
        Role::Courier,
        Role::Operator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Shopper => "shopper",
            Role::Business => "business",
            Role::Seller => "seller",
            Role::Manager => "manager",
            Role::Dispatcher => "dispatcher",
            Role::Courier => "courier",
            Role::Operator => "operator",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Works for a seller (its staff or its manager).
    pub fn is_seller_staff(self) -> bool {
        matches!(self, Role::Seller | Role::Manager)
    }
}

crate::form_fields! {
    /// Adding someone to a seller's staff: their mobile number.
    pub enum StaffField { Phone => "phone" }
}

/// The signed-in person, as pages see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: UserId,
    pub name: String,
    pub phone: PhoneNumber,
    pub role: Role,
    /// The seller a seller's staff member or manager works for.
    pub seller: Option<SellerId>,
    /// The city a dispatcher works for (their office's orders only).
    pub city: Option<crate::domain::CityId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAddress {
    pub id: AddressId,
    pub district: District,
    pub line: String,
    pub is_default: bool,
}

/// One change to an account's security.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityEntry {
    pub kind: SecurityKind,
    /// What it was about: `•••• 1234`, a mobile number (empty for a password).
    pub detail: String,
    /// The client address it came from.
    pub client: String,
    /// UTC seconds.
    pub at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecurityKind {
    InstrumentLinked,
    InstrumentRemoved,
    PinChanged,
    PasswordChanged,
}

impl SecurityKind {
    pub fn code(self) -> &'static str {
        match self {
            SecurityKind::InstrumentLinked => "instrument_linked",
            SecurityKind::InstrumentRemoved => "instrument_removed",
            SecurityKind::PinChanged => "pin_changed",
            SecurityKind::PasswordChanged => "password_changed",
        }
    }

    pub fn from_code(code: &str) -> Option<SecurityKind> {
        [
            SecurityKind::InstrumentLinked,
            SecurityKind::InstrumentRemoved,
            SecurityKind::PinChanged,
            SecurityKind::PasswordChanged,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(s: &str) -> Result<String, FieldProblem> {
        PhoneNumber::parse(s).map(|p| p.to_string())
    }

    #[test]
    fn domestic_mobile_numbers_in_every_spelling() {
        for ok in [
            "01912345678",
            "0191-234-5678",
            "0191 234 5678",
            "(0191) 234.5678",
            "+850 191 234 5678",
            "00850-191-234-5678",
        ] {
            assert_eq!(phone(ok).as_deref(), Ok("0191-234-5678"), "{ok}");
        }
        assert_eq!(phone("0195-111-2222").as_deref(), Ok("0195-111-2222"));
        assert_eq!(phone("0192 111 2222").as_deref(), Ok("0192-111-2222"));
    }

    #[test]
    fn foreign_and_malformed_numbers_are_refused() {
        assert_eq!(phone("+82 10 1234 5678"), Err(FieldProblem::PhoneForeign));
        assert_eq!(phone("+86 139 1234 5678"), Err(FieldProblem::PhoneForeign));
        assert_eq!(phone("0086 139 1234 5678"), Err(FieldProblem::PhoneForeign));
        for bad in [
            "010-1234-5678",
            "0193-234-5678",
            "0191-234-567",
            "0191-234-56789",
            "02-381-2345",
            "0191-234-567x",
        ] {
            assert_eq!(phone(bad), Err(FieldProblem::PhoneFormat), "{bad}");
        }
        assert_eq!(phone("  "), Err(FieldProblem::Required));
    }

    /// `YYMMDD-S` + serial, completed with its check digit.
    fn resident(first12: &str) -> String {
        let d: Vec<u32> = first12.bytes().map(|b| u32::from(b - b'0')).collect();
        let c = ResidentId::check_digit(&d).expect("twelve digits");
        format!("{}-{}{c}", &first12[..6], &first12[6..])
    }

    #[test]
    fn resident_numbers_carry_a_birth_date_and_a_check_digit() {
        // 850415-1 0234 5: Σ = 8·2+5·3+0·4+4·5+1·6+5·7+1·8+0·9+2·2+3·3+4·4+5·5 = 154 → (11 − 0) mod 10 = 1.
        assert_eq!(resident("850415102345"), "850415-1023451");
        assert!(ResidentId::parse("850415-1023451").is_ok());
        assert!(ResidentId::parse("8504151023451").is_ok());
        assert_eq!(
            ResidentId::parse("850415-1023452"),
            Err(FieldProblem::ResidentCheck)
        );
        assert!(
            ResidentId::parse(&resident("000229312345")).is_ok(),
            "2000 is a leap year"
        );
        for bad in [
            "010229112345",
            "851315112345",
            "850400112345",
            "850415012345",
        ] {
            assert_eq!(
                ResidentId::parse(&resident(bad)),
                Err(FieldProblem::ResidentFormat),
                "{bad}"
            );
        }
        assert_eq!(
            ResidentId::parse(&resident("850415512345")),
            Err(FieldProblem::ResidentForeign)
        );
        assert_eq!(
            ResidentId::parse("85041-51023451"),
            Ok(ResidentId("8504151023451".into())),
            "hyphens are only separators"
        );
        assert_eq!(
            ResidentId::parse("12345"),
            Err(FieldProblem::ResidentFormat)
        );
        assert_eq!(
            format!("{:?}", ResidentId::parse("850415-1023451")),
            "Ok(ResidentId(***))"
        );
    }

    #[test]
    fn passwords_have_a_minimum_length_and_are_not_the_phone_number() {
        let p = PhoneNumber::parse("0191-234-5678").expect("valid");
        assert_eq!(
            NewPassword::parse("short", &p).err(),
            Some(FieldProblem::PasswordShort)
        );
        assert_eq!(
            NewPassword::parse("", &p).err(),
            Some(FieldProblem::Required)
        );
        for same in ["01912345678", "0191-234-5678", "+850 191 234 5678"] {
            assert_eq!(
                NewPassword::parse(same, &p).err(),
                Some(FieldProblem::PasswordIsPhone),
                "{same}"
            );
        }
        assert!(NewPassword::parse("taedonggang river", &p).is_ok());
        assert!(
            NewPassword::parse("01912345679", &p).is_ok(),
            "another number"
        );
        assert_eq!(
            NewPassword::parse(&"x".repeat(129), &p).err(),
            Some(FieldProblem::PasswordLong)
        );
        assert_eq!(
            format!("{:?}", NewPassword::parse("taedonggang river", &p)),
            "Ok(NewPassword(***))"
        );
    }

    #[test]
    fn roles_round_trip_through_their_stored_names() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
