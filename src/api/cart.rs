//! The cart, kept on the server: the account's when signed in, else a guest's (named by a cookie),
//! which joins the account's at sign-in. The rules are `server::service::cart`'s.

use crate::{domain::ProductId, error::AppError, page::order::CartPage};
use leptos::prelude::*;

crate::form_fields! {
    /// How many of a good go into the cart.
    pub enum CartField { Quantity => "quantity" }
}

access!(GetCart => PUBLIC);
/// `/cart`: the goods by seller, with delivery to the default address when signed in.
#[server(endpoint = "cart/page")]
pub async fn get_cart() -> Result<CartPage, AppError> {
    use crate::server::shop;
    let session = super::ssr::guard::<GetCart>()?;
    let state = super::ssr::state()?;
    let guest = super::ssr::cookie(crate::server::cookies::Kind::GuestCart);
    let owner = shop::cart_owner(session.as_ref(), guest.as_deref());
    let shopper = session.as_ref().map(|s| s.viewer.id);
    Ok(crate::server::service::cart::page(state.services(), owner.as_ref(), shopper).await?)
}

access!(CartAdd => PUBLIC);
/// Adds `qty` of the product `item` to the cart (on top of what is there). Returns the quantity
/// now in the cart. The names are the product page's form's, which also buys at once (`/checkout`).
#[server(endpoint = "cart/add")]
pub async fn cart_add(item: ProductId, qty: String) -> Result<u32, AppError> {
    let session = super::ssr::guard::<CartAdd>()?;
    let now = ssr::put(session, item, (&qty, true)).await?;
    super::ssr::flash(crate::page::form::Flash::AddedToCart);
    Ok(now)
}

access!(CartSet => PUBLIC);
/// Sets the quantity of a product in the cart.
#[server(endpoint = "cart/set")]
pub async fn cart_set(id: ProductId, quantity: String) -> Result<u32, AppError> {
    let session = super::ssr::guard::<CartSet>()?;
    ssr::put(session, id, (&quantity, false)).await
}

access!(CartRemove => PUBLIC);
#[server(endpoint = "cart/remove")]
pub async fn cart_remove(id: ProductId) -> Result<(), AppError> {
    use crate::server::shop;
    let session = super::ssr::guard::<CartRemove>()?;
    let db = super::ssr::state()?.db;
    let guest = super::ssr::cookie(crate::server::cookies::Kind::GuestCart);
    if let Some(owner) = shop::cart_owner(session.as_ref(), guest.as_deref()) {
        db.carts().remove(&owner, id).await?;
    }
    Ok(())
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::CartField;
    use crate::{
        domain::{quantity::Quantity, ProductId},
        error::AppError,
        server::{
            auth::Session,
            db::carts::CartOwner,
            service::{self, cart::Put},
            shop,
        },
    };

    /// Parses the quantity and puts it in the caller's cart (`add`: on top of what is there); a
    /// guest gets a cart and its cookie here.
    pub async fn put(
        session: Option<Session>,
        product: ProductId,
        (quantity, add): (&str, bool),
    ) -> Result<u32, AppError> {
        let state = crate::api::ssr::state()?;
        let quantity =
            Quantity::parse(quantity).map_err(|p| AppError::invalid(CartField::Quantity, p))?;
        let guest = crate::api::ssr::cookie(crate::server::cookies::Kind::GuestCart);
        let owner = match shop::cart_owner(session.as_ref(), guest.as_deref()) {
            Some(owner) => owner,
            None => {
                let token = service::random_hex()?;
                crate::api::ssr::set_cookie(&shop::guest_cookie(&token, &state.security));
                CartOwner::Guest(crate::server::auth::token_hash(&token))
            }
        };
        let put = Put {
            product,
            quantity,
            add,
        };
        service::cart::put(state.services(), &owner, put)
            .await
            .map(Quantity::get)
            .map_err(|e| e.answer(|_| CartField::Quantity))
    }
}
