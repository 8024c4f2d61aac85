//! Catalog tables: cities, sellers, categories, products.

use super::{count, DbError, Tx};
use crate::domain::{
    catalog::{
        Category, HomePage, Localized, ProductCard, ProductDetail, SellerRef, UnitKind, UnitSize,
    },
    CategoryId, ProductId, SellerId, Won,
};
use sqlx::{any::AnyRow, AnyPool, Row};

pub struct Catalog<'a> {
    pool: &'a AnyPool,
}

const CARD_COLUMNS: &str = "p.id, p.name_ko, p.name_en, p.price_chon, p.unit_kind, p.unit_amount, \
     s.name_ko AS seller_ko, s.name_en AS seller_en";

impl<'a> Catalog<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    /// The top of the category tree and the newest goods.
    pub async fn home_page(&self, products: u32) -> Result<HomePage, DbError> {
        let categories = sqlx::query(
            "SELECT id, slug, name_ko, name_en FROM categories WHERE parent_id IS NULL \
             ORDER BY position, id",
        )
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(category)
        .collect::<Result<_, _>>()?;
        let products = sqlx::query(&format!(
            "SELECT {CARD_COLUMNS} FROM products p JOIN sellers s ON s.id = p.seller_id \
             ORDER BY p.created_at DESC, p.id DESC LIMIT $1"
        ))
        .bind(i64::from(products))
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(product_card)
        .collect::<Result<_, _>>()?;
        Ok(HomePage {
            categories,
            products,
        })
    }

    pub async fn product(&self, id: ProductId) -> Result<Option<ProductDetail>, DbError> {
        let row = sqlx::query(
            "SELECT p.id, p.name_ko, p.name_en, p.description_ko, p.description_en, p.price_chon, \
                    p.unit_kind, p.unit_amount, p.stock, \
                    c.id AS category_id, c.slug AS category_slug, \
                    c.name_ko AS category_ko, c.name_en AS category_en, \
                    s.id AS seller_id, s.slug AS seller_slug, s.name_ko AS seller_ko, s.name_en AS seller_en, \
                    t.name_ko AS city_ko, t.name_en AS city_en \
             FROM products p \
             JOIN categories c ON c.id = p.category_id \
             JOIN sellers s ON s.id = p.seller_id \
             JOIN cities t ON t.id = s.city_id \
             WHERE p.id = $1",
        )
        .bind(id.get())
        .fetch_optional(self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(ProductDetail {
            id: ProductId::new(r.try_get("id")?),
            name: localized(&r, "name_ko", "name_en")?,
            description: localized(&r, "description_ko", "description_en")?,
            price: Won::from_chon(r.try_get("price_chon")?),
            unit: unit(&r)?,
            stock: count("products", "stock", r.try_get("stock")?)?,
            category: Category {
                id: CategoryId::new(r.try_get("category_id")?),
                slug: r.try_get("category_slug")?,
                name: localized(&r, "category_ko", "category_en")?,
            },
            seller: SellerRef {
                id: SellerId::new(r.try_get("seller_id")?),
                slug: r.try_get("seller_slug")?,
                name: localized(&r, "seller_ko", "seller_en")?,
                city: localized(&r, "city_ko", "city_en")?,
            },
        }))
    }

    /// Whether the catalog has any seller yet (an empty database gets demo data).
    pub async fn is_empty(&self) -> Result<bool, DbError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sellers")
            .fetch_one(self.pool)
            .await?;
        Ok(n == 0)
    }
}

fn localized(r: &AnyRow, ko: &str, en: &str) -> Result<Localized, DbError> {
    Ok(Localized {
        ko: r.try_get(ko)?,
        en: r.try_get(en)?,
    })
}

fn unit(r: &AnyRow) -> Result<UnitSize, DbError> {
    let code: String = r.try_get("unit_kind")?;
    let kind = UnitKind::from_code(&code).ok_or(DbError::Corrupt {
        table: "products",
        column: "unit_kind",
        value: code,
    })?;
    let amount = count("products", "unit_amount", r.try_get("unit_amount")?)?;
    Ok(UnitSize { kind, amount })
}

fn category(r: &AnyRow) -> Result<Category, DbError> {
    Ok(Category {
        id: CategoryId::new(r.try_get("id")?),
        slug: r.try_get("slug")?,
        name: localized(r, "name_ko", "name_en")?,
    })
}

fn product_card(r: &AnyRow) -> Result<ProductCard, DbError> {
    Ok(ProductCard {
        id: ProductId::new(r.try_get("id")?),
        name: localized(r, "name_ko", "name_en")?,
        price: Won::from_chon(r.try_get("price_chon")?),
        unit: unit(r)?,
        seller: localized(r, "seller_ko", "seller_en")?,
    })
}

// ---- writes (used by the demo-data generator and, later, the seller console) ----

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SellerKind {
    Factory,
    Store,
    Restaurant,
}

impl SellerKind {
    fn code(self) -> &'static str {
        match self {
            SellerKind::Factory => "factory",
            SellerKind::Store => "store",
            SellerKind::Restaurant => "restaurant",
        }
    }
}

pub struct NewSeller<'s> {
    pub slug: &'s str,
    pub kind: SellerKind,
    pub name: Localized,
    pub city_slug: &'s str,
    pub created_at: i64,
}

pub struct NewCategory<'s> {
    pub slug: &'s str,
    pub parent: Option<CategoryId>,
    pub position: i64,
    pub name: Localized,
}

pub struct NewProduct {
    pub seller: SellerId,
    pub category: CategoryId,
    pub name: Localized,
    pub description: Localized,
    pub price: Won,
    pub unit: UnitSize,
    pub weight_g: u32,
    pub volume_ml: u32,
    pub stock: u32,
    pub created_at: i64,
}

pub async fn insert_seller(tx: &mut Tx<'_>, s: &NewSeller<'_>) -> Result<SellerId, DbError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sellers (slug, kind, name_ko, name_en, city_id, created_at) \
         SELECT $1, $2, $3, $4, id, $6 FROM cities WHERE slug = $5 RETURNING id",
    )
    .bind(s.slug)
    .bind(s.kind.code())
    .bind(&s.name.ko)
    .bind(&s.name.en)
    .bind(s.city_slug)
    .bind(s.created_at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(SellerId::new(id))
}

pub async fn insert_category(tx: &mut Tx<'_>, c: &NewCategory<'_>) -> Result<CategoryId, DbError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO categories (slug, parent_id, position, name_ko, name_en) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(c.slug)
    .bind(c.parent.map(CategoryId::get))
    .bind(c.position)
    .bind(&c.name.ko)
    .bind(&c.name.en)
    .fetch_one(&mut **tx)
    .await?;
    Ok(CategoryId::new(id))
}

pub async fn insert_product(tx: &mut Tx<'_>, p: &NewProduct) -> Result<ProductId, DbError> {
    let price_chon = p.price.to_chon().map_err(|e| DbError::Corrupt {
        table: "products",
        column: "price_chon",
        value: e.to_string(),
    })?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO products (seller_id, category_id, name_ko, name_en, description_ko, \
             description_en, price_chon, unit_kind, unit_amount, weight_g, volume_ml, stock, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(p.seller.get())
    .bind(p.category.get())
    .bind(&p.name.ko)
    .bind(&p.name.en)
    .bind(&p.description.ko)
    .bind(&p.description.en)
    .bind(price_chon)
    .bind(p.unit.kind.code())
    .bind(i64::from(p.unit.amount))
    .bind(i64::from(p.weight_g))
    .bind(i64::from(p.volume_ml))
    .bind(i64::from(p.stock))
    .bind(p.created_at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(ProductId::new(id))
}
