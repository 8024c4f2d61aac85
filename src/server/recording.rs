//! A voice description or a short video seller staff upload: taken as it came (nothing is
//! re-encoded), so it is checked for what it is from its own structure rather than its name, and
//! walked to its end so that a file cut off on a slow link, or with something else after it, is
//! refused rather than served to shoppers' players.
//!
//! - Voice: Ogg holding Opus or Vorbis (every page's checksum checked, the stream ended), or MP3
//!   (MPEG audio layer III frames one after another to the end, ID3 tags allowed before and after).
//! - Video: WebM (an EBML header saying `webm`, a segment with a video track and clusters, every
//!   element within the file) or MP4 (boxes filling the file exactly: `ftyp` first, `moov` with a
//!   video track, media data).

use crate::domain::{catalog::Container, form::FieldProblem};

/// The largest voice description taken (a few minutes of speech).
pub const MAX_VOICE_BYTES: usize = 2 * 1024 * 1024;
/// The largest video taken (half a minute or so from a phone).
pub const MAX_VIDEO_BYTES: usize = 8 * 1024 * 1024;

/// What a product's recording is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Voice,
    Video,
}

impl Kind {
    pub fn max_bytes(self) -> usize {
        match self {
            Kind::Voice => MAX_VOICE_BYTES,
            Kind::Video => MAX_VIDEO_BYTES,
        }
    }

    fn takes(self, c: Container) -> bool {
        match self {
            Kind::Voice => matches!(c, Container::Ogg | Container::Mp3),
            Kind::Video => matches!(c, Container::WebM | Container::Mp4),
        }
    }
}

/// Why a file was not taken as a recording.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordingProblem {
    #[error("not an Ogg (Opus, Vorbis) or MP3 recording")]
    NotAVoice,
    #[error("not a WebM or MP4 video")]
    NotAVideo,
    #[error("the file's name says another kind of file than it holds")]
    NotWhatItsNameSays,
    #[error("larger than allowed")]
    TooLarge(Kind),
    #[error("the recording is broken or cut off")]
    Broken,
}

impl RecordingProblem {
    /// The problem as the upload form shows it.
    pub fn problem(self) -> FieldProblem {
        match self {
            RecordingProblem::NotAVoice => FieldProblem::NotAVoice,
            RecordingProblem::NotAVideo => FieldProblem::NotAVideo,
            RecordingProblem::NotWhatItsNameSays => FieldProblem::PictureMismatch,
            RecordingProblem::TooLarge(_) => FieldProblem::RecordingTooLarge,
            RecordingProblem::Broken => FieldProblem::RecordingBroken,
        }
    }
}

/// The kind a file's name says it is (`None` for a name without an extension).
fn named(name: &str) -> Option<Option<Container>> {
    let (_, ext) = name.rsplit_once('.')?;
    Some(match ext.to_ascii_lowercase().as_str() {
        "ogg" | "oga" | "opus" => Some(Container::Ogg),
        "mp3" => Some(Container::Mp3),
        "webm" => Some(Container::WebM),
        "mp4" | "m4v" => Some(Container::Mp4),
        _ => None,
    })
}

/// What the file's first bytes say it is.
fn sniff(bytes: &[u8]) -> Option<Container> {
    if bytes.starts_with(b"OggS") {
        Some(Container::Ogg)
    } else if bytes.starts_with(b"ID3") || mp3_frame(bytes).is_some() {
        Some(Container::Mp3)
    } else if bytes.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        Some(Container::WebM)
    } else if bytes.get(4..8) == Some(b"ftyp") {
        Some(Container::Mp4)
    } else {
        None
    }
}

/// Checks an uploaded file called `name` as a `kind` of recording: its file type, or why not.
pub fn check(kind: Kind, name: &str, bytes: &[u8]) -> Result<Container, RecordingProblem> {
    if bytes.len() > kind.max_bytes() {
        return Err(RecordingProblem::TooLarge(kind));
    }
    let not_one = match kind {
        Kind::Voice => RecordingProblem::NotAVoice,
        Kind::Video => RecordingProblem::NotAVideo,
    };
    let container = sniff(bytes).filter(|c| kind.takes(*c)).ok_or(not_one)?;
    if let Some(said) = named(name) {
        if said != Some(container) {
            return Err(RecordingProblem::NotWhatItsNameSays);
        }
    }
    let whole = match container {
        Container::Ogg => ogg(bytes),
        Container::Mp3 => mp3(bytes),
        Container::WebM => webm(bytes),
        Container::Mp4 => mp4(bytes),
    };
    match whole {
        Some(true) => Ok(container),
        // Well formed, but not a recording of its kind (an Ogg of another codec, an MP4 of sound
        // only).
        Some(false) => Err(not_one),
        None => Err(RecordingProblem::Broken),
    }
}

// Ogg (RFC 3533): pages of `OggS`, version 0, a segment table and a CRC over the page.

/// Ogg's CRC-32 (polynomial 0x04C11DB7, not reflected), a byte at a time.
const OGG_CRC: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = (i as u32) << 24;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 0x8000_0000 != 0 {
                (crc << 1) ^ 0x04C1_1DB7
            } else {
                crc << 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
};

fn ogg_crc(page: &[u8]) -> u32 {
    page.iter().enumerate().fold(0u32, |crc, (i, &byte)| {
        // The checksum is computed with its own field (bytes 22..26) as zeros.
        let byte = if (22..26).contains(&i) { 0 } else { byte };
        (crc << 8) ^ OGG_CRC[usize::from((crc >> 24) as u8 ^ byte)]
    })
}

/// `Some(true)`: whole pages to the end, the first beginning an Opus or Vorbis stream and the
/// last ending it. `Some(false)`: whole, but another codec. `None`: broken or cut off.
fn ogg(bytes: &[u8]) -> Option<bool> {
    let (mut at, mut first, mut ended) = (0usize, None, false);
    while at < bytes.len() {
        let head = bytes.get(at..at + 27)?;
        if &head[..4] != b"OggS" || head[4] != 0 || ended {
            return None;
        }
        let segments = usize::from(head[26]);
        let table = bytes.get(at + 27..at + 27 + segments)?;
        let body: usize = table.iter().map(|&n| usize::from(n)).sum();
        let end = at + 27 + segments + body;
        let page = bytes.get(at..end)?;
        let stored = u32::from_le_bytes([head[22], head[23], head[24], head[25]]);
        if ogg_crc(page) != stored {
            return None;
        }
        if first.is_none() {
            if head[5] & 0x02 == 0 {
                return None; // the first page must begin the stream
            }
            first = Some(&page[27 + segments..]);
        }
        ended = head[5] & 0x04 != 0;
        at = end;
    }
    if !ended {
        return None;
    }
    let packet = first?;
    Some(packet.starts_with(b"OpusHead") || packet.starts_with(b"\x01vorbis"))
}

// MP3: MPEG-1, 2 or 2.5 audio layer III frames, each from its 4-byte header.

/// The length of the frame whose header starts `bytes`, if it is a layer III header.
fn mp3_frame(bytes: &[u8]) -> Option<usize> {
    let [b0, b1, b2, _] = *bytes.get(..4)? else {
        return None;
    };
    if b0 != 0xFF || b1 & 0xE0 != 0xE0 {
        return None;
    }
    let version = (b1 >> 3) & 3; // 0: MPEG 2.5, 1: reserved, 2: MPEG 2, 3: MPEG 1
    let layer = (b1 >> 1) & 3; // 1: layer III
    if version == 1 || layer != 1 {
        return None;
    }
    const MPEG1: [u32; 15] = [
        0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
    ];
    const MPEG2: [u32; 15] = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    let index = usize::from(b2 >> 4);
    let table = if version == 3 { &MPEG1 } else { &MPEG2 };
    let kbps = *table.get(index)?;
    let rates: [u32; 3] = match version {
        3 => [44_100, 48_000, 32_000],
        2 => [22_050, 24_000, 16_000],
        _ => [11_025, 12_000, 8_000],
    };
    let rate = *rates.get(usize::from((b2 >> 2) & 3))?;
    if kbps == 0 {
        return None; // "free" bit rate: no length to walk by
    }
    let per_frame = if version == 3 { 144_000 } else { 72_000 };
    let len = per_frame * kbps / rate + u32::from((b2 >> 1) & 1);
    usize::try_from(len).ok()
}

/// Frames one after another to the end (after an ID3v2 tag, before an ID3v1 one).
fn mp3(bytes: &[u8]) -> Option<bool> {
    let mut at = 0usize;
    if let Some(tag) = bytes.strip_prefix(b"ID3") {
        let size = tag.get(3..7)?;
        if size.iter().any(|b| b & 0x80 != 0) {
            return None;
        }
        let size = size.iter().fold(0usize, |n, &b| (n << 7) | usize::from(b));
        let footer = if tag.get(2)? & 0x10 != 0 { 10 } else { 0 };
        at = 10 + size + footer;
    }
    let mut frames = 0usize;
    while at < bytes.len() {
        let rest = &bytes[at..];
        if rest.len() == 128 && rest.starts_with(b"TAG") {
            break;
        }
        let len = mp3_frame(rest)?;
        if len < 4 || len > rest.len() {
            return None;
        }
        at += len;
        frames += 1;
    }
    (frames > 0).then_some(true)
}

// WebM (Matroska's EBML): elements of an ID and a size, each a variable-length integer.

const EBML: u32 = 0x1A45_DFA3;
const DOC_TYPE: u32 = 0x4282;
const SEGMENT: u32 = 0x1853_8067;
const TRACKS: u32 = 0x1654_AE6B;
const TRACK_ENTRY: u32 = 0xAE;
const TRACK_TYPE: u32 = 0x83;
const CLUSTER: u32 = 0x1F43_B675;

/// A variable-length integer at the start of `bytes`: its value (with its length marker when
/// `keep_marker`, as element IDs are written), its length, and whether it is all ones ("size
/// unknown").
fn vint(bytes: &[u8], keep_marker: bool) -> Option<(u64, usize, bool)> {
    let first = *bytes.first()?;
    let len = usize::try_from(first.leading_zeros()).ok()? + 1;
    if len > 8 {
        return None;
    }
    let raw = bytes.get(..len)?;
    let mut value = if keep_marker {
        u64::from(first)
    } else {
        u64::from(first) & (0xFF >> len)
    };
    for &b in &raw[1..] {
        value = (value << 8) | u64::from(b);
    }
    let ones = (1u64 << (7 * len)) - 1;
    Some((value, len, !keep_marker && value == ones))
}

/// An element at `at`: its ID, where its data starts, and where it ends (`None`: size unknown).
fn element(bytes: &[u8], at: usize) -> Option<(u32, usize, Option<usize>)> {
    let (id, id_len, _) = vint(bytes.get(at..)?, true)?;
    let (size, size_len, unknown) = vint(bytes.get(at + id_len..)?, false)?;
    let data = at + id_len + size_len;
    let end = if unknown {
        None
    } else {
        let end = data.checked_add(usize::try_from(size).ok()?)?;
        if end > bytes.len() {
            return None; // cut off
        }
        Some(end)
    };
    Some((u32::try_from(id).ok()?, data, end))
}

/// The known-size elements from `at` to `end`, each as (ID, data).
fn children(bytes: &[u8], mut at: usize, end: usize) -> Option<Vec<(u32, &[u8])>> {
    let mut out = Vec::new();
    while at < end {
        let (id, data, Some(stop)) = element(bytes, at)? else {
            return None;
        };
        if stop > end {
            return None;
        }
        out.push((id, &bytes[data..stop]));
        at = stop;
    }
    Some(out)
}

fn has_video_track(tracks: &[u8]) -> Option<bool> {
    for (id, entry) in children(tracks, 0, tracks.len())? {
        if id != TRACK_ENTRY {
            continue;
        }
        if children(entry, 0, entry.len())?
            .iter()
            .any(|&(id, kind)| id == TRACK_TYPE && kind == [1])
        {
            return Some(true);
        }
    }
    Some(false)
}

fn webm(bytes: &[u8]) -> Option<bool> {
    let (EBML, data, Some(end)) = element(bytes, 0)? else {
        return None;
    };
    let doc_type = children(bytes, data, end)?
        .into_iter()
        .find(|&(id, _)| id == DOC_TYPE)?
        .1;
    if doc_type != b"webm" {
        return Some(false);
    }
    let (SEGMENT, mut at, segment_end) = element(bytes, end)? else {
        return None;
    };
    // A recording made in a browser leaves the segment's and clusters' sizes unknown: their
    // elements are walked one after another to the file's end.
    let stop = segment_end.unwrap_or(bytes.len());
    if stop != bytes.len() {
        return None; // something after the segment
    }
    let (mut video, mut clusters) = (false, 0usize);
    while at < stop {
        let (id, data, end) = element(bytes, at)?;
        match (id, end) {
            (TRACKS, Some(end)) => video |= has_video_track(&bytes[data..end])?,
            (CLUSTER, _) => clusters += 1,
            _ => {}
        }
        at = match (id, end) {
            // Into a cluster of unknown size: its blocks follow.
            (CLUSTER, None) => data,
            (_, Some(end)) if end <= stop => end,
            _ => return None,
        };
    }
    Some(video && clusters > 0)
}

// MP4 (ISO base media): boxes of a size and a type.

/// The boxes from `at` to `end`, each as (type, data).
fn boxes(bytes: &[u8], mut at: usize, end: usize) -> Option<Vec<([u8; 4], &[u8])>> {
    let mut out = Vec::new();
    while at < end {
        let head = bytes.get(at..at + 8)?;
        let kind: [u8; 4] = head[4..8].try_into().ok()?;
        let size = u32::from_be_bytes(head[..4].try_into().ok()?);
        let (data, stop) = match size {
            0 => (at + 8, end),
            1 => {
                let large = u64::from_be_bytes(bytes.get(at + 8..at + 16)?.try_into().ok()?);
                (at + 16, at.checked_add(usize::try_from(large).ok()?)?)
            }
            n => (at + 8, at.checked_add(usize::try_from(n).ok()?)?),
        };
        if stop < data || stop > end {
            return None;
        }
        out.push((kind, &bytes[data..stop]));
        at = stop;
    }
    Some(out)
}

/// Whether a `moov` box holds a track whose handler is `vide`.
fn has_video_handler(moov: &[u8]) -> Option<bool> {
    for (kind, trak) in boxes(moov, 0, moov.len())? {
        if &kind != b"trak" {
            continue;
        }
        for (kind, mdia) in boxes(trak, 0, trak.len())? {
            if &kind != b"mdia" {
                continue;
            }
            for (kind, hdlr) in boxes(mdia, 0, mdia.len())? {
                if &kind == b"hdlr" && hdlr.get(8..12) == Some(b"vide") {
                    return Some(true);
                }
            }
        }
    }
    Some(false)
}

fn mp4(bytes: &[u8]) -> Option<bool> {
    let top = boxes(bytes, 0, bytes.len())?;
    let (kind, _) = top.first()?;
    if kind != b"ftyp" {
        return None;
    }
    let mut video = false;
    let mut media = false;
    for (kind, data) in &top {
        match kind {
            b"moov" => video |= has_video_handler(data)?,
            b"mdat" => media = true,
            _ => {}
        }
    }
    Some(video && media)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo(name: &str) -> Vec<u8> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tools/demo/media/");
        std::fs::read(format!("{path}{name}")).expect("a demo recording")
    }

    /// MPEG-1 layer III, 128 kbit/s, 44.1 kHz: 417-byte frames.
    fn mp3_frames(n: usize) -> Vec<u8> {
        let frame = |_| {
            let mut f = vec![0xFF, 0xFB, 0x90, 0x64];
            f.resize(417, 0);
            f
        };
        (0..n).flat_map(frame).collect()
    }

    fn mp4_box(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let size = u32::try_from(8 + data.len()).expect("small");
        [&size.to_be_bytes()[..], kind, data].concat()
    }

    fn mp4_with(handler: &[u8; 4]) -> Vec<u8> {
        let hdlr = mp4_box(b"hdlr", &[&[0u8; 8][..], handler, &[0u8; 12]].concat());
        let moov = mp4_box(b"moov", &mp4_box(b"trak", &mp4_box(b"mdia", &hdlr)));
        [
            mp4_box(b"ftyp", b"isom\0\0\x02\0isomiso2avc1mp41"),
            moov,
            mp4_box(b"mdat", &[7; 100]),
        ]
        .concat()
    }

    #[test]
    fn the_demo_voices_and_videos_are_taken() {
        for name in ["socks-ko.ogg", "cream-buns-en.ogg"] {
            assert_eq!(check(Kind::Voice, name, &demo(name)), Ok(Container::Ogg));
        }
        let video = demo("cream-buns.webm");
        assert_eq!(check(Kind::Video, "v.webm", &video), Ok(Container::WebM));
        assert_eq!(check(Kind::Video, "", &video), Ok(Container::WebM));
    }

    /// The demo video with its segment's and clusters' sizes unknown, as a browser's recorder
    /// writes them.
    fn recorded_in_a_browser(mut webm: Vec<u8>) -> Vec<u8> {
        let Some((EBML, _, Some(segment))) = element(&webm, 0) else {
            panic!("an EBML header");
        };
        let mut unknown = vec![segment];
        let Some((SEGMENT, mut at, Some(end))) = element(&webm, segment) else {
            panic!("a segment");
        };
        while at < end {
            let Some((id, _, Some(next))) = element(&webm, at) else {
                panic!("an element");
            };
            if id == CLUSTER {
                unknown.push(at);
            }
            at = next;
        }
        for at in unknown {
            let (_, id_len, _) = vint(&webm[at..], true).expect("an id");
            let (_, size_len, _) = vint(&webm[at + id_len..], false).expect("a size");
            let size = &mut webm[at + id_len..at + id_len + size_len];
            size.fill(0xFF);
            size[0] = 0xFF >> (size_len - 1);
        }
        webm
    }

    #[test]
    fn a_browser_recording_of_unknown_sizes_is_walked_to_its_end() {
        let webm = recorded_in_a_browser(demo("cream-buns.webm"));
        assert_ne!(webm, demo("cream-buns.webm"));
        assert_eq!(check(Kind::Video, "", &webm), Ok(Container::WebM));
        let cut = &webm[..webm.len() - 100];
        assert_eq!(check(Kind::Video, "", cut), Err(RecordingProblem::Broken));
        let longer = [&webm[..], b"trailing junk"].concat();
        assert_eq!(
            check(Kind::Video, "", &longer),
            Err(RecordingProblem::Broken)
        );
    }

    #[test]
    fn mp3_and_mp4_are_taken_by_their_structure() {
        let mut mp3 = b"ID3\x04\0\0\0\0\0\x05hello".to_vec();
        mp3.extend(mp3_frames(3));
        assert_eq!(check(Kind::Voice, "a.MP3", &mp3), Ok(Container::Mp3));
        let mut tagged = mp3_frames(2);
        tagged.extend(b"TAG");
        tagged.resize(tagged.len() + 125, b' ');
        assert_eq!(check(Kind::Voice, "a.mp3", &tagged), Ok(Container::Mp3));
        assert_eq!(
            check(Kind::Video, "clip.mp4", &mp4_with(b"vide")),
            Ok(Container::Mp4)
        );
    }

    #[test]
    fn a_file_cut_off_or_with_something_after_it_is_broken() {
        let ogg = demo("socks-ko.ogg");
        let webm = demo("cream-buns.webm");
        let mp3 = mp3_frames(3);
        let mp4 = mp4_with(b"vide");
        for (kind, bytes) in [
            (Kind::Voice, &ogg),
            (Kind::Video, &webm),
            (Kind::Voice, &mp3),
            (Kind::Video, &mp4),
        ] {
            let cut = &bytes[..bytes.len() - 100];
            assert_eq!(check(kind, "", cut), Err(RecordingProblem::Broken));
            let longer = [&bytes[..], b"trailing junk"].concat();
            assert_eq!(check(kind, "", &longer), Err(RecordingProblem::Broken));
        }
        // One byte changed inside an Ogg page: its checksum no longer holds.
        let mut flipped = ogg.clone();
        flipped[ogg.len() / 2] ^= 1;
        assert_eq!(
            check(Kind::Voice, "", &flipped),
            Err(RecordingProblem::Broken)
        );
    }

    #[test]
    fn the_wrong_kind_behind_a_right_name_is_refused() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(
            check(Kind::Voice, "voice.ogg", png),
            Err(RecordingProblem::NotAVoice)
        );
        assert_eq!(
            check(Kind::Video, "clip.webm", &demo("socks-ko.ogg")),
            Err(RecordingProblem::NotAVideo)
        );
        assert_eq!(
            check(Kind::Voice, "voice.mp3", &demo("socks-ko.ogg")),
            Err(RecordingProblem::NotWhatItsNameSays)
        );
        assert_eq!(
            check(Kind::Voice, "voice.txt", &demo("socks-ko.ogg")),
            Err(RecordingProblem::NotWhatItsNameSays)
        );
        // Well-formed MP4 with sound only is not a video.
        assert_eq!(
            check(Kind::Video, "a.mp4", &mp4_with(b"soun")),
            Err(RecordingProblem::NotAVideo)
        );
    }

    #[test]
    fn a_file_over_its_size_is_refused_before_it_is_read() {
        let big = vec![0u8; MAX_VOICE_BYTES + 1];
        assert_eq!(
            check(Kind::Voice, "a.ogg", &big),
            Err(RecordingProblem::TooLarge(Kind::Voice))
        );
    }
}
