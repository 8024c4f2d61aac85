//! `/seller/sales`: the seller's figures of the last 30 or 90 days (`?days=90`): money by day as
//! the ledger has it, orders by day, goods by product, how deliveries went, as charts drawn on the
//! server, tables, and CSV downloads. Seller staff only (others get the 403 page).

use crate::{
    api::seller::{get_sales, SalesCsv},
    domain::sales::{SalesReport, Window},
    i18n::Msg,
    ui::{
        chart::BarChart,
        head::PageTitle,
        i18n::{loc, t, use_lang, won},
        load::load,
        words::{day_label, duration_label},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

#[component]
pub fn SellerSalesPage() -> impl IntoView {
    let days = use_query_map().with_untracked(|q| q.get("days").and_then(|d| d.parse().ok()));
    view! {
        <PageTitle text=t(Msg::SalesTitle)/>
        {load(get_sales(days), |report| view! { <Report report/> })}
    }
}

#[component]
fn Report(report: SalesReport) -> impl IntoView {
    let lang = use_lang();
    let days = report.window.days();
    let csv = move |by: &str| format!("{}?days={days}&by={by}", <SalesCsv as ServerFn>::url());
    let chon = |w: crate::domain::Won| w.to_chon().unwrap_or(0);
    let revenue: Vec<i64> = report.by_day.iter().map(|d| chon(d.revenue())).collect();
    let orders: Vec<i64> = report.by_day.iter().map(|d| i64::from(d.orders)).collect();
    let top: Vec<i64> = report
        .by_product
        .iter()
        .take(10)
        .map(|p| chon(p.sales))
        .collect();
    let average = report
        .deliveries
        .average_secs()
        .map(|s| duration_label(u32::try_from(s / 60).unwrap_or(u32::MAX), lang));
    let failed = report
        .deliveries
        .failed_permille()
        .map(|p| format!("{}.{} %", p / 10, p % 10));
    let (captured, refunded, net, count) = (
        report.captured(),
        report.refunded(),
        report.revenue(),
        report.orders(),
    );
    view! {
        <section class="console sales" data-testid="sales">
            <p><a href="/seller">{t(Msg::BackToConsole)}</a></p>
            <h1>{t(Msg::SalesTitle)} " · " {loc(report.seller.clone())}</h1>
            <p class="windows">
                {Window::ALL.map(|w| {
                    let here = w == report.window;
                    view! {
                        <a href=format!("/seller/sales?days={}", w.days())
                            class=if here { "button" } else { "button secondary" }
                            aria-current=here.then_some("page")>
                            {t(match w { Window::Days30 => Msg::SalesLast30, Window::Days90 => Msg::SalesLast90 })}
                        </a> " "
                    }
                }).collect_view()}
            </p>
            <p class="hint">{t(Msg::SalesIntro)}</p>
            <dl class="figures" data-testid="sales-figures">
                <dt>{t(Msg::SalesRevenue)}</dt><dd data-testid="sales-revenue">{won(net)}</dd>
                <dt>{t(Msg::SalesCaptured)}</dt><dd data-testid="sales-captured">{won(captured)}</dd>
                <dt>{t(Msg::SalesRefunded)}</dt><dd data-testid="sales-refunded">{won(refunded)}</dd>
                <dt>{t(Msg::SalesOrders)}</dt><dd data-testid="sales-orders">{count}</dd>
                <dt>{t(Msg::SalesAverageDelivery)}</dt>
                <dd data-testid="sales-average">{average.unwrap_or_else(|| "—".into())}</dd>
                <dt>{t(Msg::SalesFailedShare)}</dt>
                <dd data-testid="sales-failed">{failed.unwrap_or_else(|| "—".into())}</dd>
            </dl>
            <h2>{t(Msg::SalesRevenueByDay)}</h2>
            <BarChart values=revenue label=t(Msg::SalesRevenueByDay).to_string() testid="revenue-chart"/>
            <h2>{t(Msg::SalesOrdersByDay)}</h2>
            <BarChart values=orders label=t(Msg::SalesOrdersByDay).to_string() testid="orders-chart"/>
            <details>
                <summary>{t(Msg::SalesByDayTable)}</summary>
                <table class="stock" data-testid="sales-days">
                    <thead><tr>
                        <th scope="col">{t(Msg::SalesDay)}</th>
                        <th scope="col">{t(Msg::SalesOrders)}</th>
                        <th scope="col">{t(Msg::SalesRevenue)}</th>
                    </tr></thead>
                    <tbody>
                        {report.by_day.iter().rev().map(|d| view! {
                            <tr>
                                <th scope="row">{day_label(crate::domain::time::PyongyangTime::midnight_of(d.day), lang)}</th>
                                <td data-label=t(Msg::SalesOrders)>{d.orders}</td>
                                <td data-label=t(Msg::SalesRevenue)>{won(d.revenue())}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
            <p><a href=csv("day") download="" data-testid="csv-days">{t(Msg::SalesCsvByDay)}</a></p>
            <h2>{t(Msg::SalesByProduct)}</h2>
            {(!top.is_empty()).then(|| view! {
                <BarChart values=top label=t(Msg::SalesByProduct).to_string() testid="product-chart"/>
            })}
            <table class="stock" data-testid="sales-products">
                <thead><tr>
                    <th scope="col">{t(Msg::Description)}</th>
                    <th scope="col">{t(Msg::SalesUnits)}</th>
                    <th scope="col">{t(Msg::SalesSold)}</th>
                </tr></thead>
                <tbody>
                    {report.by_product.into_iter().map(|p| view! {
                        <tr data-testid="sales-product">
                            <th scope="row"><a href=format!("/p/{}", p.id)>{loc(p.name)}</a></th>
                            <td data-label=t(Msg::SalesUnits)>{p.units}</td>
                            <td data-label=t(Msg::SalesSold)>{won(p.sales)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p><a href=csv("product") download="" data-testid="csv-products">{t(Msg::SalesCsvByProduct)}</a></p>
        </section>
    }
}
