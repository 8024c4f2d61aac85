//! The words for the domain's values, in Korean and English: what a status, a role, a refusal, a
//! unit or a date reads as on a page. The domain names things; this is where they get words, so
//! `domain/` stays free of languages and UI strings.

use crate::{
    domain::{
        account::{Role, SecurityKind},
        catalog::{Container, Localized, UnitKind, UnitPrice, UnitSize, Voice},
        compare::District,
        delivery::{Undeliverable, Vehicle},
        dispatch::{CannotTake, FailureReason},
        form::FieldProblem,
        order::OrderStatus,
        payment::InstrumentKind,
        slot::Slot,
        tariff::{TariffField, Unit},
        time::PyongyangTime,
    },
    error::Refusal,
    i18n::{Lang, Msg},
};

impl Role {
    pub fn msg(self) -> Msg {
        match self {
            Role::Shopper => Msg::RoleShopper,
            Role::Business => Msg::RoleBusiness,
            Role::Seller => Msg::RoleSeller,
            Role::Manager => Msg::RoleManager,
            Role::Dispatcher => Msg::RoleDispatcher,
            Role::Courier => Msg::RoleCourier,
            Role::Operator => Msg::RoleOperator,
        }
    }
}

impl crate::domain::traffic::PageKind {
    pub fn msg(self) -> Msg {
        use crate::domain::traffic::PageKind as K;
        match self {
            K::Home => Msg::KindHome,
            K::Search => Msg::KindSearch,
            K::Category => Msg::KindCategory,
            K::Product => Msg::KindProduct,
            K::Group => Msg::KindGroup,
            K::Compare => Msg::KindCompare,
            K::Storefront => Msg::KindStorefront,
            K::Cart => Msg::KindCart,
            K::Checkout => Msg::KindCheckout,
            K::Orders => Msg::KindOrders,
            K::Account => Msg::KindAccount,
            K::Console => Msg::KindConsole,
            K::Other => Msg::KindOther,
        }
    }
}

impl SecurityKind {
    pub fn msg(self) -> Msg {
        match self {
            SecurityKind::InstrumentLinked => Msg::EventInstrumentLinked,
            SecurityKind::InstrumentRemoved => Msg::EventInstrumentRemoved,
            SecurityKind::PinChanged => Msg::EventPinChanged,
            SecurityKind::PasswordChanged => Msg::EventPasswordChanged,
        }
    }
}

impl FieldProblem {
    pub fn msg(self) -> Msg {
        match self {
            FieldProblem::Required => Msg::FieldRequired,
            FieldProblem::TooLong => Msg::FieldTooLong,
            FieldProblem::Invalid => Msg::FieldInvalid,
            FieldProblem::PhoneFormat => Msg::PhoneFormat,
            FieldProblem::PhoneForeign => Msg::PhoneForeign,
            FieldProblem::PhoneTaken => Msg::PhoneTaken,
            FieldProblem::PhoneCodeWrong => Msg::PhoneCodeWrong,
            FieldProblem::PhoneCodeStale => Msg::PhoneCodeStale,
            FieldProblem::ResidentFormat => Msg::ResidentFormat,
            FieldProblem::ResidentForeign => Msg::ResidentForeign,
            FieldProblem::ResidentCheck => Msg::ResidentCheck,
            FieldProblem::ResidentTaken => Msg::ResidentTaken,
            FieldProblem::PasswordShort => Msg::PasswordShort,
            FieldProblem::PasswordLong => Msg::PasswordLong,
            FieldProblem::PasswordIsPhone => Msg::PasswordIsPhone,
            FieldProblem::PasswordWrong => Msg::PasswordWrong,
            FieldProblem::DistrictUnknown => Msg::DistrictUnknown,
            FieldProblem::AddressShort => Msg::AddressShort,
            FieldProblem::StockInvalid => Msg::StockInvalid,
            FieldProblem::PriceInvalid => Msg::PriceInvalid,
            FieldProblem::QuantityInvalid => Msg::QuantityInvalid,
            FieldProblem::QuantityTooMany => Msg::QuantityTooMany,
            FieldProblem::QuantityOverStock => Msg::QuantityOverStock,
            FieldProblem::CardFormat => Msg::CardFormat,
            FieldProblem::CardCheck => Msg::CardCheck,
            FieldProblem::CardTaken => Msg::CardTaken,
            FieldProblem::CardNotIssued => Msg::CardNotIssued,
            FieldProblem::SimTaken => Msg::SimTaken,
            FieldProblem::PinFormat => Msg::PinFormat,
            FieldProblem::PinWrong => Msg::PinWrong,
            FieldProblem::PinLocked => Msg::PinLocked,
            FieldProblem::AmountInvalid => Msg::AmountInvalid,
            FieldProblem::SlotInvalid => Msg::SlotInvalid,
            FieldProblem::InstrumentUnknown => Msg::InstrumentUnknown,
            FieldProblem::AccountUnknown => Msg::AccountUnknown,
            FieldProblem::ResidentMismatch => Msg::ResidentMismatch,
            FieldProblem::OutOfRange => Msg::OutOfRange,
            FieldProblem::PictureNotAPicture => Msg::PictureNotAPicture,
            FieldProblem::PictureMismatch => Msg::PictureMismatch,
            FieldProblem::PictureTooLarge => Msg::PictureTooLarge,
            FieldProblem::PictureTooManyPixels => Msg::PictureTooManyPixels,
            FieldProblem::PictureBroken => Msg::PictureBroken,
            FieldProblem::PicturesFull => Msg::PicturesFull,
            FieldProblem::NotAVoice => Msg::NotAVoice,
            FieldProblem::NotAVideo => Msg::NotAVideo,
            FieldProblem::RecordingTooLarge => Msg::RecordingTooLarge,
            FieldProblem::RecordingBroken => Msg::RecordingBroken,
            FieldProblem::PriceManagersOnly => Msg::PriceManagersOnly,
            FieldProblem::AlreadyStaff => Msg::AlreadyStaff,
            FieldProblem::NotAShopper => Msg::NotAShopper,
            FieldProblem::OrdersOnTheWay => Msg::OrdersOnTheWay,
            FieldProblem::BulkTooLarge => Msg::BulkTooLarge,
            FieldProblem::BulkTooManyLines => Msg::BulkTooManyLines,
            FieldProblem::BulkNotText => Msg::BulkNotText,
            FieldProblem::BulkBroken => Msg::BulkBroken,
            FieldProblem::BulkHeader => Msg::BulkHeader,
            FieldProblem::BulkEmpty => Msg::BulkEmpty,
            FieldProblem::ReviewPicturesFull => Msg::ReviewPicturesFull,
            FieldProblem::ReviewFirst => Msg::ReviewFirst,
            FieldProblem::RegistrationFormat => Msg::RegistrationFormat,
            FieldProblem::RegistrationTaken => Msg::RegistrationTaken,
            FieldProblem::TariffInconsistent => Msg::TariffInconsistent,
            FieldProblem::CodeFormat => Msg::CodeFormat,
            FieldProblem::CodeWrong => Msg::CodeWrong,
            FieldProblem::CodeLocked => Msg::CodeLocked,
        }
    }
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }
}

impl UnitSize {
    pub fn label(self, lang: Lang) -> String {
        let n = self.amount;
        match (self.kind, lang) {
            (UnitKind::Grams, _) => format!("{n} g"),
            (UnitKind::Millilitres, _) => format!("{n} ml"),
            (UnitKind::Pieces, Lang::Ko) => format!("{n}개"),
            (UnitKind::Pieces, Lang::En) if n == 1 => "1 piece".to_string(),
            (UnitKind::Pieces, Lang::En) => format!("{n} pieces"),
            (UnitKind::Pairs, Lang::Ko) => format!("{n}켤레"),
            (UnitKind::Pairs, Lang::En) if n == 1 => "1 pair".to_string(),
            (UnitKind::Pairs, Lang::En) => format!("{n} pairs"),
        }
    }
}

impl UnitPrice {
    pub fn label(self, lang: Lang) -> String {
        let amount = lang.won(self.rounded());
        match (self.kind, lang) {
            (UnitKind::Grams, Lang::Ko) => format!("100g당 {amount}"),
            (UnitKind::Millilitres, Lang::Ko) => format!("100ml당 {amount}"),
            (UnitKind::Pieces, Lang::Ko) => format!("개당 {amount}"),
            (UnitKind::Pairs, Lang::Ko) => format!("켤레당 {amount}"),
            (UnitKind::Grams, Lang::En) => format!("{amount} per 100 g"),
            (UnitKind::Millilitres, Lang::En) => format!("{amount} per 100 ml"),
            (UnitKind::Pieces, Lang::En) => format!("{amount} per piece"),
            (UnitKind::Pairs, Lang::En) => format!("{amount} per pair"),
        }
    }
}

impl Voice {
    /// The recording in `lang`, or in the other language when there is none.
    pub fn url(&self, lang: Lang) -> String {
        let recorded = |l: Lang| match l {
            Lang::Ko => self.korean,
            Lang::En => self.english,
        };
        let (pick, container) = match recorded(lang) {
            Some(c) => (lang, c),
            None => (
                lang.other(),
                recorded(lang.other()).unwrap_or(Container::Ogg),
            ),
        };
        self.file_url(pick.code(), container)
    }
}

impl District {
    /// `Central District, Pyongyang` / `평양 중구역`.
    pub fn label(&self, lang: Lang) -> String {
        match lang {
            Lang::Ko => format!("{} {}", self.city.ko, self.name.ko),
            Lang::En => format!("{}, {}", self.name.en, self.city.en),
        }
    }
}

impl Vehicle {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Vehicle::Motorbike, Lang::Ko) => "오토바이",
            (Vehicle::Motorbike, Lang::En) => "Motorbike",
            (Vehicle::Van, Lang::Ko) => "화물차",
            (Vehicle::Van, Lang::En) => "Van",
        }
    }
}

impl Undeliverable {
    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (Undeliverable::TooFar { max }, Lang::Ko) => {
                format!("배달할 수 없음: {}km보다 멉니다", max.metres() / 1000)
            }
            (Undeliverable::TooFar { max }, Lang::En) => {
                format!("No delivery: farther than {} km", max.metres() / 1000)
            }
            (Undeliverable::TooLarge, Lang::Ko) => {
                "배달할 수 없음: 화물차 한 대에 실을 수 없습니다".into()
            }
            (Undeliverable::TooLarge, Lang::En) => "No delivery: too large for one van".into(),
            (Undeliverable::BelowLongDistanceMinimum { minimum }, l) => match l {
                Lang::Ko => format!(
                    "배달할 수 없음: 50km가 넘는 배달은 {} 이상 주문해야 합니다",
                    l.won(minimum)
                ),
                Lang::En => format!(
                    "No delivery: orders delivered beyond 50 km must be at least {}",
                    l.won(minimum)
                ),
            },
        }
    }
}

impl CannotTake {
    pub fn msg(self) -> Msg {
        match self {
            CannotTake::NeedsVan => Msg::NeedsVan,
            CannotTake::Full => Msg::CourierFull,
            CannotTake::OtherCity => Msg::CourierOtherCity,
            CannotTake::OffDuty => Msg::CourierOffDuty,
            CannotTake::HotFood => Msg::HotFoodByMotorbike,
        }
    }
}

impl FailureReason {
    pub fn msg(self) -> Msg {
        match self {
            FailureReason::NobodyHome => Msg::FailNobodyHome,
            FailureReason::Refused => Msg::FailRefused,
            FailureReason::WrongAddress => Msg::FailWrongAddress,
            FailureReason::Damaged => Msg::FailDamaged,
            FailureReason::VehicleTrouble => Msg::FailVehicle,
        }
    }
}

impl InstrumentKind {
    pub fn msg(self) -> Msg {
        match self {
            InstrumentKind::NaraeCard => Msg::NaraeCard,
            InstrumentKind::SimAccount => Msg::SimAccount,
        }
    }
}

/// An en dash between two numbers that a line never breaks at (word joiners on both sides).
const DASH: &str = "\u{2060}–\u{2060}";

impl Slot {
    /// `11월 26일 09–12시` / `26 Nov 09:00–12:00` (the window's dash never breaks the line).
    pub fn label(self, lang: Lang) -> String {
        let start = PyongyangTime::at(self.starts_at());
        let (month, day) = (start.month(), start.day());
        let (from, to) = Self::WINDOWS[usize::from(self.window)];
        match lang {
            Lang::Ko => format!("{month}월 {day}일 {from:02}{DASH}{to:02}시"),
            Lang::En => {
                const MONTHS: [&str; 12] = [
                    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec",
                ];
                let m = MONTHS[(month as usize + 11) % 12];
                format!("{day} {m} {from:02}:00{DASH}{to:02}:00")
            }
        }
    }
}

impl OrderStatus {
    pub fn msg(self) -> Msg {
        match self {
            OrderStatus::Placed => Msg::StatusPlaced,
            OrderStatus::Accepted => Msg::StatusAccepted,
            OrderStatus::Ready => Msg::StatusReady,
            OrderStatus::PickedUp => Msg::StatusPickedUp,
            OrderStatus::Delivered => Msg::StatusDelivered,
            OrderStatus::Cancelled => Msg::StatusCancelled,
            OrderStatus::DeliveryFailed => Msg::StatusDeliveryFailed,
            OrderStatus::Refunded => Msg::StatusRefunded,
        }
    }
}

impl Unit {
    pub fn msg(self) -> Msg {
        match self {
            Unit::Won => Msg::UnitWon,
            Unit::Kg => Msg::UnitKg,
            Unit::Litres => Msg::UnitLitres,
            Unit::Km => Msg::UnitKm,
            Unit::Minutes => Msg::UnitMinutes,
            Unit::KmPerHour => Msg::UnitKmh,
            Unit::Stops => Msg::UnitStops,
        }
    }
}

impl TariffField {
    pub fn msg(self) -> Msg {
        use TariffField::*;
        match self {
            MotorbikeBase | VanBase => Msg::TariffBase,
            MotorbikePerKm | VanPerKm => Msg::TariffPerKm,
            MotorbikeHandlingMin | VanHandlingMin => Msg::TariffHandling,
            MotorbikeSpeedKmh | VanSpeedKmh => Msg::TariffSpeed,
            MotorbikeMaxWeightKg | VanMaxWeightKg => Msg::TariffMaxWeight,
            MotorbikeMaxVolumeL | VanMaxVolumeL => Msg::TariffMaxVolume,
            MotorbikeMaxDistanceKm => Msg::TariffMaxDistance,
            MotorbikeStopsPerSlot | VanStopsPerSlot => Msg::TariffStops,
            LongDistanceKm => Msg::TariffLongDistance,
            LongDistanceSurcharge => Msg::TariffSurcharge,
            LongDistancePerKm => Msg::TariffLongPerKm,
            LongDistanceMinOrder => Msg::TariffMinOrder,
            MaxDistanceKm => Msg::TariffMaxDelivery,
        }
    }

    /// The heading the field sits under on the form.
    pub fn group(self) -> Msg {
        use TariffField::*;
        match self {
            MotorbikeBase
            | MotorbikePerKm
            | MotorbikeHandlingMin
            | MotorbikeSpeedKmh
            | MotorbikeMaxWeightKg
            | MotorbikeMaxVolumeL
            | MotorbikeMaxDistanceKm
            | MotorbikeStopsPerSlot => Msg::VehicleMotorbike,
            VanBase | VanPerKm | VanHandlingMin | VanSpeedKmh | VanMaxWeightKg | VanMaxVolumeL
            | VanStopsPerSlot => Msg::VehicleVan,
            LongDistanceKm
            | LongDistanceSurcharge
            | LongDistancePerKm
            | LongDistanceMinOrder
            | MaxDistanceKm => Msg::TariffLongDistanceGroup,
        }
    }
}

impl crate::domain::bulk::LineProblem {
    pub fn msg(self) -> Msg {
        use crate::domain::bulk::LineProblem;
        match self {
            LineProblem::Cells => Msg::LineCells,
            LineProblem::NotYours => Msg::LineNotYours,
            LineProblem::Price => Msg::PriceInvalid,
            LineProblem::Stock => Msg::StockInvalid,
            LineProblem::Twice => Msg::LineTwice,
            LineProblem::ManagersOnly => Msg::PriceManagersOnly,
        }
    }
}

impl Refusal {
    pub fn msg(self) -> Msg {
        match self {
            Refusal::CompareTrayFull => Msg::CompareTrayFull,
            Refusal::LastAddress => Msg::LastAddress,
            Refusal::OutOfStock { .. } => Msg::QuantityOverStock,
            Refusal::Undeliverable(_) => Msg::Undeliverable,
            Refusal::PriceChanged { .. } => Msg::PriceChangedConfirm,
            Refusal::InsufficientFunds { .. } => Msg::InsufficientFunds,
            Refusal::PinLocked { .. } => Msg::PinLocked,
            Refusal::EmptyCart => Msg::CartEmpty,
            Refusal::CartFull { .. } => Msg::CartFull,
            Refusal::OrderState { .. } => Msg::OrderStateRefused,
            Refusal::SlotFull => Msg::SlotFull,
            Refusal::SellerClosed => Msg::SellerClosedThatDay,
            Refusal::AboveCap { .. } => Msg::AboveCap,
            Refusal::NotOnSchedule => Msg::NotOnSchedule,
            Refusal::DeliveryDealt => Msg::DeliveryDealt,
            Refusal::NotAssigned => Msg::NotAssigned,
            Refusal::NotReady => Msg::NotReady,
            Refusal::CannotTake(why) => why.msg(),
            Refusal::NotDelivered => Msg::ReviewNotDelivered,
            Refusal::ReviewLocked => Msg::ReviewLocked,
            Refusal::AlreadyAnswered => Msg::AlreadyAnswered,
            Refusal::OwnReview => Msg::OwnReview,
            Refusal::BulkApplied => Msg::BulkAppliedAlready,
            Refusal::BulkProblems => Msg::BulkFixFirst,
            Refusal::ApplicationOpen => Msg::ApplicationOpen,
            Refusal::ApplicantNotFree => Msg::ApplicantNotFree,
            Refusal::RegistrationAdmitted => Msg::RegistrationTaken,
            Refusal::AccountSuspended => Msg::AccountSuspended,
            Refusal::RoleHeld => Msg::RoleHeld,
            Refusal::NoRole => Msg::NoRole,
            Refusal::OrdersOnTheWay => Msg::PersonOrdersOnTheWay,
            Refusal::CourierCarrying => Msg::CourierCarrying,
            Refusal::OwnAccount => Msg::OwnAccount,
            Refusal::AlreadySuspended => Msg::AlreadySuspended,
            Refusal::NotSuspended => Msg::NotSuspended,
            Refusal::ListingWithheld => Msg::ListingWithheld,
            Refusal::NotWithheld => Msg::NotWithheld,
            Refusal::OtherRestaurant => Msg::OtherRestaurant,
            Refusal::DishSoldOut => Msg::DishSoldOut,
            Refusal::OutOfRadius => Msg::OutOfRadius,
            Refusal::RestaurantClosed => Msg::RestaurantClosed,
            Refusal::BelowMinimum { .. } => Msg::BelowMinimum,
            Refusal::KitchenBusy => Msg::KitchenBusy,
            Refusal::PortionsLeft { .. } => Msg::PortionsLeft,
            Refusal::BasketChanged => Msg::BasketChanged,
        }
    }

    /// The whole sentence, with its numbers.
    pub fn text(self, lang: Lang) -> String {
        let base = self.msg().text(lang);
        match self {
            Refusal::OutOfStock { left, .. } => match lang {
                Lang::Ko => format!("{base} (남은 수량: {left})"),
                Lang::En => format!("{base} ({left} left)"),
            },
            Refusal::PriceChanged { total } => format!("{base} {}", lang.won(total)),
            Refusal::InsufficientFunds { missing } => format!("{base} {}", lang.won(missing)),
            Refusal::BelowMinimum { missing } => format!("{base} {}", lang.won(missing)),
            Refusal::PortionsLeft { left } => match lang {
                Lang::Ko => format!("{base} (남은 그릇 수: {left})"),
                Lang::En => format!("{base} ({left} left)"),
            },
            Refusal::PinLocked { minutes } => format!("{base} {}", lang.try_again_in(minutes)),
            Refusal::CartFull { max } => match lang {
                Lang::Ko => format!("{base} (최대 {max}가지)"),
                Lang::En => format!("{base} (at most {max})"),
            },
            Refusal::Undeliverable(Undeliverable::BelowLongDistanceMinimum { minimum }) => {
                format!(
                    "{base} {} {}",
                    Msg::LongDistanceMinimum.text(lang),
                    lang.won(minimum)
                )
            }
            _ => base.to_string(),
        }
    }
}

/// `11월 3일` / `3 Nov`.
pub fn day_label(unix: i64, lang: Lang) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let when = PyongyangTime::at(unix);
    let (m, d) = (when.month(), when.day());
    match lang {
        Lang::Ko => format!("{m}월 {d}일"),
        Lang::En => format!("{d} {}", MONTHS[(m as usize + 11) % 12]),
    }
}

/// `약 1시간 10분` / `about 1 h 10 min`.
pub fn duration_label(minutes: u32, lang: Lang) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (lang, h, m) {
        (Lang::Ko, 0, m) => format!("약 {m}분"),
        (Lang::Ko, h, 0) => format!("약 {h}시간"),
        (Lang::Ko, h, m) => format!("약 {h}시간 {m}분"),
        (Lang::En, 0, m) => format!("about {m} min"),
        (Lang::En, h, 0) => format!("about {h} h"),
        (Lang::En, h, m) => format!("about {h} h {m} min"),
    }
}

/// `11월 25일 14:05` / `25 Nov 14:05`, Pyongyang time.
pub fn time_label(unix: i64, lang: Lang) -> String {
    let when = PyongyangTime::at(unix);
    format!(
        "{} {:02}:{:02}",
        day_label(unix, lang),
        when.hour(),
        when.minute()
    )
}

/// The header's cart link as read aloud: `바구니, 상품 3가지` / `Cart, 3 items`.
pub fn cart_label(n: u32, lang: Lang) -> String {
    match (lang, n) {
        (Lang::Ko, 0) => "바구니".into(),
        (Lang::Ko, n) => format!("바구니, 상품 {n}가지"),
        (Lang::En, 0) => "Cart".into(),
        (Lang::En, 1) => "Cart, 1 item".into(),
        (Lang::En, n) => format!("Cart, {n} items"),
    }
}

/// An order event's note: the service's own in the page's language, staff's as they wrote it.
pub fn event_note(note: &str, lang: Lang) -> String {
    match crate::domain::order::SystemNote::parse(note) {
        Some(crate::domain::order::SystemNote::CancelledByShopper) => {
            Msg::NoteCancelledByShopper.text(lang).into()
        }
        Some(crate::domain::order::SystemNote::HoldExpired) => {
            Msg::NoteHoldExpired.text(lang).into()
        }
        Some(crate::domain::order::SystemNote::Cooking) => Msg::NoteCooking.text(lang).into(),
        None => note.into(),
    }
}

/// The words around a suggested search, `크림빵을 찾으셨나요?` / `Did you mean 크림빵?`: the
/// Korean particle follows the word's last syllable (을 after a final consonant, 를 after a vowel).
pub fn did_you_mean(word: &str, lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Ko => {
            let last = word.chars().last().map_or(0, u32::from);
            let hangul = (0xAC00..=0xD7A3).contains(&last);
            match (hangul, (last.wrapping_sub(0xAC00)) % 28) {
                (true, 0) => ("", "를 찾으셨나요?"),
                (true, _) => ("", "을 찾으셨나요?"),
                (false, _) => ("", "을(를) 찾으셨나요?"),
            }
        }
        Lang::En => ("Did you mean ", "?"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Won;

    fn unit(kind: UnitKind, amount: u32) -> UnitSize {
        UnitSize { kind, amount }
    }

    #[test]
    fn unit_prices_read_rounded_to_the_chon() {
        let buns = unit(UnitKind::Pieces, 10).unit_price(Won::from_won(78));
        assert_eq!(buns.label(Lang::Ko), "개당 7.80원");
        assert_eq!(buns.label(Lang::En), "₩7.80 per piece");
        let sugar = unit(UnitKind::Grams, 300).unit_price(Won::from_won(100));
        assert_eq!(sugar.label(Lang::Ko), "100g당 33.33원");
        assert_eq!(
            unit(UnitKind::Pairs, 3)
                .unit_price(Won::from_won(90))
                .label(Lang::En),
            "₩30 per pair"
        );
    }

    #[test]
    fn dates_read_as_pyongyang_calendar_days() {
        // 2026-11-23T15:00:00Z is midnight of 24 November in Pyongyang.
        assert_eq!(day_label(1_795_446_000, Lang::Ko), "11월 24일");
        assert_eq!(day_label(1_795_446_000, Lang::En), "24 Nov");
        assert_eq!(duration_label(70, Lang::Ko), "약 1시간 10분");
        assert_eq!(duration_label(45, Lang::En), "about 45 min");
    }

    #[test]
    fn slots_read_as_their_day_and_window() {
        // 2026-11-25 10:30 in Pyongyang = 01:30 UTC: the first slot offered is 15–18.
        let first = Slot::offered(1_795_570_200)[0];
        assert_eq!(first.label(Lang::Ko), "11월 25일 15\u{2060}–\u{2060}18시");
        assert_eq!(first.label(Lang::En), "25 Nov 15:00\u{2060}–\u{2060}18:00");
    }

    #[test]
    fn a_voice_plays_in_the_language_asked_for_or_the_other() {
        let only_ko = Voice {
            id: crate::domain::MediaId::new(7),
            korean: Some(Container::Ogg),
            english: None,
        };
        assert_eq!(only_ko.url(Lang::Ko), "/media/7/ko.ogg");
        assert_eq!(only_ko.url(Lang::En), "/media/7/ko.ogg");
        let both = Voice {
            english: Some(Container::Mp3),
            ..only_ko
        };
        assert_eq!(both.url(Lang::En), "/media/7/en.mp3");
    }

    #[test]
    fn a_suggestion_takes_the_particle_its_last_syllable_wants() {
        assert_eq!(did_you_mean("크림빵", Lang::Ko).1, "을 찾으셨나요?");
        assert_eq!(did_you_mean("치즈", Lang::Ko).1, "를 찾으셨나요?");
        assert_eq!(did_you_mean("cream", Lang::Ko).1, "을(를) 찾으셨나요?");
        assert_eq!(did_you_mean("cream", Lang::En), ("Did you mean ", "?"));
    }
}
