//! The UI language and every visible string, in Korean (the default) and English.
//!
//! Strings live in one table (`messages!`), so a key without both translations does not compile.

use crate::domain::Won;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Ko,
    En,
}

/// The cookie that remembers the shopper's choice.
pub const LANG_COOKIE: &str = "lang";

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "ko" => Some(Lang::Ko),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ko => Lang::En,
            Lang::En => Lang::Ko,
        }
    }

    /// The language named by a `Cookie:` header, or Korean.
    pub fn from_cookie_header(header: &str) -> Lang {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANG_COOKIE)
            .and_then(|(_, value)| Lang::from_code(value.trim()))
            .unwrap_or_default()
    }

    /// An amount of won as people read it: `78원` in Korean, `₩78` in English.
    pub fn won(self, amount: Won) -> String {
        match self {
            Lang::Ko => format!("{}원", amount.grouped()),
            Lang::En => match amount.grouped().strip_prefix('-') {
                Some(abs) => format!("-₩{abs}"),
                None => format!("₩{}", amount.grouped()),
            },
        }
    }
}

macro_rules! messages {
    ($($key:ident => $ko:literal, $en:literal;)*) => {
        /// A visible UI string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Msg { $($key),* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::Ko) => $ko, (Msg::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

messages! {
    SiteName => "옥류", "Okryu";
    Tagline => "전국 상품을 한곳에서", "Goods from across the country, in one place";
    SkipToContent => "본문으로 건너뛰기", "Skip to content";
    SwitchLanguage => "English", "한국어";
    SwitchLanguageLabel => "Switch the language to English", "언어를 한국어로 바꾸기";
    Categories => "상품 분류", "Categories";
    NewGoods => "새 상품", "New goods";
    Seller => "판매자", "Seller";
    City => "도시", "City";
    Category => "분류", "Category";
    Price => "가격", "Price";
    UnitSize => "포장 단위", "Pack size";
    Stock => "재고", "In stock";
    InStockUnits => "개 남음", " left";
    OutOfStock => "품절", "Out of stock";
    Description => "상품 설명", "Description";
    BackToHome => "첫 페이지로", "Back to the home page";
    Home => "첫 페이지", "Home";
    Loading => "불러오는 중…", "Loading…";
    NotFoundTitle => "페이지를 찾을 수 없습니다", "Page not found";
    NotFoundBody => "주소가 맞는지 확인하거나 첫 페이지에서 상품을 찾아보십시오.", "Check the address, or find goods from the home page.";
    ProductNotFound => "이 상품은 없거나 더 이상 판매되지 않습니다.", "This product does not exist or is no longer sold.";
    ErrorTitle => "문제가 생겼습니다", "Something went wrong";
    ErrorBody => "잠시 후 다시 시도하십시오.", "Please try again in a moment.";
    BadRequestTitle => "잘못된 요청입니다", "Bad request";
    Footer => "인민봉사총국 옥류 전자상업봉사", "Okryu e-commerce service of the People's Service General Bureau";
    SearchLabel => "상품 검색", "Search goods";
    SearchPlaceholder => "상품 이름 (례: 크림빵)", "Name of a good (e.g. cream buns)";
    SearchButton => "검색", "Search";
    SearchTitle => "검색", "Search";
    Results => "개 상품", " goods";
    NoResults => "찾는 상품이 없습니다. 다른 말로 검색하거나 조건을 줄여 보십시오.", "No goods found. Try other words or fewer filters.";
    QueryTooLong => "검색어가 너무 길어 앞부분 100자만 찾았습니다.", "The search was too long: only its first 100 characters were used.";
    SortBy => "정렬", "Sort by";
    SortRelevance => "관련성", "Relevance";
    SortPriceAsc => "낮은 가격", "Lowest price";
    SortPriceDesc => "높은 가격", "Highest price";
    SortUnitPrice => "단위 가격", "Unit price";
    SortNewest => "새 상품", "Newest";
    Filters => "조건", "Filters";
    SellerCity => "판매자 도시", "Seller's city";
    PriceRange => "가격 범위", "Price range";
    MinPrice => "최저", "Min";
    MaxPrice => "최고", "Max";
    Apply => "적용", "Apply";
    InStockOnly => "재고 있는 상품만", "In stock only";
    ClearFilters => "조건 모두 지우기", "Clear all filters";
    All => "전체", "All";
    Previous => "이전", "Previous";
    Next => "다음", "Next";
    PageOf => "페이지", "Page";
    Subcategories => "세부 분류", "Subcategories";
    Storefront => "판매자 상점", "Storefront";
    Factory => "공장", "Factory";
    Store => "상점", "Store";
    Restaurant => "식당", "Restaurant";
    UnitPrice => "단위 가격", "Unit price";
    OtherSellers => "같은 상품을 파는 다른 판매자", "Other sellers of the same good";
    VoiceDescription => "음성 설명", "Voice description";
    Video => "동영상", "Video";
    Pictures => "사진", "Pictures";
    GoodsOfSeller => "이 판매자의 상품", "Goods from this seller";
    CompareTray => "비교", "Compare";
    CompareTitle => "값 비교", "Price comparison";
    CompareAdd => "비교에 담기", "Add to comparison";
    CompareInTray => "비교 목록에 있음 ✓", "In your comparison ✓";
    CompareRemove => "빼기", "Remove";
    CompareTrayFull => "비교 목록에는 4개까지만 담을 수 있습니다. 하나를 뺀 다음 다시 담으십시오.", "The comparison holds at most 4 items. Remove one, then add this again.";
    CompareEmpty => "비교할 상품이 없습니다. 상품 페이지에서 ‘비교에 담기’를 누르십시오.", "Nothing to compare yet. Press “Add to comparison” on a product page.";
    Unavailable => "더 이상 팔지 않는 상품", "No longer sold";
    DeliveryFee => "배달비", "Delivery fee";
    DeliveredTotal => "배달 포함 값", "Delivered price";
    Vehicle => "배달 수단과 예상 시간", "Vehicle and estimate";
    LongDistance => "장거리", "long distance";
    Weight => "무게", "Weight";
    DeliverTo => "배달 받을 곳", "Deliver to";
    ChooseDistrict => "구역을 고르십시오", "Choose a district";
    ChooseDistrictHint => "배달 받을 구역을 고르면 배달비와 배달 포함 값을 보여 드립니다.", "Choose your district to see delivery fees and delivered prices.";
    CheapestUnit => "단위 가격 최저", "Lowest unit price";
    CheapestDelivered => "배달 포함 최저", "Lowest delivered price";
    PriceHistory => "최근 90일 가격", "Price over the last 90 days";
    PriceLowest => "최저", "Lowest";
    PriceHighest => "최고", "Highest";
    PriceUnchanged => "최근 90일 동안 가격이 바뀌지 않았습니다.", "The price has not changed in the last 90 days.";
    AllOffers => "모든 판매자의 값을 한눈에 비교", "Compare every seller's price";
    GroupIntro => "같은 상품을 파는 판매자들의 값입니다. 단위 가격과 배달 포함 값으로 비교하십시오.", "The same good from different sellers: compare by unit price and delivered price.";

}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn won_reads_naturally_in_each_language() {
        assert_eq!(Lang::Ko.won(Won::from_won(78)), "78원");
        assert_eq!(Lang::En.won(Won::from_won(78)), "₩78");
        assert_eq!(Lang::Ko.won(Won::from_won(12_500)), "12,500원");
        assert_eq!(Lang::En.won(Won::from_chon(125_050)), "₩1,250.50");
        assert_eq!(Lang::En.won(Won::from_won(-78)), "-₩78");
    }

    #[test]
    fn the_cookie_picks_the_language_and_anything_else_means_korean() {
        assert_eq!(Lang::from_cookie_header("a=1; lang=en; b=2"), Lang::En);
        assert_eq!(Lang::from_cookie_header("lang=ko"), Lang::Ko);
        assert_eq!(Lang::from_cookie_header("lang=fr"), Lang::Ko);
        assert_eq!(Lang::from_cookie_header("xlang=en"), Lang::Ko);
        assert_eq!(Lang::from_cookie_header(""), Lang::Ko);
    }

    #[test]
    fn every_string_exists_in_both_languages_and_differs() {
        for msg in Msg::ALL {
            let (ko, en) = (msg.text(Lang::Ko), msg.text(Lang::En));
            assert!(
                !ko.trim().is_empty() && !en.trim().is_empty(),
                "{msg:?} is empty"
            );
            assert_ne!(ko, en, "{msg:?} is not translated");
        }
    }
}
