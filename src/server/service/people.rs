//! People and roles, for operators: find an account by its number or name; grant a role to a
//! shopper's account (a seller's staff or manager, a city's dispatcher, a courier with a vehicle,
//! an operator) and revoke it; suspend an account (its sessions end at once; its orders stay) and
//! reinstate it. Each act is written to the audit log in the act's own transaction, and the
//! person is told by a text message.
//!
//! Roles are read from the account on every request, so each change takes effect at the
//! person's next request.

use super::{operator, ServiceError, Services};
use crate::{
    domain::{
        account::{PhoneNumber, Role, Viewer},
        form::FieldProblem,
        people::{
            AuditAct, Grant, GrantField, PeoplePage, PeopleQuery, PersonPage, FOUND_MAX, LOG_SHOWN,
            QUERY_MAX,
        },
        UserId,
    },
    error::Refusal,
    server::db::{
        accounts, console,
        people::{self as repo, Act, StoredRole},
        Tx,
    },
};

/// The operator and the account they act on, both held for the act: the operator is checked
/// again as the act is written (one suspended or revoked a moment ago acts no more).
async fn hold_for_act(
    tx: &mut Tx<'_>,
    viewer: &Viewer,
    user: UserId,
) -> Result<repo::Held, ServiceError> {
    let (actor, subject) = repo::hold_both(tx, viewer.id, user).await?;
    match actor {
        Some(a) if a.person.role == Role::Operator && !a.person.suspended => {}
        _ => return Err(ServiceError::Forbidden),
    }
    subject.ok_or(ServiceError::NotFound)
}

/// `/operator/people`: the accounts a search finds, and the newest acts of the log.
pub async fn people_page(
    s: Services<'_>,
    viewer: &Viewer,
    query: &str,
) -> Result<PeoplePage, ServiceError> {
    operator(viewer)?;
    let db = s.db.people();
    Ok(PeoplePage {
        query: query.trim().chars().take(QUERY_MAX).collect(),
        found: db.search(&PeopleQuery::parse(query), FOUND_MAX).await?,
        log: db.log(None, LOG_SHOWN).await?,
    })
}

/// `/operator/people/<id>`: the account, the cities a role may work in, and its acts.
pub async fn person_page(
    s: Services<'_>,
    viewer: &Viewer,
    user: UserId,
) -> Result<PersonPage, ServiceError> {
    operator(viewer)?;
    let db = s.db.people();
    let person = db.person(user).await?.ok_or(ServiceError::NotFound)?;
    Ok(PersonPage {
        person,
        cities: s.db.admission().cities().await?,
        own: user == viewer.id,
        log: db.log(Some(user), LOG_SHOWN).await?,
    })
}

/// Tells the person what was done, by a text message in the same transaction.
async fn tell(
    tx: &mut Tx<'_>,
    phone: &PhoneNumber,
    act: AuditAct,
    now: i64,
) -> Result<(), ServiceError> {
    let text = match act {
        AuditAct::Suspended => {
            "[옥류] 계정이 정지되였습니다. 문의는 인민봉사총국으로 하십시오. / [Okryu] Your \
             account is suspended. Ask the People's Service General Bureau why."
        }
        AuditAct::Reinstated => {
            "[옥류] 계정의 정지가 풀렸습니다. 다시 로그인할수 있습니다. / [Okryu] Your account is \
             no longer suspended: you can sign in again."
        }
        _ => {
            "[옥류] 계정의 역할이 바뀌였습니다: /account 에서 보십시오. / [Okryu] Your \
             account's role changed: see /account."
        }
    };
    accounts::queue_text(tx, phone, text, now).await?;
    Ok(())
}

/// Grants a role to a shopper's account, with why. Refused: another role held (revoked first),
/// a suspended account, orders still on their way to it; an unknown seller or city beside its
/// field. Returns the role granted.
pub async fn grant(
    s: Services<'_>,
    viewer: &Viewer,
    user: UserId,
    grant: &Grant,
    why: &str,
) -> Result<Role, ServiceError> {
    operator(viewer)?;
    let now = s.now();
    let mut tx = s.db.begin().await?;
    let held = hold_for_act(&mut tx, viewer, user).await?;
    if held.person.suspended {
        return Err(ServiceError::Refused(Refusal::AccountSuspended));
    }
    if held.person.role != Role::Shopper {
        return Err(ServiceError::Refused(Refusal::RoleHeld));
    }
    // Working here, they could not follow their own orders (nor hand over a delivery code).
    if console::has_orders_on_the_way(&mut tx, user).await? {
        return Err(ServiceError::Refused(Refusal::OrdersOnTheWay));
    }
    let role = grant.role();
    let (seller, city) = match grant {
        Grant::Staff { seller, .. } => {
            let seller = repo::seller_by_slug(&mut tx, seller)
                .await?
                .ok_or_else(|| ServiceError::field(GrantField::Seller, FieldProblem::Invalid))?;
            (Some(seller), None)
        }
        Grant::Dispatcher { city } | Grant::Courier { city, .. } => {
            let city = accounts::city_id(&mut tx, city)
                .await?
                .ok_or_else(|| ServiceError::field(GrantField::City, FieldProblem::Invalid))?;
            (None, Some(city))
        }
        Grant::Operator => (None, None),
    };
    // A dispatcher's city is their office's (on the account); a courier's their depot's.
    let stored = StoredRole {
        role,
        seller,
        city: city.filter(|_| role == Role::Dispatcher),
    };
    repo::set_role(&mut tx, user, &stored).await?;
    let vehicle = match (grant, city) {
        (Grant::Courier { vehicle, .. }, Some(city)) => {
            repo::enrol_courier(&mut tx, user, city, *vehicle).await?;
            Some(*vehicle)
        }
        _ => None,
    };
    let act = Act {
        at: now,
        actor: viewer.id,
        subject: user,
        act: AuditAct::Granted,
        role: Some(role),
        seller,
        city,
        vehicle,
        reason: why,
    };
    repo::log(&mut tx, &act).await?;
    tell(&mut tx, &held.person.phone, AuditAct::Granted, now).await?;
    tx.commit().await?;
    tracing::info!(operator = %viewer.id, %user, role = role.as_str(), "role granted");
    Ok(role)
}

/// Revokes the account's role, with why: it is a shopper's again. Refused: one's own, an account
/// with no role, a courier still carrying orders.
pub async fn revoke(
    s: Services<'_>,
    viewer: &Viewer,
    user: UserId,
    why: &str,
) -> Result<(), ServiceError> {
    operator(viewer)?;
    if user == viewer.id {
        return Err(ServiceError::Refused(Refusal::OwnAccount));
    }
    let now = s.now();
    let mut tx = s.db.begin().await?;
    let held = hold_for_act(&mut tx, viewer, user).await?;
    let role = held.person.role;
    if role == Role::Shopper {
        return Err(ServiceError::Refused(Refusal::NoRole));
    }
    if role == Role::Courier {
        // Off duty first: that holds the courier's row, so an assignment being made now either
        // came first (and is counted below) or waits and finds no courier.
        repo::off_duty(&mut tx, user).await?;
        if repo::carrying(&mut tx, user).await? {
            return Err(ServiceError::Refused(Refusal::CourierCarrying));
        }
    }
    let shopper = StoredRole {
        role: Role::Shopper,
        seller: None,
        city: None,
    };
    repo::set_role(&mut tx, user, &shopper).await?;
    let act = Act {
        at: now,
        actor: viewer.id,
        subject: user,
        act: AuditAct::Revoked,
        role: Some(role),
        seller: held.seller,
        city: held.city,
        vehicle: held.person.vehicle,
        reason: why,
    };
    repo::log(&mut tx, &act).await?;
    tell(&mut tx, &held.person.phone, AuditAct::Revoked, now).await?;
    tx.commit().await?;
    tracing::info!(operator = %viewer.id, %user, role = role.as_str(), "role revoked");
    Ok(())
}

/// Suspends an account, with why: every session of it ends at once and it can't sign in; its
/// orders stay as they are, a courier is taken off duty. Refused for one's own account and one
/// suspended already.
pub async fn suspend(
    s: Services<'_>,
    viewer: &Viewer,
    user: UserId,
    why: &str,
) -> Result<(), ServiceError> {
    operator(viewer)?;
    if user == viewer.id {
        return Err(ServiceError::Refused(Refusal::OwnAccount));
    }
    let now = s.now();
    let mut tx = s.db.begin().await?;
    let held = hold_for_act(&mut tx, viewer, user).await?;
    if held.person.suspended {
        return Err(ServiceError::Refused(Refusal::AlreadySuspended));
    }
    repo::suspend(&mut tx, user, now).await?;
    if held.person.role == Role::Courier {
        repo::off_duty(&mut tx, user).await?;
    }
    repo::log(&mut tx, &plain(viewer, user, AuditAct::Suspended, why, now)).await?;
    tell(&mut tx, &held.person.phone, AuditAct::Suspended, now).await?;
    tx.commit().await?;
    tracing::info!(operator = %viewer.id, %user, "account suspended");
    Ok(())
}

/// Lifts a suspension, with why: the account may sign in again (a courier is back on duty).
pub async fn reinstate(
    s: Services<'_>,
    viewer: &Viewer,
    user: UserId,
    why: &str,
) -> Result<(), ServiceError> {
    operator(viewer)?;
    let now = s.now();
    let mut tx = s.db.begin().await?;
    let held = hold_for_act(&mut tx, viewer, user).await?;
    if !held.person.suspended {
        return Err(ServiceError::Refused(Refusal::NotSuspended));
    }
    repo::reinstate(&mut tx, user).await?;
    if held.person.role == Role::Courier {
        repo::on_duty(&mut tx, user).await?;
    }
    repo::log(
        &mut tx,
        &plain(viewer, user, AuditAct::Reinstated, why, now),
    )
    .await?;
    tell(&mut tx, &held.person.phone, AuditAct::Reinstated, now).await?;
    tx.commit().await?;
    tracing::info!(operator = %viewer.id, %user, "account reinstated");
    Ok(())
}

/// An act that names no role or place (a suspension, a reinstatement).
fn plain<'a>(viewer: &Viewer, subject: UserId, act: AuditAct, why: &'a str, now: i64) -> Act<'a> {
    Act {
        at: now,
        actor: viewer.id,
        subject,
        act,
        role: None,
        seller: None,
        city: None,
        vehicle: None,
        reason: why,
    }
}
