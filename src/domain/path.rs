//! A path on this site: the only kind of place a redirect (`next=`, a form's way back) may go.

use std::fmt;

/// A path on this site with its query, e.g. `/checkout?item=1&qty=3`. Parsed, never assumed: it
/// starts with one `/` (not `//host` nor `/\host`, which browsers read as another site), holds no
/// whitespace, control character or backslash anywhere (browsers drop a tab and go to
/// `//evil.host` for `/\t/evil.host`), is a valid URI path and query, and is at most 2,048 bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalPath(String);

impl LocalPath {
    pub const MAX_LEN: usize = 2048;

    pub fn parse(s: &str) -> Option<LocalPath> {
        let plain = s.len() <= Self::MAX_LEN
            && s.starts_with('/')
            && !s.starts_with("//")
            && !s
                .chars()
                .any(|c| c == '\\' || c.is_whitespace() || c.is_control());
        (plain && s.parse::<http::uri::PathAndQuery>().is_ok()).then(|| LocalPath(s.to_string()))
    }

    /// `/`.
    pub fn home() -> LocalPath {
        LocalPath("/".into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path and query as one `next=` value, percent-encoded (`?`, `&`, `=` and `%` included).
    pub fn encoded(&self) -> String {
        let mut out = String::with_capacity(self.0.len() + 8);
        for b in self.0.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                    out.push(char::from(b))
                }
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    }
}

impl fmt::Display for LocalPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_local() {
        for good in ["/", "/p/1", "/checkout?item=1&qty=3", "/search?q=%ED%81%AC"] {
            assert_eq!(LocalPath::parse(good).map(|p| p.0), Some(good.to_string()));
        }
        for bad in [
            "",
            "p/1",
            "//evil.host/",
            "/\\evil.host",
            "/\t/evil.host",
            "/\r\nSet-Cookie: x=1",
            "/ evil",
            "https://evil.host/",
            "/a\\b",
            "/\u{0}",
        ] {
            assert_eq!(LocalPath::parse(bad), None, "{bad:?}");
        }
        assert_eq!(LocalPath::parse(&format!("/{}", "a".repeat(3000))), None);
    }

    #[test]
    fn a_next_value_keeps_the_query() {
        let p = LocalPath::parse("/checkout?item=1&qty=3").expect("local");
        assert_eq!(p.encoded(), "/checkout%3Fitem%3D1%26qty%3D3");
    }
}
