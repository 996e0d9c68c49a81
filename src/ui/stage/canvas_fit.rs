//! Fit the stage's canvas to the room it has and paint the scene into it.
//!
//! The scene is drawn as large as fits: the wrapper's width, and a height that keeps the stage
//! and its controls on one screen (`room`). Text and lines scale with the cells, so a
//! projector gets large digits. The backing store matches the displayed size times the device
//! pixel ratio, never the scene's full size: a large scene shown shrunk would otherwise cost
//! millions of pixels per repaint.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::playback::now_ms;
use crate::conv::app::query::Mode;
use crate::scene::theme::Style;
use crate::scene::Scene;
use crate::ui::paint::paint_scene;
use crate::ui::theme::dark_mode;

/// `1234.567` → `"1234.57"`: milliseconds with two decimals, in integer arithmetic.
fn millis_text(ms: f64) -> String {
    let hundredths = (ms.max(0.0) * 100.0).round() as u64;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// What sits under the canvas and must stay on the same screen: the caption, the hover line and
/// the playback bar, in CSS pixels.
const BELOW_CANVAS: f64 = 130.0;

/// The room the stage has, in CSS pixels: its wrapper's width, and a height. In present and embed
/// modes, where CSS gives the wrapper a height (`html[data-mode]`, page_mode.rs), that height;
/// elsewhere the window's height below the wrapper's top on the unscrolled page, less what sits
/// under the canvas, so the stage and its playback bar open on one screen (at least 40% of the window, so a stage
/// that starts low on a phone is not squeezed flat).
fn room(canvas: &HtmlCanvasElement) -> Option<(f64, f64)> {
    let wrap = canvas.parent_element()?;
    let width = wrap.client_width() as f64;
    let filled = canvas.owner_document()?.document_element()?.has_attribute("data-mode");
    let height = if filled {
        wrap.client_height() as f64
    } else {
        let window = web_sys::window()?;
        let window_height = window.inner_height().ok()?.as_f64()?;
        let top = wrap.get_bounding_client_rect().top() + window.scroll_y().unwrap_or(0.0);
        (window_height - top - BELOW_CANVAS).max(window_height * 0.4)
    };
    (width > 0.0 && height > 0.0).then_some((width, height))
}

/// The displayed width for a scene in a room: as large as both sides allow.
fn fitted_width(scene: &Scene, (width, height): (f64, f64)) -> f64 {
    let (w, h) = (scene.width.max(1.0), scene.height.max(1.0));
    width.min(height * w / h).max(1.0)
}

/// The projector's style in present mode; elsewhere the system's light or dark.
fn style(mode: Option<Mode>) -> &'static Style {
    match mode {
        Some(Mode::Present) => &Style::PRESENT,
        _ if dark_mode() => &Style::DARK,
        _ => &Style::LIGHT,
    }
}

/// Paint `scene` into `canvas` whenever it changes, or the window's size or the page's `mode`
/// does. The room is read before the first paint, on resize and on a change of mode only
/// (reading it forces a layout), into `measured`, which the scene reads too: a room tall for its
/// width stacks the grids. The first measurement is made before anything is painted, so the
/// first frame already has the room's arrangement.
pub fn use_canvas_fit(
    canvas: NodeRef<leptos::html::Canvas>,
    scene: Memo<Scene>,
    mode: Memo<Option<Mode>>,
    measured: RwSignal<Option<(f64, f64)>>,
) {
    let room_now = move || canvas.get_untracked().and_then(|c| room(&c));
    let resize = window_event_listener(leptos::ev::resize, move |_| measured.set(room_now()));
    on_cleanup(move || resize.remove());
    // Entering or leaving a mode gives the stage another room, measured once the page has its
    // new layout (the next frame).
    Effect::new(move |first: Option<()>| {
        mode.track();
        if first.is_some() {
            request_animation_frame(move || measured.set(room_now()));
        }
    });
    Effect::new(move |_| {
        let Some(canvas) = canvas.get() else { return };
        let room = match measured.get() {
            Some(room) => Some(room),
            // Measured now, this effect runs again (it reads `measured`) and paints then.
            None => match room_now() {
                Some(room) => return measured.set(Some(room)),
                // No room yet (the wrapper is not laid out): the scene at its own size.
                None => None,
            },
        };
        let scene = scene.get();
        let painted_style = style(mode.get());
        let canvas: HtmlCanvasElement = canvas;
        let started = now_ms();
        let ratio = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).max(1.0);
        let shown = room.map(|room| fitted_width(&scene, room)).unwrap_or(scene.width);
        let scale = shown / scene.width.max(1.0) * ratio;
        canvas.set_width((scene.width * scale).round() as u32);
        canvas.set_height((scene.height * scale).round() as u32);
        // The displayed size, set through the CSSOM (the CSP forbids style attributes, not this).
        let style = web_sys::HtmlElement::style(&canvas);
        let _ = style.set_property("width", &format!("{}px", shown.floor() as i64));
        let context =
            canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok());
        if let Some(ctx) = context {
            paint_scene(&ctx, &scene, painted_style, scale);
            let done = now_ms();
            let _ = canvas.set_attribute("data-paint-ms", &millis_text(done - started));
            let _ = canvas.set_attribute("data-painted", &(done.round() as i64).to_string());
            // Reachable by Tab: the arrows then walk its cells (cell_words.rs).
            let _ = canvas.set_attribute("tabindex", "0");
        }
    });
}
