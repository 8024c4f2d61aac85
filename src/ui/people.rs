//! People and roles, for operators: `/operator/people` (find an account by its number or name;
//! the audit log) and `/operator/people/<id>` (grant or revoke its role, suspend or reinstate
//! it, each with why; its acts). Plain forms: no WASM needed.

use crate::{
    api::people::{
        get_people, get_person, GrantRole, ReinstateAccount, RevokeRole, SuspendAccount,
    },
    domain::{
        account::Role,
        delivery::Vehicle,
        people::{
            AuditAct, AuditEntry, GrantField, PeoplePage, Person, PersonPage, WhyField, GRANTED,
            QUERY_MAX, WHY_MAX,
        },
        UserId,
    },
    error::AppError,
    i18n::Msg,
    page::form::Flash,
    ui::{
        form::{flash, FormError, Input, PostForm, Select, SubmitButton, TextArea},
        head::PageTitle,
        i18n::{loc, t, use_lang},
        load::load,
        search::route_param,
        words::{day_label, time_label},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

#[component]
pub fn PeopleConsole() -> impl IntoView {
    let q = use_query_map().with_untracked(|q| q.get("q").unwrap_or_default());
    view! {
        <PageTitle text=t(Msg::PeopleTitle)/>
        {load(get_people(q), |page| view! { <People page/> })}
    }
}

#[component]
fn People(page: PeoplePage) -> impl IntoView {
    let searched = !page.query.is_empty();
    view! {
        <section class="console people" data-testid="people">
            <p><a href="/operator">{t(Msg::OperatorTitle)}</a></p>
            <h1>{t(Msg::PeopleTitle)}</h1>
            <p class="hint">{t(Msg::PeopleIntro)}</p>
            <form method="get" action="/operator/people" class="range" role="search">
                <label>{t(Msg::PeopleSearch)} " "
                    <input type="search" name="q" value=page.query maxlength=QUERY_MAX.to_string()
                        data-testid="people-q"/>
                </label> " "
                <button type="submit" data-testid="people-find">{t(Msg::PeopleFind)}</button>
            </form>
            {searched.then(|| if page.found.is_empty() {
                view! { <p data-testid="none-found">{t(Msg::PeopleNoneFound)}</p> }.into_any()
            } else {
                view! { <Found people=page.found/> }.into_any()
            })}
            <h2>{t(Msg::AuditTitle)}</h2>
            <AuditLog entries=page.log/>
        </section>
    }
}

/// The accounts a search found.
#[component]
fn Found(people: Vec<Person>) -> impl IntoView {
    view! {
        <table class="stock" data-testid="found">
            <thead><tr>
                <th scope="col">{t(Msg::PeopleName)}</th>
                <th scope="col">{t(Msg::PeoplePhone)}</th>
                <th scope="col">{t(Msg::PeopleRole)}</th>
                <th scope="col">{t(Msg::PeopleWhere)}</th>
            </tr></thead>
            <tbody>
                {people.into_iter().map(|p| view! {
                    <tr data-testid="person-row" data-id=p.id.to_string()>
                        <th scope="row">
                            <a href=format!("/operator/people/{}", p.id)>{p.name.clone()}</a>
                        </th>
                        <td data-label=t(Msg::PeoplePhone)><span class="tel">{p.phone.to_string()}</span></td>
                        <td data-label=t(Msg::PeopleRole)><RoleText person=p.clone()/></td>
                        <td data-label=t(Msg::PeopleWhere)>{place(&p)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The role, and the mark of a suspended account.
#[component]
fn RoleText(person: Person) -> impl IntoView {
    view! {
        <span data-testid="role" data-role=person.role.as_str()>{t(person.role.msg())}</span>
        {person.suspended.then(|| view! {
            " · " <strong data-testid="suspended">{t(Msg::PeopleSuspended)}</strong>
        })}
    }
}

/// Where the person works: their seller, their city (and a courier's vehicle).
fn place(p: &Person) -> String {
    let lang = use_lang();
    let mut parts: Vec<String> = Vec::new();
    if let Some((_, name)) = &p.seller {
        parts.push(loc(name.clone()));
    }
    if let Some(city) = &p.city {
        parts.push(loc(city.clone()));
    }
    if let Some(v) = p.vehicle {
        parts.push(v.label(lang).to_string());
    }
    parts.join(" · ")
}

/// The audit log's entries, newest first.
#[component]
fn AuditLog(entries: Vec<AuditEntry>) -> impl IntoView {
    let lang = use_lang();
    if entries.is_empty() {
        return view! { <p data-testid="audit-none">{t(Msg::AuditNone)}</p> }.into_any();
    }
    view! {
        <table class="stock" data-testid="audit">
            <thead><tr>
                <th scope="col">{t(Msg::AuditWhen)}</th>
                <th scope="col">{t(Msg::AuditWhom)}</th>
                <th scope="col">{t(Msg::AuditWhat)}</th>
                <th scope="col">{t(Msg::AuditWho)}</th>
                <th scope="col">{t(Msg::AuditWhy)}</th>
            </tr></thead>
            <tbody>
                {entries.into_iter().map(|e| {
                    let what = what(&e, lang);
                    view! {
                        <tr data-testid="audit-entry" data-act=e.act.code()>
                            <th scope="row">{time_label(e.at, lang)}</th>
                            <td data-label=t(Msg::AuditWhom)>
                                <a href=format!("/operator/people/{}", e.subject)>{e.subject_name}</a>
                            </td>
                            <td data-label=t(Msg::AuditWhat)>{what}</td>
                            <td data-label=t(Msg::AuditWho)>{e.actor_name}</td>
                            <td data-label=t(Msg::AuditWhy) class="reason">{e.reason}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

fn act_label(act: AuditAct) -> Msg {
    match act {
        AuditAct::Granted => Msg::AuditGranted,
        AuditAct::Revoked => Msg::AuditRevoked,
        AuditAct::Suspended => Msg::AuditSuspended,
        AuditAct::Reinstated => Msg::AuditReinstated,
        AuditAct::Admitted => Msg::AuditAdmitted,
        AuditAct::Refused => Msg::AuditRefused,
    }
}

/// `역할을 줌: 배달원 · 평양 · 오토바이`.
fn what(e: &AuditEntry, lang: crate::i18n::Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(role) = e.role {
        parts.push(role.msg().text(lang).to_string());
    }
    if let Some(place) = &e.place {
        parts.push(match lang {
            crate::i18n::Lang::Ko => place.ko.clone(),
            crate::i18n::Lang::En => place.en.clone(),
        });
    }
    if let Some(v) = e.vehicle {
        parts.push(v.label(lang).to_string());
    }
    let act = act_label(e.act).text(lang);
    if parts.is_empty() {
        act.to_string()
    } else {
        format!("{act}: {}", parts.join(" · "))
    }
}

#[component]
pub fn PersonConsole() -> impl IntoView {
    let id = route_param("id").parse::<UserId>();
    let fetch = async move { get_person(id.map_err(|_| AppError::NotFound)?).await };
    view! {
        <PageTitle text=t(Msg::PeopleTitle)/>
        {load(fetch, |page| view! { <PersonView page/> })}
    }
}

#[component]
fn PersonView(page: PersonPage) -> impl IntoView {
    let lang = use_lang();
    let PersonPage {
        person,
        cities,
        own,
        log,
    } = page;
    let user = person.id.to_string();
    let done = flash().and_then(|f| match f {
        Flash::RoleGranted => Some(Msg::RoleGrantedDone),
        Flash::RoleRevoked => Some(Msg::RoleRevokedDone),
        Flash::Suspended => Some(Msg::SuspendedDone),
        Flash::Reinstated => Some(Msg::ReinstatedDone),
        _ => None,
    });
    let acts = if own {
        view! { <p class="hint" data-testid="own">{t(Msg::PersonOwn)}</p> }.into_any()
    } else {
        view! {
            <RoleForms person=person.clone() cities/>
            <SuspensionForm user=user.clone() suspended=person.suspended/>
        }
        .into_any()
    };
    view! {
        <section class="console person" data-testid="person" data-id=user.clone()>
            <p><a href="/operator/people">{t(Msg::PeopleTitle)}</a></p>
            <h1>{person.name.clone()}</h1>
            {done.map(|m| view! { <p class="done" role="status" data-testid="done">{t(m)}</p> })}
            <dl class="figures">
                <dt>{t(Msg::PeoplePhone)}</dt>
                <dd><span class="tel">{person.phone.to_string()}</span></dd>
                <dt>{t(Msg::PeopleRole)}</dt><dd><RoleText person=person.clone()/></dd>
                <dt>{t(Msg::PeopleWhere)}</dt><dd data-testid="where">{place(&person)}</dd>
                <dt>{t(Msg::PeopleJoined)}</dt><dd>{day_label(person.joined_at, lang)}</dd>
            </dl>
            {acts}
            <h2>{t(Msg::AuditTitle)}</h2>
            <AuditLog entries=log/>
        </section>
    }
}

/// A shopper's account gets a role; any other has its role revoked.
#[component]
fn RoleForms(
    person: Person,
    cities: Vec<(String, crate::domain::catalog::Localized)>,
) -> impl IntoView {
    let lang = use_lang();
    let user = person.id.to_string();
    if person.role != Role::Shopper {
        return view! {
            <h2>{t(Msg::RevokeTitle)}</h2>
            <p class="hint">{t(Msg::PersonHasRole)}</p>
            <PostForm action={<RevokeRole as ServerFn>::url()} hidden=vec![("user", user)] class="form">
                <TextArea field=WhyField::Reason label=Msg::AuditWhy max=WHY_MAX scope="revoke-"/>
                <FormError/>
                <SubmitButton label=Msg::RevokeSubmit/>
            </PostForm>
        }
        .into_any();
    }
    let roles: Vec<(String, String)> = GRANTED
        .into_iter()
        .map(|r: Role| (r.as_str().to_string(), t(r.msg()).to_string()))
        .collect();
    let cities: Vec<(String, String)> = cities
        .into_iter()
        .map(|(slug, name)| (slug, loc(name)))
        .collect();
    let first_city = cities.first().map(|c| c.0.clone()).unwrap_or_default();
    let vehicles: Vec<(String, String)> = Vehicle::ALL
        .into_iter()
        .map(|v| (v.code().to_string(), v.label(lang).to_string()))
        .collect();
    view! {
        <h2>{t(Msg::GrantTitle)}</h2>
        <PostForm action={<GrantRole as ServerFn>::url()} hidden=vec![("user", user)] class="form">
            <Select field=GrantField::Role label=Msg::GrantRole value=Role::Seller.as_str().to_string()
                options=roles/>
            <Input field=GrantField::Seller label=Msg::GrantSeller hint=Msg::GrantSellerHint optional=true
                autocomplete="off"/>
            <Select field=GrantField::City label=Msg::GrantCity hint=Msg::GrantCityHint value=first_city
                options=cities/>
            <Select field=GrantField::Vehicle label=Msg::GrantVehicle hint=Msg::GrantVehicleHint
                value=Vehicle::Motorbike.code().to_string() options=vehicles/>
            <TextArea field=GrantField::Reason label=Msg::AuditWhy max=WHY_MAX scope="grant-"/>
            <FormError/>
            <SubmitButton label=Msg::GrantSubmit/>
        </PostForm>
    }
    .into_any()
}

/// Suspend an active account, or reinstate a suspended one.
#[component]
fn SuspensionForm(user: String, suspended: bool) -> impl IntoView {
    if suspended {
        view! {
            <h2>{t(Msg::ReinstateTitle)}</h2>
            <PostForm action={<ReinstateAccount as ServerFn>::url()} hidden=vec![("user", user)]
                class="form">
                <TextArea field=WhyField::Reason label=Msg::AuditWhy max=WHY_MAX scope="reinstate-"/>
                <FormError/>
                <SubmitButton label=Msg::ReinstateSubmit/>
            </PostForm>
        }
        .into_any()
    } else {
        view! {
            <h2>{t(Msg::SuspendTitle)}</h2>
            <p class="hint">{t(Msg::SuspendHint)}</p>
            <PostForm action={<SuspendAccount as ServerFn>::url()} hidden=vec![("user", user)]
                class="form">
                <TextArea field=WhyField::Reason label=Msg::AuditWhy max=WHY_MAX scope="suspend-"/>
                <FormError/>
                <SubmitButton label=Msg::SuspendSubmit/>
            </PostForm>
        }
        .into_any()
    }
}
