//! The seller console: a seller's staff see their seller's goods, orders to hand over and sales
//! figures, and keep the stock right. Staff work for one seller; another seller's goods are not found.

use super::{ServiceError, Services};
use crate::{
    domain::{
        account::{Role, Viewer},
        catalog::Localized,
        form::{FieldErrors, FieldProblem},
        listing::{
            suggest_group, GroupChoice, Listing, ListingField, PictureMove, RecordingSlot,
            MAX_PICTURES,
        },
        sales::{SalesReport, Window},
        GoodId, MediaId, ProductId, SellerId, Won,
    },
    error::Refusal,
    page::seller::{HandOver, ListingPage, StockList},
    server::{
        db::{
            catalog::{insert_product, link_media, NewProduct},
            console,
            media::{self, MediaKind, NewFile},
            Tx,
        },
        recording::{self, Kind},
    },
};

/// The seller the staff member works for (`Forbidden` for an account bound to none).
pub(super) fn seller_of(staff: &Viewer) -> Result<SellerId, ServiceError> {
    staff.seller.ok_or(ServiceError::Forbidden)
}

/// The seller whose manager this is (`Forbidden` for staff and everyone else): prices and the
/// staff are the manager's.
pub(super) fn managed_by(staff: &Viewer) -> Result<SellerId, ServiceError> {
    match staff.role {
        Role::Manager => seller_of(staff),
        _ => Err(ServiceError::Forbidden),
    }
}

/// `/seller`: the goods of the staff member's seller.
pub async fn console(s: Services<'_>, staff: &Viewer) -> Result<StockList, ServiceError> {
    let id = seller_of(staff)?;
    let (seller, items) =
        s.db.console()
            .items(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
    Ok(StockList {
        seller,
        items,
        manager: staff.role == Role::Manager,
        tomorrow: s.db.standing().demand(id, s.today() + 1).await?,
    })
}

/// The seller's orders still to hand over to the logistics office: placed (to accept or reject),
/// accepted (to mark ready) and ready (waiting for a courier).
pub async fn to_hand_over(s: Services<'_>, staff: &Viewer) -> Result<Vec<HandOver>, ServiceError> {
    let seller = seller_of(staff)?;
    let orders = s.db.orders();
    let mut pack = orders.to_pack(seller).await?;
    Ok(orders
        .to_hand_over(seller)
        .await?
        .into_iter()
        .map(|order| HandOver {
            pack: pack
                .extract_if(.., |(id, _, _)| *id == order.id)
                .map(|(_, name, q)| (name, q))
                .collect(),
            order,
        })
        .collect())
}

/// The seller's name.
pub(super) async fn seller_name(
    s: Services<'_>,
    seller: SellerId,
) -> Result<Localized, ServiceError> {
    s.db.console()
        .name(seller)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The seller's figures over `window`: money by day as its ledger has it, orders by day, goods by
/// product and how its deliveries went.
pub async fn sales(
    s: Services<'_>,
    staff: &Viewer,
    window: Window,
) -> Result<SalesReport, ServiceError> {
    let seller = seller_of(staff)?;
    let now = s.clock.now();
    let (first, _) = window.span(now);
    let db = s.db.sales();
    let mut days = db.money_by_day(seller, first).await?;
    days.extend(db.orders_by_day(seller, first).await?);
    Ok(SalesReport {
        seller: seller_name(s, seller).await?,
        window,
        by_day: SalesReport::every_day(window, now, days),
        by_product: db.by_product(seller, first).await?,
        deliveries: db.deliveries(seller, first).await?,
    })
}

/// Sets how many of one of the seller's goods are in stock.
pub async fn set_stock(
    s: Services<'_>,
    staff: &Viewer,
    product: ProductId,
    stock: u32,
) -> Result<(), ServiceError> {
    if s.db
        .console()
        .set_stock(seller_of(staff)?, product, stock)
        .await?
    {
        tracing::info!(user = %staff.id, %product, stock, "stock set");
        Ok(())
    } else {
        Err(ServiceError::NotFound)
    }
}

/// Sets the price of one of the seller's goods; a different price goes into the product's price
/// history in the same transaction, so the page's price and its chart never disagree. Shoppers
/// with the good in their cart are shown the new price at checkout and confirm it.
pub async fn set_price(
    s: Services<'_>,
    staff: &Viewer,
    product: ProductId,
    price: Won,
) -> Result<(), ServiceError> {
    let seller = managed_by(staff)?;
    let mut tx = s.db.begin().await?;
    let changed = console::set_price(&mut tx, seller, product, price, s.clock.now())
        .await?
        .ok_or(ServiceError::NotFound)?;
    tx.commit().await?;
    if changed {
        tracing::info!(user = %staff.id, %product, price = %price.grouped(), "price set");
    }
    Ok(())
}

/// Hides one of the seller's goods from lists, search and comparisons (nobody can buy it; its page,
/// its orders and its price history stay), or offers it again.
pub async fn set_offered(
    s: Services<'_>,
    staff: &Viewer,
    product: ProductId,
    offered: bool,
) -> Result<(), ServiceError> {
    if !s
        .db
        .console()
        .set_offered(seller_of(staff)?, product, offered, s.clock.now())
        .await?
    {
        if offered && s.db.moderation().is_withheld(product).await? {
            return Err(ServiceError::Refused(Refusal::ListingWithheld));
        }
        return Err(ServiceError::NotFound);
    }
    tracing::info!(user = %staff.id, %product, offered, "offer changed");
    Ok(())
}

/// The listing form: empty for a new product, or filled in with one of the seller's products.
pub async fn listing_page(
    s: Services<'_>,
    staff: &Viewer,
    product: Option<ProductId>,
) -> Result<ListingPage, ServiceError> {
    let seller = seller_of(staff)?;
    let db = s.db.console();
    let (listing, hidden, (pictures, voice, video)) = match product {
        Some(id) => {
            let (listing, hidden) = db
                .listing(seller, id)
                .await?
                .ok_or(ServiceError::NotFound)?;
            (listing.input(), hidden, db.media(id).await?)
        }
        None => (Default::default(), false, (Vec::new(), None, None)),
    };
    let name = seller_name(s, seller).await?;
    Ok(ListingPage {
        seller: name,
        product,
        listing,
        hidden,
        categories: db.categories().await?,
        goods: db.goods().await?,
        pictures,
        voice,
        video,
        manager: staff.role == Role::Manager,
    })
}

/// The comparison group a listing goes in: the one chosen, or the suggestion from its name. An
/// unknown category or group is refused beside its field.
async fn checked_group(tx: &mut Tx<'_>, listing: &Listing) -> Result<Option<GoodId>, ServiceError> {
    let mut errs = FieldErrors::default();
    if !console::is_subcategory(tx, listing.category).await? {
        errs.add(ListingField::Category, FieldProblem::Invalid);
    }
    let goods = console::goods_in(tx).await?;
    let good = match listing.group {
        GroupChoice::None => None,
        GroupChoice::Suggest => suggest_group(&listing.name, &goods),
        GroupChoice::Good(id) => {
            if !goods.iter().any(|(g, _)| *g == id) {
                errs.add(ListingField::Group, FieldProblem::Invalid);
            }
            Some(id)
        }
    };
    if errs.is_empty() {
        Ok(good)
    } else {
        Err(ServiceError::Form(errs.into()))
    }
}

/// Lists a new product of the staff member's seller, visible at once: its first price starts its
/// history and its names go into the search index, in one transaction.
pub async fn create_listing(
    s: Services<'_>,
    staff: &Viewer,
    listing: &Listing,
) -> Result<ProductId, ServiceError> {
    let seller = seller_of(staff)?;
    let mut tx = s.db.begin().await?;
    let good = checked_group(&mut tx, listing).await?;
    let id = insert_product(
        &mut tx,
        &NewProduct {
            seller,
            category: listing.category,
            good: good.map(GoodId::get),
            name: listing.name.clone(),
            description: listing.description.clone(),
            price: listing.price,
            unit: listing.unit,
            weight_g: listing.weight_g,
            volume_ml: listing.volume_ml,
            stock: listing.stock,
            created_at: s.clock.now(),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user = %staff.id, product = %id, "product listed");
    Ok(id)
}

/// Changes one of the seller's listings, all of it in one transaction (a new price goes into the
/// price history with it). Only the manager changes the price: staff send the price it has, or
/// the form is refused beside the price and nothing changes.
pub async fn edit_listing(
    s: Services<'_>,
    staff: &Viewer,
    product: ProductId,
    listing: &Listing,
) -> Result<(), ServiceError> {
    let seller = seller_of(staff)?;
    let mut tx = s.db.begin().await?;
    let held = console::hold_listing(&mut tx, seller, product)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if held.price != listing.price && managed_by(staff).is_err() {
        return Err(ServiceError::field(
            ListingField::Price,
            FieldProblem::PriceManagersOnly,
        ));
    }
    let good = checked_group(&mut tx, listing).await?;
    let change = console::ListingChange {
        listing,
        good,
        at: s.clock.now(),
    };
    console::update_listing(&mut tx, product, &held, &change).await?;
    tx.commit().await?;
    tracing::info!(user = %staff.id, %product, "listing changed");
    Ok(())
}

/// Adds a picture (an uploaded file called `name`) to one of the seller's products, after its
/// other pictures. The file is checked, decoded and drawn again off the async runtime
/// (`upload::render`); the product keeps at most `MAX_PICTURES`.
pub async fn add_picture(
    s: Services<'_>,
    staff: &Viewer,
    product: ProductId,
    name: &str,
    bytes: Vec<u8>,
) -> Result<MediaId, ServiceError> {
    let seller = seller_of(staff)?;
    // Not theirs, or full: refused before the work of decoding.
    let before =
        s.db.console()
            .pictures(seller, product)
            .await?
            .ok_or(ServiceError::NotFound)?;
    if before.len() >= MAX_PICTURES {
        return Err(ServiceError::Invalid(FieldProblem::PicturesFull));
    }
    let renditions = super::pictures::render(name, bytes).await?;
    let mut tx = s.db.begin().await?;
    let mut pictures = console::pictures_in(&mut tx, seller, product)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if pictures.len() >= MAX_PICTURES {
        return Err(ServiceError::Invalid(FieldProblem::PicturesFull));
    }
    let media = super::pictures::store(&mut tx, &renditions, s.clock.now()).await?;
    link_media(
        &mut tx,
        product,
        media,
        i64::try_from(pictures.len()).unwrap_or(0),
    )
    .await?;
    pictures.push(media);
    console::arrange_pictures(&mut tx, product, &pictures).await?;
    tx.commit().await?;
    tracing::info!(user = %staff.id, %product, %media, "picture added");
    Ok(media)
}

/// Moves one of a product's pictures (`NotFound` for a picture it doesn't have).
pub async fn move_picture(
    s: Services<'_>,
    staff: &Viewer,
    product: ProductId,
    picture: MediaId,
    to: PictureMove,
) -> Result<(), ServiceError> {
    let seller = seller_of(staff)?;
    let mut tx = s.db.begin().await?;
    let mut pictures = console::pictures_in(&mut tx, seller, product)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let at = pictures
        .iter()
        .position(|m| *m == picture)
        .ok_or(ServiceError::NotFound)?;
    let to_index = to.index(at, pictures.len());
    let moved = pictures.remove(at);
    pictures.insert(to_index, moved);
    console::arrange_pictures(&mut tx, product, &pictures).await?;
    tx.commit().await?;
    Ok(())
}

/// Takes one of a product's pictures off it and deletes its files.
pub async fn remove_picture(
    s: Services<'_>,
    staff: &Viewer,
    product: ProductId,
    picture: MediaId,
) -> Result<(), ServiceError> {
    let seller = seller_of(staff)?;
    let mut tx = s.db.begin().await?;
    let pictures = console::pictures_in(&mut tx, seller, product)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !pictures.contains(&picture) {
        return Err(ServiceError::NotFound);
    }
    console::remove_media(&mut tx, product, picture).await?;
    tx.commit().await?;
    tracing::info!(user = %staff.id, %product, media = %picture, "picture removed");
    Ok(())
}

fn kinds(slot: RecordingSlot) -> (Kind, MediaKind) {
    match slot {
        RecordingSlot::Korean | RecordingSlot::English => (Kind::Voice, MediaKind::Audio),
        RecordingSlot::Video => (Kind::Video, MediaKind::Video),
    }
}

/// Puts a product's recording in `slot` (a voice description in one language, or the video):
/// an uploaded file called `name`, checked for what it is (`recording::check`) and kept as it
/// came. It takes the place of the slot's old one.
pub async fn set_recording(
    s: Services<'_>,
    staff: &Viewer,
    product: ProductId,
    slot: RecordingSlot,
    (name, bytes): (&str, Vec<u8>),
) -> Result<(), ServiceError> {
    let seller = seller_of(staff)?;
    let (kind, media_kind) = kinds(slot);
    let container =
        recording::check(kind, name, &bytes).map_err(|p| ServiceError::Invalid(p.problem()))?;
    let mut tx = s.db.begin().await?;
    let old = console::recording_in(&mut tx, seller, product, media_kind)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let file = NewFile {
        variant: slot.code(),
        mime: container.mime(),
        size: None,
        bytes: &bytes,
    };
    let now = s.clock.now();
    replace_recording(&mut tx, (product, media_kind, old), slot, Some(file), now).await?;
    tx.commit().await?;
    tracing::info!(user = %staff.id, %product, slot = slot.code(), "recording uploaded");
    Ok(())
}

/// Takes a product's recording in `slot` off it (`NotFound` when it has none there).
pub async fn remove_recording(
    s: Services<'_>,
    staff: &Viewer,
    product: ProductId,
    slot: RecordingSlot,
) -> Result<(), ServiceError> {
    let seller = seller_of(staff)?;
    let (_, media_kind) = kinds(slot);
    let mut tx = s.db.begin().await?;
    let old = console::recording_in(&mut tx, seller, product, media_kind)
        .await?
        .flatten()
        .ok_or(ServiceError::NotFound)?;
    let variants = media::variants(&mut tx, old).await?;
    if !variants.iter().any(|v| v == slot.code()) {
        return Err(ServiceError::NotFound);
    }
    if variants.iter().all(|v| v == slot.code()) {
        // Nothing else in it (the video, a voice in one language): the recording goes.
        console::remove_media(&mut tx, product, old).await?;
    } else {
        let now = s.clock.now();
        replace_recording(&mut tx, (product, media_kind, Some(old)), slot, None, now).await?;
    }
    tx.commit().await?;
    tracing::info!(user = %staff.id, %product, slot = slot.code(), "recording removed");
    Ok(())
}

/// A stored file never changes (it is cached for a year under its address), so a product's
/// voice or video with a file put in or taken out is a new medium: `file` in `slot` and the old
/// medium's other files. The old medium goes.
async fn replace_recording(
    tx: &mut Tx<'_>,
    (product, kind, old): (ProductId, MediaKind, Option<MediaId>),
    slot: RecordingSlot,
    file: Option<NewFile<'_>>,
    now: i64,
) -> Result<(), ServiceError> {
    let new = media::insert(tx, kind, now, file.as_slice()).await?;
    if let Some(old) = old {
        media::copy_files(tx, old, new, slot.code()).await?;
        console::remove_media(tx, product, old).await?;
    }
    link_media(tx, product, new, 0).await?;
    Ok(())
}
