//! A few slow or greedy clients can't hold the server: the real binary, over real sockets, with
//! small limits.

use crate::common::server::{status_of, Server};
use std::{
    io::{Read, Write},
    net::TcpStream,
    time::{Duration, Instant},
};

/// A POST whose headers promise a body that never comes: the request stays in progress.
fn stalled_post(server: &Server) -> TcpStream {
    let mut s = server.connect();
    let head = format!(
        "POST /api/account/sign-in HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nphone=",
        server.addr
    );
    s.write_all(head.as_bytes()).expect("send the head");
    s
}

#[test]
fn a_client_too_slow_with_its_headers_is_cut_off() {
    let server = Server::start("headers", &[("OKRYU_HEADER_TIMEOUT_SECS", "1")]);
    let mut slow = server.connect();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .expect("part of the headers");
    let started = Instant::now();
    let mut buf = Vec::new();
    let _ = slow.read_to_end(&mut buf);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "the server closed the connection"
    );
    assert!(!String::from_utf8_lossy(&buf).contains("200 OK"));
    assert_eq!(server.get("/healthz").0, 200, "and still serves others");
}

/// Reads until the server closes the connection or `limit` passes: whether it closed, and what
/// it sent.
fn closed_within(s: &mut TcpStream, limit: Duration) -> (bool, String) {
    s.set_read_timeout(Some(limit)).expect("read timeout");
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let started = Instant::now();
    loop {
        match s.read(&mut buf) {
            Ok(0) => return (true, String::from_utf8_lossy(&out).into_owned()),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return (true, String::from_utf8_lossy(&out).into_owned())
            }
            Err(_) => return (false, String::from_utf8_lossy(&out).into_owned()),
        }
        if started.elapsed() > limit {
            return (false, String::from_utf8_lossy(&out).into_owned());
        }
    }
}

/// A connection that sends nothing, one that sends only HTTP/2's preface, and a kept-alive one
/// between requests are all closed by their deadline (hyper's own header timeout starts only
/// once it has told the protocol).
#[test]
fn quiet_connections_are_closed_whatever_the_protocol() {
    let server = Server::start(
        "quiet",
        &[
            ("OKRYU_HEADER_TIMEOUT_SECS", "1"),
            ("OKRYU_IDLE_TIMEOUT_SECS", "2"),
        ],
    );
    let mut silent = server.connect();
    let mut preface = server.connect();
    preface
        .write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        .expect("the preface");
    let mut kept = server.connect();
    let req = format!("GET /healthz HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr);
    kept.write_all(req.as_bytes()).expect("a request");
    let started = Instant::now();
    assert!(
        closed_within(&mut silent, Duration::from_secs(6)).0,
        "silent"
    );
    assert!(
        closed_within(&mut preface, Duration::from_secs(6)).0,
        "preface only"
    );
    let (closed, answer) = closed_within(&mut kept, Duration::from_secs(8));
    assert!(closed, "kept alive, then quiet");
    assert_eq!(status_of(&answer), 200, "{answer}");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "not before the deadline"
    );
    assert_eq!(server.get("/healthz").0, 200, "and still serves others");
}

/// A body that never comes holds no place among the requests in progress (others are served
/// meanwhile) and gets 408 by the body deadline.
#[test]
fn stalled_bodies_hold_no_place_and_get_408() {
    let server = Server::start(
        "stalled",
        &[
            ("OKRYU_MAX_CONCURRENT_REQUESTS", "2"),
            ("OKRYU_BODY_TIMEOUT_SECS", "2"),
        ],
    );
    let mut stalled: Vec<TcpStream> = (0..6).map(|_| stalled_post(&server)).collect();
    std::thread::sleep(Duration::from_millis(300));
    for _ in 0..3 {
        assert_eq!(server.get("/").0, 200, "served meanwhile: {}", server.log());
    }
    for s in &mut stalled {
        let (_, out) = closed_within(s, Duration::from_secs(10));
        assert_eq!(status_of(&out), 408, "{out}");
    }
}

#[test]
fn a_request_that_takes_too_long_gets_408() {
    let server = Server::start("request", &[("OKRYU_REQUEST_TIMEOUT_SECS", "1")]);
    // Holding the database's write lock keeps a sign-up code's request waiting in its handler.
    let hold = hold_the_write_lock(&server);
    let (status, _) = server.post("/api/account/send-code", "phone=0191-555-0301", None);
    assert_eq!(status, 408);
    drop(hold);
}

/// Takes SQLite's write lock on the server's database (in a thread of its own) until dropped.
fn hold_the_write_lock(server: &Server) -> std::sync::mpsc::Sender<()> {
    let path = server.database();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let (taken, is_taken) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        rt.block_on(async move {
            use okryu::server::{config::DatabaseUrl, db::Db};
            let url = DatabaseUrl::parse(&format!("sqlite://{}", path.display())).expect("a URL");
            let db = Db::connect(&url).await.expect("the server's database");
            let tx = db.begin().await.expect("BEGIN IMMEDIATE");
            taken.send(()).expect("say so");
            let _ = tokio::task::spawn_blocking(move || released.recv()).await;
            drop(tx);
            db.close().await;
        });
    });
    is_taken.recv().expect("the lock is held");
    release
}

/// Beyond the limit of requests in progress the answer is 503 with `Retry-After`, at once;
/// `/healthz` is outside the limit and answers 200 meanwhile.
#[test]
fn beyond_the_concurrency_limit_the_answer_is_503_and_healthz_still_answers() {
    let server = Server::start("busy", &[("OKRYU_MAX_CONCURRENT_REQUESTS", "2")]);
    let hold = hold_the_write_lock(&server);
    // Two requests waiting for the lock in their handlers (each waits up to SQLite's 5 s).
    let waiting: Vec<_> = (0..2)
        .map(|n| {
            let server_addr = server.addr;
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(server_addr).expect("connect");
                let body = format!("phone=0191-555-03{n:02}");
                let req = format!(
                    "POST /api/account/send-code HTTP/1.1\r\nHost: {server_addr}\r\n\
                     Content-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                s.write_all(req.as_bytes()).expect("send");
                let mut out = String::new();
                let _ = s.read_to_string(&mut out);
                status_of(&out)
            })
        })
        .collect();
    // Both are in before anything else asks (a request arriving while a third is in progress is
    // turned away, rightly).
    std::thread::sleep(Duration::from_millis(500));
    let deadline = Instant::now() + Duration::from_secs(3);
    let (status, head) = loop {
        let answer = server.get("/");
        if answer.0 == 503 || Instant::now() > deadline {
            break answer;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if status != 503 {
        drop(hold);
        let answers: Vec<u16> = waiting.into_iter().map(|w| w.join().unwrap_or(0)).collect();
        panic!("{answers:?} {head}\n{}", server.log());
    }
    assert!(
        head.to_ascii_lowercase().contains("retry-after: 1"),
        "{head}"
    );
    assert_eq!(
        server.get("/healthz").0,
        200,
        "the probe is outside the limit"
    );
    drop(hold);
    for w in waiting {
        assert_eq!(
            w.join().expect("the request"),
            200,
            "served once the lock is free"
        );
    }
    assert_eq!(server.get("/").0, 200);
}

/// One client address can't have more than its share in flight (429); another is served.
#[test]
fn one_client_beyond_its_share_gets_429_and_others_are_served() {
    let server = Server::start(
        "share",
        &[
            ("OKRYU_MAX_REQUESTS_PER_CLIENT", "3"),
            ("OKRYU_BODY_TIMEOUT_SECS", "10"),
        ],
    );
    let _stalled: Vec<TcpStream> = (0..3).map(|_| stalled_post(&server)).collect();
    std::thread::sleep(Duration::from_millis(300));
    let (status, head) = server.get("/");
    assert_eq!(status, 429, "{head}");
    assert!(head.to_ascii_lowercase().contains("retry-after"), "{head}");
    assert_eq!(server.get_from("127.0.0.2", "/"), 200, "another client");
}

/// Connections are capped per client address: beyond, the new one is closed at once while
/// another address still connects.
#[test]
fn connections_are_capped_per_address() {
    let server = Server::start("per-address", &[("OKRYU_MAX_CONNECTIONS_PER_CLIENT", "3")]);
    let _open: Vec<TcpStream> = (0..3).map(|_| server.connect_from("127.0.0.3")).collect();
    std::thread::sleep(Duration::from_millis(200));
    let mut fourth = server.connect_from("127.0.0.3");
    assert!(
        closed_within(&mut fourth, Duration::from_secs(3)).0,
        "refused"
    );
    assert_eq!(server.get_from("127.0.0.2", "/healthz"), 200);
}

/// When every connection is taken, the oldest that has begun no request makes room.
#[test]
fn a_full_server_closes_its_oldest_silent_connection_for_a_new_one() {
    let server = Server::start("full", &[("OKRYU_MAX_CONNECTIONS", "4")]);
    let mut silent: Vec<TcpStream> = Vec::new();
    for _ in 0..4 {
        silent.push(server.connect_from("127.0.0.4"));
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        server.get_from("127.0.0.2", "/healthz"),
        200,
        "{}",
        server.log()
    );
    assert!(
        closed_within(&mut silent[0], Duration::from_secs(3)).0,
        "the oldest silent one made room"
    );
}

/// A chunked body (no length announced) longer than the limit gets 413, as an announced one.
#[test]
fn a_chunked_body_too_large_gets_413() {
    let server = Server::start("chunked", &[]);
    let mut s = server.connect();
    let head = format!(
        "POST /api/account/sign-in HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        server.addr
    );
    s.write_all(head.as_bytes()).expect("send the head");
    let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, "a".repeat(64 * 1024));
    for _ in 0..20 {
        if s.write_all(chunk.as_bytes()).is_err() {
            break;
        }
    }
    let _ = s.write_all(b"0\r\n\r\n");
    let (_, out) = closed_within(&mut s, Duration::from_secs(10));
    assert_eq!(status_of(&out), 413, "{out}");
}

/// Pages whose clients go away right after asking: every render finishes or stops cleanly (no
/// panic in the log), the server still answers others at once and that client again once its
/// renders are done, and SIGTERM stops it within the drain time.
#[test]
fn abandoned_pages_leave_no_panic_and_sigterm_still_stops_the_server() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/tools/demo");
    let mut server = Server::start(
        "abandoned",
        &[("OKRYU_DEMO", "1"), ("OKRYU_DEMO_DIR", demo)],
    );
    let pages = [
        "/",
        "/p/1",
        "/compare",
        "/cart",
        "/search?q=%ED%81%AC%EB%A6%BC",
        "/login",
    ];
    for n in 0..300 {
        let mut s = server.connect();
        let req = format!(
            "GET {} HTTP/1.1\r\nHost: {}\r\n\r\n",
            pages[n % pages.len()],
            server.addr
        );
        let _ = s.write_all(req.as_bytes());
        // From before the render starts (closed at once) to the middle of it (a few ms later).
        std::thread::sleep(Duration::from_millis((n % 8) as u64));
        drop(s);
    }
    // Someone else is served at once: the abandoned renders hold only their client's share.
    assert_eq!(
        server.get_from("127.0.0.2", "/"),
        200,
        "another client is served: {}",
        server.log()
    );
    // The client that walked away is told to come back (429) while its renders still run on a
    // slow machine, never anything else, and is served again once they have finished.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        match server.get("/").0 {
            200 => break,
            429 if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(200))
            }
            other => panic!("the same client again: {other}\n{}", server.log()),
        }
    }
    let log = server.log();
    assert!(!log.contains("panicked"), "{log}");
    let took = server.terminate(Duration::from_secs(10));
    assert!(took.is_some(), "SIGTERM stops it: {}", server.log());
}

#[tokio::test]
async fn postgresql_cancels_a_statement_that_runs_too_long() {
    use okryu::server::{config::DatabaseUrl, db::Db};
    let admin = std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let url = DatabaseUrl::parse(&admin).expect("a PostgreSQL URL");
    let db = Db::connect_with(&url, Duration::from_secs(1))
        .await
        .expect("connect");
    let mut tx = db.begin().await.expect("begin");
    let slow = sqlx::query("SELECT pg_sleep(3)").execute(&mut *tx).await;
    let err = slow.expect_err("cancelled").to_string();
    assert!(err.contains("statement timeout"), "{err}");
    drop(tx);
    db.close().await;
}

#[test]
fn every_log_line_of_a_request_names_its_id_in_json() {
    let server = Server::start("json", &[("RUST_LOG_FORMAT", "json")]);
    let mut s = server.connect();
    let req = format!(
        "GET /p/999999 HTTP/1.1\r\nHost: {}\r\nX-Request-Id: trace-me-7\r\nConnection: close\r\n\r\n",
        server.addr
    );
    s.write_all(req.as_bytes()).expect("send");
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    assert!(
        out.to_ascii_lowercase()
            .contains("x-request-id: trace-me-7"),
        "{out}"
    );
    std::thread::sleep(Duration::from_millis(300));
    let log = server.log();
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("trace-me-7")).collect();
    assert!(!lines.is_empty(), "{log}");
    for line in &lines {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert_eq!(v["span"]["request_id"], "trace-me-7", "{line}");
    }
}
