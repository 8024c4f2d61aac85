//! A picture seller staff upload: checked for what it is (not what its name says), decoded within
//! limits (a decompression bomb is refused from its header, before any pixel is allocated), turned
//! the way the camera held it, and drawn again into the catalog's two sizes, WebP and PNG. Nothing
//! of the file but its pixels survives: no EXIF (place, time, camera), no comments, no profile.

use super::db::rows::{LARGE_SIZE, THUMB_SIZE};
use crate::domain::form::FieldProblem;
use image::{
    codecs::{png::PngEncoder, webp::WebPEncoder},
    imageops, DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader, Limits, Rgb,
    RgbImage,
};
use std::io::Cursor;
use tokio::sync::Semaphore;

/// One stored size of a picture, encoded both ways the catalog serves it.
#[derive(PartialEq, Eq)]
pub struct Rendition {
    pub variant: &'static str,
    pub size: (u32, u32),
    pub webp: Vec<u8>,
    pub png: Vec<u8>,
}

/// Encodes a picture as lossless WebP and as PNG (for browsers without WebP).
pub fn encode(variant: &'static str, img: &RgbImage) -> Result<Rendition, image::ImageError> {
    let (w, h) = img.dimensions();
    let mut webp = Vec::new();
    WebPEncoder::new_lossless(&mut webp).write_image(
        img.as_raw(),
        w,
        h,
        image::ExtendedColorType::Rgb8,
    )?;
    let mut png = Vec::new();
    PngEncoder::new(&mut png).write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)?;
    Ok(Rendition {
        variant,
        size: (w, h),
        webp,
        png,
    })
}

/// Pictures decoded at once: each takes a core and up to a few hundred MB while it is drawn.
static DECODING: Semaphore = Semaphore::const_new(2);

/// `process`, off the async runtime and one of `DECODING` at a time.
pub async fn render(name: String, bytes: Vec<u8>) -> Result<Vec<Rendition>, PictureProblem> {
    let _turn = DECODING
        .acquire()
        .await
        .map_err(|_| PictureProblem::Broken)?;
    tokio::task::spawn_blocking(move || process(&name, &bytes))
        .await
        .unwrap_or(Err(PictureProblem::Broken))
}

/// The largest file taken.
pub const MAX_PICTURE_BYTES: usize = 10 * 1024 * 1024;
/// The longest side taken, in pixels.
pub const MAX_SIDE: u32 = 6_000;

/// Why a file was not taken as a picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PictureProblem {
    #[error("not a JPEG, PNG or WebP picture")]
    NotAPicture,
    #[error("the file's name says another kind of file than it holds")]
    NotWhatItsNameSays,
    #[error("larger than 10 MB")]
    TooLarge,
    #[error("wider or taller than 6,000 pixels")]
    TooManyPixels,
    #[error("the picture is broken or cut off")]
    Broken,
}

impl PictureProblem {
    /// The problem as the upload form shows it.
    pub fn problem(self) -> FieldProblem {
        match self {
            PictureProblem::NotAPicture => FieldProblem::PictureNotAPicture,
            PictureProblem::NotWhatItsNameSays => FieldProblem::PictureMismatch,
            PictureProblem::TooLarge => FieldProblem::PictureTooLarge,
            PictureProblem::TooManyPixels => FieldProblem::PictureTooManyPixels,
            PictureProblem::Broken => FieldProblem::PictureBroken,
        }
    }
}

/// The kind a file's name says it is (`None` for a name without an extension).
fn named_format(name: &str) -> Option<Result<ImageFormat, PictureProblem>> {
    let (_, ext) = name.rsplit_once('.')?;
    Some(match ext.to_ascii_lowercase().as_str() {
        "jpg" | "jpeg" => Ok(ImageFormat::Jpeg),
        "png" => Ok(ImageFormat::Png),
        "webp" => Ok(ImageFormat::WebP),
        _ => Err(PictureProblem::NotWhatItsNameSays),
    })
}

/// Checks and decodes an uploaded file called `name` and renders the catalog's sizes of it.
/// CPU-heavy: call it off the async runtime (`spawn_blocking`).
pub fn process(name: &str, bytes: &[u8]) -> Result<Vec<Rendition>, PictureProblem> {
    if bytes.len() > MAX_PICTURE_BYTES {
        return Err(PictureProblem::TooLarge);
    }
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(PictureProblem::NotAPicture),
    };
    if let Some(named) = named_format(name) {
        if named? != format {
            return Err(PictureProblem::NotWhatItsNameSays);
        }
    }
    // The JPEG decoder draws a cut-off picture's missing part grey rather than fail.
    if format == ImageFormat::Jpeg && !jpeg_is_whole(bytes) {
        return Err(PictureProblem::Broken);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    // The decoded picture at its largest (RGBA, 16 bits a channel) and the decoder's own.
    limits.max_alloc = Some(u64::from(MAX_SIDE) * u64::from(MAX_SIDE) * 8 + 64 * 1024 * 1024);
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format);
    reader.limits(limits);
    let refused = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => PictureProblem::TooManyPixels,
        _ => PictureProblem::Broken,
    };
    let mut decoder = reader.into_decoder().map_err(refused)?;
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 {
        return Err(PictureProblem::Broken);
    }
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(PictureProblem::TooManyPixels);
    }
    let orientation = decoder.orientation().map_err(refused)?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(refused)?;
    picture.apply_orientation(orientation);
    let flat = on_white(&picture);
    Ok(vec![
        encode("thumb", &fitted(&flat, THUMB_SIZE)).map_err(|_| PictureProblem::Broken)?,
        encode("large", &fitted(&flat, LARGE_SIZE)).map_err(|_| PictureProblem::Broken)?,
    ])
}

impl std::fmt::Debug for Rendition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rendition({} {:?})", self.variant, self.size)
    }
}

/// Whether a JPEG is whole: its segments, walked from the start, reach the end-of-image marker
/// (each scan's data skipped up to the marker after it). What a camera appends after the end (a
/// motion photo's video) is let be.
fn jpeg_is_whole(b: &[u8]) -> bool {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return false;
    }
    let mut i = 2;
    loop {
        // Fill bytes before a marker.
        while b.get(i..i + 2) == Some(&[0xFF, 0xFF]) {
            i += 1;
        }
        let (Some(0xFF), Some(&marker)) = (b.get(i), b.get(i + 1)) else {
            return false;
        };
        i += 2;
        match marker {
            0xD9 => return true,
            0x01 | 0xD0..=0xD7 => {}
            _ => {
                let Some(&[hi, lo]) = b.get(i..i + 2) else {
                    return false;
                };
                i += usize::from(u16::from_be_bytes([hi, lo]));
                if marker == 0xDA {
                    // The scan's data, in which 0xFF is followed by 0x00 or a restart marker.
                    loop {
                        match (b.get(i), b.get(i + 1)) {
                            (Some(0xFF), Some(0x00 | 0xD0..=0xD7)) => i += 2,
                            (Some(0xFF), Some(_)) => break,
                            (Some(_), _) => i += 1,
                            (None, _) => return false,
                        }
                    }
                }
            }
        }
    }
}

/// The picture on a white ground (what is transparent shows white, as on the catalog's cards).
fn on_white(picture: &DynamicImage) -> RgbImage {
    let rgba = picture.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let mix = |c: u8| {
            let (c, a) = (u32::from(c), u32::from(a));
            ((c * a + 255 * (255 - a) + 127) / 255) as u8
        };
        Rgb([mix(r), mix(g), mix(b)])
    })
}

/// The whole picture within `size`, centred on white: nothing of the goods is cut off and every
/// card has the same shape.
fn fitted(picture: &RgbImage, (w, h): (u32, u32)) -> RgbImage {
    let scale = f64::min(
        f64::from(w) / f64::from(picture.width()),
        f64::from(h) / f64::from(picture.height()),
    );
    let fw = ((f64::from(picture.width()) * scale).round() as u32).clamp(1, w);
    let fh = ((f64::from(picture.height()) * scale).round() as u32).clamp(1, h);
    let resized = imageops::resize(picture, fw, fh, imageops::FilterType::Triangle);
    let mut canvas = RgbImage::from_pixel(w, h, Rgb([255, 255, 255]));
    imageops::overlay(
        &mut canvas,
        &resized,
        i64::from((w - fw) / 2),
        i64::from((h - fh) / 2),
    );
    canvas
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut out = Vec::new();
        PngEncoder::new(&mut out)
            .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
            .expect("png");
        out
    }

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_pixel(w, h, Rgb([200, 30, 40]));
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
            .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
            .expect("jpeg");
        out
    }

    #[test]
    fn a_picture_comes_out_in_both_sizes_and_formats_fitted_on_white() {
        let out = process("photo.JPG", &jpeg(800, 400)).expect("taken");
        assert_eq!(out.len(), 2);
        assert_eq!((out[0].variant, out[0].size), ("thumb", THUMB_SIZE));
        assert_eq!((out[1].variant, out[1].size), ("large", LARGE_SIZE));
        for r in &out {
            assert_eq!(&r.webp[8..12], b"WEBP");
            assert_eq!(&r.png[..8], b"\x89PNG\r\n\x1a\n");
        }
        let large = image::load_from_memory(&out[1].png).expect("png").to_rgb8();
        assert_eq!(
            large.get_pixel(360, 10).0,
            [255, 255, 255],
            "white above a wide picture"
        );
        let red = large.get_pixel(360, 360).0;
        assert!(
            red[0] > 150 && red[1] < 80,
            "the picture in the middle: {red:?}"
        );
    }

    #[test]
    fn what_is_not_a_picture_or_not_what_its_name_says_is_refused() {
        assert_eq!(
            process("a.png", b"GIF89a...."),
            Err(PictureProblem::NotAPicture)
        );
        assert_eq!(process("a.jpg", b"hello"), Err(PictureProblem::NotAPicture));
        assert_eq!(
            process("a.png", &jpeg(10, 10)),
            Err(PictureProblem::NotWhatItsNameSays)
        );
        assert_eq!(
            process("a.exe", &png(10, 10)),
            Err(PictureProblem::NotWhatItsNameSays)
        );
        assert!(
            process("camera", &png(10, 10)).is_ok(),
            "no extension: the contents say"
        );
    }

    #[test]
    fn a_truncated_picture_is_broken() {
        let whole = png(300, 300);
        let cut = &whole[..whole.len() / 2];
        assert_eq!(process("a.png", cut), Err(PictureProblem::Broken));
        let whole = jpeg(300, 300);
        assert_eq!(
            process("a.jpg", &whole[..whole.len() / 3]),
            Err(PictureProblem::Broken)
        );
        // A motion photo: the video a phone appends after the picture's end is no harm.
        let mut motion = whole;
        motion.extend_from_slice(b"\0\0\0\x18ftypmp42\xFF\xDA\x00\x02\xFF");
        assert!(process("a.jpg", &motion).is_ok());
    }

    #[test]
    fn too_large_files_and_too_many_pixels_are_refused() {
        assert_eq!(
            process("a.png", &vec![0u8; MAX_PICTURE_BYTES + 1]),
            Err(PictureProblem::TooLarge)
        );
        assert_eq!(
            process("tall.png", &png(2, MAX_SIDE + 1)),
            Err(PictureProblem::TooManyPixels)
        );
        assert!(process("tall.png", &png(2, MAX_SIDE)).is_ok());
    }
}
