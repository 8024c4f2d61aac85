//! The operators' console: the bureau's figures (page views, visitors, sales) over a range of
//! days. Operators only.

use super::{ServiceError, Services};
use crate::{
    domain::{
        account::{Role, Viewer},
        traffic::{Dashboard, DayRange, Figures},
    },
    server::traffic::Counter,
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
    let figures = Figures {
        views: db.views_by_day(range).await?,
        sketches: db.sketches(range).await?,
        kinds: db.views_by_kind(range).await?,
        sales: db.sales_by_day(range).await?,
        breakdown: db.breakdown(range).await?,
        cart_adds: db.cart_adds(range).await?,
        delivered_of_placed: db.delivered_of_placed(range).await?,
        searches: db.searches(range, false).await?,
        empty_searches: db.searches(range, true).await?,
    };
    Ok(Dashboard::assemble(range, figures))
}
