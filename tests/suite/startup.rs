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
