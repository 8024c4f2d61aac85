//! Bulk price and stock updates: a seller's staff upload a CSV file of their goods, see every
//! line's change or problem, and apply it once, every change in one transaction. Prices are the
//! manager's: a different price from staff is a problem of its line.

use super::{
    seller::{seller_name, seller_of},
    ServiceError, Services,
};
use crate::{
    domain::{
        account::{Role, Viewer},
        bulk::{self, Comparison, Current, MAX_FILE_NAME},
        BulkId, ProductId,
    },
    error::Refusal,
    page::seller::{BulkFile, BulkPage, ConsoleItem},
    server::db::{bulk as files, bulk::StoredBulk, console},
};
use std::collections::HashMap;

/// `/seller/bulk`: the upload form, with one of the seller's files compared with its goods as
/// they are now (`file`; another seller's is not found).
pub async fn page(
    s: Services<'_>,
    staff: &Viewer,
    file: Option<BulkId>,
) -> Result<BulkPage, ServiceError> {
    let seller = seller_of(staff)?;
    let manager = staff.role == Role::Manager;
    let Some(id) = file else {
        return Ok(BulkPage {
            seller: seller_name(s, seller).await?,
            manager,
            file: None,
        });
    };
    let stored =
        s.db.bulk()
            .file(seller, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
    let applied = stored.applied_at.is_some();
    // The goods come with the seller's name; an applied file is compared with nothing.
    let (name, comparison) = if applied {
        (seller_name(s, seller).await?, Comparison::default())
    } else {
        let (name, items) =
            s.db.console()
                .items(seller)
                .await?
                .ok_or(ServiceError::NotFound)?;
        (name, compared(&stored, &items, manager)?)
    };
    Ok(BulkPage {
        seller: name,
        manager,
        file: Some(BulkFile {
            id,
            name: stored.file_name,
            applied,
            comparison,
        }),
    })
}

/// The console's download: every one of the seller's goods with its price and stock.
pub async fn sheet(s: Services<'_>, staff: &Viewer) -> Result<String, ServiceError> {
    let (_, items) =
        s.db.console()
            .items(seller_of(staff)?)
            .await?
            .ok_or(ServiceError::NotFound)?;
    Ok(bulk::sheet(
        items.iter().map(|i| (i.id, &i.name, i.price, i.stock)),
    ))
}

/// Keeps an uploaded file (`name`, `bytes`) for its preview. A file that can't be read is
/// refused with the reason and nothing is kept; problems of single lines are shown by the preview.
pub async fn upload(
    s: Services<'_>,
    staff: &Viewer,
    name: &str,
    bytes: Vec<u8>,
) -> Result<BulkId, ServiceError> {
    let seller = seller_of(staff)?;
    bulk::parse(&bytes).map_err(ServiceError::Invalid)?;
    let body = String::from_utf8(bytes)
        .map_err(|_| ServiceError::Invalid(crate::domain::form::FieldProblem::BulkNotText))?;
    let name: String = name
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_FILE_NAME)
        .collect();
    let mut tx = s.db.begin().await?;
    let id = files::insert(&mut tx, seller, staff.id, (&name, &body), s.clock.now()).await?;
    tx.commit().await?;
    tracing::info!(user = %staff.id, file = %id, "bulk update uploaded");
    Ok(id)
}

/// Applies one of the seller's files: compared again with the goods as they are, then every
/// change (prices into their history) and the file's mark in one transaction. Refused whole when
/// any line has a problem now, and when the file was applied already (a second click, or two
/// people at once).
pub async fn apply(s: Services<'_>, staff: &Viewer, id: BulkId) -> Result<usize, ServiceError> {
    let seller = seller_of(staff)?;
    let now = s.clock.now();
    let mut tx = s.db.begin().await?;
    let stored = files::hold(&mut tx, seller, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if stored.applied_at.is_some() {
        return Err(ServiceError::Refused(Refusal::BulkApplied));
    }
    let items = console::items_in(&mut *tx, seller).await?;
    let comparison = compared(&stored, &items, staff.role == Role::Manager)?;
    if comparison.problems() > 0 {
        return Err(ServiceError::Refused(Refusal::BulkProblems));
    }
    let changes = comparison.to_apply();
    for (product, price, stock) in &changes {
        if let Some(price) = *price {
            console::set_price(&mut tx, seller, *product, price, now)
                .await?
                .ok_or(ServiceError::NotFound)?;
        }
        if let Some(stock) = *stock {
            if !console::set_stock(&mut *tx, seller, *product, stock).await? {
                return Err(ServiceError::NotFound);
            }
        }
    }
    files::mark_applied(&mut tx, id, staff.id, now).await?;
    tx.commit().await?;
    tracing::info!(user = %staff.id, file = %id, changed = changes.len(), "bulk update applied");
    Ok(changes.len())
}

/// A kept file compared with the seller's goods (`items`).
fn compared(
    stored: &StoredBulk,
    items: &[ConsoleItem],
    manager: bool,
) -> Result<Comparison, ServiceError> {
    // It was read when it was kept.
    let rows = bulk::parse(stored.body.as_bytes())
        .map_err(|_| ServiceError::Internal("a kept bulk update file no longer reads"))?;
    let current: HashMap<ProductId, Current> = items
        .iter()
        .map(|i| {
            let now = Current {
                name: i.name.clone(),
                price: i.price,
                stock: i.stock,
            };
            (i.id, now)
        })
        .collect();
    Ok(bulk::compare(&rows, &current, manager))
}
