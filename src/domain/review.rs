//! Reviews from verified buyers: stars, texts, the seller's answer, and the figures lists show.

use super::form::{text, FieldProblem};
use serde::{Deserialize, Serialize};

/// A review's text is at most this many characters (it may be empty: the stars are the review).
pub const REVIEW_MAX: usize = 2000;
/// The seller's answer is at most this many characters.
pub const ANSWER_MAX: usize = 1000;
/// An operator's reason for hiding a review (the author reads it) is at most this many characters.
pub const REASON_MAX: usize = 200;
/// A review can be changed for this many days after it was written.
pub const EDIT_DAYS: i64 = 30;
/// The product page shows at most this many reviews (the figures count them all).
pub const SHOWN_REVIEWS: u32 = 20;
/// A review has at most this many pictures.
pub const MAX_REVIEW_PICTURES: usize = 3;

/// One to five stars.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8")]
pub struct Stars(u8);

impl TryFrom<u8> for Stars {
    type Error = &'static str;

    fn try_from(n: u8) -> Result<Stars, Self::Error> {
        Stars::new(i64::from(n)).ok_or("one to five stars")
    }
}

impl Stars {
    pub const ALL: [Stars; 5] = [Stars(5), Stars(4), Stars(3), Stars(2), Stars(1)];

    /// A stored or typed number of stars: only 1 to 5.
    pub fn new(n: i64) -> Option<Stars> {
        u8::try_from(n)
            .ok()
            .filter(|n| (1..=5).contains(n))
            .map(Stars)
    }

    /// The rating a form sent (`1`…`5`).
    pub fn parse(raw: &str) -> Result<Stars, FieldProblem> {
        match raw.trim() {
            "" => Err(FieldProblem::Required),
            s => s
                .parse::<i64>()
                .ok()
                .and_then(Stars::new)
                .ok_or(FieldProblem::OutOfRange),
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// `★★★★☆`
    pub fn drawn(self) -> String {
        (1..=5)
            .map(|i| if i <= self.0 { '★' } else { '☆' })
            .collect()
    }
}

/// A review's text: trimmed, line breaks kept, at most `REVIEW_MAX` characters; empty is allowed.
pub fn parse_body(raw: &str) -> Result<String, FieldProblem> {
    if raw.trim().is_empty() {
        return Ok(String::new());
    }
    text(raw, REVIEW_MAX, true)
}

/// The seller's answer: 1 to `ANSWER_MAX` characters, line breaks kept.
pub fn parse_answer(raw: &str) -> Result<String, FieldProblem> {
    text(raw, ANSWER_MAX, true)
}

/// Why an operator hides a review: 1 to `REASON_MAX` characters on one line.
pub fn parse_reason(raw: &str) -> Result<String, FieldProblem> {
    text(raw, REASON_MAX, false)
}

/// How a product is rated: the number of shown reviews and their stars added up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub count: u32,
    pub sum: u32,
}

impl Rating {
    /// The average in tenths of a star, rounded half up (`4.5` is 45); `None` without reviews.
    pub fn tenths(self) -> Option<u32> {
        (self.count > 0).then(|| (self.sum * 20 + self.count) / (self.count * 2))
    }

    /// `4.5`, or `None` without reviews.
    pub fn average(self) -> Option<String> {
        self.tenths().map(|t| format!("{}.{}", t / 10, t % 10))
    }

    /// `★ 4.5 (12)`, as cards and the comparison show it; `None` without reviews.
    pub fn badge(self) -> Option<String> {
        self.average()
            .map(|avg| format!("★ {avg} ({})", self.count))
    }
}

/// A product's rating with how many reviews gave each number of stars (`by_stars[0]` is one star).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingSummary {
    pub rating: Rating,
    pub by_stars: [u32; 5],
}

impl RatingSummary {
    pub fn of(by_stars: [u32; 5]) -> RatingSummary {
        let count = by_stars.iter().sum();
        let sum = by_stars
            .iter()
            .zip(1u32..)
            .map(|(n, stars)| n * stars)
            .sum();
        RatingSummary {
            rating: Rating { count, sum },
            by_stars,
        }
    }

    /// How many reviews gave `stars`, and their share of all in whole percent.
    pub fn with(&self, stars: Stars) -> (u32, u32) {
        let n = self.by_stars[usize::from(stars.get() - 1)];
        let share = (n * 100).checked_div(self.rating.count).unwrap_or_default();
        (n, share)
    }
}

/// In which order the product page lists reviews.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewOrder {
    #[default]
    Newest,
    /// Marked helpful by the most shoppers first.
    Helpful,
}

impl ReviewOrder {
    pub fn code(self) -> &'static str {
        match self {
            ReviewOrder::Newest => "newest",
            ReviewOrder::Helpful => "helpful",
        }
    }

    /// From the page's `reviews` query parameter (anything else is the newest first).
    pub fn from_code(code: &str) -> ReviewOrder {
        match code {
            "helpful" => ReviewOrder::Helpful,
            _ => ReviewOrder::Newest,
        }
    }
}

/// A reviewer as others see them: the first letter of the name, the rest starred (`김**`).
pub fn masked_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => std::iter::once(first)
            .chain(chars.filter(|c| !c.is_whitespace()).map(|_| '*'))
            .collect(),
        None => "*".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_are_one_to_five() {
        assert_eq!(Stars::parse("4").map(Stars::get), Ok(4));
        assert_eq!(Stars::parse(" 1 ").map(Stars::get), Ok(1));
        for bad in ["0", "6", "-1", "4.5", "four"] {
            assert_eq!(Stars::parse(bad), Err(FieldProblem::OutOfRange), "{bad}");
        }
        assert_eq!(Stars::parse(""), Err(FieldProblem::Required));
        assert_eq!(Stars::new(4).map(Stars::drawn).as_deref(), Some("★★★★☆"));
        assert!(serde_json::from_str::<Stars>("0").is_err());
        assert_eq!(serde_json::from_str::<Stars>("5").ok(), Stars::new(5));
    }

    #[test]
    fn the_average_is_rounded_half_up_to_a_tenth() {
        assert_eq!(Rating::default().average(), None);
        assert_eq!(
            Rating { count: 2, sum: 9 }.average().as_deref(),
            Some("4.5")
        );
        assert_eq!(
            Rating { count: 3, sum: 13 }.average().as_deref(),
            Some("4.3")
        );
        // 4.35 → 4.4; 1.05 → 1.1
        assert_eq!(
            Rating { count: 20, sum: 87 }.average().as_deref(),
            Some("4.4")
        );
        assert_eq!(
            Rating { count: 20, sum: 21 }.average().as_deref(),
            Some("1.1")
        );
        assert_eq!(
            Rating { count: 1, sum: 5 }.average().as_deref(),
            Some("5.0")
        );
        assert_eq!(
            Rating { count: 2, sum: 9 }.badge().as_deref(),
            Some("★ 4.5 (2)")
        );
        assert_eq!(Rating::default().badge(), None);
    }

    #[test]
    fn the_distribution_adds_up() {
        let s = RatingSummary::of([1, 0, 0, 1, 2]);
        assert_eq!(
            s.rating,
            Rating {
                count: 4,
                sum: 1 + 4 + 10
            }
        );
        assert_eq!(s.with(Stars::ALL[0]), (2, 50));
        assert_eq!(s.with(Stars::ALL[4]), (1, 25));
        assert_eq!(RatingSummary::default().with(Stars::ALL[0]), (0, 0));
    }

    #[test]
    fn texts_are_bounded() {
        assert_eq!(parse_body("  "), Ok(String::new()));
        assert_eq!(
            parse_body("좋아요\r\n또 살게요"),
            Ok("좋아요\n또 살게요".into())
        );
        assert_eq!(
            parse_body(&"가".repeat(REVIEW_MAX + 1)),
            Err(FieldProblem::TooLong)
        );
        assert_eq!(parse_answer(" "), Err(FieldProblem::Required));
        assert_eq!(parse_reason("욕설\n"), Ok("욕설".into()));
        assert_eq!(parse_reason("a\nb"), Err(FieldProblem::Invalid));
    }

    #[test]
    fn names_are_masked() {
        assert_eq!(masked_name("김철수"), "김**");
        assert_eq!(masked_name("Ri Yong Ho"), "R*******");
        assert_eq!(masked_name(""), "*");
    }
}
