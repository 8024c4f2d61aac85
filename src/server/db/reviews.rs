//! Reviews, the helpful marks and reports on them, and the rating figures kept on products.

use super::{
    rows::{localized, picture},
    DbError, Tx,
};
use crate::{
    domain::{
        catalog::{Localized, Picture},
        review::{masked_name, RatingSummary, ReviewOrder, Stars},
        MediaId, OrderId, ProductId, ReviewId, SellerId, UserId,
    },
    page::review::{ProductReviews, ReportedReview, SellerReview, ShownReview},
};
use sqlx::{any::AnyRow, AnyPool, Row};

/// Whether the order `o` was ever delivered (a refund afterwards does not undo that): the rule
/// for who may review.
const WAS_DELIVERED: &str =
    "EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.status = 'delivered')";

/// The columns `shown` reads; the query joins the reviewer `u`.
const SHOWN_COLUMNS: &str = "r.id, r.rating, r.body, r.created_at, r.edited_at, r.helpful, \
     r.answer, r.answered_at, u.name AS author";

pub struct Reviews<'a> {
    pool: &'a AnyPool,
}

impl<'a> Reviews<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    /// A product's shown reviews: the figures of all, and the first `limit` in `order`.
    pub async fn of_product(
        &self,
        product: ProductId,
        order: ReviewOrder,
        limit: u32,
    ) -> Result<ProductReviews, DbError> {
        let mut by_stars = [0u32; 5];
        for (rating, n) in sqlx::query_as::<_, (i64, i64)>(
            "SELECT rating, COUNT(*) FROM reviews WHERE product_id = $1 AND hidden_at IS NULL \
             GROUP BY rating",
        )
        .bind(product.get())
        .fetch_all(self.pool)
        .await?
        {
            let stars = stars(rating)?;
            by_stars[usize::from(stars.get() - 1)] = u32::try_from(n).unwrap_or(u32::MAX);
        }
        let sort = match order {
            ReviewOrder::Newest => "r.created_at DESC, r.id DESC",
            ReviewOrder::Helpful => "r.helpful DESC, r.created_at DESC, r.id DESC",
        };
        let mut items: Vec<ShownReview> = sqlx::query(&format!(
            "SELECT {SHOWN_COLUMNS} FROM reviews r JOIN users u ON u.id = r.user_id \
             WHERE r.product_id = $1 AND r.hidden_at IS NULL ORDER BY {sort} LIMIT $2"
        ))
        .bind(product.get())
        .bind(i64::from(limit))
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(shown)
        .collect::<Result<_, _>>()?;
        with_pictures(self.pool, items.iter_mut().collect()).await?;
        Ok(ProductReviews {
            summary: RatingSummary::of(by_stars),
            order,
            items,
        })
    }

    /// The reviews of the seller's goods (hidden ones left out), those still to answer first, then
    /// the newest.
    pub async fn of_seller(
        &self,
        seller: SellerId,
        limit: u32,
    ) -> Result<Vec<SellerReview>, DbError> {
        let mut found: Vec<SellerReview> = sqlx::query(&format!(
            "SELECT {SHOWN_COLUMNS}, p.id AS product_id, p.name_ko, p.name_en \
             FROM reviews r JOIN users u ON u.id = r.user_id JOIN products p ON p.id = r.product_id \
             WHERE p.seller_id = $1 AND r.hidden_at IS NULL \
             ORDER BY CASE WHEN r.answer IS NULL THEN 0 ELSE 1 END, r.created_at DESC, r.id DESC \
             LIMIT $2"
        ))
        .bind(seller.get())
        .bind(i64::from(limit))
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(SellerReview {
                review: shown(r)?,
                product: ProductId::new(r.try_get("product_id")?),
                name: localized(r, "name_ko", "name_en")?,
            })
        })
        .collect::<Result<_, DbError>>()?;
        with_pictures(self.pool, found.iter_mut().map(|r| &mut r.review).collect()).await?;
        Ok(found)
    }

    /// Reviews reported since an operator last kept them, most reported first.
    pub async fn reported(&self, limit: u32) -> Result<Vec<ReportedReview>, DbError> {
        let mut found: Vec<ReportedReview> = sqlx::query(&format!(
            "SELECT {SHOWN_COLUMNS}, p.id AS product_id, p.name_ko, p.name_en, \
                    (SELECT COUNT(*) FROM review_reports x \
                     WHERE x.review_id = r.id AND x.at > r.cleared_at) AS reports \
             FROM reviews r JOIN users u ON u.id = r.user_id JOIN products p ON p.id = r.product_id \
             WHERE r.hidden_at IS NULL AND r.id IN \
                   (SELECT x.review_id FROM review_reports x JOIN reviews y ON y.id = x.review_id \
                    WHERE x.at > y.cleared_at) \
             ORDER BY reports DESC, r.id LIMIT $1"
        ))
        .bind(i64::from(limit))
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(ReportedReview {
                review: shown(r)?,
                product: ProductId::new(r.try_get("product_id")?),
                name: localized(r, "name_ko", "name_en")?,
                reports: u32::try_from(r.try_get::<i64, _>("reports")?).unwrap_or(u32::MAX),
            })
        })
        .collect::<Result<_, DbError>>()?;
        with_pictures(self.pool, found.iter_mut().map(|r| &mut r.review).collect()).await?;
        Ok(found)
    }

    /// The lines of the buyer's order, if it is theirs and was delivered: each product and its names.
    pub async fn delivered_lines(
        &self,
        buyer: UserId,
        order: OrderId,
    ) -> Result<Vec<(ProductId, Localized)>, DbError> {
        sqlx::query(&format!(
            "SELECT l.product_id, l.name_ko, l.name_en FROM order_lines l \
             JOIN orders o ON o.id = l.order_id \
             WHERE o.id = $1 AND o.user_id = $2 AND {WAS_DELIVERED} \
             ORDER BY l.name_ko, l.product_id"
        ))
        .bind(order.get())
        .bind(buyer.get())
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                ProductId::new(r.try_get("product_id")?),
                localized(r, "name_ko", "name_en")?,
            ))
        })
        .collect()
    }

    /// The buyer's reviews of an order's lines, by product, with their pictures.
    pub async fn of_order(&self, order: OrderId) -> Result<Vec<(ProductId, Own)>, DbError> {
        let mut found: Vec<(ProductId, Own)> = sqlx::query(
            "SELECT id, product_id, rating, body, created_at, answer, hidden_at, hidden_reason \
             FROM reviews WHERE order_id = $1",
        )
        .bind(order.get())
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(|r| {
            let hidden_at: Option<i64> = r.try_get("hidden_at")?;
            let reason: Option<String> = r.try_get("hidden_reason")?;
            Ok((
                ProductId::new(r.try_get("product_id")?),
                Own {
                    id: ReviewId::new(r.try_get("id")?),
                    stars: stars(r.try_get("rating")?)?,
                    body: r.try_get("body")?,
                    written_at: r.try_get("created_at")?,
                    answer: r.try_get("answer")?,
                    hidden_because: hidden_at.map(|_| reason.unwrap_or_default()),
                    pictures: Vec::new(),
                },
            ))
        })
        .collect::<Result<_, DbError>>()?;
        let ids: Vec<ReviewId> = found.iter().map(|(_, own)| own.id).collect();
        for (id, pic) in pictures_of(self.pool, &ids).await? {
            if let Some((_, own)) = found.iter_mut().find(|(_, own)| own.id == id) {
                own.pictures.push(pic);
            }
        }
        Ok(found)
    }
}

/// The pictures of these reviews, each review's in the order they were added.
async fn pictures_of(
    pool: &AnyPool,
    reviews: &[ReviewId],
) -> Result<Vec<(ReviewId, Picture)>, DbError> {
    if reviews.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=reviews.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT review_id, media_id FROM review_media WHERE review_id IN ({}) \
         ORDER BY review_id, position, media_id",
        marks.join(", ")
    );
    let mut query = sqlx::query_as::<_, (i64, i64)>(&sql);
    for id in reviews {
        query = query.bind(id.get());
    }
    Ok(query
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|(review, media)| (ReviewId::new(review), picture(MediaId::new(media))))
        .collect())
}

/// Gives each of these reviews its pictures.
async fn with_pictures(pool: &AnyPool, mut reviews: Vec<&mut ShownReview>) -> Result<(), DbError> {
    let ids: Vec<ReviewId> = reviews.iter().map(|r| r.id).collect();
    for (id, pic) in pictures_of(pool, &ids).await? {
        if let Some(r) = reviews.iter_mut().find(|r| r.id == id) {
            r.pictures.push(pic);
        }
    }
    Ok(())
}

/// A buyer's own review as it is stored.
pub struct Own {
    pub id: ReviewId,
    pub stars: Stars,
    pub body: String,
    pub written_at: i64,
    pub answer: Option<String>,
    pub hidden_because: Option<String>,
    pub pictures: Vec<Picture>,
}

fn stars(n: i64) -> Result<Stars, DbError> {
    Stars::new(n).ok_or(DbError::Corrupt {
        table: "reviews",
        column: "rating",
        value: n.to_string(),
    })
}

fn shown(r: &AnyRow) -> Result<ShownReview, DbError> {
    let answer: Option<String> = r.try_get("answer")?;
    let answered_at: Option<i64> = r.try_get("answered_at")?;
    Ok(ShownReview {
        id: ReviewId::new(r.try_get("id")?),
        stars: stars(r.try_get("rating")?)?,
        body: r.try_get("body")?,
        author: masked_name(&r.try_get::<String, _>("author")?),
        written_at: r.try_get("created_at")?,
        edited: r.try_get::<Option<i64>, _>("edited_at")?.is_some(),
        helpful: u32::try_from(r.try_get::<i64, _>("helpful")?).unwrap_or(0),
        answer: answer.zip(answered_at),
        pictures: Vec::new(),
    })
}

// ---- in a transaction ----

/// Whether the buyer's order has the product on a line (`None` if not theirs or no such line),
/// and whether the order was ever delivered (a refund afterwards does not undo that).
pub async fn line_delivered(
    tx: &mut Tx<'_>,
    buyer: UserId,
    order: OrderId,
    product: ProductId,
) -> Result<Option<bool>, DbError> {
    Ok(sqlx::query_scalar::<_, i64>(&format!(
        "SELECT CASE WHEN {WAS_DELIVERED} THEN 1 ELSE 0 END \
         FROM orders o JOIN order_lines l ON l.order_id = o.id \
         WHERE o.id = $1 AND o.user_id = $2 AND l.product_id = $3"
    ))
    .bind(order.get())
    .bind(buyer.get())
    .bind(product.get())
    .fetch_optional(&mut **tx)
    .await?
    .map(|n| n > 0))
}

/// The review of one order line: its id, stars, when it was written and whether it is hidden.
/// The row stays locked until the transaction ends, so what a change computes from it holds.
pub async fn of_line(
    tx: &mut Tx<'_>,
    order: OrderId,
    product: ProductId,
) -> Result<Option<(ReviewId, Stars, i64, bool)>, DbError> {
    sqlx::query("UPDATE reviews SET id = id WHERE order_id = $1 AND product_id = $2")
        .bind(order.get())
        .bind(product.get())
        .execute(&mut **tx)
        .await?;
    let Some(r) = sqlx::query(
        "SELECT id, rating, created_at, hidden_at FROM reviews WHERE order_id = $1 AND product_id = $2",
    )
    .bind(order.get())
    .bind(product.get())
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some((
        ReviewId::new(r.try_get("id")?),
        stars(r.try_get("rating")?)?,
        r.try_get("created_at")?,
        r.try_get::<Option<i64>, _>("hidden_at")?.is_some(),
    )))
}

/// A new review of an order line.
pub struct NewReview<'a> {
    pub order: OrderId,
    pub product: ProductId,
    pub buyer: UserId,
    pub stars: Stars,
    pub body: &'a str,
    pub at: i64,
}

/// Writes a new review of an order line; `None` if the line has one (written at the same moment
/// by another request).
pub async fn insert(tx: &mut Tx<'_>, r: &NewReview<'_>) -> Result<Option<ReviewId>, DbError> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO reviews (order_id, product_id, user_id, rating, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (order_id, product_id) DO NOTHING RETURNING id",
    )
    .bind(r.order.get())
    .bind(r.product.get())
    .bind(r.buyer.get())
    .bind(i64::from(r.stars.get()))
    .bind(r.body)
    .bind(r.at)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(id.map(ReviewId::new))
}

/// Changes a review's stars and text.
pub async fn update(
    tx: &mut Tx<'_>,
    id: ReviewId,
    stars: Stars,
    body: &str,
    at: i64,
) -> Result<(), DbError> {
    sqlx::query("UPDATE reviews SET rating = $1, body = $2, edited_at = $3 WHERE id = $4")
        .bind(i64::from(stars.get()))
        .bind(body)
        .bind(at)
        .bind(id.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Moves a product's rating figures: `count` more (or fewer) shown reviews with `sum` more stars.
pub async fn rerate(
    tx: &mut Tx<'_>,
    product: ProductId,
    count: i64,
    sum: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE products SET rating_count = rating_count + $1, rating_sum = rating_sum + $2 \
         WHERE id = $3",
    )
    .bind(count)
    .bind(sum)
    .bind(product.get())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A shown review as the rules about it need it.
pub struct Shown {
    pub author: UserId,
    pub product: ProductId,
    pub seller: SellerId,
    pub stars: Stars,
}

/// A shown review (`None` if there is none, or it is hidden). The row stays locked until the
/// transaction ends (as `of_line`).
pub async fn shown_in(tx: &mut Tx<'_>, id: ReviewId) -> Result<Option<Shown>, DbError> {
    sqlx::query("UPDATE reviews SET id = id WHERE id = $1")
        .bind(id.get())
        .execute(&mut **tx)
        .await?;
    let Some(r) = sqlx::query(
        "SELECT r.user_id, r.product_id, p.seller_id, r.rating \
         FROM reviews r JOIN products p ON p.id = r.product_id \
         WHERE r.id = $1 AND r.hidden_at IS NULL",
    )
    .bind(id.get())
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(Shown {
        author: UserId::new(r.try_get("user_id")?),
        product: ProductId::new(r.try_get("product_id")?),
        seller: SellerId::new(r.try_get("seller_id")?),
        stars: stars(r.try_get("rating")?)?,
    }))
}

/// The seller's answer, if the review has none yet (`false` if it has).
pub async fn answer(
    tx: &mut Tx<'_>,
    id: ReviewId,
    text: &str,
    by: UserId,
    at: i64,
) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE reviews SET answer = $1, answered_at = $2, answered_by = $3 \
         WHERE id = $4 AND answer IS NULL",
    )
    .bind(text)
    .bind(at)
    .bind(by.get())
    .bind(id.get())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks a review helpful for one shopper (`false` if they already had).
pub async fn vote(tx: &mut Tx<'_>, id: ReviewId, by: UserId, at: i64) -> Result<bool, DbError> {
    let new = sqlx::query(
        "INSERT INTO review_votes (review_id, user_id, at) VALUES ($1, $2, $3) \
         ON CONFLICT (review_id, user_id) DO NOTHING",
    )
    .bind(id.get())
    .bind(by.get())
    .bind(at)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    if new {
        sqlx::query("UPDATE reviews SET helpful = helpful + 1 WHERE id = $1")
            .bind(id.get())
            .execute(&mut **tx)
            .await?;
    }
    Ok(new)
}

/// One shopper's report of a review (a second report of theirs counts again only after an
/// operator kept the review).
pub async fn report(tx: &mut Tx<'_>, id: ReviewId, by: UserId, at: i64) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO review_reports (review_id, user_id, at) VALUES ($1, $2, $3) \
         ON CONFLICT (review_id, user_id) DO UPDATE SET at = excluded.at",
    )
    .bind(id.get())
    .bind(by.get())
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Hides a shown review with the operator's reason.
pub async fn hide(
    tx: &mut Tx<'_>,
    id: ReviewId,
    reason: &str,
    by: UserId,
    at: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE reviews SET hidden_at = $1, hidden_reason = $2, hidden_by = $3 \
         WHERE id = $4 AND hidden_at IS NULL",
    )
    .bind(at)
    .bind(reason)
    .bind(by.get())
    .bind(id.get())
    .execute(&mut **tx)
    .await?;
    // A hidden review's pictures are gone with it (their addresses served them to anyone).
    for media in pictures_in(tx, id).await? {
        remove_picture(tx, id, media).await?;
    }
    Ok(())
}

/// A review's pictures, in order.
pub async fn pictures_in(tx: &mut Tx<'_>, review: ReviewId) -> Result<Vec<MediaId>, DbError> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT media_id FROM review_media WHERE review_id = $1 ORDER BY position, media_id",
    )
    .bind(review.get())
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .map(MediaId::new)
    .collect())
}

/// Adds a stored picture to a review, after its others.
pub async fn add_picture(tx: &mut Tx<'_>, review: ReviewId, media: MediaId) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO review_media (review_id, media_id, position) \
         VALUES ($1, $2, (SELECT COALESCE(MAX(position), -1) + 1 FROM review_media WHERE review_id = $3))",
    )
    .bind(review.get())
    .bind(media.get())
    .bind(review.get())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Takes a picture off a review and deletes its files. `false` when the review has no such picture.
pub async fn remove_picture(
    tx: &mut Tx<'_>,
    review: ReviewId,
    media: MediaId,
) -> Result<bool, DbError> {
    let gone = sqlx::query("DELETE FROM review_media WHERE review_id = $1 AND media_id = $2")
        .bind(review.get())
        .bind(media.get())
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if gone == 0 {
        return Ok(false);
    }
    super::media::delete(tx, media).await?;
    Ok(true)
}

/// An operator kept the review: the reports so far are dealt with.
pub async fn clear(tx: &mut Tx<'_>, id: ReviewId, at: i64) -> Result<(), DbError> {
    sqlx::query("UPDATE reviews SET cleared_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
