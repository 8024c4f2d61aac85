//! What keeps a few slow or greedy clients from holding the server: at most so many requests in
//! progress at once (beyond that an immediate 503 with `Retry-After`, rather than a queue without
//! end), each answered within a time limit (408), bodies of bounded size (413); the header-read
//! timeout is the connection's (`startup::serve_http`), the statement timeout PostgreSQL's.

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::{sync::Arc, time::Duration};
use tokio::sync::Semaphore;

/// A request's body is at most this long (forms are far smaller; see `forms`).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Lets a request in when fewer than the limit are in progress; answers 503 otherwise.
pub async fn concurrency(
    State(in_progress): State<Arc<Semaphore>>,
    req: Request,
    next: Next,
) -> Response {
    let Ok(_permit) = in_progress.try_acquire() else {
        tracing::warn!(path = %req.uri().path(), "saturated: request turned away");
        let mut res = (
            StatusCode::SERVICE_UNAVAILABLE,
            "busy: try again in a moment\n",
        )
            .into_response();
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return res;
    };
    next.run(req).await
}

/// A request not answered within `limit` gets 408 (what it was doing is dropped).
pub async fn time_limit(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!(%path, "request timed out");
            (StatusCode::REQUEST_TIMEOUT, "the request took too long\n").into_response()
        }
    }
}

/// A body announced longer than `MAX_BODY_BYTES` gets 413 before anything reads it; one that
/// turns out longer fails when read.
pub async fn body_limit(req: Request, next: Next) -> Response {
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return (StatusCode::PAYLOAD_TOO_LARGE, "request too large\n").into_response();
    }
    let req = req.map(|body| Body::new(http_body_util::Limited::new(body, MAX_BODY_BYTES)));
    next.run(req).await
}
