//! The seller console: seller staff see their seller's goods and keep the stock right.

use crate::{domain::ProductId, error::AppError, page::seller::StockList};
use leptos::prelude::*;

crate::form_fields! {
    /// A good's stock on the seller console.
    pub enum StockField { Stock => "stock" }
}

access!(SellerConsole => SELLER_STAFF);
/// `/seller`: the goods of the viewer's seller.
#[server(endpoint = "seller/console")]
pub async fn seller_console() -> Result<StockList, AppError> {
    let session = super::ssr::signed_in::<SellerConsole>()?;
    let seller = session.viewer.seller.ok_or(AppError::Forbidden)?;
    let db = super::ssr::state()?.db;
    let (name, items) = db
        .console()
        .items(seller)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(StockList {
        seller: name,
        items,
    })
}

access!(SellerOrders => SELLER_STAFF);
/// The seller's orders still to hand over to the logistics office: placed (to accept or reject),
/// accepted (to mark ready) and ready (waiting for a courier).
#[server(endpoint = "seller/orders")]
pub async fn seller_orders() -> Result<Vec<crate::domain::order::OrderSummary>, AppError> {
    let session = super::ssr::signed_in::<SellerOrders>()?;
    let seller = session.viewer.seller.ok_or(AppError::Forbidden)?;
    Ok(super::ssr::state()?
        .db
        .orders()
        .to_hand_over(seller)
        .await?)
}

access!(SetStock => SELLER_STAFF);
/// Sets how many of one of the seller's goods are in stock. Another seller's product is not found.
#[server(endpoint = "seller/stock")]
pub async fn set_stock(id: ProductId, stock: String) -> Result<u32, AppError> {
    use crate::domain::{catalog::MAX_STOCK, form::FieldProblem};
    let session = super::ssr::signed_in::<SetStock>()?;
    let seller = session.viewer.seller.ok_or(AppError::Forbidden)?;
    let stock = stock
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= MAX_STOCK)
        .ok_or_else(|| AppError::invalid(StockField::Stock, FieldProblem::StockInvalid))?;
    let db = super::ssr::state()?.db;
    if db.console().set_stock(seller, id, stock).await? {
        tracing::info!(user = %session.viewer.id, product = %id, stock, "stock set");
        super::ssr::flash(crate::page::form::Flash::StockSaved(id));
        Ok(stock)
    } else {
        Err(AppError::NotFound)
    }
}
