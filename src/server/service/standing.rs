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
        AddressId, InstrumentId, ProductId, StandingId, UserId, Won,
    },
    error::Refusal,
    page::standing::{DeliveryState, NewSubscriptionPage, StandingView, SubscriptionsPage},
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

/// How far back `/subscriptions` shows how deliveries went.
const RECENT_DAYS: i64 = 7;

/// `/subscriptions`: the shopper's standing orders, each with its next delivery and how the last
/// week's went; and the failed or missed deliveries they had not seen (seen now).
pub async fn page(s: Services<'_>, payer: &Session) -> Result<SubscriptionsPage, ServiceError> {
    let user = payer.viewer.id;
    let now = s.now();
    let read = s.db.standing();
    let news = read.news(user).await?;
    if !news.is_empty() {
        read.mark_seen(user, now).await?;
    }
    let addresses = s.db.accounts().addresses(user).await?;
    let instruments = payments::instruments(s, payer).await?;
    let listed = read.of_user(user, s.today() - RECENT_DAYS).await?;
    let standing = listed
        .into_iter()
        .map(|l| {
            let schedule = &l.standing.schedule;
            StandingView {
                id: l.standing.id,
                lines: l.lines,
                every: schedule.every,
                window: schedule.window,
                address: addresses
                    .iter()
                    .find(|a| a.id == l.standing.address)
                    .map(|a| a.line.clone())
                    .unwrap_or_default(),
                instrument: instruments
                    .iter()
                    .find(|i| i.id == l.standing.instrument)
                    .map(|i| i.label.clone())
                    .unwrap_or_default(),
                cap: l.standing.cap.amount(),
                authorised_at: l.authorised_at,
                next: (!l.paused)
                    .then(|| next_not_dealt(schedule, &l.recent, now))
                    .flatten(),
                resumes_on: schedule.resumes_on.filter(|d| *d > s.today()),
                paused: l.paused,
                recent: l
                    .recent
                    .iter()
                    .filter_map(|(day, status, reason)| {
                        Some((*day, DeliveryState::from_stored(status, reason.as_deref())?))
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(SubscriptionsPage {
        standing,
        news: news
            .into_iter()
            .filter_map(|(id, day, status, reason)| {
                Some((
                    StandingId::new(id),
                    day,
                    DeliveryState::from_stored(&status, reason.as_deref())?,
                ))
            })
            .collect(),
        today: s.today(),
    })
}

/// The next delivery not yet dealt with (placed deliveries are orders already).
fn next_not_dealt(
    schedule: &Schedule,
    dealt: &[(i64, String, Option<String>)],
    now: i64,
) -> Option<Slot> {
    let mut from = schedule.next_delivery(now)?;
    while dealt.iter().any(|(day, ..)| *day == from.day) {
        from = schedule.next_from(from.day + 1)?;
    }
    Some(from)
}

/// How many failed or missed deliveries the shopper has not seen (the notice on every page).
pub async fn unseen(s: Services<'_>, user: UserId) -> Result<u32, ServiceError> {
    Ok(s.db.standing().unseen(user).await?)
}

/// `/subscriptions/new?item=…`: a good sold on a schedule, and the shopper's addresses and ways
/// to pay.
pub async fn new_page(
    s: Services<'_>,
    payer: &Session,
    product: ProductId,
) -> Result<NewSubscriptionPage, ServiceError> {
    let (name, seller, price) =
        s.db.standing()
            .schedulable(product)
            .await?
            .ok_or(ServiceError::Refused(Refusal::NotOnSchedule))?;
    let choices = super::checkout::payer_choices(s, payer, None, None).await?;
    let first = Schedule {
        every: Every::Day,
        window: 0,
        first_day: s.today(),
        resumes_on: None,
        skipped: Vec::new(),
    }
    .next_delivery(s.now());
    Ok(NewSubscriptionPage {
        product,
        name,
        seller,
        price,
        addresses: choices.addresses,
        instruments: choices.instruments,
        first,
        // Three deliveries' worth of the good, in whole won (its fee is far less).
        cap: Won::from_won(
            price
                .checked_times(3)
                .and_then(|w| w.to_chon().ok())
                .map_or(1, |chon| (chon + 99) / 100)
                .clamp(1, 1_000_000),
        ),
    })
}

/// Sets how many of a good of the standing order each delivery brings (from the next one placed).
pub async fn set_quantity(
    s: Services<'_>,
    user: UserId,
    id: StandingId,
    product: ProductId,
    quantity: Quantity,
) -> Result<(), ServiceError> {
    if quantity.get() > MAX_PER_LINE {
        return Err(ServiceError::Invalid(FieldProblem::QuantityTooMany));
    }
    let mut tx = s.db.begin_with_a_write().await?;
    standing::lock(&mut tx, user, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !standing::set_quantity(&mut tx, id, product, quantity).await? {
        return Err(ServiceError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}
