//! Forms without JavaScript. A page's form posts to the page's own address, naming the server
//! function it is for in the field `_fn` (`ui::form::PostForm`). This middleware calls that
//! function and turns its answer into what a browser needs:
//! - success: `303 See Other` to where the function says (`access::Caller::then_go`), else back to the
//!   page (Post/Redirect/Get: a reload never posts again);
//! - refusal: the page rendered again at its own address, with each problem beside its field and
//!   what was typed kept (secrets excepted), under the error's status (422, 409, 401…).
//!
//! A file upload (`multipart/form-data`) is answered the same way, its body passed on as it came.
//!
//! The `Enhance` island sends the same posts in the background and gets the same answers, so there
//! is one behaviour to test. Calls that ask for JSON (the server-function protocol) pass untouched.

use super::limits::{MAX_UPLOAD_BYTES, UPLOAD_PATHS};
use crate::{
    domain::LocalPath,
    error::AppError,
    page::form::{FormReply, FN_FIELD},
};
use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    http::{header, uri::PathAndQuery, HeaderMap, HeaderValue, Method, StatusCode, Uri},
    middleware::Next,
    response::{IntoResponse, Response},
    Router,
};
use http::request::Parts;
use tower::ServiceExt;

/// The header a server function sets (through `access::Caller::then_go`) to say where a browser goes
/// after the form succeeded.
pub const THEN_HEADER: &str = "x-okryu-then";
/// A form's body is at most this long (a longer one gets 413 before anything reads it).
const MAX_FORM_BYTES: usize = 64 * 1024;
/// Values never written back into a page.
const SECRETS: &[&str] = &["password", "old_password", "pin"];

/// Marks a call that came as a browser's form (the server function is asked for JSON like any
/// call, so that it answers with its status; `access::Caller::then_go` and `flash` look for this).
#[derive(Clone, Copy, Debug)]
pub struct PlainForm;

/// Whether a request's header `name` says `what`.
fn says(headers: &HeaderMap, name: header::HeaderName, what: &str) -> bool {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains(what))
}

/// Whether a request is a form a browser posted (rather than a server-function call asking for JSON).
fn is_plain_form(headers: &HeaderMap) -> bool {
    says(
        headers,
        header::CONTENT_TYPE,
        "application/x-www-form-urlencoded",
    ) && says(headers, header::ACCEPT, "text/html")
}

/// Whether a request is a file upload a browser posted.
fn is_multipart_form(headers: &HeaderMap) -> bool {
    says(headers, header::CONTENT_TYPE, "multipart/form-data")
        && says(headers, header::ACCEPT, "text/html")
}

/// The middleware (see the module's comment). `site` (the pages and server functions) answers the
/// function's call and renders a page again for a refused form.
pub async fn plain_forms(State(site): State<Router>, req: Request, next: Next) -> Response {
    if req.method() == Method::POST && is_multipart_form(req.headers()) {
        return multipart_form(site, req).await;
    }
    if req.method() != Method::POST || !is_plain_form(req.headers()) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "form too large\n").into_response();
    };
    let mut values: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
    // The function: the form's `_fn` on a page's address; a form posted to a function's own
    // address (as Leptos's forms do) goes back to the page it came from.
    let (function, back) = addressed(&parts);
    let named = || {
        values
            .iter()
            .find(|(k, _)| k == FN_FIELD)
            .map(|(_, v)| v.clone())
            .filter(|f| f.starts_with("/api/") && f.parse::<PathAndQuery>().is_ok())
    };
    let Some(function) = function.or_else(named) else {
        return (StatusCode::BAD_REQUEST, "a form without its function\n").into_response();
    };
    values.retain(|(k, _)| k != FN_FIELD);

    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(values.iter())
        .finish();
    values.retain(|(k, _)| !SECRETS.contains(&k.as_str()));
    let form = Form {
        function,
        back,
        values,
    };
    form.answer(site, parts, Body::from(body)).await
}

/// Where a browser's form came from: posted to its function's own address, the function and the
/// page before (its `Referer`); posted to a page's address, that page (the form names its function).
fn addressed(parts: &Parts) -> (Option<String>, LocalPath) {
    if parts.uri.path().starts_with("/api/") {
        let back = referer_path(&parts.headers).unwrap_or_else(LocalPath::home);
        (Some(parts.uri.path().to_string()), back)
    } else {
        let page = parts
            .uri
            .path_and_query()
            .and_then(|p| LocalPath::parse(p.as_str()))
            .unwrap_or_else(LocalPath::home);
        (None, page)
    }
}

/// A file upload (`multipart/form-data`): on a page's address, its function is named by the
/// form's `_fn` field (which the function ignores); the body goes to the function as it came.
/// Only the upload functions (`limits::UPLOAD_PATHS`) take one. A refused upload's page shows the
/// problem beside the form it came from (the text fields before the file say which, such as the
/// order line of a review); the file itself can't be put back into a page.
async fn multipart_form(site: Router, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    // The body is in memory already (`limits::read_body`).
    let Ok(bytes) = to_bytes(body, MAX_UPLOAD_BYTES).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "upload too large\n").into_response();
    };
    let (function, back) = addressed(&parts);
    let (named, values) = first_fields(&parts.headers, bytes.clone()).await;
    let function = function.unwrap_or(named);
    if !UPLOAD_PATHS.contains(&function.as_str()) {
        return (StatusCode::BAD_REQUEST, "a form without its function\n").into_response();
    }
    let form = Form {
        function,
        back,
        values,
    };
    form.answer(site, parts, Body::from(bytes)).await
}

/// A multipart form's text fields before its file: its `_fn` (empty when it has none) and the
/// others (at most `MAX_FIRST_FIELDS`, each cut to `MAX_FIRST_FIELD` characters).
async fn first_fields(
    headers: &HeaderMap,
    bytes: axum::body::Bytes,
) -> (String, Vec<(String, String)>) {
    const MAX_FIRST_FIELDS: usize = 8;
    const MAX_FIRST_FIELD: usize = 200;
    let (mut function, mut values) = (String::new(), Vec::new());
    let Some(boundary) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|ct| multer::parse_boundary(ct).ok())
    else {
        return (function, values);
    };
    let body = futures_util::stream::once(async move { Ok::<_, std::io::Error>(bytes) });
    let mut form = multer::Multipart::new(body, boundary);
    while let Ok(Some(field)) = form.next_field().await {
        if field.file_name().is_some() || values.len() >= MAX_FIRST_FIELDS {
            // The function and what names the form's item come before the file.
            break;
        }
        let name = field.name().unwrap_or_default().to_string();
        let text = field.text().await.unwrap_or_default();
        if name == FN_FIELD {
            function = text;
        } else if !SECRETS.contains(&name.as_str()) {
            values.push((name, text.chars().take(MAX_FIRST_FIELD).collect()));
        }
    }
    (function, values)
}

/// A browser's form on its way to its function.
struct Form {
    function: String,
    /// The page it came from.
    back: LocalPath,
    /// What was typed, to show again if it is refused.
    values: Vec<(String, String)>,
}

impl Form {
    /// Calls the function with `body` (and the rest of the browser's request, `parts`) and answers
    /// the browser: on to the next page, or the form's page again with the refusal.
    async fn answer(self, site: Router, parts: Parts, body: Body) -> Response {
        let mut call_parts = parts.clone();
        call_parts.method = Method::POST;
        call_parts.uri = match self.function.parse::<Uri>() {
            Ok(uri) => uri,
            Err(_) => return (StatusCode::BAD_REQUEST, "no such function\n").into_response(),
        };
        // A URL-encoded body is written again without its `_fn`.
        call_parts.headers.remove(header::CONTENT_LENGTH);
        call_parts
            .headers
            .insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        call_parts.extensions.insert(PlainForm);
        let answer = match site
            .clone()
            .oneshot(Request::from_parts(call_parts, body))
            .await
        {
            Ok(res) => res,
            Err(never) => match never {},
        };

        if answer.status().is_success() {
            let then = answer
                .headers()
                .get(THEN_HEADER)
                .and_then(|v| v.to_str().ok())
                .and_then(LocalPath::parse)
                .unwrap_or(self.back);
            return see_other(&then, answer.headers());
        }

        let status = answer.status();
        let cookies = set_cookies(answer.headers());
        let bytes = to_bytes(answer.into_body(), 64 * 1024)
            .await
            .unwrap_or_default();
        let error = serde_json::from_slice::<AppError>(&bytes).unwrap_or(match status {
            StatusCode::NOT_FOUND => AppError::NotFound,
            s if s.is_client_error() => AppError::BadRequest(String::new()),
            _ => AppError::Internal,
        });
        let mut page = Request::new(Body::empty());
        *page.uri_mut() = self.back.as_str().parse().unwrap_or_default();
        *page.headers_mut() = parts.headers.clone();
        page.headers_mut().remove(header::CONTENT_TYPE);
        page.headers_mut().remove(header::CONTENT_LENGTH);
        *page.extensions_mut() = parts.extensions.clone();
        page.extensions_mut().insert(FormReply {
            action: self.function,
            values: self.values,
            error: error.clone(),
        });
        let mut res = match site.oneshot(page).await {
            Ok(res) => res,
            Err(never) => match never {},
        };
        *res.status_mut() = error.status_code();
        for c in cookies {
            res.headers_mut().append(header::SET_COOKIE, c);
        }
        res
    }
}

/// `303 See Other` to `to`, keeping the cookies the answer set.
fn see_other(to: &LocalPath, answer: &HeaderMap) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to.as_str()) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    for c in set_cookies(answer) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

fn set_cookies(headers: &HeaderMap) -> Vec<HeaderValue> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect()
}

/// The path of a Referer on this site.
fn referer_path(headers: &HeaderMap) -> Option<LocalPath> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let rest = referer
        .strip_prefix("http://")
        .or_else(|| referer.strip_prefix("https://"))?;
    let path = rest.strip_prefix(host)?;
    LocalPath::parse(if path.is_empty() { "/" } else { path })
}
