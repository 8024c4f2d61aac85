//! Draws the demo pictures (no photographs exist): a flat illustration per good, in the category's
//! colours, rendered at the stored sizes and encoded as WebP (lossless) and PNG.

use crate::server::db::rows::{LARGE_SIZE, THUMB_SIZE};
use image::{
    codecs::png::PngEncoder, codecs::webp::WebPEncoder, imageops, ImageEncoder, Rgb, RgbImage,
};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex, OnceLock},
};

pub struct Rendition {
    pub variant: &'static str,
    pub size: (u32, u32),
    pub webp: Vec<u8>,
    pub png: Vec<u8>,
}

/// Background and foreground colours per top-level category.
fn palette(category: &str) -> (Rgb<u8>, Rgb<u8>) {
    let (bg, fg) = match category {
        "food" => ([250, 236, 205], [196, 120, 52]),
        "womens-clothing" => ([246, 224, 232], [176, 60, 104]),
        "bags" => ([229, 220, 206], [120, 84, 52]),
        "shoes" => ([218, 226, 236], [52, 76, 120]),
        "medicines" => ([222, 240, 230], [36, 128, 84]),
        "cosmetics" => ([240, 228, 246], [128, 72, 160]),
        "furniture" => ([236, 226, 212], [140, 96, 56]),
        _ => ([226, 236, 240], [40, 110, 140]),
    };
    (Rgb(bg), Rgb(fg))
}

/// The picture of good number `seed` of `category`, drawn once per process: the demo pictures are
/// deterministic, and tests seed many databases.
pub fn drawn(category: &str, seed: u64) -> Result<Arc<Vec<Rendition>>, image::ImageError> {
    type Cache = Mutex<HashMap<(String, u64), Arc<Vec<Rendition>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (category.to_string(), seed);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(hit);
    }
    let fresh = Arc::new(draw(category, seed)?);
    if let Ok(mut c) = cache.lock() {
        c.insert(key, fresh.clone());
    }
    Ok(fresh)
}

/// Draws the picture of good number `seed` of `category` at the large size and encodes both sizes.
pub fn draw(category: &str, seed: u64) -> Result<Vec<Rendition>, image::ImageError> {
    let (w, h) = LARGE_SIZE;
    let (bg, fg) = palette(category);
    let shade = |c: Rgb<u8>, by: u8| Rgb(c.0.map(|v| v.saturating_sub(by)));
    let accent = shade(fg, (seed % 5) as u8 * 18);
    let shape = seed % 4;
    let (cx, cy) = (w as i64 / 2, h as i64 / 2 + 20);
    let r = (w as i64) * (28 + (seed % 7) as i64) / 100;
    let img = RgbImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as i64 - cx, y as i64 - cy);
        let inside = match shape {
            0 => dx * dx + dy * dy <= r * r,
            1 => dx.abs() <= r && dy.abs() <= r * 3 / 4,
            2 => dy <= r / 2 && dy >= -r && dx.abs() <= (dy + r) * 2 / 3,
            _ => (dx.abs() + dy.abs()) <= r,
        };
        let stripe = (y as u64 / 24 + seed).is_multiple_of(3);
        if inside {
            if stripe {
                shade(accent, 24)
            } else {
                accent
            }
        } else if y < 60 {
            shade(bg, 12)
        } else {
            bg
        }
    });
    let thumb = imageops::resize(
        &img,
        THUMB_SIZE.0,
        THUMB_SIZE.1,
        imageops::FilterType::Triangle,
    );
    Ok(vec![encode("thumb", &thumb)?, encode("large", &img)?])
}

fn encode(variant: &'static str, img: &RgbImage) -> Result<Rendition, image::ImageError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_come_in_two_sizes_and_two_real_formats() {
        let r = draw("food", 3).expect("draws");
        assert_eq!(
            r.iter().map(|r| (r.variant, r.size)).collect::<Vec<_>>(),
            [("thumb", THUMB_SIZE), ("large", LARGE_SIZE)]
        );
        for rendition in &r {
            assert_eq!(&rendition.webp[..4], b"RIFF");
            assert_eq!(&rendition.webp[8..12], b"WEBP");
            assert_eq!(&rendition.png[..8], b"\x89PNG\r\n\x1a\n");
        }
    }
}
