//! The cart, kept on the server: an account's, or a guest's that joins the account's at sign-in.
//! A line holds from 1 to 9,999 of a good and never more than its stock; a cart holds at most
//! `MAX_CART_LINES` different goods.

use super::{auth, orders, pricing, random_hex, ServiceError, Services};
use crate::{
    domain::{
        cart::{group_by_seller, Totals, MAX_CART_LINES},
        form::FieldProblem,
        quantity::Quantity,
        OrderId, ProductId, UserId,
    },
    error::Refusal,
    page::order::CartPage,
    server::db::{
        carts::{self, CartOwner, NewLine},
        catalog, DbError,
    },
};

/// Whose cart a request means: the signed-in account's, else the guest's that the token in their
/// cookie names.
#[derive(Clone, Copy, Debug)]
pub struct Cartholder<'a> {
    pub user: Option<UserId>,
    pub guest_token: Option<&'a str>,
}

impl Cartholder<'_> {
    /// `None` for a guest without a cart yet.
    fn owner(&self) -> Option<CartOwner> {
        match self.user {
            Some(user) => Some(CartOwner::User(user)),
            None => self.guest_token.map(guest),
        }
    }
}

/// A guest's cart, by the digest of a well-formed token.
fn guest(token: &str) -> CartOwner {
    CartOwner::Guest(auth::token_hash(token))
}

/// The cart page: the goods by seller, delivered to the account's default address when the
/// shopper is signed in, else to the district a guest picked (`picked`, its slug), with the
/// districts to pick from.
pub async fn page(
    s: Services<'_>,
    who: Cartholder<'_>,
    picked: Option<&str>,
) -> Result<CartPage, ServiceError> {
    let shopper = who.user;
    let Some(owner) = who.owner() else {
        return Ok(CartPage::default());
    };
    let owner = &owner;
    let items: Vec<_> =
        s.db.carts()
            .items(owner)
            .await?
            .into_iter()
            .map(|(id, q, was)| (id, q, Some(was)))
            .collect();
    let lines = s.db.catalog().lines(&items).await?;
    let (to, deliver_to) = match shopper {
        Some(user) => {
            let to = s.db.accounts().default_district(user).await?;
            (to.map(|(_, p)| p), None)
        }
        None => {
            let d = pricing::destination(s, picked, None).await?;
            (d.point, Some(d.deliver_to))
        }
    };
    let groups = group_by_seller(lines, to, &s.db.logistics().tariff().await?);
    Ok(CartPage {
        totals: Totals::of(&groups),
        groups,
        signed_in: shopper.is_some(),
        deliver_to,
    })
}

/// How many different goods the cart of `who` holds (0 for a guest without a cart).
pub async fn size(s: Services<'_>, who: Cartholder<'_>) -> Result<u32, ServiceError> {
    Ok(match who.owner() {
        Some(owner) => s.db.carts().size(&owner).await?,
        None => 0,
    })
}

/// How a good goes into a cart.
#[derive(Clone, Copy, Debug)]
pub struct Put {
    pub product: ProductId,
    pub quantity: Quantity,
    /// On top of what the cart holds (else instead of it).
    pub add: bool,
}

/// What went into a cart: the quantity of the good the cart holds now, and the token of a guest's
/// new cart (for its cookie).
pub struct Added {
    pub quantity: Quantity,
    pub new_guest_token: Option<String>,
}

/// Puts goods in the cart of `who` (a guest without one gets a new cart and its token).
pub async fn put_for(s: Services<'_>, who: Cartholder<'_>, p: Put) -> Result<Added, ServiceError> {
    let (owner, new_guest_token) = match who.owner() {
        Some(owner) => (owner, None),
        None => {
            let token = random_hex()?;
            (guest(&token), Some(token))
        }
    };
    Ok(Added {
        quantity: put(s, &owner, p).await?,
        new_guest_token,
    })
}

/// Takes a good out of the cart of `who`.
pub async fn remove(
    s: Services<'_>,
    who: Cartholder<'_>,
    product: ProductId,
) -> Result<(), ServiceError> {
    if let Some(owner) = who.owner() {
        s.db.carts().remove(&owner, product).await?;
    }
    Ok(())
}

/// Puts goods in the owner's cart (opened if needed): the quantity of it the cart holds now.
/// `Invalid(QuantityTooMany | QuantityOverStock)` beyond 9,999 or the stock; a new line in a
/// full cart is refused with `CartFull`.
async fn put(s: Services<'_>, owner: &CartOwner, p: Put) -> Result<Quantity, ServiceError> {
    let in_cart =
        s.db.carts()
            .items(owner)
            .await?
            .into_iter()
            .find(|(id, _, _)| *id == p.product)
            .map(|(_, q, _)| q);
    let wanted = match (p.add, in_cart) {
        (true, Some(q)) => q.get() + p.quantity.get(),
        _ => p.quantity.get(),
    };
    if wanted > Quantity::MAX {
        return Err(ServiceError::Invalid(FieldProblem::QuantityTooMany));
    }
    let (_, line) =
        s.db.catalog()
            .lines(&[(p.product, p.quantity, None)])
            .await?
            .pop()
            .ok_or(ServiceError::NotFound)?;
    if wanted > line.stock {
        return Err(ServiceError::Invalid(FieldProblem::QuantityOverStock));
    }
    let now = s.clock.now();
    let mut tx = s.db.begin().await?;
    let cart = carts::open(&mut tx, owner, now).await?;
    let price_chon = catalog::price_in(&mut tx, p.product)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let had = carts::quantity_of(&mut tx, cart, p.product).await?;
    let new = match (had, p.add) {
        (Some(q), true) => q.saturating_add(p.quantity),
        _ => p.quantity,
    };
    if had.is_some() {
        carts::set_quantity(&mut tx, cart, p.product, new).await?;
    } else {
        // The cart's row, written by `open`, is held until commit: two adds to one cart count
        // one after the other.
        if carts::line_count(&mut tx, cart).await? >= MAX_CART_LINES {
            return Err(ServiceError::Refused(Refusal::CartFull {
                max: MAX_CART_LINES,
            }));
        }
        let line = NewLine {
            cart,
            product: p.product,
            quantity: new,
            price_chon,
            added_at: now,
        };
        carts::add_line(&mut tx, &line).await?;
    }
    tx.commit().await?;
    Ok(new)
}

/// At sign-in: the guest's cart (named by the token in their cookie) goes into the account's
/// (quantities add up, at most 9,999; the earlier price is kept; goods beyond what a cart may hold
/// stay behind with the guest's cart, which is then gone). One transaction.
pub async fn merge_guest(
    s: Services<'_>,
    guest_token: &str,
    user: UserId,
) -> Result<(), ServiceError> {
    let CartOwner::Guest(guest_hash) = guest(guest_token) else {
        return Ok(());
    };
    let guest_hash = guest_hash.as_str();
    let now = s.clock.now();
    let mut tx = s.db.begin().await?;
    let account = carts::open(&mut tx, &CartOwner::User(user), now).await?;
    let Some(guest) = carts::guest_cart(&mut tx, guest_hash).await? else {
        return Ok(());
    };
    let mut lines = carts::line_count(&mut tx, account).await?;
    for line in carts::lines_of(&mut tx, guest).await? {
        match carts::quantity_of(&mut tx, account, line.product).await? {
            Some(had) => {
                let merged = had.saturating_add(line.quantity);
                carts::set_quantity(&mut tx, account, line.product, merged).await?;
            }
            None if lines >= MAX_CART_LINES => {}
            None => {
                lines += 1;
                carts::add_line(
                    &mut tx,
                    &NewLine {
                        cart: account,
                        ..line
                    },
                )
                .await?;
            }
        }
    }
    carts::delete(&mut tx, guest).await?;
    tx.commit().await?;
    Ok(())
}

/// Puts an earlier order's goods back in the shopper's cart: those still sold, as many as are in
/// stock, while the cart has room. How many lines went in.
pub async fn reorder(
    s: Services<'_>,
    shopper: UserId,
    order: OrderId,
) -> Result<u32, ServiceError> {
    orders::own(s, order, shopper).await?;
    let owner = CartOwner::User(shopper);
    let items: Vec<_> =
        s.db.orders()
            .order_items(order)
            .await?
            .into_iter()
            .map(|(p, q)| (p, q, None))
            .collect();
    let mut added = 0;
    for (_, line) in s.db.catalog().lines(&items).await? {
        let Ok(quantity) = Quantity::new(line.quantity.get().min(line.stock)) else {
            continue;
        };
        let p = Put {
            product: line.product,
            quantity,
            add: false,
        };
        match put(s, &owner, p).await {
            Ok(_) => added += 1,
            // A full cart takes no more (what is in it stays); a good sold out meanwhile stays out.
            Err(ServiceError::Refused(_) | ServiceError::Invalid(_) | ServiceError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(added)
}

/// Forgets guests' carts untouched since `before`: how many.
pub async fn purge_guests(s: Services<'_>, before: i64) -> Result<u64, DbError> {
    let mut tx = s.db.begin().await?;
    let n = carts::purge_guests(&mut tx, before).await?;
    tx.commit().await?;
    Ok(n)
}
