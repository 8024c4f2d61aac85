//! Demo data: filled into an empty database on first start, or by `okryu seed [--items N]`.
//!
//! Deterministic: the same catalog every time (no clock, no randomness), so tests, screenshots and
//! benchmarks can rely on it. The vocabulary is in `catalog_data.rs`; pictures are drawn by `pictures.rs`;
//! the voice descriptions and videos in `media/` were made by `.ci/demo-media.sh`.

pub mod accounts;
mod catalog_data;
mod pictures;

use catalog_data as data;

use super::db::{
    catalog::{
        insert_category, insert_good, insert_product, insert_seller, link_media, NewCategory,
        NewProduct, NewSeller,
    },
    compare::set_price,
    media::{self, MediaKind, NewFile},
    Db, DbError, Tx,
};
use super::secret::SecretKey;
use crate::domain::{
    catalog::{Localized, UnitSize},
    CategoryId, MediaId, ProductId, SellerId, Won,
};
use std::collections::HashMap;

/// 2026-01-01T00:00:00Z: demo goods are dated from here on.
const EPOCH: i64 = 1_767_225_600;

/// Fills an empty database with the demo catalog, in one transaction, and a database without
/// accounts with the demo accounts. Returns whether it wrote the catalog.
///
/// The catalog is the same every time; only the demo price history is dated back from the day of
/// seeding, so that the product pages' 90-day charts have something to show.
pub async fn ensure_demo_data(db: &Db, key: &SecretKey) -> Result<bool, DbError> {
    let now = crate::server::clock::now();
    let filled = if db.catalog().is_empty().await? {
        let today = now.div_euclid(86_400) * 86_400;
        let mut tx = db.begin().await?;
        demo_catalog(&mut tx, today).await?;
        tx.commit().await?;
        true
    } else {
        false
    };
    // Databases made before accounts existed get the demo accounts too.
    accounts::ensure_demo_accounts(db, key, now).await?;
    Ok(filled)
}

/// `okryu seed --items N`: the demo catalog if the database is empty, then `extra` more generated
/// goods (for scale tests), committed in batches.
pub async fn seed(db: &Db, extra: u32, key: &SecretKey) -> Result<bool, DbError> {
    let wrote_demo = ensure_demo_data(db, key).await?;
    let ctx = existing(db).await?;
    let mut done = 0;
    while done < extra {
        let batch = (extra - done).min(2_000);
        let mut tx = db.begin().await?;
        for i in done..done + batch {
            extra_item(&mut tx, &ctx, i).await?;
        }
        tx.commit().await?;
        done += batch;
    }
    Ok(wrote_demo)
}

/// What the generator needs to know to add products.
struct Context {
    categories: HashMap<&'static str, CategoryId>,
    sellers: HashMap<&'static str, SellerId>,
    /// The picture of each entry of `data::GOODS`.
    pictures: Vec<MediaId>,
}

/// What a seller asks for a good: its price, its stock and since when it is listed.
#[derive(Clone, Copy, Debug)]
struct Offer {
    price_won: i64,
    stock: u32,
    created_at: i64,
}

impl Context {
    /// A product of `good` from `seller`: what the good fixes (category, description, unit, weight,
    /// volume), with the rest given. Not linked to a comparison group.
    fn product(
        &self,
        good: &data::Good,
        seller: &str,
        name: Localized,
        offer: Offer,
    ) -> Result<NewProduct, DbError> {
        let Offer {
            price_won,
            stock,
            created_at,
        } = offer;
        Ok(NewProduct {
            seller: *self.sellers.get(seller).ok_or_else(|| corrupt(seller))?,
            category: *self
                .categories
                .get(good.category)
                .ok_or_else(|| corrupt(good.category))?,
            good: None,
            name,
            description: Localized::new(good.desc_ko, good.desc_en),
            price: Won::from_won(price_won),
            unit: UnitSize {
                kind: good.unit.0,
                amount: good.unit.1,
            },
            weight_g: good.weight_g,
            volume_ml: good.volume_ml,
            stock,
            created_at,
        })
    }
}

fn split_mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn corrupt(what: &str) -> DbError {
    DbError::Corrupt {
        table: "demo data",
        column: "reference",
        value: what.to_string(),
    }
}

fn top_category(sub: &str) -> &'static str {
    data::SUBCATEGORIES
        .iter()
        .find(|(_, slug, _, _)| *slug == sub)
        .map_or("household", |(parent, ..)| *parent)
}

async fn demo_catalog(tx: &mut Tx<'_>, today: i64) -> Result<Context, DbError> {
    let mut categories = HashMap::new();
    for (position, (slug, ko, en)) in (0_i64..).zip(data::CATEGORIES) {
        let c = NewCategory {
            slug,
            parent: None,
            position,
            name: Localized::new(*ko, *en),
        };
        categories.insert(*slug, insert_category(tx, &c).await?);
    }
    for (position, (parent, slug, ko, en)) in (0_i64..).zip(data::SUBCATEGORIES) {
        let parent = *categories.get(parent).ok_or_else(|| corrupt(parent))?;
        let c = NewCategory {
            slug,
            parent: Some(parent),
            position,
            name: Localized::new(*ko, *en),
        };
        categories.insert(*slug, insert_category(tx, &c).await?);
    }
    let mut sellers = HashMap::new();
    for (i, (slug, kind, ko, en, city)) in (0_i64..).zip(data::SELLERS) {
        let s = NewSeller {
            slug,
            kind: *kind,
            name: Localized::new(*ko, *en),
            city_slug: city,
            created_at: EPOCH + i,
        };
        sellers.insert(*slug, insert_seller(tx, &s).await?);
    }
    let mut pictures = Vec::with_capacity(data::GOODS.len());
    for (gi, good) in data::GOODS.iter().enumerate() {
        pictures.push(store_picture(tx, top_category(good.category), gi as u64).await?);
    }
    let ctx = Context {
        categories,
        sellers,
        pictures,
    };

    // Every good in every variant from every seller that makes it. The first seller asks the
    // catalog price; the others differ by up to ±20 %. The first product is the newest.
    let mut n: i64 = 0;
    for (gi, good) in data::GOODS.iter().enumerate() {
        let variants: Vec<Option<(&str, &str)>> = if good.variants.is_empty() {
            vec![None]
        } else {
            good.variants.iter().copied().map(Some).collect()
        };
        for (vi, variant) in variants.iter().enumerate() {
            let name = match variant {
                None => Localized::new(good.ko, good.en),
                Some((ko, en)) => {
                    Localized::new(format!("{} {ko}", good.ko), format!("{}, {en}", good.en))
                }
            };
            let good_id = insert_good(tx, &format!("g{gi}-{vi}"), &name).await?;
            for (si, seller) in good.sellers.iter().enumerate() {
                let r = split_mix((gi as u64) << 20 | (vi as u64) << 8 | si as u64);
                let price = if si == 0 {
                    good.price_won
                } else {
                    (good.price_won * (80 + (r % 41) as i64) / 100).max(1)
                };
                let stock = if n > 0 && r.is_multiple_of(19) {
                    0
                } else {
                    20 + (r >> 8) as u32 % 480
                };
                let history = price_history(r, price, today);
                let first_price = history.first().map_or(price, |(_, p)| *p);
                let product = NewProduct {
                    good: Some(good_id),
                    ..ctx.product(
                        good,
                        seller,
                        name.clone(),
                        Offer {
                            price_won: first_price,
                            stock,
                            created_at: EPOCH + 86_400 * 60 - n * 60,
                        },
                    )?
                };
                let id = insert_product(tx, &product).await?;
                for (at, p) in history.iter().skip(1) {
                    set_price(tx, id, Won::from_won(*p), *at).await?;
                }
                link_media(tx, id, ctx.pictures[gi], 0).await?;
                if vi == 0 {
                    attach_recordings(tx, seller, good.en, id).await?;
                }
                n += 1;
            }
        }
    }
    Ok(ctx)
}

/// Three of four demo products changed price a few times in the last 90 days and ended at `price`:
/// (time, whole won) from the first price listed to the current one. Empty for the others.
fn price_history(r: u64, price: i64, today: i64) -> Vec<(i64, i64)> {
    if r.is_multiple_of(4) {
        return Vec::new();
    }
    let varied = |shift: u32| (price * (88 + ((r >> shift) % 25) as i64) / 100).max(1);
    let days_ago = |shift: u32, base: i64, spread: u64| {
        today - 86_400 * (base + ((r >> shift) % spread) as i64)
    };
    vec![
        (EPOCH, varied(12)),
        (days_ago(20, 70, 15), varied(24)),
        (days_ago(28, 30, 20), varied(36)),
        (days_ago(40, 3, 10), price),
    ]
}

/// Voice descriptions and videos of a few demo goods.
async fn attach_recordings(
    tx: &mut Tx<'_>,
    seller: &str,
    good: &str,
    id: ProductId,
) -> Result<(), DbError> {
    type Voices = &'static [(&'static str, &'static [u8])];
    let (voices, video): (Voices, Option<&[u8]>) = match (seller, good) {
        ("kumsong-food", "Cream buns, pack of 10") => (
            &[
                ("ko", include_bytes!("media/cream-buns-ko.ogg")),
                ("en", include_bytes!("media/cream-buns-en.ogg")),
            ],
            Some(include_bytes!("media/cream-buns.webm")),
        ),
        ("okryukwan", g) if g.contains("cold noodles") => (
            &[("ko", include_bytes!("media/cold-noodles-ko.ogg"))],
            Some(include_bytes!("media/cold-noodles.webm")),
        ),
        ("pyongyang-socks", "Cotton socks") => {
            (&[("ko", include_bytes!("media/socks-ko.ogg"))], None)
        }
        _ => return Ok(()),
    };
    let files: Vec<NewFile> = voices
        .iter()
        .map(|(lang, bytes)| NewFile {
            variant: lang,
            mime: "audio/ogg",
            size: None,
            bytes,
        })
        .collect();
    let voice = media::insert(tx, MediaKind::Audio, EPOCH, &files).await?;
    link_media(tx, id, voice, 1).await?;
    if let Some(bytes) = video {
        let file = NewFile {
            variant: "video",
            mime: "video/webm",
            size: None,
            bytes,
        };
        let video = media::insert(tx, MediaKind::Video, EPOCH, &[file]).await?;
        link_media(tx, id, video, 2).await?;
    }
    Ok(())
}

async fn store_picture(tx: &mut Tx<'_>, category: &str, seed: u64) -> Result<MediaId, DbError> {
    let renditions = pictures::drawn(category, seed).map_err(|e| corrupt(&e.to_string()))?;
    let mut files = Vec::new();
    for r in renditions.iter() {
        files.push(NewFile {
            variant: r.variant,
            mime: "image/webp",
            size: Some(r.size),
            bytes: &r.webp,
        });
        files.push(NewFile {
            variant: r.variant,
            mime: "image/png",
            size: Some(r.size),
            bytes: &r.png,
        });
    }
    media::insert(tx, MediaKind::Image, EPOCH, &files).await
}

/// Reads back the ids the generator needs from a database that already holds the demo catalog.
async fn existing(db: &Db) -> Result<Context, DbError> {
    let ids = db.catalog().demo_ids().await?;
    let find = |slug: &str, kind: &str| {
        ids.iter()
            .find(|(k, s, _)| k == kind && s == slug)
            .map(|(_, _, id)| *id)
    };
    let mut categories = HashMap::new();
    for slug in data::SUBCATEGORIES.iter().map(|(_, s, ..)| *s) {
        categories.insert(
            slug,
            CategoryId::new(find(slug, "category").ok_or_else(|| corrupt(slug))?),
        );
    }
    let mut sellers = HashMap::new();
    for slug in data::SELLERS.iter().map(|(s, ..)| *s) {
        sellers.insert(
            slug,
            SellerId::new(find(slug, "seller").ok_or_else(|| corrupt(slug))?),
        );
    }
    let mut pictures = Vec::new();
    for gi in 0..data::GOODS.len() {
        let slug = format!("g{gi}-0");
        pictures.push(MediaId::new(
            find(&slug, "picture").ok_or_else(|| corrupt(&slug))?,
        ));
    }
    Ok(Context {
        categories,
        sellers,
        pictures,
    })
}

/// Generated goods beyond the demo catalog: model numbers of the demo goods, from their makers.
async fn extra_item(tx: &mut Tx<'_>, ctx: &Context, i: u32) -> Result<ProductId, DbError> {
    let gi = i as usize % data::GOODS.len();
    let good = &data::GOODS[gi];
    let r = split_mix(u64::from(i) ^ 0xA5A5);
    let seller = good.sellers[(r as usize) % good.sellers.len()];
    let model = 100 + i / data::GOODS.len() as u32;
    let name = Localized::new(
        format!("{} {model}호", good.ko),
        format!("{}, model {model}", good.en),
    );
    let price = (good.price_won * (70 + (r % 61) as i64) / 100).max(1);
    let offer = Offer {
        price_won: price,
        stock: (r >> 16) as u32 % 300,
        created_at: EPOCH - 60 - i64::from(i),
    };
    let product = ctx.product(good, seller, name, offer)?;
    let id = insert_product(tx, &product).await?;
    link_media(tx, id, ctx.pictures[gi], 0).await?;
    Ok(id)
}
