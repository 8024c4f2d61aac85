//! What operations watch: a request id on every request and its log lines, and `/metrics` in
//! Prometheus's text format (requests and latency by route and status, the database pool,
//! checkouts placed and refused by reason, orders by status), served only to the networks
//! configured in `OKRYU_METRICS_NETWORKS`.

use crate::domain::order::OrderStatus;
use axum::{
    extract::{MatchedPath, Request, State},
    http::{HeaderName, HeaderValue},
    middleware::Next,
    response::Response,
};
use std::{
    collections::BTreeMap,
    fmt::Write,
    sync::{Arc, Mutex},
    time::Instant,
};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

#[derive(Default)]
struct Timing {
    count: u64,
    sum: f64,
    /// Requests at or below each of `BUCKETS`.
    buckets: [u64; BUCKETS.len()],
}

/// The counters, shared by every request (a lock held for a few additions).
#[derive(Clone, Default)]
pub struct Metrics(Arc<Mutex<Counters>>);

#[derive(Default)]
struct Counters {
    /// (route, status) → count and latency.
    requests: BTreeMap<(String, u16), Timing>,
    /// (outcome, reason) → count.
    checkouts: BTreeMap<(&'static str, String), u64>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Metrics {
    fn observe(&self, route: String, status: u16, secs: f64) {
        let Ok(mut c) = self.0.lock() else {
            return;
        };
        let t = c.requests.entry((route, status)).or_default();
        t.count += 1;
        t.sum += secs;
        for (i, le) in BUCKETS.iter().enumerate() {
            if secs <= *le {
                t.buckets[i] += 1;
            }
        }
    }

    /// A checkout placed (`reason` empty) or refused (`reason` says why).
    pub fn checkout(&self, placed: bool, reason: &str) {
        if let Ok(mut c) = self.0.lock() {
            let outcome = if placed { "placed" } else { "refused" };
            *c.checkouts
                .entry((outcome, reason.to_string()))
                .or_default() += 1;
        }
    }
}

/// Takes the request's id from `X-Request-Id` (when it is a sane one) or makes one, and echoes it
/// in the response. Outside the trace layer, whose span (and so every log line of the request)
/// names it.
pub async fn request_id(mut req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        })
        .map(str::to_string)
        .unwrap_or_else(new_id);
    let value = HeaderValue::from_str(&id).unwrap_or(HeaderValue::from_static("invalid"));
    req.headers_mut().insert(REQUEST_ID, value.clone());
    let mut res = next.run(req).await;
    res.headers_mut().insert(REQUEST_ID, value);
    res
}

fn new_id() -> String {
    let mut bytes = [0u8; 8];
    let _ = getrandom::fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Counts every request by its route (the path pattern, never the path itself: ids stay out of
/// the labels) and status, with its latency.
pub async fn count(State(metrics): State<Metrics>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "other".to_string(), |p| p.as_str().to_string());
    let started = Instant::now();
    let res = next.run(req).await;
    metrics.observe(
        route,
        res.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    res
}

impl Metrics {
    /// The counters in Prometheus's text format.
    pub fn render(&self, out: &mut String) {
        let Ok(c) = self.0.lock() else {
            return;
        };
        let _ = writeln!(
            out,
            "# HELP okryu_http_requests_total Requests answered, by route and status."
        );
        let _ = writeln!(out, "# TYPE okryu_http_requests_total counter");
        for ((route, status), t) in &c.requests {
            let _ = writeln!(
                out,
                "okryu_http_requests_total{{route=\"{}\",status=\"{status}\"}} {}",
                label(route),
                t.count
            );
        }
        let _ = writeln!(
            out,
            "# HELP okryu_http_request_duration_seconds Time to answer, by route and status."
        );
        let _ = writeln!(out, "# TYPE okryu_http_request_duration_seconds histogram");
        for ((route, status), t) in &c.requests {
            let labels = format!("route=\"{}\",status=\"{status}\"", label(route));
            for (le, n) in BUCKETS.iter().zip(t.buckets) {
                let _ = writeln!(
                    out,
                    "okryu_http_request_duration_seconds_bucket{{{labels},le=\"{le}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "okryu_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                t.count
            );
            let _ = writeln!(
                out,
                "okryu_http_request_duration_seconds_sum{{{labels}}} {}",
                t.sum
            );
            let _ = writeln!(
                out,
                "okryu_http_request_duration_seconds_count{{{labels}}} {}",
                t.count
            );
        }
        let _ = writeln!(
            out,
            "# HELP okryu_checkouts_total Checkouts placed, and refused by reason."
        );
        let _ = writeln!(out, "# TYPE okryu_checkouts_total counter");
        for ((outcome, reason), n) in &c.checkouts {
            let _ = writeln!(
                out,
                "okryu_checkouts_total{{outcome=\"{outcome}\",reason=\"{}\"}} {n}",
                label(reason)
            );
        }
    }
}

/// The gauges read at each scrape: the database pool (`size`, `idle`) and the orders by status.
pub fn render_gauges(out: &mut String, (size, idle): (u32, usize), orders: &[(OrderStatus, u64)]) {
    let (size, idle) = (u64::from(size), u64::try_from(idle).unwrap_or(0));
    let _ = writeln!(
        out,
        "# HELP okryu_db_pool_connections Database connections of this server."
    );
    let _ = writeln!(out, "# TYPE okryu_db_pool_connections gauge");
    let _ = writeln!(
        out,
        "okryu_db_pool_connections{{state=\"in_use\"}} {}",
        size.saturating_sub(idle)
    );
    let _ = writeln!(out, "okryu_db_pool_connections{{state=\"idle\"}} {idle}");
    let _ = writeln!(out, "# HELP okryu_orders Orders by status.");
    let _ = writeln!(out, "# TYPE okryu_orders gauge");
    for (status, n) in orders {
        let _ = writeln!(out, "okryu_orders{{status=\"{}\"}} {n}", status.code());
    }
}

/// A label value as Prometheus's text format writes it.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
