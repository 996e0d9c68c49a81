//! The ambiguity plot (plotters on a canvas): which forward-conv input sizes share this layer's
//! small size, and which output size each of the framework's own arguments (output_padding, adj,
//! output_shape …) selects; the current one filled. Every number comes from the layer's dialect
//! (`ambiguity::in_framework`).

use crate::i18n::tr;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

use super::shape_panel::axis_name;
use super::state::use_lab;
use crate::conv::app::ambiguity::{in_framework, Ambiguity};
use crate::conv::{Framework, Op};

/// Plot size in CSS pixels (app.css caps the width to match); the backing store is this times the
/// device pixel ratio.
const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 250.0;

struct Colours {
    background: RGBColor,
    ink: RGBColor,
    muted: RGBColor,
    grid: RGBColor,
    accent: RGBColor,
}

const LIGHT: Colours = Colours {
    background: RGBColor(0xff, 0xff, 0xff),
    ink: RGBColor(0x1b, 0x1f, 0x24),
    muted: RGBColor(0x5a, 0x62, 0x70),
    grid: RGBColor(0xe3, 0xe6, 0xea),
    accent: RGBColor(0x1d, 0x4e, 0x89),
};

const DARK: Colours = Colours {
    background: RGBColor(0x1b, 0x1f, 0x24),
    ink: RGBColor(0xe6, 0xe8, 0xeb),
    muted: RGBColor(0x9a, 0xa3, 0xae),
    grid: RGBColor(0x2e, 0x34, 0x3c),
    accent: RGBColor(0x8c, 0xb8, 0xff),
};

/// Every distinct axis's ambiguity, named ("height and width" when they agree).
#[component]
pub fn AmbiguityPanel() -> impl IntoView {
    let lab = use_lab();
    let panel = NodeRef::<leptos::html::Section>::new();
    let seen = super::visible::seen(panel, super::visible::AHEAD);
    // The state without its animation step: the plot resolves the layer's framework a few hundred
    // times, which should happen when the layer changes, not on every step of the animation.
    let still = Memo::new(move |_| crate::conv::app::query::AppState { step: 0, ..lab.state.get() });
    let plots = Memo::new(move |_| {
        let layer = lab.layer.get().ok()?;
        let state = still.get();
        let rank = layer.axes.len();
        let mut plots: Vec<(String, Ambiguity)> = Vec::new();
        for index in 0..rank {
            let Some(a) = in_framework(&state, &layer, index) else { continue };
            match plots.iter_mut().find(|(_, b)| *b == a) {
                Some((name, _)) => *name = format!("{name} and {}", axis_name(rank, index)),
                None => plots.push((axis_name(rank, index).to_string(), a)),
            }
        }
        Some((layer.op, state.framework, plots))
    });
    view! {
        <section node_ref=panel class="panel plot-panel" aria-label="Output size ambiguity">
            <h2>"Why output_padding exists"</h2>
            {move || match plots.get() {
                Some((op, framework, plots)) if !plots.is_empty() => plots
                    .into_iter()
                    .map(|(name, a)| view! { <AxisPlot name=name ambiguity=a op=op framework=framework seen=seen/> })
                    .collect_view()
                    .into_any(),
                _ => view! { <p class="muted">"Once the settings are valid, the sizes that share this one appear here."</p> }
                    .into_any(),
            }}
        </section>
    }
}

/// What the plot shows, in words (also the test hook's numbers).
fn sentence(name: &str, a: &Ambiguity, op: Op, framework: Framework) -> String {
    let sizes: Vec<String> = a.candidates.iter().filter(|c| c.inverts).map(|c| c.size.to_string()).collect();
    let mut picks: Vec<String> = a
        .candidates
        .iter()
        .filter_map(|c| {
            let pick = c.pick.as_ref()?;
            let current = if c.size == a.current { " (this layer)" } else { "" };
            let odd = if c.inverts { "" } else { ", which no forward conv maps back" };
            Some(format!("{pick} gives {}{current}{odd}", c.size))
        })
        .collect();
    if picks.is_empty() {
        picks.push(format!(
            "{} has no argument that picks among them; this layer gives {}",
            framework.display_name(),
            a.current
        ));
    }
    let lead = match op {
        Op::ConvTranspose => format!(
            "{name}: a forward convolution with this kernel, stride and padding maps input sizes {} all to {}, so its transpose, given {}, cannot know which to give back",
            sizes.join(", "),
            a.small,
            a.small
        ),
        Op::Conv => format!(
            "{name}: this convolution maps input sizes {} all to {}; its transpose needs one of these arguments to give back {}",
            sizes.join(", "),
            a.small,
            a.current
        ),
    };
    let mut text = format!("{lead}: {}.", picks.join("; "));
    if let Some(first) = text.get(..1).map(str::to_ascii_uppercase) {
        text.replace_range(..1, &first);
    }
    text
}

#[component]
fn AxisPlot(
    name: String,
    ambiguity: Ambiguity,
    op: Op,
    /// The layer's framework (named when it has no argument that picks a size).
    framework: Framework,
    /// Whether the panel has come near the viewport: the plot (and plotters) load only then.
    seen: ReadSignal<bool>,
) -> impl IntoView {
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let sizes: Vec<String> = ambiguity.candidates.iter().map(|c| c.size.to_string()).collect();
    let text = sentence(&name, &ambiguity, op, framework);
    let current = ambiguity.current;
    Effect::new(move |_| {
        let Some(canvas) = canvas_ref.get() else { return };
        if !seen.get() {
            return;
        }
        let ratio = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).max(1.0);
        canvas.set_width((WIDTH * ratio).round() as u32);
        canvas.set_height((HEIGHT * ratio).round() as u32);
        let (ambiguity, dark) = (ambiguity.clone(), super::theme::dark_mode());
        // After the await the component may be gone (a newer layer replaced it): touch only the
        // element itself then, never the reactive node reference.
        let element = canvas.clone();
        leptos::task::spawn_local(async move {
            if draw_plot(canvas, ambiguity, op, dark, ratio).await {
                let _ = element.set_attribute("data-drawn", "true");
            }
        });
    });
    view! {
        <figure class="plot">
            <canvas
                node_ref=canvas_ref
                data-testid="ambiguity-plot"
                data-sizes=sizes.join(",")
                data-current=current.to_string()
                role="img"
                aria-label=text.clone()
            ></canvas>
            <figcaption data-testid="ambiguity">{text}</figcaption>
        </figure>
    }
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// Draw one plot; true when it drew. Lazy: plotters lives in a module of its own, loaded when
/// the first plot is drawn, below the stage (about 25 KB gzipped off the first view).
#[cfg_attr(feature = "split", lazy)]
async fn draw_plot(canvas: web_sys::HtmlCanvasElement, ambiguity: Ambiguity, op: Op, dark: bool, ratio: f64) -> bool {
    draw(canvas, &ambiguity, op, if dark { &DARK } else { &LIGHT }, ratio).is_ok()
}

fn draw(canvas: web_sys::HtmlCanvasElement, a: &Ambiguity, op: Op, c: &Colours, ratio: f64) -> DrawResult {
    let px = |v: f64| (v * ratio).round() as i32;
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or("no 2-D context")?;
    let root = backend.into_drawing_area();
    root.fill(&c.background)?;
    let (x0, x1) = (a.staircase.first().map_or(0, |p| p.0), a.staircase.last().map_or(1, |p| p.0));
    let y1 = a.staircase.iter().map(|p| p.1).max().unwrap_or(1) + 1;
    let font = |size: f64, colour: &RGBColor| ("sans-serif", size * ratio).into_font().color(colour);
    let mut chart = ChartBuilder::on(&root)
        .margin(px(12.0))
        .x_label_area_size(px(40.0))
        .y_label_area_size(px(46.0))
        .build_cartesian_2d((x0 as f64 - 0.5)..(x1 as f64 + 0.5), -0.5f64..(y1 as f64 + 0.5))?;
    chart
        .configure_mesh()
        .light_line_style(c.background)
        .bold_line_style(c.grid)
        .axis_style(c.muted)
        .x_labels(((x1 - x0) as usize + 1).min(16))
        .y_labels((y1 as usize + 1).min(10))
        .x_label_formatter(&|v| format!("{}", v.round() as i64))
        .y_label_formatter(&|v| format!("{}", v.round() as i64))
        .label_style(font(12.0, &c.muted))
        .axis_desc_style(font(12.0, &c.muted))
        .x_desc(tr("forward-conv input size = transposed output size".into()))
        .y_desc(tr("forward-conv output size".into()))
        .draw()?;
    // The staircase: every forward input size (integers only, so dots, not a line) and its conv size.
    let stairs = a.staircase.iter().map(|&(n, m)| (n as f64, m as f64));
    chart.draw_series(stairs.map(|p| Circle::new(p, px(3.0), c.muted.filled())))?;
    // The small size the transposed layer starts from, and the sizes it could mean.
    let band = [(x0 as f64 - 0.5, a.small as f64), (x1 as f64 + 0.5, a.small as f64)];
    chart.draw_series(LineSeries::new(band, c.accent.stroke_width(1)))?;
    let small = tr(match op {
        Op::ConvTranspose => format!("this layer's input: {}", a.small),
        Op::Conv => format!("this layer's output: {}", a.small),
    });
    chart.draw_series(std::iter::once(Text::new(
        small,
        (x0 as f64 - 0.3, a.small as f64 + 0.75),
        font(12.0, &c.accent),
    )))?;
    for candidate in &a.candidates {
        let y = if candidate.inverts { a.small } else { a.small + 1 } as f64;
        let point = (candidate.size as f64, y);
        let style = if candidate.size == a.current { c.accent.filled() } else { c.accent.stroke_width(px(2.0) as u32) };
        chart.draw_series(std::iter::once(Circle::new(point, px(7.0), style)))?;
        // The picking argument, short: `op=9` for output_padding, `adj=1`, or the size itself.
        let Some(pick) = &candidate.pick else { continue };
        let label = match pick.rsplit_once(' ') {
            Some(("output_padding", value)) => format!("op={value}"),
            Some((name, value)) if name.len() <= 8 => format!("{name}={value}"),
            Some((_, value)) => value.to_string(),
            None => pick.clone(),
        };
        chart.draw_series(std::iter::once(Text::new(
            label,
            (candidate.size as f64 - 0.35, y - 0.35),
            font(12.0, &c.ink),
        )))?;
    }
    root.present()?;
    Ok(())
}
