//! Price comparison: groups, the compare tray, delivered prices and price history, on both databases.

use crate::common::TestApp;
use http::{header, StatusCode};
use okryu::{
    domain::{
        compare::ComparedOffer,
        delivery::{Distance, GeoPoint, Tariff},
        search::ListParams,
        ProductId, Won,
    },
    i18n::Lang,
    server::{clock::now, db::compare::set_price},
};

on_both_databases!(
    the_demo_data_has_forty_comparison_groups,
    the_tray_holds_four_items_and_refuses_a_fifth,
    the_comparison_shows_delivered_prices_to_the_chosen_district,
    a_product_no_longer_sold_shows_as_unavailable,
    the_district_choice_is_remembered_and_checked,
    a_group_page_lists_every_offer,
    the_product_page_shows_the_delivered_price,
    every_price_change_is_recorded_and_charted,
);

/// The offers of white cotton socks (four sellers in three cities).
async fn white_socks(app: &TestApp) -> Vec<ComparedOffer> {
    let params = ListParams {
        q: "Cotton socks, white".into(),
        page: 1,
        ..ListParams::default()
    };
    let list = app.db.catalog().list(&params).await.unwrap();
    let product = app
        .db
        .catalog()
        .product(list.items[0].id, now())
        .await
        .unwrap()
        .unwrap();
    let good = product.good.expect("socks are in a comparison group");
    let (_, offers) = app.db.compare().group(&good.slug).await.unwrap().unwrap();
    assert_eq!(offers.len(), 4, "four sellers make white cotton socks");
    offers
}

async fn cream_buns(app: &TestApp) -> ProductId {
    app.db.catalog().home_page(1).await.unwrap().products[0].id
}

async fn the_demo_data_has_forty_comparison_groups(app: TestApp) {
    let groups = app.db.compare().groups_with_offers(2, 6).await.unwrap();
    assert!(groups >= 40, "{groups} groups with 2–6 offers");
}

async fn the_tray_holds_four_items_and_refuses_a_fifth(app: TestApp) {
    let ids: Vec<ProductId> = app
        .db
        .catalog()
        .home_page(5)
        .await
        .unwrap()
        .products
        .iter()
        .map(|p| p.id)
        .collect();
    let mut cookie = String::new();
    for id in &ids[..4] {
        let res = app
            .call_with("compare/add", &format!("id={id}"), &[("cookie", &cookie)])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        cookie = res.cookie("compare").expect("the tray is kept in a cookie");
    }
    let four = ids[..4]
        .iter()
        .map(ProductId::to_string)
        .collect::<Vec<_>>()
        .join(".");
    assert_eq!(cookie, format!("compare={four}"));

    // Adding one already there changes nothing and is not an error.
    let again = app
        .call_with(
            "compare/add",
            &format!("id={}", ids[0]),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);

    let fifth = app
        .call_with(
            "compare/add",
            &format!("id={}", ids[4]),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(fifth.status, StatusCode::CONFLICT);
    assert!(fifth.body.contains("CompareTrayFull"), "{}", fifth.body);
    assert_eq!(fifth.cookie("compare"), None, "the tray is unchanged");

    let unknown = app
        .call_with("compare/add", "id=99999999", &[("cookie", "")])
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.cookie("compare"), None);
    let garbage = app.call("compare/add", "id=-3").await;
    assert_eq!(garbage.status, StatusCode::BAD_REQUEST);

    let removed = app
        .call_with(
            "compare/remove",
            &format!("id={}", ids[1]),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK);
    assert_eq!(
        removed.cookie("compare"),
        Some(format!("compare={}.{}.{}", ids[0], ids[2], ids[3]))
    );

    // The header shows how many items wait in the tray.
    let page = app.get_with("/", &[("cookie", &cookie)]).await;
    let count = page
        .body
        .split(r#"data-testid="compare-count""#)
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the header shows the tray's count");
    assert!(count.ends_with(">4"), "{count}");
}

async fn the_comparison_shows_delivered_prices_to_the_chosen_district(app: TestApp) {
    let socks = white_socks(&app).await;
    let tray: Vec<String> = socks.iter().map(|o| o.id.to_string()).collect();
    let cookie = format!("compare={}", tray.join("."));

    // Without a district the page asks for one and shows no fee.
    let page = app.get_with("/compare", &[("cookie", &cookie)]).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = crate::common::visible(&page.body);
    assert_eq!(
        page.body.matches(r#"data-testid="compare-column""#).count(),
        4
    );
    assert!(text.contains("구역을 고르십시오"));

    // The cheapest per pair is marked, once per cheapest offer.
    let cheapest = socks.iter().map(|o| o.price).min().unwrap();
    let n_cheapest = socks.iter().filter(|o| o.price == cheapest).count();
    assert_eq!(
        page.body.matches(r#"data-testid="cheapest-unit""#).count(),
        n_cheapest
    );

    // With Pyongyang's Central District chosen, every column has its fee and delivered total.
    let cookie = format!("{cookie}; deliver_to=pyongyang-central; lang=en");
    let page = app.get_with("/compare", &[("cookie", &cookie)]).await;
    let text = crate::common::visible(&page.body);
    let central = GeoPoint::new(39.019, 125.753);
    for o in &socks {
        let distance = Distance::by_road(o.origin, central);
        match Tariff::STANDARD.quote(&okryu::domain::delivery::Shipment {
            weight_g: u64::from(o.weight_g),
            volume_ml: u64::from(o.volume_ml),
            value: o.price,
            distance,
        }) {
            Ok(q) => {
                assert!(text.contains(&Lang::En.won(q.fee)), "fee of {}", o.id);
                assert!(text.contains(&Lang::En.won(q.total)), "total of {}", o.id);
            }
            Err(_) => assert!(text.contains("No delivery"), "{}", o.id),
        }
    }
    // Sinuiju is 217 km away: a pair of socks is below the long-distance minimum order.
    assert!(text.contains("No delivery: orders delivered beyond 50 km must be at least ₩500"));
    assert!(text.contains("Motorbike"));
    assert!(page.body.contains(r#"data-testid="cheapest-delivered""#));
}

async fn a_product_no_longer_sold_shows_as_unavailable(app: TestApp) {
    let buns = cream_buns(&app).await;
    let cookie = format!("compare=99999999.{buns}");
    let page = app.get_with("/compare", &[("cookie", &cookie)]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"data-testid="compare-unavailable""#));
    let text = crate::common::visible(&page.body);
    assert!(text.contains("더 이상 팔지 않는 상품"));
    assert!(text.contains("크림빵 (10개들이)"));

    let empty = app.get("/compare").await;
    assert!(crate::common::visible(&empty.body).contains("비교할 상품이 없습니다"));
}

async fn the_district_choice_is_remembered_and_checked(app: TestApp) {
    let res = app
        .get("/deliver-to?district=nampo-hanggu&next=/compare")
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.headers[header::LOCATION], "/compare");
    assert_eq!(
        res.cookie("deliver_to").as_deref(),
        Some("deliver_to=nampo-hanggu")
    );

    let unknown = app.get("/deliver-to?district=atlantis&next=/").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.cookie("deliver_to"), None);

    let elsewhere = app
        .get("/deliver-to?district=nampo-hanggu&next=//example.com/")
        .await;
    assert_eq!(elsewhere.headers[header::LOCATION], "/");

    // The picker shows the choice.
    let buns = cream_buns(&app).await;
    let page = app
        .get_with(
            &format!("/p/{buns}"),
            &[("cookie", "deliver_to=nampo-hanggu")],
        )
        .await;
    assert!(page
        .body
        .contains(r#"<option value="nampo-hanggu" selected"#));
}

async fn a_group_page_lists_every_offer(app: TestApp) {
    let socks = white_socks(&app).await;
    let slug = socks[0].good.clone().unwrap().slug;
    let page = app.get(&format!("/g/{slug}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body.matches(r#"data-testid="offer""#).count(), 4);
    let text = crate::common::visible(&page.body);
    for o in &socks {
        assert!(text.contains(&o.seller.name.ko), "{}", o.seller.name.ko);
    }
    assert_eq!(
        app.get("/g/no-such-good").await.status,
        StatusCode::NOT_FOUND
    );

    // Each product page links its group.
    let product = app.get(&format!("/p/{}", socks[0].id)).await;
    assert!(product.body.contains(&format!(r#"href="/g/{slug}""#)));
}

async fn the_product_page_shows_the_delivered_price(app: TestApp) {
    // Kumsong's cream buns to Pyongyang's Central District: 400 m by road, by motorbike:
    // 20 won + 3 won × 0.4 km = 21.20 won, and 78 + 21.20 = 99.20 won delivered.
    let buns = cream_buns(&app).await;
    let page = app
        .get_with(
            &format!("/p/{buns}"),
            &[("cookie", "deliver_to=pyongyang-central")],
        )
        .await;
    let text = crate::common::visible(&page.body);
    assert!(text.contains("배달비 21.20원"), "{text}");
    assert!(text.contains("배달 포함 값 99.20원"));
    assert!(text.contains("오토바이"));

    let english = app
        .get_with(
            &format!("/p/{buns}"),
            &[("cookie", "deliver_to=pyongyang-central; lang=en")],
        )
        .await;
    assert!(crate::common::visible(&english.body).contains("Delivery fee ₩21.20"));

    let guest = app.get(&format!("/p/{buns}")).await;
    assert!(crate::common::visible(&guest.body).contains("배달 받을 구역을 고르면"));
}

async fn every_price_change_is_recorded_and_charted(app: TestApp) {
    let buns = cream_buns(&app).await;
    let t = now();
    let mut tx = app.db.begin().await.unwrap();
    set_price(&mut tx, buns, Won::from_won(70), t - 86_400)
        .await
        .unwrap();
    set_price(&mut tx, buns, Won::from_won(95), t - 3_600)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let product = app.db.catalog().product(buns, t).await.unwrap().unwrap();
    assert_eq!(product.price, Won::from_won(95));
    let prices: Vec<Won> = product.history.points.iter().map(|p| p.price).collect();
    assert_eq!(
        prices[prices.len() - 2..],
        [Won::from_won(70), Won::from_won(95)]
    );
    let (min, max) = product.history.extremes().unwrap();
    assert!(min.price <= Won::from_won(70) && max.price >= Won::from_won(95));

    let page = app
        .get_with(&format!("/p/{buns}"), &[("cookie", "lang=en")])
        .await;
    assert!(page.body.contains(r#"data-testid="price-history""#));
    let text = crate::common::visible(&page.body);
    assert!(
        text.contains(&format!("Lowest {}", Lang::En.won(min.price))),
        "{text}"
    );
    assert!(text.contains(&format!("Highest {}", Lang::En.won(max.price))));
    assert!(
        page.body.contains("<svg"),
        "the chart is drawn on the server"
    );

    // The unit-price order follows the new price too.
    let by_unit = ListParams {
        q: "크림빵".into(),
        sort: okryu::domain::search::Sort::UnitPrice,
        page: 1,
        ..ListParams::default()
    };
    let list = app.db.catalog().list(&by_unit).await.unwrap();
    assert_eq!(
        list.items.last().map(|p| p.id),
        Some(buns),
        "95 won is now the dearest"
    );
}
