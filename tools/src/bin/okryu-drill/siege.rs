//! The sieges: a few hostile or careless clients against one release server, while another
//! client (127.0.0.2, a new connection every 200 ms, `/healthz` and `/` in turn) must be answered
//! 200 throughout.
//!
//! - Slow bodies: 600 HTTP/1.1 POSTs that send their headers and never their body (30 from each
//!   of 20 addresses), and 4 HTTP/2 cleartext connections opening 200 streams each whose bodies
//!   never come. Every one must be closed by its deadline.
//! - Idle sockets: 20,000 connections that send nothing (250 from each of 80 addresses, opened by
//!   two helper processes: one process can't hold them all), each closed by the header deadline.
//! - Abort storm: 5,000 requests over every shopper page (signed in where the page needs it),
//!   each connection closed 0 to 7 ms after sending (at once, hyper drops the request before it
//!   starts; a few milliseconds later, the render is under way). Then no panic in the log, every worker thread
//!   still answering (its park count moves), and SIGTERM stops the server within 10 s while
//!   requests are in flight.

use super::{Error, Server};
use std::{
    net::{Ipv4Addr, SocketAddr},
    path::Path,
    process::Stdio,
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering::Relaxed},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpSocket, TcpStream},
    task::JoinSet,
};

/// The siege server's deadlines (seconds): headers, body, and quiet between requests.
const HEADER_SECS: u64 = 10;
const BODY_SECS: u64 = 10;
const IDLE_SECS: u64 = 10;
/// How late after its deadline a socket may still be closed (the server's timers and a loaded
/// machine).
const SLACK: Duration = Duration::from_secs(3);
/// The abort storm's size, and how long SIGTERM may take.
const ABORTS: usize = 5_000;
const STOP_BUDGET: Duration = Duration::from_secs(10);

/// Runs the three sieges on one SQLite server; `true` when every one held.
pub async fn sieges(okryu: &Path, out: &Path, drill: &Path) -> Result<bool, Error> {
    let file = out.join("siege.db");
    for suffix in ["", "-wal", "-shm", ".setup-lock", ".key"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
    let url = format!("sqlite://{}", file.display());
    let env = [
        ("OKRYU_HEADER_TIMEOUT_SECS", HEADER_SECS.to_string()),
        ("OKRYU_BODY_TIMEOUT_SECS", BODY_SECS.to_string()),
        ("OKRYU_IDLE_TIMEOUT_SECS", IDLE_SECS.to_string()),
    ];
    let mut server = Server::spawned_with(okryu, "siege", &url, out, &env)?;
    server.wait_healthy(Duration::from_secs(120)).await?;
    println!();
    println!("| siege | attackers | probes answered 200 | slowest probe | closed by their deadline | last closed | verdict |");
    println!("|---|---:|---:|---:|---:|---:|---|");
    let mut ok = slow_bodies(server.addr).await?;
    ok &= idle_sockets(server.addr, drill).await?;
    ok &= abort_storm(&mut server).await?;
    Ok(ok)
}

fn verdict(problems: &[String]) -> String {
    if problems.is_empty() {
        "ok".into()
    } else {
        format!("BROKEN: {}", problems.join("; "))
    }
}

// The other client.

/// Asks the server from 127.0.0.2, on a new connection every 200 ms, `/healthz` and `/` in turn.
struct Probe {
    sent: AtomicU64,
    ok: AtomicU64,
    slowest_ms: AtomicU64,
    first_failure: Mutex<Option<String>>,
    stop: AtomicBool,
}

impl Probe {
    fn start(addr: SocketAddr) -> (Arc<Probe>, tokio::task::JoinHandle<()>) {
        let probe = Arc::new(Probe {
            sent: AtomicU64::new(0),
            ok: AtomicU64::new(0),
            slowest_ms: AtomicU64::new(0),
            first_failure: Mutex::new(None),
            stop: AtomicBool::new(false),
        });
        let p = probe.clone();
        let task = tokio::spawn(async move {
            let mut n = 0u64;
            while !p.stop.load(Relaxed) {
                let path = if n.is_multiple_of(2) { "/healthz" } else { "/" };
                n += 1;
                let started = Instant::now();
                let answer = get(Ipv4Addr::new(127, 0, 0, 2), addr, path, "").await;
                let took = started.elapsed();
                p.sent.fetch_add(1, Relaxed);
                p.slowest_ms.fetch_max(millis(took), Relaxed);
                match answer {
                    Ok(200) => {
                        p.ok.fetch_add(1, Relaxed);
                    }
                    other => {
                        if let Ok(mut first) = p.first_failure.lock() {
                            first.get_or_insert_with(|| format!("{path}: {other:?}"));
                        }
                    }
                }
                tokio::time::sleep(Duration::from_millis(200).saturating_sub(took)).await;
            }
        });
        (probe, task)
    }

    /// Stops asking: the figures for the table, and what went wrong.
    async fn finish(
        probe: Arc<Probe>,
        task: tokio::task::JoinHandle<()>,
        problems: &mut Vec<String>,
    ) -> (String, String) {
        probe.stop.store(true, Relaxed);
        let _ = task.await;
        let (sent, ok) = (probe.sent.load(Relaxed), probe.ok.load(Relaxed));
        if sent == 0 || ok < sent {
            let first = probe
                .first_failure
                .lock()
                .ok()
                .and_then(|f| f.clone())
                .unwrap_or_default();
            problems.push(format!(
                "the other client got {ok} of {sent} answered (first: {first})"
            ));
        }
        (
            format!("{ok} / {sent}"),
            format!("{} ms", probe.slowest_ms.load(Relaxed)),
        )
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

async fn connect_from(ip: Ipv4Addr, to: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(ip.into(), 0))?;
    socket.connect(to).await
}

/// A GET's head (with `cookie` when not empty), the connection kept open or closed after it.
fn get_head(to: SocketAddr, path: &str, cookie: &str, close: bool) -> String {
    let cookie = if cookie.is_empty() {
        String::new()
    } else {
        format!("Cookie: {cookie}\r\n")
    };
    let close = if close { "Connection: close\r\n" } else { "" };
    format!("GET {path} HTTP/1.1\r\nHost: {to}\r\n{cookie}{close}\r\n")
}

/// Sends `request` from `ip` on a new connection and reads the whole answer (at most 5 s).
async fn exchange(ip: Ipv4Addr, to: SocketAddr, request: &str) -> Result<String, Error> {
    let whole = async {
        let mut s = connect_from(ip, to).await?;
        s.write_all(request.as_bytes()).await?;
        let mut out = Vec::new();
        s.read_to_end(&mut out).await?;
        Ok::<_, Error>(String::from_utf8_lossy(&out).into_owned())
    };
    tokio::time::timeout(Duration::from_secs(5), whole)
        .await
        .map_err(|_| "no answer in 5 s")?
}

/// A whole GET from `ip` on a new connection: the status.
async fn get(ip: Ipv4Addr, to: SocketAddr, path: &str, cookie: &str) -> Result<u16, String> {
    let answer = exchange(ip, to, &get_head(to, path, cookie, true)).await;
    answer
        .map(|a| status_of(a.as_bytes()))
        .map_err(|e| e.to_string())
}

fn status_of(response: &[u8]) -> u16 {
    String::from_utf8_lossy(response.get(..12).unwrap_or(response))
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Reads until the server closes the connection (or `limit` passes): how long that took from
/// `since`, and the first bytes it sent.
async fn until_closed(
    s: &mut TcpStream,
    since: Instant,
    limit: Duration,
) -> (Option<Duration>, Vec<u8>) {
    let mut first = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = limit.saturating_sub(since.elapsed());
        match tokio::time::timeout(left, s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (Some(since.elapsed()), first),
            Ok(Ok(n)) => {
                if first.len() < 64 {
                    first.extend_from_slice(&buf[..n.min(64)]);
                }
            }
            Err(_) => return (None, first),
        }
    }
}

// Slow bodies.

/// What one stalled socket came to: closed after how long, and (HTTP/1.1) the status it got.
struct Closed {
    after: Option<Duration>,
    status: u16,
}

async fn stalled_post(ip: Ipv4Addr, to: SocketAddr) -> Result<Closed, Error> {
    let mut s = connect_from(ip, to).await?;
    let head = format!(
        "POST /api/account/sign-in HTTP/1.1\r\nHost: {to}\r\nOrigin: http://{to}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nphone="
    );
    s.write_all(head.as_bytes()).await?;
    let (after, first) = until_closed(&mut s, Instant::now(), Duration::from_secs(60)).await;
    Ok(Closed {
        after,
        status: status_of(&first),
    })
}

/// An HTTP/2 frame.
fn frame(kind: u8, flags: u8, stream: u32, payload: &[u8]) -> Vec<u8> {
    let len = u32::try_from(payload.len()).unwrap_or(0).to_be_bytes();
    let mut f = vec![len[1], len[2], len[3], kind, flags];
    f.extend_from_slice(&(stream & 0x7fff_ffff).to_be_bytes());
    f.extend_from_slice(payload);
    f
}

/// A header block of literal fields (HPACK "literal without indexing", no Huffman).
fn header_block(fields: &[(&str, &str)]) -> Vec<u8> {
    let mut block = Vec::new();
    for (name, value) in fields {
        block.push(0);
        block.push(u8::try_from(name.len()).unwrap_or(0));
        block.extend_from_slice(name.as_bytes());
        block.push(u8::try_from(value.len()).unwrap_or(0));
        block.extend_from_slice(value.as_bytes());
    }
    block
}

/// An HTTP/2 cleartext connection opening `streams` POSTs whose bodies never come.
async fn stalled_streams(ip: Ipv4Addr, to: SocketAddr, streams: u32) -> Result<Closed, Error> {
    const HEADERS: u8 = 1;
    const SETTINGS: u8 = 4;
    const END_HEADERS: u8 = 4;
    const ACK: u8 = 1;
    let mut s = connect_from(ip, to).await?;
    s.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").await?;
    s.write_all(&frame(SETTINGS, 0, 0, &[])).await?;
    // The server's settings come first; acknowledge them.
    let mut buf = [0u8; 1024];
    let _ = tokio::time::timeout(Duration::from_secs(2), s.read(&mut buf)).await;
    s.write_all(&frame(SETTINGS, ACK, 0, &[])).await?;
    let authority = to.to_string();
    let block = header_block(&[
        (":method", "POST"),
        (":scheme", "http"),
        (":authority", &authority),
        (":path", "/api/account/sign-in"),
        ("content-type", "application/x-www-form-urlencoded"),
        ("content-length", "100"),
    ]);
    let mut frames = Vec::new();
    for n in 0..streams {
        frames.extend(frame(HEADERS, END_HEADERS, 2 * n + 1, &block));
    }
    s.write_all(&frames).await?;
    let (after, _) = until_closed(&mut s, Instant::now(), Duration::from_secs(90)).await;
    Ok(Closed { after, status: 0 })
}

/// Waits for every stalled socket: how many were closed by `deadline`, and the statuses they got;
/// `last` becomes the latest close.
async fn by_deadline(
    sockets: &mut JoinSet<Result<Closed, Error>>,
    deadline: Duration,
    last: &mut Duration,
) -> Result<(usize, std::collections::BTreeMap<u16, usize>), Error> {
    let (mut in_time, mut statuses) = (0, std::collections::BTreeMap::new());
    while let Some(done) = sockets.join_next().await {
        let closed = done??;
        *statuses.entry(closed.status).or_default() += 1;
        if let Some(after) = closed.after {
            *last = (*last).max(after);
            if after <= deadline {
                in_time += 1;
            }
        }
    }
    Ok((in_time, statuses))
}

async fn slow_bodies(addr: SocketAddr) -> Result<bool, Error> {
    let (probe, task) = Probe::start(addr);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut posts = JoinSet::new();
    for n in 0..600u16 {
        let ip = Ipv4Addr::new(127, 2, 0, u8::try_from(1 + n % 20).unwrap_or(1));
        posts.spawn(stalled_post(ip, addr));
    }
    let mut h2 = JoinSet::new();
    for n in 0..4u8 {
        h2.spawn(stalled_streams(Ipv4Addr::new(127, 2, 1, 1 + n), addr, 200));
    }
    let mut problems = Vec::new();
    let mut last = Duration::ZERO;
    let post_deadline = Duration::from_secs(BODY_SECS) + SLACK;
    let (in_time, statuses) = by_deadline(&mut posts, post_deadline, &mut last).await?;
    if in_time < 600 {
        problems.push(format!(
            "{} stalled POSTs not closed within {} s",
            600 - in_time,
            post_deadline.as_secs()
        ));
    }
    if statuses.get(&408) != Some(&600) {
        problems.push(format!(
            "the stalled POSTs' answers: {statuses:?} (all 408 expected)"
        ));
    }
    // A connection's streams get 408 by the body deadline, then it is quiet until closed.
    let h2_deadline = Duration::from_secs(BODY_SECS + IDLE_SECS) + SLACK;
    let (h2_in_time, _) = by_deadline(&mut h2, h2_deadline, &mut last).await?;
    if h2_in_time < 4 {
        problems.push(format!(
            "{} HTTP/2 connections not closed within {} s",
            4 - h2_in_time,
            h2_deadline.as_secs()
        ));
    }
    let (answered, slowest) = Probe::finish(probe, task, &mut problems).await;
    println!(
        "| slow bodies: 600 stalled POSTs from 20 addresses, 4 HTTP/2 connections × 200 stalled streams | 24 | {answered} | {slowest} | {} of 604 | {:.1} s | {} |",
        in_time + h2_in_time,
        last.as_secs_f64(),
        verdict(&problems)
    );
    Ok(problems.is_empty())
}

// Idle sockets.

/// Sockets per address, and addresses per helper process.
const SOCKETS_PER_ADDRESS: usize = 250;
const IDLE_SOCKETS: usize = 20_000;

async fn idle_sockets(addr: SocketAddr, drill: &Path) -> Result<bool, Error> {
    let (probe, task) = Probe::start(addr);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut helpers = Vec::new();
    for block in 0..2u8 {
        helpers.push(
            tokio::process::Command::new(drill)
                .args([
                    "idle-sockets",
                    &addr.to_string(),
                    &block.to_string(),
                    &(IDLE_SOCKETS / 2).to_string(),
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()?,
        );
    }
    let mut problems = Vec::new();
    let (mut opened, mut in_time, mut slowest) = (0u64, 0u64, 0u64);
    let mut details = Vec::new();
    for helper in helpers {
        let out = helper.wait_with_output().await?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let field = |name: &str| -> u64 {
            text.split_whitespace()
                .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('=')?.parse().ok())
                .unwrap_or(0)
        };
        if !out.status.success() {
            problems.push(format!("a helper failed: {text}"));
        }
        details.push(text.trim().to_string());
        opened += field("opened");
        in_time += field("closed_in_time");
        slowest = slowest.max(field("slowest_ms"));
    }
    if opened == 0 || in_time < opened {
        problems.push(format!(
            "{} of {opened} idle sockets not closed within {} s ({})",
            opened.saturating_sub(in_time),
            HEADER_SECS + SLACK.as_secs(),
            details.join("; ")
        ));
    }
    let (answered, slowest_probe) = Probe::finish(probe, task, &mut problems).await;
    println!(
        "| idle sockets: {IDLE_SOCKETS} connections that send nothing, from 80 addresses | 80 | {answered} | {slowest_probe} | {in_time} of {opened} opened | {:.1} s | {} |",
        slowest as f64 / 1000.0,
        verdict(&problems)
    );
    Ok(problems.is_empty())
}

/// `okryu-drill idle-sockets ADDR BLOCK COUNT`: opens COUNT connections to ADDR that send
/// nothing, `SOCKETS_PER_ADDRESS` from each of 127.3.BLOCK.1…, and waits for the server to close
/// them. Prints `opened= closed_in_time= late= still_open= slowest_ms=`.
pub async fn idle_sockets_helper(args: &[String]) -> Result<(), Error> {
    let [addr, block, count] = args else {
        return Err("usage: okryu-drill idle-sockets ADDR BLOCK COUNT".into());
    };
    let addr: SocketAddr = addr.parse()?;
    let block: u8 = block.parse()?;
    let count: usize = count.parse()?;
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    let deadline = Duration::from_secs(HEADER_SECS) + SLACK;
    let connecting = Arc::new(tokio::sync::Semaphore::new(512));
    let mut sockets = JoinSet::new();
    for n in 0..count {
        let host = u8::try_from(1 + n / SOCKETS_PER_ADDRESS).unwrap_or(255);
        let ip = Ipv4Addr::new(127, 3, block, host);
        let connecting = connecting.clone();
        sockets.spawn(async move {
            let permit = connecting.acquire_owned().await.ok();
            let connected =
                tokio::time::timeout(Duration::from_secs(10), connect_from(ip, addr)).await;
            drop(permit);
            let Ok(Ok(mut s)) = connected else {
                return None;
            };
            Some(
                until_closed(&mut s, Instant::now(), deadline + Duration::from_secs(10))
                    .await
                    .0,
            )
        });
    }
    let (mut opened, mut in_time, mut late, mut open, mut slowest) = (0, 0, 0, 0, Duration::ZERO);
    while let Some(done) = sockets.join_next().await {
        match done? {
            None => {}
            Some(closed) => {
                opened += 1;
                match closed {
                    Some(after) if after <= deadline => {
                        in_time += 1;
                        slowest = slowest.max(after);
                    }
                    Some(after) => {
                        late += 1;
                        slowest = slowest.max(after);
                    }
                    None => open += 1,
                }
            }
        }
    }
    println!(
        "opened={opened} closed_in_time={in_time} late={late} still_open={open} slowest_ms={}",
        millis(slowest)
    );
    Ok(())
}

// The abort storm.

/// Every shopper page, as the load test asks them: path and cookie.
async fn shopper_pages(addr: SocketAddr) -> Result<Vec<(String, String)>, Error> {
    let local = Ipv4Addr::LOCALHOST;
    let body =
        |path: String| async move { exchange(local, addr, &get_head(addr, &path, "", true)).await };
    let first = |html: &str, prefix: &str| {
        html.split(&format!("href=\"/{prefix}/"))
            .nth(1)
            .and_then(|rest| rest.split(['"', '?']).next())
            .map(|tail| format!("/{prefix}/{tail}"))
    };
    let search = body("/search?q=%ED%81%AC%EB%A6%BC%EB%B9%B5".into()).await?;
    let product = first(&search, "p").ok_or("no product in the search")?;
    let group = first(&body(product.clone()).await?, "g").ok_or("no group on the product")?;
    // The demo shopper's session.
    let form = "phone=0191-100-0001&password=okryu-shopper";
    let req = format!(
        "POST /api/account/sign-in HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    );
    let session = exchange(local, addr, &req)
        .await?
        .split("okryu_session=")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .map(|token| format!("okryu_session={token}"))
        .ok_or("cannot sign the demo shopper in")?;
    let id = product.trim_start_matches("/p/");
    Ok(vec![
        ("/".into(), String::new()),
        ("/search?q=%ED%81%AC%EB%A6%BC".into(), String::new()),
        ("/c/food".into(), String::new()),
        ("/s/kumsong-food".into(), String::new()),
        (product.clone(), String::new()),
        (group, String::new()),
        ("/compare".into(), "deliver_to=pyongyang-central".into()),
        ("/food".into(), "deliver_to=pyongyang-central".into()),
        ("/r/okryukwan".into(), "deliver_to=pyongyang-central".into()),
        ("/cart".into(), String::new()),
        ("/login".into(), String::new()),
        ("/signup".into(), String::new()),
        (format!("/checkout?item={id}&qty=1"), session.clone()),
        ("/orders".into(), session.clone()),
        ("/subscriptions".into(), session.clone()),
        ("/food/checkout".into(), session.clone()),
        ("/account".into(), session),
    ])
}

/// One request, the connection closed `after` it is sent: at once the server drops the request
/// before it starts; a few milliseconds later, in the middle of its render.
async fn abandon(addr: SocketAddr, path: &str, cookie: &str, after: Duration) {
    let Ok(mut s) = connect_from(Ipv4Addr::LOCALHOST, addr).await else {
        return;
    };
    let _ = s
        .write_all(get_head(addr, path, cookie, false).as_bytes())
        .await;
    tokio::time::sleep(after).await;
}

/// Each worker's park/unpark count, from `/metrics`.
async fn worker_counts(addr: SocketAddr) -> Result<Vec<u64>, Error> {
    let text = exchange(
        Ipv4Addr::LOCALHOST,
        addr,
        &get_head(addr, "/metrics", "", true),
    )
    .await?;
    // `okryu_runtime_worker_park_unpark_total{worker="N"} V`, in whatever order they come.
    let mut counts: Vec<(usize, u64)> = text
        .lines()
        .filter_map(|l| l.strip_prefix("okryu_runtime_worker_park_unpark_total{worker=\""))
        .filter_map(|rest| {
            let (worker, value) = rest.split_once("\"} ")?;
            Some((
                worker.parse().ok()?,
                value.trim().parse::<f64>().ok()? as u64,
            ))
        })
        .collect();
    counts.sort_unstable();
    let counts: Vec<u64> = counts.into_iter().map(|(_, v)| v).collect();
    if counts.is_empty() {
        return Err("/metrics names no worker".into());
    }
    Ok(counts)
}

async fn abort_storm(server: &mut Server) -> Result<bool, Error> {
    let addr = server.addr;
    let pages = Arc::new(shopper_pages(addr).await?);
    let (probe, task) = Probe::start(addr);
    let started = Instant::now();
    let mut storm = JoinSet::new();
    let next = Arc::new(AtomicU64::new(0));
    for _ in 0..64 {
        let (pages, next) = (pages.clone(), next.clone());
        storm.spawn(async move {
            loop {
                let n = usize::try_from(next.fetch_add(1, Relaxed)).unwrap_or(usize::MAX);
                if n >= ABORTS {
                    break;
                }
                let (path, cookie) = &pages[n % pages.len()];
                // 0 to 7 ms: from before the render starts to the middle of it.
                let after = Duration::from_millis(u64::try_from(n % 8).unwrap_or(0));
                abandon(addr, path, cookie, after).await;
            }
        });
    }
    while storm.join_next().await.is_some() {}
    let storm_secs = started.elapsed().as_secs_f64();
    let mut problems = Vec::new();
    // Every worker still answering: each one's park count moves while a burst is served.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let before = worker_counts(addr).await?;
    // A burst within one client's share (128 in flight).
    let mut burst = JoinSet::new();
    for n in 0..100u32 {
        let path = if n.is_multiple_of(2) { "/healthz" } else { "/" };
        burst.spawn(async move { get(Ipv4Addr::LOCALHOST, addr, path, "").await });
    }
    let mut burst_ok = 0;
    while let Some(done) = burst.join_next().await {
        if matches!(done, Ok(Ok(200))) {
            burst_ok += 1;
        }
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = worker_counts(addr).await?;
    let stuck = before.iter().zip(&after).filter(|(b, a)| a <= b).count();
    if stuck > 0 || after.len() != before.len() {
        problems.push(format!(
            "{stuck} of {} workers did not move ({before:?} → {after:?})",
            before.len()
        ));
    }
    if burst_ok < 100 {
        problems.push(format!(
            "{burst_ok} of 100 requests after the storm answered 200"
        ));
    }
    let (answered, slowest) = Probe::finish(probe, task, &mut problems).await;
    // SIGTERM with requests in flight.
    let mut inflight = JoinSet::new();
    for n in 0..64 {
        let (path, cookie) = pages[n % pages.len()].clone();
        inflight.spawn(async move { get(Ipv4Addr::LOCALHOST, addr, &path, &cookie).await });
    }
    tokio::time::sleep(Duration::from_millis(20)).await;
    let stopped = server.terminate(STOP_BUDGET).await;
    inflight.abort_all();
    let log = server.log_text();
    let panics = log.matches("panicked").count();
    if panics > 0 {
        problems.push(format!("{panics} panics in the log"));
    }
    let stop = match stopped {
        Some(took) => format!("SIGTERM: stopped in {:.1} s", took.as_secs_f64()),
        None => {
            problems.push(format!(
                "SIGTERM: still running after {} s",
                STOP_BUDGET.as_secs()
            ));
            "SIGTERM: did not stop".into()
        }
    };
    println!(
        "| abort storm: {ABORTS} requests over {} shopper pages closed 0–7 ms after sending ({storm_secs:.1} s); {} workers moving; {panics} panics; {stop} | 1 | {answered} | {slowest} | - | - | {} |",
        pages.len(),
        after.len() - stuck.min(after.len()),
        verdict(&problems)
    );
    Ok(problems.is_empty())
}
