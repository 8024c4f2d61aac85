//! `/operator`: the bureau's figures over a range of days (the last 90 unless asked): page views,
//! visitors and signed-in users by day, views by kind of page, and the shop's sales by day, as
//! charts drawn on the server with their numbers in tables, and CSV downloads. Operators only
//! (others get the 403 page). Made for a PC; it reads on a phone too.

use crate::{
    api::operator::{get_dashboard, DashboardCsv},
    domain::{
        time::PyongyangTime,
        traffic::{date_of_day, Dashboard, Funnel, SearchCount, Share, Step},
    },
    i18n::Msg,
    ui::{
        chart::BarChart,
        head::PageTitle,
        i18n::{loc, t, use_lang, won},
        load::load,
        words::day_label,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

#[component]
pub fn OperatorPage() -> impl IntoView {
    let (from, to) = use_query_map().with_untracked(|q| (q.get("from"), q.get("to")));
    view! {
        <PageTitle text=t(Msg::OperatorTitle)/>
        {load(get_dashboard(from, to), |d| view! { <Figures d/> })}
    }
}

#[component]
fn Figures(d: Dashboard) -> impl IntoView {
    let lang = use_lang();
    let (from, to) = (date_of_day(d.range.first), date_of_day(d.range.last));
    let csv = {
        let (from, to) = (from.clone(), to.clone());
        move |table: &str| {
            format!(
                "{}?from={from}&to={to}&table={table}",
                <DashboardCsv as ServerFn>::url()
            )
        }
    };
    let day = move |day: i64| day_label(PyongyangTime::midnight_of(day), lang);
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let views: Vec<i64> = d.traffic.iter().map(|x| count(x.views)).collect();
    let visitors: Vec<i64> = d.traffic.iter().map(|x| count(x.visitors)).collect();
    let placed: Vec<i64> = d.sales.iter().map(|x| count(x.placed)).collect();
    let captured: Vec<i64> = d
        .sales
        .iter()
        .map(|x| x.captured.to_chon().unwrap_or(0))
        .collect();
    let days = move |n: i64| match lang {
        crate::i18n::Lang::Ko => format!("{n}일"),
        crate::i18n::Lang::En => format!("{n} days"),
    };
    view! {
        <section class="console operator" data-testid="operator">
            <h1>{t(Msg::OperatorTitle)}</h1>
            <p>
                <a href="/operator/sellers" data-testid="admission-link">{t(Msg::AdmissionTitle)}</a>
                " · "
                <a href="/operator/people" data-testid="people-link">{t(Msg::PeopleTitle)}</a>
            </p>
            <form method="get" action="/operator" class="range" data-testid="range">
                <label>{t(Msg::RangeFrom)} " "
                    <input type="date" name="from" value=from.clone() required/>
                </label> " "
                <label>{t(Msg::RangeTo)} " "
                    <input type="date" name="to" value=to.clone() required/>
                </label> " "
                <button type="submit">{t(Msg::RangeShow)}</button>
            </form>
            <p class="hint">{t(Msg::OperatorIntro)}</p>

            <h2>{t(Msg::TrafficTitle)}</h2>
            <dl class="figures" data-testid="traffic-figures">
                <dt>{t(Msg::TrafficViews)}</dt><dd data-testid="views-total">{d.views()}</dd>
                <dt>{t(Msg::TrafficPhones)}</dt><dd>{d.phone_views}</dd>
                <dt>{t(Msg::TrafficPcs)}</dt><dd>{d.pc_views}</dd>
            </dl>
            <h3>{t(Msg::TrafficViewsByDay)}</h3>
            <BarChart values=views label=t(Msg::TrafficViewsByDay).to_string() testid="views-chart"/>
            <h3>{t(Msg::TrafficVisitorsByDay)}</h3>
            <BarChart values=visitors label=t(Msg::TrafficVisitorsByDay).to_string() testid="visitors-chart"/>
            <details open>
                <summary>{t(Msg::TrafficByDayTable)}</summary>
                <table class="stock" data-testid="traffic-days">
                    <thead><tr>
                        <th scope="col">{t(Msg::SalesDay)}</th>
                        <th scope="col">{t(Msg::TrafficViews)}</th>
                        <th scope="col">{t(Msg::TrafficVisitors)}</th>
                        <th scope="col">{t(Msg::TrafficUsers)}</th>
                    </tr></thead>
                    <tbody>
                        {d.traffic.iter().rev().map(|x| view! {
                            <tr data-testid="traffic-day" data-day=date_of_day(x.day)>
                                <th scope="row">{day(x.day)}</th>
                                <td data-label=t(Msg::TrafficViews) data-testid="day-views">{x.views}</td>
                                <td data-label=t(Msg::TrafficVisitors)>{x.visitors}</td>
                                <td data-label=t(Msg::TrafficUsers)>{x.users}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
            <p><a href=csv("traffic") download="" data-testid="csv-traffic">{t(Msg::TrafficCsv)}</a></p>
            <h3>{t(Msg::TrafficUniques)}</h3>
            <table class="stock" data-testid="uniques">
                <thead><tr>
                    <th scope="col">{t(Msg::TrafficSpan)}</th>
                    <th scope="col">{t(Msg::TrafficVisitors)}</th>
                    <th scope="col">{t(Msg::TrafficUsers)}</th>
                </tr></thead>
                <tbody>
                    {d.uniques.iter().map(|u| view! {
                        <tr>
                            <th scope="row">{days(u.days)}</th>
                            <td data-label=t(Msg::TrafficVisitors)>{u.visitors}</td>
                            <td data-label=t(Msg::TrafficUsers)>{u.users}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h3>{t(Msg::TrafficByKind)}</h3>
            <table class="stock" data-testid="views-by-kind">
                <thead><tr>
                    <th scope="col">{t(Msg::TrafficPage)}</th>
                    <th scope="col">{t(Msg::TrafficViews)}</th>
                </tr></thead>
                <tbody>
                    {d.by_kind.iter().map(|(kind, n)| view! {
                        <tr data-kind=kind.code()>
                            <th scope="row">{t(kind.msg())}</th>
                            <td data-label=t(Msg::TrafficViews)>{*n}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p><a href=csv("pages") download="" data-testid="csv-pages">{t(Msg::TrafficPagesCsv)}</a></p>

            <h2>{t(Msg::ShopSalesTitle)}</h2>
            <dl class="figures" data-testid="sales-figures">
                <dt>{t(Msg::ShopPlaced)}</dt><dd data-testid="placed-total">{d.placed()}</dd>
                <dt>{t(Msg::ShopDelivered)}</dt><dd data-testid="delivered-total">{d.delivered()}</dd>
                <dt>{t(Msg::SalesCaptured)}</dt><dd data-testid="captured-total">{won(d.captured())}</dd>
                <dt>{t(Msg::SalesRefunded)}</dt><dd data-testid="refunded-total">{won(d.refunded())}</dd>
            </dl>
            <h3>{t(Msg::ShopPlacedByDay)}</h3>
            <BarChart values=placed label=t(Msg::ShopPlacedByDay).to_string() testid="placed-chart"/>
            <h3>{t(Msg::ShopCapturedByDay)}</h3>
            <BarChart values=captured label=t(Msg::ShopCapturedByDay).to_string() testid="captured-chart"/>
            <details open>
                <summary>{t(Msg::ShopByDayTable)}</summary>
                <table class="stock" data-testid="sales-days">
                    <thead><tr>
                        <th scope="col">{t(Msg::SalesDay)}</th>
                        <th scope="col">{t(Msg::ShopPlaced)}</th>
                        <th scope="col">{t(Msg::ShopDelivered)}</th>
                        <th scope="col">{t(Msg::SalesCaptured)}</th>
                        <th scope="col">{t(Msg::SalesRefunded)}</th>
                    </tr></thead>
                    <tbody>
                        {d.sales.iter().rev().map(|x| view! {
                            <tr data-testid="sales-day" data-day=date_of_day(x.day)>
                                <th scope="row">{day(x.day)}</th>
                                <td data-label=t(Msg::ShopPlaced) data-testid="day-placed">{x.placed}</td>
                                <td data-label=t(Msg::ShopDelivered)>{x.delivered}</td>
                                <td data-label=t(Msg::SalesCaptured)>{won(x.captured)}</td>
                                <td data-label=t(Msg::SalesRefunded)>{won(x.refunded)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
            <p><a href=csv("sales") download="" data-testid="csv-sales">{t(Msg::ShopSalesCsv)}</a></p>
            <Shares title=Msg::ShopByCity shares=d.breakdown.cities testid="by-city" csv=csv("cities")/>
            <Shares title=Msg::ShopByCategory shares=d.breakdown.categories testid="by-category" csv=csv("categories")/>
            <Shares title=Msg::ShopBySeller shares=d.breakdown.sellers testid="by-seller" csv=csv("sellers")/>
            <h3>{t(Msg::OnTimeTitle)}</h3>
            <p class="hint">{t(Msg::OnTimeHint)}</p>
            <table class="stock" data-testid="on-time">
                <thead><tr>
                    <th scope="col">{t(Msg::OnTimeCity)}</th>
                    <th scope="col">{t(Msg::OnTime)}</th>
                    <th scope="col">{t(Msg::OnTimeLate)}</th>
                    <th scope="col">{t(Msg::OnTimeLateShare)}</th>
                </tr></thead>
                <tbody>
                    {d.breakdown.on_time.into_iter().map(|c| {
                        let share = c
                            .late_permille()
                            .map_or_else(|| "—".to_string(), |p| format!("{}.{} %", p / 10, p % 10));
                        view! {
                            <tr>
                                <th scope="row">{loc(c.city)}</th>
                                <td data-label=t(Msg::OnTime)>{c.on_time}</td>
                                <td data-label=t(Msg::OnTimeLate)>{c.late}</td>
                                <td data-label=t(Msg::OnTimeLateShare)>{share}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <p><a href=csv("on-time") download="" data-testid="csv-on-time">{t(Msg::ShopCsv)}</a></p>
            <FunnelTable funnel=d.funnel csv=csv("funnel")/>
            <Searches title=Msg::SearchesTitle searches=d.searches testid="searches" csv=csv("searches")/>
            <Searches title=Msg::SearchesEmptyTitle searches=d.empty_searches testid="empty-searches" csv=csv("no-results")/>
        </section>
    }
}

/// From a product's page to its delivery: each step's count, its share of the first, a chart.
#[component]
fn FunnelTable(funnel: Funnel, csv: String) -> impl IntoView {
    let steps = funnel.steps();
    let counts: Vec<i64> = steps
        .iter()
        .map(|s| i64::try_from(s.1).unwrap_or(i64::MAX))
        .collect();
    let name = |step: Step| match step {
        Step::Viewed => Msg::StepViewed,
        Step::AddedToCart => Msg::StepAddedToCart,
        Step::Checkout => Msg::StepCheckout,
        Step::Paid => Msg::StepPaid,
        Step::Delivered => Msg::StepDelivered,
    };
    view! {
        <h2>{t(Msg::FunnelTitle)}</h2>
        <p class="hint">{t(Msg::FunnelHint)}</p>
        <BarChart values=counts label=t(Msg::FunnelTitle).to_string() testid="funnel-chart"/>
        <table class="stock" data-testid="funnel">
            <thead><tr>
                <th scope="col">{t(Msg::FunnelStep)}</th>
                <th scope="col">{t(Msg::FunnelCount)}</th>
                <th scope="col">{t(Msg::FunnelShare)}</th>
            </tr></thead>
            <tbody>
                {steps.into_iter().map(|(step, n, share)| {
                    let share = share.map_or_else(|| "—".to_string(), |p| format!("{}.{} %", p / 10, p % 10));
                    view! {
                        <tr data-step=step.code()>
                            <th scope="row">{t(name(step))}</th>
                            <td data-label=t(Msg::FunnelCount)>{n}</td>
                            <td data-label=t(Msg::FunnelShare)>{share}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <p><a href=csv download="" data-testid="csv-funnel">{t(Msg::ShopCsv)}</a></p>
    }
}

/// Queries with how often they were asked and found nothing, most first, with the CSV.
#[component]
fn Searches(
    title: Msg,
    searches: Vec<SearchCount>,
    testid: &'static str,
    csv: String,
) -> impl IntoView {
    view! {
        <h2>{t(title)}</h2>
        <p class="hint">{t(Msg::SearchesHint)}</p>
        {if searches.is_empty() {
            view! { <p data-testid=testid>{t(Msg::SearchesNone)}</p> }.into_any()
        } else {
            view! {
                <table class="stock" data-testid=testid>
                    <thead><tr>
                        <th scope="col">{t(Msg::SearchesQuery)}</th>
                        <th scope="col">{t(Msg::SearchesCount)}</th>
                        <th scope="col">{t(Msg::SearchesEmpty)}</th>
                    </tr></thead>
                    <tbody>
                        {searches.into_iter().map(|s| view! {
                            <tr>
                                <th scope="row">{s.query}</th>
                                <td data-label=t(Msg::SearchesCount)>{s.searches}</td>
                                <td data-label=t(Msg::SearchesEmpty)>{s.empty}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <p><a href=csv download="">{t(Msg::ShopCsv)}</a></p>
    }
}

/// Orders and goods by city, category or seller, most first, with the table's CSV.
#[component]
fn Shares(title: Msg, shares: Vec<Share>, testid: &'static str, csv: String) -> impl IntoView {
    view! {
        <h3>{t(title)}</h3>
        <table class="stock" data-testid=testid>
            <thead><tr>
                <th scope="col">{t(Msg::ShopName)}</th>
                <th scope="col">{t(Msg::ShopPlaced)}</th>
                <th scope="col">{t(Msg::ShopGoods)}</th>
            </tr></thead>
            <tbody>
                {shares.into_iter().map(|s| view! {
                    <tr>
                        <th scope="row">{loc(s.name)}</th>
                        <td data-label=t(Msg::ShopPlaced)>{s.orders}</td>
                        <td data-label=t(Msg::ShopGoods)>{won(s.goods)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <p><a href=csv download="">{t(Msg::ShopCsv)}</a></p>
    }
}
