//! The cart, kept on the server: the account's when signed in, else a guest's (named by a cookie),
//! which joins the account's at sign-in.

use crate::{domain::ProductId, error::AppError, page::order::CartPage};
use leptos::prelude::*;

crate::form_fields! {
    /// How many of a good go into the cart.
    pub enum CartField { Quantity => "quantity" }
}

/// `/cart`: the goods by seller, with delivery to the default address when signed in.
#[server(endpoint = "cart/page")]
pub async fn get_cart() -> Result<CartPage, AppError> {
    use crate::{
        domain::cart::{group_by_seller, Totals},
        server::{auth::Access, shop},
    };
    let session = super::ssr::require(Access::Public)?;
    let db = super::ssr::state()?.db;
    let guest = super::ssr::cookie(crate::server::cookies::Kind::GuestCart);
    let Some(owner) = shop::cart_owner(session.as_ref(), guest.as_deref()) else {
        return Ok(CartPage::default());
    };
    let items: Vec<_> = db
        .orders()
        .cart_items(&owner)
        .await?
        .into_iter()
        .map(|(id, q, was)| (id, q, Some(was)))
        .collect();
    let lines = db.orders().lines(&items).await?;
    let to = match &session {
        Some(s) => db
            .accounts()
            .default_district(s.viewer.id)
            .await?
            .map(|(_, p)| p),
        None => None,
    };
    let groups = group_by_seller(lines, to, &db.logistics().tariff().await?);
    Ok(CartPage {
        totals: Totals::of(&groups),
        groups,
        signed_in: session.is_some(),
    })
}

/// Adds `qty` of the product `item` to the cart (on top of what is there). Returns the quantity
/// now in the cart. The names are the product page's form's, which also buys at once (`/checkout`).
#[server(endpoint = "cart/add")]
pub async fn cart_add(item: ProductId, qty: String) -> Result<u32, AppError> {
    let now = ssr::put(item, &qty, true).await?;
    super::ssr::flash(crate::page::form::Flash::AddedToCart);
    Ok(now)
}

/// Sets the quantity of a product in the cart.
#[server(endpoint = "cart/set")]
pub async fn cart_set(id: ProductId, quantity: String) -> Result<u32, AppError> {
    ssr::put(id, &quantity, false).await
}

#[server(endpoint = "cart/remove")]
pub async fn cart_remove(id: ProductId) -> Result<(), AppError> {
    use crate::server::{auth::Access, shop};
    let session = super::ssr::require(Access::Public)?;
    let db = super::ssr::state()?.db;
    let guest = super::ssr::cookie(crate::server::cookies::Kind::GuestCart);
    if let Some(owner) = shop::cart_owner(session.as_ref(), guest.as_deref()) {
        db.orders().cart_remove(&owner, id).await?;
    }
    Ok(())
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::{
        domain::{cart::MAX_CART_LINES, form::FieldProblem, quantity::Quantity, ProductId},
        error::{AppError, Refusal},
        server::{
            auth::Access,
            db::orders::{CartOwner, CartPut},
            shop,
        },
    };

    /// Parses the quantity, checks it against the stock, and puts it in the caller's cart (a
    /// guest gets a cart and its cookie here).
    pub async fn put(id: ProductId, quantity: &str, add: bool) -> Result<u32, AppError> {
        let session = crate::api::ssr::require(Access::Public)?;
        let state = crate::api::ssr::state()?;
        let quantity = Quantity::parse(quantity)
            .map_err(|p| AppError::invalid(super::CartField::Quantity, p))?;
        let orders = state.db.orders();
        let guest = crate::api::ssr::cookie(crate::server::cookies::Kind::GuestCart);
        let owner = match shop::cart_owner(session.as_ref(), guest.as_deref()) {
            Some(owner) => owner,
            None => {
                let token = shop::random_hex()?;
                crate::api::ssr::set_cookie(&shop::guest_cookie(&token, &state.security));
                CartOwner::Guest(crate::server::auth::token_hash(&token))
            }
        };
        let in_cart = orders
            .cart_items(&owner)
            .await?
            .into_iter()
            .find(|(p, _, _)| *p == id)
            .map(|(_, q, _)| q);
        let wanted = match (add, in_cart) {
            (true, Some(q)) => q.get() + quantity.get(),
            _ => quantity.get(),
        };
        if wanted > Quantity::MAX {
            return Err(AppError::invalid(
                super::CartField::Quantity,
                FieldProblem::QuantityTooMany,
            ));
        }
        let line = orders
            .lines(&[(id, quantity, None)])
            .await?
            .pop()
            .ok_or(AppError::NotFound)?;
        if wanted > line.1.stock {
            return Err(AppError::invalid(
                super::CartField::Quantity,
                FieldProblem::QuantityOverStock,
            ));
        }
        let now = state.clock.now();
        match orders.cart_put(&owner, id, quantity, add, now).await? {
            CartPut::Put(q) => Ok(q.get()),
            CartPut::UnknownProduct => Err(AppError::NotFound),
            CartPut::Full => Err(AppError::Refused(Refusal::CartFull {
                max: MAX_CART_LINES,
            })),
        }
    }
}
