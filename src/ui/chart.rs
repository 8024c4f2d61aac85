//! The price-history chart: a step line drawn as inline SVG, with the lowest and highest price
//! marked. No chart library; coordinates are integer arithmetic on exact amounts.

use crate::ui::words::day_label;
use crate::{
    domain::{
        compare::{PriceHistory, PricePoint},
        Won,
    },
    i18n::Msg,
    ui::i18n::{t, use_lang},
};
use leptos::prelude::*;
use rust_decimal::{prelude::ToPrimitive, Decimal};

const W: i64 = 320;
const H: i64 = 120;
const PAD_X: i64 = 8;
const PAD_Y: i64 = 16;

struct Scale {
    from: i64,
    to: i64,
    min: Won,
    max: Won,
}

impl Scale {
    fn x(&self, at: i64) -> i64 {
        let span = (self.to - self.from).max(1);
        PAD_X + (at - self.from) * (W - 2 * PAD_X) / span
    }

    fn y(&self, price: Won) -> i64 {
        let range = self.max.as_decimal() - self.min.as_decimal();
        if range.is_zero() {
            return H / 2;
        }
        let share = (self.max.as_decimal() - price.as_decimal()) / range;
        let px = (share * Decimal::from(H - 2 * PAD_Y)).round();
        PAD_Y + px.to_i64().unwrap_or(0)
    }
}

/// The SVG path of a step line through `points` to the end of the window.
fn step_path(scale: &Scale, points: &[PricePoint]) -> String {
    let mut d = String::new();
    for (i, p) in points.iter().enumerate() {
        let (x, y) = (scale.x(p.at), scale.y(p.price));
        if i == 0 {
            d.push_str(&format!("M{x} {y}"));
        } else {
            d.push_str(&format!(" H{x} V{y}"));
        }
    }
    d.push_str(&format!(" H{}", scale.x(scale.to)));
    d
}

#[component]
pub fn PriceChart(history: PriceHistory) -> impl IntoView {
    let lang = use_lang();
    let points = history.in_window();
    let Some((min, max)) = history.extremes() else {
        return ().into_any();
    };
    let scale = Scale {
        from: history.from,
        to: history.to,
        min: min.price,
        max: max.price,
    };
    let path = step_path(&scale, &points);
    let (min_x, min_y, max_x, max_y) = (
        scale.x(min.at),
        scale.y(min.price),
        scale.x(max.at),
        scale.y(max.price),
    );
    let changed = history.changed();
    let label = move |msg: Msg, p: PricePoint| {
        let l = lang;
        format!(
            "{} {} ({})",
            msg.text(l),
            l.won(p.price),
            day_label(p.at, l)
        )
    };
    view! {
        <figure class="price-chart" data-testid="price-history">
            <svg
                viewBox=format!("0 0 {W} {H}")
                width=W
                height=H
                role="img"
                aria-label=t(Msg::PriceHistory)
            >
                <path class="line" d=path fill="none"/>
                {changed.then(|| view! {
                    <circle class="max" cx=max_x cy=max_y r="4"/>
                    <circle class="min" cx=min_x cy=min_y r="4"/>
                })}
            </svg>
            <figcaption>
                {if changed {
                    view! {
                        <span class="min" data-testid="price-min">{label(Msg::PriceLowest, min)}</span>
                        " · "
                        <span class="max" data-testid="price-max">{label(Msg::PriceHighest, max)}</span>
                    }.into_any()
                } else {
                    view! { <span data-testid="price-unchanged">{t(Msg::PriceUnchanged)}</span> }.into_any()
                }}
            </figcaption>
        </figure>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_step_line_spans_the_window_from_top_to_bottom_of_the_range() {
        let scale = Scale {
            from: 0,
            to: 100,
            min: Won::from_won(40),
            max: Won::from_won(60),
        };
        let points = [
            PricePoint {
                at: 0,
                price: Won::from_won(50),
            },
            PricePoint {
                at: 50,
                price: Won::from_won(60),
            },
            PricePoint {
                at: 75,
                price: Won::from_won(40),
            },
        ];
        assert_eq!(step_path(&scale, &points), "M8 60 H160 V16 H236 V104 H312");
    }
}
