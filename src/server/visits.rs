//! The middleware that counts page views (`server::traffic` keeps and writes the count): a
//! page's view is added once it is answered, never with a database write of its own.

use super::{
    cookies::{self, Kind},
    security::client_of,
    session::CurrentSession,
    state::AppState,
    traffic::View,
};
use crate::{
    domain::{
        time::PyongyangTime,
        traffic::{is_robot, Device, PageKind},
    },
    i18n::Lang,
};
use axum::{
    extract::{Request, State},
    http::{header, Method, StatusCode},
    middleware::Next,
    response::Response,
};

/// The mark of a request whose page is counted (a person's browser asking for a page): what it
/// renders may count more (the search it asked).
#[derive(Clone, Copy, Debug)]
pub struct CountedPage;

/// Counts the request's page view once it is answered (see the module's comment).
pub async fn count(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !state.traffic.is_on()
        || req.method() != Method::GET
        || ["/api/", "/pkg/", "/media/"]
            .iter()
            .any(|p| path.starts_with(p))
        || is_robot(agent)
    {
        return next.run(req).await;
    }
    let (kind, product) = PageKind::of_path(path);
    let device = Device::of_agent(agent);
    let visitor = format!("{}\n{agent}", client_of(&req).key());
    let lang = cookies::get(req.headers(), Kind::Lang, &state.security)
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default();
    let user = req
        .extensions()
        .get::<CurrentSession>()
        .and_then(CurrentSession::session)
        .map(|s| s.viewer.id);
    req.extensions_mut().insert(CountedPage);
    let res = next.run(req).await;
    let page = res.status() == StatusCode::OK
        && res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
    if page {
        state.traffic.record(&View {
            day: PyongyangTime::at(state.clock.now()).day_number(),
            kind,
            product,
            lang,
            device,
            visitor: state.secret.visitor("visitor", visitor.as_bytes()),
            user: user.map(|id| {
                state
                    .secret
                    .visitor("user", id.get().to_string().as_bytes())
            }),
        });
    }
    res
}
