//! Accounts in the browser: `/login`, `/signup`, `/account` and the header's account link.
//!
//! The forms are `PostForm`s: plain HTML forms posting to their server function. Problems come back
//! per field and show beside the field, with what was typed kept; signing in, up or out leads to a
//! new page, so everything on it (prices to the new default address, the header) reflects the
//! account.

use crate::ui::words::time_label;
use crate::{
    api::account::{
        account_page, districts, me, outbox, AddAddress, AddressField, ChangePassword,
        PasswordField, RemoveAddress, SendCode, SendCodeField, SetDefaultAddress, SignOut,
        SignOutEverywhere, SignUp, SignUpField,
    },
    domain::{
        account::{Role, SavedAddress, SecurityEntry},
        compare::District,
        form::FormField,
        LocalPath,
    },
    i18n::Msg,
    page::form::Flash,
    ui::{
        form::{field_problem, flash, typed, FormError, Input, PostForm, SubmitButton},
        head::PageTitle,
        i18n::{t, use_lang},
        load::load,
        sign_in::{sign_in_href, SignInForm},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

/// The district picker of an address form.
#[component]
fn DistrictSelect<F: FormField>(field: F, districts: Vec<District>) -> impl IntoView {
    let lang = use_lang();
    let problem = field_problem(field);
    let chosen = typed("district");
    view! {
        <div class="field" class:invalid=problem.is_some()>
            <label for="f-district">{t(Msg::District)}</label>
            <select id="f-district" name="district" required=true data-testid="input-district"
                aria-describedby="error-district">
                <option value="">{t(Msg::ChooseDistrict)}</option>
                {districts.into_iter().map(|d| {
                    let selected = chosen.as_deref() == Some(d.slug.as_str());
                    let slug = d.slug.clone();
                    view! { <option value=slug selected=selected>{d.label(lang)}</option> }
                }).collect_view()}
            </select>
            <p class="field-error" id="error-district" data-testid="error-district">
                {problem.map(|p| t(p.msg()))}
            </p>
        </div>
    }
}

/// The header's link: "Sign in" for a guest, the person's name when signed in.
#[component]
pub fn AccountLink() -> impl IntoView {
    let viewer = OnceResource::new(me());
    // Follows a sign-in sent in the background from the page it shows on (`data-refresh`).
    view! {
        <span id="account-link" class="header-box" data-refresh="">
            <Suspense>
                {move || Suspend::new(async move {
                    match viewer.await {
                        Ok(Some(v)) => view! {
                            <a href="/account" class="account-link" data-testid="account-link">
                                {v.name}
                            </a>
                        }.into_any(),
                        _ => view! {
                            <a href=sign_in_href() class="account-link" data-testid="sign-in-link">
                                {t(Msg::SignIn)}
                            </a>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </span>
    }
}

/// The page to come back to after signing in (`next=`), when it is one of this site's.
fn next_page() -> LocalPath {
    let next = use_query_map().with_untracked(|q| q.get("next"));
    next.as_deref()
        .and_then(LocalPath::parse)
        .unwrap_or_else(LocalPath::home)
}

#[component]
pub fn LoginPage() -> impl IntoView {
    view! {
        <PageTitle text=t(Msg::SignIn)/>
        <section class="auth" data-testid="sign-in">
            <h1>{t(Msg::SignIn)}</h1>
            <SignInForm next=next_page()/>
        </section>
    }
}

/// `/signup`: first the phone number, to which a code is sent; then (`?phone=`) the code with
/// the rest of the account.
#[component]
pub fn SignupPage() -> impl IntoView {
    let phone = use_query_map()
        .with_untracked(|q| q.get("phone"))
        .and_then(|p| crate::domain::account::PhoneNumber::parse(&p).ok());
    view! {
        <PageTitle text=t(Msg::SignUpTitle)/>
        <section class="auth" data-testid="sign-up">
            <h1>{t(Msg::SignUpTitle)}</h1>
            <p class="intro">{t(Msg::SignUpIntro)}</p>
            {match phone {
                None => view! {
                    <p>{t(Msg::SendCodeIntro)}</p>
                    <PostForm action={<SendCode as ServerFn>::url()} class="form">
                        <Input field=SendCodeField::Phone label=Msg::Phone kind="tel"
                            autocomplete="tel-national" inputmode="tel" hint=Msg::PhoneHint/>
                        <FormError/>
                        <SubmitButton label=Msg::SendCode/>
                    </PostForm>
                }.into_any(),
                Some(phone) => {
                    let phone = phone.as_str().to_string();
                    view! {
                    <p role="status">{t(Msg::CodeSent)}</p>
                    {load(districts(), move |list| {
                        let phone = phone.clone();
                        view! {
                        <PostForm action={<SignUp as ServerFn>::url()} class="form">
                            <Input field=SignUpField::Phone label=Msg::Phone kind="tel"
                                autocomplete="tel-national" inputmode="tel"
                                initial=phone/>
                            <Input field=SignUpField::Code label=Msg::PhoneCodeLabel
                                autocomplete="one-time-code" inputmode="numeric"
                                hint=Msg::PhoneCodeHint/>
                            <Input field=SignUpField::Name label=Msg::Name autocomplete="name"/>
                            <Input field=SignUpField::ResidentId label=Msg::ResidentIdLabel
                                autocomplete="off" inputmode="numeric" hint=Msg::ResidentHint/>
                            <Input field=SignUpField::Password label=Msg::Password kind="password"
                                autocomplete="new-password" hint=Msg::PasswordHint minlength=10/>
                            <DistrictSelect field=SignUpField::District districts=list/>
                            <Input field=SignUpField::Address label=Msg::AddressLine
                                autocomplete="street-address"/>
                            <FormError/>
                            <SubmitButton label=Msg::SignUp/>
                        </PostForm>
                    }})}
                    <p><a href="/signup">{t(Msg::OtherNumber)}</a></p>
                }.into_any()
                }
            }}
            <p>{t(Msg::HaveAccount)} " " <a href="/login">{t(Msg::SignIn)}</a></p>
        </section>
    }
}

/// `/outbox`: the text messages sent (demo data only: its numbers have no phones).
#[component]
pub fn OutboxPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageTitle text=t(Msg::OutboxTitle)/>
        <section class="outbox">
            <h1>{t(Msg::OutboxTitle)}</h1>
            <p class="intro">{t(Msg::OutboxIntro)}</p>
            {load(outbox(String::new()), move |messages| {
                if messages.is_empty() {
                    return view! { <p>{t(Msg::OutboxEmpty)}</p> }.into_any();
                }
                view! {
                    <ul class="messages">
                        {messages.into_iter().map(|m| view! {
                            <li><strong class="tel">{m.phone}</strong> " " {time_label(m.at, lang)} <p>{m.body}</p></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <PageTitle text=t(Msg::Account)/>
        {load(account_page(), |page| view! { <AccountView page/> })}
    }
}

#[component]
fn AccountView(page: crate::page::account::Profile) -> impl IntoView {
    let lang = use_lang();
    let viewer = page.viewer;
    let role = viewer.role;
    let sessions = page.sessions;
    view! {
        <section class="account" data-testid="account">
            <h1>{t(Msg::Account)}</h1>
            <dl class="facts">
                <dt>{t(Msg::SignedInAs)}</dt>
                <dd data-testid="account-name">{viewer.name.clone()}</dd>
                <dt>{t(Msg::Phone)}</dt>
                <dd data-testid="account-phone" class="tel">{viewer.phone.to_string()}</dd>
                <dt>{t(Msg::Role)}</dt>
                <dd>{role.msg().text(lang)}</dd>
                <dt>{t(Msg::Sessions)}</dt>
                <dd data-testid="account-sessions">{sessions}</dd>
            </dl>
            <p class="links">
                {matches!(role, Role::Shopper | Role::Business).then(|| view! {
                    <a href="/orders" data-testid="orders-link">{t(Msg::Orders)}</a>
                    " · "
                    <a href="/wallet" data-testid="wallet-link">{t(Msg::Wallet)}</a>
                })}
                {(role == Role::Shopper).then(|| view! {
                    " · "
                    <a href="/sell" data-testid="sell-link">{t(Msg::SellTitle)}</a>
                })}
                {(role == Role::Operator).then(|| view! {
                    <a href="/operator" data-testid="operator-link">{t(Msg::OperatorTitle)}</a>
                    " · "
                    <a href="/operator/sellers" data-testid="admission-link">{t(Msg::AdmissionTitle)}</a>
                    " · "
                    <a href="/operator/people" data-testid="people-link">{t(Msg::PeopleTitle)}</a>
                    " · "
                    <a href="/bank" data-testid="bank-link">{t(Msg::BankCounter)}</a>
                    " · "
                    <a href="/tariff" data-testid="tariff-link">{t(Msg::Tariff)}</a>
                    " · "
                    <a href="/moderation" data-testid="moderation-link">{t(Msg::Moderation)}</a>
                })}
                {matches!(role, Role::Dispatcher | Role::Operator).then(|| view! {
                    " · "
                    <a href="/dispatch" data-testid="dispatch-link">{t(Msg::Dispatch)}</a>
                })}
                {(role == Role::Courier).then(|| view! {
                    <a href="/courier" data-testid="courier-link">{t(Msg::MyDeliveries)}</a>
                })}
            </p>
            {role.is_seller_staff().then(|| view! {
                <p>
                    <a href="/seller">{t(Msg::SellerConsole)}</a>
                    // A restaurant's staff work from its kitchen screen (another seller's says so).
                    " · " <a href="/kitchen" data-testid="kitchen-link">{t(Msg::Kitchen)}</a>
                </p>
            })}
            <PostForm action={<SignOut as ServerFn>::url()} class="inline">
                <button type="submit" class="secondary" data-testid="sign-out">{t(Msg::SignOut)}</button>
            </PostForm>

            <h2>{t(Msg::Addresses)}</h2>
            <ul class="addresses" data-testid="addresses">
                {page.addresses.into_iter().map(|a| view! { <AddressItem address=a/> }).collect_view()}
            </ul>

            <h3>{t(Msg::AddAddress)}</h3>
            <PostForm action={<AddAddress as ServerFn>::url()} class="form">
                <DistrictSelect field=AddressField::District districts=page.districts/>
                <Input field=AddressField::Address label=Msg::AddressLine autocomplete="street-address"/>
                <label class="check">
                    <input type="checkbox" name="make_default" value="1"/>
                    {t(Msg::MakeDefault)}
                </label>
                <FormError/>
                <button type="submit" data-testid="add-address">{t(Msg::AddAddress)}</button>
            </PostForm>

            <h2>{t(Msg::ChangePassword)}</h2>
            <PostForm action={<ChangePassword as ServerFn>::url()} class="form">
                <Input field=PasswordField::Old label=Msg::OldPassword
                    kind="password" autocomplete="current-password"/>
                <Input field=PasswordField::New label=Msg::NewPasswordLabel
                    kind="password" autocomplete="new-password" hint=Msg::PasswordHint minlength=10/>
                <FormError/>
                {(flash() == Some(Flash::PasswordChanged)).then(|| view! {
                    <p class="done" role="status" data-testid="password-changed">{t(Msg::PasswordChanged)}</p>
                })}
                <button type="submit" data-testid="change-password">{t(Msg::ChangePassword)}</button>
            </PostForm>

            <h2>{t(Msg::SecurityHistory)}</h2>
            <SecurityHistory entries=page.security/>

            <h2>{t(Msg::SignOutEverywhere)}</h2>
            <PostForm action={<SignOutEverywhere as ServerFn>::url()} class="inline">
                <button type="submit" class="secondary" data-testid="sign-out-everywhere">
                    {t(Msg::SignOutEverywhere)}
                </button>
            </PostForm>
        </section>
    }
}

/// What changed in the account's security, newest first: the owner sees a change they did not make.
#[component]
fn SecurityHistory(entries: Vec<SecurityEntry>) -> impl IntoView {
    let lang = use_lang();
    if entries.is_empty() {
        return view! { <p class="muted" data-testid="security-empty">{t(Msg::NoSecurityEvents)}</p> }
            .into_any();
    }
    view! {
        <ol class="security" data-testid="security-history">
            {entries.into_iter().map(|e| view! {
                <li data-testid="security-event">
                    <time>{time_label(e.at, lang)}</time>
                    " " <strong>{t(e.kind.msg())}</strong>
                    {(!e.detail.is_empty()).then(|| format!(" · {}", e.detail))}
                    " · " {t(Msg::FromAddress)} " " {e.client.clone()}
                </li>
            }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn AddressItem(address: SavedAddress) -> impl IntoView {
    let lang = use_lang();
    let SavedAddress {
        id,
        district,
        line,
        is_default,
    } = address;
    view! {
        <li data-testid="address" class:default=is_default>
            <span class="where">{district.label(lang)} " · " {line.clone()}</span>
            {if is_default {
                view! { <strong class="badge" data-testid="default-address">{t(Msg::DefaultAddress)}</strong> }.into_any()
            } else {
                view! {
                    <PostForm action={<SetDefaultAddress as ServerFn>::url()} hidden=vec![("id", id.to_string())] class="inline">
                        <button type="submit" class="link">{t(Msg::MakeDefault)}</button>
                        <FormError/>
                    </PostForm>
                }.into_any()
            }}
            <PostForm action={<RemoveAddress as ServerFn>::url()} hidden=vec![("id", id.to_string())] class="inline">
                <button type="submit" class="link">{t(Msg::RemoveAddress)}</button>
                <FormError/>
            </PostForm>
        </li>
    }
}
