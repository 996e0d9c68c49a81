//! The stage: the canvas, playback (requestAnimationFrame), the keyboard, and hover explanations.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, KeyboardEvent, MouseEvent};

use super::paint::paint_scene;
use super::values::{stage_values, ValuesDisclosure};
use super::{lazy, Lab};
use crate::conv::app::query::{AppState, View};
use crate::conv::compute::views::output_holes;
use crate::conv::geometry::numbers::count_text;
use crate::conv::{Layer, Op};
use crate::scene::theme::Style;
use crate::scene::{self, Place, Scene};

/// Steps of the animation: per input cell when stamping (scatter, matrix), per output cell
/// when gathering (gather, forward conv).
fn steps_of(layer: &Layer, view: View) -> usize {
    match (layer.op, view) {
        (Op::Conv, _) => scene::conv_steps(&layer.axes),
        (Op::ConvTranspose, View::Gather) => scene::gather_steps(&layer.axes),
        (Op::ConvTranspose, View::Matrix) => scene::matrix_steps(&layer.axes),
        (Op::ConvTranspose, _) => scene::scatter_steps(&layer.axes),
    }
}

pub(super) fn dark_mode() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Playback speeds in steps per second, each with its label: the select and the +/− keys move
/// along this list (labels as text, so no float is ever parsed or printed).
const SPEEDS: [(&str, f64); 7] =
    [("0.25", 0.25), ("0.5", 0.5), ("1", 1.0), ("2", 2.0), ("4", 4.0), ("8", 8.0), ("16", 16.0)];

/// The list position of a speed (the nearest at or above it).
fn speed_index(speed: f64) -> usize {
    SPEEDS.iter().position(|&(_, s)| s >= speed).unwrap_or(SPEEDS.len() - 1)
}

/// `1234.567` → `"1234.57"`: milliseconds with two decimals, in integer arithmetic.
fn millis_text(ms: f64) -> String {
    let hundredths = (ms.max(0.0) * 100.0).round() as u64;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// One animation frame: advance when a step's time has passed; stop at the end.
fn frame(lab: Lab, steps: Memo<usize>, last: f64, carry: f64) {
    if !lab.playing.get_untracked() {
        return;
    }
    let now = now_ms();
    let per_step = 1000.0 / lab.speed.get_untracked().max(0.1);
    let mut carry = carry + (now - last);
    while carry >= per_step {
        carry -= per_step;
        let total = steps.get_untracked();
        let step = lab.state.with_untracked(|s| s.step);
        if step >= total {
            lab.playing.set(false);
            return;
        }
        lab.state.update(|s| s.step = step + 1);
    }
    request_animation_frame(move || frame(lab, steps, now, carry));
}

/// The header's word on holes (`None`: too large in every direction to count quickly).
fn holes_text(holes: Option<u128>) -> String {
    match holes {
        Some(0) => "no holes".to_string(),
        Some(1) => "1 hole".to_string(),
        Some(n) => format!("{} holes", count_text(n)),
        None => "holes not counted (too large)".to_string(),
    }
}

/// The stage with its playback bar.
#[component]
pub fn Stage() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let steps = Memo::new(move |_| {
        let view = lab.state.with(|s| s.view);
        lab.shown.with(|l| l.as_ref().map(|l| steps_of(l, view)).unwrap_or(0))
    });
    let step = Memo::new(move |_| lab.state.with(|s| s.step).min(steps.get()));
    let view_kind = Memo::new(move |_| lab.state.with(|s| s.view));
    let scene = Memo::new(move |_| {
        lab.shown.with(|layer| {
            let Some(layer) = layer else {
                return Scene {
                    summary: Some(
                        "Nothing to draw yet: the framework rejects these settings (the message above says why)."
                            .into(),
                    ),
                    width: 800.0,
                    height: 80.0,
                    ..Scene::default()
                };
            };
            if layer.axes.len() > 2 {
                return Scene {
                    summary: Some("3-D layers are not drawn on the stage; the shapes and formulas below apply.".into()),
                    width: 800.0,
                    height: 80.0,
                    ..Scene::default()
                };
            }
            let (x, w) = lab.state.with(|s| stage_values(layer, s));
            lazy::build_scene(lab.views.get(), layer, view_kind.get(), &x, &w, step.get(), lab.numbers.get())
        })
    });

    // Paint whenever the scene changes, or the window's width does. The backing store matches
    // the canvas's displayed size (times the device pixel ratio), never the scene's full size:
    // a large scene shown shrunk would otherwise cost millions of pixels per repaint.
    // The width is read on the first paint and on resize only: reading it forces a layout.
    let width_of = move || {
        canvas_ref
            .get_untracked()
            .and_then(|c| c.parent_element())
            .map(|p| p.client_width() as f64)
            .filter(|w| *w > 0.0)
    };
    let available = RwSignal::new(None::<f64>);
    let resize = window_event_listener(leptos::ev::resize, move |_| available.set(width_of()));
    on_cleanup(move || resize.remove());
    Effect::new(move |_| {
        let scene = scene.get();
        let Some(canvas) = canvas_ref.get() else { return };
        let canvas: HtmlCanvasElement = canvas;
        let started = now_ms();
        let ratio = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).max(1.0);
        let width = available.get().or_else(|| {
            let width = width_of();
            available.update_untracked(|w| *w = width);
            width
        });
        let shown = width.unwrap_or(scene.width).min(scene.width).max(1.0);
        let scale = shown / scene.width.max(1.0) * ratio;
        canvas.set_width((scene.width * scale).round() as u32);
        canvas.set_height((scene.height * scale).round() as u32);
        let _ =
            web_sys::HtmlElement::style(&canvas).set_property("max-width", &format!("{}px", scene.width.ceil() as i64));
        let context =
            canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok());
        if let Some(ctx) = context {
            paint_scene(&ctx, &scene, if dark_mode() { &Style::DARK } else { &Style::LIGHT }, scale);
            let done = now_ms();
            let _ = canvas.set_attribute("data-paint-ms", &millis_text(done - started));
            let _ = canvas.set_attribute("data-painted", &(done.round() as i64).to_string());
        }
    });

    // Playback runs on animation frames while `playing` is set.
    Effect::new(move |_| {
        if lab.playing.get() {
            if lab.state.with_untracked(|s| s.step) >= steps.get_untracked() {
                lab.state.update(|s| s.step = 0);
            }
            let start = now_ms();
            request_animation_frame(move || frame(lab, steps, start, 0.0));
        }
    });

    // Keyboard: space, arrows, Home/End, +/−, outside text fields.
    let handle = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        if typing || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let total = steps.get_untracked();
        let set = |s: usize| lab.state.update(|st| st.step = s.min(total));
        let current = lab.state.with_untracked(|s| s.step).min(total);
        match ev.key().as_str() {
            " " => lab.playing.update(|p| *p = !*p),
            "ArrowRight" => set(current + 1),
            "ArrowLeft" => set(current.saturating_sub(1)),
            "Home" => set(0),
            "End" => set(total),
            "+" | "=" => lab.speed.update(|s| *s = SPEEDS[(speed_index(*s) + 1).min(SPEEDS.len() - 1)].1),
            "-" | "_" => lab.speed.update(|s| *s = SPEEDS[speed_index(*s).saturating_sub(1)].1),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || handle.remove());

    // Hover: what the cell under the pointer means.
    let hover = RwSignal::new(None::<String>);
    // The explanations are a module of their own, loaded on the first pointer move. The cell
    // under the pointer is kept so that, when the module arrives, the text is for where the
    // pointer is then (or for nothing, if it has left the stage), not where it first moved.
    let explainer = RwSignal::new(None::<lazy::Explainer>);
    let pointed = StoredValue::new(None::<Place>);
    let explain_pointed = move |explain: lazy::Explainer| {
        let place = pointed.get_value()?;
        lab.shown.with_untracked(|layer| {
            layer.as_ref().map(|layer| {
                let (input, kernel) = lab.state.with_untracked(|s| stage_values(layer, s));
                explain(&layer.axes, &input, &kernel, layer.padding_mode, step.get_untracked(), place)
            })
        })
    };
    let on_move = move |ev: MouseEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let rect = canvas.get_bounding_client_rect();
        let scene = scene.get_untracked();
        if rect.width() <= 0.0 || scene.width <= 0.0 {
            return;
        }
        let unit = scene.width / rect.width();
        let (x, y) = ((ev.client_x() as f64 - rect.left()) * unit, (ev.client_y() as f64 - rect.top()) * unit);
        pointed.set_value(scene.cell_at(x, y).map(|cell| cell.place));
        match explainer.get_untracked() {
            Some(explain) => hover.set(explain_pointed(explain)),
            None => leptos::task::spawn_local(async move {
                let explain = lazy::load_explainer().await;
                explainer.set(Some(explain));
                hover.set(explain_pointed(explain));
            }),
        }
    };
    let on_leave = move |_| {
        pointed.set_value(None);
        hover.set(None);
    };

    view! {
        <section class="panel stage-panel" aria-label="Stage">
            <StageHeader steps=steps step=step/>
            <div class="stage-wrap">
                <canvas
                    node_ref=canvas_ref
                    data-testid="stage"
                    class="stage"
                    role="img"
                    aria-label=move || {
                        format!("{} view, step {} of {}", view_kind.get().id(), step.get(), steps.get())
                    }
                    on:mousemove=on_move
                    on:mouseleave=on_leave
                ></canvas>
            </div>
            <p class="hover" aria-live="polite">
                {move || hover.get().unwrap_or_else(|| "Hover a cell to see where it comes from or goes to.".to_string())}
            </p>
            <PlaybackBar steps=steps step=step/>
            <ValuesDisclosure/>
            <Legend/>
        </section>
    }
}

/// Output size, holes, and the view switch.
#[component]
fn StageHeader(
    /// Total animation steps.
    #[prop(into)]
    steps: Signal<usize>,
    /// The current step.
    #[prop(into)]
    step: Signal<usize>,
) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let current = Memo::new(move |_| lab.layer.get().ok());
    view! {
        <div class="stage-header">
            {move || {
                current
                    .get()
                    .map(|layer| {
                        let sizes: Vec<String> = layer.spatial_out().iter().map(|s| s.to_string()).collect();
                        let sizes_in: Vec<String> = layer.axes.iter().map(|a| a.size_in.to_string()).collect();
                        let holes = (layer.op == Op::ConvTranspose).then(|| output_holes(&layer.axes));
                        view! {
                            <p class="result">
                                {sizes_in.join("×")}
                                " → "
                                <strong data-testid="output-size" data-size=sizes.join("x")>{sizes.join("×")}</strong>
                                {holes
                                    .map(|holes| {
                                        view! {
                                            <span class="holes" data-testid="holes" data-count=holes.map(count_text)>
                                                {holes_text(holes)}
                                            </span>
                                        }
                                    })}
                            </p>
                        }
                    })
            }}
            <div class="views" role="group" aria-label="View" hidden=move || lab.state.with(|s| s.op == Op::Conv)>
                {[View::Scatter, View::Gather, View::Overlap, View::Matrix]
                    .into_iter()
                    .map(|v| {
                        view! {
                            <button
                                class="tab small"
                                data-view=v.id()
                                aria-pressed=move || (lab.state.with(|s| s.view) == v).to_string()
                                on:click=move |_| {
                                    lazy::set_state(lab, AppState { view: v, ..lab.state.get_untracked() })
                                }
                            >
                                {v.id()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <span class="step" data-testid="step" data-step=move || step.get().to_string() data-steps=move || steps.get().to_string()>
                {move || format!("step {} / {}", step.get(), steps.get())}
            </span>
        </div>
    }
}

/// Play/pause, step, scrub, speed, numbers.
#[component]
fn PlaybackBar(
    /// Total animation steps.
    #[prop(into)]
    steps: Signal<usize>,
    /// The current step.
    #[prop(into)]
    step: Signal<usize>,
) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let set = move |s: usize| lab.state.update(|st| st.step = s.min(steps.get_untracked()));
    view! {
        <div class="playback" role="toolbar" aria-label="Playback">
            <button class="ghost" title="Restart (Home)" on:click=move |_| set(0)>"start"</button>
            <button class="ghost" title="Step back (←)" on:click=move |_| set(step.get_untracked().saturating_sub(1))>"◀"</button>
            <button class="play" title="Play / pause (space)" data-testid="play" on:click=move |_| lab.playing.update(|p| *p = !*p)>
                {move || if lab.playing.get() { "pause" } else { "play" }}
            </button>
            <button class="ghost" title="Step forward (→)" on:click=move |_| set(step.get_untracked() + 1)>"▶"</button>
            <button class="ghost" title="Last step (End)" on:click=move |_| set(steps.get_untracked())>"end"</button>
            <input
                type="range"
                class="scrub"
                aria-label="Step"
                min="0"
                max=move || steps.get().to_string()
                prop:value=move || step.get().to_string()
                on:input=move |ev| set(event_target_value(&ev).parse().unwrap_or(0))
            />
            <label class="inline">
                "speed "
                <select
                    aria-label="Steps per second"
                    prop:value=move || SPEEDS[speed_index(lab.speed.get())].0
                    on:change=move |ev| {
                        let label = event_target_value(&ev);
                        if let Some(&(_, speed)) = SPEEDS.iter().find(|(l, _)| *l == label) {
                            lab.speed.set(speed);
                        }
                    }
                >
                    {SPEEDS
                        .into_iter()
                        .map(|(label, _)| view! { <option value=label>{label} "/s"</option> })
                        .collect_view()}
                </select>
            </label>
            <label class="inline">
                <input type="checkbox" prop:checked=move || lab.numbers.get() on:change=move |ev| lab.numbers.set(event_target_checked(&ev))/>
                " numbers"
            </label>
            <details class="keys">
                <summary>"keys"</summary>
                <dl>
                    <dt>"space"</dt><dd>"play / pause"</dd>
                    <dt>"← →"</dt><dd>"step"</dd>
                    <dt>"Home End"</dt><dd>"first / last step"</dd>
                    <dt>"+ −"</dt><dd>"faster / slower"</dd>
                </dl>
            </details>
        </div>
    }
}

/// What the colours and patterns mean in each view: (swatch class, meaning).
fn legend_entries(op: Op, view: View) -> &'static [(&'static str, &'static str)] {
    match (op, view) {
        (Op::Conv, _) => &[
            ("input-active", "output cell being computed"),
            ("ring", "the input cells its window reads"),
            ("added", "padding"),
        ],
        (_, View::Gather) => &[
            ("input-active", "output cell being computed"),
            ("ring", "the cells its window reads (every dilation-th)"),
            ("zero", "inserted and padding zeros (outline: the zero-inserted input)"),
        ],
        (_, View::Overlap) => &[
            ("heat", "how many kernel taps land on the cell (darker: more)"),
            ("cropped", "cropped by padding"),
            ("hole", "hole (no contribution)"),
        ],
        (_, View::Matrix) => &[
            ("input-active", "the stamping input's kernel taps: row of C, column of Cᵀ"),
            ("kernel", "other kernel taps"),
            ("ring", "the outputs it reaches"),
        ],
        _ => &[
            ("input-active", "stamping input"),
            ("ring", "where its kernel lands"),
            ("cropped", "cropped by padding"),
            ("readded", "given back by output_padding"),
            ("added", "added zeros"),
            ("hole", "hole (no contribution)"),
        ],
    }
}

/// What the colours and patterns mean. The entries are this file's constants, so they go in as
/// markup: one reactive string rather than a view per entry, about 1 KB less gzipped wasm.
#[component]
fn Legend() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let markup = move || {
        let (op, view) = lab.state.with(|s| (s.op, s.view));
        legend_entries(op, view)
            .iter()
            .map(|(swatch, meaning)| format!("<li><span class=\"swatch {swatch}\"></span>{meaning}</li>"))
            .collect::<String>()
    };
    view! { <ul class="legend" aria-label="Legend" inner_html=markup></ul> }
}
