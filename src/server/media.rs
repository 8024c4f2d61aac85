//! `GET /media/{id}/{variant}.{ext}`: stored pictures, voice and video, with HTTP range requests
//! (browsers seek in audio and video with them) and long-lived caching (a stored file never changes).

use super::state::AppState;
use crate::domain::MediaId;
use axum::{
    body::Body,
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};

fn mime_of(ext: &str) -> Option<&'static str> {
    Some(match ext {
        "webp" => "image/webp",
        "png" => "image/png",
        "ogg" => "audio/ogg",
        "webm" => "video/webm",
        _ => return None,
    })
}

#[derive(Debug, PartialEq, Eq)]
pub enum ByteRange {
    /// No usable `Range` header: send everything.
    Full,
    /// Inclusive start and end.
    Part(u64, u64),
    Unsatisfiable,
}

/// Reads a `Range` header for a body of `len` bytes. One range is honoured; several, or a malformed
/// header, get the whole body (which RFC 9110 allows).
pub fn byte_range(header: Option<&str>, len: u64) -> ByteRange {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return ByteRange::Full;
    };
    if spec.contains(',') {
        return ByteRange::Full;
    }
    let Some((start, end)) = spec.split_once('-') else {
        return ByteRange::Full;
    };
    let (start, end) = (start.trim(), end.trim());
    let parsed = match (start.is_empty(), end.is_empty()) {
        // bytes=-N: the last N bytes.
        (true, false) => match end.parse::<u64>() {
            Ok(0) => return ByteRange::Unsatisfiable,
            Ok(n) => Some((len.saturating_sub(n), len.saturating_sub(1))),
            Err(_) => None,
        },
        (false, true) => start
            .parse::<u64>()
            .ok()
            .map(|s| (s, len.saturating_sub(1))),
        (false, false) => match (start.parse::<u64>(), end.parse::<u64>()) {
            (Ok(s), Ok(e)) if s <= e => Some((s, e.min(len.saturating_sub(1)))),
            _ => None,
        },
        (true, true) => None,
    };
    match parsed {
        None => ByteRange::Full,
        Some((s, _)) if len == 0 || s >= len => ByteRange::Unsatisfiable,
        Some((s, e)) => ByteRange::Part(s, e),
    }
}

pub async fn serve(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "no such file\n").into_response();
    let Ok(id) = id.parse::<MediaId>() else {
        return not_found();
    };
    let Some((variant, mime)) = file
        .rsplit_once('.')
        .and_then(|(v, ext)| Some((v, mime_of(ext)?)))
    else {
        return not_found();
    };
    let stored = match state.db.media_file(id, variant, mime).await {
        Ok(Some(f)) => f,
        Ok(None) => return not_found(),
        Err(err) => {
            return crate::error::AppError::from(err)
                .status_code()
                .into_response()
        }
    };
    let len = stored.bytes.len() as u64;
    let etag = format!("\"m{id}-{variant}-{len}\"");
    let mut res = match byte_range(
        headers.get(header::RANGE).and_then(|v| v.to_str().ok()),
        len,
    ) {
        ByteRange::Full => Response::new(Body::from(stored.bytes)),
        ByteRange::Part(start, end) => {
            let (s, e) = (
                usize::try_from(start).unwrap_or(0),
                usize::try_from(end).unwrap_or(0),
            );
            let body = stored
                .bytes
                .get(s..=e)
                .map(<[u8]>::to_vec)
                .unwrap_or_default();
            let mut r = Response::new(Body::from(body));
            *r.status_mut() = StatusCode::PARTIAL_CONTENT;
            if let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{end}/{len}")) {
                r.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            r
        }
        ByteRange::Unsatisfiable => {
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::RANGE_NOT_SATISFIABLE;
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
                r.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return r;
        }
    };
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_follow_rfc_9110() {
        assert_eq!(byte_range(None, 100), ByteRange::Full);
        assert_eq!(byte_range(Some("bytes=0-9"), 100), ByteRange::Part(0, 9));
        assert_eq!(byte_range(Some("bytes=90-"), 100), ByteRange::Part(90, 99));
        assert_eq!(byte_range(Some("bytes=-10"), 100), ByteRange::Part(90, 99));
        assert_eq!(byte_range(Some("bytes=-500"), 100), ByteRange::Part(0, 99));
        assert_eq!(
            byte_range(Some("bytes=50-5000"), 100),
            ByteRange::Part(50, 99)
        );
        assert_eq!(
            byte_range(Some("bytes=100-"), 100),
            ByteRange::Unsatisfiable
        );
        assert_eq!(byte_range(Some("bytes=-0"), 100), ByteRange::Unsatisfiable);
        for ignored in [
            "bytes=0-1,5-6",
            "bytes=9-3",
            "items=0-1",
            "bytes=x-y",
            "bytes=-",
        ] {
            assert_eq!(byte_range(Some(ignored), 100), ByteRange::Full, "{ignored}");
        }
    }
}
