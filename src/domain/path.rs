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
