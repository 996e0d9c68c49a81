//! "edit values" under the stage: a disclosure, and the editor in it (randomise, reset, or type
//! the input and kernel values), a module of its own loaded when the disclosure first opens.

use leptos::prelude::*;

use super::part::PartBuilder;
use super::state::use_lab;
use super::values::{counts, editable, stage_values};
use crate::conv::app::query::{stage_values as parse_values, values_text, MAX_STAGE_VALUES};

/// The editor, from its module (a plain function pointer: the first module holds only the
/// disclosure).
#[cfg_attr(feature = "split", lazy)]
async fn load_values_editor() -> PartBuilder {
    // Its classes are in the panels\' stylesheet (index.html), not the first view\'s.
    super::stylesheet::link_stylesheet("panels-stylesheet").await;
    let build: PartBuilder = values_editor;
    build
}

fn values_editor() -> AnyView {
    view! { <ValuesEditor/> }.into_any()
}

/// "edit values": the disclosure that loads and holds the editor.
#[component]
pub fn ValuesDisclosure() -> impl IntoView {
    let lab = use_lab();
    let editor = RwSignal::new(None::<PartBuilder>);
    let load = move |_| {
        if editor.get_untracked().is_none() {
            leptos::task::spawn_local(async move { editor.set(Some(load_values_editor().await)) });
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

/// Randomise, reset, and the two editable value lists.
#[component]
fn ValuesEditor() -> impl IntoView {
    let lab = use_lab();
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
