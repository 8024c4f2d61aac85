//! Search semantics, on SQLite and PostgreSQL alike.

use crate::common::TestApp;
use okryu::{
    domain::{
        catalog::{Localized, UnitKind, UnitSize},
        search::{ListParams, Sort, PAGE_SIZE},
        Won,
    },
    server::db::catalog::{insert_product, NewProduct},
};

on_both_databases!(
    a_korean_part_of_a_word_finds_the_cream_buns,
    english_matches_case_insensitively_and_every_word_must_match,
    percent_underscore_quotes_and_html_match_literally,
    facet_counts_describe_the_whole_result,
    filters_narrow_and_sorts_order,
    a_page_past_the_end_is_empty_not_an_error,
    the_demo_catalog_is_large_and_every_good_has_a_picture,
    a_word_of_the_sellers_name_narrows_to_its_goods,
    a_typo_finds_nothing_but_suggests_the_word_meant,
);

async fn a_word_of_the_sellers_name_narrows_to_its_goods(app: TestApp) {
    let page = app.db.catalog().list(&query("크림빵 금성")).await.unwrap();
    assert!(page.total >= 1);
    assert!(page
        .items
        .iter()
        .all(|p| p.seller.ko == "금성식료공장" && p.name.ko.contains("크림빵")));
    let english = app
        .db
        .catalog()
        .list(&query("cream kumsong"))
        .await
        .unwrap();
    assert_eq!(english.total, page.total);
    // The seller alone lists its goods; a seller nobody has finds nothing.
    let all = app.db.catalog().list(&query("금성식료")).await.unwrap();
    assert!(all.total > page.total);
    let none = app
        .db
        .catalog()
        .list(&query("크림빵 없는공장"))
        .await
        .unwrap();
    assert_eq!(none.total, 0);
}

async fn a_typo_finds_nothing_but_suggests_the_word_meant(app: TestApp) {
    let search = |q: &str| okryu::server::service::catalog::search(app.services(), query(q));
    let typo = search("크림방").await.unwrap();
    assert_eq!(
        (typo.total, typo.suggestion.as_deref()),
        (0, Some("크림빵"))
    );
    // Every word is corrected where it needs it; the seller's word is kept.
    let two = search("크림방 금성").await.unwrap();
    assert_eq!(two.suggestion.as_deref(), Some("크림빵 금성"));
    assert_eq!(
        search("craem buns").await.unwrap().suggestion.as_deref(),
        Some("cream buns")
    );
    // Found, or nothing near: no suggestion.
    assert_eq!(search("크림빵").await.unwrap().suggestion, None);
    assert_eq!(search("zzzqqq").await.unwrap().suggestion, None);
    // The page says so, in the page's language, and links the suggestion.
    let page = app.get("/search?q=%ED%81%AC%EB%A6%BC%EB%B0%A9").await;
    assert!(
        page.body.contains(
            r#"<a href="/search?q=%ED%81%AC%EB%A6%BC%EB%B9%B5">크림빵</a>을 찾으셨나요?"#
        ),
        "{}",
        page.body
    );
}

fn query(q: &str) -> ListParams {
    ListParams {
        q: q.into(),
        page: 1,
        ..ListParams::default()
    }
}

async fn a_korean_part_of_a_word_finds_the_cream_buns(app: TestApp) {
    let page = app.db.catalog().list(&query("크림")).await.unwrap();
    let buns = page
        .items
        .iter()
        .find(|p| p.name.ko == "크림빵 (10개들이)" && p.seller.en == "Kumsong Food Factory")
        .expect("Kumsong's cream buns are found by 크림");
    assert_eq!(buns.price, Won::from_won(78));
    assert!(page
        .items
        .iter()
        .all(|p| p.name.ko.contains("크림") || p.name.en.to_lowercase().contains("크림")));
    let exact = app.db.catalog().list(&query("크림빵")).await.unwrap();
    assert!(exact.total >= 2, "both factories' cream buns");
    assert_eq!(
        exact.items[0].name.ko, "크림빵 (10개들이)",
        "names that start with the query come first"
    );
}

async fn english_matches_case_insensitively_and_every_word_must_match(app: TestApp) {
    let upper = app.db.catalog().list(&query("CREAM Buns")).await.unwrap();
    let lower = app.db.catalog().list(&query("cream buns")).await.unwrap();
    assert_eq!(upper.total, lower.total);
    assert!(upper
        .items
        .iter()
        .any(|p| p.name.en == "Cream buns, pack of 10"));
    let none = app.db.catalog().list(&query("cream zzzq")).await.unwrap();
    assert_eq!(
        none.total, 0,
        "a word that matches nothing excludes everything"
    );
    let single = app.db.catalog().list(&query("빵")).await.unwrap();
    assert!(
        single.items.iter().any(|p| p.name.ko.starts_with("크림빵")),
        "one-character words work too"
    );
}

async fn percent_underscore_quotes_and_html_match_literally(app: TestApp) {
    for q in ["%", "_", "%%", "\"", "<script>", "' OR 1=1 --", "\\"] {
        let page = app.db.catalog().list(&query(q)).await.unwrap();
        assert_eq!(page.total, 0, "{q:?} matches nothing in the demo catalog");
    }
    let template = app.db.catalog().list(&query("")).await.unwrap().items[0].id;
    let t = app
        .db
        .catalog()
        .product(template, okryu::server::clock::now())
        .await
        .unwrap()
        .unwrap();
    let mut tx = app.db.begin().await.unwrap();
    insert_product(
        &mut tx,
        &NewProduct {
            seller: t.seller.id,
            category: t.category.id,
            good: None,
            name: Localized::new("순면 100% 양말_특", "Socks 100% cotton_special"),
            description: Localized::new("시험", "Test"),
            price: Won::from_won(40),
            unit: UnitSize {
                kind: UnitKind::Pairs,
                amount: 1,
            },
            weight_g: 50,
            volume_ml: 100,
            stock: 5,
            created_at: 0,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    for q in ["100%", "0%", "%", "_특", "t_n"] {
        let page = app.db.catalog().list(&query(q)).await.unwrap();
        let expected = usize::from(q != "t_n");
        assert_eq!(
            page.items.len(),
            expected,
            "{q:?}: {:?}",
            page.items.iter().map(|p| &p.name.ko).collect::<Vec<_>>()
        );
    }
}

async fn facet_counts_describe_the_whole_result(app: TestApp) {
    let page = app.db.catalog().list(&query("양말")).await.unwrap();
    assert!(page.total >= 3);
    let sum = |v: &[okryu::domain::search::FacetValue]| v.iter().map(|f| f.count).sum::<u64>();
    assert_eq!(sum(&page.facets.sellers), page.total);
    assert_eq!(sum(&page.facets.cities), page.total);
    assert_eq!(sum(&page.facets.categories), page.total);
    assert!(page
        .facets
        .sellers
        .iter()
        .any(|f| f.slug == "pyongyang-socks"));
    let in_stock = ListParams {
        in_stock: true,
        ..query("양말")
    };
    assert_eq!(
        app.db.catalog().list(&in_stock).await.unwrap().total,
        page.facets.in_stock
    );
    for seller in &page.facets.sellers {
        let only = ListParams {
            seller: Some(seller.slug.clone()),
            ..query("양말")
        };
        assert_eq!(
            app.db.catalog().list(&only).await.unwrap().total,
            seller.count,
            "{}",
            seller.slug
        );
    }
}

async fn filters_narrow_and_sorts_order(app: TestApp) {
    let all = app.db.catalog().list(&query("")).await.unwrap();
    assert!(all.total >= 650, "the demo catalog: {}", all.total);
    let food = ListParams {
        category: Some("food".into()),
        ..query("")
    };
    let food = app.db.catalog().list(&food).await.unwrap();
    assert!(food.total > 0 && food.total < all.total);
    assert_eq!(
        food.facets.categories.len(),
        1,
        "a top-level category includes its subcategories only"
    );
    let cheap = ListParams {
        max: Some(Won::from_won(100)),
        sort: Sort::PriceAsc,
        ..query("")
    };
    let cheap = app.db.catalog().list(&cheap).await.unwrap();
    assert!(cheap.items.iter().all(|p| p.price <= Won::from_won(100)));
    assert!(
        cheap.items.windows(2).all(|w| w[0].price <= w[1].price),
        "cheapest first"
    );
    let sinuiju = ListParams {
        city: Some("sinuiju".into()),
        ..query("")
    };
    let sinuiju = app.db.catalog().list(&sinuiju).await.unwrap();
    assert!(sinuiju.total > 0 && sinuiju.items.iter().all(|p| p.city.en == "Sinuiju"));
    let by_unit = ListParams {
        sort: Sort::UnitPrice,
        category: Some("food".into()),
        ..query("")
    };
    let by_unit = app.db.catalog().list(&by_unit).await.unwrap();
    let unit_prices: Vec<_> = by_unit
        .items
        .iter()
        .map(|p| p.unit.unit_price(p.price).sort_key())
        .collect();
    assert!(unit_prices.windows(2).all(|w| w[0] <= w[1]));
}

async fn a_page_past_the_end_is_empty_not_an_error(app: TestApp) {
    let far = ListParams {
        page: 9_999,
        ..query("크림")
    };
    let page = app.db.catalog().list(&far).await.unwrap();
    assert!(page.items.is_empty());
    assert!(page.total > 0, "the total is still told");
    let second = ListParams {
        page: 2,
        ..query("")
    };
    let second = app.db.catalog().list(&second).await.unwrap();
    assert_eq!(second.items.len(), PAGE_SIZE as usize);
    let first = app.db.catalog().list(&query("")).await.unwrap();
    assert!(
        first
            .items
            .iter()
            .all(|a| second.items.iter().all(|b| a.id != b.id)),
        "pages do not overlap"
    );
}

async fn the_demo_catalog_is_large_and_every_good_has_a_picture(app: TestApp) {
    let all = app.db.catalog().list(&query("")).await.unwrap();
    let food = app
        .db
        .catalog()
        .list(&ListParams {
            category: Some("food".into()),
            ..query("")
        })
        .await
        .unwrap();
    assert!(
        all.total - food.total >= 600,
        "at least 600 non-food goods: {}",
        all.total - food.total
    );
    assert!(all.facets.sellers.len() >= 15);
    assert_eq!(all.facets.cities.len(), 5);
    assert!(all.items.iter().all(|p| p.picture.is_some()));
    let buns = app.db.catalog().list(&query("크림빵")).await.unwrap();
    let detail = app
        .db
        .catalog()
        .product(buns.items[0].id, okryu::server::clock::now())
        .await
        .unwrap()
        .unwrap();
    assert!(
        !detail.other_offers.is_empty(),
        "another factory makes cream buns"
    );
    assert!(detail.other_offers.iter().all(|o| o.id != detail.id));
}
