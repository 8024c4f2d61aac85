//! The operators' console: the bureau's figures (page views, visitors, sales) over a range of
//! days. Operators only. And the closing of days: a day's sales totals written once it is over.

use super::{ServiceError, Services};
use crate::{
    domain::{
        account::{Role, Viewer},
        traffic::{last_closable_day, Dashboard, DayRange, Figures},
    },
    server::{db::closed_days, traffic::Counter},
};

/// `/operator`: the figures of the days `from`..`to` (`YYYY-MM-DD`; the last 90 days unless
/// asked), with the page views counted up to now.
pub async fn dashboard(
    s: Services<'_>,
    counter: &Counter,
    operator: &Viewer,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Dashboard, ServiceError> {
    if operator.role != Role::Operator {
        return Err(ServiceError::Forbidden);
    }
    // What was counted a moment ago is shown too (other servers write theirs every few seconds).
    if let Err(err) = counter.flush(s.db).await {
        tracing::warn!(error = %err, "cannot write the page views before the dashboard");
    }
    let range = DayRange::parse(from, to, s.now());
    let db = s.db.traffic();
    let closed = db.last_closed_day().await?;
    // The figures are read side by side (each from its own connection): the page waits for the
    // slowest, not for the sum.
    let (
        views,
        sketches,
        kinds,
        sales,
        breakdown,
        cart_adds,
        delivered_of_placed,
        searches,
        empty_searches,
    ) = tokio::try_join!(
        db.views_by_day(range),
        db.sketches(range),
        db.views_by_kind(range),
        db.sales_by_day(range, closed),
        db.breakdown(range, closed),
        db.cart_adds(range),
        db.delivered_of_placed(range, closed),
        db.searches(range, false),
        db.searches(range, true),
    )?;
    let figures = Figures {
        views,
        sketches,
        kinds,
        sales,
        breakdown,
        cart_adds,
        delivered_of_placed,
        searches,
        empty_searches,
    };
    Ok(Dashboard::assemble(range, figures))
}

/// Closes the days that may be closed (`last_closable_day`) and aren't yet, oldest first, a day
/// per transaction: their sales totals are written once and the dashboard reads those instead of
/// the days' orders. Two servers closing at once take turns and each day is closed once. The
/// days closed.
pub async fn close_days(s: Services<'_>) -> Result<u32, ServiceError> {
    let last = last_closable_day(s.now());
    let mut closed = 0;
    loop {
        let mut tx = s.db.begin().await?;
        let day = match closed_days::hold(&mut tx).await? {
            Some(done) => done + 1,
            // None closed yet: from the day of the first order (no day before it sold anything).
            None => match closed_days::first_order_day(&mut tx).await? {
                Some(first) if first <= last => first,
                _ => {
                    closed_days::mark(&mut tx, last).await?;
                    tx.commit().await?;
                    return Ok(closed);
                }
            },
        };
        if day > last {
            return Ok(closed);
        }
        closed_days::close(&mut tx, day).await?;
        tx.commit().await?;
        closed += 1;
    }
}
