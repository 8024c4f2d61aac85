//! A seller's listing as its staff type it: both languages' name and description, category, unit,
//! weight and volume (the tariff's), price, stock and comparison group. `ListingInput::parse`
//! checks every field at once, so a refused form says everything that is wrong with it.

use super::{
    catalog::{parse_price, Localized, UnitKind, UnitSize, MAX_STOCK},
    form::{text, FieldErrors, FieldProblem},
    search, CategoryId, GoodId, Won,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

crate::form_fields! {
    /// The listing form's fields.
    pub enum ListingField {
        NameKo => "name_ko",
        NameEn => "name_en",
        DescriptionKo => "description_ko",
        DescriptionEn => "description_en",
        Category => "category",
        UnitKind => "unit_kind",
        UnitAmount => "unit_amount",
        Weight => "weight_g",
        Volume => "volume_ml",
        Price => "price",
        Stock => "stock",
        Group => "group",
    }
}

/// A name in either language: what product cards, search and the page title show.
pub const NAME_MAX: usize = 120;
/// A description in either language.
pub const DESCRIPTION_MAX: usize = 2_000;
/// The most one sale unit may hold (grams, millilitres, pieces or pairs).
pub const UNIT_MAX: u32 = 1_000_000;
/// The heaviest parcel the logistics office carries: 500 kg (a wardrobe, a sack of rice).
pub const WEIGHT_MAX_G: u32 = 500_000;
/// The bulkiest: 5 m³.
pub const VOLUME_MAX_ML: u32 = 5_000_000;

/// The most pictures one product has.
pub const MAX_PICTURES: usize = 8;

/// Where a picture goes among its product's pictures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PictureMove {
    /// First: the main picture, on cards and at the top of the product's page.
    Main,
    Earlier,
    Later,
}

impl PictureMove {
    pub fn parse(code: &str) -> Option<PictureMove> {
        Some(match code {
            "main" => PictureMove::Main,
            "earlier" => PictureMove::Earlier,
            "later" => PictureMove::Later,
            _ => return None,
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            PictureMove::Main => "main",
            PictureMove::Earlier => "earlier",
            PictureMove::Later => "later",
        }
    }

    /// Where the picture at `at` of `len` goes.
    pub fn index(self, at: usize, len: usize) -> usize {
        match self {
            PictureMove::Main => 0,
            PictureMove::Earlier => at.saturating_sub(1),
            PictureMove::Later => (at + 1).min(len.saturating_sub(1)),
        }
    }
}

/// A product's recordings: a voice description in each language, and one video.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordingSlot {
    Korean,
    English,
    Video,
}

impl RecordingSlot {
    pub const ALL: [RecordingSlot; 3] = [
        RecordingSlot::Korean,
        RecordingSlot::English,
        RecordingSlot::Video,
    ];

    pub fn parse(code: &str) -> Option<RecordingSlot> {
        RecordingSlot::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Also the stored file's variant (`/media/{id}/{code}.{ext}`).
    pub fn code(self) -> &'static str {
        match self {
            RecordingSlot::Korean => "ko",
            RecordingSlot::English => "en",
            RecordingSlot::Video => "video",
        }
    }
}

/// The comparison group the staff chose: one of the goods, none, or the one whose name is
/// nearest the product's (`suggest_group`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupChoice {
    Suggest,
    None,
    Good(GoodId),
}

impl GroupChoice {
    /// The value of the form's select.
    pub fn code(self) -> String {
        match self {
            GroupChoice::Suggest => "suggest".into(),
            GroupChoice::None => "none".into(),
            GroupChoice::Good(id) => id.to_string(),
        }
    }

    pub fn parse(raw: &str) -> Result<GroupChoice, FieldProblem> {
        match raw.trim() {
            "" | "suggest" => Ok(GroupChoice::Suggest),
            "none" => Ok(GroupChoice::None),
            id => id
                .parse()
                .map(GroupChoice::Good)
                .map_err(|_| FieldProblem::Invalid),
        }
    }
}

/// The listing form as posted: every field as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingInput {
    pub name_ko: String,
    pub name_en: String,
    pub description_ko: String,
    pub description_en: String,
    pub category: String,
    pub unit_kind: String,
    pub unit_amount: String,
    pub weight_g: String,
    pub volume_ml: String,
    pub price: String,
    pub stock: String,
    pub group: String,
}

/// A listing whose every field is valid (the category and group still have to exist: the service
/// asks the database).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub name: Localized,
    pub description: Localized,
    pub category: CategoryId,
    pub unit: UnitSize,
    pub weight_g: u32,
    pub volume_ml: u32,
    pub price: Won,
    pub stock: u32,
    pub group: GroupChoice,
}

impl ListingInput {
    /// The listing, or every field's problem.
    pub fn parse(&self) -> Result<Listing, FieldErrors<ListingField>> {
        use ListingField as F;
        let mut errs = FieldErrors::default();
        let name_ko = errs.check(F::NameKo, text(&self.name_ko, NAME_MAX, false));
        let name_en = errs.check(F::NameEn, text(&self.name_en, NAME_MAX, false));
        let description_ko = errs.check(
            F::DescriptionKo,
            text(&self.description_ko, DESCRIPTION_MAX, true),
        );
        let description_en = errs.check(
            F::DescriptionEn,
            text(&self.description_en, DESCRIPTION_MAX, true),
        );
        let category = errs.check(
            F::Category,
            required(&self.category).and_then(|c| c.parse().map_err(|_| FieldProblem::Invalid)),
        );
        let unit_kind = errs.check(
            F::UnitKind,
            required(&self.unit_kind)
                .and_then(|k| UnitKind::from_code(k).ok_or(FieldProblem::Invalid)),
        );
        let unit_amount = errs.check(F::UnitAmount, whole(&self.unit_amount, 1, UNIT_MAX));
        let weight_g = errs.check(F::Weight, whole(&self.weight_g, 1, WEIGHT_MAX_G));
        let volume_ml = errs.check(F::Volume, whole(&self.volume_ml, 1, VOLUME_MAX_ML));
        let price = errs.check(F::Price, parse_price(&self.price));
        let stock = errs.check(
            F::Stock,
            required(&self.stock)
                .and_then(|s| whole(s, 0, MAX_STOCK).map_err(|_| FieldProblem::StockInvalid)),
        );
        let group = errs.check(F::Group, GroupChoice::parse(&self.group));
        match (
            name_ko,
            name_en,
            description_ko,
            description_en,
            category,
            unit_kind,
            unit_amount,
            weight_g,
            volume_ml,
            price,
            stock,
            group,
        ) {
            (
                Some(name_ko),
                Some(name_en),
                Some(description_ko),
                Some(description_en),
                Some(category),
                Some(kind),
                Some(amount),
                Some(weight_g),
                Some(volume_ml),
                Some(price),
                Some(stock),
                Some(group),
            ) => Ok(Listing {
                name: Localized::new(name_ko, name_en),
                description: Localized::new(description_ko, description_en),
                category,
                unit: UnitSize { kind, amount },
                weight_g,
                volume_ml,
                price,
                stock,
                group,
            }),
            _ => Err(errs),
        }
    }
}

impl Listing {
    /// The form filled in with this listing (to edit it).
    pub fn input(&self) -> ListingInput {
        ListingInput {
            name_ko: self.name.ko.clone(),
            name_en: self.name.en.clone(),
            description_ko: self.description.ko.clone(),
            description_en: self.description.en.clone(),
            category: self.category.to_string(),
            unit_kind: self.unit.kind.code().into(),
            unit_amount: self.unit.amount.to_string(),
            weight_g: self.weight_g.to_string(),
            volume_ml: self.volume_ml.to_string(),
            price: self.price.as_decimal().to_string(),
            stock: self.stock.to_string(),
            group: self.group.code(),
        }
    }
}

fn required(raw: &str) -> Result<&str, FieldProblem> {
    match raw.trim() {
        "" => Err(FieldProblem::Required),
        s => Ok(s),
    }
}

/// A whole number from `min` to `max`.
fn whole(raw: &str, min: u32, max: u32) -> Result<u32, FieldProblem> {
    let s = required(raw)?;
    s.parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n) && s.bytes().all(|b| b.is_ascii_digit()))
        .ok_or(FieldProblem::OutOfRange)
}

/// How alike two names are: the Dice coefficient of their character bigrams (normalised, Korean
/// and English names alike), 0 to 1.
fn likeness(a: &str, b: &str) -> f32 {
    let grams = |s: &str| -> BTreeSet<String> {
        search::normalize(s)
            .split(' ')
            .flat_map(search::bigrams)
            .collect()
    };
    let (a, b) = (grams(a), grams(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * a.intersection(&b).count() as f32 / (a.len() + b.len()) as f32
}

/// The comparison group a new product most likely belongs to: the good whose Korean or English
/// name is most like the product's, if it is alike enough (half its bigrams shared).
pub fn suggest_group(name: &Localized, goods: &[(GoodId, Localized)]) -> Option<GoodId> {
    goods
        .iter()
        .map(|(id, good)| {
            let score = likeness(&name.ko, &good.ko).max(likeness(&name.en, &good.en));
            (score, *id)
        })
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn socks() -> ListingInput {
        ListingInput {
            name_ko: "면양말 (5켤레)".into(),
            name_en: "Cotton socks, 5 pairs".into(),
            description_ko: "질긴 면실로 짰습니다.\r\n빨아도 줄지 않습니다.".into(),
            description_en: "Knitted from strong cotton.".into(),
            category: "14".into(),
            unit_kind: "pair".into(),
            unit_amount: "5".into(),
            weight_g: "250".into(),
            volume_ml: "900".into(),
            price: "1,250".into(),
            stock: "40".into(),
            group: "suggest".into(),
        }
    }

    #[test]
    fn a_complete_listing_parses() {
        let l = socks().parse().expect("valid");
        assert_eq!(l.name.en, "Cotton socks, 5 pairs");
        assert_eq!(
            l.description.ko,
            "질긴 면실로 짰습니다.\n빨아도 줄지 않습니다."
        );
        assert_eq!(l.category, CategoryId::new(14));
        assert_eq!(
            l.unit,
            UnitSize {
                kind: UnitKind::Pairs,
                amount: 5
            }
        );
        assert_eq!(l.price, Won::from_won_const(1250));
        assert_eq!(l.group, GroupChoice::Suggest);
        assert_eq!(l.input().parse(), Ok(l));
    }

    #[test]
    fn every_field_is_checked_at_once() {
        let all_blank = ListingInput::default().parse().expect_err("blank");
        use ListingField as F;
        for f in [
            F::NameKo,
            F::NameEn,
            F::DescriptionKo,
            F::DescriptionEn,
            F::Category,
            F::UnitKind,
            F::UnitAmount,
            F::Weight,
            F::Volume,
            F::Price,
            F::Stock,
        ] {
            assert_eq!(all_blank.get(f), Some(FieldProblem::Required), "{f:?}");
        }
        assert_eq!(
            all_blank.get(F::Group),
            None,
            "a blank group asks for a suggestion"
        );
    }

    #[test]
    fn each_language_is_required_and_bounded() {
        let problem = |change: fn(&mut ListingInput), field| {
            let mut input = socks();
            change(&mut input);
            input.parse().expect_err("refused").get(field)
        };
        use ListingField as F;
        assert_eq!(
            problem(|i| i.name_en = "  ".into(), F::NameEn),
            Some(FieldProblem::Required)
        );
        assert_eq!(
            problem(|i| i.description_ko = String::new(), F::DescriptionKo),
            Some(FieldProblem::Required)
        );
        assert_eq!(
            problem(|i| i.name_ko = "양".repeat(NAME_MAX + 1), F::NameKo),
            Some(FieldProblem::TooLong)
        );
        assert_eq!(
            problem(
                |i| i.description_en = "a".repeat(DESCRIPTION_MAX + 1),
                F::DescriptionEn
            ),
            Some(FieldProblem::TooLong)
        );
        assert_eq!(
            problem(|i| i.name_ko = "양말\n양말".into(), F::NameKo),
            Some(FieldProblem::Invalid),
            "a name is one line"
        );
        assert_eq!(
            problem(|i| i.description_en = "bell\u{7}".into(), F::DescriptionEn),
            Some(FieldProblem::Invalid)
        );
        assert_eq!(
            problem(|i| i.unit_kind = "bushel".into(), F::UnitKind),
            Some(FieldProblem::Invalid)
        );
        assert_eq!(
            problem(|i| i.unit_amount = "0".into(), F::UnitAmount),
            Some(FieldProblem::OutOfRange)
        );
        assert_eq!(
            problem(|i| i.weight_g = "500001".into(), F::Weight),
            Some(FieldProblem::OutOfRange)
        );
        assert_eq!(
            problem(|i| i.volume_ml = "-5".into(), F::Volume),
            Some(FieldProblem::OutOfRange)
        );
        assert_eq!(
            problem(|i| i.volume_ml = "+5".into(), F::Volume),
            Some(FieldProblem::OutOfRange)
        );
        assert_eq!(
            problem(|i| i.category = "sock".into(), F::Category),
            Some(FieldProblem::Invalid)
        );
        assert_eq!(
            problem(|i| i.group = "0".into(), F::Group),
            Some(FieldProblem::Invalid)
        );
        assert_eq!(
            problem(|i| i.price = "0".into(), F::Price),
            Some(FieldProblem::PriceInvalid)
        );
        assert_eq!(
            problem(|i| i.stock = "1000001".into(), F::Stock),
            Some(FieldProblem::StockInvalid)
        );
    }

    #[test]
    fn the_suggested_group_is_the_most_alike_name() {
        let goods = [
            (
                GoodId::new(1),
                Localized::new("크림빵 (10개들이)", "Cream buns, pack of 10"),
            ),
            (
                GoodId::new(2),
                Localized::new("면양말 (5켤레)", "Cotton socks, 5 pairs"),
            ),
            (GoodId::new(3), Localized::new("털양말", "Wool socks")),
        ];
        let name = |ko: &str, en: &str| Localized::new(ko, en);
        assert_eq!(
            suggest_group(&name("크림빵 10개", "Cream buns (10)"), &goods),
            Some(GoodId::new(1))
        );
        assert_eq!(
            suggest_group(&name("면양말 5켤레", "Socks of cotton"), &goods),
            Some(GoodId::new(2))
        );
        assert_eq!(
            suggest_group(&name("곱돌솥", "Stone pot"), &goods),
            None,
            "nothing alike: no group"
        );
    }
}
