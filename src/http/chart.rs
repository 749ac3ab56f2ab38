//! The status page's charts as SVG geometry: the last 24 hours of fetches, stacked per hour
//! (changed, unchanged, failed), each bar with its values as a hover text. A sparkline per
//! feed, and the whole service's chart with axes. Pure functions of the counts.

/// One bar (or one part of a stacked bar).
pub(super) struct Bar {
    /// `c` changed, `u` unchanged, `f` failed (the page's colours).
    pub class: &'static str,
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
    /// What a pointer over it shows.
    pub title: String,
}

/// An axis label at `pos` (x for the hours, y for the counts).
pub(super) struct Tick {
    pub pos: u32,
    pub label: String,
}

/// The service's chart: bars in a plot area with its axes.
pub(super) struct Chart {
    pub bars: Vec<Bar>,
    /// Hours along the bottom.
    pub x_ticks: Vec<Tick>,
    /// Counts up the left side (0, half, the busiest hour).
    pub y_ticks: Vec<Tick>,
}

/// The plot's height in the service's chart, and the width of one hour.
pub(super) const PLOT_H: u32 = 120;
pub(super) const HOUR_W: u32 = 20;
/// Left margin (the counts' labels) and top margin of the service's chart.
pub(super) const LEFT: u32 = 44;
pub(super) const TOP: u32 = 8;

/// "14:00–15:00 UTC: 3 changed, 40 unchanged, 0 failed, 5 new items".
fn hover(hour_of_day: i64, h: &[u32; 4]) -> String {
    let from = hour_of_day.rem_euclid(24);
    format!(
        "{from:02}:00–{:02}:00 UTC: {} changed, {} unchanged, {} failed, {} new items",
        (from + 1) % 24,
        h[0],
        h[1],
        h[2],
        h[3]
    )
}

/// Stacked bars for `day` (oldest hour first), `col_w` wide each at `x0 + i * col_w`, in a
/// column `height` high whose top is at `y0`, scaled to the busiest hour; the last hour of the
/// day is `last_hour` (hours since the epoch).
fn stack(
    day: &[[u32; 4]; 24],
    last_hour: i64,
    col_w: u32,
    height: u32,
    x0: u32,
    y0: u32,
) -> (Vec<Bar>, u32) {
    let max = day
        .iter()
        .map(|h| h[0] + h[1] + h[2])
        .max()
        .unwrap_or(0)
        .max(1);
    let mut out = Vec::new();
    for (i, h) in day.iter().enumerate() {
        let title = hover(last_hour - 23 + i as i64, h);
        let mut top = height;
        for (n, class) in [(h[0], "c"), (h[1], "u"), (h[2], "f")] {
            if n == 0 {
                continue;
            }
            // At least a pixel, never above the column (rounding can fill it early).
            let part = (u64::from(n) * u64::from(height)).div_ceil(u64::from(max));
            let part = u32::try_from(part).unwrap_or(height).max(1).min(top);
            if part == 0 {
                break;
            }
            top -= part;
            out.push(Bar {
                class,
                x: x0 + i as u32 * col_w,
                y: y0 + top,
                w: col_w.saturating_sub(1).max(1),
                h: part,
                title: title.clone(),
            });
        }
    }
    (out, max)
}

/// A feed's sparkline: 24 bars of 4 pixels in 96 × 24.
pub(super) fn sparkline(day: &[[u32; 4]; 24], last_hour: i64) -> Vec<Bar> {
    stack(day, last_hour, 4, 24, 0, 0).0
}

/// The whole service's chart, with its axes: hours every six along the bottom, counts at 0,
/// half and the busiest hour on the left.
pub(super) fn service(day: &[[u32; 4]; 24], last_hour: i64) -> Chart {
    let (bars, max) = stack(day, last_hour, HOUR_W, PLOT_H, LEFT, TOP);
    let busiest = day.iter().map(|h| h[0] + h[1] + h[2]).max().unwrap_or(0);
    let x_ticks = (0..24)
        .step_by(6)
        .chain([23])
        .map(|i| Tick {
            pos: LEFT + i * HOUR_W,
            label: format!("{:02}:00", (last_hour - 23 + i64::from(i)).rem_euclid(24)),
        })
        .collect();
    let y_ticks = if busiest == 0 {
        vec![Tick {
            pos: TOP + PLOT_H,
            label: "0".into(),
        }]
    } else {
        [(0, 0), (max / 2, PLOT_H / 2), (max, PLOT_H)]
            .into_iter()
            .map(|(v, h)| Tick {
                pos: TOP + PLOT_H - h,
                label: v.to_string(),
            })
            .collect()
    };
    Chart {
        bars,
        x_ticks,
        y_ticks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_stack_scale_and_say_their_values() {
        let mut day = [[0u32; 4]; 24];
        day[23] = [2, 1, 1, 5];
        day[0] = [1, 0, 0, 0];
        // The day's last hour is 13:00–14:00.
        let last = 13;
        let b = sparkline(&day, last);
        let newest: Vec<_> = b.iter().filter(|b| b.x == 92).collect();
        assert_eq!(
            newest.iter().map(|b| b.h).sum::<u32>(),
            24,
            "the busiest hour fills"
        );
        assert_eq!(newest[0].class, "c");
        assert_eq!(
            newest[0].title,
            "13:00–14:00 UTC: 2 changed, 1 unchanged, 1 failed, 5 new items"
        );
        assert_eq!(b.iter().find(|b| b.x == 0).unwrap().h, 6);
        assert!(b
            .iter()
            .find(|b| b.x == 0)
            .unwrap()
            .title
            .starts_with("14:00–15:00"));
        // Rounding fills the column before its last part: never above the top.
        let mut full = [[0u32; 4]; 24];
        full[5] = [58, 2, 1, 0];
        let b = sparkline(&full, 0);
        assert!(b.iter().filter(|b| b.x == 20).map(|b| b.h).sum::<u32>() <= 24);
    }

    #[test]
    fn the_service_chart_has_axes() {
        let mut day = [[0u32; 4]; 24];
        day[10] = [10, 90, 0, 0];
        let c = service(&day, 23);
        let labels: Vec<&str> = c.x_ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["00:00", "06:00", "12:00", "18:00", "23:00"]);
        let counts: Vec<&str> = c.y_ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(counts, ["0", "50", "100"]);
        // The busiest hour reaches the top of the plot.
        let top = c.bars.iter().map(|b| b.y).min().unwrap();
        assert_eq!(top, TOP);
        // An empty day: one tick, no bars.
        let empty = service(&[[0; 4]; 24], 0);
        assert!(empty.bars.is_empty());
        assert_eq!(empty.y_ticks.len(), 1);
    }
}
