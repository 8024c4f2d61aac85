//! Seller staff upload a product's voice descriptions (Korean, English) and its video, on both
//! databases: each is kept as it came and served with range requests on the product's page; a new
//! one takes the old one's place under a new address (a stored file is cached for a year); one
//! taken off leaves the others. A file that is not a recording of its kind, cut off or too large
//! is refused with the reason and stores nothing.

use crate::common::{file_body, form, upload_to, TestApp, SELLER, SHOPPER};
use http::StatusCode;
use okryu::{
    domain::{
        catalog::{Container, Video, Voice},
        form::FieldProblem,
        ProductId,
    },
    error::AppError,
};

on_both_databases!(
    voices_and_a_video_are_kept_as_they_came_played_in_parts_replaced_and_taken_off,
    files_that_are_not_recordings_of_their_kind_are_refused_with_the_reason,
);

fn demo(name: &str) -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tools/demo/media/");
    std::fs::read(format!("{path}{name}")).expect("a demo recording")
}

/// MPEG-1 layer III frames (128 kbit/s, 44.1 kHz) of silence.
fn mp3(frames: usize) -> Vec<u8> {
    (0..frames)
        .flat_map(|_| {
            let mut f = vec![0xFF, 0xFB, 0x90, 0x64];
            f.resize(417, 0);
            f
        })
        .collect()
}

/// Uploads `file` (its name and bytes) into `slot` of product `id`; as a browser's form when a
/// `page` is given.
async fn put(
    app: &TestApp,
    cookie: &str,
    (id, slot): (ProductId, &str),
    (name, bytes): (&str, &[u8]),
    page: Option<&str>,
) -> crate::common::Response {
    let body = file_body(
        &[("id", &id.to_string()), ("slot", slot)],
        ("recording", name, bytes),
    );
    let mut req = upload_to("/api/seller/recording", body, &[("cookie", cookie)]);
    if let Some(page) = page {
        crate::common::from_page(&mut req, page);
    }
    app.request(req).await
}

async fn take_off(app: &TestApp, cookie: &str, id: ProductId, slot: &str) -> StatusCode {
    app.call_with(
        "seller/recording-remove",
        &form(&[("id", &id.to_string()), ("slot", slot)]),
        &[("cookie", cookie)],
    )
    .await
    .status
}

async fn recordings(app: &TestApp, id: ProductId) -> (Option<Voice>, Option<Video>) {
    let product = app
        .db
        .catalog()
        .product(id, app.services().now())
        .await
        .unwrap()
        .expect("exists");
    (product.voice, product.video)
}

/// A product of the seller's without recordings of its own.
async fn bare_product(app: &TestApp, seller: &str) -> ProductId {
    let own = crate::common::product_of_kumsong(app, 5).await;
    for slot in ["ko", "en", "video"] {
        let _ = take_off(app, seller, own, slot).await;
    }
    assert_eq!(recordings(app, own).await, (None, None));
    own
}

async fn voices_and_a_video_are_kept_as_they_came_played_in_parts_replaced_and_taken_off(
    app: TestApp,
) {
    let seller = app.sign_in(SELLER).await;
    let own = bare_product(&app, &seller).await;
    let rows = crate::common::media_rows(&app).await;
    let (ogg, webm, mp3) = (demo("socks-ko.ogg"), demo("cream-buns.webm"), mp3(12));

    let res = put(&app, &seller, (own, "ko"), ("설명.ogg", &ogg), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let (Some(first), None) = recordings(&app, own).await else {
        panic!("a voice and no video");
    };
    assert_eq!((first.korean, first.english), (Some(Container::Ogg), None));
    let korean = format!("/media/{}/ko.ogg", first.id);
    let whole = app.get(&korean).await;
    assert_eq!(whole.status, StatusCode::OK);
    assert_eq!(whole.header("content-type"), Some("audio/ogg"));
    assert_eq!(whole.bytes, ogg, "kept as it came");
    let part = app.get_with(&korean, &[("range", "bytes=100-199")]).await;
    assert_eq!(part.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.bytes, ogg[100..200]);

    // English beside it: a new medium with both, the old address gone.
    let res = put(&app, &seller, (own, "en"), ("설명.mp3", &mp3), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let (Some(both), None) = recordings(&app, own).await else {
        panic!("a voice");
    };
    assert_ne!(both.id, first.id);
    assert_eq!(
        (both.korean, both.english),
        (Some(Container::Ogg), Some(Container::Mp3))
    );
    assert_eq!(app.get(&korean).await.status, StatusCode::NOT_FOUND);
    let english = app.get(&format!("/media/{}/en.mp3", both.id)).await;
    assert_eq!(english.header("content-type"), Some("audio/mpeg"));
    assert_eq!(english.bytes, mp3);
    assert_eq!(
        app.get(&format!("/media/{}/ko.ogg", both.id)).await.bytes,
        ogg
    );

    let res = put(&app, &seller, (own, "video"), ("clip.webm", &webm), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let (_, Some(video)) = recordings(&app, own).await else {
        panic!("a video");
    };
    assert_eq!(video.container, Container::WebM);
    let served = app.get(&video.url()).await;
    assert_eq!(served.header("content-type"), Some("video/webm"));
    assert_eq!(served.bytes, webm);

    // On the product's page, in the shopper's language (Korean first).
    let page = app.get(&format!("/p/{own}")).await;
    assert!(page.body.contains(&format!("/media/{}/ko.ogg", both.id)));
    assert!(page.body.contains(&video.url()));
    let english_page = app
        .get_with(&format!("/p/{own}"), &[("cookie", "lang=en")])
        .await;
    assert!(english_page
        .body
        .contains(&format!("/media/{}/en.mp3", both.id)));

    // Taken off one at a time; what is left stays.
    assert_eq!(take_off(&app, &seller, own, "ko").await, StatusCode::OK);
    let (Some(left), Some(_)) = recordings(&app, own).await else {
        panic!("the English voice and the video stay");
    };
    assert_eq!((left.korean, left.english), (None, Some(Container::Mp3)));
    assert_eq!(
        take_off(&app, &seller, own, "ko").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(take_off(&app, &seller, own, "en").await, StatusCode::OK);
    assert_eq!(take_off(&app, &seller, own, "video").await, StatusCode::OK);
    assert_eq!(recordings(&app, own).await, (None, None));
    assert_eq!(
        crate::common::media_rows(&app).await.1,
        rows.1,
        "every file deleted"
    );

    // Uploaded again: a new address, never one a browser may have kept an old file under.
    let res = put(&app, &seller, (own, "ko"), ("설명.ogg", &ogg), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let (Some(again), None) = recordings(&app, own).await else {
        panic!("a voice");
    };
    assert!(again.id > left.id.max(both.id).max(video.id), "{again:?}");
}

async fn files_that_are_not_recordings_of_their_kind_are_refused_with_the_reason(app: TestApp) {
    let seller = app.sign_in(SELLER).await;
    let own = bare_product(&app, &seller).await;
    let rows = crate::common::media_rows(&app).await;
    let ogg = demo("socks-ko.ogg");
    let png = crate::common::tiny_png();
    let over = [
        ogg.clone(),
        vec![0; okryu::server::recording::MAX_VOICE_BYTES],
    ]
    .concat();
    let cases: Vec<(&str, &str, &[u8], FieldProblem)> = vec![
        ("ko", "voice.ogg", &png, FieldProblem::NotAVoice),
        ("video", "clip.webm", &ogg, FieldProblem::NotAVideo),
        ("ko", "voice.mp3", &ogg, FieldProblem::PictureMismatch),
        (
            "en",
            "voice.ogg",
            &ogg[..ogg.len() - 300],
            FieldProblem::RecordingBroken,
        ),
        ("ko", "voice.ogg", &over, FieldProblem::RecordingTooLarge),
        ("ko", "", b"", FieldProblem::Required),
    ];
    for (slot, name, bytes, problem) in cases {
        let res = put(&app, &seller, (own, slot), (name, bytes), None).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{slot} {name}: {}",
            res.body
        );
        match crate::common::error_of(&res.body) {
            AppError::Invalid(fields) => {
                assert_eq!(fields.named("recording"), Some(problem), "{slot} {name}")
            }
            other => panic!("{slot} {name}: {other:?}"),
        }
    }
    let res = put(&app, &seller, (own, "music"), ("a.ogg", &ogg), None).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "no such slot");

    // From a browser's plain form: the page again, the reason beside that slot's field.
    let page = format!("/seller/p/{own}");
    let res = put(&app, &seller, (own, "video"), ("a.webm", &ogg), Some(&page)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reason = "WebM과 MP4 동영상만 올릴 수 있습니다.";
    let field = res
        .body
        .find("data-testid=\"error-video-recording\"")
        .expect("the video's field");
    let beside = &res.body[field..];
    assert!(
        beside[..beside.find("</p>").expect("its end")].contains(reason),
        "{}",
        res.body
    );

    // Nobody else's product, and nobody but seller staff.
    let theirs = crate::common::not_kumsongs(&app).await.id;
    let res = put(&app, &seller, (theirs, "ko"), ("a.ogg", &ogg), None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let shopper = app.sign_in(SHOPPER).await;
    let res = put(&app, &shopper, (own, "ko"), ("a.ogg", &ogg), None).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(
        take_off(&app, &shopper, own, "ko").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        crate::common::media_rows(&app).await,
        rows,
        "nothing stored"
    );

    // A good one from the browser's form: back to the page, which says so and plays it.
    let res = put(&app, &seller, (own, "ko"), ("a.ogg", &ogg), Some(&page)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let cookie = format!(
        "{seller}; {}",
        res.header("set-cookie")
            .and_then(|c| c.split(';').next())
            .expect("the flash")
    );
    let shown = app.get_with(&page, &[("cookie", &cookie)]).await;
    assert!(shown.body.contains("파일을 올렸습니다."));
    assert!(shown.body.contains("/ko.ogg"));
}
