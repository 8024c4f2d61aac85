//! Price comparison: offers with what delivery needs to know, comparison groups, delivery districts
//! and price history.

use super::{
    rows::{self, count, unit},
    DbError, Tx,
};
use crate::domain::{
    catalog::UnitSize,
    compare::{ComparedOffer, District, GoodRef, PriceHistory, PricePoint},
    delivery::GeoPoint,
    MediaId, ProductId, Won,
};
use sqlx::{any::AnyRow, AnyPool, Row};

pub struct Compare<'a> {
    pool: &'a AnyPool,
}

/// The columns `compared_offer` reads.
const OFFER_SELECT: &str =
    "SELECT p.id, p.name_ko, p.name_en, p.price_chon, p.unit_kind, p.unit_amount, \
            CASE WHEN p.hidden_at IS NULL THEN p.stock ELSE 0 END AS stock, \
            p.weight_g, p.volume_ml, p.rating_count, p.rating_sum, \
            c.name_ko AS category_ko, c.name_en AS category_en, \
            g.slug AS good_slug, g.name_ko AS good_ko, g.name_en AS good_en, \
            s.id AS seller_id, s.kind AS seller_kind, s.slug AS seller_slug, \
            s.name_ko AS seller_ko, s.name_en AS seller_en, \
            t.name_ko AS city_ko, t.name_en AS city_en, t.lat, t.lon, \
            (SELECT pm.media_id FROM product_media pm JOIN media m ON m.id = pm.media_id \
             WHERE pm.product_id = p.id AND m.kind = 'image' \
             ORDER BY pm.position, pm.media_id LIMIT 1) AS picture_id \
     FROM products p \
     JOIN categories c ON c.id = p.category_id \
     JOIN sellers s ON s.id = p.seller_id \
     JOIN cities t ON t.id = s.city_id \
     LEFT JOIN goods g ON g.id = p.good_id";

/// Offers of a good, cheapest per unit first (ties by price, then age).
pub(super) async fn offers_of_good(
    pool: &AnyPool,
    good: i64,
) -> Result<Vec<ComparedOffer>, DbError> {
    sqlx::query(&format!(
        "{OFFER_SELECT} WHERE p.good_id = $1 AND p.hidden_at IS NULL \
         ORDER BY p.unit_price_key, p.price_chon, p.id LIMIT 50"
    ))
    .bind(good)
    .fetch_all(pool)
    .await?
    .iter()
    .map(compared_offer)
    .collect()
}

impl<'a> Compare<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    /// The offers among `ids` that exist and are on sale (not hidden by their seller), in no
    /// particular order.
    pub async fn offers(&self, ids: &[ProductId]) -> Result<Vec<ComparedOffer>, DbError> {
        self.offers_where("p.hidden_at IS NULL", ids).await
    }

    /// The product's own offer, on sale or not (a hidden one has no stock to offer): its page.
    pub async fn offer(&self, id: ProductId) -> Result<Option<ComparedOffer>, DbError> {
        Ok(self.offers_where("1 = 1", &[id]).await?.pop())
    }

    async fn offers_where(
        &self,
        condition: &str,
        ids: &[ProductId],
    ) -> Result<Vec<ComparedOffer>, DbError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "{OFFER_SELECT} WHERE {condition} AND p.id IN ({})",
            placeholders.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for id in ids {
            q = q.bind(id.get());
        }
        q.fetch_all(self.pool)
            .await?
            .iter()
            .map(compared_offer)
            .collect()
    }

    /// A comparison group and all its offers.
    pub async fn group(
        &self,
        slug: &str,
    ) -> Result<Option<(GoodRef, Vec<ComparedOffer>)>, DbError> {
        let row = sqlx::query("SELECT id, slug, name_ko, name_en FROM goods WHERE slug = $1")
            .bind(slug)
            .fetch_optional(self.pool)
            .await?;
        let Some(r) = row else { return Ok(None) };
        let good = GoodRef {
            slug: r.try_get("slug")?,
            name: rows::localized(&r, "name_ko", "name_en")?,
        };
        let offers = offers_of_good(self.pool, r.try_get("id")?).await?;
        Ok(Some((good, offers)))
    }

    /// Every district goods are delivered to, city by city.
    pub async fn districts(&self) -> Result<Vec<(District, GeoPoint)>, DbError> {
        sqlx::query(
            "SELECT d.slug, d.name_ko, d.name_en, d.lat, d.lon, \
                    t.name_ko AS city_ko, t.name_en AS city_en \
             FROM districts d JOIN cities t ON t.id = d.city_id ORDER BY t.id, d.id",
        )
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                District {
                    slug: r.try_get("slug")?,
                    name: rows::localized(r, "name_ko", "name_en")?,
                    city: rows::localized(r, "city_ko", "city_en")?,
                },
                GeoPoint::new(r.try_get("lat")?, r.try_get("lon")?),
            ))
        })
        .collect()
    }

    /// How many comparison groups have between `min` and `max` offers.
    pub async fn groups_with_offers(&self, min: i64, max: i64) -> Result<i64, DbError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT good_id FROM products \
             WHERE good_id IS NOT NULL AND hidden_at IS NULL \
             GROUP BY good_id HAVING COUNT(*) BETWEEN $1 AND $2) x",
        )
        .bind(min)
        .bind(max)
        .fetch_one(self.pool)
        .await?)
    }
}

/// A product's prices from `from` to `to`: the one in force at `from`, then every change.
pub(super) async fn price_history(
    pool: &AnyPool,
    id: ProductId,
    from: i64,
    to: i64,
) -> Result<PriceHistory, DbError> {
    let rows = sqlx::query(
        "SELECT changed_at, price_chon FROM ( \
             SELECT changed_at, price_chon, id FROM price_changes \
             WHERE product_id = $1 AND changed_at <= $2 ORDER BY changed_at DESC, id DESC LIMIT 1 \
         ) before_window \
         UNION ALL \
         SELECT changed_at, price_chon FROM price_changes \
         WHERE product_id = $1 AND changed_at > $2 AND changed_at <= $3 \
         ORDER BY changed_at",
    )
    .bind(id.get())
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    let points = rows
        .iter()
        .map(|r| {
            Ok(PricePoint {
                at: r.try_get("changed_at")?,
                price: Won::from_chon(r.try_get("price_chon")?),
            })
        })
        .collect::<Result<_, DbError>>()?;
    Ok(PriceHistory { from, to, points })
}

/// Changes a product's price and records the change, in the caller's transaction.
pub async fn set_price(tx: &mut Tx<'_>, id: ProductId, price: Won, at: i64) -> Result<(), DbError> {
    let chon = rows::chon(price)?;
    let unit = unit_of(tx, id).await?;
    sqlx::query("UPDATE products SET price_chon = $1, unit_price_key = $2 WHERE id = $3")
        .bind(chon)
        .bind(unit.unit_price(price).sort_key())
        .bind(id.get())
        .execute(&mut **tx)
        .await?;
    record_price(tx, id, chon, at).await
}

pub(super) async fn record_price(
    tx: &mut Tx<'_>,
    id: ProductId,
    chon: i64,
    at: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO price_changes (product_id, changed_at, price_chon) VALUES ($1, $2, $3)",
    )
    .bind(id.get())
    .bind(at)
    .bind(chon)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The unit a product is sold by.
async fn unit_of(tx: &mut Tx<'_>, id: ProductId) -> Result<UnitSize, DbError> {
    let row = sqlx::query("SELECT unit_kind, unit_amount FROM products WHERE id = $1")
        .bind(id.get())
        .fetch_one(&mut **tx)
        .await?;
    unit(&row)
}

fn compared_offer(r: &AnyRow) -> Result<ComparedOffer, DbError> {
    let good = match r.try_get::<Option<String>, _>("good_slug")? {
        Some(slug) => Some(GoodRef {
            slug,
            name: rows::localized(r, "good_ko", "good_en")?,
        }),
        None => None,
    };
    Ok(ComparedOffer {
        id: ProductId::new(r.try_get("id")?),
        name: rows::localized(r, "name_ko", "name_en")?,
        seller: rows::seller_ref(r)?,
        category: rows::localized(r, "category_ko", "category_en")?,
        good,
        price: Won::from_chon(r.try_get("price_chon")?),
        unit: rows::unit(r)?,
        stock: count("products", "stock", r.try_get("stock")?)?,
        weight_g: count("products", "weight_g", r.try_get("weight_g")?)?,
        volume_ml: count("products", "volume_ml", r.try_get("volume_ml")?)?,
        picture: r
            .try_get::<Option<i64>, _>("picture_id")?
            .map(|id| rows::picture(MediaId::new(id))),
        origin: GeoPoint::new(r.try_get("lat")?, r.try_get("lon")?),
        rating: rows::rating(r)?,
        delivery: None,
    })
}
