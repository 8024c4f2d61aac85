//! Pictures people upload (a seller's of its goods, a buyer's with their review): checked,
//! decoded and drawn again off the async runtime (`upload::render`), then stored in the sizes and
//! formats the catalog serves.

use super::ServiceError;
use crate::{
    domain::MediaId,
    server::{
        db::{
            media::{self, MediaKind, NewFile},
            Tx,
        },
        upload::{self, Rendition},
    },
};

/// The file `name` drawn again in the catalog's sizes; a file that is not a picture (or too
/// large, a bomb, cut off) is refused with the reason.
pub(super) async fn render(name: &str, bytes: Vec<u8>) -> Result<Vec<Rendition>, ServiceError> {
    upload::render(name.to_string(), bytes)
        .await
        .map_err(|p| ServiceError::Invalid(p.problem()))
}

/// Stores a drawn picture, WebP and PNG of each size, in the caller's transaction.
pub(super) async fn store(
    tx: &mut Tx<'_>,
    renditions: &[Rendition],
    now: i64,
) -> Result<MediaId, ServiceError> {
    let files: Vec<NewFile> = renditions
        .iter()
        .flat_map(|r| {
            [
                NewFile {
                    variant: r.variant,
                    mime: "image/webp",
                    size: Some(r.size),
                    bytes: &r.webp,
                },
                NewFile {
                    variant: r.variant,
                    mime: "image/png",
                    size: Some(r.size),
                    bytes: &r.png,
                },
            ]
        })
        .collect();
    Ok(media::insert(tx, MediaKind::Image, now, &files).await?)
}
