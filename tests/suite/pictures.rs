//! Seller staff upload pictures of their products, on both databases: a real picture is stored in
//! the catalog's two sizes as WebP and PNG with nothing of the file but its pixels, becomes the main
//! picture on cards when staff say so, and is removed with its files; a file that is not a
//! picture, not what its name says, too large, a decompression bomb or cut off is refused with the
//! reason, over the API and from a browser's plain form alike, and stores nothing.

use crate::common::{form, TestApp, SELLER, SHOPPER};
use http::StatusCode;
use image::{ImageEncoder, Rgb, RgbImage};
use okryu::{
    domain::{form::FieldProblem, MediaId, ProductId},
    error::AppError,
};

on_both_databases!(
    a_picture_is_stored_in_both_sizes_without_its_metadata_and_can_be_made_main_and_removed,
    files_that_are_not_pictures_are_refused_with_the_reason_and_store_nothing,
);

#[test]
fn the_upload_limits_know_every_upload_function() {
    use leptos::server_fn::ServerFn;
    assert_eq!(
        okryu::server::limits::UPLOAD_PATHS,
        [
            <okryu::api::seller::UploadPicture as ServerFn>::PATH,
            <okryu::api::seller::UploadRecording as ServerFn>::PATH,
            <okryu::api::seller::UploadBulk as ServerFn>::PATH,
            <okryu::api::reviews::AddReviewPicture as ServerFn>::PATH,
        ]
    );
}

/// Uploads a file (`name`, `bytes`) for product `id`: as a program (asking for JSON) or, with a
/// `referer`, as a browser's form.
async fn upload(
    app: &TestApp,
    cookie: &str,
    id: ProductId,
    (name, bytes): (&str, &[u8]),
    referer: Option<&str>,
) -> crate::common::Response {
    let body = crate::common::upload_body(&id.to_string(), name, bytes);
    let mut req = crate::common::upload_request(body, &[("cookie", cookie)]);
    if let Some(page) = referer {
        crate::common::from_page(&mut req, page);
    }
    app.request(req).await
}

/// A JPEG whose EXIF segment carries `secret` (as a camera's place and time would).
fn photo_with_exif(w: u32, h: u32, secret: &str) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, _| Rgb([200, (x % 200) as u8, 40]));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .expect("jpeg");
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend_from_slice(secret.as_bytes());
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&u16::try_from(exif.len() + 2).expect("short").to_be_bytes());
    app1.extend_from_slice(&exif);
    // Right after the start-of-image marker, where cameras put it.
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_pixel(w, h, Rgb([10, 120, 200]));
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .expect("png");
    out
}

async fn pictures_of(app: &TestApp, id: ProductId) -> Vec<MediaId> {
    app.db
        .catalog()
        .product(id, app.services().now())
        .await
        .unwrap()
        .expect("exists")
        .pictures
        .iter()
        .map(|p| p.id)
        .collect()
}

async fn a_picture_is_stored_in_both_sizes_without_its_metadata_and_can_be_made_main_and_removed(
    app: TestApp,
) {
    let seller = app.sign_in(SELLER).await;
    let own = crate::common::product_of_kumsong(&app, 5).await;
    let before = pictures_of(&app, own).await;
    let secret = "GPS 39.0392N 125.7625E OKRYU-SECRET";
    let res = upload(
        &app,
        &seller,
        own,
        ("IMG_0001.JPG", &photo_with_exif(1200, 900, secret)),
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let media: MediaId = serde_json::from_str(&res.body).expect("the picture's id");
    let after = pictures_of(&app, own).await;
    assert_eq!(after.last(), Some(&media), "after the others");
    assert_eq!(after.len(), before.len() + 1);

    // Both sizes, both formats, fitted into the catalog's squares; nothing of the file's metadata.
    for (variant, side) in [("thumb", 240), ("large", 720)] {
        for (ext, mime) in [("webp", "image/webp"), ("png", "image/png")] {
            let file = app.get(&format!("/media/{media}/{variant}.{ext}")).await;
            assert_eq!(file.status, StatusCode::OK, "{variant}.{ext}");
            assert_eq!(file.header("content-type"), Some(mime));
            let img = image::load_from_memory(&file.bytes).expect("a picture");
            assert_eq!((img.width(), img.height()), (side, side));
            let text = String::from_utf8_lossy(&file.bytes);
            assert!(!text.contains("OKRYU-SECRET"), "no EXIF in {variant}.{ext}");
            assert!(!text.contains("Exif"), "no EXIF in {variant}.{ext}");
        }
    }

    // Made the main picture: first on its page and on its card.
    let res = app
        .call_with(
            "seller/picture-order",
            &form(&[
                ("id", &own.to_string()),
                ("media", &media.to_string()),
                ("to", "main"),
            ]),
            &[("cookie", &seller)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(pictures_of(&app, own).await.first(), Some(&media));
    let card = app
        .db
        .catalog()
        .lines(&[(own, okryu::domain::quantity::Quantity::ONE, None)])
        .await
        .unwrap();
    assert_eq!(card.len(), 1);
    let offer = app.db.compare().offer(own).await.unwrap().expect("offer");
    assert_eq!(
        offer.picture.map(|p| p.id),
        Some(media),
        "the card's picture"
    );

    // Removed: off the product, its files gone.
    let rows = crate::common::media_rows(&app).await;
    let res = app
        .call_with(
            "seller/picture-remove",
            &form(&[("id", &own.to_string()), ("media", &media.to_string())]),
            &[("cookie", &seller)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(pictures_of(&app, own).await, before);
    assert_eq!(
        crate::common::media_rows(&app).await,
        (rows.0, rows.1 - 4),
        "its files"
    );
    assert_eq!(
        app.get(&format!("/media/{media}/large.webp")).await.status,
        StatusCode::NOT_FOUND
    );
    // The next upload never takes its address: browsers keep what they got there for a year.
    let res = upload(&app, &seller, own, ("b.png", &png(300, 200)), None).await;
    let again: MediaId = serde_json::from_str(&res.body).expect("the picture's id");
    assert!(again > media, "{again} after {media}");
}

async fn files_that_are_not_pictures_are_refused_with_the_reason_and_store_nothing(app: TestApp) {
    let seller = app.sign_in(SELLER).await;
    let own = crate::common::product_of_kumsong(&app, 5).await;
    let rows = crate::common::media_rows(&app).await;
    let whole = png(400, 300);
    let bomb = crate::common::png_header_only(20_000, 20_000);
    let just_over = vec![0xFF_u8; okryu::server::upload::MAX_PICTURE_BYTES + 1];
    let cases: Vec<(&str, &[u8], FieldProblem)> = vec![
        ("socks.jpg", &whole, FieldProblem::PictureMismatch),
        (
            "socks.jpg",
            b"MZ\x90\x00 not a picture at all",
            FieldProblem::PictureNotAPicture,
        ),
        ("socks.png", &bomb, FieldProblem::PictureTooManyPixels),
        (
            "socks.png",
            &whole[..whole.len() / 2],
            FieldProblem::PictureBroken,
        ),
        ("socks.png", &just_over, FieldProblem::PictureTooLarge),
        ("", b"", FieldProblem::Required),
    ];
    for (name, bytes, problem) in cases {
        let res = upload(&app, &seller, own, (name, bytes), None).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            res.body
        );
        match crate::common::error_of(&res.body) {
            AppError::Invalid(fields) => {
                assert_eq!(fields.named("picture"), Some(problem), "{name}")
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    // A body that is not a multipart form at all (its decoder never sees it), and a guest.
    let res = app
        .call_with(
            "seller/picture",
            &format!("id={own}"),
            &[("cookie", &seller)],
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    let res = app.call("seller/picture", &format!("id={own}")).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    // Beyond what the server reads of an upload at all: refused before it is read.
    let huge = vec![0_u8; okryu::server::limits::MAX_UPLOAD_BYTES + 1];
    let res = upload(&app, &seller, own, ("huge.png", &huge), None).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);

    // From a browser's plain form: the page again, the reason beside the field, in Korean.
    let page = format!("/seller/p/{own}");
    let res = upload(&app, &seller, own, ("socks.jpg", &whole), Some(&page)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .body
        .contains("파일 이름이 말하는 종류와 파일의 내용이 다릅니다."));
    // Nobody else's product, and nobody but seller staff.
    let theirs = crate::common::not_kumsongs(&app).await.id;
    let res = upload(&app, &seller, theirs, ("a.png", &whole), None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let shopper = app.sign_in(SHOPPER).await;
    let res = upload(&app, &shopper, own, ("a.png", &whole), None).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(
        crate::common::media_rows(&app).await,
        rows,
        "nothing stored"
    );

    // A good one from the browser's form: back to the page, which says so.
    let res = upload(&app, &seller, own, ("a.png", &whole), Some(&page)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.header("location"), Some(page.as_str()));
    let cookie = format!(
        "{seller}; {}",
        res.header("set-cookie")
            .and_then(|c| c.split(';').next())
            .expect("the flash")
    );
    let shown = app.get_with(&page, &[("cookie", &cookie)]).await;
    assert!(shown.body.contains("사진을 올렸습니다."));
    assert_eq!(
        crate::common::media_rows(&app).await,
        (rows.0 + 1, rows.1 + 4)
    );
}
