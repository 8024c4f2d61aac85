//! Sellers' admission: `/sell`, where a resident applies to sell and reads the decisions, and
//! `/operator/sellers`, where operators approve or refuse. Plain forms: no WASM needed.

use crate::{
    api::admission::{
        get_admission, get_sell_page, ApplyToSell, ApproveApplication, RefuseApplication,
    },
    domain::{
        admission::{
            AdmissionPage, Application, ApplicationStatus, ApplyField, RefuseField, SellPage,
            REASON_MAX,
        },
        catalog::SellerKind,
    },
    i18n::Msg,
    page::form::Flash,
    ui::{
        form::{flash, FormError, Input, PostForm, Select, SubmitButton, TextArea},
        head::PageTitle,
        i18n::{loc, t, use_lang},
        load::load,
        seller::kind_label,
        words::day_label,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

#[component]
pub fn SellPage() -> impl IntoView {
    view! {
        <PageTitle text=t(Msg::SellTitle)/>
        {load(get_sell_page(), |page| view! { <Sell page/> })}
    }
}

#[component]
fn Sell(page: SellPage) -> impl IntoView {
    let may_apply = page.may_apply();
    let shopper = page.shopper;
    let cities: Vec<(String, String)> = page
        .cities
        .iter()
        .map(|(slug, name)| (slug.clone(), loc(name.clone())))
        .collect();
    let first_city = cities.first().map(|c| c.0.clone()).unwrap_or_default();
    let kinds: Vec<(String, String)> = SellerKind::ALL
        .into_iter()
        .map(|k| (k.code().to_string(), t(kind_label(k)).to_string()))
        .collect();
    view! {
        <section class="console sell" data-testid="sell">
            <h1>{t(Msg::SellTitle)}</h1>
            <p class="hint">{t(Msg::SellIntro)}</p>
            {matches!(flash(), Some(Flash::Applied)).then(|| view! {
                <p class="done" role="status" data-testid="applied">{t(Msg::Applied)}</p>
            })}
            {(!page.applications.is_empty()).then(|| view! {
                <h2>{t(Msg::SellYourApplications)}</h2>
                <ul class="applications">
                    {page.applications.into_iter().map(|a| view! { <Mine a/> }).collect_view()}
                </ul>
            })}
            {if may_apply {
                view! {
                    <h2>{t(Msg::SellApply)}</h2>
                    <PostForm action={<ApplyToSell as ServerFn>::url()} class="form">
                        <Input field=ApplyField::NameKo label=Msg::SellNameKo/>
                        <Input field=ApplyField::NameEn label=Msg::SellNameEn hint=Msg::SellNameEnHint
                            optional=true/>
                        <Select field=ApplyField::Kind label=Msg::SellKind value="factory".to_string()
                            options=kinds/>
                        <Select field=ApplyField::City label=Msg::SellCity value=first_city options=cities/>
                        <Input field=ApplyField::Registration label=Msg::SellRegistration
                            hint=Msg::SellRegistrationHint inputmode="numeric" autocomplete="off"/>
                        <Input field=ApplyField::Contact label=Msg::SellContact kind="tel" inputmode="tel"
                            autocomplete="tel"/>
                        <FormError/>
                        <SubmitButton label=Msg::SellSubmit/>
                    </PostForm>
                }.into_any()
            } else if shopper {
                view! { <p data-testid="waiting">{t(Msg::SellWaiting)}</p> }.into_any()
            } else {
                view! { <p data-testid="not-a-shopper">{t(Msg::SellShoppersOnly)}</p> }.into_any()
            }}
        </section>
    }
}

/// One of the applicant's applications: where it stands, the reason of a refusal, the way to the
/// seller's console after an approval.
#[component]
fn Mine(a: Application) -> impl IntoView {
    let lang = use_lang();
    view! {
        <li data-testid="application" data-status=a.status.code()>
            <strong>{loc(a.name)}</strong> " · " {day_label(a.created_at, lang)} " · "
            {t(status_label(a.status))}
            {a.reason.map(|r| view! {
                <p class="reason" data-testid="reason">{t(Msg::AdmissionReason)} ": " {r}</p>
            })}
            {a.seller_slug.map(|slug| view! {
                <p>
                    <a href="/seller">{t(Msg::SellToConsole)}</a> " · "
                    <a href=format!("/s/{slug}")>{t(Msg::Storefront)}</a>
                </p>
            })}
        </li>
    }
}

fn status_label(status: ApplicationStatus) -> Msg {
    match status {
        ApplicationStatus::Pending => Msg::ApplicationPending,
        ApplicationStatus::Approved => Msg::ApplicationApproved,
        ApplicationStatus::Refused => Msg::ApplicationRefused,
    }
}

#[component]
pub fn AdmissionConsole() -> impl IntoView {
    view! {
        <PageTitle text=t(Msg::AdmissionTitle)/>
        {load(get_admission(), |page| view! { <Admission page/> })}
    }
}

#[component]
fn Admission(page: AdmissionPage) -> impl IntoView {
    let done = match flash() {
        Some(Flash::SellerAdmitted(slug)) => Some(view! {
            <p class="done" role="status" data-testid="admitted">
                {t(Msg::SellerAdmitted)} " " <a href=format!("/s/{slug}")>{format!("/s/{slug}")}</a>
            </p>
        }.into_any()),
        Some(Flash::ApplicationRefused) => Some(view! {
            <p class="done" role="status" data-testid="refused">{t(Msg::ApplicationRefusedDone)}</p>
        }.into_any()),
        _ => None,
    };
    let lang = use_lang();
    view! {
        <section class="console admission" data-testid="admission">
            <p><a href="/operator">{t(Msg::OperatorTitle)}</a></p>
            <h1>{t(Msg::AdmissionTitle)}</h1>
            <p class="hint">{t(Msg::AdmissionIntro)}</p>
            {done}
            <h2>{t(Msg::AdmissionWaiting)}</h2>
            {if page.pending.is_empty() {
                view! { <p data-testid="none-waiting">{t(Msg::AdmissionNoneWaiting)}</p> }.into_any()
            } else {
                page.pending.into_iter().map(|a| view! { <Waiting a/> }).collect_view().into_any()
            }}
            <h2>{t(Msg::AdmissionDecided)}</h2>
            <table class="stock" data-testid="decided">
                <thead><tr>
                    <th scope="col">{t(Msg::SellNameKo)}</th>
                    <th scope="col">{t(Msg::AdmissionApplicant)}</th>
                    <th scope="col">{t(Msg::AdmissionDecision)}</th>
                </tr></thead>
                <tbody>
                    {page.decided.into_iter().map(|a| view! {
                        <tr data-status=a.status.code()>
                            <th scope="row">{loc(a.name)}</th>
                            <td data-label=t(Msg::AdmissionApplicant)>{a.applicant_name}</td>
                            <td data-label=t(Msg::AdmissionDecision)>
                                {t(status_label(a.status))} " · "
                                {a.decided_at.map(|at| day_label(at, lang))}
                                {a.reason.map(|r| view! { <br/> {r} })}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// An application waiting: what it says, approve, or refuse with a reason.
#[component]
fn Waiting(a: Application) -> impl IntoView {
    let lang = use_lang();
    let id = a.id.to_string();
    let scope = format!("a{id}-");
    view! {
        <article class="application" data-testid="waiting-application" data-id=id.clone()>
            <h3>{loc(a.name.clone())}</h3>
            <dl class="figures">
                <dt>{t(Msg::SellKind)}</dt><dd>{t(kind_label(a.kind))}</dd>
                <dt>{t(Msg::SellCity)}</dt><dd>{loc(a.city)}</dd>
                <dt>{t(Msg::SellRegistration)}</dt><dd>{a.registration}</dd>
                <dt>{t(Msg::SellContact)}</dt><dd><span class="tel">{a.contact.to_string()}</span></dd>
                <dt>{t(Msg::AdmissionApplicant)}</dt>
                <dd>{a.applicant_name} " · " <span class="tel">{a.applicant_phone.to_string()}</span></dd>
                <dt>{t(Msg::AdmissionFiled)}</dt><dd>{day_label(a.created_at, lang)}</dd>
            </dl>
            <PostForm action={<ApproveApplication as ServerFn>::url()} hidden=vec![("id", id.clone())]
                class="inline">
                <button type="submit" data-testid="approve" data-pending=t(Msg::Submitting)>
                    {t(Msg::AdmissionApprove)}
                </button>
                <FormError/>
            </PostForm>
            <PostForm action={<RefuseApplication as ServerFn>::url()} hidden=vec![("id", id.clone())]
                class="form">
                <TextArea field=RefuseField::Reason label=Msg::AdmissionReason max=REASON_MAX scope/>
                <FormError/>
                <button type="submit" class="secondary" data-testid="refuse"
                    data-pending=t(Msg::Submitting)>{t(Msg::AdmissionRefuse)}</button>
            </PostForm>
        </article>
    }
}
