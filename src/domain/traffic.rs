//! Page views and visitors, the figures the bureau never published: what kind of page was seen,
//! in which language, on a phone or a PC, and how many different visitors and signed-in people a
//! day, week or month saw the shop.
//!
//! Visitors are counted with HyperLogLog sketches, one a day (and one for signed-in accounts):
//! 4,096 registers of one byte, each the longest run of leading zeros seen among the keyed hashes
//! that fell into it. No visitor key is stored at all, not even for a day: only the registers.
//! Sketches merge by taking each register's maximum, so a week's or a month's visitors are its
//! days' sketches merged (a visitor of several days counts once). The standard error is
//! 1.04/√4096 ≈ 1.6 %; under about 10,000 visitors the count is by the registers left empty
//! (linear counting): exact for a handful, about 1 to 2 % off in the thousands.

use super::{
    catalog::Localized, sales::csv_text, search::MAX_QUERY_CHARS, time::PyongyangTime, ProductId,
    Won,
};
use serde::{Deserialize, Serialize};

/// What kind of page a view was of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PageKind {
    Home,
    Search,
    Category,
    Product,
    /// A comparison group (`/g/…`).
    Group,
    Compare,
    /// A seller's storefront (`/s/…`).
    Storefront,
    Cart,
    Checkout,
    Orders,
    /// Signing in, signing up, the account, the wallet, the bank's counter.
    Account,
    /// The consoles of sellers, dispatchers, couriers and operators.
    Console,
    Other,
}

impl PageKind {
    pub const ALL: [PageKind; 13] = [
        PageKind::Home,
        PageKind::Search,
        PageKind::Category,
        PageKind::Product,
        PageKind::Group,
        PageKind::Compare,
        PageKind::Storefront,
        PageKind::Cart,
        PageKind::Checkout,
        PageKind::Orders,
        PageKind::Account,
        PageKind::Console,
        PageKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Search => "search",
            PageKind::Category => "category",
            PageKind::Product => "product",
            PageKind::Group => "group",
            PageKind::Compare => "compare",
            PageKind::Storefront => "storefront",
            PageKind::Cart => "cart",
            PageKind::Checkout => "checkout",
            PageKind::Orders => "orders",
            PageKind::Account => "account",
            PageKind::Console => "console",
            PageKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<PageKind> {
        PageKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The kind of the page at `path`, and the product it shows (`/p/12`).
    pub fn of_path(path: &str) -> (PageKind, Option<ProductId>) {
        let mut parts = path.trim_start_matches('/').split('/');
        let first = parts.next().unwrap_or_default();
        let kind = match first {
            "" => PageKind::Home,
            "search" => PageKind::Search,
            "c" => PageKind::Category,
            "p" => {
                let id = parts
                    .next()
                    .and_then(|id| id.parse::<i64>().ok())
                    .filter(|id| *id > 0)
                    .map(ProductId::new);
                return (PageKind::Product, id);
            }
            "g" => PageKind::Group,
            "compare" => PageKind::Compare,
            "s" => PageKind::Storefront,
            "cart" => PageKind::Cart,
            "checkout" => PageKind::Checkout,
            "orders" => PageKind::Orders,
            "login" | "signup" | "account" | "wallet" | "bank" | "outbox" | "sell" => {
                PageKind::Account
            }
            "seller" | "dispatch" | "courier" | "tariff" | "moderation" | "operator" => {
                PageKind::Console
            }
            _ => PageKind::Other,
        };
        (kind, None)
    }
}

/// What a page was seen on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Device {
    Phone,
    Pc,
}

impl Device {
    pub fn code(self) -> &'static str {
        match self {
            Device::Phone => "phone",
            Device::Pc => "pc",
        }
    }

    pub fn from_code(code: &str) -> Option<Device> {
        match code {
            "phone" => Some(Device::Phone),
            "pc" => Some(Device::Pc),
            _ => None,
        }
    }

    /// A phone's browser says so in its `User-Agent` (`Mobile`, `Android`, `iPhone`).
    pub fn of_agent(agent: &str) -> Device {
        let a = agent.to_ascii_lowercase();
        if ["mobi", "android", "iphone", "ipod"]
            .iter()
            .any(|m| a.contains(m))
        {
            Device::Phone
        } else {
            Device::Pc
        }
    }
}

/// Whether a `User-Agent` is a program's rather than a person's browser: none at all, or one
/// that names itself a robot (`Googlebot/2.1`, `…bot;`, a `+http://` address to read about it),
/// a crawler, a command-line or library client, or a checker. A phone whose model has "bot" in
/// its name (`CUBOT_X19`) is a phone.
pub fn is_robot(agent: &str) -> bool {
    const PROGRAMS: [&str; 19] = [
        "bot/",
        "bot;",
        "bot ",
        "bot)",
        "bot-",
        "+http",
        "crawl",
        "spider",
        "slurp",
        "curl",
        "wget",
        "python",
        "go-http-client",
        "java/",
        "libwww",
        "httpclient",
        "lighthouse",
        "monitor",
        "check",
    ];
    let a = agent.trim().to_ascii_lowercase();
    a.is_empty() || a.ends_with("bot") || PROGRAMS.iter().any(|p| a.contains(p))
}

/// Different queries kept a day (and waiting to be written): a flood of made-up queries stops
/// there, the ones already kept go on counting.
pub const SEARCHES_KEPT_A_DAY: usize = 2_000;
/// Queries in each of the dashboard's lists of searches.
pub const SEARCHES_SHOWN: usize = 20;

/// A query as the searches are counted: words separated by one space, lower case, cut to
/// `MAX_QUERY_CHARS` characters; `None` for a search without words.
pub fn search_key(q: &str) -> Option<String> {
    let key: String = q
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect();
    let key = key.trim_end().to_string();
    (!key.is_empty()).then_some(key)
}

/// A query asked over the range: how often, and how often it found nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchCount {
    pub query: String,
    pub searches: u64,
    pub empty: u64,
}

/// A step from seeing a product to having it delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// A product's page seen.
    Viewed,
    /// Goods put in a cart.
    AddedToCart,
    /// The checkout page seen.
    Checkout,
    /// An order placed and its money held on the buyer's card.
    Paid,
    /// Of those orders, the ones delivered.
    Delivered,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Viewed,
        Step::AddedToCart,
        Step::Checkout,
        Step::Paid,
        Step::Delivered,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Step::Viewed => "product_view",
            Step::AddedToCart => "cart",
            Step::Checkout => "checkout",
            Step::Paid => "paid",
            Step::Delivered => "delivered",
        }
    }
}

/// The conversion funnel over a range: how many reached each step.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funnel {
    pub viewed: u64,
    pub added_to_cart: u64,
    pub checkout: u64,
    pub paid: u64,
    pub delivered: u64,
}

impl Funnel {
    /// Each step, its count and its share of the first step in tenths of a percent (`None`
    /// while nothing was seen).
    pub fn steps(&self) -> [(Step, u64, Option<u64>); 5] {
        let share = |n: u64| (self.viewed > 0).then(|| n.saturating_mul(1000) / self.viewed);
        Step::ALL.map(|step| {
            let n = match step {
                Step::Viewed => self.viewed,
                Step::AddedToCart => self.added_to_cart,
                Step::Checkout => self.checkout,
                Step::Paid => self.paid,
                Step::Delivered => self.delivered,
            };
            (step, n, share(n))
        })
    }
}

/// Registers of a sketch: 2^12.
const P: u32 = 12;
pub const REGISTERS: usize = 1 << P;

/// A HyperLogLog sketch of a day's visitors (see the module's comment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sketch(Vec<u8>);

impl Default for Sketch {
    fn default() -> Self {
        Sketch(vec![0; REGISTERS])
    }
}

impl Sketch {
    /// A stored sketch; `None` when it isn't one (a corrupt row).
    pub fn from_bytes(bytes: Vec<u8>) -> Option<Sketch> {
        (bytes.len() == REGISTERS && bytes.iter().all(|r| u32::from(*r) <= 64 - P + 1))
            .then_some(Sketch(bytes))
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Adds one visitor, by a 64-bit hash of its key (uniformly spread: a keyed hash).
    pub fn insert(&mut self, hash: u64) {
        let index = usize::try_from(hash >> (64 - P)).unwrap_or(0);
        let rest = hash << P;
        // The position of the first one bit in what is left (1 when it is the first bit).
        let rank = u8::try_from(rest.leading_zeros().min(64 - P) + 1).unwrap_or(u8::MAX);
        if let Some(r) = self.0.get_mut(index) {
            *r = (*r).max(rank);
        }
    }

    /// Takes in another sketch's visitors (a visitor in both counts once).
    pub fn merge(&mut self, other: &Sketch) {
        for (mine, theirs) in self.0.iter_mut().zip(&other.0) {
            *mine = (*mine).max(*theirs);
        }
    }

    /// How many different visitors it has seen (estimated: see the module's comment).
    pub fn estimate(&self) -> u64 {
        let m = REGISTERS as f64;
        let zeros = self.0.iter().filter(|r| **r == 0).count();
        let sum: f64 = self.0.iter().map(|r| (-f64::from(*r)).exp2()).sum();
        let alpha = 0.7213 / (1.0 + 1.079 / m);
        let raw = alpha * m * m / sum;
        let estimate = if raw <= 2.5 * m && zeros > 0 {
            m * (m / zeros as f64).ln()
        } else {
            raw
        };
        // An estimate of a count: never negative, never more than a u64 holds.
        estimate.round().clamp(0.0, u64::MAX as f64) as u64
    }
}

/// The days an operator looks at: from `first` to `last`, Pyongyang days, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRange {
    pub first: i64,
    pub last: i64,
}

impl DayRange {
    /// The days shown unless others are asked for: the last 90.
    pub const DEFAULT_DAYS: i64 = 90;
    /// The longest range: a year and a day.
    pub const MAX_DAYS: i64 = 366;

    /// The range `from`..`to` (`YYYY-MM-DD`, as a date field sends them) as far as today:
    /// a missing or unreadable end is today, a missing start 90 days before the end; a range
    /// given backwards is turned round and one longer than `MAX_DAYS` keeps its last days.
    pub fn parse(from: Option<&str>, to: Option<&str>, now: i64) -> DayRange {
        let today = PyongyangTime::at(now).day_number();
        let read = |d: Option<&str>| d.and_then(day_of_date).map(|d| d.min(today));
        let (mut first, mut last) = match (read(from), read(to)) {
            (Some(a), Some(b)) => (a.min(b), a.max(b)),
            (Some(a), None) => (a, today),
            (None, Some(b)) => (b - Self::DEFAULT_DAYS + 1, b),
            (None, None) => (today - Self::DEFAULT_DAYS + 1, today),
        };
        if last - first + 1 > Self::MAX_DAYS {
            first = last - Self::MAX_DAYS + 1;
        }
        if first > last {
            last = first;
        }
        DayRange { first, last }
    }

    pub fn days(self) -> impl DoubleEndedIterator<Item = i64> {
        self.first..=self.last
    }

    pub fn len(self) -> i64 {
        self.last - self.first + 1
    }

    pub fn is_empty(self) -> bool {
        self.len() <= 0
    }

    /// The range cut where the closed days end (`closed`: every day up to it has its totals
    /// written): the days read from those totals, and the later ones counted from the orders.
    pub fn split(self, closed: Option<i64>) -> (Option<DayRange>, Option<DayRange>) {
        let Some(closed) = closed else {
            return (None, Some(self));
        };
        let part = |first: i64, last: i64| (first <= last).then_some(DayRange { first, last });
        (
            part(self.first, self.last.min(closed)),
            part(self.first.max(closed + 1), self.last),
        )
    }
}

/// How long after midnight a day is closed and its totals written: anything begun before
/// midnight (a transaction, another server's clock a little behind) has ended by then.
pub const CLOSE_AFTER_SECS: i64 = 3600;

/// The last day that may be closed at `now`.
pub fn last_closable_day(now: i64) -> i64 {
    PyongyangTime::at(now - CLOSE_AFTER_SECS).day_number() - 1
}

/// The Pyongyang day of a date written `YYYY-MM-DD`.
pub fn day_of_date(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1970..=9999).contains(&y) || !super::time::is_calendar_date(y, m, d) {
        return None;
    }
    // Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
    let (y, m, d) = (i64::from(y), i64::from(m), i64::from(d));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The date of a Pyongyang day, `YYYY-MM-DD`.
pub fn date_of_day(day: i64) -> String {
    let t = PyongyangTime::at(PyongyangTime::midnight_of(day));
    format!("{:04}-{:02}-{:02}", t.year(), t.month(), t.day())
}

/// One day's traffic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrafficDay {
    pub day: i64,
    pub views: u64,
    /// Different visitors (address and browser) that day.
    pub visitors: u64,
    /// Different signed-in accounts that day.
    pub users: u64,
}

/// Different visitors and accounts over a span of days (their sketches merged).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Uniques {
    pub days: i64,
    pub visitors: u64,
    pub users: u64,
}

/// One day's sales, as the orders and the ledger have them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesDay {
    pub day: i64,
    /// Orders placed that day.
    pub placed: u64,
    /// Orders delivered that day.
    pub delivered: u64,
    /// Money captured to sellers that day (at a courier's pick-up).
    pub captured: Won,
    /// Money given back to buyers that day.
    pub refunded: Won,
}

/// The orders placed over the range in one city, category or seller, and the goods' worth.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub name: Localized,
    /// Orders placed (with goods of the category, for a category).
    pub orders: u64,
    /// The goods' worth at the prices paid (delivery fees aside).
    pub goods: Won,
}

/// The deliveries of one city over the range: within the slot the shopper chose, or after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnTime {
    pub city: Localized,
    pub on_time: u64,
    pub late: u64,
}

impl OnTime {
    /// Late deliveries in tenths of a percent of the city's deliveries (`None`: none).
    pub fn late_permille(&self) -> Option<u64> {
        let all = self.on_time + self.late;
        (all > 0).then(|| self.late * 1000 / all)
    }
}

/// The range's sales by city, category and seller, and its deliveries on time by city.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breakdown {
    pub cities: Vec<Share>,
    pub categories: Vec<Share>,
    pub sellers: Vec<Share>,
    pub on_time: Vec<OnTime>,
}

/// `/operator`: the bureau's figures over a range of days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub range: DayRange,
    /// Every day of the range, oldest first.
    pub traffic: Vec<TrafficDay>,
    /// The whole range, its last 7 days and its last 30.
    pub uniques: Vec<Uniques>,
    /// Views over the range by kind of page, most first.
    pub by_kind: Vec<(PageKind, u64)>,
    /// Views over the range on phones and on PCs.
    pub phone_views: u64,
    pub pc_views: u64,
    /// Every day of the range, oldest first.
    pub sales: Vec<SalesDay>,
    /// Sales by city, category and seller, most first; deliveries on time by city.
    pub breakdown: Breakdown,
    /// From a product's page to its delivery.
    pub funnel: Funnel,
    /// The queries asked most, and the ones that most often found nothing.
    pub searches: Vec<SearchCount>,
    pub empty_searches: Vec<SearchCount>,
}

/// What the dashboard is made of, as the database has it (days without anything are missing).
pub struct Figures {
    /// Views by day.
    pub views: Vec<(i64, u64)>,
    /// Each day's sketches of visitors and accounts.
    pub sketches: Vec<(i64, Sketch, Sketch)>,
    /// Views over the range by kind of page and device.
    pub kinds: Vec<(PageKind, Device, u64)>,
    pub sales: Vec<SalesDay>,
    pub breakdown: Breakdown,
    /// Goods put in carts over the range.
    pub cart_adds: u64,
    /// Of the orders placed over the range, the ones delivered (by now).
    pub delivered_of_placed: u64,
    pub searches: Vec<SearchCount>,
    pub empty_searches: Vec<SearchCount>,
}

impl Dashboard {
    /// The dashboard of `range` from its figures: every day filled in, the sketches merged over
    /// the range, its last 30 days and its last 7.
    pub fn assemble(range: DayRange, f: Figures) -> Dashboard {
        let traffic = range
            .days()
            .map(|day| {
                let views = f.views.iter().filter(|v| v.0 == day).map(|v| v.1).sum();
                let (visitors, users) = f
                    .sketches
                    .iter()
                    .find(|s| s.0 == day)
                    .map_or((0, 0), |s| (s.1.estimate(), s.2.estimate()));
                TrafficDay {
                    day,
                    views,
                    visitors,
                    users,
                }
            })
            .collect();
        let mut spans = vec![range.len()];
        spans.extend([30, 7].into_iter().filter(|n| *n < range.len()));
        let uniques = spans
            .into_iter()
            .map(|days| {
                let (mut visitors, mut users) = (Sketch::default(), Sketch::default());
                for (_, v, u) in f.sketches.iter().filter(|s| s.0 > range.last - days) {
                    visitors.merge(v);
                    users.merge(u);
                }
                Uniques {
                    days,
                    visitors: visitors.estimate(),
                    users: users.estimate(),
                }
            })
            .collect();
        let mut by_kind: Vec<(PageKind, u64)> = PageKind::ALL
            .into_iter()
            .map(|k| {
                let n = f.kinds.iter().filter(|x| x.0 == k).map(|x| x.2).sum();
                (k, n)
            })
            .filter(|(_, n)| *n > 0)
            .collect();
        by_kind.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let on = |d: Device| f.kinds.iter().filter(|x| x.1 == d).map(|x| x.2).sum();
        let sales = range
            .days()
            .map(|day| {
                f.sales
                    .iter()
                    .find(|s| s.day == day)
                    .cloned()
                    .unwrap_or(SalesDay {
                        day,
                        ..Default::default()
                    })
            })
            .collect();
        let of_kind = |k: PageKind| by_kind.iter().find(|x| x.0 == k).map_or(0, |x| x.1);
        let funnel = Funnel {
            viewed: of_kind(PageKind::Product),
            added_to_cart: f.cart_adds,
            checkout: of_kind(PageKind::Checkout),
            paid: f.sales.iter().map(|d| d.placed).sum(),
            delivered: f.delivered_of_placed,
        };
        Dashboard {
            range,
            traffic,
            uniques,
            phone_views: on(Device::Phone),
            pc_views: on(Device::Pc),
            by_kind,
            sales,
            breakdown: f.breakdown,
            funnel,
            searches: f.searches,
            empty_searches: f.empty_searches,
        }
    }

    pub fn views(&self) -> u64 {
        self.traffic.iter().map(|d| d.views).sum()
    }

    pub fn placed(&self) -> u64 {
        self.sales.iter().map(|d| d.placed).sum()
    }

    pub fn delivered(&self) -> u64 {
        self.sales.iter().map(|d| d.delivered).sum()
    }

    pub fn captured(&self) -> Won {
        self.sales.iter().map(|d| d.captured).sum()
    }

    pub fn refunded(&self) -> Won {
        self.sales.iter().map(|d| d.refunded).sum()
    }

    /// The traffic by day as CSV (`day,views,visitors,users`).
    pub fn traffic_csv(&self) -> String {
        let mut csv = String::from("day,views,visitors,users\n");
        for d in &self.traffic {
            csv.push_str(&format!(
                "{},{},{},{}\n",
                date_of_day(d.day),
                d.views,
                d.visitors,
                d.users
            ));
        }
        csv
    }

    /// The sales by day as CSV (`day,placed,delivered,captured_won,refunded_won`).
    pub fn sales_csv(&self) -> String {
        let mut csv = String::from("day,placed,delivered,captured_won,refunded_won\n");
        for d in &self.sales {
            csv.push_str(&format!(
                "{},{},{},{},{}\n",
                date_of_day(d.day),
                d.placed,
                d.delivered,
                d.captured.as_decimal(),
                d.refunded.as_decimal()
            ));
        }
        csv
    }

    /// Sales by city, category or seller as CSV (`name_ko,name_en,orders,goods_won`).
    pub fn shares_csv(shares: &[Share]) -> String {
        let mut csv = String::from("name_ko,name_en,orders,goods_won\n");
        for s in shares {
            csv.push_str(&format!(
                "{},{},{},{}\n",
                csv_text(&s.name.ko),
                csv_text(&s.name.en),
                s.orders,
                s.goods.as_decimal()
            ));
        }
        csv
    }

    /// Deliveries on time and late by city as CSV (`city_ko,city_en,on_time,late`).
    pub fn on_time_csv(&self) -> String {
        let mut csv = String::from("city_ko,city_en,on_time,late\n");
        for c in &self.breakdown.on_time {
            csv.push_str(&format!(
                "{},{},{},{}\n",
                csv_text(&c.city.ko),
                csv_text(&c.city.en),
                c.on_time,
                c.late
            ));
        }
        csv
    }

    /// The funnel as CSV (`step,count`).
    pub fn funnel_csv(&self) -> String {
        let mut csv = String::from("step,count\n");
        for (step, n, _) in self.funnel.steps() {
            csv.push_str(&format!("{},{n}\n", step.code()));
        }
        csv
    }

    /// Searches as CSV (`query,searches,empty`).
    pub fn searches_csv(searches: &[SearchCount]) -> String {
        let mut csv = String::from("query,searches,empty\n");
        for s in searches {
            csv.push_str(&format!(
                "{},{},{}\n",
                csv_text(&s.query),
                s.searches,
                s.empty
            ));
        }
        csv
    }

    /// Views by kind of page as CSV (`page,views`).
    pub fn pages_csv(&self) -> String {
        let mut csv = String::from("page,views\n");
        for (kind, n) in &self.by_kind {
            csv.push_str(&format!("{},{n}\n", kind.code()));
        }
        csv
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spread of hashes, as a keyed hash gives (SplitMix64).
    fn hashes(seed: u64, n: u64) -> impl Iterator<Item = u64> {
        (0..n).map(move |i| {
            let mut z = seed.wrapping_add(i.wrapping_mul(0x9e37_79b9_7f4a_7c15));
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        })
    }

    #[test]
    fn searches_are_counted_by_their_words() {
        assert_eq!(
            search_key("  Cream   BUNS "),
            Some("cream buns".to_string())
        );
        assert_eq!(search_key("크림빵"), Some("크림빵".to_string()));
        assert_eq!(search_key(" \t "), None);
        let long = "가".repeat(MAX_QUERY_CHARS + 20);
        assert_eq!(
            search_key(&long).map(|k| k.chars().count()),
            Some(MAX_QUERY_CHARS)
        );
        // Cut between two words: no space left at the end.
        let words = format!("{} b", "a".repeat(MAX_QUERY_CHARS - 1));
        assert_eq!(search_key(&words), Some("a".repeat(MAX_QUERY_CHARS - 1)));
    }

    #[test]
    fn the_funnel_shares_are_of_the_products_seen() {
        let f = Funnel {
            viewed: 200,
            added_to_cart: 50,
            checkout: 20,
            paid: 10,
            delivered: 3,
        };
        let steps = f.steps();
        assert_eq!(steps.map(|s| s.0), Step::ALL);
        assert_eq!(
            steps.map(|s| s.2),
            [Some(1000), Some(250), Some(100), Some(50), Some(15)]
        );
        assert_eq!(Funnel::default().steps()[1].2, None);
    }

    #[test]
    fn a_visitor_counts_once_however_often_seen() {
        let mut s = Sketch::default();
        assert_eq!(s.estimate(), 0);
        for h in hashes(1, 3) {
            s.insert(h);
            s.insert(h);
        }
        assert_eq!(s.estimate(), 3);
    }

    #[test]
    fn merged_days_count_a_returning_visitor_once_within_the_stated_error() {
        for n in [1_000u64, 50_000, 400_000] {
            let (mut monday, mut tuesday) = (Sketch::default(), Sketch::default());
            // Half of Tuesday's visitors came on Monday too.
            hashes(7, n).for_each(|h| monday.insert(h));
            hashes(7, n / 2)
                .chain(hashes(99, n / 2))
                .for_each(|h| tuesday.insert(h));
            monday.merge(&tuesday);
            let truth = n + n / 2;
            let err = monday.estimate().abs_diff(truth) as f64 / truth as f64;
            // Three standard errors.
            assert!(err < 0.049, "{n}: {} for {truth}", monday.estimate());
        }
    }

    #[test]
    fn a_stored_sketch_must_be_one() {
        let s = Sketch::default();
        assert_eq!(Sketch::from_bytes(s.as_bytes().to_vec()), Some(s));
        assert_eq!(Sketch::from_bytes(vec![0; 10]), None);
        assert_eq!(Sketch::from_bytes(vec![200; REGISTERS]), None);
    }

    #[test]
    fn pages_are_told_by_their_path() {
        assert_eq!(PageKind::of_path("/"), (PageKind::Home, None));
        assert_eq!(
            PageKind::of_path("/p/12"),
            (PageKind::Product, Some(ProductId::new(12)))
        );
        assert_eq!(PageKind::of_path("/p/x"), (PageKind::Product, None));
        assert_eq!(PageKind::of_path("/seller/p/3").0, PageKind::Console);
        assert_eq!(PageKind::of_path("/orders/5").0, PageKind::Orders);
        for k in PageKind::ALL {
            assert_eq!(PageKind::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn robots_and_phones_are_told_by_their_agent() {
        let phone = "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36";
        let pc =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120 Safari/537.36";
        assert_eq!(Device::of_agent(phone), Device::Phone);
        assert_eq!(Device::of_agent(pc), Device::Pc);
        assert!(!is_robot(phone) && !is_robot(pc));
        for robot in [
            "",
            "curl/8.5",
            "Googlebot/2.1",
            "Mozilla/5.0 (compatible; bingbot/2.0)",
            "python-requests/2",
            "Uptime-Monitor",
            "SomeBot",
            // A program naming its page as robots do ("+http…"), here one of the intranet's own.
            "Mozilla/5.0 (compatible; Naenara-Index/1.0; +http:/about/index)",
        ] {
            assert!(is_robot(robot), "{robot}");
        }
        let cubot = "Mozilla/5.0 (Linux; Android 9; CUBOT_X19) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36";
        assert!(!is_robot(cubot));
    }

    #[test]
    fn dates_and_days_agree() {
        assert_eq!(day_of_date("1970-01-01"), Some(0));
        assert_eq!(day_of_date("2026-12-06"), Some(20_793));
        assert_eq!(date_of_day(20_793), "2026-12-06");
        for bad in ["2026-02-30", "26-12-06", "2026-1-6", "x", "2026-12-06-1"] {
            assert_eq!(day_of_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_range_is_read_forgivingly_and_kept_short() {
        let now = PyongyangTime::midnight_of(20_793) + 3600;
        assert_eq!(
            DayRange::parse(None, None, now),
            DayRange {
                first: 20_704,
                last: 20_793
            }
        );
        let r = DayRange::parse(Some("2026-12-01"), Some("2026-11-30"), now);
        assert_eq!((r.first, r.last), (20_787, 20_788));
        let r = DayRange::parse(Some("2020-01-01"), Some("2030-01-01"), now);
        assert_eq!((r.len(), r.last), (DayRange::MAX_DAYS, 20_793));
    }

    #[test]
    fn a_range_is_cut_where_the_closed_days_end() {
        let r = |first, last| DayRange { first, last };
        let range = r(100, 189);
        assert_eq!(range.split(None), (None, Some(range)));
        assert_eq!(range.split(Some(50)), (None, Some(range)));
        assert_eq!(range.split(Some(99)), (None, Some(range)));
        assert_eq!(
            range.split(Some(100)),
            (Some(r(100, 100)), Some(r(101, 189)))
        );
        assert_eq!(
            range.split(Some(188)),
            (Some(r(100, 188)), Some(r(189, 189)))
        );
        assert_eq!(range.split(Some(189)), (Some(range), None));
        assert_eq!(range.split(Some(300)), (Some(range), None));
    }

    #[test]
    fn a_day_is_closed_an_hour_after_its_midnight() {
        let midnight = PyongyangTime::midnight_of(20_793);
        assert_eq!(last_closable_day(midnight), 20_791);
        assert_eq!(last_closable_day(midnight + CLOSE_AFTER_SECS - 1), 20_791);
        assert_eq!(last_closable_day(midnight + CLOSE_AFTER_SECS), 20_792);
        assert_eq!(last_closable_day(midnight + 86_399), 20_792);
    }
}
