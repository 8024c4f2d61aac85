//! The operators' console: the bureau's figures.

use crate::{domain::traffic::Dashboard, error::AppError};
use leptos::prelude::*;

access!(GetDashboard => OPERATORS);
/// `/operator`: page views, visitors and sales by day from `from` to `to` (`YYYY-MM-DD`; the
/// last 90 days unless asked).
#[server(endpoint = "operator/dashboard", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_dashboard(
    from: Option<String>,
    to: Option<String>,
) -> Result<Dashboard, AppError> {
    let cx = super::ssr::guard::<GetDashboard>()?;
    let operator = &cx.signed_in()?.viewer;
    let s = cx.services();
    Ok(crate::server::service::operator::dashboard(
        s,
        cx.traffic(),
        operator,
        from.as_deref(),
        to.as_deref(),
    )
    .await?)
}

access!(DashboardCsv => OPERATORS);
/// One of the dashboard's tables as a CSV file to save: `table` is `traffic` (the default),
/// `sales`, `pages`, `cities`, `categories`, `sellers`, `on-time`, `funnel`, `searches` or
/// `no-results`.
#[server(
    endpoint = "operator/dashboard-csv",
    input = leptos::server_fn::codec::GetUrl,
    output = leptos::server_fn::codec::StreamingText
)]
pub async fn dashboard_csv(
    from: Option<String>,
    to: Option<String>,
    table: Option<String>,
) -> Result<leptos::server_fn::codec::TextStream<AppError>, AppError> {
    use crate::domain::traffic::date_of_day;
    use leptos::server_fn::codec::TextStream;
    let cx = super::ssr::guard::<DashboardCsv>()?;
    let operator = &cx.signed_in()?.viewer;
    let d = crate::server::service::operator::dashboard(
        cx.services(),
        cx.traffic(),
        operator,
        from.as_deref(),
        to.as_deref(),
    )
    .await?;
    let (what, csv) = match table.as_deref() {
        Some("sales") => ("sales", d.sales_csv()),
        Some("pages") => ("pages", d.pages_csv()),
        Some("cities") => ("cities", Dashboard::shares_csv(&d.breakdown.cities)),
        Some("categories") => ("categories", Dashboard::shares_csv(&d.breakdown.categories)),
        Some("sellers") => ("sellers", Dashboard::shares_csv(&d.breakdown.sellers)),
        Some("on-time") => ("on-time", d.on_time_csv()),
        Some("funnel") => ("funnel", d.funnel_csv()),
        Some("searches") => ("searches", Dashboard::searches_csv(&d.searches)),
        Some("no-results") => ("no-results", Dashboard::searches_csv(&d.empty_searches)),
        _ => ("traffic", d.traffic_csv()),
    };
    cx.download(
        &format!(
            "okryu-{what}-{}-{}.csv",
            date_of_day(d.range.first),
            date_of_day(d.range.last)
        ),
        "text/csv; charset=utf-8",
    );
    Ok(TextStream::new(futures_util::stream::once(async move {
        Ok(csv)
    })))
}
