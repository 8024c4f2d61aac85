//! The connections: HTTP/1.1 and HTTP/2 on one port, none of them held by a client that sends
//! nothing, and no more of them than the machine can keep open.
//!
//! - Every connection has a quiet deadline from its first byte, whatever the protocol (hyper's
//!   header timeout starts only after it has told the protocol, hyper#3756): no request begun
//!   within `header_read_secs` of the connection's start, or within `idle_secs` of its last
//!   answer, and it is closed. A request counts as in progress until its answer is sent whole.
//! - Connections are capped per client address and in all, below the open-files limit (which
//!   start-up raises to what the machine allows). When all are taken, the oldest connection that
//!   has not begun a request yet makes room for the new one. While those told to make room are
//!   still closing, the server takes no new connection (they wait in the kernel's queue) rather
//!   than turning one away: in a flood of silent ones, a real client's is among them.
//! - HTTP/2 runs at most `H2_STREAMS` requests at once per connection.
//! - On Ctrl-C or SIGTERM: no new connections, requests in flight get `drain_secs`.

use super::config::Limits;
use axum::{body::Body, extract::ConnectInfo, Router};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::{
    rt::{TokioExecutor, TokioIo, TokioTimer},
    server::{conn::auto, graceful::GracefulShutdown},
};
use std::{
    collections::{BTreeMap, HashMap},
    convert::Infallible,
    future::Future,
    net::IpAddr,
    sync::{Arc, Mutex, MutexGuard, PoisonError},
    time::Duration,
};
use tokio::{net::TcpListener, sync::Notify, time::Instant};
use tower::ServiceExt;

/// Requests one HTTP/2 connection may have in progress at once.
pub const H2_STREAMS: u32 = 32;

/// How long a new connection waits for those told to make room to go, before it is turned away.
const MAKING_ROOM: Duration = Duration::from_secs(2);

/// Files the server keeps for itself beyond its connections (the database, logs, media).
const FILES_KEPT: u64 = 256;

/// Connections the kernel completes before the server takes them (the system caps it at
/// `net.core.somaxconn`, 4096 by default). A burst beyond it leaves clients with connections the
/// server never sees: the larger queue keeps a flood of thousands from doing so.
const BACKLOG: u32 = 4096;

/// The listening socket, with a queue for bursts of connections.
pub fn bind(addr: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// Raises this process's open-files limit to the most the machine allows, and says what it is.
pub fn raise_open_files_limit() -> Option<u64> {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(n) => {
            tracing::info!(open_files = n, "open-files limit");
            Some(n)
        }
        Err(err) => {
            tracing::warn!(error = %err, "cannot read or raise the open-files limit");
            None
        }
    }
}

/// What the connection caps come to on this machine: the configured ones, below the open-files
/// limit.
pub fn caps(limits: &Limits, open_files: Option<u64>) -> (usize, usize) {
    let fit = open_files
        .map(|n| usize::try_from(n.saturating_sub(FILES_KEPT).max(16)).unwrap_or(usize::MAX))
        .unwrap_or(usize::MAX);
    let total = limits.max_connections.min(fit);
    (total, limits.max_connections_per_client.min(total))
}

/// The open connections: how many in all and per address, and those that have begun no request
/// yet, oldest first, each with the bell that closes it.
struct Open {
    max: usize,
    max_per_client: Option<usize>,
    inner: Mutex<OpenInner>,
    /// Rung when a connection has gone.
    gone: Notify,
}

/// What `Open::admit` says to a new connection.
enum Admit {
    In(Place),
    /// Its address has all its places, or every place is taken by a connection that has begun a
    /// request.
    Refused,
    /// Connections told to make room are still closing: ask again when one has gone.
    Later,
}

#[derive(Default)]
struct OpenInner {
    next: u64,
    total: usize,
    per_client: HashMap<IpAddr, usize>,
    silent: BTreeMap<u64, Arc<Notify>>,
}

impl Open {
    fn lock(&self) -> MutexGuard<'_, OpenInner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn new(max: usize, max_per_client: Option<usize>) -> Self {
        Open {
            max,
            max_per_client,
            inner: Mutex::default(),
            gone: Notify::new(),
        }
    }

    /// Room for a connection from `ip`.
    fn admit(self: &Arc<Self>, ip: IpAddr) -> Admit {
        let mut open = self.lock();
        let of_client = open.per_client.get(&ip).copied().unwrap_or(0);
        if self.max_per_client.is_some_and(|max| of_client >= max) {
            return Admit::Refused;
        }
        if open.total >= self.max {
            // The oldest silent connection goes. Those told to go but not yet gone still count,
            // so a flood overshoots the cap by at most a sixteenth (or one).
            if open.total >= self.max + (self.max / 16).max(1) {
                return Admit::Later;
            }
            let Some((_, bell)) = open.silent.pop_first() else {
                return Admit::Refused;
            };
            bell.notify_one();
        }
        let id = open.next;
        open.next += 1;
        open.total += 1;
        *open.per_client.entry(ip).or_default() += 1;
        let evicted = Arc::new(Notify::new());
        open.silent.insert(id, evicted.clone());
        Admit::In(Place {
            open: self.clone(),
            id,
            ip,
            evicted,
        })
    }
}

/// One connection's place among the open ones, given back when it closes.
struct Place {
    open: Arc<Open>,
    id: u64,
    ip: IpAddr,
    evicted: Arc<Notify>,
}

impl Place {
    /// It has begun a request: no longer the first to make room.
    fn heard(&self) {
        self.open.lock().silent.remove(&self.id);
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        {
            let mut open = self.open.lock();
            open.total = open.total.saturating_sub(1);
            open.silent.remove(&self.id);
            if let Some(n) = open.per_client.get_mut(&self.ip) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    open.per_client.remove(&self.ip);
                }
            }
        }
        self.open.gone.notify_one();
    }
}

/// When a connection last had something to do: requests in progress, and since when it has had
/// none.
struct Activity {
    state: Mutex<Quiet>,
    changed: Notify,
    place: Place,
}

struct Quiet {
    in_progress: usize,
    since: Instant,
    served: bool,
}

impl Quiet {
    /// When the connection is due to close if nothing begins: `first` after it opened, `idle`
    /// after its last answer.
    fn deadline(&self, first: Duration, idle: Duration) -> Instant {
        self.since + if self.served { idle } else { first }
    }
}

impl Activity {
    fn lock(&self) -> MutexGuard<'_, Quiet> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn begin(self: &Arc<Self>) -> InProgress {
        let first = {
            let mut q = self.lock();
            q.in_progress += 1;
            !std::mem::replace(&mut q.served, true)
        };
        if first {
            self.place.heard();
        }
        self.changed.notify_one();
        InProgress(self.clone())
    }

    /// Resolves when the connection has been quiet past its deadline, or was told to make room.
    async fn quiet(&self, first: Duration, idle: Duration) {
        loop {
            let (busy, deadline) = {
                let q = self.lock();
                (q.in_progress > 0, q.deadline(first, idle))
            };
            if busy {
                self.changed.notified().await;
                continue;
            }
            tokio::select! {
                () = tokio::time::sleep_until(deadline) => {
                    let q = self.lock();
                    if q.in_progress == 0 && q.deadline(first, idle) <= Instant::now() {
                        return;
                    }
                }
                () = self.changed.notified() => {}
                () = self.place.evicted.notified() => return,
            }
        }
    }
}

/// A request in progress on its connection, until its answer has been sent or abandoned.
struct InProgress(Arc<Activity>);

impl Drop for InProgress {
    fn drop(&mut self) {
        {
            let mut q = self.0.lock();
            q.in_progress = q.in_progress.saturating_sub(1);
            q.since = Instant::now();
        }
        self.0.changed.notify_one();
    }
}

/// How the listener runs.
pub struct Listen {
    pub limits: Limits,
    /// Behind a trusted proxy every connection comes from the proxy: no per-address cap.
    pub behind_proxy: bool,
}

/// Answers HTTP/1.1 and HTTP/2 on `listener` until `stop` resolves, then lets the requests in
/// flight finish (at most `drain_secs`).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    how: Listen,
    stop: impl Future<Output = ()>,
) {
    let limits = how.limits;
    let open_files = raise_open_files_limit();
    let (max, max_per_client) = caps(&limits, open_files);
    tracing::info!(max, max_per_client, "connection caps");
    let open = Arc::new(Open::new(
        max,
        (!how.behind_proxy).then_some(max_per_client),
    ));
    let first = Duration::from_secs(limits.header_read_secs);
    let idle = Duration::from_secs(limits.idle_secs);
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(first);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(H2_STREAMS);
    let graceful = GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    'accept: loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                Err(err) => {
                    // Out of file descriptors, say: wait a moment rather than spin.
                    tracing::warn!(error = %err, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let waiting = tokio::time::sleep(MAKING_ROOM);
        let mut waiting = std::pin::pin!(waiting);
        let place = loop {
            match open.admit(peer.ip()) {
                Admit::In(place) => break Some(place),
                Admit::Refused => break None,
                Admit::Later => tokio::select! {
                    () = open.gone.notified() => {}
                    () = &mut waiting => break None,
                    () = &mut stop => break 'accept,
                },
            }
        };
        let Some(place) = place else {
            tracing::debug!(client = %peer.ip(), "connection refused: no room");
            continue;
        };
        let activity = Arc::new(Activity {
            state: Mutex::new(Quiet {
                in_progress: 0,
                since: Instant::now(),
                served: false,
            }),
            changed: Notify::new(),
            place,
        });
        let service = {
            let (app, activity) = (app.clone(), activity.clone());
            hyper::service::service_fn(move |mut req: ::http::Request<Incoming>| {
                let in_progress = activity.begin();
                req.extensions_mut().insert(ConnectInfo(peer));
                let app = app.clone();
                async move {
                    let res = match app.oneshot(req.map(Body::new)).await {
                        Ok(res) => res,
                        Err(never) => match never {},
                    };
                    // In progress until the answer's last byte has gone (or the client left).
                    Ok::<_, Infallible>(res.map(|body| {
                        Body::new(body.map_frame(move |frame| {
                            let _until_sent = &in_progress;
                            frame
                        }))
                    }))
                }
            })
        };
        let conn = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            tokio::select! {
                ended = conn => if let Err(err) = ended {
                    tracing::debug!(error = %err, "connection ended");
                },
                () = activity.quiet(first, idle) => {
                    tracing::debug!(client = %peer.ip(), "quiet connection closed");
                }
            }
        });
    }
    drop(listener);
    let drain = Duration::from_secs(limits.drain_secs);
    if tokio::time::timeout(drain, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            secs = limits.drain_secs,
            "requests still in flight after the drain time: stopping anyway"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::FutureExt;

    fn from(n: u8) -> IpAddr {
        IpAddr::from([127, 0, 0, n])
    }

    fn place(open: &Arc<Open>, n: u8) -> Place {
        match open.admit(from(n)) {
            Admit::In(place) => place,
            Admit::Refused => panic!("refused"),
            Admit::Later => panic!("told to wait"),
        }
    }

    fn rung(bell: &Notify) -> bool {
        bell.notified().now_or_never().is_some()
    }

    #[test]
    fn a_flood_waits_for_the_room_it_made_rather_than_being_turned_away() {
        let open = Arc::new(Open::new(16, Some(4)));
        let mut places: Vec<Place> = (0..16).map(|n| place(&open, 1 + n / 4)).collect();
        assert!(
            matches!(open.admit(from(1)), Admit::Refused),
            "its address is full"
        );
        // Full: a new one tells the oldest silent connection to go.
        let _newest = place(&open, 9);
        assert!(rung(&places[0].evicted), "the oldest was told to go");
        assert!(!rung(&places[1].evicted), "only the oldest");
        // It has not gone yet, and the overshoot (a sixteenth) is used up: the next one waits.
        assert!(matches!(open.admit(from(10)), Admit::Later));
        assert!(!rung(&open.gone));
        places.remove(0);
        assert!(rung(&open.gone), "its going is told");
        let _next = place(&open, 10);
        assert!(rung(&places[0].evicted), "and the next oldest makes room");
    }

    #[test]
    fn a_full_server_whose_connections_all_began_requests_turns_new_ones_away() {
        let open = Arc::new(Open::new(4, None));
        let places: Vec<Place> = (0..4).map(|n| place(&open, n)).collect();
        for place in &places {
            place.heard();
        }
        assert!(matches!(open.admit(from(9)), Admit::Refused));
    }
}
