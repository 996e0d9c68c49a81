//! "export · embed" under the stage: a disclosure whose contents (PNG, SVG and GIF export, the
//! embed snippet) are a module of their own, loaded when it first opens: the first view carries
//! none of the encoders.

use leptos::prelude::*;

use crate::ui::export_panel::load_export_panel;
use crate::ui::part::PartBuilder;

/// The disclosure that loads and holds the export panel.
#[component]
pub fn ExportBar() -> impl IntoView {
    let panel = RwSignal::new(None::<PartBuilder>);
    let load = move |_| {
        if panel.get_untracked().is_none() {
            leptos::task::spawn_local(async move { panel.set(Some(load_export_panel().await)) });
        }
    };
    view! {
        <details class="export-toggle" data-testid="export" on:toggle=load>
            <summary>"export · embed"</summary>
            {move || panel.get().map(|build| build())}
        </details>
    }
}
