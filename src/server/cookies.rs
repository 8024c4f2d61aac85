//! Every cookie Okryu sets or reads, in one place; the `cookie` crate writes and parses them.
//!
//! Behind HTTPS (`OKRYU_SECURE_COOKIES=true`) every cookie is `Secure`, and the two that carry
//! credentials, the session and the guest's cart, take the `__Host-` prefix: the browser then
//! keeps them only from this very host, over HTTPS, for the whole site, so nothing on another
//! subdomain or plain HTTP can set or overwrite them.

use super::config::Security;
use cookie::{time::Duration, Cookie, SameSite};
use http::{header, HeaderMap};

/// The cookies Okryu uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The signed-in session's token.
    Session,
    /// A guest's cart token.
    GuestCart,
    /// What the page after a form says about it (one view).
    Flash,
    /// The UI language.
    Lang,
    /// The compare tray.
    Compare,
    /// The district a guest's prices are delivered to.
    DeliverTo,
}

impl Kind {
    fn base(self) -> &'static str {
        match self {
            Kind::Session => "okryu_session",
            Kind::GuestCart => "okryu_cart",
            Kind::Flash => "okryu_flash",
            Kind::Lang => crate::i18n::LANG_COOKIE,
            Kind::Compare => crate::domain::compare::COMPARE_COOKIE,
            Kind::DeliverTo => crate::domain::compare::DELIVER_TO_COOKIE,
        }
    }

    /// Its name as the browser knows it (with the `__Host-` prefix when that applies).
    pub fn name(self, security: &Security) -> String {
        match self {
            Kind::Session | Kind::GuestCart | Kind::Flash if security.secure_cookies => {
                format!("__Host-{}", self.base())
            }
            _ => self.base().to_string(),
        }
    }

    /// Cookies no script of ours reads.
    fn http_only(self) -> bool {
        matches!(self, Kind::Session | Kind::GuestCart | Kind::Flash)
    }
}

/// The value of the `kind` cookie a request carries, if any.
pub fn get(headers: &HeaderMap, kind: Kind, security: &Security) -> Option<String> {
    let name = kind.name(security);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// The value of the `kind` cookie of the request being handled (a page or a server function).
pub fn of_request(kind: Kind) -> Option<String> {
    use leptos::prelude::use_context;
    let parts = use_context::<http::request::Parts>()?;
    let security = use_context::<Security>()?;
    get(&parts.headers, kind, &security)
}

/// `Set-Cookie` for `kind` with `value`, kept for `max_age` seconds.
pub fn set(kind: Kind, value: &str, max_age: i64, security: &Security) -> String {
    Cookie::build((kind.name(security), value.to_string()))
        .path("/")
        .max_age(Duration::seconds(max_age))
        .http_only(kind.http_only())
        .same_site(SameSite::Lax)
        .secure(security.secure_cookies)
        .build()
        .to_string()
}

/// `Set-Cookie` that makes the browser forget `kind`.
pub fn clear(kind: Kind, security: &Security) -> String {
    set(kind, "", 0, security)
}

/// Whether a `Set-Cookie` value is for `kind`.
pub fn sets(set_cookie: &[u8], kind: Kind, security: &Security) -> bool {
    let name = kind.name(security);
    set_cookie.starts_with(name.as_bytes()) && set_cookie.get(name.len()) == Some(&b'=')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_take_the_host_prefix_behind_https() {
        let plain = Security::default();
        let https = Security {
            secure_cookies: true,
            ..Security::default()
        };
        let c = set(Kind::Session, "t", 60, &plain);
        assert!(
            c.starts_with("okryu_session=t") && c.contains("HttpOnly"),
            "{c}"
        );
        assert!(c.contains("SameSite=Lax") && c.contains("Path=/") && !c.contains("Secure"));
        let c = set(Kind::Session, "t", 60, &https);
        assert!(
            c.starts_with("__Host-okryu_session=t") && c.contains("Secure"),
            "{c}"
        );
        assert!(
            !c.contains("Domain"),
            "a __Host- cookie names no domain: {c}"
        );
        assert!(set(Kind::GuestCart, "t", 60, &https).starts_with("__Host-okryu_cart="));
        let lang = set(Kind::Lang, "en", 60, &https);
        assert!(
            lang.starts_with("lang=en") && lang.contains("Secure") && !lang.contains("HttpOnly")
        );
        assert!(clear(Kind::Flash, &plain).contains("Max-Age=0"));
    }

    #[test]
    fn a_cookie_is_read_by_its_whole_name() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            http::HeaderValue::from_static("xokryu_session=1; lang=en; okryu_session=abc"),
        );
        let plain = Security::default();
        assert_eq!(get(&h, Kind::Session, &plain).as_deref(), Some("abc"));
        assert_eq!(get(&h, Kind::Lang, &plain).as_deref(), Some("en"));
        assert_eq!(get(&h, Kind::Compare, &plain), None);
        let https = Security {
            secure_cookies: true,
            ..Security::default()
        };
        assert_eq!(
            get(&h, Kind::Session, &https),
            None,
            "only the __Host- one counts"
        );
        assert!(sets(b"okryu_session=; Max-Age=0", Kind::Session, &plain));
        assert!(!sets(b"okryu_sessionx=1", Kind::Session, &plain));
    }
}
