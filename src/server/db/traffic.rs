//! Page views and visitors by day (written in batches by `server::traffic`), and the shop's sales
//! by day as the orders and the ledger have them, for the operators' dashboard. Days are
//! Pyongyang's (UTC+9): `(at + 32400) / 86400`.

use super::{rows, DbError, Tx};
use crate::{
    domain::{
        catalog::Localized,
        slot::Slot,
        time::PyongyangTime,
        traffic::{
            Breakdown, DayRange, Device, OnTime, PageKind, SalesDay, SearchCount, Share, Sketch,
            SEARCHES_KEPT_A_DAY, SEARCHES_SHOWN,
        },
        ProductId, Won,
    },
    i18n::Lang,
};
use sqlx::AnyPool;
use std::collections::{BTreeMap, HashMap};

/// Views of one kind of page in one language on one device, on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ViewKey {
    pub day: i64,
    pub kind: PageKind,
    pub lang: Lang,
    pub device: Device,
}

/// Adds views to the day's counts.
pub async fn add_views(tx: &mut Tx<'_>, key: ViewKey, views: u64) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO page_view_days (day, kind, lang, device, views) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (day, kind, lang, device) DO UPDATE SET views = page_view_days.views + excluded.views",
    )
    .bind(key.day)
    .bind(key.kind.code())
    .bind(key.lang.code())
    .bind(key.device.code())
    .bind(count(views))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Adds views of a product's page to the day's count.
pub async fn add_product_views(
    tx: &mut Tx<'_>,
    day: i64,
    product: ProductId,
    views: u64,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO product_view_days (day, product_id, views) VALUES ($1, $2, $3) \
         ON CONFLICT (day, product_id) DO UPDATE SET views = product_view_days.views + excluded.views",
    )
    .bind(day)
    .bind(product.get())
    .bind(count(views))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Adds searches of a query (`searches`, of which `empty` found nothing) to the day's counts. A
/// query new to a day that already keeps `SEARCHES_KEPT_A_DAY` different ones is not kept.
pub async fn add_searches(
    tx: &mut Tx<'_>,
    day: i64,
    query: &str,
    searches: u64,
    empty: u64,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO search_days (day, query, searches, empty) SELECT $1, $2, $3, $4 \
         WHERE EXISTS (SELECT 1 FROM search_days WHERE day = $1 AND query = $2) \
            OR (SELECT COUNT(*) FROM search_days WHERE day = $1) < $5 \
         ON CONFLICT (day, query) DO UPDATE SET searches = search_days.searches + excluded.searches, \
             empty = search_days.empty + excluded.empty",
    )
    .bind(day)
    .bind(query)
    .bind(count(searches))
    .bind(count(empty))
    .bind(count(SEARCHES_KEPT_A_DAY as u64))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Adds goods put in carts to the day's count.
pub async fn add_cart_adds(tx: &mut Tx<'_>, day: i64, adds: u64) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO cart_add_days (day, adds) VALUES ($1, $2) \
         ON CONFLICT (day) DO UPDATE SET adds = cart_add_days.adds + excluded.adds",
    )
    .bind(day)
    .bind(count(adds))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Merges sketches of the day's visitors and accounts into the stored ones. The row is held
/// from the first statement on, so two servers merging at once both count.
pub async fn merge_sketches(
    tx: &mut Tx<'_>,
    day: i64,
    visitors: &Sketch,
    users: &Sketch,
) -> Result<(), DbError> {
    let (stored_visitors, stored_users): (Vec<u8>, Vec<u8>) = sqlx::query_as(
        "INSERT INTO visitor_days (day, visitors, users) VALUES ($1, $2, $3) \
         ON CONFLICT (day) DO UPDATE SET day = excluded.day RETURNING visitors, users",
    )
    .bind(day)
    .bind(visitors.as_bytes())
    .bind(users.as_bytes())
    .fetch_one(&mut **tx)
    .await?;
    // A stored sketch that isn't one is written afresh (it must not stop every later write).
    let (mut v, mut u) = (
        sketch(stored_visitors, "visitors").unwrap_or_else(|e| fresh(e, day)),
        sketch(stored_users, "users").unwrap_or_else(|e| fresh(e, day)),
    );
    v.merge(visitors);
    u.merge(users);
    sqlx::query("UPDATE visitor_days SET visitors = $2, users = $3 WHERE day = $1")
        .bind(day)
        .bind(v.as_bytes())
        .bind(u.as_bytes())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn fresh(err: DbError, day: i64) -> Sketch {
    tracing::error!(error = %err, day, "a stored sketch of visitors is broken: started again");
    Sketch::default()
}

fn sketch(bytes: Vec<u8>, column: &'static str) -> Result<Sketch, DbError> {
    let len = bytes.len();
    Sketch::from_bytes(bytes).ok_or_else(|| DbError::Corrupt {
        table: "visitor_days",
        column,
        value: format!("{len} bytes"),
    })
}

/// The Pyongyang day of a stored instant, in SQL.
pub(super) fn day_of(column: &str) -> String {
    format!("(({column} + 32400) / 86400)")
}

pub struct Traffic<'a> {
    pool: &'a AnyPool,
}

impl<'a> Traffic<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    /// Views by day over the range (days without views are missing).
    pub async fn views_by_day(&self, range: DayRange) -> Result<Vec<(i64, u64)>, DbError> {
        let found: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT day, CAST(SUM(views) AS BIGINT) FROM page_view_days \
             WHERE day BETWEEN $1 AND $2 GROUP BY day",
        )
        .bind(range.first)
        .bind(range.last)
        .fetch_all(self.pool)
        .await?;
        found
            .into_iter()
            .map(|(day, n)| Ok((day, rows::tally("page_view_days", "views", n)?)))
            .collect()
    }

    /// Views over the range by kind of page and by device.
    pub async fn views_by_kind(
        &self,
        range: DayRange,
    ) -> Result<Vec<(PageKind, Device, u64)>, DbError> {
        let found: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT kind, device, CAST(SUM(views) AS BIGINT) FROM page_view_days \
             WHERE day BETWEEN $1 AND $2 GROUP BY kind, device",
        )
        .bind(range.first)
        .bind(range.last)
        .fetch_all(self.pool)
        .await?;
        found
            .into_iter()
            .map(|(kind, device, n)| {
                let corrupt = |column: &'static str, value: &str| DbError::Corrupt {
                    table: "page_view_days",
                    column,
                    value: value.to_string(),
                };
                Ok((
                    PageKind::from_code(&kind).ok_or_else(|| corrupt("kind", &kind))?,
                    Device::from_code(&device).ok_or_else(|| corrupt("device", &device))?,
                    rows::tally("page_view_days", "views", n)?,
                ))
            })
            .collect()
    }

    /// The sketches of the range's days that had visitors: (day, visitors, accounts).
    pub async fn sketches(&self, range: DayRange) -> Result<Vec<(i64, Sketch, Sketch)>, DbError> {
        let found: Vec<(i64, Vec<u8>, Vec<u8>)> = sqlx::query_as(
            "SELECT day, visitors, users FROM visitor_days WHERE day BETWEEN $1 AND $2",
        )
        .bind(range.first)
        .bind(range.last)
        .fetch_all(self.pool)
        .await?;
        // A broken row counts as a day without visitors (and is written afresh by the next
        // merge) rather than failing the whole dashboard.
        Ok(found
            .into_iter()
            .filter_map(
                |(day, v, u)| match (sketch(v, "visitors"), sketch(u, "users")) {
                    (Ok(v), Ok(u)) => Some((day, v, u)),
                    (Err(e), _) | (_, Err(e)) => {
                        tracing::error!(error = %e, day, "a stored sketch of visitors is broken");
                        None
                    }
                },
            )
            .collect())
    }

    /// Goods put in carts over the range.
    pub async fn cart_adds(&self, range: DayRange) -> Result<u64, DbError> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(adds), 0) AS BIGINT) FROM cart_add_days \
             WHERE day BETWEEN $1 AND $2",
        )
        .bind(range.first)
        .bind(range.last)
        .fetch_one(self.pool)
        .await?;
        rows::tally("cart_add_days", "adds", n)
    }

    /// The queries asked most over the range (`empty`: the ones that most often found nothing),
    /// `SEARCHES_SHOWN` of them.
    pub async fn searches(
        &self,
        range: DayRange,
        empty: bool,
    ) -> Result<Vec<SearchCount>, DbError> {
        let (having, most) = if empty {
            ("HAVING SUM(empty) > 0", "e")
        } else {
            ("", "n")
        };
        let found: Vec<(String, i64, i64)> = sqlx::query_as(&format!(
            "SELECT query, CAST(SUM(searches) AS BIGINT) AS n, CAST(SUM(empty) AS BIGINT) AS e \
             FROM search_days WHERE day BETWEEN $1 AND $2 GROUP BY query {having} \
             ORDER BY {most} DESC, query LIMIT {SEARCHES_SHOWN}"
        ))
        .bind(range.first)
        .bind(range.last)
        .fetch_all(self.pool)
        .await?;
        found
            .into_iter()
            .map(|(query, n, e)| {
                Ok(SearchCount {
                    query,
                    searches: rows::tally("search_days", "searches", n)?,
                    empty: rows::tally("search_days", "empty", e)?,
                })
            })
            .collect()
    }

    /// The last closed day (`db::closed_days`): the days up to it are read from their totals.
    pub async fn last_closed_day(&self) -> Result<Option<i64>, DbError> {
        let last: Option<Option<i64>> =
            sqlx::query_scalar("SELECT last_day FROM closed_days WHERE id = 1")
                .fetch_optional(self.pool)
                .await?;
        Ok(last.flatten())
    }

    /// Of the orders placed over the range, the ones delivered by now: those handed over on a
    /// closed day (up to `closed`) from their totals, the later ones from the orders.
    pub async fn delivered_of_placed(
        &self,
        range: DayRange,
        closed: Option<i64>,
    ) -> Result<u64, DbError> {
        let mut n = 0;
        if let Some(closed) = closed {
            let (rolled,): (i64,) = sqlx::query_as(
                "SELECT CAST(COALESCE(SUM(orders), 0) AS BIGINT) FROM delivered_days \
                 WHERE placed_day BETWEEN $1 AND $2 AND day <= $3",
            )
            .bind(range.first)
            .bind(range.last)
            .bind(closed)
            .fetch_one(self.pool)
            .await?;
            n += rows::tally("delivered_days", "orders", rolled)?;
        }
        let (from, until) = span(range);
        let since = closed.map_or(i64::MIN, |day| PyongyangTime::midnight_of(day + 1));
        let (live,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM order_events e JOIN orders o ON o.id = e.order_id \
             WHERE e.status = 'delivered' AND e.at >= $3 \
                 AND o.created_at >= $1 AND o.created_at < $2",
        )
        .bind(from)
        .bind(until)
        .bind(since)
        .fetch_one(self.pool)
        .await?;
        Ok(n + rows::tally("orders", "id", live)?)
    }

    /// Orders placed and delivered, money captured and refunded, by day over the range (days
    /// without any may be missing): closed days (up to `closed`) from their totals.
    pub async fn sales_by_day(
        &self,
        range: DayRange,
        closed: Option<i64>,
    ) -> Result<Vec<SalesDay>, DbError> {
        let (rolled, live) = range.split(closed);
        let mut days = match live {
            Some(live) => self.live_sales_by_day(live).await?,
            None => Vec::new(),
        };
        if let Some(rolled) = rolled {
            let found: Vec<(i64, i64, i64, i64, i64)> = sqlx::query_as(
                "SELECT day, placed, delivered, captured_chon, refunded_chon FROM sales_days \
                 WHERE day BETWEEN $1 AND $2",
            )
            .bind(rolled.first)
            .bind(rolled.last)
            .fetch_all(self.pool)
            .await?;
            for (day, placed, delivered, captured, refunded) in found {
                days.push(SalesDay {
                    day,
                    placed: rows::tally("sales_days", "placed", placed)?,
                    delivered: rows::tally("sales_days", "delivered", delivered)?,
                    captured: Won::from_chon(captured),
                    refunded: Won::from_chon(refunded),
                });
            }
        }
        days.sort_by_key(|d| d.day);
        Ok(days)
    }

    async fn live_sales_by_day(&self, range: DayRange) -> Result<Vec<SalesDay>, DbError> {
        let (from, until) = span(range);
        let placed: Vec<(i64, i64)> = sqlx::query_as(&format!(
            "SELECT {day} AS day, COUNT(*) FROM orders \
             WHERE created_at >= $1 AND created_at < $2 GROUP BY {day}",
            day = day_of("created_at")
        ))
        .bind(from)
        .bind(until)
        .fetch_all(self.pool)
        .await?;
        let delivered: Vec<(i64, i64)> = sqlx::query_as(&format!(
            "SELECT {day} AS day, COUNT(*) FROM order_events \
             WHERE status = 'delivered' AND at >= $1 AND at < $2 GROUP BY {day}",
            day = day_of("at")
        ))
        .bind(from)
        .bind(until)
        .fetch_all(self.pool)
        .await?;
        let money: Vec<(i64, String, i64)> = sqlx::query_as(&format!(
            "SELECT {day} AS day, kind, CAST(SUM(amount_chon) AS BIGINT) FROM transfers \
             WHERE kind IN ('capture', 'refund') AND created_at >= $1 AND created_at < $2 \
             GROUP BY {day}, kind",
            day = day_of("created_at")
        ))
        .bind(from)
        .bind(until)
        .fetch_all(self.pool)
        .await?;
        let mut days: BTreeMap<i64, SalesDay> = BTreeMap::new();
        fn entry(days: &mut BTreeMap<i64, SalesDay>, day: i64) -> &mut SalesDay {
            days.entry(day).or_insert_with(|| SalesDay {
                day,
                ..Default::default()
            })
        }
        for (day, n) in placed {
            entry(&mut days, day).placed = rows::tally("orders", "id", n)?;
        }
        for (day, n) in delivered {
            entry(&mut days, day).delivered = rows::tally("order_events", "status", n)?;
        }
        for (day, kind, chon) in money {
            let d = entry(&mut days, day);
            if kind == "capture" {
                d.captured = Won::from_chon(chon);
            } else {
                d.refunded = Won::from_chon(chon);
            }
        }
        Ok(days.into_values().collect())
    }

    /// The range's orders by city, top-level category and seller (goods at the prices paid),
    /// and its deliveries by city, within the chosen slot or after it: closed days (up to
    /// `closed`) from their totals, the later ones from the orders.
    pub async fn breakdown(
        &self,
        range: DayRange,
        closed: Option<i64>,
    ) -> Result<Breakdown, DbError> {
        let (rolled, live) = range.split(closed);
        let mut parts = Vec::new();
        for part in [Part::City, Part::Category, Part::Seller] {
            let mut shares = Tallies::default();
            if let Some(rolled) = rolled {
                shares.add(self.closed_shares(part, rolled).await?);
            }
            if let Some(live) = live {
                shares.add(self.live_shares(part, live).await?);
            }
            parts.push(shares.shares()?);
        }
        let mut on_time = Tallies::default();
        if let Some(rolled) = rolled {
            let found = sqlx::query_as(
                "SELECT c.id, c.name_ko, c.name_en, CAST(SUM(t.on_time) AS BIGINT), \
                     CAST(SUM(t.late) AS BIGINT) \
                 FROM on_time_days t JOIN cities c ON c.id = t.city_id \
                 WHERE t.day BETWEEN $1 AND $2 GROUP BY c.id, c.name_ko, c.name_en",
            )
            .bind(rolled.first)
            .bind(rolled.last)
            .fetch_all(self.pool)
            .await?;
            on_time.add(found);
        }
        if let Some(live) = live {
            let (from, until) = span(live);
            let found = sqlx::query_as(&format!(
                "SELECT c.id, c.name_ko, c.name_en, \
                     CAST(SUM(CASE WHEN e.at <= {due} THEN 1 ELSE 0 END) AS BIGINT), \
                     CAST(SUM(CASE WHEN e.at > {due} THEN 1 ELSE 0 END) AS BIGINT) \
                 FROM order_events e JOIN orders o ON o.id = e.order_id \
                 JOIN districts d ON d.id = o.district_id JOIN cities c ON c.id = d.city_id \
                 WHERE e.status = 'delivered' AND e.at >= $1 AND e.at < $2 \
                 GROUP BY c.id, c.name_ko, c.name_en",
                due = due()
            ))
            .bind(from)
            .bind(until)
            .fetch_all(self.pool)
            .await?;
            on_time.add(found);
        }
        let (sellers, categories, cities) = (parts.pop(), parts.pop(), parts.pop());
        Ok(Breakdown {
            cities: cities.unwrap_or_default(),
            categories: categories.unwrap_or_default(),
            sellers: sellers.unwrap_or_default(),
            on_time: on_time.on_time()?,
        })
    }

    /// The closed days' orders of one part: (id, name in Korean and English, orders, goods).
    async fn closed_shares(&self, part: Part, range: DayRange) -> Result<Vec<Counted>, DbError> {
        Ok(sqlx::query_as(&format!(
            "SELECT x.id, x.name_ko, x.name_en, CAST(SUM(s.orders) AS BIGINT), \
                 CAST(SUM(s.goods_chon) AS BIGINT) \
             FROM share_days s JOIN {table} x ON x.id = s.id \
             WHERE s.part = $1 AND s.day BETWEEN $2 AND $3 \
             GROUP BY x.id, x.name_ko, x.name_en",
            table = part.table()
        ))
        .bind(part.code())
        .bind(range.first)
        .bind(range.last)
        .fetch_all(self.pool)
        .await?)
    }

    /// The orders of one part counted from the orders themselves, as `closed_shares` has them.
    async fn live_shares(&self, part: Part, range: DayRange) -> Result<Vec<Counted>, DbError> {
        // `x` is what the orders are grouped by; `goods` their worth.
        let (joins, orders, goods) = match part {
            Part::City => (
                "JOIN districts d ON d.id = o.district_id JOIN cities x ON x.id = d.city_id",
                "COUNT(*)",
                "o.goods_chon",
            ),
            Part::Category => (
                "JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id \
                 JOIN categories k ON k.id = p.category_id \
                 JOIN categories x ON x.id = COALESCE(k.parent_id, k.id)",
                "COUNT(DISTINCT o.id)",
                "l.price_chon * l.quantity",
            ),
            Part::Seller => (
                "JOIN sellers x ON x.id = o.seller_id",
                "COUNT(*)",
                "o.goods_chon",
            ),
        };
        let (from, until) = span(range);
        Ok(sqlx::query_as(&format!(
            "SELECT x.id, x.name_ko, x.name_en, {orders}, \
                 CAST(COALESCE(SUM({goods}), 0) AS BIGINT) \
             FROM orders o {joins} \
             WHERE o.created_at >= $1 AND o.created_at < $2 \
             GROUP BY x.id, x.name_ko, x.name_en"
        ))
        .bind(from)
        .bind(until)
        .fetch_all(self.pool)
        .await?)
    }
}

/// What the orders are shared out by, as `share_days.part` names it.
#[derive(Clone, Copy)]
enum Part {
    City,
    Category,
    Seller,
}

impl Part {
    fn code(self) -> &'static str {
        match self {
            Part::City => "city",
            Part::Category => "category",
            Part::Seller => "seller",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Part::City => "cities",
            Part::Category => "categories",
            Part::Seller => "sellers",
        }
    }
}

/// A row of counts of something named: its id, its names and two counts.
type Counted = (i64, String, String, i64, i64);

/// Two sums for each named thing, added up by id from several sources.
#[derive(Default)]
struct Tallies(HashMap<i64, (Localized, i64, i64)>);

impl Tallies {
    fn add(&mut self, found: Vec<Counted>) {
        for (id, ko, en, a, b) in found {
            let t = self.0.entry(id).or_insert((Localized::new(ko, en), 0, 0));
            t.1 = t.1.saturating_add(a);
            t.2 = t.2.saturating_add(b);
        }
    }

    /// As shares (orders, and goods in chon), the most goods first.
    fn shares(self) -> Result<Vec<Share>, DbError> {
        let mut shares = self
            .0
            .into_values()
            .map(|(name, orders, goods)| {
                Ok(Share {
                    name,
                    orders: rows::tally("orders", "id", orders)?,
                    goods: Won::from_chon(goods),
                })
            })
            .collect::<Result<Vec<_>, DbError>>()?;
        shares.sort_by(|a, b| {
            b.goods
                .cmp(&a.goods)
                .then_with(|| a.name.en.cmp(&b.name.en))
        });
        Ok(shares)
    }

    /// As cities' deliveries (on time, late), in the order of their English names.
    fn on_time(self) -> Result<Vec<OnTime>, DbError> {
        let mut cities = self
            .0
            .into_values()
            .map(|(city, on_time, late)| {
                Ok(OnTime {
                    city,
                    on_time: rows::tally("order_events", "at", on_time)?,
                    late: rows::tally("order_events", "at", late)?,
                })
            })
            .collect::<Result<Vec<_>, DbError>>()?;
        cities.sort_by(|a, b| a.city.en.cmp(&b.city.en));
        Ok(cities)
    }
}

/// When an order was to arrive, in SQL over `o`: hot food at the time promised, goods by the end
/// of their slot (`Slot::ends_at`).
pub(super) fn due() -> String {
    let ends = Slot::WINDOWS
        .iter()
        .enumerate()
        .map(|(i, (_, end))| format!("WHEN {i} THEN {}", i64::from(*end) * 3600))
        .collect::<Vec<_>>()
        .join(" ");
    // Hot food is due when it was promised; goods by the end of their slot.
    format!(
        "COALESCE((SELECT f.promised_at FROM food_orders f WHERE f.order_id = o.id), \
         o.slot_day * 86400 - 32400 + CASE o.slot_window {ends} END)"
    )
}

/// The instants a range of days covers: from its first midnight to the one after its last day.
fn span(range: DayRange) -> (i64, i64) {
    (
        PyongyangTime::midnight_of(range.first),
        PyongyangTime::midnight_of(range.last + 1),
    )
}
