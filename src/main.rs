//! The `okryu` binary: `okryu` serves the shop; `okryu seed` (re)fills an empty database with demo data.

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    okryu::server::startup::main().await
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser entry point is `okryu::hydrate` in lib.rs.
}
