//! A form's answer as its page sees it: a refused form comes back as its page again with a
//! `FormReply`; a form that succeeded leaves a one-view `Flash` for the next page.

use crate::{
    domain::{account::PhoneNumber, payment::CardNumber, ProductId, ReviewId, Won},
    error::AppError,
};

/// The field naming the server function a form is for (its path, `/api/account/sign-in`): forms
/// post to their own page's address, which is where a refusal is shown.
pub const FN_FIELD: &str = "_fn";

/// A refused form, as the page it was posted from is rendered again (put in the request's
/// extensions by `server::forms`).
#[derive(Clone, Debug)]
pub struct FormReply {
    /// The server function's path (`/api/account/sign-in`).
    pub action: String,
    /// What was posted, secrets taken out.
    pub values: Vec<(String, String)>,
    pub error: AppError,
}

impl FormReply {
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the page a successful form led to says about it (one page view; `okryu_flash` cookie).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Flash {
    AddedToCart,
    PasswordChanged,
    Saved,
    StockSaved(ProductId),
    PriceSaved(ProductId),
    ListingSaved(ProductId),
    PictureAdded(ProductId),
    Deposited(Won),
    /// The bank's counter issued this card to the holder of this number: its whole number is
    /// shown this once, to the clerk who hands it over.
    CardIssued(CardNumber, PhoneNumber),
    /// A card with these last four digits was linked to the wallet.
    CardLinked(String),
    SimLinked,
    /// A standing order was set up.
    Subscribed,
    /// The buyer's review of this product was saved.
    ReviewSaved(ProductId),
    /// The seller's answer to this review was given.
    Answered(ReviewId),
    /// This review was marked helpful.
    Thanked(ReviewId),
    /// This review was reported to the operators.
    Reported(ReviewId),
    /// The manager added someone to the seller's staff.
    StaffAdded,
    /// The manager removed someone from the seller's staff.
    StaffRemoved,
    /// A bulk update file was applied: this many products changed.
    BulkApplied(u32),
    /// A picture was added to the buyer's review of this product.
    ReviewPictureAdded(ProductId),
    /// A voice description or video was uploaded for this product.
    RecordingAdded(ProductId),
    /// The application to sell was filed.
    Applied,
    /// An operator admitted a seller (`/s/<slug>`).
    SellerAdmitted(String),
    /// An operator refused an application.
    ApplicationRefused,
    /// An operator granted a role.
    RoleGranted,
    /// An operator revoked a role.
    RoleRevoked,
    /// An operator suspended an account.
    Suspended,
    /// An operator lifted an account's suspension.
    Reinstated,
    /// This dish went into the food basket.
    AddedDish(crate::domain::DishId),
}

impl Flash {
    pub fn code(&self) -> String {
        match self {
            Flash::AddedToCart => "added".into(),
            Flash::PasswordChanged => "password".into(),
            Flash::Saved => "saved".into(),
            Flash::StockSaved(id) => format!("stock.{id}"),
            Flash::PriceSaved(id) => format!("price.{id}"),
            Flash::ListingSaved(id) => format!("listing.{id}"),
            Flash::PictureAdded(id) => format!("picture.{id}"),
            Flash::Deposited(balance) => format!("deposited.{}", balance.as_decimal()),
            Flash::CardIssued(card, phone) => format!("issued.{}.{phone}", card.digits()),
            Flash::CardLinked(last4) => format!("linked.{last4}"),
            Flash::SimLinked => "sim".into(),
            Flash::Subscribed => "subscribed".into(),
            Flash::ReviewSaved(id) => format!("review.{id}"),
            Flash::Answered(id) => format!("answered.{id}"),
            Flash::Thanked(id) => format!("thanked.{id}"),
            Flash::Reported(id) => format!("reported.{id}"),
            Flash::StaffAdded => "staff-added".into(),
            Flash::StaffRemoved => "staff-removed".into(),
            Flash::BulkApplied(n) => format!("bulk.{n}"),
            Flash::ReviewPictureAdded(id) => format!("review-picture.{id}"),
            Flash::RecordingAdded(id) => format!("recording.{id}"),
            Flash::Applied => "applied".into(),
            Flash::SellerAdmitted(slug) => format!("admitted.{slug}"),
            Flash::ApplicationRefused => "application-refused".into(),
            Flash::RoleGranted => "role-granted".into(),
            Flash::RoleRevoked => "role-revoked".into(),
            Flash::Suspended => "suspended".into(),
            Flash::Reinstated => "reinstated".into(),
            Flash::AddedDish(id) => format!("dish.{id}"),
        }
    }

    /// A cookie's value back into a flash (anything else is no flash).
    pub fn parse(code: &str) -> Option<Flash> {
        match code.split_once('.') {
            None => match code {
                "added" => Some(Flash::AddedToCart),
                "password" => Some(Flash::PasswordChanged),
                "saved" => Some(Flash::Saved),
                "sim" => Some(Flash::SimLinked),
                "subscribed" => Some(Flash::Subscribed),
                "staff-added" => Some(Flash::StaffAdded),
                "staff-removed" => Some(Flash::StaffRemoved),
                "applied" => Some(Flash::Applied),
                "application-refused" => Some(Flash::ApplicationRefused),
                "role-granted" => Some(Flash::RoleGranted),
                "role-revoked" => Some(Flash::RoleRevoked),
                "suspended" => Some(Flash::Suspended),
                "reinstated" => Some(Flash::Reinstated),
                _ => None,
            },
            Some(("stock", id)) => id.parse().ok().map(Flash::StockSaved),
            Some(("dish", id)) => id.parse().ok().map(Flash::AddedDish),
            Some(("price", id)) => id.parse().ok().map(Flash::PriceSaved),
            Some(("listing", id)) => id.parse().ok().map(Flash::ListingSaved),
            Some(("picture", id)) => id.parse().ok().map(Flash::PictureAdded),
            Some(("review", id)) => id.parse().ok().map(Flash::ReviewSaved),
            Some(("answered", id)) => id.parse().ok().map(Flash::Answered),
            Some(("thanked", id)) => id.parse().ok().map(Flash::Thanked),
            Some(("reported", id)) => id.parse().ok().map(Flash::Reported),
            Some(("bulk", n)) => n.parse().ok().map(Flash::BulkApplied),
            Some(("review-picture", id)) => id.parse().ok().map(Flash::ReviewPictureAdded),
            Some(("recording", id)) => id.parse().ok().map(Flash::RecordingAdded),
            Some(("admitted", slug)) => {
                crate::domain::search::is_slug(slug).then(|| Flash::SellerAdmitted(slug.into()))
            }
            Some(("deposited", amount)) => amount.parse::<Won>().ok().map(Flash::Deposited),
            Some(("issued", rest)) => {
                let (card, phone) = rest.split_once('.')?;
                Some(Flash::CardIssued(
                    CardNumber::parse(card).ok()?,
                    PhoneNumber::parse(phone).ok()?,
                ))
            }
            Some(("linked", last4)) => (last4.len() == 4
                && last4.bytes().all(|b| b.is_ascii_digit()))
            .then(|| Flash::CardLinked(last4.into())),
            Some(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flash_comes_back_from_its_cookie() {
        let phone = PhoneNumber::parse("0191-100-0001").expect("a phone number");
        for flash in [
            Flash::AddedToCart,
            Flash::PasswordChanged,
            Flash::Saved,
            Flash::StockSaved(ProductId::new(7)),
            Flash::PriceSaved(ProductId::new(7)),
            Flash::ListingSaved(ProductId::new(7)),
            Flash::PictureAdded(ProductId::new(7)),
            Flash::Deposited(Won::from_won(1_500)),
            Flash::CardIssued(CardNumber::narae(42), phone),
            Flash::CardLinked("0042".into()),
            Flash::SimLinked,
            Flash::Subscribed,
            Flash::ReviewSaved(ProductId::new(7)),
            Flash::Answered(ReviewId::new(7)),
            Flash::Thanked(ReviewId::new(7)),
            Flash::Reported(ReviewId::new(7)),
            Flash::StaffAdded,
            Flash::StaffRemoved,
            Flash::BulkApplied(12),
            Flash::Applied,
            Flash::SellerAdmitted("taedonggang-brewery-7".into()),
            Flash::ApplicationRefused,
            Flash::RoleGranted,
            Flash::RoleRevoked,
            Flash::Suspended,
            Flash::Reinstated,
            Flash::ReviewPictureAdded(ProductId::new(7)),
            Flash::RecordingAdded(ProductId::new(7)),
            Flash::AddedDish(crate::domain::DishId::new(7)),
        ] {
            assert_eq!(
                Flash::parse(&flash.code()),
                Some(flash.clone()),
                "{flash:?}"
            );
        }
        for forged in [
            "linked.<b>",
            "linked.12345",
            "issued.1234.0191",
            "issued.x",
            "nothing",
        ] {
            assert_eq!(Flash::parse(forged), None, "{forged}");
        }
    }
}
