//! Checkout: the confirmation page, every amount computed on the server, and the pay button. One
//! press places one order per seller: the PIN first, then in one transaction the checkout's key,
//! the stock, the slot's places, the orders and the hold on the shopper's account, all or
//! nothing. The same key again (a double tap, a request sent again) answers with the same
//! checkout.

use super::{auth::Session, payments, random_bytes, random_hex, slots, ServiceError, Services};
use crate::{
    domain::{
        account::SavedAddress,
        cart::group_by_seller,
        cart::Totals,
        delivery::{GeoPoint, Tariff, Undeliverable},
        dispatch::{slot_needs, DeliveryCode},
        form::FieldProblem,
        order::CheckoutKey,
        payment::{Instrument, Pin},
        quantity::Quantity,
        slot::Slot,
        standing::Cap,
        AddressId, CheckoutId, InstrumentId, OrderId, ProductId, UserId, Won,
    },
    error::Refusal,
    page::order::CheckoutPage,
    server::db::{
        carts::{self, CartOwner},
        catalog,
        orders::{self, NewOrder},
        Tx,
    },
};

/// What is being bought.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Items {
    /// One good at once ("buy now").
    One(ProductId, Quantity),
    /// The shopper's cart; bought goods leave it.
    Cart,
}

/// What the shopper picked on the confirmation page; the defaults where they picked nothing (or
/// something that is not theirs, or not offered).
#[derive(Clone, Copy, Debug, Default)]
pub struct Choice {
    pub address: Option<AddressId>,
    pub slot: Option<Slot>,
    pub instrument: Option<InstrumentId>,
}

/// The goods with each cart line's price when it went in (chon).
async fn items_of(
    s: Services<'_>,
    user: UserId,
    items: Items,
) -> Result<Vec<(ProductId, Quantity, Option<i64>)>, ServiceError> {
    Ok(match items {
        Items::One(id, q) => vec![(id, q, None)],
        Items::Cart => {
            s.db.carts()
                .items(&CartOwner::User(user))
                .await?
                .into_iter()
                .map(|(id, q, was)| (id, q, Some(was)))
                .collect()
        }
    })
}

/// The confirmation page: what will be bought, delivered where and when, paid with what, and
/// every amount; only slots with room in every seller's city, only ways to pay this session may
/// use; and a fresh key for the pay button.
pub async fn quote(
    s: Services<'_>,
    payer: &Session,
    items: Items,
    choice: Choice,
) -> Result<CheckoutPage, ServiceError> {
    let user = payer.viewer.id;
    let now = s.clock.now();
    let items = items_of(s, user, items).await?;
    let Payer {
        addresses,
        address,
        to,
        instruments,
        instrument,
    } = payer_choices(s, payer, choice.address, choice.instrument).await?;
    let lines = s.db.catalog().lines(&items).await?;
    let price_changed = lines.iter().any(|(_, l)| l.was.is_some());
    let logistics = s.db.logistics();
    let tariff = logistics.tariff().await?;
    let groups = group_by_seller(lines, to, &tariff);
    let mut slots = Slot::offered(now);
    let full = logistics
        .full_slots(&slot_needs(&groups), &slots, &tariff)
        .await?;
    slots.retain(|s| !full.contains(s));
    let slot = choice
        .slot
        .filter(|s| slots.contains(s))
        .or_else(|| slots.first().copied());
    Ok(CheckoutPage {
        totals: Totals::of(&groups),
        groups,
        addresses,
        address,
        slots,
        slot,
        instruments,
        instrument,
        key: random_hex()?,
        price_changed,
    })
}

/// Where a confirmation page delivers to and what it pays with: the payer's addresses and the
/// chosen one (the default when none is chosen, or one not theirs), its point; the instruments
/// this session may use and the chosen one (the first otherwise).
pub struct Payer {
    pub addresses: Vec<SavedAddress>,
    pub address: Option<AddressId>,
    pub to: Option<GeoPoint>,
    pub instruments: Vec<Instrument>,
    pub instrument: Option<InstrumentId>,
}

pub async fn payer_choices(
    s: Services<'_>,
    payer: &Session,
    address: Option<AddressId>,
    instrument: Option<InstrumentId>,
) -> Result<Payer, ServiceError> {
    let user = payer.viewer.id;
    let addresses = s.db.accounts().addresses(user).await?;
    let address = address
        .filter(|a| addresses.iter().any(|x| x.id == *a))
        .or_else(|| addresses.iter().find(|a| a.is_default).map(|a| a.id));
    let to = match address {
        Some(a) => s.db.orders().address_point(user, a).await?,
        None => None,
    };
    let instruments: Vec<_> = payments::instruments(s, payer)
        .await?
        .into_iter()
        .filter(|i| i.usable)
        .collect();
    let instrument = instrument
        .filter(|i| instruments.iter().any(|x| x.id == *i))
        .or_else(|| instruments.first().map(|i| i.id));
    Ok(Payer {
        addresses,
        address,
        to,
        instruments,
        instrument,
    })
}

/// The pay button, as the shopper confirmed it.
#[derive(Clone, Copy, Debug)]
pub struct Pay<'a> {
    pub items: Items,
    pub address: AddressId,
    pub slot: Slot,
    pub instrument: InstrumentId,
    pub pin: &'a Pin,
    pub key: &'a CheckoutKey,
    /// The total the shopper saw: a different one now (a price changed) is refused with it.
    pub total: Won,
}

/// A placed checkout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    pub checkout: CheckoutId,
    /// The key was used before: this is that checkout, nothing more was placed.
    pub again: bool,
}

/// Places the checkout. `Invalid` names the value the rules refuse (`SlotInvalid`, `PinWrong`,
/// `InstrumentUnknown`, `Required` for an address that is not the shopper's); `Refused` the
/// rule (empty cart, out of stock, undeliverable, price changed, insufficient funds, PIN locked,
/// slot full). Anything but success changes nothing (a wrong PIN is counted).
pub async fn place(
    s: Services<'_>,
    payer: &Session,
    pay: &Pay<'_>,
) -> Result<Placed, ServiceError> {
    let user = payer.viewer.id;
    let now = s.clock.now();
    let again = |checkout| Placed {
        checkout,
        again: true,
    };
    // A request sent again: the checkout it placed (the cart it emptied is no reason to refuse).
    if let Some(done) =
        s.db.orders()
            .checkout_by_key(user, pay.key.as_str())
            .await?
    {
        return Ok(again(done));
    }
    let items: Vec<(ProductId, Quantity)> = items_of(s, user, pay.items)
        .await?
        .into_iter()
        .map(|(id, q, _)| (id, q))
        .collect();
    if items.is_empty() {
        return Err(ServiceError::Refused(Refusal::EmptyCart));
    }
    if !Slot::offered(now).contains(&pay.slot) {
        return Err(ServiceError::Invalid(FieldProblem::SlotInvalid));
    }
    // The instrument must be the shopper's, not locked, and the PIN right.
    let account = payments::verify_pin(s, payer, pay.instrument, pay.pin).await?;
    let tariff = s.db.logistics().tariff().await?;

    let mut tx = s.db.begin_with_a_write().await?;
    // The key first: a second request with it waits here for the first, then finds it.
    let Some(checkout) = orders::claim_key(&mut tx, user, pay.key.as_str(), now).await? else {
        drop(tx);
        let done =
            s.db.orders()
                .checkout_by_key(user, pay.key.as_str())
                .await?;
        return done
            .map(again)
            .ok_or(ServiceError::Internal("a claimed key without its checkout"));
    };
    let goods = Goods {
        checkout,
        user,
        items: &items,
        address: pay.address,
        slot: pay.slot,
        instrument: pay.instrument,
        partial: pay.items == Items::Cart,
        expect: Expect::Total(pay.total),
        now,
    };
    let filled = fill(&mut tx, &goods, &tariff).await?;
    pay_for(&mut tx, account, &filled, now).await?;
    if pay.items == Items::Cart {
        carts::remove_bought(&mut tx, user, &filled.bought).await?;
    }
    tx.commit().await?;
    tracing::info!(%user, %checkout, total = %filled.total.grouped(), "checkout placed");
    Ok(Placed {
        checkout,
        again: false,
    })
}

/// What a checkout's total must be.
#[derive(Clone, Copy, Debug)]
pub(super) enum Expect {
    /// The total the shopper saw (a different one now is refused with it: a price changed).
    Total(Won),
    /// At most the cap of a standing order's authorisation.
    AtMost(Cap),
}

/// A checkout's goods, to be placed in a transaction that claimed its key.
pub(super) struct Goods<'a> {
    pub checkout: CheckoutId,
    pub user: UserId,
    /// In the shopper's order.
    pub items: &'a [(ProductId, Quantity)],
    pub address: AddressId,
    pub slot: Slot,
    pub instrument: InstrumentId,
    /// A cart's goods: a seller who can't deliver to the address is left out (its goods stay in
    /// the cart) and the rest bought. Otherwise such a seller refuses the whole checkout.
    pub partial: bool,
    pub expect: Expect,
    pub now: i64,
}

/// The orders a checkout placed (not yet paid) and what they cost.
pub(super) struct Filled {
    pub orders: Vec<(OrderId, Won)>,
    pub total: Won,
    /// The products bought (those left out are not).
    pub bought: Vec<ProductId>,
}

/// Places a checkout's orders in `tx`: the address, the stock, the slot's places, one order per
/// seller; refused (the caller rolls back) when the goods can't go, the total is not what was
/// expected or a seller is closed on the slot's day. The ordinary checkout and the standing
/// orders' scheduler place orders with it.
pub(super) async fn fill(
    tx: &mut Tx<'_>,
    goods: &Goods<'_>,
    tariff: &Tariff,
) -> Result<Filled, ServiceError> {
    let to = orders::destination(tx, goods.user, goods.address)
        .await?
        .ok_or(ServiceError::Invalid(FieldProblem::Required))?;
    // The stock, products in id order (the lock order every transaction keeps).
    let mut by_id = goods.items.to_vec();
    by_id.sort_by_key(|(id, _)| *id);
    // A seller whose goods can't go to this address is left out of a cart's checkout: its goods
    // stay in the cart, the rest is bought (the confirmation page said so). Buying one good at
    // once, there is nothing else to buy.
    let left_out = left_out(tx, &by_id, to.at, tariff).await?;
    if let Some(&(_, why)) = left_out.first() {
        by_id.retain(|(id, _)| !left_out.iter().any(|(p, _)| p == id));
        if !goods.partial || by_id.is_empty() {
            return Err(ServiceError::Refused(Refusal::Undeliverable(why)));
        }
    }
    let mut lines = Vec::with_capacity(by_id.len());
    for &(product, quantity) in &by_id {
        if !catalog::reserve(tx, product, quantity).await? {
            let left = catalog::stock_in(tx, product)
                .await?
                .ok_or(ServiceError::NotFound)?;
            return Err(ServiceError::Refused(Refusal::OutOfStock { product, left }));
        }
        let line = catalog::find_line_in(tx, product, quantity).await?;
        lines.push(line.ok_or(ServiceError::NotFound)?);
    }
    // The shopper's order of lines within each seller's group.
    lines.sort_by_key(|(_, l)| {
        goods
            .items
            .iter()
            .position(|(id, _)| *id == l.product)
            .unwrap_or(usize::MAX)
    });
    let groups = group_by_seller(lines, Some(to.at), tariff);
    if let Some(why) = groups.iter().find_map(|g| g.delivery.and_then(Result::err)) {
        return Err(ServiceError::Refused(Refusal::Undeliverable(why)));
    }
    let totals = Totals::of(&groups).ok_or(ServiceError::Invalid(FieldProblem::Required))?;
    match goods.expect {
        Expect::Total(seen) if totals.total != seen => {
            return Err(ServiceError::Refused(Refusal::PriceChanged {
                total: totals.total,
            }));
        }
        Expect::AtMost(cap) if !cap.allows(totals.total) => {
            return Err(ServiceError::Refused(Refusal::AboveCap {
                total: totals.total,
            }));
        }
        _ => {}
    }
    for group in &groups {
        if catalog::seller_closed_on(tx, group.seller, goods.slot.day).await? {
            return Err(ServiceError::Refused(Refusal::SellerClosed));
        }
    }
    if !slots::book(tx, &groups, goods.slot, tariff).await? {
        return Err(ServiceError::Refused(Refusal::SlotFull));
    }
    let mut placed: Vec<(OrderId, Won)> = Vec::with_capacity(groups.len());
    for group in &groups {
        let code = new_code()?;
        let order = NewOrder {
            checkout: goods.checkout,
            user: goods.user,
            group,
            to: &to,
            slot: goods.slot,
            instrument: goods.instrument,
            code: &code,
            now: goods.now,
        };
        let total = group
            .delivery
            .and_then(Result::ok)
            .map_or(group.subtotal, |q| q.total);
        placed.push((orders::insert(tx, &order).await?, total));
    }
    Ok(Filled {
        orders: placed,
        total: totals.total,
        bought: by_id.into_iter().map(|(id, _)| id).collect(),
    })
}

/// Holds what the orders cost on the payer's bank account (last in a checkout): refused with what
/// is missing when the balance is short.
pub(super) async fn pay_for(
    tx: &mut Tx<'_>,
    account: i64,
    filled: &Filled,
    now: i64,
) -> Result<(), ServiceError> {
    payments::hold(tx, account, &filled.orders, now)
        .await?
        .map_err(|missing| ServiceError::Refused(Refusal::InsufficientFunds { missing }))
}

/// The goods of sellers who can't deliver them to `to`, each with the reason (read before any
/// stock is taken: they are not bought).
async fn left_out(
    tx: &mut Tx<'_>,
    items: &[(ProductId, Quantity)],
    to: GeoPoint,
    tariff: &Tariff,
) -> Result<Vec<(ProductId, Undeliverable)>, ServiceError> {
    let mut lines = Vec::with_capacity(items.len());
    for &(product, quantity) in items {
        // A product that isn't there is refused when its stock is taken.
        lines.extend(catalog::find_line_in(tx, product, quantity).await?);
    }
    Ok(group_by_seller(lines, Some(to), tariff)
        .iter()
        .filter_map(|g| Some((g, g.undeliverable()?)))
        .flat_map(|(g, why)| g.lines.iter().map(move |l| (l.product, why)))
        .collect())
}

/// A new order's confirmation code.
fn new_code() -> Result<DeliveryCode, ServiceError> {
    Ok(DeliveryCode::from_random(random_bytes()?))
}
