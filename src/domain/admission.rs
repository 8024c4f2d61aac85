//! Sellers' admission: a resident applies to sell at `/sell` (the enterprise's name, its kind —
//! factory, store or restaurant —, its city, its state registration number and a contact
//! number); an operator approves, which makes the seller, its storefront and the applicant its
//! manager, or refuses with a reason the applicant reads.

use super::{
    account::PhoneNumber,
    catalog::{Localized, SellerKind},
    form::{text, FieldErrors, FieldProblem},
    ApplicationId, UserId,
};
use serde::{Deserialize, Serialize};

crate::form_fields! {
    /// Applying to sell.
    pub enum ApplyField {
        NameKo => "name_ko",
        NameEn => "name_en",
        Kind => "kind",
        City => "city",
        Registration => "registration",
        Contact => "contact",
    }
}

crate::form_fields! {
    /// Refusing an application: why.
    pub enum RefuseField { Reason => "reason" }
}

/// An enterprise's name, in either language.
pub const NAME_MAX: usize = 60;
/// A refusal's reason.
pub const REASON_MAX: usize = 500;

/// A state enterprise registration number: 6 to 20 digits, in groups that hyphens may separate
/// (`105-82-33017`); kept as written, spaces taken out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationNumber(String);

impl RegistrationNumber {
    pub fn parse(raw: &str) -> Result<RegistrationNumber, FieldProblem> {
        let s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if s.is_empty() {
            return Err(FieldProblem::Required);
        }
        let digits = s.chars().filter(char::is_ascii_digit).count();
        let well_formed = s.chars().all(|c| c.is_ascii_digit() || c == '-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if !well_formed || !(6..=20).contains(&digits) {
            return Err(FieldProblem::RegistrationFormat);
        }
        Ok(RegistrationNumber(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The application form as it was posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationForm {
    pub name_ko: String,
    pub name_en: String,
    pub kind: String,
    pub city: String,
    pub registration: String,
    pub contact: String,
}

/// An application that parsed: its city is only a slug until the service finds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewApplication {
    pub name: Localized,
    pub kind: SellerKind,
    pub city: String,
    pub registration: RegistrationNumber,
    pub contact: PhoneNumber,
}

impl ApplicationForm {
    /// Every field checked; the English name is the Korean one when left empty.
    pub fn parse(&self) -> Result<NewApplication, FieldErrors<ApplyField>> {
        let mut errs = FieldErrors::default();
        let name_ko = errs.check(ApplyField::NameKo, text(&self.name_ko, NAME_MAX, false));
        let name_en = if self.name_en.trim().is_empty() {
            name_ko.clone()
        } else {
            errs.check(ApplyField::NameEn, text(&self.name_en, NAME_MAX, false))
        };
        let kind = errs.check(
            ApplyField::Kind,
            SellerKind::from_code(self.kind.trim()).ok_or(FieldProblem::Required),
        );
        let city = self.city.trim();
        let city = errs.check(
            ApplyField::City,
            if city.is_empty() {
                Err(FieldProblem::Required)
            } else if !super::search::is_slug(city) {
                Err(FieldProblem::Invalid)
            } else {
                Ok(city.to_string())
            },
        );
        let registration = errs.check(
            ApplyField::Registration,
            RegistrationNumber::parse(&self.registration),
        );
        let contact = errs.check(ApplyField::Contact, PhoneNumber::parse(&self.contact));
        match (name_ko, name_en, kind, city, registration, contact) {
            (Some(ko), Some(en), Some(kind), Some(city), Some(registration), Some(contact))
                if errs.is_empty() =>
            {
                Ok(NewApplication {
                    name: Localized::new(ko, en),
                    kind,
                    city,
                    registration,
                    contact,
                })
            }
            _ => Err(errs),
        }
    }
}

/// A refusal's reason: 1 to `REASON_MAX` characters, lines kept.
pub fn parse_reason(raw: &str) -> Result<String, FieldProblem> {
    text(raw, REASON_MAX, true)
}

/// The new seller's address (`/s/<slug>`): the English name's letters and digits in lower case,
/// words joined by hyphens (at most 40 characters), then the application's number, which makes
/// it one no other seller has.
pub fn seller_slug(name_en: &str, application: ApplicationId) -> String {
    let mut base = String::new();
    for word in name_en
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if base.len() + word.len() + 1 > 40 {
            break;
        }
        if !base.is_empty() {
            base.push('-');
        }
        base.push_str(&word.to_ascii_lowercase());
    }
    if base.is_empty() {
        base.push_str("seller");
    }
    format!("{base}-{application}")
}

/// Where an application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApplicationStatus {
    /// Waiting for an operator.
    Pending,
    Approved,
    Refused,
}

impl ApplicationStatus {
    pub fn code(self) -> &'static str {
        match self {
            ApplicationStatus::Pending => "pending",
            ApplicationStatus::Approved => "approved",
            ApplicationStatus::Refused => "refused",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            ApplicationStatus::Pending,
            ApplicationStatus::Approved,
            ApplicationStatus::Refused,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// An application to sell, as the applicant and the operators see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub id: ApplicationId,
    pub applicant: UserId,
    /// The applicant's name and number, as their account has them.
    pub applicant_name: String,
    pub applicant_phone: PhoneNumber,
    pub name: Localized,
    pub kind: SellerKind,
    pub city: Localized,
    pub registration: String,
    pub contact: PhoneNumber,
    pub status: ApplicationStatus,
    /// Why it was refused.
    pub reason: Option<String>,
    pub created_at: i64,
    pub decided_at: Option<i64>,
    /// The storefront an approval made.
    pub seller_slug: Option<String>,
}

/// `/sell`: the cities to choose from, and the applicant's applications, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellPage {
    /// (slug, name) of every city served.
    pub cities: Vec<(String, Localized)>,
    pub applications: Vec<Application>,
    /// Whether the account is a resident's shopping account (only those apply).
    pub shopper: bool,
}

impl SellPage {
    /// Whether the account may apply now: a shopper's, with no application waiting.
    pub fn may_apply(&self) -> bool {
        self.shopper
            && !self
                .applications
                .iter()
                .any(|a| a.status == ApplicationStatus::Pending)
    }
}

/// `/operator/sellers`: the applications waiting (oldest first) and the latest decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdmissionPage {
    pub pending: Vec<Application>,
    pub decided: Vec<Application>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ApplicationForm {
        ApplicationForm {
            name_ko: " 대동강맥주공장 ".into(),
            name_en: String::new(),
            kind: "factory".into(),
            city: "pyongyang".into(),
            registration: "105-82 33017".into(),
            contact: "0191-234-5678".into(),
        }
    }

    #[test]
    fn an_application_parses_with_its_english_name_defaulting_to_korean() {
        let a = form().parse().expect("valid");
        assert_eq!(a.name, Localized::new("대동강맥주공장", "대동강맥주공장"));
        assert_eq!(a.kind, SellerKind::Factory);
        assert_eq!(a.registration.as_str(), "105-8233017");
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = ApplicationForm {
            name_ko: "가".repeat(NAME_MAX + 1),
            name_en: "x\u{7}".into(),
            kind: "bank".into(),
            city: "../etc".into(),
            registration: "12-34".into(),
            contact: "12345".into(),
        };
        let errs = bad.parse().expect_err("refused");
        assert_eq!(errs.get(ApplyField::NameKo), Some(FieldProblem::TooLong));
        assert_eq!(errs.get(ApplyField::NameEn), Some(FieldProblem::Invalid));
        assert_eq!(errs.get(ApplyField::Kind), Some(FieldProblem::Required));
        assert_eq!(errs.get(ApplyField::City), Some(FieldProblem::Invalid));
        assert_eq!(
            errs.get(ApplyField::Registration),
            Some(FieldProblem::RegistrationFormat)
        );
        assert!(errs.get(ApplyField::Contact).is_some());
    }

    #[test]
    fn registration_numbers_are_digits_in_groups() {
        for good in ["123456", "105-82-33017", "1-2-3-4-5-6"] {
            assert!(RegistrationNumber::parse(good).is_ok(), "{good}");
        }
        let long = "1".repeat(21);
        for bad in [
            "12345",
            "-123456",
            "123456-",
            "12--3456",
            "12345a",
            long.as_str(),
        ] {
            assert_eq!(
                RegistrationNumber::parse(bad),
                Err(FieldProblem::RegistrationFormat),
                "{bad}"
            );
        }
        assert_eq!(RegistrationNumber::parse("  "), Err(FieldProblem::Required));
    }

    #[test]
    fn a_sellers_address_is_made_of_its_english_name_and_the_application() {
        let id = ApplicationId::new(7);
        assert_eq!(
            seller_slug("Taedonggang Brewery", id),
            "taedonggang-brewery-7"
        );
        assert_eq!(seller_slug("대동강맥주공장", id), "seller-7");
        assert_eq!(seller_slug("<script>", id), "script-7");
        let long = seller_slug(&"word ".repeat(30), id);
        assert!(long.len() <= 42 && long.ends_with("-7"), "{long}");
        assert!(crate::domain::search::is_slug(&long));
    }
}
