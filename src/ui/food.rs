//! `/food`: restaurants delivering to the shopper's district; `/r/{restaurant}`: a menu.

use crate::{
    api::food::{
        get_basket, get_food_checkout, get_food_page, get_restaurant_page, AddDish, BasketField,
        FoodPayField, PayFood, RemoveLine, SetPortions,
    },
    domain::{
        food::{clock, Opening, OpeningHours, Wanted, MAX_PORTIONS},
        time::PyongyangTime,
    },
    i18n::{Lang, Msg},
    page::{
        food::{
            BasketLine, BasketOf, BasketPage as Basket, Dish, FoodCheckoutPage as Checkout,
            FoodPage as Page, Reach, RestaurantCard, RestaurantPage as Menu,
        },
        form::Flash,
    },
    ui::{
        compare::DeliverToPicker,
        form::{field_problem, flash, typed, FormError, Input, PostForm, SubmitButton},
        head::PageTitle,
        i18n::{loc, t, use_lang, won},
        load::load,
        picture::PictureView,
        search::route_param,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

#[component]
pub fn FoodPage() -> impl IntoView {
    view! {
        <PageTitle text=t(Msg::HotFood)/>
        {load(get_food_page(), food)}
    }
}

fn food(page: Page) -> impl IntoView {
    let chosen = page.deliver_to.selected.is_some();
    let today = page.today;
    view! {
        <h1>{t(Msg::HotFood)}</h1>
        <p class="muted">{t(Msg::HotFoodIntro)}</p>
        <DeliverToPicker deliver_to=page.deliver_to/>
        {(!chosen).then(|| view! { <p class="hint">{t(Msg::ChooseDistrictForFood)}</p> })}
        {if page.restaurants.is_empty() {
            view! { <p class="empty" data-testid="no-restaurants">{t(Msg::NoRestaurantsHere)}</p> }
                .into_any()
        } else {
            view! {
                <p class="muted">{t(Msg::RestaurantsOpenFirst)}</p>
                <ul class="restaurants" data-testid="restaurants">
                    {page.restaurants.into_iter().map(|r| view! { <RestaurantItem r today/> })
                        .collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
}

#[component]
fn RestaurantItem(r: RestaurantCard, today: i64) -> impl IntoView {
    let alt = r.name.clone();
    let open = r.opening.is_open();
    view! {
        <li class="restaurant" class:closed=!open data-testid="restaurant">
            <a href=format!("/r/{}", r.slug)>
                {r.picture.map(|p| {
                    view! { <PictureView picture=p alt sizes="(min-width: 720px) 120px, 30vw"/> }
                })}
                <span class="card-name">{loc(r.name)}</span>
                <span class="card-seller">{loc(r.district)}</span>
                <span class="opening" data-testid="opening">{opening_text(r.opening, today, use_lang())}</span>
                <Terms reach=r.reach minimum=r.minimum/>
            </a>
        </li>
    }
}

/// The promise, the fee and the minimum order; or why there are none.
#[component]
fn Terms(reach: Reach, minimum: crate::domain::Won) -> impl IntoView {
    let lang = use_lang();
    let minimum = view! {
        <span class="minimum">{t(Msg::MinimumOrder)} " " {won(minimum)}</span>
    };
    match reach {
        Reach::NoDistrict => view! { <span class="terms">{minimum}</span> }.into_any(),
        Reach::OutOfRadius => view! {
            <span class="terms warn" data-testid="out-of-radius">{t(Msg::OutOfRadius)}</span>
        }
        .into_any(),
        Reach::Delivers { fee, promise } => view! {
            <span class="terms">
                {match promise {
                    Ok(window) => view! {
                        <strong class="promise" data-testid="promise">{promise_text(window, lang)}</strong>
                    }
                    .into_any(),
                    Err(_) => view! {
                        <strong class="warn" data-testid="busy">{t(Msg::KitchenBusy)}</strong>
                    }
                    .into_any(),
                }}
                " · " {t(Msg::DeliveryFee)} " " {won(fee)} " · " {minimum}
            </span>
        }
        .into_any(),
    }
}

#[component]
pub fn RestaurantPage() -> impl IntoView {
    load(get_restaurant_page(route_param("slug")), menu)
}

fn menu(page: Menu) -> impl IntoView {
    let lang = use_lang();
    let r = page.restaurant;
    let title = loc(r.name.clone());
    let basket = page.basket;
    let here = format!("/r/{}", r.slug);
    view! {
        <PageTitle text=title.clone()/>
        <header class="storefront" data-testid="restaurant-head">
            <h1>{title}</h1>
            <p class="muted">{t(Msg::Restaurant)} " · " {loc(r.district)}</p>
            <p class="opening" data-testid="opening">{opening_text(r.opening, page.today, lang)}</p>
            <p><Terms reach=r.reach minimum=r.minimum/></p>
        </header>
        <DeliverToPicker deliver_to=page.deliver_to/>
        {match &basket {
            BasketOf::Guest => view! {
                <p class="notice" data-testid="sign-in-to-order">
                    <a href=format!("/login?next={here}")>{t(Msg::SignInToOrderFood)}</a>
                </p>
            }
            .into_any(),
            BasketOf::ThisRestaurant => view! {
                <p><a href="/food/basket" data-testid="basket-link">{t(Msg::FoodBasket)}</a></p>
            }
            .into_any(),
            BasketOf::Other(name) => view! {
                <p class="notice warn" data-testid="basket-other">
                    {t(Msg::BasketHoldsOther)} " " <a href="/food/basket">{loc(name.clone())}</a>
                </p>
            }
            .into_any(),
        }}
        <details class="hours">
            <summary>{t(Msg::OpeningHours)}</summary>
            <Week hours=page.hours/>
        </details>
        <h2>{t(Msg::Menu)}</h2>
        {page.menu.is_empty().then(|| view! { <p class="empty">{t(Msg::NoMenuYet)}</p> })}
        {page.menu.into_iter().map(|section| view! {
            <section class="menu-section">
                <h3>{loc(section.name)}</h3>
                <ul class="dishes">
                    {section.dishes.into_iter().map(|d| view! { <DishItem d basket=basket.clone()/> })
                        .collect_view()}
                </ul>
            </section>
        }).collect_view()}
    }
}

#[component]
fn DishItem(d: Dish, basket: BasketOf) -> impl IntoView {
    let alt = d.name.clone();
    let added = flash() == Some(Flash::AddedDish(d.id));
    let form = (!d.sold_out && basket != BasketOf::Guest).then(|| {
        let start_over = matches!(basket, BasketOf::Other(_));
        let mut hidden = vec![("dish", d.id.to_string())];
        if start_over {
            hidden.push(("start_over", "1".to_string()));
        }
        view! { <AddDishForm id=d.id options=d.options.clone() hidden start_over/> }
    });
    view! {
        <li class="dish" class:sold-out=d.sold_out data-testid="dish">
            {d.picture.map(|p| {
                view! { <PictureView picture=p alt sizes="(min-width: 720px) 120px, 28vw"/> }
            })}
            <div class="dish-text">
                <span class="card-name">{loc(d.name)}</span>
                <span class="muted">{loc(d.portion)}</span>
                <span class="price">{won(d.price)}</span>
                {d.sold_out.then(|| view! { <span class="badge">{t(Msg::SoldOutToday)}</span> })}
                <p class="dish-desc">{loc(d.description)}</p>
                {(!d.options.is_empty()).then(|| view! {
                    <p class="dish-extras">
                        {t(Msg::DishExtras)} ": "
                        {d.options.into_iter().enumerate().map(|(i, o)| view! {
                            {(i > 0).then_some(" · ")}
                            {loc(o.name)} " " <span class="price-tag">{format!("+{}", won(o.price))}</span>
                        }).collect_view()}
                    </p>
                })}
                {form}
                {added.then(|| view! {
                    <p class="done" role="status" data-testid="dish-added">
                        {t(Msg::AddedToFoodBasket)} " " <a href="/food/basket">{t(Msg::FoodBasket)}</a>
                    </p>
                })}
            </div>
        </li>
    }
}

/// A dish's options as checkboxes, its portions and the button: into the basket, or a new order
/// over another restaurant's dishes.
#[component]
fn AddDishForm(
    id: crate::domain::DishId,
    options: Vec<crate::page::food::DishOption>,
    hidden: Vec<(&'static str, String)>,
    start_over: bool,
) -> impl IntoView {
    view! {
        <PostForm action={<AddDish as ServerFn>::url()} hidden class="dish-add">
            {options.into_iter().enumerate().map(|(i, o)| {
                let (label_for, field) = (format!("d{id}-o{i}"), format!("d{id}-o{i}"));
                view! {
                    <label class="option" for=label_for>
                        <input type="checkbox" id=field name=format!("o{i}") value=o.id.to_string()
                            data-testid="dish-option"/>
                        {loc(o.name)} " " <span class="price-tag">{format!("+{}", won(o.price))}</span>
                    </label>
                }
            }).collect_view()}
            <PortionsField id=format!("d{id}-portions") portions=1/>
            <button type="submit" data-pending=t(Msg::Submitting) data-testid="add-dish">
                {t(if start_over { Msg::StartNewFoodOrder } else { Msg::AddToFoodBasket })}
            </button>
            <FormError/>
        </PostForm>
    }
}

/// How many portions: what was typed when refused, with its problem.
#[component]
fn PortionsField(id: String, portions: u32) -> impl IntoView {
    let problem = field_problem(BasketField::Portions);
    let value = typed("portions").unwrap_or_else(|| portions.to_string());
    let label_for = id.clone();
    view! {
        <label for=label_for>{t(Msg::Portions)}</label>
        <input type="number" id=id name="portions" min="1" max=MAX_PORTIONS inputmode="numeric"
            value=value data-testid="portions" aria-invalid=problem.is_some().then_some("true")/>
        {problem.map(|p| view! { <span class="field-error">{t(p.msg())}</span> })}
    }
}

#[component]
pub fn BasketPage() -> impl IntoView {
    view! {
        <PageTitle text=t(Msg::FoodBasket)/>
        <section class="cart" data-testid="food-basket">
            <h1>{t(Msg::FoodBasket)}</h1>
            {load(get_basket(), basket)}
        </section>
    }
}

fn basket(page: Basket) -> impl IntoView {
    let Some(r) = page.restaurant else {
        return view! {
            <p class="empty" data-testid="basket-empty">{t(Msg::FoodBasketEmpty)}</p>
            <p><a href="/food">{t(Msg::HotFood)}</a></p>
        }
        .into_any();
    };
    let lang = use_lang();
    view! {
        <h2><a href=format!("/r/{}", r.slug)>{loc(r.name.clone())}</a></h2>
        <p class="opening">{opening_text(r.opening, page.today, lang)}</p>
        <DeliverToPicker deliver_to=page.deliver_to/>
        <table class="lines">
            <thead><tr>
                <th scope="col">{t(Msg::Description)}</th>
                <th scope="col">{t(Msg::Price)}</th>
                <th scope="col">{t(Msg::Portions)}</th>
                <th scope="col">{t(Msg::Subtotal)}</th>
            </tr></thead>
            <tbody>
                {page.lines.into_iter().map(|l| view! { <BasketRow l/> }).collect_view()}
            </tbody>
        </table>
        <p class="group-sum" data-testid="basket-dishes">{t(Msg::Subtotal)} " " {won(page.dishes)}</p>
        <p><Terms reach=r.reach minimum=r.minimum/></p>
        {page.short_of_minimum.map(|short| view! {
            <p class="notice warn" data-testid="short-of-minimum">
                {t(Msg::ShortOfMinimum)} " " {won(short)}
            </p>
        })}
        <p><a href="/food/checkout" class="button" data-testid="food-checkout-link">{t(Msg::GoToFoodCheckout)}</a></p>
    }
    .into_any()
}

/// `/food/checkout`: the basket to an address, as soon as possible or at a time today, the PIN
/// and the pay button. Choosing another address, time or card asks the server again (a form
/// sent by GET: no script needed).
#[component]
pub fn FoodCheckoutPage() -> impl IntoView {
    let q = |name: &str| leptos_router::hooks::use_query_map().with_untracked(|q| q.get(name));
    let fetch = get_food_checkout(q("address"), q("when"), q("instrument"));
    view! {
        <PageTitle text=t(Msg::FoodCheckout)/>
        <section class="checkout" data-testid="food-checkout">
            <h1>{t(Msg::FoodCheckout)}</h1>
            {load(fetch, food_checkout)}
        </section>
    }
}

fn food_checkout(page: Checkout) -> impl IntoView {
    let lang = use_lang();
    let Some(r) = page.restaurant else {
        return view! {
            <p class="empty" data-testid="basket-empty">{t(Msg::FoodBasketEmpty)}</p>
            <p><a href="/food">{t(Msg::HotFood)}</a></p>
        }
        .into_any();
    };
    let total = page
        .total
        .map(|t| t.as_decimal().to_string())
        .unwrap_or_default();
    let address = page
        .address
        .map(|a| a.get().to_string())
        .unwrap_or_default();
    let instrument = page
        .instrument
        .map(|i| i.get().to_string())
        .unwrap_or_default();
    let can_pay = page.blocked.is_none()
        && page.total.is_some()
        && page.address.is_some()
        && page.instrument.is_some();
    let wanted = page.wanted;
    let asap = page.asap.and_then(Result::ok);
    view! {
        <h2><a href=format!("/r/{}", r.slug)>{loc(r.name)}</a></h2>
        <p class="opening">{opening_text(r.opening, page.today, lang)}</p>
        <table class="lines">
            <tbody>
                {page.lines.into_iter().map(|l| {
                    let options: Vec<String> = l.options.into_iter().map(loc).collect();
                    view! {
                        <tr data-testid="food-line">
                            <th scope="row">
                                {loc(l.name)}
                                {(!options.is_empty()).then(|| view! { <span class="muted">" (" {options.join(", ")} ")"</span> })}
                            </th>
                            <td>{won(l.portion_price)} " × " {l.portions}</td>
                            <td>{won(l.amount)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <dl class="totals">
            <dt>{t(Msg::Subtotal)}</dt>
            <dd>{won(page.dishes)}</dd>
            {page.fee.map(|fee| view! { <dt>{t(Msg::DeliveryFee)}</dt><dd>{won(fee)}</dd> })}
            {page.total.map(|total| view! {
                <dt>{t(Msg::GrandTotal)}</dt>
                <dd class="grand" data-testid="food-total">{won(total)}</dd>
            })}
        </dl>
        {page.blocked.map(|why| view! {
            <p class="notice warn" role="status" data-testid="food-blocked">{why.text(lang)}</p>
        })}
        <form method="get" action="/food/checkout" class="choices" data-testid="choices">
            <label for="f-address">{t(Msg::DeliverTo)}</label>
            <select id="f-address" name="address" data-testid="choose-address">
                {page.addresses.into_iter().map(|a| {
                    let selected = Some(a.id) == page.address;
                    view! {
                        <option value=a.id.get() selected=selected>
                            {format!("{} · {}", a.district.label(lang), a.line)}
                        </option>
                    }
                }).collect_view()}
            </select>
            <label for="f-when">{t(Msg::WantedWhen)}</label>
            <select id="f-when" name="when" data-testid="choose-when">
                {asap.map(|window| view! {
                    <option value="asap" selected=wanted == Wanted::Asap>
                        {format!("{} · {}", Msg::AsSoonAsPossible.text(lang), promise_text(window, lang))}
                    </option>
                })}
                {page.times.into_iter().map(|at| view! {
                    <option value=at selected=wanted == Wanted::At(at)>{hhmm(at)}</option>
                }).collect_view()}
            </select>
            <label for="f-instrument">{t(Msg::PaymentMethod)}</label>
            <select id="f-instrument" name="instrument" data-testid="choose-instrument">
                {page.instruments.iter().map(|i| {
                    let selected = Some(i.id) == page.instrument;
                    view! {
                        <option value=i.id.get() selected=selected>
                            {format!("{} {}", i.kind.msg().text(lang), i.label)}
                        </option>
                    }
                }).collect_view()}
            </select>
            <button type="submit" class="secondary">{t(Msg::Update)}</button>
        </form>
        {page.instrument.is_none().then(|| view! {
            <p class="notice" data-testid="no-instrument">
                {t(Msg::NoInstrument)} " " <a href="/wallet">{t(Msg::Wallet)}</a>
            </p>
        })}
        {can_pay.then(|| view! {
            <PostForm action={<PayFood as ServerFn>::url()} class="form pay">
                <input type="hidden" name="address" value=address/>
                <input type="hidden" name="when" value=wanted.code()/>
                <input type="hidden" name="instrument" value=instrument/>
                <input type="hidden" name="key" value=page.key/>
                <input type="hidden" name="total" value=total/>
                <Input field=FoodPayField::Pin label=Msg::Pin kind="password"
                    autocomplete="off" inputmode="numeric"/>
                <FormError/>
                <SubmitButton label=Msg::PayNow/>
            </PostForm>
        })}
    }
    .into_any()
}

/// `HH:MM`, Pyongyang time.
pub fn hhmm(at: i64) -> String {
    let p = PyongyangTime::at(at);
    // In 0..1440: the cast cannot truncate.
    clock((p.hour() * 60 + p.minute()) as u16)
}

#[component]
fn BasketRow(l: BasketLine) -> impl IntoView {
    let line = || vec![("line", l.id.to_string())];
    let options: Vec<String> = l.options.into_iter().map(loc).collect();
    view! {
        <tr data-testid="basket-line">
            <th scope="row">
                {loc(l.name)}
                {(!options.is_empty()).then(|| view! { <span class="muted">" (" {options.join(", ")} ")"</span> })}
                {l.sold_out.then(|| view! { <span class="badge">{t(Msg::SoldOutToday)}</span> })}
            </th>
            <td>{won(l.portion_price)}</td>
            <td>
                <PostForm action={<SetPortions as ServerFn>::url()} hidden=line() class="inline">
                    <PortionsField id=format!("line-{}", l.id) portions=l.portions/>
                    <button type="submit" class="secondary" data-pending=t(Msg::Submitting)>{t(Msg::Update)}</button>
                    <FormError/>
                </PostForm>
                <PostForm action={<RemoveLine as ServerFn>::url()} hidden=line() class="inline">
                    <button type="submit" class="secondary" data-testid="basket-remove">{t(Msg::Remove)}</button>
                </PostForm>
            </td>
            <td data-testid="line-amount">{won(l.amount)}</td>
        </tr>
    }
}

/// The week, Monday first: each day's spans, or "closed".
#[component]
fn Week(hours: OpeningHours) -> impl IntoView {
    let lang = use_lang();
    view! {
        <dl class="week" data-testid="week">
            {(0..7_u8).map(|day| {
                let spans: Vec<String> = hours.spans().iter()
                    .filter(|s| s.weekday() == day)
                    .map(|s| s.clock())
                    .collect();
                let text = if spans.is_empty() {
                    t(Msg::DayClosed).to_string()
                } else {
                    spans.join(", ")
                };
                view! { <dt>{weekday_name(day, lang)}</dt><dd>{text}</dd> }
            }).collect_view()}
        </dl>
    }
}

fn weekday_name(day: u8, lang: Lang) -> &'static str {
    const KO: [&str; 7] = [
        "월요일",
        "화요일",
        "수요일",
        "목요일",
        "금요일",
        "토요일",
        "일요일",
    ];
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let i = usize::from(day.min(6));
    match lang {
        Lang::Ko => KO[i],
        Lang::En => EN[i],
    }
}

/// "35–45분" / "35–45 min".
fn promise_text((from, to): (u32, u32), lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("{from}–{to}분"),
        Lang::En => format!("{from}–{to} min"),
    }
}

/// Open until when, or when it opens: today, tomorrow or on a date (Pyongyang time).
fn opening_text(opening: Opening, today: i64, lang: Lang) -> String {
    let at = |instant: i64| {
        let p = PyongyangTime::at(instant);
        // In 0..1440: the casts cannot truncate.
        (
            p.day_number(),
            clock((p.hour() * 60 + p.minute()) as u16),
            p,
        )
    };
    match opening {
        Opening::OpenUntil(closes) => {
            let (_, hhmm, _) = at(closes);
            match lang {
                Lang::Ko => format!("지금 엽니다 · {hhmm}까지"),
                Lang::En => format!("Open now · until {hhmm}"),
            }
        }
        Opening::OpensAt(opens) => {
            let (day, hhmm, p) = at(opens);
            match (lang, day - today) {
                (Lang::Ko, 0) => format!("닫혔습니다 · 오늘 {hhmm}에 엽니다"),
                (Lang::Ko, 1) => format!("닫혔습니다 · 래일 {hhmm}에 엽니다"),
                (Lang::Ko, _) => {
                    format!("닫혔습니다 · {}월 {}일 {hhmm}에 엽니다", p.month(), p.day())
                }
                (Lang::En, 0) => format!("Closed · opens today at {hhmm}"),
                (Lang::En, 1) => format!("Closed · opens tomorrow at {hhmm}"),
                (Lang::En, _) => format!(
                    "Closed · opens on {} {} at {hhmm}",
                    p.day(),
                    MONTHS[(p.month().clamp(1, 12) - 1) as usize]
                ),
            }
        }
        Opening::Closed => Msg::ClosedForNow.text(lang).to_string(),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
