//! Buying from a product page (quantity, buy now, add to cart), the header's cart link and
//! `/cart`: the goods by seller, each seller's group one shipment with its delivery.

use crate::{
    api::cart::{cart_size, get_cart, CartAdd, CartRemove, CartSet},
    domain::{
        cart::{SellerGroup, Totals},
        ProductId,
    },
    i18n::Msg,
    page::form::{Flash, FN_FIELD},
    ui::{
        compare::DeliverToPicker,
        form::{
            field_problem, flash, form_reply_for, here, problems, typed, FormError,
            FormProblemText, PostForm,
        },
        head::PageTitle,
        i18n::{loc, t, use_lang, won},
        load::load,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

/// The product page's buying controls: one form with the quantity. "Buy now" sends it to
/// `/checkout` (a GET: the confirmation screen); "add to cart" posts it to the cart.
#[component]
pub fn BuyBox(id: ProductId, stock: u32) -> impl IntoView {
    if stock == 0 {
        return view! { <p class="out-of-stock" data-testid="sold-out">{t(Msg::OutOfStock)}</p> }
            .into_any();
    }
    let cart_add = <CartAdd as ServerFn>::url();
    // The reply to this form's "add to cart" (it posts to the cart with this item).
    let reply = form_reply_for(cart_add, id);
    let problem = reply.as_ref().and_then(|r| {
        problems(&r.error)
            .fields
            .get(crate::api::cart::CartField::Quantity)
    });
    let quantity = reply
        .as_ref()
        .and_then(|r| r.value("qty").map(str::to_string))
        .unwrap_or_else(|| "1".into());
    let refused = reply.and_then(|r| problems(&r.error).form);
    view! {
        <div class="buy-box">
            <form method="get" action="/checkout" class="buy-now">
                <input type="hidden" name="item" value=id.get()/>
                <label for="f-quantity">{t(Msg::Quantity)}</label>
                <input id="f-quantity" name="qty" type="number" min="1" max=stock.min(9_999)
                    inputmode="numeric" data-testid="quantity" value=quantity
                    aria-invalid=problem.is_some().then_some("true")
                    aria-describedby="error-quantity"/>
                <button type="submit" data-testid="buy-now">{t(Msg::BuyNow)}</button>
                // Posts the same form to this page for the cart (the function rides on the button:
                // a field would show in the "buy now" address).
                <button type="submit" class="secondary" formmethod="post" formaction=here()
                    name=FN_FIELD value=cart_add
                    data-pending=t(Msg::Submitting) data-testid="add-to-cart">
                    {t(Msg::AddToCart)}
                </button>
            </form>
            <p class="field-error" id="error-quantity" data-testid="error-quantity">
                {problem.map(|p| t(p.msg()))}
            </p>
            {refused.map(|p| view! { <FormProblemText problem=p/> })}
            {(flash() == Some(Flash::AddedToCart)).then(|| view! {
                <p class="done" role="status" data-testid="added">
                    {t(Msg::AddedToCart)} " " <a href="/cart">{t(Msg::Cart)}</a>
                </p>
            })}
        </div>
    }
    .into_any()
}

/// The header's link to the cart, with how many different goods it holds.
#[component]
pub fn CartLink() -> impl IntoView {
    let lang = use_lang();
    let size = OnceResource::new(cart_size());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let n = size.await.unwrap_or(0);
                let label = crate::ui::words::cart_label(n, lang);
                // Follows a form sent in the background (`data-refresh`), as the tray's count does.
                view! {
                    <span id="cart-link" class="header-box" data-refresh="">
                        <a href="/cart" class="cart-link" data-testid="cart-link" aria-label=label>
                            {t(Msg::Cart)}
                            {(n > 0).then(|| view! { <span class="count" data-testid="cart-count" aria-hidden="true">{n}</span> })}
                        </a>
                    </span>
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn CartPage() -> impl IntoView {
    view! {
        <PageTitle text=t(Msg::Cart)/>
        <section class="cart" data-testid="cart">
            <h1>{t(Msg::Cart)}</h1>
            {load(get_cart(), cart)}
        </section>
    }
}

fn cart(cart: crate::page::order::CartPage) -> impl IntoView {
    if cart.groups.is_empty() {
        return view! { <p class="empty" data-testid="cart-empty">{t(Msg::CartEmpty)}</p> }
            .into_any();
    }
    let checkout = if cart.signed_in {
        "/checkout"
    } else {
        "/login?next=/checkout"
    };
    view! {
        {cart.deliver_to.map(|d| view! { <DeliverToPicker deliver_to=d/> })}
        {cart.groups.into_iter().map(|g| view! { <GroupView group=g editable=true/> }).collect_view()}
        <TotalsView totals=cart.totals/>
        <p><a href=checkout class="button" data-testid="to-checkout">{t(Msg::Checkout)}</a></p>
    }
    .into_any()
}

/// One seller's goods, their subtotal and their delivery. In the cart the quantities can be
/// changed and lines removed.
/// A group that can't be delivered is not bought: it says why and what to do (`advice`), and its
/// lines can be taken out of the cart where `removable` (the cart's own checkout).
#[component]
pub fn GroupView(
    group: SellerGroup,
    #[prop(optional)] editable: bool,
    #[prop(optional)] removable: bool,
    #[prop(default = Msg::UndeliverableInCart)] advice: Msg,
) -> impl IntoView {
    let lang = use_lang();
    let left_out = group.undeliverable();
    let removable = removable && left_out.is_some();
    let SellerGroup {
        seller_name,
        city,
        lines,
        subtotal,
        delivery,
        ..
    } = group;
    view! {
        <section class="seller-group" class:left-out=left_out.is_some() data-testid="seller-group">
            <h2>{loc(seller_name)} <span class="seller-city">" · " {loc(city)}</span></h2>
            {left_out.map(|why| view! {
                <p class="notice warn" data-testid="undeliverable">
                    <strong>{why.label(lang)}</strong> " " {t(advice)}
                </p>
            })}
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
                                <th scope="row"><a href=format!("/p/{id}")>{loc(l.name)}</a></th>
                                <td>
                                    {won(l.price)}
                                    {l.was.map(|was| view! {
                                        <span class="was" data-testid="price-was">
                                            " (" {t(Msg::PriceWas)} " " {won(was)} ")"
                                        </span>
                                    })}
                                </td>
                                <td>{if editable {
                                    view! { <QuantityEditor id quantity=l.quantity.get()/> }.into_any()
                                } else if removable {
                                    view! {
                                        <span data-testid="line-quantity">{l.quantity.get()}</span>
                                        <RemoveButton id/>
                                    }.into_any()
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
                {{
                    let l = lang;
                    match delivery {
                        None => String::new(),
                        Some(Ok(q)) => format!(
                            " · {} {} · {} · {}",
                            Msg::DeliveryFee.text(l),
                            l.won(q.fee),
                            q.vehicle.label(l),
                            crate::ui::words::duration_label(q.estimate_min, l),
                        ),
                        Some(Err(_)) => String::new(),
                    }
                }}
            </p>
        </section>
    }
}

/// A cart line's quantity (a number field with its "update" button) and its "remove" button.
#[component]
fn QuantityEditor(id: ProductId, quantity: u32) -> impl IntoView {
    let hidden = || vec![("id", id.to_string())];
    view! {
        <PostForm action={<CartSet as ServerFn>::url()} hidden=hidden() class="inline">
            <QuantityField quantity/>
            <button type="submit" class="secondary" data-pending=t(Msg::Submitting)>{t(Msg::Update)}</button>
            <FormError/>
        </PostForm>
        <RemoveButton id/>
    }
}

/// Takes a line out of the cart (and comes back to this page).
#[component]
fn RemoveButton(id: ProductId) -> impl IntoView {
    view! {
        <PostForm action={<CartRemove as ServerFn>::url()} hidden=vec![("id", id.to_string())] class="inline">
            <button type="submit" class="secondary" data-testid="cart-remove">{t(Msg::Remove)}</button>
        </PostForm>
    }
}

/// The quantity of a line: what was typed when refused, with its problem.
#[component]
fn QuantityField(quantity: u32) -> impl IntoView {
    let problem = field_problem(crate::api::cart::CartField::Quantity);
    let value = typed("quantity").unwrap_or_else(|| quantity.to_string());
    view! {
        <input type="number" name="quantity" min="1" max="9999" inputmode="numeric"
            value=value aria-label=t(Msg::Quantity) data-testid="cart-quantity"
            aria-invalid=problem.is_some().then_some("true")/>
        {problem.map(|p| view! { <span class="field-error">{t(p.msg())}</span> })}
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
