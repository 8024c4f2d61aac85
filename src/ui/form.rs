//! Forms that post to a server function: a plain HTML form (it works without WASM: the server
//! function answers a form post by going back to the page), taken over after hydration.
//!
//! Unlike `ActionForm`, one code path serves every form: the browser's own form data goes to the
//! server function's URL as it is, and only success or the `AppError` comes back. An `ActionForm`
//! per server function would compile that function's argument (de)serialisation and client into
//! the WASM bundle, about 50 KB each.

use crate::{
    domain::account::{Field, FieldErrors},
    error::{AppError, Refusal},
    i18n::Msg,
    ui::i18n::{t, use_lang},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The state of one form's submissions.
#[derive(Clone, Copy)]
pub struct Submission {
    /// The last answer (`None` before the first).
    pub result: RwSignal<Option<Result<(), AppError>>>,
    pub pending: RwSignal<bool>,
    /// Counts successful submissions (for resources to refetch on).
    pub done: RwSignal<usize>,
    /// What the last successful submission answered (the server function's JSON).
    pub answer: RwSignal<Option<String>>,
}

impl Submission {
    pub fn new() -> Submission {
        Submission {
            result: RwSignal::new(None),
            pending: RwSignal::new(false),
            done: RwSignal::new(0),
            answer: RwSignal::new(None),
        }
    }

    /// Whether the last submission succeeded.
    pub fn succeeded(&self) -> bool {
        matches!(self.result.get(), Some(Ok(())))
    }

    /// Counts `reloads` up after every successful submission: a resource keyed on it reads its
    /// data again.
    pub fn reloads(self, reloads: RwSignal<usize>) {
        Effect::new(move |_| {
            if self.done.get() > 0 {
                reloads.update(|n| *n += 1);
            }
        });
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
        if let Ok(answer) = &result {
            submission.answer.set(Some(answer.clone()));
            submission.done.update(|n| *n += 1);
        }
        submission.result.set(Some(result.map(|_| ())));
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
async fn post(url: &str, body: String) -> Result<String, AppError> {
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
    let text = JsFuture::from(res.text().map_err(js_error)?)
        .await
        .map_err(js_error)?
        .as_string()
        .unwrap_or_default();
    if res.ok() {
        return Ok(text);
    }
    Err(serde_json::from_str(&text)
        .unwrap_or_else(|_| AppError::Transport(format!("HTTP {}", res.status()))))
}

/// Loads `path` afresh (after hydration; without WASM the form's own redirect does it).
pub fn go(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().assign(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// The `next` query parameter when it is a path on this site, else `/`.
pub fn next_path() -> impl Fn() -> String + Copy {
    let query = use_query_map();
    move || {
        query
            .read()
            .get("next")
            .filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\"))
            .unwrap_or_else(|| "/".into())
    }
}

/// What a failed submission says: problems by field, and a message for the whole form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Problems {
    pub fields: FieldErrors,
    pub form: Option<FormProblem>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FormProblem {
    Msg(Msg),
    TryAgainIn(u32),
    /// A refusal whose sentence carries numbers (an amount missing, minutes to wait).
    Refused(Refusal),
}

pub fn problems<T>(result: Option<Result<T, AppError>>) -> Problems {
    match result {
        None | Some(Ok(_)) => Problems::default(),
        Some(Err(AppError::Invalid(fields))) => Problems { fields, form: None },
        Some(Err(e)) => Problems {
            fields: FieldErrors::default(),
            form: Some(match e {
                AppError::BadCredentials => FormProblem::Msg(Msg::BadCredentials),
                AppError::TooManyAttempts { minutes } => FormProblem::TryAgainIn(minutes),
                AppError::Refused(r) => FormProblem::Refused(r),
                AppError::Unauthorized => FormProblem::Msg(Msg::UnauthorizedBody),
                AppError::Forbidden => FormProblem::Msg(Msg::ForbiddenBody),
                _ => FormProblem::Msg(Msg::ErrorBody),
            }),
        },
    }
}

/// The message for the whole form (`data-testid="form-error"`).
#[component]
pub fn FormError(problems: Memo<Problems>) -> impl IntoView {
    let lang = use_lang();
    move || {
        problems.read().form.map(|p| {
            let text = match p {
                FormProblem::Msg(m) => m.text(lang.get()).to_string(),
                FormProblem::TryAgainIn(n) => format!(
                    "{} {}",
                    Msg::TooManyAttempts.text(lang.get()),
                    lang.get().try_again_in(n)
                ),
                FormProblem::Refused(r) => r.text(lang.get()),
            };
            view! { <p class="form-error" role="alert" data-testid="form-error">{text}</p> }
        })
    }
}

/// One labelled input with its problem beside it (`data-testid="error-<name>"`).
#[component]
pub fn Input(
    field: Field,
    label: Msg,
    problems: Memo<Problems>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] inputmode: &'static str,
    #[prop(optional)] minlength: Option<usize>,
    /// Keeps element ids unique when two forms on one page have the same field.
    #[prop(optional)]
    scope: &'static str,
) -> impl IntoView {
    let name = field.input();
    let id = format!("f-{scope}{name}");
    let error_id = format!("error-{scope}{name}");
    let problem = move || problems.read().fields.get(field);
    view! {
        <div class="field" class:invalid=move || problem().is_some()>
            <label for=id.clone()>{t(label)}</label>
            <input
                id=id
                name=name
                type=kind
                required=true
                minlength=minlength.map(|n| n.to_string())
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                aria-invalid=move || problem().is_some().then_some("true")
                aria-describedby=error_id.clone()
                data-testid=format!("input-{name}")
            />
            {hint.map(|h| view! { <p class="hint">{t(h)}</p> })}
            <p class="field-error" id=error_id.clone() data-testid=error_id role="alert">
                {move || problem().map(|p| t(p.msg())())}
            </p>
        </div>
    }
}

/// The form's submit button: disabled, and saying so, while the form is being sent.
#[component]
pub fn SubmitButton(sub: Submission, label: Msg) -> impl IntoView {
    let lang = use_lang();
    view! {
        <button type="submit" data-testid="submit" disabled=move || sub.pending.get()>
            {move || if sub.pending.get() { Msg::Submitting } else { label }.text(lang.get())}
        </button>
    }
}
