//! The binary refuses bad settings with one clear line and a non-zero exit.

use std::process::Command;

fn okryu(vars: &[(&str, &str)]) -> (bool, String) {
    let dir = std::env::temp_dir().join(format!("okryu-startup-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_okryu"));
    // Any free port: tests run side by side, and a server may be up on the default one.
    cmd.current_dir(&dir)
        .env_remove("DATABASE_URL")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "off");
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run okryu");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).trim().to_string(),
    )
}

#[test]
fn an_unreachable_postgres_names_the_setting_and_hides_the_password() {
    let (ok, err) = okryu(&[
        ("DATABASE_URL", "postgres://okryu:hunter2@127.0.0.1:1/okryu"),
        // PostgreSQL deployments name their key: the database is what fails here.
        (
            "OKRYU_SECRET_KEY",
            "a-test-key-that-is-long-enough-0123456789",
        ),
    ]);
    assert!(!ok);
    assert!(err.starts_with("okryu: DATABASE_URL: "), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_malformed_database_url_is_refused() {
    let (ok, err) = okryu(&[("DATABASE_URL", "mysql://db/okryu")]);
    assert!(!ok);
    assert!(err.starts_with("okryu: DATABASE_URL: "), "{err}");
}

#[test]
fn a_port_in_use_names_the_setting() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let db = std::env::temp_dir().join(format!("okryu-startup-{}.db", std::process::id()));
    let url = format!("sqlite://{}", db.display());
    let (ok, err) = okryu(&[("DATABASE_URL", &url), ("LEPTOS_SITE_ADDR", &addr)]);
    assert!(!ok);
    assert!(err.starts_with("okryu: LEPTOS_SITE_ADDR: "), "{err}");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

/// A real deployment: a server on an empty PostgreSQL database without `OKRYU_DEMO` has no
/// accounts and no goods (the demo operator's published password lets nobody in); its first
/// operator is made with `okryu operator create`, the password read from standard input.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_database_starts_empty_and_its_first_operator_is_made_by_a_command() {
    use crate::common::{empty_database, form, server::Server};
    use okryu::server::config::Backend;
    use std::io::Write;
    const KEY: &str = "a-test-key-that-is-long-enough-0123456789";
    let (config, _guard) = empty_database(Backend::Postgres).await;
    let url = config.database.expose().to_string();
    let vars = [("DATABASE_URL", url.as_str()), ("OKRYU_SECRET_KEY", KEY)];
    let server = Server::start("real", &vars);
    let demo_operator = form(&[("phone", "0191-100-0006"), ("password", "okryu-operator")]);
    let (status, body) = server.post("/api/account/sign-in", &demo_operator, None);
    assert_eq!(status, 401, "{body}");
    assert_eq!(server.get("/p/1").0, 404);
    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(
        home.contains("아직 상품이 없습니다"),
        "the home page says so: {home}"
    );

    let mut create = Command::new(env!("CARGO_BIN_EXE_okryu"))
        .args([
            "operator",
            "create",
            "--phone",
            "0191-700-0001",
            "--name",
            "박운영",
        ])
        .env("DATABASE_URL", &url)
        .env("OKRYU_SECRET_KEY", KEY)
        .env("RUST_LOG", "off")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run okryu operator create");
    create
        .stdin
        .take()
        .expect("its input")
        .write_all(b"a long operator password\n")
        .expect("the password");
    let made = create.wait_with_output().expect("it ends");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );

    let operator = form(&[
        ("phone", "0191-700-0001"),
        ("password", "a long operator password"),
    ]);
    let (status, body) = server.post("/api/account/sign-in", &operator, None);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"role\":\"Operator\""), "{body}");
    let (status, _) = server.post("/api/account/sign-in", &demo_operator, None);
    assert_eq!(status, 401, "still no demo operator");
}

#[test]
fn the_operator_command_refuses_a_password_given_as_an_argument_or_too_short() {
    let dir = std::env::temp_dir().join(format!("okryu-operator-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let run = |args: &[&str], input: &str| {
        use std::io::Write;
        let mut child = Command::new(env!("CARGO_BIN_EXE_okryu"))
            .args(args)
            .current_dir(&dir)
            .env(
                "DATABASE_URL",
                format!("sqlite://{}/okryu.db", dir.display()),
            )
            .env("RUST_LOG", "off")
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("run okryu");
        let _ = child
            .stdin
            .take()
            .expect("input")
            .write_all(input.as_bytes());
        let out = child.wait_with_output().expect("it ends");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        )
    };
    let (ok, err) = run(
        &[
            "operator",
            "create",
            "--phone",
            "0191-700-0002",
            "--password",
            "secret",
        ],
        "",
    );
    assert!(!ok);
    assert!(err.starts_with("okryu: usage:"), "{err}");
    let (ok, err) = run(
        &["operator", "create", "--phone", "0191-700-0002"],
        "short\n",
    );
    assert!(!ok);
    assert!(err.contains("the password"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
