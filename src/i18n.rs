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

    /// "Try again in N minutes", for rate limits.
    pub fn try_again_in(self, minutes: u32) -> String {
        match self {
            Lang::Ko => format!("{minutes}분 뒤에 다시 시도하십시오."),
            Lang::En if minutes == 1 => "Try again in 1 minute.".into(),
            Lang::En => format!("Try again in {minutes} minutes."),
        }
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
    SwitchLanguageLabel => "Switch the language to English", "한국어 — 언어를 바꿉니다";
    Categories => "상품 분류", "Categories";
    NewGoods => "새 상품", "New goods";
    GoodsList => "상품 목록", "Goods";
    ShopEmpty => "아직 상품이 없습니다. 판매자들이 상품을 올리면 여기에 보입니다.", "There are no goods yet. They will show here once sellers list them.";
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
    NotFoundTitle => "페이지를 찾을 수 없습니다", "Page not found";
    NotFoundBody => "주소가 맞는지 확인하거나 첫 페이지에서 상품을 찾아보십시오.", "Check the address, or find goods from the home page.";
    ProductNotFound => "이 상품은 없거나 더 이상 판매되지 않습니다.", "This product does not exist or is no longer sold.";
    ErrorTitle => "문제가 생겼습니다", "Something went wrong";
    ErrorBody => "잠시 후 다시 시도하십시오.", "Please try again in a moment.";
    BadRequestTitle => "잘못된 요청입니다", "Bad request";
    Footer => "인민봉사총국 옥류 전자상업봉사", "Okryu e-commerce service of the People's Service General Bureau";
    SearchLabel => "상품 검색", "Search goods";
    SearchPlaceholder => "례: 크림빵", "e.g. socks";
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
    HotFood => "음식 배달", "Hot food";
    HotFoodIntro => "식당에서 갓 만든 음식을 오토바이로 배달합니다. 약속한 시간 안에 가져다 드립니다.", "Dishes cooked to order and brought by motorbike within the time promised.";
    NoRestaurantsHere => "이 구역에 배달하는 식당이 없습니다.", "No restaurant delivers to this district.";
    RestaurantsOpenFirst => "문을 연 식당부터 보여 드립니다.", "Open restaurants come first.";
    DeliveryTime => "배달 시간", "Delivery time";
    MinimumOrder => "최소 주문", "Minimum order";
    KitchenBusy => "주문이 밀려 있습니다. 조금 뒤에 다시 주문하십시오.", "Busy: try again a little later.";
    OutOfRadius => "이 구역에는 배달하지 않습니다.", "Does not deliver to this district.";
    ChooseDistrictForFood => "배달 받을 구역을 고르면 배달하는 식당과 배달 시간을 보여 드립니다.", "Choose your district to see the restaurants that deliver there and how soon.";
    OpeningHours => "영업 시간", "Opening hours";
    Menu => "차림표", "Menu";
    SoldOutToday => "오늘은 다 팔렸습니다", "Sold out today";
    DishExtras => "추가", "Extras";
    ClosedForNow => "당분간 문을 닫습니다", "Closed for now";
    DayClosed => "쉬는 날", "Closed";
    OtherRestaurant => "음식 바구니에 다른 식당의 음식이 있습니다. 새 주문을 시작하면 그 음식들은 바구니에서 빠집니다.", "Your food basket holds another restaurant's dishes. Starting a new order takes them out.";
    DishSoldOut => "이 음식은 오늘 다 팔렸습니다.", "This dish is sold out today.";
    FoodBasket => "음식 바구니", "Food basket";
    FoodBasketEmpty => "음식 바구니가 비었습니다.", "Your food basket is empty.";
    AddToFoodBasket => "바구니에 담기", "Add to basket";
    StartNewFoodOrder => "새 주문으로 담기", "Start a new order with this";
    BasketHoldsOther => "음식 바구니에는 다른 식당의 음식이 있습니다:", "Your food basket holds dishes from another restaurant:";
    AddedToFoodBasket => "음식 바구니에 담았습니다.", "Added to your food basket.";
    SignInToOrderFood => "음식을 주문하려면 가입하여 들어오십시오.", "Sign in to order food.";
    ShortOfMinimum => "최소 주문까지 모자라는 금액:", "Short of the minimum order by";
    Portions => "그릇 수", "Portions";
    RestaurantClosed => "식당이 그 시간에는 문을 닫습니다. 다른 시간을 고르십시오.", "The restaurant is closed at that time. Choose another time.";
    BelowMinimum => "최소 주문액에 모자랍니다:", "Below the restaurant's minimum order by";
    PortionsLeft => "남은 그릇 수가 모자랍니다.", "Not enough portions are left today.";
    FoodCheckout => "음식 주문", "Order food";
    WantedWhen => "받을 시간", "Deliver";
    AsSoonAsPossible => "되도록 빨리", "As soon as possible";
    GoToFoodCheckout => "주문하러 가기", "Go to checkout";
    PromisedBy => "약속한 시간", "Promised by";
    NoMenuYet => "아직 차림표가 없습니다.", "No menu yet.";
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
    LastAddress => "배달 주소는 적어도 하나 있어야 합니다. 새 주소를 더한 다음 지우십시오.", "An account keeps at least one delivery address. Add another one first.";
    RoleShopper => "구매자", "Shopper";
    RoleBusiness => "기업 구매자", "Business buyer";
    RoleSeller => "판매자 직원", "Seller staff";
    RoleManager => "판매자 책임자", "Seller manager";
    RoleDispatcher => "배달 지령원", "Dispatcher";
    RoleCourier => "배달원", "Courier";
    RoleOperator => "운영자", "Operator";
    FieldRequired => "입력하십시오.", "Please fill this in.";
    FieldTooLong => "너무 깁니다.", "This is too long.";
    FieldInvalid => "쓸 수 없는 글자가 있습니다.", "This contains characters that can't be used.";
    PhoneFormat => "국내 손전화 번호가 아닙니다. 0191, 0192 또는 0195로 시작하는 11자리 번호를 입력하십시오.", "Not a domestic mobile number. Enter the 11 digits starting 0191, 0192 or 0195.";
    PhoneForeign => "외국 전화번호로는 가입할 수 없습니다. 옥류는 국내 주민만 리용합니다.", "Foreign phone numbers can't be used: Okryu is for residents only.";
    PhoneTaken => "이 번호로 이미 가입한 계정이 있습니다. 로그인하십시오.", "An account already uses this number. Please sign in.";
    ResidentFormat => "공민등록번호는 생년월일 6자리, 그리고 7자리입니다 (례: 850415-1023451).", "A resident registration number is the 6-digit date of birth, then 7 digits (e.g. 850415-1023451).";
    ResidentForeign => "외국인 등록번호로는 가입할 수 없습니다. 옥류는 국내 주민만 리용합니다.", "Foreigners' registration numbers can't be used: Okryu is for residents only.";
    ResidentCheck => "공민등록번호가 맞지 않습니다. 다시 확인하십시오.", "This resident registration number is not valid. Please check it.";
    ResidentTaken => "이 공민등록번호로 이미 가입한 계정이 있습니다.", "An account already exists for this resident registration number.";
    PasswordShort => "비밀번호는 10자 이상이여야 합니다.", "The password must be at least 10 characters.";
    PasswordLong => "비밀번호는 128자를 넘을 수 없습니다.", "The password can't be longer than 128 characters.";
    PasswordIsPhone => "전화번호를 비밀번호로 쓸 수 없습니다.", "The phone number can't be the password.";
    PasswordWrong => "지금 비밀번호가 맞지 않습니다.", "The current password is not right.";
    DistrictUnknown => "배달하는 구역 가운데서 고르십시오.", "Choose one of the districts we deliver to.";
    AddressShort => "거리, 건물, 호수를 적으십시오.", "Enter the street, building and flat.";
    StockInvalid => "0부터 1,000,000까지의 옹근수를 입력하십시오.", "Enter a whole number from 0 to 1,000,000.";
    PriceInvalid => "가격은 0보다 크고 100,000,000원 이하로, 전 단위까지 입력하십시오.", "Enter a price in won above zero and at most 100,000,000 (at most two decimals).";
    BadCredentials => "전화번호나 비밀번호가 맞지 않습니다.", "Wrong phone number or password.";
    TooManyAttempts => "시도가 너무 많습니다.", "Too many attempts.";
    NetworkRefused => "이 봉사는 허가된 망에서만 리용할 수 있습니다.", "This service can only be used from the permitted networks.";
    ForbiddenTitle => "접근이 허용되지 않습니다", "Access not allowed";
    ForbiddenBody => "이 페이지는 다른 역할의 계정만 볼 수 있습니다.", "This page is only for accounts with another role.";
    UnauthorizedTitle => "로그인하십시오", "Please sign in";
    UnauthorizedBody => "이 페이지를 보려면 로그인하십시오. 로그인하면 이 페이지로 바로 돌아옵니다.", "Sign in to see this page: you will come straight back to it.";
    SignIn => "로그인", "Sign in";
    SignUp => "가입", "Sign up";
    SignUpTitle => "옥류 가입", "Open an Okryu account";
    PhoneCodeWrong => "확인 번호가 맞지 않습니다. 문자로 받은 번호를 다시 보십시오.", "That is not the code. Check the text message again.";
    PhoneCodeStale => "이 확인 번호는 더 쓸 수 없습니다. 새 번호를 받으십시오.", "This code no longer works. Ask for a new one.";
    SendCode => "확인 번호 받기", "Send me a code";
    SendCodeIntro => "먼저 손전화 번호를 확인합니다. 이 번호로 확인 번호를 문자로 보냅니다.", "First we check your mobile number: we send a code to it as a text message.";
    CodeSent => "확인 번호를 문자로 보냈습니다. 10분 동안 쓸 수 있습니다. 이미 계정이 있는 번호라면 문자가 알려줍니다.", "We sent a code to this number as a text message; it works for 10 minutes. If the number already has an account, the message says so.";
    PhoneCodeLabel => "문자로 받은 확인 번호", "Code from the text message";
    PhoneCodeHint => "숫자 6자리", "6 digits";
    OtherNumber => "다른 번호로 받기", "Use another number";
    OutboxTitle => "문자 발신함 (시연용)", "Text-message outbox (demo)";
    OutboxIntro => "시연 자료에는 진짜 손전화가 없으므로 보낸 문자를 여기에 보여줍니다. 실제 봉사에서는 문자 중계기가 보냅니다.", "Demo phone numbers have no real phones, so the texts sent to them are shown here. A real deployment's gateway sends them.";
    OutboxEmpty => "보낸 문자가 없습니다.", "No text messages yet.";
    SignUpIntro => "옥류는 국내 주민을 위한 봉사입니다. 손전화 번호와 공민등록번호로 가입합니다.", "Okryu is for residents: you sign up with your mobile number and resident registration number.";
    SignOut => "로그아웃", "Sign out";
    Account => "내 계정", "My account";
    Name => "이름", "Name";
    Phone => "손전화 번호", "Mobile number";
    PhoneHint => "례: 0191-234-5678", "e.g. 0191-234-5678";
    ResidentIdLabel => "공민등록번호", "Resident registration number";
    ResidentHint => "례: 850415-1023451", "e.g. 850415-1023451";
    Password => "비밀번호", "Password";
    PasswordHint => "10자 이상, 전화번호가 아닌 것", "At least 10 characters, not your phone number";
    OldPassword => "지금 비밀번호", "Current password";
    NewPasswordLabel => "새 비밀번호", "New password";
    District => "구역", "District";
    AddressLine => "거리, 건물, 호수", "Street, building, flat";
    NoAccount => "계정이 없습니까?", "No account yet?";
    HaveAccount => "이미 계정이 있습니까?", "Already have an account?";
    SignedInAs => "로그인한 계정", "Signed in as";
    Role => "역할", "Role";
    Addresses => "배달 주소", "Delivery addresses";
    DefaultAddress => "기본 주소", "Default address";
    MakeDefault => "기본 주소로", "Make default";
    AddAddress => "주소 더하기", "Add an address";
    RemoveAddress => "지우기", "Delete";
    ChangePassword => "비밀번호 바꾸기", "Change the password";
    PasswordChanged => "비밀번호를 바꾸었습니다. 다른 브라우저의 로그인은 끝났습니다.", "Password changed. Other browsers have been signed out.";
    Sessions => "로그인한 브라우저 수", "Browsers signed in";
    SignOutEverywhere => "모든 브라우저에서 로그아웃", "Sign out everywhere";
    SellerConsole => "판매자 관리", "Seller console";
    SellerConsoleIntro => "상품의 가격과 재고를 고치면 곧 상품 페이지에 나타납니다. 바꾼 가격은 상품의 가격 변동 기록에도 남습니다. 판매를 중지한 상품은 목록, 검색, 비교에 나오지 않고 살 수 없지만 주문과 가격 기록은 남습니다.", "Prices and stock you change here show on the product pages at once; a new price also goes into the product's price history. A good you stop selling leaves lists, search and comparisons and can't be bought; its orders and price history stay.";
    Save => "보관", "Save";
    PriceInWon => "가격 (원)", "Price (won)";
    HideProduct => "판매 중지", "Stop selling";
    OfferAgain => "다시 판매", "Sell again";
    ProductHidden => "판매 중지됨", "Not for sale";
    NewListing => "새 상품 등록", "List a new product";
    EditListing => "상품 정보 고치기", "Edit the listing";
    EditShort => "고치기", "Edit";
    ListingIntro => "이름과 설명을 조선말과 영어로 모두 적으십시오. 포장한 무게와 부피로 배달 요금을 계산합니다. 바꾼 가격은 가격 변동 기록에 남습니다.", "Give the name and description in both Korean and English. The packed weight and volume set the delivery charge. A changed price goes into the price history.";
    NameKo => "이름 (조선말)", "Name (Korean)";
    NameEn => "이름 (영어)", "Name (English)";
    DescriptionKo => "설명 (조선말)", "Description (Korean)";
    DescriptionEn => "설명 (영어)", "Description (English)";
    UnitKindLabel => "파는 단위", "Sold by";
    UnitKindG => "무게 (g)", "Weight (g)";
    UnitKindMl => "부피 (ml)", "Volume (ml)";
    UnitKindPiece => "개수", "Pieces";
    UnitKindPair => "켤레", "Pairs";
    UnitAmountLabel => "한 포장에 든 량", "Amount in one pack";
    UnitAmountHint => "례: 10개들이면 10, 500 g이면 500", "e.g. 10 for a pack of 10, 500 for 500 g";
    WeightLabel => "포장한 무게 (g)", "Packed weight (g)";
    WeightHint => "1 g부터 500 kg(500000)까지", "1 g to 500 kg (500000)";
    VolumeLabel => "포장한 부피 (ml)", "Packed volume (ml)";
    VolumeHint => "1 ml부터 5 m³(5000000)까지", "1 ml to 5 m³ (5000000)";
    GroupLabel => "비교 묶음", "Comparison group";
    GroupHint => "같은 상품을 파는 다른 판매자들과 나란히 비교됩니다.", "Shoppers compare it side by side with the same good from other sellers.";
    GroupSuggest => "이름으로 찾아 주기", "Find it from the name";
    GroupNone => "묶음 없음", "None";
    ChooseCategory => "분류를 고르십시오", "Choose a category";
    Listed => "상품을 등록했습니다. 이제 목록과 검색에 나옵니다.", "The product is listed: it now shows in lists and search.";
    ViewProduct => "상품 페이지 보기", "See the product page";
    BackToConsole => "판매자 관리로", "Back to the seller console";
    NoPictures => "아직 사진이 없습니다.", "No pictures yet.";
    MainPicture => "대표 사진", "Main picture";
    MakeMain => "대표로", "Make main";
    MoveEarlier => "앞으로", "Move earlier";
    MoveLater => "뒤로", "Move later";
    RemovePicture => "사진 지우기", "Remove";
    AddPicture => "사진 더하기", "Add a picture";
    PictureHint => "JPEG, PNG, WebP · 10 MB, 6,000 화소까지 · 손전화로 바로 찍어도 됩니다.", "JPEG, PNG or WebP · up to 10 MB and 6,000 pixels · a phone can take one now.";
    UploadPicture => "사진 올리기", "Upload";
    PictureAdded => "사진을 올렸습니다.", "The picture is uploaded.";
    PictureNotAPicture => "JPEG, PNG, WebP 사진만 올릴 수 있습니다.", "Only JPEG, PNG and WebP pictures can be uploaded.";
    PictureMismatch => "파일 이름이 말하는 종류와 파일의 내용이 다릅니다.", "The file is not what its name says.";
    PictureTooLarge => "사진 파일은 10 MB까지 올릴 수 있습니다.", "A picture file can be at most 10 MB.";
    PictureTooManyPixels => "사진은 가로와 세로 6,000 화소까지입니다.", "A picture can be at most 6,000 pixels wide and tall.";
    PictureBroken => "사진이 깨졌거나 끝까지 오지 않았습니다. 다시 올리십시오.", "The picture is broken or incomplete. Please upload it again.";
    PicturesFull => "한 상품의 사진은 8장까지입니다. 먼저 하나를 지우십시오.", "A product has at most 8 pictures: remove one first.";
    NotAVoice => "Ogg(Opus, Vorbis)와 MP3 음성 파일만 올릴 수 있습니다.", "Only Ogg (Opus or Vorbis) and MP3 recordings can be uploaded.";
    NotAVideo => "WebM과 MP4 동영상만 올릴 수 있습니다.", "Only WebM and MP4 videos can be uploaded.";
    RecordingTooLarge => "음성 설명은 2 MB, 동영상은 8 MB까지 올릴 수 있습니다.", "A voice description can be at most 2 MB, a video 8 MB.";
    RecordingBroken => "파일이 깨졌거나 끝까지 오지 않았습니다. 다시 올리십시오.", "The file is broken or incomplete. Please upload it again.";
    Recordings => "음성과 동영상", "Voice and video";
    KoreanVoice => "조선말 음성 설명", "Korean voice description";
    EnglishVoice => "영어 음성 설명", "English voice description";
    NoRecording => "아직 없습니다.", "None yet.";
    VoiceHint => "Ogg(Opus, Vorbis), MP3 · 2 MB까지 · 손전화로 바로 녹음해도 됩니다.", "Ogg (Opus or Vorbis) or MP3 · up to 2 MB · a phone can record one now.";
    VideoHint => "WebM, MP4 · 8 MB까지 · 손전화로 바로 찍어도 됩니다.", "WebM or MP4 · up to 8 MB · a phone can film one now.";
    UploadFile => "파일 올리기", "Upload";
    ChooseFile => "새 파일", "New file";
    RemoveRecording => "지우기", "Remove";
    RecordingAdded => "파일을 올렸습니다.", "The file is uploaded.";
    Uploading => "올리는 중", "Uploading";
    PriceManagersOnly => "가격은 판매자 책임자만 바꿉니다.", "Only the seller's manager changes prices.";
    AlreadyStaff => "이 계정은 벌써 이 판매자의 직원입니다.", "This account already works for this seller.";
    NotAShopper => "이 계정은 직원으로 넣을수 없습니다: 개인 구매자의 계정만 넣을수 있습니다.", "This account can't be made staff: only a resident shopper's account can.";
    OrdersOnTheWay => "이 계정에는 아직 오고있는 주문이 있습니다: 배달이 끝난 다음에 넣으십시오.", "This account has orders still on their way to it: add it once they are delivered.";
    StaffTitle => "직원", "Staff";
    StaffIntro => "직원은 상품과 재고, 주문을 다룹니다. 가격과 직원은 책임자만 바꿉니다. 직원으로 넣을 사람은 먼저 옥류에 가입해야 합니다.", "Staff keep the listings, the stock and the orders; only managers change prices and the staff. Whoever you add must have signed up to Okryu first.";
    StaffAddLabel => "직원의 휴대전화 번호", "The staff member's mobile number";
    StaffAdd => "직원 넣기", "Add to staff";
    StaffRemove => "직원에서 빼기", "Remove from staff";
    StaffAdded => "직원으로 넣었습니다. 다음 요청부터 판매자 화면을 씁니다.", "Added to the staff: their next page is the seller console's.";
    StaffRemoved => "직원에서 뺐습니다. 그 계정은 다시 개인 구매자의 계정입니다.", "Removed from the staff: the account is a shopper's again.";
    StaffName => "이름", "Name";
    StaffPhone => "휴대전화", "Mobile";
    StaffRole => "직무", "Role";
    SalesTitle => "판매 실적", "Sales";
    SalesIntro => "돈은 장부 그대로입니다: 배달원이 주문을 가져갈 때 받은 돈에서 돌려준 돈을 뺍니다. 날자는 평양 시간입니다.", "The money is the ledger's: what was taken when a courier picked an order up, less what was given back. Days are Pyongyang's.";
    SalesLast30 => "최근 30일", "Last 30 days";
    SalesLast90 => "최근 90일", "Last 90 days";
    SalesRevenue => "순수입", "Revenue";
    SalesCaptured => "받은 돈", "Captured";
    SalesRefunded => "돌려준 돈", "Refunded";
    SalesOrders => "주문", "Orders";
    SalesAverageDelivery => "주문에서 배달까지 평균", "Average time from order to delivery";
    SalesFailedShare => "배달하지 못한 비률", "Share of failed deliveries";
    SalesRevenueByDay => "날자별 순수입", "Revenue by day";
    SalesOrdersByDay => "날자별 주문", "Orders by day";
    SalesByDayTable => "날자별 수자", "Figures by day";
    SalesDay => "날자", "Day";
    SalesByProduct => "상품별 판매", "Sales by product";
    SalesUnits => "개수", "Units";
    SalesSold => "판매액", "Sold for";
    SalesCsvByDay => "날자별 CSV 내려받기", "Download by day (CSV)";
    SalesCsvByProduct => "상품별 CSV 내려받기", "Download by product (CSV)";
    SalesLink => "판매 실적", "Sales";
    BulkTitle => "가격과 재고 한꺼번에 바꾸기", "Bulk price and stock update";
    BulkLink => "한꺼번에 바꾸기 (CSV)", "Bulk update (CSV)";
    BulkIntro => "상품 목록을 CSV 파일로 내려받아 표계산 프로그람에서 가격(원)과 재고를 고친 다음 올리십시오. 적용하기 전에 줄마다 무엇이 바뀌고 무엇이 틀렸는지 보여줍니다. 빈 칸은 그대로 둡니다.", "Download your goods as a CSV file, change the prices (in won) and the stock in a spreadsheet, and upload it. Before anything is applied you see, line by line, what changes and what is wrong. An empty cell leaves the value as it is.";
    BulkDownload => "상품 목록 내려받기 (CSV)", "Download the goods (CSV)";
    BulkFile => "CSV 파일 (UTF-8, id 칸과 price 또는 stock 칸)", "CSV file (UTF-8, an id column and a price or stock column)";
    BulkUpload => "올리고 미리 보기", "Upload and preview";
    BulkPreview => "미리 보기", "Preview";
    BulkLine => "줄", "Line";
    BulkProduct => "상품", "Product";
    BulkChange => "바뀌는 것", "Change";
    BulkChanges => "바뀌는 상품", "Products to change";
    BulkProblemCount => "문제가 있는 줄", "Lines with problems";
    BulkUnchanged => "그대로인 줄", "Lines unchanged";
    BulkNothing => "이 파일은 아무것도 바꾸지 않습니다.", "This file changes nothing.";
    BulkApply => "모두 적용하기", "Apply all";
    BulkApplyHint => "모든 변경을 한번에 적용합니다. 가격 변경은 가격 이력에 남습니다.", "Every change is applied at once. Price changes go into the price history.";
    BulkFixFirst => "문제가 있는 줄을 고친 다음 파일을 다시 올리십시오. 그때까지 아무것도 바꾸지 않습니다.", "Fix the lines with problems and upload the file again; nothing is changed until then.";
    BulkAppliedAlready => "이 파일은 이미 적용했습니다.", "This file was applied already.";
    BulkApplied => "적용했습니다. 바뀐 상품:", "Applied. Products changed:";
    BulkTooLarge => "파일이 너무 큽니다 (256 KB까지).", "The file is too large (up to 256 KB).";
    BulkTooManyLines => "줄이 너무 많습니다 (2,000줄까지).", "Too many lines (up to 2,000).";
    BulkNotText => "UTF-8 CSV 파일이 아닙니다. 표계산 프로그람에서 \"CSV UTF-8\"로 저장하십시오.", "Not a UTF-8 CSV file. Save it from the spreadsheet as \"CSV UTF-8\".";
    BulkBroken => "따옴표로 시작한 칸이 닫히지 않았습니다.", "A quoted cell is never closed.";
    BulkHeader => "첫 줄에 id 칸과, price 칸이나 stock 칸이 있어야 합니다.", "The first line must name an id column and a price or a stock column.";
    BulkEmpty => "첫 줄 다음에 상품 줄이 없습니다.", "There are no product lines after the first line.";
    LineCells => "칸이 모자랍니다.", "Too few cells.";
    LineNotYours => "이 판매자의 상품 번호가 아닙니다.", "Not the id of one of your products.";
    ReviewPicturesFull => "상품평의 사진은 3장까지입니다. 먼저 하나를 지우십시오.", "A review has at most 3 pictures: remove one first.";
    ReviewFirst => "먼저 별점을 주어 상품평을 쓰십시오. 사진은 그 다음에 더합니다.", "Rate the goods first; then add pictures to your review.";
    ReviewPictures => "상품평 사진", "Pictures with your review";
    ReviewPictureAdd => "사진 더하기 (3장까지)", "Add a picture (up to 3)";
    ReviewPictureAdded => "사진을 더했습니다.", "Picture added.";
    ReviewPictureAlt => "구매자가 찍은 사진", "A buyer's photo";
    LineTwice => "같은 상품이 앞의 줄에도 있습니다.", "The same product is on an earlier line.";
    PriceManagersHint => "가격은 판매자 책임자만 바꿉니다.", "Only the seller's manager changes prices.";
    SortRating => "평점 높은 순", "Best rated";
    Reviews => "상품평", "Reviews";
    ReviewsNone => "아직 상품평이 없습니다.", "No reviews yet.";
    ReviewOrder => "상품평 순서", "Order of reviews";
    ReviewsNewest => "최신순", "Newest first";
    ReviewsHelpful => "도움순", "Most helpful first";
    VerifiedPurchase => "구매 확인", "Verified purchase";
    Edited => "고쳐씀", "edited";
    SellerAnswer => "판매자 답변", "The seller's answer";
    Helpful => "도움이 됐어요", "Helpful";
    Report => "신고", "Report";
    Thanked => "고맙습니다. 도움이 된 상품평으로 표시했습니다.", "Thank you: marked as helpful.";
    ReportedThanks => "신고했습니다. 운영자가 살펴봅니다.", "Reported: an operator will look at it.";
    ReviewYourGoods => "받은 상품 평가하기", "Review what you received";
    RatingLabel => "별점", "Rating";
    ReviewBody => "상품평 (쓰지 않아도 됩니다)", "Review (optional)";
    WriteReview => "상품평 올리기", "Post the review";
    ChangeReview => "상품평 고치기", "Change the review";
    ReviewSaved => "상품평을 보관했습니다.", "Your review is saved.";
    ReviewEditableUntil => "고칠 수 있는 기한:", "Can be changed until";
    ReviewHiddenBecause => "운영자가 이 상품평을 숨겼습니다. 리유:", "An operator hid this review. Why:";
    ReviewNotDelivered => "배달받은 상품만 평가할 수 있습니다.", "Only goods delivered to you can be reviewed.";
    ReviewLocked => "이 상품평은 더 고칠 수 없습니다.", "This review can no longer be changed.";
    AlreadyAnswered => "이 상품평에는 이미 답변했습니다.", "This review already has an answer.";
    OwnReview => "자기의 상품평에는 할 수 없습니다.", "Not on your own review.";
    SellerReviews => "상품평과 답변", "Reviews and answers";
    AnswerLabel => "답변 (누구나 봅니다)", "Answer (everyone can read it)";
    SendAnswer => "답변 올리기", "Post the answer";
    AnswerSaved => "답변을 올렸습니다.", "Your answer is posted.";
    Moderation => "신고된 상품평", "Reported reviews";
    ModerationNone => "기다리는 신고가 없습니다.", "No reports are waiting.";
    HideReason => "숨기는 리유 (작성자가 봅니다)", "Why it is hidden (its author reads this)";
    HideReview => "숨기기", "Hide";
    KeepReview => "그대로 두기", "Keep";
    Saved => "보관했습니다.", "Saved.";
    Submitting => "보내는 중…", "Sending…";
    QuantityInvalid => "수량은 1 이상의 옹근수로 입력하십시오.", "Enter the quantity as a whole number, 1 or more.";
    QuantityTooMany => "한 번에 9,999개까지 살 수 있습니다.", "At most 9,999 can be bought at once.";
    QuantityOverStock => "재고보다 많이 살 수 없습니다.", "That is more than there is in stock.";
    CardFormat => "나래카드 번호는 16자리 수자입니다.", "A Narae card number has 16 digits.";
    CardCheck => "카드 번호가 맞지 않습니다. 다시 확인하십시오.", "This card number is not valid. Please check it.";
    CardTaken => "이 카드는 이미 등록되여 있습니다.", "This card is already linked.";
    CardNotIssued => "은행이 이 번호의 카드를 손님에게 발급하지 않았습니다. 받은 나래카드의 번호를 확인하십시오. 카드는 은행 창구에서 발급받습니다.", "The bank has not issued a card with this number to you. Check the number on the Narae card you were given; cards are issued at a bank counter.";
    SimTaken => "손전화 결제는 이미 등록되여 있습니다.", "Your mobile (SIM) account is already linked.";
    PinFormat => "비밀번호(PIN)는 4자리 수자입니다.", "The PIN has 4 digits.";
    PinWrong => "PIN이 맞지 않습니다. 3번 틀리면 15분 동안 잠깁니다.", "Wrong PIN. Three wrong PINs lock the card for 15 minutes.";
    PinLocked => "PIN을 3번 틀려 이 결제수단이 잠겼습니다.", "This way of paying is locked after three wrong PINs.";
    AmountInvalid => "금액은 0보다 큰 원 단위 수(전까지)로 입력하십시오.", "Enter an amount of won above zero (at most two decimals).";
    SlotInvalid => "제시된 배달 시간 가운데서 고르십시오.", "Choose one of the delivery times offered.";
    InstrumentUnknown => "결제수단을 고르십시오.", "Choose a way to pay.";
    AccountUnknown => "이 번호의 계정이 없습니다.", "No account has this number.";
    ResidentMismatch => "이 공민등록번호는 계정 주인의 것이 아닙니다. 공민증을 다시 확인하십시오.", "This registration number is not the account holder's. Check their identity card again.";
    Undeliverable => "이 주소로는 배달할 수 없습니다.", "This can't be delivered to that address.";
    UndeliverableInCart => "이 판매자의 상품은 결제할 때 빠지고 바구니에 남습니다. 바구니에서 빼거나, 결제 화면에서 다른 주소를 고르십시오.", "These goods will be left out at checkout and stay in your cart. Remove them, or choose another address at checkout.";
    UndeliverableAtCheckout => "이 판매자의 상품은 이번 주문에서 빠지고 바구니에 남습니다. 바구니에서 빼거나 아래에서 다른 주소를 고르십시오.", "These goods are left out of this order and stay in your cart. Remove them, or choose another address below.";
    UndeliverableChooseAddress => "아래에서 다른 주소를 고르십시오.", "Choose another address below.";
    NothingPayable => "이 주소로 배달할 수 있는 상품이 없습니다. 다른 주소를 고르십시오.", "Nothing here can be delivered to this address. Choose another address.";
    LongDistanceMinimum => "50km 넘는 배달의 최소 주문액:", "Minimum order for deliveries beyond 50 km:";
    PriceChangedConfirm => "가격이 바뀌었습니다. 새 금액을 확인하고 다시 결제하십시오. 새 총액:", "A price has changed. Check the new amounts and pay again. New total:";
    InsufficientFunds => "잔고가 모자랍니다. 모자라는 금액:", "Not enough money in the account. Missing:";
    CartEmpty => "바구니가 비여 있습니다.", "Your cart is empty.";
    CartFull => "바구니에 더 많은 종류의 상품을 담을 수 없습니다. 먼저 몇 가지를 사거나 빼십시오.", "Your cart holds as many different goods as it can. Buy or remove some first.";
    OrderStateRefused => "주문의 지금 상태에서는 할 수 없습니다.", "That can't be done in the order's current state.";
    NaraeCard => "나래카드", "Narae card";
    SimAccount => "손전화 결제", "Mobile (SIM) account";
    StatusPlaced => "주문됨", "Placed";
    StatusAccepted => "판매자 접수", "Accepted by the seller";
    StatusReady => "발송 준비됨", "Ready for pickup";
    StatusPickedUp => "배달 중", "On its way";
    StatusDelivered => "배달됨", "Delivered";
    StatusCancelled => "취소됨", "Cancelled";
    StatusDeliveryFailed => "배달 못함", "Delivery failed";
    StatusRefunded => "환불됨", "Refunded";
    Cart => "바구니", "Cart";
    AddToCart => "바구니에 담기", "Add to cart";
    AddedToCart => "바구니에 담았습니다.", "Added to your cart.";
    BuyNow => "바로 사기", "Buy now";
    Quantity => "수량", "Quantity";
    Subtotal => "소계", "Subtotal";
    GoodsTotal => "상품 금액", "Goods";
    DeliveryTotal => "배달비 합계", "Delivery";
    GrandTotal => "결제 금액", "Total to pay";
    Checkout => "주문하기", "Checkout";
    CheckoutTitle => "주문 확인", "Confirm your order";
    DeliverySlot => "배달 시간", "Delivery time";
    PaymentMethod => "결제수단", "Pay with";
    Balance => "잔고", "Balance";
    Pin => "PIN (4자리)", "PIN (4 digits)";
    PayNow => "결제하고 주문", "Pay and place the order";
    PriceWas => "담을 때 가격", "Price when added";
    PriceChangedNotice => "바구니에 담은 뒤 가격이 바뀐 상품이 있습니다. 새 가격을 확인하십시오.", "Some prices changed since the goods went into your cart. Check the new prices.";
    NoInstrument => "결제수단이 없습니다. 지갑에서 나래카드나 손전화 결제를 등록하십시오.", "No way to pay yet. Link a Narae card or a mobile account in your wallet.";
    OrderPlaced => "주문했습니다", "Order placed";
    OrderPlacedBody => "판매자가 주문을 접수하면 배달이 시작됩니다. 주문 번호:", "Delivery starts when the seller accepts it. Order number:";
    Orders => "주문 내역", "Orders";
    NoOrders => "아직 주문이 없습니다.", "No orders yet.";
    Order => "주문", "Order";
    OrderHistory => "진행 기록", "History";
    CancelOrder => "주문 취소", "Cancel the order";
    NoteCancelledByShopper => "주문자가 취소함", "cancelled by the shopper";
    NoteHoldExpired => "결제 보류 기한이 지남", "the payment hold expired";
    CancelQuestion => "이 주문을 취소하시겠습니까?", "Cancel this order?";
    CancelConsequence => "보류된 돈은 결제수단으로 돌아가고 상품은 판매자에게 돌아갑니다. 되돌릴 수 없습니다.", "The money held goes back to your account and the goods back to the seller. This can't be undone.";
    CancelYes => "예, 취소합니다", "Yes, cancel it";
    CancelNo => "아니오, 주문을 유지합니다", "No, keep the order";
    Reorder => "다시 주문", "Order again";
    Remove => "빼기", "Remove";
    Update => "고치기", "Update";
    Wallet => "지갑", "Wallet";
    LinkCard => "나래카드 등록", "Link a Narae card";
    LinkSim => "손전화 결제 등록", "Link a mobile (SIM) account";
    ConfirmPassword => "계정 비밀번호 (본인 확인)", "Your account password (to confirm it is you)";
    RemoveInstrument => "결제수단 삭제", "Remove this way to pay";
    ChangePin => "PIN 바꾸기", "Change the PIN";
    NewPin => "새 PIN (4자리)", "New PIN (4 digits)";
    InstrumentNeedsSignIn => "다른 브라우저에서 등록되였습니다. 이 브라우저에서 쓰려면 다시 로그인하십시오.", "Linked in another browser: sign in again here to pay with it.";
    SecurityHistory => "보안 기록", "Security history";
    NoSecurityEvents => "아직 기록이 없습니다.", "Nothing yet.";
    EventInstrumentLinked => "결제수단 등록", "Way to pay linked";
    EventInstrumentRemoved => "결제수단 삭제", "Way to pay removed";
    EventPinChanged => "PIN 변경", "PIN changed";
    EventPasswordChanged => "비밀번호 변경", "Password changed";
    FromAddress => "접속 주소", "From";
    CardNumberLabel => "카드 번호 (16자리)", "Card number (16 digits)";
    LockedUntil => "잠김", "Locked";
    Deposit => "입금 기록", "Record a deposit";
    DepositDone => "입금했습니다. 새 잔고:", "Deposited. New balance:";
    BankCounter => "은행 창구", "Bank counter";
    BankCounterIntro => "계정 주인의 공민증을 확인한 다음 카드를 발급하거나 입금을 기록하십시오.", "Check the account holder's identity card, then issue a card or record a deposit.";
    IssueCard => "나래카드 발급", "Issue a Narae card";
    CardIssued => "발급했습니다. 카드 번호를 손님에게 건네주십시오(이 화면에서 한 번만 보입니다):", "Issued. Hand the card's number to the holder (it is shown this once):";
    CardIssuedTo => "받는 사람의 손전화 번호:", "Holder's phone number:";
    WalletMoney => "잔고는 은행 창구에서 입금하면 늘어납니다. 나래카드는 은행 창구에서 공민증을 보이고 발급받은 다음 여기에 등록하십시오.", "Your balance grows when you pay money in at a bank counter. Get a Narae card issued at a bank counter (bring your identity card), then link it here.";
    CardLinked => "카드를 등록했습니다:", "Card linked:";
    SimLinked => "손전화 결제를 등록했습니다.", "Mobile (SIM) account linked.";
    Amount => "금액", "Amount";
    ToSignInToBuy => "사려면 로그인하십시오.", "Sign in to buy.";
    IncomingOrders => "넘겨줄 주문", "Orders to hand over";
    NoIncomingOrders => "넘겨줄 주문이 없습니다.", "No orders to hand over.";
    AcceptOrder => "접수", "Accept";
    MarkReady => "발송 준비 완료", "Mark ready for pickup";
    RejectOrder => "거절", "Reject";
    RejectReason => "거절 리유", "Reason for rejecting";
    UnitWon => "원", "won";
    UnitKg => "kg", "kilograms";
    UnitLitres => "ℓ", "litres";
    UnitKm => "km", "kilometres";
    UnitMinutes => "분", "minutes";
    UnitKmh => "km/시", "km/h";
    UnitStops => "곳", "deliveries";
    TariffBase => "기본 료금", "Base fee";
    TariffPerKm => "1km당 료금", "Per km";
    TariffHandling => "싣고 넘겨주는 시간", "Handling time";
    TariffSpeed => "평균 속도", "Average speed";
    TariffMaxWeight => "최대 무게", "Maximum weight";
    TariffMaxVolume => "최대 부피", "Maximum volume";
    TariffMaxDistance => "최대 거리", "Maximum distance";
    TariffStops => "한 시간대 배달 수 (배달원 1명)", "Deliveries per slot (one courier)";
    TariffLongDistance => "원거리 기준", "Long distance beyond";
    TariffSurcharge => "원거리 추가료금", "Long-distance surcharge";
    TariffLongPerKm => "기준 넘는 1km당 추가료금", "Extra per km beyond";
    TariffMinOrder => "원거리 최소 주문액", "Long-distance minimum order";
    TariffMaxDelivery => "배달 최대 거리", "Furthest delivery";
    TariffLongDistanceGroup => "원거리 배달", "Long-distance delivery";
    VehicleMotorbike => "오토바이", "Motorbike";
    VehicleVan => "화물차", "Van";
    OutOfRange => "허용 범위를 벗어났습니다.", "Out of the allowed range.";
    TariffInconsistent => "다른 값과 맞지 않습니다 (오토바이는 화물차보다 많이 싣거나 원거리 기준보다 멀리 갈 수 없습니다).", "Doesn't fit the other values (a motorbike can't carry more than a van or go beyond the long-distance limit).";
    CodeFormat => "확인 번호는 숫자 4자리입니다.", "The code is four digits.";
    CodeWrong => "확인 번호가 틀립니다.", "Wrong code.";
    CodeLocked => "틀린 번호가 너무 많습니다. 물류사무소에 련락하십시오.", "Too many wrong codes. Call the depot.";
    NeedsVan => "이 주문은 화물차로만 나를 수 있습니다.", "This order needs a van.";
    NoteCooking => "조리를 시작했습니다", "cooking started";
    Kitchen => "주방", "Kitchen";
    KitchenEmpty => "기다리는 주문이 없습니다.", "No orders waiting.";
    NotARestaurant => "이 판매자는 식당이 아닙니다.", "This seller is not a restaurant.";
    KitchenNew => "새 주문", "New";
    KitchenAccepted => "받음", "Accepted";
    KitchenCooking => "조리 중", "Cooking";
    KitchenReady => "준비됨", "Ready";
    PrepMinutes => "준비 시간(분)", "Preparation (minutes)";
    AcceptFood => "주문 받기", "Accept";
    StartCooking => "조리 시작", "Start cooking";
    FoodIsReady => "준비 완료", "Ready";
    LeaveBy => "떠나야 할 시간", "Leave the kitchen by";
    Late => "늦음", "Late";
    Refresh => "새로 보기", "Refresh";
    FoodStageOrdered => "주문함", "Ordered";
    FoodStageAccepted => "주방이 받음", "Kitchen accepted";
    FoodStageOnTheWay => "배달 중", "On the way";
    FoodStageDelivered => "배달됨", "Delivered";
    MinutesLeft => "분 남음", "min left";
    BasketChanged => "음식 바구니가 바뀌었습니다. 다시 확인하고 주문하십시오.", "Your food basket changed. Check it and order again.";
    HotFoodDue => "더운 음식 · 도착 약속", "Hot food · due";
    HotFoodByMotorbike => "더운 음식은 오토바이로 곧바로 나릅니다. 화물차에는 싣지 않습니다.", "Hot food goes straight to the door by motorbike, never in a van.";
    CourierFull => "이 배달원은 그 시간대에 더 실을 수 없습니다.", "This courier can't take more in that slot.";
    CourierOtherCity => "이 배달원은 다른 도시에서 일합니다.", "This courier works in another city.";
    CourierOffDuty => "이 배달원은 비번입니다.", "This courier is off duty.";
    FailNobodyHome => "받을 사람이 없음", "Nobody at home";
    FailRefused => "받기를 거절함", "Refused at the door";
    FailWrongAddress => "주소가 틀림", "Wrong address";
    FailDamaged => "물건이 상함", "Goods damaged";
    FailVehicle => "차량 고장", "Vehicle trouble";
    SlotFull => "선택한 배달 시간대가 찼습니다. 다른 시간대를 고르십시오.", "That delivery slot has filled up. Choose another.";
    SellerClosedThatDay => "판매자가 그날은 배달하지 않습니다. 다른 날을 고르십시오.", "The seller does not deliver that day. Choose another day.";
    AboveCap => "배달 한번의 금액이 정한 한도를 넘습니다.", "The delivery costs more than the limit you set for one delivery.";
    Subscriptions => "정기배달", "Standing orders";
    TomorrowStanding => "래일 정기배달 수요", "Tomorrow's standing orders";
    SubscriptionsIntro => "정한 날마다 자동으로 주문되고 결제됩니다. 배달은 전날 저녁에 주문됩니다.", "Ordered and paid for you on the days you chose, the evening before each delivery.";
    NoSubscriptions => "정기배달이 없습니다. 우유, 요구르트, 치즈, 빵, 닭알의 상품 페이지에서 신청할수 있습니다.", "You have no standing orders. Set one up on the page of milk, yoghurt, cheese, bread or eggs.";
    NextDelivery => "다음 배달", "Next delivery";
    EveryDay => "매일", "Every day";
    OnWeekdays => "정한 요일마다", "On chosen weekdays";
    EveryWeek => "매주 한번 (요일 하나)", "Once a week (one weekday)";
    HowOften => "배달 간격", "How often";
    Weekdays => "요일", "Weekdays";
    DeliveryWindow => "배달 시간대", "Delivery time";
    CapLabel => "배달 한번의 최대 금액 (원)", "Most one delivery may cost (won)";
    CapHint => "주문 금액(배달료 포함)이 이보다 많으면 그 배달은 주문되지 않습니다.", "A delivery costing more (with its fee) is not ordered.";
    StandingAuthorisation => "PIN을 입력하면 이 정기배달의 배달마다 최대 금액까지 PIN없이 결제하는것에 동의합니다. 정기배달을 취소하면 이 동의도 취소됩니다.", "With your PIN you authorise each delivery of this standing order to be paid without a PIN, up to the most you set. Cancelling the standing order revokes this authorisation.";
    AuthorisedOn => "결제 동의", "Authorised";
    UpTo => "최대", "up to";
    SetUpSubscription => "정기배달 신청", "Set up the standing order";
    DeliverOnSchedule => "정기배달로 받기", "Get it delivered on a schedule";
    FirstDelivery => "첫 배달", "First delivery";
    EachDelivery => "배달 한번에", "Each delivery";
    SkipDelivery => "이번 배달 건너뛰기", "Skip this delivery";
    PauseUntil => "다시 시작할 날", "Pause until";
    PauseStanding => "중지", "Pause";
    ResumeStanding => "다시 시작", "Resume";
    CancelStanding => "정기배달 취소", "Cancel the standing order";
    PausedUntil => "중지됨, 다시 시작하는 날:", "Paused until";
    PausedAfterFailures => "배달이 세번 련속 주문되지 못하여 중지되였습니다.", "Paused after three deliveries in a row could not be ordered.";
    RecentDeliveries => "최근 배달", "Recent deliveries";
    DeliveryOrdered => "주문됨", "Ordered";
    DeliveryMissed => "놓침 (봉사기가 멈춰 있었습니다)", "Missed (the shop's server was down)";
    DeliverySkipped => "건너뜀", "Skipped";
    DeliveryFailed => "주문하지 못함:", "Could not be ordered:";
    FailOutOfStock => "재고 없음", "out of stock";
    FailBalanceShort => "잔액 부족", "balance short";
    FailAboveCap => "최대 금액 초과", "above your limit";
    FailSlotFull => "배달 시간대가 참", "delivery time full";
    FailSellerClosed => "판매자가 쉬는 날", "seller closed that day";
    FailNotSold => "판매하지 않는 상품", "no longer sold";
    FailUndeliverable => "그 주소로 배달할수 없음", "can't be delivered there";
    FailCardGone => "결제수단이 삭제됨", "card removed";
    StandingNews => "주문하지 못한 정기배달이 있습니다.", "Some standing deliveries could not be ordered.";
    SeeWhy => "리유 보기", "See why";
    Subscribed => "정기배달을 신청했습니다.", "Your standing order is set up.";
    NotOnSchedule => "이 상품은 정기배달로 주문할수 없습니다.", "This product can't be delivered on a schedule.";
    DeliveryDealt => "그 배달은 이미 주문되였습니다.", "That delivery has been ordered already.";
    NotAssigned => "아직 배달원이 정해지지 않았습니다.", "No courier has been assigned yet.";
    NotReady => "발송 준비가 된 주문만 배달원에게 맡길 수 있습니다.", "Only orders ready for pickup can be assigned.";
    Dispatch => "배달 지령", "Dispatch";
    DispatchIntro => "준비된 주문을 배달원에게 맡기십시오. 화물차가 필요한 주문은 화물차에만 맡길 수 있습니다.", "Assign ready orders to couriers. Orders that need a van go only to vans.";
    WaitingOrders => "배달원을 기다리는 주문", "Orders waiting for a courier";
    NoWaiting => "기다리는 주문이 없습니다.", "No orders waiting.";
    Couriers => "배달원과 배달 순서", "Couriers and their rounds";
    RouteTotal => "총 거리", "Total distance";
    Assign => "맡기기", "Assign";
    ChooseCourier => "배달원", "Courier";
    Suggestion => "제안된 배정", "Suggested assignment";
    AcceptSuggestion => "제안대로 배정", "Accept the suggestion";
    NoSuggestion => "제안할 배정이 없습니다.", "Nothing to suggest.";
    Assigned => "배정했습니다.", "Assigned.";
    OffDuty => "비번", "off duty";
    MyDeliveries => "나의 배달", "My deliveries";
    NoDeliveries => "지금 맡은 배달이 없습니다.", "No deliveries on your round.";
    Collect => "가져갈 물건", "To collect";
    PickUp => "물건을 받았음", "Picked up";
    MarkDelivered => "전달 완료", "Delivered";
    DeliveryCode => "확인 번호", "Confirmation code";
    MarkFailed => "전달하지 못함", "Could not deliver";
    FailReason => "리유", "Reason";
    ToPack => "포장할 상품", "To pack";
    FailNote => "자세한 설명 (선택)", "Details (optional)";
    DoneToday => "오늘 끝낸 배달", "Finished today";
    DistrictMap => "구역 지도", "District map";
    Depot => "물류사무소", "Depot";
    Tariff => "배달 료금표", "Delivery tariff";
    TariffIntro => "배달료와 배달 능력을 정하는 모든 값입니다. 바꾸면 곧 모든 가격에 적용됩니다.", "Every value behind delivery fees and capacity. A change applies to every price at once.";
    TariffUpdated => "마지막 변경", "Last changed";
    TariffAsFirstSet => "처음 값 그대로", "As first set";
    Courier => "배달원", "Courier";
    YourCode => "확인 번호", "Your confirmation code";
    CodeHint => "물건을 받을 때 배달원에게 이 번호를 알려주십시오.", "Tell the courier this code when you receive your goods.";
    Payment => "결제", "Payment";
    PaymentHeld => "보류 중", "held";
    PaymentCaptured => "지불됨", "paid";
    PaymentRefunded => "환불됨", "refunded";
    PaymentVoided => "풀림", "released";
    ExpectedBy => "도착 예정", "Expected by";
    FailurePolicy => "배달하지 못한 주문은 상품값을 곧 돌려드립니다. 물류사무소나 상품의 잘못이면 배달료도 돌려드립니다.", "When an order can't be delivered, the goods' price comes back at once; the delivery fee too when the depot or the goods were at fault.";
    LiveUpdates => "이 페이지는 저절로 갱신됩니다.", "This page updates by itself.";
    OperatorTitle => "운영 현황", "Bureau dashboard";
    OperatorIntro => "열람과 방문자는 주소를 남기지 않고 셉니다: 방문자 수는 날마다의 요약으로 어림한 값입니다 (오차 약 1.6 %). 돈은 장부 그대로이고 날자는 평양 시간입니다.", "Page views and visitors are counted without keeping any address: visitors are estimated from each day's sketch (error about 1.6 %). The money is the ledger's; days are Pyongyang's.";
    RangeFrom => "시작 날자", "From";
    RangeTo => "마지막 날자", "To";
    RangeShow => "보기", "Show";
    TrafficTitle => "열람과 방문자", "Page views and visitors";
    TrafficViews => "페이지 열람", "Page views";
    TrafficVisitors => "방문자", "Visitors";
    TrafficUsers => "가입자", "Signed-in users";
    TrafficViewsByDay => "날자별 페이지 열람", "Page views by day";
    TrafficVisitorsByDay => "날자별 방문자", "Visitors by day";
    TrafficByDayTable => "날자별 열람 수자", "Traffic by day";
    TrafficUniques => "기간 전체의 서로 다른 방문자", "Different visitors over a span";
    TrafficSpan => "기간", "Span";
    TrafficByKind => "페이지 종류별 열람", "Page views by kind of page";
    TrafficPage => "페이지", "Page";
    TrafficPhones => "손전화에서", "On phones";
    TrafficPcs => "콤퓨터에서", "On PCs";
    TrafficCsv => "날자별 열람 CSV 내려받기", "Download traffic by day (CSV)";
    TrafficPagesCsv => "페이지 종류별 CSV 내려받기", "Download views by page (CSV)";
    ShopSalesTitle => "판매", "Sales";
    ShopPlaced => "접수된 주문", "Orders placed";
    ShopDelivered => "배달된 주문", "Orders delivered";
    ShopPlacedByDay => "날자별 접수된 주문", "Orders placed by day";
    ShopCapturedByDay => "날자별 받은 돈", "Money captured by day";
    ShopByDayTable => "날자별 판매 수자", "Sales by day";
    ShopByCity => "도시별 판매", "Sales by city";
    ShopByCategory => "부류별 판매", "Sales by category";
    ShopBySeller => "판매자별 판매", "Sales by seller";
    ShopGoods => "상품값", "Goods";
    ShopName => "이름", "Name";
    ShopCsv => "CSV 내려받기", "Download (CSV)";
    OnTimeTitle => "도시별 제때 배달", "Deliveries on time by city";
    OnTimeHint => "고른 배달 시간대가 끝나기 전에 넘겨준 주문은 제때, 그 뒤는 늦은 배달입니다.", "An order handed over before the end of the delivery window chosen for it is on time; after it, late.";
    OnTimeCity => "도시", "City";
    OnTime => "제때", "On time";
    OnTimeLate => "늦음", "Late";
    OnTimeLateShare => "늦은 비률", "Share late";
    ShopSalesCsv => "날자별 판매 CSV 내려받기", "Download sales by day (CSV)";
    FunnelTitle => "상품에서 배달까지", "From a product to its delivery";
    FunnelHint => "기간 안에 본 상품 페이지, 바구니에 넣은 상품, 본 주문 페이지, 접수된 (돈이 잡힌) 주문, 그 가운데 배달된 주문입니다. 비률은 본 상품 페이지에 대한 것입니다.", "Product pages seen over the range, goods put in a cart, checkout pages seen, orders placed (their money held) and, of those, the ones delivered. Shares are of the product pages seen.";
    FunnelStep => "단계", "Step";
    FunnelCount => "수", "Count";
    FunnelShare => "비률", "Share";
    StepViewed => "상품 페이지 열람", "Product page seen";
    StepAddedToCart => "바구니에 넣음", "Put in a cart";
    StepCheckout => "주문 페이지 열람", "Checkout seen";
    StepPaid => "돈을 치름", "Paid";
    StepDelivered => "배달됨", "Delivered";
    SearchesTitle => "많이 찾은 말", "Top searches";
    SearchesHint => "검색 페이지의 첫 페이지로 셉니다 (띄여쓰기와 대소문자는 가리지 않음).", "Counted from the first page of each search (spaces and capitals aside).";
    SearchesEmptyTitle => "아무것도 찾지 못한 검색", "Searches that found nothing";
    SearchesQuery => "찾은 말", "Query";
    SearchesCount => "검색 수", "Searches";
    SearchesEmpty => "찾지 못함", "Found nothing";
    SearchesNone => "이 기간에는 검색이 없습니다.", "No searches over this range.";
    SellTitle => "옥류에서 팔기", "Sell on Okryu";
    SellIntro => "공장, 상점과 식당은 옥류에서 팔려면 신청합니다. 운영자가 승인하면 상점 페이지가 생기고 신청한 분이 그 판매자의 관리자가 됩니다.", "Factories, stores and restaurants apply to sell on Okryu. Once an operator approves, the storefront is made and whoever applied becomes its manager.";
    SellYourApplications => "나의 신청", "Your applications";
    SellApply => "판매 신청", "Apply to sell";
    SellNameKo => "기업 이름", "Enterprise name";
    SellNameEn => "영어 이름", "Name in English";
    SellNameEnHint => "없으면 비워두십시오: 조선어 이름을 씁니다.", "Leave empty if there is none: the Korean name is used.";
    SellKind => "종류", "Kind";
    SellCity => "도시", "City";
    SellRegistration => "기업 등록번호", "Registration number";
    SellRegistrationHint => "수자 6~20자리, 묶음 사이에 - 를 넣을수 있습니다.", "6 to 20 digits; hyphens may separate groups.";
    SellContact => "련락 전화번호", "Contact number";
    SellSubmit => "신청하기", "Apply";
    SellWaiting => "신청이 운영자의 결정을 기다리고 있습니다.", "Your application is waiting for an operator's decision.";
    SellShoppersOnly => "주민의 구매자 계정만 판매를 신청할수 있습니다.", "Only a resident's shopping account can apply to sell.";
    SellToConsole => "판매자 화면으로", "To the seller console";
    Applied => "신청을 받았습니다. 결정은 문자로 알려드립니다.", "Your application was received. You will be told the decision by text message.";
    ApplicationPending => "기다리는 중", "Waiting";
    ApplicationApproved => "승인됨", "Approved";
    ApplicationRefused => "거절됨", "Refused";
    ApplicationOpen => "신청 하나가 벌써 결정을 기다리고 있습니다.", "An application of yours is already waiting for a decision.";
    ApplicantNotFree => "신청한 분의 계정이 지금은 관리자가 될수 없습니다: 구매자 계정이 아니거나 아직 오고있는 주문이 있습니다.", "The applicant's account can't become a manager now: it is no longer a shopper's, or orders are still on their way to it.";
    RegistrationFormat => "기업 등록번호는 수자 6~20자리입니다.", "A registration number has 6 to 20 digits.";
    RegistrationTaken => "이 등록번호의 판매자가 벌써 있습니다.", "A seller with this registration number already exists.";
    AccountSuspended => "이 계정은 정지되였습니다. 문의는 인민봉사총국으로 하십시오.", "This account is suspended. Ask the People's Service General Bureau why.";
    RoleHeld => "이 계정에는 벌써 역할이 있습니다: 먼저 그 역할을 거두십시오.", "This account has a role already: revoke it first.";
    NoRole => "이 계정에는 거둘 역할이 없습니다.", "This account has no role to revoke.";
    PersonOrdersOnTheWay => "이 계정에 아직 오고있는 주문이 있습니다: 받은 다음에 역할을 줄수 있습니다.", "Orders are still on their way to this account: a role can be granted once they arrive.";
    CourierCarrying => "이 배달원이 아직 주문을 나르고 있습니다: 배달이 끝나거나 다른 배달원에게 넘긴 다음에 거두십시오.", "This courier still carries orders: revoke once they are delivered or given to another courier.";
    OwnAccount => "자기 계정은 바꿀수 없습니다: 다른 운영자에게 부탁하십시오.", "Nobody changes their own account here: ask another operator.";
    AlreadySuspended => "이 계정은 벌써 정지되였습니다.", "This account is suspended already.";
    NotSuspended => "이 계정은 정지되지 않았습니다.", "This account is not suspended.";
    PeopleTitle => "사람과 역할", "People and roles";
    PeopleIntro => "전화번호나 이름으로 계정을 찾아 역할을 주거나 거두고 계정을 정지합니다. 모든 행위는 아래 기록에 남으며 고칠수 없습니다.", "Find an account by its number or name to grant or revoke its role or suspend it. Every act stays in the log below, which nobody edits.";
    PeopleSearch => "전화번호 또는 이름", "Mobile number or name";
    PeopleFind => "찾기", "Find";
    PeopleNoneFound => "찾은 계정이 없습니다.", "No account found.";
    PeopleName => "이름", "Name";
    PeoplePhone => "전화번호", "Mobile number";
    PeopleRole => "역할", "Role";
    PeopleWhere => "일하는 곳", "Works at";
    PeopleSuspended => "정지됨", "Suspended";
    PeopleJoined => "가입 날자", "Joined";
    AuditTitle => "행위 기록", "Audit log";
    AuditNone => "기록된 행위가 없습니다.", "No act recorded.";
    AuditWhen => "때", "When";
    AuditWho => "한 사람", "By";
    AuditWhom => "대상", "Whom";
    AuditWhat => "행위", "What";
    AuditWhy => "까닭", "Why";
    AuditGranted => "역할을 줌", "Role granted";
    AuditRevoked => "역할을 거둠", "Role revoked";
    AuditSuspended => "계정 정지", "Suspended";
    AuditReinstated => "정지 풀기", "Reinstated";
    AuditAdmitted => "판매 신청 승인", "Application approved";
    AuditRefused => "판매 신청 거절", "Application refused";
    GrantTitle => "역할 주기", "Grant a role";
    GrantRole => "역할", "Role";
    GrantSeller => "판매자 (상점 주소)", "Seller (its storefront's address)";
    GrantSellerHint => "판매자나 관리자에게: /s/ 다음의 이름, 례: kumsong-food", "For staff or a manager: the name after /s/, e.g. kumsong-food";
    GrantCity => "도시", "City";
    GrantCityHint => "배차원과 배달원에게", "For a dispatcher or a courier";
    GrantVehicle => "운반수단", "Vehicle";
    GrantVehicleHint => "배달원에게", "For a courier";
    GrantSubmit => "역할 주기", "Grant";
    RevokeTitle => "역할 거두기", "Revoke the role";
    RevokeSubmit => "거두기", "Revoke";
    SuspendTitle => "계정 정지", "Suspend the account";
    SuspendHint => "정지하면 로그인한 모든 브라우저에서 곧 로그아웃되고 다시 로그인할수 없습니다. 주문은 그대로 남습니다.", "Suspending ends every session at once and stops signing in. Orders stay as they are.";
    SuspendSubmit => "정지", "Suspend";
    ReinstateTitle => "정지 풀기", "Lift the suspension";
    ReinstateSubmit => "풀기", "Reinstate";
    PersonOwn => "자기 계정입니다: 역할과 정지는 다른 운영자가 바꿉니다.", "This is your own account: another operator changes its role or suspends it.";
    PersonHasRole => "다른 역할을 주려면 먼저 지금 역할을 거둡니다.", "To grant another role, revoke this one first.";
    RoleGrantedDone => "역할을 주었습니다. 그 사람의 다음 요청부터 적용됩니다.", "Role granted: it applies from the person's next request.";
    RoleRevokedDone => "역할을 거두었습니다. 그 사람의 다음 요청부터 적용됩니다.", "Role revoked: it applies from the person's next request.";
    SuspendedDone => "계정을 정지하였습니다. 로그인한 모든 브라우저에서 로그아웃되였습니다.", "Account suspended: every session of it has ended.";
    ReinstatedDone => "계정의 정지를 풀었습니다.", "The suspension is lifted.";
    ListingWithheld => "인민봉사총국이 이 상품의 판매를 막았습니다: 풀릴 때까지 다시 내놓을수 없습니다.", "The bureau withholds this listing: it can't be offered again until it is released.";
    NotWithheld => "이 상품은 판매가 막히지 않았습니다.", "This listing is not withheld.";
    ListingWithheldBy => "인민봉사총국이 판매를 막았습니다", "Withheld by the bureau";
    ModerationReported => "신고된 평가", "Reported reviews";
    ModerateListingNumber => "상품 번호", "Product number";
    ModerateListingOpen => "상품 보기", "Open the listing";
    ModerateListing => "상품 관리", "Moderate a listing";
    ModerateSeller => "판매자", "Seller";
    ModerateState => "상태", "State";
    ModerateStateWithheld => "판매가 막힘", "Withheld";
    ModerateStateOffered => "판매중", "On sale";
    ModerateWithhold => "판매 막기", "Withhold";
    ModerateRelease => "판매 막기 풀기", "Release";
    ModerateGroup => "비교 묶음", "Comparison group";
    ModerateNoGroup => "(묶음 없음)", "(no group)";
    ModerateRegroup => "묶음 고치기", "Correct the group";
    AdmissionTitle => "판매자 승인", "Sellers' admission";
    AdmissionIntro => "승인하면 판매자와 상점 페이지가 생기고 신청한 분이 관리자가 됩니다. 거절할 때는 신청한 분이 읽을 까닭을 씁니다.", "Approving makes the seller and its storefront, with whoever applied as its manager. A refusal gives the reason the applicant reads.";
    AdmissionWaiting => "기다리는 신청", "Waiting";
    AdmissionNoneWaiting => "기다리는 신청이 없습니다.", "No application is waiting.";
    AdmissionDecided => "최근 결정", "Decided lately";
    AdmissionApplicant => "신청한 분", "Applicant";
    AdmissionDecision => "결정", "Decision";
    AdmissionFiled => "신청 날자", "Filed";
    AdmissionApprove => "승인", "Approve";
    AdmissionRefuse => "거절", "Refuse";
    AdmissionReason => "까닭", "Reason";
    SellerAdmitted => "판매자를 승인했습니다:", "Seller admitted:";
    ApplicationRefusedDone => "신청을 거절했습니다.", "Application refused.";
    KindHome => "첫 페이지", "Home";
    KindSearch => "검색", "Search";
    KindCategory => "부류", "Category";
    KindProduct => "상품", "Product";
    KindGroup => "비교 묶음", "Comparison group";
    KindCompare => "비교", "Compare";
    KindStorefront => "상점", "Storefront";
    KindCart => "장바구니", "Cart";
    KindCheckout => "주문하기", "Checkout";
    KindOrders => "주문", "Orders";
    KindAccount => "계정", "Account";
    KindConsole => "관리 화면", "Consoles";
    KindOther => "기타", "Other";

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
    fn only_a_known_code_picks_a_language() {
        assert_eq!(Lang::from_code("en"), Some(Lang::En));
        assert_eq!(Lang::from_code("ko"), Some(Lang::Ko));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_code(""), None);
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

    fn has_hangul(s: &str) -> bool {
        s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
    }

    /// The language switch speaks the language it offers; every other Korean text is Korean (a
    /// unit's symbol aside: Korean writes kg, km and ℓ too) and every English text free of Korean,
    /// and "page" is spelled one way (페이지).
    #[test]
    fn each_side_of_the_table_is_in_its_own_language() {
        let offers_the_other = [Msg::SwitchLanguage, Msg::SwitchLanguageLabel];
        let symbol = |s: &str| ["kg", "km", "ℓ"].contains(&s);
        for msg in Msg::ALL.iter().filter(|m| !offers_the_other.contains(m)) {
            let (ko, en) = (msg.text(Lang::Ko), msg.text(Lang::En));
            assert!(
                has_hangul(ko) || symbol(ko),
                "{msg:?}'s Korean text is not Korean: {ko}"
            );
            assert!(!has_hangul(en), "{msg:?}'s English text has Korean: {en}");
            assert!(!ko.contains("페지"), "{msg:?}: 페이지, not 페지");
        }
    }
}
