//! Server functions, one module per capability. Each one is thin: it declares who may call it
//! (`access!`), starts with `guard::<ItsType>()` — the only way to the services, the session and
//! the cookies (`server::access::Caller`) —, parses its input into domain types, calls a service
//! and returns a page's data or an `AppError`.

/// Declares who may call a server function, next to it: `access!(PlaceOrder => BUYERS);` names
/// the function's type (which `#[server]` makes) and a rule of `server::access` (`PUBLIC`,
/// `SIGNED_IN`, `BUYERS`, …). The HTTP check before the call and the function's own `guard` both
/// read this one declaration; the role-matrix test walks all of them.
macro_rules! access {
    ($fn:ident => $rule:ident) => {
        #[cfg(feature = "ssr")]
        impl $crate::server::access::Guarded for $fn {
            const ACCESS: $crate::server::access::Access = $crate::server::access::$rule;
        }
        #[cfg(feature = "ssr")]
        ::inventory::submit! { $crate::server::access::Rule::of::<$fn>() }
    };
}

pub mod account;
pub mod admission;
pub mod bank;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod compare;
pub mod delivery;
pub mod food;
pub mod moderation;
pub mod operator;
pub mod orders;
pub mod people;
pub mod reviews;
pub mod seller;
pub mod standing;
pub mod wallet;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::server::access::guard;

    /// A note typed with a move (why an order was rejected or failed): trimmed, without control
    /// characters, at most 200 characters (the shopper reads it on the order page).
    pub fn note(raw: &str) -> String {
        raw.trim()
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect()
    }

    /// A posted multipart form: its text fields, and its file field `file` (the file's name and
    /// bytes) read up to `max` bytes (`too_large` beyond). A form sent without choosing a file
    /// has an empty one: no file. A second file of the same name is ignored.
    pub async fn multipart(
        data: leptos::server_fn::codec::MultipartData,
        file: &str,
        max: usize,
        too_large: crate::error::AppError,
    ) -> Result<(Vec<(String, String)>, Option<(String, Vec<u8>)>), crate::error::AppError> {
        use crate::error::AppError;
        fn bad(e: impl std::fmt::Display) -> AppError {
            AppError::BadRequest(e.to_string())
        }
        let mut data = data
            .into_inner()
            .ok_or_else(|| AppError::BadRequest("a multipart form".into()))?;
        let (mut fields, mut found) = (Vec::new(), None);
        while let Some(mut field) = data.next_field().await.map_err(bad)? {
            let name = field.name().unwrap_or_default().to_string();
            if name != file {
                if let Ok(text) = field.text().await {
                    fields.push((name, text));
                }
                continue;
            }
            if found.is_some() {
                continue;
            }
            let file_name = field.file_name().unwrap_or_default().to_string();
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                if bytes.len() + chunk.len() > max {
                    return Err(too_large);
                }
                bytes.extend_from_slice(&chunk);
            }
            if !bytes.is_empty() {
                found = Some((file_name, bytes));
            }
        }
        Ok((fields, found))
    }

    /// A page of this site to go to (the home page if `path` can't be one).
    pub fn local(path: &str) -> crate::domain::LocalPath {
        crate::domain::LocalPath::parse(path).unwrap_or_else(crate::domain::LocalPath::home)
    }
}
