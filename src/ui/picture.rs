//! A stored picture as every page draws it (cards, product pages, listings, reviews).

use crate::{
    domain::catalog::{Localized, Picture},
    ui::i18n::loc,
};
use leptos::prelude::*;

/// A stored picture: WebP where the browser takes it, PNG otherwise; both sizes in `srcset`;
/// width and height set so nothing moves when it arrives.
#[component]
pub fn PictureView(
    picture: Picture,
    alt: Localized,
    sizes: &'static str,
    #[prop(optional)] eager: bool,
    #[prop(optional)] large: bool,
) -> impl IntoView {
    let srcset = |ext: &str| {
        format!(
            "{} {}w, {} {}w",
            picture.url("thumb", ext),
            picture.thumb.0,
            picture.url("large", ext),
            picture.large.0
        )
    };
    let (w, h) = if large { picture.large } else { picture.thumb };
    let alt = loc(alt);
    view! {
        <picture>
            <source type="image/webp" srcset=srcset("webp") sizes=sizes/>
            <img
                src=picture.url(if large { "large" } else { "thumb" }, "png")
                srcset=srcset("png")
                sizes=sizes
                width=w
                height=h
                alt=alt
                loading=if eager { "eager" } else { "lazy" }
                fetchpriority=if eager { "high" } else { "auto" }
                decoding="async"
            />
        </picture>
    }
}
