//! Buying from a product page (quantity, buy now, add to cart), the header's cart link and
//! `/cart`: the goods by seller, each seller's group one shipment with its delivery.

use crate::{
    api::cart::{get_cart, CartAdd, CartRemove, CartSet},
    domain::{
        order::{SellerGroup, Totals},
        ProductId,
    },
    i18n::Msg,
    ui::{
        errors::ErrorPage,
        form::{problems, FormError, PostForm, Submission},
        head::PageTitle,
        i18n::{loc, t, use_lang, won},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::components::A;

/// The product page's buying controls. "Buy now" is a plain GET form to `/checkout` (it works
/// without WASM); "add to cart" posts the same quantity to the cart.
#[component]
pub fn BuyBox(id: ProductId, stock: u32) -> impl IntoView {
    let lang = use_lang();
    let quantity = RwSignal::new("1".to_string());
    let sub = Submission::new();
    let problems = Memo::new(move |_| problems(sub.result.get()));
    let field_problem = move || {
        problems
            .read()
            .fields
            .get(crate::domain::account::Field::Quantity)
            .map(|p| p.msg().text(lang.get()))
    };
    if stock == 0 {
        return view! { <p class="out-of-stock" data-testid="sold-out">{t(Msg::OutOfStock)}</p> }
            .into_any();
    }
    view! {
        <div class="buy-box">
            <form method="get" action="/checkout" class="buy-now">
                <input type="hidden" name="item" value=id.get()/>
                <label for="f-quantity">{t(Msg::Quantity)}</label>
                <input id="f-quantity" name="qty" type="number" min="1" max=stock.min(9_999)
                    inputmode="numeric" data-testid="quantity"
                    prop:value=move || quantity.get()
                    on:input=move |ev| quantity.set(event_target_value(&ev))/>
                <button type="submit" data-testid="buy-now">{t(Msg::BuyNow)}</button>
            </form>
            <PostForm url={<CartAdd as ServerFn>::url()} submission=sub class="inline">
                <input type="hidden" name="id" value=id.get()/>
                <input type="hidden" name="quantity" prop:value=move || quantity.get()/>
                <button type="submit" class="secondary" data-testid="add-to-cart">{t(Msg::AddToCart)}</button>
            </PostForm>
            <p class="field-error" role="alert" data-testid="error-quantity">{field_problem}</p>
            <FormError problems/>
            {move || sub.succeeded().then(|| view! {
                <p class="done" role="status" data-testid="added">
                    {t(Msg::AddedToCart)} " " <A href="/cart">{t(Msg::Cart)}</A>
                </p>
            })}
        </div>
    }
    .into_any()
}

/// The header's link to the cart.
#[component]
pub fn CartLink() -> impl IntoView {
    view! { <A href="/cart" attr:class="cart-link" attr:data-testid="cart-link">{t(Msg::Cart)}</A> }
}

#[component]
pub fn CartPage() -> impl IntoView {
    let changed = RwSignal::new(0usize);
    let data = Resource::new(move || changed.get(), |_| get_cart());
    view! {
        <PageTitle text=t(Msg::Cart)()/>
        <section class="cart" data-testid="cart">
            <h1>{t(Msg::Cart)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(cart) if cart.groups.is_empty() => view! {
                            <p class="empty" data-testid="cart-empty">{t(Msg::CartEmpty)}</p>
                        }.into_any(),
                        Ok(cart) => {
                            let checkout = if cart.signed_in { "/checkout" } else { "/login?next=/checkout" };
                            view! {
                                {cart.groups.into_iter().map(|g| view! { <GroupView group=g changed editable=true/> }).collect_view()}
                                <TotalsView totals=cart.totals/>
                                <p><A href=checkout attr:class="button" attr:data-testid="to-checkout">{t(Msg::Checkout)}</A></p>
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// One seller's goods, their subtotal and their delivery. In the cart the quantities can be
/// changed and lines removed (`changed` counts the edits, for the page to reload its data).
#[component]
pub fn GroupView(
    group: SellerGroup,
    changed: RwSignal<usize>,
    #[prop(optional)] editable: bool,
) -> impl IntoView {
    let lang = use_lang();
    let SellerGroup {
        seller_name,
        city,
        lines,
        subtotal,
        delivery,
        ..
    } = group;
    view! {
        <section class="seller-group" data-testid="seller-group">
            <h2>{loc(seller_name)} <span class="city">" · " {loc(city)}</span></h2>
            <table class="lines">
                <thead><tr>
                    <th scope="col">{t(Msg::Description)}</th>
                    <th scope="col">{t(Msg::Price)}</th>
                    <th scope="col">{t(Msg::Quantity)}</th>
                    <th scope="col">{t(Msg::Subtotal)}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| {
                        let amount = l.amount();
                        let id = l.product;
                        view! {
                            <tr data-testid="line">
                                <th scope="row"><A href=format!("/p/{id}")>{loc(l.name.clone())}</A></th>
                                <td>
                                    {won(l.price)}
                                    {l.was.map(|was| view! {
                                        <span class="was" data-testid="price-was">
                                            " (" {t(Msg::PriceWas)} " " {won(was)} ")"
                                        </span>
                                    })}
                                </td>
                                <td>{if editable {
                                    view! { <QuantityEditor id quantity=l.quantity.get() changed/> }.into_any()
                                } else {
                                    view! { <span data-testid="line-quantity">{l.quantity.get()}</span> }.into_any()
                                }}</td>
                                <td>{won(amount)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <p class="group-sum">
                {t(Msg::Subtotal)} " " {won(subtotal)}
                {move || {
                    let l = lang.get();
                    match delivery {
                        None => String::new(),
                        Some(Ok(q)) => format!(
                            " · {} {} · {} · {}",
                            Msg::DeliveryFee.text(l),
                            l.won(q.fee),
                            q.vehicle.label(l),
                            crate::domain::compare::duration_label(q.estimate_min, l),
                        ),
                        Some(Err(why)) => format!(" · {}", why.label(l)),
                    }
                }}
            </p>
        </section>
    }
}

#[component]
fn QuantityEditor(id: ProductId, quantity: u32, changed: RwSignal<usize>) -> impl IntoView {
    let set = Submission::new();
    let remove = Submission::new();
    let problems = Memo::new(move |_| problems(set.result.get()));
    Effect::new(move |_| {
        if set.done.get() + remove.done.get() > 0 {
            changed.update(|n| *n += 1);
        }
    });
    view! {
        <PostForm url={<CartSet as ServerFn>::url()} submission=set class="inline">
            <input type="hidden" name="id" value=id.get()/>
            <input type="number" name="quantity" min="1" max="9999" inputmode="numeric"
                value=quantity aria-label=t(Msg::Quantity) data-testid="cart-quantity"/>
            <button type="submit" class="secondary">{t(Msg::Update)}</button>
        </PostForm>
        <PostForm url={<CartRemove as ServerFn>::url()} submission=remove class="inline">
            <input type="hidden" name="id" value=id.get()/>
            <button type="submit" class="secondary" data-testid="cart-remove">{t(Msg::Remove)}</button>
        </PostForm>
        <FormError problems/>
    }
}

/// Goods, delivery and what will be paid.
#[component]
pub fn TotalsView(totals: Option<Totals>) -> impl IntoView {
    totals.map(|t_| {
        view! {
            <dl class="totals" data-testid="totals">
                <dt>{t(Msg::GoodsTotal)}</dt>
                <dd>{won(t_.goods)}</dd>
                <dt>{t(Msg::DeliveryTotal)}</dt>
                <dd>{won(t_.delivery)}</dd>
                <dt>{t(Msg::GrandTotal)}</dt>
                <dd class="grand" data-testid="grand-total">{won(t_.total)}</dd>
            </dl>
        }
    })
}
