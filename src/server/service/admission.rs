//! Sellers' admission: a resident's shopping account applies to sell; an operator approves
//! (in one transaction: the seller and its storefront are made, the applicant becomes its
//! manager, the application is marked) or refuses with a reason. The applicant is told each
//! decision by a text message, and reads it at `/sell`. Both decisions go into the audit log.

use super::{operator, ServiceError, Services};
use crate::{
    domain::{
        account::{Role, Viewer},
        admission::{seller_slug, AdmissionPage, ApplyField, NewApplication, SellPage},
        form::FieldProblem,
        people::AuditAct,
        ApplicationId,
    },
    error::Refusal,
    server::db::{
        accounts, admission as repo, catalog, console,
        people::{self, Act},
    },
};

/// Applications shown to the operators: the longest waiting, and the latest decided.
const SHOWN: u32 = 100;

fn shopper(viewer: &Viewer) -> Result<(), ServiceError> {
    match viewer.role {
        Role::Shopper => Ok(()),
        _ => Err(ServiceError::Forbidden),
    }
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
    // One of the account's requests at a time: two applications sent at once are one filed and
    // one refused, not a conflict.
    accounts::lock_user(&mut tx, applicant.id).await?;
    if repo::has_waiting(&mut tx, applicant.id).await? {
        return Err(ServiceError::Refused(Refusal::ApplicationOpen));
    }
    let city = accounts::city_id(&mut tx, &a.city)
        .await?
        .ok_or_else(|| ServiceError::field(ApplyField::City, FieldProblem::Invalid))?;
    if repo::registration_taken(&mut tx, a.registration.as_str()).await? {
        return Err(ServiceError::field(
            ApplyField::Registration,
            FieldProblem::RegistrationTaken,
        ));
    }
    let id = repo::insert(&mut tx, applicant.id, a, city, s.now())
        .await?
        .ok_or(ServiceError::Refused(Refusal::ApplicationOpen))?;
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
    let (a, city) = repo::hold_waiting(&mut tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if repo::registration_taken(&mut tx, &a.registration).await? {
        return Err(ServiceError::Refused(Refusal::RegistrationAdmitted));
    }
    let slug = seller_slug(&a.name.en, id);
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
    if !repo::approve(&mut tx, id, viewer.id, seller, now).await? {
        return Err(ServiceError::Refused(Refusal::RegistrationAdmitted));
    }
    let act = Act {
        at: now,
        actor: viewer.id,
        subject: a.applicant,
        act: AuditAct::Admitted,
        role: Some(Role::Manager),
        seller: Some(seller),
        city: None,
        vehicle: None,
        reason: "",
    };
    people::log(&mut tx, &act).await?;
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
    let (a, _) = repo::hold_waiting(&mut tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    repo::refuse(&mut tx, id, viewer.id, reason, now).await?;
    let act = Act {
        at: now,
        actor: viewer.id,
        subject: a.applicant,
        act: AuditAct::Refused,
        role: None,
        seller: None,
        city: None,
        vehicle: None,
        reason,
    };
    people::log(&mut tx, &act).await?;
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
