//! Reviews: the product page's section (figures, the reviews, marking one helpful or reporting
//! it), the buyer's forms on their order page, the seller's answers (`/seller/reviews`) and the
//! operators' queue of reported reviews (`/moderation`), each review with the buyer's pictures.
//! Every form is a plain form (a review's pictures go up in a multipart one).

use crate::{
    api::reviews::{
        get_order_reviews, get_product_reviews, reported_reviews, seller_reviews, AddReviewPicture,
        AnswerField, AnswerReview, HideField, HideReview, KeepReview, MarkHelpful,
        RemoveReviewPicture, ReportReview, ReviewField, ReviewPictureField, WriteReview,
    },
    domain::{
        catalog::{Localized, Picture},
        form::FormField,
        review::{
            Rating, RatingSummary, ReviewOrder, Stars, ANSWER_MAX, MAX_REVIEW_PICTURES, REASON_MAX,
            REVIEW_MAX,
        },
        OrderId, ProductId, ReviewId,
    },
    i18n::{Lang, Msg},
    page::{
        form::Flash,
        review::{LineReview, ProductReviews, ReportedReview, SellerReview, ShownReview},
    },
    ui::{
        form::{field_problem, flash, typed, FileInput, FormError, PostForm},
        head::PageTitle,
        i18n::{loc, t, use_lang},
        load::load,
        picture::PictureView,
        words::{day_label, time_label},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

/// `평점 4.5, 상품평 12개` / `Rated 4.5 of 5 from 12 reviews`.
fn rating_words(rating: Rating, lang: Lang) -> String {
    let avg = rating.average().unwrap_or_default();
    match lang {
        Lang::Ko => format!("평점 {avg}, 상품평 {}개", rating.count),
        Lang::En => format!("Rated {avg} of 5 from {} reviews", rating.count),
    }
}

/// `★ 4.5 (12)` on a card or in the comparison; nothing for a product nobody rated yet.
#[component]
pub fn RatingBadge(rating: Rating) -> impl IntoView {
    let lang = use_lang();
    rating.badge().map(|badge| {
        view! {
            <span class="rating" role="img" aria-label=rating_words(rating, lang) data-testid="rating">
                {badge}
            </span>
        }
    })
}

/// The comparison's cell: `★ 4.5 (12)`, or a dash.
pub fn rating_cell(rating: Rating) -> String {
    rating.badge().unwrap_or_else(|| "—".into())
}

/// Stars drawn, named for screen readers (`별점 4/5`).
#[component]
fn StarsView(stars: Stars) -> impl IntoView {
    let label = match use_lang() {
        Lang::Ko => format!("별점 {}/5", stars.get()),
        Lang::En => format!("{} of 5 stars", stars.get()),
    };
    view! { <span class="stars" role="img" aria-label=label data-testid="stars">{stars.drawn()}</span> }
}

/// The product page's reviews, newest first or (`?reviews=helpful`) the most helpful first.
#[component]
pub fn ProductReviewsSection(id: ProductId) -> impl IntoView {
    let order = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("reviews"));
    load(get_product_reviews(id, order), move |reviews| {
        view! { <ReviewsView id reviews/> }
    })
}

#[component]
fn ReviewsView(id: ProductId, reviews: ProductReviews) -> impl IntoView {
    let lang = use_lang();
    let ProductReviews {
        summary,
        order,
        items,
    } = reviews;
    let rating = summary.rating;
    let sort_link = move |o: ReviewOrder, msg: Msg| {
        let current = (o == order).then_some("page");
        view! {
            <a href=format!("/p/{id}?reviews={}#reviews", o.code()) aria-current=current
                data-testid=format!("reviews-{}", o.code())>{t(msg)}</a>
        }
    };
    view! {
        <section class="reviews" id="reviews" aria-labelledby="reviews-h" data-testid="reviews">
            <h2 id="reviews-h">{t(Msg::Reviews)}</h2>
            {if rating.count == 0 {
                view! { <p class="empty" data-testid="no-reviews">{t(Msg::ReviewsNone)}</p> }.into_any()
            } else {
                view! {
                    <p class="rating-big" data-testid="rating-average">
                        <span aria-hidden="true">"★ "</span>
                        {rating_words(rating, lang)}
                    </p>
                    <Distribution summary/>
                    <nav class="sort" aria-label=t(Msg::ReviewOrder)>
                        {sort_link(ReviewOrder::Newest, Msg::ReviewsNewest)}
                        " · "
                        {sort_link(ReviewOrder::Helpful, Msg::ReviewsHelpful)}
                    </nav>
                    <ol class="review-list">
                        {items.into_iter().map(|review| view! { <ReviewItem review/> }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

/// How many reviews gave each number of stars, five first.
#[component]
fn Distribution(summary: RatingSummary) -> impl IntoView {
    let lang = use_lang();
    let total = summary.rating.count;
    view! {
        <table class="distribution" data-testid="distribution">
            <tbody>
                {Stars::ALL.into_iter().map(|stars| {
                    let (n, share) = summary.with(stars);
                    let label = match lang {
                        Lang::Ko => format!("{}점", stars.get()),
                        Lang::En => format!("{} stars", stars.get()),
                    };
                    view! {
                        <tr data-testid=format!("stars-{}", stars.get())>
                            <th scope="row">{label.clone()}</th>
                            <td><progress max=total.max(1) value=n aria-label=label>{format!("{share}%")}</progress></td>
                            <td class="count">{n}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// One review on the product page, with its answer and what shoppers can do with it.
#[component]
fn ReviewItem(review: ShownReview) -> impl IntoView {
    let lang = use_lang();
    let ShownReview {
        id,
        stars,
        body,
        author,
        written_at,
        edited,
        helpful,
        answer,
        pictures,
    } = review;
    let note = match flash() {
        Some(Flash::Thanked(r)) if r == id => Some(Msg::Thanked),
        Some(Flash::Reported(r)) if r == id => Some(Msg::ReportedThanks),
        _ => None,
    };
    let helpful_label = format!("{} ({helpful})", Msg::Helpful.text(lang));
    view! {
        <li class="review" data-testid="review">
            <p class="review-head">
                <StarsView stars/>
                " " <strong>{author}</strong>
                " · " <span class="verified">{t(Msg::VerifiedPurchase)}</span>
                " · " {day_label(written_at, lang)}
                {edited.then(|| view! { " · " {t(Msg::Edited)} })}
            </p>
            {(!body.is_empty()).then(|| view! { <p class="review-body" data-testid="review-body">{body}</p> })}
            <ReviewPictures pictures/>
            {answer.map(|(text, at)| view! { <AnswerView text at/> })}
            <div class="review-actions">
                <PostForm action={<MarkHelpful as ServerFn>::url()} hidden=vec![("id", id.to_string())] class="inline">
                    <button type="submit" class="secondary" data-testid="helpful"
                        data-pending=t(Msg::Submitting)>{helpful_label}</button>
                    <FormError/>
                </PostForm>
                <PostForm action={<ReportReview as ServerFn>::url()} hidden=vec![("id", id.to_string())] class="inline">
                    <button type="submit" class="secondary" data-testid="report"
                        data-pending=t(Msg::Submitting)>{t(Msg::Report)}</button>
                    <FormError/>
                </PostForm>
                {note.map(|m| view! { <span class="done" role="status">{t(m)}</span> })}
            </div>
        </li>
    }
}

/// The buyer's order page: a review form for each delivered line (nothing for an order not
/// delivered, or someone else's).
#[component]
pub fn OrderReviews(id: OrderId) -> impl IntoView {
    load(get_order_reviews(id), move |lines| {
        (!lines.is_empty()).then(|| {
            view! {
                <section class="reviews" aria-labelledby="my-reviews-h" data-testid="order-reviews">
                    <h2 id="my-reviews-h">{t(Msg::ReviewYourGoods)}</h2>
                    {lines.into_iter().map(|line| view! { <LineReviewForm order=id line/> }).collect_view()}
                </section>
            }
        })
    })
}

#[component]
fn LineReviewForm(order: OrderId, line: LineReview) -> impl IntoView {
    let lang = use_lang();
    let LineReview {
        product,
        name,
        review,
        open,
    } = line;
    let saved = flash() == Some(Flash::ReviewSaved(product));
    let (stars, body, until, answer, hidden, pictures) = match review {
        Some(r) => (
            Some(r.stars),
            r.body,
            Some(r.editable_until),
            r.answer,
            r.hidden_because,
            r.pictures,
        ),
        None => (None, String::new(), None, None, None, Vec::new()),
    };
    let written = stars.is_some();
    view! {
        <article class="line-review" data-testid="line-review">
            <h3><a href=format!("/p/{product}")>{loc(name)}</a></h3>
            {hidden.map(|why| view! {
                <p class="notice" data-testid="review-hidden">{t(Msg::ReviewHiddenBecause)} " " {why}</p>
            })}
            {if open {
                view! {
                    <PostForm action={<WriteReview as ServerFn>::url()}
                        hidden=vec![("order", order.to_string()), ("product", product.to_string())]>
                        <StarsField product initial=stars/>
                        <BodyField product initial=body/>
                        <button type="submit" data-testid="write-review" data-pending=t(Msg::Submitting)>
                            {t(if written { Msg::ChangeReview } else { Msg::WriteReview })}
                        </button>
                        {saved.then(|| view! { <span class="done" role="status" data-testid="review-saved">{t(Msg::ReviewSaved)}</span> })}
                        {until.map(|at| view! { <p class="hint">{t(Msg::ReviewEditableUntil)} " " {time_label(at, lang)}</p> })}
                        <FormError/>
                    </PostForm>
                    {written.then(|| view! { <OwnPictures order product pictures/> })}
                }.into_any()
            } else {
                view! {
                    <p>{stars.map(|stars| view! { <StarsView stars/> })}</p>
                    <p class="review-body">{body}</p>
                    <ReviewPictures pictures/>
                }.into_any()
            }}
            {answer.map(|text| view! { <AnswerView text/> })}
        </article>
    }
}

/// One to five stars as radio buttons, the best first.
#[component]
fn StarsField(product: ProductId, initial: Option<Stars>) -> impl IntoView {
    let field = ReviewField::Rating;
    let problem = field_problem(field);
    let chosen = typed(field.input()).or_else(|| initial.map(|s| s.get().to_string()));
    let error_id = format!("error-rating-{product}");
    view! {
        <fieldset class="stars-field" class:invalid=problem.is_some() aria-describedby=error_id.clone()>
            <legend>{t(Msg::RatingLabel)}</legend>
            {Stars::ALL.into_iter().map(|stars| {
                let n = stars.get().to_string();
                let id = format!("rating-{product}-{n}");
                let checked = chosen.as_deref() == Some(n.as_str());
                view! {
                    <input type="radio" id=id.clone() name=field.input() value=n.clone() checked=checked
                        data-testid=format!("rating-{n}")/>
                    <label for=id><span aria-hidden="true">{stars.drawn()}</span> " " {n.clone()}</label>
                }
            }).collect_view()}
            <p class="field-error" id=error_id.clone() data-testid="error-rating">{problem.map(|p| t(p.msg()))}</p>
        </fieldset>
    }
}

/// What the buyer says (optional), bounded like the server bounds it.
#[component]
fn BodyField(product: ProductId, initial: String) -> impl IntoView {
    let field = ReviewField::Body;
    let problem = field_problem(field);
    let value = typed(field.input()).unwrap_or(initial);
    let (id, error_id) = (format!("body-{product}"), format!("error-body-{product}"));
    view! {
        <div class="field" class:invalid=problem.is_some()>
            <label for=id.clone()>{t(Msg::ReviewBody)}</label>
            <textarea id=id name=field.input() rows="4" maxlength=REVIEW_MAX.to_string()
                aria-invalid=problem.is_some().then_some("true") aria-describedby=error_id.clone()
                data-testid="input-body">{value}</textarea>
            <p class="field-error" id=error_id data-testid="error-body">{problem.map(|p| t(p.msg()))}</p>
        </div>
    }
}

/// A review with its product, as the seller's console and the operators' queue list it.
#[component]
fn ReviewCard(review: ShownReview, product: ProductId, name: Localized) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="review-head">
            <a href=format!("/p/{product}#reviews")>{loc(name)}</a>
            " · " <StarsView stars=review.stars/>
            " · " <strong>{review.author}</strong>
            " · " {day_label(review.written_at, lang)}
        </p>
        {(!review.body.is_empty()).then(|| view! { <p class="review-body" data-testid="review-body">{review.body}</p> })}
        <ReviewPictures pictures=review.pictures/>
    }
}

/// A review's pictures, small; each opens its large size.
#[component]
fn ReviewPictures(pictures: Vec<Picture>) -> impl IntoView {
    (!pictures.is_empty()).then(|| {
        view! {
            <ul class="review-pictures" data-testid="review-pictures">
                {pictures.into_iter().map(|picture| view! {
                    <li><a href=picture.url("large", "webp")><PictureView picture alt=picture_alt() sizes="96px"/></a></li>
                }).collect_view()}
            </ul>
        }
    })
}

/// What a review's picture shows, for those who can't see it.
fn picture_alt() -> Localized {
    let alt = Msg::ReviewPictureAlt;
    Localized::new(alt.text(Lang::Ko), alt.text(Lang::En))
}

/// The buyer's pictures of their review, each with its remove button, and the form that adds one
/// (from a file or the camera).
#[component]
fn OwnPictures(order: OrderId, product: ProductId, pictures: Vec<Picture>) -> impl IntoView {
    let added = flash() == Some(Flash::ReviewPictureAdded(product));
    let room = pictures.len() < MAX_REVIEW_PICTURES;
    let line = vec![
        ("order", order.to_string()),
        ("product", product.to_string()),
    ];
    view! {
        <div class="own-pictures" data-testid="own-pictures">
            {added.then(|| view! { <p class="done" role="status" data-testid="review-picture-added">{t(Msg::ReviewPictureAdded)}</p> })}
            <ul class="review-pictures">
                {pictures.into_iter().map(|picture| {
                    let mut hidden = line.clone();
                    hidden.push(("media", picture.id.to_string()));
                    view! {
                        <li data-testid="own-picture">
                            <PictureView picture alt=picture_alt() sizes="96px"/>
                            <PostForm action={<RemoveReviewPicture as ServerFn>::url()} hidden class="inline">
                                <button type="submit" class="secondary" data-pending=t(Msg::Submitting)>{t(Msg::RemovePicture)}</button>
                            </PostForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {room.then(|| view! {
                <PostForm action={<AddReviewPicture as ServerFn>::url()} hidden=line.clone() class="form" upload=true>
                    <FileInput field=ReviewPictureField::Picture label=Msg::ReviewPictureAdd
                        accept="image/jpeg,image/png,image/webp" scope=format!("{product}-")/>
                    <FormError/>
                    <button type="submit" class="secondary" data-testid="upload-review-picture">{t(Msg::UploadPicture)}</button>
                </PostForm>
            })}
        </div>
    }
}

/// `/seller/reviews`: the reviews of the seller's goods, those to answer first.
#[component]
pub fn SellerReviewsPage() -> impl IntoView {
    view! {
        <PageTitle text=t(Msg::SellerReviews)/>
        <section class="console" data-testid="seller-reviews">
            <h1>{t(Msg::SellerReviews)}</h1>
            <p><a href="/seller">{t(Msg::BackToConsole)}</a></p>
            {load(seller_reviews(), |list| {
                if list.is_empty() {
                    view! { <p class="empty">{t(Msg::ReviewsNone)}</p> }.into_any()
                } else {
                    view! {
                        <ol class="review-list">
                            {list.into_iter().map(|r| view! { <SellerReviewItem r/> }).collect_view()}
                        </ol>
                    }.into_any()
                }
            })}
        </section>
    }
}

#[component]
fn SellerReviewItem(r: SellerReview) -> impl IntoView {
    let SellerReview {
        review,
        product,
        name,
    } = r;
    let id = review.id;
    let answer = review.answer.clone();
    let answered = flash() == Some(Flash::Answered(id));
    view! {
        <li class="review" data-testid="seller-review">
            <ReviewCard review product name/>
            {match answer {
                Some((text, _)) => view! { <AnswerView text saved=answered/> }.into_any(),
                None => view! {
                    <PostForm action={<AnswerReview as ServerFn>::url()} hidden=vec![("id", id.to_string())]>
                        <NoteInput field=AnswerField::Answer id label=Msg::AnswerLabel max=ANSWER_MAX multiline=true/>
                        <button type="submit" data-testid="send-answer" data-pending=t(Msg::Submitting)>{t(Msg::SendAnswer)}</button>
                        <FormError/>
                    </PostForm>
                }.into_any(),
            }}
        </li>
    }
}

/// `/moderation`: reviews shoppers reported, for operators to hide (with a reason) or keep.
#[component]
pub fn ModerationPage() -> impl IntoView {
    view! {
        <PageTitle text=t(Msg::Moderation)/>
        <section class="console" data-testid="moderation">
            <h1>{t(Msg::Moderation)}</h1>
            <form method="get" action="/moderation/listing" class="range" data-testid="find-listing">
                <label>{t(Msg::ModerateListingNumber)} " "
                    <input type="text" name="id" inputmode="numeric" required maxlength="19"/>
                </label> " "
                <button type="submit">{t(Msg::ModerateListingOpen)}</button>
            </form>
            <h2>{t(Msg::ModerationReported)}</h2>
            {load(reported_reviews(), |list| {
                if list.is_empty() {
                    view! { <p class="empty" data-testid="no-reports">{t(Msg::ModerationNone)}</p> }.into_any()
                } else {
                    view! {
                        <ol class="review-list">
                            {list.into_iter().map(|r| view! { <ReportedItem r/> }).collect_view()}
                        </ol>
                    }.into_any()
                }
            })}
        </section>
    }
}

#[component]
fn ReportedItem(r: ReportedReview) -> impl IntoView {
    let lang = use_lang();
    let ReportedReview {
        review,
        product,
        name,
        reports,
    } = r;
    let id = review.id;
    let reports = match lang {
        Lang::Ko => format!("신고 {reports}건"),
        Lang::En => format!("{reports} reports"),
    };
    view! {
        <li class="review" data-testid="reported-review">
            <ReviewCard review product name/>
            <p class="notice">{reports}</p>
            <PostForm action={<HideReview as ServerFn>::url()} hidden=vec![("id", id.to_string())]>
                <NoteInput field=HideField::Reason id label=Msg::HideReason max=REASON_MAX multiline=false/>
                <button type="submit" class="danger" data-testid="hide-review" data-pending=t(Msg::Submitting)>{t(Msg::HideReview)}</button>
                <FormError/>
            </PostForm>
            <PostForm action={<KeepReview as ServerFn>::url()} hidden=vec![("id", id.to_string())] class="inline">
                <button type="submit" class="secondary" data-testid="keep-review" data-pending=t(Msg::Submitting)>{t(Msg::KeepReview)}</button>
                <FormError/>
            </PostForm>
        </li>
    }
}

/// The seller's answer under a review (with its day on the product page; with "posted" once, at
/// the console, right after it was given).
#[component]
fn AnswerView(
    text: String,
    #[prop(optional)] at: Option<i64>,
    #[prop(optional)] saved: bool,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="answer" data-testid="answer">
            <p><strong>{t(Msg::SellerAnswer)}</strong>{at.map(|at| format!(" · {}", day_label(at, lang)))}</p>
            <p class="review-body">{text}</p>
            {saved.then(|| view! { <p class="done" role="status">{t(Msg::AnswerSaved)}</p> })}
        </div>
    }
}

/// What staff write about review `id` (the seller's answer, an operator's reason): what was typed
/// when refused, with its problem, bounded like the server bounds it.
#[component]
fn NoteInput<F: FormField>(
    field: F,
    id: ReviewId,
    label: Msg,
    max: usize,
    multiline: bool,
) -> impl IntoView {
    let name = field.input();
    let problem = field_problem(field);
    let (fid, error_id) = (format!("{name}-{id}"), format!("error-{name}-{id}"));
    let value = typed(name);
    let invalid = problem.is_some().then_some("true");
    let testid = format!("input-{name}");
    view! {
        <div class="field" class:invalid=problem.is_some()>
            <label for=fid.clone()>{t(label)}</label>
            {if multiline {
                view! {
                    <textarea id=fid name=name rows="3" maxlength=max.to_string() aria-invalid=invalid
                        aria-describedby=error_id.clone() data-testid=testid>{value}</textarea>
                }.into_any()
            } else {
                view! {
                    <input id=fid type="text" name=name maxlength=max.to_string() value=value
                        aria-invalid=invalid aria-describedby=error_id.clone() data-testid=testid/>
                }.into_any()
            }}
            <p class="field-error" id=error_id data-testid=format!("error-{name}")>{problem.map(|p| t(p.msg()))}</p>
        </div>
    }
}
