//! Stored media: pictures (several renditions each), voice descriptions and videos. Kept in the
//! database so every app server behind one PostgreSQL serves the same files.

use super::{DbError, Tx};
use crate::domain::MediaId;
use sqlx::AnyPool;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    Image,
    Audio,
    Video,
}

impl MediaKind {
    pub fn code(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Audio => "audio",
            MediaKind::Video => "video",
        }
    }
}

/// One stored file of a medium, found: read its bytes with `part`.
#[derive(Clone, Debug)]
pub struct StoredFile {
    media: MediaId,
    variant: String,
    mime: String,
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

/// A stored file by medium, variant (`thumb`, `large`, `ko`, `video`…) and MIME type, and its
/// length in bytes; its bytes stay in the database until `part` reads them.
pub async fn file(
    pool: &AnyPool,
    id: MediaId,
    variant: &str,
    mime: &str,
) -> Result<Option<(StoredFile, u64)>, DbError> {
    let len: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(LENGTH(bytes) AS BIGINT) FROM media_files \
         WHERE media_id = $1 AND variant = $2 AND mime = $3",
    )
    .bind(id.get())
    .bind(variant)
    .bind(mime)
    .fetch_optional(pool)
    .await?;
    len.map(|n| {
        let len = u64::try_from(n).map_err(|_| DbError::Corrupt {
            table: "media_files",
            column: "bytes",
            value: n.to_string(),
        })?;
        let file = StoredFile {
            media: id,
            variant: variant.to_string(),
            mime: mime.to_string(),
        };
        Ok((file, len))
    })
    .transpose()
}

/// `len` bytes of a stored file from byte `start` (0-based), without reading the rest.
pub async fn part(
    pool: &AnyPool,
    file: &StoredFile,
    start: u64,
    len: u64,
) -> Result<Vec<u8>, DbError> {
    let (Ok(from), Ok(len)) = (i64::try_from(start + 1), i64::try_from(len)) else {
        return Ok(Vec::new());
    };
    // SUBSTR counts from 1, in bytes for a BLOB (SQLite) and a BYTEA (PostgreSQL).
    let bytes: Option<Vec<u8>> = sqlx::query_scalar(
        "SELECT SUBSTR(bytes, CAST($4 AS INTEGER), CAST($5 AS INTEGER)) FROM media_files \
         WHERE media_id = $1 AND variant = $2 AND mime = $3",
    )
    .bind(file.media.get())
    .bind(file.variant.as_str())
    .bind(file.mime.as_str())
    .bind(from)
    .bind(len)
    .fetch_optional(pool)
    .await?;
    Ok(bytes.unwrap_or_default())
}

/// Deletes a medium and its files (what links to it is the caller's to remove first).
/// Copies `from`'s files into `to`, but those of `except_variant`.
pub async fn copy_files(
    tx: &mut Tx<'_>,
    from: MediaId,
    to: MediaId,
    except_variant: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO media_files (media_id, variant, mime, width, height, bytes) \
         SELECT $1, variant, mime, width, height, bytes FROM media_files \
         WHERE media_id = $2 AND variant <> $3",
    )
    .bind(to.get())
    .bind(from.get())
    .bind(except_variant)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The variants of a medium's files (`ko` and `en` of a voice, `video`, `thumb`…).
pub async fn variants(tx: &mut Tx<'_>, id: MediaId) -> Result<Vec<String>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT DISTINCT variant FROM media_files WHERE media_id = $1")
            .bind(id.get())
            .fetch_all(&mut **tx)
            .await?,
    )
}

/// Deletes a medium's files. Its row stays behind, fileless: SQLite numbers a new row after the
/// highest one there is, so deleting the newest medium would hand its id, and with it the address
/// browsers keep its files under for a year (`immutable`), to the next upload.
pub async fn delete(tx: &mut Tx<'_>, id: MediaId) -> Result<(), DbError> {
    sqlx::query("DELETE FROM media_files WHERE media_id = $1")
        .bind(id.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
