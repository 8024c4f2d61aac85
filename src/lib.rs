//! Okryu, the national intranet marketplace.
//!
//! - `domain`: pure types (money, ids, catalog records); compiles for the browser and the server.
//! - `i18n`: the UI language and every visible string in Korean and English.
//! - `api`: server functions, by capability.
//! - `ui`: pages and components, rendered on the server; `ui::islands` are the parts that run in
//!   the browser too.
//! - `server`: configuration, database, services and HTTP start-up (server only).

#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod page;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // The island script hydrates the page's islands right after this returns (one promise after
    // another, all before the next task): a task from now, every island is listening. Lets tests
    // (and curious people) see that.
    leptos::prelude::set_timeout(
        || {
            if let Some(body) = leptos::prelude::document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::ZERO,
    );
}
