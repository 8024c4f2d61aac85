//! Charts drawn as inline SVG on the server: the price history (a step line, with the lowest and
//! highest price marked) and bar charts (a seller's sales by day). No chart library; coordinates
//! are integer arithmetic on exact amounts.

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

/// The bars of a bar chart of `values` (one a day, say) in a `W` × `H` box: the zero line's y,
/// and each bar's x, y, width and height. The zero line is at the bottom unless a value is below
/// zero; a zero draws no bar. Every coordinate is integer arithmetic on the exact values.
fn bars(values: &[i64]) -> (i64, Vec<(i64, i64, i64, i64)>) {
    let top = values.iter().copied().max().unwrap_or(0).max(0);
    let bottom = values.iter().copied().min().unwrap_or(0).min(0);
    let range = i128::from(top) - i128::from(bottom);
    if range == 0 {
        return (H - PAD_Y, Vec::new());
    }
    let inner = i128::from(H - 2 * PAD_Y);
    let y = |v: i64| {
        let from_top = (i128::from(top) - i128::from(v)) * inner / range;
        PAD_Y + i64::try_from(from_top).unwrap_or(0)
    };
    let zero = y(0);
    let n = i64::try_from(values.len()).unwrap_or(i64::MAX).max(1);
    let step = ((W - 2 * PAD_X) / n).max(1);
    let width = (step - 1).max(1);
    let bars = values
        .iter()
        .zip(0..)
        .filter(|(v, _)| **v != 0)
        .map(|(v, i)| {
            let top_y = y(*v).min(zero);
            (PAD_X + i * step, top_y, width, (y(*v) - zero).abs().max(1))
        })
        .collect();
    (zero, bars)
}

/// A bar chart drawn on the server: `values` left to right; `label` is what a screen reader says
/// (the figures themselves are in a table beside it).
#[component]
pub fn BarChart(values: Vec<i64>, label: String, testid: &'static str) -> impl IntoView {
    let (zero, bars) = bars(&values);
    view! {
        <figure class="bar-chart" data-testid=testid>
            <svg viewBox=format!("0 0 {W} {H}") width=W height=H role="img" aria-label=label>
                <line class="axis" x1=PAD_X x2=W - PAD_X y1=zero y2=zero/>
                {bars.into_iter().map(|(x, y, w, h)| view! {
                    <rect class="bar" x=x y=y width=w height=h/>
                }).collect_view()}
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_stand_on_the_zero_line_and_fill_the_box() {
        let (zero, b) = bars(&[0, 10, -5, 20]);
        assert_eq!(b.len(), 3, "a zero draws no bar");
        // The highest bar reaches the top; the one below zero hangs from the line.
        assert_eq!(b[2].1, PAD_Y);
        assert_eq!(b[2].1 + b[2].3, zero);
        assert_eq!(b[1].1, zero);
        assert_eq!(b[1].1 + b[1].3, H - PAD_Y);
        // Nothing but zeros: no bars, the line at the bottom.
        assert_eq!(bars(&[0; 30]), (H - PAD_Y, Vec::new()));
    }

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
