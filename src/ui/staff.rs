//! `/seller/staff`: a seller's manager sees who works for the seller, adds staff by their mobile
//! number and removes them. Everyone else gets the 403 page.

use crate::{
    api::seller::{get_staff, AddStaff, RemoveStaff},
    domain::account::{Role, StaffField},
    i18n::Msg,
    page::{
        form::Flash,
        seller::{StaffMember, StaffPage},
    },
    ui::{
        form::{flash, FormError, Input, PostForm, SubmitButton},
        head::PageTitle,
        i18n::{loc, t},
        load::load,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

#[component]
pub fn SellerStaffPage() -> impl IntoView {
    view! {
        <PageTitle text=t(Msg::StaffTitle)/>
        {load(get_staff(), |page| view! { <Staff page/> })}
    }
}

#[component]
fn Staff(page: StaffPage) -> impl IntoView {
    let done = match flash() {
        Some(Flash::StaffAdded) => Some(Msg::StaffAdded),
        Some(Flash::StaffRemoved) => Some(Msg::StaffRemoved),
        _ => None,
    };
    view! {
        <section class="console staff" data-testid="staff">
            <p><a href="/seller">{t(Msg::BackToConsole)}</a></p>
            <h1>{t(Msg::StaffTitle)} " · " {loc(page.seller)}</h1>
            <p class="hint">{t(Msg::StaffIntro)}</p>
            {done.map(|m| view! { <p class="done" role="status" data-testid="staff-done">{t(m)}</p> })}
            <table class="stock">
                <thead><tr>
                    <th scope="col">{t(Msg::StaffName)}</th>
                    <th scope="col">{t(Msg::StaffPhone)}</th>
                    <th scope="col">{t(Msg::StaffRole)}</th>
                </tr></thead>
                <tbody>
                    {page.members.into_iter().map(|m| view! { <Member member=m/> }).collect_view()}
                </tbody>
            </table>
            <PostForm action={<AddStaff as ServerFn>::url()} class="form">
                <Input field=StaffField::Phone label=Msg::StaffAddLabel kind="tel" inputmode="tel"
                    autocomplete="off"/>
                <FormError/>
                <SubmitButton label=Msg::StaffAdd/>
            </PostForm>
        </section>
    }
}

#[component]
fn Member(member: StaffMember) -> impl IntoView {
    let StaffMember {
        id,
        name,
        phone,
        manager,
    } = member;
    let role = if manager { Role::Manager } else { Role::Seller };
    view! {
        <tr data-testid="staff-member">
            <th scope="row">{name}</th>
            <td data-label=t(Msg::StaffPhone)><span class="tel">{phone.to_string()}</span></td>
            <td data-label=t(Msg::StaffRole)>
                {t(role.msg())}
                {(!manager).then(|| view! {
                    " "
                    <PostForm action={<RemoveStaff as ServerFn>::url()}
                        hidden=vec![("id", id.to_string())] class="inline">
                        <button type="submit" class="secondary" data-testid="remove-staff"
                            data-pending=t(Msg::Submitting)>{t(Msg::StaffRemove)}</button>
                        <FormError/>
                    </PostForm>
                })}
            </td>
        </tr>
    }
}
