//! Configuration from the environment, with the ecosystem's names and documented defaults.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `DATABASE_URL` | `sqlite://data/okryu.db` | `sqlite://PATH` (embedded, created on start) or `postgres://…` |
//! | `LEPTOS_SITE_ADDR` | `127.0.0.1:3000` | address to listen on |
//! | `LEPTOS_SITE_ROOT` | `target/site` | the built site (JS, WASM, CSS, public files) |
//! | `RUST_LOG` | `info` | log filter (tracing-subscriber's `EnvFilter` syntax) |
//! | `OKRYU_SECURE_COOKIES` | `false` | `true` when served over HTTPS: the session cookie gets `Secure` |
//! | `OKRYU_ALLOWED_NETWORKS` | (everyone) | comma-separated CIDRs (`10.0.0.0/8,192.168.0.0/16`); other clients get a 403 page |
//! | `OKRYU_METRICS_NETWORKS` | `127.0.0.0/8,::1/128` | who may read `/metrics` (comma-separated CIDRs) |
//! | `OKRYU_TRUST_PROXY` | `false` | `true` behind a reverse proxy: the client is the last `X-Forwarded-For` address |
//! | `OKRYU_SESSION_IDLE_HOURS` | `12` | a session unused this long ends |
//! | `OKRYU_SESSION_MAX_DAYS` | `14` | a session ends this long after sign-in |
//! | `OKRYU_SIGNUPS_PER_HOUR` | `10` | sign-ups one client address may submit per hour (raise it for a registration desk behind one address) |
//! | `OKRYU_SECRET_KEY` | (SQLite: made once, kept in `<database>.key`) | at least 32 characters; keys the digests of resident and card numbers and PINs; must be set with PostgreSQL |
//! | `OKRYU_HEADER_TIMEOUT_SECS` | `10` | a client must send a request's headers within this |
//! | `OKRYU_BODY_TIMEOUT_SECS` | `10` | a request's whole body must arrive within this (else 408), before it takes a place |
//! | `OKRYU_REQUEST_TIMEOUT_SECS` | `30` | a request must be answered within this (else 408) |
//! | `OKRYU_IDLE_TIMEOUT_SECS` | `60` | a kept-alive connection with no request in progress this long is closed |
//! | `OKRYU_MAX_CONCURRENT_REQUESTS` | `512` | requests in progress at once; beyond, 503 with `Retry-After` (`/healthz` is outside) |
//! | `OKRYU_MAX_REQUESTS_PER_CLIENT` | `128` | requests in flight from one client address, bodies being read included; beyond, 429 |
//! | `OKRYU_MAX_CONNECTIONS` | `10000` | open connections in all (lowered to fit the file-descriptor limit) |
//! | `OKRYU_MAX_CONNECTIONS_PER_CLIENT` | `256` | open connections from one address (not applied behind a trusted proxy) |
//! | `OKRYU_DRAIN_SECS` | `8` | on SIGTERM, how long requests in flight may finish |
//! | `OKRYU_DB_STATEMENT_TIMEOUT_SECS` | `10` | PostgreSQL cancels a statement running this long |
//! | `OKRYU_COUNT_VISITS` | `true` | `false`: page views and visitors are not counted (the dashboard's traffic stays empty) |
//! | `OKRYU_DEMO` | `false` | `true`: an empty database gets the demo catalog and the demo accounts (published passwords: never for real shoppers) |
//! | `OKRYU_DEMO_DIR` | `tools/demo` | where the demo data files are |
//! | `OKRYU_TEST_CLOCK` | `false` | `true`, only with `OKRYU_DEMO`: `POST /test/clock?days=N` moves the server's clock N days on and runs the standing orders' scheduler (a browser test of tomorrow's milk); never in a real shop |
//! | `OKRYU_DEMO_CLOCK` | (the time it is) | `HH:MM`, only with `OKRYU_DEMO`: the server's clock starts at the next such minute of Pyongyang's day and runs on from there (a browser test of lunchtime at a restaurant, whenever it runs) |

use ipnet::IpNet;
use secrecy::SecretString;
use std::{
    fmt,
    net::{IpAddr, SocketAddr},
    path::PathBuf,
};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/okryu.db";
pub const DEFAULT_SITE_ADDR: &str = "127.0.0.1:3000";
pub const DEFAULT_SITE_ROOT: &str = "target/site";
pub const DEFAULT_DEMO_DIR: &str = "tools/demo";
/// Well-formed sign-ups one client address may submit per hour, unless configured.
pub const DEFAULT_SIGNUPS_PER_HOUR: u32 = 10;

#[derive(Clone, Debug)]
pub struct Config {
    pub database: DatabaseUrl,
    pub site_addr: SocketAddr,
    pub site_root: String,
    pub security: Security,
    pub limits: Limits,
    /// `OKRYU_SECRET_KEY`, when set (see `secret::SecretKey::load`).
    pub secret_key: Option<SecretString>,
    /// With `OKRYU_DEMO`: where the demo data files are (`OKRYU_DEMO_DIR`). An empty database
    /// then gets the demo catalog and accounts; without it, the schema and nothing else.
    pub demo: Option<PathBuf>,
    /// `OKRYU_DEMO_CLOCK` (demo data only): the server's clock starts at the next time its
    /// Pyongyang clock shows this minute of the day (minutes after midnight).
    pub demo_clock: Option<u16>,
    /// `OKRYU_COUNT_VISITS` (on unless `false`): page views and visitors are counted for the
    /// operators' dashboard.
    pub count_visits: bool,
}

/// How sessions and requests are guarded (from `OKRYU_*` settings; see `config.rs`).
#[derive(Clone, Debug)]
pub struct Security {
    /// Mark the session cookie `Secure` (the site is served over HTTPS).
    pub secure_cookies: bool,
    /// When not empty, only clients in these networks are served.
    pub allowed_networks: Vec<IpNet>,
    /// Clients that may read `/metrics` (the machine itself by default).
    pub metrics_networks: Vec<IpNet>,
    /// Take the client's address from the last `X-Forwarded-For` entry (behind a reverse proxy).
    pub trust_proxy: bool,
    /// A session unused this long ends.
    pub session_idle_secs: i64,
    /// A session ends this long after sign-in, used or not.
    pub session_max_secs: i64,
    /// Codes one client address may ask to have sent to phone numbers per hour (each sign-up
    /// asks for one).
    pub signups_per_hour: u32,
    /// Anyone may read the text-message outbox (`/outbox`): only with demo data, whose phone
    /// numbers nobody holds; a real deployment's gateway sends the messages instead.
    pub show_outbox: bool,
    /// `POST /test/clock` moves the clock (`OKRYU_TEST_CLOCK`, demo data only).
    pub clock_control: bool,
}

impl Default for Security {
    fn default() -> Self {
        Security {
            secure_cookies: false,
            allowed_networks: Vec::new(),
            metrics_networks: ["127.0.0.0/8", "::1/128"]
                .into_iter()
                .filter_map(|n| n.parse().ok())
                .collect(),
            trust_proxy: false,
            session_idle_secs: 12 * 3600,
            session_max_secs: 14 * 86_400,
            signups_per_hour: DEFAULT_SIGNUPS_PER_HOUR,
            show_outbox: false,
            clock_control: false,
        }
    }
}

/// A network in CIDR notation (`10.0.0.0/8`, `fd00::/8`) or one address (`192.168.1.7`).
pub fn parse_network(s: &str) -> Result<IpNet, String> {
    let s = s.trim();
    s.parse::<IpNet>()
        .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{s:?} is not a network like 10.0.0.0/8"))
}

/// Whether `ip` is in `net` (an IPv4 address mapped into IPv6 counts as the IPv4 one).
pub fn contains(net: &IpNet, ip: IpAddr) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    net.contains(&ip)
}

/// How long and how much: what keeps a few slow or greedy clients from holding the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// From a connection's first byte (or its last request's end) to a request's whole headers.
    pub header_read_secs: u64,
    /// From a request's headers to its whole body.
    pub body_read_secs: u64,
    pub request_secs: u64,
    /// A kept-alive connection's quiet time between requests.
    pub idle_secs: u64,
    pub max_concurrent: usize,
    pub max_per_client: usize,
    pub max_connections: usize,
    pub max_connections_per_client: usize,
    pub drain_secs: u64,
    pub statement_timeout_secs: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_secs: 10,
            body_read_secs: 10,
            request_secs: 30,
            idle_secs: 60,
            max_concurrent: 512,
            max_per_client: 128,
            max_connections: 10_000,
            max_connections_per_client: 256,
            drain_secs: 8,
            statement_timeout_secs: 10,
        }
    }
}

/// A setting that cannot be used: names the variable and says why, never echoing a password.
#[derive(Debug, thiserror::Error)]
#[error("{setting}: {reason}")]
pub struct ConfigError {
    pub setting: &'static str,
    pub reason: String,
}

impl ConfigError {
    pub fn new(setting: &'static str, reason: impl Into<String>) -> Self {
        Self {
            setting,
            reason: reason.into(),
        }
    }
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the settings through `get`, so tests need not touch the process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let database = DatabaseUrl::parse(
            &get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
        )?;
        let addr = get("LEPTOS_SITE_ADDR").unwrap_or_else(|| DEFAULT_SITE_ADDR.into());
        let site_addr = addr.parse().map_err(|_| {
            ConfigError::new(
                "LEPTOS_SITE_ADDR",
                format!("{addr:?} is not an address like 127.0.0.1:3000"),
            )
        })?;
        let site_root = get("LEPTOS_SITE_ROOT").unwrap_or_else(|| DEFAULT_SITE_ROOT.into());
        let demo = flag(&get, "OKRYU_DEMO")?.unwrap_or(false).then(|| {
            PathBuf::from(
                get("OKRYU_DEMO_DIR")
                    .filter(|d| !d.trim().is_empty())
                    .unwrap_or_else(|| DEFAULT_DEMO_DIR.into()),
            )
        });
        let demo_clock = get("OKRYU_DEMO_CLOCK")
            .filter(|v| !v.trim().is_empty())
            .map(|v| {
                if demo.is_none() {
                    return Err(ConfigError::new(
                        "OKRYU_DEMO_CLOCK",
                        "only with OKRYU_DEMO: a real shop runs on the time it is",
                    ));
                }
                minute_of_day(&v).ok_or_else(|| {
                    ConfigError::new(
                        "OKRYU_DEMO_CLOCK",
                        format!("{v:?} is not a time of day like 12:00"),
                    )
                })
            })
            .transpose()?;
        let clock_control = flag(&get, "OKRYU_TEST_CLOCK")?.unwrap_or(false);
        if clock_control && demo.is_none() {
            return Err(ConfigError::new(
                "OKRYU_TEST_CLOCK",
                "only with OKRYU_DEMO: a real shop's clock is never moved",
            ));
        }
        let defaults = Security::default();
        let security = Security {
            show_outbox: demo.is_some(),
            clock_control,
            secure_cookies: flag(&get, "OKRYU_SECURE_COOKIES")?.unwrap_or(defaults.secure_cookies),
            allowed_networks: networks(&get, "OKRYU_ALLOWED_NETWORKS")?.unwrap_or_default(),
            metrics_networks: networks(&get, "OKRYU_METRICS_NETWORKS")?
                .unwrap_or(defaults.metrics_networks),
            trust_proxy: flag(&get, "OKRYU_TRUST_PROXY")?.unwrap_or(defaults.trust_proxy),
            session_idle_secs: hours(&get, "OKRYU_SESSION_IDLE_HOURS", 3600)?
                .unwrap_or(defaults.session_idle_secs),
            session_max_secs: hours(&get, "OKRYU_SESSION_MAX_DAYS", 86_400)?
                .unwrap_or(defaults.session_max_secs),
            signups_per_hour: match hours(&get, "OKRYU_SIGNUPS_PER_HOUR", 1)? {
                Some(n) => u32::try_from(n).map_err(|_| {
                    ConfigError::new(
                        "OKRYU_SIGNUPS_PER_HOUR",
                        "not a whole number from 1 to 10000",
                    )
                })?,
                None => defaults.signups_per_hour,
            },
        };
        let fallback = Limits::default();
        let limits = Limits {
            header_read_secs: number(&get, "OKRYU_HEADER_TIMEOUT_SECS", 1..=600)?
                .unwrap_or(fallback.header_read_secs),
            body_read_secs: number(&get, "OKRYU_BODY_TIMEOUT_SECS", 1..=600)?
                .unwrap_or(fallback.body_read_secs),
            request_secs: number(&get, "OKRYU_REQUEST_TIMEOUT_SECS", 1..=3600)?
                .unwrap_or(fallback.request_secs),
            idle_secs: number(&get, "OKRYU_IDLE_TIMEOUT_SECS", 1..=3600)?
                .unwrap_or(fallback.idle_secs),
            max_concurrent: count(&get, "OKRYU_MAX_CONCURRENT_REQUESTS", 100_000)?
                .unwrap_or(fallback.max_concurrent),
            max_per_client: count(&get, "OKRYU_MAX_REQUESTS_PER_CLIENT", 100_000)?
                .unwrap_or(fallback.max_per_client),
            max_connections: count(&get, "OKRYU_MAX_CONNECTIONS", 1_000_000)?
                .unwrap_or(fallback.max_connections),
            max_connections_per_client: count(&get, "OKRYU_MAX_CONNECTIONS_PER_CLIENT", 1_000_000)?
                .unwrap_or(fallback.max_connections_per_client),
            drain_secs: number(&get, "OKRYU_DRAIN_SECS", 1..=600)?.unwrap_or(fallback.drain_secs),
            statement_timeout_secs: number(&get, "OKRYU_DB_STATEMENT_TIMEOUT_SECS", 1..=3600)?
                .unwrap_or(fallback.statement_timeout_secs),
        };
        Ok(Config {
            database,
            site_addr,
            site_root,
            security,
            limits,
            secret_key: get("OKRYU_SECRET_KEY")
                .filter(|k| !k.trim().is_empty())
                .map(SecretString::from),
            demo,
            demo_clock,
            count_visits: flag(&get, "OKRYU_COUNT_VISITS")?.unwrap_or(true),
        })
    }
}

/// A comma-separated list of networks (`10.0.0.0/8,192.168.1.7`).
fn networks(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
) -> Result<Option<Vec<IpNet>>, ConfigError> {
    get(name)
        .map(|list| {
            list.split(',')
                .filter(|n| !n.trim().is_empty())
                .map(parse_network)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|why| ConfigError::new(name, why))
        })
        .transpose()
}

/// `true`/`1`/`yes` or `false`/`0`/`no`; anything else is an error rather than a silent default.
fn flag(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
) -> Result<Option<bool>, ConfigError> {
    get(name)
        .map(|v| match v.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" | "" => Ok(false),
            other => Err(ConfigError::new(
                name,
                format!("{other:?} is not true or false"),
            )),
        })
        .transpose()
}

/// `HH:MM` (00:00 to 23:59) as minutes after midnight.
fn minute_of_day(v: &str) -> Option<u16> {
    let (h, m) = v.trim().split_once(':')?;
    let (h, m) = (h.parse::<u16>().ok()?, m.parse::<u16>().ok()?);
    (h < 24 && m < 60 && v.trim().len() == 5).then_some(h * 60 + m)
}

/// A count from 1 to `max`.
fn count(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    max: u64,
) -> Result<Option<usize>, ConfigError> {
    Ok(number(get, name, 1..=max)?.map(|n| usize::try_from(n).unwrap_or(usize::MAX)))
}

fn number(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    range: std::ops::RangeInclusive<u64>,
) -> Result<Option<u64>, ConfigError> {
    get(name)
        .map(|v| match v.trim().parse::<u64>() {
            Ok(n) if range.contains(&n) => Ok(n),
            _ => Err(ConfigError::new(
                name,
                format!(
                    "{v:?} is not a whole number from {} to {}",
                    range.start(),
                    range.end()
                ),
            )),
        })
        .transpose()
}

/// A whole positive number of hours or days, in seconds.
fn hours(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    unit_secs: i64,
) -> Result<Option<i64>, ConfigError> {
    get(name)
        .map(|v| match v.trim().parse::<i64>() {
            Ok(n) if (1..=10_000).contains(&n) => Ok(n * unit_secs),
            _ => Err(ConfigError::new(
                name,
                format!("{v:?} is not a whole number from 1 to 10000"),
            )),
        })
        .transpose()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// A list of backends by name (`sqlite,postgres`), as the benchmark and the drill take them.
    pub fn list(names: &str) -> Result<Vec<Backend>, String> {
        names
            .split(',')
            .map(|b| match b.trim() {
                "sqlite" => Ok(Backend::Sqlite),
                "postgres" => Ok(Backend::Postgres),
                other => Err(format!("unknown backend {other}")),
            })
            .collect()
    }
}

/// A database URL whose scheme selects the backend. `Display` hides the password.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    url: String,
    backend: Backend,
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<DatabaseUrl, ConfigError> {
        let raw = raw.trim();
        let bad =
            |why: &str| ConfigError::new("DATABASE_URL", format!("{why} (got {})", redact(raw)));
        let (scheme, rest) = raw
            .split_once("://")
            .ok_or_else(|| bad("expected sqlite://PATH or postgres://USER@HOST:PORT/DATABASE"))?;
        let backend = match scheme {
            "sqlite" => Backend::Sqlite,
            "postgres" | "postgresql" => Backend::Postgres,
            _ => return Err(bad("the scheme must be sqlite or postgres")),
        };
        let target = rest.split('?').next().unwrap_or_default();
        if target.is_empty() || target == "/" {
            return Err(bad("no database is named"));
        }
        if backend == Backend::Sqlite && target.contains(":memory:") {
            return Err(bad(
                "an in-memory SQLite database would lose every order on restart",
            ));
        }
        Ok(DatabaseUrl {
            url: raw.to_string(),
            backend,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The URL to hand to the driver. Contains the password: never log it.
    pub fn expose(&self) -> &str {
        &self.url
    }

    /// For SQLite: the database file.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        let rest = self.url.strip_prefix("sqlite://")?;
        Some(PathBuf::from(rest.split('?').next().unwrap_or(rest)))
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.url))
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            let hidden = if userinfo.contains(':') { ":***" } else { "" };
            format!("{scheme}://{user}{hidden}@{host}{path}")
        }
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_lookup(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn defaults_are_embedded_sqlite_on_port_3000() {
        let c = config(&[]).expect("defaults are valid");
        assert_eq!(c.database.backend(), Backend::Sqlite);
        assert_eq!(
            c.database.sqlite_path(),
            Some(PathBuf::from("data/okryu.db"))
        );
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.site_root, "target/site");
        assert!(!c.security.secure_cookies);
        assert!(
            c.security.allowed_networks.is_empty(),
            "everyone, unless configured"
        );
        assert_eq!(c.security.session_idle_secs, 12 * 3600);
        assert_eq!(c.security.signups_per_hour, 10);
        assert_eq!(c.demo, None, "no demo data unless asked for");
        assert!(!c.security.show_outbox, "nor an outbox anyone may read");
        let demo = config(&[("OKRYU_DEMO", "1")]).expect("valid");
        assert_eq!(demo.demo, Some(PathBuf::from("tools/demo")));
        assert!(demo.security.show_outbox);
        assert_eq!(
            config(&[("OKRYU_DEMO", "maybe")]).unwrap_err().setting,
            "OKRYU_DEMO"
        );
    }

    #[test]
    fn the_test_clock_is_only_for_demo_data() {
        assert!(!config(&[]).expect("valid").security.clock_control);
        assert!(config(&[("OKRYU_TEST_CLOCK", "1")]).is_err());
        let test = config(&[("OKRYU_DEMO", "1"), ("OKRYU_TEST_CLOCK", "1")]).expect("valid");
        assert!(test.security.clock_control);
    }

    #[test]
    fn a_demo_clock_is_a_time_of_day_and_only_for_demo_data() {
        assert_eq!(config(&[]).expect("valid").demo_clock, None);
        let lunch = config(&[("OKRYU_DEMO", "1"), ("OKRYU_DEMO_CLOCK", "12:30")]).expect("valid");
        assert_eq!(lunch.demo_clock, Some(750));
        for bad in ["24:00", "12:60", "noon", "1:30", "12:30:00"] {
            let err = config(&[("OKRYU_DEMO", "1"), ("OKRYU_DEMO_CLOCK", bad)]).unwrap_err();
            assert_eq!(err.setting, "OKRYU_DEMO_CLOCK", "{bad}");
        }
        let real = config(&[("OKRYU_DEMO_CLOCK", "12:30")]).unwrap_err();
        assert_eq!(real.setting, "OKRYU_DEMO_CLOCK");
    }

    #[test]
    fn security_settings_are_parsed_or_refused() {
        let c = config(&[
            ("OKRYU_SECURE_COOKIES", "true"),
            ("OKRYU_ALLOWED_NETWORKS", "10.0.0.0/8, 192.168.0.0/16"),
            ("OKRYU_SESSION_IDLE_HOURS", "2"),
            ("OKRYU_SIGNUPS_PER_HOUR", "200"),
        ])
        .expect("valid settings");
        assert!(c.security.secure_cookies);
        assert_eq!(c.security.signups_per_hour, 200);
        assert!(config(&[("OKRYU_SIGNUPS_PER_HOUR", "0")]).is_err());
        assert_eq!(c.security.allowed_networks.len(), 2);
        assert_eq!(c.security.session_idle_secs, 7200);
        let err = config(&[("OKRYU_ALLOWED_NETWORKS", "10.0.0.0/8,intranet")]).unwrap_err();
        assert_eq!(err.setting, "OKRYU_ALLOWED_NETWORKS");
        assert_eq!(
            config(&[("OKRYU_SECURE_COOKIES", "maybe")])
                .unwrap_err()
                .setting,
            "OKRYU_SECURE_COOKIES"
        );
        assert!(config(&[("OKRYU_SESSION_MAX_DAYS", "0")]).is_err());
    }

    #[test]
    fn a_postgres_url_selects_postgres() {
        let c = config(&[("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/okryu")])
            .expect("a valid URL");
        assert_eq!(c.database.backend(), Backend::Postgres);
    }

    #[test]
    fn bad_settings_name_the_variable_and_hide_the_password() {
        let err = config(&[("DATABASE_URL", "mysql://root:hunter2@db/okryu")]).unwrap_err();
        assert_eq!(err.setting, "DATABASE_URL");
        let shown = err.to_string();
        assert!(shown.starts_with("DATABASE_URL: "), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("root:***@db"), "{shown}");

        let err = config(&[("LEPTOS_SITE_ADDR", "localhost")]).unwrap_err();
        assert_eq!(err.setting, "LEPTOS_SITE_ADDR");
        assert!(config(&[("DATABASE_URL", "nonsense")]).is_err());
        assert!(config(&[("DATABASE_URL", "sqlite://:memory:")]).is_err());
    }

    #[test]
    fn the_url_is_shown_without_its_password() {
        let url = DatabaseUrl::parse("postgres://app:s3cret@10.0.0.5:5432/okryu?sslmode=disable")
            .expect("a valid URL");
        assert_eq!(
            url.to_string(),
            "postgres://app:***@10.0.0.5:5432/okryu?sslmode=disable"
        );
        assert!(!format!("{url:?}").contains("s3cret"));
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("an address")
    }

    #[test]
    fn networks_contain_their_addresses_only() {
        let net = parse_network("10.20.0.0/16").expect("valid");
        assert!(contains(&net, ip("10.20.3.4")));
        assert!(!contains(&net, ip("10.21.0.1")));
        assert!(contains(&net, ip("::ffff:10.20.9.9")), "IPv4-mapped IPv6");
        let host = parse_network("192.168.1.7").expect("valid");
        assert!(contains(&host, ip("192.168.1.7")) && !contains(&host, ip("192.168.1.8")));
        let all = parse_network("0.0.0.0/0").expect("valid");
        assert!(contains(&all, ip("8.8.8.8")));
        let v6 = parse_network("fd00::/8").expect("valid");
        assert!(contains(&v6, ip("fd12::1")) && !contains(&v6, ip("fe80::1")));
        for bad in ["10.0.0.0/33", "10.0.0/8", "intranet", "::/129"] {
            assert!(parse_network(bad).is_err(), "{bad}");
        }
    }
}
