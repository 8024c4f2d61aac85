//! Counting page views off the request path. A page's request only adds its view to a tally in
//! memory (a lock held for a few hash-map updates); a task writes the tally to the database in
//! one transaction every few seconds, and again on shutdown. The operators' dashboard writes it
//! first too, so what it shows includes the view of a moment ago.
//!
//! Counted: a `GET` of a page answered 200 with HTML, from a browser. Not counted: robots and
//! programs (`domain::traffic::is_robot`), the health check, server functions, pictures and
//! scripts, errors and redirects. A visitor is the keyed hash of the client's address and its
//! browser's `User-Agent`; a signed-in account the keyed hash of its id. Neither is kept: each
//! only sets a register of the day's sketch (see `domain::traffic`).
//!
//! Searches (the first page of a search a person's page asked for) and goods put in a cart are
//! tallied and written the same way; at most `SEARCHES_KEPT_A_DAY` different queries wait in
//! memory, and as many a day are kept in the database.

use super::db::{
    traffic::{self as repo, ViewKey},
    Db, DbError,
};
use crate::{
    domain::{
        traffic::{Device, PageKind, Sketch, SEARCHES_KEPT_A_DAY},
        ProductId,
    },
    i18n::Lang,
};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

/// How often the tally is written.
pub const FLUSH_EVERY: Duration = Duration::from_secs(10);

/// One page seen, as the counter records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct View {
    /// The Pyongyang day.
    pub day: i64,
    pub kind: PageKind,
    pub product: Option<ProductId>,
    pub lang: Lang,
    pub device: Device,
    /// The keyed hash of the visitor's address and browser.
    pub visitor: u64,
    /// The keyed hash of the signed-in account, if any.
    pub user: Option<u64>,
}

/// What was counted since the last write.
#[derive(Default)]
struct Tally {
    views: HashMap<ViewKey, u64>,
    products: HashMap<(i64, ProductId), u64>,
    /// Each day's visitors and accounts.
    days: HashMap<i64, (Sketch, Sketch)>,
    /// (day, query) → (searches, of which found nothing).
    searches: HashMap<(i64, String), (u64, u64)>,
    /// Goods put in a cart, by day.
    cart_adds: HashMap<i64, u64>,
}

impl Tally {
    fn add(&mut self, v: &View) {
        let key = ViewKey {
            day: v.day,
            kind: v.kind,
            lang: v.lang,
            device: v.device,
        };
        *self.views.entry(key).or_default() += 1;
        if let Some(p) = v.product {
            *self.products.entry((v.day, p)).or_default() += 1;
        }
        let (visitors, users) = self.days.entry(v.day).or_default();
        visitors.insert(v.visitor);
        if let Some(user) = v.user {
            users.insert(user);
        }
    }

    fn add_search(&mut self, day: i64, query: String, searches: u64, empty: u64) {
        let key = (day, query);
        let full = self.searches.len() >= SEARCHES_KEPT_A_DAY;
        if full && !self.searches.contains_key(&key) {
            return;
        }
        let n = self.searches.entry(key).or_default();
        n.0 += searches;
        n.1 += empty;
    }

    /// Takes back a tally that could not be written.
    fn absorb(&mut self, other: Tally) {
        for (k, n) in other.views {
            *self.views.entry(k).or_default() += n;
        }
        for (k, n) in other.products {
            *self.products.entry(k).or_default() += n;
        }
        for (day, (v, u)) in other.days {
            let (visitors, users) = self.days.entry(day).or_default();
            visitors.merge(&v);
            users.merge(&u);
        }
        for ((day, query), (searches, empty)) in other.searches {
            self.add_search(day, query, searches, empty);
        }
        for (day, n) in other.cart_adds {
            *self.cart_adds.entry(day).or_default() += n;
        }
    }

    fn is_empty(&self) -> bool {
        self.views.is_empty() && self.searches.is_empty() && self.cart_adds.is_empty()
    }
}

/// The counter of page views (cheap to clone: one tally shared).
#[derive(Clone, Default)]
pub struct Counter {
    tally: Arc<Mutex<Tally>>,
    /// Held by a write from taking the tally until it is committed: a second write (the
    /// dashboard's, the last one at shutdown) waits for it, so what it reads next is complete.
    writing: Arc<tokio::sync::Mutex<()>>,
    off: bool,
}

impl std::fmt::Debug for Counter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.off { "Counter(off)" } else { "Counter" })
    }
}

impl Counter {
    /// A counter that counts (`on`), or one that lets every view go (`OKRYU_COUNT_VISITS=false`).
    pub fn new(on: bool) -> Counter {
        Counter {
            off: !on,
            ..Counter::default()
        }
    }

    /// Whether views are counted at all.
    pub fn is_on(&self) -> bool {
        !self.off
    }

    /// The tally, to add to. A panic elsewhere while holding the lock leaves a tally that is
    /// still whole.
    fn tally(&self) -> std::sync::MutexGuard<'_, Tally> {
        self.tally.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts one page seen.
    pub fn record(&self, view: &View) {
        self.tally().add(view);
    }

    /// Counts one search of `query` (as `domain::traffic::search_key` gives it) on the Pyongyang
    /// `day`, which found something or not.
    pub fn record_search(&self, day: i64, query: String, found: bool) {
        if self.is_on() {
            self.tally().add_search(day, query, 1, u64::from(!found));
        }
    }

    /// Counts goods put in a cart on the Pyongyang `day`.
    pub fn record_cart_add(&self, day: i64) {
        if self.is_on() {
            *self.tally().cart_adds.entry(day).or_default() += 1;
        }
    }

    /// Writes what was counted since the last time, in one transaction. When it can't be
    /// written, the tally is kept for the next time.
    pub async fn flush(&self, db: &Db) -> Result<(), DbError> {
        let _one_at_a_time = self.writing.lock().await;
        let taken = std::mem::take(&mut *self.tally());
        if taken.is_empty() {
            return Ok(());
        }
        match write(db, &taken).await {
            Ok(()) => Ok(()),
            Err(err) => {
                self.tally().absorb(taken);
                Err(err)
            }
        }
    }
}

/// Writes a tally in one transaction, its rows in a fixed order (two servers writing at once on
/// PostgreSQL then take their row locks in the same order, and never deadlock).
async fn write(db: &Db, t: &Tally) -> Result<(), DbError> {
    let mut views: Vec<_> = t.views.iter().collect();
    views.sort_unstable_by_key(|(k, _)| (k.day, k.kind, k.lang.code(), k.device));
    let mut products: Vec<_> = t.products.iter().collect();
    products.sort_unstable_by_key(|(k, _)| **k);
    let mut days: Vec<_> = t.days.iter().collect();
    days.sort_unstable_by_key(|(day, _)| **day);
    let mut searches: Vec<_> = t.searches.iter().collect();
    searches.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut cart_adds: Vec<_> = t.cart_adds.iter().collect();
    cart_adds.sort_unstable_by_key(|(day, _)| **day);
    let mut tx = db.begin().await?;
    for (key, n) in views {
        repo::add_views(&mut tx, *key, *n).await?;
    }
    for ((day, product), n) in products {
        repo::add_product_views(&mut tx, *day, *product, *n).await?;
    }
    for (day, (visitors, users)) in days {
        repo::merge_sketches(&mut tx, *day, visitors, users).await?;
    }
    for ((day, query), (n, empty)) in searches {
        repo::add_searches(&mut tx, *day, query, *n, *empty).await?;
    }
    for (day, n) in cart_adds {
        repo::add_cart_adds(&mut tx, *day, *n).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Writes the tally every `FLUSH_EVERY` (a failed write is tried again the next time).
pub fn spawn_flusher(counter: Counter, db: Db) {
    if counter.off {
        return;
    }
    tokio::spawn(async move {
        let mut every = tokio::time::interval(FLUSH_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(err) = counter.flush(&db).await {
                tracing::warn!(error = %err, "cannot write the page views yet");
            }
        }
    });
}
