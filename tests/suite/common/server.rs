//! The real `okryu` binary, started on a free port for tests that need real sockets or a real
//! start-up.

use std::{
    io::{Read, Write},
    net::{SocketAddr, TcpStream},
    process::{Child, Command},
    time::{Duration, Instant},
};

/// The `okryu` binary on a free port and a fresh SQLite file, with `vars` set.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    dir: std::path::PathBuf,
}

impl Server {
    pub fn start(name: &str, vars: &[(&str, &str)]) -> Server {
        let dir = std::env::temp_dir().join(format!("okryu-server-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a folder");
        let log_file = std::fs::File::create(dir.join("server.log")).expect("a log");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_okryu"));
        cmd.current_dir(&dir)
            .env(
                "DATABASE_URL",
                format!("sqlite://{}/okryu.db", dir.display()),
            )
            // Any free port, which the server names in its log: no other test can take it.
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(log_file.try_clone().expect("the log again"))
            // A panic's message goes to stderr: into the same log, where a test looks for it.
            .stderr(log_file);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("start okryu");
        let deadline = Instant::now() + Duration::from_secs(120);
        let log = dir.join("server.log");
        let addr = loop {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            let found = text
                .split("serving Okryu on http://")
                .nth(1)
                .map(|rest| {
                    rest.chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
                        .collect::<String>()
                })
                .and_then(|a| a.parse().ok());
            if let Some(addr) = found {
                break addr;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not come up: {text}"
            );
            std::thread::sleep(Duration::from_millis(200));
        };
        let server = Server { child, addr, dir };
        assert_eq!(server.get("/healthz").0, 200);
        server
    }

    /// What the server wrote, for a failure's message.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
    }

    /// The server's SQLite database file.
    pub fn database(&self) -> std::path::PathBuf {
        self.dir.join("okryu.db")
    }

    /// Sends SIGTERM and waits at most `limit` for the process to exit: how long it took.
    pub fn terminate(&mut self, limit: Duration) -> Option<Duration> {
        let started = Instant::now();
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill -TERM");
        while started.elapsed() < limit {
            if let Ok(Some(_)) = self.child.try_wait() {
                return Some(started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// A connection from another local address (`127.0.0.2`, say): another client.
    pub fn connect_from(&self, ip: &str) -> TcpStream {
        let local: SocketAddr = format!("{ip}:0").parse().expect("an address");
        let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)
            .expect("a socket");
        socket.bind(&local.into()).expect("bind the local address");
        socket.connect(&self.addr.into()).expect("connect");
        let s: TcpStream = socket.into();
        s.set_read_timeout(Some(Duration::from_secs(20)))
            .expect("read timeout");
        s
    }

    /// A whole GET from another local address: the status (0 when the connection failed).
    pub fn get_from(&self, ip: &str, path: &str) -> u16 {
        let mut s = self.connect_from(ip);
        let req = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        );
        if s.write_all(req.as_bytes()).is_err() {
            return 0;
        }
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        status_of(&out)
    }

    pub fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(20)))
            .expect("read timeout");
        s
    }

    /// A whole GET; the status (0 when the connection failed) and the response's head.
    pub fn get(&self, path: &str) -> (u16, String) {
        let Ok(mut s) = TcpStream::connect(self.addr) else {
            return (0, String::new());
        };
        let _ = s.set_read_timeout(Some(Duration::from_secs(20)));
        let req = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        );
        if s.write_all(req.as_bytes()).is_err() {
            return (0, String::new());
        }
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        (status_of(&out), out)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn status_of(response: &str) -> u16 {
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

impl Server {
    /// A whole form POST from this site (its `Origin`), with `cookie` when given: the status and
    /// the response.
    pub fn post(&self, path: &str, form: &str, cookie: Option<&str>) -> (u16, String) {
        let Ok(mut s) = TcpStream::connect(self.addr) else {
            return (0, String::new());
        };
        let _ = s.set_read_timeout(Some(Duration::from_secs(20)));
        let cookie = cookie
            .map(|c| format!("Cookie: {c}\r\n"))
            .unwrap_or_default();
        let req = format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n\
             {cookie}Content-Length: {}\r\nConnection: close\r\n\r\n{form}",
            form.len(),
            addr = self.addr,
        );
        if s.write_all(req.as_bytes()).is_err() {
            return (0, String::new());
        }
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        (status_of(&out), out)
    }
}
