//! Paying: Narae cards and SIM-linked accounts with their PINs, the limits on trying PINs, and
//! where an order's money is.

use super::{form::FieldProblem, InstrumentId, Won};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A Narae debit card number: 16 digits whose last is a Luhn check digit. Its `Debug` shows only
/// the last four (a log never holds a whole number).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CardNumber(String);

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CardNumber({})", self.masked())
    }
}

impl CardNumber {
    /// Spaces and hyphens between digit groups are ignored.
    pub fn parse(raw: &str) -> Result<CardNumber, FieldProblem> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FieldProblem::Required);
        }
        if raw
            .chars()
            .any(|c| !(c.is_ascii_digit() || c == ' ' || c == '-'))
        {
            return Err(FieldProblem::CardFormat);
        }
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        if digits.len() != 16 {
            return Err(FieldProblem::CardFormat);
        }
        if !luhn_valid(&digits) {
            return Err(FieldProblem::CardCheck);
        }
        Ok(CardNumber(digits))
    }

    pub fn digits(&self) -> &str {
        &self.0
    }

    /// The Narae card the bank makes of `serial` (any number; its last eleven digits are used):
    /// `NARAE_PREFIX`, eleven digits, and the Luhn check digit.
    pub fn narae(serial: u64) -> CardNumber {
        let body = format!("{NARAE_PREFIX}{:011}", serial % 100_000_000_000);
        let check = luhn_check_digit(&body);
        CardNumber(format!("{body}{check}"))
    }

    /// `9410 1234 5678 9012`: the whole number in groups of four, as printed on the card (shown
    /// once, at the bank's counter).
    pub fn grouped(&self) -> String {
        let d = &self.0;
        format!("{} {} {} {}", &d[..4], &d[4..8], &d[8..12], &d[12..])
    }

    /// The last four digits.
    pub fn last4(&self) -> &str {
        &self.0[12..]
    }

    /// `•••• 1234`: all a page ever shows of a card.
    pub fn masked(&self) -> String {
        format!("•••• {}", self.last4())
    }
}

/// The first digits of every card the Narae bank issues.
pub const NARAE_PREFIX: &str = "9410";

/// The Luhn check (ISO/IEC 7812): doubling every second digit from the right, the sum is a
/// multiple of ten.
pub fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 {
                    d2 - 9
                } else {
                    d2
                }
            } else {
                d
            }
        })
        .sum();
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// The digit that makes `body` (15 digits) a valid card number.
pub fn luhn_check_digit(body: &str) -> char {
    (b'0'..=b'9')
        .map(char::from)
        .find(|d| luhn_valid(&format!("{body}{d}")))
        .unwrap_or('0')
}

/// A payment PIN: exactly four digits.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    pub fn parse(raw: &str) -> Result<Pin, FieldProblem> {
        let t = raw.trim();
        if t.is_empty() {
            return Err(FieldProblem::Required);
        }
        if t.len() != 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldProblem::PinFormat);
        }
        Ok(Pin(t.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(****)")
    }
}

/// How a shopper pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InstrumentKind {
    /// A Narae debit card: card number and PIN.
    NaraeCard,
    /// A bank account linked to the shopper's mobile number: the number and a PIN.
    SimAccount,
}

impl InstrumentKind {
    pub fn code(self) -> &'static str {
        match self {
            InstrumentKind::NaraeCard => "card",
            InstrumentKind::SimAccount => "sim",
        }
    }

    pub fn from_code(code: &str) -> Option<InstrumentKind> {
        match code {
            "card" => Some(InstrumentKind::NaraeCard),
            "sim" => Some(InstrumentKind::SimAccount),
            _ => None,
        }
    }
}

/// A shopper's saved way to pay, as pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instrument {
    pub id: InstrumentId,
    pub kind: InstrumentKind,
    /// `•••• 1234` for a card, the mobile number for a SIM account.
    pub label: String,
    /// What the bank account behind it holds now.
    pub balance: Won,
    /// Locked after three wrong PINs: until this time (UTC seconds).
    pub locked_until: Option<i64>,
    /// Whether this browser's session may pay with it: one linked from another browser since
    /// this one signed in waits for a sign-in here.
    pub usable: bool,
}

/// Whether the session `session` (a token's digest), begun at `signed_in_at`, may pay with an
/// instrument linked by the session `linked_by` at `linked_at` (`None`: linked at the bank's
/// counter). One linked from another session after this one began waits for a new sign-in here:
/// a stolen session can't add a card of its own and spend with it.
pub fn may_pay_with(
    linked_by: Option<&str>,
    linked_at: i64,
    session: &str,
    signed_in_at: i64,
) -> bool {
    match linked_by {
        None => true,
        Some(by) => by == session || linked_at <= signed_in_at,
    }
}

/// Wrong PINs in a row that lock an instrument, and for how long.
pub const PIN_TRIES: u32 = 3;
pub const PIN_LOCK_SECS: i64 = 15 * 60;

/// How long after its delivery window ends an order not yet picked up keeps its payment hold;
/// then it is cancelled and the money and stock are released.
pub const HOLD_GRACE_SECS: i64 = 24 * 3600;

/// The largest single deposit an operator can record.
pub const MAX_DEPOSIT: Won = Won::from_won_const(10_000_000);

/// Where the order's money is, from the ledger.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// Still held from the shopper's account.
    pub held: Won,
    /// Paid to the seller and the logistics office.
    pub captured: Won,
    /// Given back after capture.
    pub refunded: Won,
    /// Released without capture (cancelled).
    pub voided: Won,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_numbers_carry_a_luhn_check_digit() {
        // The standard Luhn example 7992739871 + 3, padded to 16 digits.
        assert!(luhn_valid("79927398713"));
        assert!(!luhn_valid("79927398710"));
        let body = "941012345678901";
        let card = format!("{body}{}", luhn_check_digit(body));
        let parsed = CardNumber::parse(&format!(
            "{} {} {} {}",
            &card[..4],
            &card[4..8],
            &card[8..12],
            &card[12..]
        ))
        .expect("valid card");
        assert_eq!(parsed.digits(), card);
        assert_eq!(parsed.masked(), format!("•••• {}", &card[12..]));
        let mut wrong = card.clone();
        let last = wrong.pop().expect("digit");
        wrong.push(if last == '9' {
            '0'
        } else {
            char::from(last as u8 + 1)
        });
        assert_eq!(CardNumber::parse(&wrong), Err(FieldProblem::CardCheck));
        assert_eq!(CardNumber::parse("1234"), Err(FieldProblem::CardFormat));
        assert_eq!(
            CardNumber::parse("9410-abcd"),
            Err(FieldProblem::CardFormat)
        );
    }

    #[test]
    fn the_bank_makes_card_numbers_that_parse_back() {
        for serial in [0, 7, 12_345_678_901, u64::MAX] {
            let card = CardNumber::narae(serial);
            assert!(card.digits().starts_with(NARAE_PREFIX), "{card:?}");
            assert_eq!(CardNumber::parse(&card.grouped()), Ok(card.clone()));
            assert_eq!(card.grouped().len(), 19);
            assert_eq!(card.masked(), format!("•••• {}", card.last4()));
        }
        assert_ne!(CardNumber::narae(1), CardNumber::narae(2));
        let card = CardNumber::narae(42);
        assert_eq!(
            format!("{card:?}"),
            format!("CardNumber(•••• {})", card.last4())
        );
    }

    #[test]
    fn a_pin_is_four_digits_and_never_printed() {
        assert!(Pin::parse("0420").is_ok());
        for bad in ["042", "04200", "04a0", "-420"] {
            assert_eq!(Pin::parse(bad), Err(FieldProblem::PinFormat), "{bad}");
        }
        assert_eq!(
            format!("{:?}", Pin::parse("1234").expect("pin")),
            "Pin(****)"
        );
    }
}
