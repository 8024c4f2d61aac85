//! `/moderation/listing?id=`: one listing as an operator moderates it — withhold it with the
//! reason its seller reads, release it, correct its comparison group. Plain forms.

use crate::{
    api::moderation::{get_moderated_listing, RegroupListing, ReleaseListing, WithholdListing},
    domain::{
        moderation::{ModeratedListing, RegroupField, WithholdField, WITHHOLD_MAX},
        ProductId,
    },
    error::AppError,
    i18n::Msg,
    page::form::Flash,
    ui::{
        form::{flash, FormError, PostForm, Select, SubmitButton, TextArea},
        head::PageTitle,
        i18n::{loc, t},
        load::load,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

#[component]
pub fn ModerateListingPage() -> impl IntoView {
    let id = use_query_map().with_untracked(|q| q.get("id").unwrap_or_default());
    let id = id.trim().parse::<ProductId>();
    let fetch = async move { get_moderated_listing(id.map_err(|_| AppError::NotFound)?).await };
    view! {
        <PageTitle text=t(Msg::ModerateListing)/>
        {load(fetch, |listing| view! { <Listing listing/> })}
    }
}

#[component]
fn Listing(listing: ModeratedListing) -> impl IntoView {
    let ModeratedListing {
        id,
        name,
        seller,
        category,
        group,
        hidden,
        withheld,
        groups,
    } = listing;
    let product = id.to_string();
    let mut choices = vec![(String::new(), t(Msg::ModerateNoGroup).to_string())];
    choices.extend(
        groups
            .into_iter()
            .map(|(g, name)| (g.to_string(), loc(name))),
    );
    let state = match (&withheld, hidden) {
        (Some(_), _) => Msg::ModerateStateWithheld,
        (None, true) => Msg::ProductHidden,
        (None, false) => Msg::ModerateStateOffered,
    };
    view! {
        <section class="console moderate" data-testid="moderate-listing" data-id=product.clone()>
            <p><a href="/moderation">{t(Msg::Moderation)}</a></p>
            <h1>{loc(name)}</h1>
            {(flash() == Some(Flash::Saved)).then(|| view! {
                <p class="done" role="status" data-testid="done">{t(Msg::Saved)}</p>
            })}
            <dl class="figures">
                <dt>{t(Msg::ModerateSeller)}</dt>
                <dd><a href=format!("/s/{}", seller.0)>{loc(seller.1)}</a></dd>
                <dt>{t(Msg::Category)}</dt><dd>{loc(category)}</dd>
                <dt>{t(Msg::ModerateState)}</dt>
                <dd data-testid="state" data-withheld=withheld.is_some().to_string()>{t(state)}</dd>
            </dl>
            {match withheld {
                Some(reason) => view! {
                    <p class="reason" data-testid="withheld-reason">{t(Msg::ListingWithheldBy)} ": " {reason}</p>
                    <PostForm action={<ReleaseListing as ServerFn>::url()}
                        hidden=vec![("product", product.clone())] class="inline">
                        <SubmitButton label=Msg::ModerateRelease/>
                        <FormError/>
                    </PostForm>
                }.into_any(),
                None => view! {
                    <h2>{t(Msg::ModerateWithhold)}</h2>
                    <PostForm action={<WithholdListing as ServerFn>::url()}
                        hidden=vec![("product", product.clone())] class="form">
                        <TextArea field=WithholdField::Reason label=Msg::AuditWhy max=WITHHOLD_MAX/>
                        <FormError/>
                        <SubmitButton label=Msg::ModerateWithhold/>
                    </PostForm>
                }.into_any(),
            }}
            <h2>{t(Msg::ModerateGroup)}</h2>
            <PostForm action={<RegroupListing as ServerFn>::url()}
                hidden=vec![("product", product.clone())] class="form">
                <Select field=RegroupField::Group label=Msg::ModerateGroup
                    value=group.map(|g| g.to_string()).unwrap_or_default() options=choices/>
                <FormError/>
                <SubmitButton label=Msg::ModerateRegroup/>
            </PostForm>
        </section>
    }
}
