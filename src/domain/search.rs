//! Search and listing parameters, parsed from the URL; text normalisation and the n-grams of the
//! search index. Pure functions, shared by the server (which runs the search) and the browser (which
//! writes the URL).

use super::{catalog::Localized, Won};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Longer queries are cut to this many characters (and the shopper is told).
pub const MAX_QUERY_CHARS: usize = 100;
/// Goods per page of any list.
pub const PAGE_SIZE: u32 = 24;
/// Pages beyond this are empty rather than expensive.
pub const MAX_PAGE: u32 = 10_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sort {
    #[default]
    Relevance,
    PriceAsc,
    PriceDesc,
    UnitPrice,
    Newest,
    /// The best rated first.
    Rating,
}

impl Sort {
    pub const ALL: [Sort; 6] = [
        Sort::Relevance,
        Sort::PriceAsc,
        Sort::PriceDesc,
        Sort::UnitPrice,
        Sort::Newest,
        Sort::Rating,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::PriceAsc => "price",
            Sort::PriceDesc => "price-desc",
            Sort::UnitPrice => "unit-price",
            Sort::Newest => "newest",
            Sort::Rating => "rating",
        }
    }

    pub fn from_code(code: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// What a list shows: the query, the facet filters, the order and the page. Every list page
/// (search, category, storefront) is this plus a fixed filter, so its URL describes it completely.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ListParams {
    pub q: String,
    pub category: Option<String>,
    pub seller: Option<String>,
    pub city: Option<String>,
    pub min: Option<Won>,
    pub max: Option<Won>,
    pub in_stock: bool,
    pub sort: Sort,
    /// 1-based.
    pub page: u32,
}

/// Slugs are lower-case ASCII words with dashes; anything else cannot name a category or seller.
fn slug(v: Option<String>) -> Option<String> {
    v.filter(|s| is_slug(s))
}

/// A well-formed slug (`kumsong-food`): what names a category, seller, good, city or district.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl ListParams {
    /// Reads the URL's query parameters. Unusable values are dropped (a list is always shown),
    /// an over-long query is cut to `MAX_QUERY_CHARS`.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> ListParams {
        ListParams {
            q: get("q").unwrap_or_default(),
            category: get("category"),
            seller: get("seller"),
            city: get("city"),
            min: get("min").and_then(|s| s.trim().parse::<Won>().ok()),
            max: get("max").and_then(|s| s.trim().parse::<Won>().ok()),
            in_stock: get("in_stock").is_some_and(|v| v == "1" || v == "true" || v == "on"),
            sort: get("sort")
                .and_then(|s| Sort::from_code(&s))
                .unwrap_or_default(),
            page: get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        }
        .sanitized()
    }

    /// The parameters held to the list's rules: query cut to `MAX_QUERY_CHARS`, slugs well-formed,
    /// prices not negative, page at least 1. Every way in (URL, server-function argument) ends here.
    pub fn sanitized(self) -> ListParams {
        ListParams {
            q: self
                .q
                .chars()
                .filter(|c| !c.is_control())
                .take(MAX_QUERY_CHARS)
                .collect(),
            category: slug(self.category),
            seller: slug(self.seller),
            city: slug(self.city),
            min: self.min.filter(|w| !w.is_negative()),
            max: self.max.filter(|w| !w.is_negative()),
            page: self.page.max(1),
            ..self
        }
    }

    /// The query string (without `?`) that `from_query` reads back into these parameters.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<(&str, String)> = Vec::new();
        if !self.q.is_empty() {
            parts.push(("q", self.q.clone()));
        }
        for (k, v) in [
            ("category", &self.category),
            ("seller", &self.seller),
            ("city", &self.city),
        ] {
            if let Some(v) = v {
                parts.push((k, v.clone()));
            }
        }
        if let Some(m) = self.min {
            parts.push(("min", m.to_string()));
        }
        if let Some(m) = self.max {
            parts.push(("max", m.to_string()));
        }
        if self.in_stock {
            parts.push(("in_stock", "1".into()));
        }
        if self.sort != Sort::default() {
            parts.push(("sort", self.sort.code().into()));
        }
        if self.page > 1 {
            parts.push(("page", self.page.to_string()));
        }
        parts
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// A link to `path` with these parameters.
    pub fn href(&self, path: &str) -> String {
        match self.to_query() {
            q if q.is_empty() => path.to_string(),
            q => format!("{path}?{q}"),
        }
    }

    /// The same list on another page.
    pub fn with_page(&self, page: u32) -> ListParams {
        ListParams {
            page,
            ..self.clone()
        }
    }

    /// Changing a filter or the order starts again at page 1.
    pub fn with(&self, change: impl FnOnce(&mut ListParams)) -> ListParams {
        let mut next = ListParams {
            page: 1,
            ..self.clone()
        };
        change(&mut next);
        next
    }

    pub fn offset(&self) -> u64 {
        u64::from(self.page.saturating_sub(1)) * u64::from(PAGE_SIZE)
    }
}

/// Percent-encodes a query value (UTF-8; unreserved characters kept).
pub fn encode(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Search text as stored and as queried: lower case, single spaces.
pub fn normalize(text: &str) -> String {
    text.split_whitespace()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of a query; each must occur (as a substring) in a result.
pub fn tokens(q: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    normalize(q)
        .split(' ')
        .filter(|t| !t.is_empty() && seen.insert(t.to_string()))
        .map(str::to_string)
        .collect()
}

/// Character bigrams of a word: `크림빵` → `크림`, `림빵`. A one-character word has none.
pub fn bigrams(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// What the index looks up for one query word: its bigrams, or the word itself when it is a single
/// character outside ASCII (a Hangul syllable such as `빵`). A single ASCII letter has none and is
/// matched by the substring test alone.
pub fn query_grams(word: &str) -> Vec<String> {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_ascii() => vec![c.to_string()],
        _ => bigrams(word),
    }
}

/// What the index stores for a product: every bigram of every word of its (normalised) text, and
/// every character outside ASCII on its own.
pub fn index_grams(text: &str) -> BTreeSet<String> {
    let text = normalize(text);
    let singles = text
        .chars()
        .filter(|c| !c.is_ascii() && !c.is_whitespace())
        .map(String::from);
    text.split(' ').flat_map(bigrams).chain(singles).collect()
}

/// One value of a facet with the number of results that have it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    pub slug: String,
    pub name: Localized,
    pub count: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    pub categories: Vec<FacetValue>,
    pub sellers: Vec<FacetValue>,
    pub cities: Vec<FacetValue>,
    /// How many of the results are in stock.
    pub in_stock: u64,
}

/// A query's words that a suggestion corrects, at most.
pub const MAX_CORRECTED_WORDS: usize = 4;

/// How many single-character edits (insert, delete, replace) turn `a` into `b`, by characters: a
/// Hangul syllable is one (`크림방` → `크림빵` is one edit).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let replaced = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = replaced.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// The words of an indexed text a suggestion may offer: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
}

/// The word of `candidates` nearest to `typed`, if one is near enough to be what was meant: one
/// edit away for a word of up to four characters, two for a longer one. Ties go to the word seen
/// most often among the candidates, then to the first in order. `None` when `typed` is itself
/// one of them (nothing to correct).
pub fn nearest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let allowed = if typed.chars().count() <= 4 { 1 } else { 2 };
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for word in candidates {
        match seen.iter_mut().find(|(w, _)| *w == word) {
            Some((_, n)) => *n += 1,
            None => seen.push((word, 1)),
        }
    }
    if seen.iter().any(|(w, _)| *w == typed) {
        return None;
    }
    seen.iter()
        .map(|&(w, n)| (edit_distance(typed, w), std::cmp::Reverse(n), w))
        .filter(|(d, _, _)| *d <= allowed)
        .min_by_key(|&(d, n, _)| (d, n))
        .map(|(_, _, w)| w.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> ListParams {
        ListParams::from_query(|k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn korean_words_are_indexed_by_bigrams_so_parts_of_words_match() {
        assert_eq!(bigrams("크림빵"), ["크림", "림빵"]);
        assert!(bigrams("빵").is_empty());
        assert_eq!(
            query_grams("빵"),
            ["빵"],
            "a Hangul syllable is looked up on its own"
        );
        assert!(query_grams("a").is_empty());
        assert!(index_grams("크림빵").contains("빵"));
        let index = index_grams("크림빵 (10개들이) Cream Buns");
        for gram in bigrams("크림") {
            assert!(index.contains(&gram));
        }
        assert!(
            index.contains("cr") && index.contains("ns"),
            "English is lower-cased"
        );
    }

    #[test]
    fn queries_are_normalised_into_distinct_words() {
        assert_eq!(tokens("  Cream   BUNS cream "), ["cream", "buns"]);
        assert_eq!(tokens("100%_"), ["100%_"]);
        assert!(tokens("   ").is_empty());
    }

    #[test]
    fn list_parameters_round_trip_through_the_url() {
        let p = params(&[
            ("q", "크림 빵&x=1"),
            ("category", "food"),
            ("city", "pyongyang"),
            ("min", "50"),
            ("max", "99.5"),
            ("in_stock", "1"),
            ("sort", "unit-price"),
            ("page", "3"),
        ]);
        assert_eq!(p.q, "크림 빵&x=1");
        assert_eq!(p.min, Some(Won::from_won(50)));
        assert_eq!(p.sort, Sort::UnitPrice);
        assert_eq!(p.page, 3);
        let query = p.to_query();
        assert!(
            query.starts_with("q=%ED%81%AC%EB%A6%BC+%EB%B9%B5%26x%3D1&"),
            "{query}"
        );
        let decoded: Vec<(String, String)> = query
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (k.to_string(), percent_decode(v))
            })
            .collect();
        let back = ListParams::from_query(|k| {
            decoded.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        });
        assert_eq!(back, p);
    }

    #[test]
    fn unusable_parameters_are_dropped_and_long_queries_cut() {
        let p = params(&[
            ("category", "../etc"),
            ("min", "-5"),
            ("max", "abc"),
            ("page", "0"),
            ("sort", "x"),
        ]);
        assert_eq!(
            p,
            ListParams {
                page: 1,
                ..ListParams::default()
            }
        );
        let long = "가".repeat(500);
        assert_eq!(params(&[("q", &long)]).q.chars().count(), MAX_QUERY_CHARS);
    }

    #[test]
    fn changing_a_filter_goes_back_to_page_one() {
        let p = params(&[("q", "socks"), ("page", "4")]);
        let next = p.with(|n| n.in_stock = true);
        assert_eq!(
            (next.page, next.in_stock, next.q.as_str()),
            (1, true, "socks")
        );
        assert_eq!(p.with_page(5).href("/search"), "/search?q=socks&page=5");
    }

    fn percent_decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii");
                    out.push(u8::from_str_radix(hex, 16).expect("hex"));
                    i += 2;
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn a_typo_finds_the_word_that_was_meant() {
        assert_eq!(edit_distance("크림방", "크림빵"), 1);
        assert_eq!(edit_distance("", "빵"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        let names = "크림빵 cream buns, 크림빵 물크림 손크림 크림빵 단설기";
        assert_eq!(nearest("크림방", words(names)).as_deref(), Some("크림빵"));
        assert_eq!(nearest("craem", words(names)).as_deref(), Some("cream"));
        // Spelled right, or nothing near enough: no suggestion.
        assert_eq!(nearest("크림빵", words(names)), None);
        assert_eq!(nearest("양말", words(names)), None);
        assert_eq!(
            words("buns, pack of 10").collect::<Vec<_>>(),
            ["buns", "pack", "of", "10"]
        );
    }
}
