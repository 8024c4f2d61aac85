//! `GET /media/{id}/{variant}.{ext}`: stored pictures, voice and video, with HTTP range requests
//! (browsers seek in audio and video with them) and long-lived caching (a stored file never changes).

use super::{db::media::StoredFile, state::AppState};
use crate::domain::{catalog::Container, MediaId};
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
        _ => return Container::from_ext(ext).map(Container::mime),
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

/// Reads a `Range` header (`http-range-header` parses it) for a body of `len` bytes. One range is
/// honoured; several, or a malformed header, get the whole body (which RFC 9110 allows). A suffix
/// longer than the body asks for all of it; a range starting past the end can't be satisfied.
pub fn byte_range(header: Option<&str>, len: u64) -> ByteRange {
    use http_range_header::{EndPosition, RangeUnsatisfiableError, StartPosition};
    let Some(header) = header else {
        return ByteRange::Full;
    };
    let parsed = match http_range_header::parse_range_header(header.trim()) {
        Ok(parsed) => parsed,
        Err(RangeUnsatisfiableError::ZeroSuffix) => return ByteRange::Unsatisfiable,
        Err(_) => return ByteRange::Full,
    };
    let [range] = parsed.ranges.as_slice() else {
        return ByteRange::Full;
    };
    let last = len.saturating_sub(1);
    let (start, end) = match (range.start, range.end) {
        (StartPosition::FromLast(n), _) => (len.saturating_sub(n), last),
        (StartPosition::Index(s), EndPosition::LastByte) => (s, last),
        (StartPosition::Index(s), EndPosition::Index(e)) if s <= e => (s, e.min(last)),
        (StartPosition::Index(_), EndPosition::Index(_)) => return ByteRange::Full,
    };
    if len == 0 || start >= len {
        ByteRange::Unsatisfiable
    } else {
        ByteRange::Part(start, end)
    }
}

/// A stored file is read from the database at least this many bytes at a time, as the response
/// is sent.
const CHUNK: u64 = 16 * 1024;
/// ... and in at most this many reads for the whole file: each read of a part has the database
/// load the whole value (SQLite's `SUBSTR` of a BLOB, a compressed BYTEA), so a video read 16 KB
/// at a time would cost its size squared.
const READS_PER_FILE: u64 = 16;

/// The bytes `start..=end` of a stored file of `len` bytes, read as they are sent.
fn stream(state: AppState, file: StoredFile, (start, end): (u64, u64), len: u64) -> Body {
    let chunk = CHUNK.max(len.div_ceil(READS_PER_FILE));
    let chunks = futures_util::stream::unfold(start, move |at| {
        let (state, file) = (state.clone(), file.clone());
        async move {
            if at > end {
                return None;
            }
            let len = (end - at + 1).min(chunk);
            let read = state
                .db
                .media_part(&file, at, len)
                .await
                .map_err(std::io::Error::other);
            Some((read.map(axum::body::Bytes::from), at + len))
        }
    });
    Body::from_stream(chunks)
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
    let (file, len) = match state.db.media_file(id, variant, mime).await {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(),
        Err(err) => {
            return crate::error::AppError::from(err)
                .status_code()
                .into_response()
        }
    };
    let etag = format!("\"m{id}-{variant}-{len}\"");
    let (mut res, sent) = match byte_range(
        headers.get(header::RANGE).and_then(|v| v.to_str().ok()),
        len,
    ) {
        ByteRange::Full if len == 0 => (Response::new(Body::empty()), 0),
        ByteRange::Full => (Response::new(stream(state, file, (0, len - 1), len)), len),
        ByteRange::Part(start, end) => {
            let mut r = Response::new(stream(state, file, (start, end), len));
            *r.status_mut() = StatusCode::PARTIAL_CONTENT;
            if let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{end}/{len}")) {
                r.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            (r, end - start + 1)
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
    // A streamed body has no length of its own: say it (players and progress bars use it).
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(sent));
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
