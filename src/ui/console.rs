//! `/seller`: the seller console, for seller staff only (others get the 403 page).

use crate::{
    api::seller::{seller_console, SetStock},
    domain::{account::Field, console::ConsoleItem},
    error::AppError,
    i18n::Msg,
    ui::{
        errors::ErrorPage,
        form::{PostForm, Submission},
        i18n::{loc, t, use_lang, won},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn SellerConsolePage() -> impl IntoView {
    let data = OnceResource::new(seller_console());
    view! {
        <Title text=t(Msg::SellerConsole)/>
        <Suspense fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(console) => view! {
                        <section class="console" data-testid="seller-console">
                            <h1>{t(Msg::SellerConsole)} " · " {loc(console.seller)}</h1>
                            <p class="intro">{t(Msg::SellerConsoleIntro)}</p>
                            <table class="stock">
                                <thead><tr>
                                    <th scope="col">{t(Msg::Description)}</th>
                                    <th scope="col">{t(Msg::Price)}</th>
                                    <th scope="col">{t(Msg::Stock)}</th>
                                </tr></thead>
                                <tbody>
                                    {console.items.into_iter().map(|item| view! { <StockRow item/> }).collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StockRow(item: ConsoleItem) -> impl IntoView {
    let lang = use_lang();
    let sub = Submission::new();
    let ConsoleItem {
        id,
        name,
        price,
        stock,
    } = item;
    let problem = move || match sub.result.get() {
        Some(Err(AppError::Invalid(errs))) => errs.get(Field::Stock).map(|p| p.msg()),
        Some(Err(_)) => Some(Msg::ErrorBody),
        _ => None,
    };
    view! {
        <tr data-testid="console-item">
            <th scope="row"><A href=format!("/p/{id}")>{loc(name)}</A></th>
            <td>{won(price)}</td>
            <td>
                <PostForm url={<SetStock as ServerFn>::url()} submission=sub class="inline">
                    <input type="hidden" name="id" value=id.get()/>
                    <input type="number" name="stock" min="0" max="1000000" inputmode="numeric"
                        value=stock aria-label=t(Msg::Stock) data-testid="stock-input"/>
                    <button type="submit" class="secondary">{t(Msg::Save)}</button>
                    {move || sub.succeeded().then(|| view! {
                        <span class="done" role="status">{t(Msg::Saved)}</span>
                    })}
                    {move || problem().map(|m| view! {
                        <span class="field-error" role="alert">{m.text(lang.get())}</span>
                    })}
                </PostForm>
            </td>
        </tr>
    }
}
