//! Draws the demo pictures (no photographs exist): a flat illustration per good, in the category's
//! colours, rendered at the stored sizes and encoded as WebP (lossless) and PNG.

pub use crate::server::upload::Rendition;
use crate::server::{
    db::rows::{LARGE_SIZE, THUMB_SIZE},
    upload::encode,
};
use image::{imageops, Rgb, RgbImage};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex, OnceLock},
};

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

/// What a demo picture shows: the good's kind (its subcategory: a sock, a shoe, a bottle…) in
/// its top category's colours, or in the colour its variant is named for (`면양말 하늘색`), with
/// `seed` varying the shade and the stripes between goods of one kind.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Look {
    pub category: String,
    pub kind: String,
    pub colour: Option<[u8; 3]>,
    pub seed: u64,
}

/// The colour a variant's name is named for (`흰색 소형` → white), if it names one.
pub fn colour_named(variant_ko: &str) -> Option<[u8; 3]> {
    const COLOURS: &[(&str, [u8; 3])] = &[
        ("흰색", [244, 244, 238]),
        ("검은색", [38, 38, 44]),
        ("밤색", [122, 74, 40]),
        ("하늘색", [110, 176, 228]),
        ("붉은색", [204, 36, 40]),
        ("분홍색", [238, 136, 172]),
        ("귤색", [242, 140, 36]),
        ("밝은색", [236, 222, 186]),
        ("중간색", [168, 146, 112]),
    ];
    COLOURS
        .iter()
        .find(|(name, _)| variant_ko.starts_with(name))
        .map(|(_, rgb)| *rgb)
}

/// The picture `look` describes, drawn once per process: the demo pictures are deterministic, and
/// tests seed many databases.
pub fn drawn(look: &Look) -> Result<Arc<Vec<Rendition>>, image::ImageError> {
    type Cache = Mutex<HashMap<Look, Arc<Vec<Rendition>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(look).cloned()) {
        return Ok(hit);
    }
    let fresh = Arc::new(draw(look)?);
    if let Ok(mut c) = cache.lock() {
        c.insert(look.clone(), fresh.clone());
    }
    Ok(fresh)
}

/// Whether the point (`dx`, `dy`) from the centre lies in the silhouette of a `kind` of radius `r`.
fn inside(kind: &str, dx: i64, dy: i64, r: i64) -> bool {
    let rect = |x0: i64, y0: i64, x1: i64, y1: i64| dx >= x0 && dx <= x1 && dy >= y0 && dy <= y1;
    let ellipse = |cx: i64, cy: i64, rx: i64, ry: i64| {
        let (x, y) = (dx - cx, dy - cy);
        x * x * ry * ry + y * y * rx * rx <= rx * rx * ry * ry
    };
    match kind {
        // A sock: the leg, then the foot to the right.
        "hosiery" => rect(-r / 2, -r, 0, r / 2) || ellipse(r / 6, r / 2, r * 2 / 3, r / 4),
        // A shirt: the body and both sleeves.
        "tops" | "outerwear" => {
            rect(-r / 2, -r * 3 / 4, r / 2, r)
                || (dy <= -r / 4 && dy >= -r * 3 / 4 && dx.abs() <= r)
        }
        // A dress: narrow at the top, wide at the hem.
        "skirts-dresses" => dy >= -r && dy <= r && dx.abs() <= r / 4 + (dy + r) * 3 / 8,
        // A bag and its handle.
        "handbags" | "travel-bags" => {
            rect(-r, -r / 4, r, r * 3 / 4)
                || (ellipse(0, -r / 4, r / 2, r / 2)
                    && !ellipse(0, -r / 4, r / 3, r / 3)
                    && dy < -r / 4)
        }
        "backpacks" => {
            rect(-r * 2 / 3, -r * 3 / 4, r * 2 / 3, r) || ellipse(0, -r * 3 / 4, r * 2 / 3, r / 3)
        }
        // A shoe: the sole, the toe and the heel's rise.
        "sports-shoes" | "leather-shoes" | "childrens-shoes" => {
            rect(-r, r / 4, r, r / 2)
                || ellipse(r / 3, r / 4, r * 2 / 3, r / 3)
                || rect(-r, -r / 3, -r / 4, r / 2)
        }
        // A bottle: the neck and the body.
        "drinks" | "dairy" => rect(-r / 8, -r, r / 8, -r / 2) || rect(-r / 3, -r / 2, r / 3, r),
        // A bowl.
        "dishes" => dy >= 0 && ellipse(0, 0, r, r * 3 / 4),
        // A sack tied at the top.
        "staples" => ellipse(0, r / 4, r * 2 / 3, r * 3 / 4) || rect(-r / 6, -r, r / 6, -r / 3),
        // A pill box, a jar with its lid, a tube.
        "koryo-medicine" | "everyday-medicine" => ellipse(0, 0, r, r / 3),
        "skin-care" | "make-up" => {
            rect(-r / 2, -r / 3, r / 2, r) || rect(-r * 2 / 3, -r * 2 / 3, r * 2 / 3, -r / 3)
        }
        "hair-care" => rect(-r / 3, -r / 2, r / 3, r) || rect(-r / 6, -r, r / 6, -r / 2),
        // A table, a chair, a cabinet.
        "tables" => {
            rect(-r, -r / 3, r, -r / 6)
                || rect(-r * 7 / 8, -r / 6, -r * 3 / 4, r)
                || rect(r * 3 / 4, -r / 6, r * 7 / 8, r)
        }
        "chairs" => {
            rect(-r / 2, -r, -r / 3, r) || rect(-r / 2, 0, r / 2, r / 6) || rect(r / 3, 0, r / 2, r)
        }
        "storage" => rect(-r * 2 / 3, -r, r * 2 / 3, r) && !(dx.abs() <= 4 && dy > -r + 8),
        // A pot with handles, a bucket, a screen on its stand, a pillow.
        "kitchen" => rect(-r * 2 / 3, -r / 3, r * 2 / 3, r * 2 / 3) || rect(-r, -r / 3, r, -r / 6),
        "cleaning" => dy >= -r / 2 && dy <= r && dx.abs() <= r / 2 + (r - dy) / 4,
        "electronics" => {
            rect(-r, -r * 2 / 3, r, r / 3)
                || rect(-r / 8, r / 3, r / 8, r * 2 / 3)
                || rect(-r / 2, r * 2 / 3, r / 2, r * 3 / 4)
        }
        "bedding" => ellipse(0, 0, r, r / 2),
        // A bun, and anything else.
        _ => ellipse(0, 0, r, r * 2 / 3),
    }
}

/// Draws `look` at the large size and encodes both sizes.
pub fn draw(look: &Look) -> Result<Vec<Rendition>, image::ImageError> {
    let (w, h) = LARGE_SIZE;
    let seed = look.seed;
    let (bg, fg) = palette(&look.category);
    let shade = |c: Rgb<u8>, by: u8| Rgb(c.0.map(|v| v.saturating_sub(by)));
    let accent = match look.colour {
        Some(rgb) => Rgb(rgb),
        None => shade(fg, (seed % 5) as u8 * 18),
    };
    // A dark colour's stripes and outline lighten it instead.
    let dark = accent.0.iter().map(|&v| u32::from(v)).sum::<u32>() < 200;
    let edge = if dark {
        Rgb(accent.0.map(|v| v.saturating_add(70)))
    } else {
        shade(accent, 90)
    };
    let stripe_colour = if dark {
        Rgb(accent.0.map(|v| v.saturating_add(30)))
    } else {
        shade(accent, 24)
    };
    let (cx, cy) = (w as i64 / 2, h as i64 / 2 + 20);
    let r = (w as i64) * (30 + (seed % 5) as i64) / 100;
    let kind = look.kind.as_str();
    // The silhouette once; a pixel inside it within 6 px of its edge draws the outline.
    let mask: Vec<bool> = (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .map(|(x, y)| inside(kind, x as i64 - cx, y as i64 - cy, r))
        .collect();
    let at = |x: i64, y: i64| {
        x >= 0
            && y >= 0
            && x < w as i64
            && y < h as i64
            && mask[(y as usize) * (w as usize) + x as usize]
    };
    let img = RgbImage::from_fn(w, h, |x, y| {
        let (x, y) = (x as i64, y as i64);
        if at(x, y) {
            let border = [(6, 0), (-6, 0), (0, 6), (0, -6)]
                .iter()
                .any(|(ox, oy)| !at(x + ox, y + oy));
            let stripe = (y as u64 / 24 + seed).is_multiple_of(3);
            if border {
                edge
            } else if stripe {
                stripe_colour
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_come_in_two_sizes_and_two_real_formats() {
        let r = draw(&look("bakery", None)).expect("draws");
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

    fn look(kind: &str, colour: Option<[u8; 3]>) -> Look {
        Look {
            category: "womens-clothing".into(),
            kind: kind.into(),
            colour,
            seed: 3,
        }
    }

    /// The centre pixel of the large picture.
    fn middle(r: &[Rendition]) -> Vec<u8> {
        let img = image::load_from_memory(&r[1].png).expect("a PNG").to_rgb8();
        img.get_pixel(360, 380).0.to_vec()
    }

    #[test]
    fn a_colour_named_in_the_variant_colours_the_good_and_kinds_differ_in_shape() {
        assert_eq!(colour_named("하늘색 소형"), Some([110, 176, 228]));
        assert_eq!(colour_named("딸기맛"), None);
        let sky = draw(&look("hosiery", colour_named("하늘색"))).expect("draws");
        let black = draw(&look("hosiery", colour_named("검은색"))).expect("draws");
        assert_ne!(middle(&sky), middle(&black));
        assert_ne!(sky[1].png, black[1].png);
        let sock = draw(&look("hosiery", None)).expect("draws");
        let shoe = draw(&look("sports-shoes", None)).expect("draws");
        assert_ne!(
            sock[1].png, shoe[1].png,
            "a sock and a shoe are drawn differently"
        );
    }
}
