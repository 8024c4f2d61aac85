//! The catalog's records: names in both languages, sale units and unit prices, pictures and
//! voices, categories, sellers and products as lists show them.

use super::{form::FieldProblem, CategoryId, MediaId, ProductId, SellerId, Won};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// A text in both UI languages. Every name and description on Okryu has both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub ko: String,
    pub en: String,
}

impl Localized {
    pub fn new(ko: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            ko: ko.into(),
            en: en.into(),
        }
    }
}

/// What one sale unit of a product contains, for unit prices and labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnitKind {
    Grams,
    Millilitres,
    Pieces,
    Pairs,
}

impl UnitKind {
    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Grams => "g",
            UnitKind::Millilitres => "ml",
            UnitKind::Pieces => "piece",
            UnitKind::Pairs => "pair",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "g" => UnitKind::Grams,
            "ml" => UnitKind::Millilitres,
            "piece" => UnitKind::Pieces,
            "pair" => UnitKind::Pairs,
            _ => return None,
        })
    }
}

/// The contents of one sale unit, e.g. 10 pieces or 500 g.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitSize {
    pub kind: UnitKind,
    pub amount: u32,
}

impl UnitSize {
    /// The price of one comparable unit (100 g, 100 ml, one piece, one pair), exact.
    pub fn unit_price(self, price: Won) -> UnitPrice {
        let basis = match self.kind {
            UnitKind::Grams | UnitKind::Millilitres => Decimal::ONE_HUNDRED,
            UnitKind::Pieces | UnitKind::Pairs => Decimal::ONE,
        };
        let amount = Decimal::from(self.amount.max(1));
        UnitPrice {
            per_unit: price.as_decimal() * basis / amount,
            kind: self.kind,
        }
    }
}

/// A price per comparable unit. Exact (to 28 significant digits); rounded only for display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitPrice {
    pub per_unit: Decimal,
    pub kind: UnitKind,
}

impl UnitPrice {
    /// Rounded to the chon, half away from zero: what a shopper reads.
    pub fn rounded(self) -> Won {
        let d = self
            .per_unit
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        Won::try_from(d).unwrap_or(Won::ZERO)
    }

    /// An integer that orders unit prices (thousandths of a chon); for sorting, never for money.
    pub fn sort_key(self) -> i64 {
        let milli_chon = (self.per_unit * Decimal::from(100_000)).round();
        i64::try_from(milli_chon).unwrap_or(i64::MAX)
    }
}

/// A stored picture in two sizes (each as WebP and PNG).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Picture {
    pub id: MediaId,
    pub thumb: (u32, u32),
    pub large: (u32, u32),
}

impl Picture {
    pub fn url(self, variant: &str, ext: &str) -> String {
        format!("/media/{}/{variant}.{ext}", self.id)
    }
}

/// How a voice recording or a video is stored: its file type, which names its MIME type and the
/// ending of its address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Container {
    /// Ogg (Opus or Vorbis) voice.
    Ogg,
    /// MP3 voice.
    Mp3,
    WebM,
    Mp4,
}

impl Container {
    pub const ALL: [Container; 4] = [
        Container::Ogg,
        Container::Mp3,
        Container::WebM,
        Container::Mp4,
    ];

    pub fn mime(self) -> &'static str {
        match self {
            Container::Ogg => "audio/ogg",
            Container::Mp3 => "audio/mpeg",
            Container::WebM => "video/webm",
            Container::Mp4 => "video/mp4",
        }
    }

    pub fn ext(self) -> &'static str {
        match self {
            Container::Ogg => "ogg",
            Container::Mp3 => "mp3",
            Container::WebM => "webm",
            Container::Mp4 => "mp4",
        }
    }

    pub fn from_mime(mime: &str) -> Option<Container> {
        Container::ALL.into_iter().find(|c| c.mime() == mime)
    }

    pub fn from_ext(ext: &str) -> Option<Container> {
        Container::ALL.into_iter().find(|c| c.ext() == ext)
    }
}

/// A spoken description, recorded in Korean, in English or in both (each in its file type).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voice {
    pub id: MediaId,
    pub korean: Option<Container>,
    pub english: Option<Container>,
}

impl Voice {
    /// The address of its recording in `variant` (`ko`, `en`), stored as `container`.
    pub fn file_url(&self, variant: &str, container: Container) -> String {
        format!("/media/{}/{variant}.{}", self.id, container.ext())
    }
}

/// A product's short video.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Video {
    pub id: MediaId,
    pub container: Container,
}

impl Video {
    pub fn url(self) -> String {
        format!("/media/{}/video.{}", self.id, self.container.ext())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: CategoryId,
    pub slug: String,
    pub name: Localized,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerRef {
    pub id: SellerId,
    pub kind: SellerKind,
    pub slug: String,
    pub name: Localized,
    pub city: Localized,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SellerKind {
    Factory,
    Store,
    Restaurant,
}

impl SellerKind {
    pub const ALL: [SellerKind; 3] = [
        SellerKind::Factory,
        SellerKind::Store,
        SellerKind::Restaurant,
    ];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            SellerKind::Factory => "factory",
            SellerKind::Store => "store",
            SellerKind::Restaurant => "restaurant",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        SellerKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A product as listed on a page of many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductCard {
    pub id: ProductId,
    pub name: Localized,
    pub price: Won,
    pub unit: UnitSize,
    pub seller: Localized,
    pub city: Localized,
    pub stock: u32,
    pub picture: Option<Picture>,
    /// How its buyers rated it.
    pub rating: super::review::Rating,
}

/// The most one product can have in stock (a typo guard, not a warehouse limit).
pub const MAX_STOCK: u32 = 1_000_000;

/// The highest price a seller may set for one product (a typo guard).
pub const MAX_PRICE: Won = Won::from_won_const(100_000_000);

/// A price typed by a seller: won, above zero, at most `MAX_PRICE`, at most two decimals (chon);
/// commas may group thousands (`1,500`), and only that (`1,5` is refused, not read as 15).
pub fn parse_price(raw: &str) -> Result<Won, FieldProblem> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(FieldProblem::Required);
    }
    let (whole, chon) = t.split_once('.').unwrap_or((t, ""));
    if chon.contains(',') {
        return Err(FieldProblem::PriceInvalid);
    }
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    let grouped = (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3);
    if whole.contains(',') && !grouped {
        return Err(FieldProblem::PriceInvalid);
    }
    let plain: String = t.chars().filter(|c| *c != ',').collect();
    plain
        .parse::<Won>()
        .ok()
        .filter(|p| *p > Won::ZERO && *p <= MAX_PRICE)
        .ok_or(FieldProblem::PriceInvalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_price_is_won_above_zero_within_the_guard() {
        assert_eq!(parse_price(" 1,500 "), Ok(Won::from_won(1_500)));
        assert_eq!(parse_price("82.5"), Ok(Won::from_chon(8_250)));
        assert_eq!(parse_price(""), Err(FieldProblem::Required));
        assert_eq!(
            parse_price("12,345,678.5"),
            Ok(Won::from_chon(1_234_567_850))
        );
        for bad in [
            "0",
            "-5",
            "1.234",
            "abc",
            "1e3",
            "100000000.01",
            "１２",
            "1,5",
            "1,50",
            ",500",
            "1,2345",
            "1.5,00",
        ] {
            assert_eq!(parse_price(bad), Err(FieldProblem::PriceInvalid), "{bad}");
        }
        assert_eq!(parse_price("100000000"), Ok(MAX_PRICE));
    }

    fn unit(kind: UnitKind, amount: u32) -> UnitSize {
        UnitSize { kind, amount }
    }

    #[test]
    fn unit_prices_are_exact_and_rounded_only_for_display() {
        let buns = unit(UnitKind::Pieces, 10).unit_price(Won::from_won(78));
        assert_eq!(buns.per_unit, Decimal::new(78, 1));

        // 100 won for 300 g is 33.333… won per 100 g: exact inside, 33.33 on screen.
        let sugar = unit(UnitKind::Grams, 300).unit_price(Won::from_won(100));
        assert_eq!(sugar.per_unit * Decimal::from(3), Decimal::ONE_HUNDRED);
        assert_eq!(sugar.rounded(), Won::from_chon(3_333));

        // Half a chon rounds away from zero.
        let half = unit(UnitKind::Millilitres, 200).unit_price(Won::from_chon(5));
        assert_eq!(half.rounded(), Won::from_chon(3));
    }

    #[test]
    fn sort_keys_order_like_the_exact_prices() {
        let a = unit(UnitKind::Grams, 300).unit_price(Won::from_won(100));
        let b = unit(UnitKind::Grams, 100).unit_price(Won::from_won(34));
        assert!(a.per_unit < b.per_unit && a.sort_key() < b.sort_key());
    }
}
