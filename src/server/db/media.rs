//! Stored media: pictures (several renditions each), voice descriptions and videos. Kept in the
//! database so every app server behind one PostgreSQL serves the same files.

use super::{DbError, Tx};
use crate::domain::MediaId;
use sqlx::{AnyPool, Row};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    Image,
    Audio,
    Video,
}

impl MediaKind {
    fn code(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Audio => "audio",
            MediaKind::Video => "video",
        }
    }
}

/// One stored file of a medium.
pub struct MediaFile {
    pub mime: String,
    pub bytes: Vec<u8>,
}

pub struct NewFile<'b> {
    pub variant: &'b str,
    pub mime: &'b str,
    pub size: Option<(u32, u32)>,
    pub bytes: &'b [u8],
}

/// Stores a medium with its files, as an upload would.
pub async fn insert(
    tx: &mut Tx<'_>,
    kind: MediaKind,
    created_at: i64,
    files: &[NewFile<'_>],
) -> Result<MediaId, DbError> {
    let id: i64 =
        sqlx::query_scalar("INSERT INTO media (kind, created_at) VALUES ($1, $2) RETURNING id")
            .bind(kind.code())
            .bind(created_at)
            .fetch_one(&mut **tx)
            .await?;
    for f in files {
        sqlx::query(
            "INSERT INTO media_files (media_id, variant, mime, width, height, bytes) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(f.variant)
        .bind(f.mime)
        .bind(f.size.map(|(w, _)| i64::from(w)))
        .bind(f.size.map(|(_, h)| i64::from(h)))
        .bind(f.bytes)
        .execute(&mut **tx)
        .await?;
    }
    Ok(MediaId::new(id))
}

/// A stored file by medium, variant (`thumb`, `large`, `ko`, `video`…) and MIME type.
pub async fn file(
    pool: &AnyPool,
    id: MediaId,
    variant: &str,
    mime: &str,
) -> Result<Option<MediaFile>, DbError> {
    let row = sqlx::query(
        "SELECT mime, bytes FROM media_files WHERE media_id = $1 AND variant = $2 AND mime = $3",
    )
    .bind(id.get())
    .bind(variant)
    .bind(mime)
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(MediaFile {
            mime: r.try_get("mime")?,
            bytes: r.try_get("bytes")?,
        })
    })
    .transpose()
}
