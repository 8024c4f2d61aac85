//! Forms that post to a server function: a plain HTML form (it works without WASM: the server
//! function answers a form post by going back to the page), taken over after hydration.
//!
//! Unlike `ActionForm`, one code path serves every form: the browser's own form data goes to the
//! server function's URL as it is, and only success or the `AppError` comes back. An `ActionForm`
//! per server function would compile that function's argument (de)serialisation and client into
//! the WASM bundle, about 50 KB each.

use crate::error::AppError;
use leptos::prelude::*;

/// The state of one form's submissions.
#[derive(Clone, Copy)]
pub struct Submission {
    /// The last answer (`None` before the first).
    pub result: RwSignal<Option<Result<(), AppError>>>,
    pub pending: RwSignal<bool>,
    /// Counts successful submissions (for resources to refetch on).
    pub done: RwSignal<usize>,
}

impl Submission {
    pub fn new() -> Submission {
        Submission {
            result: RwSignal::new(None),
            pending: RwSignal::new(false),
            done: RwSignal::new(0),
        }
    }

    /// Whether the last submission succeeded.
    pub fn succeeded(&self) -> bool {
        matches!(self.result.get(), Some(Ok(())))
    }
}

impl Default for Submission {
    fn default() -> Self {
        Self::new()
    }
}

/// A form posting to the server function at `url` (`<Fn as ServerFn>::url()`).
#[component]
pub fn PostForm(
    url: &'static str,
    submission: Submission,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !submission.pending.get_untracked() {
            #[cfg(feature = "hydrate")]
            submit(&ev, url, submission);
        }
    };
    view! {
        <form method="post" action=url class=(!class.is_empty()).then_some(class) on:submit=on_submit novalidate=true>
            {children()}
        </form>
    }
}

/// Posts the form behind `ev` and records the answer in `submission`.
#[cfg(feature = "hydrate")]
fn submit(ev: &leptos::ev::SubmitEvent, url: &'static str, submission: Submission) {
    use wasm_bindgen::JsCast;
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return;
    };
    let body = match encode(&form) {
        Ok(body) => body,
        Err(err) => {
            submission.result.set(Some(Err(err)));
            return;
        }
    };
    submission.pending.set(true);
    leptos::task::spawn_local(async move {
        let result = post(url, body).await;
        if result.is_ok() {
            submission.done.update(|n| *n += 1);
        }
        submission.result.set(Some(result));
        submission.pending.set(false);
    });
}

#[cfg(feature = "hydrate")]
fn js_error(err: wasm_bindgen::JsValue) -> AppError {
    AppError::Transport(format!("{err:?}"))
}

/// The form's fields, URL-encoded, exactly as the browser would post them.
#[cfg(feature = "hydrate")]
fn encode(form: &web_sys::HtmlFormElement) -> Result<String, AppError> {
    let data = web_sys::FormData::new_with_form(form).map_err(js_error)?;
    let params =
        web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).map_err(js_error)?;
    Ok(String::from(params.to_string()))
}

#[cfg(feature = "hydrate")]
async fn post(url: &str, body: String) -> Result<(), AppError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let headers = web_sys::Headers::new().map_err(js_error)?;
    headers
        .set("content-type", "application/x-www-form-urlencoded")
        .map_err(js_error)?;
    headers
        .set("accept", "application/json")
        .map_err(js_error)?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&wasm_bindgen::JsValue::from_str(&body));
    let res: web_sys::Response = JsFuture::from(window().fetch_with_str_and_init(url, &init))
        .await
        .map_err(js_error)?
        .dyn_into()
        .map_err(js_error)?;
    if res.ok() {
        return Ok(());
    }
    let text = JsFuture::from(res.text().map_err(js_error)?)
        .await
        .map_err(js_error)?
        .as_string()
        .unwrap_or_default();
    Err(serde_json::from_str(&text)
        .unwrap_or_else(|_| AppError::Transport(format!("HTTP {}", res.status()))))
}
