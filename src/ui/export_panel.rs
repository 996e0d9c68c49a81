//! The export panel, a module of its own loaded when "export · embed" first opens: the current
//! frame as PNG (1×, 2×, 4×) or SVG, the whole animation as a GIF (its speed, once or forever),
//! each under a header that names the grids, their sizes, the framework's call and the step's
//! caption (scene/header.rs), and the embed dialog. The GIF is made a slice at a time with the
//! browser free between slices, a progress bar once it takes more than half a second, and a way
//! to stop it.

#[cfg(feature = "split")]
use leptos::prelude::lazy;
use leptos::prelude::*;

use super::embed_dialog::EmbedDialog;
use super::export_run::{blob, download, next_task, painted, png_blob, repaint, rgba};
use super::part::PartBuilder;
use super::rules::{code_line, Resolved};
use super::stage::playback::{now_ms, speed_index, use_playback, SPEEDS};
use super::stage::shown::{use_shown, Shown};
use super::stage::views::{build_scene, Builders};
use super::state::{use_lab, Lab};
use super::values::stage_values;
use crate::conv::app::query::AppState;
use crate::conv::Layer;
use crate::export::file_name::file_name;
use crate::export::gif::{delay_for_speed, frame_steps, GifEncoder, Looping};
use crate::export::raster::{gif_scale, pixels, png_scale};
use crate::scene::display::{display_list, DisplayList};
use crate::scene::header::{with_header, with_header_at_least, Header};
use crate::scene::svg::svg;
use crate::scene::theme::Style;
use crate::scene::Scene;

#[cfg_attr(feature = "split", lazy)]
pub async fn load_export_panel() -> PartBuilder {
    // Its classes are in the panels\' stylesheet (index.html), not the first view\'s.
    super::stylesheet::link_stylesheet("panels-stylesheet").await;
    let build: PartBuilder = export_panel;
    build
}

fn export_panel() -> AnyView {
    view! { <ExportPanel/> <EmbedDialog/> }.into_any()
}

/// The looks a picture can have (slides are mostly white; a projector wants the bold one).
const LOOKS: [(&str, &Style); 3] = [("light", &Style::LIGHT), ("dark", &Style::DARK), ("projector", &Style::PRESENT)];
/// PNG scales: pixels per scene unit (the stage's 40-unit cells become 40, 80, 160 px).
const SCALES: [(&str, f64); 3] = [("1×", 1.0), ("2×", 2.0), ("4×", 4.0)];
/// The GIF's progress shows once it has run this long (ms).
const SHOW_PROGRESS_AFTER: f64 = 500.0;
/// Work this long (ms) before letting the browser paint and handle input.
const SLICE: f64 = 30.0;

/// What every picture of this layer says in its header, owned.
struct Labels {
    sizes_in: Vec<i64>,
    sizes_out: Vec<i64>,
    view: &'static str,
    steps: usize,
    call: String,
}

impl Labels {
    fn of(lab: Lab, layer: &Layer, state: &AppState, steps: usize) -> Labels {
        Labels {
            sizes_in: layer.axes.iter().map(|a| a.size_in).collect(),
            sizes_out: layer.spatial_out(),
            view: state.view.id(),
            steps,
            call: code_line(lab.loaded.dialects.get_untracked(), state),
        }
    }

    fn header<'a>(&'a self, step: usize, caption: &'a str) -> Header<'a> {
        Header {
            sizes_in: &self.sizes_in,
            sizes_out: &self.sizes_out,
            view: self.view,
            step,
            steps: self.steps,
            call: &self.call,
            caption,
        }
    }
}

/// The layer and state to export: the current ones, only while the framework accepts them.
fn current(lab: Lab) -> Option<(Layer, AppState)> {
    let layer = lab.layer.get_untracked().ok()?;
    Some((layer, lab.state.get_untracked()))
}

/// The current frame under its header, drawn for `pixels_per_unit`; and its download name.
fn current_picture(
    lab: Lab,
    shown: Shown,
    style: &Style,
    pixels_per_unit: f64,
    extension: &str,
) -> Option<(DisplayList, String, String)> {
    let (layer, state) = current(lab)?;
    let (step, steps) = (shown.step.get_untracked(), shown.steps.get_untracked());
    let labels = Labels::of(lab, &layer, &state, steps);
    let scene = shown.scene.get_untracked();
    let header = labels.header(step, &scene.caption);
    let list = with_header(display_list(&scene, style, pixels_per_unit), &header, style);
    // The picture's accessible name (an SVG's <title>), in the page's language as its header is.
    let title = format!("convt-lab: {}", header.title());
    Some((list, file_name(&state, Some(step), extension), title))
}

/// `1234567` → `1.2 MB`, `5120` → `5 KB`.
fn bytes_text(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{}.{} MB", bytes / 1_000_000, bytes % 1_000_000 / 100_000)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

/// A scale as the status line writes it: `4×`, `2.37×`.
fn scale_text(scale: f64) -> String {
    let hundredths = (scale * 100.0).round() as u64;
    if hundredths.is_multiple_of(100) {
        format!("{}×", hundredths / 100)
    } else {
        format!("{}.{:02}×", hundredths / 100, hundredths % 100)
    }
}

async fn export_png(lab: Lab, shown: Shown, style: &'static Style, wanted: f64) -> String {
    let Some((list, name, _)) = current_picture(lab, shown, style, wanted, "png") else {
        return "Nothing to export: the framework rejects these settings.".into();
    };
    let scale = png_scale(list.width, list.height, wanted);
    let Some((canvas, _)) = painted(&list, scale) else { return "The browser could not make a canvas.".into() };
    let Some(file) = png_blob(&canvas).await else { return "The browser could not encode the PNG.".into() };
    download(&file, &name);
    let lowered = if scale < wanted {
        format!(" ({} would pass the browser's canvas limit; saved at {})", scale_text(wanted), scale_text(scale))
    } else {
        String::new()
    };
    format!("Saved {name}: {} × {} px, {}{lowered}.", canvas.width(), canvas.height(), bytes_text(file.size() as usize))
}

fn export_svg(lab: Lab, shown: Shown, style: &'static Style) -> String {
    // Vectors scale: every digit is drawn, however small the cells (as at 8 px per unit).
    let Some((list, name, title)) = current_picture(lab, shown, style, 8.0, "svg") else {
        return "Nothing to export: the framework rejects these settings.".into();
    };
    let text = svg(&list, &title);
    let Some(file) = blob(text.as_bytes(), "image/svg+xml") else {
        return "The browser could not make the file.".into();
    };
    download(&file, &name);
    format!("Saved {name}: {}.", bytes_text(text.len()))
}

/// The GIF's options and what the panel shows while it is made.
#[derive(Clone, Copy)]
struct GifJob {
    style: &'static Style,
    speed: f64,
    looping: Looping,
    /// (frames done, frames) once it has run for half a second.
    progress: RwSignal<Option<(usize, usize)>>,
    cancelled: RwSignal<bool>,
}

async fn export_gif(lab: Lab, shown: Shown, job: GifJob) -> String {
    let Some((layer, state)) = current(lab) else {
        return "Nothing to export: the framework rejects these settings.".into();
    };
    let steps = shown.steps.get_untracked();
    let numbers = shown.numbers.get_untracked();
    // Every frame with its words, whether or not the stage has stepped yet; the grids in a row,
    // as slides are wide, whatever the room the stage has.
    let builders = Builders { views: lab.loaded.views.get_untracked(), words: Some(crate::scene::scatter_words) };
    let (x, w) = stage_values(&layer, &state);
    let scene_at = |step: usize| -> Scene {
        build_scene(builders, &layer, state.view, &x, &w, step, numbers, crate::scene::WIDE).in_language()
    };
    let labels = Labels::of(lab, &layer, &state, steps);
    let chosen = frame_steps(steps);
    let started = now_ms();
    let mut slice_started = started;
    // Yield when a slice has run its time; false when the user stopped the export.
    let mut breathe = |done: usize, total: usize| {
        let now = now_ms();
        let due = now - slice_started > SLICE;
        if due {
            slice_started = now;
            if now - started > SHOW_PROGRESS_AFTER {
                job.progress.set(Some((done, total)));
            }
        }
        due
    };
    let total = chosen.len() * 2;

    // First pass: the tallest header, so the stage sits at the same place in every frame.
    let mut header_height: f64 = 0.0;
    let mut size = (0.0, 0.0);
    for (i, &step) in chosen.iter().enumerate() {
        let scene = scene_at(step);
        let empty = DisplayList { width: scene.width, height: 0.0, background: "", draws: Vec::new() };
        let header = with_header(empty, &labels.header(step, &scene.caption), job.style);
        header_height = header_height.max(header.height);
        size = (header.width, scene.height);
        if breathe(i, total) {
            next_task().await;
            if job.cancelled.get_untracked() {
                return "Stopped.".into();
            }
        }
    }
    let (width, height) = (size.0, size.1 + header_height);
    let scale = gif_scale(width, height);
    let (wide, high) = (pixels(width, scale) as usize, pixels(height, scale) as usize);
    let mut encoder = match GifEncoder::new(wide, high, job.style.theme, delay_for_speed(job.speed), job.looping) {
        Ok(encoder) => encoder,
        Err(why) => return why.to_string(),
    };
    let mut canvas = None;
    for (i, &step) in chosen.iter().enumerate() {
        let scene = scene_at(step);
        let list = display_list(&scene, job.style, scale);
        let list = with_header_at_least(list, &labels.header(step, &scene.caption), job.style, header_height);
        let (surface, context) = match canvas.take() {
            Some((surface, context)) => {
                repaint(&context, &list, scale);
                (surface, context)
            }
            None => match painted(&list, scale) {
                Some(made) => made,
                None => return "The browser could not make a canvas.".into(),
            },
        };
        let Some(pixels) = rgba(&surface, &context) else { return "The browser could not read the frame back.".into() };
        if let Err(why) = encoder.push(&pixels) {
            return why.to_string();
        }
        canvas = Some((surface, context));
        if breathe(chosen.len() + i, total) {
            next_task().await;
            if job.cancelled.get_untracked() {
                return "Stopped.".into();
            }
        }
    }
    let frames = encoder.frames();
    let bytes = match encoder.finish() {
        Ok(bytes) => bytes,
        Err(why) => return why.to_string(),
    };
    let name = file_name(&state, None, "gif");
    let Some(file) = blob(&bytes, "image/gif") else { return "The browser could not make the file.".into() };
    download(&file, &name);
    let plays = if job.looping == Looping::Once { "plays once" } else { "loops" };
    format!("Saved {name}: {wide} × {high} px, {frames} frames, {plays}, {}.", bytes_text(bytes.len()))
}

/// A `<select>` over labelled choices, setting `chosen` to the index picked.
fn choice(label: &'static str, options: Vec<&'static str>, chosen: RwSignal<usize>) -> impl IntoView {
    view! {
        <label class="inline">
            {label}
            " "
            <select
                prop:value=move || chosen.get().to_string()
                on:change=move |ev| chosen.set(event_target_value(&ev).parse().unwrap_or(0))
            >
                {options
                    .into_iter()
                    .enumerate()
                    .map(|(i, text)| view! { <option value=i.to_string()>{text}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
fn ExportPanel() -> impl IntoView {
    let lab = use_lab();
    let shown = use_shown();
    let playback = use_playback();
    let look = RwSignal::new(0usize);
    let scale = RwSignal::new(1usize);
    let speed = RwSignal::new(speed_index(playback.speed.get_untracked()));
    let once = RwSignal::new(0usize);
    let busy = RwSignal::new(false);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let cancelled = RwSignal::new(false);
    let status = RwSignal::new(String::new());
    let invalid = move || !matches!(lab.layer.get(), Resolved::Layer(_));
    let disabled = move || busy.get() || invalid();
    let style = move || LOOKS[look.get_untracked()].1;
    let frames = move || frame_steps(shown.steps.get()).len();
    let run = move |work: std::pin::Pin<Box<dyn std::future::Future<Output = String>>>| {
        busy.set(true);
        status.set(String::new());
        leptos::task::spawn_local(async move {
            let said = work.await;
            progress.set(None);
            cancelled.set(false);
            busy.set(false);
            status.set(said);
        });
    };
    let png = move |_| run(Box::pin(export_png(lab, shown, style(), SCALES[scale.get_untracked()].1)));
    let svg = move |_| {
        status.set(export_svg(lab, shown, style()));
    };
    let gif = move |_| {
        let looping = if once.get_untracked() == 1 { Looping::Once } else { Looping::Forever };
        let job = GifJob { style: style(), speed: SPEEDS[speed.get_untracked()].1, looping, progress, cancelled };
        run(Box::pin(export_gif(lab, shown, job)));
    };
    view! {
        <div class="export-panel">
            <p class="muted small">
                "Every picture carries its labels: the input and output sizes, the view and step, the call, and the step in words."
            </p>
            <div class="export-row">
                {choice("look", LOOKS.iter().map(|l| l.0).collect(), look)}
            </div>
            <div class="export-row">
                <span class="export-what">"this frame"</span>
                {choice("scale", SCALES.iter().map(|s| s.0).collect(), scale)}
                <button class="ghost" data-testid="export-png" disabled=disabled on:click=png>"PNG"</button>
                <button class="ghost" data-testid="export-svg" disabled=disabled on:click=svg>"SVG"</button>
            </div>
            <div class="export-row">
                <span class="export-what">"the animation"</span>
                {choice("speed (steps/s)", SPEEDS.iter().map(|s| s.0).collect(), speed)}
                {choice("plays", vec!["forever", "once"], once)}
                <button class="ghost" data-testid="export-gif" disabled=disabled on:click=gif>
                    {move || format!("GIF ({} frames)", frames())}
                </button>
            </div>
            <div class="export-row" hidden=move || progress.get().is_none()>
                <progress
                    data-testid="export-progress"
                    max=move || progress.get().map(|p| p.1).unwrap_or(1).to_string()
                    value=move || progress.get().map(|p| p.0).unwrap_or(0).to_string()
                ></progress>
                <span class="muted small">"making the GIF…"</span>
                <button class="ghost" on:click=move |_| cancelled.set(true)>"stop"</button>
            </div>
            <p class="export-status small" data-testid="export-status" aria-live="polite">{move || status.get()}</p>
        </div>
    }
}
