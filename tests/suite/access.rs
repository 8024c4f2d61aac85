//! The role matrix, from the rules declared next to the functions (`access!`): every registered
//! server function has one, and every function is called by a guest and by every role with a
//! *valid* body (one that the function would carry out for a caller it allows: a real order, the
//! caller's own address, the right password). A caller it allows gets a success (2xx, or 3xx for
//! a form); one it doesn't gets exactly 401 (a guest) or 403. A 500 fails it, as does anything
//! else.

use crate::common::*;
use http::StatusCode;
use okryu::{
    domain::{
        account::{PhoneNumber, Role},
        dispatch::DeliveryCode,
        payment::{luhn_check_digit, CardNumber, InstrumentKind, Pin},
        review::Stars,
        tariff::TariffField,
        CheckoutId, OrderId, ProductId, ReviewId, UserId, Won,
    },
    server::{
        access::{access_of, registered_server_fns, rules, Access},
        db::{
            bank::{self, IssuedCard},
            media::{MediaKind, NewFile},
        },
        service::{
            accounts::{self, AddAddress},
            auth::{self, Session},
            delivery, orders,
            payments::{self, Holder, NewWay},
            reviews,
        },
    },
};
use secrecy::ExposeSecret;
use std::sync::atomic::{AtomicU32, Ordering};

on_both_databases!(every_server_function_answers_each_role_exactly_as_its_rule_says);

/// A demo account playing one role, and its password now.
struct Actor {
    role: Role,
    user: UserId,
    password: String,
}

/// What the bodies are made from: the actors, a good of the demo seller, and the account the
/// sign-in body signs in to.
struct Matrix<'a> {
    app: &'a TestApp,
    actors: Vec<Actor>,
    item: ProductId,
    fresh: AtomicU32,
}

const SIGNER: (&str, &str) = ("0191-600-0001", "the matrix's password");

impl Matrix<'_> {
    fn actor(&self, role: Role) -> &Actor {
        self.actors
            .iter()
            .find(|a| a.role == role)
            .expect("every role has an actor")
    }

    /// A number no other call used.
    fn next(&self) -> u32 {
        self.fresh.fetch_add(1, Ordering::Relaxed)
    }

    async fn session(&self, user: UserId) -> Session {
        let viewer = self
            .app
            .db
            .accounts()
            .viewer(user)
            .await
            .expect("query")
            .expect("the account");
        Session {
            viewer,
            token_hash: "the matrix".into(),
            created_at: self.app.clock.now(),
        }
    }

    /// A good sold on a schedule (the demo's milk).
    async fn schedulable(&self) -> ProductId {
        let mut tx = self.app.db.begin().await.expect("begin");
        let id: i64 = sqlx::query_scalar(
            "SELECT MIN(id) FROM products WHERE on_schedule = 1 AND hidden_at IS NULL",
        )
        .fetch_one(&mut *tx)
        .await
        .expect("a good sold on a schedule");
        ProductId::new(id)
    }

    /// The new standing order's form for `a` (their default address and first card): daily, the
    /// morning window.
    async fn subscribe_form(&self, a: &Actor) -> String {
        let session = self.session(a.user).await;
        let payer = okryu::server::service::checkout::payer_choices(
            self.app.services(),
            &session,
            None,
            None,
        )
        .await
        .expect("choices");
        let or_none = |id: Option<String>| id.unwrap_or_default();
        form(&[
            ("item", &self.schedulable().await.to_string()),
            ("qty", "1"),
            ("every", "day"),
            ("window", "0"),
            ("address", &or_none(payer.address.map(|x| x.to_string()))),
            (
                "instrument",
                &or_none(payer.instrument.map(|x| x.to_string())),
            ),
            ("cap", "1000"),
            ("pin", PIN),
        ])
    }

    /// A fresh standing order of `a`'s (a buyer's; the shopper's for anyone else) and the day of
    /// its first delivery.
    async fn standing_of(&self, a: &Actor) -> (okryu::domain::StandingId, i64) {
        let owner = match a.role {
            Role::Shopper | Role::Business => a,
            _ => self.actor(Role::Shopper),
        };
        let session = self.session(owner.user).await;
        let payer = okryu::server::service::checkout::payer_choices(
            self.app.services(),
            &session,
            None,
            None,
        )
        .await
        .expect("choices");
        let pin = Pin::parse(PIN).expect("a PIN");
        let item = self.schedulable().await;
        let lines = [(item, okryu::domain::quantity::Quantity::ONE)];
        let sub = okryu::server::service::standing::Subscribe {
            lines: &lines,
            every: okryu::domain::standing::Every::Day,
            window: 0,
            address: payer.address.expect("an address"),
            instrument: payer.instrument.expect("a card"),
            cap: okryu::domain::standing::Cap::new(okryu::domain::Won::from_won(1_000))
                .expect("a cap"),
            pin: &pin,
        };
        let id = okryu::server::service::standing::subscribe(self.app.services(), &session, &sub)
            .await
            .expect("a standing order");
        let (_, _, next) = self
            .app
            .db
            .standing()
            .state(id)
            .await
            .expect("state")
            .expect("it");
        (id, next)
    }

    /// A session of its own for one call (a call may end it: signing out, a new password).
    async fn cookie(&self, user: UserId) -> String {
        let (token, _) = auth::start_session(self.app.services(), user, &[])
            .await
            .expect("a session");
        format!("okryu_session={}", token.expose_secret())
    }

    /// A buyer's order of the demo seller's good, placed through the pay button: its checkout and
    /// the order.
    async fn placed(&self, buyer: &Actor) -> (CheckoutId, OrderId) {
        let cookie = self.cookie(buyer.user).await;
        let page = checkout_page(self.app, &cookie, &format!("item={}&qty=1", self.item)).await;
        let paid = pay(self.app, &cookie, &page, Some((self.item, 1)), PIN).await;
        assert_eq!(paid.status, StatusCode::OK, "{}", paid.body);
        let checkout: CheckoutId = serde_json::from_str(&paid.body).expect("a checkout");
        let order = orders(self.app, &cookie).await[0].id;
        (checkout, order)
    }

    /// The shopper's order, moved on by the seller's staff to `to` (accepted, ready).
    async fn moved(&self, to: &[okryu::domain::order::OrderStatus]) -> OrderId {
        self.moved_of(self.actor(Role::Shopper), to).await
    }

    /// `buyer`'s order, moved on by the seller's staff to `to`.
    async fn moved_of(&self, buyer: &Actor, to: &[okryu::domain::order::OrderStatus]) -> OrderId {
        let (_, order) = self.placed(buyer).await;
        let seller = self.session(self.actor(Role::Seller).user).await;
        for &step in to {
            orders::advance(self.app.services(), &seller.viewer, order, step, "")
                .await
                .expect("the seller moves it");
        }
        order
    }

    /// A ready order given to `courier` (the demo courier when the caller isn't one).
    async fn assigned(&self, courier: UserId) -> OrderId {
        self.assigned_of(self.actor(Role::Shopper), courier).await
    }

    async fn assigned_of(&self, buyer: &Actor, courier: UserId) -> OrderId {
        use okryu::domain::order::OrderStatus::{Accepted, Ready};
        let order = self.moved_of(buyer, &[Accepted, Ready]).await;
        let office = self.session(self.actor(Role::Dispatcher).user).await;
        delivery::assign(self.app.services(), &office.viewer, order, courier)
            .await
            .expect("assigned");
        order
    }

    async fn picked_up(&self, courier: UserId) -> OrderId {
        self.picked_up_of(self.actor(Role::Shopper), courier).await
    }

    async fn picked_up_of(&self, buyer: &Actor, courier: UserId) -> OrderId {
        let order = self.assigned_of(buyer, courier).await;
        let who = self.session(courier).await;
        delivery::pick_up(self.app.services(), &who.viewer, order)
            .await
            .expect("picked up");
        order
    }

    /// An order of `buyer`'s, delivered by the demo courier with the buyer's code.
    async fn delivered(&self, buyer: &Actor) -> OrderId {
        let courier = self.actor(Role::Courier).user;
        let order = self.picked_up_of(buyer, courier).await;
        let mine = self.cookie(buyer.user).await;
        let code = self.app.order_detail(&mine, order.get()).await.code;
        let code = DeliveryCode::parse(&code.expect("the buyer's code")).expect("a code");
        let who = self.session(courier).await;
        delivery::deliver(self.app.services(), &who.viewer, order, &code)
            .await
            .expect("delivered");
        order
    }

    /// A review of the matrix's item by `author`, of an order delivered to them.
    async fn review_by(&self, author: &Actor) -> ReviewId {
        self.reviewed(author).await.1
    }

    /// An order delivered to `author` and their review of its line: (order, review).
    async fn reviewed(&self, author: &Actor) -> (OrderId, ReviewId) {
        let order = self.delivered(author).await;
        let writing = reviews::Writing {
            order,
            product: self.item,
            stars: Stars::new(4).expect("stars"),
            body: "좋습니다",
        };
        let review = reviews::write(self.app.services(), author.user, &writing)
            .await
            .expect("a review");
        (order, review)
    }

    /// The courier the body of a courier's move names: the caller when it is one.
    fn courier_for(&self, a: &Actor) -> UserId {
        if a.role == Role::Courier {
            a.user
        } else {
            self.actor(Role::Courier).user
        }
    }

    /// A shopper's account of its own: its number and id.
    async fn newcomer(&self) -> (PhoneNumber, UserId) {
        let phone = format!("0191-612-{:04}", self.next());
        let (user, _) = shopper_with(self.app, &phone, Won::ZERO).await;
        (PhoneNumber::parse(&phone).expect("a phone"), user)
    }

    /// An application to sell, waiting, of a newcomer's.
    async fn waiting_application(&self) -> okryu::domain::ApplicationId {
        let (_, user) = self.newcomer().await;
        let applicant = self.session(user).await;
        let a = okryu::domain::admission::ApplicationForm {
            name_ko: "행렬 공장".into(),
            name_en: String::new(),
            kind: "store".into(),
            city: "pyongyang".into(),
            registration: format!("77{:06}", self.next()),
            contact: "0191-234-5678".into(),
        }
        .parse()
        .expect("an application");
        okryu::server::service::admission::apply(self.app.services(), &applicant.viewer, &a)
            .await
            .expect("filed")
    }

    /// A card of its own that the bank issued to `user`.
    async fn issued_to(&self, user: UserId) -> CardNumber {
        let card = fresh_card(self.next());
        let digest = test_key().card(card.digits());
        let issued = IssuedCard {
            digest: &digest,
            user,
            last4: card.last4(),
            by: None,
        };
        let mut tx = self.app.db.begin().await.expect("a transaction");
        let now = self.app.services().now();
        assert!(bank::issue_card(&mut tx, &issued, now)
            .await
            .expect("issued"));
        tx.commit().await.expect("committed");
        card
    }

    /// A way to pay of the actor's, linked for the call.
    async fn card_of(&self, a: &Actor) -> String {
        let session = self.session(a.user).await;
        let holder = Holder {
            user: a.user,
            session: &session.token_hash,
            client: "matrix",
        };
        let card = self.issued_to(a.user).await;
        let pin = Pin::parse(PIN).expect("a PIN");
        assert!(
            payments::link(self.app.services(), &holder, NewWay::Card(&card), &pin)
                .await
                .expect("link")
        );
        let mine = payments::instruments(self.app.services(), &session)
            .await
            .expect("instruments");
        mine.iter()
            .find(|i| i.label == card.masked())
            .expect("the card")
            .id
            .to_string()
    }

    /// A medium of one `file` linked to the item, as an upload would leave it.
    async fn item_medium(&self, kind: MediaKind, file: NewFile<'_>) -> okryu::domain::MediaId {
        let mut tx = self.app.db.begin().await.expect("begin");
        let media = okryu::server::db::media::insert(&mut tx, kind, 0, &[file])
            .await
            .expect("a medium");
        okryu::server::db::catalog::link_media(&mut tx, self.item, media, 9)
            .await
            .expect("linked");
        tx.commit().await.expect("commit");
        media
    }

    /// Okryukwan's first dish.
    async fn dish(&self) -> okryu::domain::DishId {
        let seller = self
            .app
            .db
            .food()
            .restaurant("okryukwan", 0)
            .await
            .expect("read")
            .expect("Okryukwan")
            .seller;
        let menu = self.app.db.food().menu(seller, 0).await.expect("its menu");
        menu[0].dishes[0].id
    }

    /// A line of `a`'s food basket (put there now).
    async fn basket_line(&self, a: &Actor) -> i64 {
        let add = okryu::server::service::food::AddDish {
            dish: self.dish().await,
            options: Default::default(),
            portions: okryu::domain::quantity::Quantity::new(1).expect("one"),
            start_over: true,
        };
        okryu::server::service::food::add_dish(self.app.services(), a.user, &add)
            .await
            .expect("a dish in the basket");
        let (_, lines) = self
            .app
            .db
            .food()
            .basket(a.user, 0)
            .await
            .expect("read")
            .expect("a basket");
        lines[0].id
    }

    /// A food order of the shopper's from the demo seller's kitchen (the demo seller becomes a
    /// restaurant cooking around the clock for the matrix), taken `steps` on by its staff:
    /// 0 new, 1 accepted, 2 cooking.
    async fn food_order(&self, steps: u32) -> OrderId {
        use okryu::{
            domain::{
                delivery::GeoPoint,
                food::{Kitchen, OpenSpan, OpeningHours, Radius},
                order::CheckoutKey,
                quantity::Quantity,
            },
            server::{
                db::food as repo,
                service::{food, kitchen},
            },
        };
        let services = self.app.services();
        let staff = self.session(self.actor(Role::Seller).user).await.viewer;
        let seller = staff.seller.expect("the demo seller's staff");
        let restaurant = self
            .app
            .db
            .food()
            .restaurant_of(seller, 0)
            .await
            .expect("q");
        let dish = if restaurant.is_none() {
            let hours = OpeningHours::new(
                (0..7)
                    .map(|d| OpenSpan::new(d, 0, 1440).expect("all day"))
                    .collect(),
                vec![],
            );
            let mut tx = self.app.db.begin().await.expect("begin");
            repo::insert_restaurant(
                &mut tx,
                &repo::NewRestaurant {
                    seller,
                    district_slug: "pyongyang-central",
                    point: GeoPoint::new(39.03, 125.75),
                    radius: Radius::from_m(30_000).expect("a radius"),
                    kitchen: Kitchen {
                        capacity: 1000,
                        promise_limit_min: 240,
                    },
                    prep_min: 10,
                    minimum: Won::ZERO,
                    hours: &hours,
                },
            )
            .await
            .expect("a restaurant");
            let name = okryu::domain::catalog::Localized::new("빵", "Bread");
            let section = repo::insert_section(&mut tx, seller, 0, &name)
                .await
                .expect("a section");
            let dish = repo::insert_dish(
                &mut tx,
                &repo::NewDish {
                    seller,
                    section,
                    position: 0,
                    name: &name,
                    description: &name,
                    portion: &name,
                    price: Won::from_won(10),
                    prep_min: 10,
                    picture: None,
                    options: &[],
                },
            )
            .await
            .expect("a dish");
            tx.commit().await.expect("commit");
            dish
        } else {
            self.app.db.food().menu(seller, 0).await.expect("its menu")[0].dishes[0].id
        };
        let buyer = self.session(self.actor(Role::Shopper).user).await;
        let add = food::AddDish {
            dish,
            options: Default::default(),
            portions: Quantity::new(1).expect("one"),
            start_over: true,
        };
        food::add_dish(services, buyer.viewer.id, &add)
            .await
            .expect("in the basket");
        let page = food::checkout_page(services, &buyer, food::FoodChoice::default())
            .await
            .expect("a checkout");
        let pin = Pin::parse(PIN).expect("a PIN");
        let key = CheckoutKey::parse(&page.key).expect("a key");
        let pay = food::FoodPay {
            address: page.address.expect("an address"),
            wanted: page.wanted,
            instrument: page.instrument.expect("a card"),
            pin: &pin,
            key: &key,
            total: page.total.expect("a total"),
        };
        let order = food::place(services, &buyer, &pay).await.expect("ordered");
        if steps >= 1 {
            kitchen::accept(services, &staff, order, 10)
                .await
                .expect("accepted");
        }
        if steps >= 2 {
            kitchen::cooking(services, &staff, order)
                .await
                .expect("cooking");
        }
        order
    }

    /// A food order's pay form for `a`: a dish in the basket, the checkout page's choices.
    async fn food_pay_form(&self, a: &Actor, cookie: &str) -> String {
        // Okryukwan cooks around the clock here, whenever the test runs.
        let mut tx = self.app.db.begin().await.expect("begin");
        let okryukwan = "(SELECT id FROM sellers WHERE slug = 'okryukwan')";
        sqlx::query(&format!(
            "DELETE FROM restaurant_hours WHERE seller_id = {okryukwan}"
        ))
        .execute(&mut *tx)
        .await
        .expect("no hours");
        for day in 0..7 {
            sqlx::query(&format!(
                "INSERT INTO restaurant_hours (seller_id, weekday, opens, closes) \
                 VALUES ({okryukwan}, {day}, 0, 1440)"
            ))
            .execute(&mut *tx)
            .await
            .expect("all day");
        }
        tx.commit().await.expect("commit");
        self.basket_line(a).await;
        let res = self
            .app
            .call_with("food/checkout", "", &[("cookie", cookie)])
            .await;
        let page: okryu::page::food::FoodCheckoutPage =
            serde_json::from_str(&res.body).expect("a food checkout page");
        form(&[
            (
                "address",
                &page.address.map(|a| a.to_string()).unwrap_or_default(),
            ),
            ("when", &page.wanted.code()),
            (
                "instrument",
                &page.instrument.map(|i| i.to_string()).unwrap_or_default(),
            ),
            ("pin", PIN),
            ("key", &page.key),
            (
                "total",
                &page
                    .total
                    .map(|t| t.as_decimal().to_string())
                    .unwrap_or_default(),
            ),
        ])
    }

    /// The body of a valid call of `endpoint` by `a`, with `cookie` the call's own session.
    async fn body(&self, endpoint: &str, a: &Actor, cookie: &str) -> String {
        use okryu::domain::order::OrderStatus::{Accepted, Ready};
        let item = self.item.to_string();
        let list = "params[q]=%ED%81%AC%EB%A6%BC&params[in_stock]=false&params[sort]=Relevance&params[page]=1";
        match endpoint {
            "account/me"
            | "account/districts"
            | "account/page"
            | "account/sign-out"
            | "account/sign-out-everywhere"
            | "cart/page"
            | "cart/size"
            | "catalog/home"
            | "compare/page"
            | "food/page"
            | "food/basket"
            | "food/checkout"
            | "kitchen/page"
            | "kitchen/live"
            | "dispatch/board"
            | "dispatch/accept"
            | "courier/day"
            | "orders/list"
            | "seller/console"
            | "seller/orders"
            | "seller/staff"
            | "tariff/page"
            | "wallet/page"
            | "subscriptions/page"
            | "subscriptions/news"
            | "bank/page" => String::new(),
            "subscriptions/new" => format!("item={}", self.schedulable().await),
            "subscriptions/subscribe" => self.subscribe_form(a).await,
            "subscriptions/skip" => {
                let (id, next) = self.standing_of(a).await;
                form(&[("id", &id.to_string()), ("day", &next.to_string())])
            }
            "subscriptions/pause" => {
                let (id, next) = self.standing_of(a).await;
                let until = okryu::domain::time::date_of_day(next + 7);
                form(&[("id", &id.to_string()), ("until", &until)])
            }
            "subscriptions/resume" | "subscriptions/cancel" => {
                format!("id={}", self.standing_of(a).await.0)
            }
            "subscriptions/quantity" => {
                let (id, _) = self.standing_of(a).await;
                let item = self.schedulable().await.to_string();
                form(&[("id", &id.to_string()), ("item", &item), ("qty", "2")])
            }
            "account/send-code" => format!("phone=0191-611-{:04}", self.next()),
            "account/outbox" => "phone=".into(),
            "account/sign-up" => {
                let n = self.next();
                let phone = format!("0191-610-{n:04}");
                let code = self.app.sign_up_code(&phone).await.expect("a code");
                form(&[
                    ("name", "행렬"),
                    ("phone", &phone),
                    ("code", &code),
                    ("resident_id", &resident(&format!("9203041{n:05}"))),
                    ("password", "long enough pw"),
                    ("district", "pyongyang-moranbong"),
                    ("line", "모란봉거리 7"),
                ])
            }
            "account/sign-in" => form(&[("phone", SIGNER.0), ("password", SIGNER.1)]),
            "account/add-address" => form(&[
                ("district", "pyongyang-central"),
                ("line", "승리거리 9, 1동 2호"),
            ]),
            "account/default-address" => {
                let mine = self.app.db.accounts().addresses(a.user).await.expect("q");
                format!("id={}", mine.last().expect("an address").id)
            }
            "account/remove-address" => {
                let add = AddAddress {
                    user: a.user,
                    district: "pyongyang-central",
                    line: "지울 주소 1",
                    make_default: false,
                };
                let id = accounts::add_address(self.app.services(), add)
                    .await
                    .expect("an address to remove");
                format!("id={id}")
            }
            "account/password" => form(&[
                ("old_password", &a.password),
                ("password", &format!("new password {}", self.next())),
            ]),
            "cart/add" => format!("item={item}&qty=1"),
            "cart/set" => format!("id={item}&quantity=1"),
            "cart/remove" | "compare/add" | "compare/remove" | "catalog/product" => {
                format!("id={item}")
            }
            "catalog/search" => list.to_string(),
            "catalog/category" => format!("slug=food&{list}"),
            "catalog/seller" => format!("slug=kumsong-food&{list}"),
            "compare/group" => "slug=g0-0".into(),
            "food/restaurant" => "slug=okryukwan".into(),
            "food/add" => format!("dish={}&portions=1&start_over=1", self.dish().await),
            "food/set" | "food/remove" => format!("line={}&portions=2", self.basket_line(a).await),
            "food/pay" => self.food_pay_form(a, cookie).await,
            "checkout/page" => format!("item={item}&qty=1"),
            "checkout/place" => {
                let page = checkout_page(self.app, cookie, &format!("item={item}&qty=1")).await;
                pay_form(&page, Some((self.item, 1)), PIN, &page.key)
            }
            "dispatch/assign" => {
                let order = self.moved(&[Accepted, Ready]).await;
                format!("id={order}&courier={}", self.actor(Role::Courier).user)
            }
            "courier/pick-up" => format!("id={}", self.assigned(self.courier_for(a)).await),
            "courier/deliver" => {
                let order = self.picked_up(self.courier_for(a)).await;
                let shopper = self.cookie(self.actor(Role::Shopper).user).await;
                let code = self
                    .app
                    .order_detail(&shopper, order.get())
                    .await
                    .code
                    .expect("the shopper's code");
                format!("id={order}&code={code}")
            }
            "courier/fail" => {
                let order = self.picked_up(self.courier_for(a)).await;
                format!("id={order}&reason=nobody_home&note=nobody+home")
            }
            "tariff/save" => {
                let tariff = self.app.db.logistics().tariff().await.expect("the tariff");
                let pairs: Vec<(&str, String)> = TariffField::ALL
                    .into_iter()
                    .map(|f| (f.code(), f.get(&tariff)))
                    .collect();
                let pairs: Vec<(&str, &str)> =
                    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
                form(&pairs)
            }
            "orders/placed" => format!("checkout={}", self.placed(a).await.0),
            "orders/detail" | "orders/live" => {
                let order = match a.role {
                    Role::Shopper | Role::Business => self.placed(a).await.1,
                    Role::Courier => self.assigned(a.user).await,
                    _ => self.placed(self.actor(Role::Shopper)).await.1,
                };
                format!("id={order}")
            }
            "orders/cancel" | "orders/reorder" => format!("id={}", self.placed(a).await.1),
            "kitchen/accept" => format!("id={}&prep=15", self.food_order(0).await),
            "kitchen/cooking" => format!("id={}", self.food_order(1).await),
            "kitchen/ready" => format!("id={}", self.food_order(2).await),
            "orders/advance" => {
                let (_, order) = self.placed(self.actor(Role::Shopper)).await;
                format!("id={order}&to=accepted&note=")
            }
            "seller/stock" => format!("id={item}&stock=5000"),
            // Offered already: offering it again changes nothing the other bodies need.
            "seller/offered" => format!("id={item}&offered=true"),
            "seller/price" => {
                // Its own price again: the checkouts this matrix makes keep their totals.
                let now = self.app.services().now();
                let product = self.app.db.catalog().product(self.item, now).await;
                let price = product.expect("q").expect("the item").price;
                format!("id={item}&price={}", price.as_decimal())
            }
            "seller/listing" => format!("id={item}"),
            "seller/picture" => item.clone(),
            "seller/picture-order" | "seller/picture-remove" => {
                // A picture of the item's own (the demo's stays where it is).
                let png = crate::common::tiny_png();
                let file = NewFile {
                    variant: "thumb",
                    mime: "image/png",
                    size: Some((1, 1)),
                    bytes: &png,
                };
                let media = self.item_medium(MediaKind::Image, file).await;
                let to = if endpoint == "seller/picture-order" {
                    "&to=later"
                } else {
                    ""
                };
                format!("id={item}&media={media}{to}")
            }
            // The item's video (the file goes with it: see the call below).
            "seller/recording" => form(&[("id", &item), ("slot", "video")]),
            "seller/recording-remove" => {
                // A video of the item's own to take off.
                let file = NewFile {
                    variant: "video",
                    mime: "video/webm",
                    size: None,
                    bytes: b"a video",
                };
                self.item_medium(MediaKind::Video, file).await;
                form(&[("id", &item), ("slot", "video")])
            }
            "seller/create" | "seller/edit" => {
                // The item's own listing: as a new product, or unchanged (the matrix's checkouts
                // keep their totals).
                let console = self.app.db.console();
                let seller: i64 = {
                    let mut tx = self.app.db.begin().await.expect("begin");
                    sqlx::query_scalar("SELECT seller_id FROM products WHERE id = $1")
                        .bind(self.item.get())
                        .fetch_one(&mut *tx)
                        .await
                        .expect("the item's seller")
                };
                let seller = okryu::domain::SellerId::new(seller);
                let (listing, _) = console
                    .listing(seller, self.item)
                    .await
                    .expect("q")
                    .expect("theirs");
                let input = listing.input();
                let id = item.to_string();
                let mut pairs = vec![
                    ("name_ko", input.name_ko.as_str()),
                    ("name_en", input.name_en.as_str()),
                    ("description_ko", input.description_ko.as_str()),
                    ("description_en", input.description_en.as_str()),
                    ("category", input.category.as_str()),
                    ("unit_kind", input.unit_kind.as_str()),
                    ("unit_amount", input.unit_amount.as_str()),
                    ("weight_g", input.weight_g.as_str()),
                    ("volume_ml", input.volume_ml.as_str()),
                    ("price", input.price.as_str()),
                    ("stock", input.stock.as_str()),
                    ("group", input.group.as_str()),
                ];
                if endpoint == "seller/edit" {
                    pairs.push(("id", id.as_str()));
                }
                form(&pairs)
            }
            "wallet/add-card" => form(&[
                ("card_number", self.issued_to(a.user).await.digits()),
                ("pin", PIN),
                ("password", &a.password),
            ]),
            "wallet/add-sim" => {
                // The demo shopper has one already: a fresh link needs it gone.
                let session = self.session(a.user).await;
                let holder = Holder {
                    user: a.user,
                    session: &session.token_hash,
                    client: "matrix",
                };
                for linked in self.app.db.bank().instruments(a.user).await.expect("q") {
                    if linked.instrument.kind == InstrumentKind::SimAccount {
                        payments::remove(self.app.services(), &holder, linked.instrument.id)
                            .await
                            .expect("removed");
                    }
                }
                form(&[("pin", PIN), ("password", &a.password)])
            }
            "wallet/remove" => form(&[("id", &self.card_of(a).await), ("password", &a.password)]),
            "wallet/pin" => form(&[
                ("id", &self.card_of(a).await),
                ("pin", "4321"),
                ("password", &a.password),
            ]),
            "bank/deposit" => form(&[("phone", SHOPPER.0), ("amount", "100")]),
            "reviews/product" => format!("id={item}"),
            "reviews/order" => {
                let order = match a.role {
                    Role::Shopper | Role::Business => self.placed(a).await.1,
                    _ => self.placed(self.actor(Role::Shopper)).await.1,
                };
                format!("id={order}")
            }
            "reviews/reported" | "seller/reviews" => String::new(),
            // The line of a review of the caller's (the file goes with it: see the call below).
            "reviews/picture" => {
                let (order, _) = self.reviewed(a).await;
                form(&[("order", &order.to_string()), ("product", &item)])
            }
            "reviews/picture-remove" => {
                let (order, _) = self.reviewed(a).await;
                let line = (order, self.item);
                let png = crate::common::tiny_png();
                let media = reviews::add_picture(self.app.services(), a.user, line, "p.png", png)
                    .await
                    .expect("a picture");
                form(&[
                    ("order", &order.to_string()),
                    ("product", &item),
                    ("media", &media.to_string()),
                ])
            }
            "reviews/write" => {
                let order = self.delivered(a).await;
                form(&[
                    ("order", &order.to_string()),
                    ("product", &item),
                    ("rating", "4"),
                    ("body", "튼튼합니다"),
                ])
            }
            "reviews/helpful" | "reviews/report" => {
                // Someone else's review: nobody marks their own.
                let author = match a.role {
                    Role::Shopper => self.actor(Role::Business),
                    _ => self.actor(Role::Shopper),
                };
                format!("id={}", self.review_by(author).await)
            }
            "seller/answer" => {
                let review = self.review_by(self.actor(Role::Shopper)).await;
                form(&[("id", &review.to_string()), ("answer", "고맙습니다")])
            }
            "reviews/hide" => {
                let review = self.review_by(self.actor(Role::Shopper)).await;
                form(&[("id", &review.to_string()), ("reason", "욕설")])
            }
            "reviews/keep" => format!("id={}", self.review_by(self.actor(Role::Shopper)).await),
            "bank/issue-card" => form(&[("phone", SHOPPER.0), ("resident", SHOPPER_RESIDENT)]),
            "seller/sales" | "seller/sales-csv" => "days=30".into(),
            "operator/dashboard" | "operator/dashboard-csv" => String::new(),
            "sell/page" | "operator/applications" => String::new(),
            "sell/apply" => form(&[
                ("name_ko", "행렬 상점"),
                ("name_en", ""),
                ("kind", "store"),
                ("city", "pyongyang"),
                ("registration", &format!("66{:06}", self.next())),
                ("contact", "0191-234-5678"),
            ]),
            "operator/approve" => format!("id={}", self.waiting_application().await),
            "operator/refuse" => format!("id={}&reason=why", self.waiting_application().await),
            "operator/people" => "q=0191".into(),
            "moderation/listing" => format!("id={item}"),
            "moderation/regroup" => {
                format!(
                    "product={}&group=",
                    crate::common::not_kumsongs(self.app).await.id
                )
            }
            "moderation/withhold" | "moderation/release" => {
                // Another seller's listing: the one the other calls use stays on sale.
                let other = crate::common::not_kumsongs(self.app).await.id;
                let operator = self.session(self.actor(Role::Operator).user).await;
                okryu::server::service::moderation::withhold(
                    self.app.services(),
                    &operator.viewer,
                    other,
                    "why",
                )
                .await
                .expect("withheld");
                format!("product={other}&reason=why")
            }
            "operator/person" => format!("id={}", self.newcomer().await.1),
            "operator/suspend" => format!("user={}&reason=why", self.newcomer().await.1),
            "operator/grant" => form(&[
                ("user", &self.newcomer().await.1.to_string()),
                ("role", "dispatcher"),
                ("city", "pyongyang"),
                ("reason", "why"),
            ]),
            "operator/revoke" | "operator/reinstate" => {
                let (_, user) = self.newcomer().await;
                let operator = self.session(self.actor(Role::Operator).user).await;
                let people = okryu::server::service::people::grant(
                    self.app.services(),
                    &operator.viewer,
                    user,
                    &okryu::domain::people::Grant::Operator,
                    "why",
                );
                people.await.expect("granted");
                okryu::server::service::people::suspend(
                    self.app.services(),
                    &operator.viewer,
                    user,
                    "why",
                )
                .await
                .expect("suspended");
                format!("user={user}&reason=why")
            }
            "seller/bulk" | "seller/bulk-csv" => String::new(),
            // A file as a browser posts it (multipart: see the call below).
            "seller/bulk-upload" => format!("id,stock\n{item},5000\n"),
            "seller/bulk-apply" => {
                let manager = self.session(self.actor(Role::Manager).user).await;
                let csv = format!("id,stock\n{item},5000\n").into_bytes();
                let file = okryu::server::service::bulk::upload(
                    self.app.services(),
                    &manager.viewer,
                    "goods.csv",
                    csv,
                )
                .await
                .expect("a file to apply");
                format!("file={file}")
            }
            "seller/staff-add" => format!("phone={}", self.newcomer().await.0),
            "seller/staff-remove" => {
                let (phone, user) = self.newcomer().await;
                let manager = self.session(self.actor(Role::Manager).user).await;
                okryu::server::service::staff::add(self.app.services(), &manager.viewer, &phone)
                    .await
                    .expect("made staff");
                format!("id={user}")
            }
            other => panic!("{other}: the matrix has no valid body for it; add one"),
        }
    }
}

/// A Luhn-valid Narae card number of its own.
fn fresh_card(n: u32) -> CardNumber {
    let first15 = format!("9410777{n:08}");
    CardNumber::parse(&format!("{first15}{}", luhn_check_digit(&first15))).expect("a card")
}

async fn every_server_function_answers_each_role_exactly_as_its_rule_says(app: TestApp) {
    let registered = registered_server_fns();
    assert!(registered.len() >= 40, "{registered:?}");
    for path in &registered {
        assert!(
            access_of(path).is_some(),
            "{path} declares no access rule (access!)"
        );
    }
    for rule in rules() {
        assert!(
            registered.contains(&rule.path),
            "{} has a rule but is not registered",
            rule.path
        );
    }
    assert_eq!(rules().count(), registered.len(), "one rule per function");

    // The cast: the demo account of every role; the business buyer gets money to buy with.
    let mut actors = Vec::new();
    for (role, (phone, password)) in [
        (Role::Shopper, SHOPPER),
        (Role::Business, BUSINESS),
        (Role::Seller, STAFF),
        (Role::Manager, SELLER),
        (Role::Dispatcher, DISPATCHER),
        (Role::Courier, COURIER),
        (Role::Operator, OPERATOR),
    ] {
        actors.push(Actor {
            role,
            user: app.user_id((phone, password)).await,
            password: password.to_string(),
        });
    }
    assert_eq!(actors.len(), Role::ALL.len(), "every role is tried");
    let business = PhoneNumber::parse(BUSINESS.0).expect("a phone");
    okryu::server::service::bank::deposit(app.services(), &business, Won::from_won(100_000))
        .await
        .expect("money for the business buyer");
    // This drills who may call what, not how much a courier carries.
    let mut tariff = app.db.logistics().tariff().await.expect("the tariff");
    tariff.motorbike_stops_per_slot = 500;
    tariff.van_stops_per_slot = 500;
    let operator = actors.iter().find(|a| a.role == Role::Operator);
    delivery::set_tariff(app.services(), operator.expect("an operator").user, &tariff)
        .await
        .expect("a roomy tariff");
    let code = app.sign_up_code(SIGNER.0).await.expect("a code");
    let signer = app
        .call(
            "account/sign-up",
            &form(&[
                ("name", "서명"),
                ("phone", SIGNER.0),
                ("code", &code),
                ("resident_id", &resident("920304199999")),
                ("password", SIGNER.1),
                ("district", "pyongyang-central"),
                ("line", "서명거리 1"),
            ]),
        )
        .await;
    assert_eq!(signer.status, StatusCode::OK, "{}", signer.body);
    let item = product_of_kumsong(&app, 10_000).await;
    let mut m = Matrix {
        app: &app,
        actors,
        item,
        fresh: AtomicU32::new(0),
    };

    // Functions read with GET take their arguments in the query.
    let gets: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
        .filter(|(_, method)| method == http::Method::GET)
        .map(|(path, _)| path)
        .collect();
    let (mut refused, mut served) = (0, 0);
    for path in &registered {
        let endpoint = path.trim_start_matches("/api/");
        let access = access_of(path).expect("checked above");
        // The body is the one a caller the function allows would send: the caller's own when it
        // is allowed, else the first allowed role's (a guest's for a public function).
        let allowed = |role: Option<Role>| match (access, role) {
            (Access::Public, _) => true,
            (_, None) => false,
            (Access::SignedIn, Some(_)) => true,
            (Access::Roles(roles), Some(r)) => roles.contains(&r),
        };
        let stand_in = Role::ALL
            .into_iter()
            .find(|r| allowed(Some(*r)))
            .expect("someone may call it");
        for role in std::iter::once(None).chain(Role::ALL.into_iter().map(Some)) {
            let body_role = if allowed(role) {
                role.unwrap_or(Role::Shopper)
            } else {
                stand_in
            };
            let caller = role.map(|r| m.actor(r).user);
            let cookie = match caller {
                Some(user) => Some(m.cookie(user).await),
                None => None,
            };
            let body_cookie = match &cookie {
                Some(c) if allowed(role) => c.clone(),
                _ => m.cookie(m.actor(body_role).user).await,
            };
            let body = m.body(endpoint, m.actor(body_role), &body_cookie).await;
            let headers: Vec<(&str, &str)> =
                cookie.iter().map(|c| ("cookie", c.as_str())).collect();
            let res = if gets.contains(path) {
                app.get_with(&format!("{path}?{body}"), &headers).await
            } else if endpoint == "seller/picture" {
                // A file upload: its body is multipart (`body` names the product).
                let upload = crate::common::upload_body(&body, "p.png", &crate::common::tiny_png());
                app.request(crate::common::upload_request(upload, &headers))
                    .await
            } else if endpoint == "reviews/picture" {
                let (order, product) = (form_value(&body, "order"), form_value(&body, "product"));
                let fields = [("order", order.as_str()), ("product", product.as_str())];
                let png = crate::common::tiny_png();
                let upload = crate::common::file_body(&fields, ("picture", "p.png", &png));
                app.request(crate::common::upload_to(path, upload, &headers))
                    .await
            } else if endpoint == "seller/recording" {
                let (id, slot) = (form_value(&body, "id"), form_value(&body, "slot"));
                let fields = [("id", id.as_str()), ("slot", slot.as_str())];
                let webm = std::fs::read(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/tools/demo/media/cream-buns.webm"
                ))
                .expect("a video");
                let upload = crate::common::file_body(&fields, ("recording", "clip.webm", &webm));
                app.request(crate::common::upload_to(path, upload, &headers))
                    .await
            } else if endpoint == "seller/bulk-upload" {
                // `body` is the file.
                let upload = crate::common::file_body(&[], ("file", "goods.csv", body.as_bytes()));
                app.request(crate::common::upload_to(path, upload, &headers))
                    .await
            } else {
                app.call_with(endpoint, &body, &headers).await
            };
            if allowed(role) {
                assert!(
                    res.status.is_success() || res.status.is_redirection(),
                    "{role:?} may call {path} with {body:?}, got {}: {}",
                    res.status,
                    res.body
                );
                served += 1;
                if endpoint == "account/password" {
                    if let Some(r) = role {
                        let new = form_value(&body, "password");
                        m.actors
                            .iter_mut()
                            .find(|a| a.role == r)
                            .expect("the actor")
                            .password = new;
                    }
                }
            } else {
                let expected = if role.is_none() {
                    StatusCode::UNAUTHORIZED
                } else {
                    StatusCode::FORBIDDEN
                };
                assert_eq!(
                    res.status, expected,
                    "{role:?} calling {path}: {}",
                    res.body
                );
                refused += 1;
            }
        }
    }
    assert!(refused >= 100, "{refused} refusals checked");
    assert!(served >= 100, "{served} successes checked");
}

/// A value of a URL-encoded form.
fn form_value(body: &str, name: &str) -> String {
    form_urlencoded::parse(body.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// A valid resident registration number from its first twelve digits.
fn resident(first12: &str) -> String {
    let digits: Vec<u32> = first12.bytes().map(|b| u32::from(b - b'0')).collect();
    let check = okryu::domain::account::ResidentId::check_digit(&digits).expect("a check digit");
    format!("{first12}{check}")
}
