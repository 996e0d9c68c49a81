//! What the stage's cells mean, in the line under the stage (read out politely): for the cell
//! under the pointer, and for the keyboard's cell — Tab to the stage, then the arrow keys walk
//! from cell to cell (across grids too), marked by a ring over the canvas. The arrows stay with
//! the focused stage; everywhere else on the page they step it (keys.rs).
//!
//! A module of its own, loaded by the first pointer move over the stage or the first arrow key on
//! it (hover.rs); it then listens on the canvas itself. Made of DOM calls and closures of kinds the
//! first module already has, so its glue costs the first view nothing.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlElement, KeyboardEvent, MouseEvent};

use crate::scene::{self, Scene};
use crate::ui::state::Lab;
use crate::ui::values::stage_values;

/// The stage as the words need it: its layer, canvas, scene and step, the words line, and
/// where the pointer is (kept by hover.rs while this module loads).
#[derive(Clone, Copy)]
pub struct Stage {
    pub lab: Lab,
    pub canvas: NodeRef<leptos::html::Canvas>,
    pub scene: Memo<Scene>,
    pub step: Memo<usize>,
    pub text: RwSignal<Option<String>>,
    /// The pointer's place in the window (`clientX`, `clientY`), while it is over the stage.
    pub pointer: StoredValue<Option<(i32, i32)>>,
}

/// What asked for the words: a pointer move, or an arrow key on the focused stage.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    Pointer,
    Arrow,
}

/// Start the words for the stage, from their first cue.
pub type Starter = fn(Stage, Cue);

#[cfg_attr(feature = "split", lazy)]
pub async fn load_cell_words() -> Starter {
    let start: Starter = start;
    start
}

/// A point in scene units.
type Point = (f64, f64);

fn centre(cell: &scene::Cell) -> Point {
    (cell.x + cell.size / 2.0, cell.y + cell.size / 2.0)
}

/// The cell an arrow key leads to from `from`: the nearest whose centre lies that way, straight
/// ahead preferred to aside (so a row is walked along, then the next grid is reached).
fn next_cell(scene: &Scene, from: Point, key: &str) -> Option<Point> {
    let (dx, dy) = match key {
        "ArrowRight" => (1.0, 0.0),
        "ArrowLeft" => (-1.0, 0.0),
        "ArrowDown" => (0.0, 1.0),
        "ArrowUp" => (0.0, -1.0),
        _ => return None,
    };
    scene
        .cells
        .iter()
        .map(centre)
        .filter_map(|(x, y)| {
            let (ox, oy) = (x - from.0, y - from.1);
            let ahead = ox * dx + oy * dy;
            let aside = (ox * dy - oy * dx).abs();
            (ahead > 0.5 && aside <= ahead * 3.0).then_some(((x, y), ahead + 3.0 * aside))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(point, _)| point)
}

/// The words for the cell at `point`, for the layer shown at the stage's step.
fn words_at(stage: Stage, point: Point) -> Option<String> {
    let place = stage.scene.with_untracked(|s| s.cell_at(point.0, point.1).map(|c| c.place))?;
    stage.lab.shown.with_untracked(|layer| {
        layer.as_ref().map(|layer| {
            let (input, kernel) = stage.lab.state.with_untracked(|s| stage_values(layer, s));
            scene::explain(&layer.axes, &input, &kernel, layer.padding_mode, stage.step.get_untracked(), place)
        })
    })
}

/// The ring's id (one stage per page).
const RING: &str = "cell-ring";

/// Listeners of the kind leptos_dom's window listeners are, so no new closure kind joins the glue.
type Listener = Box<dyn FnMut(web_sys::Event)>;

fn listen(canvas: &HtmlCanvasElement, event: &str, listener: Listener) {
    let listener = Closure::wrap(listener);
    let _ = canvas.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
    // The stage lives as long as the page, and so do its listeners.
    listener.forget();
}

fn start(stage: Stage, cue: Cue) {
    let Some(canvas) = stage.canvas.get_untracked() else { return };
    let canvas: HtmlCanvasElement = canvas;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let ring = document.create_element("div").ok().and_then(|e| e.dyn_into::<HtmlElement>().ok());
    let (Some(ring), Some(wrap)) = (ring, canvas.parent_element()) else { return };
    let _ = ring.set_attribute("id", RING);
    let _ = ring.set_attribute("aria-hidden", "true");
    let _ = wrap.append_child(&ring);
    // The keyboard's cell, while the stage has the focus.
    let at = StoredValue::new(None::<Point>);
    // Whether the stage has the focus: an arrow key on it says so, as does its focus event later.
    let focused = StoredValue::new(cue == Cue::Arrow);

    // The pointer's cell in scene units, from its place in the window.
    let pointed = {
        let canvas = canvas.clone();
        move |(x, y): (i32, i32)| -> Option<Point> {
            let rect = canvas.get_bounding_client_rect();
            let unit = stage.scene.with_untracked(|s| s.width) / rect.width();
            (rect.width() > 0.0).then(|| ((x as f64 - rect.left()) * unit, (y as f64 - rect.top()) * unit))
        }
    };
    // Ring the keyboard's cell (or the scene's first) and say what it means.
    let show_keyboard = {
        let (canvas, ring) = (canvas.clone(), ring.clone());
        move || {
            let style = ring.style();
            let found = stage.scene.with_untracked(|scene| {
                let point = at.get_value().or_else(|| scene.cells.first().map(centre))?;
                let cell = scene.cell_at(point.0, point.1).or_else(|| scene.cells.first())?;
                Some((cell.x, cell.y, cell.size, scene.width))
            });
            let Some((x, y, size, width)) = found else {
                let _ = style.set_property("display", "none");
                return stage.text.set(None);
            };
            at.set_value(Some((x + size / 2.0, y + size / 2.0)));
            let (shown, room) = (canvas.get_bounding_client_rect(), wrap.get_bounding_client_rect());
            let unit = shown.width() / width.max(1.0);
            let px = |v: f64| format!("{v:.1}px");
            let _ = style.set_property("display", "block");
            // The wrapper scrolls a wide stage: its scrolled-away part is left of its box.
            let _ = style.set_property("left", &px(shown.left() - room.left() + wrap.scroll_left() as f64 + x * unit));
            let _ = style.set_property("top", &px(shown.top() - room.top() + y * unit));
            let _ = style.set_property("width", &px(size * unit));
            let _ = style.set_property("height", &px(size * unit));
            stage.text.set(at.get_value().and_then(|p| words_at(stage, p)));
        }
    };
    let show_pointer = {
        let pointed = pointed.clone();
        move || stage.text.set(stage.pointer.get_value().and_then(&pointed).and_then(|p| words_at(stage, p)))
    };

    // A new scene (another step, view or layer): say it again, for the keyboard's cell.
    {
        let show_keyboard = show_keyboard.clone();
        Effect::new(move |_| {
            stage.scene.track();
            stage.step.track();
            if focused.get_value() {
                show_keyboard();
            }
        });
    }
    {
        let show_pointer = show_pointer.clone();
        listen(
            &canvas,
            "mousemove",
            Box::new(move |ev: web_sys::Event| {
                let ev: MouseEvent = ev.unchecked_into();
                stage.pointer.set_value(Some((ev.client_x(), ev.client_y())));
                show_pointer();
            }),
        );
    }
    listen(&canvas, "mouseleave", Box::new(move |_| stage.text.set(None)));
    {
        let show_keyboard = show_keyboard.clone();
        listen(
            &canvas,
            "keydown",
            Box::new(move |ev: web_sys::Event| {
                let ev: KeyboardEvent = ev.unchecked_into();
                let key = ev.key();
                if !key.starts_with("Arrow") {
                    return;
                }
                // The arrows walk the cells here; elsewhere on the page they step the stage (keys.rs).
                ev.prevent_default();
                ev.stop_propagation();
                focused.set_value(true);
                let next =
                    stage.scene.with_untracked(|scene| at.get_value().and_then(|from| next_cell(scene, from, &key)));
                if next.is_some() {
                    at.set_value(next);
                }
                show_keyboard();
            }),
        );
    }
    {
        let show_keyboard = show_keyboard.clone();
        listen(
            &canvas,
            "focus",
            Box::new(move |_| {
                focused.set_value(true);
                show_keyboard();
            }),
        );
    }
    {
        let ring = ring.clone();
        listen(
            &canvas,
            "blur",
            Box::new(move |_| {
                focused.set_value(false);
                let _ = ring.style().set_property("display", "none");
                stage.text.set(None);
            }),
        );
    }
    match cue {
        Cue::Arrow => show_keyboard(),
        Cue::Pointer => show_pointer(),
    }
}
