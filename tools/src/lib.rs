//! Okryu's tools, kept out of the server binary: `okryu-drill` (`make drill`: servers and
//! databases killed under a checkout load, the books checked after) and `okryu-bench` (`make
//! bench`: render and search times at growing catalog sizes, checkout throughput, the operators'
//! dashboard over a long history).

pub mod audit;
pub mod heatwave;
pub mod history;

use okryu::server::config::Backend;

/// A list of backends by name (`sqlite,postgres`), as the benchmark and the drill take them.
pub fn backends(names: &str) -> Result<Vec<Backend>, String> {
    names
        .split(',')
        .map(|b| match b.trim() {
            "sqlite" => Ok(Backend::Sqlite),
            "postgres" => Ok(Backend::Postgres),
            other => Err(format!("unknown backend {other}")),
        })
        .collect()
}

/// The demo data files (`tools/demo`, beside this crate).
pub fn demo_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo")
}
