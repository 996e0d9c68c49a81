//! What the colours and patterns mean in the current view.

use leptos::prelude::*;

use crate::conv::app::query::View;
use crate::conv::Op;
use crate::ui::state::use_lab;

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
pub fn Legend() -> impl IntoView {
    let lab = use_lab();
    let markup = move || {
        let (op, view) = lab.state.with(|s| (s.op, s.view));
        legend_entries(op, view)
            .iter()
            .map(|(swatch, meaning)| format!("<li><span class=\"swatch {swatch}\"></span>{meaning}</li>"))
            .collect::<String>()
    };
    view! { <ul class="legend" aria-label="Legend" inner_html=markup></ul> }
}
