//! The `okryu` binary: `okryu` serves the shop; `okryu operator create` makes an operator.

#[cfg(feature = "ssr")]
fn main() -> std::process::ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("okryu: cannot start the runtime: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let code = runtime.block_on(okryu::server::startup::main());
    // The drain time is over: whatever is still running (a task stuck in a library) does not
    // keep the process from exiting.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    code
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser entry point is `okryu::hydrate` in lib.rs.
}
