//! The stage's numbers: small integers by default so every sum checks by hand (inputs 1, 2, 3 …
//! wrapping at 9, a kernel of ones), or the user's own, typed or randomised. They live in the URL
//! (`xv`, `wv`) so a shared link shows the same sums. The editor sits behind a disclosure and is
//! a module of its own (lazy.rs): the stage shows the values, and few readers change them.

use leptos::prelude::*;

use super::{lazy, Lab};
use crate::conv::app::query::{stage_values as parse_values, values_text, AppState, MAX_STAGE_VALUES};
use crate::conv::Layer;
use crate::scene;

/// (input cells, kernel taps) of one channel, or `None` when too large to draw.
fn counts(layer: &Layer) -> Option<(usize, usize)> {
    let (sizes, kernel) = (layer.axes.iter().map(|a| a.size_in), layer.axes.iter().map(|a| a.kernel_size));
    (scene::drawable(sizes.clone()) && scene::drawable(kernel.clone()))
        .then(|| (scene::cell_count(sizes) as usize, scene::cell_count(kernel) as usize))
}

/// The values the stage draws for `layer`: the state's own when their counts fit, else the defaults.
/// Problems too large to draw get none (the scene shows a summary instead).
pub fn stage_values(layer: &Layer, state: &AppState) -> (Vec<i64>, Vec<i64>) {
    let Some((cells, taps)) = counts(layer) else { return (Vec::new(), Vec::new()) };
    let input = if state.input_values.len() == cells {
        state.input_values.clone()
    } else {
        (0..cells).map(|i| (i % 9 + 1) as i64).collect()
    };
    let kernel = if state.kernel_values.len() == taps { state.kernel_values.clone() } else { vec![1; taps] };
    (input, kernel)
}

/// Small random integers (inputs 0…9, kernel −2…2) from a generator seeded by the clock:
/// varied enough to break the symmetry of the defaults, small enough to add up by hand.
fn random_values(count: usize, low: i64, high: i64, seed: &mut u64) -> Vec<i64> {
    (0..count)
        .map(|_| {
            *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            low + ((*seed >> 33) % (high - low + 1) as u64) as i64
        })
        .collect()
}

/// Whether the layer's values are few enough to edit (and to keep in the URL).
fn editable(layer: &Layer) -> bool {
    counts(layer).is_some_and(|(cells, taps)| cells.max(taps) <= MAX_STAGE_VALUES)
}

/// "edit values": the disclosure that loads and holds the editor.
#[component]
pub fn ValuesDisclosure() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let editor = RwSignal::new(None::<lazy::PartBuilder>);
    let load = move |_| {
        if editor.get_untracked().is_none() {
            leptos::task::spawn_local(async move { editor.set(Some(lazy::load_values_editor().await)) });
        }
    };
    view! {
        <details
            class="values-toggle"
            data-testid="edit-values"
            hidden=move || !lab.shown.with(|l| l.as_ref().is_some_and(editable))
            on:toggle=load
        >
            <summary>"edit values"</summary>
            {move || editor.get().map(|build| build())}
        </details>
    }
}

/// Randomise, reset, and the two editable value lists.
#[component]
pub fn ValuesEditor() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let sizes = Memo::new(move |_| lab.shown.with(|l| l.as_ref().and_then(counts)));
    let shown = Memo::new(move |_| {
        lab.shown.with(|layer| layer.as_ref().map(|l| lab.state.with(|s| stage_values(l, s))).unwrap_or_default())
    });
    let error = RwSignal::new(None::<String>);
    let randomise = move |_| {
        let Some((cells, taps)) = sizes.get_untracked() else { return };
        let now = web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0);
        let mut seed = now.to_bits() ^ 0x9e37_79b9_7f4a_7c15;
        let input = random_values(cells.min(MAX_STAGE_VALUES), 0, 9, &mut seed);
        let kernel = random_values(taps.min(MAX_STAGE_VALUES), -2, 2, &mut seed);
        error.set(None);
        lab.state.update(|s| {
            s.input_values = input;
            s.kernel_values = kernel;
        });
    };
    let reset = move |_| {
        error.set(None);
        lab.state.update(|s| {
            s.input_values.clear();
            s.kernel_values.clear();
        });
    };
    // Typed values must be integers and exactly as many as the grid has cells.
    let edit = move |text: String, kernel: bool| {
        let Some((cells, taps)) = sizes.get_untracked() else { return };
        let (want, what) = if kernel { (taps, "kernel") } else { (cells, "input") };
        match parse_values(&text) {
            Some(values) if values.len() == want => {
                error.set(None);
                lab.state.update(|s| if kernel { s.kernel_values = values } else { s.input_values = values });
            }
            Some(values) => error.set(Some(format!("the {what} has {want} cells; {} values were given", values.len()))),
            None => error.set(Some(format!("{what} values: whole numbers from -999 to 999, separated by commas"))),
        }
    };
    let as_text = |values: &[i64]| values_text(values);
    view! {
        <div class="values">
            <button class="ghost" data-testid="randomise" on:click=randomise>"randomise"</button>
            <button class="ghost" data-testid="reset-values" on:click=reset>"1, 2, 3 …"</button>
            <label>
                "input "
                <input
                    data-testid="input-values"
                    prop:value=move || shown.with(|(x, _)| as_text(x))
                    on:change=move |ev| edit(event_target_value(&ev), false)
                />
            </label>
            <label>
                "kernel "
                <input
                    data-testid="kernel-values"
                    prop:value=move || shown.with(|(_, w)| as_text(w))
                    on:change=move |ev| edit(event_target_value(&ev), true)
                />
            </label>
            {move || error.get().map(|e| view! { <small class="field-error" role="alert">{e}</small> })}
        </div>
    }
}
