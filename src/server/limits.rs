//! What keeps a few slow, greedy or careless clients from holding what other people need, one
//! request at a time (the connections' own limits are `listen`'s):
//! - so many requests in flight from one client address, bodies being read included (429);
//! - a request's whole body read within a short deadline, before the request takes any shared
//!   place (408), and at most `MAX_BODY_BYTES` of it (413, chunked or not);
//! - every request answered within its time (408);
//! - a render a client abandons is finished in its own task, never dropped half-way (`detached`);
//! - so many requests in progress in all (beyond, an immediate 503 with `Retry-After` rather than
//!   a queue without end); `/healthz` is outside that limit, so a busy node is not taken for dead.

use super::security::client_of;
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use std::{
    collections::HashMap,
    net::IpAddr,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};
use tokio::sync::Semaphore;

/// A request's body is at most this long (forms are far smaller; see `forms`), but an upload's.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Where files are uploaded: a body of up to `MAX_UPLOAD_BYTES`, `UPLOAD_SECS` to send it (a
/// phone's photo over a slow link), and at most `UPLOADS_AT_ONCE` such bodies in memory at once.
/// Any multipart body gets the same (a page's upload form posts to the page, naming one of these;
/// `forms` passes it to no other function).
/// (The server functions' own paths, written out: the limits sit below the functions, which
/// import them; a test holds the two the same.)
pub const UPLOAD_PATHS: &[&str] = &[
    "/api/seller/picture",
    "/api/seller/recording",
    "/api/seller/bulk-upload",
    "/api/reviews/picture",
];
/// The largest picture (`upload::MAX_PICTURE_BYTES`) and the rest of its form.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024 + 64 * 1024;
const UPLOAD_SECS: u64 = 300;
const UPLOADS_AT_ONCE: usize = 8;
static UPLOADS: Semaphore = Semaphore::const_new(UPLOADS_AT_ONCE);

/// Answered outside the shared limit: a load balancer's probe must see a busy node as alive.
const HEALTH: &str = "/healthz";

fn refusal(status: StatusCode, text: &'static str) -> Response {
    let mut res = (status, text).into_response();
    if matches!(
        status,
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::TOO_MANY_REQUESTS
    ) {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    res
}

/// Requests in flight per client address.
#[derive(Clone)]
pub struct PerClient {
    max: usize,
    in_flight: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl PerClient {
    pub fn new(max: usize) -> PerClient {
        PerClient {
            max,
            in_flight: Arc::default(),
        }
    }

    /// A place for one more request of `client`'s, while it is held; `None` when it has all its
    /// places already.
    fn take(&self, client: IpAddr) -> Option<ClientPlace> {
        let mut map = self
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let n = map.entry(client).or_default();
        if *n >= self.max {
            return None;
        }
        *n += 1;
        Some(ClientPlace {
            client,
            in_flight: self.in_flight.clone(),
        })
    }
}

struct ClientPlace {
    client: IpAddr,
    in_flight: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl Drop for ClientPlace {
    fn drop(&mut self) {
        let mut map = self
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(n) = map.get_mut(&self.client) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                map.remove(&self.client);
            }
        }
    }
}

/// A client's place, held by the request and by its render's task (`detached`): a client that
/// goes away leaves its render running, and that render still counts against its share.
#[derive(Clone)]
struct ClientHold(#[allow(dead_code, reason = "held, never read")] Arc<ClientPlace>);

/// Lets a request in while its client has fewer than its share in flight; 429 otherwise. A
/// request whose client can't be told (no connection behind it: the application called in
/// process) has only the shared limit.
pub async fn per_client(State(limit): State<PerClient>, mut req: Request, next: Next) -> Response {
    let Some(client) = client_of(&req).0 else {
        return next.run(req).await;
    };
    let Some(place) = limit.take(client).map(Arc::new) else {
        tracing::warn!(%client, "one client's share in flight: request turned away");
        return refusal(
            StatusCode::TOO_MANY_REQUESTS,
            "too many requests at once from here: try again in a moment\n",
        );
    };
    req.extensions_mut().insert(ClientHold(place.clone()));
    next.run(req).await
}

/// Reads the request's whole body first, within `deadline` and at most `MAX_BODY_BYTES`: a body
/// that stalls gets 408 and one too long 413 (announced or found while reading, chunked or not),
/// having held no shared place meanwhile. What follows reads the body from memory.
pub async fn read_body(State(deadline): State<Duration>, req: Request, next: Next) -> Response {
    if axum::body::HttpBody::is_end_stream(req.body()) {
        return next.run(req).await;
    }
    // A file upload: to its function, or a page's form naming it (`forms`).
    let upload = UPLOAD_PATHS.contains(&req.uri().path())
        || req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("multipart/form-data"));
    let (max, deadline) = if upload {
        (
            MAX_UPLOAD_BYTES,
            deadline.max(Duration::from_secs(UPLOAD_SECS)),
        )
    } else {
        (MAX_BODY_BYTES, deadline)
    };
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > max as u64) {
        return refusal(StatusCode::PAYLOAD_TOO_LARGE, "request too large\n");
    }
    // An upload waits for no other: when the server holds as many as it takes, try again soon.
    let _upload = match upload.then(|| UPLOADS.try_acquire()) {
        Some(Err(_)) => {
            return refusal(
                StatusCode::SERVICE_UNAVAILABLE,
                "too many uploads at once: try again in a moment\n",
            )
        }
        Some(Ok(place)) => Some(place),
        None => None,
    };
    let (parts, body) = req.into_parts();
    let read = tokio::time::timeout(deadline, Limited::new(body, max).collect()).await;
    match read {
        Ok(Ok(body)) => {
            next.run(Request::from_parts(parts, Body::from(body.to_bytes())))
                .await
        }
        Ok(Err(err)) if err.downcast_ref::<LengthLimitError>().is_some() => {
            refusal(StatusCode::PAYLOAD_TOO_LARGE, "request too large\n")
        }
        Ok(Err(_)) => refusal(StatusCode::BAD_REQUEST, "the request's body broke off\n"),
        Err(_) => {
            tracing::warn!(path = %parts.uri.path(), "a request's body did not arrive in time");
            refusal(
                StatusCode::REQUEST_TIMEOUT,
                "the request's body did not arrive in time\n",
            )
        }
    }
}

/// A request not answered within `limit` gets 408 (a render under way still finishes in its
/// own task, see `detached`).
pub async fn time_limit(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!(%path, "request timed out");
            refusal(StatusCode::REQUEST_TIMEOUT, "the request took too long\n")
        }
    }
}

/// Runs the rest of the request in its own task: when the client goes away, or the time limit
/// passes, the waiting stops but the render finishes and is dropped whole. (Leptos's server
/// rendering panics or deadlocks when a render is dropped half-way with its reactive owners
/// locked: leptos#4673, leptos#4829.) The shared limit inside, and the client's share, still
/// count it until it ends.
pub async fn detached(req: Request, next: Next) -> Response {
    let hold = req.extensions().get::<ClientHold>().cloned();
    let task = async move {
        let res = next.run(req).await;
        drop(hold);
        res
    };
    match tokio::spawn(task).await {
        Ok(res) => res,
        Err(err) => {
            tracing::error!(error = %err, "a request's task failed");
            refusal(StatusCode::INTERNAL_SERVER_ERROR, "internal error\n")
        }
    }
}

/// Lets a request in when fewer than the limit are in progress (`/healthz` always); answers 503
/// otherwise.
pub async fn concurrency(
    State(in_progress): State<Arc<Semaphore>>,
    req: Request,
    next: Next,
) -> Response {
    if req.uri().path() == HEALTH {
        return next.run(req).await;
    }
    let Ok(_permit) = in_progress.try_acquire() else {
        tracing::warn!(path = %req.uri().path(), "saturated: request turned away");
        return refusal(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy: try again in a moment\n",
        );
    };
    next.run(req).await
}
