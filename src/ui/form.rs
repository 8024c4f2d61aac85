//! Forms: plain HTML forms that post to their server function and work without WASM. The server
//! answers a form the way a browser needs (`server::forms`): on success it sends the browser on; a
//! refused form comes back as its page rendered again with a `FormReply`, from which each field
//! shows its problem and keeps what was typed. With WASM, the `Enhance` island sends the same posts
//! in the background and puts the same answers in place.

use crate::{
    domain::form::{FieldProblem, FormField, InvalidFields},
    error::{AppError, Refusal},
    i18n::Msg,
    page::form::{Flash, FormReply, FN_FIELD},
    ui::i18n::{t, use_lang},
};
use leptos::prelude::*;

/// The refused form this request carries back to its page, if any.
fn form_reply() -> Option<FormReply> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<FormReply>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// The refused form this request carries when it went to `action` (for fields built outside the
/// `PostForm`, such as the tariff's table).
pub fn reply_to(action: &str) -> Option<FormReply> {
    form_reply().filter(|r| r.action == action)
}

/// The refused form this request carries when it went to `action` about the item `id` (its `item`
/// or `id` field): for a button that posts from outside a `PostForm` (the buy box's "add to cart").
pub fn form_reply_for(action: &str, id: impl std::fmt::Display) -> Option<FormReply> {
    let id = id.to_string();
    form_reply().filter(|r| {
        r.action == action
            && (r.value("item") == Some(id.as_str()) || r.value("id") == Some(id.as_str()))
    })
}

/// The path and query of the page being rendered (`/` when it can't be told).
pub fn here() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.uri.path_and_query().map(|p| p.as_str().to_string()))
            .unwrap_or_else(|| "/".into())
    }
    #[cfg(not(feature = "ssr"))]
    {
        "/".into()
    }
}

/// The form being rendered, with the reply when the reply is to this very form.
#[derive(Clone)]
struct ThisForm(Option<FormReply>);

fn this_form() -> Option<FormReply> {
    use_context::<ThisForm>().and_then(|f| f.0)
}

/// The problem the server found with `field` of the form being rendered.
pub fn field_problem(field: impl FormField) -> Option<FieldProblem> {
    this_form().and_then(|r| problems(&r.error).fields.get(field))
}

/// What was typed into `name` of the form being rendered, when it came back refused.
pub fn typed(name: &str) -> Option<String> {
    this_form().and_then(|r| r.value(name).map(str::to_string))
}

/// A form for the server function at `action` (`<Fn as ServerFn>::url()`), posted to this page's
/// own address (`server::forms` calls the function). `hidden` are its fixed values; a reply is this
/// form's when it went to the same function with the same hidden values (one cart line's form
/// among many, say). With `upload` it sends a file (`FileInput`): a multipart form, its hidden
/// values first, with a progress bar the `Enhance` island fills while the file goes (without WASM
/// the browser sends it and shows its own).
#[component]
pub fn PostForm(
    action: &'static str,
    #[prop(optional)] hidden: Vec<(&'static str, String)>,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] upload: bool,
    children: Children,
) -> impl IntoView {
    let reply = form_reply().filter(|r| {
        r.action == action && hidden.iter().all(|(k, v)| r.value(k) == Some(v.as_str()))
    });
    // The reply reaches this form's fields (built now, by `children()`) and no other form's: the
    // context is set for them and put back after.
    let outer = use_context::<ThisForm>();
    provide_context(ThisForm(reply));
    let inner = children();
    provide_context(outer.unwrap_or(ThisForm(None)));
    view! {
        <form method="post" action=here() class=(!class.is_empty()).then_some(class) novalidate=true
            enctype=upload.then_some("multipart/form-data")>
            <input type="hidden" name=FN_FIELD value=action/>
            {hidden.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
            {inner}
            {upload.then(|| view! {
                <progress class="upload-progress" max="100" value="0" hidden=true
                    aria-label=t(Msg::Uploading) data-testid="upload-progress"></progress>
            })}
        </form>
    }
}

/// What a refusal says: problems by field, and a message for the whole form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Problems {
    pub fields: InvalidFields,
    pub form: Option<FormProblem>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FormProblem {
    Msg(Msg),
    TryAgainIn(u32),
    /// A refusal whose sentence carries numbers (an amount missing, minutes to wait).
    Refused(Refusal),
}

pub fn problems(error: &AppError) -> Problems {
    match error {
        AppError::Invalid(fields) => Problems {
            fields: fields.clone(),
            form: None,
        },
        e => Problems {
            fields: InvalidFields::default(),
            form: Some(match e {
                AppError::BadCredentials => FormProblem::Msg(Msg::BadCredentials),
                AppError::TooManyAttempts { minutes } => FormProblem::TryAgainIn(*minutes),
                AppError::Refused(r) => FormProblem::Refused(*r),
                AppError::Unauthorized => FormProblem::Msg(Msg::UnauthorizedBody),
                AppError::Forbidden => FormProblem::Msg(Msg::ForbiddenBody),
                AppError::NotFound => FormProblem::Msg(Msg::NotFoundBody),
                _ => FormProblem::Msg(Msg::ErrorBody),
            }),
        },
    }
}

/// The message for the whole form (`data-testid="form-error"`), when it was refused.
#[component]
pub fn FormError() -> impl IntoView {
    this_form()
        .and_then(|r| problems(&r.error).form)
        .map(|problem| view! { <FormProblemText problem/> })
}

/// A problem with a whole form, in words.
#[component]
pub fn FormProblemText(problem: FormProblem) -> impl IntoView {
    let lang = use_lang();
    let text = match problem {
        FormProblem::Msg(m) => m.text(lang).to_string(),
        FormProblem::TryAgainIn(n) => format!(
            "{} {}",
            Msg::TooManyAttempts.text(lang),
            lang.try_again_in(n)
        ),
        FormProblem::Refused(r) => r.text(lang),
    };
    view! { <p class="form-error" role="alert" data-testid="form-error">{text}</p> }
}

/// One labelled input with its problem beside it (`data-testid="error-<name>"`). After a refusal
/// it holds what was typed, except in a password field.
#[component]
pub fn Input<F: FormField>(
    field: F,
    label: Msg,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] inputmode: &'static str,
    #[prop(optional)] minlength: Option<usize>,
    /// Keeps element ids unique when two forms on one page have the same field.
    #[prop(optional, into)]
    scope: String,
    /// What the field holds before anything is typed.
    #[prop(optional)]
    initial: Option<String>,
    /// Shown and sent, not changed (the hint says why).
    #[prop(optional)]
    readonly: bool,
    /// May be left empty.
    #[prop(optional)]
    optional: bool,
) -> impl IntoView {
    let name = field.input();
    let (id, error_id) = field_ids(field, &scope);
    let problem = field_problem(field);
    let value = (kind != "password")
        .then(|| typed(name).or(initial))
        .flatten();
    view! {
        <div class="field" class:invalid=problem.is_some()>
            <label for=id.clone()>{t(label)}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                required=!optional
                readonly=readonly
                minlength=minlength.map(|n| n.to_string())
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                aria-invalid=problem.is_some().then_some("true")
                aria-describedby=error_id
                data-testid=format!("input-{name}")
            />
            {hint.map(|h| view! { <p class="hint">{t(h)}</p> })}
            <FieldProblemLine field scope/>
        </div>
    }
}

/// One labelled file input with its problem beside it, like `Input`: a picture from a file or a
/// phone's camera, a CSV file. Its `PostForm` is an `upload` one.
#[component]
pub fn FileInput<F: FormField>(
    field: F,
    label: Msg,
    /// The kinds of file the chooser offers.
    accept: &'static str,
    #[prop(optional)] hint: Option<Msg>,
    /// Keeps element ids unique when two forms on one page have the same field.
    #[prop(optional, into)]
    scope: String,
) -> impl IntoView {
    let name = field.input();
    let (id, error_id) = field_ids(field, &scope);
    let problem = field_problem(field);
    view! {
        <div class="field" class:invalid=problem.is_some()>
            <label for=id.clone()>{t(label)}</label>
            <input id=id type="file" name=name required=true accept=accept
                aria-invalid=problem.is_some().then_some("true")
                aria-describedby=error_id
                data-testid=format!("input-{name}")/>
            {hint.map(|h| view! { <p class="hint">{t(h)}</p> })}
            <FieldProblemLine field scope/>
        </div>
    }
}

/// The ids of a field's input and of its problem (`scope` keeps them unique when two forms on
/// one page have the same field).
pub fn field_ids(field: impl FormField, scope: &str) -> (String, String) {
    let name = field.input();
    (format!("f-{scope}{name}"), format!("error-{scope}{name}"))
}

/// A field's problem, in words, where its input's `aria-describedby` points
/// (`data-testid="error-<name>"`).
#[component]
pub fn FieldProblemLine<F: FormField>(
    field: F,
    #[prop(optional, into)] scope: String,
) -> impl IntoView {
    let (_, error_id) = field_ids(field, &scope);
    view! {
        <p class="field-error" id=error_id.clone() data-testid=error_id>
            {field_problem(field).map(|p| t(p.msg()))}
        </p>
    }
}

/// Several lines of text, bounded like the server bounds them (`max` characters), with its
/// problem beside it, like `Input`.
#[component]
pub fn TextArea<F: FormField>(
    field: F,
    label: Msg,
    #[prop(optional)] value: String,
    max: usize,
    #[prop(optional, into)] scope: String,
) -> impl IntoView {
    let (id, error_id) = field_ids(field, &scope);
    let problem = field_problem(field);
    let value = typed(field.input()).unwrap_or(value);
    view! {
        <div class="field" class:invalid=problem.is_some()>
            <label for=id.clone()>{t(label)}</label>
            <textarea id=id name=field.input() rows="4" required=true
                maxlength=max.to_string()
                aria-invalid=problem.is_some().then_some("true")
                aria-describedby=error_id
                data-testid=format!("input-{}", field.input())>{value}</textarea>
            <FieldProblemLine field scope/>
        </div>
    }
}

/// One choice among `options` (value, words), the `value` chosen, with its problem beside it.
#[component]
pub fn Select<F: FormField>(
    field: F,
    label: Msg,
    value: String,
    options: Vec<(String, String)>,
    #[prop(optional)] hint: Option<Msg>,
) -> impl IntoView {
    let (id, error_id) = field_ids(field, "");
    let problem = field_problem(field);
    let value = typed(field.input()).unwrap_or(value);
    view! {
        <div class="field" class:invalid=problem.is_some()>
            <label for=id.clone()>{t(label)}</label>
            <select id=id name=field.input() aria-invalid=problem.is_some().then_some("true")
                aria-describedby=error_id data-testid=format!("input-{}", field.input())>
                {options.into_iter().map(|(v, words)| {
                    let selected = v == value;
                    view! { <option value=v selected=selected>{words}</option> }
                }).collect_view()}
            </select>
            {hint.map(|h| view! { <p class="hint">{t(h)}</p> })}
            <FieldProblemLine field/>
        </div>
    }
}

/// The form's submit button. While the form is on its way (with WASM) it is disabled and says so.
#[component]
pub fn SubmitButton(label: Msg) -> impl IntoView {
    view! {
        <button type="submit" data-testid="submit" data-pending=t(Msg::Submitting)>
            {t(label)}
        </button>
    }
}

#[derive(Clone)]
struct CurrentFlash(Option<Flash>);

/// Reads the request's flash for this page and forgets it for the next one.
pub fn provide_flash() {
    #[cfg(feature = "ssr")]
    {
        use crate::server::{config::Security, cookies};
        if let Some(code) = cookies::of_request(cookies::Kind::Flash) {
            if let (Some(res), Some(security)) = (
                use_context::<leptos_axum::ResponseOptions>(),
                use_context::<Security>(),
            ) {
                let forget = cookies::clear(cookies::Kind::Flash, &security);
                if let Ok(v) = http::HeaderValue::from_str(&forget) {
                    res.append_header(http::header::SET_COOKIE, v);
                }
            }
            provide_context(CurrentFlash(Flash::parse(&code)));
            return;
        }
    }
    provide_context(CurrentFlash(None));
}

/// This page view's flash.
pub fn flash() -> Option<Flash> {
    use_context::<CurrentFlash>().and_then(|f| f.0)
}
