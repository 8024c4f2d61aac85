//! Reviews from verified buyers. Only a buyer whose order line was delivered reviews it, once (a
//! second review of the line changes the first), for `EDIT_DAYS`; the seller answers once;
//! shoppers mark reviews helpful and report abusive ones; an operator hides a reported review
//! with a reason its author reads, or keeps it (hiding deletes its pictures). Every change moves
//! the product's rating figures (what cards, search and the comparison read) in the same
//! transaction. A buyer adds up to `MAX_REVIEW_PICTURES` pictures to their review, through the
//! same checks as a seller's (`pictures`), while it can be changed.

use super::{ServiceError, Services};
use crate::{
    domain::{
        account::Viewer,
        form::FieldProblem,
        review::{ReviewOrder, Stars, EDIT_DAYS, MAX_REVIEW_PICTURES, SHOWN_REVIEWS},
        MediaId, OrderId, ProductId, ReviewId, UserId,
    },
    error::Refusal,
    page::review::{LineReview, OwnReview, ProductReviews, ReportedReview, SellerReview},
    server::db::{
        reviews::{self, NewReview},
        Tx,
    },
};

/// How many reviews the seller's console and the operators' queue show.
const QUEUE: u32 = 100;
const EDIT_SECONDS: i64 = EDIT_DAYS * 86_400;

/// What the buyer wrote about one line of their order.
pub struct Writing<'a> {
    pub order: OrderId,
    pub product: ProductId,
    pub stars: Stars,
    pub body: &'a str,
}

/// The product page's reviews.
pub async fn of_product(
    s: Services<'_>,
    product: ProductId,
    order: ReviewOrder,
) -> Result<ProductReviews, ServiceError> {
    Ok(s.db
        .reviews()
        .of_product(product, order, SHOWN_REVIEWS)
        .await?)
}

/// The delivered lines of the viewer's order with their reviews (none for an order that isn't
/// theirs or wasn't delivered).
pub async fn of_order(
    s: Services<'_>,
    viewer: &Viewer,
    order: OrderId,
) -> Result<Vec<LineReview>, ServiceError> {
    let db = s.db.reviews();
    let lines = db.delivered_lines(viewer.id, order).await?;
    if lines.is_empty() {
        return Ok(Vec::new());
    }
    let mut written = db.of_order(order).await?;
    let now = s.clock.now();
    Ok(lines
        .into_iter()
        .map(|(product, name)| {
            let review = written
                .iter()
                .position(|(p, _)| *p == product)
                .map(|i| written.swap_remove(i).1)
                .map(|r| OwnReview {
                    stars: r.stars,
                    body: r.body,
                    editable_until: r.written_at + EDIT_SECONDS,
                    answer: r.answer,
                    hidden_because: r.hidden_because,
                    pictures: r.pictures,
                });
            let open = review
                .as_ref()
                .is_none_or(|r| r.hidden_because.is_none() && now <= r.editable_until);
            LineReview {
                product,
                name,
                review,
                open,
            }
        })
        .collect())
}

/// Writes the buyer's review of a delivered line of their order, or changes the one they wrote.
pub async fn write(
    s: Services<'_>,
    buyer: UserId,
    w: &Writing<'_>,
) -> Result<ReviewId, ServiceError> {
    let now = s.clock.now();
    let mut tx = s.db.begin().await?;
    match reviews::line_delivered(&mut tx, buyer, w.order, w.product).await? {
        None => return Err(ServiceError::NotFound),
        Some(false) => return Err(ServiceError::Refused(Refusal::NotDelivered)),
        Some(true) => {}
    }
    let id = match reviews::of_line(&mut tx, w.order, w.product).await? {
        Some(old) => change(&mut tx, old, w, now).await?,
        None => {
            let new = NewReview {
                order: w.order,
                product: w.product,
                buyer,
                stars: w.stars,
                body: w.body,
                at: now,
            };
            match reviews::insert(&mut tx, &new).await? {
                Some(id) => {
                    reviews::rerate(&mut tx, w.product, 1, i64::from(w.stars.get())).await?;
                    id
                }
                // Sent twice at once: the other request wrote it; this one changes it.
                None => {
                    let old = reviews::of_line(&mut tx, w.order, w.product)
                        .await?
                        .ok_or(ServiceError::NotFound)?;
                    change(&mut tx, old, w, now).await?
                }
            }
        }
    };
    tx.commit().await?;
    tracing::info!(user = %buyer, order = %w.order, product = %w.product, review = %id, "review written");
    Ok(id)
}

/// Changes a review within its days (and while it is shown).
async fn change(
    tx: &mut Tx<'_>,
    (id, old, written_at, hidden): (ReviewId, Stars, i64, bool),
    w: &Writing<'_>,
    now: i64,
) -> Result<ReviewId, ServiceError> {
    if hidden || now > written_at + EDIT_SECONDS {
        return Err(ServiceError::Refused(Refusal::ReviewLocked));
    }
    reviews::update(tx, id, w.stars, w.body, now).await?;
    let moved = i64::from(w.stars.get()) - i64::from(old.get());
    reviews::rerate(tx, w.product, 0, moved).await?;
    Ok(id)
}

/// The reviews of the staff member's seller's goods, those to answer first.
pub async fn of_seller(s: Services<'_>, staff: &Viewer) -> Result<Vec<SellerReview>, ServiceError> {
    let seller = staff.seller.ok_or(ServiceError::Forbidden)?;
    Ok(s.db.reviews().of_seller(seller, QUEUE).await?)
}

/// The seller's public answer to a review of one of its goods: once.
pub async fn answer(
    s: Services<'_>,
    staff: &Viewer,
    review: ReviewId,
    text: &str,
) -> Result<(), ServiceError> {
    let seller = staff.seller.ok_or(ServiceError::Forbidden)?;
    let mut tx = s.db.begin().await?;
    let shown = reviews::shown_in(&mut tx, review)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if shown.seller != seller {
        return Err(ServiceError::NotFound);
    }
    if !reviews::answer(&mut tx, review, text, staff.id, s.clock.now()).await? {
        return Err(ServiceError::Refused(Refusal::AlreadyAnswered));
    }
    tx.commit().await?;
    tracing::info!(user = %staff.id, %review, "review answered");
    Ok(())
}

/// A shopper finds a review helpful (once; not their own).
pub async fn mark_helpful(
    s: Services<'_>,
    viewer: UserId,
    review: ReviewId,
) -> Result<(), ServiceError> {
    let mut tx = s.db.begin().await?;
    not_own(&mut tx, viewer, review).await?;
    reviews::vote(&mut tx, review, viewer, s.clock.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// A shopper reports a review as abusive: it waits for an operator.
pub async fn report(s: Services<'_>, viewer: UserId, review: ReviewId) -> Result<(), ServiceError> {
    let mut tx = s.db.begin().await?;
    not_own(&mut tx, viewer, review).await?;
    reviews::report(&mut tx, review, viewer, s.clock.now()).await?;
    tx.commit().await?;
    tracing::info!(user = %viewer, %review, "review reported");
    Ok(())
}

/// A shown review someone else wrote.
async fn not_own(tx: &mut Tx<'_>, viewer: UserId, review: ReviewId) -> Result<(), ServiceError> {
    let shown = reviews::shown_in(tx, review)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if shown.author == viewer {
        return Err(ServiceError::Refused(Refusal::OwnReview));
    }
    Ok(())
}

/// The operators' queue: reviews reported since an operator last kept them.
pub async fn reported(s: Services<'_>) -> Result<Vec<ReportedReview>, ServiceError> {
    Ok(s.db.reviews().reported(QUEUE).await?)
}

/// An operator hides a review, with the reason its author will read; it leaves the product's
/// figures.
pub async fn hide(
    s: Services<'_>,
    operator: UserId,
    review: ReviewId,
    reason: &str,
) -> Result<(), ServiceError> {
    let mut tx = s.db.begin().await?;
    let shown = reviews::shown_in(&mut tx, review)
        .await?
        .ok_or(ServiceError::NotFound)?;
    reviews::hide(&mut tx, review, reason, operator, s.clock.now()).await?;
    reviews::rerate(&mut tx, shown.product, -1, -i64::from(shown.stars.get())).await?;
    tx.commit().await?;
    tracing::info!(user = %operator, %review, "review hidden");
    Ok(())
}

/// An operator keeps a reported review: its reports so far are dealt with.
pub async fn keep(s: Services<'_>, operator: UserId, review: ReviewId) -> Result<(), ServiceError> {
    let mut tx = s.db.begin().await?;
    reviews::shown_in(&mut tx, review)
        .await?
        .ok_or(ServiceError::NotFound)?;
    reviews::clear(&mut tx, review, s.clock.now()).await?;
    tx.commit().await?;
    tracing::info!(user = %operator, %review, "review kept");
    Ok(())
}

/// Adds a picture (an uploaded file called `name`) to the buyer's review of a line of their
/// order, after its others: while the review can be changed, up to `MAX_REVIEW_PICTURES`.
pub async fn add_picture(
    s: Services<'_>,
    buyer: UserId,
    (order, product): (OrderId, ProductId),
    name: &str,
    bytes: Vec<u8>,
) -> Result<MediaId, ServiceError> {
    let now = s.clock.now();
    // Not theirs, not open or full: refused before the work of decoding.
    {
        let mut tx = s.db.begin().await?;
        open_review(&mut tx, buyer, (order, product), now, true).await?;
    }
    let renditions = super::pictures::render(name, bytes).await?;
    let mut tx = s.db.begin().await?;
    let review = open_review(&mut tx, buyer, (order, product), now, true).await?;
    let media = super::pictures::store(&mut tx, &renditions, now).await?;
    reviews::add_picture(&mut tx, review, media).await?;
    tx.commit().await?;
    tracing::info!(user = %buyer, %review, %media, "review picture added");
    Ok(media)
}

/// Takes one of the pictures off the buyer's review (while it can be changed) and deletes it.
pub async fn remove_picture(
    s: Services<'_>,
    buyer: UserId,
    (order, product): (OrderId, ProductId),
    media: MediaId,
) -> Result<(), ServiceError> {
    let mut tx = s.db.begin().await?;
    let review = open_review(&mut tx, buyer, (order, product), s.clock.now(), false).await?;
    if !reviews::remove_picture(&mut tx, review, media).await? {
        return Err(ServiceError::NotFound);
    }
    tx.commit().await?;
    tracing::info!(user = %buyer, %review, %media, "review picture removed");
    Ok(())
}

/// The buyer's review of a line of their order, held, if it can be changed now (and, with
/// `adding`, has room for another picture).
async fn open_review(
    tx: &mut Tx<'_>,
    buyer: UserId,
    (order, product): (OrderId, ProductId),
    now: i64,
    adding: bool,
) -> Result<ReviewId, ServiceError> {
    if reviews::line_delivered(tx, buyer, order, product).await? != Some(true) {
        return Err(ServiceError::NotFound);
    }
    let (id, _, written_at, hidden) = reviews::of_line(tx, order, product)
        .await?
        .ok_or(ServiceError::Invalid(FieldProblem::ReviewFirst))?;
    if hidden || now > written_at + EDIT_SECONDS {
        return Err(ServiceError::Refused(Refusal::ReviewLocked));
    }
    if adding && reviews::pictures_in(tx, id).await?.len() >= MAX_REVIEW_PICTURES {
        return Err(ServiceError::Invalid(FieldProblem::ReviewPicturesFull));
    }
    Ok(id)
}
