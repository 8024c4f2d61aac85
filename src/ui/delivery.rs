//! The logistics office's pages: `/dispatch` (the dispatcher's board, for a PC), `/courier` (a
//! courier's round on a phone, with a map of the district drawn here, no tiles from anywhere) and
//! `/tariff` (the price list; operators edit it).

use crate::ui::words::time_label;
use crate::{
    api::delivery::{
        dispatch_board, get_courier_day, get_tariff, AcceptSuggestions, AssignOrder, Deliver,
        FailDelivery, PickUp, SaveTariff,
    },
    domain::{
        delivery::{GeoPoint, Vehicle},
        dispatch::{can_carry, Delivery, FailureReason, Round},
        order::OrderStatus,
        tariff::TariffField,
    },
    i18n::Msg,
    page::{
        delivery::{Board, CityBoard, CourierDay, TariffPage},
        form::Flash,
    },
    ui::{
        form::{
            field_problem, flash, problems, reply_to, typed, FormError, PostForm, SubmitButton,
        },
        head::PageTitle,
        i18n::{loc, t, use_lang},
        load::load,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

/// `12.5 kg`.
fn kg(grams: u64) -> String {
    format!("{}.{} kg", grams / 1000, grams % 1000 / 100)
}

// The dispatch board.

#[component]
pub fn DispatchPage() -> impl IntoView {
    view! {
        <PageTitle text=t(Msg::Dispatch)/>
        <section class="dispatch" data-testid="dispatch">
            <h1>{t(Msg::Dispatch)}</h1>
            <p class="intro">{t(Msg::DispatchIntro)}</p>
            {load(dispatch_board(), |board| view! { <BoardView board/> })}
        </section>
    }
}

#[component]
fn BoardView(board: Board) -> impl IntoView {
    let name_of = {
        let rounds: Vec<(crate::domain::UserId, String)> = board
            .cities
            .iter()
            .flat_map(|c| {
                c.rounds
                    .iter()
                    .map(|r| (r.courier.id, r.courier.name.clone()))
            })
            .collect();
        move |id| {
            rounds
                .iter()
                .find(|(c, _)| *c == id)
                .map(|(_, n)| n.clone())
                .unwrap_or_default()
        }
    };
    let suggestions = board.suggestions.clone();
    view! {
        <section class="suggestion" data-testid="suggestion">
            <h2>{t(Msg::Suggestion)}</h2>
            {if suggestions.is_empty() {
                view! { <p class="empty">{t(Msg::NoSuggestion)}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {suggestions.into_iter().map(|s| view! {
                            <li data-testid="suggested">{format!("#{} → {}", s.order, name_of(s.courier))}</li>
                        }).collect_view()}
                    </ul>
                    <PostForm action={<AcceptSuggestions as ServerFn>::url()} class="inline">
                        <button type="submit" data-testid="accept-suggestion"
                            data-pending=t(Msg::Submitting)>{t(Msg::AcceptSuggestion)}</button>
                        <FormError/>
                    </PostForm>
                }.into_any()
            }}
        </section>
        {board.cities.into_iter().map(|city| view! { <CityView city/> }).collect_view()}
    }
}

#[component]
fn CityView(city: CityBoard) -> impl IntoView {
    let lang = use_lang();
    let couriers: Vec<(crate::domain::UserId, String, Vehicle)> = city
        .rounds
        .iter()
        .filter(|r| r.courier.on_duty)
        .map(|r| (r.courier.id, r.courier.name.clone(), r.courier.vehicle))
        .collect();
    let waiting = [
        (Msg::VehicleMotorbike, city.motorbike),
        (Msg::VehicleVan, city.van),
    ];
    view! {
        <section class="city" data-testid="city-board">
            <h2>{loc(city.depot.name)}</h2>
            <div class="board-columns">
                <div>
                    <h3>{t(Msg::WaitingOrders)}</h3>
                    {waiting.into_iter().map(|(label, orders)| {
                        let couriers = couriers.clone();
                        view! {
                            <h4>{t(label)}</h4>
                            {if orders.is_empty() {
                                view! { <p class="empty">{t(Msg::NoWaiting)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="waiting">
                                        {orders.into_iter().map(|d| {
                                            let couriers = couriers.clone();
                                            view! { <Waiting d couriers/> }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        }
                    }).collect_view()}
                </div>
                <div>
                    <h3>{t(Msg::Couriers)}</h3>
                    <ul class="rounds">
                        {city.rounds.into_iter().map(|r| {
                            let Round { courier, stops, total } = r;
                            let load: u64 = stops.iter().map(|s| s.weight_g).sum();
                            view! {
                                <li data-testid="round" data-courier=courier.name.clone()>
                                    <strong>{courier.name.clone()}</strong>
                                    " · " {courier.vehicle.label(lang)}
                                    {(!courier.on_duty).then(|| view! { " · " {t(Msg::OffDuty)} })}
                                    " · " {kg(load)}
                                    " · " {t(Msg::RouteTotal)} " " {format!("{} km", total.km())}
                                    <ol class="stops">
                                        {stops.into_iter().map(|s| view! {
                                            <li data-testid="round-stop">
                                                <a href=format!("/orders/{}", s.id)>{format!("#{}", s.id)}</a>
                                                " " {loc(s.district)} " · " {s.slot.label(lang)}
                                                " · " {t(s.status.msg())}
                                            </li>
                                        }).collect_view()}
                                    </ol>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            </div>
        </section>
    }
}

#[component]
fn Waiting(d: Delivery, couriers: Vec<(crate::domain::UserId, String, Vehicle)>) -> impl IntoView {
    let lang = use_lang();
    let id = d.id;
    // Only couriers whose vehicle can carry it are offered (the server checks load as well).
    let able: Vec<_> = couriers
        .into_iter()
        .filter(|(_, _, v)| can_carry(*v, d.vehicle) && (d.due.is_none() || *v != Vehicle::Van))
        .collect();
    view! {
        <li data-testid="board-order" data-order=id.get()>
            <a href=format!("/orders/{id}")>{format!("#{id}")}</a>
            " · " {loc(d.seller)} " → " {loc(d.district)}
            " · " {due_label(d.due, d.slot, lang)}
            " · " {kg(d.weight_g)}
            <PostForm action={<AssignOrder as ServerFn>::url()} hidden=vec![("id", id.to_string())] class="inline">
                <select name="courier" aria-label=t(Msg::ChooseCourier) data-testid="assign-courier">
                    {able.into_iter().map(|(c, name, v)| view! {
                        <option value=c.get()>{format!("{name} · {}", v.label(lang))}</option>
                    }).collect_view()}
                </select>
                <button type="submit" data-testid="assign" data-pending=t(Msg::Submitting)>{t(Msg::Assign)}</button>
                <FormError/>
            </PostForm>
        </li>
    }
}

// The courier's round.

#[component]
pub fn CourierPage() -> impl IntoView {
    view! {
        <PageTitle text=t(Msg::MyDeliveries)/>
        <section class="courier" data-testid="courier">
            <h1>{t(Msg::MyDeliveries)}</h1>
            {load(get_courier_day(), |day| view! { <DayView day/> })}
        </section>
    }
}

#[component]
fn DayView(day: CourierDay) -> impl IntoView {
    let lang = use_lang();
    let CourierDay {
        round,
        depot,
        districts,
        done,
    } = day;
    let vehicle = round.courier.vehicle;
    let stops: Vec<(u32, GeoPoint)> = round
        .stops
        .iter()
        .enumerate()
        .map(|(i, s)| (u32::try_from(i + 1).unwrap_or(0), s.at))
        .collect();
    view! {
        <p class="round-facts">
            {vehicle.label(lang)} " · " {t(Msg::Depot)} " " {loc(depot.name.clone())}
            " · " {t(Msg::RouteTotal)} " " {format!("{} km", round.total.km())}
        </p>
        <Map depot=depot.at districts stops/>
        {if round.stops.is_empty() {
            view! { <p class="empty" data-testid="no-deliveries">{t(Msg::NoDeliveries)}</p> }.into_any()
        } else {
            view! {
                <ol class="round" data-testid="round" aria-label=t(Msg::MyDeliveries)>
                    {round.stops.into_iter().map(|d| view! { <Stop d/> }).collect_view()}
                </ol>
            }.into_any()
        }}
        {(!done.is_empty()).then(|| view! {
            <h2 id="done-h">{t(Msg::DoneToday)}</h2>
            <ul class="done" aria-labelledby="done-h">
                {done.into_iter().map(|d| view! {
                    <li data-testid="done-stop">
                        {format!("#{} ", d.id)} {loc(d.district)} " · " {t(d.status.msg())}
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn Stop(d: Delivery) -> impl IntoView {
    let lang = use_lang();
    let id = d.id;
    let hidden = || vec![("id", id.to_string())];
    let status = d.status;
    view! {
        <li class="stop" data-testid="stop" data-order=id.get()>
            <h2>
                {format!("#{id} ")} {loc(d.district)}
                " · " <span data-testid="stop-status">{t(status.msg())}</span>
            </h2>
            <p class="address">{d.address.clone()}</p>
            <p>{due_label(d.due, d.slot, lang)} " · " {kg(d.weight_g)}</p>
            <p class="collect">
                {t(Msg::Collect)} ": " {loc(d.seller)} " — "
                {d.goods.into_iter().map(|(name, n)| view! {
                    <span class="item">{loc(name)} {format!(" × {n}")} " "</span>
                }).collect_view()}
            </p>
            {(status == OrderStatus::Ready).then(|| view! {
                <PostForm action={<PickUp as ServerFn>::url()} hidden=hidden() class="inline">
                    <button type="submit" data-testid="pick-up" data-pending=t(Msg::Submitting)>{t(Msg::PickUp)}</button>
                    <FormError/>
                </PostForm>
            })}
            {(status == OrderStatus::PickedUp).then(|| view! {
                <PostForm action={<Deliver as ServerFn>::url()} hidden=hidden() class="inline">
                    <CodeField order=id/>
                    <button type="submit" data-testid="delivered" data-pending=t(Msg::Submitting)>{t(Msg::MarkDelivered)}</button>
                    <FormError/>
                </PostForm>
                <PostForm action={<FailDelivery as ServerFn>::url()} hidden=hidden() class="inline">
                    <label for=format!("reason-{id}")>{t(Msg::FailReason)}</label>
                    <select id=format!("reason-{id}") name="reason" data-testid="fail-reason">
                        {FailureReason::ALL.into_iter().map(|r| view! {
                            <option value=r.code()>{t(r.msg())}</option>
                        }).collect_view()}
                    </select>
                    <label for=format!("note-{id}")>{t(Msg::FailNote)}</label>
                    <input id=format!("note-{id}") type="text" name="note" maxlength="200" value=typed("note")/>
                    <button type="submit" class="secondary" data-testid="fail">{t(Msg::MarkFailed)}</button>
                    <FormError/>
                </PostForm>
            })}
            <p class="hint">{time_label(d.slot.starts_at(), lang)}</p>
        </li>
    }
}

/// The shopper's delivery code for one order of the round, with its problem beside it.
#[component]
fn CodeField(order: crate::domain::OrderId) -> impl IntoView {
    let problem = field_problem(crate::api::delivery::CodeField::Code);
    let error = format!("error-code-{order}");
    view! {
        <label>
            {t(Msg::DeliveryCode)} " "
            <input type="text" name="code" inputmode="numeric" maxlength="4" size="5"
                autocomplete="off" required=true data-testid="code-input"
                aria-invalid=problem.is_some().then_some("true") aria-describedby=error.clone()/>
        </label>
        <span class="field-error" id=error data-testid="error-code">
            {problem.map(|p| t(p.msg()))}
        </span>
    }
}

/// The district on a phone screen: the city's districts as named dots, the depot as a square and
/// the round as a numbered line from the depot. Plain SVG drawn from the stored coordinates.
#[component]
fn Map(
    depot: GeoPoint,
    districts: Vec<(crate::domain::catalog::Localized, GeoPoint)>,
    stops: Vec<(u32, GeoPoint)>,
) -> impl IntoView {
    const W: f64 = 320.0;
    const H: f64 = 220.0;
    const PAD: f64 = 24.0;
    let points: Vec<GeoPoint> = std::iter::once(depot)
        .chain(districts.iter().map(|(_, p)| *p))
        .chain(stops.iter().map(|(_, p)| *p))
        .collect();
    let (mut lat0, mut lat1, mut lon0, mut lon1) = (90.0f64, -90.0f64, 180.0f64, -180.0f64);
    for p in &points {
        lat0 = lat0.min(p.lat);
        lat1 = lat1.max(p.lat);
        lon0 = lon0.min(p.lon);
        lon1 = lon1.max(p.lon);
    }
    // Degrees of longitude shrink with the cosine of the latitude.
    let squash = ((lat0 + lat1) / 2.0).to_radians().cos();
    let span_x = ((lon1 - lon0) * squash).max(0.01);
    let span_y = (lat1 - lat0).max(0.01);
    let scale = ((W - 2.0 * PAD) / span_x).min((H - 2.0 * PAD) / span_y);
    let at = move |p: GeoPoint| {
        (
            PAD + (p.lon - lon0) * squash * scale,
            PAD + (lat1 - p.lat) * scale,
        )
    };
    let (dx, dy) = at(depot);
    let line: String = std::iter::once((dx, dy))
        .chain(stops.iter().map(|(_, p)| at(*p)))
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let lang = use_lang();
    let dots: Vec<((f64, f64), String)> = districts
        .iter()
        .map(|(name, p)| (at(*p), name.get(lang).to_string()))
        .collect();
    let taken: Vec<(f64, f64)> = std::iter::once((dx, dy))
        .chain(stops.iter().map(|(_, p)| at(*p)))
        .collect();
    let labels = place_labels(dots, &taken, (W, H));
    view! {
        <figure class="map" data-testid="map">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=t(Msg::DistrictMap)>
                <rect x="0" y="0" width=W height=H fill="#f4f1ea"/>
                {districts.into_iter().zip(labels).map(|((_, p), label)| {
                    let (x, y) = at(p);
                    view! {
                        <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="3" fill="#9a9a9a"/>
                        {label.map(|l| view! {
                            <text x=format!("{:.1}", l.x) y=format!("{:.1}", l.y) text-anchor=l.anchor
                                font-size="9" fill="#555">{l.text}</text>
                        })}
                    }
                }).collect_view()}
                <polyline points=line fill="none" stroke="#b3261e" stroke-width="2"/>
                <rect x=format!("{:.1}", dx - 5.0) y=format!("{:.1}", dy - 5.0) width="10" height="10" fill="#1d3557"/>
                {stops.into_iter().map(|(n, p)| {
                    let (x, y) = at(p);
                    view! {
                        <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="8" fill="#b3261e"/>
                        <text x=format!("{x:.1}") y=format!("{:.1}", y + 3.5) font-size="10" fill="#fff" text-anchor="middle">{n}</text>
                    }
                }).collect_view()}
            </svg>
            <figcaption>{t(Msg::DistrictMap)}</figcaption>
        </figure>
    }
}

// The tariff.

#[component]
pub fn TariffPageView() -> impl IntoView {
    view! {
        <PageTitle text=t(Msg::Tariff)/>
        <section class="tariff" data-testid="tariff">
            <h1>{t(Msg::Tariff)}</h1>
            <p class="intro">{t(Msg::TariffIntro)}</p>
            {load(get_tariff(), |page| view! { <TariffTable page/> })}
        </section>
    }
}

#[component]
fn TariffTable(page: TariffPage) -> impl IntoView {
    let lang = use_lang();
    let editable = page.editable;
    let mut groups: Vec<(Msg, Vec<(TariffField, String)>)> = Vec::new();
    for row in page.rows {
        let g = row.field.group();
        match groups.iter_mut().find(|(m, _)| *m == g) {
            Some((_, rows)) => rows.push((row.field, row.value)),
            None => groups.push((g, vec![(row.field, row.value)])),
        }
    }
    let action = <SaveTariff as ServerFn>::url();
    // A refused table comes back with what was typed and each problem beside its value.
    let reply = reply_to(action);
    let table = groups
        .into_iter()
        .map(|(group, rows)| {
            let reply = reply.clone();
            view! {
                <fieldset>
                    <legend>{t(group)}</legend>
                    {rows.into_iter().map(|(f, value)| {
                        let name = f.code();
                        let problem = reply
                            .as_ref()
                            .and_then(|r| problems(&r.error).fields.get(f));
                        let value = reply
                            .as_ref()
                            .and_then(|r| r.value(name).map(str::to_string))
                            .unwrap_or(value);
                        view! {
                            <div class="field" class:invalid=problem.is_some()>
                                <label for=format!("t-{name}")>{t(f.msg())} " (" {t(f.unit().msg())} ")"</label>
                                {if editable {
                                    view! {
                                        <input id=format!("t-{name}") name=name value=value type="text"
                                            inputmode="decimal" required=true data-testid=format!("input-{name}")
                                            aria-invalid=problem.is_some().then_some("true")
                                            aria-describedby=format!("error-{name}")/>
                                    }.into_any()
                                } else {
                                    view! { <output id=format!("t-{name}") data-testid=format!("value-{name}")>{value}</output> }.into_any()
                                }}
                                <p class="field-error" id=format!("error-{name}") data-testid=format!("error-{name}")>
                                    {problem.map(|p| t(p.msg()))}
                                </p>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            }
        })
        .collect_view();
    let updated = page.updated_at;
    view! {
        <p class="hint" data-testid="tariff-updated">
            {t(Msg::TariffUpdated)} ": "
            {match updated {
                Some(at) => time_label(at, lang),
                None => Msg::TariffAsFirstSet.text(lang).to_string(),
            }}
        </p>
        {if editable {
            view! {
                <PostForm action>
                    {table}
                    <SubmitButton label=Msg::Save/>
                    {(flash() == Some(Flash::Saved)).then(|| view! {
                        <span class="done" role="status">{t(Msg::Saved)}</span>
                    })}
                    <FormError/>
                </PostForm>
            }.into_any()
        } else {
            view! { <div class="readonly">{table}</div> }.into_any()
        }}
    }
}

/// The size of a district's name on the map.
const LABEL_FONT: f64 = 9.0;

/// A district's name on the map: where it is written and which end of it is there.
#[derive(Clone, Debug, PartialEq)]
struct Label {
    x: f64,
    y: f64,
    anchor: &'static str,
    text: String,
}

/// Where each district's name goes: beside its dot, on the first side (right, left, above, below)
/// where it stays on the map and covers no name placed before it, no dot, no stop and not the
/// depot (`taken`); no name where no side is free (the dot stays). A name's box is estimated
/// from its letters: a Hangul syllable about as wide as the font, a Latin letter about half.
fn place_labels(
    dots: Vec<((f64, f64), String)>,
    taken: &[(f64, f64)],
    size: (f64, f64),
) -> Vec<Option<Label>> {
    type Box = (f64, f64, f64, f64);
    let overlaps = |a: Box, b: Box| a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3;
    let f = LABEL_FONT;
    let mut placed: Vec<Box> = taken
        .iter()
        .map(|&(x, y)| (x - 8.0, y - 8.0, x + 8.0, y + 8.0))
        .chain(
            dots.iter()
                .map(|&((x, y), _)| (x - 3.0, y - 3.0, x + 3.0, y + 3.0)),
        )
        .collect();
    dots.into_iter()
        .map(|((x, y), text)| {
            let width: f64 = text
                .chars()
                .map(|c| if c.is_ascii() { f * 0.55 } else { f })
                .sum();
            // Close to the dot first, then clear of a stop drawn on it.
            let sides = [
                (x + 5.0, y + 3.0, "start"),
                (x - 5.0, y + 3.0, "end"),
                (x, y - 6.0, "middle"),
                (x, y + 12.0, "middle"),
                (x + 10.0, y + 3.0, "start"),
                (x - 10.0, y + 3.0, "end"),
                (x, y - 11.0, "middle"),
                (x, y + 17.0, "middle"),
            ];
            let spot = sides.into_iter().find_map(|(lx, ly, anchor)| {
                let left = match anchor {
                    "start" => lx,
                    "end" => lx - width,
                    _ => lx - width / 2.0,
                };
                let b = (left, ly - f * 0.8, left + width, ly + f * 0.2);
                let inside = b.0 >= 0.0 && b.1 >= 0.0 && b.2 <= size.0 && b.3 <= size.1;
                // A dot's own box does not stop its name.
                let free = placed
                    .iter()
                    .all(|p| !overlaps(*p, b) || *p == (x - 3.0, y - 3.0, x + 3.0, y + 3.0));
                (inside && free).then_some((
                    b,
                    Label {
                        x: lx,
                        y: ly,
                        anchor,
                        text: text.clone(),
                    },
                ))
            });
            spot.map(|(b, label)| {
                placed.push(b);
                label
            })
        })
        .collect()
}

/// When a delivery is due: hot food by the minute it was promised for, the rest by its slot.
fn due_label(due: Option<i64>, slot: crate::domain::slot::Slot, lang: crate::i18n::Lang) -> String {
    match due {
        Some(due) => format!(
            "{} {}",
            Msg::HotFoodDue.text(lang),
            crate::ui::food::hhmm(due)
        ),
        None => slot.label(lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_districts_side_by_side_do_not_cover_each_other() {
        let dots = vec![
            ((100.0, 100.0), "모란봉구역".to_string()),
            ((104.0, 101.0), "중구역".to_string()),
            ((100.0, 104.0), "대동강구역".to_string()),
            ((300.0, 200.0), "락랑구역".to_string()),
        ];
        let labels = place_labels(dots, &[(160.0, 60.0)], (320.0, 220.0));
        assert_eq!(labels.len(), 4);
        let boxes: Vec<(f64, f64, f64, f64)> = labels
            .iter()
            .flatten()
            .map(|l| {
                let w = l.text.chars().count() as f64 * LABEL_FONT;
                let left = match l.anchor {
                    "start" => l.x,
                    "end" => l.x - w,
                    _ => l.x - w / 2.0,
                };
                (
                    left,
                    l.y - LABEL_FONT * 0.8,
                    left + w,
                    l.y + LABEL_FONT * 0.2,
                )
            })
            .collect();
        for (i, a) in boxes.iter().enumerate() {
            assert!(
                a.0 >= 0.0 && a.2 <= 320.0 && a.1 >= 0.0 && a.3 <= 220.0,
                "{a:?} off the map"
            );
            for b in &boxes[i + 1..] {
                assert!(
                    !(a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3),
                    "{a:?} covers {b:?}"
                );
            }
        }
        // Three crowded dots still get their names, beside them on different sides; the corner
        // one, with no room on its right, gets its name on the left.
        assert!(labels.iter().all(Option::is_some), "{labels:?}");
        let sides: std::collections::BTreeSet<(&str, bool)> = labels[..3]
            .iter()
            .flatten()
            .map(|l| (l.anchor, l.y < 100.0))
            .collect();
        assert_eq!(sides.len(), 3, "{labels:?}");
        assert_eq!(labels[3].as_ref().map(|l| l.anchor), Some("end"));
    }
}
