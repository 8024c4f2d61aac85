//! Demo data: filled into an empty database on first start, or by `okryu seed`.
//!
//! Deterministic: the same database every time, so tests and screenshots can rely on it.

use super::db::{
    catalog::{
        insert_category, insert_product, insert_seller, NewCategory, NewProduct, NewSeller,
        SellerKind,
    },
    Db, DbError,
};
use crate::domain::{
    catalog::{Localized, UnitKind, UnitSize},
    CategoryId, SellerId, Won,
};
use std::collections::HashMap;

/// 2026-01-01T00:00:00Z: demo goods are dated from here on.
const EPOCH: i64 = 1_767_225_600;

const CATEGORIES: &[(&str, &str, &str)] = &[
    ("food", "식료품", "Food"),
    ("womens-clothing", "녀성옷", "Women's clothing"),
    ("bags", "가방", "Bags"),
    ("shoes", "신발", "Shoes"),
    ("medicines", "의약품", "Medicines"),
    ("cosmetics", "화장품", "Cosmetics"),
    ("furniture", "가구", "Furniture"),
    ("household", "생활용품", "Household goods"),
];

const SELLERS: &[(&str, SellerKind, &str, &str, &str)] = &[
    (
        "kumsong-food",
        SellerKind::Factory,
        "금성식료공장",
        "Kumsong Food Factory",
        "pyongyang",
    ),
    (
        "sonhung-food",
        SellerKind::Factory,
        "선흥식료공장",
        "Sonhung Food Factory",
        "pyongyang",
    ),
    (
        "pyongyang-socks",
        SellerKind::Factory,
        "평양양말공장",
        "Pyongyang Sock Factory",
        "pyongyang",
    ),
    (
        "ryuwon-shoes",
        SellerKind::Factory,
        "류원신발공장",
        "Ryuwon Shoe Factory",
        "pyongyang",
    ),
    (
        "sinuiju-cosmetics",
        SellerKind::Factory,
        "신의주화장품공장",
        "Sinuiju Cosmetics Factory",
        "sinuiju",
    ),
    (
        "yangmokran-video",
        SellerKind::Store,
        "양목란비데오상점",
        "Yangmokran Video Store",
        "pyongyang",
    ),
    (
        "pyongsong-furniture",
        SellerKind::Factory,
        "평성가구공장",
        "Pyongsong Furniture Factory",
        "pyongsong",
    ),
    (
        "nampo-bags",
        SellerKind::Factory,
        "남포가방공장",
        "Nampo Bag Factory",
        "nampo",
    ),
    (
        "sariwon-pharma",
        SellerKind::Factory,
        "사리원고려약공장",
        "Sariwon Koryo Medicine Factory",
        "sariwon",
    ),
];

struct Item {
    seller: &'static str,
    category: &'static str,
    ko: &'static str,
    en: &'static str,
    desc_ko: &'static str,
    desc_en: &'static str,
    price_won: i64,
    unit: (UnitKind, u32),
    weight_g: u32,
    volume_ml: u32,
    stock: u32,
}

const fn item(
    seller: &'static str,
    category: &'static str,
    (ko, en): (&'static str, &'static str),
    (desc_ko, desc_en): (&'static str, &'static str),
    price_won: i64,
    unit: (UnitKind, u32),
    (weight_g, volume_ml, stock): (u32, u32, u32),
) -> Item {
    Item {
        seller,
        category,
        ko,
        en,
        desc_ko,
        desc_en,
        price_won,
        unit,
        weight_g,
        volume_ml,
        stock,
    }
}

use UnitKind::{Grams, Millilitres, Pairs, Pieces};

const ITEMS: &[Item] = &[
    item(
        "kumsong-food",
        "food",
        ("크림빵 (10개들이)", "Cream buns, pack of 10"),
        (
            "부드러운 빵에 달콤한 크림을 넣은 금성식료공장의 대표 상품입니다.",
            "Soft buns filled with sweet cream: Kumsong Food Factory's best-known product.",
        ),
        78,
        (Pieces, 10),
        (600, 2_000, 500),
    ),
    item(
        "kumsong-food",
        "food",
        ("단설기", "Sponge cake"),
        (
            "계란과 밀가루로 구운 폭신한 단설기입니다.",
            "A light sponge cake baked with eggs and wheat flour.",
        ),
        120,
        (Grams, 400),
        (450, 1_500, 200),
    ),
    item(
        "kumsong-food",
        "food",
        ("과자 모둠", "Assorted biscuits"),
        (
            "여러가지 맛의 바삭한 과자입니다.",
            "Crisp biscuits in several flavours.",
        ),
        95,
        (Grams, 300),
        (320, 1_200, 300),
    ),
    item(
        "sonhung-food",
        "food",
        ("크림빵 (10개들이)", "Cream buns, pack of 10"),
        (
            "선흥식료공장에서 만든 크림빵입니다.",
            "Cream buns made by Sonhung Food Factory.",
        ),
        85,
        (Pieces, 10),
        (620, 2_000, 400),
    ),
    item(
        "sonhung-food",
        "food",
        ("사탕가루", "Sugar"),
        ("정제한 흰 사탕가루입니다.", "Refined white sugar."),
        150,
        (Grams, 1_000),
        (1_020, 1_100, 250),
    ),
    item(
        "sonhung-food",
        "food",
        ("맛내기", "Seasoning"),
        (
            "음식의 맛을 돋구는 조미료입니다.",
            "A seasoning that brings out the taste of any dish.",
        ),
        60,
        (Grams, 200),
        (210, 300, 600),
    ),
    item(
        "pyongyang-socks",
        "womens-clothing",
        ("면양말 (1켤레)", "Cotton socks, one pair"),
        (
            "땀을 잘 흡수하는 순면 양말입니다.",
            "Pure cotton socks that absorb sweat well.",
        ),
        35,
        (Pairs, 1),
        (60, 150, 1_000),
    ),
    item(
        "pyongyang-socks",
        "womens-clothing",
        ("녀성용 긴양말 (3켤레)", "Women's long socks, three pairs"),
        (
            "신축성이 좋은 녀성용 긴양말입니다.",
            "Stretchy long socks for women.",
        ),
        90,
        (Pairs, 3),
        (170, 400, 700),
    ),
    item(
        "pyongyang-socks",
        "womens-clothing",
        ("녀성 겨울내의", "Women's winter underwear"),
        (
            "따뜻한 기모 겨울내의입니다.",
            "Warm brushed-fleece winter underwear.",
        ),
        450,
        (Pieces, 1),
        (350, 1_500, 120),
    ),
    item(
        "ryuwon-shoes",
        "shoes",
        ("운동신발", "Sports shoes"),
        (
            "가볍고 튼튼한 류원 운동신발입니다.",
            "Light, sturdy Ryuwon sports shoes.",
        ),
        1_800,
        (Pairs, 1),
        (800, 6_000, 150),
    ),
    item(
        "ryuwon-shoes",
        "shoes",
        ("녀성 구두", "Women's leather shoes"),
        (
            "부드러운 가죽으로 만든 녀성 구두입니다.",
            "Women's shoes made of soft leather.",
        ),
        2_600,
        (Pairs, 1),
        (700, 5_000, 80),
    ),
    item(
        "ryuwon-shoes",
        "shoes",
        ("어린이 신발", "Children's shoes"),
        (
            "발이 편한 어린이 신발입니다.",
            "Comfortable shoes for children.",
        ),
        950,
        (Pairs, 1),
        (400, 3_000, 200),
    ),
    item(
        "sinuiju-cosmetics",
        "cosmetics",
        ("살결물", "Skin toner"),
        (
            "피부를 촉촉하게 해주는 살결물입니다.",
            "A toner that keeps the skin moist.",
        ),
        320,
        (Millilitres, 150),
        (220, 200, 300),
    ),
    item(
        "sinuiju-cosmetics",
        "cosmetics",
        ("물크림", "Moisturising cream"),
        (
            "산삼 성분이 들어있는 물크림입니다.",
            "A moisturising cream with wild ginseng extract.",
        ),
        480,
        (Millilitres, 50),
        (120, 100, 250),
    ),
    item(
        "sinuiju-cosmetics",
        "cosmetics",
        ("샴푸", "Shampoo"),
        (
            "머리결을 부드럽게 하는 샴푸입니다.",
            "A shampoo that leaves hair soft.",
        ),
        210,
        (Millilitres, 400),
        (450, 450, 400),
    ),
    item(
        "yangmokran-video",
        "household",
        ("록화기", "Video player"),
        (
            "여러 형식의 영상을 재생하는 록화기입니다.",
            "A player for video in many formats.",
        ),
        9_500,
        (Pieces, 1),
        (1_500, 8_000, 40),
    ),
    item(
        "yangmokran-video",
        "household",
        ("음악 기록매체", "Music on a memory card"),
        (
            "인기 있는 노래를 담은 기록매체입니다.",
            "A memory card of popular songs.",
        ),
        400,
        (Pieces, 1),
        (20, 50, 300),
    ),
    item(
        "pyongsong-furniture",
        "furniture",
        ("책상", "Writing desk"),
        (
            "튼튼한 나무로 만든 책상입니다.",
            "A desk made of solid wood.",
        ),
        15_000,
        (Pieces, 1),
        (25_000, 240_000, 20),
    ),
    item(
        "pyongsong-furniture",
        "furniture",
        ("의자", "Chair"),
        (
            "등받이가 있는 나무 의자입니다.",
            "A wooden chair with a back rest.",
        ),
        4_200,
        (Pieces, 1),
        (6_000, 90_000, 60),
    ),
    item(
        "nampo-bags",
        "bags",
        ("녀성 손가방", "Women's handbag"),
        (
            "멋있는 디자인의 녀성 손가방입니다.",
            "A stylish women's handbag.",
        ),
        2_300,
        (Pieces, 1),
        (600, 8_000, 90),
    ),
    item(
        "nampo-bags",
        "bags",
        ("학생 배낭", "School backpack"),
        (
            "어깨가 편한 학생용 배낭입니다.",
            "A school backpack that is easy on the shoulders.",
        ),
        1_700,
        (Pieces, 1),
        (700, 15_000, 150),
    ),
    item(
        "sariwon-pharma",
        "medicines",
        ("우황청심환", "Uhwang cheongsim pills"),
        ("전통 고려약입니다.", "A traditional Koryo medicine."),
        650,
        (Pieces, 10),
        (50, 100, 200),
    ),
    item(
        "sariwon-pharma",
        "medicines",
        ("감기약", "Cold medicine"),
        (
            "감기 증상을 덜어주는 약입니다.",
            "Relieves the symptoms of a cold.",
        ),
        180,
        (Pieces, 20),
        (40, 80, 400),
    ),
    item(
        "sariwon-pharma",
        "household",
        ("비누", "Soap"),
        ("향기로운 세수비누입니다.", "A fragrant face soap."),
        45,
        (Grams, 100),
        (110, 120, 900),
    ),
];

/// Fills an empty database with the demo catalog, in one transaction. Returns whether it did.
pub async fn ensure_demo_data(db: &Db) -> Result<bool, DbError> {
    if !db.catalog().is_empty().await? {
        return Ok(false);
    }
    let mut tx = db.begin().await?;
    let mut categories: HashMap<&str, CategoryId> = HashMap::new();
    for (position, (slug, ko, en)) in (0_i64..).zip(CATEGORIES) {
        let id = insert_category(
            &mut tx,
            &NewCategory {
                slug,
                parent: None,
                position,
                name: Localized::new(*ko, *en),
            },
        )
        .await?;
        categories.insert(slug, id);
    }
    let mut sellers: HashMap<&str, SellerId> = HashMap::new();
    for (i, (slug, kind, ko, en, city)) in (0_i64..).zip(SELLERS) {
        let seller = NewSeller {
            slug,
            kind: *kind,
            name: Localized::new(*ko, *en),
            city_slug: city,
            created_at: EPOCH + i,
        };
        sellers.insert(slug, insert_seller(&mut tx, &seller).await?);
    }
    for (i, it) in (0_i64..).zip(ITEMS) {
        let (Some(&seller), Some(&category)) =
            (sellers.get(it.seller), categories.get(it.category))
        else {
            return Err(DbError::Corrupt {
                table: "demo data",
                column: "item",
                value: it.en.into(),
            });
        };
        let product = NewProduct {
            seller,
            category,
            name: Localized::new(it.ko, it.en),
            description: Localized::new(it.desc_ko, it.desc_en),
            price: Won::from_won(it.price_won),
            unit: UnitSize {
                kind: it.unit.0,
                amount: it.unit.1,
            },
            weight_g: it.weight_g,
            volume_ml: it.volume_ml,
            stock: it.stock,
            // The cream buns come first on "new goods": they are the newest.
            created_at: EPOCH + 86_400 - i * 60,
        };
        insert_product(&mut tx, &product).await?;
    }
    tx.commit().await?;
    Ok(true)
}
