//! The HTML shell and the router: which page answers which URL. Pages are server components; the
//! browser hydrates only the islands (`ui::islands`).

use crate::{
    i18n::Msg,
    ui::{
        account::{AccountPage, LoginPage, OutboxPage, SignupPage},
        admission::{AdmissionConsole, SellPage},
        bank::BankPage,
        bulk::SellerBulkPage,
        cart::CartPage,
        category::CategoryPage,
        checkout::{CheckoutPage, PlacedPage},
        compare::{provide_tray, ComparePage, GroupPage},
        console::SellerConsolePage,
        delivery::{CourierPage, DispatchPage, TariffPageView},
        errors::NotFound,
        food::{BasketPage, FoodCheckoutPage, FoodPage, RestaurantPage},
        form::provide_flash,
        home::HomePage,
        i18n::{provide_lang, request_lang, t},
        islands::Enhance,
        kitchen::KitchenScreen,
        layout::{Footer, Header},
        listing::{EditListingPage, NewListingPage},
        moderation::ModerateListingPage,
        operator::OperatorPage,
        orders::{OrderPage, OrdersPage},
        people::{PeopleConsole, PersonConsole},
        product::ProductPage,
        review::{ModerationPage, SellerReviewsPage},
        sales::SellerSalesPage,
        search::SearchPage,
        seller::SellerPage,
        staff::SellerStaffPage,
        standing::{NewSubscriptionPage, StandingNotice, SubscriptionsPage},
        wallet::WalletPage,
    },
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The document around the app, rendered only on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang=request_lang().code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_lang();
    provide_tray();
    provide_flash();
    view! {
        <Meta name="description" content=t(Msg::Tagline)/>
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Router>
            <Header/>
            <main id="main">
                <StandingNotice/>
                <Enhance>
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                        <Route path=path!("/p/:id") view=ProductPage ssr=SsrMode::Async/>
                        <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                        <Route path=path!("/c/:slug") view=CategoryPage ssr=SsrMode::Async/>
                        <Route path=path!("/s/:slug") view=SellerPage ssr=SsrMode::Async/>
                        <Route path=path!("/g/:slug") view=GroupPage ssr=SsrMode::Async/>
                        <Route path=path!("/compare") view=ComparePage ssr=SsrMode::Async/>
                        <Route path=path!("/food") view=FoodPage ssr=SsrMode::Async/>
                        <Route path=path!("/food/basket") view=BasketPage ssr=SsrMode::Async/>
                        <Route path=path!("/food/checkout") view=FoodCheckoutPage ssr=SsrMode::Async/>
                        <Route path=path!("/kitchen") view=KitchenScreen ssr=SsrMode::Async/>
                        <Route path=path!("/r/:slug") view=RestaurantPage ssr=SsrMode::Async/>
                        <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                        <Route path=path!("/signup") view=SignupPage ssr=SsrMode::Async/>
                        <Route path=path!("/outbox") view=OutboxPage ssr=SsrMode::Async/>
                        <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                        <Route path=path!("/seller") view=SellerConsolePage ssr=SsrMode::Async/>
                        <Route path=path!("/seller/new") view=NewListingPage ssr=SsrMode::Async/>
                        <Route path=path!("/seller/p/:id") view=EditListingPage ssr=SsrMode::Async/>
                        <Route path=path!("/seller/reviews") view=SellerReviewsPage ssr=SsrMode::Async/>
                        <Route path=path!("/seller/staff") view=SellerStaffPage ssr=SsrMode::Async/>
                        <Route path=path!("/seller/sales") view=SellerSalesPage ssr=SsrMode::Async/>
                        <Route path=path!("/seller/bulk") view=SellerBulkPage ssr=SsrMode::Async/>
                        <Route path=path!("/moderation") view=ModerationPage ssr=SsrMode::Async/>
                        <Route path=path!("/moderation/listing") view=ModerateListingPage ssr=SsrMode::Async/>
                        <Route path=path!("/cart") view=CartPage ssr=SsrMode::Async/>
                        <Route path=path!("/checkout") view=CheckoutPage ssr=SsrMode::Async/>
                        <Route path=path!("/orders") view=OrdersPage ssr=SsrMode::Async/>
                        <Route path=path!("/orders/placed/:checkout") view=PlacedPage ssr=SsrMode::Async/>
                        <Route path=path!("/orders/:id") view=OrderPage ssr=SsrMode::Async/>
                        <Route path=path!("/wallet") view=WalletPage ssr=SsrMode::Async/>
                        <Route path=path!("/subscriptions") view=SubscriptionsPage ssr=SsrMode::Async/>
                        <Route path=path!("/subscriptions/new") view=NewSubscriptionPage ssr=SsrMode::Async/>
                        <Route path=path!("/bank") view=BankPage ssr=SsrMode::Async/>
                        <Route path=path!("/dispatch") view=DispatchPage ssr=SsrMode::Async/>
                        <Route path=path!("/courier") view=CourierPage ssr=SsrMode::Async/>
                        <Route path=path!("/tariff") view=TariffPageView ssr=SsrMode::Async/>
                        <Route path=path!("/operator") view=OperatorPage ssr=SsrMode::Async/>
                        <Route path=path!("/operator/sellers") view=AdmissionConsole ssr=SsrMode::Async/>
                        <Route path=path!("/operator/people") view=PeopleConsole ssr=SsrMode::Async/>
                        <Route path=path!("/operator/people/:id") view=PersonConsole ssr=SsrMode::Async/>
                        <Route path=path!("/sell") view=SellPage ssr=SsrMode::Async/>
                    </Routes>
                </Enhance>
            </main>
            <Footer/>
        </Router>
    }
}
