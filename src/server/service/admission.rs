//! Sellers' admission: a resident's shopping account applies to sell; an operator approves
//! (in one transaction: the seller and its storefront are made, the applicant becomes its
//! manager, the application is marked) or refuses with a reason. The applicant is told each
//! decision by a text message, and reads it at `/sell`.

use super::{ServiceError, Services};
use crate::{
    domain::{
        account::{Role, Viewer},
        admission::{seller_slug, AdmissionPage, ApplyField, NewApplication, SellPage},
        form::{FieldErrors, FieldProblem},
        ApplicationId,
    },
    error::Refusal,
    server::db::{accounts, admission as repo, catalog, console},
};

/// Applications shown to the operators: the longest waiting, and the latest decided.
const SHOWN: u32 = 100;

fn shopper(viewer: &Viewer) -> Result<(), ServiceError> {
    match viewer.role {
        Role::Shopper => Ok(()),
        _ => Err(ServiceError::Forbidden),
    }
}

fn operator(viewer: &Viewer) -> Result<(), ServiceError> {
    match viewer.role {
        Role::Operator => Ok(()),
        _ => Err(ServiceError::Forbidden),
    }
}

fn refused(field: ApplyField, problem: FieldProblem) -> ServiceError {
    let mut errs = FieldErrors::default();
    errs.add(field, problem);
    ServiceError::Form(errs.into())
}

/// `/sell`: the cities to choose from and the account's applications (any account reads its
/// own; only a shopper's applies).
pub async fn sell_page(s: Services<'_>, viewer: &Viewer) -> Result<SellPage, ServiceError> {
    let db = s.db.admission();
    Ok(SellPage {
        cities: db.cities().await?,
        applications: db.of(viewer.id).await?,
        shopper: viewer.role == Role::Shopper,
    })
}

/// Files the applicant's application. Refused: while another of theirs waits; a city not
/// served; a registration number an admitted seller has.
pub async fn apply(
    s: Services<'_>,
    applicant: &Viewer,
    a: &NewApplication,
) -> Result<ApplicationId, ServiceError> {
    shopper(applicant)?;
    let mut tx = s.db.begin().await?;
    if repo::has_waiting(&mut tx, applicant.id).await? {
        return Err(ServiceError::Refused(Refusal::ApplicationOpen));
    }
    let city = accounts::city_id(&mut tx, &a.city)
        .await?
        .ok_or_else(|| refused(ApplyField::City, FieldProblem::Invalid))?;
    if repo::registration_taken(&mut tx, a.registration.as_str()).await? {
        return Err(refused(
            ApplyField::Registration,
            FieldProblem::RegistrationTaken,
        ));
    }
    let id = repo::insert(&mut tx, applicant.id, a, city, s.now()).await?;
    tx.commit().await?;
    tracing::info!(user = %applicant.id, application = %id, "applied to sell");
    Ok(id)
}

/// `/operator/sellers`: the applications waiting and the latest decided.
pub async fn admission_page(
    s: Services<'_>,
    viewer: &Viewer,
) -> Result<AdmissionPage, ServiceError> {
    operator(viewer)?;
    let db = s.db.admission();
    Ok(AdmissionPage {
        pending: db.waiting(SHOWN).await?,
        decided: db.decided(SHOWN).await?,
    })
}

/// Approves a waiting application: the seller (with its storefront at `/s/<slug>`; the slug is
/// returned) is made and the applicant becomes its manager, in one transaction. Not found once decided; refused when
/// the applicant can't be a manager now (no longer a shopper's account, or orders on their way
/// to it: nothing is made then).
pub async fn approve(
    s: Services<'_>,
    viewer: &Viewer,
    id: ApplicationId,
) -> Result<String, ServiceError> {
    operator(viewer)?;
    let now = s.now();
    let mut tx = s.db.begin().await?;
    let a = repo::hold_waiting(&mut tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if repo::registration_taken(&mut tx, &a.registration).await? {
        return Err(ServiceError::Refused(Refusal::RegistrationAdmitted));
    }
    let slug = seller_slug(&a.name.en, id);
    let city = repo::city_slug(&mut tx, id).await?;
    let seller = catalog::insert_seller(
        &mut tx,
        &catalog::NewSeller {
            slug: &slug,
            kind: a.kind,
            name: a.name.clone(),
            city_slug: &city,
            created_at: now,
        },
    )
    .await?;
    if !console::make_staff(&mut tx, seller, a.applicant, true).await? {
        return Err(ServiceError::Refused(Refusal::ApplicantNotFree));
    }
    repo::approve(&mut tx, id, viewer.id, seller, now).await?;
    let text = format!(
        "[옥류] {}의 판매 신청이 승인되였습니다: 판매자 화면은 /seller 입니다. / [Okryu] {} may \
         sell now: the seller console is /seller.",
        a.name.ko, a.name.en
    );
    accounts::queue_text(&mut tx, &a.applicant_phone, &text, now).await?;
    tx.commit().await?;
    tracing::info!(operator = %viewer.id, application = %id, %seller, "seller admitted");
    Ok(slug)
}

/// Refuses a waiting application with its reason (the applicant reads it). Not found once
/// decided.
pub async fn refuse(
    s: Services<'_>,
    viewer: &Viewer,
    id: ApplicationId,
    reason: &str,
) -> Result<(), ServiceError> {
    operator(viewer)?;
    let now = s.now();
    let mut tx = s.db.begin().await?;
    let a = repo::hold_waiting(&mut tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    repo::refuse(&mut tx, id, viewer.id, reason, now).await?;
    let text = format!(
        "[옥류] {}의 판매 신청이 거절되였습니다. 까닭은 /sell 에서 볼수 있습니다. / [Okryu] The \
         application of {} to sell was refused: the reason is at /sell.",
        a.name.ko, a.name.en
    );
    accounts::queue_text(&mut tx, &a.applicant_phone, &text, now).await?;
    tx.commit().await?;
    tracing::info!(operator = %viewer.id, application = %id, "application refused");
    Ok(())
}
