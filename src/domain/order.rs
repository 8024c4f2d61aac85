//! Buying: quantities, the cart grouped by seller, delivery slots, payment instruments, and the
//! order's lifecycle. Pure rules; the server enforces them and the browser shows them.

use super::{
    account::FieldProblem,
    catalog::Localized,
    delivery::{Distance, GeoPoint, Quote, Shipment, Tariff, Undeliverable, Vehicle},
    time::PyongyangTime,
    CheckoutId, CityId, OrderId, ProductId, SellerId, Won,
};
use serde::{Deserialize, Serialize};
use std::fmt;

// Quantities.

/// How many of one item a shopper buys: a whole number from 1 to 9,999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Quantity(u32);

impl Quantity {
    pub const MAX: u32 = 9_999;
    pub const ONE: Quantity = Quantity(1);

    pub fn new(n: u32) -> Result<Quantity, FieldProblem> {
        match n {
            0 => Err(FieldProblem::QuantityInvalid),
            n if n > Self::MAX => Err(FieldProblem::QuantityTooMany),
            n => Ok(Quantity(n)),
        }
    }

    /// Parses what a shopper typed: digits only (no sign, no decimals), 1 to 9,999.
    pub fn parse(raw: &str) -> Result<Quantity, FieldProblem> {
        let t = raw.trim();
        if t.is_empty() {
            return Err(FieldProblem::Required);
        }
        if !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldProblem::QuantityInvalid);
        }
        match t.trim_start_matches('0') {
            "" => Err(FieldProblem::QuantityInvalid),
            digits if digits.len() > 4 => Err(FieldProblem::QuantityTooMany),
            digits => Quantity::new(digits.parse().map_err(|_| FieldProblem::QuantityInvalid)?),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// This quantity plus `more`, at most `MAX` (merging two carts never refuses).
    pub fn saturating_add(self, more: Quantity) -> Quantity {
        Quantity((self.0 + more.0).min(Self::MAX))
    }
}

impl TryFrom<u32> for Quantity {
    type Error = &'static str;
    fn try_from(n: u32) -> Result<Self, Self::Error> {
        Quantity::new(n).map_err(|_| "a quantity is a whole number from 1 to 9999")
    }
}

impl From<Quantity> for u32 {
    fn from(q: Quantity) -> u32 {
        q.0
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

// Payment instruments.

/// A Narae debit card number: 16 digits whose last is a Luhn check digit.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CardNumber(String);

impl CardNumber {
    /// Spaces and hyphens between digit groups are ignored.
    pub fn parse(raw: &str) -> Result<CardNumber, FieldProblem> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FieldProblem::Required);
        }
        if raw
            .chars()
            .any(|c| !(c.is_ascii_digit() || c == ' ' || c == '-'))
        {
            return Err(FieldProblem::CardFormat);
        }
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        if digits.len() != 16 {
            return Err(FieldProblem::CardFormat);
        }
        if !luhn_valid(&digits) {
            return Err(FieldProblem::CardCheck);
        }
        Ok(CardNumber(digits))
    }

    pub fn digits(&self) -> &str {
        &self.0
    }

    /// `•••• 1234`: all a page ever shows of a card.
    pub fn masked(&self) -> String {
        format!("•••• {}", &self.0[12..])
    }
}

/// The Luhn check (ISO/IEC 7812): doubling every second digit from the right, the sum is a
/// multiple of ten.
pub fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 {
                    d2 - 9
                } else {
                    d2
                }
            } else {
                d
            }
        })
        .sum();
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// The digit that makes `body` (15 digits) a valid card number.
pub fn luhn_check_digit(body: &str) -> char {
    (b'0'..=b'9')
        .map(char::from)
        .find(|d| luhn_valid(&format!("{body}{d}")))
        .unwrap_or('0')
}

/// A payment PIN: exactly four digits.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    pub fn parse(raw: &str) -> Result<Pin, FieldProblem> {
        let t = raw.trim();
        if t.is_empty() {
            return Err(FieldProblem::Required);
        }
        if t.len() != 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldProblem::PinFormat);
        }
        Ok(Pin(t.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(****)")
    }
}

/// How a shopper pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InstrumentKind {
    /// A Narae debit card: card number and PIN.
    NaraeCard,
    /// A bank account linked to the shopper's mobile number: the number and a PIN.
    SimAccount,
}

impl InstrumentKind {
    pub fn code(self) -> &'static str {
        match self {
            InstrumentKind::NaraeCard => "card",
            InstrumentKind::SimAccount => "sim",
        }
    }

    pub fn from_code(code: &str) -> Option<InstrumentKind> {
        match code {
            "card" => Some(InstrumentKind::NaraeCard),
            "sim" => Some(InstrumentKind::SimAccount),
            _ => None,
        }
    }
}

/// A shopper's saved way to pay, as pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instrument {
    pub id: super::InstrumentId,
    pub kind: InstrumentKind,
    /// `•••• 1234` for a card, the mobile number for a SIM account.
    pub label: String,
    /// What the bank account behind it holds now.
    pub balance: Won,
    /// Locked after three wrong PINs: until this time (UTC seconds).
    pub locked_until: Option<i64>,
    /// Whether this browser's session may pay with it: one linked from another browser since
    /// this one signed in waits for a sign-in here.
    pub usable: bool,
}

/// Wrong PINs in a row that lock an instrument, and for how long.
/// A cart holds at most this many different goods.
pub const MAX_CART_LINES: u32 = 200;
/// A guest's cart nobody touched for this long is forgotten (its cookie lived as long).
pub const GUEST_CART_IDLE_SECS: i64 = 30 * 86_400;

pub const PIN_TRIES: u32 = 3;
pub const PIN_LOCK_SECS: i64 = 15 * 60;

/// How long after its delivery window ends an order not yet picked up keeps its payment hold;
/// then it is cancelled and the money and stock are released.
pub const HOLD_GRACE_SECS: i64 = 24 * 3600;

/// The largest single deposit an operator can record.
pub const MAX_DEPOSIT: Won = Won::from_won_const(10_000_000);

// Delivery slots.

/// A delivery window on one day (Pyongyang time): 09–12, 12–15, 15–18 or 18–21.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Slot {
    /// Days since 1970-01-01 in Pyongyang.
    pub day: i64,
    pub window: u8,
}

impl Slot {
    pub const WINDOWS: [(u32, u32); 4] = [(9, 12), (12, 15), (15, 18), (18, 21)];
    /// Slots are offered for this many days ahead, starting with the first window that begins at
    /// least `LEAD_SECS` from now.
    pub const DAYS_AHEAD: i64 = 3;
    pub const LEAD_SECS: i64 = 2 * 3600;

    /// UTC seconds at which the window starts.
    pub fn starts_at(self) -> i64 {
        let (start, _) = Self::WINDOWS[usize::from(self.window)];
        PyongyangTime::midnight_of(self.day) + i64::from(start) * 3600
    }

    /// UTC seconds at which the window ends.
    pub fn ends_at(self) -> i64 {
        let (_, end) = Self::WINDOWS[usize::from(self.window)];
        PyongyangTime::midnight_of(self.day) + i64::from(end) * 3600
    }

    /// When the payment hold of an order for this slot runs out if nobody has picked it up.
    pub fn hold_expires_at(self) -> i64 {
        self.ends_at() + HOLD_GRACE_SECS
    }

    /// The slots a shopper can choose at `now`, earliest first.
    pub fn offered(now: i64) -> Vec<Slot> {
        let today = PyongyangTime::at(now).day_number();
        (today..today + Self::DAYS_AHEAD + 1)
            .flat_map(|day| (0..Self::WINDOWS.len() as u8).map(move |window| Slot { day, window }))
            .filter(|s| s.starts_at() >= now + Self::LEAD_SECS)
            .collect()
    }

    /// The form value: `day-window`.
    pub fn code(self) -> String {
        format!("{}-{}", self.day, self.window)
    }

    /// A slot from its form value, if it is one offered at `now`.
    pub fn parse_offered(raw: &str, now: i64) -> Result<Slot, FieldProblem> {
        let (day, window) = raw
            .trim()
            .split_once('-')
            .ok_or(FieldProblem::SlotInvalid)?;
        let slot = Slot {
            day: day.parse().map_err(|_| FieldProblem::SlotInvalid)?,
            window: window.parse().map_err(|_| FieldProblem::SlotInvalid)?,
        };
        if Slot::offered(now).contains(&slot) {
            Ok(slot)
        } else {
            Err(FieldProblem::SlotInvalid)
        }
    }
}

// The cart and what checkout makes of it.

/// One line of a cart or a checkout, with what the server knows of the product now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub product: ProductId,
    pub name: Localized,
    pub quantity: Quantity,
    /// The price now.
    pub price: Won,
    /// The price when it went into the cart, if it has changed since.
    pub was: Option<Won>,
    pub stock: u32,
    pub weight_g: u64,
    pub volume_ml: u64,
}

impl Line {
    /// Price × quantity.
    pub fn amount(&self) -> Won {
        self.price
            .checked_times(self.quantity.get())
            .unwrap_or(Won::ZERO)
    }

    pub fn in_stock(&self) -> bool {
        self.quantity.get() <= self.stock
    }
}

/// The goods of one seller: one shipment, with its delivery priced by the tariff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerGroup {
    pub seller: SellerId,
    pub seller_name: Localized,
    /// The seller's city: its couriers collect the goods.
    pub city_id: CityId,
    pub city: Localized,
    pub lines: Vec<Line>,
    pub subtotal: Won,
    /// The delivery to the chosen address (`None` while no address is known).
    pub delivery: Option<Result<Quote, Undeliverable>>,
}

/// Where the seller's goods leave from.
#[derive(Clone, Debug, PartialEq)]
pub struct Origin {
    pub seller: SellerId,
    pub seller_name: Localized,
    pub city_id: CityId,
    pub city: Localized,
    pub at: GeoPoint,
}

/// Groups lines by seller (in the order sellers first appear) and prices each group's delivery to
/// `to` with `tariff`.
pub fn group_by_seller(
    lines: Vec<(Origin, Line)>,
    to: Option<GeoPoint>,
    tariff: &Tariff,
) -> Vec<SellerGroup> {
    let mut groups: Vec<(Origin, Vec<Line>)> = Vec::new();
    for (origin, line) in lines {
        match groups.iter_mut().find(|(o, _)| o.seller == origin.seller) {
            Some((_, ls)) => ls.push(line),
            None => groups.push((origin, vec![line])),
        }
    }
    groups
        .into_iter()
        .map(|(origin, lines)| {
            let subtotal = lines.iter().fold(Won::ZERO, |acc, l| {
                acc.checked_add(l.amount()).unwrap_or(acc)
            });
            let (weight_g, volume_ml) = size_of(&lines);
            let delivery = to.map(|to| {
                tariff.quote(&Shipment {
                    weight_g,
                    volume_ml,
                    value: subtotal,
                    distance: Distance::by_road(origin.at, to),
                })
            });
            SellerGroup {
                seller: origin.seller,
                seller_name: origin.seller_name,
                city_id: origin.city_id,
                city: origin.city,
                lines,
                subtotal,
                delivery,
            }
        })
        .collect()
}

/// The weight (g) and volume (ml) of these lines together.
pub fn size_of(lines: &[Line]) -> (u64, u64) {
    lines.iter().fold((0u64, 0u64), |(w, v), l| {
        let n = u64::from(l.quantity.get());
        (
            w.saturating_add(l.weight_g.saturating_mul(n)),
            v.saturating_add(l.volume_ml.saturating_mul(n)),
        )
    })
}

/// Totals over all groups: goods, delivery fees, and what will be charged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub goods: Won,
    pub delivery: Won,
    pub total: Won,
}

impl Totals {
    /// `None` when some group can't be delivered or no address is known.
    pub fn of(groups: &[SellerGroup]) -> Option<Totals> {
        let mut t = Totals::default();
        for g in groups {
            let q = g.delivery.as_ref()?.as_ref().ok()?;
            t.goods = t.goods.checked_add(g.subtotal)?;
            t.delivery = t.delivery.checked_add(q.fee)?;
        }
        t.total = t.goods.checked_add(t.delivery)?;
        Some(t)
    }
}

// Orders.

/// Where an order is in its life. `can_become` is the whole state machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatus {
    /// Paid for with a hold; waiting for the seller.
    Placed,
    /// The seller is preparing it.
    Accepted,
    /// Packed and waiting for a courier.
    Ready,
    /// On its way: the hold has been captured.
    PickedUp,
    Delivered,
    /// Called off before pickup: the hold is voided and the stock returned.
    Cancelled,
    /// The courier could not hand it over.
    DeliveryFailed,
    /// The captured money went back to the shopper.
    Refunded,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 8] = [
        OrderStatus::Placed,
        OrderStatus::Accepted,
        OrderStatus::Ready,
        OrderStatus::PickedUp,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
        OrderStatus::DeliveryFailed,
        OrderStatus::Refunded,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::Placed => "placed",
            OrderStatus::Accepted => "accepted",
            OrderStatus::Ready => "ready",
            OrderStatus::PickedUp => "picked_up",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::DeliveryFailed => "delivery_failed",
            OrderStatus::Refunded => "refunded",
        }
    }

    pub fn from_code(code: &str) -> Option<OrderStatus> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether an order in this state may move to `next`.
    pub fn can_become(self, next: OrderStatus) -> bool {
        use OrderStatus::*;
        matches!(
            (self, next),
            (Placed, Accepted)
                | (Accepted, Ready)
                | (Ready, PickedUp)
                | (PickedUp, Delivered)
                | (PickedUp, DeliveryFailed)
                | (Placed | Accepted | Ready, Cancelled)
                | (Delivered | DeliveryFailed, Refunded)
        )
    }

    /// Whether the order's money is still held (not yet captured or released).
    pub fn holds_money(self) -> bool {
        matches!(
            self,
            OrderStatus::Placed | OrderStatus::Accepted | OrderStatus::Ready
        )
    }

    /// Whether the shopper may still call the order off themselves (before the seller packs it).
    pub fn shopper_can_cancel(self) -> bool {
        matches!(self, OrderStatus::Placed | OrderStatus::Accepted)
    }
}

/// An order could not move: it is in `from`, which can't become `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IllegalTransition {
    pub from: OrderStatus,
    pub to: OrderStatus,
}

/// One order in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: OrderId,
    pub checkout: CheckoutId,
    pub status: OrderStatus,
    pub seller: Localized,
    pub created_at: i64,
    pub goods: Won,
    pub fee: Won,
    pub total: Won,
    /// Pieces in all.
    pub items: u32,
    pub slot: Slot,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub product: ProductId,
    pub name: Localized,
    pub price: Won,
    pub quantity: Quantity,
    pub amount: Won,
}

/// A change of an order's state, when it happened and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEvent {
    pub status: OrderStatus,
    pub at: i64,
    pub note: String,
}

/// Where the order's money is, from the ledger.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// Still held from the shopper's account.
    pub held: Won,
    /// Paid to the seller and the logistics office.
    pub captured: Won,
    /// Given back after capture.
    pub refunded: Won,
    /// Released without capture (cancelled).
    pub voided: Won,
}

/// The order page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub summary: OrderSummary,
    pub lines: Vec<OrderLine>,
    pub events: Vec<OrderEvent>,
    pub vehicle: Vehicle,
    pub distance: Distance,
    pub estimate_min: u32,
    pub address: String,
    /// The courier carrying it, once the office has assigned one: name and vehicle.
    pub courier: Option<(String, Vehicle)>,
    /// The confirmation code: only for the shopper who placed it, until it is delivered.
    pub code: Option<String>,
    pub payment: Payment,
    pub failure: Option<super::dispatch::FailureReason>,
}

/// The cart page: the goods by seller, priced to the shopper's default address when known.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartPage {
    pub groups: Vec<SellerGroup>,
    pub totals: Option<Totals>,
    pub signed_in: bool,
}

/// The checkout page: everything the shopper confirms, as the server computed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutPage {
    pub groups: Vec<SellerGroup>,
    pub totals: Option<Totals>,
    pub addresses: Vec<super::account::SavedAddress>,
    pub address: Option<super::AddressId>,
    pub slots: Vec<Slot>,
    pub slot: Option<Slot>,
    pub instruments: Vec<Instrument>,
    pub instrument: Option<super::InstrumentId>,
    /// A fresh key for this confirmation: pressing pay twice places one checkout.
    pub key: String,
    /// Some price differs from when the goods went into the cart.
    pub price_changed: bool,
}

/// The wallet: the balance and the instruments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wallet {
    pub balance: Won,
    pub instruments: Vec<Instrument>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_whole_numbers_from_1_to_9999() {
        assert_eq!(Quantity::parse("3").map(Quantity::get), Ok(3));
        assert_eq!(Quantity::parse(" 007 ").map(Quantity::get), Ok(7));
        assert_eq!(Quantity::parse("9999").map(Quantity::get), Ok(9_999));
        assert_eq!(Quantity::parse(""), Err(FieldProblem::Required));
        for bad in ["0", "000", "-1", "1.5", "2e3", "abc", "+4", "1 2"] {
            assert_eq!(
                Quantity::parse(bad),
                Err(FieldProblem::QuantityInvalid),
                "{bad}"
            );
        }
        for big in ["10000", "99999999999999999999"] {
            assert_eq!(
                Quantity::parse(big),
                Err(FieldProblem::QuantityTooMany),
                "{big}"
            );
        }
        assert!(serde_json::from_str::<Quantity>("0").is_err());
        assert!(serde_json::from_str::<Quantity>("10000").is_err());
        assert_eq!(
            Quantity::parse("9000")
                .map(|q| q.saturating_add(Quantity::parse("5000").expect("q")).get()),
            Ok(9_999)
        );
    }

    #[test]
    fn card_numbers_carry_a_luhn_check_digit() {
        // The standard Luhn example 7992739871 + 3, padded to 16 digits.
        assert!(luhn_valid("79927398713"));
        assert!(!luhn_valid("79927398710"));
        let body = "941012345678901";
        let card = format!("{body}{}", luhn_check_digit(body));
        let parsed = CardNumber::parse(&format!(
            "{} {} {} {}",
            &card[..4],
            &card[4..8],
            &card[8..12],
            &card[12..]
        ))
        .expect("valid card");
        assert_eq!(parsed.digits(), card);
        assert_eq!(parsed.masked(), format!("•••• {}", &card[12..]));
        let mut wrong = card.clone();
        let last = wrong.pop().expect("digit");
        wrong.push(if last == '9' {
            '0'
        } else {
            char::from(last as u8 + 1)
        });
        assert_eq!(CardNumber::parse(&wrong), Err(FieldProblem::CardCheck));
        assert_eq!(CardNumber::parse("1234"), Err(FieldProblem::CardFormat));
        assert_eq!(
            CardNumber::parse("9410-abcd"),
            Err(FieldProblem::CardFormat)
        );
    }

    #[test]
    fn a_pin_is_four_digits_and_never_printed() {
        assert!(Pin::parse("0420").is_ok());
        for bad in ["042", "04200", "04a0", "-420"] {
            assert_eq!(Pin::parse(bad), Err(FieldProblem::PinFormat), "{bad}");
        }
        assert_eq!(
            format!("{:?}", Pin::parse("1234").expect("pin")),
            "Pin(****)"
        );
    }

    #[test]
    fn slots_start_two_hours_ahead_and_cover_three_days() {
        // 2026-11-25 10:30 in Pyongyang = 01:30 UTC.
        let now = 1_795_570_200;
        let offered = Slot::offered(now);
        let first = offered[0];
        // 12–15 starts in 1.5 h: too soon; 15–18 is the first.
        assert_eq!(first.window, 2);
        assert_eq!(offered.len(), 2 + 3 * 4);
        assert_eq!(Slot::parse_offered(&first.code(), now), Ok(first));
        let gone = Slot { window: 0, ..first };
        assert_eq!(
            Slot::parse_offered(&gone.code(), now),
            Err(FieldProblem::SlotInvalid)
        );
        assert_eq!(
            Slot::parse_offered("x", now),
            Err(FieldProblem::SlotInvalid)
        );
    }

    #[test]
    fn the_order_state_machine_allows_only_the_lifecycle() {
        use OrderStatus::*;
        let path = [Placed, Accepted, Ready, PickedUp, Delivered, Refunded];
        for pair in path.windows(2) {
            assert!(pair[0].can_become(pair[1]), "{pair:?}");
        }
        assert!(!Placed.can_become(Delivered));
        assert!(!Accepted.can_become(PickedUp));
        assert!(!Ready.can_become(Delivered), "delivered before picked up");
        assert!(
            !PickedUp.can_become(Cancelled),
            "no cancelling goods on the road"
        );
        assert!(!Cancelled.can_become(Placed));
        assert!(!Delivered.can_become(DeliveryFailed));
        assert!(PickedUp.can_become(DeliveryFailed) && DeliveryFailed.can_become(Refunded));
        for s in OrderStatus::ALL {
            assert!(!s.can_become(s), "{s:?} to itself");
            assert_eq!(OrderStatus::from_code(s.code()), Some(s));
            assert!(!Refunded.can_become(s));
        }
    }

    fn line(product: i64, price: i64, quantity: u32, weight_g: u64) -> Line {
        Line {
            product: ProductId::new(product),
            name: Localized::new("빵", "bun"),
            quantity: Quantity::new(quantity).expect("q"),
            price: Won::from_won(price),
            was: None,
            stock: 100,
            weight_g,
            volume_ml: 100,
        }
    }

    fn origin(seller: i64, at: GeoPoint) -> Origin {
        Origin {
            seller: SellerId::new(seller),
            seller_name: Localized::new("가", "A"),
            city_id: CityId::new(1),
            city: Localized::new("평양", "Pyongyang"),
            at,
        }
    }

    #[test]
    fn each_sellers_goods_are_one_shipment_priced_by_the_tariff() {
        let here = GeoPoint::new(39.02, 125.75);
        let lines = vec![
            (origin(1, here), line(10, 35, 3, 600)),
            (origin(2, here), line(20, 12, 1, 300)),
            (origin(1, here), line(11, 5, 2, 40_000)),
        ];
        let groups = group_by_seller(lines, Some(here), &Tariff::STANDARD);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].lines.len(), 2);
        // 35 × 3 + 5 × 2 = 115 won; 81.8 kg → van, 0 km: 60 won.
        assert_eq!(groups[0].subtotal, Won::from_won(115));
        let q = groups[0].delivery.expect("address").expect("deliverable");
        assert_eq!(
            (q.vehicle, q.fee),
            (super::super::delivery::Vehicle::Van, Won::from_won(60))
        );
        let q2 = groups[1].delivery.expect("address").expect("deliverable");
        assert_eq!(q2.fee, Won::from_won(20));
        assert_eq!(
            Totals::of(&groups),
            Some(Totals {
                goods: Won::from_won(127),
                delivery: Won::from_won(80),
                total: Won::from_won(207),
            })
        );
        assert_eq!(
            Totals::of(&group_by_seller(
                vec![(origin(1, here), line(1, 1, 1, 1))],
                None,
                &Tariff::STANDARD
            )),
            None
        );
    }
}
