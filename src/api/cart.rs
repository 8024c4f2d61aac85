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
    let cx = super::ssr::guard::<GetCart>()?;
    let guest = ssr::guest_token(&cx);
    let who = ssr::holder(&cx, guest.as_deref());
    let picked = cx.cookie(crate::server::cookies::Kind::DeliverTo);
    Ok(crate::server::service::cart::page(cx.services(), who, picked.as_deref()).await?)
}

access!(CartSize => PUBLIC);
/// How many different goods the cart holds (the header's count).
#[server(endpoint = "cart/size")]
pub async fn cart_size() -> Result<u32, AppError> {
    let cx = super::ssr::guard::<CartSize>()?;
    let guest = ssr::guest_token(&cx);
    let who = ssr::holder(&cx, guest.as_deref());
    Ok(crate::server::service::cart::size(cx.services(), who).await?)
}

access!(CartAdd => PUBLIC);
/// Adds `qty` of the product `item` to the cart (on top of what is there). Returns the quantity
/// now in the cart. The names are the product page's form's, which also buys at once (`/checkout`).
#[server(endpoint = "cart/add")]
pub async fn cart_add(item: ProductId, qty: String) -> Result<u32, AppError> {
    let cx = super::ssr::guard::<CartAdd>()?;
    let now = ssr::put(&cx, item, &qty, true).await?;
    cx.traffic().record_cart_add(cx.services().today());
    cx.flash(crate::page::form::Flash::AddedToCart);
    Ok(now)
}

access!(CartSet => PUBLIC);
/// Sets the quantity of a product in the cart.
#[server(endpoint = "cart/set")]
pub async fn cart_set(id: ProductId, quantity: String) -> Result<u32, AppError> {
    let cx = super::ssr::guard::<CartSet>()?;
    ssr::put(&cx, id, &quantity, false).await
}

access!(CartRemove => PUBLIC);
/// Takes a product out of the cart.
#[server(endpoint = "cart/remove")]
pub async fn cart_remove(id: ProductId) -> Result<(), AppError> {
    let cx = super::ssr::guard::<CartRemove>()?;
    let guest = ssr::guest_token(&cx);
    let who = ssr::holder(&cx, guest.as_deref());
    Ok(crate::server::service::cart::remove(cx.services(), who, id).await?)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::CartField;
    use crate::{
        domain::{quantity::Quantity, ProductId},
        error::AppError,
        server::{
            access::Caller,
            cookies::Kind,
            service::{
                auth::is_token,
                cart::{self, Cartholder, Put},
            },
            shop,
        },
    };

    /// The well-formed token of the guest's cart cookie.
    pub fn guest_token(cx: &Caller) -> Option<String> {
        cx.cookie(Kind::GuestCart).filter(|t| is_token(t))
    }

    /// Whose cart the caller means.
    pub fn holder<'a>(cx: &Caller, guest_token: Option<&'a str>) -> Cartholder<'a> {
        Cartholder {
            user: cx.user(),
            guest_token,
        }
    }

    /// Parses the quantity and puts it in the caller's cart (`add`: on top of what is there); a
    /// guest gets a cart and its cookie here.
    pub async fn put(
        cx: &Caller,
        product: ProductId,
        quantity: &str,
        add: bool,
    ) -> Result<u32, AppError> {
        let quantity =
            Quantity::parse(quantity).map_err(|p| AppError::invalid(CartField::Quantity, p))?;
        let guest = guest_token(cx);
        let put = Put {
            product,
            quantity,
            add,
        };
        let added = cart::put_for(cx.services(), holder(cx, guest.as_deref()), put)
            .await
            .map_err(|e| e.answer(|_| CartField::Quantity))?;
        if let Some(token) = &added.new_guest_token {
            cx.set_cookie(&shop::guest_cookie(token, cx.security()));
        }
        Ok(added.quantity.get())
    }
}
