//! `/seller/bulk`: seller staff download their goods as a CSV file, upload it edited, see every
//! line's change or problem (`?file=`), and apply it all at once. Others get the 403 page.

use crate::{
    api::seller::{get_bulk, ApplyBulk, BulkField, BulkSheet, UploadBulk},
    domain::bulk::BulkLine,
    i18n::Msg,
    page::seller::{BulkFile, BulkPage},
    ui::{
        form::{FileInput, FormError, PostForm},
        head::PageTitle,
        i18n::{loc, t, won},
        load::load,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

#[component]
pub fn SellerBulkPage() -> impl IntoView {
    let file = use_query_map().with_untracked(|q| q.get("file").and_then(|f| f.parse().ok()));
    view! {
        <PageTitle text=t(Msg::BulkTitle)/>
        {load(get_bulk(file), |page| view! { <Bulk page/> })}
    }
}

#[component]
fn Bulk(page: BulkPage) -> impl IntoView {
    let BulkPage {
        seller,
        manager,
        file,
    } = page;
    view! {
        <section class="console bulk" data-testid="bulk">
            <p><a href="/seller">{t(Msg::BackToConsole)}</a></p>
            <h1>{t(Msg::BulkTitle)} " · " {loc(seller)}</h1>
            <p class="hint">{t(Msg::BulkIntro)}</p>
            {(!manager).then(|| view! { <p class="hint">{t(Msg::PriceManagersHint)}</p> })}
            <p><a href={<BulkSheet as ServerFn>::url()} class="button secondary" download=""
                data-testid="bulk-download">{t(Msg::BulkDownload)}</a></p>
            {file.map(|file| view! { <Preview file/> })}
            <Upload/>
        </section>
    }
}

/// The upload form.
#[component]
fn Upload() -> impl IntoView {
    view! {
        <PostForm action={<UploadBulk as ServerFn>::url()} class="form" upload=true>
            <FileInput field=BulkField::File label=Msg::BulkFile accept=".csv,text/csv"/>
            <FormError/>
            <button type="submit" data-testid="bulk-upload">{t(Msg::BulkUpload)}</button>
        </PostForm>
    }
}

/// An uploaded file: its changes and problems line by line, and the button that applies it when
/// no line has a problem.
#[component]
fn Preview(file: BulkFile) -> impl IntoView {
    let BulkFile {
        id,
        name,
        applied,
        comparison,
    } = file;
    let (changes, problems) = (comparison.changes(), comparison.problems());
    let summary = view! {
        <dl class="figures" data-testid="bulk-summary">
            <dt>{t(Msg::BulkChanges)}</dt><dd data-testid="bulk-changes">{changes}</dd>
            <dt>{t(Msg::BulkProblemCount)}</dt><dd data-testid="bulk-problems">{problems}</dd>
            <dt>{t(Msg::BulkUnchanged)}</dt><dd>{comparison.unchanged}</dd>
        </dl>
    };
    let body = if applied {
        view! { <p class="done" role="status" data-testid="bulk-applied">{t(Msg::BulkAppliedAlready)}</p> }
            .into_any()
    } else {
        view! {
            {summary}
            {comparison.lines.is_empty().then(|| view! { <p class="empty">{t(Msg::BulkNothing)}</p> })}
            {(!comparison.lines.is_empty()).then(|| view! {
                <table class="stock bulk-lines">
                    <thead><tr>
                        <th scope="col">{t(Msg::BulkLine)}</th>
                        <th scope="col">{t(Msg::BulkProduct)}</th>
                        <th scope="col">{t(Msg::BulkChange)}</th>
                    </tr></thead>
                    <tbody>
                        {comparison.lines.into_iter().map(|line| view! { <Line line/> }).collect_view()}
                    </tbody>
                </table>
            })}
            {if problems > 0 {
                view! { <p class="form-error" role="alert" data-testid="bulk-fix">{t(Msg::BulkFixFirst)}</p> }.into_any()
            } else if changes > 0 {
                view! {
                    <PostForm action={<ApplyBulk as ServerFn>::url()} hidden=vec![("file", id.to_string())] class="form">
                        <p class="hint">{t(Msg::BulkApplyHint)}</p>
                        <FormError/>
                        <button type="submit" data-testid="bulk-apply" data-pending=t(Msg::Submitting)>{t(Msg::BulkApply)}</button>
                    </PostForm>
                }.into_any()
            } else {
                ().into_any()
            }}
        }
        .into_any()
    };
    view! {
        <section class="bulk-preview" aria-labelledby="preview-h" data-testid="bulk-preview">
            <h2 id="preview-h">{t(Msg::BulkPreview)} " · " <span class="file-name">{name}</span></h2>
            {body}
        </section>
    }
}

#[component]
fn Line(line: BulkLine) -> impl IntoView {
    let BulkLine {
        line,
        product,
        price,
        stock,
        problem,
    } = line;
    view! {
        <tr data-testid="bulk-line" class:problem=problem.is_some()>
            <th scope="row">{line}</th>
            <td data-label=t(Msg::BulkProduct)>
                {product.map(|(id, name)| view! { <a href=format!("/seller/p/{id}")>{loc(name)}</a> })}
            </td>
            <td data-label=t(Msg::BulkChange)>
                {price.map(|(from, to)| view! {
                    <span class="change">{t(Msg::Price)} " " {won(from)} " → " <strong>{won(to)}</strong></span> " "
                })}
                {stock.map(|(from, to)| view! {
                    <span class="change">{t(Msg::Stock)} " " {from} " → " <strong>{to}</strong></span>
                })}
                {problem.map(|p| view! { <span class="field-error" data-testid="line-problem">{t(p.msg())}</span> })}
            </td>
        </tr>
    }
}
