//! Moderation of listings: an operator withholds a listing with a reason its seller reads (it
//! leaves every list, search and comparison, and its page is gone, until it is released), releases
//! it, and corrects the comparison group it is compared in.

use super::{catalog::Localized, form::FieldProblem, GoodId, ProductId};
use serde::{Deserialize, Serialize};

crate::form_fields! {
    /// Withholding a listing: why (its seller reads it).
    pub enum WithholdField { Reason => "reason" }
}

crate::form_fields! {
    /// Correcting a listing's comparison group: the group, or none.
    pub enum RegroupField { Group => "group" }
}

/// The longest reason for withholding a listing.
pub const WITHHOLD_MAX: usize = 500;

/// The group field: empty for none, else a group's id.
pub fn parse_group(raw: &str) -> Result<Option<GoodId>, FieldProblem> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse().map(Some).map_err(|_| FieldProblem::Invalid)
}

/// A listing as an operator moderates it (`/moderation/listing?id=`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModeratedListing {
    pub id: ProductId,
    pub name: Localized,
    /// Its seller: (slug, name).
    pub seller: (String, Localized),
    pub category: Localized,
    pub group: Option<GoodId>,
    /// Not offered (by its seller, or because it is withheld).
    pub hidden: bool,
    /// Why the bureau withholds it.
    pub withheld: Option<String>,
    /// Every comparison group, by Korean name.
    pub groups: Vec<(GoodId, Localized)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_is_none_or_an_id() {
        assert_eq!(parse_group(" "), Ok(None));
        assert_eq!(parse_group("12"), Ok(Some(GoodId::new(12))));
        for bad in ["-1", "0", "abc", "1.5"] {
            assert_eq!(parse_group(bad), Err(FieldProblem::Invalid), "{bad}");
        }
    }
}
