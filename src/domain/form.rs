//! Checked form input: why a typed value was refused, and every problem of one submission by the
//! field of its form. Each form has its own enum of fields (next to the server function that takes
//! it); a field's input name is what its HTML form calls it and what a refusal names.

use serde::{Deserialize, Serialize};

/// One field of one form.
pub trait FormField: Copy + Eq + 'static {
    /// The name of the form's input (and of the `data-testid="error-…"` beside it).
    fn input(self) -> &'static str;
}

/// A form's fields: `form_fields! { pub enum SignInField { Phone => "phone", … } }` declares the
/// enum and the input name of each.
#[macro_export]
macro_rules! form_fields {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $field:ident => $input:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vmeta])* $field),+ }

        impl $crate::domain::form::FormField for $name {
            fn input(self) -> &'static str {
                match self { $($name::$field => $input),+ }
            }
        }
    };
}

/// Why a field was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldProblem {
    Required,
    TooLong,
    Invalid,
    PhoneFormat,
    PhoneForeign,
    PhoneTaken,
    ResidentFormat,
    ResidentForeign,
    ResidentCheck,
    ResidentTaken,
    PasswordShort,
    PasswordLong,
    PasswordIsPhone,
    PasswordWrong,
    DistrictUnknown,
    AddressShort,
    StockInvalid,
    PriceInvalid,
    QuantityInvalid,
    QuantityTooMany,
    QuantityOverStock,
    CardFormat,
    CardCheck,
    CardTaken,
    /// The bank issued no card with this number to this account holder.
    CardNotIssued,
    SimTaken,
    PinFormat,
    PinWrong,
    PinLocked,
    AmountInvalid,
    SlotInvalid,
    InstrumentUnknown,
    AccountUnknown,
    /// The resident registration number is not the account holder's.
    ResidentMismatch,
    OutOfRange,
    TariffInconsistent,
    CodeFormat,
    CodeWrong,
    CodeLocked,
    /// The code sent to the phone is not this one.
    PhoneCodeWrong,
    /// No code sent to the phone works any more (none asked for, expired, or tried too often).
    PhoneCodeStale,
    /// Not a JPEG, PNG or WebP picture.
    PictureNotAPicture,
    /// The file's name says another kind of file than it holds.
    PictureMismatch,
    PictureTooLarge,
    /// Wider or taller than the most pixels taken.
    PictureTooManyPixels,
    /// Broken or cut off.
    PictureBroken,
    /// The product has as many pictures as it may.
    PicturesFull,
    /// Not an Ogg or MP3 recording.
    NotAVoice,
    /// Not a WebM or MP4 video.
    NotAVideo,
    /// A voice over 2 MB, a video over 8 MB.
    RecordingTooLarge,
    /// A recording broken, cut off or with something after it.
    RecordingBroken,
    /// Only the seller's manager changes a price.
    PriceManagersOnly,
    /// The account already works for this seller.
    AlreadyStaff,
    /// The account is not a resident's shopping account (it is a business buyer's, another
    /// seller's, the logistics office's or an operator's), so it can't become staff.
    NotAShopper,
    /// The account has orders on their way to it: as staff it could not follow them.
    OrdersOnTheWay,
    /// A bulk update file larger than `bulk::MAX_BULK_BYTES`.
    BulkTooLarge,
    /// A bulk update file of more than `bulk::MAX_BULK_LINES` lines.
    BulkTooManyLines,
    /// Not UTF-8 text (a spreadsheet saved in another encoding).
    BulkNotText,
    /// A quoted cell is never closed.
    BulkBroken,
    /// The first line names no `id` column, or neither a `price` nor a `stock` column.
    BulkHeader,
    /// No line after the header.
    BulkEmpty,
    /// A review has as many pictures as it may.
    ReviewPicturesFull,
    /// Pictures go with a review: the line has none yet.
    ReviewFirst,
    /// Not a registration number (6 to 20 digits, hyphens between groups).
    RegistrationFormat,
    /// A seller admitted already has this registration number.
    RegistrationTaken,
}

/// Every problem of one submission of a form whose fields are `F`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldErrors<F>(Vec<(F, FieldProblem)>);

impl<F: FormField> Default for FieldErrors<F> {
    fn default() -> Self {
        FieldErrors(Vec::new())
    }
}

impl<F: FormField> FieldErrors<F> {
    pub fn add(&mut self, field: F, problem: FieldProblem) {
        self.0.push((field, problem));
    }

    /// Keeps the value when it parsed, notes the problem when it did not.
    pub fn check<T>(&mut self, field: F, parsed: Result<T, FieldProblem>) -> Option<T> {
        parsed.map_err(|p| self.add(field, p)).ok()
    }

    pub fn get(&self, field: F) -> Option<FieldProblem> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, p)| *p)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A refused form's problems as they travel to the page that shows them: by input name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvalidFields(Vec<(String, FieldProblem)>);

impl InvalidFields {
    /// The problem of `field`, whichever form's field it is: forms match by input name.
    pub fn get(&self, field: impl FormField) -> Option<FieldProblem> {
        self.named(field.input())
    }

    /// The problem of the input called `name`.
    pub fn named(&self, name: &str) -> Option<FieldProblem> {
        self.0.iter().find(|(f, _)| f == name).map(|(_, p)| *p)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<F: FormField> From<FieldErrors<F>> for InvalidFields {
    fn from(errs: FieldErrors<F>) -> Self {
        InvalidFields(
            errs.0
                .into_iter()
                .map(|(f, p)| (f.input().to_string(), p))
                .collect(),
        )
    }
}

/// Text of 1 to `max` characters, trimmed; control characters refused except, in a `multiline`
/// text, line breaks (kept as `\n`).
pub fn text(raw: &str, max: usize, multiline: bool) -> Result<String, FieldProblem> {
    let s = raw.trim().replace("\r\n", "\n");
    match s.chars().count() {
        0 => Err(FieldProblem::Required),
        n if n > max => Err(FieldProblem::TooLong),
        _ if s
            .chars()
            .any(|c| c.is_control() && !(multiline && c == '\n')) =>
        {
            Err(FieldProblem::Invalid)
        }
        _ => Ok(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Login {
        Phone,
        Password,
    }

    impl FormField for Login {
        fn input(self) -> &'static str {
            match self {
                Login::Phone => "phone",
                Login::Password => "password",
            }
        }
    }

    #[test]
    fn problems_are_kept_by_field_and_travel_by_input_name() {
        let mut errs = FieldErrors::default();
        assert_eq!(errs.check(Login::Phone, Ok::<_, FieldProblem>(5)), Some(5));
        assert_eq!(
            errs.check::<u8>(Login::Password, Err(FieldProblem::PasswordShort)),
            None
        );
        assert!(!errs.is_empty());
        assert_eq!(errs.get(Login::Password), Some(FieldProblem::PasswordShort));
        assert_eq!(errs.get(Login::Phone), None);
        let sent = InvalidFields::from(errs);
        assert_eq!(sent.named("password"), Some(FieldProblem::PasswordShort));
        assert_eq!(sent.get(Login::Phone), None);
    }
}
