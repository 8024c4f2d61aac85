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

#[test]
fn a_request_that_takes_too_long_gets_408() {
    let server = Server::start("request", &[("OKRYU_REQUEST_TIMEOUT_SECS", "1")]);
    let mut stalled = stalled_post(&server);
    let mut out = String::new();
    let _ = stalled.read_to_string(&mut out);
    assert_eq!(status_of(&out), 408, "{out}");
}

#[test]
fn beyond_the_concurrency_limit_the_answer_is_503_with_retry_after() {
    let server = Server::start(
        "busy",
        &[
            ("OKRYU_MAX_CONCURRENT_REQUESTS", "2"),
            ("OKRYU_REQUEST_TIMEOUT_SECS", "30"),
        ],
    );
    // Two requests in progress: stalled posts the server has taken in and not answered. (One that
    // arrives while another request is being answered is turned away, rightly: it is sent again.)
    let mut held: Vec<TcpStream> = Vec::new();
    while held.len() < 2 {
        let mut s = stalled_post(&server);
        s.set_read_timeout(Some(Duration::from_millis(300)))
            .expect("read timeout");
        let mut buf = [0u8; 64];
        match s.read(&mut buf) {
            Ok(n) if n > 0 => assert_eq!(status_of(&String::from_utf8_lossy(&buf[..n])), 503),
            _ => held.push(s),
        }
    }
    // Both stalled requests are in progress once the server has read their heads.
    let deadline = Instant::now() + Duration::from_secs(20);
    let (status, head) = loop {
        let answer = server.get("/healthz");
        if answer.0 == 503 || Instant::now() > deadline {
            break answer;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(status, 503, "{head}\n{}", server.log());
    assert!(
        head.to_ascii_lowercase().contains("retry-after: 1"),
        "{head}"
    );
    drop(held);
    let deadline = Instant::now() + Duration::from_secs(20);
    while server.get("/healthz").0 != 200 {
        assert!(
            Instant::now() < deadline,
            "served again once the others are done"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_body_too_large_is_refused_before_it_is_read() {
    let server = Server::start("body", &[]);
    let mut s = server.connect();
    let head = format!(
        "POST /api/account/sign-in HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000000\r\nConnection: close\r\n\r\n",
        server.addr
    );
    s.write_all(head.as_bytes()).expect("send the head");
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    assert_eq!(status_of(&out), 413, "{out}");
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
