//! What every request handler and server function can reach.

use super::{
    clock::Clock,
    config::{Limits, Security},
    db::Db,
    metrics::Metrics,
    secret::SecretKey,
    traffic::Counter,
};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub security: Security,
    pub clock: Clock,
    pub limits: Limits,
    /// What resident numbers, card numbers and PINs are digested with.
    pub secret: SecretKey,
    pub metrics: Metrics,
    /// The page views counted since they were last written.
    pub traffic: Counter,
}

impl AppState {
    /// The state with the default security settings and limits and the system clock.
    pub fn new(leptos_options: LeptosOptions, db: Db, secret: SecretKey) -> AppState {
        AppState {
            leptos_options,
            db,
            security: Security::default(),
            clock: Clock::default(),
            limits: Limits::default(),
            secret,
            metrics: Metrics::default(),
            traffic: Counter::new(true),
        }
    }
}

impl AppState {
    /// What the services work with.
    pub fn services(&self) -> super::service::Services<'_> {
        super::service::Services::new(&self.db, &self.clock, &self.secret)
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
