//! Reviews: the product page's, the buyer's own on their order page, the seller's answers and the
//! operators' moderation. The rules are `server::service::reviews`'.

use crate::{
    domain::{OrderId, ProductId, ReviewId},
    error::AppError,
    page::review::{LineReview, ProductReviews, ReportedReview, SellerReview},
};
use leptos::prelude::*;

crate::form_fields! {
    /// The buyer's review of a delivered line.
    pub enum ReviewField { Rating => "rating", Body => "body" }
}

crate::form_fields! {
    /// A picture the buyer adds to their review.
    pub enum ReviewPictureField { Picture => "picture" }
}

crate::form_fields! {
    /// The seller's answer to a review.
    pub enum AnswerField { Answer => "answer" }
}

crate::form_fields! {
    /// Why an operator hides a review.
    pub enum HideField { Reason => "reason" }
}

access!(GetProductReviews => PUBLIC);
/// The product page's reviews: the rating figures and the first reviews, the newest first or
/// (`order` = `helpful`) the most helpful.
#[server(endpoint = "reviews/product")]
pub async fn get_product_reviews(
    id: ProductId,
    order: Option<String>,
) -> Result<ProductReviews, AppError> {
    use crate::domain::review::ReviewOrder;
    let cx = super::ssr::guard::<GetProductReviews>()?;
    let order = ReviewOrder::from_code(order.as_deref().unwrap_or_default());
    Ok(crate::server::service::reviews::of_product(cx.services(), id, order).await?)
}

access!(GetOrderReviews => SIGNED_IN);
/// The delivered lines of the caller's order with their reviews (nothing for anyone else's order
/// or one not delivered).
#[server(endpoint = "reviews/order")]
pub async fn get_order_reviews(id: OrderId) -> Result<Vec<LineReview>, AppError> {
    let cx = super::ssr::guard::<GetOrderReviews>()?;
    let viewer = &cx.signed_in()?.viewer;
    Ok(crate::server::service::reviews::of_order(cx.services(), viewer, id).await?)
}

access!(WriteReview => BUYERS);
/// The buyer rates a delivered line of their order (`rating` 1–5) and may say why (`body`, up to
/// 2,000 characters); writing again within 30 days changes the review. A form whose stars were
/// left unchosen sends no `rating` at all: it is refused beside the stars like an empty one.
#[server(endpoint = "reviews/write")]
pub async fn write_review(
    order: OrderId,
    product: ProductId,
    rating: Option<String>,
    body: String,
) -> Result<ReviewId, AppError> {
    use crate::{
        domain::{form::FieldErrors, review},
        server::service::reviews::{self, Writing},
    };
    let cx = super::ssr::guard::<WriteReview>()?;
    let buyer = cx.signed_in()?.viewer.id;
    let mut errs = FieldErrors::default();
    let stars = errs.check(
        ReviewField::Rating,
        review::Stars::parse(rating.as_deref().unwrap_or_default()),
    );
    let body = errs.check(ReviewField::Body, review::parse_body(&body));
    let (Some(stars), Some(body)) = (stars, body) else {
        return Err(errs.into());
    };
    let writing = Writing {
        order,
        product,
        stars,
        body: &body,
    };
    let id = reviews::write(cx.services(), buyer, &writing).await?;
    cx.flash(crate::page::form::Flash::ReviewSaved(product));
    Ok(id)
}

access!(AddReviewPicture => BUYERS);
/// Adds a picture to the buyer's review of a delivered line: a `multipart/form-data` post with
/// the line's `order` and `product` and the file as `picture` (JPEG, PNG or WebP, checked and
/// drawn again like a seller's; see `server::upload`). At most three, while the review can be
/// changed.
#[server(endpoint = "reviews/picture", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn add_review_picture(
    data: leptos::server_fn::codec::MultipartData,
) -> Result<crate::domain::MediaId, AppError> {
    use crate::{domain::form::FieldProblem, server::upload::MAX_PICTURE_BYTES};
    let cx = super::ssr::guard::<AddReviewPicture>()?;
    let buyer = cx.signed_in()?.viewer.id;
    let field = ReviewPictureField::Picture;
    let too_large = AppError::invalid(field, FieldProblem::PictureTooLarge);
    let (fields, file) =
        super::ssr::multipart(data, "picture", MAX_PICTURE_BYTES, too_large).await?;
    let value = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let (Ok(order), Ok(product)) = (value("order").parse(), value("product").parse()) else {
        return Err(AppError::BadRequest("which order line".into()));
    };
    let (name, bytes) = file.ok_or_else(|| AppError::invalid(field, FieldProblem::Required))?;
    let line = (order, product);
    let media =
        crate::server::service::reviews::add_picture(cx.services(), buyer, line, &name, bytes)
            .await
            .map_err(|e| e.answer(|_| field))?;
    cx.flash(crate::page::form::Flash::ReviewPictureAdded(product));
    Ok(media)
}

access!(RemoveReviewPicture => BUYERS);
/// Takes a picture off the buyer's review of a delivered line (while it can be changed).
#[server(endpoint = "reviews/picture-remove")]
pub async fn remove_review_picture(
    order: OrderId,
    product: ProductId,
    media: crate::domain::MediaId,
) -> Result<(), AppError> {
    let cx = super::ssr::guard::<RemoveReviewPicture>()?;
    let buyer = cx.signed_in()?.viewer.id;
    let line = (order, product);
    crate::server::service::reviews::remove_picture(cx.services(), buyer, line, media).await?;
    Ok(())
}

access!(MarkHelpful => BUYERS);
/// A shopper found a review helpful (once; not their own).
#[server(endpoint = "reviews/helpful")]
pub async fn mark_helpful(id: ReviewId) -> Result<(), AppError> {
    let cx = super::ssr::guard::<MarkHelpful>()?;
    let user = cx.signed_in()?.viewer.id;
    crate::server::service::reviews::mark_helpful(cx.services(), user, id).await?;
    cx.flash(crate::page::form::Flash::Thanked(id));
    Ok(())
}

access!(ReportReview => BUYERS);
/// A shopper reports a review as abusive: an operator looks at it.
#[server(endpoint = "reviews/report")]
pub async fn report_review(id: ReviewId) -> Result<(), AppError> {
    let cx = super::ssr::guard::<ReportReview>()?;
    let user = cx.signed_in()?.viewer.id;
    crate::server::service::reviews::report(cx.services(), user, id).await?;
    cx.flash(crate::page::form::Flash::Reported(id));
    Ok(())
}

access!(SellerReviews => SELLER_STAFF);
/// `/seller/reviews`: the reviews of the seller's goods, those still to answer first.
#[server(endpoint = "seller/reviews")]
pub async fn seller_reviews() -> Result<Vec<SellerReview>, AppError> {
    let cx = super::ssr::guard::<SellerReviews>()?;
    let staff = &cx.signed_in()?.viewer;
    Ok(crate::server::service::reviews::of_seller(cx.services(), staff).await?)
}

access!(AnswerReview => SELLER_STAFF);
/// The seller answers a review of one of its goods, publicly and once (up to 1,000 characters).
#[server(endpoint = "seller/answer")]
pub async fn answer_review(id: ReviewId, answer: String) -> Result<(), AppError> {
    use crate::domain::review::parse_answer;
    let cx = super::ssr::guard::<AnswerReview>()?;
    let staff = &cx.signed_in()?.viewer;
    let text = parse_answer(&answer).map_err(|p| AppError::invalid(AnswerField::Answer, p))?;
    crate::server::service::reviews::answer(cx.services(), staff, id, &text).await?;
    cx.flash(crate::page::form::Flash::Answered(id));
    Ok(())
}

access!(ReportedReviews => OPERATORS);
/// `/moderation`: reviews shoppers reported, waiting for an operator.
#[server(endpoint = "reviews/reported")]
pub async fn reported_reviews() -> Result<Vec<ReportedReview>, AppError> {
    let cx = super::ssr::guard::<ReportedReviews>()?;
    Ok(crate::server::service::reviews::reported(cx.services()).await?)
}

access!(HideReview => OPERATORS);
/// An operator hides a review with a reason (up to 200 characters) that its author reads.
#[server(endpoint = "reviews/hide")]
pub async fn hide_review(id: ReviewId, reason: String) -> Result<(), AppError> {
    use crate::domain::review::parse_reason;
    let cx = super::ssr::guard::<HideReview>()?;
    let operator = cx.signed_in()?.viewer.id;
    let reason = parse_reason(&reason).map_err(|p| AppError::invalid(HideField::Reason, p))?;
    crate::server::service::reviews::hide(cx.services(), operator, id, &reason).await?;
    cx.flash(crate::page::form::Flash::Saved);
    Ok(())
}

access!(KeepReview => OPERATORS);
/// An operator keeps a reported review: the reports so far are dealt with.
#[server(endpoint = "reviews/keep")]
pub async fn keep_review(id: ReviewId) -> Result<(), AppError> {
    let cx = super::ssr::guard::<KeepReview>()?;
    let operator = cx.signed_in()?.viewer.id;
    crate::server::service::reviews::keep(cx.services(), operator, id).await?;
    cx.flash(crate::page::form::Flash::Saved);
    Ok(())
}
