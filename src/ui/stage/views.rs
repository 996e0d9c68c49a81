//! The stage's views: transposed scatter from the first module; gather, overlap, matrix and the
//! forward conv from a module of their own, loaded before the first frame that shows one; the
//! scatter steps' captions (after step 0's) from a small module of their own, loaded when a
//! step first needs them.

#[cfg(feature = "split")]
use leptos::prelude::lazy;

use crate::conv::app::query::{AppState, View};
use crate::conv::{Layer, Op};
use crate::scene::{self, ScatterWords, Scene};

/// Builds the stage for any view but transposed scatter: (layer, view, input, kernel, step, numbers,
/// the room's width over its height).
pub type ViewBuilder = fn(&Layer, View, &[i64], &[i64], usize, bool, f64) -> Scene;

/// The other views, as a plain function pointer: once loaded, they draw synchronously.
#[cfg_attr(feature = "split", lazy)]
pub async fn load_views() -> ViewBuilder {
    let build: ViewBuilder = other_view;
    build
}

fn other_view(
    layer: &Layer,
    view: View,
    input: &[i64],
    kernel: &[i64],
    step: usize,
    numbers: bool,
    aspect: f64,
) -> Scene {
    let axes = &layer.axes;
    match (layer.op, view) {
        (Op::Conv, _) => scene::conv_scene(axes, input, kernel, layer.padding_mode, step, numbers, aspect),
        (_, View::Overlap) => scene::overlap_scene(axes),
        (_, View::Gather) => scene::gather_scene(axes, input, kernel, step, numbers, aspect),
        (_, View::Matrix) => scene::matrix_scene(axes, input, kernel, step, numbers),
        _ => scene::scatter_scene(axes, input, kernel, step, numbers),
    }
}

/// The scatter steps' words (the first view shows step 0, whose words need none of this).
#[cfg_attr(feature = "split", lazy)]
pub async fn load_scatter_words() -> ScatterWords {
    let words: ScatterWords = scene::scatter_words;
    words
}

/// Whether the state shows a view the first module does not draw.
pub fn needs_views(state: &AppState) -> bool {
    state.op == Op::Conv || state.view != View::Scatter
}

/// What draws the stage besides the first module's scatter picture, as far as loaded.
#[derive(Clone, Copy, Default)]
pub struct Builders {
    pub views: Option<ViewBuilder>,
    pub words: Option<ScatterWords>,
}

/// The stage for `view` in a room `aspect` wide for its height: scatter from the first module
/// (its steps' words once loaded), the others once loaded.
#[allow(clippy::too_many_arguments)]
pub fn build_scene(
    Builders { views, words }: Builders,
    layer: &Layer,
    view: View,
    input: &[i64],
    kernel: &[i64],
    step: usize,
    numbers: bool,
    aspect: f64,
) -> Scene {
    match (layer.op, view, views) {
        (Op::ConvTranspose, View::Scatter, _) => {
            scene::scatter_scene_worded(&layer.axes, input, kernel, step, numbers, words, aspect)
        }
        (_, _, Some(build)) => build(layer, view, input, kernel, step, numbers, aspect),
        // Every way to another view loads it first (`set_state`), so this shows only for a moment.
        (_, _, None) => {
            Scene { summary: Some("This view is loading…".into()), width: 800.0, height: 80.0, ..Scene::default() }
        }
    }
}

/// Steps of the animation: per input cell when stamping (scatter, matrix), per output cell
/// when gathering (gather, forward conv).
pub fn steps_of(layer: &Layer, view: View) -> usize {
    match (layer.op, view) {
        (Op::Conv, _) => scene::conv_steps(&layer.axes),
        (Op::ConvTranspose, View::Gather) => scene::gather_steps(&layer.axes),
        (Op::ConvTranspose, View::Matrix) => scene::matrix_steps(&layer.axes),
        (Op::ConvTranspose, _) => scene::scatter_steps(&layer.axes),
    }
}
