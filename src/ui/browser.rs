//! What the islands do in the browser (compiled only into the WASM): read a page of this site as
//! HTML and put parts of it in place of the same parts of the page on screen.

use super::PAGE_ID;
use leptos::prelude::*;
use std::{cell::RefCell, collections::HashSet, rc::Rc, time::Duration};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Document, DomParser, Element, FormData, Headers, HtmlElement, HtmlFormElement,
    HtmlInputElement, HtmlProgressElement, ProgressEvent, RequestInit, Response, SubmitEvent,
    SupportedType, UrlSearchParams, XmlHttpRequest,
};

/// How long typing must pause before the results follow.
const SEARCH_PAUSE: Duration = Duration::from_millis(300);
/// How often an open page that follows the server asks for news.
const POLL: Duration = Duration::from_secs(3);

/// A page of this site as the server answered it.
struct Fetched {
    /// Where the answer came from in the end (after redirects).
    url: String,
    ok: bool,
    redirected: bool,
    doc: Document,
}

/// GETs `url`, or POSTs `body` (a URL-encoded form) to it, asking for HTML.
async fn fetch_page(url: &str, body: Option<String>) -> Result<Fetched, JsValue> {
    let headers = Headers::new()?;
    headers.set("accept", "text/html")?;
    let init = RequestInit::new();
    match body {
        Some(body) => {
            init.set_method("POST");
            headers.set("content-type", "application/x-www-form-urlencoded")?;
            init.set_body(&JsValue::from_str(&body));
        }
        None => init.set_cache(web_sys::RequestCache::NoStore),
    }
    init.set_headers(&headers);
    let res: Response = JsFuture::from(window().fetch_with_str_and_init(url, &init))
        .await?
        .dyn_into()?;
    let text = JsFuture::from(res.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    let doc = DomParser::new()?.parse_from_string(&text, SupportedType::TextHtml)?;
    Ok(Fetched {
        url: res.url(),
        ok: res.ok(),
        redirected: res.redirected(),
        doc,
    })
}

/// Puts the fetched version of element `id` in place of the one on screen (and wakes the islands
/// it holds). False when either page has no such element.
fn swap(doc: &Document, id: &str) -> bool {
    let (Some(old), Some(new)) = (document().get_element_by_id(id), doc.get_element_by_id(id))
    else {
        return false;
    };
    old.set_inner_html(&new.inner_html());
    hydrate_islands_in(&old);
    true
}

/// What lies outside the content but follows it: elements marked `data-refresh` (the header's
/// counts) and the title.
fn refresh_marked(doc: &Document) {
    if let Ok(marked) = document().query_selector_all("[data-refresh][id]") {
        for i in 0..marked.length() {
            let Some(el) = marked.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            if let Some(new) = doc.get_element_by_id(&el.id()) {
                el.set_inner_html(&new.inner_html());
            }
        }
    }
    let title = doc.title();
    if !title.is_empty() {
        document().set_title(&title);
    }
}

/// Islands inside content put in place are hydrated like those of the first load. Leptos offers
/// no public call for that: its island script leaves `window.__hydrateIsland` (element, name),
/// which is private, so this is the one place that reaches for it; a browser test fails when a
/// Leptos update takes it away (`end2end/tests/islands.spec.ts`), and meanwhile the console says
/// so rather than the islands silently staying asleep.
fn hydrate_islands_in(root: &Element) {
    let Ok(hydrate) = js_sys::Reflect::get(&window(), &JsValue::from_str("__hydrateIsland"))
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    else {
        web_sys::console::error_1(&JsValue::from_str(
            "okryu: Leptos's window.__hydrateIsland is gone: islands in replaced content stay asleep",
        ));
        return;
    };
    let Ok(islands) = root.query_selector_all("leptos-island") else {
        return;
    };
    for i in 0..islands.length() {
        if let Some(el) = islands
            .item(i)
            .and_then(|n| n.dyn_into::<HtmlElement>().ok())
        {
            let name = el.dataset().get("component").unwrap_or_default();
            let _ = hydrate.call2(&JsValue::NULL, &el, &JsValue::from_str(&name));
        }
    }
}

/// Whether `url` is the page on screen (same path and query).
fn is_this_page(url: &str) -> bool {
    let here = window().location();
    match web_sys::Url::new(url) {
        Ok(u) => {
            Some(u.pathname()) == here.pathname().ok() && Some(u.search()) == here.search().ok()
        }
        Err(_) => false,
    }
}

// Forms.

/// Sends a `method="post"` form in the background (see `Enhance`). GET forms, forms to another
/// site and forms sent again after a failure go the browser's own way.
pub fn submit(ev: SubmitEvent) {
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    let submitter = ev.submitter();
    let attr = |on_button: &str, on_form: &str| {
        submitter
            .as_ref()
            .and_then(|s| s.get_attribute(on_button))
            .or_else(|| form.get_attribute(on_form))
    };
    let method = attr("formmethod", "method").unwrap_or_default();
    let Some(action) = attr("formaction", "action") else {
        return;
    };
    let local = action.starts_with('/') && !action.starts_with("//");
    if !method.eq_ignore_ascii_case("post") || !local || form.has_attribute("data-native") {
        return;
    }
    ev.prevent_default();
    if form.has_attribute("aria-busy") {
        return; // already on its way: a second tap sends nothing
    }
    if form.enctype() == "multipart/form-data" {
        let Ok(data) = FormData::new_with_form(&form) else {
            native(&form, submitter.as_ref());
            return;
        };
        busy(&form, submitter.as_ref(), true);
        leptos::task::spawn_local(async move {
            let progress = progress_bar(&form);
            match upload(&action, &data, progress.as_ref()).await {
                Ok(page) if answered(&page) => {}
                // No answer, or not a page (a 413 or 503 in plain text): the browser's own way.
                _ => {
                    if let Some(bar) = progress {
                        bar.set_hidden(true);
                    }
                    busy(&form, submitter.as_ref(), false);
                    native(&form, submitter.as_ref());
                }
            }
        });
        return;
    }
    let Some(body) = encode(&form, submitter.as_ref()) else {
        native(&form, submitter.as_ref());
        return;
    };
    busy(&form, submitter.as_ref(), true);
    leptos::task::spawn_local(async move {
        match fetch_page(&action, Some(body)).await {
            Ok(page) if answered(&page) => {}
            // No answer, or not a page: let the browser send it the ordinary way.
            _ => {
                busy(&form, submitter.as_ref(), false);
                native(&form, submitter.as_ref());
            }
        }
    });
}

/// Puts a form's answer in place: another page is gone to; this page again (after the change, or
/// with the form's problems) replaces the content. False when the answer is no page of the site.
fn answered(page: &Fetched) -> bool {
    if page.ok && page.redirected && !is_this_page(&page.url) {
        let _ = window().location().assign(&page.url);
        return true;
    }
    if !swap(&page.doc, PAGE_ID) {
        return false;
    }
    refresh_marked(&page.doc);
    focus_problem();
    true
}

/// An upload form's progress bar, shown empty.
fn progress_bar(form: &HtmlFormElement) -> Option<HtmlProgressElement> {
    let bar = form
        .query_selector("progress")
        .ok()
        .flatten()?
        .dyn_into::<HtmlProgressElement>()
        .ok()?;
    bar.set_value(0.0);
    bar.set_hidden(false);
    Some(bar)
}

/// POSTs an upload form's `data` (multipart) to `url` asking for HTML, filling `bar` as the
/// bytes go (`fetch` can't tell how far a body has gone; `XMLHttpRequest` can).
async fn upload(
    url: &str,
    data: &FormData,
    bar: Option<&HtmlProgressElement>,
) -> Result<Fetched, JsValue> {
    let xhr = XmlHttpRequest::new()?;
    let filling = bar.cloned().map(|bar| {
        Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                bar.set_value((100.0 * e.loaded() / e.total()).floor());
            }
        })
    });
    if let Some(on_progress) = &filling {
        xhr.upload()?
            .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    let done = js_sys::Promise::new(&mut |resolve, _| xhr.set_onloadend(Some(&resolve)));
    xhr.open("POST", url)?;
    xhr.set_request_header("accept", "text/html")?;
    xhr.send_with_opt_form_data(Some(data))?;
    JsFuture::from(done).await?;
    drop(filling);
    let status = xhr.status()?;
    if status == 0 {
        return Err(JsValue::from_str("no answer"));
    }
    let asked = web_sys::Url::new_with_base(url, &window().location().href()?)?.href();
    let text = xhr.response_text()?.unwrap_or_default();
    let answered_from = xhr.response_url();
    Ok(Fetched {
        redirected: answered_from != asked,
        url: answered_from,
        ok: (200..300).contains(&status),
        doc: DomParser::new()?.parse_from_string(&text, SupportedType::TextHtml)?,
    })
}

/// The form's fields, URL-encoded as the browser would post them (with the button pressed).
fn encode(form: &HtmlFormElement, submitter: Option<&HtmlElement>) -> Option<String> {
    let data = FormData::new_with_form(form).ok()?;
    if let Some(button) = submitter {
        if let Some(name) = button.get_attribute("name") {
            let value = button.get_attribute("value").unwrap_or_default();
            data.append_with_str(&name, &value).ok()?;
        }
    }
    let params = UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
    Some(String::from(params.to_string()))
}

/// Sends the form the browser's own way (a full page load).
fn native(form: &HtmlFormElement, submitter: Option<&HtmlElement>) {
    let _ = form.set_attribute("data-native", "");
    let _ = form.request_submit_with_submitter(submitter);
}

/// Marks the form as being sent: nothing in it can be changed or pressed again until the answer
/// is in place (typing into a form about to be replaced would be lost), and the button pressed says
/// so (`data-pending`, written by the server in the page's language).
fn busy(form: &HtmlFormElement, submitter: Option<&HtmlElement>, on: bool) {
    let _ = if on {
        form.set_attribute("aria-busy", "true")
    } else {
        form.remove_attribute("aria-busy")
    };
    if let Ok(controls) = form.query_selector_all("input, textarea, select, button") {
        for i in 0..controls.length() {
            let Some(el) = controls.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let lock = match el.tag_name().as_str() {
                "INPUT" | "TEXTAREA" => "readonly",
                _ => "disabled",
            };
            let _ = if on {
                el.set_attribute(lock, "")
            } else {
                el.remove_attribute(lock)
            };
        }
    }
    if let Some(button) = submitter {
        if on {
            if let Some(pending) = button.get_attribute("data-pending") {
                let _ = button.set_attribute("data-label", &button.inner_text());
                button.set_inner_text(&pending);
            }
        } else if let Some(label) = button.get_attribute("data-label") {
            button.set_inner_text(&label);
        }
    }
}

/// After a form came back with problems, the first field in trouble gets the focus.
fn focus_problem() {
    let first = document()
        .query_selector(&format!("#{PAGE_ID} [aria-invalid=\"true\"]"))
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<HtmlElement>().ok());
    if let Some(el) = first {
        let _ = el.focus();
    }
}

// Search as you type.

thread_local! {
    /// The latest search (later answers win) and the pause being waited out.
    static SEARCH: RefCell<(u32, Option<TimeoutHandle>)> = const { RefCell::new((0, None)) };
    /// Whether the address was pushed by a search (going back then loads that page again).
    static WATCHING_BACK: RefCell<bool> = const { RefCell::new(false) };
}

/// Typing in the box named `q` (see `SearchBox`).
pub fn search_as_you_type(ev: leptos::ev::Event) {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
    else {
        return;
    };
    if input.name() != "q" {
        return;
    }
    let text = input.value();
    let pending = SEARCH.with_borrow_mut(|s| s.1.take());
    if let Some(handle) = pending {
        handle.clear();
    }
    let handle = set_timeout_with_handle(
        move || leptos::task::spawn_local(search(text)),
        SEARCH_PAUSE,
    );
    SEARCH.with_borrow_mut(|s| s.1 = handle.ok());
}

async fn search(text: String) {
    let seq = SEARCH.with_borrow_mut(|s| {
        s.0 += 1;
        s.0
    });
    let location = window().location();
    let on_search = location.pathname().ok().as_deref() == Some("/search");
    let params = if on_search {
        UrlSearchParams::new_with_str(&location.search().unwrap_or_default())
    } else {
        UrlSearchParams::new()
    };
    let Ok(params) = params else {
        return;
    };
    params.set("q", &text);
    params.delete("page");
    let url = format!("/search?{}", String::from(params.to_string()));
    let Ok(page) = fetch_page(&url, None).await else {
        return;
    };
    if SEARCH.with_borrow(|s| s.0) != seq || !swap(&page.doc, PAGE_ID) {
        return;
    }
    refresh_marked(&page.doc);
    let Ok(history) = window().history() else {
        return;
    };
    let _ = if on_search {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
    } else {
        reload_on_back();
        history.push_state_with_url(&JsValue::NULL, "", Some(&url))
    };
}

/// The page on screen no longer matches the address it came with: going back loads it anew.
fn reload_on_back() {
    if WATCHING_BACK.with_borrow_mut(|w| std::mem::replace(w, true)) {
        return;
    }
    let handle = window_event_listener(leptos::ev::popstate, |_| {
        let _ = window().location().reload();
    });
    std::mem::forget(handle);
}

// Following the server.

thread_local! {
    static FOLLOWING: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// Every few seconds, while the page is in view, asks `source` whether the version still holds
/// (`changed`); only when it changed reads this page again and puts the new version of element
/// `id` in place, until that says it is settled or is gone (see `LiveRegion`).
pub fn follow(id: String, source: String, version: String) {
    let settled = |el: &Element| el.query_selector("[data-settled]").ok().flatten().is_some();
    if document()
        .get_element_by_id(&id)
        .is_some_and(|el| settled(&el))
        || !FOLLOWING.with_borrow_mut(|f| f.insert(id.clone()))
    {
        return;
    }
    let interval: Rc<RefCell<Option<IntervalHandle>>> = Rc::default();
    let in_flight = Rc::new(RefCell::new(false));
    let version = Rc::new(RefCell::new(version));
    let source = Rc::new(source);
    let stop = {
        let (interval, id) = (interval.clone(), id.clone());
        move || {
            if let Some(handle) = interval.borrow_mut().take() {
                handle.clear();
            }
            FOLLOWING.with_borrow_mut(|f| f.remove(&id));
        }
    };
    let tick = move || {
        let Some(region) = document().get_element_by_id(&id) else {
            return stop();
        };
        count_down(&region);
        // A page nobody looks at costs the phone nothing.
        if document().hidden() || in_flight.replace(true) {
            return;
        }
        let (id, in_flight, stop, version, source) = (
            id.clone(),
            in_flight.clone(),
            stop.clone(),
            version.clone(),
            source.clone(),
        );
        leptos::task::spawn_local(async move {
            let held = version.borrow().clone();
            if let Ok(Some(now)) = changed(&source, &held).await {
                let href = window().location().href().unwrap_or_default();
                if let Ok(page) = fetch_page(&href, None).await {
                    if let (Some(old), Some(new)) = (
                        document().get_element_by_id(&id),
                        page.doc.get_element_by_id(&id),
                    ) {
                        let chimes = |el: &Element| {
                            el.query_selector_all("[data-chime]")
                                .map_or(0, |n| n.length())
                        };
                        let more = chimes(&new) > chimes(&old);
                        old.set_inner_html(&new.inner_html());
                        version.replace(now);
                        if more {
                            chime();
                        }
                        if settled(&new) {
                            stop();
                        }
                    }
                }
            }
            in_flight.replace(false);
        });
    };
    if let Ok(handle) = set_interval_with_handle(tick, POLL) {
        *interval.borrow_mut() = Some(handle);
    }
}

/// Puts the minutes left in each `[data-countdown]` (seconds left when the server made it) in its
/// text, counting from when this page first saw it: the phone's own clock may be wrong by hours,
/// its stopwatch is not.
fn count_down(region: &Element) {
    let Ok(times) = region.query_selector_all("[data-countdown]") else {
        return;
    };
    let now = js_sys::Date::now() / 1000.0;
    for i in 0..times.length() {
        let Some(el) = times.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let number = |name: &str| el.get_attribute(name).and_then(|a| a.parse::<f64>().ok());
        let Some(left) = number("data-countdown") else {
            continue;
        };
        let Some(seen) = number("data-seen") else {
            let _ = el.set_attribute("data-seen", &now.to_string());
            continue;
        };
        let minutes = ((left - (now - seen)) / 60.0).ceil().max(0.0);
        el.set_text_content(Some(&format!("{minutes}")));
    }
}

/// A short tone (a new order on a kitchen's screen), made in the browser: no sound file.
fn chime() {
    let Ok(ctx) = web_sys::AudioContext::new() else {
        return;
    };
    let Ok(tone) = ctx.create_oscillator() else {
        return;
    };
    tone.frequency().set_value(880.0);
    if tone.connect_with_audio_node(&ctx.destination()).is_ok() && tone.start().is_ok() {
        let _ = tone.stop_with_when(ctx.current_time() + 0.4);
    }
}

/// Whether the version is still `held`: asks `source` with `If-None-Match`. `None` when it holds
/// (a 304 without a body), the new version when it changed.
async fn changed(source: &str, held: &str) -> Result<Option<String>, JsValue> {
    let headers = Headers::new()?;
    headers.set("accept", "application/json")?;
    headers.set("if-none-match", &format!("\"{held}\""))?;
    let init = RequestInit::new();
    init.set_headers(&headers);
    // The browser keeps nothing of it: the version held is ours, and a 304 comes back as one.
    init.set_cache(web_sys::RequestCache::NoStore);
    let res: Response = JsFuture::from(window().fetch_with_str_and_init(source, &init))
        .await?
        .dyn_into()?;
    match res.status() {
        304 => Ok(None),
        200 => Ok(res
            .headers()
            .get("etag")?
            .map(|tag| tag.trim_matches('"').to_string())),
        _ => Err(JsValue::from_str("the page can't be followed")),
    }
}
