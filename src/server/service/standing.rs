//! Standing orders: a shopper sets one up with their PIN (the standing authorisation, capped per
//! delivery); the scheduler places each delivery as an ordinary checkout (`checkout::fill`: stock,
//! slot, orders, hold) `PLACE_LEAD_SECS` before its slot, paid without a PIN under that
//! authorisation. Each delivery is dealt with once by the key (standing order, day): placed,
//! failed with its reason (never retried silently; three in a row pause the standing order), or
//! missed when the scheduler was down past its slot's cutoff (never placed late).

use super::{
    auth::Session,
    checkout::{fill, pay_for, Expect, Goods},
    payments, ServiceError, Services,
};
use crate::{
    domain::{
        delivery::Tariff,
        form::FieldProblem,
        payment::Pin,
        quantity::Quantity,
        slot::Slot,
        standing::{due, Cap, Due, Every, Failure, Schedule, Standing, FAILURES_TO_PAUSE},
        AddressId, InstrumentId, ProductId, StandingId, UserId,
    },
    error::Refusal,
    server::db::{
        bank, orders,
        standing::{self, Dealt, NewStanding},
    },
};

/// The most goods one standing order holds.
pub const MAX_LINES: usize = 10;
/// The most of one good a delivery brings.
pub const MAX_PER_LINE: u32 = 99;
/// The longest pause until a date.
pub const MAX_PAUSE_DAYS: i64 = 90;
/// The standing orders the scheduler reads at once.
const BATCH: i64 = 500;

/// A standing order as the shopper set it up on a product page.
#[derive(Clone, Copy, Debug)]
pub struct Subscribe<'a> {
    pub lines: &'a [(ProductId, Quantity)],
    pub every: Every,
    /// The slot window of every delivery.
    pub window: u8,
    pub address: AddressId,
    pub instrument: InstrumentId,
    pub cap: Cap,
    /// The PIN that gives the standing authorisation.
    pub pin: &'a Pin,
}

/// Sets up a standing order, authorised by the shopper's PIN: its first delivery is the first
/// whose slot still takes orders. Every good must be sold on a schedule; the address and the
/// way to pay the shopper's.
pub async fn subscribe(
    s: Services<'_>,
    payer: &Session,
    sub: &Subscribe<'_>,
) -> Result<StandingId, ServiceError> {
    let user = payer.viewer.id;
    let now = s.now();
    if sub.lines.is_empty() {
        return Err(ServiceError::Invalid(FieldProblem::Required));
    }
    if sub.lines.len() > MAX_LINES || sub.lines.iter().any(|(_, q)| q.get() > MAX_PER_LINE) {
        return Err(ServiceError::Invalid(FieldProblem::QuantityTooMany));
    }
    if usize::from(sub.window) >= Slot::WINDOWS.len() {
        return Err(ServiceError::Invalid(FieldProblem::SlotInvalid));
    }
    if s.db
        .orders()
        .address_point(user, sub.address)
        .await?
        .is_none()
    {
        return Err(ServiceError::Invalid(FieldProblem::Required));
    }
    payments::verify_pin(s, payer, sub.instrument, sub.pin).await?;
    let mut schedule = Schedule {
        every: sub.every,
        window: sub.window,
        first_day: s.today(),
        resumes_on: None,
        skipped: Vec::new(),
    };
    let first = schedule
        .next_delivery(now)
        .ok_or(ServiceError::Internal("a schedule without a delivery"))?;
    schedule.first_day = first.day;
    let mut tx = s.db.begin_with_a_write().await?;
    for &(product, _) in sub.lines {
        if !standing::on_schedule(&mut tx, product).await? {
            return Err(ServiceError::Refused(Refusal::NotOnSchedule));
        }
    }
    let new = NewStanding {
        user,
        address: sub.address,
        instrument: sub.instrument,
        schedule: &schedule,
        cap: sub.cap,
        lines: sub.lines,
        next_day: first.day,
        now,
    };
    let id = standing::insert(&mut tx, &new).await?;
    tx.commit().await?;
    tracing::info!(%user, standing = %id, first_day = first.day, "standing order set up");
    Ok(id)
}

/// Skips the delivery of `day` (a delivery day whose slot still takes orders, not yet placed).
pub async fn skip(
    s: Services<'_>,
    user: UserId,
    id: StandingId,
    day: i64,
) -> Result<(), ServiceError> {
    let now = s.now();
    let mut tx = s.db.begin_with_a_write().await?;
    let standing = standing::lock(&mut tx, user, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if standing.schedule.skipped.contains(&day) {
        return Err(ServiceError::Refused(Refusal::DeliveryDealt));
    }
    let slot = standing.schedule.slot_of(day);
    if !standing.schedule.delivers_on(day) || due(slot, now) == Due::Missed {
        return Err(ServiceError::Invalid(FieldProblem::Invalid));
    }
    if !standing::deal(&mut tx, id, day, Dealt::Skipped, now).await? {
        return Err(ServiceError::Refused(Refusal::DeliveryDealt));
    }
    if day <= standing.next_day {
        standing::pass(&mut tx, id, standing.mark_after(day)).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Pauses a standing order until `resumes_on` (a day after today, at most `MAX_PAUSE_DAYS`
/// ahead), or with `None` resumes it (after a pause, or the pause three failures made).
pub async fn pause(
    s: Services<'_>,
    user: UserId,
    id: StandingId,
    resumes_on: Option<i64>,
) -> Result<(), ServiceError> {
    let now = s.now();
    let today = s.today();
    if resumes_on.is_some_and(|d| d <= today || d > today + MAX_PAUSE_DAYS) {
        return Err(ServiceError::Invalid(FieldProblem::OutOfRange));
    }
    let mut tx = s.db.begin_with_a_write().await?;
    let mut standing = standing::lock(&mut tx, user, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    standing.schedule.resumes_on = resumes_on;
    // The next delivery from now on (the ones before it are not placed, nor missed).
    let next = standing
        .schedule
        .next_delivery(now)
        .map_or(today + MAX_PAUSE_DAYS, |s| s.day);
    standing::set_pause(&mut tx, id, resumes_on, next).await?;
    tx.commit().await?;
    Ok(())
}

/// Cancels a standing order: its standing authorisation is revoked and nothing more is placed
/// (deliveries already placed are ordinary orders).
pub async fn cancel(s: Services<'_>, user: UserId, id: StandingId) -> Result<(), ServiceError> {
    let mut tx = s.db.begin_with_a_write().await?;
    standing::lock(&mut tx, user, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    standing::cancel(&mut tx, id, s.now()).await?;
    tx.commit().await?;
    tracing::info!(%user, standing = %id, "standing order cancelled: its authorisation revoked");
    Ok(())
}

/// What one run of the scheduler did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ran {
    pub placed: u32,
    pub failed: u32,
    pub missed: u32,
    /// Standing orders it could not deal with (the database failed): tried again next run.
    pub errors: u32,
}

/// How one delivery went.
enum Outcome {
    Placed,
    Failed,
    Missed,
    /// Another scheduler dealt with it (or the shopper skipped it).
    Taken,
}

/// Deals with every delivery due now: places those whose time has come, marks missed those whose
/// slot no longer takes orders (a server that was down). Safe to run on several servers at once.
pub async fn run_due(s: Services<'_>) -> Result<Ran, ServiceError> {
    let now = s.now();
    let today = s.today();
    let tariff = s.db.logistics().tariff().await?;
    let mut ran = Ran::default();
    let mut after = 0;
    loop {
        let batch =
            s.db.standing()
                .due(
                    today + 1,
                    today - crate::domain::standing::CATCH_UP_DAYS,
                    after,
                    BATCH,
                )
                .await?;
        let Some(last) = batch.last() else { break };
        after = last.id.get();
        for standing in &batch {
            for (slot, due) in standing.schedule.due_at(standing.next_day, now) {
                match deal_with(s, standing, slot, due, &tariff).await {
                    Ok(Outcome::Placed) => ran.placed += 1,
                    Ok(Outcome::Failed) => ran.failed += 1,
                    Ok(Outcome::Missed) => ran.missed += 1,
                    Ok(Outcome::Taken) => {}
                    Err(err) => {
                        tracing::warn!(standing = %standing.id, day = slot.day, error = %err,
                            "cannot deal with a standing order's delivery");
                        ran.errors += 1;
                        break;
                    }
                }
            }
        }
    }
    Ok(ran)
}

async fn deal_with(
    s: Services<'_>,
    standing: &Standing,
    slot: Slot,
    due: Due,
    tariff: &Tariff,
) -> Result<Outcome, ServiceError> {
    let now = s.now();
    let next_day = standing.mark_after(slot.day);
    let mut tx = s.db.begin_with_a_write().await?;
    if due == Due::Missed {
        let missed = standing::deal(&mut tx, standing.id, slot.day, Dealt::Missed, now).await?;
        standing::pass(&mut tx, standing.id, next_day).await?;
        tx.commit().await?;
        return Ok(if missed {
            tracing::info!(standing = %standing.id, day = slot.day, "standing delivery missed");
            Outcome::Missed
        } else {
            Outcome::Taken
        });
    }
    // The claim first: a second scheduler waits here for this transaction, then finds it.
    if !standing::deal(&mut tx, standing.id, slot.day, Dealt::Placed, now).await? {
        standing::pass(&mut tx, standing.id, next_day).await?;
        tx.commit().await?;
        return Ok(Outcome::Taken);
    }
    match place(&mut tx, standing, slot, tariff, now).await? {
        Ok(checkout) => {
            standing::placed(&mut tx, standing.id, slot.day, checkout, next_day).await?;
            tx.commit().await?;
            tracing::info!(standing = %standing.id, day = slot.day, %checkout,
                "standing delivery placed");
            Ok(Outcome::Placed)
        }
        Err(why) => {
            // Nothing of the try stays: only the failure is recorded.
            drop(tx);
            let mut tx = s.db.begin_with_a_write().await?;
            let failed = Dealt::Failed(why.code());
            if !standing::deal(&mut tx, standing.id, slot.day, failed, now).await? {
                return Ok(Outcome::Taken);
            }
            let paused =
                standing::failed(&mut tx, standing.id, next_day, FAILURES_TO_PAUSE, now).await?;
            tx.commit().await?;
            tracing::info!(standing = %standing.id, day = slot.day, reason = why.code(), paused,
                "standing delivery failed");
            Ok(Outcome::Failed)
        }
    }
}

/// Places one delivery in `tx` as the checkout would, paid under the standing authorisation:
/// the checkout, or why it can't be placed (the caller rolls back).
async fn place(
    tx: &mut crate::server::db::Tx<'_>,
    standing: &Standing,
    slot: Slot,
    tariff: &Tariff,
    now: i64,
) -> Result<Result<crate::domain::CheckoutId, Failure>, ServiceError> {
    let key = standing.checkout_key(slot.day);
    let Some(checkout) = orders::claim_key(tx, standing.user, &key, now).await? else {
        return Err(ServiceError::Internal(
            "a standing delivery's checkout key was used",
        ));
    };
    let (items, gone) = standing::lines_in(tx, standing.id).await?;
    if gone || items.is_empty() {
        return Ok(Err(Failure::NotSold));
    }
    let Some(pin) = bank::lock_instrument(tx, standing.instrument, standing.user).await? else {
        return Ok(Err(Failure::CardGone));
    };
    let goods = Goods {
        checkout,
        user: standing.user,
        items: &items,
        address: standing.address,
        slot,
        instrument: standing.instrument,
        partial: false,
        expect: Expect::AtMost(standing.cap),
        now,
    };
    let paid = match fill(tx, &goods, tariff).await {
        Ok(filled) => pay_for(tx, pin.account, &filled, now).await,
        Err(err) => Err(err),
    };
    match paid {
        Ok(()) => Ok(Ok(checkout)),
        Err(ServiceError::Refused(refusal)) => match failure_of(&refusal) {
            Some(why) => Ok(Err(why)),
            None => Err(ServiceError::Refused(refusal)),
        },
        Err(ServiceError::NotFound) => Ok(Err(Failure::NotSold)),
        Err(ServiceError::Invalid(FieldProblem::Required)) => Ok(Err(Failure::Undeliverable)),
        Err(err) => Err(err),
    }
}

/// The reason a refused delivery is shown with.
fn failure_of(refusal: &Refusal) -> Option<Failure> {
    Some(match refusal {
        Refusal::OutOfStock { .. } => Failure::OutOfStock,
        Refusal::InsufficientFunds { .. } => Failure::BalanceShort,
        Refusal::AboveCap { .. } => Failure::AboveCap,
        Refusal::SlotFull => Failure::SlotFull,
        Refusal::SellerClosed => Failure::SellerClosed,
        Refusal::Undeliverable(_) => Failure::Undeliverable,
        _ => return None,
    })
}
