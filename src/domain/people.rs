//! People and roles: operators find accounts by mobile number or name, grant a role (a seller's
//! staff or manager, a city's dispatcher, a courier with a vehicle, an operator) to a shopper's
//! account and revoke it, and suspend an account or reinstate it. Every such act — and every
//! decision on an application to sell — is written to the audit log (who, when, what, why), which
//! operators read and nobody edits.

use super::{
    account::{PhoneNumber, Role},
    catalog::Localized,
    delivery::Vehicle,
    form::{text, FieldErrors, FieldProblem},
    search::is_slug,
    UserId,
};

/// The account a form names, from its hidden field.
pub fn parse_user(raw: &str) -> Option<UserId> {
    raw.trim().parse().ok()
}
use serde::{Deserialize, Serialize};

crate::form_fields! {
    /// Granting a role: which, where, and why.
    pub enum GrantField {
        Role => "role",
        Seller => "seller",
        City => "city",
        Vehicle => "vehicle",
        Reason => "reason",
    }
}

crate::form_fields! {
    /// Revoking a role, suspending or reinstating an account: why.
    pub enum WhyField { Reason => "reason" }
}

/// The longest search for people.
pub const QUERY_MAX: usize = 60;
/// The longest reason of an act.
pub const WHY_MAX: usize = 500;
/// The most people a search shows.
pub const FOUND_MAX: u32 = 50;
/// The audit log's entries a page shows (the newest).
pub const LOG_SHOWN: u32 = 100;

/// Why an act is done: 1 to `WHY_MAX` characters, lines kept.
pub fn parse_why(raw: &str) -> Result<String, FieldProblem> {
    text(raw, WHY_MAX, true)
}

/// What a search for people looks for: a mobile number (some of its digits, at least three) or a
/// part of a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeopleQuery {
    Nothing,
    Digits(String),
    Name(String),
}

impl PeopleQuery {
    /// Reads the search box: spaces at the ends dropped, at most `QUERY_MAX` characters kept;
    /// digits with hyphens or spaces are a number's, anything else a name's.
    pub fn parse(raw: &str) -> PeopleQuery {
        let q: String = raw.trim().chars().take(QUERY_MAX).collect();
        let q = q.trim();
        if q.is_empty() || q.chars().any(char::is_control) {
            return PeopleQuery::Nothing;
        }
        let digits: String = q.chars().filter(char::is_ascii_digit).collect();
        if q.chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
        {
            if digits.len() >= 3 {
                PeopleQuery::Digits(digits)
            } else {
                PeopleQuery::Nothing
            }
        } else {
            PeopleQuery::Name(q.to_string())
        }
    }
}

/// A role an operator grants, with where it works (the seller and the city by their slugs until
/// the service finds them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Grant {
    /// A seller's staff, or its manager.
    Staff {
        seller: String,
        manager: bool,
    },
    Dispatcher {
        city: String,
    },
    Courier {
        city: String,
        vehicle: Vehicle,
    },
    Operator,
}

impl Grant {
    pub fn role(&self) -> Role {
        match self {
            Grant::Staff { manager: false, .. } => Role::Seller,
            Grant::Staff { manager: true, .. } => Role::Manager,
            Grant::Dispatcher { .. } => Role::Dispatcher,
            Grant::Courier { .. } => Role::Courier,
            Grant::Operator => Role::Operator,
        }
    }
}

/// The roles an operator grants.
pub const GRANTED: [Role; 5] = [
    Role::Seller,
    Role::Manager,
    Role::Dispatcher,
    Role::Courier,
    Role::Operator,
];

/// The grant form as it was posted: the account (its id as text, which a flattened form needs),
/// the role, the seller (its storefront's address), the city and the vehicle where the role needs
/// them, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantForm {
    pub user: String,
    pub role: String,
    #[serde(default)]
    pub seller: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub vehicle: String,
    pub reason: String,
}

/// A slug a field names: required, and the shape of one.
fn slug(raw: &str) -> Result<String, FieldProblem> {
    let s = raw.trim().trim_start_matches("/s/").to_ascii_lowercase();
    if s.is_empty() {
        Err(FieldProblem::Required)
    } else if is_slug(&s) {
        Ok(s)
    } else {
        Err(FieldProblem::Invalid)
    }
}

impl GrantForm {
    /// The grant and its reason; the fields a role doesn't need are not read.
    pub fn parse(&self) -> Result<(Grant, String), FieldErrors<GrantField>> {
        let mut errs = FieldErrors::default();
        let role = errs.check(
            GrantField::Role,
            Role::parse(self.role.trim())
                .filter(|r| GRANTED.contains(r))
                .ok_or(FieldProblem::Required),
        );
        let grant = match role {
            Some(role @ (Role::Seller | Role::Manager)) => errs
                .check(GrantField::Seller, slug(&self.seller))
                .map(|seller| Grant::Staff {
                    seller,
                    manager: role == Role::Manager,
                }),
            Some(Role::Dispatcher) => errs
                .check(GrantField::City, slug(&self.city))
                .map(|city| Grant::Dispatcher { city }),
            Some(Role::Courier) => {
                let city = errs.check(GrantField::City, slug(&self.city));
                let vehicle = errs.check(
                    GrantField::Vehicle,
                    Vehicle::from_code(self.vehicle.trim()).ok_or(FieldProblem::Required),
                );
                city.zip(vehicle)
                    .map(|(city, vehicle)| Grant::Courier { city, vehicle })
            }
            Some(Role::Operator) => Some(Grant::Operator),
            _ => None,
        };
        let reason = errs.check(GrantField::Reason, parse_why(&self.reason));
        match (grant, reason) {
            (Some(grant), Some(reason)) if errs.is_empty() => Ok((grant, reason)),
            _ => Err(errs),
        }
    }
}

/// An account as operators see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: UserId,
    pub name: String,
    pub phone: PhoneNumber,
    pub role: Role,
    /// The seller a seller's staff member or manager works for: (slug, name).
    pub seller: Option<(String, Localized)>,
    /// The city a dispatcher or a courier works in.
    pub city: Option<Localized>,
    /// A courier's vehicle.
    pub vehicle: Option<Vehicle>,
    pub suspended: bool,
    pub joined_at: i64,
}

/// What an audit log entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditAct {
    Granted,
    Revoked,
    Suspended,
    Reinstated,
    /// An application to sell approved: the applicant manages the new seller.
    Admitted,
    /// An application to sell refused.
    Refused,
}

impl AuditAct {
    pub const ALL: [AuditAct; 6] = [
        AuditAct::Granted,
        AuditAct::Revoked,
        AuditAct::Suspended,
        AuditAct::Reinstated,
        AuditAct::Admitted,
        AuditAct::Refused,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AuditAct::Granted => "granted",
            AuditAct::Revoked => "revoked",
            AuditAct::Suspended => "suspended",
            AuditAct::Reinstated => "reinstated",
            AuditAct::Admitted => "admitted",
            AuditAct::Refused => "refused",
        }
    }

    pub fn from_code(code: &str) -> Option<AuditAct> {
        AuditAct::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// One act on a person: who did it, when, what (the role and where), and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: i64,
    pub actor: UserId,
    pub actor_name: String,
    pub subject: UserId,
    pub subject_name: String,
    pub act: AuditAct,
    /// The role granted or revoked.
    pub role: Option<Role>,
    /// Where: the seller's or the city's name.
    pub place: Option<Localized>,
    pub vehicle: Option<Vehicle>,
    /// Why (empty for an application approved).
    pub reason: String,
}

/// `/operator/people`: the search and what it found, and the newest acts of the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeoplePage {
    pub query: String,
    pub found: Vec<Person>,
    pub log: Vec<AuditEntry>,
}

/// `/operator/people/<id>`: one account, what may be done to it, and its acts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonPage {
    pub person: Person,
    /// The cities a dispatcher or courier may work in: (slug, name).
    pub cities: Vec<(String, Localized)>,
    /// The operator looking is this account (nobody revokes or suspends themselves).
    pub own: bool,
    pub log: Vec<AuditEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(role: &str) -> GrantForm {
        GrantForm {
            user: "7".into(),
            role: role.into(),
            seller: "/s/Kumsong-Food".into(),
            city: "pyongyang".into(),
            vehicle: "van".into(),
            reason: " 새 직원 ".into(),
        }
    }

    #[test]
    fn a_grant_reads_only_what_its_role_needs() {
        assert_eq!(
            form("manager").parse(),
            Ok((
                Grant::Staff {
                    seller: "kumsong-food".into(),
                    manager: true
                },
                "새 직원".into()
            ))
        );
        assert_eq!(
            form("courier").parse().map(|g| g.0),
            Ok(Grant::Courier {
                city: "pyongyang".into(),
                vehicle: Vehicle::Van
            })
        );
        let mut f = form("operator");
        f.seller = "<script>".into();
        f.vehicle = "rocket".into();
        assert_eq!(f.parse().map(|g| g.0), Ok(Grant::Operator));
    }

    #[test]
    fn a_bad_grant_names_each_field() {
        for role in ["", "shopper", "business", "king"] {
            let errs = form(role).parse().expect_err(role);
            assert_eq!(errs.get(GrantField::Role), Some(FieldProblem::Required));
        }
        let mut f = form("courier");
        f.city = "평양".into();
        f.vehicle = String::new();
        f.reason = "  ".into();
        let errs = f.parse().expect_err("bad");
        assert_eq!(errs.get(GrantField::City), Some(FieldProblem::Invalid));
        assert_eq!(errs.get(GrantField::Vehicle), Some(FieldProblem::Required));
        assert_eq!(errs.get(GrantField::Reason), Some(FieldProblem::Required));
        assert_eq!(
            errs.get(GrantField::Seller),
            None,
            "a courier has no seller"
        );
        let mut f = form("seller");
        f.seller = String::new();
        f.city = "평양".into();
        f.reason = "왜".repeat(WHY_MAX + 1);
        let errs = f.parse().expect_err("bad");
        assert_eq!(errs.get(GrantField::Seller), Some(FieldProblem::Required));
        assert_eq!(errs.get(GrantField::Reason), Some(FieldProblem::TooLong));
        assert_eq!(
            errs.get(GrantField::City),
            None,
            "staff work where the seller is"
        );
    }

    #[test]
    fn a_search_is_a_numbers_digits_or_a_names_part() {
        assert_eq!(
            PeopleQuery::parse(" 0191-555 07 "),
            PeopleQuery::Digits("019155507".into())
        );
        assert_eq!(PeopleQuery::parse("01"), PeopleQuery::Nothing);
        assert_eq!(PeopleQuery::parse("  "), PeopleQuery::Nothing);
        assert_eq!(
            PeopleQuery::parse("김 철"),
            PeopleQuery::Name("김 철".into())
        );
        assert_eq!(
            PeopleQuery::parse("%_\\"),
            PeopleQuery::Name("%_\\".into()),
            "wildcards are the repository's to escape"
        );
        let long = "가".repeat(QUERY_MAX * 2);
        assert_eq!(
            PeopleQuery::parse(&long),
            PeopleQuery::Name("가".repeat(QUERY_MAX))
        );
    }

    #[test]
    fn audit_acts_round_trip() {
        for act in AuditAct::ALL {
            assert_eq!(AuditAct::from_code(act.code()), Some(act));
        }
    }
}
