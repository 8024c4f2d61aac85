//! Catalog tables: cities, sellers, categories, goods, products and their media links.

use super::{
    compare,
    rows::{chon, count, like_escape, localized, picture, rating, seller_ref, unit},
    sql::Sql,
    DbError, Tx,
};
pub use crate::domain::catalog::SellerKind;
use crate::{
    domain::{
        cart::{Line, Origin},
        catalog::{Category, Container, Localized, Picture, ProductCard, UnitSize, Video, Voice},
        compare::{GoodRef, HISTORY_DAYS},
        delivery::GeoPoint,
        quantity::Quantity,
        search::{self, FacetValue, Facets, ListParams, Sort, MAX_PAGE, PAGE_SIZE},
        CategoryId, CityId, MediaId, ProductId, SellerId, Won,
    },
    page::catalog::{CategoryPage, HomePage, ListPage, ProductDetail, SellerPage},
};
use sqlx::{any::AnyRow, AnyPool, Row};
use std::collections::BTreeSet;

pub struct Catalog<'a> {
    pool: &'a AnyPool,
}

/// The columns `product_card` reads; the query must join sellers `s` and cities `t`.
const CARD_COLUMNS: &str =
    "p.id, p.name_ko, p.name_en, p.price_chon, p.unit_kind, p.unit_amount, p.stock, \
     p.rating_count, p.rating_sum, s.name_ko AS seller_ko, s.name_en AS seller_en, t.name_ko AS city_ko, t.name_en AS city_en, \
     (SELECT pm.media_id FROM product_media pm JOIN media m ON m.id = pm.media_id \
      WHERE pm.product_id = p.id AND m.kind = 'image' ORDER BY pm.position, pm.media_id LIMIT 1) \
     AS picture_id";

const CARD_JOINS: &str =
    "FROM products p JOIN sellers s ON s.id = p.seller_id JOIN cities t ON t.id = s.city_id";

impl<'a> Catalog<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    /// The top of the category tree and the newest goods.
    pub async fn home_page(&self, products: u32) -> Result<HomePage, DbError> {
        let categories = self.categories_where("parent_id IS NULL", None).await?;
        let products = sqlx::query(&format!(
            "SELECT {CARD_COLUMNS} {CARD_JOINS} WHERE p.hidden_at IS NULL \
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

    async fn categories_where(
        &self,
        condition: &str,
        arg: Option<i64>,
    ) -> Result<Vec<Category>, DbError> {
        let sql = format!("SELECT id, slug, name_ko, name_en FROM categories WHERE {condition} ORDER BY position, id");
        let mut q = sqlx::query(&sql);
        if let Some(arg) = arg {
            q = q.bind(arg);
        }
        q.fetch_all(self.pool).await?.iter().map(category).collect()
    }

    /// A product with its media, its competitors and its price history up to `now`. A listing the
    /// bureau withholds has no page.
    pub async fn product(&self, id: ProductId, now: i64) -> Result<Option<ProductDetail>, DbError> {
        let row = sqlx::query(
            "SELECT p.id, p.good_id, p.name_ko, p.name_en, p.description_ko, p.description_en, p.price_chon, p.on_schedule, \
                    p.unit_kind, p.unit_amount, p.weight_g, p.volume_ml, \
                    CASE WHEN p.hidden_at IS NULL THEN p.stock ELSE 0 END AS stock, \
                    g.slug AS good_slug, g.name_ko AS good_ko, g.name_en AS good_en, \
                    c.id AS category_id, c.slug AS category_slug, \
                    c.name_ko AS category_ko, c.name_en AS category_en, \
                    s.id AS seller_id, s.kind AS seller_kind, s.slug AS seller_slug, \
                    s.name_ko AS seller_ko, s.name_en AS seller_en, \
                    t.name_ko AS city_ko, t.name_en AS city_en \
             FROM products p \
             JOIN categories c ON c.id = p.category_id \
             JOIN sellers s ON s.id = p.seller_id \
             JOIN cities t ON t.id = s.city_id \
             LEFT JOIN goods g ON g.id = p.good_id \
             WHERE p.id = $1 AND p.withheld_reason IS NULL",
        )
        .bind(id.get())
        .fetch_optional(self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let (pictures, voice, video) = media_of(self.pool, id).await?;
        let (good, other_offers) = match r.try_get::<Option<i64>, _>("good_id")? {
            Some(good_id) => {
                let mut offers = compare::offers_of_good(self.pool, good_id).await?;
                offers.retain(|o| o.id != id);
                let good = GoodRef {
                    slug: r.try_get("good_slug")?,
                    name: localized(&r, "good_ko", "good_en")?,
                };
                (Some(good), offers)
            }
            None => (None, Vec::new()),
        };
        let history =
            compare::price_history(self.pool, id, now - HISTORY_DAYS * 86_400, now).await?;
        Ok(Some(ProductDetail {
            id: ProductId::new(r.try_get("id")?),
            name: localized(&r, "name_ko", "name_en")?,
            description: localized(&r, "description_ko", "description_en")?,
            price: Won::from_chon(r.try_get("price_chon")?),
            unit: unit(&r)?,
            stock: count("products", "stock", r.try_get("stock")?)?,
            weight_g: count("products", "weight_g", r.try_get("weight_g")?)?,
            volume_ml: count("products", "volume_ml", r.try_get("volume_ml")?)?,
            category: Category {
                id: CategoryId::new(r.try_get("category_id")?),
                slug: r.try_get("category_slug")?,
                name: localized(&r, "category_ko", "category_en")?,
            },
            seller: seller_ref(&r)?,
            pictures,
            voice,
            video,
            good,
            other_offers,
            history,
            on_schedule: r.try_get::<i64, _>("on_schedule")? == 1,
        }))
    }

    pub async fn category_page(
        &self,
        slug: &str,
        params: &ListParams,
    ) -> Result<Option<CategoryPage>, DbError> {
        let row = sqlx::query(
            "SELECT id, slug, name_ko, name_en, parent_id FROM categories WHERE slug = $1",
        )
        .bind(slug)
        .fetch_optional(self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let category = category(&r)?;
        let parent = match r.try_get::<Option<i64>, _>("parent_id")? {
            Some(pid) => self
                .categories_where("id = $1", Some(pid))
                .await?
                .into_iter()
                .next(),
            None => None,
        };
        let children = self
            .categories_where("parent_id = $1", Some(category.id.get()))
            .await?;
        let params = ListParams {
            category: Some(category.slug.clone()),
            ..params.clone()
        };
        let list = self.list(&params).await?;
        Ok(Some(CategoryPage {
            category,
            parent,
            children,
            list,
        }))
    }

    pub async fn seller_page(
        &self,
        slug: &str,
        params: &ListParams,
    ) -> Result<Option<SellerPage>, DbError> {
        let row = sqlx::query(
            "SELECT s.id AS seller_id, s.kind AS seller_kind, s.slug AS seller_slug, s.name_ko AS seller_ko, \
                    s.name_en AS seller_en, t.name_ko AS city_ko, t.name_en AS city_en \
             FROM sellers s JOIN cities t ON t.id = s.city_id WHERE s.slug = $1",
        )
        .bind(slug)
        .fetch_optional(self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let seller = seller_ref(&r)?;
        let params = ListParams {
            seller: Some(seller.slug.clone()),
            ..params.clone()
        };
        let list = self.list(&params).await?;
        Ok(Some(SellerPage { seller, list }))
    }

    /// One page of goods matching a search and its filters, with the facets of the whole result.
    ///
    /// A query matches a product when every word of it occurs in the product's Korean or English
    /// name (substrings count: `크림` finds `크림빵`). The rarest grams of the query pick candidates
    /// from the index; a substring test (`LIKE`, with `%`, `_` and `\\` escaped) then keeps the real
    /// matches. Every filter and facet reads the products table alone, through an index.
    pub async fn list(&self, params: &ListParams) -> Result<ListPage, DbError> {
        let empty = |facets| ListPage {
            params: params.clone(),
            total: 0,
            items: Vec::new(),
            facets,
            suggestion: None,
        };
        let Some(filter) = self.filter(params).await? else {
            return Ok(empty(Facets::default()));
        };
        let total: i64 = filter
            .wrap("SELECT COUNT(*) FROM products p WHERE ", "")
            .fetch_scalar(self.pool)
            .await?;
        let items = if params.page > MAX_PAGE || total == 0 {
            Vec::new()
        } else {
            let mut q = Sql::new(&format!("SELECT {CARD_COLUMNS} {CARD_JOINS} WHERE "));
            q.append(&filter).push(" ORDER BY ");
            let first_word = search::tokens(&params.q).into_iter().next();
            match (params.sort, first_word) {
                (Sort::Relevance, Some(word)) => {
                    // Names that start with the first word, then names with a word starting with it.
                    let word = like_escape(&word);
                    q.push("CASE WHEN p.search_text LIKE ")
                        .bind(format!("{word}%"));
                    q.push(" ESCAPE '\\' THEN 0 WHEN p.search_text LIKE ")
                        .bind(format!("% {word}%"));
                    q.push(" ESCAPE '\\' THEN 1 ELSE 2 END, p.created_at DESC, p.id DESC");
                }
                (Sort::Relevance | Sort::Newest, _) => {
                    q.push("p.created_at DESC, p.id DESC");
                }
                (Sort::PriceAsc, _) => {
                    q.push("p.price_chon, p.id");
                }
                (Sort::PriceDesc, _) => {
                    q.push("p.price_chon DESC, p.id DESC");
                }
                (Sort::UnitPrice, _) => {
                    q.push("p.unit_price_key, p.id");
                }
                (Sort::Rating, _) => {
                    // The best average first (unrated last), then the most reviewed.
                    q.push(
                        "CASE WHEN p.rating_count = 0 THEN -1 \
                         ELSE p.rating_sum * 1000 / p.rating_count END DESC, \
                         p.rating_count DESC, p.id DESC",
                    );
                }
            }
            q.push(&format!(" LIMIT {PAGE_SIZE} OFFSET {}", params.offset()));
            q.fetch_all(self.pool)
                .await?
                .iter()
                .map(product_card)
                .collect::<Result<_, _>>()?
        };
        let facets = if total == 0 {
            Facets::default()
        } else {
            self.facets(&filter).await?
        };
        Ok(ListPage {
            params: params.clone(),
            total: u64::try_from(total).unwrap_or(0),
            items,
            facets,
            suggestion: None,
        })
    }

    /// The `WHERE` condition on `products p` for a list, or `None` when a named category, seller or
    /// city does not exist (nothing can match).
    async fn filter(&self, params: &ListParams) -> Result<Option<Sql>, DbError> {
        // A hidden product is in no list.
        let mut q = Sql::new("p.hidden_at IS NULL");
        let tokens = search::tokens(&params.q);
        // A word may name the seller (`크림빵 금성`): its goods match it too, so its grams do not
        // pick the candidates.
        let mut by_seller: Vec<(String, Vec<i64>)> = Vec::with_capacity(tokens.len());
        for token in &tokens {
            by_seller.push((token.clone(), self.sellers_named(token).await?));
        }
        let grams: BTreeSet<String> = by_seller
            .iter()
            .filter(|(_, sellers)| sellers.is_empty())
            .flat_map(|(t, _)| search::query_grams(t))
            .collect();
        if !grams.is_empty() {
            // The two rarest grams select few candidates; a gram no product has means no match.
            let mut counts = Sql::new("SELECT gram, n FROM search_gram_counts WHERE gram IN (");
            for (i, gram) in grams.iter().enumerate() {
                counts
                    .push(if i == 0 { "" } else { ", " })
                    .bind(gram.clone());
            }
            counts.push(") ORDER BY n, gram");
            let known = counts.fetch_all(self.pool).await?;
            if known.len() < grams.len() {
                return Ok(None);
            }
            let rarest: Vec<String> = known
                .iter()
                .take(2)
                .map(|r| r.try_get("gram"))
                .collect::<Result<_, _>>()?;
            q.push(" AND p.id IN (SELECT product_id FROM search_grams WHERE gram IN (");
            for (i, gram) in rarest.iter().enumerate() {
                q.push(if i == 0 { "" } else { ", " }).bind(gram.clone());
            }
            q.push(&format!(
                ") GROUP BY product_id HAVING COUNT(*) = {})",
                rarest.len()
            ));
        }
        for (token, sellers) in &by_seller {
            q.push(" AND (p.search_text LIKE ")
                .bind(format!("%{}%", like_escape(token)));
            q.push(" ESCAPE '\\'");
            for (i, seller) in sellers.iter().enumerate() {
                q.push(if i == 0 { " OR p.seller_id IN (" } else { ", " })
                    .bind(*seller);
            }
            q.push(if sellers.is_empty() { ")" } else { "))" });
        }
        if let Some(slug) = &params.category {
            let row = sqlx::query("SELECT id, parent_id FROM categories WHERE slug = $1")
                .bind(slug)
                .fetch_optional(self.pool)
                .await?;
            let Some(row) = row else { return Ok(None) };
            let id: i64 = row.try_get("id")?;
            let column = match row.try_get::<Option<i64>, _>("parent_id")? {
                None => " AND p.top_category_id = ",
                Some(_) => " AND p.category_id = ",
            };
            q.push(column).bind(id);
        }
        for (slug, table, column) in [
            (&params.seller, "sellers", " AND p.seller_id = "),
            (&params.city, "cities", " AND p.city_id = "),
        ] {
            if let Some(slug) = slug {
                let id: Option<i64> =
                    sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE slug = $1"))
                        .bind(slug)
                        .fetch_optional(self.pool)
                        .await?;
                let Some(id) = id else { return Ok(None) };
                q.push(column).bind(id);
            }
        }
        if let Some(min) = params.min.and_then(|w| w.to_chon().ok()) {
            q.push(" AND p.price_chon >= ").bind(min);
        }
        if let Some(max) = params.max.and_then(|w| w.to_chon().ok()) {
            q.push(" AND p.price_chon <= ").bind(max);
        }
        if params.in_stock {
            q.push(" AND p.stock > 0");
        }
        Ok(Some(q))
    }

    /// The sellers whose Korean or English name has `word` in it (normalised as the search is).
    pub async fn sellers_named(&self, word: &str) -> Result<Vec<i64>, DbError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM sellers WHERE name_ko LIKE $1 ESCAPE '\\' \
             OR LOWER(name_en) LIKE $1 ESCAPE '\\' ORDER BY id LIMIT 50",
        )
        .bind(format!("%{}%", like_escape(word)))
        .fetch_all(self.pool)
        .await?)
    }

    /// The names (as the search index reads them) of goods that share a gram with `word`: where a
    /// suggestion for a word that found nothing comes from.
    pub async fn names_near(&self, word: &str) -> Result<Vec<String>, DbError> {
        let grams = search::query_grams(word);
        if grams.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = Sql::new(
            "SELECT p.search_text FROM products p WHERE p.hidden_at IS NULL AND p.id IN \
             (SELECT product_id FROM search_grams WHERE gram IN (",
        );
        for (i, gram) in grams.iter().enumerate() {
            q.push(if i == 0 { "" } else { ", " }).bind(gram.clone());
        }
        q.push(")) ORDER BY p.id LIMIT 500");
        q.fetch_all(self.pool)
            .await?
            .iter()
            .map(|r| Ok(r.try_get("search_text")?))
            .collect()
    }

    async fn facets(&self, filter: &Sql) -> Result<Facets, DbError> {
        // Counted per id on the products table, then named: the join touches a handful of rows.
        let facet = |column: &str, table: &str| {
            let mut q = Sql::new(&format!(
                "SELECT x.slug AS slug, x.name_ko AS name_ko, x.name_en AS name_en, f.n AS n \
                 FROM (SELECT p.{column} AS id, COUNT(*) AS n FROM products p WHERE "
            ));
            q.append(filter);
            q.push(&format!(
                " GROUP BY p.{column}) f JOIN {table} x ON x.id = f.id ORDER BY f.n DESC, x.slug"
            ));
            q
        };
        let values = |rows: Vec<AnyRow>| -> Result<Vec<FacetValue>, DbError> {
            rows.iter()
                .map(|r| {
                    Ok(FacetValue {
                        slug: r.try_get("slug")?,
                        name: localized(r, "name_ko", "name_en")?,
                        count: u64::try_from(r.try_get::<i64, _>("n")?).unwrap_or(0),
                    })
                })
                .collect()
        };
        let in_stock = filter.wrap("SELECT COUNT(*) FROM products p WHERE p.stock > 0 AND ", "");
        Ok(Facets {
            categories: values(
                facet("top_category_id", "categories")
                    .fetch_all(self.pool)
                    .await?,
            )?,
            sellers: values(facet("seller_id", "sellers").fetch_all(self.pool).await?)?,
            cities: values(facet("city_id", "cities").fetch_all(self.pool).await?)?,
            in_stock: u64::try_from(in_stock.fetch_scalar::<i64>(self.pool).await?).unwrap_or(0),
        })
    }

    /// `(kind, slug, id)` of every category, seller and demo good's picture: what the generator
    /// needs to add goods to an existing catalog.
    pub async fn demo_ids(&self) -> Result<Vec<(String, String, i64)>, DbError> {
        let rows = sqlx::query(
            "SELECT 'category' AS kind, slug, id FROM categories              UNION ALL SELECT 'seller' AS kind, slug, id FROM sellers              UNION ALL SELECT 'picture' AS kind, g.slug, MIN(pm.media_id) AS id FROM goods g                  JOIN products p ON p.good_id = g.id JOIN product_media pm ON pm.product_id = p.id                  JOIN media m ON m.id = pm.media_id AND m.kind = 'image'                  GROUP BY g.slug",
        )
        .fetch_all(self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("kind")?, r.try_get("slug")?, r.try_get("id")?)))
            .collect()
    }

    /// The goods as cart and checkout lines (`quantity` of each, with the price it had when it went
    /// into the cart): what the catalog says of each now; unknown products are left out, the rest
    /// keep the order given.
    pub async fn lines(
        &self,
        items: &[(ProductId, Quantity, Option<i64>)],
    ) -> Result<Vec<(Origin, Line)>, DbError> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=items.len()).map(|i| format!("${i}")).collect();
        let sql = format!("{LINE_SELECT} WHERE p.id IN ({})", placeholders.join(", "));
        let mut q = sqlx::query(&sql);
        for (id, _, _) in items {
            q = q.bind(id.get());
        }
        let rows = q.fetch_all(self.pool).await?;
        let mut out = Vec::with_capacity(items.len());
        for (id, qty, was) in items {
            if let Some(r) = rows
                .iter()
                .find(|r| r.try_get::<i64, _>("id").ok() == Some(id.get()))
            {
                out.push(origin_and_line(r, *qty, *was)?);
            }
        }
        Ok(out)
    }

    /// Whether the catalog has any seller yet (an empty database gets demo data).
    pub async fn is_empty(&self) -> Result<bool, DbError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sellers")
            .fetch_one(self.pool)
            .await?;
        Ok(n == 0)
    }
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
        city: localized(r, "city_ko", "city_en")?,
        stock: count("products", "stock", r.try_get("stock")?)?,
        picture: r
            .try_get::<Option<i64>, _>("picture_id")?
            .map(|id| picture(MediaId::new(id))),
        rating: rating(r)?,
    })
}

// ---- writes (used by the demo-data generator and, later, the seller console) ----

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
    pub good: Option<i64>,
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

/// A good that several sellers may offer (the unit of price comparison).
pub async fn insert_good(tx: &mut Tx<'_>, slug: &str, name: &Localized) -> Result<i64, DbError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO goods (slug, name_ko, name_en) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(slug)
    .bind(&name.ko)
    .bind(&name.en)
    .fetch_one(&mut **tx)
    .await?)
}

/// Inserts a product, its first price in the price history, and its search-index entries.
pub async fn insert_product(tx: &mut Tx<'_>, p: &NewProduct) -> Result<ProductId, DbError> {
    let price_chon = chon(p.price)?;
    let search_text = search_text(&p.name);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO products (seller_id, category_id, good_id, name_ko, name_en, description_ko, \
             description_en, price_chon, unit_kind, unit_amount, weight_g, volume_ml, stock, created_at, \
             search_text, unit_price_key, top_category_id, city_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
             (SELECT COALESCE(parent_id, id) FROM categories WHERE id = $2), \
             (SELECT city_id FROM sellers WHERE id = $1)) RETURNING id",
    )
    .bind(p.seller.get())
    .bind(p.category.get())
    .bind(p.good)
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
    .bind(&search_text)
    .bind(p.unit.unit_price(p.price).sort_key())
    .fetch_one(&mut **tx)
    .await?;
    compare::record_price(tx, ProductId::new(id), price_chon, p.created_at).await?;
    let grams: Vec<String> = search::index_grams(&search_text).into_iter().collect();
    add_grams(tx, id, &grams).await?;
    Ok(ProductId::new(id))
}

/// Indexes a product under `grams` (none of which it has yet) for search.
async fn add_grams(tx: &mut Tx<'_>, id: i64, grams: &[String]) -> Result<(), DbError> {
    for chunk in grams.chunks(200) {
        let mut q = Sql::new("INSERT INTO search_grams (gram, product_id) VALUES ");
        for (i, gram) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.bind(gram.clone());
            q.push(", ");
            q.bind(id);
            q.push(")");
        }
        q.execute(tx).await?;
        let mut counts = Sql::new("INSERT INTO search_gram_counts (gram, n) VALUES ");
        for (i, gram) in chunk.iter().enumerate() {
            counts
                .push(if i == 0 { "(" } else { ", (" })
                .bind(gram.clone())
                .push(", 1)");
        }
        counts.push(" ON CONFLICT (gram) DO UPDATE SET n = search_gram_counts.n + 1");
        counts.execute(tx).await?;
    }
    Ok(())
}

/// Takes a product out of the index under `grams` (all of which it has).
async fn remove_grams(tx: &mut Tx<'_>, id: i64, grams: &[String]) -> Result<(), DbError> {
    for chunk in grams.chunks(200) {
        let mut q = Sql::new("DELETE FROM search_grams WHERE product_id = ");
        q.bind(id).push(" AND gram IN (");
        for (i, gram) in chunk.iter().enumerate() {
            q.push(if i == 0 { "" } else { ", " }).bind(gram.clone());
        }
        q.push(")");
        q.execute(tx).await?;
        let mut counts = Sql::new("UPDATE search_gram_counts SET n = n - 1 WHERE gram IN (");
        for (i, gram) in chunk.iter().enumerate() {
            counts
                .push(if i == 0 { "" } else { ", " })
                .bind(gram.clone());
        }
        counts.push(")");
        counts.execute(tx).await?;
    }
    Ok(())
}

/// Indexes a product whose search text was `old` under its `new` text: only the grams that
/// changed are written.
pub async fn reindex(tx: &mut Tx<'_>, id: ProductId, old: &str, new: &str) -> Result<(), DbError> {
    let (old, new) = (search::index_grams(old), search::index_grams(new));
    let gone: Vec<String> = old.difference(&new).cloned().collect();
    let added: Vec<String> = new.difference(&old).cloned().collect();
    remove_grams(tx, id.get(), &gone).await?;
    add_grams(tx, id.get(), &added).await
}

/// The text search matches a product's names in.
pub fn search_text(name: &Localized) -> String {
    search::normalize(&format!("{} {}", name.ko, name.en))
}

pub async fn link_media(
    tx: &mut Tx<'_>,
    product: ProductId,
    media: MediaId,
    position: i64,
) -> Result<(), DbError> {
    sqlx::query("INSERT INTO product_media (product_id, media_id, position) VALUES ($1, $2, $3)")
        .bind(product.get())
        .bind(media.get())
        .bind(position)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What a cart or checkout line reads of a product, its seller and the seller's city. A hidden
/// product has none in stock to offer: carts and checkout refuse it as sold out.
const LINE_SELECT: &str = "SELECT p.id, p.name_ko, p.name_en, p.price_chon, \
            CASE WHEN p.hidden_at IS NULL THEN p.stock ELSE 0 END AS stock, p.weight_g, \
            p.volume_ml, s.id AS seller_id, s.name_ko AS seller_ko, s.name_en AS seller_en, \
            t.id AS city_id, t.name_ko AS city_ko, t.name_en AS city_en, t.lat, t.lon \
     FROM products p JOIN sellers s ON s.id = p.seller_id JOIN cities t ON t.id = s.city_id";

fn origin_and_line(
    r: &AnyRow,
    quantity: Quantity,
    was: Option<i64>,
) -> Result<(Origin, Line), DbError> {
    let price: i64 = r.try_get("price_chon")?;
    Ok((
        Origin {
            seller: SellerId::new(r.try_get("seller_id")?),
            seller_name: localized(r, "seller_ko", "seller_en")?,
            city_id: CityId::new(r.try_get("city_id")?),
            city: localized(r, "city_ko", "city_en")?,
            at: GeoPoint::new(r.try_get("lat")?, r.try_get("lon")?),
        },
        Line {
            product: ProductId::new(r.try_get("id")?),
            name: localized(r, "name_ko", "name_en")?,
            quantity,
            price: Won::from_chon(price),
            was: was.filter(|w| *w != price).map(Won::from_chon),
            stock: count("products", "stock", r.try_get("stock")?)?,
            weight_g: u64::from(count("products", "weight_g", r.try_get("weight_g")?)?),
            volume_ml: u64::from(count("products", "volume_ml", r.try_get("volume_ml")?)?),
        },
    ))
}

/// One product as a line of `quantity`, in a transaction, if there is such a product (checkout
/// reads its lines with it before and after taking the stock).
pub async fn find_line_in(
    tx: &mut Tx<'_>,
    product: ProductId,
    quantity: Quantity,
) -> Result<Option<(Origin, Line)>, DbError> {
    let row = sqlx::query(&format!("{LINE_SELECT} WHERE p.id = $1"))
        .bind(product.get())
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|r| origin_and_line(&r, quantity, None)).transpose()
}

/// Takes `quantity` of a product out of stock if there is that much and it is offered: `false`
/// (and nothing taken) if not. One guarded update, so two checkouts can't both take the last one.
pub async fn reserve(
    tx: &mut Tx<'_>,
    product: ProductId,
    quantity: Quantity,
) -> Result<bool, DbError> {
    let reserved = sqlx::query(
        "UPDATE products SET stock = stock - $1 \
         WHERE id = $2 AND stock >= $1 AND hidden_at IS NULL RETURNING id",
    )
    .bind(i64::from(quantity.get()))
    .bind(product.get())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(reserved.is_some())
}

/// Marks a product as delivered on a schedule (standing orders may hold it).
pub async fn set_on_schedule(tx: &mut Tx<'_>, product: ProductId) -> Result<(), DbError> {
    sqlx::query("UPDATE products SET on_schedule = 1 WHERE id = $1")
        .bind(product.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Whether a seller takes no deliveries on a Pyongyang day (a holiday it declared).
pub async fn seller_closed_on(
    tx: &mut Tx<'_>,
    seller: SellerId,
    day: i64,
) -> Result<bool, DbError> {
    let closed: Option<i64> =
        sqlx::query_scalar("SELECT day FROM seller_closed_days WHERE seller_id = $1 AND day = $2")
            .bind(seller.get())
            .bind(day)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(closed.is_some())
}

/// Puts `quantity` of a product back in stock.
pub async fn restock(
    tx: &mut Tx<'_>,
    product: ProductId,
    quantity: Quantity,
) -> Result<(), DbError> {
    sqlx::query("UPDATE products SET stock = stock + $1 WHERE id = $2")
        .bind(i64::from(quantity.get()))
        .bind(product.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A product's stock (none while it is hidden), if there is such a product.
pub async fn stock_in(tx: &mut Tx<'_>, product: ProductId) -> Result<Option<u32>, DbError> {
    let left: Option<i64> = sqlx::query_scalar(
        "SELECT CASE WHEN hidden_at IS NULL THEN stock ELSE 0 END FROM products WHERE id = $1",
    )
    .bind(product.get())
    .fetch_optional(&mut **tx)
    .await?;
    left.map(|n| count("products", "stock", n)).transpose()
}

/// A product's price now (chon), if there is such a product.
pub async fn price_in(tx: &mut Tx<'_>, product: ProductId) -> Result<Option<i64>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT price_chon FROM products WHERE id = $1")
            .bind(product.get())
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// A product's pictures (the main one first), its voice description and its video.
pub async fn media_of<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    id: ProductId,
) -> Result<(Vec<Picture>, Option<Voice>, Option<Video>), DbError> {
    let rows = sqlx::query(
        "SELECT m.id, m.kind, \
                (SELECT MIN(f.mime) FROM media_files f WHERE f.media_id = m.id AND f.variant = 'ko') AS ko, \
                (SELECT MIN(f.mime) FROM media_files f WHERE f.media_id = m.id AND f.variant = 'en') AS en, \
                (SELECT MIN(f.mime) FROM media_files f WHERE f.media_id = m.id AND f.variant = 'video') AS video \
         FROM product_media pm JOIN media m ON m.id = pm.media_id \
         WHERE pm.product_id = $1 ORDER BY pm.position, m.id",
    )
    .bind(id.get())
    .fetch_all(db)
    .await?;
    let container = |r: &AnyRow, column: &'static str| -> Result<Option<Container>, DbError> {
        let Some(mime) = r.try_get::<Option<String>, _>(column)? else {
            return Ok(None);
        };
        Container::from_mime(&mime)
            .map(Some)
            .ok_or(DbError::Corrupt {
                table: "media_files",
                column: "mime",
                value: mime,
            })
    };
    let (mut pictures, mut voice, mut video) = (Vec::new(), None, None);
    for r in &rows {
        let media = MediaId::new(r.try_get("id")?);
        let kind: String = r.try_get("kind")?;
        match kind.as_str() {
            "image" => pictures.push(picture(media)),
            "audio" => {
                voice = Some(Voice {
                    id: media,
                    korean: container(r, "ko")?,
                    english: container(r, "en")?,
                });
            }
            "video" => {
                video = container(r, "video")?.map(|container| Video {
                    id: media,
                    container,
                });
            }
            _ => {
                return Err(DbError::Corrupt {
                    table: "media",
                    column: "kind",
                    value: kind,
                })
            }
        }
    }
    Ok((pictures, voice, video))
}
