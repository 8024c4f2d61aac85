//! A seller's sales figures over the last 30 or 90 days: money by day (as the ledger has it:
//! captured when a courier picks an order up, less what was refunded), orders by day, goods by
//! product, and how deliveries went. The figures are the ledger's; this module only adds them up
//! and writes them out (the CSV download).

use super::{catalog::Localized, time::PyongyangTime, ProductId, Won};
use serde::{Deserialize, Serialize};

/// How far back the figures go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Window {
    #[default]
    Days30,
    Days90,
}

impl Window {
    pub const ALL: [Window; 2] = [Window::Days30, Window::Days90];

    /// `?days=90` is 90 days; anything else the last 30.
    pub fn parse(days: Option<u32>) -> Window {
        match days {
            Some(90) => Window::Days90,
            _ => Window::Days30,
        }
    }

    pub fn days(self) -> u32 {
        match self {
            Window::Days30 => 30,
            Window::Days90 => 90,
        }
    }

    /// The Pyongyang days it covers, ending with the day of `now`: (first, last).
    pub fn span(self, now: i64) -> (i64, i64) {
        let today = PyongyangTime::at(now).day_number();
        (today - i64::from(self.days()) + 1, today)
    }
}

/// One day's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaySales {
    /// The Pyongyang day, counted from 1970-01-01.
    pub day: i64,
    /// Orders placed that day.
    pub orders: u32,
    /// Money captured to the seller that day.
    pub captured: Won,
    /// Money given back from the seller that day.
    pub refunded: Won,
}

impl DaySales {
    /// What the seller kept: captured less refunded (below zero on a day of more refunds).
    pub fn revenue(&self) -> Won {
        self.captured - self.refunded
    }
}

/// One product's goods in the orders captured in the window, at the prices paid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductSales {
    pub id: ProductId,
    pub name: Localized,
    pub orders: u32,
    pub units: u32,
    pub sales: Won,
}

/// How the deliveries that ended in the window went.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deliveries {
    pub delivered: u32,
    pub failed: u32,
    /// From placing the order to its delivery, in seconds, over the delivered orders.
    pub total_secs: i64,
}

impl Deliveries {
    /// The mean time from placing to delivery (`None` before the first delivery).
    pub fn average_secs(&self) -> Option<i64> {
        (self.delivered > 0).then(|| self.total_secs / i64::from(self.delivered))
    }

    /// Failed deliveries in tenths of a percent of the deliveries that ended (`None`: none
    /// ended). 1 failed of 3 is 333 (33.3 %).
    pub fn failed_permille(&self) -> Option<u32> {
        let ended = self.delivered + self.failed;
        (ended > 0).then(|| {
            let share = u64::from(self.failed) * 1000 / u64::from(ended);
            u32::try_from(share).unwrap_or(1000)
        })
    }
}

/// `/seller/sales`: the figures of one window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesReport {
    pub seller: Localized,
    pub window: Window,
    /// Every day of the window, oldest first (a day without sales has zeros).
    pub by_day: Vec<DaySales>,
    /// Best-selling first.
    pub by_product: Vec<ProductSales>,
    pub deliveries: Deliveries,
}

impl SalesReport {
    /// Days of the window filled in from the days that had something (`days`, any order).
    pub fn every_day(window: Window, now: i64, days: Vec<DaySales>) -> Vec<DaySales> {
        let (first, last) = window.span(now);
        (first..=last)
            .map(|day| {
                days.iter().filter(|d| d.day == day).fold(
                    DaySales {
                        day,
                        ..Default::default()
                    },
                    |a, d| DaySales {
                        day,
                        orders: a.orders + d.orders,
                        captured: a.captured + d.captured,
                        refunded: a.refunded + d.refunded,
                    },
                )
            })
            .collect()
    }

    pub fn captured(&self) -> Won {
        self.by_day.iter().map(|d| d.captured).sum()
    }

    pub fn refunded(&self) -> Won {
        self.by_day.iter().map(|d| d.refunded).sum()
    }

    pub fn revenue(&self) -> Won {
        self.captured() - self.refunded()
    }

    pub fn orders(&self) -> u32 {
        self.by_day.iter().map(|d| d.orders).sum()
    }

    /// The figures by day as CSV (RFC 4180, a header line, dates as `YYYY-MM-DD`, won as plain
    /// decimals).
    pub fn days_csv(&self) -> String {
        let mut out = String::from("date,orders,captured_won,refunded_won,revenue_won\r\n");
        for d in &self.by_day {
            let date = PyongyangTime::at(PyongyangTime::midnight_of(d.day));
            out.push_str(&format!(
                "{:04}-{:02}-{:02},{},{},{},{}\r\n",
                date.year(),
                date.month(),
                date.day(),
                d.orders,
                d.captured.as_decimal(),
                d.refunded.as_decimal(),
                d.revenue().as_decimal()
            ));
        }
        out
    }

    /// The figures by product as CSV.
    pub fn products_csv(&self) -> String {
        let mut out = String::from("product_id,name_ko,name_en,orders,units,sales_won\r\n");
        for p in &self.by_product {
            out.push_str(&format!(
                "{},{},{},{},{},{}\r\n",
                p.id,
                csv_text(&p.name.ko),
                csv_text(&p.name.en),
                p.orders,
                p.units,
                p.sales.as_decimal()
            ));
        }
        out
    }
}

/// A text cell: quoted, quotes doubled, and one a spreadsheet would read as a formula (`=`, `+`,
/// `-`, `@`, a tab or a carriage return first) made text with a leading `'`.
pub fn csv_text(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hostile_name_stays_one_text_cell() {
        assert_eq!(csv_text("양말, \"좋은\""), "\"양말, \"\"좋은\"\"\"");
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_text("-1"), "\"'-1\"");
        assert_eq!(csv_text("크림빵"), "\"크림빵\"");
    }

    #[test]
    fn the_window_is_30_days_unless_90_are_asked_for() {
        assert_eq!(Window::parse(None), Window::Days30);
        assert_eq!(Window::parse(Some(7)), Window::Days30);
        assert_eq!(Window::parse(Some(90)), Window::Days90);
        let (first, last) = Window::Days90.span(1_765_000_000);
        assert_eq!(last - first + 1, 90);
    }

    #[test]
    fn every_day_of_the_window_has_a_row_and_the_totals_add_up() {
        let now = 1_765_000_000;
        let (first, last) = Window::Days30.span(now);
        let days = vec![
            DaySales {
                day: last,
                orders: 2,
                captured: Won::from_won(300),
                refunded: Won::ZERO,
            },
            DaySales {
                day: last,
                orders: 0,
                captured: Won::ZERO,
                refunded: Won::from_won(100),
            },
            DaySales {
                day: first,
                orders: 1,
                captured: Won::from_won(50),
                refunded: Won::ZERO,
            },
        ];
        let report = SalesReport {
            seller: Localized::new("금성", "Kumsong"),
            window: Window::Days30,
            by_day: SalesReport::every_day(Window::Days30, now, days),
            by_product: Vec::new(),
            deliveries: Deliveries::default(),
        };
        assert_eq!(report.by_day.len(), 30);
        assert_eq!(report.by_day[29].revenue(), Won::from_won(200));
        assert_eq!(report.revenue(), Won::from_won(250));
        assert_eq!(report.orders(), 3);
        assert_eq!(report.days_csv().lines().count(), 31);
    }

    #[test]
    fn the_failed_share_and_the_average_time() {
        let d = Deliveries {
            delivered: 2,
            failed: 1,
            total_secs: 7_200,
        };
        assert_eq!(d.failed_permille(), Some(333));
        assert_eq!(d.average_secs(), Some(3_600));
        assert_eq!(Deliveries::default().failed_permille(), None);
        assert_eq!(Deliveries::default().average_secs(), None);
    }
}
