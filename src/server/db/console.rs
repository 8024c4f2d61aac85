//! What seller staff see and change: their seller's goods and stock.

use super::{catalog, rows, DbError, Tx};
use crate::{
    domain::{
        account::PhoneNumber,
        catalog::Localized,
        listing::{GroupChoice, Listing},
        CategoryId, GoodId, MediaId, ProductId, SellerId, UserId, Won,
    },
    page::seller::{CategoryChoice, ConsoleItem, StaffMember},
};
use sqlx::{AnyPool, FromRow, Row};

/// A product's pictures, the main one first.
const PICTURES_OF: &str = "SELECT pm.media_id FROM product_media pm \
     JOIN media m ON m.id = pm.media_id \
     WHERE pm.product_id = $1 AND m.kind = 'image' ORDER BY pm.position, pm.media_id";

/// A product as the console lists it.
#[derive(FromRow)]
struct ItemRow {
    id: i64,
    name_ko: String,
    name_en: String,
    price_chon: i64,
    stock: i64,
    hidden_at: Option<i64>,
    withheld_reason: Option<String>,
}

fn items(found: Vec<ItemRow>) -> Result<Vec<ConsoleItem>, DbError> {
    found
        .into_iter()
        .map(|r| {
            Ok(ConsoleItem {
                id: ProductId::new(r.id),
                name: Localized::new(r.name_ko, r.name_en),
                price: Won::from_chon(r.price_chon),
                stock: rows::count("products", "stock", r.stock)?,
                hidden: r.hidden_at.is_some(),
                withheld: r.withheld_reason,
            })
        })
        .collect()
}

/// The seller's goods, by name, read in a transaction or from the pool.
pub async fn items_in<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    seller: SellerId,
) -> Result<Vec<ConsoleItem>, DbError> {
    let found = sqlx::query_as::<_, ItemRow>(
        "SELECT id, name_ko, name_en, price_chon, stock, hidden_at, withheld_reason \
         FROM products WHERE seller_id = $1 ORDER BY name_ko, id",
    )
    .bind(seller.get())
    .fetch_all(db)
    .await?;
    items(found)
}

/// Sets the stock of one of the seller's goods, in a transaction or on the pool. `false` when
/// the product isn't theirs.
pub async fn set_stock<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    seller: SellerId,
    product: ProductId,
    stock: u32,
) -> Result<bool, DbError> {
    let changed = sqlx::query("UPDATE products SET stock = $1 WHERE id = $2 AND seller_id = $3")
        .bind(i64::from(stock))
        .bind(product.get())
        .bind(seller.get())
        .execute(db)
        .await?
        .rows_affected();
    Ok(changed == 1)
}

pub struct Console<'a> {
    pool: &'a AnyPool,
}

impl<'a> Console<'a> {
    pub(super) fn new(pool: &'a AnyPool) -> Self {
        Self { pool }
    }

    /// The seller's name and its goods, by name.
    pub async fn items(
        &self,
        seller: SellerId,
    ) -> Result<Option<(Localized, Vec<ConsoleItem>)>, DbError> {
        let Some(name) = self.name(seller).await? else {
            return Ok(None);
        };
        Ok(Some((name, items_in(self.pool, seller).await?)))
    }

    /// The subcategories a product may be listed in, by parent and position.
    pub async fn categories(&self) -> Result<Vec<CategoryChoice>, DbError> {
        sqlx::query(
            "SELECT c.id, c.name_ko, c.name_en, p.name_ko AS parent_ko, p.name_en AS parent_en \
             FROM categories c JOIN categories p ON p.id = c.parent_id \
             ORDER BY p.position, p.id, c.position, c.id",
        )
        .fetch_all(self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(CategoryChoice {
                id: CategoryId::new(r.try_get("id")?),
                parent: rows::localized(r, "parent_ko", "parent_en")?,
                name: rows::localized(r, "name_ko", "name_en")?,
            })
        })
        .collect()
    }

    /// Every comparison group, by Korean name.
    pub async fn goods(&self) -> Result<Vec<(GoodId, Localized)>, DbError> {
        Ok(sqlx::query_as::<_, (i64, String, String)>(
            "SELECT id, name_ko, name_en FROM goods ORDER BY name_ko, id",
        )
        .fetch_all(self.pool)
        .await?
        .into_iter()
        .map(|(id, ko, en)| (GoodId::new(id), Localized::new(ko, en)))
        .collect())
    }

    /// One of the seller's products as its listing form shows it, and whether it is hidden.
    pub async fn listing(
        &self,
        seller: SellerId,
        product: ProductId,
    ) -> Result<Option<(Listing, bool)>, DbError> {
        let Some(r) = sqlx::query(
            "SELECT name_ko, name_en, description_ko, description_en, category_id, unit_kind, \
                 unit_amount, weight_g, volume_ml, price_chon, stock, good_id, hidden_at \
             FROM products WHERE id = $1 AND seller_id = $2",
        )
        .bind(product.get())
        .bind(seller.get())
        .fetch_optional(self.pool)
        .await?
        else {
            return Ok(None);
        };
        let listing = Listing {
            name: rows::localized(&r, "name_ko", "name_en")?,
            description: rows::localized(&r, "description_ko", "description_en")?,
            category: CategoryId::new(r.try_get("category_id")?),
            unit: rows::unit(&r)?,
            weight_g: rows::count("products", "weight_g", r.try_get("weight_g")?)?,
            volume_ml: rows::count("products", "volume_ml", r.try_get("volume_ml")?)?,
            price: Won::from_chon(r.try_get("price_chon")?),
            stock: rows::count("products", "stock", r.try_get("stock")?)?,
            group: match r.try_get::<Option<i64>, _>("good_id")? {
                Some(id) => GroupChoice::Good(GoodId::new(id)),
                None => GroupChoice::None,
            },
        };
        Ok(Some((
            listing,
            r.try_get::<Option<i64>, _>("hidden_at")?.is_some(),
        )))
    }

    /// The pictures of one of the seller's products, the main one first (`None`: not theirs).
    /// A product's pictures, voice description and video (the caller has checked it is the
    /// seller's).
    pub async fn media(
        &self,
        product: ProductId,
    ) -> Result<
        (
            Vec<crate::domain::catalog::Picture>,
            Option<crate::domain::catalog::Voice>,
            Option<crate::domain::catalog::Video>,
        ),
        DbError,
    > {
        catalog::media_of(self.pool, product).await
    }

    pub async fn pictures(
        &self,
        seller: SellerId,
        product: ProductId,
    ) -> Result<Option<Vec<MediaId>>, DbError> {
        let theirs: Option<i64> =
            sqlx::query_scalar("SELECT id FROM products WHERE id = $1 AND seller_id = $2")
                .bind(product.get())
                .bind(seller.get())
                .fetch_optional(self.pool)
                .await?;
        if theirs.is_none() {
            return Ok(None);
        }
        let ids: Vec<i64> = sqlx::query_scalar(PICTURES_OF)
            .bind(product.get())
            .fetch_all(self.pool)
            .await?;
        Ok(Some(ids.into_iter().map(MediaId::new).collect()))
    }

    /// Hides one of the seller's goods (`offered` false: from `now` on, unless it is hidden
    /// already) or offers it again. `false` when the product isn't theirs, or (offering it) the
    /// bureau withholds it.
    pub async fn set_offered(
        &self,
        seller: SellerId,
        product: ProductId,
        offered: bool,
        now: i64,
    ) -> Result<bool, DbError> {
        let hide = sqlx::query(
            "UPDATE products SET hidden_at = COALESCE(hidden_at, $1) WHERE id = $2 AND seller_id = $3",
        )
        .bind(now);
        let show = sqlx::query(
            "UPDATE products SET hidden_at = NULL \
             WHERE id = $1 AND seller_id = $2 AND withheld_reason IS NULL",
        );
        let changed = if offered { show } else { hide }
            .bind(product.get())
            .bind(seller.get())
            .execute(self.pool)
            .await?
            .rows_affected();
        Ok(changed == 1)
    }

    /// Sets the stock of one of the seller's goods. `false` when the product isn't theirs.
    pub async fn set_stock(
        &self,
        seller: SellerId,
        product: ProductId,
        stock: u32,
    ) -> Result<bool, DbError> {
        set_stock(self.pool, seller, product, stock).await
    }
}

/// Sets the price of one of the seller's goods with `compare::set_price` (its unit price and its
/// price history with it), in the caller's transaction. `None` when the product isn't theirs;
/// `Some(false)` when it had that price already (nothing written).
pub async fn set_price(
    tx: &mut Tx<'_>,
    seller: SellerId,
    product: ProductId,
    price: Won,
    now: i64,
) -> Result<Option<bool>, DbError> {
    // A no-op update holds the product's row on both databases: two changes at once are made one
    // after the other, and an equal one after a change writes nothing.
    let current: Option<i64> = sqlx::query_scalar(
        "UPDATE products SET price_chon = price_chon WHERE id = $1 AND seller_id = $2 \
         RETURNING price_chon",
    )
    .bind(product.get())
    .bind(seller.get())
    .fetch_optional(&mut **tx)
    .await?;
    let Some(current) = current else {
        return Ok(None);
    };
    if current == rows::chon(price)? {
        return Ok(Some(false));
    }
    super::compare::set_price(tx, product, price, now).await?;
    Ok(Some(true))
}

/// Whether `category` is a subcategory (what a product is listed in).
pub async fn is_subcategory(tx: &mut Tx<'_>, category: CategoryId) -> Result<bool, DbError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM categories WHERE id = $1 AND parent_id IS NOT NULL",
    )
    .bind(category.get())
    .fetch_one(&mut **tx)
    .await?;
    Ok(n == 1)
}

/// Every comparison group, as `listing::suggest_group` weighs them.
pub async fn goods_in(tx: &mut Tx<'_>) -> Result<Vec<(GoodId, Localized)>, DbError> {
    Ok(
        sqlx::query_as::<_, (i64, String, String)>("SELECT id, name_ko, name_en FROM goods")
            .fetch_all(&mut **tx)
            .await?
            .into_iter()
            .map(|(id, ko, en)| (GoodId::new(id), Localized::new(ko, en)))
            .collect(),
    )
}

/// A listing as it is to be written: its fields, its comparison group and when.
pub struct ListingChange<'l> {
    pub listing: &'l Listing,
    pub good: Option<GoodId>,
    pub at: i64,
}

/// One of the seller's products held for a change (see `hold_listing`), with what the change is
/// compared with.
pub struct HeldListing {
    pub price: Won,
    search_text: String,
}

/// Holds the row of one of the seller's products in the caller's transaction (as `set_price`
/// does: two changes at once are made one after the other). `None` when it isn't theirs.
pub async fn hold_listing(
    tx: &mut Tx<'_>,
    seller: SellerId,
    product: ProductId,
) -> Result<Option<HeldListing>, DbError> {
    let Some(r) = sqlx::query(
        "UPDATE products SET price_chon = price_chon WHERE id = $1 AND seller_id = $2 \
         RETURNING price_chon, search_text",
    )
    .bind(product.get())
    .bind(seller.get())
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(HeldListing {
        price: Won::from_chon(r.try_get("price_chon")?),
        search_text: r.try_get("search_text")?,
    }))
}

/// Changes a held listing, in the caller's transaction: its names and search index, description,
/// category, unit (and unit price), weight, volume, stock and group, and a different price with
/// its history.
pub async fn update_listing(
    tx: &mut Tx<'_>,
    product: ProductId,
    held: &HeldListing,
    change: &ListingChange<'_>,
) -> Result<(), DbError> {
    let ListingChange {
        listing,
        good,
        at: now,
    } = *change;
    let (price, old_text) = (held.price, &held.search_text);
    let text = catalog::search_text(&listing.name);
    sqlx::query(
        "UPDATE products SET name_ko = $1, name_en = $2, description_ko = $3, description_en = $4, \
             category_id = $5, top_category_id = (SELECT COALESCE(parent_id, id) FROM categories WHERE id = $5), \
             good_id = $6, unit_kind = $7, unit_amount = $8, weight_g = $9, volume_ml = $10, \
             stock = $11, search_text = $12, unit_price_key = $13 \
         WHERE id = $14",
    )
    .bind(&listing.name.ko)
    .bind(&listing.name.en)
    .bind(&listing.description.ko)
    .bind(&listing.description.en)
    .bind(listing.category.get())
    .bind(good.map(GoodId::get))
    .bind(listing.unit.kind.code())
    .bind(i64::from(listing.unit.amount))
    .bind(i64::from(listing.weight_g))
    .bind(i64::from(listing.volume_ml))
    .bind(i64::from(listing.stock))
    .bind(&text)
    .bind(listing.unit.unit_price(price).sort_key())
    .bind(product.get())
    .execute(&mut **tx)
    .await?;
    if text != *old_text {
        catalog::reindex(tx, product, old_text, &text).await?;
    }
    if price != listing.price {
        super::compare::set_price(tx, product, listing.price, now).await?;
    }
    Ok(())
}

/// Holds one of the seller's products' row until the transaction ends, so that two changes to its
/// media at once are made one after the other. False when the product isn't the seller's.
async fn hold_product(
    tx: &mut Tx<'_>,
    seller: SellerId,
    product: ProductId,
) -> Result<bool, DbError> {
    let held: Option<i64> = sqlx::query_scalar(
        "UPDATE products SET stock = stock WHERE id = $1 AND seller_id = $2 RETURNING id",
    )
    .bind(product.get())
    .bind(seller.get())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(held.is_some())
}

/// The pictures of one of the seller's products, the main one first. `None` when the product
/// isn't theirs.
pub async fn pictures_in(
    tx: &mut Tx<'_>,
    seller: SellerId,
    product: ProductId,
) -> Result<Option<Vec<MediaId>>, DbError> {
    if !hold_product(tx, seller, product).await? {
        return Ok(None);
    }
    let ids: Vec<i64> = sqlx::query_scalar(PICTURES_OF)
        .bind(product.get())
        .fetch_all(&mut **tx)
        .await?;
    Ok(Some(ids.into_iter().map(MediaId::new).collect()))
}

/// The product's medium of `kind` (its voice description or its video), holding the product's
/// row (`hold_product`); `None` when the product is not the seller's.
pub async fn recording_in(
    tx: &mut Tx<'_>,
    seller: SellerId,
    product: ProductId,
    kind: super::media::MediaKind,
) -> Result<Option<Option<MediaId>>, DbError> {
    if !hold_product(tx, seller, product).await? {
        return Ok(None);
    }
    let media: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(pm.media_id) FROM product_media pm JOIN media m ON m.id = pm.media_id \
         WHERE pm.product_id = $1 AND m.kind = $2",
    )
    .bind(product.get())
    .bind(kind.code())
    .fetch_one(&mut **tx)
    .await?;
    Ok(Some(media.map(MediaId::new)))
}

/// Puts a product's pictures in this order (the first is the main one).
pub async fn arrange_pictures(
    tx: &mut Tx<'_>,
    product: ProductId,
    order: &[MediaId],
) -> Result<(), DbError> {
    for (position, media) in (0_i64..).zip(order) {
        sqlx::query(
            "UPDATE product_media SET position = $1 WHERE product_id = $2 AND media_id = $3",
        )
        .bind(position)
        .bind(product.get())
        .bind(media.get())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Takes a medium (a picture, the voice, the video) off a product and deletes its files.
pub async fn remove_media(
    tx: &mut Tx<'_>,
    product: ProductId,
    media: MediaId,
) -> Result<(), DbError> {
    sqlx::query("DELETE FROM product_media WHERE product_id = $1 AND media_id = $2")
        .bind(product.get())
        .bind(media.get())
        .execute(&mut **tx)
        .await?;
    super::media::delete(tx, media).await
}

impl Console<'_> {
    /// The seller's name.
    pub async fn name(&self, seller: SellerId) -> Result<Option<Localized>, DbError> {
        Ok(sqlx::query_as::<_, (String, String)>(
            "SELECT name_ko, name_en FROM sellers WHERE id = $1",
        )
        .bind(seller.get())
        .fetch_optional(self.pool)
        .await?
        .map(|(ko, en)| Localized::new(ko, en)))
    }

    /// The seller's people: its managers first, then its staff, each by name.
    pub async fn staff(&self, seller: SellerId) -> Result<Vec<StaffMember>, DbError> {
        sqlx::query_as::<_, (i64, String, String, i64)>(
            "SELECT id, name, phone, manager FROM users WHERE seller_id = $1 \
             ORDER BY manager DESC, name, id",
        )
        .bind(seller.get())
        .fetch_all(self.pool)
        .await?
        .into_iter()
        .map(|(id, name, phone, manager)| {
            Ok(StaffMember {
                id: UserId::new(id),
                phone: rows::phone(phone)?,
                name,
                manager: manager == 1,
            })
        })
        .collect()
    }
}

/// The states of an order still on its way to its buyer.
const ON_THE_WAY: &str = "('placed', 'accepted', 'ready', 'picked_up')";

/// Whether the account has orders still on their way to it.
pub async fn has_orders_on_the_way(tx: &mut Tx<'_>, user: UserId) -> Result<bool, DbError> {
    let n: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM orders WHERE user_id = $1 AND status IN {ON_THE_WAY}"
    ))
    .bind(user.get())
    .fetch_one(&mut **tx)
    .await?;
    Ok(n > 0)
}

/// Makes a shopper's account staff of the seller (its `manager`, or not). `false` when it is no
/// longer a shopper's, or has an order on its way (either changed since it was read).
pub async fn make_staff(
    tx: &mut Tx<'_>,
    seller: SellerId,
    user: UserId,
    manager: bool,
) -> Result<bool, DbError> {
    Ok(sqlx::query(&format!(
        "UPDATE users SET role = 'seller', seller_id = $1, manager = $3 \
         WHERE id = $2 AND role = 'shopper' AND NOT EXISTS \
             (SELECT 1 FROM orders o WHERE o.user_id = users.id AND o.status IN {ON_THE_WAY})"
    ))
    .bind(seller.get())
    .bind(user.get())
    .bind(i64::from(manager))
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// Makes one of the seller's staff (not a manager) a shopper again, and returns their number.
/// `None` when the account is not the seller's staff.
pub async fn make_shopper(
    tx: &mut Tx<'_>,
    seller: SellerId,
    user: UserId,
) -> Result<Option<PhoneNumber>, DbError> {
    let phone: Option<String> = sqlx::query_scalar(
        "UPDATE users SET role = 'shopper', seller_id = NULL \
         WHERE id = $1 AND seller_id = $2 AND role = 'seller' AND manager = 0 RETURNING phone",
    )
    .bind(user.get())
    .bind(seller.get())
    .fetch_optional(&mut **tx)
    .await?;
    phone.map(rows::phone).transpose()
}
