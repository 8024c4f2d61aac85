//! Hot food, step 1: restaurants delivering to a district with their hours and promise, and their
//! menus, on both databases.

use crate::common::{visible, TestApp};
use http::StatusCode;
use okryu::{
    domain::{
        food::Opening,
        time::{weekday_of, PyongyangTime},
        Won,
    },
    page::food::{FoodPage, Reach, RestaurantPage},
    server::{
        db::food::{insert_closed_day, mark_sold_out},
        service::{food, pricing},
    },
};

on_both_databases!(
    food_lists_the_restaurants_that_reach_the_district_open_first,
    hours_run_past_midnight_and_a_closed_day_moves_the_opening,
    the_menu_has_sections_dishes_options_and_sold_out_dishes,
    a_kitchen_that_cannot_keep_its_promise_says_busy,
    the_pages_render_escaped_in_both_languages_and_refuse_unknown_restaurants,
);

/// Moves the application's clock forward to the next `weekday` (0 is Monday) at `hh:mm`,
/// Pyongyang time; the Pyongyang day it lands on.
fn at_next(app: &TestApp, weekday: u8, hh: i64, mm: i64) -> i64 {
    let now = app.clock.now();
    let mut day = PyongyangTime::at(now).day_number();
    loop {
        let then = PyongyangTime::midnight_of(day) + hh * 3600 + mm * 60;
        if weekday_of(day) == weekday && then > now {
            app.clock.advance(then - now);
            return day;
        }
        day += 1;
    }
}

async fn food_page(app: &TestApp, district: Option<&str>) -> FoodPage {
    let to = pricing::destination(app.services(), district, None)
        .await
        .unwrap();
    food::food_page(app.services(), to).await.unwrap()
}

async fn menu(app: &TestApp, slug: &str, district: Option<&str>) -> RestaurantPage {
    let to = pricing::destination(app.services(), district, None)
        .await
        .unwrap();
    food::restaurant_page(app.services(), slug, to)
        .await
        .unwrap()
}

fn slugs(page: &FoodPage) -> Vec<&str> {
    page.restaurants.iter().map(|r| r.slug.as_str()).collect()
}

async fn food_lists_the_restaurants_that_reach_the_district_open_first(app: TestApp) {
    let monday = at_next(&app, 0, 12, 0);
    let page = food_page(&app, Some("pyongyang-central")).await;
    let listed = slugs(&page);
    for near in [
        "okryukwan",
        "haedanghwa",
        "kyonghunggwan",
        "taedonggang-seafood",
    ] {
        assert!(
            listed.contains(&near),
            "{near} delivers to Central: {listed:?}"
        );
    }
    for far in ["pyongsong-noodles", "nampo-clams", "sariwon-noodles"] {
        assert!(!listed.contains(&far), "{far} is out of reach: {listed:?}");
    }
    // Kyonghunggwan does not open on Mondays: after every open restaurant, saying when it opens.
    let open = page
        .restaurants
        .iter()
        .take_while(|r| r.opening.is_open())
        .count();
    assert!(page.restaurants[open..]
        .iter()
        .all(|r| !r.opening.is_open()));
    let kyonghung = page
        .restaurants
        .iter()
        .position(|r| r.slug == "kyonghunggwan")
        .unwrap();
    assert!(kyonghung >= open, "closed, so after the {open} open ones");
    assert_eq!(
        page.restaurants[kyonghung].opening,
        Opening::OpensAt(PyongyangTime::midnight_of(monday + 1) + 10 * 3600),
        "Tuesday at 10:00"
    );
    // Okryukwan is 2.0 km away by road: 12 minutes' cooking, 10 of handling and 4 on the road
    // make 26, told as 30–40; the fee is 20 won + 3 won × 2.0 km.
    let okryukwan = page
        .restaurants
        .iter()
        .find(|r| r.slug == "okryukwan")
        .unwrap();
    assert_eq!(
        okryukwan.opening,
        Opening::OpenUntil(PyongyangTime::midnight_of(monday) + 22 * 3600)
    );
    assert_eq!(
        okryukwan.reach,
        Reach::Delivers {
            fee: Won::from_won(26),
            promise: Ok((30, 40))
        }
    );
    assert_eq!(okryukwan.minimum, Won::from_won(300));
    // Open restaurants by the time they promise.
    let promised: Vec<u32> = page.restaurants[..open]
        .iter()
        .map(|r| match r.reach {
            Reach::Delivers {
                promise: Ok((from, _)),
                ..
            } => from,
            other => panic!("an open restaurant in reach promises a time: {other:?}"),
        })
        .collect();
    assert!(promised.is_sorted(), "{promised:?}");

    // Nampo has its clam house only; with no district chosen every restaurant is listed, with
    // nothing promised.
    assert_eq!(
        slugs(&food_page(&app, Some("nampo-waudo")).await),
        ["nampo-clams"]
    );
    let anywhere = food_page(&app, None).await;
    assert_eq!(anywhere.restaurants.len(), 9);
    assert!(anywhere
        .restaurants
        .iter()
        .all(|r| r.reach == Reach::NoDistrict));
    // Sinuiju has none.
    assert!(food_page(&app, Some("sinuiju-centre"))
        .await
        .restaurants
        .is_empty());
}

async fn hours_run_past_midnight_and_a_closed_day_moves_the_opening(app: TestApp) {
    // Tuesday 01:00: Haedanghwa's Monday evening runs to 02:00; Okryukwan opens at 11:00.
    let tuesday = at_next(&app, 1, 1, 0);
    let noon = |day: i64, h: i64| PyongyangTime::midnight_of(day) + h * 3600;
    let haedanghwa = menu(&app, "haedanghwa", None).await.restaurant;
    assert_eq!(haedanghwa.opening, Opening::OpenUntil(noon(tuesday, 2)));
    let okryukwan = menu(&app, "okryukwan", None).await.restaurant;
    assert_eq!(okryukwan.opening, Opening::OpensAt(noon(tuesday, 11)));

    // Okryukwan stays shut on Tuesday: it opens on Wednesday, and says so.
    let seller = app
        .db
        .food()
        .restaurant("okryukwan", tuesday - 1)
        .await
        .unwrap()
        .unwrap()
        .seller;
    let mut tx = app.db.begin().await.unwrap();
    insert_closed_day(&mut tx, seller, tuesday).await.unwrap();
    tx.commit().await.unwrap();
    let okryukwan = menu(&app, "okryukwan", None).await.restaurant;
    assert_eq!(okryukwan.opening, Opening::OpensAt(noon(tuesday + 1, 11)));
    let page = app.get("/r/okryukwan").await;
    assert!(
        visible(&page.body).contains("닫혔습니다 · 래일 11:00에 엽니다"),
        "{}",
        visible(&page.body)
    );
    // A closed day does not cut short the evening begun before it: Haedanghwa closed on
    // Tuesday is still open at 01:30 on Monday night's span.
    let seller = app
        .db
        .food()
        .restaurant("haedanghwa", tuesday - 1)
        .await
        .unwrap()
        .unwrap()
        .seller;
    let mut tx = app.db.begin().await.unwrap();
    insert_closed_day(&mut tx, seller, tuesday).await.unwrap();
    tx.commit().await.unwrap();
    let haedanghwa = menu(&app, "haedanghwa", None).await.restaurant;
    assert_eq!(haedanghwa.opening, Opening::OpenUntil(noon(tuesday, 2)));
    app.clock.advance(3600);
    let haedanghwa = menu(&app, "haedanghwa", None).await.restaurant;
    assert_eq!(
        haedanghwa.opening,
        Opening::OpensAt(noon(tuesday + 1, 10)),
        "not Tuesday's 10:00: Wednesday's"
    );
}

async fn the_menu_has_sections_dishes_options_and_sold_out_dishes(app: TestApp) {
    let page = menu(&app, "okryukwan", Some("pyongyang-moranbong")).await;
    let sections: Vec<&str> = page.menu.iter().map(|s| s.name.ko.as_str()).collect();
    assert_eq!(sections, ["랭면", "지짐과 료리"]);
    let noodles = &page.menu[0].dishes[0];
    assert_eq!(noodles.name.ko, "물랭면");
    assert_eq!(noodles.price, Won::from_won(450));
    assert_eq!(noodles.portion.en, "1 bowl (1.2 kg)");
    let options: Vec<(&str, Won)> = noodles
        .options
        .iter()
        .map(|o| (o.name.ko.as_str(), o.price))
        .collect();
    assert_eq!(
        options,
        [
            ("육수 더", Won::from_won(20)),
            ("겨자", Won::from_won(5)),
            ("식초", Won::ZERO),
            ("국수사리 더", Won::from_won(150)),
        ]
    );
    assert!(!noodles.sold_out);
    assert_eq!(page.hours.spans().len(), 7, "open every day");
    // Haedanghwa ran out of king prawns today (the demo data says so; marked here again, so
    // that a test begun just before midnight agrees); they are on the menu, marked.
    let prawns = menu(&app, "haedanghwa", None)
        .await
        .menu
        .iter()
        .flat_map(|s| &s.dishes)
        .find(|d| d.name.ko == "왕새우튀기")
        .map(|d| d.id)
        .unwrap();
    let mut tx = app.db.begin().await.unwrap();
    mark_sold_out(&mut tx, prawns, app.services().today())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let page = menu(&app, "haedanghwa", None).await;
    let prawns = page
        .menu
        .iter()
        .flat_map(|s| &s.dishes)
        .find(|d| d.name.ko == "왕새우튀기")
        .unwrap();
    assert!(prawns.sold_out);
    let html = visible(&app.get("/r/haedanghwa").await.body);
    assert!(html.contains("오늘은 다 팔렸습니다"), "{html}");
    // Tomorrow they are back.
    app.clock.advance(86_400);
    let page = menu(&app, "haedanghwa", None).await;
    assert!(page
        .menu
        .iter()
        .flat_map(|s| &s.dishes)
        .all(|d| !d.sold_out));
    // Sariwon's noodle house does not reach Pyongyang.
    let sariwon = menu(&app, "sariwon-noodles", Some("pyongyang-central")).await;
    assert_eq!(sariwon.restaurant.reach, Reach::OutOfRadius);
}

async fn a_kitchen_that_cannot_keep_its_promise_says_busy(app: TestApp) {
    at_next(&app, 2, 13, 0);
    // A restaurant that promises at most 20 minutes cannot cook and ride in that.
    let mut tx = app.db.begin().await.unwrap();
    sqlx::query("UPDATE restaurants SET promise_limit_min = 20 WHERE seller_id = (SELECT id FROM sellers WHERE slug = 'okryukwan')")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let page = menu(&app, "okryukwan", Some("pyongyang-central")).await;
    match page.restaurant.reach {
        Reach::Delivers {
            promise: Err(busy), ..
        } => assert_eq!(busy.would_be_min, 26),
        other => panic!("busy: {other:?}"),
    }
    let res = app
        .get_with("/food", &[("cookie", "deliver_to=pyongyang-central")])
        .await;
    assert!(
        visible(&res.body).contains("주문이 밀려 있습니다"),
        "{}",
        visible(&res.body)
    );
}

async fn the_pages_render_escaped_in_both_languages_and_refuse_unknown_restaurants(app: TestApp) {
    at_next(&app, 3, 12, 0);
    // A restaurant's name is its seller's, typed by a person.
    let mut tx = app.db.begin().await.unwrap();
    sqlx::query(
        "UPDATE sellers SET name_en = '<script>alert(1)</script> Noodles' WHERE slug = 'okryukwan'",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let res = app
        .get_with(
            "/food",
            &[("cookie", "deliver_to=pyongyang-central; lang=en")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(!res.body.contains("<script>alert(1)"), "escaped");
    assert!(res.body.contains("&lt;script&gt;alert(1)"));
    let text = visible(&res.body);
    assert!(text.contains("30–40 min"), "{text}");
    assert!(text.contains("Open now · until 22:00"), "{text}");
    let res = app.get_with("/r/okryukwan", &[("cookie", "lang=en")]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.body
            .contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; Noodles"),
        "the title is escaped"
    );
    let text = visible(&res.body);
    assert!(text.contains("Cold noodles in broth"), "{text}");
    assert!(text.contains("Extra broth +₩20"), "{text}");
    for bad in [
        "/r/no-such-place",
        "/r/kumsong-food",
        "/r/%3Cscript%3E",
        "/r/..%2F",
    ] {
        assert_eq!(app.get(bad).await.status, StatusCode::NOT_FOUND, "{bad}");
    }
}
