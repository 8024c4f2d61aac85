//! What operations watch: `/metrics` in Prometheus's text format (requests and latency by route
//! and status, the database pool, checkouts placed and refused by reason, orders by status),
//! recorded with the `metrics` crate and written by its Prometheus exporter. Each application has
//! its own recorder (a test process runs many), so the counters are recorded through it rather
//! than a process-wide one.

use crate::domain::order::OrderStatus;
use axum::{
    extract::{MatchedPath, Request, State},
    middleware::Next,
    response::Response,
};
use metrics::{counter, gauge, histogram, with_local_recorder};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusRecorder};
use std::{sync::Arc, time::Instant};

/// Latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];
const REQUESTS: &str = "okryu_http_requests_total";
const DURATION: &str = "okryu_http_request_duration_seconds";

/// The application's recorder.
#[derive(Clone)]
pub struct Metrics(Arc<PrometheusRecorder>);

impl Default for Metrics {
    fn default() -> Self {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(DURATION.into()), &BUCKETS)
            .unwrap_or_else(|_| PrometheusBuilder::new());
        Metrics(Arc::new(builder.build_recorder()))
    }
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

/// What a checkout came to: placed, or refused for a reason.
pub type CheckoutOutcome<'a> = Result<(), &'a str>;

impl Metrics {
    /// A checkout placed or refused (the reason says why).
    pub fn checkout(&self, outcome: CheckoutOutcome<'_>) {
        let (outcome, reason) = match outcome {
            Ok(()) => ("placed", String::new()),
            Err(reason) => ("refused", reason.to_string()),
        };
        with_local_recorder(&*self.0, || {
            counter!("okryu_checkouts_total", "outcome" => outcome, "reason" => reason)
                .increment(1);
        });
    }

    /// Everything recorded, with the gauges read now (the pool's connections, the orders by
    /// status), in Prometheus's text format.
    pub fn render(&self, pool: PoolUse, orders: &[(OrderStatus, u64)]) -> String {
        with_local_recorder(&*self.0, || {
            gauge!("okryu_db_pool_connections", "state" => "in_use").set(pool.in_use as f64);
            gauge!("okryu_db_pool_connections", "state" => "idle").set(pool.idle as f64);
            for (status, n) in orders {
                gauge!("okryu_orders", "status" => status.code()).set(*n as f64);
            }
            // Each worker thread's parks and unparks so far: a worker that stops counting while
            // requests come in is stuck (the drill's probe per worker reads this).
            let runtime = tokio::runtime::Handle::current().metrics();
            gauge!("okryu_runtime_workers").set(runtime.num_workers() as f64);
            for worker in 0..runtime.num_workers() {
                counter!("okryu_runtime_worker_park_unpark_total", "worker" => worker.to_string())
                    .absolute(runtime.worker_park_unpark_count(worker));
            }
        });
        self.0.handle().render()
    }
}

/// The database pool's connections: busy and idle.
#[derive(Clone, Copy, Debug)]
pub struct PoolUse {
    pub in_use: u32,
    pub idle: u32,
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
    let status = res.status().as_u16().to_string();
    let secs = started.elapsed().as_secs_f64();
    with_local_recorder(&*metrics.0, || {
        let labels = [("route", route), ("status", status)];
        counter!(REQUESTS, &labels).increment(1);
        histogram!(DURATION, &labels).record(secs);
    });
    res
}
