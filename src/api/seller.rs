//! The seller console: seller staff see their seller's goods and keep the stock right.

use crate::{domain::ProductId, error::AppError, page::seller::StockList};
use leptos::prelude::*;

crate::form_fields! {
    /// A good's stock on the seller console.
    pub enum StockField { Stock => "stock" }
}

crate::form_fields! {
    /// A good's price on the seller console.
    pub enum PriceField { Price => "price" }
}

access!(SellerConsole => SELLER_STAFF);
/// `/seller`: the goods of the viewer's seller.
#[server(endpoint = "seller/console")]
pub async fn seller_console() -> Result<StockList, AppError> {
    let cx = super::ssr::guard::<SellerConsole>()?;
    let staff = &cx.signed_in()?.viewer;
    Ok(crate::server::service::seller::console(cx.services(), staff).await?)
}

access!(SellerOrders => SELLER_STAFF);
/// The seller's orders still to hand over to the logistics office: placed (to accept or reject),
/// accepted (to mark ready) and ready (waiting for a courier).
#[server(endpoint = "seller/orders")]
pub async fn seller_orders() -> Result<Vec<crate::page::seller::HandOver>, AppError> {
    let cx = super::ssr::guard::<SellerOrders>()?;
    let staff = &cx.signed_in()?.viewer;
    Ok(crate::server::service::seller::to_hand_over(cx.services(), staff).await?)
}

access!(SetStock => SELLER_STAFF);
/// Sets how many of one of the seller's goods are in stock. Another seller's product is not found.
#[server(endpoint = "seller/stock")]
pub async fn set_stock(id: ProductId, stock: String) -> Result<u32, AppError> {
    use crate::domain::{catalog::MAX_STOCK, form::FieldProblem};
    let cx = super::ssr::guard::<SetStock>()?;
    let staff = &cx.signed_in()?.viewer;
    let stock = stock
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= MAX_STOCK)
        .ok_or_else(|| AppError::invalid(StockField::Stock, FieldProblem::StockInvalid))?;
    crate::server::service::seller::set_stock(cx.services(), staff, id, stock).await?;
    cx.flash(crate::page::form::Flash::StockSaved(id));
    Ok(stock)
}

access!(SetPrice => SELLER_MANAGERS);
/// Sets the price of one of the seller's goods (in won; the change goes into its price history).
/// Only the seller's manager changes prices.
/// Another seller's product is not found.
#[server(endpoint = "seller/price")]
pub async fn set_price(id: ProductId, price: String) -> Result<crate::domain::Won, AppError> {
    let cx = super::ssr::guard::<SetPrice>()?;
    let staff = &cx.signed_in()?.viewer;
    let price = crate::domain::catalog::parse_price(&price)
        .map_err(|p| AppError::invalid(PriceField::Price, p))?;
    crate::server::service::seller::set_price(cx.services(), staff, id, price).await?;
    cx.flash(crate::page::form::Flash::PriceSaved(id));
    Ok(price)
}

access!(SetOffered => SELLER_STAFF);
/// Hides one of the seller's goods (`offered` false) from lists, search and comparisons, or offers
/// it again. Another seller's product is not found.
#[server(endpoint = "seller/offered")]
pub async fn set_offered(id: ProductId, offered: bool) -> Result<(), AppError> {
    let cx = super::ssr::guard::<SetOffered>()?;
    let staff = &cx.signed_in()?.viewer;
    crate::server::service::seller::set_offered(cx.services(), staff, id, offered).await?;
    Ok(())
}

access!(GetListing => SELLER_STAFF);
/// `/seller/new` (no `id`) and `/seller/p/{id}`: the listing form, empty or filled in with one of
/// the seller's products. Another seller's product is not found.
#[server(endpoint = "seller/listing")]
pub async fn get_listing(
    id: Option<ProductId>,
) -> Result<crate::page::seller::ListingPage, AppError> {
    let cx = super::ssr::guard::<GetListing>()?;
    let staff = &cx.signed_in()?.viewer;
    Ok(crate::server::service::seller::listing_page(cx.services(), staff, id).await?)
}

access!(CreateListing => SELLER_STAFF);
/// Lists a new product of the seller (the fields of `ListingInput`, each a form field of its own;
/// both languages' names and descriptions are required). The browser goes on to the new product's
/// form, which says it is listed.
#[server(endpoint = "seller/create")]
pub async fn create_listing(
    #[server(flatten)] listing: crate::domain::listing::ListingInput,
) -> Result<ProductId, AppError> {
    use crate::domain::LocalPath;
    let cx = super::ssr::guard::<CreateListing>()?;
    let staff = &cx.signed_in()?.viewer;
    let listing = listing.parse()?;
    let id = crate::server::service::seller::create_listing(cx.services(), staff, &listing).await?;
    if let Some(to) = LocalPath::parse(&format!("/seller/p/{id}?listed")) {
        cx.then_go(&to);
    }
    Ok(id)
}

access!(EditListing => SELLER_STAFF);
/// Changes one of the seller's listings (the fields of `ListingInput`). Another seller's product
/// is not found.
#[server(endpoint = "seller/edit")]
pub async fn edit_listing(
    id: ProductId,
    #[server(flatten)] listing: crate::domain::listing::ListingInput,
) -> Result<(), AppError> {
    let cx = super::ssr::guard::<EditListing>()?;
    let staff = &cx.signed_in()?.viewer;
    let listing = listing.parse()?;
    crate::server::service::seller::edit_listing(cx.services(), staff, id, &listing).await?;
    cx.flash(crate::page::form::Flash::ListingSaved(id));
    Ok(())
}

crate::form_fields! {
    /// A picture uploaded for a product.
    pub enum PictureField { Picture => "picture" }
}

access!(UploadPicture => SELLER_STAFF);
/// Adds a picture to one of the seller's products: a `multipart/form-data` post with the
/// product's `id` and the file as `picture` (JPEG, PNG or WebP; see `server::upload`).
#[server(endpoint = "seller/picture", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn upload_picture(
    data: leptos::server_fn::codec::MultipartData,
) -> Result<crate::domain::MediaId, AppError> {
    use crate::{domain::form::FieldProblem, server::upload::MAX_PICTURE_BYTES};
    let cx = super::ssr::guard::<UploadPicture>()?;
    let staff = &cx.signed_in()?.viewer;
    let too_large = AppError::invalid(PictureField::Picture, FieldProblem::PictureTooLarge);
    let (fields, file) =
        super::ssr::multipart(data, "picture", MAX_PICTURE_BYTES, too_large).await?;
    let id: ProductId = fields
        .iter()
        .find(|(k, _)| k == "id")
        .and_then(|(_, v)| v.trim().parse().ok())
        .ok_or_else(|| AppError::BadRequest("which product".into()))?;
    let (name, bytes) =
        file.ok_or_else(|| AppError::invalid(PictureField::Picture, FieldProblem::Required))?;
    let media = crate::server::service::seller::add_picture(cx.services(), staff, id, &name, bytes)
        .await
        .map_err(|e| e.answer(|_| PictureField::Picture))?;
    cx.flash(crate::page::form::Flash::PictureAdded(id));
    Ok(media)
}

access!(ArrangePicture => SELLER_STAFF);
/// Moves one of a product's pictures: `to` is `main` (first), `earlier` or `later`.
#[server(endpoint = "seller/picture-order")]
pub async fn arrange_picture(
    id: ProductId,
    media: crate::domain::MediaId,
    to: String,
) -> Result<(), AppError> {
    use crate::{domain::listing::PictureMove, server::service::seller::move_picture};
    let cx = super::ssr::guard::<ArrangePicture>()?;
    let staff = &cx.signed_in()?.viewer;
    let to = PictureMove::parse(&to).ok_or_else(|| AppError::BadRequest("where to".into()))?;
    Ok(move_picture(cx.services(), staff, id, media, to).await?)
}

access!(RemovePicture => SELLER_STAFF);
/// Takes one of a product's pictures off it.
#[server(endpoint = "seller/picture-remove")]
pub async fn remove_picture(id: ProductId, media: crate::domain::MediaId) -> Result<(), AppError> {
    let cx = super::ssr::guard::<RemovePicture>()?;
    let staff = &cx.signed_in()?.viewer;
    Ok(crate::server::service::seller::remove_picture(cx.services(), staff, id, media).await?)
}

crate::form_fields! {
    /// A voice description or video uploaded for a product.
    pub enum RecordingField { Recording => "recording" }
}

#[cfg(feature = "ssr")]
/// The product (`id`) and the slot (`slot`: `ko`, `en` or `video`) a recording form names.
fn recording_of(
    fields: &[(String, String)],
) -> Result<(ProductId, crate::domain::listing::RecordingSlot), AppError> {
    let value = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
    };
    let id = value("id").and_then(|v| v.parse().ok());
    let slot = value("slot").and_then(crate::domain::listing::RecordingSlot::parse);
    id.zip(slot)
        .ok_or_else(|| AppError::BadRequest("which product and recording".into()))
}

access!(UploadRecording => SELLER_STAFF);
/// Puts a voice description (Korean or English) or the video on one of the seller's products:
/// a `multipart/form-data` post with the product's `id`, the `slot` (`ko`, `en`, `video`) and
/// the file as `recording` (Ogg or MP3 voice, WebM or MP4 video; see `server::recording`).
#[server(endpoint = "seller/recording", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn upload_recording(
    data: leptos::server_fn::codec::MultipartData,
) -> Result<(), AppError> {
    use crate::{domain::form::FieldProblem, server::recording::MAX_VIDEO_BYTES};
    let cx = super::ssr::guard::<UploadRecording>()?;
    let staff = &cx.signed_in()?.viewer;
    // The larger of the two limits while reading; the slot's own is checked after.
    let too_large = AppError::invalid(RecordingField::Recording, FieldProblem::RecordingTooLarge);
    let (fields, file) =
        super::ssr::multipart(data, "recording", MAX_VIDEO_BYTES, too_large).await?;
    let (id, slot) = recording_of(&fields)?;
    let (name, bytes) =
        file.ok_or_else(|| AppError::invalid(RecordingField::Recording, FieldProblem::Required))?;
    crate::server::service::seller::set_recording(cx.services(), staff, id, slot, (&name, bytes))
        .await
        .map_err(|e| e.answer(|_| RecordingField::Recording))?;
    cx.flash(crate::page::form::Flash::RecordingAdded(id));
    Ok(())
}

access!(RemoveRecording => SELLER_STAFF);
/// Takes a product's voice description in one language (`ko`, `en`) or its video off it.
#[server(endpoint = "seller/recording-remove")]
pub async fn remove_recording(id: ProductId, slot: String) -> Result<(), AppError> {
    let cx = super::ssr::guard::<RemoveRecording>()?;
    let staff = &cx.signed_in()?.viewer;
    let slot = crate::domain::listing::RecordingSlot::parse(&slot)
        .ok_or_else(|| AppError::BadRequest("which recording".into()))?;
    Ok(crate::server::service::seller::remove_recording(cx.services(), staff, id, slot).await?)
}

access!(GetStaff => SELLER_MANAGERS);
/// `/seller/staff`: the seller's managers and staff, as its manager sees them.
#[server(endpoint = "seller/staff")]
pub async fn get_staff() -> Result<crate::page::seller::StaffPage, AppError> {
    let cx = super::ssr::guard::<GetStaff>()?;
    let manager = &cx.signed_in()?.viewer;
    Ok(crate::server::service::staff::staff(cx.services(), manager).await?)
}

access!(AddStaff => SELLER_MANAGERS);
/// Adds the account with this mobile number (a resident shopper's) to the seller's staff.
#[server(endpoint = "seller/staff-add")]
pub async fn add_staff(phone: String) -> Result<crate::domain::UserId, AppError> {
    use crate::domain::account::{PhoneNumber, StaffField};
    let cx = super::ssr::guard::<AddStaff>()?;
    let manager = &cx.signed_in()?.viewer;
    let phone = PhoneNumber::parse(&phone).map_err(|p| AppError::invalid(StaffField::Phone, p))?;
    let user = crate::server::service::staff::add(cx.services(), manager, &phone).await?;
    cx.flash(crate::page::form::Flash::StaffAdded);
    Ok(user)
}

access!(RemoveStaff => SELLER_MANAGERS);
/// Removes one of the seller's staff (not a manager): the account is a shopper's again.
#[server(endpoint = "seller/staff-remove")]
pub async fn remove_staff(id: crate::domain::UserId) -> Result<(), AppError> {
    let cx = super::ssr::guard::<RemoveStaff>()?;
    let manager = &cx.signed_in()?.viewer;
    crate::server::service::staff::remove(cx.services(), manager, id).await?;
    cx.flash(crate::page::form::Flash::StaffRemoved);
    Ok(())
}

access!(GetSales => SELLER_STAFF);
/// `/seller/sales`: the seller's figures of the last 30 days, or 90 (`days`).
#[server(endpoint = "seller/sales", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_sales(days: Option<u32>) -> Result<crate::domain::sales::SalesReport, AppError> {
    use crate::domain::sales::Window;
    let cx = super::ssr::guard::<GetSales>()?;
    let staff = &cx.signed_in()?.viewer;
    let window = Window::parse(days);
    Ok(crate::server::service::seller::sales(cx.services(), staff, window).await?)
}

access!(SalesCsv => SELLER_STAFF);
/// The seller's figures as a CSV file to save: by day (`by=day`, the default) or by product.
#[server(
    endpoint = "seller/sales-csv",
    input = leptos::server_fn::codec::GetUrl,
    output = leptos::server_fn::codec::StreamingText
)]
pub async fn sales_csv(
    days: Option<u32>,
    by: Option<String>,
) -> Result<leptos::server_fn::codec::TextStream<AppError>, AppError> {
    use crate::domain::sales::Window;
    use leptos::server_fn::codec::TextStream;
    let cx = super::ssr::guard::<SalesCsv>()?;
    let staff = &cx.signed_in()?.viewer;
    let window = Window::parse(days);
    let report = crate::server::service::seller::sales(cx.services(), staff, window).await?;
    let (what, csv) = match by.as_deref() {
        Some("product") => ("products", report.products_csv()),
        _ => ("days", report.days_csv()),
    };
    cx.download(
        &format!("okryu-sales-{what}-{}d.csv", window.days()),
        "text/csv; charset=utf-8",
    );
    Ok(TextStream::new(futures_util::stream::once(async move {
        Ok(csv)
    })))
}

crate::form_fields! {
    /// A bulk update file of prices and stock.
    pub enum BulkField { File => "file" }
}

access!(GetBulk => SELLER_STAFF);
/// `/seller/bulk`: the upload form for a file of prices and stock, and with `file` that
/// uploaded file's preview (every line's change or problem). Another seller's file is not found.
#[server(endpoint = "seller/bulk", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_bulk(
    file: Option<crate::domain::BulkId>,
) -> Result<crate::page::seller::BulkPage, AppError> {
    let cx = super::ssr::guard::<GetBulk>()?;
    let staff = &cx.signed_in()?.viewer;
    Ok(crate::server::service::bulk::page(cx.services(), staff, file).await?)
}

access!(BulkSheet => SELLER_STAFF);
/// The seller's goods with their prices and stock as a CSV file to edit and upload again.
#[server(
    endpoint = "seller/bulk-csv",
    input = leptos::server_fn::codec::GetUrl,
    output = leptos::server_fn::codec::StreamingText
)]
pub async fn bulk_sheet() -> Result<leptos::server_fn::codec::TextStream<AppError>, AppError> {
    use leptos::server_fn::codec::TextStream;
    let cx = super::ssr::guard::<BulkSheet>()?;
    let staff = &cx.signed_in()?.viewer;
    let csv = crate::server::service::bulk::sheet(cx.services(), staff).await?;
    cx.download("okryu-goods.csv", "text/csv; charset=utf-8");
    Ok(TextStream::new(futures_util::stream::once(async move {
        Ok(csv)
    })))
}

access!(UploadBulk => SELLER_STAFF);
/// Uploads a file of prices and stock (`multipart/form-data`, the file as `file`; see
/// `domain::bulk`) to preview: the browser goes on to its preview. A file that can't be read is
/// refused beside the field and nothing is kept.
#[server(endpoint = "seller/bulk-upload", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn upload_bulk(
    data: leptos::server_fn::codec::MultipartData,
) -> Result<crate::domain::BulkId, AppError> {
    use crate::domain::{bulk::MAX_BULK_BYTES, form::FieldProblem, LocalPath};
    let cx = super::ssr::guard::<UploadBulk>()?;
    let staff = &cx.signed_in()?.viewer;
    let too_large = AppError::invalid(BulkField::File, FieldProblem::BulkTooLarge);
    let (_, file) = super::ssr::multipart(data, "file", MAX_BULK_BYTES, too_large).await?;
    let (name, bytes) =
        file.ok_or_else(|| AppError::invalid(BulkField::File, FieldProblem::Required))?;
    let id = crate::server::service::bulk::upload(cx.services(), staff, &name, bytes)
        .await
        .map_err(|e| e.answer(|_| BulkField::File))?;
    if let Some(to) = LocalPath::parse(&format!("/seller/bulk?file={id}")) {
        cx.then_go(&to);
    }
    Ok(id)
}

access!(ApplyBulk => SELLER_STAFF);
/// Applies an uploaded file of prices and stock, all of it at once, and answers how many products
/// changed; the browser goes back to the console. Refused (409) when any line has a problem or
/// the file was applied already.
#[server(endpoint = "seller/bulk-apply")]
pub async fn apply_bulk(file: crate::domain::BulkId) -> Result<u32, AppError> {
    let cx = super::ssr::guard::<ApplyBulk>()?;
    let staff = &cx.signed_in()?.viewer;
    let changed = crate::server::service::bulk::apply(cx.services(), staff, file).await?;
    let changed = u32::try_from(changed).unwrap_or(u32::MAX);
    cx.flash(crate::page::form::Flash::BulkApplied(changed));
    cx.then_go(&super::ssr::local("/seller"));
    Ok(changed)
}
