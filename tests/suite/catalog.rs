//! The data layer, on SQLite and on PostgreSQL alike.

use crate::common::TestApp;
use okryu::{
    domain::{
        catalog::{Localized, UnitKind, UnitSize},
        ProductId, Won,
    },
    server::{
        clock::now,
        db::catalog::{insert_product, NewProduct},
        demo,
    },
};

on_both_databases!(
    home_page_lists_categories_and_the_cream_buns_at_78_won,
    product_detail_joins_seller_city_and_category,
    unknown_product_is_none,
    money_round_trips_exactly_through_the_database,
    migrating_and_seeding_again_changes_nothing,
);

async fn home_page_lists_categories_and_the_cream_buns_at_78_won(app: TestApp) {
    let home = app.db.catalog().home_page(24).await.unwrap();
    let slugs: Vec<_> = home.categories.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(slugs[..3], ["food", "womens-clothing", "bags"]);
    assert!(home.categories.len() >= 8);
    assert_eq!(home.products.len(), 24, "a first page of 24 goods");
    let buns = &home.products[0];
    assert_eq!(
        buns.name.en, "Cream buns, pack of 10",
        "the newest demo item comes first"
    );
    assert_eq!(buns.name.ko, "크림빵 (10개들이)");
    assert_eq!(buns.price, Won::from_won(78));
    assert_eq!(buns.seller.en, "Kumsong Food Factory");
    assert_eq!(
        buns.unit,
        UnitSize {
            kind: UnitKind::Pieces,
            amount: 10
        }
    );
}

async fn product_detail_joins_seller_city_and_category(app: TestApp) {
    let home = app.db.catalog().home_page(1).await.unwrap();
    let id = home.products[0].id;
    let p = app
        .db
        .catalog()
        .product(id, now())
        .await
        .unwrap()
        .expect("the cream buns exist");
    assert_eq!(p.id, id);
    assert_eq!(p.seller.slug, "kumsong-food");
    assert_eq!(p.seller.city.en, "Pyongyang");
    assert_eq!(p.seller.city.ko, "평양");
    assert!(!p.category.slug.is_empty(), "a subcategory of food");
    assert_eq!(p.price, Won::from_won(78));
    assert!(p.stock > 0);
    assert!(!p.description.ko.is_empty() && !p.description.en.is_empty());
}

async fn unknown_product_is_none(app: TestApp) {
    assert_eq!(
        app.db
            .catalog()
            .product(ProductId::new(9_999_999), now())
            .await
            .unwrap(),
        None
    );
}

async fn money_round_trips_exactly_through_the_database(app: TestApp) {
    let home = app.db.catalog().home_page(1).await.unwrap();
    let template = app
        .db
        .catalog()
        .product(home.products[0].id, now())
        .await
        .unwrap()
        .unwrap();
    let odd = "12345678901.23".parse::<Won>().unwrap();
    let mut tx = app.db.begin().await.unwrap();
    let id = insert_product(
        &mut tx,
        &NewProduct {
            seller: template.seller.id,
            category: template.category.id,
            good: None,
            name: Localized::new("시험", "Test"),
            description: Localized::new("시험", "Test"),
            price: odd,
            unit: UnitSize {
                kind: UnitKind::Grams,
                amount: 100,
            },
            weight_g: 100,
            volume_ml: 100,
            stock: 1,
            created_at: 0,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let back = app.db.catalog().product(id, now()).await.unwrap().unwrap();
    assert_eq!(back.price, odd);
    assert_eq!(back.price.to_chon(), Ok(1_234_567_890_123));
}

async fn migrating_and_seeding_again_changes_nothing(app: TestApp) {
    app.db.migrate().await.unwrap();
    assert!(
        !demo::load(
            &app.db,
            &crate::common::test_key(),
            crate::common::demo_data()
        )
        .await
        .unwrap(),
        "a catalog is never seeded twice"
    );
    let home = app.db.catalog().home_page(1000).await.unwrap();
    let buns = home
        .products
        .iter()
        .filter(|p| p.name.en == "Cream buns, pack of 10")
        .count();
    assert_eq!(buns, 2, "Kumsong's and Sonhung's, once each");
}
