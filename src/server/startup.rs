//! Start-up: configuration → database → migrations → (demo data, when asked for) → HTTP, and a
//! clean shutdown; and `okryu operator create`, which makes a deployment's first operator.

use super::{
    access::{self, Gate},
    config::{Backend, Config, ConfigError},
    db::{Db, DbError, SetupLock},
    demo::{self, Demo, DemoError},
    forms, http, limits, listen, metrics,
    secret::SecretKey,
    security,
    service::{self, Services},
    session,
    state::AppState,
    traffic, visits,
};
use crate::app::{shell, App};
use crate::domain::{
    account::{parse_name, NewPassword, PhoneNumber},
    form::FieldProblem,
};
use axum::{middleware, routing::get, Router};
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use secrecy::{ExposeSecret, SecretString};
use std::{net::SocketAddr, process::ExitCode, sync::Arc, sync::OnceLock, time::Duration};
use tokio::sync::Semaphore;
use tower::ServiceBuilder;
use tower_http::{
    compression::{
        predicate::{NotForContentType, Predicate},
        CompressionLayer, DefaultPredicate,
    },
    request_id::{PropagateRequestIdLayer, SetRequestIdLayer},
    services::ServeDir,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;
use tracing_subscriber::EnvFilter;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("DATABASE_URL: {0}")]
    Database(#[from] DbError),
    #[error(transparent)]
    Demo(#[from] DemoError),
    #[error("LEPTOS_SITE_ADDR: cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{0}")]
    Operator(String),
    #[error("usage: okryu [serve] | okryu operator create --phone NUMBER [--name NAME] (the password is read from the terminal or standard input)")]
    Usage,
}

/// The binary's entry point. Every failure is one line on stderr and a non-zero exit.
pub async fn main() -> ExitCode {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // One JSON object per line for log collectors (`RUST_LOG_FORMAT=json`); text otherwise.
    if std::env::var("RUST_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    let result = async {
        let config = Config::from_env()?;
        let args: Vec<String> = std::env::args().skip(1).collect();
        match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            [] | ["serve"] => serve(config).await,
            ["operator", "create", ref rest @ ..] => {
                let operator = OperatorArgs::parse(rest)?;
                let password = read_password(operator.phone.as_str())?;
                create_operator(&config, &operator, &password).await
            }
            _ => Err(StartupError::Usage),
        }
    }
    .await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("okryu: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Opens the database named by the configuration and sets it up: migrations, and with
/// `OKRYU_DEMO` the demo data of an empty database. Servers starting together take turns
/// (`SetupLock`): one sets up, the others find it done.
pub async fn open_database(config: &Config, key: &SecretKey) -> Result<Db, StartupError> {
    // The demo files are read before anything is written: a missing file changes nothing.
    let demo = config.demo.as_deref().map(Demo::read).transpose()?;
    let timeout = Duration::from_secs(config.limits.statement_timeout_secs);
    let db = Db::connect_with(&config.database, timeout).await?;
    let lock = SetupLock::take(&db, &config.database).await?;
    let set_up = async {
        db.migrate().await?;
        if let Some(demo) = &demo {
            if demo::load(&db, key, demo).await? {
                tracing::info!("empty database: demo data written");
            }
        }
        Ok::<_, StartupError>(())
    }
    .await;
    lock.release().await;
    set_up?;
    if demo.is_some() && db.backend() == Backend::Postgres {
        tracing::warn!(
            "OKRYU_DEMO is set: this database has demo accounts whose passwords are published \
             in the README; never give it to real shoppers"
        );
    }
    Ok(db)
}

/// `okryu operator create`'s arguments.
struct OperatorArgs {
    phone: PhoneNumber,
    name: String,
}

impl OperatorArgs {
    fn parse(args: &[&str]) -> Result<OperatorArgs, StartupError> {
        let (mut phone, mut name) = (None, None);
        for pair in args.chunks(2) {
            match pair {
                ["--phone", value] => phone = Some(*value),
                ["--name", value] => name = Some(*value),
                _ => return Err(StartupError::Usage),
            }
        }
        let phone = phone.ok_or(StartupError::Usage)?;
        let phone = PhoneNumber::parse(phone).map_err(|problem| {
            StartupError::Operator(format!(
                "--phone {phone}: not a domestic mobile number ({problem:?})"
            ))
        })?;
        let name = parse_name(name.unwrap_or("운영자"))
            .map_err(|problem| StartupError::Operator(format!("--name: {problem:?}")))?;
        Ok(OperatorArgs { phone, name })
    }
}

/// The new operator's password: typed at the terminal (without echo, twice), or the first line
/// of standard input when that is not a terminal. Never an argument (the process list shows those).
fn read_password(phone: &str) -> Result<SecretString, StartupError> {
    use std::io::IsTerminal;
    let io = |e: std::io::Error| StartupError::Operator(format!("cannot read the password: {e}"));
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("Password for {phone}: ")).map_err(io)?;
        let again = rpassword::prompt_password("The same again: ").map_err(io)?;
        if first != again {
            return Err(StartupError::Operator("the two passwords differ".into()));
        }
        Ok(first.into())
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(io)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string().into())
    }
}

/// Makes a deployment's operator (the first one, say): the database is set up as for serving.
async fn create_operator(
    config: &Config,
    operator: &OperatorArgs,
    password: &SecretString,
) -> Result<(), StartupError> {
    let new = NewPassword::parse(password.expose_secret(), &operator.phone).map_err(|problem| {
        StartupError::Operator(format!(
            "the password: {problem:?} (10 to 128 characters, not the phone number)"
        ))
    })?;
    let key = SecretKey::load(config.secret_key.as_ref(), &config.database)?;
    let db = open_database(config, &key).await?;
    let clock = super::clock::Clock::default();
    let cmd = service::accounts::NewOperator {
        phone: &operator.phone,
        name: &operator.name,
        password: &new,
    };
    let made = service::accounts::create_operator(Services::new(&db, &clock, &key), cmd).await;
    db.close().await;
    match made {
        Ok(id) => {
            println!(
                "operator {} ({}) can sign in now (account {id})",
                operator.phone, operator.name
            );
            Ok(())
        }
        Err(service::ServiceError::Invalid(FieldProblem::PhoneTaken)) => Err(
            StartupError::Operator(format!("{} has an account already", operator.phone)),
        ),
        Err(err) => Err(StartupError::Operator(err.to_string())),
    }
}

async fn serve(config: Config) -> Result<(), StartupError> {
    // Claim the port first: a port in use fails at once, before any slow work.
    let addr = config.site_addr;
    let listener = listen::bind(addr).map_err(|source| StartupError::Bind { addr, source })?;
    let key = SecretKey::load(config.secret_key.as_ref(), &config.database)?;
    let db = open_database(&config, &key).await?;
    let state = AppState {
        security: config.security.clone(),
        limits: config.limits,
        traffic: traffic::Counter::new(config.count_visits),
        clock: config
            .demo_clock
            .map(super::clock::Clock::starting_at)
            .unwrap_or_default(),
        ..AppState::new(leptos_options(&config), db.clone(), key)
    };
    session::spawn_purger(state.clone());
    super::shop::spawn_hold_expiry(state.clone());
    super::shop::spawn_day_closer(state.clone());
    super::shop::spawn_standing_orders(state.clone());
    traffic::spawn_flusher(state.traffic.clone(), db.clone());
    if !state.security.allowed_networks.is_empty() {
        tracing::info!(networks = ?state.security.allowed_networks, "serving only the allowed networks");
    }
    let how = listen::Listen {
        limits: state.limits,
        behind_proxy: state.security.trust_proxy,
    };
    let counted = (state.traffic.clone(), db.clone());
    let app = router(state);
    // The port the system gave, when the setting asked for any (`:0`).
    let addr = listener.local_addr().unwrap_or(addr);
    tracing::info!(%addr, database = %config.database, "serving Okryu on http://{addr}");
    listen::serve(listener, app, how, shutdown_signal()).await;
    if let Err(err) = counted.0.flush(&counted.1).await {
        tracing::warn!(error = %err, "the last page views could not be written");
    }
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Leptos's options from our configuration. File hashing is on when cargo-leptos wrote the hash
/// file next to the binary (every release build does).
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let hashed = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").exists()))
        .unwrap_or(false);
    LeptosOptions::builder()
        .output_name(option_env!("LEPTOS_OUTPUT_NAME").unwrap_or("okryu"))
        .site_root(config.site_root.clone())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .env(leptos::config::Env::PROD)
        .hash_files(hashed)
        .build()
}

/// The app's routes, walked once per process. Generating the list sets a process-wide flag in
/// Leptos that suppresses resource loading meanwhile (leptos-rs/leptos#4773): a page rendered
/// while another router was being built would wait forever. So every router (each test builds
/// its own) shares this one list.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole HTTP application. Tests call this with their own database.
pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let pkg_dir = format!(
        "{}/{}",
        state.leptos_options.site_root, state.leptos_options.site_pkg_dir
    );
    let pkg = Router::new()
        .fallback_service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(middleware::from_fn(http::immutable_cache));
    // The pages and the server functions, whose only handle on the application is the sealed
    // `Gate` (`access::guard` opens it); a refused form's page is rendered again by it too.
    let context = {
        let security = state.security.clone();
        move || http::provide_request_context(&security)
    };
    let gate = Gate::new(state.clone());
    let site: Router = Router::new()
        .leptos_routes_with_context(&gate, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<Gate, _>(
            context, shell,
        ))
        .with_state(gate)
        // An upload's body is one its decoder can read.
        .layer(middleware::from_fn(http::multipart_bodies))
        // May the caller call this server function (before it runs), and its error's status.
        .layer(middleware::from_fn(http::server_fn_status))
        .layer(middleware::from_fn(access::authorize));
    Router::new()
        .route("/healthz", get(http::healthz))
        .route("/metrics", get(http::metrics))
        .route("/lang/{code}", get(http::switch_language))
        .route("/deliver-to", get(http::deliver_to))
        .route("/test/clock", axum::routing::post(http::move_clock))
        .route("/media/{id}/{file}", get(super::media::serve))
        .nest("/pkg", pkg)
        .with_state(state.clone())
        .merge(site.clone())
        .layer(
            ServiceBuilder::new()
                // Every request has an id (a sane one it came with, or a new one), named by every
                // log line of it and echoed back.
                .layer(middleware::map_request(http::drop_insane_request_id))
                .layer(SetRequestIdLayer::new(http::REQUEST_ID, http::MakeId))
                .layer(PropagateRequestIdLayer::new(http::REQUEST_ID))
                .layer(
                    // One line per request at INFO: method, path, status, latency, request id.
                    TraceLayer::new_for_http()
                        .make_span_with(|req: &axum::extract::Request| {
                            let id = req
                                .headers()
                                .get(http::REQUEST_ID)
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or_default();
                            tracing::info_span!(
                                "request",
                                method = %req.method(),
                                uri = %req.uri(),
                                request_id = %id,
                            )
                        })
                        .on_request(())
                        .on_response(DefaultOnResponse::new().level(Level::INFO)),
                )
                .layer(middleware::from_fn_with_state(
                    state.metrics.clone(),
                    metrics::count,
                ))
                // So many from one client, the body read first and within its time, the answer
                // within its time, the render never dropped half-way, so many in all.
                .layer(middleware::from_fn_with_state(
                    state.security.clone(),
                    security::identify_client,
                ))
                .layer(middleware::from_fn_with_state(
                    limits::PerClient::new(state.limits.max_per_client),
                    limits::per_client,
                ))
                .layer(middleware::from_fn_with_state(
                    Duration::from_secs(state.limits.body_read_secs),
                    limits::read_body,
                ))
                .layer(middleware::from_fn_with_state(
                    Duration::from_secs(state.limits.request_secs),
                    limits::time_limit,
                ))
                .layer(middleware::from_fn(limits::detached))
                .layer(middleware::from_fn_with_state(
                    Arc::new(Semaphore::new(state.limits.max_concurrent)),
                    limits::concurrency,
                ))
                // Outside everything that reads response bodies (`server_fn_status`). Not pictures
                // (already compressed) nor audio/video (range requests count bytes of the stored file).
                .layer(
                    CompressionLayer::new().br(true).gzip(true).compress_when(
                        DefaultPredicate::new()
                            .and(NotForContentType::const_new("audio/"))
                            .and(NotForContentType::const_new("video/")),
                    ),
                )
                .layer(middleware::from_fn(http::security_headers))
                .layer(middleware::from_fn(http::not_modified))
                // Who may come in at all, then: no cross-site writes, who is signed in, and forms
                // without JavaScript (calling their function through `site`).
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    security::allow_networks,
                ))
                .layer(middleware::from_fn(security::same_origin))
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    session::resolve_session,
                ))
                // Who saw which page (after the session: a signed-in person counts as such).
                .layer(middleware::from_fn_with_state(state.clone(), visits::count))
                .layer(middleware::from_fn_with_state(site, forms::plain_forms)),
        )
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
