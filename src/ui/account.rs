//! Accounts in the browser: `/login`, `/signup`, `/account` and the header's account link.
//!
//! The forms are `PostForm`s: plain HTML forms posting to their server function, taken over
//! after hydration. Problems come back per field and show beside the field; after signing in,
//! up or out the page loads anew so everything on it (prices to the new default address, the
//! header) reflects the account.

use crate::{
    api::account::{
        account_page, districts, me, AddAddress, ChangePassword, RemoveAddress, SetDefaultAddress,
        SignIn, SignOut, SignOutEverywhere, SignUp,
    },
    domain::{
        account::{Field, Role, SavedAddress},
        compare::District,
    },
    i18n::Msg,
    ui::{
        errors::ErrorPage,
        form::{
            go, next_path, problems, FormError, Input, PostForm, Problems, Submission, SubmitButton,
        },
        head::PageTitle,
        i18n::{t, use_lang},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::components::A;

/// The district picker of an address form.
#[component]
fn DistrictSelect(districts: Vec<District>, problems: Memo<Problems>) -> impl IntoView {
    let lang = use_lang();
    let problem = move || problems.read().fields.get(Field::District);
    view! {
        <div class="field" class:invalid=move || problem().is_some()>
            <label for="f-district">{t(Msg::District)}</label>
            <select id="f-district" name="district" required=true data-testid="input-district"
                aria-describedby="error-district">
                <option value="">{t(Msg::ChooseDistrict)}</option>
                {districts.into_iter().map(|d| {
                    let slug = d.slug.clone();
                    view! { <option value=slug>{move || d.label(lang.get())}</option> }
                }).collect_view()}
            </select>
            <p class="field-error" id="error-district" data-testid="error-district" role="alert">
                {move || problem().map(|p| t(p.msg())())}
            </p>
        </div>
    }
}

/// The header's link: "Sign in" for a guest, the person's name when signed in.
#[component]
pub fn AccountLink() -> impl IntoView {
    let viewer = OnceResource::new(me());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match viewer.await {
                    Ok(Some(v)) => view! {
                        <A href="/account" attr:class="account-link" attr:data-testid="account-link">
                            {v.name}
                        </A>
                    }.into_any(),
                    _ => view! {
                        <A href="/login" attr:class="account-link" attr:data-testid="sign-in-link">
                            {t(Msg::SignIn)}
                        </A>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let sub = Submission::new();
    let next = next_path();
    let problems = Memo::new(move |_| problems(sub.result.get()));
    Effect::new(move |_| {
        if sub.succeeded() {
            go(&next());
        }
    });
    view! {
        <PageTitle text=t(Msg::SignIn)()/>
        <section class="auth" data-testid="sign-in">
            <h1>{t(Msg::SignIn)}</h1>
            <PostForm url={<SignIn as ServerFn>::url()} submission=sub class="form">
                <Input field=Field::Phone label=Msg::Phone problems kind="tel"
                    autocomplete="username" inputmode="tel" hint=Msg::PhoneHint/>
                <Input field=Field::Password label=Msg::Password problems kind="password"
                    autocomplete="current-password"/>
                <FormError problems/>
                <SubmitButton sub label=Msg::SignIn/>
            </PostForm>
            <p>{t(Msg::NoAccount)} " " <A href="/signup">{t(Msg::SignUp)}</A></p>
        </section>
    }
}

#[component]
pub fn SignupPage() -> impl IntoView {
    let sub = Submission::new();
    let problems = Memo::new(move |_| problems(sub.result.get()));
    let districts = OnceResource::new(districts());
    Effect::new(move |_| {
        if sub.succeeded() {
            go("/account");
        }
    });
    view! {
        <PageTitle text=t(Msg::SignUpTitle)()/>
        <section class="auth" data-testid="sign-up">
            <h1>{t(Msg::SignUpTitle)}</h1>
            <p class="intro">{t(Msg::SignUpIntro)}</p>
            <PostForm url={<SignUp as ServerFn>::url()} submission=sub class="form">
                <Input field=Field::Name label=Msg::Name problems autocomplete="name"/>
                <Input field=Field::Phone label=Msg::Phone problems kind="tel"
                    autocomplete="tel-national" inputmode="tel" hint=Msg::PhoneHint/>
                <Input field=Field::ResidentId label=Msg::ResidentIdLabel problems
                    autocomplete="off" inputmode="numeric" hint=Msg::ResidentHint/>
                <Input field=Field::Password label=Msg::Password problems kind="password"
                    autocomplete="new-password" hint=Msg::PasswordHint minlength=10/>
                <Suspense fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        let list = districts.await.unwrap_or_default();
                        view! { <DistrictSelect districts=list problems/> }
                    })}
                </Suspense>
                <Input field=Field::Address label=Msg::AddressLine problems
                    autocomplete="street-address"/>
                <FormError problems/>
                <SubmitButton sub label=Msg::SignUp/>
            </PostForm>
            <p>{t(Msg::HaveAccount)} " " <A href="/login">{t(Msg::SignIn)}</A></p>
        </section>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let subs = AccountForms {
        add: Submission::new(),
        make_default: Submission::new(),
        remove: Submission::new(),
        password: Submission::new(),
    };
    let data = Resource::new(
        move || {
            (
                subs.add.done.get(),
                subs.make_default.done.get(),
                subs.remove.done.get(),
                subs.password.done.get(),
            )
        },
        |_| account_page(),
    );
    view! {
        <PageTitle text=t(Msg::Account)()/>
        <Transition fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <AccountView page subs/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The profile's forms whose success reloads the profile.
#[derive(Clone, Copy)]
struct AccountForms {
    add: Submission,
    make_default: Submission,
    remove: Submission,
    password: Submission,
}

#[component]
fn AccountView(page: crate::domain::account::Profile, subs: AccountForms) -> impl IntoView {
    let lang = use_lang();
    let sign_out = Submission::new();
    let everywhere = Submission::new();
    Effect::new(move |_| {
        if sign_out.succeeded() || everywhere.succeeded() {
            go("/");
        }
    });
    let add_problems = Memo::new(move |_| problems(subs.add.result.get()));
    let list_problems = Memo::new(move |_| {
        let mut p = problems(subs.remove.result.get());
        if p.form.is_none() {
            p = problems(subs.make_default.result.get());
        }
        p
    });
    let password_problems = Memo::new(move |_| problems(subs.password.result.get()));
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
                <dd data-testid="account-phone">{viewer.phone.to_string()}</dd>
                <dt>{t(Msg::Role)}</dt>
                <dd>{move || role.msg().text(lang.get())}</dd>
                <dt>{t(Msg::Sessions)}</dt>
                <dd data-testid="account-sessions">{sessions}</dd>
            </dl>
            <p class="links">
                {matches!(role, Role::Shopper | Role::Business).then(|| view! {
                    <A href="/orders" attr:data-testid="orders-link">{t(Msg::Orders)}</A>
                    " · "
                    <A href="/wallet" attr:data-testid="wallet-link">{t(Msg::Wallet)}</A>
                })}
                {(role == Role::Operator).then(|| view! {
                    <A href="/bank" attr:data-testid="bank-link">{t(Msg::Deposit)}</A>
                    " · "
                    <A href="/tariff" attr:data-testid="tariff-link">{t(Msg::Tariff)}</A>
                })}
                {matches!(role, Role::Dispatcher | Role::Operator).then(|| view! {
                    " · "
                    <A href="/dispatch" attr:data-testid="dispatch-link">{t(Msg::Dispatch)}</A>
                })}
                {(role == Role::Courier).then(|| view! {
                    <A href="/courier" attr:data-testid="courier-link">{t(Msg::MyDeliveries)}</A>
                })}
            </p>
            {(role == crate::domain::account::Role::Seller).then(|| view! {
                <p><A href="/seller">{t(Msg::SellerConsole)}</A></p>
            })}
            <PostForm url={<SignOut as ServerFn>::url()} submission=sign_out class="inline">
                <button type="submit" class="secondary" data-testid="sign-out">{t(Msg::SignOut)}</button>
            </PostForm>

            <h2>{t(Msg::Addresses)}</h2>
            <ul class="addresses" data-testid="addresses">
                {page.addresses.into_iter().map(|a| view! {
                    <AddressItem address=a subs/>
                }).collect_view()}
            </ul>
            <FormError problems=list_problems/>

            <h3>{t(Msg::AddAddress)}</h3>
            <PostForm url={<AddAddress as ServerFn>::url()} submission=subs.add class="form">
                <DistrictSelect districts=page.districts problems=add_problems/>
                <Input field=Field::Address label=Msg::AddressLine problems=add_problems
                    autocomplete="street-address"/>
                <label class="check">
                    <input type="checkbox" name="make_default" value="1"/>
                    {t(Msg::MakeDefault)}
                </label>
                <FormError problems=add_problems/>
                <button type="submit" data-testid="add-address">{t(Msg::AddAddress)}</button>
            </PostForm>

            <h2>{t(Msg::ChangePassword)}</h2>
            <PostForm url={<ChangePassword as ServerFn>::url()} submission=subs.password class="form">
                <Input field=Field::OldPassword label=Msg::OldPassword problems=password_problems
                    kind="password" autocomplete="current-password"/>
                <Input field=Field::Password label=Msg::NewPasswordLabel problems=password_problems
                    kind="password" autocomplete="new-password" hint=Msg::PasswordHint minlength=10/>
                <FormError problems=password_problems/>
                {move || subs.password.succeeded().then(|| view! {
                    <p class="done" role="status" data-testid="password-changed">{t(Msg::PasswordChanged)}</p>
                })}
                <button type="submit" data-testid="change-password">{t(Msg::ChangePassword)}</button>
            </PostForm>

            <h2>{t(Msg::SignOutEverywhere)}</h2>
            <PostForm url={<SignOutEverywhere as ServerFn>::url()} submission=everywhere class="inline">
                <button type="submit" class="secondary" data-testid="sign-out-everywhere">
                    {t(Msg::SignOutEverywhere)}
                </button>
            </PostForm>
        </section>
    }
}

#[component]
fn AddressItem(address: SavedAddress, subs: AccountForms) -> impl IntoView {
    let lang = use_lang();
    let SavedAddress {
        id,
        district,
        line,
        is_default,
    } = address;
    view! {
        <li data-testid="address" class:default=is_default>
            <span class="where">{move || district.label(lang.get())} " · " {line.clone()}</span>
            {if is_default {
                view! { <strong class="badge" data-testid="default-address">{t(Msg::DefaultAddress)}</strong> }.into_any()
            } else {
                view! {
                    <PostForm url={<SetDefaultAddress as ServerFn>::url()} submission=subs.make_default class="inline">
                        <input type="hidden" name="id" value=id.get()/>
                        <button type="submit" class="link">{t(Msg::MakeDefault)}</button>
                    </PostForm>
                }.into_any()
            }}
            <PostForm url={<RemoveAddress as ServerFn>::url()} submission=subs.remove class="inline">
                <input type="hidden" name="id" value=id.get()/>
                <button type="submit" class="link">{t(Msg::RemoveAddress)}</button>
            </PostForm>
        </li>
    }
}
