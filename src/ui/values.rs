//! The stage's numbers: the core's defaults (conv::compute::defaults: inputs 1, 2, 3 … wrapping
//! at 9, a kernel that is not symmetric), or the user's own, typed or randomised. They live in the URL
//! (`xv`, `wv`) so a shared link shows the same sums. The editor sits behind a disclosure and is
//! a module of its own (values_editor.rs): the stage shows the values, and few readers change them.

use crate::conv::app::query::{AppState, MAX_STAGE_VALUES};
use crate::conv::compute::defaults::default_values;
use crate::conv::Layer;
use crate::scene;

/// (input cells, kernel taps) of one channel, or `None` when too large to draw.
pub(super) fn counts(layer: &Layer) -> Option<(usize, usize)> {
    let (sizes, kernel) = (layer.axes.iter().map(|a| a.size_in), layer.axes.iter().map(|a| a.kernel_size));
    (scene::drawable(sizes.clone()) && scene::drawable(kernel.clone()))
        .then(|| (scene::cell_count(sizes) as usize, scene::cell_count(kernel) as usize))
}

/// The values the stage draws for `layer`: the state's own when their counts fit, else the defaults.
/// Problems too large to draw get none (the scene shows a summary instead).
pub fn stage_values(layer: &Layer, state: &AppState) -> (Vec<i64>, Vec<i64>) {
    let Some((cells, taps)) = counts(layer) else { return (Vec::new(), Vec::new()) };
    let (default_input, default_kernel) = default_values(cells, taps);
    let input = if state.input_values.len() == cells { state.input_values.clone() } else { default_input };
    let kernel = if state.kernel_values.len() == taps { state.kernel_values.clone() } else { default_kernel };
    (input, kernel)
}

/// Whether the layer's values are few enough to edit (and to keep in the URL).
pub(super) fn editable(layer: &Layer) -> bool {
    counts(layer).is_some_and(|(cells, taps)| cells.max(taps) <= MAX_STAGE_VALUES)
}
