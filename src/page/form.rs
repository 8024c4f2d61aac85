//! A form's answer as its page sees it: a refused form comes back as its page again with a
//! `FormReply`; a form that succeeded leaves a one-view `Flash` for the next page.

use crate::{
    domain::{ProductId, Won},
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flash {
    AddedToCart,
    PasswordChanged,
    Saved,
    StockSaved(ProductId),
    Deposited(Won),
}

impl Flash {
    pub fn code(self) -> String {
        match self {
            Flash::AddedToCart => "added".into(),
            Flash::PasswordChanged => "password".into(),
            Flash::Saved => "saved".into(),
            Flash::StockSaved(id) => format!("stock.{id}"),
            Flash::Deposited(balance) => format!("deposited.{}", balance.as_decimal()),
        }
    }

    /// A cookie's value back into a flash (anything else is no flash).
    pub fn parse(code: &str) -> Option<Flash> {
        match code.split_once('.') {
            None => match code {
                "added" => Some(Flash::AddedToCart),
                "password" => Some(Flash::PasswordChanged),
                "saved" => Some(Flash::Saved),
                _ => None,
            },
            Some(("stock", id)) => id.parse().ok().map(Flash::StockSaved),
            Some(("deposited", amount)) => amount.parse::<Won>().ok().map(Flash::Deposited),
            Some(_) => None,
        }
    }
}
