//! The demo catalog: categories, sellers and the goods they make (`catalog.json`), turned into
//! products — every good in every variant from every seller that makes it, the first seller at
//! the catalog price and the others within ±20 % — with pictures, price histories and, for a few
//! goods, voice descriptions and videos.

use super::{pictures, Demo, DemoError};
use crate::{
    domain::{
        catalog::{Localized, SellerKind, UnitKind, UnitSize},
        CategoryId, MediaId, ProductId, SellerId, Won,
    },
    server::db::{
        catalog::{
            insert_category, insert_good, insert_product, insert_seller, link_media,
            set_on_schedule, NewCategory, NewProduct, NewSeller,
        },
        compare::set_price,
        media::{self, MediaKind, NewFile},
        Db, Tx,
    },
};
use serde::Deserialize;
use std::{
    collections::{BTreeMap, HashMap},
    path::PathBuf,
};

/// 2026-01-01T00:00:00Z: demo goods are dated from here on.
const EPOCH: i64 = 1_767_225_600;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Catalog {
    categories: Vec<Category>,
    sellers: Vec<Seller>,
    goods: Vec<Good>,
}

/// A category; a subcategory names its parent.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Category {
    slug: String,
    #[serde(default)]
    parent: Option<String>,
    ko: String,
    en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Seller {
    slug: String,
    /// `factory`, `store` or `restaurant`.
    kind: String,
    ko: String,
    en: String,
    /// The city's slug.
    city: String,
}

/// A good that one or more sellers make, in one or more variants (sizes, colours, flavours).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Good {
    /// Subcategory slug.
    category: String,
    ko: String,
    en: String,
    desc_ko: String,
    desc_en: String,
    /// Contents of one sale unit.
    unit: Unit,
    /// Shipping weight (g) and volume (ml) of one sale unit.
    weight_g: u32,
    volume_ml: u32,
    /// The first seller's price in whole won; the others differ.
    price_won: i64,
    /// (Korean, English) suffixes; none for a good with one variant.
    #[serde(default)]
    variants: Vec<(String, String)>,
    /// The sellers that make it; several make a price comparison.
    sellers: Vec<String>,
    /// Its sellers deliver it on a schedule (milk every morning): standing orders may hold it.
    #[serde(default)]
    on_schedule: bool,
    /// Spoken descriptions and videos, by the seller whose product carries them.
    #[serde(default)]
    recordings: Vec<Recording>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Unit {
    /// `g`, `ml`, `piece` or `pair`.
    kind: String,
    amount: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Recording {
    seller: String,
    /// Language code → the Opus file of the description in it.
    #[serde(default)]
    voices: BTreeMap<String, PathBuf>,
    #[serde(default)]
    video: Option<PathBuf>,
}

/// What the generator and the demo accounts need to know of a written catalog.
pub(super) struct Written {
    categories: HashMap<String, CategoryId>,
    pub(super) sellers: HashMap<String, SellerId>,
    /// The picture of each variant of each good of `Catalog::goods` (variants of one colour share
    /// theirs).
    pictures: Vec<Vec<MediaId>>,
}

pub(super) fn bad(what: impl std::fmt::Display) -> DemoError {
    DemoError::Bad(what.to_string())
}

/// What a seller asks for a good: its price, its stock and since when it is listed.
#[derive(Clone, Copy, Debug)]
struct Offer {
    price_won: i64,
    stock: u32,
    created_at: i64,
}

impl Written {
    /// A product of `good` from `seller`: what the good fixes (category, description, unit, weight,
    /// volume), with the rest given. Not linked to a comparison group.
    fn product(
        &self,
        good: &Good,
        seller: &str,
        name: Localized,
        offer: Offer,
    ) -> Result<NewProduct, DemoError> {
        let kind = UnitKind::from_code(&good.unit.kind)
            .ok_or_else(|| bad(format!("unknown unit {:?}", good.unit.kind)))?;
        Ok(NewProduct {
            seller: *self
                .sellers
                .get(seller)
                .ok_or_else(|| bad(format!("unknown seller {seller}")))?,
            category: *self
                .categories
                .get(&good.category)
                .ok_or_else(|| bad(format!("unknown category {}", good.category)))?,
            good: None,
            name,
            description: Localized::new(good.desc_ko.as_str(), good.desc_en.as_str()),
            price: Won::from_won(offer.price_won),
            unit: UnitSize {
                kind,
                amount: good.unit.amount,
            },
            weight_g: good.weight_g,
            volume_ml: good.volume_ml,
            stock: offer.stock,
            created_at: offer.created_at,
        })
    }
}

fn split_mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Good {
    /// The Korean name of each variant (`None` for a good with one variant), in order.
    fn variant_names(&self) -> Vec<Option<&str>> {
        if self.variants.is_empty() {
            vec![None]
        } else {
            self.variants
                .iter()
                .map(|(ko, _)| Some(ko.as_str()))
                .collect()
        }
    }
}

impl Catalog {
    /// The top-level category a subcategory belongs to (its palette colours the pictures).
    fn top_category(&self, sub: &str) -> &str {
        self.categories
            .iter()
            .find(|c| c.slug == sub)
            .and_then(|c| c.parent.as_deref())
            .unwrap_or("household")
    }
}

/// Writes the catalog into the caller's transaction.
pub(super) async fn write(tx: &mut Tx<'_>, demo: &Demo, today: i64) -> Result<Written, DemoError> {
    let data = &demo.catalog;
    let mut categories = HashMap::new();
    // Top-level categories first; a position counts among its kind.
    let (tops, subs): (Vec<&Category>, Vec<&Category>) =
        data.categories.iter().partition(|c| c.parent.is_none());
    for kind in [tops, subs] {
        for (position, c) in (0_i64..).zip(kind) {
            let parent = match &c.parent {
                None => None,
                Some(p) => Some(*categories.get(p).ok_or_else(|| {
                    bad(format!("category {} names an unknown parent {p}", c.slug))
                })?),
            };
            let new = NewCategory {
                slug: &c.slug,
                parent,
                position,
                name: Localized::new(c.ko.as_str(), c.en.as_str()),
            };
            categories.insert(c.slug.clone(), insert_category(tx, &new).await?);
        }
    }
    let mut sellers = HashMap::new();
    for (i, s) in (0_i64..).zip(&data.sellers) {
        let new = NewSeller {
            slug: &s.slug,
            kind: SellerKind::from_code(&s.kind)
                .ok_or_else(|| bad(format!("unknown kind of seller {:?}", s.kind)))?,
            name: Localized::new(s.ko.as_str(), s.en.as_str()),
            city_slug: &s.city,
            created_at: EPOCH + i,
        };
        sellers.insert(s.slug.clone(), insert_seller(tx, &new).await?);
    }
    let mut pictures = Vec::with_capacity(data.goods.len());
    for (gi, good) in data.goods.iter().enumerate() {
        let mut drawn: Vec<(Option<[u8; 3]>, MediaId)> = Vec::new();
        let mut of_good = Vec::new();
        for variant in good.variant_names() {
            let colour = variant.and_then(pictures::colour_named);
            let id = match drawn.iter().find(|(c, _)| *c == colour) {
                Some((_, id)) => *id,
                None => {
                    let look = pictures::Look {
                        category: data.top_category(&good.category).to_string(),
                        kind: good.category.clone(),
                        colour,
                        seed: gi as u64,
                    };
                    let id = store_picture(tx, &look).await?;
                    drawn.push((colour, id));
                    id
                }
            };
            of_good.push(id);
        }
        pictures.push(of_good);
    }
    let written = Written {
        categories,
        sellers,
        pictures,
    };

    // Every good in every variant from every seller that makes it. The first seller asks the
    // catalog price; the others differ by up to ±20 %. The first product is the newest.
    let mut n: i64 = 0;
    for (gi, good) in data.goods.iter().enumerate() {
        let variants: Vec<Option<&(String, String)>> = if good.variants.is_empty() {
            vec![None]
        } else {
            good.variants.iter().map(Some).collect()
        };
        for (vi, variant) in variants.iter().enumerate() {
            let name = match variant {
                None => Localized::new(good.ko.as_str(), good.en.as_str()),
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
                let offer = Offer {
                    price_won: first_price,
                    stock,
                    created_at: EPOCH + 86_400 * 60 - n * 60,
                };
                let product = NewProduct {
                    good: Some(good_id),
                    ..written.product(good, seller, name.clone(), offer)?
                };
                let id = insert_product(tx, &product).await?;
                if good.on_schedule {
                    set_on_schedule(tx, id).await?;
                }
                for (at, p) in history.iter().skip(1) {
                    set_price(tx, id, Won::from_won(*p), *at).await?;
                }
                link_media(tx, id, written.pictures[gi][vi], 0).await?;
                if vi == 0 {
                    for recording in good.recordings.iter().filter(|r| r.seller == *seller) {
                        attach(tx, demo, recording, id).await?;
                    }
                }
                n += 1;
            }
        }
    }
    Ok(written)
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

/// A good's voice descriptions and video, stored like uploads and linked to its product.
async fn attach(
    tx: &mut Tx<'_>,
    demo: &Demo,
    recording: &Recording,
    id: ProductId,
) -> Result<(), DemoError> {
    if !recording.voices.is_empty() {
        let voices: Vec<(&str, Vec<u8>)> = recording
            .voices
            .iter()
            .map(|(lang, file)| Ok((lang.as_str(), demo.bytes(file)?)))
            .collect::<Result<_, DemoError>>()?;
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
    }
    if let Some(file) = &recording.video {
        let bytes = demo.bytes(file)?;
        let file = NewFile {
            variant: "video",
            mime: "video/webm",
            size: None,
            bytes: &bytes,
        };
        let video = media::insert(tx, MediaKind::Video, EPOCH, &[file]).await?;
        link_media(tx, id, video, 2).await?;
    }
    Ok(())
}

pub(super) async fn store_picture(
    tx: &mut Tx<'_>,
    look: &pictures::Look,
) -> Result<MediaId, DemoError> {
    let renditions = pictures::drawn(look).map_err(bad)?;
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
    Ok(media::insert(tx, MediaKind::Image, EPOCH, &files).await?)
}

/// Reads back the ids the generator needs from a database that holds the demo catalog.
async fn written(db: &Db, data: &Catalog) -> Result<Written, DemoError> {
    let ids = db.catalog().demo_ids().await?;
    let find = |slug: &str, kind: &str| {
        ids.iter()
            .find(|(k, s, _)| k == kind && s == slug)
            .map(|(_, _, id)| *id)
            .ok_or_else(|| bad(format!("no {kind} {slug}: load the demo catalog first")))
    };
    let mut categories = HashMap::new();
    for c in &data.categories {
        categories.insert(c.slug.clone(), CategoryId::new(find(&c.slug, "category")?));
    }
    let mut sellers = HashMap::new();
    for s in &data.sellers {
        sellers.insert(s.slug.clone(), SellerId::new(find(&s.slug, "seller")?));
    }
    let mut pictures = Vec::new();
    for (gi, good) in data.goods.iter().enumerate() {
        let of_good = (0..good.variant_names().len())
            .map(|vi| Ok(MediaId::new(find(&format!("g{gi}-{vi}"), "picture")?)))
            .collect::<Result<Vec<_>, DemoError>>()?;
        pictures.push(of_good);
    }
    Ok(Written {
        categories,
        sellers,
        pictures,
    })
}

/// See `demo::add_goods`.
pub(super) async fn add_goods(db: &Db, demo: &Demo, extra: u32) -> Result<(), DemoError> {
    let data = &demo.catalog;
    if data.goods.is_empty() {
        return Err(bad("the demo catalog has no goods"));
    }
    let ctx = written(db, data).await?;
    let mut done = 0;
    while done < extra {
        let batch = (extra - done).min(2_000);
        let mut tx = db.begin().await?;
        for i in done..done + batch {
            let gi = i as usize % data.goods.len();
            let good = &data.goods[gi];
            let r = split_mix(u64::from(i) ^ 0xA5A5);
            let seller = &good.sellers[(r as usize) % good.sellers.len()];
            let model = 100 + i / data.goods.len() as u32;
            let name = Localized::new(
                format!("{} {model}호", good.ko),
                format!("{}, model {model}", good.en),
            );
            let offer = Offer {
                price_won: (good.price_won * (70 + (r % 61) as i64) / 100).max(1),
                stock: (r >> 16) as u32 % 300,
                created_at: EPOCH - 60 - i64::from(i),
            };
            let id = insert_product(&mut tx, &ctx.product(good, seller, name, offer)?).await?;
            link_media(&mut tx, id, ctx.pictures[gi][0], 0).await?;
        }
        tx.commit().await?;
        done += batch;
    }
    Ok(())
}
